"""What changed in a period, per record: the facts a brief tells.

The brief does not trust any one source. For every record it looks at its state at
both ends of the period (the repository at ``since`` and at ``until``, read from git)
and at the events between (:mod:`netwerkagenda.history`), so a change is told even
where an event is missing, and nothing is told that the two ends contradict.

Two layers, each a small function:

1. :func:`record_ends`: per record its state at the start (``before``) and at the end
   (``after``) of the period and its events in between (:class:`Ends`);
2. :func:`facts_of`: the changes of state one record went through (:class:`Fact`:
   finished on, started, blocked and resumed, cancelled, added, removed, due date moved
   from → to, budget decided or changed, renamed, a group formed or ended), and
   :func:`measurements_of`: a goal's indicator measurements in the period, each with
   its target and the value before it.

:func:`fact_sentence` and :func:`fact_detail` say a fact in Dutch or English.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from netwerkagenda.i18n import format_date, format_money, format_number, lang_of
from netwerkagenda.model import budget_value

if TYPE_CHECKING:
    from netwerkagenda.history.changes import Event
    from netwerkagenda.history.timeline import Period
    from netwerkagenda.model import Record
    from netwerkagenda.records.repository import Repository

# the kinds of fact, most important first (the order a record's facts are told in)
FACT_KINDS = (
    "finished",
    "cancelled",
    "budget",
    "formed",
    "ended",
    "blocked",
    "resumed",
    "started",
    "moved",
    "not-started",
    "regrouped",
    "added",
    "removed",
    "renamed",
)
_ORDER = {k: i for i, k in enumerate(FACT_KINDS)}


@dataclass(frozen=True)
class Ends:
    """One record at both ends of a period. ``before`` is ``None`` when the record did
    not exist at the start, or when the start is unknown (``known`` false: git has no
    state from before the period); ``after`` is ``None`` for a record removed. One of
    them is always there (for a record neither end has, ``before`` holds what its
    events knew: its kind, id and title)."""

    id: str
    kind: str
    before: Record | None
    after: Record | None
    known: bool
    events: tuple[Event, ...] = ()
    old_id: str | None = None  # the id at the start, when the record was renamed

    @property
    def record(self) -> Record:
        rec = self.after or self.before
        assert rec is not None
        return rec


@dataclass(frozen=True)
class Fact:
    """One change of state of one record in the period. ``date`` is ``None`` when the
    ends of the period show the change but no event dates it. ``via``: for ``moved``,
    the due dates between ``old`` and ``new``; ``count`` how often it moved. For
    ``blocked``, ``until`` is the day it resumed (``None``: still blocked)."""

    kind: str
    record: str
    date: dt.date | None = None
    old: Any = None
    new: Any = None
    via: tuple[Any, ...] = ()
    count: int = 1
    until: dt.date | None = None

    def sort_key(self) -> tuple[Any, ...]:
        return (_ORDER.get(self.kind, 99), self.date or dt.date.min, self.record)


@dataclass(frozen=True)
class Measurement:
    """A goal's indicator measured in the period, with the value before it."""

    goal: str
    indicator: str
    title: str
    unit: str | None
    target: float | None
    date: dt.date
    value: float
    previous: float | None = None
    previous_date: dt.date | None = None


# --------------------------------------------------------------------------- layer 1


def _stem(path: Any) -> str | None:
    if not isinstance(path, str):
        return None
    return os.path.splitext(os.path.basename(path))[0]


