"""One record with its references both ways: the computation behind ``agenda show``.

::

    from netwerkagenda import load_repo
    from netwerkagenda.views.show import record_view

    view = record_view(load_repo(), "leesoffensief")
    view.refs          # [Ref("goals", "geletterde-samenleving", "Geletterde ...", "goal")]
    view.backrefs      # {"actions": [...], "groups": [...], ...} by relation
    view.timeline      # the updates, oldest first
    record_history(repo, view.record)  # what git tells of it: events, the last commit

:class:`References` indexes the references of a whole repository once (target id ->
who points at it), so showing many records stays linear.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from netwerkagenda.model import RECORD_FIELDS, Record, Update, ref_fields
from netwerkagenda.suggest import did_you_mean
from netwerkagenda.views.query import UnknownId

if TYPE_CHECKING:
    from netwerkagenda.git import Commit
    from netwerkagenda.history.changes import Event
    from netwerkagenda.records.repository import Repository

# (kind of the pointing record, its field) -> the relation's name, seen from the target
RELATIONS = {
    ("action", "goals"): "actions",
    ("group", "goals"): "groups",
    ("action", "group"): "actions",
    ("group", "parent"): "subgroups",
    ("action", "depends_on"): "dependents",
}


@dataclass(frozen=True)
class Ref:
    """A reference: the field it is in, the id, the title (``None`` when missing)."""

    field: str
    id: str
    title: str | None
    kind: str | None


class References:
    """Who points at whom, for a whole repository, built in one pass."""

    def __init__(self, repo: Repository) -> None:
        self.incoming: dict[str, list[tuple[str, str]]] = defaultdict(list)
        fields = {k: ref_fields(k) for k in RECORD_FIELDS}
        for r in repo.records.values():
            for name in fields.get(r.kind, {}):
                for target in dict.fromkeys(r.ids(name)):
                    self.incoming[target].append((name, r.id))

    def pointing_at(self, rid: str) -> list[tuple[str, str]]:
        """(field, id of the record) for each record that names ``rid``."""
        return self.incoming.get(rid, [])


@dataclass
class RecordView:
    record: Record
    fields: dict[str, Any]  # the file's fields in file order (refs and updates included)
    refs: list[Ref]
    backrefs: dict[str, list[Ref]]  # relation -> records pointing here
    timeline: list[Update]
    extra: dict[str, Any] = field(default_factory=dict)  # room for e.g. git history


def get_record(repo: Repository, rid: str) -> Record:
    """The record ``rid``, or :class:`~netwerkagenda.views.query.UnknownId` with a suggestion."""
    rec = repo.records.get(rid)
    if rec is None and rid in repo.unreadable:
        files = sorted({p.file for p in repo.problems if PurePosixPath(p.file).stem == rid})
        raise UnknownId(
            f"record {rid!r} cannot be read: {', '.join(files) or 'its file'} has errors",
            hint="'agenda validate' shows them",
        )
    if rec is None:
        raise UnknownId(f"no record with id {rid!r}", hint=did_you_mean(rid, repo.records))
    return rec


def record_view(repo: Repository, rid: str, references: References | None = None) -> RecordView:
    """The record ``rid`` with its references resolved to titles and the records that
    refer to it (``references`` may be shared when showing many records)."""
    rec = get_record(repo, rid)
    index = references or References(repo)
    refs: list[Ref] = []
    for name in ref_fields(rec.kind):
        for target in rec.ids(name):
            other = repo.records.get(target)
            refs.append(
                Ref(name, target, other.title if other else None, other.kind if other else None)
            )
    back: dict[str, list[Ref]] = {}
    for name, source in index.pointing_at(rec.id):
        other = repo.records.get(source)
        if other is None:
            continue
        relation = RELATIONS.get((other.kind, name), f"{other.kind}s ({name})")
        back.setdefault(relation, []).append(Ref(name, other.id, other.title, other.kind))
    for items in back.values():
        items.sort(key=lambda x: x.id)
    timeline = sorted(rec.updates(), key=lambda u: u.date)
    return RecordView(rec, dict(rec.data), refs, back, timeline)


@dataclass(frozen=True)
class RecordHistory:
    """What git tells of one record: its events, newest first, and the commit that
    changed it last."""

    events: list[Event]
    last: Commit


def record_history(repo: Repository, record: Record) -> RecordHistory | None:
    """The history of ``record``'s file, across renames (one ``git log --follow``);
    ``None`` outside git, before the first commit, or when no commit touched it."""
    from netwerkagenda.git import Git
    from netwerkagenda.history.timeline import Period, newest_first, timeline

    g = Git.open(repo.root)
    head = g.head() if g is not None else None
    if g is None or head is None:
        return None
    period = Period(None, None, g, tip=head, entries=g.log(head, follow=record.file))
    events = newest_first(timeline(period, [repo], record.id))
    changed = [e.commit for e in events if e.commit is not None]
    if not changed:
        return None
    return RecordHistory(events, max(changed, key=lambda c: c.date))


def renamed_to(repo: Repository, rid: str) -> tuple[str, dt.date] | None:
    """Where a record that is not in ``repo`` went: the new id and the day of the last
    rename of ``rid`` in the history of HEAD, or ``None`` (no git, or never renamed)."""
    from netwerkagenda.git import Git
    from netwerkagenda.history.changes import renamed_ids
    from netwerkagenda.history.timeline import Period, timeline

    g = Git.open(repo.root)
    head = g.head() if g is not None else None
    if g is None or head is None:
        return None
    period = Period(None, None, g, tip=head, entries=g.log(head))
    for e in reversed(timeline(period, [repo], rid)):
        ids = renamed_ids(e)
        if ids is not None and ids[0] == rid:
            return ids[1], e.date
    return None


__all__ = [
    "RELATIONS",
    "RecordHistory",
    "RecordView",
    "Ref",
    "References",
    "get_record",
    "record_history",
    "record_view",
    "renamed_to",
]
