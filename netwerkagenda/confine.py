"""One rule for every path agenda reads, lists or writes under a repository's root.

A repository may come from someone else, and a symbolic link in it can point anywhere:
``templates/brief.nl.md.j2 -> /etc/passwd``, ``data/actions -> /home/someone``,
``agenda.toml -> ~/.ssh/config``. So a path under the root is used only when its real
path (every symbolic link in it resolved) lies inside the root's real path. A link that
leads out, or a loop of links, is never followed: reading it is a finding (for record
files and ``agenda.toml`` in ``agenda validate``) or a clear "cannot" (exit 2), and
nothing is written through it. Links that stay inside the repository are followed.

Every module that opens, lists, writes or deletes a path under a root goes through
:func:`inside` (or :func:`check`, :func:`read_bytes`, :func:`writable`) here.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from netwerkagenda.errors import AgendaError


class OutsideRepository(AgendaError):
    """A path under the root leads outside it (a symbolic link out, or a loop)."""


def _real(path: Path) -> Path | None:
    try:
        return Path(os.path.realpath(path, strict=False))
    except (OSError, RuntimeError, ValueError):
        return None


def loops(path: Path) -> bool:
    """Whether resolving ``path`` runs into a loop of symbolic links (realpath does not
    say: it gives up and returns the link itself)."""
    try:
        path.resolve(strict=False)
    except (RuntimeError, OSError):  # 3.11-3.12: RuntimeError; 3.13+: OSError(ELOOP)
        return True
    return False


def inside(root: Path, path: str | os.PathLike[str]) -> Path | None:
    """The real path of ``root / path`` when it lies inside the root's real path (the
    file need not exist); ``None`` when a symbolic link leads out of the repository or
    the links loop. ``path`` may be relative to the root or absolute."""
    full = root / path
    top = _real(root)
    real = _real(full)
    if top is None or real is None:
        return None
    if not (real == top or real.is_relative_to(top)):
        return None
    if os.path.islink(real) and loops(full):  # realpath stops at a loop, on the link
        return None
    return real


def is_under(root: Path, path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` names something under ``root`` as written (before any symbolic
    link is resolved): such a path is held to the rule."""
    full = Path(os.path.abspath(root / path))
    for top in {Path(os.path.abspath(root)), _real(root)}:
        if top is not None and (full == top or full.is_relative_to(top)):
            return True
    return False


def relative(root: Path, path: str | os.PathLike[str]) -> str:
    """``path`` as written relative to the root, for messages."""
    full = Path(os.path.abspath(root / path))
    try:
        return full.relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        return str(path)


def outside_message(rel: str) -> str:
    return f"{rel} leads out of the repository through a symbolic link (or a loop); not followed"


def check(root: Path, path: str | os.PathLike[str]) -> Path:
    """:func:`inside`, or :class:`OutsideRepository` (exit 2) naming the path."""
    real = inside(root, path)
    if real is None:
        raise OutsideRepository(
            outside_message(relative(root, path)),
            hint="agenda reads and writes only inside the repository: replace the link "
            "by the file or folder itself",
        )
    return real


def read_bytes(root: Path, path: str | os.PathLike[str]) -> bytes:
    """The bytes of a regular file under the root (:func:`check` first). A named pipe
    or device is never opened for a blocking read. Raises :class:`OutsideRepository`
    or :class:`OSError`."""
    real = check(root, path)
    fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise IsADirectoryError(21, "not a regular file")
        parts = []
        while chunk := os.read(fd, 1 << 20):
            parts.append(chunk)
        return b"".join(parts)
    finally:
        os.close(fd)


def writable(root: Path, path: str | os.PathLike[str]) -> Path:
    """The real path to write ``root / path`` at (:func:`check` first), its missing
    folders made: writing there never leaves the repository."""
    real = check(root, path)
    real.parent.mkdir(parents=True, exist_ok=True)
    if inside(root, real.parent) is None:  # a folder swapped for a link meanwhile
        raise OutsideRepository(outside_message(relative(root, Path(path).parent)))
    return real


__all__ = [
    "OutsideRepository",
    "check",
    "inside",
    "is_under",
    "loops",
    "outside_message",
    "read_bytes",
    "relative",
    "writable",
]
