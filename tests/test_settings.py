"""settings.py: an ``agenda.toml`` that cannot be read stops every command but validate,
with its line (issue #17 point 12)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import (
    ACTION,
    clean,
    cli,
    make_repo,
)

A = "data/actions/leesoffensief.yaml"


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
