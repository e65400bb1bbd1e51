"""Indicators, money and early warnings (issue #14): a repository built with
``agenda measure`` and the other edit commands in real git with backdated commits, and
the exact ``status``, ``show``, ``validate`` and ``list --sum`` output it gives, in
Dutch and English."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest

from netwerkagenda.i18n import format_money, format_number
from netwerkagenda.views.status import JSON_SCHEMA
from tests.helpers import MINIMAL_SETTINGS, GitRepo, cli, make_repo

AGENDA = str(Path(__file__).resolve().parent.parent / ".venv" / "bin" / "agenda")
LEZEN = "data/goals/lezen.yaml"
WERK = "data/goals/werk.toml"

FILES: dict[str, str | bytes | None] = {
    "agenda.toml": MINIMAL_SETTINGS + "\n[status]\nblocked_days = 60\n",
    LEZEN: """\
        # Opgave 1
        title: Lezen
        order: 1
        indicators:
          - id: basiscursus
            title: Volwassenen met een afgeronde basiscursus
            unit: volwassenen
            target: 5000   # eind 2023
          - id: scholen
            title: Scholen met een leesplan
            target: 200
        tags: [lezen]
        """,
    WERK: 'title = "Werk"\norder = 2\n\n[[indicators]]\nid = "deelnemers"\n'
    'title = "Deelnemers"\ntarget = 100\n',
    "data/goals/digitaal.yaml": "title: Digitaal\norder: 3\n",
    "data/groups/kg.yaml": "title: Koersgroep lezen\nkind: koersgroep\nstarted: 2021-09-01\n",
    "data/groups/wg.yaml": "title: Werkgroep jeugd\nkind: werkgroep\nparent: kg\n"
    "started: 2021-09-15\n",
    "data/actions/a-plan.yaml": """\
        title: Cursusaanbod
        goals: [lezen]
        status: planned
        group: kg
        owner: KB
        start: 2021-09-08
        due: 2022-06-01
        budget: {amount: 40000, currency: EUR}
        """,
    "data/actions/a-vast.yaml": """\
        title: Leesmonitor
        goals: [lezen]
        status: active
        group: kg
        owner: VOB
        due: 2022-12-31
        budget: {amount: 12500.5, currency: EUR}
        """,
    "data/actions/a-wacht.yaml": """\
        title: Campagne
        goals: [lezen]
        status: active
        group: wg
        owner: KB
        depends_on: [a-vast]
        budget: {amount: 5000, currency: USD}
        updates:
          - {date: 2021-09-01, text: Ontwerp klaar.}
        """,
    "data/actions/a-na.yaml": "title: Vervolg\ngoals: [werk]\nstatus: planned\n"
    "depends_on: [a-plan]\n",
    "data/actions/a-klaar.yaml": """\
        title: Onderzoek
        goals: [digitaal, werk]
        status: done
        done: 2021-08-01
        group: wg
        budget: {amount: 10000, currency: EUR}
        """,
}

# (commit date, command): the history the repository is built with
EDITS = [
    ("2021-06-30", ["measure", "lezen", "basiscursus", "250", "--date", "2021-06-30"]),
    ("2021-07-01", ["set", "a-vast", "status=blocked"]),
    (
        "2021-07-31",
        [
            "measure",
            "lezen",
            "basiscursus",
            "640",
            "--date",
            "2021-07-31",
            "--note",
            "Monitor juli",
        ],
    ),
    (
        "2021-08-10",
        ["update", "a-vast", "Wacht op de provincies.", "--date", "2021-08-10", "--no-author"],
    ),
    ("2021-08-31", ["measure", "lezen", "basiscursus", "1010", "--date", "2021-08-31"]),
    # an earlier figure, found later: with an explicit --date it goes in date order
    ("2021-09-01", ["measure", "lezen", "basiscursus", "580", "--date", "2021-07-15"]),
    ("2021-09-01", ["measure", "werk", "deelnemers", "30", "--date", "2021-09-01"]),
    # figures may fall
    ("2021-09-10", ["measure", "werk", "deelnemers", "24.5", "--date", "2021-09-10"]),
]


def _edit(root: Path, date: str, args: list[str]) -> None:
    stamp = f"{date}T12:00:00+00:00"
    env = {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    r = cli(*args, "--commit", cwd=root, env=env)
    assert r.exit_code == 0, r.output


@pytest.fixture
def built(tmp_path: Path) -> GitRepo:
    g = GitRepo(tmp_path / "r")
    g.commit("Begin", "2021-06-01", FILES)
    for date, args in EDITS:
        _edit(g.root, date, args)
    return g


def _english(root: Path) -> None:
    p = root / "agenda.toml"
    p.write_text(p.read_text().replace('language = "nl"', 'language = "en"'))


# --------------------------------------------------------------------------- measure


def test_measure_keeps_the_files_as_written_and_the_dates_in_order(built: GitRepo) -> None:
    assert (built.root / LEZEN).read_text() == (
        "# Opgave 1\n"
        "title: Lezen\n"
        "order: 1\n"
        "indicators:\n"
        "  - id: basiscursus\n"
        "    title: Volwassenen met een afgeronde basiscursus\n"
        "    unit: volwassenen\n"
        "    target: 5000   # eind 2023\n"
        "    measurements:\n"
        "      - date: 2021-06-30\n"
        "        value: 250\n"
        "      - date: 2021-07-15\n"
        "        value: 580\n"
        "      - date: 2021-07-31\n"
        "        value: 640\n"
        "        note: Monitor juli\n"
        "      - date: 2021-08-31\n"
        "        value: 1010\n"
        "  - id: scholen\n"
        "    title: Scholen met een leesplan\n"
        "    target: 200\n"
        "tags: [lezen]\n"
    )
    assert (built.root / WERK).read_text() == (
        'title = "Werk"\norder = 2\n\n[[indicators]]\nid = "deelnemers"\n'
        'title = "Deelnemers"\ntarget = 100\n\n'
        "[[indicators.measurements]]\ndate = 2021-09-01\nvalue = 30\n\n"
        "[[indicators.measurements]]\ndate = 2021-09-10\nvalue = 24.5\n"
    )
    log = built.git("log", "--format=%ad %s", "--date=short").splitlines()
    assert log[:3] == [
        "2021-09-10 agenda: measure werk deelnemers: 24.5 on 2021-09-10, target 100, was 30",
        "2021-09-01 agenda: measure werk deelnemers: 30 on 2021-09-01, target 100",
        "2021-09-01 agenda: measure lezen basiscursus: 580 on 2021-07-15, target 5000, was 250",
    ]
    assert built.git("status", "--porcelain") == ""
    assert cli("validate", "--strict", "--today", "2021-09-01", cwd=built.root).exit_code == 1


def test_measure_in_a_comment_rich_toml_between_tables(tmp_path: Path) -> None:
    goal = (
        "# Opgave 2\n"
        'title = "Werk"  # kort\n\n'
        "[[indicators]]\n"
        'id = "a"\n'
        'title = "A"\n\n'
        "[[indicators.measurements]]\n"
        "date = 2021-01-01  # eerste\n"
        "value = 1\n\n"
        "# tweede indicator\n"
        "[[indicators]]\n"
        'id = "b"\n'
        'title = "B"\n\n'
        "[[links]]\n"
        'title = "x"\n'
        'url = "https://example.org"\n'
    )
    root = make_repo(tmp_path / "t", {"data/goals/lezen.toml": goal, "data/goals/lezen.yaml": None})
    for args in (["a", "3", "--date", "2021-03-01"], ["a", "2", "--date", "2021-02-01"]):
        assert cli("measure", "lezen", *args, cwd=root).exit_code == 0
    r = cli("measure", "lezen", "b", "7", "--date", "2021-03-01", "--note", "schatting", cwd=root)
    assert r.exit_code == 0, r.output
    assert r.stdout == "updated data/goals/lezen.toml\n"
    assert (root / "data/goals/lezen.toml").read_text() == (
        "# Opgave 2\n"
        'title = "Werk"  # kort\n\n'
        "[[indicators]]\n"
        'id = "a"\n'
        'title = "A"\n\n'
        "[[indicators.measurements]]\n"
        "date = 2021-01-01  # eerste\n"
        "value = 1\n\n"
        "[[indicators.measurements]]\n"
        "date = 2021-02-01\n"
        "value = 2\n\n"
        "[[indicators.measurements]]\n"
        "date = 2021-03-01\n"
        "value = 3\n\n"
        "# tweede indicator\n"
        "[[indicators]]\n"
        'id = "b"\n'
        'title = "B"\n\n'
        "[[indicators.measurements]]\n"
        "date = 2021-03-01\n"
        "value = 7\n"
        'note = "schatting"\n\n'
        "[[links]]\n"
        'title = "x"\n'
        'url = "https://example.org"\n'
    )
    assert cli("validate", cwd=root).exit_code == 0


def test_measure_into_flow_style_yaml_keeps_the_style(tmp_path: Path) -> None:
    goal = (
        "title: Lezen\n"
        "indicators:\n"
        "  - id: a\n"
        "    title: A\n"
        "    measurements:\n"
        "      - {date: 2021-01-01, value: 1}  # begin\n"
        "# einde\n"
    )
    root = make_repo(tmp_path / "f", {LEZEN: goal})
    for day, value in (("2021-03-01", "3"), ("2020-12-01", "0")):
        assert cli("measure", "lezen", "a", value, "--date", day, cwd=root).exit_code == 0
    assert (root / LEZEN).read_text() == (
        "title: Lezen\n"
        "indicators:\n"
        "  - id: a\n"
        "    title: A\n"
        "    measurements:\n"
        "      - {date: 2020-12-01, value: 0}\n"
        "      - {date: 2021-01-01, value: 1}  # begin\n"
        "      - {date: 2021-03-01, value: 3}\n"
        "# einde\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["lezen", "basiscurus", "1"],
            "error: goal 'lezen' has no indicator 'basiscurus'\n"
            "hint: did you mean 'basiscursus'?\n",
        ),
        (["lezn", "basiscursus", "1"], "error: no record with id 'lezn'\nhint: did you mean"),
        (
            ["a-plan", "x", "1"],
            "error: 'a-plan' is an action; measurements go on a goal's indicators\n",
        ),
        (["digitaal", "x", "1"], "error: goal 'digitaal' has no indicators\n"),
        (
            ["lezen", "basiscursus", "1,010"],
            "error: VALUE: '1,010' is not a number\nhint: write it without thousands",
        ),
        (["lezen", "basiscursus", "nan"], "error: VALUE: 'nan' is not a number\n"),
        (
            ["lezen", "basiscursus", "5", "--date", "2021-08-31"],
            "error: basiscursus already has a measurement dated 2021-08-31 (value 1010)\n",
        ),
        (["lezen", "basiscursus", "5", "--date", "31-08-2021"], "error: --date: '31-08-2021'"),
    ],
)
def test_measure_refusals_change_no_byte(built: GitRepo, args: list[str], message: str) -> None:
    before = {p: p.read_bytes() for p in (built.root / "data").rglob("*") if p.is_file()}
    r = cli("measure", *args, cwd=built.root)
    assert r.exit_code == 2, r.output
    assert r.stderr.startswith(message)
    assert "Traceback" not in r.output
    after = {p: p.read_bytes() for p in (built.root / "data").rglob("*") if p.is_file()}
    assert after == before


def test_a_date_before_the_last_needs_an_explicit_date(tmp_path: Path) -> None:
    goal = "title: Lezen\nindicators:\n  - id: a\n    title: A\n"
    root = make_repo(tmp_path / "d", {LEZEN: goal})
    assert cli("measure", "lezen", "a", "5", "--date", "2999-01-01", cwd=root).exit_code == 0
    before = (root / LEZEN).read_bytes()
    r = cli("measure", "lezen", "a", "6", cwd=root)  # today by the clock: before 2999
    assert r.exit_code == 2
    assert r.stderr.splitlines()[1] == (
        "hint: give --date to add an earlier measurement; it is put in date order"
    )
    assert "is before the last measurement of a (2999-01-01)" in r.stderr
    assert (root / LEZEN).read_bytes() == before


def test_measure_dry_run_prints_the_diff_and_writes_nothing(built: GitRepo) -> None:
    before = (built.root / WERK).read_bytes()
    r = cli("measure", "werk", "deelnemers", "41", "--date", "2021-09-15", "-n", cwd=built.root)
    assert r.exit_code == 0, r.output
    assert r.stdout == (
        f"--- a/{WERK}\n+++ b/{WERK}\n@@ -13,3 +13,7 @@\n"
        " [[indicators.measurements]]\n date = 2021-09-10\n value = 24.5\n"
        "+\n+[[indicators.measurements]]\n+date = 2021-09-15\n+value = 41\n"
    )
    assert (built.root / WERK).read_bytes() == before


def test_measure_that_would_add_an_error_is_refused_byte_for_byte(tmp_path: Path) -> None:
    goal = "title: Lezen  # kort\nindicators:\n  - id: a\n    title: A\n"
    settings = MINIMAL_SETTINGS + f"\n[validate]\nmax_file_size = {len(goal) + 20}\n"
    root = make_repo(tmp_path / "e", {LEZEN: goal}, settings=settings)
    r = cli("measure", "lezen", "a", "1", "--date", "2021-09-01", cwd=root)
    assert r.exit_code == 1, r.output
    assert r.stderr.endswith(
        "error: measure lezen a: 1 on 2021-09-01: refused, it would add 1 error; "
        "nothing was written\n"
    )
    assert (root / LEZEN).read_text() == goal


def test_sixteen_concurrent_measures_lose_nothing(tmp_path: Path) -> None:
    goal = "title: Lezen\nindicators:\n  - id: a\n    title: A\n    target: 100\n"
    root = make_repo(tmp_path / "c", {LEZEN: goal})
    days = [f"2021-03-{d:02d}" for d in (9, 3, 14, 1, 12, 5, 16, 2, 11, 7, 15, 4, 10, 6, 13, 8)]
    procs = [
        subprocess.Popen(
            [AGENDA, "measure", "lezen", "a", str(i), "--date", day],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for i, day in enumerate(days)
    ]
    for p in procs:
        _out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
        assert b"Traceback" not in err
    text = (root / LEZEN).read_text()
    found = [line.split(": ")[1] for line in text.splitlines() if "- date: " in line]
    assert found == sorted(days)
    assert text.count("value: ") == 16
    assert cli("validate", cwd=root).exit_code == 0
    assert not [p.name for p in (root / "data/goals").iterdir() if p.name.startswith(".")]


# --------------------------------------------------------------------------- the views


STATUS_TEXT_NL = (
    "Testprogramma\n"
    "Looptijd: 1 januari 2021 – 31 december 2023\n"
    "Stand van: 20 september 2021\n"
    "10 records: 3 doelen, 2 groepen, 5 acties\n"
    "Budget: € 62.500,50 · USD 5.000 (valuta's niet opgeteld)\n"
    "\n"
    "1. Lezen ───────────────────────────────────────────────────────────────────────\n"
    "Indicator                              Stand    Doel   Bereikt           Verloop\n"
    "────────────────────────────────────────────────────────────────────────────────\n"
    "Volwassenen met een afgeronde          1.010   5.000   ██░░░░░░░░  20%   ▁▄▅█\n"
    "basiscursus\n"
    "Scholen met een leesplan                   –     200   –\n"
    "░░░░░░░░░░░░░░░░░░░░░░░░  0 van 3 afgerond (0%)\n"
    "gepland 1 · in uitvoering 1 · geblokkeerd 1\n"
    "Budget: € 52.500,50 · USD 5.000 (valuta's niet opgeteld)\n"
    "Niet gestart     Cursusaanbod (had 12 dagen geleden moeten starten)\n"
    "Lang geblokkeerd Leesmonitor (sinds 1 juli 2021, 81 dagen)\n"
    "Wacht op         Campagne (op Leesmonitor: geblokkeerd)\n"
    "\n"
    "2. Werk ────────────────────────────────────────────────────────────────────────\n"
    "Indicator          Stand   Doel   Bereikt           Verloop\n"
    "───────────────────────────────────────────────────────────\n"
    "Deelnemers          24,5    100   ██░░░░░░░░  25%   █▁\n"
    "████████████░░░░░░░░░░░░  1 van 2 afgerond (50%)\n"
    "gepland 1 · afgerond 1\n"
    "Budget: € 10.000\n"
    "Wacht op Vervolg (op Cursusaanbod: te laat)\n"
    "\n"
    "3. Digitaal ────────────────────────────────────────────────────────────────────\n"
    "████████████████████████  1 van 1 afgerond (100%)\n"
    "afgerond 1\n"
    "Budget: € 10.000\n"
    "Geen geplande of lopende actie meer.\n"
    "\n"
    "Sturing ────────────────────────────────────────────────────────────────────────\n"
    "Groep                Gestart      Acties   Budget\n"
    "───────────────────────────────────────────────────────────────\n"
    "Koersgroep lezen     2021-09-01   2        € 52.500,50\n"
    "└─ Werkgroep jeugd   2021-09-15   2        € 10.000 · USD 5.000\n"
)


STATUS_MARKDOWN_NL = (
    "# Testprogramma\n"
    "\n"
    "Looptijd: 1 januari 2021 – 31 december 2023  \n"
    "Stand van: 20 september 2021  \n"
    "10 records: 3 doelen, 2 groepen, 5 acties  \n"
    "Budget: € 62.500,50 · USD 5.000 (valuta's niet opgeteld)\n"
    "\n"
    "## 1. Lezen\n"
    "\n"
    "| Indicator                                 |   Stand |   Doel |   Bereikt | Verloop   |\n"
    "|-------------------------------------------|---------|--------|-----------|-----------|\n"
    "| Volwassenen met een afgeronde basiscursus |   1.010 |  5.000 |       20% | ▁▄▅█      |\n"
    "| Scholen met een leesplan                  |       – |    200 |         – |           |\n"
    "\n"
    "**0 van 3 afgerond (0%)**\n"
    "\n"
    "gepland 1 · in uitvoering 1 · geblokkeerd 1\n"
    "\n"
    "Budget: € 52.500,50 · USD 5.000 (valuta's niet opgeteld)\n"
    "\n"
    "Niet gestart:\n"
    "\n"
    "- Cursusaanbod (had 12 dagen geleden moeten starten)\n"
    "\n"
    "Lang geblokkeerd:\n"
    "\n"
    "- Leesmonitor (sinds 1 juli 2021, 81 dagen)\n"
    "\n"
    "Wacht op:\n"
    "\n"
    "- Campagne (op Leesmonitor: geblokkeerd)\n"
    "\n"
    "## 2. Werk\n"
    "\n"
    "| Indicator   |   Stand |   Doel |   Bereikt | Verloop   |\n"
    "|-------------|---------|--------|-----------|-----------|\n"
    "| Deelnemers  |    24,5 |    100 |       25% | █▁        |\n"
    "\n"
    "**1 van 2 afgerond (50%)**\n"
    "\n"
    "gepland 1 · afgerond 1\n"
    "\n"
    "Budget: € 10.000\n"
    "\n"
    "Wacht op:\n"
    "\n"
    "- Vervolg (op Cursusaanbod: te laat)\n"
    "\n"
    "## 3. Digitaal\n"
    "\n"
    "**1 van 1 afgerond (100%)**\n"
    "\n"
    "afgerond 1\n"
    "\n"
    "Budget: € 10.000\n"
    "\n"
    "Geen geplande of lopende actie meer.\n"
    "\n"
    "## Sturing\n"
    "\n"
    "| Groep              | Gestart    | Acties   | Budget               |\n"
    "|--------------------|------------|----------|----------------------|\n"
    "| Koersgroep lezen   | 2021-09-01 | 2        | € 52.500,50          |\n"
    "| └─ Werkgroep jeugd | 2021-09-15 | 2        | € 10.000 · USD 5.000 |\n"
)


STATUS_PLAIN_EN = (
    "Testprogramma\n"
    "Period: 1 January 2021 – 31 December 2023\n"
    "As of: 20 September 2021\n"
    "10 records: 3 goals, 2 groups, 5 actions\n"
    "Budget: €62,500.50 · USD 5,000 (currencies not added up)\n"
    "\n"
    "1. Lezen\n"
    "========\n"
    "\n"
    "Indicator                        Latest    Target  Reached          Trend\n"
    "-----------------------------  --------  --------  ---------------  -------\n"
    "Volwassenen met een afgeronde     1,010     5,000  ##........  20%  ▁▄▅█\n"
    "basiscursus\n"
    "Scholen met een leesplan              –       200  –\n"
    "[........................] 0 of 3 done (0%)\n"
    "planned 1 · in progress 1 · blocked 1\n"
    "Budget: €52,500.50 · USD 5,000 (currencies not added up)\n"
    "Not started: Cursusaanbod (should have started 12 days ago)\n"
    "Blocked long: Leesmonitor (since 1 July 2021, 81 days)\n"
    "Waiting: Campagne (on Leesmonitor: blocked)\n"
    "\n"
    "2. Werk\n"
    "=======\n"
    "\n"
    "Indicator      Latest    Target  Reached          Trend\n"
    "-----------  --------  --------  ---------------  -------\n"
    "Deelnemers       24.5       100  ##........  25%  █▁\n"
    "[############............] 1 of 2 done (50%)\n"
    "planned 1 · done 1\n"
    "Budget: €10,000\n"
    "Waiting: Vervolg (on Cursusaanbod: late)\n"
    "\n"
    "3. Digitaal\n"
    "===========\n"
    "[########################] 1 of 1 done (100%)\n"
    "done 1\n"
    "Budget: €10,000\n"
    "No planned or active action left.\n"
    "\n"
    "Steering\n"
    "========\n"
    "\n"
    "Group               Started     Actions    Budget\n"
    "------------------  ----------  ---------  -------------------\n"
    "Koersgroep lezen    2021-09-01  2          €52,500.50\n"
    "└─ Werkgroep jeugd  2021-09-15  2          €10,000 · USD 5,000\n"
)


STEERING_OWNER_EN = (
    "Testprogramma\n"
    "Period: 1 January 2021 – 31 December 2023\n"
    "As of: 20 September 2021\n"
    "10 records: 3 goals, 2 groups, 5 actions\n"
    "Filter: --owner VOB\n"
    "Budget: €12,500.50\n"
    "\n"
    "1. Lezen\n"
    "========\n"
    "\n"
    "Indicator                        Latest    Target  Reached          Trend\n"
    "-----------------------------  --------  --------  ---------------  -------\n"
    "Volwassenen met een afgeronde     1,010     5,000  ##........  20%  ▁▄▅█\n"
    "basiscursus\n"
    "Scholen met een leesplan              –       200  –\n"
    "[........................] 0 of 1 done (0%)\n"
    "blocked 1\n"
    "Budget: €12,500.50\n"
    "Blocked long: Leesmonitor (since 1 July 2021, 81 days)\n"
    "\n"
    "Steering\n"
    "========\n"
    "\n"
    "Group             Started     Actions    Budget\n"
    "----------------  ----------  ---------  ----------\n"
    "Koersgroep lezen  2021-09-01  1          €12,500.50\n"
)


LIST_PLAIN_EN = (
    "id       status    budget.amount    budget.currency\n"
    "-------  --------  ---------------  -----------------\n"
    "a-klaar  done      10000            EUR\n"
    "a-na     planned\n"
    "a-plan   planned   40000            EUR\n"
    "a-vast   blocked   12500.5          EUR\n"
    "a-wacht  active    5000             USD\n"
    "Sum of budget.amount: €62,500.50 (3 actions) · USD 5,000 (1 action) — currencies not added up\n"
)


LIST_MARKDOWN_EN = (
    "| id      | budget.amount   |\n"
    "|---------|-----------------|\n"
    "| a-plan  | 40000           |\n"
    "| a-vast  | 12500.5         |\n"
    "| a-klaar | 10000           |\n"
    "| a-wacht | 5000            |\n"
    "| a-na    |                 |\n"
    "\n"
    "Sum of budget.amount: €62,500.50 (3 actions) · USD 5,000 (1 action) — currencies not added up\n"
)


def test_status_text_at_80_columns_in_dutch(built: GitRepo) -> None:
    r = cli("status", cwd=built.root, env={"COLUMNS": "80"})
    assert r.exit_code == 0, r.output
    assert r.stdout == STATUS_TEXT_NL
    assert max(len(line) for line in r.stdout.splitlines()) <= 80


def test_status_markdown_in_dutch(built: GitRepo) -> None:
    r = cli("status", "-f", "markdown", cwd=built.root)
    assert r.exit_code == 0, r.output
    assert r.stdout == STATUS_MARKDOWN_NL


def test_status_plain_in_english(built: GitRepo) -> None:
    _english(built.root)
    r = cli("status", "-f", "plain", cwd=built.root)
    assert r.exit_code == 0, r.output
    assert r.stdout == STATUS_PLAIN_EN


def test_status_json_carries_the_numbers(built: GitRepo) -> None:
    r = cli("status", "-f", "json", cwd=built.root)
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    jsonschema.validate(doc, JSON_SCHEMA)
    assert doc["settings"] == {"soon_days": 30, "stale_days": 60, "blocked_days": 60}
    assert doc["budget"] == [
        {"currency": "EUR", "amount": 62500.5},
        {"currency": "USD", "amount": 5000},
    ]
    lezen, werk, digitaal = doc["goals"]
    assert lezen["indicators"][0] == {
        "id": "basiscursus",
        "title": "Volwassenen met een afgeronde basiscursus",
        "unit": "volwassenen",
        "target": 5000,
        "latest": {"date": "2021-08-31", "value": 1010, "note": None},
        "previous": {"date": "2021-07-31", "value": 640, "note": "Monitor juli"},
        "percent": 20,
        "sparkline": "▁▄▅█",
        "measurements": [
            {"date": "2021-06-30", "value": 250, "note": None},
            {"date": "2021-07-15", "value": 580, "note": None},
            {"date": "2021-07-31", "value": 640, "note": "Monitor juli"},
            {"date": "2021-08-31", "value": 1010, "note": None},
        ],
    }
    assert lezen["indicators"][1]["latest"] is None and lezen["indicators"][1]["percent"] is None
    assert werk["indicators"][0]["latest"]["value"] == 24.5
    assert (lezen["late_start"], lezen["blocked_long"], lezen["blocked"], lezen["waiting"]) == (
        ["a-plan"],
        ["a-vast"],
        [],
        ["a-wacht"],
    )
    assert werk["waiting"] == ["a-na"]
    assert [g["no_open_action"] for g in (lezen, werk, digitaal)] == [False, False, True]
    assert lezen["budget"] == [
        {"currency": "EUR", "amount": 52500.5},
        {"currency": "USD", "amount": 5000},
    ]
    actions = {a["id"]: a for g in doc["goals"] for a in g["actions"]}
    assert actions["a-plan"]["late_start_days"] == 12
    assert (actions["a-vast"]["blocked_since"], actions["a-vast"]["blocked_days"]) == (
        "2021-07-01",  # from git: the commit that set it, not the update of 10 August
        81,
    )
    assert actions["a-wacht"]["waiting_on"] == [{"id": "a-vast", "reason": "blocked"}]
    assert actions["a-na"]["waiting_on"] == [{"id": "a-plan", "reason": "late"}]
    assert actions["a-wacht"]["budget"] == {"amount": 5000, "currency": "USD"}
    assert [(g["id"], g["depth"], g["budget"]) for g in doc["groups"]] == [
        ("kg", 0, [{"currency": "EUR", "amount": 52500.5}]),
        ("wg", 1, [{"currency": "EUR", "amount": 10000}, {"currency": "USD", "amount": 5000}]),
    ]
    # as it was before the measurement of 31 August: the trend stops there
    r = cli("status", "-f", "json", "--as-of", "2021-08-30", cwd=built.root)
    then = json.loads(r.stdout)["goals"][0]["indicators"][0]
    assert (then["latest"]["value"], then["sparkline"], then["percent"]) == (640, "▁█", 13)


def test_show_lists_the_measurements_as_a_table(built: GitRepo) -> None:
    r = cli("show", "lezen", cwd=built.root)
    assert r.exit_code == 0, r.output
    assert (
        "\nIndicatoren\n"
        "  basiscursus  Volwassenen met een afgeronde basiscursus (doel 5.000 volwassenen)\n"
        "    Datum       Waarde  Verschil  Bereikt  Toelichting\n"
        "    2021-06-30     250                 5%\n"
        "    2021-07-15     580      +330      12%\n"
        "    2021-07-31     640       +60      13%  Monitor juli\n"
        "    2021-08-31   1.010      +370      20%\n"
        "  scholen  Scholen met een leesplan (doel 200)\n"
        "    nog geen metingen\n"
    ) in r.stdout
    assert "indicators  " not in r.stdout  # not again as a field
    _english(built.root)
    r = cli("show", "werk", cwd=built.root)
    assert (
        "\nIndicators\n"
        "  deelnemers  Deelnemers (target 100)\n"
        "    Date        Value  Change  Reached  Note\n"
        "    2021-09-01     30              30%\n"
        "    2021-09-10   24.5    −5.5      25%\n"
    ) in r.stdout


def test_validate_reports_each_early_warning(built: GitRepo) -> None:
    r = cli("validate", "--format", "json", cwd=built.root)
    assert r.exit_code == 0, r.output
    found = [
        (f["code"], f["file"], f["line"], f["message"]) for f in json.loads(r.stdout)["findings"]
    ]
    assert found == [
        (
            "waiting-on-dependency",
            "data/actions/a-na.yaml",
            4,
            "action is planned and waits on 'a-plan', which is late",
        ),
        (
            "late-start",
            "data/actions/a-plan.yaml",
            6,
            "planned to start 2021-09-08: should have started 12 days ago",
        ),
        (
            "blocked-too-long",
            "data/actions/a-vast.yaml",
            3,
            "blocked since 2021-07-01 (81 days, more than 60)",
        ),
        (
            "waiting-on-dependency",
            "data/actions/a-wacht.yaml",
            6,
            "action is active and waits on 'a-vast', which is blocked",
        ),
        (
            "goal-without-action",
            "data/goals/digitaal.yaml",
            1,
            "no planned or active action serves this goal",
        ),
    ]
    assert cli("validate", "--strict", cwd=built.root).exit_code == 1


def test_blocked_since_without_git_comes_from_the_last_update(
    built: GitRepo, tmp_path: Path
) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(built.root, copy, ignore=shutil.ignore_patterns(".git"))
    doc = json.loads(cli("status", "-f", "json", cwd=copy).stdout)
    vast = next(a for a in doc["goals"][0]["actions"] if a["id"] == "a-vast")
    assert (vast["blocked_since"], vast["blocked_days"]) == ("2021-08-10", 41)
    assert doc["goals"][0]["blocked_long"] == [] and doc["goals"][0]["blocked"] == ["a-vast"]
    settings = copy / "agenda.toml"
    settings.write_text(settings.read_text().replace("blocked_days = 60", "blocked_days = 40"))
    r = cli("validate", "--format", "json", cwd=copy)
    codes = [
        f["message"] for f in json.loads(r.stdout)["findings"] if "blocked since" in f["message"]
    ]
    assert codes == ["blocked since 2021-08-10 (41 days, more than 40)"]
    # and in git, a blocked status not yet committed has no commit to count from
    (built.root / "data/actions/a-plan.yaml").write_text(
        (built.root / "data/actions/a-plan.yaml").read_text().replace("planned", "blocked")
    )
    doc = json.loads(cli("status", "-f", "json", cwd=built.root).stdout)
    plan = next(a for a in doc["goals"][0]["actions"] if a["id"] == "a-plan")
    assert (plan["status"], plan["blocked_since"]) == ("blocked", None)


def test_owner_and_group_filter_the_steering_part(built: GitRepo) -> None:
    _english(built.root)
    r = cli("status", "-f", "plain", "--owner", "VOB", cwd=built.root)
    assert r.exit_code == 0, r.output
    assert r.stdout == STEERING_OWNER_EN
    r = cli("status", "-f", "plain", "--group", "wg", cwd=built.root)
    assert r.stdout.endswith(
        "Group            Started     Actions    Budget\n"
        "---------------  ----------  ---------  -------------------\n"
        "Werkgroep jeugd  2021-09-15  2          €10,000 · USD 5,000\n"
    )
    # a subgroup's action with the owner keeps the tree above it
    r = cli("status", "-f", "plain", "--owner", "KB", cwd=built.root)
    assert r.stdout.endswith(
        "Koersgroep lezen    2021-09-01  1          €40,000\n"
        "└─ Werkgroep jeugd  2021-09-15  1          USD 5,000\n"
    )


def test_list_sums_a_field_in_every_format(built: GitRepo) -> None:
    _english(built.root)
    fields = ["--fields", "id,status,budget.amount,budget.currency"]
    r = cli("list", "actions", "--sum", "budget.amount", *fields, "-f", "plain", cwd=built.root)
    assert r.exit_code == 0, r.output
    assert r.stdout == LIST_PLAIN_EN
    args = ["list", "actions", "--sum", "budget.amount", "--fields", "id,budget.amount"]
    r = cli(*args, "-f", "markdown", "--sort", "-budget.amount", cwd=built.root)
    assert r.stdout == LIST_MARKDOWN_EN
    r = cli(*args, "-f", "csv", "--where", "status=active", cwd=built.root)
    assert r.stdout == "id,budget.amount\na-wacht,5000\nsum budget.amount,USD,5000,1\n"
    r = cli(*args, "-f", "json", "--where", "owner=KB", cwd=built.root)
    assert json.loads(r.stdout)["sum"] == {
        "field": "budget.amount",
        "totals": [
            {"currency": "EUR", "total": 40000, "count": 1},
            {"currency": "USD", "total": 5000, "count": 1},
        ],
    }
    r = cli("list", "actions", "--sum", "budget.amount", "--where", "status=active", cwd=built.root)
    assert r.stdout.endswith("\nSum of budget.amount: USD 5,000 (1 action)\n")
    r = cli("list", "goals", "--sum", "indicators.target", "-f", "plain", cwd=built.root)
    assert r.stdout.endswith("\nSum of indicators.target: 5,300 (2 goals)\n")
    r = cli("list", "actions", "--sum", "title", cwd=built.root)
    assert r.exit_code == 2
    assert r.stderr == ("error: --sum: 'title' is not a number\nhint: progress, budget.amount\n")


def test_numbers_and_money_in_dutch_and_english() -> None:
    assert (format_number(1010, "nl"), format_number(1010, "en")) == ("1.010", "1,010")
    assert (format_number(12.5, "nl"), format_number(-4.25, "en")) == ("12,5", "-4.25")
    assert format_money(40000, "EUR", "nl") == "€ 40.000"
    assert format_money(40000, "EUR", "en") == "€40,000"
    assert format_money(1234.5, "usd", "nl") == "USD 1.234,50"


def test_blocked_since_is_the_last_time_it_was_blocked_across_a_rename(tmp_path: Path) -> None:
    g = GitRepo(tmp_path / "g")
    g.commit("Begin", "2021-01-04", make_repo_files())
    for date, args in [
        ("2021-02-01", ["set", "leesoffensief", "status=blocked"]),
        ("2021-03-01", ["set", "leesoffensief", "status=active"]),
        ("2021-05-03", ["set", "leesoffensief", "status=blocked"]),
        ("2021-06-01", ["update", "leesoffensief", "Nog steeds vast.", "--date", "2021-06-01"]),
        ("2021-07-01", ["mv", "leesoffensief", "leesplan"]),
    ]:
        _edit(g.root, date, args)
    doc = json.loads(cli("status", "-f", "json", cwd=g.root).stdout)
    action = doc["goals"][0]["actions"][0]
    assert (action["id"], action["blocked_since"], action["blocked_days"]) == (
        "leesplan",
        "2021-05-03",
        140,
    )
    r = cli("validate", "--format", "json", cwd=g.root)
    assert [f["message"] for f in json.loads(r.stdout)["findings"]] == [
        "blocked since 2021-05-03 (140 days, more than 30)",
        "no planned or active action serves this goal",  # its one action is blocked
    ]


def make_repo_files() -> dict[str, str | bytes | None]:
    from tests.helpers import ACTION, GOAL, GROUP

    return {
        "agenda.toml": MINIMAL_SETTINGS,
        LEZEN: GOAL,
        "data/groups/koersgroep-lezen.toml": GROUP,
        "data/actions/leesoffensief.yaml": ACTION,
    }