def record_ends(
    start: Mapping[str, Record] | None,
    end: Repository,
    events: Sequence[Event],
    extra: Iterable[Repository] = (),
) -> dict[str, Ends]:
    """Every record that exists at either end of the period or has an event in it, by
    its id at the end. ``start`` is the records at the period's start, by id
    (``None``: unknown); ``extra`` repositories (the working tree) fill in records ``end`` lacks
    that have events (data written later about the period)."""
    by_record: dict[str, list[Event]] = {}
    renamed_from: dict[str, str] = {}
    for e in events:
        by_record.setdefault(e.record, []).append(e)
        if e.kind == "renamed":
            old, new = _stem(e.old), _stem(e.new)
            if old and new and old != new:
                renamed_from[new] = renamed_from.pop(old, old)
    extras = list(extra)
    before_all = start if start is not None else {}
    # a renamed record is one record: its events under the old id are its own
    for new_id, was in renamed_from.items():
        if was in by_record:
            merged = by_record.pop(was) + by_record.get(new_id, [])
            by_record[new_id] = sorted(merged, key=lambda e: e.sort_key())
    ids = (set(end.records) | set(by_record)) - (set(renamed_from.values()) - set(end.records))
    gone = set(before_all) - ids - set(renamed_from.values())
    out: dict[str, Ends] = {}
    for rid in sorted(ids | gone):
        after = end.records.get(rid)
        if after is None and rid in by_record:
            after = next((r.records[rid] for r in extras if rid in r.records), None)
        old_id = renamed_from.get(rid)
        before = before_all.get(old_id if old_id is not None else rid)
        rec = after or before
        if rec is None:
            # a record neither end has (removed while the start is unknown, or added
            # and removed in the period): what its events knew of it
            evs = by_record.get(rid, [])
            if not evs:
                continue
            from netwerkagenda.model import Record

            ghost = Record(evs[0].record_kind, rid, "", {"title": evs[-1].title})
            out[rid] = Ends(rid, ghost.kind, ghost, None, start is not None, tuple(evs))
            continue
        out[rid] = Ends(
            rid, rec.kind, before, after, start is not None, tuple(by_record.get(rid, ())), old_id
        )
    return out


# --------------------------------------------------------------------------- layer 2


def _in(period: Period, day: dt.date | None) -> bool:
    return day is not None and period.contains(day)


def _transitions(events: Iterable[Event]) -> list[tuple[dt.date, Any, Any]]:
    """The status changes git saw, in commit order: (day, old, new). A transition is
    dated by its commit, except a ``done`` whose record date corroborates it."""
    out: list[tuple[float, dt.date, Any, Any]] = []
    for e in events:
        c = e.commit
        if c is None:
            continue
        if e.kind == "status":
            out.append((c.date.timestamp(), c.day, e.old, e.new))
        elif e.kind == "done" and e.source == "both":
            out.append((c.date.timestamp(), e.date, e.old, "done"))
        elif e.kind == "started" and e.source == "both":
            out.append((c.date.timestamp(), c.day, e.old, "active"))
    out.sort(key=lambda t: t[0])
    return [(d, a, b) for _, d, a, b in out]


def _budget(rec: Record | None) -> tuple[float, str] | None:
    return _amount(rec.data.get("budget")) if rec is not None else None


def _amount(value: Any) -> tuple[float, str] | None:
    """A budget as the brief tells it: (amount as a float, currency)."""
    b = budget_value(value)
    return (float(b[0]), b[1]) if b is not None else None


def _group_of(rec: Record | None) -> str | None:
    ids = rec.ids("group") if rec is not None else []
    return ids[0] if ids else None


def _last_date(events: Iterable[Event], kind: str, field_name: str | None = None) -> dt.date | None:
    days = [
        e.commit.day if e.commit else e.date
        for e in events
        if e.kind == kind and (field_name is None or e.field == field_name)
    ]
    return max(days) if days else None


def facts_of(ends: Ends, period: Period) -> list[Fact]:
    """The changes of state ``ends`` shows for the period, in the order they happened."""
    if not ends.events and ends.before is ends.after and ends.kind not in ("group", "action"):
        return []  # the same record at both ends and nothing between (a group's dates
        # count, and so does an action's start day passing while it is still planned)
    if ends.kind == "action":
        facts = _action_facts(ends, period)
    elif ends.kind == "group":
        facts = _group_facts(ends, period)
    else:
        facts = _presence_facts(ends)
    facts += _rename_facts(ends)
    added = next((f.date for f in facts if f.kind == "added"), None)
    if added is not None:  # what came with the record dates from its addition
        facts = [
            Fact(f.kind, f.record, added, f.old, f.new, f.via, f.count, f.until)
            if f.date is None and f.kind in ("budget", "started")
            else f
            for f in facts
        ]
    # in the order they happened; one without a date after those with one, and a
    # missed start (the state at the end) last
    return sorted(facts, key=fact_order)


