"""Checks on statuses across records."""

from __future__ import annotations

from collections.abc import Iterator

from netwerkagenda.checks import Context
from netwerkagenda.findings import Problem, warning
from netwerkagenda.model import OPEN_STATUSES


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def done_depends_on_unfinished(ctx: Context) -> Iterator[Problem]:
    for rec in ctx.checked():
        if rec.kind != "action" or rec.status != "done":
            continue
        for i, dep in enumerate(rec.ids("depends_on")):
            other = ctx.records.get(dep)
            if other is not None and other.kind == "action" and other.status in OPEN_STATUSES:
                yield warning(
                    "done-before-dependency",
                    rec.file,
                    f"action is done, but it depends on '{dep}', which is {other.status}",
                    ("depends_on", i),
                )


def late_start(ctx: Context) -> Iterator[Problem]:
    from netwerkagenda.attention import late_start_days

    for rec in ctx.checked():
        if rec.kind != "action":
            continue
        days = late_start_days(rec, ctx.today)
        if days is not None:
            yield warning(
                "late-start",
                rec.file,
                f"planned to start {rec.date('start')}: should have started {_days(days)} ago",
                ("start",),
                "set status: active, or move the start date",
            )


def blocked_too_long(ctx: Context) -> Iterator[Problem]:
    from netwerkagenda.attention import blocked_since

    limit = ctx.settings.blocked_days
    for rec in ctx.checked():
        if rec.kind != "action":
            continue
        since = blocked_since(rec, ctx.today, ctx.blocked_since)
        if since is not None and (ctx.today - since).days > limit:
            days = (ctx.today - since).days
            yield warning(
                "blocked-too-long",
                rec.file,
                f"blocked since {since} ({_days(days)}, more than {limit})",
                ("status",),
                "say in an update what would unblock it, or cancel it "
                "([status] blocked_days sets the limit)",
            )


def waiting_on_dependency(ctx: Context) -> Iterator[Problem]:
    from netwerkagenda.attention import waiting_on

    for rec in ctx.checked():
        if rec.kind != "action":
            continue
        deps = rec.ids("depends_on")
        for dep, why in waiting_on(rec, ctx.records, ctx.today):
            yield warning(
                "waiting-on-dependency",
                rec.file,
                f"action is {rec.status} and waits on '{dep}', which is {why}",
                ("depends_on", deps.index(dep)),
            )


def goal_without_action(ctx: Context) -> Iterator[Problem]:
    from netwerkagenda.attention import idle_goals

    if ctx.unreadable:  # an action that cannot be read may serve it: say nothing
        return
    goals = [r for r in ctx.checked() if r.kind == "goal"]
    if not goals:
        return
    actions = [r for r in ctx.records.values() if r.kind == "action"]
    idle = idle_goals(goals, actions)
    for g in goals:
        if g.id in idle:
            yield warning(
                "goal-without-action",
                g.file,
                "no planned or active action serves this goal",
                ("title",),
                "plan an action for it, or say in its description why none is left",
            )
