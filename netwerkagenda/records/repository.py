"""Loading a data repository: files -> records + problems -> findings.

:func:`load_repo` reads the working tree; :func:`build_repository` takes file contents
from anywhere (the history module feeds it blobs from git).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netwerkagenda import confine
from netwerkagenda.checks import Context, run_checks
from netwerkagenda.checks.fields import check_record
from netwerkagenda.findings import Finding, KeyPath, Problem, error, locate
from netwerkagenda.model import FOLDERS, ID_RE, KINDS, Record
from netwerkagenda.records.parsed import decode
from netwerkagenda.records.paths import DATA_DIR, RecordPath
from netwerkagenda.records.source import PARSERS, Source
from netwerkagenda.settings import SETTINGS_FILE, Settings, find_root, load_settings, parse_settings

if TYPE_CHECKING:
    from netwerkagenda.cache import Stat, Store
    from netwerkagenda.records.versions import VersionReader


@dataclass
class FileResult:
    """What one record file gives: its record (if it is one) and its problems. A pure
    function of the file's bytes and the settings, so it may be cached."""

    file: str
    kind: str
    id: str
    fmt: str
    data: dict[str, object] | None
    problems: list[Problem]
    text: str | None = None
    raw: bytes | None = None
    locations: dict[tuple[KeyPath, bool], tuple[int, int]] | None = None
    load: Callable[[], bytes | None] | None = None  # the bytes, when not read (raw)
    blob: str | None = None  # the git blob id, when not read
    # the record, made already (``data`` then only tells there is one): of a file no
    # finding is reported on, its source not kept (records.summary)
    record: Record | None = None


@dataclass
class Repository:
    """The records of a data repository (as on disk, or as at a git revision)."""

    root: Path
    settings: Settings
    records: dict[str, Record]
    sources: dict[str, Source]
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    revision: str | None = None
    unreadable: set[str] = field(default_factory=set)
    raw: dict[str, bytes] = field(default_factory=dict, repr=False)  # each file's bytes
    # the git blob ids of the files the cache served without reading them (not in raw)
    blobs: dict[str, str] = field(default_factory=dict, repr=False)
    # each record file's data as read (``None``: it holds no record), a duplicate's too
    file_data: dict[str, dict[str, object] | None] = field(default_factory=dict, repr=False)
    # the files a partial repository (:func:`netwerkagenda.records.summary.load_focused`)
    # can be validated on: of the other records it holds only what checks read of them
    # (nor their sources, nor their data in file_data)
    focus: frozenset[str] | None = None

    def of_kind(self, kind: str) -> list[Record]:
        return [r for r in self.records.values() if r.kind == kind]

    @property
    def goals(self) -> list[Record]:
        return sorted(self.of_kind("goal"), key=_goal_order)

    @property
    def groups(self) -> list[Record]:
        return sorted(self.of_kind("group"), key=lambda r: r.id)

    @property
    def actions(self) -> list[Record]:
        return sorted(self.of_kind("action"), key=lambda r: r.id)

    def get(self, rid: str) -> Record | None:
        return self.records.get(rid)

    def blob_of(self, rel: str) -> str | None:
        """git's blob id of the file ``rel`` as read (``None``: not read)."""
        raw = self.raw.get(rel)
        if raw is not None:
            from netwerkagenda.git import blob_id

            return blob_id(raw)
        return self.blobs.get(rel)  # served by the cache without reading it

    def today(self, override: dt.date | None = None) -> dt.date:
        return self.settings.today(override)

    def validate(
        self,
        *,
        today: dt.date | None = None,
        files: Iterable[str] | None = None,
        blocked_since: Mapping[str, dt.date] | None = None,
    ) -> list[Finding]:
        """All findings, or only those in ``files`` (repository-relative paths); the
        cross-record checks always see the whole repository. ``blocked_since``: since
        when blocked actions are blocked, from git (else their last update counts)."""
        wanted = None if files is None else set(files)
        if self.focus is not None and (wanted is None or not wanted <= self.focus):
            raise ValueError("a partial repository is validated on its focus files only")
        ctx = Context(
            self.records,
            self.settings,
            self.today(today),
            frozenset(self.unreadable),
            blocked_since or {},
            None if wanted is None else tuple(r for r in self.records.values() if r.file in wanted),
        )
        problems = [*self.problems, *run_checks(ctx)]
        if wanted is not None:
            problems = [p for p in problems if p.file in wanted]
        return locate(problems, self.sources)


