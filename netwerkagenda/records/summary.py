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
whole repository, which writes a new one). It is kept by columns (a list of each field,
one item per file): read back, 10,000 files are some 15 lists and 10,000 small ones of
ids rather than 50,000 lists, which the garbage collector would walk.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from netwerkagenda.cache import dumps, file_key, loads, settled, stat_key
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

FORMAT = 2  # of the summary's JSON, inside it
_IDS = ("parent", "depends_on", "goals")
# the columns: the file's path, its stat_key and when it was read (time.time_ns()),
# whether it holds a record; of a record, its status, its due and start dates (as
# date.toordinal()) and the ids its parent, depends_on and goals name (None: none)
_COLUMNS = ("path", "stat", "read", "record", "status", "due", "start", *_IDS)
_STATUSES = frozenset(STATUSES)
_SOME: dict[str, object] = {}  # the data of a file the summary knows holds a record
_NOTHING: list[Any] = []  # the problems of a file served from the summary (never changed)
_LAST_DAY = dt.date.max.toordinal()


def facts_of(kind: str, rid: str, file: str, data: dict[str, object] | None) -> tuple[Any, ...]:
    """What checks read of a record they do not report on: (holds a record, status,
    due, start, parent ids, depends_on ids, goals ids)."""
    if data is None:
        return (False, None, None, None, None, None, None)
    rec = Record(kind, rid, file, data)
    due, start = rec.date("due"), rec.date("start")
    return (
        True,
        rec.status,
        None if due is None else due.toordinal(),
        None if start is None else start.toordinal(),
        *(rec.ids(name) or None for name in _IDS),
    )


class _Summary:
    """A summary's columns, and each path's place in them."""

    def __init__(self, columns: dict[str, list[Any]]) -> None:
        self.columns = columns
        self.path, self.stat, self.read = columns["path"], columns["stat"], columns["read"]
        self.status = columns["status"]
        self.ids = {name: columns[name] for name in _IDS}
        self.at = {p: i for i, p in enumerate(self.path)}

    def data(self, i: int) -> dict[str, Any]:
        """The data of the record at ``i`` holding its facts alone."""
        c = self.columns
        out: dict[str, Any] = {}
        if c["status"][i] is not None:
            out["status"] = c["status"][i]
        for name in ("due", "start"):
            if c[name][i] is not None:
                out[name] = dt.date.fromordinal(c[name][i])
        for name in _IDS:
            if c[name][i]:
                out[name] = c[name][i]
        return out

    def facts(self, i: int) -> tuple[Any, ...]:
        return tuple(self.columns[name][i] for name in _COLUMNS[3:])


def _decode(raw: bytes) -> _Summary | None:
    """The summary :func:`_encode` wrote, or ``None`` when it is not one (forged, cut
    short, another format): every column and every value is checked."""
    try:
        doc = loads(raw)
    except (ValueError, RecursionError):
        return None
    try:
        if type(doc) is not dict or doc.get("format") != FORMAT:
            return None
        cols = {name: doc[name] for name in _COLUMNS}
        if any(type(c) is not list for c in cols.values()):
            return None
        n = len(cols["path"])
        if any(len(c) != n for c in cols.values()):
            return None
        kinds = {name: set(map(type, c)) for name, c in cols.items()}
        if not (
            kinds["path"] <= {str}
            and kinds["stat"] <= {str}
            and kinds["read"] <= {int}
            and kinds["record"] <= {bool}
            and set(cols["status"]) <= {None, *_STATUSES}
            and all(kinds[name] <= {int, type(None)} for name in ("due", "start"))
            and all(kinds[name] <= {list, type(None)} for name in _IDS)
        ):
            return None
        for name in ("due", "start"):
            days = [d for d in cols[name] if d is not None]
            if days and not (min(days) > 0 and max(days) <= _LAST_DAY):
                return None
        for name in _IDS:
            if any(type(x) is not str for v in cols[name] if v for x in v):
                return None
        if len(set(cols["path"])) != n:
            return None
    except (KeyError, TypeError):  # a column missing; a value that cannot be hashed
        return None
    return _Summary(cols)


def _encode(rows: Iterable[tuple[str, str, int, tuple[Any, ...]]]) -> bytes:
    """A summary's JSON from (path, stat_key, read, :func:`facts_of`) of each file."""
    cols: dict[str, list[Any]] = {name: [] for name in _COLUMNS}
    lists = [cols[name] for name in _COLUMNS]
    for path, stat, read, facts in rows:
        for col, v in zip(lists, (path, stat, read, *facts), strict=True):
            col.append(v)
    return dumps({"format": FORMAT, **cols})


