"""The one module that runs git: reading history and the editing commands' few writes
(init, commit) and questions (the work tree, ``user.name``, the hooks folder).

A work tree is opened with :meth:`Git.open`. Reading never starts a git process per
commit or per file: a whole range is read with one ``git log --raw -z`` (first-parent,
rename detection, the data's paths; split over the cores) and the blobs it names with
one ``git cat-file --batch`` (one per parsing worker). A state at a revision is one
``git ls-tree`` plus one ``cat-file --batch``; nothing is checked out.

Every call runs ``git`` as a plain subprocess in the environment :func:`git_env` gives,
not through gitpython: gitpython always starts its children from a copy of
``os.environ`` and cannot drop the variables git sets inside hooks. It also keeps
``agenda --help`` free of gitpython's ~150 ms import.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Literal, NamedTuple

from netwerkagenda.days import add_days
from netwerkagenda.errors import AgendaError

if TYPE_CHECKING:
    from netwerkagenda.cache import Store

DATA_PATHS = ("data", "agenda.toml")
# The GIT_ variables a child git keeps (see git_env): who commits and when, the
# configuration's isolation, a new repository's template and hash, transport settings.
_KEEP = frozenset(
    {
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_AUTHOR_DATE",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
        "GIT_COMMITTER_DATE",
        "GIT_TEMPLATE_DIR",
        "GIT_DEFAULT_HASH",
        "GIT_CONFIG_GLOBAL",
        "GIT_CONFIG_SYSTEM",
        "GIT_CONFIG_NOSYSTEM",
        "GIT_CONFIG_COUNT",
        "GIT_EXEC_PATH",
        "GIT_SSH",
        "GIT_SSH_COMMAND",
        "GIT_SSL_CAINFO",
        "GIT_SSL_NO_VERIFY",
        "GIT_ASKPASS",
        "GIT_TERMINAL_PROMPT",
        "GIT_HTTP_PROXY_AUTHMETHOD",
        "GIT_ALLOW_PROTOCOL",
        "GIT_CEILING_DIRECTORIES",
    }
)
_ZERO = "0" * 40
# Every call: no pager, paths taken literally, names unquoted; and a delta base cache
# of 16 MiB (git's default before 2.0) instead of today's 96 MiB: reading a year of
# small record files, the large cache only costs page faults (measured: a `git log
# --raw` over 5,000 commits took 0.42 s and 32,000 faults, with 16 MiB 0.32 s and 6,000).
_GIT = (
    "git",
    "--no-pager",
    "--literal-pathspecs",
    "-c",
    "core.quotePath=false",
    "-c",
    "core.deltaBaseCacheLimit=16m",
)


class GitError(AgendaError):
    """Git failed, is not installed, or a revision is unknown (exit 2)."""


def _scratch() -> BinaryIO:
    """An anonymous read-write file: in memory where the system has that (Linux), else
    a temporary file that has no name from the start."""
    if hasattr(os, "memfd_create"):
        return os.fdopen(os.memfd_create("agenda-git", os.MFD_CLOEXEC), "w+b")
    import tempfile

    return tempfile.TemporaryFile()


def _spawn(
    cwd: Path, args: tuple[str, ...], input: bytes | None = None, nice: bool = False
) -> Running:
    """Start ``git *args`` in ``cwd`` and return at once. Its output goes to a file in
    memory, not a pipe, so git never stops for a reader while this process does other
    work (loading the working tree)."""
    stdin = None
    if input is not None:
        stdin = _scratch()
        stdin.write(input)
        stdin.seek(0)
    out, err = _scratch(), _scratch()
    try:
        proc = subprocess.Popen(
            [*_GIT, *args],
            cwd=cwd,
            env=git_env(),
            stdin=stdin if stdin is not None else subprocess.DEVNULL,
            stdout=out,
            stderr=err,
        )
    except OSError as exc:
        out.close()
        err.close()
        if isinstance(exc, FileNotFoundError) and exc.filename == _GIT[0]:
            raise GitError("git is not installed (or not on PATH)") from None
        raise GitError(f"cannot run git: {exc}") from exc
    finally:
        if stdin is not None:
            stdin.close()
    if nice:  # it runs on what this process and its workers leave of the cores
        with contextlib.suppress(OSError, AttributeError):  # not on Windows
            os.setpriority(os.PRIO_PROCESS, proc.pid, _NICE)
    return Running(args[0], proc, out, err)


class Running:
    """A git process started by :func:`_spawn`."""

    def __init__(self, command: str, proc: subprocess.Popen[bytes], out: BinaryIO, err: BinaryIO):
        self._command = command
        self._proc = proc
        self._out = out
        self._err = err
        self.returncode: int | None = None

    def cancel(self) -> None:
        """Stop git, if it still runs, and forget its output."""
        if self.returncode is None:
            with contextlib.suppress(OSError):
                self._proc.kill()
            self.returncode = self._proc.wait()
            self._out.close()
            self._err.close()

    def output(self, check: bool = True) -> bytes:
        """Wait for git to end; its standard output. With ``check``, a failure raises
        :class:`GitError` with git's last line of error output (the lines before it, up
        to five, as the hint)."""
        code = self.returncode = self._proc.wait()
        with self._out, self._err:
            self._out.seek(0)
            out = self._out.read()
            self._err.seek(0)
            err = self._err.read()
        if check and code != 0:
            lines = (err or out).decode("utf-8", "replace").strip().splitlines()
            raise GitError(
                f"git {self._command} failed: {lines[-1] if lines else f'exit {code}'}",
                hint="\n".join(lines[:-1][-5:]) or None,
            )
        return out


class _RangeReading:
    """What ``git log`` with :data:`_LOG_ARGS` gives for a range (newest first), from
    its ``rev-list --parents`` listing: the commits the store has, and one
    ``git log --no-walk`` (split over the cores) for those it lacks, started at once."""

    def __init__(
        self, git: Git, store: Store | None, listing: bytes, bound: int | None = None
    ) -> None:
        self.git, self.store = git, store
        self.found: dict[str, LogEntry | None] = {}
        self.order: list[str] = []
        self.missing: list[str] = []
        self.parents_of: dict[str, tuple[str, ...]] = {}
        for line in listing.decode("ascii", "replace").splitlines():
            if bound is not None:  # a dated listing (_dated_listing): keep the period's
                stamp, _, line = line.partition(" ")
                if not stamp.lstrip("-").isdigit() or int(stamp) < bound:
                    continue
            sha, *parents = line.split()
            self.order.append(sha)
            self.parents_of[sha] = tuple(parents)
        known = store.commits(git.scope, self.order) if store is not None else {}
        for sha in self.order:
            hit = _cached_entry(known.get(sha), sha, self.parents_of[sha])
            if hit is False:
                self.missing.append(sha)
            else:
                self.found[sha] = hit
        # Without a pathspec when the data is the whole work tree: git's pathspec
        # matching on every changed tree entry doubles the cost of this call, and
        # _parse_log keeps the data paths anyway (a commit touching none is left out
        # below, as the pathspec would). In a bigger repository, only the data's folder.
        self.running = (
            git.spawn_split(
                *_LOG_ARGS,
                "--no-walk=unsorted",
                "--stdin",
                "--",
                *([git.prefix] if git.prefix else []),
                lines=self.missing,
            )
            if self.missing
            else []
        )

    def entries(self) -> list[LogEntry]:
        if self.running:
            out = b"".join([r.output() for r in self.running])  # the parts, in order
            read = {e.commit.sha: e for e in _parse_log(out, self.git) if e.touched}
            for sha in self.missing:
                # git leaves out the commits that do not touch the data
                self.found[sha] = read.get(sha)
        if self.store is not None:
            for sha in self.missing:
                value = _entry_json(self.found[sha], self.parents_of[sha])
                self.store.put_commit(self.git.scope, sha, value)
        return [e for e in (self.found[sha] for sha in self.order) if e is not None]


def _dated_listing(rev: str) -> tuple[str, ...]:
    """The first-parent commits of ``rev`` as ``<author time> <sha> <parents>`` lines, the
    whole chain: git's own ``--since`` stops walking at the first commit older than the
    date, so one commit with a skewed clock (a committer date in 1970) would hide every
    commit behind it. The period is chosen from these dates instead (one line per
    commit; about 0.1 s for 10,000 commits)."""
    return ("log", "--first-parent", "--format=%at %H %P", rev, "--")


_CHAIN_KEY = "first-parent chain"  # the store's key of the last chain listed (no blob sha)


def _bound(after: dt.date) -> int:
    """The loose lower bound on a commit's author time for a period starting ``after``
    (two days early, for any time zone); the exact day is filtered later."""
    start = add_days(after, -2)
    return int(dt.datetime(start.year, start.month, start.day, tzinfo=dt.UTC).timestamp())


class PendingLog:
    """The commits of a range while git is still reading them (:meth:`Git.start_log`):
    :meth:`result` waits for git and gives what :meth:`Git.log` gives."""

    def __init__(
        self, finish: Callable[[], list[LogEntry]], running: Sequence[Running] = ()
    ) -> None:
        self._finish: Callable[[], list[LogEntry]] | None = finish
        self._entries: list[LogEntry] = []
        self._running = running  # the git processes :meth:`cancel` stops

    def result(self) -> list[LogEntry]:
        if self._finish is not None:
            finish, self._finish = self._finish, None
            self._entries = finish()
        return self._entries

    def cancel(self) -> None:
        """Stop reading (when :meth:`result` was not asked for): git is stopped."""
        if self._finish is not None:
            self._finish = None
            for r in self._running:
                r.cancel()


def git_env(environ: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of every git this module runs: ``os.environ`` (or ``environ``)
    without the ``GIT_`` variables, except those in :data:`_KEEP` and the
    ``GIT_CONFIG_KEY_<n>``/``GIT_CONFIG_VALUE_<n>`` pairs.

    Why an allow-list: inside a hook git sets ``GIT_DIR``, ``GIT_INDEX_FILE``,
    ``GIT_WORK_TREE``, ``GIT_PREFIX``, ``GIT_OBJECT_DIRECTORY``, ... , and these would
    redirect a read (or a commit) to the hook's repository, index or objects; any
    ``GIT_`` variable git adds in a later version is dropped as well. What is kept is
    what the user chooses on purpose: who commits and when (``GIT_AUTHOR_*``,
    ``GIT_COMMITTER_*``), the configuration's isolation, transport settings. Optional
    locks are off (a read never takes the index lock) and ``LC_ALL=C`` keeps git's
    messages, which errors quote, in one language."""
    src = os.environ if environ is None else environ
    env = {
        k: v
        for k, v in src.items()
        if not k.startswith("GIT_")
        or k in _KEEP
        or k.startswith(("GIT_CONFIG_KEY_", "GIT_CONFIG_VALUE_"))
    }
    env["GIT_OPTIONAL_LOCKS"] = "0"
    env["LC_ALL"] = "C"
    return env


