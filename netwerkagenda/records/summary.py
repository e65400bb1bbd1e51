"""``validate FILE`` without loading the whole repository: a summary of the working tree.

Validating one file still checks it against every other record (its references, the
cycles it may close, the goals it serves), yet those checks read only a few facts of
the other records: their kind and id (the path tells both), whether the file holds a
record at all, and :data:`~netwerkagenda.checks.CROSS_FIELDS` (status, due, start and
the ids of parent, depends_on and goals). The store keeps these facts for every record
file in one summary (``Store.summary``, one row per settings), each beside the stat of
the file when it was read, trusted by the same rule as the record cache's own stats
(:meth:`~netwerkagenda.cache.Store.unchanged`: same size, mtime, inode, ctime, device
and mode, and last modified well before that read). :func:`load_focused` reads the
files asked for (always) and any file whose stat is not the summary's (then through the
record cache), takes the facts of the rest from the summary, and returns a partial
:class:`~netwerkagenda.records.repository.Repository` whose checks report on the files
asked for only (:attr:`~netwerkagenda.checks.Context.focus`).

A summary is a function of the files' bytes and the settings (its scope): today's date,
git's blocked-since dates and the agenda version (the store's own) are not in it. One
that is not exactly what :func:`_encode` writes is read as none (the caller loads the
whole repository, which writes a new one).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from netwerkagenda.cache import RACY_NS, dumps, file_key, loads, stat_key
from netwerkagenda.model import STATUSES, Record
from netwerkagenda.records.paths import RecordPath
from netwerkagenda.records.repository import (
    FileResult,
    Repository,
    StatCheck,
    _load_through,
    _settings_source,
    _stat,
    build_repository,
    discover,
)
from netwerkagenda.settings import SETTINGS_FILE, find_root, load_settings

if TYPE_CHECKING:
    from netwerkagenda.cache import Store

FORMAT = 1  # of the summary's JSON, inside it
_IDS = ("parent", "depends_on", "goals")

# one file: [path, stat_key, read (ns), facts]; facts: None (no record) or
# [status, due, start (days as date.toordinal()), parent ids, depends_on ids, goals ids]
Entry = list[Any]
_STATUSES = frozenset(STATUSES)
_SOME: dict[str, object] = {}  # the data of a file the summary knows holds a record
_LAST_DAY = dt.date.max.toordinal()


def facts_of(kind: str, rid: str, file: str, data: dict[str, object] | None) -> list[Any] | None:
    """What checks read of a record they do not report on (``None``: no record)."""
    if data is None:
        return None
    rec = Record(kind, rid, file, data)
    due, start = rec.date("due"), rec.date("start")
    return [
        rec.status,
        None if due is None else due.toordinal(),
        None if start is None else start.toordinal(),
        *(rec.ids(name) for name in _IDS),
    ]


class _Forged(Exception):
    """A summary's entry that is not one :func:`facts_of` made."""


def _checked(facts: Any) -> list[Any]:
    """``facts`` when they are what :func:`facts_of` gives, else :class:`_Forged`."""
    if type(facts) is not list or len(facts) != 6:
        raise _Forged
    status, due, start, parent, depends_on, goals = facts
    if status is not None and (type(status) is not str or status not in _STATUSES):
        raise _Forged
    for day in (due, start):
        if day is not None and (type(day) is not int or not 0 < day <= _LAST_DAY):
            raise _Forged
    for ids in (parent, depends_on, goals):
        if type(ids) is not list:
            raise _Forged
        for x in ids:
            if type(x) is not str:
                raise _Forged
    return facts


def _data(facts: list[Any]) -> dict[str, Any]:
    """A record's data holding its (:func:`_checked`) facts alone."""
    status, due, start, *ids = facts
    out: dict[str, Any] = {}
    if status is not None:
        out["status"] = status
    if due is not None:
        out["due"] = dt.date.fromordinal(due)
    if start is not None:
        out["start"] = dt.date.fromordinal(start)
    for name, v in zip(_IDS, ids, strict=True):
        if v:
            out[name] = v
    return out


class _Known(Record):
    """A record the summary knows the facts of (:data:`~netwerkagenda.checks.CROSS_FIELDS`),
    made into its ``data`` when a check first reads them."""

    def __init__(self, kind: str, rid: str, file: str, facts: list[Any]) -> None:
        self.kind, self.id, self.file = kind, rid, file
        self._facts: list[Any] | None = facts
        self._data: dict[str, Any] = {}

    @property
    def data(self) -> dict[str, Any]:
        if self._facts is not None:
            self._data, self._facts = _data(self._facts), None
        return self._data

    @data.setter
    def data(self, value: dict[str, Any]) -> None:
        self._data, self._facts = value, None

    @property
    def status(self) -> str | None:
        # Record.status of the data made, without making it (the blocked actions are
        # looked for among all of them)
        if self._facts is not None:
            s: str | None = self._facts[0]
            return s
        return super().status


