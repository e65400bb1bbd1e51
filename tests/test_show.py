"""``agenda show ID`` and :func:`netwerkagenda.views.show.record_view`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from netwerkagenda import load_repo
from netwerkagenda.views.query import UnknownId
from netwerkagenda.views.show import record_history, record_view
from tests.helpers import ACTION, GitRepo, cli, make_repo, write
from tests.test_status import FILES


@pytest.fixture
def srepo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "s", FILES, base=False)


def test_show_action_text(srepo: Path) -> None:
    res = cli("show", "a-future", "--repo", str(srepo))
    assert res.exit_code == 0, res.stderr
    assert res.stdout == (
        "Toekomst  actie a-future\n"
        "data/actions/a-future.yaml\n"
        "\n"
        "status  in uitvoering (active)\n"
        "start   2021-01-01\n"
        "\n"
        "Verwijst naar\n"
        "  goals: werk  Werk\n"
        "  depends_on: a-done  Klaar\n"
        "\n"
        "Updates\n"
        "  1 mei 2021: Eerste stap.\n"
        "  1 oktober 2021: Later.\n"
    )


def test_show_references_both_ways(srepo: Path) -> None:
    goal = cli("show", "lezen", "--repo", str(srepo))
    assert goal.exit_code == 0
    assert goal.stdout.endswith(
        "Verwezen vanuit\n"
        "  acties (6)\n"
        "    a-blocked  Vast\n"
        "    a-cancelled  Geschrapt\n"
        "    a-done  Klaar\n"
        "    a-late  Te laat\n"
        "    a-soon  Binnenkort\n"
        "    a-stale  Stil\n"
        "  groepen (1)\n"
        "    kg  Koersgroep lezen\n"
    )
    group = cli("show", "kg", "--repo", str(srepo))
    assert "  acties (2)\n    a-blocked  Vast\n    a-late  Te laat\n" in group.stdout
    assert "  subgroepen (1)\n    wg  Werkgroep jeugd\n" in group.stdout
    done = cli("show", "a-done", "--repo", str(srepo))
    assert "  afhankelijke acties (1)\n    a-future  Toekomst\n" in done.stdout


def test_show_json(srepo: Path) -> None:
    res = cli("show", "a-late", "--format", "json", "--repo", str(srepo))
    assert res.exit_code == 0
    doc = json.loads(res.stdout)
    assert doc == {
        "id": "a-late",
        "kind": "action",
        "file": "data/actions/a-late.yaml",
        "title": "Te laat",
        "fields": {
            "title": "Te laat",
            "goals": ["lezen"],
            "status": "active",
            "group": "kg",
            "owner": "KB",
            "start": "2021-08-01",
            "due": "2021-09-10",
            "updates": [{"date": "2021-09-01", "text": "Begonnen.", "author": "Anna"}],
        },
        "references": [
            {"field": "goals", "id": "lezen", "title": "Lezen", "kind": "goal"},
            {"field": "group", "id": "kg", "title": "Koersgroep lezen", "kind": "group"},
        ],
        "referenced_by": {},
        "timeline": [{"date": "2021-09-01", "text": "Begonnen.", "author": "Anna"}],
    }


def test_show_missing_reference(srepo: Path) -> None:
    (srepo / "data/actions/a-soon.yaml").write_text(
        "title: Binnenkort\ngoals: [lezen]\nstatus: planned\ngroup: weg\n"
    )
    res = cli("show", "a-soon", "--repo", str(srepo))
    assert res.exit_code == 0
    assert "  group: weg  (ontbreekt)\n" in res.stdout


def test_show_unknown_id(srepo: Path) -> None:
    res = cli("show", "a-lat", "--repo", str(srepo))
    assert res.exit_code == 2
    assert res.stdout == ""
    assert res.stderr == "error: no record with id 'a-lat'\nhint: did you mean 'a-late'?\n"


def test_record_view_library(srepo: Path) -> None:
    repo = load_repo(srepo)
    view = record_view(repo, "kg")
    assert [(r.field, r.id) for r in view.refs] == [("goals", "lezen")]
    assert {k: [r.id for r in v] for k, v in view.backrefs.items()} == {
        "actions": ["a-blocked", "a-late"],
        "subgroups": ["wg"],
    }
    with pytest.raises(UnknownId):
        record_view(repo, "nope")


def _versioned(root: Path) -> tuple[GitRepo, str, str]:
    """A repository whose action is created, then changed by someone else."""
    g = GitRepo(root)
    make_repo(root)
    first = g.commit("Begin", "2021-06-01")
    later = g.commit(
        "Leesoffensief gepland",
        "2021-07-01",
        {"data/actions/leesoffensief.yaml": ACTION.replace("status: active", "status: planned")},
        author="Bram Beleid",
        email="bram@example.org",
    )
    return g, first, later


def test_record_history_from_git(tmp_path: Path) -> None:
    root = tmp_path / "h"
    _, first, later = _versioned(root)
    repo = load_repo(root)
    history = record_history(repo, repo.records["leesoffensief"])
    assert history is not None
    assert (history.last.sha, history.last.author) == (later, "Bram Beleid")
    commits = [e.commit.sha for e in history.events if e.commit is not None]
    assert commits[0] == later and commits[-1] == first  # newest first
    assert {e.record for e in history.events} == {"leesoffensief"}
    # the goal was only added: its history is that one commit
    goal = record_history(repo, repo.records["lezen"])
    assert goal is not None and goal.last.sha == first


def test_record_history_without_git_or_commits(tmp_path: Path) -> None:
    plain = load_repo(make_repo(tmp_path / "plain"))
    assert record_history(plain, plain.records["lezen"]) is None
    root = tmp_path / "fresh"
    GitRepo(root)
    make_repo(root)
    fresh = load_repo(root)
    assert record_history(fresh, fresh.records["lezen"]) is None  # no commit yet
    _versioned(tmp_path / "v")
    write(tmp_path / "v", {"data/goals/nieuw.yaml": "title: Nieuw\n"})
    v = load_repo(tmp_path / "v")
    assert record_history(v, v.records["nieuw"]) is None  # never committed


def test_show_prints_the_history(tmp_path: Path) -> None:
    root = tmp_path / "h"
    _, _, later = _versioned(root)
    res = cli("show", "leesoffensief", "--repo", str(root))
    assert res.exit_code == 0, res.output
    history = res.stdout.split("\nGeschiedenis\n", 1)[1].splitlines()
    assert history[0] == (
        f"  laatste wijziging: 2021-07-01 door Bram Beleid ({later[:7]}: Leesoffensief gepland)"
    )
    assert history[1].startswith(f"  2021-07-01  {later[:7]}  ")
    assert history[1].endswith("(Bram Beleid)")


def test_show_in_english_names_a_status_once(tmp_path: Path) -> None:
    """Where the label is the status itself (English), it is not repeated in brackets."""
    planned = {
        "data/actions/leesoffensief.yaml": ACTION.replace("status: active", "status: planned")
    }
    root = make_repo(tmp_path / "en", planned, settings='[agenda]\nname = "T"\nlanguage = "en"\n')
    res = cli("show", "leesoffensief", "--repo", str(root))
    assert res.exit_code == 0, res.stderr
    assert "\nstatus  planned\n" in res.stdout
    res = cli("show", "leesoffensief", "--repo", str(make_repo(tmp_path / "nl", planned)))
    assert "\nstatus  gepland (planned)\n" in res.stdout
