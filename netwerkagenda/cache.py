"""The caches of one repository, safe to trust: one sqlite database, written per entry.

What it keeps (one table each): the working tree's record files by path (their checked
data and findings, valid while the file's bytes hash the same, and the locations of
findings already looked up; also the file's stat when it was read, see
:meth:`Store.unchanged`); record files read from git, by blob id or by bytes; each
commit's metadata and data changes, by sha; the events of a range of commits, by a
hash of its commit list; a summary of the working tree's records (their stats and the
facts other records' checks read of them, :mod:`netwerkagenda.records.summary`), so
that ``validate FILE`` reads one row for the rest of the repository. Every entry but a
commit's is valid for one ``agenda.toml`` (its content hash is the entry's ``scope``);
the database as a whole for one schema (``PRAGMA user_version``) and one agenda version
(the ``meta`` table). Anything else, or a database that cannot be read, is ignored and
rebuilt.

It lives in the user's own cache folder, ``$XDG_CACHE_HOME/agenda/<key>/`` (else
``~/.cache/agenda/<key>/``), one folder per repository keyed by a hash of the
repository's real path (:func:`folder`), never inside the repository: a cache is
trusted only because agenda wrote it, on this machine, for this user, and a clone
brings nothing of it (a forged ``.agenda-cache/`` committed to a repository is not
read; see docs/hostile.md). The ``agenda`` folder is made 0700 and is not used when
another user owns it or others may write in it. Values are JSON, never pickle.

The library never opens a store itself: a caller (the CLI) opens one with
:meth:`Store.open`, passes it to what reads, and calls :meth:`Store.save` when done.
``AGENDA_CACHE=0`` or ``agenda validate --no-cache`` turn it off.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netwerkagenda import __version__
from netwerkagenda.findings import KeyPath, Problem, Severity

if TYPE_CHECKING:
    from netwerkagenda.records.source import Source

APP_DIR = "agenda"  # in $XDG_CACHE_HOME
DB_FILE = "cache.sqlite"
TEMPLATES_DIR = "templates"  # Jinja2's bytecode of the built-in templates, in agenda/
# 9: a summary of the working tree for validate FILE (8: a record file's stat beside its
# entry; 7: one sqlite database; JSON files before, format 6: numbers that are not
# finite or too large are findings, issue #17)
SCHEMA = 9
KEEP_RANGES = 4  # the ranges whose events are kept (the most recently written)
TIMEOUT = 1.0  # seconds to wait for another agenda's write; then this one does not cache
# a file modified this close to (or after) the moment it was read may change again
# without its mtime changing (git's "racy" files): its stat is not trusted
RACY_NS = 2_000_000_000

Location = tuple[int, int]
Stat = tuple[str, int, str]  # stat_key of a file as read, time.time_ns() before, blob id

try:  # orjson writes a cache 10-20x and reads it 1.2-5x as fast as json (docs/performance.md)
    import orjson as _orjson
except ImportError:  # pragma: no cover - it is a dependency; json gives the same files
    _orjson = None  # type: ignore[assignment]


def loads(raw: bytes) -> Any:
    """A cache file's JSON (raises ValueError when it is not JSON)."""
    if _orjson is not None:
        try:
            return _orjson.loads(raw)
        except ValueError:  # maybe an escaped lone surrogate (see dumps), which json reads
            pass
    return json.loads(raw)


def dumps(doc: Any) -> bytes:
    """JSON for a document made of dicts, lists, str, int (within 64 bits) and float
    (finite; :func:`encode` keeps other numbers out), bool, None and dates."""
    if _orjson is not None:
        try:
            return _orjson.dumps(doc)
        except TypeError:  # a lone surrogate (a commit message that is not UTF-8)
            pass
    # ASCII escapes carry a lone surrogate too; dumps, not dump: only the one-shot
    # encoder is the C one
    return json.dumps(doc, separators=(",", ":"), default=_iso).encode("ascii")


