"""Where the programme stands on a day: the computation behind ``agenda status``.

:func:`dashboard` takes a :class:`~netwerkagenda.repo.Repository` (the working tree, or
one built from a git revision) and a reference day, and returns plain dataclasses; the
CLI renders them as text, plain text, Markdown or JSON::

    from netwerkagenda import load_repo
    from netwerkagenda.status import Filters, dashboard

    repo = load_repo()
    board = dashboard(repo, filters=Filters(goal="geletterde-samenleving"))
    for g in board.goals:
        print(g.title, g.done, "/", g.total, [a.id for a in g.overdue])

Definitions (day = the reference day: ``--today``, else ``[agenda] as_of``, else today):

- *open*: planned, active or blocked.
- *overdue*: open with ``due`` before the day; ``overdue_days`` = days late.
- *soon*: open with ``due`` from the day up to ``[status] soon_days`` (30) days later.
- *blocked*: status blocked.
- *stale*: active, and the last update on or before the day (else ``start``) is more than
  ``[status] stale_days`` (60) days before it.
- *progress*: done against all actions that are not cancelled.
- a group *has started* when ``started`` is on or before the day and ``ended`` is not.

JSON (``agenda status --format json``; :func:`as_json`; :data:`JSON_SCHEMA`)::

    {
      "programme": {"name": str, "language": "nl"|"en", "start": date|null, "end": date|null},
      "today": date,
      "records": {"total": int, "goals": int, "groups": int, "actions": int},
      "settings": {"soon_days": int, "stale_days": int},
      "filters": {"goal": id|null, "group": id|null, "owner": str|null, "status": [status]},
      "goals": [{
        "id": id, "title": str,
        "counts": {"planned": int, "active": int, "done": int, "blocked": int, "cancelled": int},
        "done": int, "total": int,          # total: actions not cancelled
        "percent": int,                     # 0-100, done / total (0 when total is 0)
        "actions": [action, ...],           # sorted by due date (none last), then id
        "overdue": [id], "soon": [id], "blocked": [id], "stale": [id]
      }],
      "groups": [{
        "id": id, "title": str, "kind": str, "parent": id|null,
        "started": date|null, "ended": date|null, "has_started": bool,
        "actions": [id]                     # the actions it is responsible for
      }]
    }
    action = {"id": id, "title": str, "status": status, "goals": [id], "group": id|null,
              "owner": str|null, "start": date|null, "due": date|null, "done": date|null,
              "progress": int|null, "last_update": date|null,
              "overdue_days": int|null, "due_in_days": int|null, "stale_days": int|null}

Dates are ISO ``YYYY-MM-DD`` strings.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from netwerkagenda.errors import UsageError
from netwerkagenda.model import OPEN_STATUSES, STATUSES, Record
from netwerkagenda.query import UnknownId
from netwerkagenda.suggest import did_you_mean

if TYPE_CHECKING:
    from netwerkagenda.repo import Repository


@dataclass(frozen=True)
class Filters:
    """Which actions (and goals and groups) the dashboard shows."""

    goal: str | None = None
    group: str | None = None
    owner: str | None = None
    status: tuple[str, ...] = ()

    @property
    def narrows_actions(self) -> bool:
        return bool(self.group or self.owner or self.status)


@dataclass(frozen=True)
class ActionStatus:
    id: str
    title: str
    status: str | None
    goals: tuple[str, ...]
    group: str | None
    owner: str | None
    start: dt.date | None
    due: dt.date | None
    done: dt.date | None
    progress: int | None
    last_update: dt.date | None
    overdue_days: int | None
    due_in_days: int | None
    stale_days: int | None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


@dataclass
class GoalStatus:
    id: str
    title: str
    counts: dict[str, int]
    actions: list[ActionStatus] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Actions that count for progress: all but the cancelled."""
        return sum(n for s, n in self.counts.items() if s != "cancelled")

    @property
    def done(self) -> int:
        return self.counts.get("done", 0)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def overdue(self) -> list[ActionStatus]:
        return sorted(
            (a for a in self.actions if a.overdue_days is not None),
            key=lambda a: (-(a.overdue_days or 0), a.id),
        )

    @property
    def soon(self) -> list[ActionStatus]:
        return [a for a in self.actions if a.due_in_days is not None]

    @property
    def blocked(self) -> list[ActionStatus]:
        return [a for a in self.actions if a.status == "blocked"]

    @property
    def stale(self) -> list[ActionStatus]:
        return sorted(
            (a for a in self.actions if a.stale_days is not None),
            key=lambda a: (-(a.stale_days or 0), a.id),
        )


