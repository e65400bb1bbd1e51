"""``agenda show ID`` and :func:`netwerkagenda.views.show.record_view`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from netwerkagenda import load_repo
from netwerkagenda.views.query import UnknownId
from netwerkagenda.views.show import record_view
from tests.helpers import cli, make_repo
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