def _decode(raw: bytes) -> dict[str, Entry] | None:
    """The summary's entries by path, or ``None`` when it is not one :func:`_encode`
    wrote (forged, cut short, another format); the facts are checked as they are read
    (:func:`_data`)."""
    try:
        doc = loads(raw)
    except (ValueError, RecursionError):
        return None
    if type(doc) is not dict or doc.get("format") != FORMAT or type(doc.get("files")) is not list:
        return None
    out: dict[str, Entry] = {}
    for e in doc["files"]:
        if type(e) is not list or len(e) != 4 or type(e[0]) is not str:
            return None
        if type(e[1]) is not str or type(e[2]) is not int:
            return None
        out[e[0]] = e
    return out


def _encode(entries: Iterable[Entry]) -> bytes:
    return dumps({"format": FORMAT, "files": list(entries)})


class _SummaryCheck(StatCheck):
    """Trusts a file, unless it is asked for, whose stat is the one the summary keeps
    (the rule of :meth:`~netwerkagenda.cache.Store.unchanged`)."""

    def __init__(self, store: Store, scope: str, kept: dict[str, Entry], focus: set[str]):
        super().__init__(store, scope)
        self.kept, self.focus = kept, focus

    def unchanged(self, rel: str, st: os.stat_result) -> bool:
        e = self.kept.get(rel)
        if e is None or rel in self.focus or e[1] != stat_key(st):
            return False
        return bool(max(st.st_mtime_ns, st.st_ctime_ns) < e[2] - RACY_NS)


def focusable(files: Iterable[str]) -> bool:
    """Whether :func:`load_focused` can validate on ``files``: record files only (not
    ``agenda.toml``, a schema or anything else a full load reports on)."""
    for f in files:
        place = RecordPath.parse(f)
        if place is None or place.hidden:
            return False
    return True


def load_focused(
    root: str | os.PathLike[str] | None, files: Iterable[str], store: Store
) -> Repository | None:
    """The repository at ``root`` for validating ``files`` (record files,
    :func:`focusable`): those read and checked whole, the rest from the store's
    summary where their stat is the one it keeps (else read); ``None`` when the store
    has no usable summary. Settings that cannot be read are a finding, as for
    :func:`~netwerkagenda.records.repository.load_repo` without ``strict_settings``."""
    from netwerkagenda.perf import paused_gc

    path = find_root(root)
    settings, found = load_settings(path, strict=False)
    raw = store.summary(settings.digest)
    kept = None if raw is None else _decode(raw)
    if kept is None:
        return None
    focus = set(files)
    check = _SummaryCheck(store, settings.digest, kept, focus)
    problems = list(found)
    entries: list[tuple[str, bytes]] = []
    served: list[str] = []
    for rel, got, problem in discover(path, settings.max_file_size, check):
        if problem is not None:
            problems.append(problem)
        elif got is not None:
            entries.append((rel, got))
        else:
            served.append(rel)
    with paused_gc():
        results = _read_few(settings.digest, settings, entries, store, check)
        facts = []
        try:
            for rel in served:
                place = RecordPath.parse(rel)
                assert place is not None  # discover gives record files only
                f = kept[rel][3]
                res = FileResult(rel, place.kind, place.id, place.format, None, [])
                if f is not None:
                    res.data = _SOME
                    res.record = _Known(place.kind, place.id, rel, _checked(f))
                facts.append(res)
        except _Forged:
            return None
        repo = build_repository(path, settings, [*results, *facts], problems)
    for p in problems:  # record files that exist but were not read
        place = RecordPath.parse(p.file)
        if place is not None:
            repo.unreadable.add(place.id)
    repo.sources[SETTINGS_FILE] = _settings_source(path)
    for res in results:  # the locations validate will look up are kept too
        store.watch(res.file, len(res.locations or ()), repo.sources[res.file])
    repo.focus = frozenset(focus)
    now = {rel: kept[rel] for rel in served}
    for res in results:
        seen = check.read.get(res.file)
        if seen is not None:
            f = facts_of(res.kind, res.id, res.file, res.data)
            now[res.file] = [res.file, stat_key(seen[0]), seen[1], f]
    new = _encode(now[f] for f in repo.files if f in now)
    if new != raw:
        store.put_summary(settings.digest, new)
    return repo


def _read_few(
    scope: str,
    settings: Any,
    entries: list[tuple[str, bytes]],
    store: Store,
    check: StatCheck,
) -> list[FileResult]:
    """The results of the files read, through the record cache one row at a time."""
    keys = [file_key(rel, raw) for rel, raw in entries]
    cached = [store.record_one(rel, scope, k) for (rel, _), k in zip(entries, keys, strict=True)]
    results, fresh = _load_through(settings, entries, cached)
    for i, entry in fresh.items():
        store.put_record(entries[i][0], scope, keys[i], entry, _stat(check, *entries[i]))
    return results


def keep(repo: Repository, store: Store) -> None:
    """Keep the summary of ``repo``, loaded whole from the working tree through
    ``store``, for the next ``validate FILE`` (written only when it changed)."""
    scope = repo.settings.digest
    entries = []
    for rel in repo.files:
        seen = store.kept_stat(rel)
        place = RecordPath.parse(rel)
        if seen is None or place is None:
            continue
        f = facts_of(place.kind, place.id, rel, repo.file_data.get(rel))
        entries.append([rel, seen[0], seen[1], f])
    new = _encode(entries)
    if new != store.summary(scope):
        store.put_summary(scope, new)


__all__ = ["facts_of", "focusable", "keep", "load_focused"]
