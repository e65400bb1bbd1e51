"""The brief's layers one by one: the records at both ends of a period, their facts,
the sections, the words; then a programme built with agenda's own commands, whose
brief must tell every change of state in the period and nothing from outside it."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from netwerkagenda.git import Commit
from netwerkagenda.history.changes import Event
from netwerkagenda.history.timeline import Period
from netwerkagenda.i18n import format_money, format_number
from netwerkagenda.model import Record
from netwerkagenda.views.brief.arrange import arrange
from netwerkagenda.views.brief.ends import Ends, record_ends
from netwerkagenda.views.brief.facts import Fact, Measurement, facts_of, measurements_of
from netwerkagenda.views.brief.items import Item, is_lead, names_subject
from netwerkagenda.views.brief.sentences import (
    fact_detail,
    fact_sentence,
    measurement_text,
    state_text,
)
from tests import brief_scenario
from tests.helpers import Builder, cache_dir, cli

D = dt.date
PERIOD = Period(D(2026, 10, 1), D(2026, 12, 31))
GOLDEN = Path(__file__).parent / "golden"


def action(rid: str = "a", **data: object) -> Record:
    return Record("action", rid, f"data/actions/{rid}.yaml", {"title": rid.title(), **data})


def group(rid: str = "g", **data: object) -> Record:
    return Record("group", rid, f"data/groups/{rid}.yaml", {"title": rid.title(), **data})


def commit(day: dt.date, n: int = 0) -> Commit:
    when = dt.datetime(day.year, day.month, day.day, 12, n, tzinfo=dt.UTC)
    return Commit(f"{n:040x}", (), when, "Anna", "anna@example.org", "edit")


def status(rid: str, day: dt.date, old: str, new: str, n: int = 0) -> Event:
    return Event(day, "status", rid, "action", rid, "status", old, new, commit=commit(day, n))


def ends(before: Record | None, after: Record | None, *events: Event, known: bool = True) -> Ends:
    rec = after or before
    assert rec is not None
    return Ends(rec.id, rec.kind, before, after, known, tuple(events))


# --------------------------------------------------------------------------- the ends


def test_record_ends_follow_a_rename_and_keep_removed_records() -> None:
    from netwerkagenda.records.repository import Repository
    from netwerkagenda.settings import Settings

    old, new, gone = action("old"), action("new"), action("gone")
    end = Repository(Path("."), Settings(), {"new": new}, {}, [])
    moved = Event(
        D(2026, 10, 3), "renamed", "new", "action", "New", "file",
        "data/actions/old.yaml", "data/actions/new.yaml", commit=commit(D(2026, 10, 3)),
    )  # fmt: skip
    out = record_ends({"old": old, "gone": gone}, end, [moved])
    assert sorted(out) == ["gone", "new"]  # one record for old → new
    assert out["new"].before is old and out["new"].after is new
    assert out["new"].old_id == "old"
    assert out["gone"].after is None and out["gone"].before is gone
    assert facts_of(out["gone"], PERIOD) == [Fact("removed", "gone", None)]
    unknown = record_ends(None, end, [])
    assert unknown["new"].known is False and unknown["new"].before is None


# --------------------------------------------------------------------------- facts


def test_the_two_ends_tell_a_change_even_without_its_event() -> None:
    """No event at all (e.g. the commits were squashed): the ends still show that the
    action finished (dated by its own done date), started, got blocked, got a budget."""
    done = facts_of(
        ends(action(status="active"), action(status="done", done=D(2026, 11, 3))), PERIOD
    )
    assert done == [Fact("finished", "a", D(2026, 11, 3))]
    started = facts_of(ends(action(status="planned"), action(status="active")), PERIOD)
    assert started == [Fact("started", "a", None)]
    blocked = facts_of(ends(action(status="active"), action(status="blocked")), PERIOD)
    assert blocked == [Fact("blocked", "a", None)]
    resumed = facts_of(ends(action(status="blocked"), action(status="active")), PERIOD)
    assert resumed == [Fact("resumed", "a", None)]
    money = facts_of(
        ends(action(status="active"), action(status="active", budget={"amount": 40000})), PERIOD
    )
    assert money == [Fact("budget", "a", None, None, (40000.0, "EUR"))]
    assert facts_of(ends(action(status="active"), action(status="active")), PERIOD) == []


def test_transitions_are_dated_by_their_commits_in_order() -> None:
    e = ends(
        action(status="active"),
        action(status="active"),
        status("a", D(2026, 10, 12), "active", "blocked", 1),
        status("a", D(2026, 11, 2), "blocked", "active", 2),
    )
    assert facts_of(e, PERIOD) == [Fact("blocked", "a", D(2026, 10, 12), until=D(2026, 11, 2))]
    # a planned start date is a plan: no "started" without a transition or the ends;
    # still planned at the end, a start day passed is a missed start
    planned = facts_of(ends(action(status="planned", start=D(2026, 10, 5)),
                            action(status="planned", start=D(2026, 10, 5))), PERIOD)  # fmt: skip
    assert planned == [Fact("not-started", "a", D(2026, 10, 5))]
    later = facts_of(ends(action(status="planned", start=D(2027, 1, 5)),
                          action(status="planned", start=D(2027, 1, 5))), PERIOD)  # fmt: skip
    assert later == []


def test_facts_from_the_events_alone_when_the_start_is_unknown() -> None:
    e = ends(
        None,
        action(status="cancelled", due=D(2027, 3, 31)),
        status("a", D(2026, 10, 25), "active", "cancelled", 3),
        Event(D(2026, 10, 10), "due", "a", "action", "A", "due", D(2026, 11, 30), D(2027, 1, 31),
              commit=commit(D(2026, 10, 10), 1), moves=1),
        Event(D(2026, 11, 15), "due", "a", "action", "A", "due", D(2027, 1, 31), D(2027, 3, 31),
              commit=commit(D(2026, 11, 15), 2), moves=2),
        known=False,
    )  # fmt: skip
    facts = facts_of(e, PERIOD)
    assert [f.kind for f in facts] == ["cancelled", "moved"]
    moved = facts[1]
    assert (moved.old, moved.via, moved.new, moved.count) == (
        D(2026, 11, 30), (D(2027, 1, 31),), D(2027, 3, 31), 2,
    )  # fmt: skip
    assert fact_sentence(moved, "en") == (
        "The due date moved twice: from 30 November 2026 via 31 January 2027 to 31 March 2027."
    )
    assert fact_sentence(moved, "nl") == (
        "De einddatum is twee keer verschoven: van 30 november 2026 via 31 januari 2027 "
        "naar 31 maart 2027."
    )


def test_a_group_formed_renamed_and_ended() -> None:
    before = group(title="Steering board")
    after = group(title="Programme board", started=D(2026, 11, 1), ended=D(2026, 12, 20))
    facts = facts_of(ends(before, after), PERIOD)
    assert [f.kind for f in facts] == ["formed", "ended", "renamed"]
    assert fact_detail(facts[2], "en") == "formerly “Steering board”"
    assert fact_detail(facts[2], "nl") == "voorheen ‘Steering board’"
    # a start date after the period is not an event
    later = group(started=D(2027, 2, 1))
    assert facts_of(ends(later, later), PERIOD) == []


def test_measurements_with_target_and_previous_value() -> None:
    goal = Record(
        "goal", "literacy", "data/goals/literacy.yaml",
        {"title": "Literacy", "indicators": [{
            "id": "adults", "title": "Adults trained", "target": 5000,
            "measurements": [{"date": D(2026, 11, 1), "value": 1010},
                             {"date": D(2026, 9, 1), "value": 640},
                             {"date": D(2027, 1, 5), "value": 1200}],
        }]},
    )  # fmt: skip
    (m,) = measurements_of(goal, PERIOD)
    assert m == Measurement(
        "literacy", "adults", "Adults trained", None, 5000.0, D(2026, 11, 1), 1010.0,
        640.0, D(2026, 9, 1),
    )  # fmt: skip
    assert (
        measurement_text(m, "nl")
        == "1.010 van de 5.000 op 1 november 2026 (was 640 op 1 september 2026)"
    )
    assert (
        measurement_text(m, "en")
        == "1,010 of 5,000 on 1 November 2026 (up from 640 on 1 September 2026)"
    )


@pytest.mark.parametrize(
    ("value", "nl", "en"),
    [
        (40000, "€ 40.000", "€40,000"),
        (95_000_000, "€ 95.000.000", "€95,000,000"),
        (12500.5, "€ 12.500,50", "€12,500.50"),
        (1_234_567, "€ 1.234.567", "€1,234,567"),
    ],
)
def test_money_in_both_languages(value: float, nl: str, en: str) -> None:
    assert format_money(value, "EUR", "nl") == nl
    assert format_money(value, "EUR", "en") == en
    assert format_money(300, "USD", "en") == "USD 300"
    assert (format_number(1010, "nl"), format_number(1010, "en")) == ("1.010", "1,010")


# --------------------------------------------------------------------------- sections


def _item(
    rid: str, facts: list[Fact], notes: list[str] = (), goal: str = "g1", **data: object
) -> Item:  # type: ignore[assignment]
    rec = action(rid, goals=[goal], status=data.pop("status", "active"), **data)
    evs = [
        Event(D(2026, 10, 2), "update", rid, "action", rec.title, text=t, source="data")
        for t in notes
    ]
    return Item(Ends(rid, "action", rec, rec, True, tuple(evs)), facts, evs, evs)


def _goals(n: int) -> list[Record]:
    return [
        Record("goal", f"g{i}", f"data/goals/g{i}.yaml", {"title": f"Goal {i}"})
        for i in range(1, n + 1)
    ]


def test_a_short_letter_is_one_run_and_a_long_one_has_a_section_per_goal() -> None:
    few = [
        _item(f"a{i}", [Fact("finished", f"a{i}", D(2026, 11, i))], [f"Note {i}."])
        for i in range(1, 4)
    ]
    letter = arrange(few, _goals(2), [])
    assert not letter.by_goal and [s.kind for s in letter.sections] == ["items"]
    many = [
        _item(
            f"a{i:02}",
            [Fact("started", f"a{i:02}", D(2026, 11, 1))],
            [f"Note {i}."],
            goal=f"g{i % 3 + 1}",
        )
        for i in range(30)
    ]
    many.append(_item("big", [Fact("finished", "big", D(2026, 12, 1))], ["Done."], goal="g2"))
    letter = arrange(many, _goals(3), [])
    assert letter.by_goal
    assert [s.title for s in letter.sections] == ["Goal 1", "Goal 2", "Goal 3"]
    # every item told once; the finished one first in its section
    told = [it.id for s in letter.sections for it in [*s.full, *s.lines]]
    assert sorted(told) == sorted(it.id for it in many)
    assert letter.sections[1].full[0].id == "big"
    assert all(len(s.full) <= 8 for s in letter.sections)


def test_a_note_goes_in_the_summary_only_when_it_names_its_subject() -> None:
    assert names_subject("De HRD-agenda is volop in uitvoering.", "HRD-agenda")
    assert names_subject(
        "De uitrol van de Informatiepunten loopt.", "Informatiepunt in elke bibliotheek"
    )
    assert not names_subject("Grant of €40,000 awarded.", "Reading promotion fund")
    assert is_lead(_item("hrd-agenda", [], ["The hrd-agenda runs well."], title="HRD-agenda"))
    assert not is_lead(_item("fund", [], ["Grant of €40,000 awarded."], title="Reading fund"))
    # a note beside a change of state is told with its record
    assert not is_lead(_item("app", [Fact("started", "app", None)], ["The app runs."], title="App"))


def test_the_state_line_never_tells_an_expectation_for_a_done_or_blocked_action() -> None:
    until, horizon = D(2026, 9, 30), D(2026, 12, 31)
    done = _item("a", [], status="done", due=D(2027, 9, 30))
    assert state_text(done, until, horizon, "en") is None
    blocked = _item("b", [], status="blocked", due=D(2027, 9, 30))
    assert state_text(blocked, until, horizon, "en") == "This is on hold for now."
    active = _item("c", [], status="active", due=D(2027, 9, 30))
    assert (
        state_text(active, until, horizon, "en") == "We expect this to be ready in September 2027."
    )
    assert (
        state_text(active, until, horizon, "nl")
        == "Naar verwachting is dit in september 2027 gereed."
    )


# --------------------------------------------------------------------------- a programme


@pytest.fixture(scope="module")
def programme(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return brief_scenario.build(tmp_path_factory.mktemp("scenario") / "libraries-connect").root


def _brief(root: Path, *extra: str) -> str:
    r = cli(
        "brief", "--since", brief_scenario.SINCE, "--until", brief_scenario.UNTIL, *extra, cwd=root
    )
    assert r.exit_code == 0, r.output
    return r.stdout


def _headings_have_text(text: str) -> None:
    lines = [line for line in text.splitlines() if line.strip()]
    for i, line in enumerate(lines):
        if line.startswith("#"):
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            level = len(line) - len(line.lstrip("#"))
            assert nxt and not (nxt.startswith("#") and len(nxt) - len(nxt.lstrip("#")) <= level), (
                line
            )


def test_the_brief_tells_every_change_of_state_with_its_subject(programme: Path) -> None:
    text = _brief(programme)
    missing = [f for f in brief_scenario.FACTS if f not in text]
    assert not missing, missing
    wrong = [m for m in brief_scenario.MUST_NOT if m in text]
    assert not wrong, wrong
    _headings_have_text(text)
    # the note about money is told in its action's own section, not floating
    fund = text.split("## Reading promotion fund\n\n", 1)[1].split("\n\n", 1)[0]
    assert "Grant of €40,000 awarded." in fund
    # each record told once in the body (the outlook looks ahead, apart)
    body = text.split("## Coming up")[0]
    for title in ("Pilot with schools", "Printed catalogue", "Volunteer training", "Library app"):
        assert body.count(title) == 1, title
    # the outlook never promises a blocked, cancelled or done action
    outlook = text.split("## Coming up", 1)[1].split("---")[0]
    for title in ("Outreach plan", "Printed catalogue", "Pilot with schools", "Volunteer"):
        assert title not in outlook


def test_the_same_brief_in_dutch(programme: Path) -> None:
    text = _brief(programme, "--lang", "nl")
    for fact in (
        "Afgerond: Pilot with schools (20 november 2026).",
        "Deze actie is op 5 oktober 2026 van start gegaan.",
        "Hiervoor is € 40.000 begroot.",
        "De einddatum is twee keer verschoven: van 30 november 2026 via 31 januari 2027 naar "
        "31 maart 2027.",
        "1.010 van de 5.000 op 1 november 2026 (was 640 op 1 september 2026)",
        "Vervallen: Printed catalogue (25 oktober 2026).",
    ):
        assert fact in text, fact
    _headings_have_text(text)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_golden_brief(programme: Path, lang: str) -> None:
    """The exact text, read as the programme secretary who sends it."""
    text = _brief(programme, "--lang", lang)
    shorts = subprocess.run(
        ["git", "log", "--reverse", "--format=%h"], cwd=programme, capture_output=True, text=True,
        check=True,
    ).stdout.split()  # fmt: skip
    path = GOLDEN / f"brief-libraries-connect.{lang}.md"
    if os.environ.get("AGENDA_GOLDEN") == "update":  # after a deliberate change of wording
        marked = text.replace(f" {shorts[2]} (", " {first} (").replace(
            f" {shorts[13]} (", " {last} ("
        )
        path.write_text(marked, encoding="utf-8")
    golden = path.read_text(encoding="utf-8")
    assert text == golden.replace("{first}", shorts[2]).replace("{last}", shorts[13])


def test_same_bytes_cold_and_warm(programme: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(programme, copy)
    shutil.rmtree(cache_dir(copy), ignore_errors=True)
    cold = _brief(copy)
    assert cache_dir(copy).exists()
    assert _brief(copy) == cold == _brief(programme)


def test_a_period_before_the_first_commit_tells_what_git_saw(programme: Path) -> None:
    """No state from before the period: the facts come from the events alone."""
    r = cli("brief", "--since", "2026-01-01", "--until", "2026-12-31", cwd=programme)
    assert r.exit_code == 0, r.output
    assert "Finished: Pilot with schools (20 November 2026)" in r.stdout or (
        "Pilot with schools" in r.stdout
        and re.search(r"(This action|It) was finished on 20 November 2026\.", r.stdout)
    )
    assert "Summer reading campaign" in r.stdout  # finished in September, in this period
    assert re.search(r"\bSeptember 2026\b", r.stdout)


def test_a_record_neither_end_has_is_told_from_its_events() -> None:
    """Removed while the start is unknown (git has no state from before the period):
    the events still name it, and the brief says it was removed."""
    from netwerkagenda.records.repository import Repository
    from netwerkagenda.settings import Settings

    end = Repository(Path("."), Settings(), {}, {}, [])
    gone = Event(D(2026, 10, 9), "removed", "gone", "action", "Gone for good",
                 commit=commit(D(2026, 10, 9)))  # fmt: skip
    out = record_ends(None, end, [gone])
    assert out["gone"].record.title == "Gone for good"
    assert facts_of(out["gone"], PERIOD) == [Fact("removed", "gone", D(2026, 10, 9))]


# --------------------------------------------------------------------------- the secretary's review


def _note(rid: str, day: dt.date, text: str) -> Event:
    return Event(day, "update", rid, "action", rid.title(), text=text, source="data")


def test_a_late_finish_says_how_late() -> None:
    e = ends(
        action(status="active", due=D(2026, 10, 20)),
        action(status="done", due=D(2026, 10, 20), done=D(2026, 11, 2)),
        status("a", D(2026, 11, 2), "active", "done"),
    )
    (f,) = facts_of(e, PERIOD)
    assert f == Fact("finished", "a", D(2026, 11, 2), old=D(2026, 10, 20))
    assert fact_sentence(f, "nl") == (
        "Dit is op 2 november 2026 afgerond, 13 dagen na de geplande einddatum van 20 oktober 2026."
    )
    on_time = facts_of(
        ends(action(status="active", due=D(2026, 12, 1)),
             action(status="done", due=D(2026, 12, 1), done=D(2026, 11, 2))), PERIOD,
    )  # fmt: skip
    assert on_time == [Fact("finished", "a", D(2026, 11, 2))]
    assert "dagen" not in fact_sentence(on_time[0], "nl")


def test_a_missed_start_is_told_and_a_started_action_never_gets_one() -> None:
    planned = action(status="planned", start=D(2026, 5, 1))
    (f,) = facts_of(ends(planned, planned), PERIOD)  # the start lies before the period
    assert fact_sentence(f, "nl") == "Dit had op 1 mei 2026 moeten starten en is nog niet gestart."
    assert fact_sentence(f, "en") == (
        "This was planned to start on 1 May 2026 and has not started yet."
    )
    started = action(status="active", start=D(2026, 5, 1))
    assert facts_of(ends(started, started), PERIOD) == []


def test_a_budget_git_reads_is_told_when_the_start_is_unknown() -> None:
    b = {"amount": 250000, "currency": "EUR"}
    ev = Event(
        D(2026, 10, 2), "budget", "a", "action", "A", "budget", None, b,
        commit=commit(D(2026, 10, 2)),
    )  # fmt: skip
    facts = facts_of(ends(None, action(status="planned", budget=b), ev, known=False), PERIOD)
    assert Fact("budget", "a", D(2026, 10, 2), None, (250000.0, "EUR")) in facts


def test_the_paragraph_tells_notes_and_facts_in_date_order() -> None:
    from netwerkagenda.views.brief.sentences import paragraph_of

    rec = action(status="active")
    notes = [_note("a", D(2026, 10, 20), "Aannemer failliet; nieuwe aanbesteding nodig.")]
    facts = [Fact("added", "a", D(2026, 10, 1)), Fact("started", "a", D(2026, 10, 5)),
             Fact("cancelled", "a", D(2026, 11, 3))]  # fmt: skip
    item = Item(Ends("a", "action", None, rec, True, tuple(notes)), facts, notes, notes)
    assert paragraph_of(item, "nl") == (
        "We hebben dit op 1 oktober 2026 aan de agenda toegevoegd. "
        "Deze actie is op 5 oktober 2026 van start gegaan. "
        "20 oktober 2026: Aannemer failliet; nieuwe aanbesteding nodig. "
        "Deze actie is op 3 november 2026 geschrapt."
    )  # never "Aannemer failliet. We hebben dit … toegevoegd."


def test_a_note_that_tells_a_fact_never_replaces_it() -> None:
    """The fact is the record's, the note the user's: a note that says "resumed" or
    "cancelled" is told beside the fact, and the fact is told once."""
    from netwerkagenda.views.brief.sentences import paragraph_of

    rec = action(status="active")
    notes = [_note("a", D(2026, 11, 1), "Verwerkersovereenkomst getekend; het werk is hervat.")]
    resumed = Fact("resumed", "a", D(2026, 11, 1), old=D(2026, 9, 14))
    item = Item(Ends("a", "action", rec, rec, True, tuple(notes)), [resumed], notes, notes)
    assert paragraph_of(item, "nl") == (
        "Verwerkersovereenkomst getekend; het werk is hervat. "
        "Deze actie lag sinds 14 september 2026 stil en is op 1 november 2026 weer opgepakt."
    )
    notes = [_note("a", D(2026, 11, 3), "Cancelled: the partner withdrew.")]
    gone = Fact("cancelled", "a", D(2026, 11, 3))
    item = Item(Ends("a", "action", rec, rec, True, tuple(notes)), [gone], notes, notes)
    text = paragraph_of(item, "en")
    assert text == "Cancelled: the partner withdrew. This action was cancelled on 3 November 2026."
    assert text.count("3 November 2026") == 1


def test_a_note_that_says_nothing_or_says_it_again_is_not_told() -> None:
    from netwerkagenda.views.brief.items import is_empty_note, items_of

    rec = action(status="planned")
    evs = (_note("a", D(2026, 10, 2), "Overleg gevoerd."), _note("a", D(2026, 11, 2), "Overleg gevoerd."),
           _note("a", D(2026, 11, 9), "Offerte ontvangen."), _note("a", D(2026, 11, 9), "Offerte ontvangen."))  # fmt: skip
    (item,) = items_of({"a": Ends("a", "action", rec, rec, True, evs)}, PERIOD)
    assert [n.text for n in item.story] == ["Offerte ontvangen."]
    assert is_empty_note("Meeting held.") and not is_empty_note("Meeting with the council held.")


def test_the_outlook_and_the_state_say_when_an_action_went_quiet() -> None:
    from netwerkagenda.records.repository import Repository
    from netwerkagenda.settings import Settings
    from netwerkagenda.views.brief.context import _outlook

    until = D(2026, 12, 31)
    quiet = action("quiet", status="active", start=D(2026, 3, 1), due=D(2027, 2, 1),
                   updates=[{"date": D(2026, 4, 20), "text": "Gestart."}])  # fmt: skip
    busy = action("busy", status="active", start=D(2026, 3, 1), due=D(2027, 2, 1),
                  updates=[{"date": D(2026, 12, 1), "text": "Loopt."}])  # fmt: skip
    end = Repository(Path("."), Settings(), {"quiet": quiet, "busy": busy}, {}, [])
    upcoming, _, _ = _outlook(end, until, D(2027, 3, 31), "nl", set())
    by_id = {u["id"]: u for u in upcoming}
    assert by_id["quiet"]["quiet_since_text"] == "20 april 2026"
    assert by_id["busy"]["quiet_since"] is None
    item = Item(Ends("quiet", "action", quiet, quiet, True), [], [], [])
    text = state_text(item, until, D(2027, 1, 1), "nl")
    assert text == (
        "Naar verwachting is dit in februari 2027 gereed. "
        "Het laatste bericht hierover is van 20 april 2026."
    )


def test_small_counts_in_words() -> None:
    from netwerkagenda.views.brief.sentences import count_word

    assert [count_word(n, "nl") for n in (1, 3, 12, 13)] == ["één", "drie", "twaalf", "13"]
    assert count_word(2, "en") == "two"


def test_a_short_letter_keeps_a_goals_items_together() -> None:
    """Flat or by goal is a matter of size; in a flat letter the items still come goal
    by goal, never in an order a reader cannot explain."""
    done = _item("done", [Fact("finished", "done", D(2026, 10, 3))], ["Klaar."], goal="g2")
    moved = _item("moved", [Fact("moved", "moved", D(2026, 10, 9), D(2026, 11, 1),
                                 D(2027, 1, 1))], ["Later."], goal="g1")  # fmt: skip
    also = _item("also", [Fact("cancelled", "also", D(2026, 10, 5))], ["Weg."], goal="g2")
    letter = arrange([done, moved, also], _goals(2), [])
    assert not letter.by_goal
    assert [it.id for it in letter.sections[0].full] == ["moved", "done", "also"]


def test_one_group_formed_is_named_in_the_sentence(programme: Path) -> None:
    text = _brief(programme, "--lang", "nl")
    part = text.split("## Netwerksturing", 1)[1].split("\n## ", 1)[0]
    assert "één werkgroep van start gegaan, op 1 november 2026: " in part
    assert "\n- " not in part  # no list of one


def test_an_action_passed_to_another_group_is_told() -> None:
    ev = Event(
        D(2026, 10, 15), "group", "a", "action", "A", "group", "stuurgroep", "werkgroep",
        commit=commit(D(2026, 10, 15)),
    )  # fmt: skip
    e = ends(action(status="planned", group="stuurgroep"),
             action(status="planned", group="werkgroep"), ev)  # fmt: skip
    assert facts_of(e, PERIOD) == [
        Fact("regrouped", "a", D(2026, 10, 15), "stuurgroep", "werkgroep")
    ]
    told = Fact("regrouped", "a", D(2026, 10, 15), "Stuurgroep", "Werkgroep Droogte")
    assert (
        fact_sentence(told, "nl") == "Dit is op 15 oktober 2026 overgedragen aan Werkgroep Droogte."
    )
    unknown = ends(None, action(status="planned", group="werkgroep"), ev, known=False)
    assert [f.kind for f in facts_of(unknown, PERIOD)] == ["regrouped"]


# --------------------------------------------------------------------------- items told


def test_told_items_name_groups_and_leave_goals_and_the_launch_out() -> None:
    """A handover names the groups by title, a renamed group's actions are no
    handover, a goal only added is a section (no news), and news all on the launch
    day is the opening's."""
    from netwerkagenda.views.brief.items import told_items

    launch = D(2026, 10, 1)
    a, b = action("a", group="g2"), action("b", group="new-g")
    goal = Record("goal", "o", "data/goals/o.yaml", {"title": "O"})
    records = {"g1": group("g1"), "g2": group("g2"), "new-g": group("new-g")}
    e = {
        "a": ends(a, a),
        "b": ends(b, b),
        "o": ends(None, goal),
        "l": ends(action("l"), action("l")),
        "new-g": Ends("new-g", "group", group("old-g"), group("new-g"), True, (), "old-g"),
    }
    items = [
        Item(e["a"], [Fact("regrouped", "a", D(2026, 10, 5), "g1", "g2")], [], []),
        Item(e["b"], [Fact("regrouped", "b", D(2026, 10, 5), "old-g", "new-g")], [], []),
        Item(e["o"], [Fact("added", "o", D(2026, 10, 2))], [], []),
        Item(e["l"], [Fact("added", "l", launch)], [_note("l", launch, "Van start.")], []),
    ]
    told, launch_notes = told_items(items, e, records, launch)
    assert [it.id for it in told] == ["a"]
    assert told[0].facts == [Fact("regrouped", "a", D(2026, 10, 5), "G1", "G2")]
    assert [n.text for n in launch_notes] == ["Van start."]


