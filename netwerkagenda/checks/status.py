"""Checks on statuses across records."""

from __future__ import annotations

from collections.abc import Iterator

from netwerkagenda.checks import Context
from netwerkagenda.findings import Problem, warning
from netwerkagenda.model import OPEN_STATUSES


def done_depends_on_unfinished(ctx: Context) -> Iterator[Problem]:
    for rec in ctx.records.values():
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