@dataclass(frozen=True)
class GroupStatus:
    id: str
    title: str
    kind: str
    parent: str | None
    started: dt.date | None
    ended: dt.date | None
    has_started: bool
    actions: tuple[str, ...]


@dataclass
class Dashboard:
    name: str
    language: str
    start: dt.date | None
    end: dt.date | None
    today: dt.date
    counts: dict[str, int]  # records per kind: goal, group, action
    soon_days: int
    stale_days: int
    filters: Filters
    goals: list[GoalStatus]
    groups: list[GroupStatus]
    titles: dict[str, str]  # id -> title, for the renderers
    group_kinds: tuple[str, ...] = ()  # the settings' vocabulary, for ordering

    @property
    def records(self) -> int:
        return sum(self.counts.values())

    def groups_by_kind(self) -> list[tuple[str, list[GroupStatus]]]:
        """Groups by kind, in the order of the settings' kinds, others after."""
        kinds = self.group_kinds
        by: dict[str, list[GroupStatus]] = defaultdict(list)
        for g in self.groups:
            by[g.kind].append(g)
        order = [k for k in kinds if k in by] + sorted(k for k in by if k not in kinds)
        return [(k, by[k]) for k in order]


def _last_update(r: Record, day: dt.date) -> dt.date | None:
    dates = [u.date for u in r.updates() if u.date <= day]
    return max(dates) if dates else None


def action_status(r: Record, day: dt.date, soon_days: int, stale_days: int) -> ActionStatus:
    """One action as seen on ``day``."""
    status = r.status
    due = r.date("due")
    start = r.date("start")
    last = _last_update(r, day)
    is_open = status in OPEN_STATUSES
    overdue = (day - due).days if is_open and due is not None and due < day else None
    due_in = (
        (due - day).days
        if is_open and due is not None and day <= due <= day + dt.timedelta(days=soon_days)
        else None
    )
    stale = None
    ref = last or start
    if status == "active" and ref is not None and (day - ref).days > stale_days:
        stale = (day - ref).days
    progress = r.number("progress")
    return ActionStatus(
        id=r.id,
        title=r.title,
        status=status,
        goals=tuple(r.ids("goals")),
        group=r.text("group"),
        owner=r.text("owner"),
        start=start,
        due=due,
        done=r.date("done"),
        progress=int(progress) if progress is not None else None,
        last_update=last,
        overdue_days=overdue,
        due_in_days=due_in,
        stale_days=stale,
    )


def _check_id(repo: Repository, rid: str | None, kind: str, option: str) -> None:
    if rid is None:
        return
    rec = repo.records.get(rid)
    if rec is None or rec.kind != kind:
        ids = [r.id for r in repo.records.values() if r.kind == kind]
        raise UnknownId(f"{option}: no {kind} with id {rid!r}", hint=did_you_mean(rid, ids))


def _due_key(a: ActionStatus) -> tuple[int, int, str]:
    return (0, a.due.toordinal(), a.id) if a.due else (1, 0, a.id)


