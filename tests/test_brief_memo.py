"""The last brief is kept with the fingerprint of its inputs: a repeat prints it without
reading the period again, and any change of an input makes it anew, printing what a run
without a cache prints."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from netwerkagenda.cache import DB_FILE
from tests.helpers import ACTION, GitRepo, cache_dir, cli, make_repo, write
from tests.test_history_cache import git_calls

A = "data/actions/leesoffensief.yaml"
ARGS = ("brief", "--since", "2021-08-01", "--lang", "en")


def _repo(root: Path) -> GitRepo:
    g = GitRepo(root)
    make_repo(g.root)
    g.commit("Begin", "2021-06-01")
    g.commit("Geblokkeerd", "2021-07-01", {A: ACTION.replace("status: active", "status: blocked")})
    g.commit("Weer actief", "2021-08-10", {A: ACTION})
    done = ACTION.replace("status: active", "status: done") + "done: 2021-09-03\n"
    g.commit("Klaar", "2021-09-03", {A: done})
    return g


def _memo_rows(root: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(cache_dir(root) / DB_FILE)) as db:
        return [k for (k,) in db.execute("SELECT key FROM blobs WHERE scope = 'brief'")]


def _fresh(root: Path, *args: str) -> tuple[int, str, str]:
    r = cli(*args, cwd=root, env={"AGENDA_CACHE": "0"})
    return r.exit_code, r.stdout, r.stderr


def _cached(root: Path, *args: str) -> tuple[tuple[int, str, str], list[tuple[str, ...]]]:
    with git_calls() as calls:
        r = cli(*args, cwd=root)
    return (r.exit_code, r.stdout, r.stderr), calls


def test_a_repeated_brief_is_read_back(tmp_path: Path) -> None:
    """The second run prints the first one's bytes and asks git for no commit and no
    file; one entry per language is kept."""
    g = _repo(tmp_path / "r")
    fresh = _fresh(g.root, *ARGS)
    assert fresh[0] == 0 and "Leesoffensief" in fresh[1]
    first, _ = _cached(g.root, *ARGS)
    again, calls = _cached(g.root, *ARGS)
    assert first == again == fresh
    assert not [c for c in calls if c[:1] in (("log",), ("cat-file",), ("diff-tree",))], calls
    assert _memo_rows(g.root) == ["last en"]
    cli(*ARGS[:-1], "nl", cwd=g.root)
    assert sorted(_memo_rows(g.root)) == ["last en", "last nl"]


def _edit_record(g: GitRepo) -> None:
    write(g.root, {A: ACTION + "updates:\n  - date: 2021-08-20\n    text: Tien scholen.\n"})


def _commit(g: GitRepo) -> None:
    _edit_record(g)
    g.commit("Nieuws", "2021-09-10")


def _settings(g: GitRepo) -> None:
    path = g.root / "agenda.toml"
    path.write_text(path.read_text().replace("as_of = 2021-09-20", "as_of = 2021-09-25"))


def _name(g: GitRepo) -> None:
    path = g.root / "agenda.toml"
    path.write_text(path.read_text().replace("Testprogramma", "Leesprogramma"))


def _template(g: GitRepo) -> None:
    write(g.root, {"templates/brief.en.md.j2": "# {{ programme }}\nOwn letter.\n"})


def _included(g: GitRepo) -> None:
    """A template that includes another one: a change of the included file counts."""
    write(
        g.root,
        {
            "templates/brief.en.md.j2": "{% include 'part.j2' %}\n",
            "templates/part.j2": "First part.\n",
        },
    )
    cli(*ARGS, cwd=g.root)
    write(g.root, {"templates/part.j2": "Second part.\n"})


def _renamed_file(g: GitRepo) -> None:
    (g.root / A).rename(g.root / "data/actions/lezen.yaml")


@pytest.mark.parametrize(
    "change",
    [_edit_record, _commit, _settings, _name, _template, _included, _renamed_file],
    ids=lambda f: f.__name__.strip("_"),
)
def test_a_changed_input_makes_the_brief_anew(
    tmp_path: Path, change: Callable[[GitRepo], None]
) -> None:
    g = _repo(tmp_path / "r")
    before, _ = _cached(g.root, *ARGS)
    change(g)
    after, _ = _cached(g.root, *ARGS)
    assert after == _fresh(g.root, *ARGS)
    assert after != before


def test_another_period_or_language_is_another_brief(tmp_path: Path) -> None:
    g = _repo(tmp_path / "r")
    for args in (ARGS, (*ARGS, "--until", "2021-08-31"), (*ARGS[:-1], "nl"), ARGS):
        assert _cached(g.root, *args)[0] == _fresh(g.root, *args)


def test_a_touched_file_with_the_same_bytes_is_the_same_input(tmp_path: Path) -> None:
    g = _repo(tmp_path / "r")
    first, _ = _cached(g.root, *ARGS)
    path = g.root / A
    st = path.stat()
    path.write_bytes(path.read_bytes())
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    again, calls = _cached(g.root, *ARGS)
    assert again == first
    assert not [c for c in calls if c[:1] in (("log",), ("cat-file",))], calls


def test_a_brief_from_a_named_template_is_not_kept(tmp_path: Path) -> None:
    """``--template`` may include files from anywhere: such a brief is made each time."""
    g = _repo(tmp_path / "r")
    own = tmp_path / "letter.md.j2"
    own.write_text("{{ programme }}: {% include 'part.j2' %}\n")
    (tmp_path / "part.j2").write_text("one\n")
    args = (*ARGS, "--template", str(own))
    first, _ = _cached(g.root, *args)
    (tmp_path / "part.j2").write_text("two\n")
    again, _ = _cached(g.root, *args)
    assert "one" in first[1] and "two" in again[1]
    assert _memo_rows(g.root) == []


def test_a_garbled_entry_is_made_anew(tmp_path: Path) -> None:
    g = _repo(tmp_path / "r")
    first, _ = _cached(g.root, *ARGS)
    with contextlib.closing(sqlite3.connect(cache_dir(g.root) / DB_FILE)) as db, db:
        db.execute("UPDATE blobs SET value = ? WHERE scope = 'brief'", (b'{"key": 1}',))
    assert _cached(g.root, *ARGS)[0] == first


def test_templates_with_a_symbolic_link_are_not_fingerprinted(tmp_path: Path) -> None:
    """A link in templates/ may name a file that changes elsewhere (or a device): the
    brief is made each time, and nothing outside the folder is opened to fingerprint."""
    g = _repo(tmp_path / "r")
    write(g.root, {"templates/brief.en.md.j2": "{% include 'part.j2' %}\n"})
    outside = tmp_path / "part.j2"
    outside.write_text("one\n")
    (g.root / "templates/part.j2").symlink_to(outside)
    first, _ = _cached(g.root, *ARGS)
    outside.write_text("two\n")
    again, _ = _cached(g.root, *ARGS)
    assert again == _fresh(g.root, *ARGS)
    assert _memo_rows(g.root) == []
    assert first[0] == again[0]


def test_an_end_given_as_a_revision_is_not_the_same_input_as_its_date(tmp_path: Path) -> None:
    """``--until last`` (a brief tag on HEAD, dated before HEAD's commit) ends at that
    commit; ``--until`` the tag's date ends at the commits of that day: two briefs."""
    g = _repo(tmp_path / "r")
    g.git("tag", "brief/2021-08-20", "HEAD")
    for until in ("last", "2021-08-20", "last"):
        args = (*ARGS, "--until", until)
        assert _cached(g.root, *args)[0] == _fresh(g.root, *args), until


def test_with_replace_refs_or_grafts_no_brief_is_kept(tmp_path: Path) -> None:
    """A graft changes the history under the same shas: the brief is made each time."""
    g = _repo(tmp_path / "r")
    shas = g.git("rev-list", "HEAD").split()
    since = ("brief", "--since", shas[-1], "--lang", "en")
    first, _ = _cached(g.root, *since)
    assert _memo_rows(g.root) == ["last en"]
    g.git("replace", "--graft", shas[1], shas[-1])  # the second newest now follows the first
    after, _ = _cached(g.root, *since)
    assert after == _fresh(g.root, *since)
    assert after != first
    g.git("replace", "-d", shas[1])
    (g.root / ".git/info").mkdir(exist_ok=True)
    (g.root / ".git/info/grafts").write_text(f"{shas[1]} {shas[-1]}\n")
    grafted, _ = _cached(g.root, *since)
    assert grafted == _fresh(g.root, *since) == after


@pytest.mark.skipif(
    os.geteuid() == 0, reason="root can list any folder: no unlistable one can be made"
)
def test_a_templates_folder_that_cannot_be_listed_is_not_fingerprinted(tmp_path: Path) -> None:
    g = _repo(tmp_path / "r")
    write(g.root, {"templates/brief.en.md.j2": "{% include 'sub/x.j2' %}\n"})
    write(g.root, {"templates/sub/x.j2": "one\n"})
    sub = g.root / "templates/sub"
    sub.chmod(0o311)
    try:
        first, _ = _cached(g.root, *ARGS)
        (sub / "x.j2").write_text("two\n")
        again, _ = _cached(g.root, *ARGS)
    finally:
        sub.chmod(0o755)
    assert "one" in first[1] and "two" in again[1]
    assert _memo_rows(g.root) == []