def _goal_order(r: Record) -> tuple[float, str]:
    o = r.number("order")
    return (o if o is not None else float("inf"), r.id)


def _slug(stem: str) -> str:
    import unicodedata

    s = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s[:80] or "record"


def load_file(
    rel: str, raw: bytes, settings: Settings, versions: VersionReader | None = None
) -> FileResult:
    """Read one record file at ``data/<folder>/<id>.<ext>`` (a :class:`RecordPath`);
    ``versions``: a reader of many versions of files, which parses only what it has not
    seen before (the same result)."""
    place = RecordPath.parse(rel)
    if place is None:
        raise ValueError(f"{rel} is not a record file's path")
    kind, stem, ext, fmt = place.kind, place.id, place.ext, place.format
    res = FileResult(rel, kind, stem, fmt, None, [])
    if not ID_RE.match(stem):
        res.problems.append(
            error(
                "invalid-id",
                rel,
                f"'{stem}' is not a valid id: use lower-case letters, digits and dashes "
                "(at most 80, starting with a letter or digit)",
                hint=f"rename the file to {_slug(stem)}{ext}",
            )
        )
    if len(raw) > settings.max_file_size:
        res.problems.append(_too_large(rel, len(raw), settings.max_file_size))
        return res
    text, problems = decode(raw, rel)
    res.problems += problems
    res.text = text
    if text is None:
        return res
    parsed = PARSERS[fmt](text, rel) if versions is None else versions.parse(fmt, text, rel)
    if parsed.data is None:
        # a file the parser reads as nothing is a finding too, never skipped in silence
        res.problems += _conflict(text, rel, fmt) or parsed.problems or [_nothing(rel)]
        return res
    res.problems += parsed.problems
    norm, problems = check_record(kind, stem, rel, parsed.data, settings)
    res.problems += problems
    res.data = norm
    return res


def _nothing(rel: str) -> Problem:
    return error("not-a-mapping", rel, "the file holds no record: a record is a mapping of fields")


_CONFLICT_RE = re.compile(r"^(<{7}|={7}|>{7})(?: |$)", re.MULTILINE)


def _conflict(text: str, rel: str, fmt: str) -> list[Problem]:
    """For a file that does not parse: the first git conflict marker, if any, as the
    syntax error (the parser's own message about it says nothing useful)."""
    m = _CONFLICT_RE.search(text)
    if m is None:
        return []
    line = text.count("\n", 0, m.start()) + 1
    p = error(
        f"{fmt}-syntax",
        rel,
        f"unresolved merge conflict: the line starts with {m.group(1)!r}",
        hint="resolve the conflict and remove the <<<<<<<, ======= and >>>>>>> lines",
    )
    return [Problem(p.code, p.severity, p.file, p.message, hint=p.hint, line=line, column=1)]


class StatCheck:
    """Which working-tree files a store may serve without reading them
    (:meth:`~netwerkagenda.cache.Store.unchanged`), and the stat of each file read
    (``read``: path -> (stat, ``time.time_ns()`` before the read))."""

    def __init__(self, store: Store, scope: str) -> None:
        self.store, self.scope = store, scope
        self.read: dict[str, tuple[os.stat_result, int]] = {}

    def unchanged(self, rel: str, st: os.stat_result) -> bool:
        return self.store.unchanged(rel, self.scope, st)

    def trust(self, path: str | Path, rel: str, lst: os.stat_result | None) -> bool:
        """Whether the file at ``path`` (``lst``: its lstat) is unchanged."""
        st = lst
        if st is None or stat.S_ISLNK(st.st_mode):  # a link inside the repository
            try:
                st = os.stat(path)
            except OSError:
                return False
        return stat.S_ISREG(st.st_mode) and self.unchanged(rel, st)


