"""Since when each blocked action is blocked, from git: the date of the oldest commit
in the newest unbroken run of commits in which its file says ``status: blocked``.

The commits come from :meth:`~netwerkagenda.git.Git.log`, the same listing (and
the same commit cache) that ``agenda log`` and ``agenda brief`` read, so renames are
followed and a warm run asks git for nothing but the range; the files' versions are
read with ``git cat-file --batch`` in rounds, newest first, further back only for
files still blocked. An action whose committed file is not blocked (the change is not
committed yet), or that git does not know, is left out:
:func:`netwerkagenda.attention.blocked_since` then falls back to its last update.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from netwerkagenda.cache import Store
    from netwerkagenda.git import Git
    from netwerkagenda.records.repository import Repository

_STATUS = re.compile(rb"""^status\s*[:=]\s*["']?([a-z]+)""", re.M)
_ROUND = 8  # versions per file read in the first round; doubled each round after


def blocked_since(
    repo: Repository, day: dt.date | None = None, store: Store | None = None
) -> dict[str, dt.date]:
    """Blocked-since dates of the blocked actions of ``repo`` (at its revision, or the
    working tree at HEAD), for commits on or before ``day``; the history is read through
    the caches of ``store``."""
    from netwerkagenda.git import Git, GitError

    files = {r.file: r.id for r in repo.actions if r.status == "blocked"}
    if not files:
        return {}
    git = Git.open(repo.root)
    if git is None:
        return {}
    try:
        tip = repo.revision or git.head()
        return _since(git, tip, files, day, store) if tip else {}
    except GitError:  # a broken repository: the records still tell their last update
        return {}


def blocked_since_at(
    git: Git,
    tip: str,
    files: dict[str, str],
    day: dt.date | None = None,
    store: Store | None = None,
) -> dict[str, dt.date]:
    """Since when the actions of ``files`` (their path at ``tip`` -> their id), blocked
    at commit ``tip``, were blocked: for a brief, the actions on hold when its period
    began. ``store``: the caches the history is read through."""
    from netwerkagenda.git import GitError

    if not files:
        return {}
    try:
        return _since(git, tip, files, day, store)
    except GitError:
        return {}


def _since(
    git: Git,
    tip: str,
    files: dict[str, str],
    day: dt.date | None,
    store: Store | None = None,
) -> dict[str, dt.date]:
    # each file's versions, newest first, following renames back: (day, blob)
    versions: dict[str, list[tuple[dt.date, str]]] = {rel: [] for rel in files}
    path_of = {rel: rel for rel in files}  # the path each file had at this point
    tracking = dict(path_of)  # current path -> the file it is now
    for entry in reversed(git.log(tip, store=store)):
        if not tracking:
            break
        when = entry.commit.day
        for fc in entry.files:
            rel = tracking.get(fc.new_path or "")
            if rel is None or (day is not None and when > day):
                continue
            if fc.new_blob:
                versions[rel].append((when, fc.new_blob))
            del tracking[fc.new_path or ""]
            if fc.status.startswith("R") and fc.old_path:
                tracking[fc.old_path] = rel
            elif not fc.status.startswith("A"):
                tracking[fc.new_path or ""] = rel
    result: dict[str, dt.date] = {}
    pending = {rel: 0 for rel, v in versions.items() if v}
    size = _ROUND
    while pending:
        wanted = {
            blob
            for rel, start in pending.items()
            for _, blob in versions[rel][start : start + size]
        }
        statuses = {sha: _status(raw) for sha, raw in git.read_blobs(wanted).items()}
        for rel, start in list(pending.items()):
            chunk = versions[rel][start : start + size]
            for when, blob in chunk:
                if statuses.get(blob) != "blocked":
                    del pending[rel]
                    break
                result[files[rel]] = when
            else:
                if start + size >= len(versions[rel]):
                    del pending[rel]
                else:
                    pending[rel] = start + size
        size *= 2
    return result


def _status(raw: bytes) -> str | None:
    m = _STATUS.search(raw)
    return m.group(1).decode() if m else None


__all__ = ["blocked_since", "blocked_since_at"]
