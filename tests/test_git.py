"""``netwerkagenda.git``: one environment rule for every git call, reads and writes;
opening a work tree; the editing commands' writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from netwerkagenda.git import Git, GitError, git_env, user_name
from tests.helpers import GitRepo, cli, make_repo

A = "data/actions/leesoffensief.yaml"

HOOK_VARS = ("GIT_DIR", "GIT_INDEX_FILE", "GIT_WORK_TREE", "GIT_PREFIX", "GIT_OBJECT_DIRECTORY")


def test_the_environment_drops_hook_variables_and_keeps_the_users_choices() -> None:
    env = git_env(
        {
            "PATH": "/bin",
            **{v: "/elders" for v in HOOK_VARS},
            "GIT_COMMON_DIR": "/elders",
            "GIT_SOMETHING_NEW": "1",  # a variable a later git may add: dropped too
            "GIT_AUTHOR_DATE": "2021-06-01T12:00:00+02:00",
            "GIT_COMMITTER_NAME": "Anna",
            "GIT_CONFIG_GLOBAL": "/home/anna/.gitconfig",
            "GIT_CONFIG_COUNT": "1",
            "GIT_CONFIG_KEY_0": "user.name",
            "GIT_CONFIG_VALUE_0": "Anna",
            "LC_ALL": "nl_NL.UTF-8",
        }
    )
    assert env == {
        "PATH": "/bin",
        "GIT_AUTHOR_DATE": "2021-06-01T12:00:00+02:00",
        "GIT_COMMITTER_NAME": "Anna",
        "GIT_CONFIG_GLOBAL": "/home/anna/.gitconfig",
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": "user.name",
        "GIT_CONFIG_VALUE_0": "Anna",
        "GIT_OPTIONAL_LOCKS": "0",
        "LC_ALL": "C",
    }


def test_a_commit_from_inside_a_hook_lands_in_its_own_repository(tmp_path: Path) -> None:
    """With a hook's variables naming another repository, ``--commit`` commits the data
    repository's change there (dated as the user asks), and the other is untouched."""
    g = GitRepo(tmp_path / "r")
    make_repo(g.root)
    g.commit("Begin", "2021-06-01")
    other = GitRepo(tmp_path / "ander")
    other.commit("Iets anders", "2020-01-01", {"x.txt": "x"})
    before = other.git("rev-parse", "HEAD")
    env = {
        "GIT_DIR": str(other.root / ".git"),
        "GIT_INDEX_FILE": str(other.root / ".git" / "index"),
        "GIT_WORK_TREE": str(other.root),
        "GIT_PREFIX": "data/",
        "GIT_AUTHOR_DATE": "2021-07-01T10:00:00+02:00",
        "GIT_COMMITTER_DATE": "2021-07-01T10:00:00+02:00",
    }
    r = cli("done", "leesoffensief", "--commit", cwd=g.root, env=env)
    assert r.exit_code == 0, r.output
    assert g.git("log", "-1", "--format=%ad %s", "--date=short").startswith(
        "2021-07-01 agenda: done leesoffensief"
    )
    assert g.git("status", "--porcelain") == ""
    assert g.git("show", "--name-only", "--format=", "HEAD") == A
    assert other.git("rev-parse", "HEAD") == before
    assert other.git("status", "--porcelain") == ""


def test_open_finds_the_work_tree_and_the_datas_folder_in_it(tmp_path: Path) -> None:
    g = GitRepo(tmp_path / "top")
    root = make_repo(g.root / "programma")
    git = Git.open(root / "data")
    assert git is not None
    assert (git.top, git.prefix) == (g.root.resolve(), "programma/data/")
    git = Git.open(root)
    assert git is not None and git.prefix == "programma/" and git.root == root.resolve()
    assert Git.open(make_repo(tmp_path / "los")) is None


def test_init_commit_and_hooks_folder(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "nieuw")
    git = Git.init(root)
    assert git.head() is None
    sha = git.commit_paths(["."], "Begin")
    assert git.head() is not None and git.head().startswith(sha)  # type: ignore[union-attr]
    assert git.git_path("hooks") == root.resolve() / ".git" / "hooks"
    assert user_name(root) == "Test User"  # from the test's isolated global config


def test_a_failing_git_says_what_git_said(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "nieuw")
    git = Git.init(root)
    with pytest.raises(GitError) as caught:
        git.commit_paths(["data/bestaat-niet.yaml"], "Niets")
    assert caught.value.message.startswith("git add failed: fatal: pathspec ")


def test_no_git_on_the_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_repo(tmp_path / "r")
    monkeypatch.setenv("PATH", str(tmp_path / "leeg"))
    assert Git.open(root) is None
    assert user_name(root) is None
    with pytest.raises(GitError, match=r"^git is not installed \(or not on PATH\)$"):
        Git.init(root)
