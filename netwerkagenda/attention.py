"""Early warnings: what needs attention now, shared by ``agenda status`` (a line per
action) and ``agenda validate`` (a warning code per action or goal).

Definitions (day = the reference day):

- *late start*: a planned action whose ``start`` is before the day (``late-start``).
- *blocked too long*: a blocked action blocked for more than ``[status] blocked_days``
  days (``blocked-too-long``). The blocked-since date comes from git where the caller
  supplies it (:func:`netwerkagenda.history.since.blocked_since`), else from the last
  update on or before the day; without either the action is not reported.
- *waiting*: an open action that depends on an action that is late (due before the
  day, or planned with its start passed), blocked or cancelled (``waiting-on-dependency``).
- *idle goal*: a goal that no planned or active action serves (``goal-without-action``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from netwerkagenda.model import OPEN_STATUSES, Record


def late_start_days(r: Record, day: dt.date) -> int | None:
    """Days since a planned action should have started, or ``None``."""
    start = r.date("start")
    if r.status == "planned" and start is not None and start < day:
        return (day - start).days
    return None


def last_update(r: Record, day: dt.date) -> dt.date | None:
    dates = [u.date for u in r.updates() if u.date <= day]
    return max(dates) if dates else None


def blocked_since(
    r: Record,
    day: dt.date,
    from_git: Mapping[str, dt.date] | None = None,
    last: dt.date | None = None,
) -> dt.date | None:
    """Since when a blocked action is blocked: git's date, else its last update
    (``last``, when the caller has it already)."""
    if r.status != "blocked":
        return None
    known = (from_git or {}).get(r.id)
    if known is not None and known <= day:
        return known
    return last if last is not None else last_update(r, day)


def dependency_trouble(dep: Record, day: dt.date) -> str | None:
    """Why waiting on ``dep`` is a problem: ``late``, ``blocked``, ``cancelled`` or ``None``."""
    status = dep.status
    if status in ("blocked", "cancelled"):
        return status
    due = dep.date("due")
    if status in OPEN_STATUSES and due is not None and due < day:
        return "late"
    if late_start_days(dep, day) is not None:
        return "late"
    return None


def waiting_on(r: Record, records: Mapping[str, Record], day: dt.date) -> list[tuple[str, str]]:
    """(dependency id, reason) for each dependency of an open action that holds it up."""
    if r.status not in OPEN_STATUSES:
        return []
    out: list[tuple[str, str]] = []
    for dep_id in dict.fromkeys(r.ids("depends_on")):
        dep = records.get(dep_id)
        if dep is None or dep.kind != "action":
            continue
        why = dependency_trouble(dep, day)
        if why is not None:
            out.append((dep_id, why))
    return out


def idle_goals(goals: Iterable[Record], actions: Iterable[Record]) -> set[str]:
    """Goals that no planned or active action serves."""
    served = {g for a in actions if a.status in ("planned", "active") for g in a.ids("goals")}
    return {g.id for g in goals if g.id not in served}


__all__ = [
    "blocked_since",
    "dependency_trouble",
    "idle_goals",
    "last_update",
    "late_start_days",
    "waiting_on",
]