def dashboard(
    repo: Repository, today: dt.date | None = None, filters: Filters | None = None
) -> Dashboard:
    """The dashboard of ``repo`` on ``today`` (default: the repository's reference day).
    Unknown ``--goal``/``--group`` ids and statuses raise an error with a suggestion.
    One pass over the records; no per-record scans."""
    f = filters or Filters()
    day = repo.today(today)
    settings = repo.settings
    _check_id(repo, f.goal, "goal", "--goal")
    _check_id(repo, f.group, "group", "--group")
    for s in f.status:
        if s not in STATUSES:
            raise UsageError(
                f"--status: {s!r} is not one of {', '.join(STATUSES)}",
                hint=did_you_mean(s, STATUSES),
            )
    owner = f.owner.casefold() if f.owner else None

    counts = {"goal": 0, "group": 0, "action": 0}
    titles: dict[str, str] = {}
    for r in repo.records.values():
        counts[r.kind] = counts.get(r.kind, 0) + 1
        titles[r.id] = r.title

    goals = {g.id: GoalStatus(g.id, g.title, dict.fromkeys(STATUSES, 0)) for g in repo.goals}
    by_group: dict[str, list[str]] = defaultdict(list)
    goals_of_group: dict[str, set[str]] = defaultdict(set)
    for r in repo.actions:
        a = action_status(r, day, settings.soon_days, settings.stale_days)
        if a.group:
            by_group[a.group].append(a.id)
            goals_of_group[a.group].update(a.goals)
        if f.group and a.group != f.group:
            continue
        if owner and (a.owner or "").casefold() != owner:
            continue
        if f.status and a.status not in f.status:
            continue
        for gid in dict.fromkeys(a.goals):
            g = goals.get(gid)
            if g is None:
                continue
            g.actions.append(a)
            if a.status is not None:
                g.counts[a.status] += 1
    goal_list = list(goals.values())
    if f.goal:
        goal_list = [g for g in goal_list if g.id == f.goal]
    elif f.narrows_actions:
        goal_list = [g for g in goal_list if g.actions]
    for g in goal_list:
        g.actions.sort(key=_due_key)

    groups: list[GroupStatus] = []
    for r in repo.groups:
        if f.group and r.id != f.group and r.text("parent") != f.group:
            continue
        if f.goal and f.goal not in r.ids("goals") and f.goal not in goals_of_group[r.id]:
            continue
        started, ended = r.date("started"), r.date("ended")
        groups.append(
            GroupStatus(
                id=r.id,
                title=r.title,
                kind=r.text("kind") or "?",
                parent=r.text("parent"),
                started=started,
                ended=ended,
                has_started=started is not None
                and started <= day
                and (ended is None or ended >= day),
                actions=tuple(by_group.get(r.id, ())),
            )
        )
    return Dashboard(
        name=settings.name,
        language=settings.language,
        start=settings.start,
        end=settings.end,
        today=day,
        counts=counts,
        soon_days=settings.soon_days,
        stale_days=settings.stale_days,
        filters=f,
        goals=goal_list,
        groups=groups,
        titles=titles,
        group_kinds=settings.group_kinds,
    )


