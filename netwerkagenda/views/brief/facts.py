"""Layer 3 of the brief: the facts, the changes of state one record went through.

:func:`facts_of` turns a record's :class:`~.ends.Ends` into :class:`Fact` values
(finished on, started, blocked and resumed, cancelled, added, removed, due date moved
from → to, past its due date at the end, budget decided or changed, renamed, a group
formed or ended);
:func:`measurements_of` gives a goal's indicator measurements in the period, each with
its target and the value before it. :mod:`.sentences` says them in words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from netwerkagenda.model import budget_value

if TYPE_CHECKING:
    from netwerkagenda.history.changes import Event
    from netwerkagenda.history.timeline import Period
    from netwerkagenda.model import Record
    from netwerkagenda.views.brief.ends import Ends

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
    "overdue",
    "regrouped",
    "added",
    "removed",
    "renamed",
)
_ORDER = {k: i for i, k in enumerate(FACT_KINDS)}
OPEN = ("planned", "active", "blocked")  # an action still to be finished


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
    if f.kind in ("not-started", "overdue"):  # the state at the end: last
        return (dt.date.max, 100 + _ORDER[f.kind])
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
    facts = _presence_facts(ends)
    if ends.after is None:
        return facts
    steps = [t for t in _transitions(ends.events) if period.contains(t[0])]
    added = any(f.kind == "added" for f in facts)
    facts += _status_facts(ends, period, steps, added)
    facts += _blocked_facts(ends, steps)
    facts += _due_facts(ends)
    start, until = ends.after.date("start"), period.until
    # a missed start: still planned at the end, though its start day has passed
    if ends.after.status == "planned" and start is not None and until and start < until:
        facts.append(Fact("not-started", ends.id, start))
    # past its due date at the end, and neither finished nor cancelled
    due = ends.after.date("due")
    if ends.after.status in OPEN and due is not None and until and due < until:
        facts.append(Fact("overdue", ends.id, due))
    facts += _group_change_facts(ends)
    facts += _budget_facts(ends)
    return facts


Step = tuple[dt.date, Any, Any]  # a status change: (day, old, new)


def _status_facts(ends: Ends, period: Period, steps: list[Step], added: bool) -> list[Fact]:
    """Finished, cancelled, started: from the two ends when the start is known, else
    from the status changes git saw."""
    rid, b, a, known = ends.id, ends.before, ends.after, ends.known
    assert a is not None
    s0 = b.status if b is not None else None
    s1 = a.status
    facts: list[Fact] = []

    def last_to(status: str) -> dt.date | None:
        days = [d for d, _, new in steps if new == status]
        return days[-1] if days else None

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
    if s1 == "cancelled" and (s0 != "cancelled" if known else last_to("cancelled") is not None):
        facts.append(Fact("cancelled", rid, last_to("cancelled")))
    # started: planned (or new) to under way
    starts = [d for d, old, new in steps if new == "active" and old in ("planned", None)]
    if starts:
        facts.append(Fact("started", rid, starts[0]))
    elif known and s0 == "planned" and s1 in ("active", "blocked") and not added:
        facts.append(Fact("started", rid, None))
    elif added and s1 in ("active", "blocked", "done"):
        # added already under way: its start date, when in the period and no later than
        # the commit that added it, is when it started (the record and git agree)
        at_add = next((e for e in ends.events if e.kind == "added"), None)
        start = a.date("start")
        if (
            at_add is not None
            and at_add.new in ("active", "blocked")
            and _in(period, start)
            and start is not None
            and start <= at_add.date
        ):
            facts.append(Fact("started", rid, start))
    return facts


def _blocked_facts(ends: Ends, steps: list[Step]) -> list[Fact]:
    """Blocked and resumed: the spans of being blocked, from the status changes."""
    rid, b, a, known = ends.id, ends.before, ends.after, ends.known
    assert a is not None
    s0 = b.status if b is not None else None
    s1 = a.status
    facts: list[Fact] = []
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
            elif new in ("active", "planned"):  # on hold since before the period
                facts.append(Fact("resumed", rid, day, old=ends.on_hold_since))
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
            facts.append(Fact("resumed", rid, None, old=ends.on_hold_since))
    return facts


def _due_facts(ends: Ends) -> list[Fact]:
    """The due date moved: from the two ends and the moves between."""
    rid, b, a = ends.id, ends.before, ends.after
    assert a is not None
    moves = [e for e in ends.events if e.kind == "due" and e.old is not None and e.new is not None]
    d0 = b.date("due") if b is not None else None
    d1 = a.date("due")
    if ends.known and b is not None and d0 is not None and d1 is not None and (d0 != d1 or moves):
        via = tuple(e.new for e in moves[:-1] if e.new not in (d0, d1))
        when = moves[-1].commit.day if moves and moves[-1].commit else None
        return [Fact("moved", rid, when, d0, d1, via, max(len(moves), 1))]
    if not ends.known and moves:
        via = tuple(e.new for e in moves[:-1])
        last = moves[-1]
        day = last.commit.day if last.commit else last.date
        return [Fact("moved", rid, day, moves[0].old, last.new, via, len(moves))]
    return []


def _group_change_facts(ends: Ends) -> list[Fact]:
    """The group that carries it changed (``old``/``new``: group ids; the brief names
    them)."""
    rid, b = ends.id, ends.before
    g0 = _group_of(b)
    g1 = _group_of(ends.after)
    hand = [e for e in ends.events if e.kind == "group" and isinstance(e.new, str)]
    if ends.known and b is not None and g1 is not None and g0 != g1:
        return [Fact("regrouped", rid, _last_date(ends.events, "group"), g0, g1)]
    if not ends.known and hand and isinstance(hand[0].old, str) and hand[0].old != g1:
        last = hand[-1]
        day = last.commit.day if last.commit else last.date
        return [Fact("regrouped", rid, day, hand[0].old, g1)]
    return []


def _budget_facts(ends: Ends) -> list[Fact]:
    """The budget decided, changed or withdrawn. A budget decided in the period and
    changed after (often: set when the record was added, raised later) is two facts:
    what was decided, and the change from it to the budget at the end."""
    rid = ends.id
    changes = [
        (e, _amount(e.old), _amount(e.new))
        for e in ends.events
        if e.kind in ("budget", "field") and e.field == "budget"
    ]
    if ends.known:
        b0, b1 = _budget(ends.before), _budget(ends.after)
    elif changes:  # git tells a budget it can read as a "budget" event
        b0, b1 = changes[0][1], changes[-1][2]
    else:
        return []
    if b0 == b1:
        return []
    last = _day_of(changes[-1][0]) if changes else None
    if b0 is None and b1 is not None:
        first = next(((e, new) for e, _, new in changes if new is not None), None)
        if first is not None and first[1] != b1:
            return [
                Fact("budget", rid, _day_of(first[0]), None, first[1]),
                Fact("budget", rid, last, first[1], b1),
            ]
    return [Fact("budget", rid, last, b0, b1)]


def _day_of(e: Event) -> dt.date:
    """The day of a change: its commit's, else its own."""
    return e.commit.day if e.commit else e.date


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
