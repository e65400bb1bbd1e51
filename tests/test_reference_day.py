"""The repository's today, not the machine's clock: a programme recorded after the fact.

A secretary builds the history of 2021 in 2026, through agenda's own edit commands with
backdated commits. Three things must then read as they would have in 2021:

- ``brief``/``log --since '3 months ago' --until 2021-09-30`` count back from the
  period's end (and ``status --as-of '1 month ago'`` from ``--today``);
- the edit commands take ``--today`` as validate and status do: their warnings are
  judged on that day and it dates a note or done date, so recording the past on
  purpose draws no "overdue" or "should have started" from the clock;
- ``log`` tells a group added with its ``started`` date once: formed, on that date.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from netwerkagenda.history.when import AtRevision, LastBrief, OnDate, When
from tests.helpers import Builder, Result, cli, history_once

PEOPLE = {"Anna Secretaris": "anna@example.org"}
SETTINGS = """\
[agenda]
name = "Reading for all"
language = "en"
start = 2021-03-01
end = 2022-12-31

[groups]
kinds = ["steering-group", "strategy-group", "sounding-board", "core-team", "fieldlab", "working-group"]
"""
WARNED: dict[str, str] = {}  # the edits' warnings (stderr) while building, by step


def _edit(b: Builder, day: str, *args: str) -> Result:
    """An edit on ``day`` that says so: ``--today DAY``."""
    r = b.agenda(day, *args, "--today", day)
    WARNED[f"{day} {args[0]} {args[1]}"] = r.stderr
    return r


def _build(root: Path) -> Any:
    b = Builder(root, "Europe/Amsterdam", PEOPLE)
    b.init("2021-03-01", "en", lambda _: SETTINGS, "Begin")
    _edit(b, "2021-03-01", "new", "goal", "reading", "--title", "Reading for all")
    _edit(b, "2021-03-15", "new", "group", "steering", "--title", "Steering group",
          "--kind", "steering-group", "--started", "2021-03-10")  # fmt: skip
    _edit(b, "2021-03-15", "new", "action", "campaign", "--title", "Reading campaign",
          "--goal", "reading", "--group", "steering", "--start", "2021-05-01",
          "--due", "2021-09-30")  # fmt: skip
    _edit(b, "2021-04-12", "update", "campaign", "Plans agreed with the schools.")
    _edit(b, "2021-05-03", "set", "campaign", "status=active",
          "--note", "Campaign started in ten libraries.")  # fmt: skip
    _edit(b, "2021-07-01", "update", "campaign", "Half of the schools reached.")
    _edit(b, "2021-09-20", "done", "campaign")
    assert b.repo is not None
    b.repo.git("tag", "campaign-done")
    _edit(b, "2021-09-25", "new", "group", "fieldlab-x", "--title", "Fieldlab X",
          "--kind", "fieldlab", "--parent", "steering", "--started", "2021-09-22")  # fmt: skip
    # written down before it meets: added now, formed on the 29th
    _edit(b, "2021-09-27", "new", "group", "panel", "--title", "Readers' panel",
          "--kind", "sounding-board", "--parent", "steering", "--started", "2021-09-29")  # fmt: skip
    return b.repo


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return history_once("reference-day", _build, tmp_path / "r").root


def _run(root: Path, *args: str, code: int = 0) -> Result:
    r = cli(*args, cwd=root, env={"NO_COLOR": "1", "AGENDA_REPO": None})
    assert r.exit_code == code, r.output
    assert "Traceback" not in r.output
    return r


def _log(root: Path, *args: str) -> list[str]:
    """``agenda log``'s lines without the commit and author columns."""
    out = _run(root, "log", *args).stdout
    return [re.sub(r"^(\S+)  \S+  (.*?)(  \([^()]*\))?$", r"\1  \2", ln) for ln in out.splitlines()]


def _events(root: Path, *args: str) -> list[dict[str, Any]]:
    return list(json.loads(_run(root, "log", "-f", "json", *args).stdout)["events"])


# ----------------------------------------------------------------- 1. relative periods


def test_a_relative_since_counts_back_from_until_not_from_the_clock(root: Path) -> None:
    brief = _run(root, "brief", "--since", "3 months ago", "--until", "2021-09-30").stdout
    assert "This report covers 30 June 2021 up to and including 30 September 2021" in brief
    assert "Half of the schools reached." in brief
    assert "Plans agreed" not in brief  # April: before the quarter
    lines = _log(root, "--since", "3 months ago", "--until", "2021-09-30")
    assert lines[-1] == "2021-07-01  campaign    update: Half of the schools reached."
    assert "2021-09-20  campaign    done (status: in progress → done)" in lines
    assert not [ln for ln in lines if ln < "2021-06-30"]
    # the same in Dutch words, and 'today' / 'yesterday' are the period's end too
    assert _log(root, "--since", "3 maanden geleden", "--until", "2021-09-30") == lines
    assert _log(root, "--since", "yesterday", "--until", "2021-09-21") == [
        "2021-09-20  campaign  done (status: in progress → done)"
    ]