def _read_regular(
    path: str | Path,
    rel: str,
    max_size: int,
    seen: dict[str, tuple[os.stat_result, int]] | None = None,
) -> tuple[bytes | None, Problem | None]:
    """A regular file's bytes. A named pipe, device or socket is never read (it could
    block for ever), nor more than ``max_size`` bytes of a file that is too large.
    ``seen`` gets the stat of the file read and when it was read."""
    when = time.time_ns()
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        return None, error("unreadable", rel, f"file cannot be read: {exc.strerror}")
    try:
        st = os.fstat(fd)
        if seen is not None:
            seen[rel] = (st, when)
        if not stat.S_ISREG(st.st_mode):
            return None, error("not-a-file", rel, "not a regular file (a pipe, device or socket)")
        if st.st_size > max_size:
            return None, _too_large(rel, st.st_size, max_size)
        # one read of the size stat gives (a 1 MiB buffer per read costs more than the
        # reading); more only if the file grew meanwhile
        data = os.read(fd, st.st_size + 1)
        if len(data) > st.st_size:
            parts = [data]
            while chunk := os.read(fd, 1 << 16):
                parts.append(chunk)
            data = b"".join(parts)
        return data, None
    except OSError as exc:
        return None, error("unreadable", rel, f"file cannot be read: {exc.strerror}")
    finally:
        os.close(fd)


def _too_large(rel: str, size: int, limit: int) -> Problem:
    return error(
        "file-too-large",
        rel,
        f"file is {size:,} bytes; the limit is {limit:,}",
        hint="split it up, or raise [validate] max_file_size in agenda.toml",
    )


