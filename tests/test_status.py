"""``agenda status`` and :func:`netwerkagenda.views.status.dashboard` on repositories written
inline, on the embedded data, and in a real pseudo-terminal at 80 columns."""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import re
import select
import struct
import subprocess
import sys
import termios
from pathlib import Path

import jsonschema
import pytest

from netwerkagenda import load_repo
from netwerkagenda.errors import UsageError
from netwerkagenda.views.status import JSON_SCHEMA, Filters, as_json, dashboard
from tests.conftest import PROJECT_ROOT
from tests.helpers import GOAL, GROUP, MINIMAL_SETTINGS, GitRepo, cli, make_repo

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")

FILES = {
    "data/goals/lezen.yaml": "title: Lezen\norder: 1\n",
    "data/goals/werk.yaml": "title: Werk\norder: 2\n",
    "data/groups/kg.toml": 'title = "Koersgroep lezen"\nkind = "koersgroep"\n'
    'started = 2021-09-01\ngoals = ["lezen"]\n',
    "data/groups/rg.yaml": "title: Reflectiegroep\nkind: reflectiegroep\nstarted: 2021-10-01\n",
    "data/groups/wg.yaml": "title: Werkgroep jeugd\nkind: werkgroep\nparent: kg\n",
    "data/actions/a-late.yaml": """\
        title: Te laat
        goals: [lezen]
        status: active
        group: kg
        owner: KB
        start: 2021-08-01
        due: 2021-09-10
        updates:
          - {date: 2021-09-01, text: Begonnen., author: Anna}
        """,
    "data/actions/a-soon.yaml": """\
        title: Binnenkort
        goals: [lezen]
        status: planned
        owner: VOB
        due: 2021-10-05
        """,
    "data/actions/a-blocked.yaml": """\
        title: Vast
        goals: [lezen]
        status: blocked
        group: kg
        due: 2022-01-01
        """,
    "data/actions/a-stale.yaml": """\
        title: Stil
        goals: [lezen]
        status: active
        start: 2021-06-01
        due: 2022-06-01
        """,
    "data/actions/a-done.yaml": """\
        title: Klaar
        goals: [lezen, werk]
        status: done
        done: 2021-08-01
        group: wg
        """,
    "data/actions/a-cancelled.yaml": "title: Geschrapt\ngoals: [lezen]\nstatus: cancelled\n",
    "data/actions/a-future.yaml": """\
        title: Toekomst
        goals: [werk]
        status: active
        start: 2021-01-01
        depends_on: [a-done]
        updates:
          - {date: 2021-05-01, text: Eerste stap.}
          - {date: 2021-10-01, text: Later.}
        """,
}


@pytest.fixture
def board_repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "r", FILES, base=False)


def test_dashboard_library(board_repo: Path) -> None:
    board = dashboard(load_repo(board_repo))
    assert board.today == dt.date(2021, 9, 20)
    assert board.counts == {"goal": 2, "group": 3, "action": 7}
    lezen, werk = board.goals
    assert lezen.counts == {"planned": 1, "active": 2, "done": 1, "blocked": 1, "cancelled": 1}
    assert (lezen.done, lezen.total, lezen.percent) == (1, 5, 20)
    assert [(a.id, a.overdue_days) for a in lezen.overdue] == [("a-late", 10)]
    assert [(a.id, a.due_in_days) for a in lezen.soon] == [("a-soon", 15)]
    assert [a.id for a in lezen.blocked] == ["a-blocked"]
    assert [(a.id, a.stale_days) for a in lezen.stale] == [("a-stale", 111)]
    # the update dated after 'today' does not count: stale since 1 May
    assert [(a.id, a.stale_days, a.last_update) for a in werk.stale] == [
        ("a-future", 142, dt.date(2021, 5, 1))
    ]
    # actions sorted by due date, undated last
    assert [a.id for a in lezen.actions] == [
        "a-late",
        "a-soon",
        "a-blocked",
        "a-stale",
        "a-cancelled",
        "a-done",
    ]
    groups = {g.id: (g.has_started, g.actions) for g in board.groups}
    assert groups == {
        "kg": (True, ("a-blocked", "a-late")),
        "rg": (False, ()),
        "wg": (False, ("a-done",)),
    }