@dataclass(frozen=True)
class Commit:
    sha: str
    parents: tuple[str, ...]
    date: dt.datetime  # the author date, with the author's offset
    author: str
    email: str
    message: str  # the subject line

    @property
    def short(self) -> str:
        return self.sha[:7]

    @property
    def day(self) -> dt.date:
        return self.date.date()


class ChangedPath(NamedTuple):
    """One data path a commit changed (paths relative to the data repository root) and
    its blobs before and after. A named tuple, not a dataclass: a year of history makes
    ten thousand of them."""

    status: str  # A added, M modified, D deleted, R renamed, T type changed
    old_path: str | None
    new_path: str | None
    old_blob: str | None
    new_blob: str | None


@dataclass
class LogEntry:
    commit: Commit
    files: list[ChangedPath] = field(default_factory=list)
    boundary: bool = False  # a shallow clone's oldest commit: its parent is not here
    touched: bool = False  # names a data path (maybe only a symlink, which files leaves out)
    scope: str = ""  # which changes ``files`` lists: "" all data files, else one followed


def blob_id(raw: bytes) -> str:
    """git's id of a blob holding ``raw`` (what ``git hash-object`` prints)."""
    import hashlib

    return hashlib.sha1(b"blob %d\0" % len(raw) + raw).hexdigest()