def _utf8(name: str) -> bool:
    """Whether a name from the file system is UTF-8 (else it holds surrogate escapes)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _bad_name(rel: str) -> tuple[str, None, Problem]:
    """A path whose name is not UTF-8: never read (no id can be such a name), reported
    with its bytes escaped (``data/actions/\\xff.yaml``) so that output stays UTF-8."""
    shown = os.fsencode(rel).decode("utf-8", "backslashreplace")
    return (
        shown,
        None,
        error(
            "invalid-id",
            shown,
            "the file name is not UTF-8; not read",
            hint="rename it: ids are lower-case letters, digits and dashes",
        ),
    )


def discover(
    root: Path, max_size: int = Settings.max_file_size, check: StatCheck | None = None
) -> Iterator[tuple[str, bytes | None, Problem | None]]:
    """Walk ``data/``: (relative path, bytes, None) for each record file, or
    (relative path, None, problem) for what cannot be a record or cannot be read; with
    ``check``, (relative path, None, None) for a file it trusts unchanged (not read)."""
    base = root / DATA_DIR
    if base.is_symlink() and confine.inside(root, DATA_DIR) is None:
        yield (
            DATA_DIR,
            None,
            error("symlink", DATA_DIR, "data/ is a symbolic link out of the repository; not read"),
        )
        return
    if not base.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(base, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        here = Path(dirpath)
        rel_dir = here.relative_to(root).as_posix()
        yield from _pruned_folders(here, rel_dir, dirnames)
        for name in sorted(filenames):
            if not name.startswith("."):
                yield _file(root, dirpath, rel_dir, name, max_size, check)


Found = tuple[str, bytes | None, Problem | None]  # what discover yields for one path


def _pruned_folders(here: Path, rel_dir: str, dirnames: list[str]) -> Iterator[Found]:
    """Take out of ``dirnames`` (so the walk skips them) the folders that cannot hold
    records, each with its problem."""
    depth = rel_dir.count("/")
    for d in list(dirnames):
        p = here / d
        rel = f"{rel_dir}/{d}"
        problem: Problem | None = None
        if not _utf8(d):
            dirnames.remove(d)
            yield _bad_name(rel)  # its name escaped, as the problem's file
            continue
        if p.is_symlink():
            problem = error("symlink", rel, "symbolic links to folders are not followed")
        elif depth >= 1 or d not in FOLDERS:
            problem = error(
                "misplaced-file",
                rel,
                f"folder '{rel}' is not a kind folder; records live in "
                + ", ".join(f"{DATA_DIR}/{f}/" for f in FOLDERS),
            )
        elif not os.access(p, os.R_OK | os.X_OK):
            problem = error("unreadable", rel, "folder cannot be read (permission denied)")
        if problem is not None:
            dirnames.remove(d)
            yield rel, None, problem


def _file(
    root: Path, here: str, rel_dir: str, name: str, max_size: int, check: StatCheck | None
) -> Found:
    """What :func:`discover` yields for the file ``name`` in the folder ``here`` (its
    path as a string: a walk of 10,000 files spends more on ``Path`` objects than on
    the stats)."""
    rel = f"{rel_dir}/{name}"
    if not (name.isascii() or _utf8(name)):
        return _bad_name(rel)
    p = f"{here}/{name}"
    if RecordPath.parse(rel) is None:
        ext = os.path.splitext(name)[1]
        where = (
            f"has extension '{ext or '(none)'}'; records are .yaml, .yml or .toml"
            if rel_dir.count("/") == 1
            else "is not in a kind folder (" + ", ".join(f"{DATA_DIR}/{f}/" for f in FOLDERS) + ")"
        )
        return rel, None, error("misplaced-file", rel, f"file {where}")
    try:
        lst: os.stat_result | None = os.lstat(p)
    except OSError:
        lst = None
    if lst is not None and stat.S_ISLNK(lst.st_mode) and confine.inside(root, rel) is None:
        what = (
            "symbolic link loop; not read"
            if confine.loops(Path(p))
            else "symbolic link points outside the repository; not read"
        )
        return rel, None, error("symlink", rel, what)
    if check is not None and check.trust(p, rel, lst):
        return rel, None, None
    return rel, *_read_regular(p, rel, max_size, None if check is None else check.read)


def build_repository(
    root: Path,
    settings: Settings,
    results: Iterable[FileResult],
    problems: Iterable[Problem] = (),
    revision: str | None = None,
) -> Repository:
    """Records from per-file results: duplicate ids are reported, the first (in path
    order) is kept."""
    repo = Repository(root, settings, {}, {}, list(problems), revision=revision)
    for res in sorted(results, key=lambda r: r.file):
        repo.files.append(res.file)
        repo.file_data[res.file] = res.data
        if res.record is None:
            repo.sources[res.file] = Source(
                res.file, res.fmt, res.text, raw=res.raw, locations=res.locations, load=res.load
            )
        if res.raw is not None:
            repo.raw[res.file] = res.raw
        elif res.blob is not None:
            repo.blobs[res.file] = res.blob
        repo.problems += res.problems
        if res.data is None:
            repo.unreadable.add(res.id)
            continue
        other = repo.records.get(res.id)
        if other is not None:
            repo.problems.append(
                error(
                    "duplicate-id",
                    res.file,
                    f"id '{res.id}' is already used by {other.file}",
                    hint="ids are unique across goals, groups and actions; rename one file",
                )
            )
            continue
        repo.records[res.id] = res.record or Record(res.kind, res.id, res.file, res.data)
    return repo


def load_repo(
    root: str | os.PathLike[str] | None = None,
    *,
    cache: Store | None = None,
    strict_settings: bool = False,
    kept: bool = False,
) -> Repository:
    """Load the data repository at ``root`` (default: found from the working directory,
    or ``$AGENDA_REPO``). Unreadable or invalid files become problems, never exceptions;
    :class:`~netwerkagenda.errors.RepositoryNotFound` is raised when there is no
    repository, and with ``strict_settings``
    :class:`~netwerkagenda.settings.SettingsUnreadable` when ``agenda.toml`` cannot be
    read at all (rather than going on with default settings). ``cache``: a store to
    take files read before from and to keep new ones in (written by its ``save``).
    ``kept``: the caller keeps the repository until its process ends (the CLI), so its
    objects are frozen out of the cyclic collector's sight (:func:`gc.freeze`; the
    caller unfreezes them when it is done)."""
    path = find_root(root)
    settings, problems = load_settings(path, strict=strict_settings)
    problems = list(problems)
    entries = []
    check = None if cache is None else StatCheck(cache, settings.digest)
    unread = []
    for rel, raw, problem in discover(path, settings.max_file_size, check):
        if problem is not None:
            problems.append(problem)
        elif raw is not None:
            entries.append((rel, raw))
        else:
            unread.append(rel)
    from netwerkagenda.perf import paused_gc

    with paused_gc(freeze=kept):  # the records are trees: nothing for the collector to find
        served: list[FileResult] = []
        if check is not None and unread:
            served = _served(path, settings, check, unread, entries, problems)
        results = _load_cached(settings, entries, cache, records=True, check=check)
        repo = build_repository(path, settings, [*results, *served], problems)
    for p in problems:  # record files that exist but were not read
        place = RecordPath.parse(p.file)
        if place is not None:
            repo.unreadable.add(place.id)
    repo.sources[SETTINGS_FILE] = _settings_source(path)
    if cache is not None:
        for res in [*results, *served]:  # the locations validate will look up are kept too
            cache.watch(res.file, len(res.locations or ()), repo.sources[res.file])
    return repo


def _settings_source(root: Path) -> Source:

    try:  # never the lines of a file outside the repository
        text = confine.read_bytes(root, SETTINGS_FILE).decode("utf-8")
    except (OSError, UnicodeDecodeError, confine.OutsideRepository):
        text = None
    return Source(SETTINGS_FILE, "toml", text)


def _served(
    root: Path,
    settings: Settings,
    check: StatCheck,
    unread: list[str],
    entries: list[tuple[str, bytes]],
    problems: list[Problem],
) -> list[FileResult]:
    """The results of the files ``check`` trusted unchanged, from their entries; a file
    whose entry cannot be read is read now (into ``entries`` or ``problems``)."""
    from netwerkagenda.cache import entry_from, locations_in

    out = []
    for rel in unread:
        kept = check.store.known(rel)
        got = entry_from(kept[1]) if kept is not None else None
        place = RecordPath.parse(rel)
        if kept is None or got is None or place is None:
            raw, problem = _read_regular(root / rel, rel, settings.max_file_size, check.read)
            if problem is not None:
                problems.append(problem)
            elif raw is not None:
                entries.append((rel, raw))
            continue
        load = partial(_read_again, root, rel, settings.max_file_size, kept[0])
        res = FileResult(rel, place.kind, place.id, place.format, got[0], got[1])
        res.locations, res.load, res.blob = locations_in(kept[2]), load, kept[3]
        out.append(res)
    return out


def _read_again(root: Path, rel: str, max_size: int, digest: str) -> bytes | None:
    """The bytes of a file served from the cache, read when a finding's line is shown;
    ``None`` when it is not the file the entry was made from any more."""
    from netwerkagenda.cache import file_key

    raw, _ = _read_regular(root / rel, rel, max_size)
    return raw if raw is not None and file_key(rel, raw) == digest else None


def _load_cached(
    settings: Settings,
    entries: list[tuple[str, bytes]],
    store: Store | None,
    *,
    records: bool,
    check: StatCheck | None = None,
) -> list[FileResult]:
    """:func:`_load_files` through ``store``: the working tree's files (``records``) by
    path and a hash of their bytes, files from git by that hash alone. ``check``: the
    stat of the files read, kept beside their entries."""
    if store is None:
        return _load_files(settings, entries)
    from netwerkagenda.cache import file_key, settled

    scope = settings.digest
    keys = [file_key(rel, raw) for rel, raw in entries]
    cached: list[tuple[bytes, bytes | None] | None]
    if records:
        cached = [store.record(rel, scope, k) for (rel, _), k in zip(entries, keys, strict=True)]
    else:
        found = store.blobs(scope, keys)
        cached = [(found[k], None) if k in found else None for k in keys]
    results, fresh = _load_through(settings, entries, cached)
    for i, entry in fresh.items():
        if records:
            store.put_record(entries[i][0], scope, keys[i], entry, _stat(check, *entries[i]))
        else:
            store.put_blob(scope, keys[i], entry)
    if check is not None:  # read again, yet the same bytes: its stat is kept
        for i, hit in enumerate(cached):
            if hit is not None and i not in fresh and entries[i][0] in check.read:
                kept = _stat(check, *entries[i])
                st, when = check.read[entries[i][0]]
                if kept is not None:
                    store.restat(entries[i][0], kept, settled(st, when))
    return results


def _stat(check: StatCheck | None, rel: str, raw: bytes) -> Stat | None:
    """What the store keeps of the file ``rel`` as read (``None``: not known)."""
    from netwerkagenda.cache import stat_key
    from netwerkagenda.git import blob_id

    seen = None if check is None else check.read.get(rel)
    if seen is None:
        return None
    return stat_key(seen[0]), seen[1], blob_id(raw)


def _load_files(settings: Settings, entries: list[tuple[str, bytes]]) -> list[FileResult]:
    """Each file read and checked (on all cores when there are many)."""
    from netwerkagenda.perf import parallel_map

    return parallel_map(partial(_load_one, settings, False), entries)


def _load_through(
    settings: Settings,
    entries: list[tuple[str, bytes]],
    cached: list[tuple[bytes, bytes | None] | None],
) -> tuple[list[FileResult], dict[int, bytes]]:
    """Each file's result: from its ``cached`` entry (and locations) where it has a
    usable one, else read and checked; also the new entries, by index."""
    from netwerkagenda.cache import entry_from, locations_in
    from netwerkagenda.perf import MIN_PER_WORKER, parallel_map, paused_gc

    out: list[FileResult | None] = []
    misses: list[int] = []
    with paused_gc():
        for (rel, _), hit in zip(entries, cached, strict=True):
            got = entry_from(hit[0]) if hit is not None else None
            if got is None:
                misses.append(len(out))
                out.append(None)
                continue
            place = RecordPath.parse(rel)
            if place is None:
                raise ValueError(f"{rel} is not a record file's path")
            locations = locations_in(hit[1]) if hit is not None else None
            out.append(
                FileResult(
                    rel, place.kind, place.id, place.format, got[0], got[1], locations=locations
                )
            )
        todo = [entries[i] for i in misses]
        if len(todo) < 2 * MIN_PER_WORKER:  # one process would do them all (nor import
            # multiprocessing, 10-20 ms, to find out)
            loaded = [_load_one(settings, True, item) for item in todo]
        else:
            loaded = parallel_map(partial(_load_one, settings, True), todo)
    fresh: dict[int, bytes] = {}
    for i, (res, entry) in zip(misses, loaded, strict=True):
        if entry is not None:
            fresh[i] = entry
        out[i] = res
    results = []
    for (_, raw), res in zip(entries, out, strict=True):
        assert res is not None
        res.raw = raw
        results.append(res)
    return results, fresh


def _load_one(settings: Settings, store: bool, item: tuple[str, bytes]) -> Any:
    """:func:`load_file`; with ``store``, (its result without the decoded text, which is
    decoded again only if a finding needs it; its cache entry)."""
    res = load_file(item[0], item[1], settings)
    if not store:
        return res
    from netwerkagenda.cache import entry_for

    res.text = None
    return res, entry_for(res.data, res.problems)


def repository_from_files(
    root: Path,
    settings_raw: bytes | None,
    files: Iterable[tuple[str, bytes]],
    revision: str | None = None,
    *,
    cache: Store | None = None,
) -> Repository:
    """A repository from file contents (e.g. blobs at a git revision): ``files`` are
    (path relative to the root, bytes) for everything under ``data/``."""
    problems: list[Problem]
    if settings_raw is None:
        settings, problems = Settings(), []
    else:
        settings, problems = parse_settings(settings_raw)
    problems = list(problems)
    entries: list[tuple[str, bytes]] = []
    for rel, raw in files:
        if not _utf8(rel):  # a name in git that is not UTF-8
            problems.append(_bad_name(rel)[2])
            continue
        if RecordPath.parse(rel) is None:
            if not rel.rsplit("/", 1)[-1].startswith("."):
                problems.append(error("misplaced-file", rel, "file is not a record file"))
            continue
        entries.append((rel, raw))
    results = _load_cached(settings, entries, cache, records=False)
    return build_repository(root, settings, results, problems, revision=revision)


__all__ = [
    "KINDS",
    "FileResult",
    "Repository",
    "build_repository",
    "load_file",
    "load_repo",
    "repository_from_files",
]