class _Known(Record):
    """A record the summary knows the facts of (:data:`~netwerkagenda.checks.CROSS_FIELDS`),
    made into its ``data`` when a check first reads them."""

    def __init__(self, kind: str, rid: str, file: str, kept: _Summary, i: int) -> None:
        self.kind, self.id, self.file = kind, rid, file
        self._kept: _Summary | None = kept
        self._i = i
        self._data: dict[str, Any] = {}

    @property
    def data(self) -> dict[str, Any]:
        if self._kept is not None:
            self._data, self._kept = self._kept.data(self._i), None
        return self._data

    @data.setter
    def data(self, value: dict[str, Any]) -> None:
        self._data, self._kept = value, None

    def ids(self, name: str) -> list[str]:
        # Record.ids of the data made, without making it (the actions serving a goal
        # are looked for among all of them)
        if self._kept is not None and name in _IDS:
            return list(self._kept.ids[name][self._i] or ())
        return super().ids(name)

    @property
    def status(self) -> str | None:
        # Record.status of the data made, without making it (the blocked actions are
        # looked for among all of them)
        if self._kept is not None:
            s: str | None = self._kept.status[self._i]
            return s
        return super().status


class _SummaryCheck(StatCheck):
    """Trusts a file, unless it is asked for, whose stat is the one the summary keeps
    (the rule of :meth:`~netwerkagenda.cache.Store.unchanged`)."""

    def __init__(self, store: Store, scope: str, kept: _Summary, focus: set[str]):
        super().__init__(store, scope)
        self.kept, self.focus = kept, focus

    def unchanged(self, rel: str, st: os.stat_result) -> bool:
        i = self.kept.at.get(rel)
        if i is None or rel in self.focus or self.kept.stat[i] != stat_key(st):
            return False
        return settled(st, self.kept.read[i])


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
        record = kept.columns["record"]
        for rel in served:
            place = RecordPath.parse(rel)
            assert place is not None  # discover gives record files only
            i = kept.at[rel]
            res = FileResult(rel, place.kind, place.id, place.format, None, _NOTHING)
            if record[i]:
                res.data = _SOME
                res.record = _Known(place.kind, place.id, rel, kept, i)
            facts.append(res)
        repo = build_repository(path, settings, [*results, *facts], problems)
    for p in problems:  # record files that exist but were not read
        place = RecordPath.parse(p.file)
        if place is not None:
            repo.unreadable.add(place.id)
    repo.sources[SETTINGS_FILE] = _settings_source(path)
    for res in results:  # the locations validate will look up are kept too
        store.watch(res.file, len(res.locations or ()), repo.sources[res.file])
    repo.focus = frozenset(focus)
    read = {}
    for res in results:
        seen = check.read.get(res.file)
        if seen is not None:
            facts_now = facts_of(res.kind, res.id, res.file, res.data)
            read[res.file] = (res.file, stat_key(seen[0]), seen[1], facts_now)
    if any(f not in focus for f in read):
        # other files changed since the summary was made: their rows (and those of the
        # files asked for) are kept. The files asked for alone, as pre-commit asks for
        # the file being edited time after time, are not worth writing 1 MB for: their
        # rows are made when another file is asked for (or by a whole validate)
        new = _updated(kept, [f for f in repo.files if f in read or f in kept.at], read)
        if new != raw:
            store.put_summary(settings.digest, new)
    return repo


def _updated(
    kept: _Summary, files: list[str], read: dict[str, tuple[str, str, int, tuple[Any, ...]]]
) -> bytes:
    """The summary of ``files``: the rows of ``read``, the others as ``kept`` has them
    (copied by columns when the files are the same ones, as after an edit)."""
    if files != kept.path:
        return _encode(
            read[f] if f in read else (f, kept.stat[i], kept.read[i], kept.facts(i))
            for f in files
            for i in (kept.at.get(f, -1),)
        )
    cols = {name: list(col) for name, col in kept.columns.items()}
    lists = [cols[name] for name in _COLUMNS]
    for f, (path, stat, when, facts) in read.items():
        i = kept.at[f]
        for col, v in zip(lists, (path, stat, when, *facts), strict=True):
            col[i] = v
    return dumps({"format": FORMAT, **cols})


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


def keep(repo: Repository, store: Store, *, anew: bool = False) -> None:
    """Keep the summary of ``repo``, loaded whole from the working tree through
    ``store``, for the next ``validate FILE``: the rows of the files read since the
    summary was made, the others as it has them; nothing to do when this run read no
    file and there is one (unless ``anew``: it could not be used)."""
    scope = repo.settings.digest
    if not anew and not store.records_changed() and store.has_summary(scope):
        # every row still says what its file held when read (a file changed since is
        # told by its stat): the next validate FILE reads those and keeps them
        return
    raw = None if anew else store.summary(scope)
    kept = None if raw is None else _decode(raw)
    read = {}
    files = []
    for rel in repo.files:
        seen = store.kept_stat(rel)
        place = RecordPath.parse(rel)
        if seen is None or place is None:
            continue
        files.append(rel)
        i = None if kept is None else kept.at.get(rel)
        if kept is not None and i is not None and (kept.stat[i], kept.read[i]) == seen:
            continue  # the same read of the same file: its row stands
        facts = facts_of(place.kind, place.id, rel, repo.file_data.get(rel))
        read[rel] = (rel, seen[0], seen[1], facts)
    new = _encode(read[f] for f in files) if kept is None else _updated(kept, files, read)
    if new != raw:
        store.put_summary(scope, new)


__all__ = ["facts_of", "focusable", "keep", "load_focused"]