def test_dashboard_other_day_and_filters(board_repo: Path) -> None:
    repo = load_repo(board_repo)
    later = dashboard(repo, dt.date(2021, 10, 1))
    lezen = later.goals[0]
    assert [(a.id, a.overdue_days) for a in lezen.overdue] == [("a-late", 21)]
    assert [(a.id, a.due_in_days) for a in lezen.soon] == [("a-soon", 4)]
    assert {g.id: g.has_started for g in later.groups}["rg"] is True
    # the update of 1 October now counts: no longer stale
    assert later.goals[1].stale == []

    by_owner = dashboard(repo, filters=Filters(owner="kb"))
    assert [(g.id, [a.id for a in g.actions]) for g in by_owner.goals] == [("lezen", ["a-late"])]
    by_status = dashboard(repo, filters=Filters(status=("done", "blocked")))
    assert [(g.id, [a.id for a in g.actions]) for g in by_status.goals] == [
        ("lezen", ["a-blocked", "a-done"]),
        ("werk", ["a-done"]),
    ]
    by_group = dashboard(repo, filters=Filters(group="kg"))
    assert [g.id for g in by_group.groups] == ["kg", "wg"]  # the group and its subgroups
    assert [a.id for a in by_group.goals[0].actions] == ["a-late", "a-blocked"]
    by_goal = dashboard(repo, filters=Filters(goal="werk"))
    assert [g.id for g in by_goal.goals] == ["werk"]
    assert [g.id for g in by_goal.groups] == ["wg"]  # responsible for an action of 'werk'


def test_dashboard_bad_filters(board_repo: Path) -> None:
    repo = load_repo(board_repo)
    with pytest.raises(UsageError) as exc:
        dashboard(repo, filters=Filters(status=("actve",)))
    assert exc.value.hint == "did you mean 'active'?"


def test_status_plain_exact(board_repo: Path) -> None:
    res = cli("status", "--format", "plain", "--goal", "lezen", "--repo", str(board_repo))
    assert res.exit_code == 0, res.stderr
    assert res.stdout == (
        "Testprogramma\n"
        "Looptijd: 1 januari 2021 – 31 december 2023\n"
        "Stand van: 20 september 2021\n"
        "12 records: 2 doelen, 3 groepen, 7 acties\n"
        "Filter: --goal lezen\n"
        "\n"
        "1. Lezen\n"
        "========\n"
        "[#####...................] 1 van 5 afgerond (20%)\n"
        "gepland 1 · in uitvoering 2 · afgerond 1 · geblokkeerd 1 · vervallen 1\n"
        "Te laat: Te laat (10 dagen te laat)\n"
        "Binnenkort: Binnenkort (over 15 dagen, 5 oktober 2021)\n"
        "Geblokkeerd: Vast\n"
        "Stilgevallen: Stil (111 dagen geen update)\n"
        "\n"
        "Sturing\n"
        "=======\n"
        "\n"
        "Groep               Gestart     Acties\n"
        "------------------  ----------  --------\n"
        "Koersgroep lezen    2021-09-01  2\n"
        "└─ Werkgroep jeugd  nog niet    1\n"
    )


def test_status_actions_table_and_english(board_repo: Path) -> None:
    settings = (board_repo / "agenda.toml").read_text().replace('"nl"', '"en"')
    (board_repo / "agenda.toml").write_text(settings)
    res = cli("status", "-f", "plain", "-a", "--goal", "werk", "--repo", str(board_repo))
    assert res.exit_code == 0, res.stderr
    assert "As of: 20 September 2021" in res.stdout
    assert "[############............] 1 of 2 done (50%)" in res.stdout
    assert "Stale: Toekomst (no update for 142 days)" in res.stdout
    assert (
        "Action    Status       Due    Note\n"
        "--------  -----------  -----  ----------------------\n"
        "Klaar     done\n"
        "Toekomst  in progress         no update for 142 days\n"
    ) in res.stdout


def test_status_markdown(board_repo: Path) -> None:
    res = cli("status", "-f", "markdown", "--status", "blocked", "--repo", str(board_repo))
    assert res.exit_code == 0, res.stderr
    assert res.stdout.startswith(
        "# Testprogramma\n\nLooptijd: 1 januari 2021 – 31 december 2023  \n"
    )
    assert (
        "## 1. Lezen\n\n**0 van 1 afgerond (0%)**\n\ngeblokkeerd 1\n\nGeblokkeerd:\n\n- Vast\n"
        in (res.stdout)
    )
    assert "| Groep              | Gestart          | Acties   |" in res.stdout
    assert "| └─ Werkgroep jeugd | nog niet         | –        |" in res.stdout
    assert "## 2. Werk" not in res.stdout  # no blocked action there


