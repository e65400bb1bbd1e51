"""``agenda log``: it and ``show``'s history tell only what happened (issue 13, point
1); at the end, the golden logs of the scenarios.

Every repository here is built with agenda's own edit commands (``new``, ``set``,
``update``, ``done``, ``mv``, with ``--commit``) on backdated days; a measurement is a
hand edit, as there is no command for it.
"""

from __future__ import annotations

import datetime as dt
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
from tests.helpers import Builder, cache_dir, cli, git
from tests.scenarios import BUILDERS, Fact, Scenario, _settings, build

PEOPLE = {"Anna Secretaris": "anna@example.org", "Bram Beleid": "bram@example.org"}


def _agenda_settings(**values: str) -> Any:
    """agenda.toml's ``[agenda]`` values for a programme of 2026 (plus ``values``)."""
    wanted = {"start": "2026-01-01", "end": "2027-12-31", **values}
    return _settings(**{f"agenda.{k}": v for k, v in wanted.items()})


def _builder(root: Path, lang: str = "nl", **settings: str) -> Builder:
    b = Builder(root, "UTC", PEOPLE)
    b.init("2026-01-05", lang, _agenda_settings(**settings), "Begin")
    b.new("2026-01-05", "goal", "lezen", "--title", "Iedereen leest")
    kind = "kernteam" if lang == "nl" else "core-team"  # init's kinds in each language
    b.new("2026-01-05", "group", "kernteam", "--title", "Kernteam", "--kind", kind)
    return b


def _events(root: Path, *args: str) -> list[dict[str, Any]]:
    r = cli("log", "--format", "json", *args, cwd=root)
    assert r.exit_code == 0, r.output
    return list(json.loads(r.stdout)["events"])


def _log(root: Path, *args: str) -> str:
    r = cli("log", *args, cwd=root)
    assert r.exit_code == 0, r.output
    return r.stdout


def _lines(text: str) -> list[str]:
    """The log's lines without the commit column (the shas depend on the schema files
    ``agenda init`` writes)."""
    return [re.sub(r"^(\S+)  \S+  ", r"\1  ", line).rstrip() for line in text.splitlines()]


# --------------------------------------------------------------------------- plans


def _plans(root: Path, **settings: str) -> Builder:
    """Actions with planned starts in the past and the future that never started, a
    note and a done date written ahead of time, a group that will form next year."""
    b = _builder(root, **settings)
    b.new(
        "2026-01-06",
        "action",
        "leesclubs",
        "--title",
        "Leesclubs",
        "--goal",
        "lezen",
        "--start",
        "2026-02-01",
        "--due",
        "2026-06-30",
    )
    b.new(
        "2026-01-06",
        "action",
        "voorleesweek",
        "--title",
        "Voorleesweek",
        "--goal",
        "lezen",
        "--start",
        "2027-02-01",
        "--due",
        "2027-03-01",
    )
    b.new("2026-01-07", "group", "jongerenraad", "--title", "Jongerenraad", "--kind", "werkgroep")
    b.set("2026-01-07", "jongerenraad", "started=2027-01-15")
    b.note("2026-01-08", "leesclubs", "We zoeken nog scholen.")
    b.agenda("2026-01-09", "update", "voorleesweek", "Zaal gereserveerd.", "--date", "2099-01-09")
    return b


def test_a_planned_start_never_becomes_started(tmp_path: Path) -> None:
    b = _plans(tmp_path / "r", as_of="2026-03-01")
    text = _log(b.root)
    # leesclubs' start (1 February) has passed, but it never became active
    assert "gestart" not in text and "started" not in text
    # the note written ahead (dated 2099) is no event either
    assert _lines(text)[:3] == [
        "2026-01-08  leesclubs     notitie: We zoeken nog scholen.  (Anna Secretaris)",
        "2026-01-07  jongerenraad  startdatum: – → 2027-01-15  (Anna Secretaris)",
        "2026-01-07  jongerenraad  toegevoegd  (Anna Secretaris)",
    ]
    history = cli("show", "leesclubs", cwd=b.root).stdout
    assert "gestart" not in history.split("Geschiedenis")[1]


