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
from netwerkagenda.status import JSON_SCHEMA
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