def test_a_relative_since_counts_back_from_an_until_revision(root: Path) -> None:
    # the tag is on the done commit of 20 September: two months back is 20 July
    lines = _log(root, "--since", "2 months ago", "--until", "campaign-done")
    assert lines == ["2021-09-20  campaign  done (status: in progress → done)"]
    brief = _run(root, "brief", "--since", "2 months ago", "--until", "campaign-done").stdout
    assert "covers 20 July 2021 up to and including 20 September 2021" in brief
    # a revision that does not exist is still told as such, not as a date problem
    r = _run(root, "log", "--since", "2 months ago", "--until", "no-such-tag", code=2)
    assert "unknown revision 'no-such-tag'" in r.stderr


def test_a_relative_until_still_counts_from_today(root: Path) -> None:
    lines = _log(root, "--today", "2021-10-07", "--since", "3 weeks ago", "--until", "1 week ago")
    # 16 September .. 30 September, both counted from the 7th of October
    assert lines[-1].startswith("2021-09-20  campaign")
    assert lines[0].startswith("2021-09-29  panel")


def test_status_as_of_a_relative_day_counts_back_from_today(root: Path) -> None:
    doc = json.loads(
        _run(root, "status", "--today", "2021-10-01", "--as-of", "1 month ago", "-f", "json").stdout
    )
    assert doc["today"] == "2021-10-01"
    text = json.dumps(doc)
    assert '"campaign"' in text and "fieldlab-x" not in text  # as on 1 September 2021
    assert re.search(r'"id": "campaign".{0,400}?"status": "active"', text, re.S), text


def test_parse_period_reference_days() -> None:
    from netwerkagenda.history.when import parse_period

    today = dt.date(2026, 12, 3)

    def tag_day(when: When) -> dt.date | None:
        return dt.date(2021, 9, 20) if when == AtRevision("v1") else None

    def period(since: str, until: str | None) -> tuple[When | None, When | None]:
        return parse_period(since, until, today, tag_day)

    assert period("3 months ago", "2021-09-30") == (OnDate(dt.date(2021, 6, 30)), OnDate(dt.date(2021, 9, 30)))  # fmt: skip
    assert period("1 month ago", "v1")[0] == OnDate(dt.date(2021, 8, 20))
    assert period("1 month ago", "2021-03-31")[0] == OnDate(dt.date(2021, 2, 28))  # clamped
    assert period("1 week ago", None)[0] == OnDate(dt.date(2026, 11, 26))
    # a revision git cannot date here counts from today; the period's lookup says why
    assert period("1 week ago", "unknown") == (OnDate(dt.date(2026, 11, 26)), AtRevision("unknown"))
    assert period("1 week ago", "last") == (OnDate(dt.date(2026, 11, 26)), LastBrief())
    # both relative: both from today, as git reads --since/--until
    assert period("2 weeks ago", "1 week ago") == (OnDate(dt.date(2026, 11, 19)), OnDate(dt.date(2026, 11, 26)))  # fmt: skip
    assert period("2021-01-01", "1 week ago")[0] == OnDate(dt.date(2021, 1, 1))


# ---------------------------------------------------------------- 2. --today on edits


def test_edits_with_today_record_the_past_without_false_warnings(root: Path) -> None:
    assert WARNED, "the history was built in this process"
    # the one warning, true on its day: a goal with no open action (none yet; the
    # campaign done)
    codes = {step: set(re.findall(r"warning (\S+)", err)) for step, err in WARNED.items()}
    assert {step: c for step, c in codes.items() if c} == {
        "2021-03-01 new goal": {"goal-without-action"},
        "2021-09-20 done campaign": {"goal-without-action"},
    }
    assert all(err.count("warning") == len(codes[step]) for step, err in WARNED.items())
    action = (root / "data/actions/campaign.yaml").read_text(encoding="utf-8")
    # the notes and the done date without --date are dated by --today
    for day, text in (
        ("2021-04-12", "Plans agreed with the schools."),
        ("2021-05-03", "Campaign started in ten libraries."),
        ("2021-07-01", "Half of the schools reached."),
    ):
        assert f"date: {day}\n    text: {text}" in action
    assert "done: 2021-09-20" in action


