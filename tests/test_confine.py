"""confine.py: no read or write leads out of the repository through a symbolic link
(issue #17 point 2): templates, a committed cache link, agenda.toml, record folders,
schema copies, init, hook install, site output, and link loops. The rules are in
docs/hostile.md."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import (
    blocked_then_done,
    clean,
    cli,
    make_repo,
)

A = "data/actions/leesoffensief.yaml"


SECRET = "GEHEIM-BUITEN-DE-REPOSITORY"


def _outside(tmp_path: Path) -> Path:
    out = tmp_path / "buiten"
    out.mkdir(exist_ok=True)
    (out / "geheim.txt").write_text(f"{SECRET}\n[agenda]\nname = '{SECRET}'\nonzin = 1\n")
    return out


@pytest.mark.parametrize(
    "shape", ["file", "include", "folder", "subfolder", "template-option", "loop"]
)
def test_templates_never_lead_out_of_the_repository(tmp_path: Path, shape: str) -> None:
    out = _outside(tmp_path)
    (out / "brief.nl.md.j2").write_text(SECRET + "\n")
    root = make_repo(tmp_path / "r")
    t = root / "templates"
    args = ["brief", "--since", "2021-01-01"]
    if shape == "folder":
        t.symlink_to(out)
    else:
        t.mkdir()
    if shape == "file":
        (t / "brief.nl.md.j2").symlink_to(out / "geheim.txt")
    elif shape == "include":
        (t / "brief.nl.md.j2").write_text("Kop\n{% include 'deel.j2' %}\n")
        (t / "deel.j2").symlink_to(out / "geheim.txt")
    elif shape == "subfolder":
        (t / "brief.nl.md.j2").write_text("{% include 'sub/brief.nl.md.j2' %}\n")
        (t / "sub").symlink_to(out)
    elif shape == "template-option":
        (t / "eigen.j2").symlink_to(out / "geheim.txt")
        args += ["--template", "templates/eigen.j2"]
    elif shape == "loop":
        (t / "brief.nl.md.j2").symlink_to(t / "brief.nl.md.j2")
    r = clean(cli(*args, cwd=root), 2)
    assert SECRET not in r.output
    assert "leads out of the repository through a symbolic link" in r.stderr
    assert r.stdout == ""


def test_templates_linked_inside_the_repository_still_work(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r")
    (root / "templates").mkdir()
    (root / "gedeeld").mkdir()
    (root / "gedeeld/kop.j2").write_text("EIGEN KOP\n")
    (root / "templates/kop.j2").symlink_to(root / "gedeeld/kop.j2")
    (root / "templates/brief.nl.md.j2").write_text("{% include 'kop.j2' %}\n")
    r = clean(cli("brief", "--since", "2021-01-01", cwd=root), 0)
    assert r.stdout == "EIGEN KOP\n"


def test_a_committed_cache_link_is_never_written_through(tmp_path: Path) -> None:
    g = blocked_then_done(tmp_path / "bron")
    target = tmp_path / "doelwit"
    target.mkdir()
    (target / "bewaar.txt").write_text("blijft\n")
    (g.root / ".agenda-cache").symlink_to(target)
    g.git("add", "-f", ".agenda-cache")
    g.commit("Link", "2021-08-02")
    for args in (
        ("validate",),
        ("status",),
        ("log",),
        ("brief", "--since", "2021-01-01"),
        ("show", "leesoffensief"),
        ("status", "--as-of", "2021-07-15"),
    ):
        clean(cli(*args, cwd=g.root), 0)
    assert sorted(p.name for p in target.iterdir()) == ["bewaar.txt"]
    assert (target / "bewaar.txt").read_text() == "blijft\n"


def test_agenda_toml_linked_out_is_neither_read_nor_echoed(tmp_path: Path) -> None:
    out = _outside(tmp_path)
    root = make_repo(tmp_path / "r")
    (root / "agenda.toml").unlink()
    (root / "agenda.toml").symlink_to(out / "geheim.txt")
    r = clean(cli("validate", "-f", "json", cwd=root), 1)
    assert SECRET not in r.output
    doc = json.loads(r.stdout)
    errors = [f for f in doc["findings"] if f["severity"] == "error"]
    assert [(f["code"], f["file"], f["line"]) for f in errors] == [("symlink", "agenda.toml", 1)]
    assert SECRET not in clean(cli("validate", cwd=root), 1).output
    for args in (("status",), ("log",), ("set", "leesoffensief", "progress=5")):
        r = clean(cli(*args, cwd=root), 2)
        assert "agenda.toml:1: the settings could not be read: agenda.toml is a symbolic link" in (
            r.stderr
        )
        assert SECRET not in r.output


def test_edits_never_write_through_a_folder_linked_out(tmp_path: Path) -> None:
    out = tmp_path / "buiten"
    out.mkdir()
    root = make_repo(tmp_path / "r")
    import shutil

    shutil.rmtree(root / "data/actions")
    (root / "data/actions").symlink_to(out)
    r = clean(cli("new", "action", "nieuw", "--title", "Nieuw", "--goal", "lezen", cwd=root), 2)
    assert "data/actions/nieuw.yaml leads out of the repository through a symbolic link" in r.stderr
    assert list(out.iterdir()) == []


def test_schema_copies_never_write_through_a_link_out(tmp_path: Path) -> None:
    out = _outside(tmp_path)
    root = make_repo(tmp_path / "r")
    (root / "schemas").mkdir()
    (root / "schemas/goal.schema.json").symlink_to(out / "geheim.txt")
    before = (out / "geheim.txt").read_bytes()
    r = clean(cli("schema", "-o", "schemas", cwd=root), 2)
    assert (
        "schemas/goal.schema.json leads out of the repository through a symbolic link" in r.stderr
    )
    assert (out / "geheim.txt").read_bytes() == before
    (root / "schemas/goal.schema.json").unlink()
    (root / "schemas").rmdir()
    (root / "schemas").symlink_to(out)
    clean(cli("schema", "-o", "schemas", cwd=root), 2)
    assert sorted(p.name for p in out.iterdir()) == ["geheim.txt"]


@pytest.mark.parametrize("link", ["agenda.toml", "data", ".pre-commit-config.yaml"])
def test_init_never_writes_through_a_link(tmp_path: Path, link: str) -> None:
    out = tmp_path / "buiten"
    out.mkdir()
    root = tmp_path / "nieuw"
    root.mkdir()
    (root / link).symlink_to(out / ("map" if link == "data" else "bestand"))
    if link == "data":
        (out / "map").mkdir()
    r = clean(cli("init", str(root), "--example"), 2)
    assert "already" in r.stderr or "symbolic link" in r.stderr
    assert [p.name for p in out.rglob("*") if p.is_file()] == []


def test_hook_install_never_writes_through_a_hooks_folder_linked_out(tmp_path: Path) -> None:
    out = tmp_path / "buiten"
    out.mkdir()
    g = blocked_then_done(tmp_path / "r")
    hooks = g.root / ".git/hooks"
    import shutil

    shutil.rmtree(hooks)
    hooks.symlink_to(out)
    r = clean(cli("hook", "install", cwd=g.root), 2)
    assert ".git/hooks/pre-commit leads out of the repository through a symbolic link" in r.stderr
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("shape", ["self", "pair", "through-folder"])
def test_symlink_loops_are_findings(tmp_path: Path, shape: str) -> None:
    root = make_repo(tmp_path / "r")
    d = root / "data/actions"
    if shape == "self":
        (d / "lus.yaml").symlink_to("lus.yaml")
    elif shape == "pair":
        (d / "lus.yaml").symlink_to("ander.yml")
        (d / "ander.yml").symlink_to("lus.yaml")
    else:
        (root / "kring").symlink_to(root / "kring")
        (d / "lus.yaml").symlink_to(root / "kring/x.yaml")
    r = clean(cli("validate", "-f", "json", cwd=root), 1)
    found = {
        (f["code"], f["message"]) for f in json.loads(r.stdout)["findings"] if "lus" in f["file"]
    }
    if shape == "through-folder":  # the file's own link leads inside; opening it loops
        assert found == {("unreadable", "file cannot be read: Too many levels of symbolic links")}
    else:
        assert found == {("symlink", "symbolic link loop; not read")}
    for args in (("status",), ("list", "actions"), ("show", "leesoffensief"), ("log",)):
        r = clean(cli(*args, cwd=root), 0)
        assert "could not be read and" in r.stderr


def test_site_output_in_the_repository_never_writes_through_a_link_out(tmp_path: Path) -> None:
    out = tmp_path / "buiten"
    out.mkdir()
    root = make_repo(tmp_path / "r")
    clean(cli("site", "-o", "_site", cwd=root), 0)
    sub = sorted(p for p in (root / "_site").iterdir() if p.is_dir())[0]
    import shutil

    shutil.rmtree(sub)
    sub.symlink_to(out)  # a folder of an earlier build, swapped for a link out
    r = clean(cli("site", "-o", "_site", cwd=root), 2)
    assert "leads out of the repository through a symbolic link" in r.stderr
    assert list(out.iterdir()) == []
