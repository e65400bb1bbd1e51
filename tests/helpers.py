"""Test helpers: real files, the real CLI, and the one builder of histories: real git
repositories with backdated commits (:class:`GitRepo`), made by hand or as a dated
sequence of agenda's own commands (:class:`Builder`)."""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

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


Detail = str | int | float


class HistoryError(RuntimeError):
    """A step of building a history failed: the history (or agenda) is broken."""


def dated_env(stamp: str, name: str, email: str) -> dict[str, str]:
    """Git's author and committer for a commit by ``name`` dated ``stamp``."""
    return {
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
        "GIT_COMMITTER_DATE": stamp,
    }


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
        env = dated_env(stamp, author, email)
        git(self.root, "commit", "-q", "--allow-empty", "-m", message, env=env)
        return git(self.root, "rev-parse", "HEAD")

    def agenda(self, *args: str, env: Mapping[str, str | None] | None = None) -> Result:
        """``agenda ARGS`` in this repository (the real CLI, in-process); a failure
        stops the build."""
        r = cli(*args, cwd=self.root, env=env)
        if r.exit_code != 0:
            raise HistoryError(f"agenda {' '.join(args)}: exit {r.exit_code}\n{r.output}")
        return r

    def git(self, *args: str) -> str:
        return git(self.root, *args)

    def copy(self, dest: Path) -> GitRepo:
        """This repository, its history and working tree, copied to ``dest``."""
        shutil.copytree(self.root, dest, symlinks=True)
        twin = object.__new__(GitRepo)
        twin.root = dest
        return twin

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


_ONCE: dict[str, GitRepo] = {}


def history_once(name: str, build: Callable[[Path], GitRepo], root: Path) -> GitRepo:
    """``build``'s repository, built once per process (in a temporary folder removed at
    exit) and copied to ``root``: for the many tests that start from the same commits."""
    if name not in _ONCE:
        base = Path(tempfile.mkdtemp(prefix=f"agenda-history-{name}-"))
        atexit.register(shutil.rmtree, base, True)
        _ONCE[name] = build(base / name)
    return _ONCE[name].copy(root)


def _blocked_then_done(root: Path) -> GitRepo:
    g = GitRepo(root)
    make_repo(root)
    a = "data/actions/leesoffensief.yaml"
    g.commit("Begin", "2021-06-01")
    g.commit("Geblokkeerd", "2021-07-01", {a: ACTION.replace("active", "blocked")})
    g.commit("Klaar", "2021-08-01", {a: ACTION.replace("active", "done") + "done: 2021-07-30\n"})
    return g


def blocked_then_done(root: Path) -> GitRepo:
    """One action begun, blocked and done in three commits (built once, copied to ``root``)."""
    return history_once("blocked-then-done", _blocked_then_done, root)


def findings(root: Path) -> list[tuple[str, str, int, int, str]]:
    """``agenda validate``'s findings in ``root`` as (code, file, line, column, message)."""
    import json

    r = cli("validate", "-f", "json", cwd=root)
    assert r.exit_code in (0, 1) and "Traceback" not in r.output
    doc = json.loads(r.stdout)
    return [(f["code"], f["file"], f["line"], f["column"], f["message"]) for f in doc["findings"]]


def brief_repo(tmp_path: Path, links: str, settings_links: str = "") -> GitRepo:
    """One action whose update note ends in ``links``, committed; ``settings_links``
    is added to agenda.toml."""
    g = GitRepo(tmp_path / "r")
    settings = (
        '[agenda]\nname = "Testprogramma"\nas_of = 2021-09-20\nlanguage = "nl"\n'
        "start = 2021-01-01\nend = 2023-12-31\n" + settings_links
    )
    make_repo(
        g.root,
        {
            "data/actions/leesoffensief.yaml": ACTION
            + "updates:\n  - date: 2021-08-01\n    text: Het leesoffensief is gestart met "
            "tien bibliotheken en een eerste campagne.\n" + links
        },
        settings=settings,
    )
    g.commit("Begin", "2021-06-01")
    return g


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


