"""The real pre-commit framework runs this project's `agenda-validate` hook."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT
from tests.helpers import GitRepo, make_repo, write


def _project_head() -> str | None:
    if not (PROJECT_ROOT / ".git").exists():
        return None
    out = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=PROJECT_ROOT, capture_output=True, text=True
    )
    return out.stdout.strip() if out.returncode == 0 else None


HEAD = _project_head()
PRE_COMMIT = shutil.which("pre-commit", path=str(Path(sys.executable).parent))


@pytest.mark.skipif(HEAD is None, reason="needs this project as a git checkout with a commit")
@pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is a test dependency; not installed")
def test_hook_blocks_a_bad_commit_and_lets_a_good_one_through(tmp_path: Path) -> None:
    data = GitRepo(tmp_path / "programme")
    make_repo(data.root)
    write(
        data.root,
        {
            ".pre-commit-config.yaml": f"""\
                repos:
                  - repo: {PROJECT_ROOT.as_uri()}
                    rev: {HEAD}
                    hooks:
                      - id: agenda-validate
                """
        },
    )
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    assert PRE_COMMIT is not None

    def commit(message: str) -> subprocess.CompletedProcess[str]:
        data.git("add", "-A")
        return subprocess.run(
            ["git", "commit", "-m", message],
            cwd=data.root,
            env=env,
            capture_output=True,
            text=True,
        )

    subprocess.run([PRE_COMMIT, "install"], cwd=data.root, env=env, check=True, capture_output=True)
    first = commit("Programme with one goal, group and action")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "agenda validate" in first.stderr and "Passed" in first.stderr

    # a typo in a reference: the hook blocks the commit and says where
    write(
        data.root, {"data/actions/leesoffensief.yaml": "title: x\ngoals: [lezn]\nstatus: active\n"}
    )
    bad = commit("Broken reference")
    assert bad.returncode != 0
    out = bad.stdout + bad.stderr
    assert "Failed" in out
    assert (
        "data/actions/leesoffensief.yaml:2:9: error missing-reference goals refers to 'lezn', "
        "but there is no goal with that id" in out
    )
    assert "did you mean 'lezen'?" in out
    assert data.git("rev-list", "--count", "HEAD") == "1"

    # fixed: the commit goes through
    write(
        data.root, {"data/actions/leesoffensief.yaml": "title: x\ngoals: [lezen]\nstatus: active\n"}
    )
    good = commit("Fix the reference")
    assert good.returncode == 0, good.stdout + good.stderr
    assert data.git("rev-list", "--count", "HEAD") == "2"