def test_the_rendered_markdown_is_tidied() -> None:
    from netwerkagenda.views.brief.render import tidy

    text = "\n\n# Titel  \nTekst\n\n\n\nMeer\x07\n---\nSlot\n\n"
    assert tidy(text) == "# Titel\n\nTekst\n\nMeer\\u0007\n\n---\n\nSlot\n"


# --------------------------------------------------------------------------- a secretary's programme


def _secretary_settings(text: str) -> str:
    text = re.sub(r'^name = ".*"$', 'name = "Green Schools"', text, flags=re.M)
    text = re.sub(r"^start = .*$", "start = 2026-01-01", text, flags=re.M)
    text = re.sub(r"^end = [0-9-]+", "end = 2026-12-31", text, flags=re.M)
    # the English vocabulary 'agenda init --lang en' writes, and a kind of the user's own
    return text.replace('"working-group"]', '"working-group", "advisory-panel"]')


def _build_secretary(root: Path) -> Path:
    """A programme as a new user builds it with agenda's own commands, backdated: budgets
    changed after the addition, actions late at the end, one on hold before a period
    and resumed in it, one cancelled, a deadline moved, groups of English kinds."""
    b = Builder(root, "Europe/Amsterdam", {"Sam Secretary": "sam@example.org"})
    b.init("2026-01-12", "en", _secretary_settings, "Set up")
    b.new("2026-01-14", "goal", "schools", "--title", "Greener schools")
    for rid, title, kind in (
        ("steering", "Programme steering group", "steering-group"),
        ("energy", "Energy strategy group", "strategy-group"),
        ("curriculum", "Curriculum strategy group", "strategy-group"),
        ("panel", "Parents' panel", "advisory-panel"),
    ):
        b.new("2026-01-14", "group", rid, "--title", title, "--kind", kind,
              "--started", "2026-01-14")  # fmt: skip
    b.new("2026-04-20", "group", "procurement", "--title", "Procurement working group",
          "--kind", "working-group", "--started", "2026-04-20")  # fmt: skip
    for rid, title, start, due, extra in (
        ("playgrounds", "Green playgrounds", "2026-09-01", "2026-12-15",
         ["-s", "budget={amount: 40000, currency: EUR}"]),
        ("pilot", "Solar pilot", "2026-02-02", "2026-05-31", []),
        ("study", "Heat pump study", "2026-03-02", "2026-06-30", []),
        ("bike", "Bike to school", "2026-04-01", "2026-06-30", []),
        ("training", "Teacher training", "2026-02-16", "2026-09-30", []),
    ):  # fmt: skip
        b.new("2026-01-20", "action", rid, "--title", title, "--goal", "schools",
              "--group", "energy", "--start", start, "--due", due, *extra)  # fmt: skip
    for day, rid, assignment, note in (
        ("2026-02-02", "pilot", "status=active", "Installer contracted."),
        ("2026-02-16", "training", "status=active", "First training day held."),
        ("2026-03-02", "study", "status=active", None),
        ("2026-03-16", "study", "status=blocked", "Waiting for the subsidy decision."),
        ("2026-05-11", "study", "status=active", "Subsidy granted; study resumed."),
        ("2026-06-08", "training", "due=2026-11-30", "Trainers postponed; deadline moved to November."),
        ("2026-06-15", "bike", "status=cancelled", "Cancelled: the towns run their own campaign."),
        ("2026-06-22", "playgrounds", "budget={amount: 55000, currency: EUR}", None),
    ):  # fmt: skip
        b.set(day, rid, assignment, *(["--note", note, "--date", day] if note else []))
    b.note("2026-06-01", "pilot", "Panels installed at four of the five schools.")
    b.note("2026-07-28", "training", "Second group trained.")
    return root


