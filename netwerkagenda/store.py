"""Writing record files safely: atomic replacement and a repository-wide lock.

* :func:`write_files` stages every new content in a temporary file beside its target
  (same folder, so the final rename never crosses a file system), fsyncs it, keeps the
  old file's mode, and only when every temporary file is complete renames them into
  place with :func:`os.replace`. A failure while staging (a full disk, a folder that
  cannot be written) removes the temporary files and leaves every old file as it was.
* :func:`locked` holds an exclusive ``flock`` on the repository's ``agenda.toml`` for
  the whole read-modify-validate-write of an edit, so concurrent edits run one after
  the other and never lose each other's changes. The kernel releases the lock when a
  process dies, so a killed edit never leaves a stale lock behind. No extra lock file
  is created in the user's repository.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

from netwerkagenda.errors import AgendaError
from netwerkagenda.settings import SETTINGS_FILE

TMP_SUFFIX = ".agenda-tmp"


class WriteError(AgendaError):
    """A file could not be written; nothing was changed."""


def _tmp_path(target: Path) -> Path:
    return target.with_name(f".{target.name}{TMP_SUFFIX}")


def _describe(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _stage(target: Path, data: bytes, root: Path) -> Path:
    """Write ``data`` to the temporary file beside ``target``; return its path."""
    tmp = _tmp_path(target)
    # Only one edit runs at a time (the lock), so a leftover temporary file is stale.
    if tmp.is_file() and not tmp.is_symlink():
        tmp.unlink()
    try:
        mode = os.stat(target).st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
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
        from netwerkagenda import paths

        for rel, data in changes.items():
            if data is None:  # removed: never in a folder that is a link out of the root
                paths.check(root, Path(rel).parent)
                continue
            target = root / rel
            try:
                paths.writable(root, rel)  # never written through a link out of the root
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
    folders: set[Path] = set()
    for tmp, target in staged:
        os.replace(tmp, target)
        folders.add(target.parent)
    for rel, data in changes.items():
        if data is None:
            with contextlib.suppress(FileNotFoundError):
                (root / rel).unlink()
            folders.add((root / rel).parent)
    for folder in sorted(folders):
        _fsync_dir(folder)


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
