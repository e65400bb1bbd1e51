"""A validation cache that is safe to trust.

Per record file, the result of reading and checking it
(:class:`~netwerkagenda.records.repository.FileResult`
without its text) is stored under a key made of the file's path and a hash of its bytes,
together with the locations of findings already looked up. The cache as a whole is
valid only for one version of agenda and one ``agenda.toml`` (by content); anything
else, or a file that cannot be read as a cache, is ignored and rebuilt.

It lives in the user's own cache folder, ``$XDG_CACHE_HOME/agenda/<key>/`` (else
``~/.cache/agenda/<key>/``), one folder per repository keyed by a hash of the
repository's real path (:func:`folder`), never inside the repository: a cache is
trusted only because agenda wrote it, on this machine, for this user, and a clone
brings nothing of it (a forged ``.agenda-cache/`` committed to a repository is not
read; see docs/hostile.md). The ``agenda`` folder is made 0700 and is not used when
another user owns it or others may write in it. It is JSON, never pickle.
``AGENDA_CACHE=0`` or ``agenda validate --no-cache`` turn it off.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from netwerkagenda import __version__
from netwerkagenda.findings import KeyPath, Problem, Severity

APP_DIR = "agenda"  # in $XDG_CACHE_HOME
CACHE_FILE = "records.json"  # the working tree's records (validate and every command)
BLOBS_FILE = "blobs.json"  # record files read from git history (log, brief, --as-of)
COMMITS_FILE = "commits.json"  # each commit's metadata and data changes, by sha
# the semantic changes of a range of commits, one file per range (by its sha list)
EVENTS_FILE = "events-{}.json"
FORMAT = 6  # 3: events of a followed file kept apart from the whole range's; 4: null
# documents are findings, TOML locations of dotted keys and headers are right; 5: plans
# are not events; measurements, indicators and budgets are (issue 13); 6: numbers that
# are not finite or too large are findings (issue #17)

Location = tuple[int, int]


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


_FOLDERS: dict[tuple[Path, str, str], Path | None] = {}


def folder(root: Path) -> Path | None:
    """The folder of ``root``'s caches: ``<user cache>/agenda/<hash of the real path>``,
    or ``None`` when there is no usable user cache folder (no home; an ``agenda``
    folder another user owns or others may write in)."""
    memo = (root, os.environ.get("XDG_CACHE_HOME", ""), os.environ.get("HOME", ""))
    if memo in _FOLDERS:
        return _FOLDERS[memo]
    home = _user_cache_home()
    out: Path | None = None
    if home is not None:
        base = home / APP_DIR
        try:
            st = os.stat(base)
            trusted = st.st_uid == os.getuid() and not st.st_mode & 0o022
        except FileNotFoundError:
            trusted = True  # made 0700 by the first save
        except OSError:
            trusted = False
        if trusted:
            real = os.path.realpath(root)
            out = base / hashlib.blake2b(os.fsencode(real), digest_size=12).hexdigest()
    _FOLDERS[memo] = out
    return out


def _make_folder(path: Path) -> None:
    """Make the cache folder and ``agenda/`` above it, readable by this user only."""
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


def entry_for(data: Any, problems: list[Problem]) -> dict[str, Any] | None:
    """The cache entry for a file's data and problems (JSON-ready), or ``None`` when JSON
    cannot give the data back exactly."""
    enc: Any = None
    dates: list[list[Any]] = []
    if data is not None:
        encoded = encode(data)
        if encoded is None:
            return None
        enc, dates = encoded
    return {
        "data": enc,
        "dates": dates,
        "problems": [_problem_out(p) for p in problems],
        "loc": {},
    }


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


class Cache:
    """Entries by file key; :meth:`save` writes them back atomically when changed.

    ``keep``: how many entries a run did not use survive its :meth:`save` (the newest
    first); ``0`` prunes the cache to what the run used, ``None`` keeps everything."""

    def __init__(
        self,
        root: Path,
        settings_digest: str,
        name: str = CACHE_FILE,
        *,
        keep: int | None = 0,
    ) -> None:
        self.root = root
        self.name = name
        self.keep = keep
        self.stamp = f"{__version__}/{FORMAT}/{settings_digest}"
        self.entries: dict[str, Any] = {}
        self.used: set[str] = set()
        self.revived: set[str] = set()
        self.dirty = False
        self._load()

    @property
    def path(self) -> Path:
        base = folder(self.root)
        # no user cache folder: nothing is read (a path that is never there)
        return base / self.name if base is not None else Path(os.devnull, self.name)

    def _load(self) -> None:
        if folder(self.root) is None:
            return
        try:
            with open(self.path, "rb") as fh:
                doc = loads(fh.read())
            if isinstance(doc, dict) and doc.get("stamp") == self.stamp:
                entries = doc.get("entries")
                if isinstance(entries, dict):
                    self.entries = entries
        except (OSError, ValueError, UnicodeDecodeError, RecursionError):
            self.entries = {}

    def get(
        self, key: str
    ) -> tuple[Any, list[Problem], dict[tuple[KeyPath, bool], Location]] | None:
        """(data, problems, known locations) for a file key, or None."""
        e = self.entries.get(key)
        if e is None:
            return None
        try:
            data = e["data"]
            if data is not None and key not in self.revived:
                # dates are revived in place; save() writes them back as strings
                _revive(data, e["dates"])
                self.revived.add(key)
            problems = [_problem_in(p) for p in e["problems"]]
            locs = {_loc_unkey(k): (int(v[0]), int(v[1])) for k, v in e["loc"].items()}
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            self.entries.pop(key, None)
            self.dirty = True
            return None
        self.used.add(key)
        return data, problems, locs

    def put_entry(self, key: str, entry: dict[str, Any]) -> None:
        """Keep an entry :func:`entry_for` made (maybe in another process)."""
        self.entries[key] = entry
        self.used.add(key)
        self.dirty = True

    def lookup(self, key: str) -> Any:
        """The JSON value stored under ``key`` (``None`` when there is none); the caller
        checks its shape and calls :meth:`drop` when it is not what it should be."""
        value = self.entries.get(key)
        if value is not None:
            self.used.add(key)
        return value

    def store(self, key: str, value: Any) -> None:
        """Keep a JSON value (made of dicts, lists, str, int, float, bool, None)."""
        self.entries.pop(key, None)  # the newest entries last, for ``keep``
        self.entries[key] = value
        self.used.add(key)
        self.dirty = True

    def drop(self, key: str) -> None:
        if self.entries.pop(key, None) is not None:
            self.dirty = True
        self.used.discard(key)

    def remember_locations(self, key: str, locations: dict[tuple[KeyPath, bool], Location]) -> None:
        e = self.entries.get(key)
        if e is None:
            return
        known = e["loc"]
        for (path, is_key), loc in locations.items():
            k = _loc_key(path, is_key)
            if k not in known:
                known[k] = list(loc)
                self.dirty = True

    def save(self) -> None:
        """Write the entries in use (forgetting files that are gone) atomically; a cache
        that cannot be written is not an error."""
        self._prune()
        if not self.dirty:
            return
        where = folder(self.root)
        if where is None:
            return
        try:
            _make_folder(where)
            import tempfile

            fd, tmp = tempfile.mkstemp(dir=where, prefix=f".{self.name}.", suffix=".tmp")
            try:
                raw = dumps({"stamp": self.stamp, "entries": self.entries})
                with os.fdopen(fd, "wb") as fh:
                    fh.write(raw)
                os.replace(tmp, self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            return
        self.dirty = False

    def save_later(self) -> None:
        """:meth:`save`, through :func:`later` when there is anything to write."""
        self._prune()
        if self.dirty:
            later(self.save)

    def _prune(self) -> None:
        if self.keep is None or len(self.entries) == len(self.used):
            return
        unused = [k for k in self.entries if k not in self.used]
        if len(unused) <= self.keep:
            return
        drop = set(unused[: len(unused) - self.keep])  # the oldest ones
        self.entries = {k: v for k, v in self.entries.items() if k not in drop}
        self.dirty = True


def touch(cache: Cache) -> None:
    """Mark a cache file as just used (for :func:`retire`)."""
    with contextlib.suppress(OSError):
        os.utime(cache.path)


def retire(root: Path, pattern: str, keep: int) -> None:
    """Delete all but the ``keep`` most recently used cache files matching ``pattern``."""
    where = folder(root)
    if where is None:
        return
    try:
        found = [(p.stat().st_mtime, p) for p in where.glob(pattern)]
        for _, p in sorted(found, reverse=True)[keep:]:
            p.unlink(missing_ok=True)
    except OSError:
        return


# --------------------------------------------------------------------------- write-behind


class _Behind:
    """Cache writes collected by :func:`writing_behind`."""

    def __init__(self) -> None:
        self.pending: list[Callable[[], None]] = []
        self.started: list[Callable[[], None]] = []
        self.pid = 0

    def start(self) -> None:
        from netwerkagenda.perf import can_fork

        todo, self.pending = self.pending, []
        if not todo:
            return
        pid = -1  # on one core, or where fork is not the way: the writes are done here
        if not self.pid and can_fork():
            with contextlib.suppress(OSError):
                pid = os.fork()
        if pid == 0:  # the writer: write, and leave without running any cleanup
            code = 1
            try:
                for fn in todo:
                    fn()
                code = 0
            except BaseException:  # this process does them again, in finish()
                pass
            finally:
                os._exit(code)
        if pid < 0:
            for fn in todo:
                fn()
        else:
            self.pid, self.started = pid, todo

    def finish(self) -> None:
        if self.pid:
            try:
                _, status = os.waitpid(self.pid, 0)
            except ChildProcessError:
                status = 1
            self.pid = 0
            if status != 0:  # the writer failed: do its writes here
                self.pending[:0] = self.started
            self.started = []
        todo, self.pending = self.pending, []
        for fn in todo:
            fn()


_BEHIND: _Behind | None = None


def later(write: Callable[[], None]) -> None:
    """Do a cache write now, or, within :func:`writing_behind`, when it says."""
    if _BEHIND is None:
        write()
    else:
        _BEHIND.pending.append(write)


def write_behind_now() -> None:
    """Within :func:`writing_behind`: start the cache writes collected so far in a forked
    process, while this one goes on (e.g. rendering a brief). Elsewhere: nothing."""
    if _BEHIND is not None:
        _BEHIND.start()


@contextlib.contextmanager
def writing_behind() -> Iterator[None]:
    """Within the block, cache writes (:func:`later`) wait: until
    :func:`write_behind_now` hands them to a forked process, or until the block ends.
    At its end, this process waits for that one and does whatever is left, so every
    write is done when the block is left, as without it. A cold brief spent 50-100 ms
    writing caches on one core while the other had nothing to do."""
    global _BEHIND
    if _BEHIND is not None:  # already collecting: the outer block decides
        yield
        return
    _BEHIND = behind = _Behind()
    try:
        yield
    finally:
        _BEHIND = None
        behind.finish()


_SHARED: dict[tuple[Path, str, str], Cache] = {}


def shared(root: Path, settings_digest: str, name: str, *, keep: int | None = 0) -> Cache:
    """One cache object per file in a process, so that two readers of the same cache
    file (the history walk and a state at a revision) save each other's entries too."""
    key = (root, settings_digest, name)
    hit = _SHARED.get(key)
    if hit is None:
        hit = _SHARED[key] = Cache(root, settings_digest, name, keep=keep)
    return hit