@pytest.fixture(scope="module")
def secretary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build_secretary(tmp_path_factory.mktemp("secretary") / "green-schools")


def _letter(root: Path, since: str, lang: str = "en") -> str:
    r = cli("brief", "--since", since, "--until", "2026-07-28", "--lang", lang, cwd=root)
    assert r.exit_code == 0, r.output
    return r.stdout


def _block(text: str, heading: str) -> str:
    """The paragraph under ``### heading`` (or ``## heading``)."""
    m = re.search(rf"^##+ {re.escape(heading)}\n\n(.*?)\n\n", text, flags=re.M | re.S)
    assert m, heading
    return m.group(1)


def test_a_budget_changed_after_the_addition_is_told_from_and_to(secretary: Path) -> None:
    whole = _letter(secretary, "2026-01-01")
    assert _block(whole, "Green playgrounds") == (
        "We added this to the agenda on 20 January 2026. A budget of €40,000 was set aside "
        "for this. On 22 June 2026 the budget went up from €40,000 to €55,000."
    )
    assert "Budget: Green playgrounds (€40,000 → €55,000)." in _letter(secretary, "2026-05-01")
    dutch = _letter(secretary, "2026-01-01", "nl")
    assert "Hiervoor is € 40.000 begroot. Op 22 juni 2026 is het budget verhoogd van € 40.000 " \
        "naar € 55.000." in dutch  # fmt: skip


