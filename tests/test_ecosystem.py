"""Where people work: generated configuration, English defaults, shell completion,
an editor schema that cannot go stale, edits that compose into one commit."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from netwerkagenda import __version__
from netwerkagenda.editing.scaffold import precommit_config, programme_span
from netwerkagenda.settings import ENGLISH_GROUP_KINDS
from tests.conftest import PROJECT_ROOT
from tests.helpers import cli, git

AGENDA = Path(sys.executable).parent / "agenda"
README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- configs


def _readme_block(after: str) -> str:
    """The first fenced yaml block after the line ``after`` in the README."""
    tail = README.split(after, 1)[1]
    match = re.search(r"```yaml\n(.*?)```", tail, re.S)
    assert match, after
    return match.group(1)


def test_readme_shows_the_configs_init_writes() -> None:
    assert _readme_block("### As a pre-commit hook") == precommit_config("en")
    assert _readme_block("A `repo: local` hook") == precommit_config("en", "local")
    assert f"rev: v{__version__}\n" in precommit_config("nl")


def test_local_hook_mirrors_the_published_hook() -> None:
    published = yaml.safe_load((PROJECT_ROOT / ".pre-commit-hooks.yaml").read_text())[0]
    local = yaml.safe_load(precommit_config("nl", "local"))["repos"][0]["hooks"][0]
    for key in ("id", "name", "entry", "files", "require_serial"):
        assert local[key] == published[key], key


def test_ci_configs_install_the_release_that_wrote_them(tmp_path: Path) -> None:
    for ci, rel in (("github", ".github/workflows/agenda.yml"), ("gitlab", ".gitlab-ci.yml")):
        root = tmp_path / ci
        assert cli("init", str(root), "--ci", ci, "--no-git").exit_code == 0
        text = (root / rel).read_text()
        assert f'git+https://github.com/netwerkagenda/agenda@v{__version__}"' in text
        yaml.safe_load(text)  # valid YAML as written


# --------------------------------------------------------------------------- init --lang


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_init_writes_the_languages_kinds_and_a_sensible_span(tmp_path: Path, lang: str) -> None:
    root = tmp_path / "programme"
    r = cli("init", str(root), "--lang", lang, "--no-git")
    assert r.exit_code == 0, r.output
    settings = tomllib.loads((root / "agenda.toml").read_text())["agenda"]
    kinds = tomllib.loads((root / "agenda.toml").read_text())["groups"]["kinds"]
    if lang == "en":
        assert kinds == list(ENGLISH_GROUP_KINDS)
        assert "koersgroep" not in (root / "agenda.toml").read_text()
    else:
        assert kinds[:2] == ["netwerkoverleg", "koersgroep"]
    today = dt.date.today()
    assert settings["start"] == today.replace(day=1)
    assert settings["end"] == dt.date(today.year + 2, 12, 31) > settings["start"]
    # the schema copies init writes match its own settings: nothing stale on day one
    r = cli("validate", cwd=root)
    assert r.exit_code == 0 and r.stdout == "✓ 0 records in 0 files: no problems\n", r.output
    kind = kinds[-1]
    r = cli("new", "group", "g", "--title", "G", "--kind", kind, cwd=root)
    assert r.exit_code == 0, r.output


def test_programme_span_never_ends_before_it_starts() -> None:
    for day in (dt.date(2026, 12, 31), dt.date(2024, 2, 29), dt.date(2027, 1, 1)):
        start, end = programme_span(day)
        assert start <= day < end and start.day == 1 and (end.month, end.day) == (12, 31)


# --------------------------------------------------------------------------- schema copy


def test_validate_reports_a_stale_schema_copy_and_how_to_refresh_it(tmp_path: Path) -> None:
    root = tmp_path / "programme"
    assert cli("init", str(root), "--lang", "en", "--no-git").exit_code == 0
    toml = root / "agenda.toml"
    toml.write_text(toml.read_text().replace('"working-group"]', '"working-group", "task-force"]'))
    expected = (
        "schema/group.schema.json\n"
        "schema/group.schema.json:1:1: warning stale-schema out of date: it no longer matches "
        "the records' model and agenda.toml (e.g. [groups] kinds), so an editor checks "
        "against the wrong rules\n"
        "  hint: refresh it with 'agenda schema --output schema'\n"
        "\n"
        "! 0 errors, 1 warning (0 records in 0 files)\n"
    )
    r = cli("validate", cwd=root)
    assert (r.exit_code, r.stdout) == (0, expected)
    # pre-commit passes the changed settings file: the same warning
    assert cli("validate", "agenda.toml", cwd=root).stdout == expected
    assert cli("validate", "--strict", cwd=root).exit_code == 1
    r = cli("schema", "--output", "schema", cwd=root)
    assert r.exit_code == 0, r.output
    assert cli("validate", cwd=root).stdout == "✓ 0 records in 0 files: no problems\n"
    assert "task-force" in (root / "schema/group.schema.json").read_text()


# --------------------------------------------------------------------------- completion


def _complete(cwd: Path, env: dict[str, str]) -> list[str]:
    out = subprocess.run(
        [str(AGENDA)], cwd=cwd, env={**os.environ, **env}, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.split()


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("completion") / "agenda"
    assert cli("init", str(root), "--example", "--no-git").exit_code == 0
    return root


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("agenda show lees", ["leesoffensief"]),
        ("agenda done brief-", ["brief-directies-september", "brief-informateur"]),
        ("agenda new gr", ["group"]),
        ("agenda list act", ["actions"]),
        ("agenda set leesoffensief stat", ["status="]),
        ("agenda set leesoffensief status=b", ["status=blocked"]),
        ("agenda set leesoffensief goals+=leven", ["goals+=leven-lang-ontwikkelen"]),
        ("agenda status --goal geletterde", ["geletterde-samenleving"]),
        ("agenda status --status can", ["cancelled"]),
    ],
)
def test_bash_completion_of_ids_kinds_fields_and_statuses(
    example: Path, words: str, expected: list[str]
) -> None:
    # bash itself: the script Typer's --show-completion prints, sourced and called
    # the way bash calls it on <TAB>
    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    script = subprocess.run(
        [str(AGENDA), "--show-completion", "bash"], capture_output=True, text=True, check=True
    ).stdout
    assert "_AGENDA_COMPLETE=complete_bash" in script
    n = len(words.split())
    line = (
        f"{script}\nCOMP_WORDS=({words}); COMP_CWORD={n - 1}; _agenda_completion agenda; "
        'printf "%s\\n" "${COMPREPLY[@]}"'
    )
    out = subprocess.run(
        ["bash", "--norc", "-c", line],
        cwd=example,
        env={**os.environ, "PATH": f"{AGENDA.parent}{os.pathsep}{os.environ['PATH']}"},
        capture_output=True,
        text=True,
    )
    assert out.stdout.split() == expected, out.stderr


def test_bash_splits_at_equals_and_the_value_is_still_completed(example: Path) -> None:
    words = ["agenda", "set", "leesoffensief", "status", "=", "bl"]
    got = _complete(
        example,
        {"_AGENDA_COMPLETE": "complete_bash", "COMP_WORDS": " ".join(words), "COMP_CWORD": "5"},
    )
    assert got == ["blocked"]


def test_zsh_and_fish_completion(example: Path) -> None:
    zsh = _complete(
        example, {"_AGENDA_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "agenda mv clb"}
    )
    assert any("clb-traject" in w for w in zsh)
    fish = _complete(
        example,
        {
            "_AGENDA_COMPLETE": "complete_fish",
            "_TYPER_COMPLETE_ARGS": "agenda log onderzoek",
            "_TYPER_COMPLETE_FISH_ACTION": "get-args",
        },
    )
    assert fish == ["onderzoek-alternatief-clb"]
    for shell in ("zsh", "fish"):
        r = subprocess.run(
            [str(AGENDA), "--show-completion", shell], capture_output=True, text=True
        )
        assert r.returncode == 0 and "_AGENDA_COMPLETE" in r.stdout


def test_help_lists_completion_options() -> None:
    r = cli("--help")
    assert "--install-completion" in r.stdout and "--show-completion" in r.stdout


# --------------------------------------------------------------------------- edits compose


def test_set_with_a_note_is_one_edit_and_one_readable_commit(tmp_path: Path) -> None:
    root = tmp_path / "agenda"
    assert cli("init", str(root), "--lang", "en").exit_code == 0
    steps = [
        ("new", "goal", "reading", "--title", "Everyone reads", "--commit"),
        ("new", "action", "cafes", "--title", "Reading cafés", "--goal", "reading", "--commit"),
        (
            "set",
            "cafes",
            "status=active",
            "budget={amount: 40000, currency: EUR}",
            "--note",
            "Grant of €40,000 awarded by the city council.",
            "--date",
            "2026-02-01",
            "--author",
            "Ann",
            "--commit",
        ),
    ]
    for step in steps:
        r = cli(*step, cwd=root)
        assert r.exit_code == 0, r.output
    assert git(root, "log", "-1", "--format=%s") == (
        "agenda: set cafes: status=active, budget={amount: 40000, currency: EUR}; "
        "note: Grant of €40,000 awarded by the city council."
    )
    assert git(root, "show", "--stat", "--format=", "HEAD").count("|") == 1
    record = yaml.safe_load((root / "data/actions/cafes.yaml").read_text())
    assert record["status"] == "active"
    assert record["updates"] == [
        {
            "date": dt.date(2026, 2, 1),
            "text": "Grant of €40,000 awarded by the city council.",
            "author": "Ann",
        }
    ]
    # a refused part refuses the whole edit: nothing is written
    before = (root / "data/actions/cafes.yaml").read_bytes()
    r = cli("set", "cafes", "status=finished", "--note", "Done.", cwd=root)
    assert r.exit_code != 0
    assert (root / "data/actions/cafes.yaml").read_bytes() == before
    r = cli("set", "cafes", "progress=50", "--date", "2026-03-01", cwd=root)
    assert r.exit_code == 2 and "give --note too" in r.stderr


def test_commit_messages_show_values_as_typed_not_python_reprs(tmp_path: Path) -> None:
    root = tmp_path / "agenda"
    assert cli("init", str(root), "--lang", "en").exit_code == 0
    assert cli("new", "goal", "reading", "--title", "Reading", "--commit", cwd=root).exit_code == 0
    r = cli(
        "set",
        "reading",
        "indicators=[{id: adults, title: Adults trained, target: 5000}]",
        "--commit",
        cwd=root,
    )
    assert r.exit_code == 0, r.output
    message = git(root, "log", "-1", "--format=%s")
    assert message == (
        "agenda: set reading: indicators=[{id: adults, title: Adults trained, target: 5000}]"
    )
    assert "'" not in message


def test_new_group_takes_its_own_fields_as_flags(tmp_path: Path) -> None:
    root = tmp_path / "agenda"
    assert cli("init", str(root), "--lang", "en", "--no-git").exit_code == 0
    for step in (
        ("new", "goal", "reading", "--title", "Reading"),
        (
            "new",
            "group",
            "circle",
            "--title",
            "Circle",
            "--kind",
            "working-group",
            "--started",
            "2026-01-05",
            "--ended",
            "2026-06-30",
        ),
        (
            "new",
            "group",
            "board",
            "--title",
            "Board",
            "--kind",
            "steering-group",
            "--start",
            "2026-01-01",
        ),
    ):
        r = cli(*step, cwd=root)
        assert r.exit_code == 0, r.output
    circle = yaml.safe_load((root / "data/groups/circle.yaml").read_text())
    assert (circle["started"], circle["ended"]) == (dt.date(2026, 1, 5), dt.date(2026, 6, 30))
    board = yaml.safe_load((root / "data/groups/board.yaml").read_text())
    assert board["started"] == dt.date(2026, 1, 1) and "start" not in board
    r = cli(
        "new",
        "action",
        "a",
        "--title",
        "A",
        "--goal",
        "reading",
        "--started",
        "2026-01-01",
        cwd=root,
    )
    assert r.exit_code == 2 and "--started does not apply to an action" in r.stderr


# --------------------------------------------------------------------------- widths


@pytest.fixture(scope="module")
def noted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("width") / "agenda"
    assert cli("init", str(root), "--example").exit_code == 0
    note = (
        "We hebben met alle twaalf regio's gesproken over de planning van de leesweken en "
        "de inzet van leesconsulenten op de vmbo-scholen; de afspraken staan in het verslag."
    )
    stamp = {"GIT_AUTHOR_DATE": "2021-09-10T10:00:00", "GIT_COMMITTER_DATE": "2021-09-10T10:00:00"}
    r = cli(
        "update", "leesoffensief", note, "--date", "2021-09-10", "--commit", cwd=root, env=stamp
    )
    assert r.exit_code == 0, r.output
    return root


def test_log_wraps_to_columns_and_never_cuts_a_note(noted: Path) -> None:
    wide = cli("log", "leesoffensief", "--since", "2021-09-01", cwd=noted)
    assert len(wide.stdout.splitlines()) == 1  # in a pipe: one whole line
    assert "planning van de leesweken en de inzet" in wide.stdout
    assert "…" not in wide.stdout
    narrow = cli("log", "leesoffensief", "--since", "2021-09-01", cwd=noted, env={"COLUMNS": "60"})
    lines = narrow.stdout.splitlines()
    assert max(len(line) for line in lines) <= 60, narrow.stdout
    assert " ".join(" ".join(lines).split()) == " ".join(wide.stdout.split())  # same words


def test_show_wraps_to_columns(noted: Path) -> None:
    r = cli("show", "onderzoek-alternatief-clb", cwd=noted, env={"COLUMNS": "60"})
    lines = r.stdout.splitlines()
    assert max(len(line) for line in lines) <= 60, r.stdout
    # a field's value hangs under itself
    at = next(i for i, line in enumerate(lines) if line.startswith("summary  "))
    assert lines[at + 1].startswith(" " * len("summary  ")) and lines[at + 1].strip()
    wide = cli("show", "leesoffensief", cwd=noted)
    assert "de afspraken staan in het verslag." in wide.stdout and "…" not in wide.stdout


def test_status_header_says_as_of_for_a_snapshot_and_today_for_today(noted: Path) -> None:
    assert "Stand van: 20 september 2021\n" in cli("status", cwd=noted).stdout  # [agenda] as_of
    r = cli("status", "--today", "2021-10-01", cwd=noted)
    assert "Vandaag: 1 oktober 2021\n" in r.stdout and "Stand van" not in r.stdout
    r = cli("status", "--as-of", "2021-09-15", cwd=noted)
    assert "Stand van: 15 september 2021\n" in r.stdout