def clean(r: Result, code: int) -> Result:
    """``r`` exited with ``code`` and printed no traceback."""
    assert r.exit_code == code, (r.exit_code, r.output)
    assert "Traceback" not in r.output
    assert "internal error" not in r.output
    assert "This is a bug" not in r.output
    return r


def cache_dir(root: Path) -> Path:
    """The user cache folder agenda keeps ``root``'s caches in (``$XDG_CACHE_HOME``)."""
    from netwerkagenda.cache import folder

    where = folder(root)
    assert where is not None
    return where


class Builder:
    """A :class:`GitRepo` built as a dated sequence of user actions: agenda's own
    commands and hand edits, each by one of ``people`` at the next moment of its day in
    time zone ``tz``."""

    def __init__(self, root: Path, tz: str, people: dict[str, str]) -> None:
        self.root = root
        self.tz = ZoneInfo(tz)
        self.people = people  # name -> email
        self.default = next(iter(people))
        self._clock: dict[str, int] = {}
        self.repo: GitRepo | None = None

    # -- time -----------------------------------------------------------------------
    def stamp(self, day: str) -> str:
        """The next moment on ``day`` (09:00, then every 7 minutes), as a git date."""
        n = self._clock.get(day, 0)
        self._clock[day] = n + 1
        d = dt.date.fromisoformat(day)
        moment = dt.datetime(d.year, d.month, d.day, 9, 0, tzinfo=self.tz)
        moment += dt.timedelta(minutes=7 * n)
        return moment.isoformat()

    def env(self, day: str, who: str | None) -> dict[str, str | None]:
        name = who or self.default
        email = self.people[name]
        return {
            **dated_env(self.stamp(day), name, email),
            # git's user.name is the default author of notes
            "GIT_CONFIG_COUNT": "2",
            "GIT_CONFIG_KEY_0": "user.name",
            "GIT_CONFIG_VALUE_0": name,
            "GIT_CONFIG_KEY_1": "user.email",
            "GIT_CONFIG_VALUE_1": email,
            "AGENDA_REPO": None,
            "NO_COLOR": "1",
        }

    # -- agenda ---------------------------------------------------------------------
    def agenda(self, day: str, *args: str, who: str | None = None, commit: bool = True) -> Result:
        """``agenda ARGS [--commit]`` as ``who`` on ``day``; a failure stops the build."""
        assert self.repo is not None
        argv = [*args, "--commit"] if commit else list(args)
        return self.repo.agenda(*argv, env=self.env(day, who))

    def new(self, day: str, kind: str, rid: str, *args: str, who: str | None = None) -> None:
        self.agenda(day, "new", kind, rid, *args, "--no-interactive", who=who)

    def set(self, day: str, rid: str, *assignments: str, who: str | None = None) -> None:
        self.agenda(day, "set", rid, *assignments, who=who)

    def note(self, day: str, rid: str, text: str, who: str | None = None) -> None:
        name = who or self.default
        self.agenda(day, "update", rid, text, "--date", day, "--author", name, who=name)

    def done(self, day: str, rid: str, note: str | None = None, who: str | None = None) -> None:
        """The completion note (if any) on the done day, then ``agenda done``."""
        if note:
            self.note(day, rid, note, who=who)
        self.agenda(day, "done", rid, "--date", day, who=who)

    def mv(self, day: str, old: str, new: str, who: str | None = None) -> None:
        self.agenda(day, "mv", old, new, who=who)

    # -- plain git ------------------------------------------------------------------
    def commit(self, day: str, message: str, who: str | None = None) -> None:
        assert self.repo is not None
        name = who or self.default
        self.repo.commit(message, self.stamp(day), author=name, email=self.people[name])

    def edit(
        self,
        day: str,
        rel: str,
        change: Callable[[str], str],
        message: str,
        who: str | None = None,
    ) -> None:
        """Edit one file by hand and commit it with plain git."""
        path = self.root / rel
        before = path.read_text(encoding="utf-8")
        after = change(before)
        if after == before:
            raise HistoryError(f"hand edit of {rel} on {day} changed nothing")
        path.write_text(after, encoding="utf-8")
        self.commit(day, message, who=who)

    def write(self, day: str, files: dict[str, str], message: str, who: str | None = None) -> None:
        """Write whole files by hand (an import, a copy from a template) and commit."""
        for rel, text in files.items():
            p = self.root / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(text, encoding="utf-8")
        self.commit(day, message, who=who)

    def measure(
        self,
        day: str,
        values: dict[str, Detail],
        on: str,
        message: str,
        who: str | None = None,
    ) -> None:
        """Append measurements ``{"goal/indicator": value}`` dated ``on`` by hand (there is
        no measure command yet), in each file's style, as one commit."""
        for key, value in values.items():
            goal, indicator = key.split("/")
            rel = self._goal_file(goal)
            p = self.root / rel
            text = p.read_text(encoding="utf-8")
            if rel.endswith(".toml"):
                text = _toml_add_measurement(text, indicator, on, value)
            else:
                text = _yaml_add_measurement(text, indicator, on, value)
            p.write_text(text, encoding="utf-8")
        self.commit(day, message, who=who)

    def _goal_file(self, goal: str) -> str:
        for ext in (".yaml", ".yml", ".toml"):
            if (self.root / "data" / "goals" / f"{goal}{ext}").exists():
                return f"data/goals/{goal}{ext}"
        raise HistoryError(f"no goal file for {goal}")

    def init(self, day: str, lang: str, settings: Callable[[str], str], message: str) -> None:
        """``agenda init`` (no git: the repository gets a main branch), then the settings
        edited by hand, and a first commit."""
        self.root.parent.mkdir(parents=True, exist_ok=True)
        r = cli("init", str(self.root), "--lang", lang, "--ci", "none", "--no-git")
        if r.exit_code != 0:
            raise HistoryError(f"agenda init: {r.output}")
        self.repo = GitRepo(self.root)
        toml = self.root / "agenda.toml"
        toml.write_text(settings(toml.read_text(encoding="utf-8")), encoding="utf-8")
        self.commit(day, message)

    def count_commits(self) -> int:
        assert self.repo is not None
        return int(self.repo.git("rev-list", "--count", "HEAD"))


