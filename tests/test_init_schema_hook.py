"""agenda init, the JSON Schema, and the plain git hook."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from netwerkagenda.checks.fields import check_record
from netwerkagenda.findings import Severity
from netwerkagenda.settings import Settings
from netwerkagenda.views.json_schema import record_schema
from tests.helpers import GitRepo, cli, git, make_repo, write

BIN = Path(sys.executable).parent


def _env() -> dict[str, str]:
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}


def test_init_example_validate_status_and_commit_through_pre_commit(tmp_path: Path) -> None:
    root = tmp_path / "agenda"
    r = cli("init", str(root), "--example")
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith(f"created an agenda repository in {root}\n")
    for rel in (
        "agenda.toml",
        ".pre-commit-config.yaml",
        ".github/workflows/agenda.yml",
        ".vscode/settings.json",
        "schema/action.schema.json",
        "data/actions/leesoffensief.yaml",
    ):
        assert (root / rel).is_file(), rel
    assert git(root, "log", "--format=%s") == "agenda init: the Netwerkagenda example"
    assert git(root, "status", "--porcelain") == ""
    assert (root / ".pre-commit-config.yaml").read_text() == (
        "# Controleert de records voor elke commit: pip install pre-commit && "
        "pre-commit install\n"
        "repos:\n"
        "  - repo: https://github.com/netwerkagenda/agenda\n"
        "    rev: v0.1.0\n"
        "    hooks:\n"
        "      - id: agenda-validate\n"
    )
    settings = json.loads((root / ".vscode/settings.json").read_text())
    assert settings["yaml.schemas"]["./schema/action.schema.json"] == [
        "data/actions/*.yaml",
        "data/actions/*.yml",
    ]
    r = cli("validate", cwd=root)
    assert r.exit_code == 0, r.output
    assert r.stdout == "✓ 45 records in 45 files: no problems\n"
    assert cli("status", cwd=root).exit_code == 0
    assert cli("init", str(root)).exit_code == 2  # never over an existing repository
    # tests/test_precommit.py runs this configuration through the real pre-commit


def test_init_blank_english_gitlab(tmp_path: Path) -> None:
    root = tmp_path / "my-programme"
    r = cli("init", str(root), "--lang", "en", "--ci", "gitlab")
    assert r.exit_code == 0, r.output
    text = (root / "agenda.toml").read_text()
    assert 'name = "My programme"\nlanguage = "en"\n' in text
    assert "    - agenda validate\n" in (root / ".gitlab-ci.yml").read_text()
    assert not (root / ".github").exists()
    assert (root / ".git").is_dir()
    assert (root / "data/goals/.gitkeep").is_file()
    r = cli("validate", cwd=root)
    assert r.exit_code == 0, r.output
    r = cli("new", "goal", "reading", "--title", "Everyone reads", cwd=root)
    assert r.exit_code == 0, r.output
    r = cli("init", str(tmp_path / "x"), "--lang", "de")
    assert r.exit_code == 2 and "--lang must be one of nl, en" in r.stderr
    (tmp_path / "y").mkdir()
    (tmp_path / "y/.pre-commit-config.yaml").write_text("repos: []\n")
    r = cli("init", str(tmp_path / "y"))
    assert r.exit_code == 2 and ".pre-commit-config.yaml" in r.stderr
    assert sorted(p.name for p in (tmp_path / "y").iterdir()) == [".pre-commit-config.yaml"]


def test_init_names_the_programme_and_its_span(tmp_path: Path) -> None:
    root = tmp_path / "prog"
    r = cli(
        "init",
        str(root),
        "--lang",
        "en",
        "--ci",
        "none",
        "--name",
        "Reading Together 2025",
        "--start",
        "2025-01-01",
        "--end",
        "2026-06-30",
    )
    assert r.exit_code == 0, r.output
    text = (root / "agenda.toml").read_text()
    assert 'name = "Reading Together 2025"\n' in text
    assert "start = 2025-01-01\nend = 2026-06-30 " in text
    assert cli("validate", "--today", "2025-03-01", cwd=root).exit_code == 0
    # a start alone: the end follows it, never before it
    r = cli("init", str(tmp_path / "later"), "--start", "2030-05-01", "--ci", "none")
    assert r.exit_code == 0, r.output
    assert "end = 2032-12-31 " in (tmp_path / "later/agenda.toml").read_text()
    for args, message in (
        (("--start", "2025-05-01", "--end", "2025-01-01"), "ends (2025-01-01) before it starts"),
        (("--start", "2025-13-01"), "--start: '2025-13-01' is not a date"),
        (("--example", "--name", "X"), "its name and dates are its own"),
    ):
        r = cli("init", str(tmp_path / "no"), *args)
        assert r.exit_code == 2 and message in r.stderr, (args, r.output)
        assert not (tmp_path / "no").exists()


# --------------------------------------------------------------------------- schema

VALID: list[tuple[str, dict[str, Any]]] = [
    ("action", {"title": "A", "goals": ["g"], "status": "active"}),
    (
        "action",
        {
            "title": "A",
            "goals": ["g"],
            "status": "done",
            "done": "2021-09-01",
            "progress": 100,
            "owner": None,
            "budget": {"amount": 10.5, "currency": "EUR"},
            "updates": [{"date": "2021-08-01", "text": "x", "author": "Anna"}],
            "links": [{"title": "KB", "url": "https://www.kb.nl"}],
            "tags": ["a"],
            "x-code": {"anything": [1, 2]},
        },
    ),
    ("goal", {"title": "G", "order": 1, "indicators": [{"id": "i", "title": "I", "target": 5}]}),
    ("group", {"title": "K", "kind": "koersgroep", "goals": ["g"], "started": "2021-01-01"}),
]
INVALID: list[tuple[str, dict[str, Any]]] = [
    ("action", {"goals": ["g"], "status": "active"}),
    ("action", {"title": "A", "goals": ["g"], "status": "klaar"}),
    ("action", {"title": "A", "goals": [], "status": "active"}),
    ("action", {"title": "A", "goals": "g", "status": "active"}),
    ("action", {"title": "A", "goals": ["g"], "status": "active", "progress": 101}),
    ("action", {"title": "A", "goals": ["g"], "status": "active", "progress": "5"}),
    ("action", {"title": "A", "goals": ["g"], "status": "active", "due": "2021-02-30"}),
    ("action", {"title": "A", "goals": ["g"], "status": "active", "due": "morgen"}),
    ("action", {"title": " ", "goals": ["g"], "status": "active"}),
    ("action", {"title": "A", "goals": ["g"], "status": "active", "staus": "x"}),
    ("action", {"title": "A", "goals": ["g"], "status": "active", "budget": {"amount": -1}}),
    ("action", {"title": "A", "goals": ["g"], "status": "active", "updates": [{"date": "x"}]}),
    (
        "action",
        {
            "title": "A",
            "goals": ["g"],
            "status": "active",
            "links": [{"title": "t", "url": "ftp://x"}],
        },
    ),
    (
        "action",
        {
            "title": "A",
            "goals": ["g"],
            "status": "active",
            "updates": [{"date": "2021-01-01", "text": "t", "who": "x"}],
        },
    ),
    ("goal", {"title": 5}),
    ("goal", {"title": "G", "order": 1.5}),
    ("group", {"title": "K", "kind": "club"}),
    ("group", {"title": "K"}),
]


def _validator_ok(kind: str, data: dict[str, Any], settings: Settings) -> bool:
    _, problems = check_record(kind, "x", f"data/{kind}s/x.yaml", data, settings)
    return not [p for p in problems if p.severity is Severity.ERROR]


def _schema_ok(kind: str, data: dict[str, Any], settings: Settings) -> bool:
    v = jsonschema.Draft202012Validator(
        record_schema(kind, settings), format_checker=jsonschema.FormatChecker()
    )
    return v.is_valid(data)


@pytest.mark.parametrize(("kind", "data"), VALID + INVALID)
def test_schema_and_validator_agree(kind: str, data: dict[str, Any]) -> None:
    settings = Settings()
    expected = (kind, data) in VALID
    assert _validator_ok(kind, data, settings) is expected
    assert _schema_ok(kind, data, settings) is expected


def test_schema_accepts_every_example_record() -> None:
    from netwerkagenda.records.repository import load_repo

    repo = load_repo(Path(__file__).resolve().parent.parent)
    for rec in repo.records.values():
        data = json.loads(json.dumps(rec.data, default=lambda d: d.isoformat()))
        assert _schema_ok(rec.kind, data, repo.settings), rec.file


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    for kind in ("goal", "group", "action"):
        jsonschema.Draft202012Validator.check_schema(record_schema(kind))


def test_schema_command(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path / "r", settings='[agenda]\nname = "x"\n\n[groups]\nkinds = ["team", "club"]\n'
    )
    r = cli("schema", "group", cwd=root)
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert doc["properties"]["kind"]["enum"] == ["team", "club"]
    assert doc["properties"]["started"]["anyOf"][0]["format"] == "date"
    r = cli("schema", cwd=tmp_path)  # outside a repository: the default vocabulary
    assert sorted(json.loads(r.stdout)["$defs"]) == [
        "action",
        "budget",
        "goal",
        "group",
        "indicator",
        "link",
        "measurement",
        "update",
    ]
    r = cli("schema", "--output", str(tmp_path / "s"), cwd=root)
    assert r.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == [
        "action.schema.json",
        "goal.schema.json",
        "group.schema.json",
    ]
    r = cli("schema", "gaol", cwd=root)
    assert (r.exit_code, r.stderr) == (
        2,
        "error: unknown kind 'gaol': one of goal, group, action\nhint: did you mean 'goal'?\n",
    )


# --------------------------------------------------------------------------- hook


def test_hook_install_validates_staged_records(tmp_path: Path) -> None:
    g = GitRepo(tmp_path / "g")
    make_repo(g.root)
    g.commit("start", "2021-09-01")
    r = cli("hook", "install", cwd=g.root)
    assert r.exit_code == 0, r.output
    hook = g.root / ".git/hooks/pre-commit"
    assert r.stdout == f"installed {hook}\n"
    assert os.access(hook, os.X_OK)
    env = _env()
    write(g.root, {"data/actions/kapot.yaml": "title: Kapot\ngoals: [lezen]\nstatus: klaar\n"})
    g.git("add", "-A")
    bad = subprocess.run(
        ["git", "commit", "-qm", "bad"], cwd=g.root, env=env, capture_output=True, text=True
    )
    assert bad.returncode == 1
    assert (
        "data/actions/kapot.yaml:3:9: error invalid-value" in bad.stderr
    )  # git shows hook output there
    write(g.root, {"data/actions/kapot.yaml": "title: Heel\ngoals: [lezen]\nstatus: active\n"})
    g.git("add", "-A")
    good = subprocess.run(
        ["git", "commit", "-qm", "good"], cwd=g.root, env=env, capture_output=True, text=True
    )
    assert good.returncode == 0, good.stdout + good.stderr
    # reinstalling our own hook is fine; a foreign one needs --force
    assert cli("hook", "install", cwd=g.root).exit_code == 0
    hook.write_text("#!/bin/sh\necho mine\n")
    r = cli("hook", "install", cwd=g.root)
    assert r.exit_code == 2 and "was not written by agenda" in r.stderr
    assert hook.read_text() == "#!/bin/sh\necho mine\n"
    assert cli("hook", "install", "--force", cwd=g.root).exit_code == 0
    assert "agenda-validate" in hook.read_text()
    r = cli("hook", "install", cwd=make_repo(tmp_path / "nogit"))
    assert r.exit_code == 2 and "not in a git repository" in r.stderr


def test_dates_default_to_the_clock(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r")
    r = cli("done", "leesoffensief", cwd=root)
    assert r.exit_code == 0, r.output
    today = dt.date.today().isoformat()
    assert f"done: {today}\n" in (root / "data/actions/leesoffensief.yaml").read_text()