def test_without_today_an_edit_still_judges_by_the_clock(root: Path) -> None:
    new = ("new", "action", "later", "--title", "Later", "--goal", "reading", "--start",
           "2021-10-01", "--due", "2021-12-31", "--no-interactive")  # fmt: skip
    clock = _run(root, *new, "--dry-run")
    assert "warning" not in clock.stderr  # a dry run prints the diff only
    r = _run(root, *new)
    assert "warning late-start" in r.stderr and "warning overdue" in r.stderr
    assert "5 days ago" not in r.stderr
    r = _run(root, "set", "later", "due=2022-01-31", "--today", "2021-10-01")
    assert "warning" not in r.stderr, r.stderr  # nothing overdue or late on that day
    before = dt.date.today()
    diff = _run(root, "update", "later", "Still planned.", "--dry-run").stdout
    dates = {f"+  - date: {d.isoformat()}" for d in (before, dt.date.today())}
    assert any(d in diff for d in dates), diff  # a note's default date: the clock


def test_today_judges_an_edit_both_ways(root: Path) -> None:
    # a note dated after --today is "in the future" for that day, though not for the clock
    args = ("update", "campaign", "Evaluation planned.", "--date", "2021-10-15")
    r = _run(root, *args, "--today", "2021-10-01")
    assert "warning update-in-future" in r.stderr, r.stderr
    r = _run(root, "measure", "reading", "nope", "1", "--today", "2021-10-01", code=2)
    assert "has no indicators" in r.stderr
    r = _run(root, "done", "campaign", "--today", "2021-1-1x", code=2)
    assert "--today: '2021-1-1x' is not a date" in r.stderr
    for command in ("new", "set", "update", "done", "mv", "measure"):
        assert "--today" in _run(root, command, "--help").stdout


# ---------------------------------------------------------- 3. a group told once


def test_a_group_added_with_its_started_date_is_told_once(root: Path) -> None:
    lines = _log(root, "--today", "2021-09-30")
    groups = [ln for ln in lines if re.match(r"\S+  (steering|fieldlab-x|panel) ", ln)]
    assert groups == [
        "2021-09-29  panel       formed",  # a plan when written down: two facts
        "2021-09-27  panel       added",
        "2021-09-22  fieldlab-x  formed",
        "2021-03-10  steering    formed",
    ]
    formed = {
        e["record"]: e for e in _events(root, "--today", "2021-09-30") if e["kind"] == "started"
    }
    # the formed date is the record's; the commit that wrote it down stays with it
    assert formed["fieldlab-x"]["commit"]["date"][:10] == "2021-09-25"
    assert formed["fieldlab-x"]["source"] == "both"
    assert formed["steering"]["commit"]["date"][:10] == "2021-03-15"
    assert [e["record"] for e in _events(root, "fieldlab-x")] == ["fieldlab-x"]


def test_a_group_formed_before_the_period_is_told_as_added(root: Path) -> None:
    # formed on 10 March, its record added on the 15th: from the 12th the news is the record
    lines = [ln for ln in _log(root, "--since", "2021-03-12") if "steering" in ln]
    assert lines == ["2021-03-15  steering    added"]


def test_the_brief_tells_a_new_group_once(root: Path) -> None:
    brief = _run(root, "brief", "--since", "2021-09-21", "--until", "2021-09-30").stdout
    body = brief.split("\n---\n")[0]
    assert body.count("X (22 September 2021)") == 1, brief
    assert body.count("Readers' panel (29 September 2021)") == 1, brief
    assert "25 September" not in body and "27 September" not in body  # written-down days


def test_a_period_past_a_snapshots_as_of_is_told_alike_by_brief_and_log(root: Path) -> None:
    """With ``as_of`` set, a period asked to end later reaches the commits after it
    (never beyond the clock), in the brief as in the log; without ``--until`` both stop
    at ``as_of``."""
    toml = root / "agenda.toml"
    toml.write_text(toml.read_text().replace("[agenda]\n", "[agenda]\nas_of = 2021-09-10\n"))
    period = ("--since", "2021-09-01", "--until", "2021-09-30")
    log = _log(root, *period)
    brief = _run(root, "brief", *period).stdout
    assert any(re.match(r"2021-09-20  campaign +done", ln) for ln in log), log
    assert "Finished: Reading campaign (20 September 2021)." in brief, brief
    assert "Nothing has changed" not in brief, brief  # the events reach it too
    snapshot_log = _log(root, "--since", "2021-09-01")
    snapshot = _run(root, "brief", "--since", "2021-09-01").stdout
    assert not any(ln.startswith("2021-09-20  campaign") for ln in snapshot_log), snapshot_log
    assert "Finished" not in snapshot, snapshot
