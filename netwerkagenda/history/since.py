"""Since when each blocked action is blocked, from git: the date of the oldest commit
in the newest unbroken run of commits in which its file says ``status: blocked``.

The commits come from :meth:`~netwerkagenda.git.Git.log`, the same listing (and
the same commit cache) that ``agenda log`` and ``agenda brief`` read, so renames are
followed and a warm run asks git for nothing but the range; the files' versions are
read with ``git cat-file --batch`` in rounds, newest first, further back only for
files still blocked. An action whose committed file is not blocked (the change is not
committed yet), or that git does not know, is left out:
:func:`netwerkagenda.attention.blocked_since` then falls back to its last update.

The answer for a tip commit and a set of files is a function of commits alone (they
never change), so a store keeps it by both (:func:`blocked_since_at`): a warm run reads
neither the log behind the tip nor a blob. A shallow clone's (whose history can grow
under the same tip) and an answer with a blob git did not have are not kept.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from netwerkagenda.cache import Store
    from netwerkagenda.git import Git, LogEntry, PendingLog
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
        return blocked_since_at(git, tip, files, day, store) if tip else {}
    except GitError:  # a broken repository: the records still tell their last update
        return {}


def blocked_since_at(
    git: Git,
    tip: str,
    files: dict[str, str],
    day: dt.date | None = None,
    store: Store | None = None,
    log: PendingLog | None = None,
) -> dict[str, dt.date]:
    """Since when the actions of ``files`` (their path at ``tip`` -> their id), blocked
    at commit ``tip``, were blocked: for a brief, the actions on hold when its period
    began. ``store``: the caches the history is read through; ``log``: ``tip``'s
    history, when the caller started reading it (:meth:`Git.start_log`), else it is
    read here. ``{}`` when git fails."""
    from netwerkagenda.git import GitError

    if not files:
        return {}
    if git.rewritten():  # an answer kept by the tip's sha may be another history's
        store = None
    key = _since_key(tip, files, day)
    raw = store.blobs(git.scope, [key]).get(key) if store is not None else None
    hit = _since_in(raw, files) if raw is not None else None
    if hit is not None:
        return hit
    try:
        history = log.result() if log is not None else git.log(tip, store=store)
        result, complete = _since(git, history, files, day)
    except GitError:
        return {}
    if store is not None and complete and not git.shallow:
        from netwerkagenda.cache import dumps

        by_path = {rel: result[rid].isoformat() for rel, rid in files.items() if rid in result}
        store.put_blob(git.scope, key, dumps({"since": by_path}))
    return result


def _since_key(tip: str, files: dict[str, str], day: dt.date | None) -> str:
    """The store's key of an answer: the tip, the day and the files' paths."""
    import hashlib

    h = hashlib.blake2b(digest_size=16)
    for rel in sorted(files):
        h.update(rel.encode("utf-8", "surrogateescape") + b"\0")
    return f"blocked-since {tip} {day.isoformat() if day else '-'} {h.hexdigest()}"


def _since_in(raw: bytes, files: dict[str, str]) -> dict[str, dt.date] | None:
    """The answer (by id) an entry of :func:`blocked_since_at` holds; ``None``
    when ``raw`` is not such an entry for these files."""
    from netwerkagenda.cache import loads

    try:
        by_path = loads(raw)["since"]
        if type(by_path) is not dict:
            return None
        out = {}
        for rel, day in by_path.items():
            if rel not in files or type(day) is not str:
                return None
            out[files[rel]] = dt.date.fromisoformat(day)
        return out
    except (TypeError, ValueError, KeyError, RecursionError):
        return None


def _since(
    git: Git, log: list[LogEntry], files: dict[str, str], day: dt.date | None
) -> tuple[dict[str, dt.date], bool]:
    """The dates by id from ``log`` (the commits up to the tip, oldest first), and
    whether git had every blob asked for."""
    # each file's versions, newest first, following renames back: (day, blob)
    versions: dict[str, list[tuple[dt.date, str]]] = {rel: [] for rel in files}
    path_of = {rel: rel for rel in files}  # the path each file had at this point
    tracking = dict(path_of)  # current path -> the file it is now
    for entry in reversed(log):
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
    complete = True
    pending = {rel: 0 for rel, v in versions.items() if v}
    size = _ROUND
    while pending:
        wanted = {
            blob
            for rel, start in pending.items()
            for _, blob in versions[rel][start : start + size]
        }
        read = git.read_blobs(wanted)
        complete = complete and len(read) == len(wanted)
        statuses = {sha: _status(raw) for sha, raw in read.items()}
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
    return result, complete


def _status(raw: bytes) -> str | None:
    m = _STATUS.search(raw)
    return m.group(1).decode() if m else None


__all__ = ["blocked_since", "blocked_since_at"]