def fact_order(f: Fact) -> tuple[dt.date, int]:
    """Where a fact goes when a record's facts are told in the order they happened."""
    if f.kind == "not-started":
        return (dt.date.max, 100)
    return (f.date or dt.date.max, -1 if f.kind == "added" else _ORDER.get(f.kind, 99))


def _presence_facts(ends: Ends) -> list[Fact]:
    """Added or removed: from the two ends when the start is known, else from git."""
    rid, evs = ends.id, ends.events
    if ends.known:
        if ends.before is None and ends.after is not None:
            return [Fact("added", rid, _last_date(evs, "added"))]
        if ends.before is not None and ends.after is None:
            return [Fact("removed", rid, _last_date(evs, "removed"))]
        return []
    if ends.after is not None:
        added = _last_date(evs, "added")
        return [Fact("added", rid, added)] if added is not None else []
    removed = _last_date(evs, "removed")
    return [Fact("removed", rid, removed)] if removed is not None else []


def _rename_facts(ends: Ends) -> list[Fact]:
    b, a = ends.before, ends.after
    if b is not None and a is not None and b.title != a.title:
        day = _last_date(ends.events, "field", "title") or _last_date(ends.events, "renamed")
        return [Fact("renamed", ends.id, day, b.title, a.title)]
    if not ends.known and a is not None:
        titles = [e for e in ends.events if e.kind == "field" and e.field == "title"]
        if titles and isinstance(titles[0].old, str) and titles[0].old != a.title:
            d = titles[-1].commit.day if titles[-1].commit else titles[-1].date
            return [Fact("renamed", ends.id, d, titles[0].old, a.title)]
    return []


