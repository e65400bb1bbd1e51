"""The few git calls the editing commands make: identity, init, commit.

Reading history lives in :mod:`netwerkagenda.history`; this module only writes, through
plain ``git`` subprocesses. Variables git sets inside hooks (``GIT_INDEX_FILE``,
``GIT_DIR``, ...) are removed from the environment of every call, so an edit run from
a hook works on the repository it names, not on the hook's index.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

from netwerkagenda.errors import AgendaError

_REPO_VARS = (
    "GIT_DIR",
    "GIT_INDEX_FILE",
    "GIT_WORK_TREE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
    "GIT_PREFIX",
)


class GitError(AgendaError):
    """A git command failed."""


def git_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in _REPO_VARS}


def _run(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    try:
        proc = subprocess.run(
            ["git", *args],
            cwd=cwd,
            env=git_env(),
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH)") from None
    if check and proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()
        raise GitError(
            f"git {args[0]} failed: {detail[-1] if detail else f'exit {proc.returncode}'}",
            hint="\n".join(detail[:-1][-5:]) or None,
        )
    return proc


def toplevel(path: Path) -> Path | None:
    """The work tree holding ``path``, or ``None`` when it is not in one."""
    try:
        proc = _run(path, "rev-parse", "--show-toplevel", check=False)
    except GitError:
        return None
    if proc.returncode != 0:
        return None
    return Path(proc.stdout.strip())


def user_name(path: Path) -> str | None:
    """git's ``user.name`` as seen from ``path`` (repository, global or system)."""
    try:
        proc = _run(path, "config", "--get", "user.name", check=False)
    except GitError:
        return None
    name = proc.stdout.strip()
    return name if proc.returncode == 0 and name else None


def init(path: Path) -> None:
    _run(path, "init", "-q")


def git_path(path: Path, name: str) -> Path:
    """``git rev-parse --git-path NAME`` (honours ``core.hooksPath`` for hooks)."""
    out = _run(path, "rev-parse", "--git-path", name).stdout.strip()
    p = Path(out)
    return p if p.is_absolute() else path / p


def commit(root: Path, paths: Sequence[str], message: str) -> str:
    """Stage ``paths`` (relative to ``root``; removed files too) and commit only them.
    Returns the new commit's short sha."""
    if paths:
        _run(root, "add", "-A", "--", *paths)
        _run(root, "commit", "-q", "-m", message, "--", *paths)
    else:
        _run(root, "add", "-A")
        _run(root, "commit", "-q", "-m", message)
    return _run(root, "rev-parse", "--short", "HEAD").stdout.strip()