def test_status_json_matches_schema(board_repo: Path) -> None:
    res = cli("status", "--format", "json", "--today", "2021-09-25", "--repo", str(board_repo))
    assert res.exit_code == 0, res.stderr
    doc = json.loads(res.stdout)
    jsonschema.validate(doc, JSON_SCHEMA)
    assert doc["today"] == "2021-09-25"
    assert doc["records"] == {"total": 12, "goals": 2, "groups": 3, "actions": 7}
    lezen = doc["goals"][0]
    assert (lezen["done"], lezen["total"], lezen["percent"]) == (1, 5, 20)
    assert (lezen["overdue"], lezen["soon"], lezen["blocked"], lezen["stale"]) == (
        ["a-late"],
        ["a-soon"],
        ["a-blocked"],
        ["a-stale"],
    )
    late = lezen["actions"][0]
    assert late == {
        "id": "a-late",
        "title": "Te laat",
        "status": "active",
        "goals": ["lezen"],
        "group": "kg",
        "owner": "KB",
        "start": "2021-08-01",
        "due": "2021-09-10",
        "done": None,
        "progress": None,
        "last_update": "2021-09-01",
        "overdue_days": 15,
        "due_in_days": None,
        "stale_days": None,
        "late_start_days": None,
        "blocked_since": None,
        "blocked_days": None,
        "waiting_on": [],
        "budget": None,
    }
    assert [g["id"] for g in doc["groups"]] == ["kg", "wg", "rg"]  # the tree: wg under kg
    assert doc["groups"][1]["depth"] == 1
    assert doc["groups"][2] == {
        "id": "rg",
        "title": "Reflectiegroep",
        "kind": "reflectiegroep",
        "parent": None,
        "started": "2021-10-01",
        "ended": None,
        "has_started": False,
        "actions": [],
        "budget": [],
        "depth": 0,
    }


def test_status_no_ansi_in_pipe_and_with_no_color(board_repo: Path) -> None:
    plain = cli("status", "--repo", str(board_repo))
    assert plain.exit_code == 0
    assert "\x1b[" not in plain.stdout
    assert "█████░░░░░░░░░░░░░░░░░░░  1 van 5 afgerond (20%)" in plain.stdout
    forced = cli("status", "--repo", str(board_repo), env={"FORCE_COLOR": "1"})
    assert "\x1b[" in forced.stdout
    both = cli("status", "--repo", str(board_repo), env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b[" not in both.stdout
    assert all(line == line.rstrip() for line in plain.stdout.splitlines())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--goal", "lezn"],
            "error: --goal: no goal with id 'lezn'\nhint: did you mean 'lezen'?\n",
        ),
        (["--group", "lezen"], "error: --group: no group with id 'lezen'\n"),
        (["--status", "klaar"], "error: --status: 'klaar' is not one of planned, active, done"),
        (["--today", "20-09-2021"], "error: --today: '20-09-2021' is not a date\n"),
        (["--format", "html"], "error: --format must be one of text, plain, markdown, json"),
    ],
)
def test_status_bad_arguments(board_repo: Path, args: list[str], message: str) -> None:
    res = cli("status", *args, "--repo", str(board_repo))
    assert res.exit_code == 2
    assert res.stderr.startswith(message)
    assert "Traceback" not in res.output


def test_embedded_data_on_20_september_2021() -> None:
    """The embedded Netwerkagenda as it stood: nothing overdue, the lobby blocked, the
    steering structure just started."""
    res = cli("status", "--format", "json", cwd=PROJECT_ROOT)
    assert res.exit_code == 0, res.stderr
    doc = json.loads(res.stdout)
    jsonschema.validate(doc, JSON_SCHEMA)
    assert doc["today"] == "2021-09-20"
    assert doc["records"]["total"] == 45
    assert [g["id"] for g in doc["goals"]] == [
        "geletterde-samenleving",
        "informatiesamenleving",
        "leven-lang-ontwikkelen",
    ]
    assert all(g["overdue"] == [] for g in doc["goals"])
    assert all(g["blocked"] == ["lobby-structurele-financiering"] for g in doc["goals"])
    kinds = [g["kind"] for g in doc["groups"]]
    assert kinds.count("koersgroep") == 9 and kinds.count("reflectiegroep") == 2
    assert all(g["has_started"] for g in doc["groups"])
    board = dashboard(load_repo(PROJECT_ROOT))
    assert as_json(board) == doc