def _action_facts(ends: Ends, period: Period) -> list[Fact]:
    rid, b, a, known = ends.id, ends.before, ends.after, ends.known
    facts = _presence_facts(ends)
    if a is None:
        return facts
    s0 = b.status if b is not None else None
    s1 = a.status
    steps = [t for t in _transitions(ends.events) if period.contains(t[0])]
    added = any(f.kind == "added" for f in facts)

    def last_to(status: str) -> dt.date | None:
        days = [d for d, _, new in steps if new == status]
        return days[-1] if days else None

    changed = (lambda st: s0 != st) if known else (lambda st: last_to(st) is not None)
    # finished
    if s1 == "done":
        done = a.date("done")
        if (known and s0 != "done") or (not known and (_in(period, done) or last_to("done"))):
            day = (
                done
                if done is not None and (period.until is None or done <= period.until)
                else None
            )
            day = day or last_to("done")
            due = a.date("due")
            late = due if day is not None and due is not None and day > due else None
            facts.append(Fact("finished", rid, day, old=late))
    # cancelled
    if s1 == "cancelled" and changed("cancelled"):
        facts.append(Fact("cancelled", rid, last_to("cancelled")))
    # started: planned (or new) to under way
    starts = [d for d, old, new in steps if new == "active" and old in ("planned", None)]
    if starts:
        facts.append(Fact("started", rid, starts[0]))
    elif known and s0 == "planned" and s1 in ("active", "blocked") and not added:
        facts.append(Fact("started", rid, None))
    # blocked and resumed: spans of being blocked, from the transitions
    opened: dt.date | None = None
    was_blocked = s0 == "blocked"
    spans = 0
    for day, old, new in steps:
        if new == "blocked" and old != "blocked":
            opened = day
            was_blocked = False
        elif old == "blocked" and new != "blocked":
            if opened is not None:
                facts.append(Fact("blocked", rid, opened, until=day))
            elif new in ("active", "planned"):
                facts.append(Fact("resumed", rid, day))
            opened = None
            spans += 1
    if opened is not None and s1 == "blocked":
        facts.append(Fact("blocked", rid, opened))
    elif opened is not None:  # no longer blocked at the end, though no event says when
        facts.append(Fact("blocked", rid, opened, new="over"))
        if s1 in ("active", "planned"):
            facts.append(Fact("resumed", rid, None))
    elif spans == 0 and known:
        if s1 == "blocked" and s0 != "blocked":
            facts.append(Fact("blocked", rid, None))
        elif was_blocked and s1 in ("active", "planned"):
            facts.append(Fact("resumed", rid, None))
    # the due date
    moves = [e for e in ends.events if e.kind == "due" and e.old is not None and e.new is not None]
    d0 = b.date("due") if b is not None else None
    d1 = a.date("due")
    if known and b is not None and d0 is not None and d1 is not None and (d0 != d1 or moves):
        via = tuple(e.new for e in moves[:-1] if e.new not in (d0, d1))
        when = moves[-1].commit.day if moves and moves[-1].commit else None
        facts.append(Fact("moved", rid, when, d0, d1, via, max(len(moves), 1)))
    elif not known and moves:
        via = tuple(e.new for e in moves[:-1])
        last = moves[-1]
        facts.append(
            Fact("moved", rid, last.commit.day if last.commit else last.date,
                 moves[0].old, last.new, via, len(moves))
        )  # fmt: skip
    # a missed start: still planned at the end, though its start day has passed
    start = a.date("start")
    if s1 == "planned" and start is not None and period.until is not None and start < period.until:
        facts.append(Fact("not-started", rid, start))
    # the group that carries it (``old``/``new``: group ids; the brief names them)
    g0 = _group_of(b)
    g1 = _group_of(a)
    hand = [e for e in ends.events if e.kind == "group" and isinstance(e.new, str)]
    if known and b is not None and g1 is not None and g0 != g1:
        facts.append(Fact("regrouped", rid, _last_date(ends.events, "group"), g0, g1))
    elif not known and hand and isinstance(hand[0].old, str) and hand[0].old != g1:
        last = hand[-1]
        day = last.commit.day if last.commit else last.date
        facts.append(Fact("regrouped", rid, day, hand[0].old, g1))
    # the budget
    b0, b1 = _budget(b), _budget(a)
    if known and b0 != b1 and (b0 is not None or b1 is not None):
        day = _last_date(ends.events, "budget") or _last_date(ends.events, "field", "budget")
        facts.append(Fact("budget", rid, day, b0, b1))
    elif not known:  # git tells a budget it can read as a "budget" event
        changes = [e for e in ends.events if e.kind in ("budget", "field") and e.field == "budget"]
        if changes:
            was, now = _amount(changes[0].old), _amount(changes[-1].new)
            if was != now:
                d = changes[-1].commit.day if changes[-1].commit else changes[-1].date
                facts.append(Fact("budget", rid, d, was, now))
    return facts


def _group_facts(ends: Ends, period: Period) -> list[Fact]:
    rid, a = ends.id, ends.after
    presence = _presence_facts(ends)
    facts = [f for f in presence if f.kind == "removed"]
    if a is None:
        return facts
    started, ended = a.date("started"), a.date("ended")
    added = next((f for f in presence if f.kind == "added"), None)
    # a group's own dates in the past tell what happened, whenever they were written
    if _in(period, started):
        facts.append(Fact("formed", rid, started))
    elif added is not None and (started is None or _in(period, started)):
        facts.append(Fact("formed", rid, added.date))
    elif added is not None:
        facts.append(added)
    if _in(period, ended):
        facts.append(Fact("ended", rid, ended))
    return facts


def measurements_of(goal: Record, period: Period) -> list[Measurement]:
    """The goal's indicator measurements dated in the period, each with its target and
    the measurement before it (in the indicator's list, by date)."""
    raw = goal.data.get("indicators")
    out: list[Measurement] = []
    if not isinstance(raw, list):
        return out
    for ind in raw:
        if not isinstance(ind, dict) or not isinstance(ind.get("id"), str):
            continue
        points = []
        for m in ind.get("measurements") or []:
            if not isinstance(m, dict):
                continue
            d, v = m.get("date"), m.get("value")
            if isinstance(d, dt.date) and isinstance(v, int | float) and not isinstance(v, bool):
                points.append((d, float(v)))
        points.sort(key=lambda p: p[0])
        target = ind.get("target")
        target = float(target) if isinstance(target, int | float) else None
        title: str = ind["title"] if isinstance(ind.get("title"), str) else ind["id"]
        unit = ind.get("unit") if isinstance(ind.get("unit"), str) else None
        for i, (d, v) in enumerate(points):
            if not period.contains(d):
                continue
            prev = points[i - 1] if i else None
            out.append(
                Measurement(
                    goal.id, ind["id"], title, unit, target, d, v,
                    prev[1] if prev else None, prev[0] if prev else None,
                )
            )  # fmt: skip
    return out


