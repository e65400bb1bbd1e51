"""Writing a file the user named (``brief -o PATH``, ``schema -o DIR``): one rule.

* ``-`` is standard output.
* A record file (``data/<goals|groups|actions>/*.yaml|yml|toml``, in any data
  repository or under ``root``) and a settings file (``agenda.toml``) are never written
  over: :class:`OutputRefused` (exit 2). Neither is a folder.
* A special file (a named pipe, a terminal or other device, ``/dev/stdout``, anything
  under ``/dev/`` or ``/proc/``) is opened and written into, never replaced; a named
  pipe nobody reads from is refused at once rather than waited on, and a socket is
  refused.
* A regular file (or a new one) is replaced atomically: a temporary file in the same
  folder, then a rename. A replaced file keeps its mode; a new one gets the mode the
  umask gives (``0666 & ~umask``), not the temporary file's ``0600``. A symbolic link
  is written through: its target is replaced, the link stays.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from pathlib import Path

from netwerkagenda.errors import AgendaError

_RECORD_FOLDERS = ("goals", "groups", "actions")
_RECORD_EXTS = (".yaml", ".yml", ".toml")
SETTINGS_NAME = "agenda.toml"


class OutputRefused(AgendaError):
    """The output path is one agenda does not write to (exit 2)."""


def _protected(target: Path, root: Path | None) -> str | None:
    """Why ``target`` (resolved) must not be written over, or ``None``."""
    if target.name == SETTINGS_NAME:
        return "it is a settings file"
    parent = target.parent
    if (
        target.suffix.lower() in _RECORD_EXTS
        and parent.name in _RECORD_FOLDERS
        and parent.parent.name == "data"
    ):
        return "it is a record file"
    if root is not None:
        with contextlib.suppress(ValueError, OSError):
            rel = target.relative_to((root / "data").resolve())
            if rel.suffix.lower() in _RECORD_EXTS:
                return "it is a record file"
    return None


def _write_into(path: Path, data: bytes) -> None:
    """Write into an existing special file (never replace it)."""
    flags = os.O_WRONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    st = os.stat(path)
    if stat.S_ISFIFO(st.st_mode):
        flags |= os.O_NONBLOCK  # no reader: ENXIO at once, rather than waiting forever
    fd = os.open(path, flags)
    try:
        if flags & os.O_NONBLOCK:
            os.set_blocking(fd, True)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _replace(target: Path, data: bytes) -> None:
    import tempfile

    from netwerkagenda.editing.atomic import file_mode

    mode = file_mode(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_output(path: str | os.PathLike[str], text: str, *, root: Path | None = None) -> bool:
    """Write ``text`` (UTF-8) to the user-named ``path`` by the rule above; ``root`` is
    the data repository the command works on. True when it went to standard output."""
    name = os.fspath(path)
    data = text.encode("utf-8")
    if name == "-":
        sys.stdout.flush()
        out = getattr(sys.stdout, "buffer", None)
        if out is not None:
            out.write(data)
            out.flush()
        else:
            sys.stdout.write(text)
        return True
    p = Path(name)
    try:
        st: os.stat_result | None = os.stat(p)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise OutputRefused(f"cannot write {name}: {exc.strerror}") from None
    absolute = Path(os.path.abspath(p))
    special_place = absolute.parts[1:2] in (("dev",), ("proc",))
    try:
        if st is not None and stat.S_ISDIR(st.st_mode):
            raise OutputRefused(f"cannot write {name}: it is a folder", hint="name a file")
        if st is not None and stat.S_ISSOCK(st.st_mode):
            raise OutputRefused(f"cannot write {name}: it is a socket")
        if st is not None and (special_place or not stat.S_ISREG(st.st_mode)):
            try:
                _write_into(p, data)
            except OSError as exc:
                if exc.errno == errno.ENXIO:
                    raise OutputRefused(
                        f"cannot write {name}: it is a named pipe that nothing reads from",
                        hint="start the reader first, or name a file",
                    ) from None
                raise
            return False
        target = p.resolve()
        why = _protected(target, root)
        if why is not None:
            raise OutputRefused(
                f"will not write over {name}: {why}",
                hint="name another file, e.g. brief.md (or '-' for standard output)",
            )
        _replace(target, data)
    except OSError as exc:
        raise OutputRefused(f"cannot write {name}: {exc.strerror or exc}") from None
    return False


__all__ = ["OutputRefused", "write_output"]
