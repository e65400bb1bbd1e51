"""Hostile reads (issue #17, points 2, 3, 8, 9 and 12): paths that lead out of the
repository, caches a clone brings, single bad values anywhere in the tree or in git
history, commits with a skewed clock, and an ``agenda.toml`` that cannot be read.
Each case asserts its exact outcome and that no traceback reaches the user; the rules
are in docs/hostile.md."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.helpers import ACTION, GitRepo, Result, cache_dir, cli, git, make_repo

A = "data/actions/leesoffensief.yaml"
SECRET = "GEHEIM-BUITEN-DE-REPOSITORY"


def clean(r: Result, code: int) -> Result:
    """``r`` exited with ``code`` and printed no traceback."""
    assert r.exit_code == code, (r.exit_code, r.output)
    assert "Traceback" not in r.output
    assert "internal error" not in r.output
    assert "This is a bug" not in r.output
    return r


def _history(root: Path) -> GitRepo:
    g = GitRepo(root)
    make_repo(root)
    g.commit("Begin", "2021-06-01")
    g.commit("Geblokkeerd", "2021-07-01", {A: ACTION.replace("active", "blocked")})
    g.commit("Klaar", "2021-08-01", {A: ACTION.replace("active", "done") + "done: 2021-07-30\n"})
    return g


# --------------------------------------------------------------------------- 3: caches


def _forge_records_cache(root: Path, rel: str, raw: bytes, data: dict[str, object]) -> None:
    """What someone could commit with ``git add -f``: a cache entry, keyed exactly as
    agenda keys it, that says the file at ``rel`` with bytes ``raw`` is ``data`` and
    has no problems."""
    from netwerkagenda import __version__
    from netwerkagenda.cache import FORMAT, dumps, entry_for, file_key

    digest = hashlib.sha1((root / "agenda.toml").read_bytes()).hexdigest()
    entry = entry_for(data, [])
    doc = {"stamp": f"{__version__}/{FORMAT}/{digest}", "entries": {file_key(rel, raw): entry}}
    folder = root / ".agenda-cache"
    folder.mkdir(exist_ok=True)
    (folder / "records.json").write_bytes(dumps(doc))


BROKEN = b"title: Leesoffensief\ngoals: [lezen\nstatus: active\n"


def test_a_forged_cache_in_a_clone_does_not_hide_a_syntax_error(tmp_path: Path) -> None:
    g = _history(tmp_path / "bron")
    (g.root / A).write_bytes(BROKEN)
    good = {"title": "Leesoffensief", "goals": ["lezen"], "status": "active"}
    _forge_records_cache(g.root, A, BROKEN, good)
    g.git("add", "-f", ".agenda-cache/records.json", A)
    g.commit("Cache erbij", "2021-08-02")
    clone = tmp_path / "ci"
    git(tmp_path, "clone", "-q", str(g.root), str(clone))
    assert (clone / ".agenda-cache/records.json").is_file()
    r = clean(cli("validate", A, cwd=clone), 1)
    assert f"{A}:3:7: error yaml-syntax" in r.stdout
    r = clean(cli("show", "leesoffensief", cwd=clone), 2)
    assert "cannot be read" in r.stderr


def test_a_forged_commit_cache_in_a_clone_is_not_read(tmp_path: Path) -> None:
    g = _history(tmp_path / "bron")
    head = g.git("rev-parse", "HEAD")
    parents = g.git("rev-parse", "HEAD~1")
    from netwerkagenda.cache import dumps
    from netwerkagenda.history.git import _digest

    forged = [[parents], "2021-08-01T12:00:00+02:00", "Mallory", "m@x", "VERVALST", []]
    doc = {"stamp": "", "entries": {head: forged}}
    folder = g.root / ".agenda-cache"
    folder.mkdir()
    for digest in ("", _digest("git ")):
        from netwerkagenda import __version__
        from netwerkagenda.cache import FORMAT

        doc["stamp"] = f"{__version__}/{FORMAT}/{digest}"
        (folder / "commits.json").write_bytes(dumps(doc))
    g.git("add", "-f", ".agenda-cache")
    g.commit("Cache erbij", "2021-08-02")
    clone = tmp_path / "ci"
    git(tmp_path, "clone", "-q", str(g.root), str(clone))
    cold = clean(cli("log", cwd=clone, env={"AGENDA_CACHE": "0"}), 0)
    warm = clean(cli("log", cwd=clone), 0)
    assert warm.stdout == cold.stdout
    assert "Mallory" not in warm.stdout


def test_a_cache_folder_others_may_write_in_is_not_used(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r", {A: BROKEN})
    clean(cli("validate", cwd=root), 1)  # the cache now holds the true entry
    mine = cache_dir(root)
    good = {"title": "Leesoffensief", "goals": ["lezen"], "status": "active"}
    from netwerkagenda import __version__
    from netwerkagenda.cache import FORMAT, dumps, entry_for, file_key

    digest = hashlib.sha1((root / "agenda.toml").read_bytes()).hexdigest()
    doc = {
        "stamp": f"{__version__}/{FORMAT}/{digest}",
        "entries": {file_key(A, BROKEN): entry_for(good, [])},
    }
    (mine / "records.json").write_bytes(dumps(doc))
    os.chmod(mine.parent, 0o777)  # someone else could have written that
    import netwerkagenda.cache as cache_mod

    cache_mod._FOLDERS.clear()
    r = clean(cli("validate", cwd=root), 1)
    assert "yaml-syntax" in r.stdout
    assert json.loads((mine / "records.json").read_bytes())["entries"] == doc["entries"]


# --------------------------------------------------------------------------- 12: settings


@pytest.mark.parametrize(
    ("settings", "line", "message"),
    [
        ('[agenda]\nname = "X"\nlanguage = \n', 3, "TOML: Invalid value"),
        ('[agenda]\nname = "X\n', 2, "TOML: Illegal character"),
        ('[agenda]\nname = "X"\n[agenda]\nname = "Y"\n', 3, "TOML: Cannot declare"),
        ("[agenda]\nname = 'caf\xe9'\n", 2, "not valid UTF-8"),
        ("<<<<<<< HEAD\n[agenda]\n", 1, "TOML:"),
    ],
    ids=["invalid-value", "open-string", "table-twice", "latin-1", "conflict-marker"],
)
def test_an_unreadable_agenda_toml_stops_every_command_but_validate(
    tmp_path: Path, settings: str, line: int, message: str
) -> None:
    root = make_repo(tmp_path / "r")
    raw = settings.encode("latin-1") if "\xe9" in settings else settings.encode()
    (root / "agenda.toml").write_bytes(raw)
    for args in (
        ("status",),
        ("list", "actions"),
        ("show", "leesoffensief"),
        ("log",),
        ("brief", "--since", "2021-01-01"),
        ("schema",),
        ("set", "leesoffensief", "progress=5"),
        ("update", "leesoffensief", "Notitie", "--date", "2021-09-01"),
        ("new", "action", "nieuw", "--title", "Nieuw", "--goal", "lezen"),
    ):
        r = clean(cli(*args, cwd=root), 2)
        first = r.stderr.splitlines()[0]
        assert first.startswith(f"error: agenda.toml:{line}: the settings could not be read: "), (
            args,
            r.stderr,
        )
        assert message in first, (args, first)
        assert r.stdout == ""
    assert (root / A).read_bytes() == ACTION.encode()
    r = clean(cli("validate", "-f", "json", cwd=root), 1)
    doc = json.loads(r.stdout)
    assert [(f["file"], f["line"]) for f in doc["findings"] if f["severity"] == "error"] == [
        ("agenda.toml", line)
    ]
