"""status --as-of: the repository as it was, seen on the right day."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import GOAL, GROUP, MINIMAL_SETTINGS, GitRepo, cli

ACTION = (
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
            "data/actions/leesoffensief.yaml": ACTION,
        },
    )
    g.commit(
        "Done",
        "2026-11-02",
        {
            "data/actions/leesoffensief.yaml": ACTION.replace("active", "done")
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