def test_an_action_late_at_the_end_is_told_late_and_never_promised(secretary: Path) -> None:
    for since in ("2026-01-01", "2026-05-01"):
        text = _letter(secretary, since)
        assert _block(text, "Solar pilot").endswith(
            "This action was due on 31 May 2026 and has not been finished yet."
        )
        assert re.search(
            r"(This action|It) was due on 30 June 2026 and has not been finished yet\.$",
            _block(text, "Heat pump study"),
        )
        outlook = text.split("## Coming up\n", 1)[1].split("\n---", 1)[0]
        assert (
            "- Solar pilot (31 May 2026) and Heat pump study (30 June 2026) are past their "
            "due date and have no new date yet." in outlook
        )
        assert "Bike to school" not in outlook  # cancelled
        assert "Solar pilot is due" not in outlook
    dutch = _letter(secretary, "2026-05-01", "nl")
    assert "Deze actie had op 31 mei 2026 af moeten zijn en is nog niet afgerond." in dutch
    assert "zijn over de einddatum en hebben nog geen nieuwe datum." in dutch


def test_a_resume_and_a_cancellation_are_told_beside_the_note(secretary: Path) -> None:
    """On hold before the period and resumed in it: since when it had been on hold; a
    note that says "resumed" or "Cancelled" never replaces the fact."""
    text = _letter(secretary, "2026-05-01")
    assert _block(text, "Heat pump study").startswith(
        "Subsidy granted; study resumed. This action had been on hold since 16 March 2026 "
        "and resumed on 11 May 2026."
    )
    assert _block(text, "Bike to school") == (
        "Cancelled: the towns run their own campaign. This action was cancelled on 15 June 2026."
    )
    dutch = _letter(secretary, "2026-05-01", "nl")
    assert "Deze actie lag sinds 16 maart 2026 stil en is op 11 mei 2026 weer opgepakt." in dutch
    # the whole period: the block is inside it, told as a span
    whole = _block(_letter(secretary, "2026-01-01"), "Heat pump study")
    assert "was on hold from 16 March 2026 to 11 May 2026." in whole