def _run_in_pty(args: list[str], cwd: Path, columns: int = 80) -> str:
    """Run the installed ``agenda`` with a pseudo-terminal as its stdout."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS")}
    env["TERM"] = "xterm-256color"
    agenda = Path(sys.executable).parent / "agenda"
    proc = subprocess.Popen(
        [str(agenda), *args], cwd=cwd, stdout=slave, stderr=slave, stdin=slave, env=env
    )
    os.close(slave)
    chunks: list[bytes] = []
    while True:
        ready, _, _ = select.select([master], [], [], 20)
        if not ready:
            break
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=20)
    os.close(master)
    assert proc.returncode == 0
    return b"".join(chunks).decode("utf-8")


def test_embedded_status_in_a_terminal_at_80_columns() -> None:
    raw = _run_in_pty(["status"], PROJECT_ROOT)
    assert "\x1b[" in raw  # colour on a terminal
    text = ANSI.sub("", raw).replace("\r\n", "\n")
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert lines[:5] == [
        "Netwerkagenda Bibliotheken 2021-2023",
        "Looptijd: 16 juni 2021 – 31 december 2023",
        "Stand van: 20 september 2021",
        "45 records: 3 doelen, 16 groepen, 26 acties",
        "Budget: € 95.000.000",
    ]
    assert lines[6].startswith("1. Geletterde samenleving ───")
    assert len(lines[6]) == 80
    assert "████░░░░░░░░░░░░░░░░░░░░  3 van 19 afgerond (16%)" in lines
    assert "gepland 7 · in uitvoering 8 · afgerond 3 · geblokkeerd 1" in lines
    assert "Geblokkeerd  Vervolg lobby structurele financiering" in lines
    assert "Te laat" not in text  # nothing was overdue on 20 September 2021
    assert any(line.startswith("Netwerkoverleg ") and "2016-01-01" in line for line in lines)
    assert any(line.startswith("│  └─ Kernteam innovatie ") for line in lines)
    assert any(line.startswith("│     └─ Regionale fieldlabs ") for line in lines)
    assert any(line.startswith("└─ Reflectiegroep Stelsel van lokale ") for line in lines)


def test_long_lists_are_capped_in_text_but_not_in_json(tmp_path: Path) -> None:
    files = {
        f"data/actions/b{i:02d}.yaml": f"title: Blok {i:02d}\ngoals: [lezen]\nstatus: blocked\n"
        for i in range(12)
    }
    root = make_repo(tmp_path / "many", files)
    res = cli("status", "-f", "plain", "--status", "blocked", "--repo", str(root))
    assert res.exit_code == 0
    blocked = [line for line in res.stdout.splitlines() if "Blok" in line or "…" in line]
    assert blocked[0] == "Geblokkeerd: Blok 00"
    assert blocked[8:] == ["  Blok 08", "  … en nog 3"]
    doc = json.loads(cli("status", "-f", "json", "--repo", str(root)).stdout)
    assert len(doc["goals"][0]["blocked"]) == 12


def test_header_with_an_open_end(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path / "open",
        settings='[agenda]\nname = "Open"\nstart = 2021-01-01\nas_of = 2021-09-20\n',
    )
    r = cli("status", "--format", "plain", "--repo", str(root))
    assert r.exit_code == 0, r.output
    assert "Looptijd: vanaf 1 januari 2021" in r.stdout


# --------------------------------------------------------------------------- --as-of: the repository as it was, seen on the right day


AS_OF_ACTION = (
    "title: Leesoffensief\ngoals: [lezen]\nstatus: active\nstart: 2021-06-01\ndue: 2021-12-31\n"
)


def _repo(tmp_path: Path) -> GitRepo:
    g = GitRepo(tmp_path / "r")
    g.commit(
        "Snapshot of 20 September 2021, committed much later",
        "2026-11-01",
        {
            "agenda.toml": MINIMAL_SETTINGS,  # as_of = 2021-09-20
            "data/goals/lezen.yaml": GOAL,
            "data/groups/koersgroep-lezen.toml": GROUP,
            "data/actions/leesoffensief.yaml": AS_OF_ACTION,
        },
    )
    g.commit(
        "Done",
        "2026-11-02",
        {
            "data/actions/leesoffensief.yaml": AS_OF_ACTION.replace("active", "done")
            + "done: 2021-11-30\n"
        },
    )
    return g


def test_a_revision_with_its_own_as_of_is_seen_on_that_date(tmp_path: Path) -> None:
    g = _repo(tmp_path)
    r = cli("status", "--as-of", "HEAD~1", "--format", "json", "--repo", str(g.root))
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert doc["today"] == "2021-09-20"
    (action,) = [a for goal in doc["goals"] for a in goal["actions"]]
    assert (action["id"], action["status"], action["overdue_days"]) == (
        "leesoffensief",
        "active",
        None,
    )


def test_a_date_is_the_day_it_names(tmp_path: Path) -> None:
    g = _repo(tmp_path)
    r = cli("status", "--as-of", "2026-11-01", "--format", "json", "--repo", str(g.root))
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert doc["today"] == "2026-11-01"
    (action,) = [a for goal in doc["goals"] for a in goal["actions"]]
    assert action["status"] == "active"
    assert action["overdue_days"] == 1766  # due 2021-12-31


def test_log_of_a_snapshot_ends_on_its_as_of_date(tmp_path: Path) -> None:
    g = _repo(tmp_path)  # committed in 2026, describing 20 September 2021
    r = cli("log", "--repo", str(g.root))
    assert r.exit_code == 0, r.output
    # the planned start is a plan and the commits and the done date come after as_of
    assert r.stdout == "no changes in this period\n"
    later = cli("log", "--until", "2026-12-31", "--repo", str(g.root))
    assert "2026-11-01  " in later.stdout  # the commits, once the period reaches them
    assert "leesoffensief     afgerond (status: in uitvoering → afgerond)" in later.stdout