# --------------------------------------------------------------------------- words

_NL_TIMES = {2: "twee", 3: "drie", 4: "vier", 5: "vijf", 6: "zes", 7: "zeven", 8: "acht"}
_EN_TIMES = {1: "once", 2: "twice", 3: "three times", 4: "four times", 5: "five times"}

SENTENCES: dict[str, dict[str, str]] = {
    "nl": {
        "finished": "Dit is op {date} afgerond.",
        "finished-": "Dit is afgerond.",
        "finished-late": (
            "Dit is op {date} afgerond, {days} dagen na de geplande einddatum van {due}."
        ),
        "cancelled": "Dit is op {date} geschrapt.",
        "cancelled-": "Dit is geschrapt.",
        "not-started": "Dit had op {date} moeten starten en is nog niet gestart.",
        "regrouped": "Dit is op {date} overgedragen aan {new}.",
        "regrouped-": "Dit is overgedragen aan {new}.",
        "started": "Dit is op {date} van start gegaan.",
        "started-": "Dit is van start gegaan.",
        "blocked": "Dit ligt sinds {date} stil.",
        "blocked-": "Dit ligt stil.",
        "blocked-until": "Dit lag stil van {date} tot {until}.",
        "blocked-over": "Dit is op {date} stilgelegd.",
        "resumed": "Dit is op {date} weer opgepakt.",
        "resumed-": "Dit is weer opgepakt.",
        "added": "We hebben dit op {date} aan de agenda toegevoegd.",
        "added-": "We hebben dit aan de agenda toegevoegd.",
        "removed": "We hebben dit op {date} van de agenda gehaald.",
        "removed-": "We hebben dit van de agenda gehaald.",
        "moved": "De einddatum is verschoven van {old} naar {new}.",
        "moved-n": "De einddatum is {times} verschoven: van {old} via {via} naar {new}.",
        "moved-back": "De einddatum is {times} verschoven en staat weer op {new}.",
        "budget-new": "Hiervoor is {new} begroot.",
        "budget-up": "Het budget is verhoogd van {old} naar {new}.",
        "budget-down": "Het budget is verlaagd van {old} naar {new}.",
        "budget-other": "Het budget is gewijzigd van {old} in {new}.",
        "budget-gone": "Het budget van {old} is vervallen.",
        "renamed": "Dit heette tot {date} ‘{old}’.",
        "renamed-": "Dit heette eerder ‘{old}’.",
        "formed": "Dit is op {date} van start gegaan.",
        "formed-": "Dit is van start gegaan.",
        "ended": "Dit is op {date} gestopt.",
        "ended-": "Dit is gestopt.",
        "via": "{a} en {b}",
        "expected": "Naar verwachting is dit in {month} gereed.",
        "planned": "De start staat gepland voor {date}.",
        "on-hold": "Dit ligt voorlopig stil.",
        "quiet": "Het laatste bericht hierover is van {date}.",
    },
    "en": {
        "finished": "This was finished on {date}.",
        "finished-": "This has been finished.",
        "finished-late": "This was finished on {date}, {days} days after its due date of {due}.",
        "not-started": "This was planned to start on {date} and has not started yet.",
        "regrouped": "On {date} this passed to {new}.",
        "regrouped-": "This passed to {new}.",
        "cancelled": "This was cancelled on {date}.",
        "cancelled-": "This has been cancelled.",
        "started": "This started on {date}.",
        "started-": "This has started.",
        "blocked": "This has been on hold since {date}.",
        "blocked-": "This is on hold.",
        "blocked-until": "This was on hold from {date} to {until}.",
        "blocked-over": "This was put on hold on {date}.",
        "resumed": "This resumed on {date}.",
        "resumed-": "This has resumed.",
        "added": "We added this to the agenda on {date}.",
        "added-": "We added this to the agenda.",
        "removed": "We took this off the agenda on {date}.",
        "removed-": "We took this off the agenda.",
        "moved": "The due date moved from {old} to {new}.",
        "moved-n": "The due date moved {times}: from {old} via {via} to {new}.",
        "moved-back": "The due date moved {times} and is back at {new}.",
        "budget-new": "A budget of {new} was set aside for this.",
        "budget-up": "The budget went up from {old} to {new}.",
        "budget-down": "The budget went down from {old} to {new}.",
        "budget-other": "The budget changed from {old} to {new}.",
        "budget-gone": "The budget of {old} was withdrawn.",
        "renamed": "Until {date} this was called “{old}”.",
        "renamed-": "This used to be called “{old}”.",
        "formed": "This started on {date}.",
        "formed-": "This has started.",
        "ended": "This ended on {date}.",
        "ended-": "This has ended.",
        "via": "{a} and {b}",
        "expected": "We expect this to be ready in {month}.",
        "planned": "It is planned to start on {date}.",
        "on-hold": "This is on hold for now.",
        "quiet": "The last news of it dates from {date}.",
    },
}