@pytest.mark.parametrize(
    ("settings", "args", "today"),
    [
        ({}, (), dt.date.today()),  # the clock
        ({"as_of": "2026-01-09"}, (), dt.date(2026, 1, 9)),
        ({}, ("--today", "2026-01-08"), dt.date(2026, 1, 8)),
        ({}, ("--until", "2026-01-07"), dt.date(2026, 1, 7)),
    ],
)
def test_nothing_after_today_is_an_event(
    tmp_path: Path, settings: dict[str, str], args: tuple[str, ...], today: dt.date
) -> None:
    b = _plans(tmp_path / "r", **settings)
    # a note and a measurement written ahead, a done date in the future
    b.new("2026-01-08", "action", "boekenmarkt", "--title", "Boekenmarkt", "--goal", "lezen")
    b.agenda("2026-01-08", "done", "boekenmarkt", "--date", "2099-05-01")
    events = _events(b.root, *args)
    assert events, "the log is empty"
    assert all(dt.date.fromisoformat(e["date"]) <= today for e in events), [
        (e["date"], e["what"]) for e in events if dt.date.fromisoformat(e["date"]) > today
    ]
    whats = [e["what"] for e in events]
    assert not any(w.startswith(("gestart", "ingesteld")) for w in whats)
    assert not any(w == "afgerond" for w in whats)
    assert "notitie: Zaal gereserveerd." not in whats


# --------------------------------------------------------------------------- transitions


def _transitions(root: Path) -> Builder:
    b = _builder(root, as_of="2026-06-30")
    b.new(
        "2026-01-06",
        "action",
        "taalcafe",
        "--title",
        "Taalcafé",
        "--goal",
        "lezen",
        "--start",
        "2026-01-15",
        "--due",
        "2026-05-31",
    )
    b.set("2026-02-02", "taalcafe", "status=active")
    b.set("2026-03-02", "taalcafe", "status=blocked", who="Bram Beleid")
    b.set("2026-04-01", "taalcafe", "status=active")
    # done on 20 April, recorded two days later: the done date corroborates it
    b.agenda("2026-04-22", "done", "taalcafe", "--date", "2026-04-20")
    b.new("2026-01-06", "action", "leeskring", "--title", "Leeskring", "--goal", "lezen")
    b.set("2026-02-10", "leeskring", "status=blocked")
    b.set("2026-03-10", "leeskring", "status=active")
    # a done date before the block it ends: the record contradicts git, the commit wins
    b.agenda("2026-03-20", "done", "leeskring", "--date", "2026-02-01")
    return b


def test_transitions_are_dated_by_their_commits_and_in_order(tmp_path: Path) -> None:
    b = _transitions(tmp_path / "r")
    events = list(reversed(_events(b.root)))
    told = [
        (e["record"], e["date"], e["what"])
        for e in events
        if e["kind"] in ("status", "done", "added") and e["record"] in ("taalcafe", "leeskring")
    ]
    assert told == [
        ("taalcafe", "2026-01-06", "toegevoegd (status: gepland)"),
        ("leeskring", "2026-01-06", "toegevoegd (status: gepland)"),
        ("taalcafe", "2026-02-02", "gestart (status: gepland → in uitvoering)"),
        ("leeskring", "2026-02-10", "geblokkeerd (status: gepland → geblokkeerd)"),
        ("taalcafe", "2026-03-02", "geblokkeerd (status: in uitvoering → geblokkeerd)"),
        ("leeskring", "2026-03-10", "hervat (status: geblokkeerd → in uitvoering)"),
        ("leeskring", "2026-03-20", "afgerond (status: in uitvoering → afgerond)"),
        ("taalcafe", "2026-04-01", "hervat (status: geblokkeerd → in uitvoering)"),
        ("taalcafe", "2026-04-20", "afgerond (status: in uitvoering → afgerond)"),
    ]
    for rid in ("taalcafe", "leeskring"):
        days = [d for r, d, _ in told if r == rid]
        assert days == sorted(days), rid
    # the done date and the status change are one event, carrying the commit
    (done,) = [e for e in events if e["record"] == "taalcafe" and e["kind"] == "done"]
    assert (done["source"], done["commit"]["date"][:10]) == ("both", "2026-04-22")
    assert not any(
        e["field"] == "done" and e["kind"] == "field" for e in events if e["record"] == "taalcafe"
    )
    # leeskring's contradicting done date stays what it is: a date written in a commit
    assert [e["what"] for e in events if e["record"] == "leeskring" and e["kind"] == "field"] == [
        "datum afgerond: – → 2026-02-01"
    ]