def test_group_kinds_read_as_words(secretary: Path) -> None:
    part = _letter(secretary, "2026-01-01").split("## Steering structure\n", 1)[1]
    part = part.split("\n## ", 1)[0]
    assert (
        "one steering group, two strategy groups, one working group and one advisory panel "
        "started" in part
    )
    assert "- strategy groups: Curriculum strategy group (14 January 2026); Energy strategy" in part
    assert "-group" not in part and "advisory-panel" not in part
    dutch = _letter(secretary, "2026-01-01", "nl")
    assert "één stuurgroep, twee strategiegroepen, één werkgroep en één advisory panel" in dutch


def test_one_form_for_a_fact_about_this_record(secretary: Path) -> None:
    """A fact's sentence names its subject the same way everywhere in a letter: "This
    action …" ("It …" right after another fact about it), never a bare "This …"."""
    for since in ("2026-01-01", "2026-05-01"):
        text = _letter(secretary, since)
        assert not re.search(r"(^|\. )This (started|was|has|had|is) ", text, flags=re.M)
        assert "This action started on 2 February 2026." in _letter(secretary, "2026-01-01")
        dutch = _letter(secretary, since, "nl")
        assert not re.search(r"(^|\. )Dit (is|ligt|lag|had|heette) ", dutch, flags=re.M)


