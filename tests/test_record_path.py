"""``RecordPath``: which paths name a record file, parsed in one place; and the few
call sites that add a rule of their own (hidden files)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netwerkagenda.cli.completion import record_ids
from netwerkagenda.editing.atomic import _record_path as journal_names_record
from netwerkagenda.history.states import repository_at
from netwerkagenda.records.paths import RecordPath
from netwerkagenda.records.repository import load_repo
from tests.helpers import GitRepo, make_repo

ACCEPTED = [
    # path, kind, id, extension, format
    ("data/goals/lezen.yaml", "goal", "lezen", ".yaml", "yaml"),
    ("data/groups/koersgroep.toml", "group", "koersgroep", ".toml", "toml"),
    ("data/actions/boekstart.yml", "action", "boekstart", ".yml", "yaml"),
    # the id is the stem as written: checking it is loading's work (invalid-id)
    ("data/actions/a.b.yaml", "action", "a.b", ".yaml", "yaml"),
    ("data/actions/a..yaml", "action", "a.", ".yaml", "yaml"),
    ("data/actions/Hoofd Letter.yaml", "action", "Hoofd Letter", ".yaml", "yaml"),
    ("data/actions/ .yaml", "action", " ", ".yaml", "yaml"),
    ("data/actions/één.toml", "action", "één", ".toml", "toml"),
    ("data/actions/a\\b.yaml", "action", "a\\b", ".yaml", "yaml"),  # a name character
    ("data/actions/.verborgen.yaml", "action", ".verborgen", ".yaml", "yaml"),
    ("data/actions/..a.yaml", "action", "..a", ".yaml", "yaml"),
]

REJECTED = [
    "",
    "agenda.toml",
    "data",
    "data/",
    "data/actions",
    "data/actions/",
    "data/lezen.yaml",  # not in a kind folder
    "data/actions/sub/a.yaml",  # nested
    "data/x/actions/a.yaml",
    "x/data/actions/a.yaml",  # a subfolder's data
    "/data/actions/a.yaml",  # absolute
    "//data/actions/a.yaml",
    "./data/actions/a.yaml",
    "../data/actions/a.yaml",
    "data/../data/actions/a.yaml",
    "data/actions/../a.yaml",
    "data/actions/..",
    "data/actions/.",
    "data//actions/a.yaml",
    "data/actions//a.yaml",
    "data/actions/a.yaml/",
    " data/actions/a.yaml",
    "data\\actions\\a.yaml",  # backslashes are no separators
    "data/actions\\a.yaml",
    "DATA/actions/a.yaml",  # case counts, in folders and extensions
    "data/Actions/a.yaml",
    "data/action/a.yaml",  # a kind, not its folder
    "data/actions/a.YAML",
    "data/actions/a.Yml",
    "data/actions/a.TOML",
    "data/actions/a.json",
    "data/actions/a",
    "data/actions/a.",
    "data/actions/a.yaml.",
    "data/actions/a.yaml~",
    "data/actions/a.yaml.bak",
    "data/actions/a.yaml ",
    "data/actions/.yaml",  # a dot file with no stem: no extension
    "data/actions/..yaml",
    "data/actions/...yaml",
    "data/actions/.gitkeep",
]


@pytest.mark.parametrize(("rel", "kind", "rid", "ext", "fmt"), ACCEPTED)
def test_record_paths_parse_and_build_back(
    rel: str, kind: str, rid: str, ext: str, fmt: str
) -> None:
    place = RecordPath.parse(rel)
    assert place == RecordPath(kind, rid, ext)
    assert place is not None
    assert (place.format, place.rel, place.name) == (fmt, rel, rel.rsplit("/", 1)[1])
    assert place.folder == rel.split("/")[1]
    assert place.hidden is rid.startswith(".")


@pytest.mark.parametrize("rel", REJECTED)
def test_other_paths_name_no_record(rel: str) -> None:
    assert RecordPath.parse(rel) is None


def _rule(rel: str) -> tuple[str, str, str] | None:
    """The rule as the separate parsers wrote it before there was one."""
    parts = rel.split("/")
    if len(parts) == 3 and parts[0] == "data" and parts[1] in ("goals", "groups", "actions"):
        stem, ext = os.path.splitext(parts[2])
        if ext in (".yaml", ".yml", ".toml"):
            return ({"goals": "goal", "groups": "group", "actions": "action"}[parts[1]], stem, ext)
    return None


PIECES = ["data", "goals", "actions", "groups", "a", ".", "..", "yaml", "yml", "YAML", "toml"]


@given(st.lists(st.sampled_from([*PIECES, "/", "\\", " ", "é", ""]), max_size=9))
def test_the_one_parser_keeps_the_old_rule(pieces: list[str]) -> None:
    rel = "".join(pieces)
    place = RecordPath.parse(rel)
    expected = _rule(rel)
    assert (None if place is None else (place.kind, place.id, place.ext)) == expected
    if place is not None:
        assert place.rel == rel


ODD = {
    "data/actions/.verborgen.yaml": "title: Verborgen\n",
    "data/actions/Hoofd.yaml": "title: Hoofd\n",
    "data/actions/hoofd.YAML": "title: Hoofd\n",
    "data/actions/sub/diep.yaml": "title: Diep\n",
    "data/actions/.gitkeep": "",
    "data/los.yaml": "title: Los\n",
}


def test_the_working_tree_skips_hidden_files(tmp_path: Path) -> None:
    repo = load_repo(make_repo(tmp_path / "r", ODD))
    found = sorted((p.code, p.file) for p in repo.problems)
    assert ("invalid-id", "data/actions/Hoofd.yaml") in found
    assert ("misplaced-file", "data/actions/hoofd.YAML") in found
    assert ("misplaced-file", "data/actions/sub") in found
    assert ("misplaced-file", "data/los.yaml") in found
    assert not [f for _, f in found if "/." in f]  # hidden: neither read nor reported
    assert sorted(repo.records) == ["Hoofd", "koersgroep-lezen", "leesoffensief", "lezen"]


def test_a_revision_reads_a_committed_dot_file_as_a_record(tmp_path: Path) -> None:
    """At a revision, only a name that is all extension is skipped in silence; a
    committed ``.x.yaml`` is a record file with a bad id (as before ``RecordPath``)."""
    g = GitRepo(tmp_path / "r")
    make_repo(g.root, ODD)
    g.commit("Begin", "2021-06-01")
    repo = repository_at(g.root, "HEAD")
    found = sorted((p.code, p.file) for p in repo.problems)
    assert ("invalid-id", "data/actions/.verborgen.yaml") in found
    assert ("misplaced-file", "data/actions/hoofd.YAML") in found
    assert ("misplaced-file", "data/actions/sub/diep.yaml") in found
    assert not [f for _, f in found if f.endswith(".gitkeep")]


def test_completion_offers_the_ids_of_visible_record_files(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r", ODD)
    assert record_ids(root) == {
        "lezen": "goal",
        "koersgroep-lezen": "group",
        "leesoffensief": "action",
        "Hoofd": "action",
    }
    assert record_ids(root, "goal") == {"lezen": "goal"}


@pytest.mark.parametrize(
    ("rel", "ok"),
    [
        ("data/actions/a.yaml", True),
        ("data/actions/.a.yaml", False),
        ("data/actions/a\\b.yaml", False),
        ("data/actions/a\x00.yaml", False),
        ("data/actions/../a.yaml", False),
        (["data/actions/a.yaml"], False),
    ],
)
def test_a_journal_names_only_visible_record_files(rel: object, ok: bool) -> None:
    assert journal_names_record(rel) is ok