def test_a_commit_with_an_earlier_clock_is_not_dated_before_the_change_it_follows(
    tmp_path: Path,
) -> None:
    b = _builder(tmp_path / "r", as_of="2026-06-30")
    b.new("2026-01-06", "action", "taalcafe", "--title", "Taalcafé", "--goal", "lezen")
    b.set("2026-03-02", "taalcafe", "status=blocked")
    b.set("2026-02-01", "taalcafe", "status=active")  # a laptop whose clock was behind
    changes = [e for e in _events(b.root) if e["record"] == "taalcafe"]  # newest first
    assert [e["date"] for e in changes] == ["2026-03-02", "2026-03-02", "2026-01-06"]
    lines = [line for line in _lines(_log(b.root)) if "taalcafe" in line]
    assert lines == [
        "2026-03-02  taalcafe  hervat (status: geblokkeerd → in uitvoering)  (Anna Secretaris)",
        "2026-03-02  taalcafe  geblokkeerd (status: gepland → geblokkeerd)  (Anna Secretaris)",
        "2026-01-06  taalcafe  toegevoegd (status: gepland)  (Anna Secretaris)",
    ]


# --------------------------------------------------------------------------- renames


def _renamed(root: Path) -> Builder:
    b = _builder(root, as_of="2026-06-30")
    b.new("2026-01-06", "action", "leesclubs", "--title", "Leesclubs", "--goal", "lezen")
    b.set("2026-01-06", "leesclubs", "group=kernteam")
    b.note("2026-02-03", "leesclubs", "Drie scholen doen mee.")
    b.set("2026-02-10", "leesclubs", "status=active")
    b.mv("2026-03-01", "leesclubs", "leesclubs-jongeren")
    b.mv("2026-03-02", "kernteam", "programmateam")
    b.note("2026-04-01", "leesclubs-jongeren", "Ook het mbo doet mee.")
    return b


def test_log_new_keeps_the_life_before_the_rename(tmp_path: Path) -> None:
    b = _renamed(tmp_path / "r")
    assert _lines(_log(b.root, "leesclubs-jongeren")) == [
        "2026-04-01  leesclubs-jongeren  notitie: Ook het mbo doet mee.  (Anna Secretaris)",
        "2026-03-01  leesclubs-jongeren  hernoemd: leesclubs → leesclubs-jongeren"
        "  (Anna Secretaris)",
        "2026-02-10  leesclubs           gestart (status: gepland → in uitvoering)"
        "  (Anna Secretaris)",
        "2026-02-03  leesclubs           notitie: Drie scholen doen mee.  (Anna Secretaris)",
        "2026-01-06  leesclubs           groep: – → kernteam  (Anna Secretaris)",
        "2026-01-06  leesclubs           toegevoegd (status: gepland)  (Anna Secretaris)",
    ]
    events = _events(b.root, "leesclubs-jongeren")
    assert {e["record"] for e in events} == {"leesclubs-jongeren"}
    assert [e["was"] for e in events].count("leesclubs") == 4
    # the references the rename of the group rewrote are the rename, not a change
    full = _lines(_log(b.root))
    assert not any("groep: kernteam → programmateam" in line for line in full)
    assert "2026-03-02  programmateam       hernoemd: kernteam → programmateam" in "\n".join(full)


