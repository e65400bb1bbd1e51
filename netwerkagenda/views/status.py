"""Where the programme stands on a day: the computation behind ``agenda status``.

:func:`dashboard` takes a :class:`~netwerkagenda.records.repository.Repository` (the working
tree, or one built from a git revision) and a reference day, and returns plain dataclasses; the
CLI renders them as text, plain text, Markdown or JSON::

    from netwerkagenda import load_repo
    from netwerkagenda.views.status import Filters, dashboard

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
- *late start*, *blocked too long*, *waiting* and a goal with *no open action*: see
  :mod:`netwerkagenda.attention` (``[status] blocked_days``, default 30).
- *budget*: the ``budget`` of actions that are not cancelled, summed per currency and
  never across currencies; an action serving two goals counts in each goal's total,
  once in the programme's.
- an indicator's measurements count up to the day; its *percent* is the latest value
  against the target.

JSON (``agenda status --format json``; :func:`as_json`; :data:`JSON_SCHEMA`)::

    {
      "programme": {"name": str, "language": "nl"|"en", "start": date|null, "end": date|null},
      "today": date,
      "records": {"total": int, "goals": int, "groups": int, "actions": int},
      "settings": {"soon_days": int, "stale_days": int, "blocked_days": int},
      "budget": money,                      # the shown actions, each once, not cancelled
      "filters": {"goal": id|null, "group": id|null, "owner": str|null, "status": [status]},
      "goals": [{
        "id": id, "title": str,
        "counts": {"planned": int, "active": int, "done": int, "blocked": int, "cancelled": int},
        "done": int, "total": int,          # total: actions not cancelled
        "percent": int,                     # 0-100, done / total (0 when total is 0)
        "actions": [action, ...],           # sorted by due date (none last), then id
        "overdue": [id], "soon": [id], "blocked": [id], "stale": [id],
        "late_start": [id],                 # planned, start passed
        "blocked_long": [id],               # blocked > blocked_days (not in "blocked")
        "waiting": [id],                    # open, a dependency late/blocked/cancelled
        "no_open_action": bool,             # no planned or active action serves it
        "budget": money,                    # its actions that are not cancelled
        "indicators": [{"id": str, "title": str, "unit": str|null,
                        "target": number|null, "latest": measurement|null,
                        "previous": measurement|null,
                        "percent": int|null,  # latest / target, rounded; may pass 100
                        "sparkline": str,     # the last 12 values as ▁▂▃▄▅▆▇█
                        "measurements": [measurement]}]  # up to the day, oldest first
      }],
      "groups": [{
        "id": id, "title": str, "kind": str, "parent": id|null,
        "started": date|null, "ended": date|null, "has_started": bool,
        "actions": [id],                    # its actions (of --owner/--status if given)
        "budget": money,                    # of those actions, not cancelled
        "depth": int                        # in the tree of parents; groups come in
      }]                                    # tree order, each parent before its children
    }
    money = [{"currency": str, "amount": number}]   # one per currency, never added up
    measurement = {"date": date, "value": number, "note": str|null}
    action = {"id": id, "title": str, "status": status, "goals": [id], "group": id|null,
              "owner": str|null, "start": date|null, "due": date|null, "done": date|null,
              "progress": int|null, "last_update": date|null,
              "overdue_days": int|null, "due_in_days": int|null, "stale_days": int|null,
              "late_start_days": int|null, "blocked_since": date|null,
              "blocked_days": int|null, "waiting_on": [{"id": id,
              "reason": "late"|"blocked"|"cancelled"}],
              "budget": {"amount": number, "currency": str}|null}

Dates are ISO ``YYYY-MM-DD`` strings.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from netwerkagenda.days import add_days
from netwerkagenda.errors import Input, UsageError
from netwerkagenda.model import OPEN_STATUSES, STATUSES, Record, budget_value
from netwerkagenda.suggest import did_you_mean
from netwerkagenda.views.query import UnknownId

if TYPE_CHECKING:
    from netwerkagenda.records.repository import Repository


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
    late_start_days: int | None = None
    blocked_since: dt.date | None = None
    blocked_days: int | None = None
    too_long_blocked: bool = False  # blocked for more than [status] blocked_days
    waiting_on: tuple[tuple[str, str], ...] = ()  # (dependency, late|blocked|cancelled)
    budget: tuple[float, str] | None = None  # (amount, currency)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


@dataclass(frozen=True)
class Measurement:
    date: dt.date
    value: float
    note: str | None = None


@dataclass(frozen=True)
class IndicatorStatus:
    """An indicator on the day: its measurements up to the day, oldest first."""

    id: str
    title: str
    unit: str | None
    target: float | None
    measurements: tuple[Measurement, ...]

    @property
    def latest(self) -> Measurement | None:
        return self.measurements[-1] if self.measurements else None

    @property
    def previous(self) -> Measurement | None:
        return self.measurements[-2] if len(self.measurements) > 1 else None

    @property
    def percent(self) -> int | None:
        """The latest value as a share of the target (may pass 100); ``None`` without
        a measurement or a positive target."""
        if self.latest is None or not self.target or self.target <= 0:
            return None
        return int(100 * self.latest.value / self.target + 0.5)

    def sparkline(self, width: int = 12) -> str:
        """The last ``width`` values as Unicode blocks, lowest ▁ to highest █."""
        values = [m.value for m in self.measurements[-width:]]
        if not values:
            return ""
        low, high = min(values), max(values)
        if high == low:
            return SPARKS[3] * len(values)
        return "".join(SPARKS[round((v - low) / (high - low) * 7)] for v in values)


SPARKS = "▁▂▃▄▅▆▇█"


Money = dict[str, float]  # currency -> amount; currencies are never added up


def add_money(total: Money, budget: tuple[float, str] | None) -> None:
    if budget is not None:
        amount, currency = budget
        total[currency] = total.get(currency, 0) + amount


@dataclass
class GoalStatus:
    id: str
    title: str
    counts: dict[str, int]
    actions: list[ActionStatus] = field(default_factory=list)
    indicators: list[IndicatorStatus] = field(default_factory=list)
    no_open_action: bool = False  # no planned or active action serves it (all of them)

    @functools.cached_property
    def budget(self) -> Money:
        """The budgets of its actions that are not cancelled, per currency (read once
        the dashboard is made)."""
        total: Money = {}
        for a in self.actions:
            if a.status != "cancelled":
                add_money(total, a.budget)
        return total

    @property
    def late_start(self) -> list[ActionStatus]:
        return sorted(
            (a for a in self.actions if a.late_start_days is not None),
            key=lambda a: (-(a.late_start_days or 0), a.id),
        )

    @property
    def blocked_long(self) -> list[ActionStatus]:
        return sorted(
            (a for a in self.actions if a.too_long_blocked),
            key=lambda a: (-(a.blocked_days or 0), a.id),
        )

    @property
    def waiting(self) -> list[ActionStatus]:
        return [a for a in self.actions if a.waiting_on]

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
        """Blocked, but not (yet) for too long: those are in :attr:`blocked_long`."""
        return [a for a in self.actions if a.status == "blocked" and not a.too_long_blocked]

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
    budget: tuple[tuple[str, float], ...] = ()  # (currency, amount) of its own actions
    depth: int = 0  # in the tree of parents: 0 for a group shown at the top


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
    blocked_days: int = 30
    budget: Money = field(default_factory=dict)  # the shown actions, each counted once

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


def indicators_of(r: Record, day: dt.date) -> list[IndicatorStatus]:
    out: list[IndicatorStatus] = []
    raw = r.data.get("indicators")
    for ind in raw if isinstance(raw, list) else ():
        if not isinstance(ind, dict) or not isinstance(ind.get("id"), str):
            continue
        items = ind.get("measurements")
        ms = []
        for m in items if isinstance(items, list) else ():
            d, v = (m.get("date"), m.get("value")) if isinstance(m, dict) else (None, None)
            if (
                isinstance(d, dt.date)
                and not isinstance(d, dt.datetime)
                and d <= day
                and isinstance(v, int | float)
                and not isinstance(v, bool)
            ):
                note = m.get("note")
                ms.append(Measurement(d, v, note if isinstance(note, str) else None))
        ms.sort(key=lambda m: m.date)
        target = ind.get("target")
        title, unit = ind.get("title"), ind.get("unit")
        out.append(
            IndicatorStatus(
                id=ind["id"],
                title=title if isinstance(title, str) else ind["id"],
                unit=unit if isinstance(unit, str) else None,
                target=target
                if isinstance(target, int | float) and not isinstance(target, bool)
                else None,
                measurements=tuple(ms),
            )
        )
    return out


def action_status(
    r: Record,
    day: dt.date,
    soon_days: int,
    stale_days: int,
    blocked_days: int = 30,
    blocked_from_git: Mapping[str, dt.date] | None = None,
    records: Mapping[str, Record] | None = None,
) -> ActionStatus:
    """One action as seen on ``day``; with ``records`` (all records by id) also the
    dependencies that hold it up."""
    from netwerkagenda.attention import blocked_since, last_update, late_start_days, waiting_on

    status = r.status
    due = r.date("due")
    start = r.date("start")
    last = last_update(r, day)
    is_open = status in OPEN_STATUSES
    overdue = (day - due).days if is_open and due is not None and due < day else None
    due_in = (
        (due - day).days
        if is_open and due is not None and day <= due <= add_days(day, soon_days)
        else None
    )
    stale = None
    ref = last or start
    if status == "active" and ref is not None and (day - ref).days > stale_days:
        stale = (day - ref).days
    progress = r.number("progress")
    since = blocked_since(r, day, blocked_from_git, last)
    blocked_for = (day - since).days if since is not None else None
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
        late_start_days=late_start_days(r, day),
        blocked_since=since,
        blocked_days=blocked_for,
        too_long_blocked=blocked_for is not None and blocked_for > blocked_days,
        waiting_on=tuple(waiting_on(r, records, day)) if records is not None else (),
        budget=budget_value(r.data.get("budget")),
    )


def _check_id(repo: Repository, rid: str | None, kind: str, what: Input) -> None:
    if rid is None:
        return
    rec = repo.records.get(rid)
    if rec is None or rec.kind != kind:
        ids = [r.id for r in repo.records.values() if r.kind == kind]
        raise UnknownId((what, f": no {kind} with id {rid!r}"), hint=did_you_mean(rid, ids))


def _due_key(a: ActionStatus) -> tuple[int, int, str]:
    return (0, a.due.toordinal(), a.id) if a.due else (1, 0, a.id)


def dashboard(
    repo: Repository,
    today: dt.date | None = None,
    filters: Filters | None = None,
    blocked_since: Mapping[str, dt.date] | None = None,
) -> Dashboard:
    """The dashboard of ``repo`` on ``today`` (default: the repository's reference day).
    Unknown goal or group ids and statuses in ``filters`` raise an error with a
    suggestion. ``blocked_since``: since when blocked actions are blocked, from git
    (:func:`netwerkagenda.history.since.blocked_since`); else their last update counts.
    One pass over the records; no per-record scans."""
    from netwerkagenda.attention import idle_goals

    f = filters or Filters()
    day = repo.today(today)
    settings = repo.settings
    _check_filters(repo, f)
    counts = {"goal": 0, "group": 0, "action": 0}
    titles: dict[str, str] = {}
    for r in repo.records.values():
        counts[r.kind] = counts.get(r.kind, 0) + 1
        titles[r.id] = r.title
    goal_records, action_records = repo.goals, repo.actions
    idle = idle_goals(goal_records, action_records)
    goals = {
        g.id: GoalStatus(
            g.id,
            g.title,
            dict.fromkeys(STATUSES, 0),
            indicators=indicators_of(g, day),
            no_open_action=g.id in idle,
        )
        for g in goal_records
    }
    tally = _tally_actions(repo, action_records, day, f, blocked_since, goals)
    goal_list, budget = _shown_goals(list(goals.values()), f)
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
        groups=_steering(repo, day, f, tally),
        titles=titles,
        group_kinds=settings.group_kinds,
        blocked_days=settings.blocked_days,
        budget=budget,
    )


def _check_filters(repo: Repository, f: Filters) -> None:
    """An error with a suggestion for a filter naming no goal, group or status."""
    _check_id(repo, f.goal, "goal", Input.GOAL)
    _check_id(repo, f.group, "group", Input.GROUP)
    for s in f.status:
        if s not in STATUSES:
            raise UsageError(
                (Input.STATUS, f": {s!r} is not one of {', '.join(STATUSES)}"),
                hint=did_you_mean(s, STATUSES),
            )


@dataclass
class _Tally:
    """What the actions tell of each group, for the steering part."""

    by_group: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    budget_of_group: dict[str, Money] = field(default_factory=lambda: defaultdict(dict))
    goals_of_group: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    owners_groups: set[str] = field(default_factory=set)


def _tally_actions(
    repo: Repository,
    actions: list[Record],
    day: dt.date,
    f: Filters,
    blocked_since: Mapping[str, dt.date] | None,
    goals: dict[str, GoalStatus],
) -> _Tally:
    """Each action's status, counted under its goals (those the filters keep) and
    tallied per group."""
    settings = repo.settings
    owner = f.owner.casefold() if f.owner else None
    tally = _Tally()
    for r in actions:
        a = action_status(
            r,
            day,
            settings.soon_days,
            settings.stale_days,
            settings.blocked_days,
            blocked_since,
            repo.records,
        )
        if a.group:
            tally.goals_of_group[a.group].update(a.goals)
        if owner and (a.owner or "").casefold() != owner:
            continue
        if f.status and a.status not in f.status:
            continue
        if a.group:  # the steering part: the group's actions of the owner and status
            tally.by_group[a.group].append(a.id)
            tally.owners_groups.add(a.group)
            if a.status != "cancelled":
                add_money(tally.budget_of_group[a.group], a.budget)
        if f.group and a.group != f.group:
            continue
        for gid in dict.fromkeys(a.goals):
            g = goals.get(gid)
            if g is None:
                continue
            g.actions.append(a)
            if a.status is not None:
                g.counts[a.status] += 1
    return tally


def _shown_goals(goal_list: list[GoalStatus], f: Filters) -> tuple[list[GoalStatus], Money]:
    """The goals the filters keep, their actions by due date, and the budget of the
    actions shown (each once, the cancelled not)."""
    if f.goal:
        goal_list = [g for g in goal_list if g.id == f.goal]
    elif f.narrows_actions:
        goal_list = [g for g in goal_list if g.actions]
    budget: Money = {}
    shown: set[str] = set()
    for g in goal_list:
        g.actions.sort(key=_due_key)
        for a in g.actions:
            if a.id not in shown:
                shown.add(a.id)
                if a.status != "cancelled":
                    add_money(budget, a.budget)
    return goal_list, budget


def _steering(repo: Repository, day: dt.date, f: Filters, tally: _Tally) -> list[GroupStatus]:
    """The groups the filters keep, as a tree in display order (depth first)."""
    groups_of = {r.id: r for r in repo.groups}
    children: dict[str, list[str]] = defaultdict(list)
    for r in groups_of.values():
        parent = r.text("parent")
        if parent in groups_of and parent != r.id:
            children[parent].append(r.id)
    keep = _kept_groups(groups_of, children, f, tally)
    kinds = repo.settings.group_kinds

    def order(gid: str) -> tuple[int, str, str]:
        kind = groups_of[gid].text("kind") or "?"
        return (kinds.index(kind) if kind in kinds else len(kinds), kind, gid)

    groups: list[GroupStatus] = []
    placed: set[str] = set()

    def place(gid: str, depth: int) -> None:
        if gid in placed:  # a cycle of parents: each group once
            return
        placed.add(gid)
        groups.append(_group_status(groups_of[gid], day, depth, tally))
        for child in sorted((c for c in children.get(gid, ()) if c in keep), key=order):
            place(child, depth + 1)

    roots = [gid for gid in keep if groups_of[gid].text("parent") not in keep]
    for gid in sorted(roots, key=order):
        place(gid, 0)
    for gid in sorted(keep - placed, key=order):  # only in a cycle of parents
        place(gid, 0)
    return groups


def _kept_groups(
    groups_of: dict[str, Record], children: dict[str, list[str]], f: Filters, tally: _Tally
) -> set[str]:
    """The groups to show: under the group filter, serving the goal filter, with the
    owner's actions (and, then, the groups above those)."""
    in_subtree: set[str] | None = None
    if f.group:
        in_subtree, todo = set(), [f.group]
        while todo:
            gid = todo.pop()
            if gid not in in_subtree:
                in_subtree.add(gid)
                todo.extend(children.get(gid, ()))

    def wanted(r: Record) -> bool:
        if in_subtree is not None and r.id not in in_subtree:
            return False
        if f.goal and f.goal not in r.ids("goals") and f.goal not in tally.goals_of_group[r.id]:
            return False
        return not f.owner or r.id in tally.owners_groups

    keep = {gid for gid, r in groups_of.items() if wanted(r)}
    if f.owner:  # the groups above those with the owner's actions, for the tree
        for gid in list(keep):
            seen = {gid}
            parent = groups_of[gid].text("parent")
            while parent in groups_of and parent not in seen:
                keep.add(parent)
                seen.add(parent)
                parent = groups_of[parent].text("parent")
    return keep


def _group_status(r: Record, day: dt.date, depth: int, tally: _Tally) -> GroupStatus:
    started, ended = r.date("started"), r.date("ended")
    return GroupStatus(
        id=r.id,
        title=r.title,
        kind=r.text("kind") or "?",
        parent=r.text("parent"),
        started=started,
        ended=ended,
        has_started=started is not None and started <= day and (ended is None or ended >= day),
        actions=tuple(tally.by_group.get(r.id, ())),
        budget=tuple(sorted(tally.budget_of_group[r.id].items())),
        depth=depth,
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
        "late_start_days": a.late_start_days,
        "blocked_since": _d(a.blocked_since),
        "blocked_days": a.blocked_days,
        "waiting_on": [{"id": d, "reason": why} for d, why in a.waiting_on],
        "budget": {"amount": a.budget[0], "currency": a.budget[1]} if a.budget else None,
    }


def money_json(money: Mapping[str, float]) -> list[dict[str, Any]]:
    """Per currency, never added up: ``[{"currency": "EUR", "amount": 40000}]``."""
    return [{"currency": c, "amount": money[c]} for c in sorted(money)]


def indicator_json(i: IndicatorStatus) -> dict[str, Any]:
    def m(x: Measurement | None) -> dict[str, Any] | None:
        return None if x is None else {"date": x.date.isoformat(), "value": x.value, "note": x.note}

    return {
        "id": i.id,
        "title": i.title,
        "unit": i.unit,
        "target": i.target,
        "latest": m(i.latest),
        "previous": m(i.previous),
        "percent": i.percent,
        "sparkline": i.sparkline(),
        "measurements": [m(x) for x in i.measurements],
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
        "settings": {
            "soon_days": board.soon_days,
            "stale_days": board.stale_days,
            "blocked_days": board.blocked_days,
        },
        "budget": money_json(board.budget),
        "filters": {
            "goal": board.filters.goal,
            "group": board.filters.group,
            "owner": board.filters.owner,
            "status": list(board.filters.status),
        },
        "goals": [goal_json(g) for g in board.goals],
        "groups": [group_json(g) for g in board.groups],
    }


def goal_json(g: GoalStatus) -> dict[str, Any]:
    """One goal of the dashboard's JSON: counts, actions, attention lists, indicators."""
    return {
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
        "late_start": [a.id for a in g.late_start],
        "blocked_long": [a.id for a in g.blocked_long],
        "waiting": [a.id for a in g.waiting],
        "no_open_action": g.no_open_action,
        "budget": money_json(g.budget),
        "indicators": [indicator_json(i) for i in g.indicators],
    }


def group_json(g: GroupStatus) -> dict[str, Any]:
    """One group of the dashboard's JSON, in tree order (``depth``)."""
    return {
        "id": g.id,
        "title": g.title,
        "kind": g.kind,
        "parent": g.parent,
        "started": _d(g.started),
        "ended": _d(g.ended),
        "has_started": g.has_started,
        "actions": list(g.actions),
        "budget": money_json(dict(g.budget)),
        "depth": g.depth,
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
        "late_start_days": _NINT,
        "blocked_since": _NDATE,
        "blocked_days": _NINT,
        "waiting_on": {
            "type": "array",
            "items": _obj(
                {"id": {"type": "string"}, "reason": {"enum": ["late", "blocked", "cancelled"]}}
            ),
        },
        "budget": {
            "anyOf": [
                _obj({"amount": {"type": "number"}, "currency": {"type": "string"}}),
                {"type": "null"},
            ]
        },
    }
)
_MONEY = {
    "type": "array",
    "items": _obj({"currency": {"type": "string"}, "amount": {"type": "number"}}),
}
_MEASUREMENT = _obj({"date": _DATE, "value": {"type": "number"}, "note": _NSTR})
_NMEASUREMENT = {"anyOf": [_MEASUREMENT, {"type": "null"}]}
INDICATOR_SCHEMA = _obj(
    {
        "id": {"type": "string"},
        "title": {"type": "string"},
        "unit": _NSTR,
        "target": {"type": ["number", "null"]},
        "latest": _NMEASUREMENT,
        "previous": _NMEASUREMENT,
        "percent": _NINT,
        "sparkline": {"type": "string"},
        "measurements": {"type": "array", "items": _MEASUREMENT},
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
            "settings": _obj(
                {k: {"type": "integer"} for k in ("soon_days", "stale_days", "blocked_days")}
            ),
            "budget": _MONEY,
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
                        "late_start": _IDS,
                        "blocked_long": _IDS,
                        "waiting": _IDS,
                        "no_open_action": {"type": "boolean"},
                        "budget": _MONEY,
                        "indicators": {"type": "array", "items": INDICATOR_SCHEMA},
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
                        "budget": _MONEY,
                        "depth": {"type": "integer", "minimum": 0},
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
    "indicators_of",
]