def test_a_deadline_moved_once_is_told_with_its_reason(secretary: Path) -> None:
    text = _letter(secretary, "2026-05-01")
    assert _block(text, "Teacher training").startswith(
        "On 8 June 2026 the due date moved from 30 September 2026 to 30 November 2026. "
        "Trainers postponed; deadline moved to November."
    )
    assert "The due date moved" not in _block(text, "Teacher training")


def test_a_budget_decided_and_changed_in_the_period_is_two_facts() -> None:
    def budget(day: dt.date, old: int | None, new: int) -> Event:
        amounts = [{"amount": a, "currency": "EUR"} if a else None for a in (old, new)]
        return Event(day, "budget", "a", "action", "A", "budget", *amounts, commit=commit(day))

    after = action(status="planned", budget={"amount": 55000, "currency": "EUR"})
    evs = (budget(D(2026, 10, 2), None, 40000), budget(D(2026, 11, 20), 40000, 55000))
    for known in (True, False):
        facts = [f for f in facts_of(ends(None, after, *evs, known=known), PERIOD)
                 if f.kind == "budget"]  # fmt: skip
        assert facts == [
            Fact("budget", "a", D(2026, 10, 2), None, (40000.0, "EUR")),
            Fact("budget", "a", D(2026, 11, 20), (40000.0, "EUR"), (55000.0, "EUR")),
        ]
    assert fact_sentence(facts[1], "en") == (
        "On 20 November 2026 the budget went up from €40,000 to €55,000."
    )
    assert fact_sentence(Fact("budget", "a", None, (1.0, "EUR"), (2.0, "EUR")), "nl") == (
        "Het budget is verhoogd van € 1 naar € 2."
    )