def test_log_old_says_where_it_went(tmp_path: Path) -> None:
    b = _renamed(tmp_path / "r")
    r = cli("log", "leesclubs", cwd=b.root)
    assert r.exit_code == 0, r.output
    lines = _lines(r.stdout)
    assert lines[0] == (
        "2026-03-01  leesclubs-jongeren  hernoemd: leesclubs → leesclubs-jongeren  (Anna Secretaris)"
    )
    assert (
        lines[-1]
        == "2026-01-06  leesclubs           toegevoegd (status: gepland)  (Anna Secretaris)"
    )
    assert not any("Ook het mbo" in line for line in lines)  # after the rename: the new id's
    assert (
        "note: leesclubs was renamed to leesclubs-jongeren on 2026-03-01; "
        "'agenda log leesclubs-jongeren' shows its whole history"
    ) in r.stderr


def test_show_new_keeps_the_life_before_the_rename(tmp_path: Path) -> None:
    b = _renamed(tmp_path / "r")
    r = cli("show", "leesclubs-jongeren", cwd=b.root)
    assert r.exit_code == 0, r.output
    history = _lines(r.stdout[r.stdout.index("Geschiedenis") :])
    assert [re.sub(r"^  (\S+)  \S+  ", r"  \1  ", line) for line in history[2:]] == [
        "  2026-04-01  notitie: Ook het mbo doet mee.  (Anna Secretaris)",
        "  2026-03-01  hernoemd: leesclubs → leesclubs-jongeren  (Anna Secretaris)",
        "  2026-02-10  gestart (status: gepland → in uitvoering)  (Anna Secretaris)",
        "  2026-02-03  notitie: Drie scholen doen mee.  (Anna Secretaris)",
        "  2026-01-06  groep: – → kernteam  (Anna Secretaris)",
        "  … agenda log leesclubs-jongeren",
    ]
    assert history[1].startswith("  laatste wijziging: 2026-04-01 door Anna Secretaris")


# --------------------------------------------------------------------------- figures


GOAL_EN = """\
title: Adults learn
indicators:
  - id: trained
    title: Adults who finished a basic course
    target: 5000
    measurements:
      - date: 2026-01-31
        value: 640
"""


def _figures(root: Path, lang: str) -> Builder:
    b = Builder(root, "UTC", PEOPLE)
    b.init("2026-01-05", lang, _agenda_settings(as_of="2026-06-30"), "Begin")
    b.write("2026-02-02", {"data/goals/adults.yaml": GOAL_EN}, "Goal with its first figure")
    b.measure("2026-03-02", {"adults/trained": 1010}, "2026-02-28", "February's figure")
    b.measure("2026-04-01", {"adults/trained": 990}, "2026-03-31", "March's figure")
    b.new("2026-02-03", "action", "courses", "--title", "Courses", "--goal", "adults")
    b.set("2026-02-16", "courses", "budget={amount: 40000}")
    b.set("2026-03-16", "courses", "budget={amount: 52500.5, currency: EUR}")
    b.set("2026-04-16", "courses", "budget={amount: 30000, currency: USD}")
    b.set("2026-05-16", "courses", "budget=")
    return b


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            [
                "2026-05-16  courses  budget removed (was USD 30,000)",
                "2026-04-16  courses  budget changed from €52,500.50 to USD 30,000",
                "2026-03-31  adults   Adults who finished a basic course: measurement 990"
                " (target 5,000), down from 1,010",
                "2026-03-16  courses  budget raised from €40,000 to €52,500.50",
                "2026-02-28  adults   Adults who finished a basic course: measurement 1,010"
                " (target 5,000), up from 640",
                "2026-02-16  courses  budget set to €40,000",
                "2026-02-03  courses  added (status: planned)",
                "2026-01-31  adults   Adults who finished a basic course: first measurement 640"
                " (target 5,000)",
                "2026-02-02  adults   added",
            ],
        ),
        (
            "nl",
            [
                "2026-05-16  courses  budget geschrapt (was USD 30.000)",
                "2026-04-16  courses  budget gewijzigd van € 52.500,50 naar USD 30.000",
                "2026-03-31  adults   Adults who finished a basic course: meting 990"
                " (doel 5.000), gedaald van 1.010",
                "2026-03-16  courses  budget verhoogd van € 40.000 naar € 52.500,50",
                "2026-02-28  adults   Adults who finished a basic course: meting 1.010"
                " (doel 5.000), gestegen van 640",
                "2026-02-16  courses  budget € 40.000",
                "2026-02-03  courses  toegevoegd (status: gepland)",
                "2026-01-31  adults   Adults who finished a basic course: eerste meting 640"
                " (doel 5.000)",
                "2026-02-02  adults   toegevoegd",
            ],
        ),
    ],
)
def test_measurements_and_budgets_in_words(tmp_path: Path, lang: str, expected: list[str]) -> None:
    b = _figures(tmp_path / lang, lang)
    lines = [
        re.sub(r"  \([^()]*\)$", "", line) for line in _lines(_log(b.root, "--since", "2026-01-06"))
    ]
    # the first measurement came with the goal's file, in the commit of 2 February
    assert sorted(lines, key=lambda x: x[:10], reverse=True) == sorted(
        expected, key=lambda x: x[:10], reverse=True
    )
    assert not any("{…}" in line or "indicators" in line for line in lines)


