"""The data repository as it was at a revision: read from git objects (one
``git ls-tree`` and one ``git cat-file --batch``), never checked out."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from netwerkagenda.git import Git, GitError
from netwerkagenda.records.repository import Repository, repository_from_files
from netwerkagenda.settings import SETTINGS_FILE

if TYPE_CHECKING:
    from netwerkagenda.cache import Store


def repository_at(
    root: Path, rev: str, git: Git | None = None, store: Store | None = None
) -> Repository:
    """The data repository at ``root`` as it was at revision ``rev`` (files parsed
    before taken from ``store``). :class:`~netwerkagenda.git.GitError` when there is
    no git or no such revision."""
    git = git or Git.open(root)
    if git is None:
        raise GitError(
            f"{root} is not in a git repository, so it has no history",
            hint="run 'git init' and commit the data to keep its history",
        )
    sha = git.resolve(rev)
    if sha is None:
        raise GitError(
            f"unknown revision {rev!r}",
            hint="use a tag, branch or commit sha ('git log --oneline' lists them)",
        )
    return repository_at_commit(git, sha, store)


def repository_at_commit(git: Git, sha: str, store: Store | None = None) -> Repository:
    """The data repository as it was at commit ``sha`` (a full sha git has); files
    parsed before are taken from ``store``, new ones kept in it."""
    files = git.tree_files(sha)
    blobs = git.read_blobs([b for _, b in files])
    settings_raw = None
    data = []
    for rel, blob in files:
        raw = blobs.get(blob, b"")
        if rel == SETTINGS_FILE:
            settings_raw = raw
        else:
            data.append((rel, raw))
    return repository_from_files(git.root, settings_raw, data, revision=sha, cache=store)


__all__ = ["repository_at", "repository_at_commit"]
