"""The README's promises hold: its commands work and every command has help."""

from __future__ import annotations

import re
import shlex

import pytest

from tests.conftest import PROJECT_ROOT
from tests.helpers import cli

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = re.findall(r"^\| `agenda (\w+)", README, re.M)
READ_ONLY = {"validate", "check", "status", "list", "show", "log", "brief", "schema"}


def _examples() -> list[str]:
    """The read-only `agenda ...` example lines of the README, without placeholders."""
    out = []
    for line in re.findall(r"^    agenda (.+)$", README, re.M):
        line = line.split("#")[0].strip()
        words = line.split()
        if not words or words[0] not in READ_ONLY:
            continue
        if any(ch in line for ch in "[]|") or "WHEN" in line or " ID" in f" {line}":
            continue
        out.append(line)
    return out


def test_readme_lists_every_command() -> None:
    assert set(COMMANDS) >= {
        "validate",
        "status",
        "list",
        "show",
        "log",
        "brief",
        "new",
        "init",
        "schema",
        "hook",
    }


@pytest.mark.parametrize(
    "command", sorted(set(COMMANDS) | {"set", "update", "done", "mv", "check"})
)
def test_every_command_has_help(command: str) -> None:
    r = cli(command, "--help")
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("Usage: agenda ")


@pytest.mark.parametrize("example", _examples())
def test_readme_examples_run_on_the_embedded_data(example: str) -> None:
    args = [a for a in shlex.split(example) if a not in ("-o", "voortgangsbericht.md")]
    r = cli(*args, "--repo", str(PROJECT_ROOT))
    assert r.exit_code == 0, (example, r.output)
    assert r.stdout.strip()
    assert "Traceback" not in r.output


def test_readme_python_example_runs(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code = re.search(r"```python\n(.*?)```", README, re.S)
    assert code is not None
    monkeypatch.chdir(PROJECT_ROOT)
    exec(compile(code.group(1), "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "Geletterde samenleving 3/19" in out
    assert "Ref(field='group', id='leesoffensief'" in out


def test_quickstart_is_two_commands() -> None:
    block = README.split("## Quickstart", 1)[1].split("##", 1)[0]
    commands = re.findall(r"```sh\n(.*?)\n```", block, re.S)
    assert commands == [
        "python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' && .venv/bin/agenda status",
        ".venv/bin/python -m pytest",
    ]
    ci = (PROJECT_ROOT / ".ci" / "run").read_text()
    assert ".venv/bin/python -m pytest\n" in ci


def test_version_from_the_installed_command_and_the_app() -> None:
    import subprocess
    import sys
    from pathlib import Path

    from netwerkagenda import __version__

    agenda = Path(sys.executable).parent / "agenda"
    out = subprocess.run([str(agenda), "--version"], capture_output=True, text=True, check=True)
    assert out.stdout == f"agenda {__version__}\n"
    r = cli("--version")  # through the Typer app too
    assert (r.exit_code, r.stdout) == (0, f"agenda {__version__}\n")