def test_past_its_due_date_at_the_end_is_a_fact_of_an_open_action_only() -> None:
    for st in ("active", "planned", "blocked"):
        rec = action(status=st, due=D(2026, 9, 30))
        assert Fact("overdue", "a", D(2026, 9, 30)) in facts_of(ends(rec, rec), PERIOD)
    for st in ("done", "cancelled"):
        rec = action(status=st, due=D(2026, 9, 30))
        assert not any(f.kind == "overdue" for f in facts_of(ends(rec, rec), PERIOD))
    on_time = action(status="active", due=D(2026, 12, 31))  # due on the last day: not late
    assert facts_of(ends(on_time, on_time), PERIOD) == []
    f = Fact("overdue", "a", D(2026, 9, 30))
    assert (
        fact_sentence(f, "en") == "This was due on 30 September 2026 and has not been finished yet."
    )
    assert fact_detail(f, "nl") == "30 september 2026"


def test_group_kinds_of_both_vocabularies_are_words() -> None:
    from netwerkagenda.settings import DEFAULT_GROUP_KINDS, ENGLISH_GROUP_KINDS
    from netwerkagenda.views.brief.sentences import kind_plural, short_name

    for lang in ("nl", "en"):
        for kind in DEFAULT_GROUP_KINDS + ENGLISH_GROUP_KINDS:
            assert "-" not in kind_plural(kind, 1, lang) + kind_plural(kind, 2, lang), kind
    assert kind_plural("strategy-group", 2, "en") == "strategy groups"
    assert kind_plural("strategy-group", 2, "nl") == "strategiegroepen"
    assert kind_plural("koersgroep", 9, "en") == "koersgroepen"  # a Dutch name stays Dutch
    # a kind of the user's own: its identifier as words
    assert kind_plural("advisory-panel", 1, "en") == "advisory panel"
    assert kind_plural("advisory-panel", 3, "en") == "advisory panels"
    assert kind_plural("leer-groep", 2, "nl") == "leer groepen"
    assert short_name("Steering group Schools", "steering-group", "en") == "Schools"
    assert short_name("Koersgroep Collectie", "koersgroep", "nl") == "Collectie"