def test_figures_as_written_in_each_language() -> None:
    from netwerkagenda.i18n import format_money, format_number

    assert [format_number(x, "nl") for x in (1010, 5000.0, 2.5, 1234567.891, 0.001)] == [
        "1.010",
        "5.000",
        "2,5",
        "1.234.567,89",
        "0",
    ]
    assert [format_number(x, "en") for x in (1010, 2.5, 1234567.891)] == [
        "1,010",
        "2.5",
        "1,234,567.89",
    ]
    assert format_money(40000, "EUR", "nl") == "€ 40.000"
    assert format_money(1250.5, "EUR", "nl") == "€ 1.250,50"
    assert format_money(40000, "EUR", "en") == "€40,000"
    assert format_money(40000, "USD", "en") == "USD 40,000"


# --------------------------------------------------------------------------- groups


def test_group_formed_renamed_ended(tmp_path: Path) -> None:
    b = _builder(tmp_path / "r", lang="en", as_of="2026-06-30")
    b.new("2026-02-02", "group", "readers", "--title", "Readers' panel", "--kind", "working-group")
    b.set("2026-02-03", "readers", "started=2026-02-01")
    b.mv("2026-03-02", "readers", "readers-panel")
    b.set("2026-05-29", "readers-panel", "ended=2026-05-28")
    b.set("2026-05-29", "kernteam", "started=2026-09-01")  # a plan: not formed
    lines = [
        re.sub(r"  \([^()]*\)$", "", line) for line in _lines(_log(b.root, "--since", "2026-01-06"))
    ]
    assert lines == [
        "2026-05-29  kernteam       start date: – → 2026-09-01",
        "2026-05-28  readers-panel  ended",
        "2026-03-02  readers-panel  renamed: readers → readers-panel",
        # added on 2 February, its start date (1 February) filled in a day later: the
        # record says it had formed before it was added, so it is told once, as formed
        "2026-02-01  readers        formed",
    ]
    events = _events(b.root, "readers-panel", "--since", "2026-01-06")
    formed = next(e for e in events if e["what"] == "formed")
    assert formed["source"] == "both" and formed["commit"]["date"][:10] == "2026-02-03"