def enabled() -> bool:
    return os.environ.get("AGENDA_CACHE", "1").lower() not in ("0", "no", "false", "off")


def settled(st: os.stat_result, read_ns: int) -> bool:
    """Whether a file of stat ``st`` read at ``read_ns`` (``time.time_ns()``) had last
    changed :data:`RACY_NS` before: else it may change again within the same mtime
    (git's "racy" files), and its stat is not to be trusted."""
    return max(st.st_mtime_ns, st.st_ctime_ns) < read_ns - RACY_NS


def stat_key(st: os.stat_result) -> str:
    """What :meth:`Store.unchanged` compares of a file's stat: size, mtime, inode,
    ctime, device and mode."""
    return f"{st.st_size} {st.st_mtime_ns} {st.st_ino} {st.st_ctime_ns} {st.st_dev} {st.st_mode}"


def file_key(rel: str, raw: bytes) -> str:
    h = hashlib.blake2b(raw, digest_size=16)
    h.update(b"\0" + rel.encode("utf-8", "surrogateescape"))  # a name that is not UTF-8
    return h.hexdigest()


def _user_cache_home() -> Path | None:
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and os.path.isabs(xdg):  # the spec: a relative value is ignored
        return Path(xdg)
    try:
        return Path.home() / ".cache"
    except (RuntimeError, KeyError, OSError):
        return None