# -- hand edits of measurements ------------------------------------------------------


def _yaml_add_measurement(text: str, indicator: str, on: str, value: Detail) -> str:
    """Append ``- date/value`` to the indicator's ``measurements`` (block style, as the
    file's lists are written), adding the key if the indicator has none yet. The
    indicator's ``measurements`` is its last key."""
    lines = text.split("\n")
    head = re.compile(rf"^(\s*)- id: ['\"]?{re.escape(indicator)}['\"]?\s*$")
    found = [(n, m) for n, line in enumerate(lines) if (m := head.match(line))]
    if not found:
        raise HistoryError(f"indicator {indicator} not found")
    k, m = found[0]
    item = len(m.group(1))
    key = " " * (item + 2)
    end = k + 1
    while end < len(lines) and (
        not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > item
    ):
        end += 1
    while end > k + 1 and not lines[end - 1].strip():
        end -= 1
    new: list[str] = []
    if not any(ln == f"{key}measurements:" for ln in lines[k + 1 : end]):
        new.append(f"{key}measurements:")
    new += [f"{key}  - date: {on}", f"{key}    value: {value}"]
    return "\n".join(lines[:end] + new + lines[end:])


def _toml_add_measurement(text: str, indicator: str, on: str, value: Detail) -> str:
    """Add a ``[[indicators.measurements]]`` table at the end of the indicator's
    ``[[indicators]]`` section."""
    lines = text.split("\n")
    start = None
    for k, line in enumerate(lines):
        if line.strip() == "[[indicators]]":
            j = k + 1
            while j < len(lines) and not lines[j].startswith("["):
                if re.match(rf'^id\s*=\s*"{re.escape(indicator)}"\s*$', lines[j]):
                    start = k
                j += 1
    if start is None:
        raise HistoryError(f"indicator {indicator} not found")
    end = start + 1
    while end < len(lines) and lines[end].strip() != "[[indicators]]":
        if lines[end].startswith("[") and not lines[end].startswith("[[indicators."):
            break
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    block = ["", "[[indicators.measurements]]", f"date = {on}", f"value = {value}"]
    return "\n".join(lines[:end] + block + lines[end:])
