"""Checks across records. Each is a small pure function ``(Context) -> problems``,
listed once in :func:`_registry`; a new check is one function and one line there.
Per-file checks (syntax, fields, types) live in :mod:`.fields`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from netwerkagenda.findings import Problem
from netwerkagenda.model import Record
from netwerkagenda.settings import Settings


@dataclass(frozen=True)
class Context:
    records: dict[str, Record]
    settings: Settings
    today: dt.date
    # ids of record files that exist but could not be read: references to them are not
    # reported again as missing
    unreadable: frozenset[str] = frozenset()
    # since when each blocked action is blocked, from git (see attention.blocked_since)
    blocked_since: Mapping[str, dt.date] = field(default_factory=dict)
    # the records whose findings are wanted (``validate FILE``), ``None``: all. Checks
    # report only on these; every record of ``records`` is still what they refer to,
    # and of the others only their facts (:data:`CROSS_FIELDS`) are read
    focus: tuple[Record, ...] | None = None

    def checked(self) -> Iterable[Record]:
        """The records to report on."""
        return self.records.values() if self.focus is None else self.focus


# What a check may read of a record it is not reporting on: its kind and id, and these
# fields (see :mod:`netwerkagenda.records.summary`, which keeps only these of the
# records a ``validate FILE`` does not report on)
CROSS_FIELDS = ("status", "due", "start", "parent", "depends_on", "goals")


Check = Callable[[Context], Iterable[Problem]]


def _registry() -> list[Check]:
    from netwerkagenda.checks import dates, references, statuses

    return [
        references.missing_or_wrong_kind,
        references.parent_cycles,
        references.dependency_cycles,
        dates.start_after_due,
        dates.done_date_without_done,
        dates.done_without_date,
        dates.overdue,
        dates.updates_in_future,
        dates.updates_out_of_order,
        statuses.done_depends_on_unfinished,
        statuses.late_start,
        statuses.blocked_too_long,
        statuses.waiting_on_dependency,
        statuses.goal_without_action,
    ]


def run_checks(ctx: Context) -> list[Problem]:
    out: list[Problem] = []
    for check in _registry():
        out.extend(check(ctx))
    return out