# list labels for facts told in a line: "Afgerond: A (3 maart 2026) en B (…)."
FACT_LABELS = {
    "nl": {
        "finished": "Afgerond",
        "cancelled": "Vervallen",
        "budget": "Budget",
        "formed": "Van start gegaan",
        "ended": "Gestopt",
        "blocked": "Stilgelegd",
        "blocked-until": "Tijdelijk stilgelegd",
        "resumed": "Weer opgepakt",
        "started": "Gestart",
        "moved": "Einddatum verschoven",
        "not-started": "Niet gestart",
        "regrouped": "Overgedragen",
        "added": "Nieuw op de agenda",
        "removed": "Van de agenda gehaald",
        "renamed": "Nieuwe naam",
    },
    "en": {
        "finished": "Finished",
        "cancelled": "Cancelled",
        "budget": "Budget",
        "formed": "Started",
        "ended": "Ended",
        "blocked": "Put on hold",
        "blocked-until": "On hold for a while",
        "resumed": "Resumed",
        "started": "Started",
        "moved": "Due date moved",
        "not-started": "Not started",
        "regrouped": "Passed to another group",
        "added": "New on the agenda",
        "removed": "Taken off the agenda",
        "renamed": "Renamed",
    },
}


def times(n: int, lang: str) -> str:
    """``twee keer`` / ``twice``."""
    if lang_of(lang) == "nl":
        return f"{_NL_TIMES.get(n, str(n))} keer"
    return _EN_TIMES.get(n, f"{n} times")


def _money(v: tuple[float, str] | None, lang: str) -> str:
    return format_money(v[0], v[1], lang) if v is not None else ""


def _dates(values: Sequence[Any], lang: str) -> str:
    words = SENTENCES[lang_of(lang)]
    texts = [format_date(v, lang) if isinstance(v, dt.date) else str(v) for v in values]
    if len(texts) <= 1:
        return "".join(texts)
    return words["via"].format(a=", ".join(texts[:-1]), b=texts[-1])


