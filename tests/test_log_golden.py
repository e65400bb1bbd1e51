"""Golden logs: the exact text of ``agenda log`` over each scenario's period
(tests/scenarios.py), read as a programme secretary would before it was frozen, and
every fact the scenario names found in the log.

The golden files hold the log with each commit's short sha replaced by its number in
the repository's history (``c000042``): the shas change whenever the files
``agenda init`` writes change (the JSON Schemas follow the model), the story does not.
After a deliberate change of the wording, ``AGENDA_GOLDEN=update pytest
tests/test_log_golden.py`` writes them anew; read the difference before committing it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from netwerkagenda.history.changes import Event, renamed_ids, transition_of
from netwerkagenda.i18n import format_money, format_number
from tests.helpers import cache_dir, cli, git
from tests.scenarios import BUILDERS, Fact, Scenario, build

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(params=list(BUILDERS))
def scenario(request: pytest.FixtureRequest, tmp_path: Path) -> Scenario:
    """A copy of the scenario (built once per process)."""
    return build(request.param, tmp_path / request.param)


def _numbered(s: Scenario, text: str) -> str:
    """The log with each short sha replaced by its commit's number (oldest: 1)."""
    shas = git(s.root, "rev-list", "--reverse", "HEAD").split()
    number = {sha[:7]: f"c{i + 1:06d}" for i, sha in enumerate(shas)}
    return re.sub(
        r"^(\d{4}-\d{2}-\d{2}  )([0-9a-f]{7})(?=  )",
        lambda m: m.group(1) + number.get(m.group(2), m.group(2)),
        text,
        flags=re.M,
    )


def test_golden_log(scenario: Scenario) -> None:
    r = cli(*scenario.log_args(), cwd=scenario.root)
    assert r.exit_code == 0, r.output
    assert r.stderr == ""
    text = _numbered(scenario, r.stdout)
    path = GOLDEN / f"log-{scenario.name}.txt"
    if os.environ.get("AGENDA_GOLDEN") == "update":
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(text.encode())
    assert text.encode() == path.read_bytes()


def test_cold_warm_and_uncached_runs_are_identical(scenario: Scenario) -> None:
    shutil.rmtree(cache_dir(scenario.root), ignore_errors=True)
    runs = [cli(*scenario.log_args(), cwd=scenario.root).stdout for _ in range(2)]
    runs.append(cli(*scenario.log_args(), cwd=scenario.root, env={"AGENDA_CACHE": "0"}).stdout)
    assert runs[0] and runs[0] == runs[1] == runs[2]


# --------------------------------------------------------------------------- facts


def _log_events(s: Scenario) -> list[dict[str, Any]]:
    r = cli(*s.log_args(), "--format", "json", cwd=s.root)
    assert r.exit_code == 0, r.output
    return list(json.loads(r.stdout)["events"])


def _transition(e: dict[str, Any]) -> str | None:
    """What a JSON event's status change means (as :func:`transition_of` says)."""
    if e["kind"] not in ("status", "done"):
        return None
    import datetime as dt

    event = Event(dt.date.fromisoformat(e["date"]), e["kind"], e["record"], "", "")
    event.old, event.new = e["old"], e["new"]
    return transition_of(event)


_TRANSITIONS = {
    "started": "started",
    "finished": "done",
    "blocked": "blocked",
    "resumed": "resumed",
    "cancelled": "cancelled",
}


def _tells(s: Scenario, events: list[dict[str, Any]], f: Fact) -> list[dict[str, Any]]:
    """The events of the log that tell ``f`` (for a fact without details: any event of
    its kind about its subject)."""
    lang = s.language
    d = f.details
    mine = [e for e in events if e["record"] == f.subject]
    if f.kind in _TRANSITIONS:
        return [
            e
            for e in mine
            if _transition(e) == _TRANSITIONS[f.kind] and (not d or e["date"] == d[0])
        ]
    if f.kind == "added":
        return [e for e in mine if e["kind"] == "added" and (not d or e["date"] == d[0])]
    if f.kind == "renamed":
        return [
            e
            for e in events
            if e["kind"] == "renamed"
            and renamed_ids(_renamed(e)) == (f.subject, d[0] if d else e["record"])
        ]
    if f.kind in ("group-formed", "group-ended"):
        kind = "started" if f.kind == "group-formed" else "ended"
        return [
            e
            for e in mine
            if e["kind"] == kind and e["record_kind"] == "group" and (not d or e["date"] == d[0])
        ]
    if f.kind == "deadline-moved":
        moves = [e for e in mine if e["kind"] == "due"]
        if not d:
            return moves
        first, last = str(d[0]).split(" -> ")
        ok = (
            len(moves) == f.times
            and moves[-1]["old"] == first  # newest first: the first move is last
            and moves[0]["new"] == last
            and moves[0]["moves"] == f.times
        )
        return moves if ok else []
    if f.kind == "measurement":
        goal, indicator = f.subject.split("/")
        found = [
            e
            for e in events
            if e["kind"] == "measurement" and e["record"] == goal and e["field"] == indicator
        ]
        if not d:
            return found
        latest, target, previous = d
        return [
            e
            for e in found[:1]  # the newest
            if (e["new"], e["detail"]["target"], e["old"]) == (latest, target, previous)
            and format_number(float(latest), lang) in e["what"]
            and format_number(float(target), lang) in e["what"]
            and format_number(float(previous), lang) in e["what"]
        ]
    if f.kind == "budget":
        found = [e for e in mine if e["kind"] == "budget"]
        if not d:
            return found
        amount, currency = d
        return [
            e
            for e in found
            if e["new"] == {"amount": amount, "currency": currency}
            and format_money(float(amount), str(currency), lang) in e["what"]
        ]
    if f.kind == "note":
        return [e for e in mine if e["kind"] == "update" and (not d or e["text"] == d[0])]
    raise AssertionError(f"no rule for {f}")


def _renamed(e: dict[str, Any]) -> Event:
    import datetime as dt

    event = Event(dt.date.fromisoformat(e["date"]), "renamed", e["record"], "", "")
    event.old, event.new = e["old"], e["new"]
    return event


def test_the_log_tells_every_fact(scenario: Scenario) -> None:
    events = _log_events(scenario)
    missing = [f for f in scenario.facts if not _tells(scenario, events, f)]
    assert missing == []


def test_the_log_tells_nothing_false(scenario: Scenario) -> None:
    events = _log_events(scenario)
    lies = [
        (f, [(e["date"], e["what"]) for e in _tells(scenario, events, f)])
        for f in scenario.must_not
        if f.kind not in ("upcoming", "still-blocked")  # what a brief promises
        and _tells(scenario, events, f)
    ]
    assert lies == []
    assert all(scenario.since <= e["date"] <= scenario.until for e in events if not e["commit"])


def _iter_lines(s: Scenario) -> Iterator[str]:
    yield from (GOLDEN / f"log-{s.name}.txt").read_text(encoding="utf-8").splitlines()


def test_no_event_dated_after_today(scenario: Scenario) -> None:
    assert all(line[:10] <= scenario.today for line in _iter_lines(scenario))
