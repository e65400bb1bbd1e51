"""Hostile input across the commands (issue #7): the file system, templates from the
repository, and git in odd states. Each case asserts its exact outcome and that no
traceback (exit 3, "internal error") reaches the user.

Hostile record files, queries and ``--since`` values are in test_loader.py,
test_query.py and test_fuzz.py; edits under load in test_hostile_edits.py; the table of
all cases is docs/hostile.md."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from netwerkagenda.git import git_env
from tests.helpers import ACTION, GitRepo, Result, cli, make_repo

A = "data/actions/leesoffensief.yaml"
READ_ONLY = (
    ("validate",),
    ("status",),
    ("status", "-f", "json"),
    ("list", "actions"),
    ("show", "leesoffensief"),
    ("log",),
    ("brief", "--since", "2021-01-01", "--until", "2021-09-01"),
)


def clean(r: Result, code: int) -> Result:
    """``r`` exited with ``code`` and printed no traceback."""
    assert r.exit_code == code, (r.exit_code, r.output)
    assert "Traceback" not in r.output
    assert "internal error" not in r.output
    return r


def findings(root: Path) -> list[tuple[str, str, int, int, str]]:
    r = cli("validate", "-f", "json", cwd=root)
    assert r.exit_code in (0, 1) and "Traceback" not in r.output
    doc = json.loads(r.stdout)
    return [(f["code"], f["file"], f["line"], f["column"], f["message"]) for f in doc["findings"]]


def _history(root: Path) -> GitRepo:
    g = GitRepo(root)
    make_repo(root)
    g.commit("Begin", "2021-06-01")
    g.commit("Geblokkeerd", "2021-07-01", {A: ACTION.replace("active", "blocked")})
    g.commit("Klaar", "2021-08-01", {A: ACTION.replace("active", "done") + "done: 2021-07-30\n"})
    return g


# --------------------------------------------------------------------------- file system


def test_dangling_symlinks_are_unreadable_not_a_crash(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r")
    os.symlink(root / "data/actions/weg.yaml", root / "data/actions/binnen.yaml")
    os.symlink(tmp_path / "nergens.yaml", root / "data/actions/buiten.yaml")
    assert findings(root) == [
        (
            "unreadable",
            "data/actions/binnen.yaml",
            1,
            1,
            "file cannot be read: No such file or directory",
        ),
        (
            "symlink",
            "data/actions/buiten.yaml",
            1,
            1,
            "symbolic link points outside the repository; not read",
        ),
    ]
    for args in READ_ONLY[1:]:
        r = clean(cli(*args, cwd=root), 0)
        assert "note: 2 record files could not be read and are left out (binnen, buiten)" in (
            r.stderr
        )
    # an edit of a record behind a dangling link says why, instead of "no such record"
    r = clean(cli("update", "binnen", "Een notitie", cwd=root), 1)
    assert "data/actions/binnen.yaml cannot be edited: fix its errors first" in r.stderr


def test_symlinked_folders_are_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "buiten" / "goals"
    outside.mkdir(parents=True)
    (outside / "geheim.yaml").write_text("title: Geheim doel\n")
    root = make_repo(tmp_path / "r")
    os.symlink(outside, root / "data/extra")
    os.symlink(root / "data/actions", root / "data/acties")
    found = findings(root)
    assert [f[:4] for f in found] == [
        ("symlink", "data/acties", 1, 1),
        ("symlink", "data/extra", 1, 1),
    ]
    assert {f[4] for f in found} == {"symbolic links to folders are not followed"}
    r = clean(cli("list", "goals", "-f", "json", cwd=root), 0)
    assert "geheim" not in r.stdout.lower()


def test_record_file_behind_a_too_large_limit_is_named_when_edited(tmp_path: Path) -> None:
    settings = '[agenda]\nname = "x"\nas_of = 2021-09-20\n[validate]\nmax_file_size = 150\n'
    root = make_repo(tmp_path / "r", {A: ACTION + "x-noot: " + "x" * 200 + "\n"}, settings=settings)
    before = (root / A).read_bytes()
    r = clean(cli("update", "leesoffensief", "Notitie", "--date", "2021-09-01", cwd=root), 1)
    assert "error file-too-large file is 318 bytes; the limit is 150" in r.stderr
    assert f"error: {A} cannot be edited: fix its errors first" in r.stderr
    assert (root / A).read_bytes() == before
    r = clean(cli("show", "leesoffensief", cwd=root), 2)
    assert f"record 'leesoffensief' cannot be read: {A} has errors" in r.stderr


def _snapshot(base: Path) -> dict[str, bytes | None]:
    out: dict[str, bytes | None] = {}
    for dirpath, dirnames, filenames in os.walk(base):
        for name in dirnames:
            out[os.path.relpath(os.path.join(dirpath, name), base) + "/"] = None
        for name in filenames:
            p = os.path.join(dirpath, name)
            out[os.path.relpath(p, base)] = Path(p).read_bytes()
    return out


def test_read_only_commands_write_only_in_the_user_cache(tmp_path: Path) -> None:
    """The rule since issue #17: nothing in the repository changes or is added (not even
    a cache folder, not .git/index); the only new paths anywhere are the caches in
    ``$XDG_CACHE_HOME/agenda/<key>/``, made 0700; HOME and TMPDIR stay empty."""
    g = _history(tmp_path / "r")
    home, xdg, tmp = tmp_path / "home", tmp_path / "xdg", tmp_path / "tmp"
    for d in (home, xdg, tmp):
        d.mkdir()
    before = _snapshot(tmp_path)
    env = {"HOME": str(home), "XDG_CACHE_HOME": str(xdg), "TMPDIR": str(tmp)}
    for args in READ_ONLY:
        clean(cli(*args, cwd=g.root, env=env), 0)
    after = _snapshot(tmp_path)
    assert not list(home.iterdir()) and not list(tmp.iterdir())
    new = {p for p in after if p not in before}
    assert new and {p.split(os.sep)[:2] == ["xdg", "agenda"] for p in new} == {True}
    assert (xdg / "agenda").stat().st_mode & 0o777 == 0o700
    assert {p for p in before if p not in after} == set()
    changed = {p for p in before if before[p] != after[p]}
    assert changed == set()  # not even .git/index


# --------------------------------------------------------------------------- templates

TEMPLATE = "templates/brief.nl.md.j2"
SECRET = "GEHEIM-BUITEN-DE-REPOSITORY"


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        (
            "Kop\n{{ ''.__class__.__mro__ }}\n",
            2,
            "access to attribute '__class__' of 'str' object is unsafe",
        ),
        (
            "a\nb\n{{ cycler.__init__.__globals__ }}\n",
            3,
            "access to attribute '__init__' of 'type' object is unsafe",
        ),
        (
            "{{ self._TemplateReference__context }}\n",
            1,
            "access to attribute '_TemplateReference__context' of 'TemplateReference' object "
            "is unsafe",
        ),
        (
            "{{ title|attr('__class__') }}\n",
            1,
            "access to attribute '__class__' of 'str' object is unsafe",
        ),
        ("x\n{% include '/etc/passwd' %}\n", 2, "template '/etc/passwd' not found"),
        ("x\n\n{% include '../../outside.j2' %}\n", 3, "template '../../outside.j2' not found"),
        ("{% extends '../outside.j2' %}\n", 1, "template '../outside.j2' not found"),
        ("x\n{% import '/etc/hostname' as h %}\n", 2, "template '/etc/hostname' not found"),
        # a template that would take all memory, or recurse for ever
        (
            "a\n{{ 'x' * 10**8 }}\n",
            2,
            "repeating a value 100000000 times would make more than 1,000,000 items",
        ),
        ("{{ [1] * 10**8 }}\n", 1, "repeating a value 100000000 times"),
        ("{{ 2 ** 100000 }}\n", 1, "the exponent 100000 is too large"),
        ("{% include 'brief.nl.md.j2' %}\n", 1, "maximum recursion depth exceeded"),
        ("{% macro m() %}{{ m() }}{% endmacro %}\n{{ m() }}\n", 1, "maximum recursion depth"),
        ("regel een\n{% for x in %}\n", 2, "Expected an expression"),
    ],
    ids=[
        "mro",
        "globals",
        "self-context",
        "attr-filter",
        "include-absolute",
        "include-outside",
        "extends-outside",
        "import-absolute",
        "string-bomb",
        "list-bomb",
        "power-bomb",
        "include-itself",
        "macro-recursion",
        "syntax-error",
    ],
)
def test_hostile_repository_template(tmp_path: Path, body: str, line: int, message: str) -> None:
    (tmp_path / "outside.j2").write_text(SECRET + "\n")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "outside.j2").write_text(SECRET + "\n")
    root = make_repo(tmp_path / "a" / "b" / "r", {TEMPLATE: body})
    r = clean(cli("brief", "--since", "2021-01-01", cwd=root), 2)
    assert r.stdout == ""
    first = r.stderr.splitlines()[0]
    assert first.startswith(f"error: {root / TEMPLATE}:{line}: template error: "), r.stderr
    assert message in first
    assert SECRET not in r.output and "root:" not in r.output
    assert "hint:" in r.stderr


def test_harmless_arithmetic_still_works_in_templates(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r", {TEMPLATE: "{{ 'ab' * 3 }} {{ 3 * [0] }} {{ 2 ** 10 }}\n"})
    r = clean(cli("brief", "--since", "2021-01-01", cwd=root), 0)
    assert r.stdout == "ababab [0, 0, 0] 1024\n"


# --------------------------------------------------------------------------- git states

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
    g = _history(tmp_path / "r")
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
    g = _history(tmp_path / "r")
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
    g = _history(tmp_path / "r")
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
    g = _history(tmp_path / "r")
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
    g = _history(tmp_path / "r")
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
    g = _history(tmp_path / "r")
    option = "--as-of" if command == "status" else "--since"
    for rev in ("v9.9", "0" * 40, "HEAD~99"):
        r = clean(cli(command, option, rev, cwd=g.root), 2)
        assert r.stdout == ""
        assert r.stderr == (
            f"error: {option}: unknown revision {rev!r}\n"
            "hint: use a tag, branch or commit sha ('git log --oneline' lists them)\n"
        )
