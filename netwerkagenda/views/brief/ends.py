"""Layer 2 of the brief: every record at both ends of the period and the events between.

The brief does not trust any one source. For every record it looks at its state at
both ends of the period (the repository at ``since`` and at ``until``, read from git)
and at the events between (:mod:`netwerkagenda.history`), so a change is told even
where an event is missing, and nothing is told that the two ends contradict.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from netwerkagenda.history.changes import Event
    from netwerkagenda.model import Record
    from netwerkagenda.records.repository import Repository


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
    on_hold_since: dt.date | None = None  # on hold at the start: since when (git's day)

    @property
    def record(self) -> Record:
        rec = self.after or self.before
        assert rec is not None
        return rec


def _stem(path: Any) -> str | None:
    if not isinstance(path, str):
        return None
    return os.path.splitext(os.path.basename(path))[0]


def record_ends(
    start: Mapping[str, Record] | None,
    end: Repository,
    events: Sequence[Event],
    extra: Iterable[Repository] = (),
    on_hold: Mapping[str, dt.date] | None = None,
) -> dict[str, Ends]:
    """Every record that exists at either end of the period or has an event in it, by
    its id at the end. ``start`` is the records at the period's start, by id
    (``None``: unknown); ``extra`` repositories (the working tree) fill in records ``end`` lacks
    that have events (data written later about the period); ``on_hold``: since when
    the records on hold at the start had been, by their id at the start."""
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
            rid, rec.kind, before, after, start is not None, tuple(by_record.get(rid, ())), old_id,
            (on_hold or {}).get(old_id if old_id is not None else rid),
        )  # fmt: skip
    return out