def fact_sentence(f: Fact, lang: str) -> str:
    """The fact as a sentence about "this" (the record a section is about)."""
    lang = lang_of(lang)
    w = SENTENCES[lang]
    date = format_date(f.date, lang) if f.date else None
    if f.kind == "moved":
        old, new = format_date(f.old, lang), format_date(f.new, lang)
        if f.count > 1 and f.old == f.new:
            return w["moved-back"].format(times=times(f.count, lang), new=new)
        if f.count > 1 and f.via:
            return w["moved-n"].format(
                times=times(f.count, lang), old=old, via=_dates(f.via, lang), new=new
            )
        return w["moved"].format(old=old, new=new)
    if f.kind == "budget":
        old, new = _money(f.old, lang), _money(f.new, lang)
        if f.old is None:
            return w["budget-new"].format(new=new)
        if f.new is None:
            return w["budget-gone"].format(old=old)
        if f.old[1] != f.new[1]:
            return w["budget-other"].format(old=old, new=new)
        key = "budget-up" if f.new[0] > f.old[0] else "budget-down"
        return w[key].format(old=old, new=new)
    if f.kind == "blocked" and f.until is not None and date:
        return w["blocked-until"].format(date=date, until=format_date(f.until, lang))
    if f.kind == "blocked" and f.new == "over" and date:
        return w["blocked-over"].format(date=date)
    if f.kind == "renamed":
        return (w["renamed"] if date else w["renamed-"]).format(date=date, old=f.old)
    if f.kind == "regrouped":
        return (w["regrouped"] if date else w["regrouped-"]).format(date=date, new=f.new)
    if f.kind == "finished" and date and isinstance(f.old, dt.date) and f.date is not None:
        days = (f.date - f.old).days
        return w["finished-late"].format(date=date, days=days, due=format_date(f.old, lang))
    key = f.kind if date else f.kind + "-"
    return w[key].format(date=date)


def fact_detail(f: Fact, lang: str) -> str:
    """What a line listing the fact says after the record's title: its date, the dates
    a due date moved between, the sums of a budget."""
    lang = lang_of(lang)
    if f.kind == "moved":
        dates = [f.old, *f.via, f.new]
        arrow = " → ".join(format_date(d, lang) for d in dates)
        return arrow + (f", {times(f.count, lang)}" if f.count > 1 else "")
    if f.kind == "budget":
        if f.old is None:
            return _money(f.new, lang)
        if f.new is None:
            return ("vervallen: " if lang == "nl" else "withdrawn: ") + _money(f.old, lang)
        return f"{_money(f.old, lang)} → {_money(f.new, lang)}"
    if f.kind == "renamed":
        return f"voorheen ‘{f.old}’" if lang == "nl" else f"formerly “{f.old}”"
    if f.kind == "blocked" and f.until is not None and f.date is not None:
        return f"{format_date(f.date, lang)} – {format_date(f.until, lang)}"
    if f.kind == "regrouped":
        to = "naar" if lang == "nl" else "to"
        return f"{to} {f.new}" + (f", {format_date(f.date, lang)}" if f.date else "")
    if f.kind == "not-started" and f.date is not None:
        planned = "start gepland op" if lang == "nl" else "planned to start on"
        return f"{planned} {format_date(f.date, lang)}"
    if f.kind == "finished" and isinstance(f.old, dt.date) and f.date is not None:
        late = "dagen te laat" if lang == "nl" else "days late"
        return f"{format_date(f.date, lang)}, {(f.date - f.old).days} {late}"
    return format_date(f.date, lang) if f.date else ""


def measurement_text(m: Measurement, lang: str) -> str:
    """``1.010 van de 5.000 op 1 maart 2026 (was 640 op 1 februari 2026)`` / ``1,010
    of 5,000 on 1 March 2026 (up from 640 on 1 February 2026)``."""
    lang = lang_of(lang)
    value = format_number(m.value, lang)
    unit = f" {m.unit}" if m.unit else ""
    if m.target is not None:
        of = " van de " if lang == "nl" else " of "
        figure = f"{value}{of}{format_number(m.target, lang)}{unit}"
    else:
        figure = value + unit
    on = format_date(m.date, lang)
    text = f"{figure} {'op' if lang == 'nl' else 'on'} {on}"
    if m.previous is not None and m.previous_date is not None:
        prev = f"{format_number(m.previous, lang)} {'op' if lang == 'nl' else 'on'} "
        prev += format_date(m.previous_date, lang)
        if lang == "nl":
            text += f" (was {prev})"
        else:
            trend = (
                "up from" if m.value > m.previous else "down from" if m.value < m.previous else "as"
            )
            text += f" ({trend} {prev})"
    return text
