"""``netwerkagenda.git``: one environment rule for every git call, reads and writes;
opening a work tree; the editing commands' writes. Then the commands with git in odd
states (issue #7): no commits, a shallow clone, a detached HEAD, a merge in progress, a
hook's environment, data not tracked, a repository in a subfolder, revisions that do
not exist; each case asserts its exact outcome and that no traceback reaches the user
(the table of all cases is docs/hostile.md)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from netwerkagenda.git import Git, GitError, git_env, user_name
from tests.helpers import ACTION, GitRepo, blocked_then_done, clean, cli, findings, make_repo

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


# --------------------------------------------------------------------------- git in odd states


HISTORY_COMMANDS = (
    ("log",),
    ("brief", "--since", "2021-01-01", "--until", "2021-09-01"),
    ("status", "--as-of", "2021-07-15", "-f", "json"),
    ("show", "leesoffensief"),
)


def test_no_commits_yet(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r")
    GitRepo(root)
    clean(cli("log", cwd=root), 0)
    r = clean(cli("brief", "--since", "2021-01-01", cwd=root), 0)
    assert "no commits yet" in r.stderr
    r = clean(cli("status", "--as-of", "2021-07-15", cwd=root), 2)
    assert "--as-of needs git history" in r.stderr and "has no commits yet" in r.stderr
    r = clean(cli("status", "--as-of", "HEAD", cwd=root), 2)
    assert "the git repository has no commits yet" in r.stderr
    r = clean(cli("show", "leesoffensief", cwd=root), 0)
    assert "Leesoffensief" in r.stdout


def test_shallow_clone_older_than_its_boundary(tmp_path: Path) -> None:
    g = blocked_then_done(tmp_path / "r")
    clone = g.shallow_clone(tmp_path / "clone", depth=1)
    note = "shallow clone: git history before 2021-08-01 is not here"
    r = clean(cli("brief", "--since", "2021-01-01", "--until", "2021-09-01", cwd=clone), 0)
    assert note in r.stderr and note in r.stdout  # in the brief's footnote too
    assert "Afgerond: Leesoffensief (30 juli 2021)." in r.stdout  # from the record's own dates
    r = clean(cli("status", "--as-of", "2021-07-15", cwd=clone), 2)
    assert "git has no commit on or before 2021-07-15" in r.stderr
    assert "shallow clone; run 'git fetch --unshallow'" in r.stderr
    r = clean(cli("status", "--as-of", "2021-08-15", "-f", "json", cwd=clone), 0)
    assert json.loads(r.stdout)["today"] == "2021-08-15"
    clean(cli("show", "leesoffensief", cwd=clone), 0)


def test_detached_head(tmp_path: Path) -> None:
    g = blocked_then_done(tmp_path / "r")
    g.git("checkout", "-q", "--detach", "HEAD~1")
    r = clean(cli("log", cwd=g.root), 0)
    assert "status: in uitvoering → geblokkeerd" in r.stdout and "afgerond" not in r.stdout
    r = clean(cli("brief", "--since", "2021-01-01", "--until", "2021-09-01", cwd=g.root), 0)
    assert "ligt sinds 1 juli 2021 stil." in r.stdout
    r = clean(cli("status", "--as-of", "2021-06-15", "-f", "json", cwd=g.root), 0)
    assert json.loads(r.stdout)["goals"][0]["actions"][0]["status"] == "active"
    r = clean(cli("show", "leesoffensief", cwd=g.root), 0)
    assert "Geschiedenis" in r.stdout and "geblokkeerd" in r.stdout


def test_merge_in_progress(tmp_path: Path) -> None:
    g = blocked_then_done(tmp_path / "r")
    g.git("checkout", "-q", "-b", "zij", "HEAD~1")
    g.commit("Zij", "2021-08-02", {A: ACTION.replace("active", "cancelled")})
    g.git("checkout", "-q", "main")
    merge = subprocess.run(["git", "merge", "zij"], cwd=g.root, capture_output=True, env=git_env())
    assert merge.returncode == 1 and b"CONFLICT" in merge.stdout
    assert (g.root / A).read_text().splitlines()[2] == "<<<<<<< HEAD"
    assert findings(g.root) == [
        (
            "yaml-syntax",
            A,
            3,
            1,
            "unresolved merge conflict: the line starts with '<<<<<<<'",
        )
    ]
    note = "note: 1 record file could not be read and is left out (leesoffensief)"
    r = clean(cli("log", cwd=g.root), 0)  # the history is read from HEAD
    assert "leesoffensief     afgerond (status: geblokkeerd → afgerond)" in r.stdout
    r = clean(cli("brief", "--since", "2021-01-01", "--until", "2021-09-01", cwd=g.root), 0)
    assert note in r.stderr
    r = clean(cli("status", "--as-of", "2021-08-01", "-f", "json", cwd=g.root), 0)
    assert json.loads(r.stdout)["goals"][0]["actions"][0]["status"] == "done"
    r = clean(cli("show", "leesoffensief", cwd=g.root), 2)
    assert f"record 'leesoffensief' cannot be read: {A} has errors" in r.stderr


def test_conflict_markers_in_toml_and_a_markdown_rule_in_yaml(tmp_path: Path) -> None:
    group = "data/groups/koersgroep-lezen.toml"
    root = make_repo(
        tmp_path / "r",
        {
            group: 'title = "x"\n<<<<<<< HEAD\nkind = "koersgroep"\n=======\n'
            'kind = "werkgroep"\n>>>>>>> zij\n',
            # '=======' inside a block scalar is text (a Markdown heading), not a conflict
            A: ACTION + "description: |\n  Kop\n  =======\n  Tekst.\n",
        },
    )
    found = [f for f in findings(root) if f[1] != group or f[0] != "missing-reference"]
    assert [f[:4] for f in found if f[1] == group] == [("toml-syntax", group, 2, 1)]
    assert not [f for f in found if f[1] == A]


def test_inside_a_pre_commit_hook_the_output_is_the_same(tmp_path: Path) -> None:
    g = blocked_then_done(tmp_path / "r")
    normal = [cli(*args, cwd=g.root) for args in HISTORY_COMMANDS]
    other = tmp_path / "ander"
    GitRepo(other).commit("Iets anders", "2020-01-01", {"x.txt": "x"})
    hook_env = {
        "GIT_DIR": str(other / ".git"),
        "GIT_INDEX_FILE": str(other / ".git" / "index"),
        "GIT_WORK_TREE": str(other),
        "GIT_PREFIX": "data/",
        "GIT_OBJECT_DIRECTORY": str(other / ".git" / "objects"),
    }
    for args, expected in zip(HISTORY_COMMANDS, normal, strict=True):
        assert expected.exit_code == 0, expected.output
        r = clean(cli(*args, cwd=g.root, env=hook_env), 0)
        assert (r.stdout, r.stderr) == (expected.stdout, expected.stderr), args


def test_data_not_tracked_by_git(tmp_path: Path) -> None:
    g = GitRepo(tmp_path / "r")
    g.commit("Leesmij", "2021-05-01", {"README.md": "x\n"})
    make_repo(g.root, {A: ACTION + "updates:\n  - date: 2021-07-01\n    text: Het loopt.\n"})
    r = clean(cli("brief", "--since", "2021-06-15", "--until", "2021-09-01", cwd=g.root), 0)
    assert "Het loopt." in r.stdout
    assert "in git zijn er geen commits in deze periode" in r.stdout
    r = clean(cli("log", cwd=g.root), 0)
    assert r.stdout == "2021-07-01  -------  leesoffensief  notitie: Het loopt.\n"
    r = clean(cli("status", "--as-of", "2021-07-15", "-f", "json", cwd=g.root), 0)
    assert json.loads(r.stdout)["goals"] == []  # git has no data at that commit
    r = clean(cli("show", "leesoffensief", cwd=g.root), 0)
    assert "Het loopt." in r.stdout


def test_data_repository_in_a_subfolder_of_a_bigger_git_repository(tmp_path: Path) -> None:
    g = GitRepo(tmp_path / "groot")
    (g.root / "src").mkdir()
    g.commit("Code", "2021-05-01", {"src/main.py": "print()\n"})
    root = make_repo(g.root / "programma")
    g.commit("Begin", "2021-06-01")
    g.commit("Klaar", "2021-07-01", {"programma/" + A: ACTION.replace("active", "blocked")})
    g.commit("Code", "2021-07-02", {"src/main.py": "print(1)\n"})
    r = clean(cli("log", cwd=root / "data"), 0)
    assert [line.split()[2:] for line in r.stdout.splitlines()][:1] == [
        [
            "leesoffensief",
            "geblokkeerd",
            "(status:",
            "in",
            "uitvoering",
            "→",
            "geblokkeerd)",
            "(Anna",
            "Secretaris)",
        ]
    ]
    assert "main.py" not in r.stdout and "Code" not in r.stdout
    r = clean(cli("status", "--as-of", "2021-06-15", "-f", "json", cwd=root), 0)
    assert json.loads(r.stdout)["goals"][0]["actions"][0]["status"] == "active"
    r = clean(cli("brief", "--since", "2021-06-15", "--until", "2021-09-01", cwd=root), 0)
    assert "Stilgelegd: Leesoffensief (1 juli 2021)." in r.stdout
    r = clean(cli("show", "leesoffensief", cwd=root), 0)
    assert "status: in uitvoering → geblokkeerd" in r.stdout


def test_since_older_than_the_whole_history(tmp_path: Path) -> None:
    g = blocked_then_done(tmp_path / "r")
    r = clean(cli("log", "--since", "2001-01-01", cwd=g.root), 0)
    first = g.git("rev-parse", "--short=7", "HEAD~2")
    assert r.stdout.splitlines()[-2:] == [
        f"2021-06-01  {first}  leesoffensief     toegevoegd (status: in uitvoering)"
        "  (Anna Secretaris)",
        f"2021-06-01  {first}  lezen             toegevoegd  (Anna Secretaris)",
    ]
    r = clean(cli("brief", "--since", "2001-01-01", "--until", "2021-09-01", cwd=g.root), 0)
    first = g.git("rev-parse", "--short=7", "HEAD~2")
    assert f"3 commits, van {first} (1 juni 2021)" in r.stdout  # it covers from the first


@pytest.mark.parametrize("command", ["log", "brief", "status"])
def test_since_a_revision_that_does_not_exist(tmp_path: Path, command: str) -> None:
    g = blocked_then_done(tmp_path / "r")
    option = "--as-of" if command == "status" else "--since"
    for rev in ("v9.9", "0" * 40, "HEAD~99"):
        r = clean(cli(command, option, rev, cwd=g.root), 2)
        assert r.stdout == ""
        assert r.stderr == (
            f"error: {option}: unknown revision {rev!r}\n"
            "hint: use a tag, branch or commit sha ('git log --oneline' lists them)\n"
        )