def _d(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def action_json(a: ActionStatus) -> dict[str, Any]:
    return {
        "id": a.id,
        "title": a.title,
        "status": a.status,
        "goals": list(a.goals),
        "group": a.group,
        "owner": a.owner,
        "start": _d(a.start),
        "due": _d(a.due),
        "done": _d(a.done),
        "progress": a.progress,
        "last_update": _d(a.last_update),
        "overdue_days": a.overdue_days,
        "due_in_days": a.due_in_days,
        "stale_days": a.stale_days,
    }


def as_json(board: Dashboard) -> dict[str, Any]:
    """The dashboard as the documented JSON structure (see the module docstring)."""
    return {
        "programme": {
            "name": board.name,
            "language": board.language,
            "start": _d(board.start),
            "end": _d(board.end),
        },
        "today": board.today.isoformat(),
        "records": {
            "total": board.records,
            "goals": board.counts.get("goal", 0),
            "groups": board.counts.get("group", 0),
            "actions": board.counts.get("action", 0),
        },
        "settings": {"soon_days": board.soon_days, "stale_days": board.stale_days},
        "filters": {
            "goal": board.filters.goal,
            "group": board.filters.group,
            "owner": board.filters.owner,
            "status": list(board.filters.status),
        },
        "goals": [
            {
                "id": g.id,
                "title": g.title,
                "counts": dict(g.counts),
                "done": g.done,
                "total": g.total,
                "percent": g.percent,
                "actions": [action_json(a) for a in g.actions],
                "overdue": [a.id for a in g.overdue],
                "soon": [a.id for a in g.soon],
                "blocked": [a.id for a in g.blocked],
                "stale": [a.id for a in g.stale],
            }
            for g in board.goals
        ],
        "groups": [
            {
                "id": g.id,
                "title": g.title,
                "kind": g.kind,
                "parent": g.parent,
                "started": _d(g.started),
                "ended": _d(g.ended),
                "has_started": g.has_started,
                "actions": list(g.actions),
            }
            for g in board.groups
        ],
    }


_DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_NDATE = {"anyOf": [_DATE, {"type": "null"}]}
_NSTR = {"type": ["string", "null"]}
_NINT = {"type": ["integer", "null"]}
_IDS = {"type": "array", "items": {"type": "string"}}


def _obj(props: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": props,
        "required": list(props),
        "additionalProperties": False,
    }


ACTION_SCHEMA = _obj(
    {
        "id": {"type": "string"},
        "title": {"type": "string"},
        "status": {"enum": [*STATUSES, None]},
        "goals": _IDS,
        "group": _NSTR,
        "owner": _NSTR,
        "start": _NDATE,
        "due": _NDATE,
        "done": _NDATE,
        "progress": _NINT,
        "last_update": _NDATE,
        "overdue_days": _NINT,
        "due_in_days": _NINT,
        "stale_days": _NINT,
    }
)

JSON_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "agenda status --format json",
    **_obj(
        {
            "programme": _obj(
                {
                    "name": {"type": "string"},
                    "language": {"type": "string"},
                    "start": _NDATE,
                    "end": _NDATE,
                }
            ),
            "today": _DATE,
            "records": _obj(
                {k: {"type": "integer"} for k in ("total", "goals", "groups", "actions")}
            ),
            "settings": _obj({"soon_days": {"type": "integer"}, "stale_days": {"type": "integer"}}),
            "filters": _obj(
                {
                    "goal": _NSTR,
                    "group": _NSTR,
                    "owner": _NSTR,
                    "status": {"type": "array", "items": {"enum": list(STATUSES)}},
                }
            ),
            "goals": {
                "type": "array",
                "items": _obj(
                    {
                        "id": {"type": "string"},
                        "title": {"type": "string"},
                        "counts": _obj({s: {"type": "integer"} for s in STATUSES}),
                        "done": {"type": "integer"},
                        "total": {"type": "integer"},
                        "percent": {"type": "integer", "minimum": 0, "maximum": 100},
                        "actions": {"type": "array", "items": ACTION_SCHEMA},
                        "overdue": _IDS,
                        "soon": _IDS,
                        "blocked": _IDS,
                        "stale": _IDS,
                    }
                ),
            },
            "groups": {
                "type": "array",
                "items": _obj(
                    {
                        "id": {"type": "string"},
                        "title": {"type": "string"},
                        "kind": {"type": "string"},
                        "parent": _NSTR,
                        "started": _NDATE,
                        "ended": _NDATE,
                        "has_started": {"type": "boolean"},
                        "actions": _IDS,
                    }
                ),
            },
        }
    ),
}
"""JSON Schema of :func:`as_json` (draft 2020-12)."""


__all__ = [
    "JSON_SCHEMA",
    "ActionStatus",
    "Dashboard",
    "Filters",
    "GoalStatus",
    "GroupStatus",
    "action_status",
    "as_json",
    "dashboard",
]