def test_an_action_added_under_way_is_told_to_have_started() -> None:
    """Added with status active and a start date on or before the commit that added
    it: the record and git agree that it started then. A start outside the period, a
    start after the commit or an action added as planned tell no start."""

    def added(day: dt.date, state: str) -> Event:
        return Event(day, "added", "a", "action", "A", new=state, commit=commit(day))

    day = D(2026, 10, 10)
    running = action(status="active", start=day)
    (f,) = [
        f for f in facts_of(ends(None, running, added(day, "active")), PERIOD) if f.kind != "added"
    ]
    assert (f.kind, f.date) == ("started", day)
    for after, state in (
        (action(status="active", start=D(2026, 5, 1)), "active"),  # before the period
        (action(status="active", start=D(2026, 10, 20)), "active"),  # after the commit
        (action(status="planned", start=day), "planned"),
    ):
        kinds = [f.kind for f in facts_of(ends(None, after, added(day, state)), PERIOD)]
        assert "started" not in kinds, (after.data, kinds)


def test_an_indicator_line_says_where_the_period_started_from() -> None:
    """Two measurements in the period: the line gives the latest, the one before it,
    and the last one before the period, so the growth over the period shows."""
    from netwerkagenda.views.brief.context import _figures

    goal = Record(
        "goal",
        "lezen",
        "data/goals/lezen.yaml",
        {
            "title": "Lezen",
            "indicators": [
                {
                    "id": "clubs",
                    "title": "Reading clubs",
                    "target": 60,
                    "measurements": [
                        {"date": D(2026, 9, 1), "value": 20},
                        {"date": D(2026, 10, 31), "value": 31},
                        {"date": D(2026, 12, 1), "value": 38},
                    ],
                }
            ],
        },
    )
    (line,) = _figures(measurements_of(goal, PERIOD), "en", {})
    assert line["text"] == (
        "38 of 60 on 1 December 2026 (up from 31 on 31 October 2026); "
        "before this period 20 (1 September 2026)"
    )
    (one,) = _figures(measurements_of(goal, Period(D(2026, 11, 1), D(2026, 12, 31))), "en", {})
    assert one["text"] == "38 of 60 on 1 December 2026 (up from 31 on 31 October 2026)"


_NOTE_WORDS = ["ok", "geen", "nieuws", "meeting", "held", "Informatiepunten", "bibliotheek", "-"]


@settings(max_examples=300)
@given(
    hs.lists(
        hs.tuples(hs.sampled_from(_NOTE_WORDS), hs.sampled_from(["", " ", ", ", "\n"])),
        max_size=8,
    ),
    hs.sampled_from(["Informatiepunt digitale overheid", "Bibliotheek op school", "x"]),
)
def test_a_note_is_judged_by_all_its_words(parts: list[tuple[str, str]], title: str) -> None:
    """The early-stopping readings of a note (items.is_empty_note, names_subject) give
    the answers of reading all its words."""
    from netwerkagenda.views.brief.items import is_empty_note
    from netwerkagenda.views.brief.words import note_words

    text = "".join(w + sep for w, sep in parts)
    words = re.findall(r"\w+", text.lower())
    empty = note_words().empty
    assert is_empty_note(text) == (bool(words) and len(words) <= 4 and set(words) <= empty)
    stems = {w[:6] for w in re.findall(r"\w{5,}", title.lower())}
    assert names_subject(text, title) == any(
        w[:6] in stems for w in re.findall(r"\w{5,}", text.lower())
    )