def _is_data_path(rel: str) -> bool:
    return rel == "agenda.toml" or rel.startswith("data/")


def user_name(path: Path) -> str | None:
    """git's ``user.name`` as seen from ``path`` (repository, global or system), or
    ``None`` when it is not set (or there is no git)."""
    try:
        running = _spawn(path, ("config", "--get", "user.name"))
    except GitError:
        return None
    name = os.fsdecode(running.output(check=False)).strip()
    return name if running.returncode == 0 and name else None


class Git:
    """A git work tree holding the data repository at ``root`` (maybe in a subfolder).
    Opened with :meth:`open` (or made with :meth:`init`)."""

    def __init__(
        self,
        root: Path,
        top: Path,
        shallow: bool,
        shallow_file: Path,
        rewrites: tuple[Path, ...] = (),
    ) -> None:
        self.root = root
        self.top = top
        rel = root.relative_to(top).as_posix()
        self.prefix = "" if rel == "." else rel + "/"
        self.shallow = shallow
        self._shallow_file = shallow_file
        self._rewrites = rewrites  # see rewritten()
        self._rewritten: bool | None = None
        self._head: str | bool | None = False

    @classmethod
    def open(cls, root: Path) -> Git | None:
        """The git work tree holding ``root``, or ``None`` when there is none (or no
        git)."""
        try:
            running = _spawn(
                root,
                (
                    "rev-parse",
                    "--show-toplevel",
                    "--is-shallow-repository",
                    "--git-path",
                    "shallow",
                    *(a for path in _REWRITES for a in ("--git-path", path)),
                ),
            )
        except GitError:
            return None
        lines = os.fsdecode(running.output(check=False)).splitlines()
        if running.returncode != 0 or len(lines) < 3 + len(_REWRITES) or not lines[0]:
            return None
        top = Path(lines[0]).resolve()
        root = root.resolve()
        if not root.is_relative_to(top):
            return None
        paths = [p if p.is_absolute() else root / p for p in map(Path, lines[2:])]
        return cls(root, top, lines[1].strip() == "true", paths[0], tuple(paths[1:]))

    def rewritten(self) -> bool:
        """Whether commits may not be what their shas say: grafts, replace refs (or a
        ref store agenda cannot look into for them). A result kept by commit shas
        alone is not to be trusted then."""
        if self._rewritten is None:
            self._rewritten = self._find_rewrites()
        return self._rewritten

    def _find_rewrites(self) -> bool:
        if not self._rewrites:
            return False
        grafts, replace, packed, reftable = self._rewrites
        if grafts.exists() or reftable.exists():
            return True
        with contextlib.suppress(OSError):
            if any(os.scandir(replace)):
                return True
        try:
            return b" refs/replace/" in packed.read_bytes()
        except FileNotFoundError:
            return False
        except OSError:
            return True

    @classmethod
    def init(cls, root: Path) -> Git:
        """``git init`` at ``root``: a new repository, opened."""
        _spawn(root, ("init", "-q")).output()
        git = cls.open(root)
        if git is None:
            raise GitError(f"git init made no repository at {root}")
        return git

    # ------------------------------------------------------------------ plumbing

    def run(self, *args: str, input: bytes | None = None, check: bool = True) -> bytes:
        """``git *args``' standard output, once it has ended (see :meth:`Running.output`)."""
        return self.spawn(*args, input=input).output(check)

    def spawn(self, *args: str, input: bytes | None = None, nice: bool = False) -> Running:
        """Start ``git *args`` at the top of the work tree and return at once;
        :meth:`Running.output` waits for it. ``nice``: at low priority."""
        return _spawn(self.top, args, input, nice)

    def spawn_split(self, *args: str, lines: list[str]) -> list[Running]:
        """:meth:`spawn` with ``lines`` on stdin, for a command whose output for a list
        of lines is the outputs for its parts one after the other: on more cores, the
        parts run side by side (join their outputs in order)."""
        parts = max(1, min(os.cpu_count() or 1, _MAX_PROCS, len(lines) // _MIN_SPLIT))
        size = -(-len(lines) // parts)
        return [
            self.spawn(*args, input=_lines(lines[i : i + size])) for i in range(0, len(lines), size)
        ]

    def _paths(self) -> list[str]:
        return [self.prefix + p for p in DATA_PATHS]

    def _rel(self, path: str) -> str | None:
        if not path.startswith(self.prefix):
            return None
        rel = path[len(self.prefix) :]
        if not rel.isascii():
            try:  # a name that is not UTF-8 can be no record: history leaves it out
                rel.encode()
            except UnicodeEncodeError:
                return None
        return rel if _is_data_path(rel) else None

    # ------------------------------------------------------------------ revisions

    def head(self) -> str | None:
        """HEAD's sha, or ``None`` in a repository without commits."""
        if self._head is False:
            self._head = self.resolve("HEAD")
        return self._head if isinstance(self._head, str) else None

    def resolve(self, rev: str) -> str | None:
        """The commit a revision names, or ``None`` if it names none."""
        out = self.run(
            "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}", check=False
        )
        sha = out.decode().strip()
        return sha if len(sha) == 40 else None

    def commit(self, rev: str) -> Commit:
        sha = self.resolve(rev)
        if sha is None:
            raise GitError(f"unknown revision {rev!r}")
        out = self.run("log", "-1", "-z", f"--format={_FORMAT}", sha)
        entries = _parse_log(out, self)
        return entries[0].commit

    def shallow_commits(self) -> frozenset[str]:
        if not self.shallow:
            return frozenset()
        try:
            text = self._shallow_file.read_text()
        except OSError:
            return frozenset()
        return frozenset(line.strip() for line in text.splitlines() if line.strip())

    def first_parent_chain(self, tip: str, limit: int | None = None) -> list[Commit]:
        """All commits on the first-parent chain from ``tip``, newest first (one call);
        only the first ``limit`` of them when given."""
        count = [] if limit is None else [f"--max-count={limit}"]
        out = self.run("log", "--first-parent", "-z", *count, f"--format={_FORMAT}", tip)
        return [e.commit for e in _parse_log(out, self)]

    def tags(self, pattern: str) -> list[tuple[str, str]]:
        """(tag name, commit sha) for tags matching ``pattern`` (e.g. ``brief/*``)."""
        out = self.run(
            "for-each-ref",
            "--format=%(refname:strip=2)%00%(*objectname)%00%(objectname)",
            f"refs/tags/{pattern}",
        )
        tags = []
        for line in out.decode("utf-8", "replace").splitlines():
            name, peeled, obj = line.split("\0")
            tags.append((name, peeled or obj))
        return tags

    def create_tag(self, name: str, rev: str = "HEAD", *, force: bool = False) -> None:
        self.run("tag", *(["-f"] if force else []), name, rev)

    # ------------------------------------------------------------------ writing

    def commit_paths(self, paths: list[str], message: str) -> str:
        """Stage ``paths`` (relative to the data root; removed files too) and commit
        only them; all changes when there are none. Returns the new commit's short sha."""
        pathspec = ("--", *paths) if paths else ()
        _spawn(self.root, ("add", "-A", *pathspec)).output()
        _spawn(self.root, ("commit", "-q", "-m", message, *pathspec)).output()
        self._head = False
        return self.run("rev-parse", "--short", "HEAD").decode().strip()

    def git_path(self, name: str) -> Path:
        """``git rev-parse --git-path NAME`` (honours ``core.hooksPath`` for hooks)."""
        p = Path(os.fsdecode(self.run("rev-parse", "--git-path", name)).strip())
        return p if p.is_absolute() else self.top / p

    # ------------------------------------------------------------------ history

    @property
    def scope(self) -> str:
        """What the commit entries of a store depend on: where the data is in git."""
        return _digest("git " + self.prefix)

    def log(
        self,
        tip: str,
        base: str | None = None,
        after: dt.date | None = None,
        follow: str | None = None,
        store: Store | None = None,
    ) -> list[LogEntry]:
        """The first-parent commits in ``base..tip`` that touch the data, oldest first,
        each with its changed files (one ``git log`` call). ``after``: the period's first
        day; commits are chosen by their author date (two days early, filter precisely
        later) from the whole first-parent chain, so a skewed clock hides nothing.
        ``follow``: only the history of this one file (data-root relative), across
        renames. ``store``: commits read before are taken from it, new ones kept in it."""
        return self.start_log(tip, base, after, follow, store).result()

    def start_log(
        self,
        tip: str,
        base: str | None = None,
        after: dt.date | None = None,
        follow: str | None = None,
        store: Store | None = None,
        background: bool = False,
    ) -> PendingLog:
        """:meth:`log`, started: git reads the range while the caller goes on (loading
        the working tree, say), and :meth:`PendingLog.result` collects it.

        ``background`` (for ``tip``'s whole history, when the store has none of it):
        read ahead of need, by one git at low priority, so that it takes the cores this
        process leaves idle; :meth:`PendingLog.cancel` stops it when it is not needed.

        With a ``store`` (and no ``follow``), the range is listed with one cheap
        ``git rev-list`` and only the commits not seen before are read, with one
        ``git log --no-walk``: a commit never changes, so its entry is kept by sha
        (checked against the parents git gives now, which a shallow clone or a graft
        can change). With no commits in the store, the range is listed before this
        returns, so that git reads its commits while the caller goes on."""
        rev = f"{base}..{tip}" if base else tip
        if self.rewritten():  # commits kept by sha may not be these: none is read
            store = None
        # a period from a date: its commits are chosen by their own dates from the
        # whole first-parent chain, never by git's --since (see _dated_listing)
        bound = None if after is None else _bound(after)
        finish: Callable[[], list[LogEntry]]
        if background and base is None and bound is None and follow is None:
            paths = [self.prefix] if self.prefix else []  # see _RangeReading
            running = self.spawn(*_LOG_ARGS, tip, "--", *paths, nice=True)
            finish = partial(self._log_ahead, running, store)
            return PendingLog(partial(self._finish_log, finish), [running])
        if follow is None and (store is not None or bound is not None):
            list_range = (
                ("rev-list", "--first-parent", "--parents", rev, "--")
                if bound is None
                else _dated_listing(rev)
            )
            if store is not None and bound is not None and base is None and not self.shallow:
                # the whole chain is listed for a dated period: kept by its tip
                chain = self._chain_listing(tip, store)
                finish = partial(self._log_listed, chain, store, bound)
            elif store is None or not store.has_commits(self.scope):
                # nothing to look up: the range is listed at once (a rev-list takes a
                # few ms) and git reads all its commits, on all cores, right away
                reading = _RangeReading(self, store, self.run(*list_range), bound)
                finish = reading.entries
            else:
                listing = self.spawn(*list_range)
                finish = partial(self._log_cached, listing, store, bound)
        else:
            args = list(_LOG_ARGS)
            paths = self._paths()
            if follow is not None:
                args.append("--follow")
                paths = [self.prefix + follow]
            running = self.spawn(*args, rev, "--", *paths)
            finish = partial(self._log_read, running, "" if follow is None else f"follow {follow}")
        return PendingLog(partial(self._finish_log, finish))

    def _finish_log(self, read: Callable[[], list[LogEntry]]) -> list[LogEntry]:
        entries = read()
        shallow = self.shallow_commits()
        for e in entries:
            if e.commit.sha in shallow and not e.commit.parents:
                e.boundary = True
        entries.reverse()
        return entries

    def _log_ahead(self, running: Running, store: Store | None) -> list[LogEntry]:
        """The entries of a whole history read by one ``git log`` (newest first), all
        its commits kept in ``store`` as :class:`_RangeReading` keeps them."""
        entries = _parse_log(running.output(), self)
        if store is not None:
            for e in entries:
                value = _entry_json(e if e.touched else None, e.commit.parents)
                store.put_commit(self.scope, e.commit.sha, value)
        return [e for e in entries if e.touched]

    def _log_read(self, running: Running, scope: str = "") -> list[LogEntry]:
        entries = _parse_log(running.output(), self)
        if scope:
            for e in entries:
                e.scope = scope
        return entries

    def _log_cached(self, listing: Running, store: Store, bound: int | None) -> list[LogEntry]:
        return _RangeReading(self, store, listing.output(), bound).entries()

    def _log_listed(
        self, chain: Callable[[], bytes], store: Store, bound: int | None
    ) -> list[LogEntry]:
        return _RangeReading(self, store, chain(), bound).entries()

    def _chain_listing(self, tip: str, store: Store) -> Callable[[], bytes]:
        """The dated listing of ``tip``'s whole first-parent chain (:func:`_dated_listing`),
        started now and given by the call returned. A chain never changes, so the last
        one listed is kept in ``store`` by its tip: for the same tip it is the answer,
        and for a tip that descends from it along the first parents only the commits
        after it are listed."""
        kept = store.blobs(self.scope, [_CHAIN_KEY]).get(_CHAIN_KEY, b"")
        old_tip, _, old = kept.partition(b"\n")
        if old_tip.decode("ascii", "replace") == tip:
            return lambda: old
        args = _dated_listing(tip)
        if old_tip:  # only what came after it (the check is below)
            args = (*args[:-1], "^" + old_tip.decode("ascii", "replace"), "--")
        running = self.spawn(*args)

        def listing() -> bytes:
            out = running.output(check=not old_tip)
            if old_tip:
                last = out.rsplit(b"\n", 2)[-2].split() if out.endswith(b"\n") else []
                # the chain reached the kept tip along first parents: it is the rest
                out = out + old if last[2:3] == [old_tip] else self.run(*_dated_listing(tip))
            store.put_blob(self.scope, _CHAIN_KEY, tip.encode() + b"\n" + out)
            return out

        return listing

    def read_blobs(self, shas: set[str] | list[str]) -> dict[str, bytes]:
        """The contents of many blobs with one ``git cat-file --batch``."""
        wanted = sorted({s for s in shas if s and s != _ZERO})
        if not wanted:
            return {}
        out = self.run("cat-file", "--batch", input=("\n".join(wanted) + "\n").encode())
        blobs: dict[str, bytes] = {}
        pos = 0
        for sha in wanted:
            nl = out.index(b"\n", pos)
            header = out[pos:nl].split()
            pos = nl + 1
            if len(header) < 3:  # "<sha> missing"
                continue
            size = int(header[2])
            blobs[sha] = out[pos : pos + size]
            pos += size + 1
        return blobs

    def tree_files(self, rev: str) -> list[tuple[str, str]]:
        """(path relative to the data root, blob sha) of the data files at ``rev``."""
        out = self.run("ls-tree", "-r", "-z", "--full-tree", rev, "--", *self._paths())
        files = []
        for item in out.split(b"\0"):
            if not item:
                continue
            meta, _, path = item.partition(b"\t")
            mode, typ, sha = meta.decode().split()
            rel = self._rel(path.decode("utf-8", "surrogateescape"))
            if typ == "blob" and mode != "120000" and rel is not None:
                files.append((rel, sha))
        return files


_FORMAT = "%x01%H%x00%P%x00%aI%x00%an%x00%ae%x00%s"
# where grafts and replace refs live (Git.rewritten), in rev-parse --git-path's order
_REWRITES = ("info/grafts", "refs/replace", "packed-refs", "reftable")
_LOG_ARGS = (
    "log",
    "--first-parent",
    "--diff-merges=first-parent",
    "--root",
    "-M",
    "--raw",
    "--no-abbrev",
    "-z",
    "--no-color",
    f"--format={_FORMAT}",
)
_MAX_PROCS = 4  # git processes spawn_split starts at most
_NICE = 10  # the niceness of a git that reads ahead of need (Git.start_log)
_MIN_SPLIT = 500  # lines each of them gets at least


def _lines(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def _digest(text: str) -> str:
    import hashlib

    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def _entry_json(entry: LogEntry | None, parents: tuple[str, ...]) -> list[Any]:
    """A commit cache entry: ``[parents]`` for a commit that does not touch the data,
    else [parents, date, author, email, subject, files]."""
    if entry is None:
        return [list(parents)]
    c = entry.commit
    files = [[f.status, f.old_path, f.new_path, f.old_blob, f.new_blob] for f in entry.files]
    return [list(c.parents), c.date.isoformat(), c.author, c.email, c.message, files]


def _cached_entry(
    value: Any, sha: str, parents: tuple[str, ...]
) -> LogEntry | Literal[False] | None:
    """The entry a commit cache value gives: ``None`` for a commit that does not touch
    the data, ``False`` when there is no usable value."""
    if type(value) is not list or not value or type(value[0]) is not list:
        return False
    if tuple(value[0]) != parents:
        return False
    if len(value) == 1:
        return None
    try:
        _, date, author, email, message, files = value
        if not all(type(x) is str for x in (author, email, message)):
            return False
        commit = Commit(sha, parents, dt.datetime.fromisoformat(date), author, email, message)
        changes = []
        for f in files:
            if len(f) != 5 or not all(x is None or type(x) is str for x in f):
                return False
            changes.append(ChangedPath(*f))
    except (TypeError, ValueError):
        return False
    return LogEntry(commit, changes)


def _parse_log(out: bytes, git: Git) -> list[LogEntry]:
    """Parse ``git log -z --raw`` with :data:`_FORMAT` headers (newest first)."""
    tokens = out.decode("utf-8", "surrogateescape").split("\0")
    entries: list[LogEntry] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i].lstrip("\n")
        if tok.startswith("\x01"):
            sha, parents, date, name, email, subject = tokens[i : i + 6]
            day = dt.datetime.fromisoformat(date)
            commit = Commit(sha.lstrip("\n")[1:], tuple(parents.split()), day, name, email, subject)
            entries.append(LogEntry(commit))
            i += 6
        elif tok.startswith(":") and entries:
            i = _raw_change(tok, tokens, i, git, entries[-1])
        else:
            i += 1
    return entries


def _raw_change(tok: str, tokens: list[str], i: int, git: Git, entry: LogEntry) -> int:
    """Add the change of one ``--raw`` line (``tok``, its paths after it) to ``entry``
    when it touches a data file; the index of the token after it."""
    old_mode, new_mode, old_blob, new_blob, status = tok[1:].split()
    letter = status[0]
    if letter in "RC":
        old, new = tokens[i + 1], tokens[i + 2]
        i += 3
    else:
        old = new = tokens[i + 1]
        i += 2
    if letter == "C":
        letter, old, old_blob = "A", new, _ZERO
    old_rel, new_rel = git._rel(old), git._rel(new)
    if old_rel is not None or new_rel is not None:
        entry.touched = True
    if letter == "A":
        old_rel = None
    if letter == "D":
        new_rel = None
    # a symlink or submodule is not a record file
    if old_mode in ("120000", "160000"):
        old_rel = None
    if new_mode in ("120000", "160000"):
        new_rel = None
    if old_rel is None and new_rel is None:
        return i
    if old_rel is None:
        letter = "A"
    elif new_rel is None:
        letter = "D"
    entry.files.append(
        ChangedPath(
            letter, old_rel, new_rel, old_blob if old_rel else None, new_blob if new_rel else None
        )
    )
    return i


def commit_on(git: Git, day: dt.date, tip: str | None = None) -> Commit | None:
    """The newest first-parent commit dated (by its author date) on or before ``day``."""
    tip = tip or git.head()
    if tip is None:
        return None
    # usually one of the newest commits: look there before reading the whole chain
    for limit in (_FIRST_LOOK, None):
        chain = git.first_parent_chain(tip, limit)
        for c in chain:
            if c.day <= day:
                return c
        if limit is not None and len(chain) < limit:
            return None
    return None


_FIRST_LOOK = 50
