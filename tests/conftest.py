from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from tests.helpers import GitRepo, make_repo

# wrapping follows COLUMNS: no test depends on the width of the terminal that runs it
# (module- and session-wide fixtures build outputs before any function fixture runs)
os.environ.pop("COLUMNS", None)


@pytest.fixture(autouse=True)
def _isolated_env(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never touch the user's home or git config; no colour, no repository from outside."""
    home = tmp_path_factory.mktemp("home")
    gitconfig = home / ".gitconfig"
    gitconfig.write_text("[user]\n\tname = Test User\n\temail = test@example.org\n")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(gitconfig))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("TZ", "UTC")
    for var in (
        "AGENDA_REPO",
        "NO_COLOR",
        "FORCE_COLOR",
        "GIT_DIR",
        "GIT_INDEX_FILE",
        "GIT_WORK_TREE",
        "AGENDA_DEBUG",
        "AGENDA_CACHE",
        "COLUMNS",  # wrapping follows it: each test sets it when it wants a width
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A small valid data repository (no git)."""
    return make_repo(tmp_path / "repo")


@pytest.fixture
def git_repo(tmp_path: Path) -> GitRepo:
    """An empty git repository with a pinned identity."""
    return GitRepo(tmp_path / "git")


PROJECT_ROOT = Path(__file__).resolve().parent.parent


# Hypothesis: small and quick by default (CI); HYPOTHESIS_PROFILE=long for the long
# fuzz run in docs/hostile.md (8 targets x 15,000: at least 100,000 examples in total).
settings.register_profile("default", deadline=None)
settings.register_profile("long", deadline=None, max_examples=15_000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
