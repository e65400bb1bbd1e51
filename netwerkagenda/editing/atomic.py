"""Writing record files safely: atomic replacement and a repository-wide lock.

* :func:`write_files` stages every new content in a temporary file beside its target
  (same folder, so the final rename never crosses a file system), fsyncs it, keeps the
  old file's mode, and only when every temporary file is complete renames them into
  place with :func:`os.replace`. A failure while staging (a full disk, a folder that
  cannot be written) removes the temporary files and leaves every old file as it was.
* An edit of several files (``agenda mv``) is all or nothing across a crash too: once
  every temporary file is complete, a journal (``.agenda-journal`` beside
  ``agenda.toml``) lists the renames and removals still to do, and is removed when they
  are done. The next edit finishes an interrupted one first (:func:`recover`); read
  commands say that one was interrupted (:func:`interrupted`). Without a journal, an
  edit killed earlier left every old file as it was.
* :func:`locked` holds an exclusive ``flock`` on the repository's ``agenda.toml`` for
  the whole read-modify-validate-write of an edit, so concurrent edits run one after
  the other and never lose each other's changes. The kernel releases the lock when a
  process dies, so a killed edit never leaves a stale lock behind. No extra lock file
  is created in the user's repository.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

from netwerkagenda.errors import AgendaError
from netwerkagenda.records.paths import RecordPath
from netwerkagenda.settings import SETTINGS_FILE

TMP_SUFFIX = ".agenda-tmp"
JOURNAL = ".agenda-journal"
_JOURNAL_MAX = 1_000_000  # bytes: a journal lists paths, never more


class WriteError(AgendaError):
    """A file could not be written; nothing was changed."""


def _tmp_path(target: Path) -> Path:
    return target.with_name(f".{target.name}{TMP_SUFFIX}")


def _describe(exc: OSError) -> str:
    return exc.strerror or str(exc)


def file_mode(target: Path) -> int:
    """The mode a file written at ``target`` gets: the replaced file's own, else what
    the umask gives a new file."""
    try:
        return os.stat(target).st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _stage(target: Path, data: bytes, root: Path) -> Path:
    """Write ``data`` to the temporary file beside ``target``; return its path."""
    tmp = _tmp_path(target)
    # Only one edit runs at a time (the lock), so a leftover temporary file is stale.
    if tmp.is_file() and not tmp.is_symlink():
        tmp.unlink()
    mode = file_mode(target)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), mode)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return tmp


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_files(root: Path, changes: Mapping[str, bytes | None]) -> None:
    """Apply ``changes`` (path relative to ``root`` -> new bytes, or ``None`` to
    remove the file) all or nothing as far as the file system allows: every new
    content is staged completely before the first file is replaced."""
    staged: list[tuple[Path, Path]] = []
    try:
        from netwerkagenda import confine

        for rel, data in changes.items():
            if data is None:  # removed: never in a folder that is a link out of the root
                confine.check(root, Path(rel).parent)
                continue
            target = root / rel
            try:
                confine.writable(root, rel)  # never written through a link out of the root
                staged.append((_stage(target, data, root), target))
            except OSError as exc:
                raise WriteError(
                    f"cannot write {rel}: {_describe(exc)}; nothing was changed",
                    hint="check the free space and the permissions of "
                    f"{target.parent.relative_to(root).as_posix() or '.'}/",
                ) from None
    except BaseException:
        for tmp, _ in staged:
            with contextlib.suppress(OSError):
                tmp.unlink()
        raise
    _crash_point("staged")
    removed = [rel for rel, data in changes.items() if data is None]
    journal = len(changes) > 1
    if journal:
        try:
            _write_journal(root, [t.relative_to(root).as_posix() for _, t in staged], removed)
        except OSError as exc:
            for tmp, _ in staged:
                with contextlib.suppress(OSError):
                    tmp.unlink()
            raise WriteError(
                f"cannot write {JOURNAL}: {_describe(exc)}; nothing was changed",
                hint="check the free space and the permissions of the repository folder",
            ) from None
        _crash_point("journal")
    _finish(root, [(tmp, target) for tmp, target in staged], removed)
    if journal:
        (root / JOURNAL).unlink()
        _fsync_dir(root)


def _finish(root: Path, staged: list[tuple[Path, Path]], removed: list[str]) -> None:
    """Rename the temporary files into place and remove the files to remove."""
    folders: set[Path] = set()
    for n, (tmp, target) in enumerate(staged, 1):
        if os.path.lexists(tmp):  # in a recovery, the renames already done are gone
            os.replace(tmp, target)
        folders.add(target.parent)
        _crash_point(f"renamed-{n}")
    for rel in removed:
        with contextlib.suppress(FileNotFoundError):
            (root / rel).unlink()
        folders.add((root / rel).parent)
        _crash_point(f"removed-{rel}")
    for folder in sorted(folders):
        _fsync_dir(folder)


def _crash_point(name: str) -> None:
    """Fault injection for the crash tests: ``AGENDA_TEST_KILL_AT=name`` kills this
    process (SIGKILL, no clean-up) at that point of a write."""
    if os.environ.get("AGENDA_TEST_KILL_AT") == name:  # pragma: no cover - the process dies
        import signal

        os.kill(os.getpid(), signal.SIGKILL)


def _write_journal(root: Path, targets: list[str], removed: list[str]) -> None:
    text = json.dumps({"agenda-journal": 1, "replace": targets, "remove": removed})
    tmp = root / f"{JOURNAL}{TMP_SUFFIX}"
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, root / JOURNAL)
    _fsync_dir(root)


def _record_path(rel: object) -> bool:
    """Whether a journal names a record file: never a hidden one, a backslash or NUL."""
    if not isinstance(rel, str) or "\\" in rel or "\x00" in rel:
        return False
    place = RecordPath.parse(rel)
    return place is not None and not place.hidden


def interrupted(root: Path) -> bool:
    """Whether an edit of several files was interrupted (its journal is there)."""
    return os.path.lexists(root / JOURNAL)


def recover(root: Path) -> list[str]:
    """Finish an edit that was interrupted after its journal was written: the renames
    and removals it lists. Call it under the lock. Returns the files it finished."""
    path = root / JOURNAL
    if not os.path.lexists(path):
        return []
    bad = f"{JOURNAL} (an interrupted edit) cannot be finished"
    hint = f"see what 'git status' shows in data/, then remove {JOURNAL}"
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > _JOURNAL_MAX:
            raise AgendaError(f"{bad}: it is not a journal agenda wrote", hint=hint)
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise AgendaError(f"{bad}: {exc}", hint=hint) from None
    targets = data.get("replace") if isinstance(data, dict) else None
    removed = data.get("remove") if isinstance(data, dict) else None
    if (
        not isinstance(targets, list)
        or not isinstance(removed, list)
        or not all(_record_path(r) for r in [*targets, *removed])
    ):
        raise AgendaError(f"{bad}: it is not a journal agenda wrote", hint=hint)
    staged = []
    for rel in targets:
        target = root / rel
        tmp = _tmp_path(target)
        if tmp.is_symlink() or (os.path.lexists(tmp) and not tmp.is_file()):
            raise AgendaError(f"{bad}: {tmp.relative_to(root)} is not a file", hint=hint)
        staged.append((tmp, target))
    try:
        _finish(root, staged, list(removed))
        path.unlink()
    except OSError as exc:
        raise AgendaError(f"{bad}: {_describe(exc)}", hint=hint) from None
    _fsync_dir(root)
    return [*targets, *removed]


@contextlib.contextmanager
def locked(root: Path) -> Iterator[None]:
    """Hold the repository's edit lock (an exclusive ``flock`` on ``agenda.toml``)."""
    if sys.platform == "win32":  # pragma: no cover - no flock there
        yield
        return
    import fcntl

    try:
        fd = os.open(root / SETTINGS_FILE, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise AgendaError(f"cannot open {SETTINGS_FILE} to lock it: {_describe(exc)}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock
