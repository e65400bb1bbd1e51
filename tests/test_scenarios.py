"""The scenario repositories of tests/scenarios.py: they build, they validate, and their
facts name records that exist and agree with them (the briefs' wording is tested
elsewhere)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import cli, git
from tests.scenarios import BUILDERS, Fact, Scenario, build

ACTION_FACTS = {
    "started",
    "finished",
    "blocked",
    "resumed",
    "cancelled",
    "deadline-moved",
    "budget",
}
GROUP_FACTS = {"group-formed", "group-ended"}
DATED = {
    "added",
    "started",
    "finished",
    "blocked",
    "resumed",
    "cancelled",
    "group-formed",
    "group-ended",
}


def _show(s: Scenario, rid: str) -> dict[str, Any] | None:
    r = cli("show", rid, "--format", "json", cwd=s.root)
    if r.exit_code == 2:
        return None
    assert r.exit_code == 0, r.output
    return dict(json.loads(r.stdout))


def _check_fact(s: Scenario, f: Fact) -> None:
    if f.kind == "renamed":
        (new,) = f.details
        assert _show(s, f.subject) is None, f"{f}: the old id still exists"
        assert _show(s, str(new)) is not None, f"{f}: no record {new}"
        return
    if f.kind == "measurement":
        goal_id, indicator_id = f.subject.split("/")
        goal = _show(s, goal_id)
        assert goal is not None and goal["kind"] == "goal", f
        ind = next(i for i in goal["fields"]["indicators"] if i["id"] == indicator_id)
        values = [m["value"] for m in ind["measurements"]]
        assert (values[-1], ind["target"], values[-2]) == f.details, f
        return
    rec = _show(s, f.subject)
    assert rec is not None, f"{f}: no record {f.subject}"
    fields = rec["fields"]
    if f.kind in ACTION_FACTS:
        assert rec["kind"] == "action", f
    if f.kind in GROUP_FACTS:
        assert rec["kind"] == "group", f
    if f.kind in DATED:
        assert s.since <= str(f.details[0]) <= s.until, f"{f}: outside the period"
    if f.kind == "finished":
        assert (fields["status"], fields["done"]) == ("done", f.details[0]), f
    if f.kind == "cancelled":
        assert fields["status"] == "cancelled", f
    if f.kind == "group-ended":
        assert fields["ended"] == f.details[0], f
    if f.kind == "group-formed":
        assert fields["started"] == f.details[0], f
    if f.kind == "budget":
        assert (fields["budget"]["amount"], fields["budget"]["currency"]) == f.details, f
    if f.kind == "deadline-moved":
        assert fields["due"] == str(f.details[0]).split(" -> ")[1], f
    if f.kind == "note":
        assert any(u["text"] == f.details[0] for u in fields["updates"]), f


@pytest.mark.parametrize("name", list(BUILDERS))
def test_scenario_builds_validates_and_its_facts_hold(name: str, tmp_path: Path) -> None:
    # the one build of this process (shared with the brief's and the log's tests)
    s = build(name, tmp_path / name)
    assert s.root == tmp_path / name and s.language in ("nl", "en")
    assert s.since <= s.until <= s.today
    # a clean, committed repository whose history spans months
    assert git(s.root, "status", "--porcelain") == ""
    dates = git(s.root, "log", "--format=%as").split()
    assert len(dates) == s.commits >= 60
    assert dates[-1] < s.since and dates[0] >= s.until[:7]
    r = cli("validate", cwd=s.root)
    assert r.exit_code == 0, r.output
    assert " 0 errors" in r.output or "no problems" in r.output, r.output
    assert len(s.facts) >= 20 and len(s.must_not) >= 8
    for f in s.facts:
        _check_fact(s, f)
    for f in s.must_not:
        assert _show(s, f.subject) is not None, f"must_not {f}: no record {f.subject}"
    # every kind of change the task names is in every scenario
    kinds = {f.kind for f in s.facts}
    assert {
        "finished",
        "started",
        "blocked",
        "resumed",
        "cancelled",
        "deadline-moved",
        "added",
        "renamed",
        "group-formed",
        "measurement",
        "budget",
    } <= kinds
    assert any(f.kind == "deadline-moved" and f.times == 2 for f in s.facts)


def test_build_copies_one_build(tmp_path: Path) -> None:
    first = build("kilbrook", tmp_path / "a")
    second = build("kilbrook", tmp_path / "b")
    assert first.root == tmp_path / "a" and second.root == tmp_path / "b"
    assert first.facts == second.facts and first.facts is not second.facts
    # the same history, and each copy its own repository
    assert git(first.root, "rev-parse", "HEAD") == git(second.root, "rev-parse", "HEAD")
    (second.root / "data" / "actions" / "homework-club.yaml").unlink()
    assert (first.root / "data" / "actions" / "homework-club.yaml").exists()
    assert cli("validate", cwd=first.root).exit_code == 0
