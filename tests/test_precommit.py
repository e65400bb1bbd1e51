"""The real pre-commit framework runs the configuration ``agenda init`` writes, as
written: the only change is the repository's URL (this checkout instead of the
published one)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from netwerkagenda import __version__
from netwerkagenda.editing.scaffold import PROJECT_URL
from tests.conftest import PROJECT_ROOT
from tests.helpers import cli, git, write

BIN = Path(sys.executable).parent
PRE_COMMIT = shutil.which("pre-commit", path=str(BIN))
IS_CHECKOUT = (PROJECT_ROOT / ".git").exists()


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    }


def _release(tmp_path: Path) -> Path:
    """This checkout as its release would be published: a clone whose ``v<version>``
    tag is the release commit (the tag the generated ``rev:`` names)."""
    dest = tmp_path / "published"
    subprocess.run(["git", "clone", "-q", str(PROJECT_ROOT), str(dest)], check=True)
    tags = git(dest, "tag", "--list", f"v{__version__}")
    if not tags:
        git(dest, "tag", f"v{__version__}")
    return dest


def _commit(root: Path, env: dict[str, str], message: str) -> subprocess.CompletedProcess[str]:
    git(root, "add", "-A")
    return subprocess.run(
        ["git", "commit", "-qm", message], cwd=root, env=env, capture_output=True, text=True
    )


def _blocks_bad_and_passes_good(root: Path, env: dict[str, str]) -> None:
    subprocess.run(
        [str(BIN / "pre-commit"), "install"], cwd=root, env=env, check=True, capture_output=True
    )
    r = cli("update", "leesoffensief", "Leesweek gehouden.", "--date", "2021-09-20", cwd=root)
    assert r.exit_code == 0, r.output
    ok = _commit(root, env, "note")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "agenda validate" in ok.stdout + ok.stderr and "Passed" in ok.stdout + ok.stderr

    write(root, {"data/actions/kapot.yaml": "title: Kapot\ngoals: [lezn]\nstatus: klaar\n"})
    bad = _commit(root, env, "bad")
    out = bad.stdout + bad.stderr
    assert bad.returncode != 0 and "Failed" in out
    assert "data/actions/kapot.yaml:2:9: error missing-reference goals refers to 'lezn'" in out
    assert git(root, "log", "-1", "--format=%s") == "note"


@pytest.mark.skipif(not IS_CHECKOUT, reason="needs this project as a git checkout")
@pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is a test dependency; not installed")
def test_generated_remote_config_runs_as_written(tmp_path: Path) -> None:
    published = _release(tmp_path)
    root = tmp_path / "agenda"
    assert cli("init", str(root), "--example").exit_code == 0
    written = (root / ".pre-commit-config.yaml").read_text()
    assert f"    rev: v{__version__}\n" in written
    assert written.count(PROJECT_URL) == 1
    (root / ".pre-commit-config.yaml").write_text(written.replace(PROJECT_URL, published.as_uri()))
    git(root, "commit", "-qam", "the hook from this checkout")
    _blocks_bad_and_passes_good(root, _env(tmp_path))


@pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is a test dependency; not installed")
def test_generated_local_config_runs_as_written(tmp_path: Path) -> None:
    root = tmp_path / "agenda"
    r = cli("init", str(root), "--example", "--hook", "local")
    assert r.exit_code == 0, r.output
    assert "  - repo: local\n" in (root / ".pre-commit-config.yaml").read_text()
    _blocks_bad_and_passes_good(root, _env(tmp_path))
