"""Test helpers: real files, real git repositories with backdated commits, the real CLI."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from netwerkagenda.cli.app import run

MINIMAL_SETTINGS = """\
[agenda]
name = "Testprogramma"
as_of = 2021-09-20
language = "nl"
start = 2021-01-01
end = 2023-12-31
"""

GOAL = """\
title: Een geletterde samenleving
summary: Iedereen kan lezen.
order: 1
"""

GROUP = """\
title = "Koersgroep lezen"
kind = "koersgroep"
goals = ["lezen"]
"""

ACTION = """\
title: Leesoffensief
goals: [lezen]
status: active
group: koersgroep-lezen
start: 2021-06-01
due: 2022-06-01
"""


def write(root: Path, files: Mapping[str, str | bytes | None]) -> None:
    """Write (or with ``None`` delete) files under ``root``; text is dedented."""
    for rel, content in files.items():
        p = root / rel
        if content is None:
            p.unlink(missing_ok=True)
            continue
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(textwrap.dedent(content), encoding="utf-8")


def make_repo(
    root: Path,
    files: Mapping[str, str | bytes | None] | None = None,
    *,
    settings: str = MINIMAL_SETTINGS,
    base: bool = True,
) -> Path:
    """A data repository at ``root``: agenda.toml, by default one goal, one group and
    one action that are valid together, plus ``files``."""
    root.mkdir(parents=True, exist_ok=True)
    everything: dict[str, str | bytes | None] = {"agenda.toml": settings}
    if base:
        everything |= {
            "data/goals/lezen.yaml": GOAL,
            "data/groups/koersgroep-lezen.toml": GROUP,
            "data/actions/leesoffensief.yaml": ACTION,
        }
    everything |= dict(files or {})
    write(root, everything)
    return root


def git(root: Path, *args: str, env: Mapping[str, str] | None = None) -> str:
    full_env = {**os.environ, **(env or {})}
    out = subprocess.run(
        ["git", *args], cwd=root, env=full_env, check=True, capture_output=True, text=True
    )
    return out.stdout.strip()


class GitRepo:
    """A real git repository with a pinned identity and backdated commits."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        git(root, "init", "-q", "-b", "main")

    def commit(
        self,
        message: str,
        date: str,
        files: Mapping[str, str | bytes | None] | None = None,
        *,
        author: str = "Anna Secretaris",
        email: str = "anna@example.org",
    ) -> str:
        """Write ``files``, stage everything, commit dated ``date`` (``YYYY-MM-DD`` or
        a full git date); returns the commit sha."""
        if files:
            write(self.root, files)
        git(self.root, "add", "-A")
        stamp = date if "T" in date or " " in date else f"{date}T12:00:00+02:00"
        env = {
            "GIT_AUTHOR_NAME": author,
            "GIT_AUTHOR_EMAIL": email,
            "GIT_AUTHOR_DATE": stamp,
            "GIT_COMMITTER_NAME": author,
            "GIT_COMMITTER_EMAIL": email,
            "GIT_COMMITTER_DATE": stamp,
        }
        git(self.root, "commit", "-q", "--allow-empty", "-m", message, env=env)
        return git(self.root, "rev-parse", "HEAD")

    def git(self, *args: str) -> str:
        return git(self.root, *args)

    def shallow_clone(self, dest: Path, depth: int) -> Path:
        """A ``git clone --depth`` of this repository (through ``file://``, as a
        shallow clone must be), with the hook variables out of git's way."""
        from netwerkagenda.git import git_env

        subprocess.run(
            ["git", "clone", "-q", "--depth", str(depth), self.root.as_uri(), str(dest)],
            check=True,
            env=git_env(),
        )
        return dest


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def cli(
    *args: str,
    cwd: Path | None = None,
    env: Mapping[str, str | None] | None = None,
    input: str | None = None,
) -> Result:
    """Run the real CLI (the Typer app behind the one error boundary) in-process."""
    runner = CliRunner()
    with (
        runner.isolation(input=input, env=env) as (out, err, _),
        contextlib.chdir(cwd) if cwd else contextlib.nullcontext(),
    ):
        code = run(list(args))
        sys.stdout.flush()
        sys.stderr.flush()
        stdout, stderr = out.getvalue().decode(), err.getvalue().decode()
    return Result(code, stdout, stderr)


def cache_dir(root: Path) -> Path:
    """The user cache folder agenda keeps ``root``'s caches in (``$XDG_CACHE_HOME``)."""
    from netwerkagenda.cache import folder

    where = folder(root)
    assert where is not None
    return where
