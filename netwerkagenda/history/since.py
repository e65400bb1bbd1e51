"""Since when each blocked action is blocked, from git: the date of the oldest commit
in the newest unbroken run of commits in which its file says ``status: blocked``.

One ``git log`` over the blocked actions' files and a few ``git cat-file --batch``
rounds (newest commits first, further back only for files still blocked). An action
whose committed file is not blocked (the change is not committed yet), or that git does
not know, is left out: :func:`netwerkagenda.attention.blocked_since` then falls back to
its last update. Renames are not followed: a renamed action counts from the rename.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from netwerkagenda.history.git import Git
    from netwerkagenda.repo import Repository

_STATUS = re.compile(rb"""^status\s*[:=]\s*["']?([a-z]+)""", re.M)
_MANY = 500  # more blocked files than this: the log reads the folder, not each file
_ROUND = 8  # commits per file read in the first round; doubled each round after


def blocked_since(repo: Repository, day: dt.date | None = None) -> dict[str, dt.date]:
    """Blocked-since dates of the blocked actions of ``repo`` (at its revision, or the
    working tree at HEAD), for commits on or before ``day``."""
    from netwerkagenda.history.git import GitError, open_git

    files = {r.file: r.id for r in repo.actions if r.status == "blocked"}
    if not files:
        return {}
    git = open_git(repo.root)
    if git is None:
        return {}
    try:
        return _since(git, repo.revision or "HEAD", files, day)
    except GitError:  # no commits yet, an unborn branch, a broken repository
        return {}


def _since(git: Git, tip: str, files: dict[str, str], day: dt.date | None) -> dict[str, dt.date]:
    full = {git.prefix + f: f for f in files}
    paths = sorted(full) if len(full) <= _MANY else [git.prefix + "data/actions"]
    out = git.run(
        "log", "--first-parent", "--format=%x01%H %ad", "--date=short", "--name-only",
        tip, "--", *paths,
    )  # fmt: skip
    touches: dict[str, list[tuple[str, dt.date]]] = {}  # file -> (commit, day), newest first
    for chunk in out.split(b"\x01")[1:]:
        head, _, names = chunk.partition(b"\n")
        sha, _, date = head.decode("ascii", "replace").partition(" ")
        try:
            when = dt.date.fromisoformat(date.strip())
        except ValueError:
            continue
        if day is not None and when > day:
            continue
        for name in names.decode("utf-8", "surrogateescape").splitlines():
            rel = full.get(name.strip())
            if rel is not None:
                touches.setdefault(rel, []).append((sha, when))
    result: dict[str, dt.date] = {}
    pending = {rel: 0 for rel in touches}  # file -> how many of its commits were read
    size = _ROUND
    while pending:
        specs = [
            (rel, n, f"{touches[rel][n][0]}:{git.prefix}{rel}")
            for rel, start in pending.items()
            for n in range(start, min(start + size, len(touches[rel])))
        ]
        statuses = _statuses(git, [s for _, _, s in specs])
        done: set[str] = set()
        for (rel, n, _), status in zip(specs, statuses, strict=True):
            if rel in done:
                continue
            if status != "blocked":
                done.add(rel)
                continue
            result[files[rel]] = touches[rel][n][1]
            if n == len(touches[rel]) - 1:
                done.add(rel)
        pending = {rel: start + size for rel, start in pending.items() if rel not in done}
        size *= 2
    return result


def _statuses(git: Git, specs: list[str]) -> list[str | None]:
    """The top-level ``status`` of each ``commit:path`` (``None``: missing or none)."""
    if not specs:
        return []
    out = git.run("cat-file", "--batch", input=("\n".join(specs) + "\n").encode())
    found: list[str | None] = []
    pos = 0
    for _ in specs:
        nl = out.index(b"\n", pos)
        header = out[pos:nl].split()
        pos = nl + 1
        if len(header) < 3 or header[-2] != b"blob":
            found.append(None)
            continue
        size = int(header[2])
        m = _STATUS.search(out[pos : pos + size])
        found.append(m.group(1).decode() if m else None)
        pos += size + 1
    return found


__all__ = ["blocked_since"]