def _trusted(path: Path) -> bool:
    """Whether ``path`` is missing (made 0700 when first written) or a folder of this
    user's that nobody else may write in."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return st.st_uid == os.getuid() and not st.st_mode & 0o022


def app_folder() -> Path | None:
    """``<user cache>/agenda``, or ``None`` when there is no usable one (no home; a
    folder another user owns or others may write in)."""
    home = _user_cache_home()
    if home is None or not _trusted(home / APP_DIR):
        return None
    return home / APP_DIR


def folder(root: Path) -> Path | None:
    """The folder of ``root``'s caches: ``<user cache>/agenda/<hash of the real path>``,
    or ``None`` when there is no usable user cache folder."""
    base = app_folder()
    if base is None:
        return None
    real = os.path.realpath(root)
    return base / hashlib.blake2b(os.fsencode(real), digest_size=12).hexdigest()


def make_folder(path: Path) -> None:
    """Make a cache folder and ``agenda/`` above it, readable by this user only."""
    base = path.parent
    if not base.is_dir():
        base.parent.mkdir(parents=True, exist_ok=True)
        base.mkdir(mode=0o700, exist_ok=True)
    path.mkdir(mode=0o700, exist_ok=True)


class _Unfaithful(Exception):
    """A value JSON cannot give back as it was: such a file is not cached."""


def _encode(value: Any, path: list[str | int], dates: list[list[Any]]) -> Any:
    # exact types only: a subclass (an enum, a parser's own str or float) may print
    # differently from the plain value JSON gives back
    kind = type(value)
    if value is None or kind is bool or kind is str:
        return value
    if kind is int:
        if -(2**63) <= value < 2**64:  # orjson reads a larger one back as a float
            return value
        raise _Unfaithful
    if kind is float:
        if value - value != 0.0:  # nan or infinity: not JSON (orjson writes null)
            raise _Unfaithful
        return value
    if kind is dt.datetime:
        dates.append([*path, "t"])
        return value.isoformat()
    if kind is dt.date:
        dates.append([*path, "d"])
        return value.isoformat()
    # containers: a string or None (most values) is taken as it is, without a path
    if kind is list:
        return [
            v if v is None or type(v) is str else _encode(v, [*path, i], dates)
            for i, v in enumerate(value)
        ]
    if kind is dict:
        out = {}
        for k, v in value.items():
            if type(k) is not str:
                raise _Unfaithful
            out[k] = v if v is None or type(v) is str else _encode(v, [*path, k], dates)
        return out
    raise _Unfaithful


def encode(value: Any) -> tuple[Any, list[list[Any]]] | None:
    """``value`` as JSON plus where its dates are, or ``None`` when JSON cannot give it
    back exactly (:func:`revive` undoes it)."""
    dates: list[list[Any]] = []
    try:
        return _encode(value, [], dates), dates
    except (_Unfaithful, RecursionError):
        return None


def revive(data: Any, dates: list[list[Any]]) -> Any:
    """The value :func:`encode` was given (``data`` is changed in place)."""
    if len(dates) == 1 and len(dates[0]) == 1:  # the value itself is a date
        return _revive_one(data, dates[0][0])
    _revive(data, dates)
    return data


def _revive_one(raw: str, kind: str) -> dt.date:
    return dt.datetime.fromisoformat(raw) if kind == "t" else dt.date.fromisoformat(raw)


def _revive(data: Any, dates: list[list[Any]]) -> None:
    for entry in dates:
        *path, kind = entry
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        raw = parent[path[-1]]
        parent[path[-1]] = (
            dt.datetime.fromisoformat(raw) if kind == "t" else dt.date.fromisoformat(raw)
        )


def entry_for(data: Any, problems: list[Problem]) -> bytes | None:
    """The cache entry for a file's data and problems, or ``None`` when JSON cannot give
    the data back exactly (:func:`entry_from` reads it)."""
    enc: Any = None
    dates: list[list[Any]] = []
    if data is not None:
        encoded = encode(data)
        if encoded is None:
            return None
        enc, dates = encoded
    return dumps([enc, dates, [_problem_out(p) for p in problems]])


def entry_from(value: bytes) -> tuple[Any, list[Problem]] | None:
    """(data, problems) of an entry :func:`entry_for` made; ``None`` when it is not one."""
    try:
        data, dates, problems = loads(value)
        if data is not None:
            _revive(data, dates)
        return data, [_problem_in(p) for p in problems]
    except (KeyError, TypeError, ValueError, IndexError, AttributeError, RecursionError):
        return None


def locations_out(locations: Mapping[tuple[KeyPath, bool], Location]) -> bytes:
    return dumps({_loc_key(path, is_key): list(loc) for (path, is_key), loc in locations.items()})


def locations_in(value: bytes | None) -> dict[tuple[KeyPath, bool], Location]:
    if not value:
        return {}
    try:
        return {_loc_unkey(k): (int(v[0]), int(v[1])) for k, v in loads(value).items()}
    except (TypeError, ValueError, IndexError, AttributeError, RecursionError):
        return {}


def _iso(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _problem_out(p: Problem) -> list[Any]:
    return [
        p.code,
        str(p.severity),
        p.file,
        p.message,
        list(p.path),
        p.hint,
        p.key,
        p.line,
        p.column,
    ]


def _problem_in(v: list[Any]) -> Problem:
    code, sev, file, msg, path, hint, key, line, col = v
    return Problem(code, Severity(sev), file, msg, tuple(path), hint, key, line, col)


_SEP = "\x1f"


def _loc_key(path: KeyPath, key: bool) -> str:
    """``("updates", 2, "date")``, value -> ``"v\x1fsupdates\x1fi2\x1fsdate"``."""
    parts = [f"i{p}" if isinstance(p, int) else f"s{p}" for p in path]
    return _SEP.join(["k" if key else "v", *parts])


def _loc_unkey(text: str) -> tuple[KeyPath, bool]:
    head, *parts = text.split(_SEP)
    path = tuple(int(p[1:]) if p[0] == "i" else p[1:] for p in parts)
    return path, head == "k"


_SCHEMA_SQL = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)",
    "CREATE TABLE records"
    " (path TEXT PRIMARY KEY, scope TEXT, hash TEXT, value BLOB, loc BLOB,"
    " stat TEXT, read INTEGER, blob TEXT)",
    "CREATE TABLE blobs (scope TEXT, key TEXT, value BLOB, PRIMARY KEY (scope, key))",
    "CREATE TABLE commits (scope TEXT, sha TEXT, value BLOB, PRIMARY KEY (scope, sha))",
    "CREATE TABLE events"
    " (scope TEXT, key TEXT, written REAL, value BLOB, PRIMARY KEY (scope, key))",
    "CREATE TABLE summaries (scope TEXT PRIMARY KEY, value BLOB)",
)
_TABLES = ("meta", "records", "blobs", "commits", "events", "summaries")
_INSERT = {
    "records": "INSERT OR REPLACE INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    "blobs": "INSERT OR REPLACE INTO blobs VALUES (?, ?, ?)",
    "commits": "INSERT OR REPLACE INTO commits VALUES (?, ?, ?)",
    "events": "INSERT OR REPLACE INTO events VALUES (?, ?, ?, ?)",
    "summaries": "INSERT OR REPLACE INTO summaries VALUES (?, ?)",
}
_CHUNK = 500  # keys per SELECT ... IN (...)
PAGE_SIZE = 16384
_LOCKED = ("SQLITE_BUSY", "SQLITE_LOCKED")


class _Watched:
    """A working-tree file whose findings' locations may be looked up after loading."""

    __slots__ = ("known", "path", "source")

    def __init__(self, path: str, known: int, source: Source) -> None:
        self.path, self.known, self.source = path, known, source


