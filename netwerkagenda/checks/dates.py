"""Checks on dates: order, completion dates, deadlines and update notes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from netwerkagenda.checks import Context
from netwerkagenda.findings import Problem, error, warning


def start_after_due(ctx: Context) -> Iterator[Problem]:
    for rec in ctx.checked():
        for first, last in (("start", "due"), ("started", "ended"), ("start", "done")):
            a, b = rec.date(first), rec.date(last)
            if a and b and a > b:
                yield error(
                    "date-order", rec.file, f"{first} ({a}) is after {last} ({b})", (first,)
                )


def done_date_without_done(ctx: Context) -> Iterator[Problem]:
    for rec in ctx.checked():
        if (
            rec.kind == "action"
            and "done" in rec.data
            and rec.data["done"] is not None
            and rec.status not in (None, "done")
        ):
            yield error(
                "done-date-not-done",
                rec.file,
                f"a done date is set, but the status is '{rec.status}'",
                ("done",),
                "set status: done, or remove the done date",
            )


def done_without_date(ctx: Context) -> Iterator[Problem]:
    for rec in ctx.checked():
        if rec.kind == "action" and rec.status == "done" and rec.data.get("done") is None:
            yield warning(
                "done-without-date",
                rec.file,
                "action is done but has no done date",
                ("status",),
                f"add done: {ctx.today.isoformat()} (or the real date)",
            )


def overdue(ctx: Context) -> Iterator[Problem]:
    for rec in ctx.checked():
        due = rec.date("due")
        if (
            rec.kind == "action"
            and due
            and due < ctx.today
            and rec.status
            in (
                "planned",
                "active",
                "blocked",
            )
        ):
            days = (ctx.today - due).days
            yield warning(
                "overdue",
                rec.file,
                f"due {due.isoformat()}, {days} day{'s' if days != 1 else ''} ago, "
                f"and still {rec.status}",
                ("due",),
                "move the due date, or mark it done or cancelled",
            )


def _update_dates(rec_data: object) -> Iterator[tuple[int, dt.date]]:
    raw = rec_data if isinstance(rec_data, list) else []
    for i, u in enumerate(raw):
        d = u.get("date") if isinstance(u, dict) else None
        if isinstance(d, dt.date) and not isinstance(d, dt.datetime):
            yield i, d


def updates_in_future(ctx: Context) -> Iterator[Problem]:
    for rec in ctx.checked():
        for i, d in _update_dates(rec.data.get("updates")):
            if d > ctx.today:
                yield warning(
                    "update-in-future",
                    rec.file,
                    f"update dated {d.isoformat()}, after today ({ctx.today.isoformat()})",
                    ("updates", i, "date"),
                )


def updates_out_of_order(ctx: Context) -> Iterator[Problem]:
    for rec in ctx.checked():
        prev: dt.date | None = None
        for i, d in _update_dates(rec.data.get("updates")):
            if prev is not None and d < prev:
                yield warning(
                    "updates-out-of-order",
                    rec.file,
                    f"update dated {d.isoformat()} comes after one dated {prev.isoformat()}",
                    ("updates", i, "date"),
                    "keep updates oldest first",
                )
            prev = d if prev is None or d > prev else prev