# --------------------------------------------------------------------------- golden logs
# The exact text of ``agenda log`` over each scenario's period (tests/scenarios.py),
# read as a programme secretary would before it was frozen, and every fact the scenario
# names found in the log. The golden files hold the log with each commit's short sha
# replaced by its number in the repository's history (``c000042``): the shas change
# whenever the files ``agenda init`` writes change, the story does not. After a
# deliberate change of the wording, ``AGENDA_GOLDEN=update pytest tests/test_log.py``
# writes them anew; read the difference before committing it.

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
        # a group whose record says it had formed when it was added is told once, as
        # formed, carrying the commit that added it
        return [
            e
            for e in mine
            if (e["kind"] == "added" and (not d or e["date"] == d[0]))
            or (
                e["kind"] == "started"
                and e["record_kind"] == "group"
                and e["commit"]
                and (not d or e["commit"]["date"][:10] == d[0])
            )
        ]
    if f.kind == "renamed":
        return [
            e
            for e in events
            if e["kind"] == "renamed"
            and renamed_ids(_renamed_event(e)) == (f.subject, d[0] if d else e["record"])
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


def _renamed_event(e: dict[str, Any]) -> Event:
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


def test_a_rename_committed_with_an_edit_is_still_a_rename(tmp_path: Path) -> None:
    """``agenda mv`` and a new title in one commit: git sees a small group file deleted
    and another added; the references the rename rewrote say it is one group."""
    b = _builder(tmp_path / "r", lang="en", as_of="2026-06-30")
    for rid in ("clubs", "packs"):
        b.new("2026-01-06", "action", rid, "--title", rid.title(), "--goal", "lezen")
        b.set("2026-01-06", rid, "group=kernteam")
    b.agenda("2026-03-02", "mv", "kernteam", "strategy-group", commit=False)
    b.agenda("2026-03-02", "set", "strategy-group", "title=Strategy group", commit=False)
    b.commit("2026-03-02", "Strategy group renamed")
    lines = _lines(_log(b.root, "--since", "2026-03-01"))
    assert lines[0] == (
        "2026-03-02  strategy-group  renamed: kernteam → strategy-group  (Anna Secretaris)"
    )
    assert not any(("added" in line or "removed" in line or "group:" in line) for line in lines)
    brief = cli("brief", "--since", "2026-03-01", "--until", "2026-03-31", cwd=b.root)
    assert brief.exit_code == 0, brief.output
    assert "Renamed: Strategy group (formerly “Kernteam”)." in brief.stdout
    assert "passed to" not in brief.stdout and "Taken off" not in brief.stdout


def test_a_record_replaced_by_another_is_not_a_rename(tmp_path: Path) -> None:
    """A deletion and an addition that no reference ties together (and git does not
    pair either) stay what they are."""
    b = _builder(tmp_path / "r", lang="en", as_of="2026-06-30")
    b.new("2026-01-06", "action", "clubs", "--title", "Reading clubs", "--goal", "lezen")
    app = "\n".join(
        [
            "title: A reading app for teenagers with its own long title",
            "goals: [lezen]",
            "status: active",
            "owner: Library North",
            "start: 2026-03-02",
            "due: 2026-12-31",
            "summary: An app in which teenagers log what they read and swap tips.",
            "",
        ]
    )
    (b.root / "data" / "actions" / "app.yaml").write_text(app, encoding="utf-8")
    os.remove(b.root / "data" / "actions" / "clubs.yaml")
    b.commit("2026-03-02", "Clubs replaced by an app")
    lines = _lines(_log(b.root, "--since", "2026-03-01"))
    assert any("app    added" in line for line in lines), lines
    assert any("clubs  removed" in line for line in lines), lines
    assert not any("renamed" in line for line in lines)


def test_show_old_says_where_it_went(tmp_path: Path) -> None:
    b = _renamed(tmp_path / "r")
    r = cli("show", "leesclubs", cwd=b.root)
    assert r.exit_code == 2
    assert r.stderr.splitlines() == [
        "error: no record with id 'leesclubs': it was renamed to 'leesclubs-jongeren' on "
        "2026-03-01",
        "hint: 'agenda show leesclubs-jongeren' shows it, with its history before the rename",
    ]
    # an id that never was stays a plain miss
    r = cli("show", "leesclub", cwd=b.root)
    assert r.exit_code == 2 and "renamed" not in r.stderr