class Store:
    """The cache database of one repository. Reads go to the database (and to this
    run's own new entries); new entries wait in memory until :meth:`save` writes them
    in one transaction. A database that cannot be read is read as empty and rebuilt by
    :meth:`save`; one another agenda holds locked is not written."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None
        # "new" (not opened yet), "ok", "missing", "stale" (another schema or agenda
        # version), "broken" (not a database) or "locked" (by another agenda making
        # it anew: not written); all but "ok" read as empty
        self._state = "new"
        self._records: dict[str, tuple[Any, ...]] | None = None
        self._restat: dict[str, Stat] = {}
        self._seen: set[str] = set()
        self._pending: dict[str, dict[tuple[str, ...], tuple[Any, ...]]] = {t: {} for t in _INSERT}
        self._watched: list[_Watched] = []

    @classmethod
    def open(cls, root: Path) -> Store | None:
        """The store of the repository at ``root``; ``None`` when caching is off
        (``AGENDA_CACHE=0``) or there is no usable user cache folder."""
        if not enabled():
            return None
        where = folder(root)
        return cls(where / DB_FILE) if where is not None and _trusted(where) else None

    # ---------------------------------------------------------------- reading

    def _reader(self) -> sqlite3.Connection | None:
        if self._state == "new":
            self._state = "missing"
            if os.path.isfile(self.path):
                try:
                    self._db = self._connect("rw")
                    self._state = self._check(self._db)
                except sqlite3.Error as exc:
                    self._failed(exc)
        return self._db if self._state == "ok" else None

    def _connect(self, mode: str) -> sqlite3.Connection:
        from urllib.parse import quote

        db = sqlite3.connect(
            f"file:{quote(str(self.path))}?mode={mode}",
            uri=True,
            timeout=TIMEOUT,
            isolation_level=None,
            check_same_thread=False,
        )
        db.execute("PRAGMA synchronous = NORMAL")
        return db

    @staticmethod
    def _check(db: sqlite3.Connection) -> str:
        if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA:
            return "stale"
        row = db.execute("SELECT value FROM meta WHERE key = 'agenda'").fetchone()
        return "ok" if row is not None and row[0] == __version__ else "stale"

    def _failed(self, exc: sqlite3.Error) -> None:
        """A read failed: locked (another agenda is writing a new schema), or the file
        is no database (then :meth:`save` makes it anew)."""
        locked = getattr(exc, "sqlite_errorname", "") in _LOCKED
        self._state = "locked" if locked else "broken"
        if self._db is not None:
            self._db.close()
            self._db = None

    def _select(self, sql: str, args: Iterable[Any]) -> list[Any]:
        db = self._reader()
        if db is None:
            return []
        try:
            return db.execute(sql, tuple(args)).fetchall()
        except sqlite3.Error as exc:
            self._failed(exc)
            return []

    def _many(self, table: str, column: str, scope: str, keys: list[str]) -> dict[str, Any]:
        pending = self._pending[table]
        out = {k: pending[(scope, k)][-1] for k in keys if (scope, k) in pending}
        rest = [k for k in keys if k not in out]
        for i in range(0, len(rest), _CHUNK):
            part = rest[i : i + _CHUNK]
            marks = ",".join("?" * len(part))
            sql = f"SELECT {column}, value FROM {table} WHERE scope = ? AND {column} IN ({marks})"
            out.update(self._select(sql, [scope, *part]))
        return out

    def _row(self, path: str) -> tuple[Any, ...] | None:
        """(scope, hash, value, loc, stat, read, blob) of ``path``'s entry."""
        if self._records is None:
            rows = self._select(
                "SELECT path, scope, hash, value, loc, stat, read, blob FROM records", ()
            )
            self._records = {r[0]: r[1:] for r in rows}
        self._seen.add(path)
        return self._records.get(path)

    def record(self, path: str, scope: str, digest: str) -> tuple[bytes, bytes | None] | None:
        """The entry and locations kept for the working-tree file ``path`` while its
        bytes hash to ``digest``, or ``None``."""
        hit = self._row(path)
        if hit is None or hit[0] != scope or hit[1] != digest:
            return None
        return hit[2], hit[3]

    def unchanged(self, path: str, scope: str, st: os.stat_result) -> bool:
        """Whether the working-tree file ``path``, stat ``st`` now, is the one its entry
        was made from, without reading it (git's index rule): the stat when it was read
        matches in size, mtime, inode, ctime, device and mode (rewriting a file, even
        with an old mtime put back, changes its ctime, which nobody can set), and it was
        last modified :data:`RACY_NS` before it was read (else it may have changed
        again within the same mtime)."""
        hit = self._row(path)
        if hit is None or hit[0] != scope or hit[4] != stat_key(st) or type(hit[5]) is not int:
            return False
        return settled(st, hit[5])

    def known(self, path: str) -> tuple[str, bytes, bytes | None, str | None] | None:
        """(hash, entry, locations, git blob id) kept for ``path``, after
        :meth:`unchanged` said it is the file it was made from."""
        hit = self._row(path)
        if hit is None:
            return None
        return hit[1], hit[2], hit[3], hit[6] if type(hit[6]) is str else None

    def record_one(self, path: str, scope: str, digest: str) -> tuple[bytes, bytes | None] | None:
        """:meth:`record` with one query for this path alone (not all the table's
        rows): for a run that reads a few files of a large repository."""
        if self._records is not None:
            return self.record(path, scope, digest)
        pending = self._pending["records"].get((path,))
        if pending is not None:
            hit: tuple[Any, ...] | None = pending[1:]
        else:
            rows = self._select(
                "SELECT scope, hash, value, loc FROM records WHERE path = ?", [path]
            )
            hit = rows[0] if rows else None
        if hit is None or hit[0] != scope or hit[1] != digest:
            return None
        return hit[2], hit[3]

    def kept_stat(self, path: str) -> tuple[str, int] | None:
        """(stat, read) that :meth:`unchanged` will compare for ``path`` once this run
        is saved, or ``None``."""
        pending = self._pending["records"].get((path,))
        if pending is not None:
            stat, read = pending[5], pending[6]
        elif path in self._restat:
            stat, read = self._restat[path][:2]
        else:
            hit = self._row(path)
            if hit is None:
                return None
            stat, read = hit[4], hit[5]
        return (stat, read) if type(stat) is str and type(read) is int else None

    def summary(self, scope: str) -> bytes | None:
        """The working tree's summary kept for these settings (its JSON), or ``None``."""
        pending = self._pending["summaries"].get((scope,))
        if pending is not None:
            return bytes(pending[1])
        rows = self._select("SELECT value FROM summaries WHERE scope = ?", [scope])
        return rows[0][0] if rows and type(rows[0][0]) is bytes else None

    def has_summary(self, scope: str) -> bool:
        """Whether a summary is kept for these settings (without reading it)."""
        return (scope,) in self._pending["summaries"] or bool(
            self._select("SELECT 1 FROM summaries WHERE scope = ?", [scope])
        )

    def records_changed(self) -> bool:
        """Whether this run has new entries or stats for working-tree files to save."""
        return bool(self._pending["records"] or self._restat)

    def restat(self, path: str, stat: Stat, settled: bool) -> None:
        """Keep ``stat`` for an entry whose file was read again and hashed the same, so
        that the next run need not read it: when it differs from the one kept, or the
        file is ``settled`` (last changed :data:`RACY_NS` before this read). A file
        still racy with the same stat is not written (a warm run writes nothing)."""
        hit = self._row(path)
        if hit is None or hit[4] != stat[0] or settled:
            self._restat[path] = stat

    def blobs(self, scope: str, keys: list[str]) -> dict[str, bytes]:
        """The entries kept for record files read from git, by key."""
        return self._many("blobs", "key", scope, keys)

    def commits(self, scope: str, shas: list[str]) -> dict[str, Any]:
        """The JSON values kept for commits, by sha."""
        out = {}
        for sha, raw in self._many("commits", "sha", scope, shas).items():
            try:
                out[sha] = loads(raw)
            except (ValueError, RecursionError):
                continue
        return out

    def has_commits(self, scope: str, pending: bool = True) -> bool:
        """Whether commits are kept for ``scope``; ``pending``: or put by this run."""
        return (pending and bool(self._pending["commits"])) or bool(
            self._select("SELECT 1 FROM commits WHERE scope = ? LIMIT 1", [scope])
        )

    def events(self, scope: str, key: str) -> Any:
        """The JSON value kept for a range's events, or ``None``."""
        rows = self._many("events", "key", scope, [key])
        try:
            return loads(rows[key]) if key in rows else None
        except (ValueError, RecursionError):
            return None

    def templates_folder(self) -> Path | None:
        """Where Jinja2 keeps its compiled code of the built-in templates:
        ``<user cache>/agenda/templates``, made 0700; ``None`` when it is not this
        user's alone (Jinja2's bytecode is marshal data, never read from a folder
        someone else could write in)."""
        where = self.path.parent.parent / TEMPLATES_DIR
        try:
            make_folder(where)
        except OSError:
            return None
        return where if _trusted(where) else None

    # ---------------------------------------------------------------- writing

    def put_record(
        self, path: str, scope: str, digest: str, entry: bytes, stat: Stat | None = None
    ) -> None:
        kept = stat or (None, None, None)
        self._pending["records"][(path,)] = (path, scope, digest, entry, None, *kept)
        self._seen.add(path)

    def put_blob(self, scope: str, key: str, entry: bytes) -> None:
        self._pending["blobs"][(scope, key)] = (scope, key, entry)

    def put_summary(self, scope: str, value: bytes) -> None:
        """Keep the working tree's summary for these settings (the only one kept)."""
        self._pending["summaries"] = {(scope,): (scope, value)}

    def put_commit(self, scope: str, sha: str, value: Any) -> None:
        self._pending["commits"][(scope, sha)] = (scope, sha, dumps(value))

    def put_events(self, scope: str, key: str, value: Any) -> None:
        self._pending["events"][(scope, key)] = (scope, key, time.time(), dumps(value))

    def watch(self, path: str, known: int, source: Source) -> None:
        """Keep the locations ``source`` will have found (beyond the ``known`` ones)."""
        self._watched.append(_Watched(path, known, source))

    def save(self) -> None:
        """Write this run's new entries (and forget working-tree files that are gone);
        a database that cannot be written, or is locked, is not an error."""
        locs = [
            (locations_out(w.source.locations), w.path)
            for w in self._watched
            if w.source.locations and len(w.source.locations) > w.known
        ]
        gone = [] if self._records is None else [p for p in self._records if p not in self._seen]
        if not locs and not gone and not self._restat and not any(self._pending.values()):
            return
        with contextlib.suppress(sqlite3.Error, OSError):
            self._write(locs, gone)
        self._watched = []
        self._restat = {}
        for rows in self._pending.values():
            rows.clear()

    def close(self) -> None:
        """:meth:`save`, then close the database (a later read opens it again)."""
        self.save()
        if self._db is not None:
            self._db.close()
        self._db, self._state, self._records = None, "new", None
        self._seen = set()

    def _write(self, locs: list[tuple[bytes, str]], gone: list[str]) -> None:
        db = self._writer()
        try:
            db.execute("BEGIN IMMEDIATE")
            if self._check_quietly(db) != "ok":
                _make_schema(db)
            for table, rows in self._pending.items():
                db.executemany(_INSERT[table], rows.values())
            db.executemany("UPDATE records SET loc = ? WHERE path = ?", locs)
            db.executemany(
                "UPDATE records SET stat = ?, read = ?, blob = ? WHERE path = ?",
                [(*v, p) for p, v in self._restat.items()],
            )
            db.executemany("DELETE FROM records WHERE path = ?", [(p,) for p in gone])
            for (scope,) in self._pending["summaries"]:  # one summary, of the settings now
                db.execute("DELETE FROM summaries WHERE scope != ?", (scope,))
            if self._pending["events"]:
                db.execute(
                    "DELETE FROM events WHERE rowid NOT IN "
                    "(SELECT rowid FROM events ORDER BY written DESC LIMIT ?)",
                    (KEEP_RANGES,),
                )
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            # a new database's first write is done (see _writer): from now on, WAL (if
            # another agenda has it open just now, the next write asks again)
            db.execute("PRAGMA journal_mode = WAL")

    def _writer(self) -> sqlite3.Connection:
        self._reader()
        if self._state == "locked":
            raise sqlite3.OperationalError("locked by another agenda")
        if self._state in ("stale", "broken"):  # another version's, or no database
            if self._db is not None:
                self._db.close()
                self._db = None
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            self._state = "missing"
        if self._db is None:
            make_folder(self.path.parent)
            self._db = self._connect("rwc")
            # entries are parsed records of a few KiB: on 4 KiB pages most of them
            # spill onto overflow pages, and a first run's write took twice as long
            # (set before WAL, which fixes the page size of a new database)
            self._db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
            # A new database takes its first transaction (a first run's: every parse
            # and commit, 18 MB at 10,000 commits) under a rollback journal, which
            # holds nothing for pages that did not exist: in WAL each page is written
            # twice, to the log and by the checkpoint at close (0.107 -> 0.065 s);
            # _write turns WAL on after it.
        return self._db

    @staticmethod
    def _check_quietly(db: sqlite3.Connection) -> str:
        try:
            return Store._check(db)
        except sqlite3.DatabaseError:
            return "stale"


def _make_schema(db: sqlite3.Connection) -> None:
    """Empty tables of this schema and agenda version (inside the open transaction)."""
    for table in _TABLES:
        db.execute(f"DROP TABLE IF EXISTS {table}")
    for sql in _SCHEMA_SQL:
        db.execute(sql)
    db.execute("INSERT INTO meta VALUES ('agenda', ?)", (__version__,))
    db.execute(f"PRAGMA user_version = {SCHEMA}")
