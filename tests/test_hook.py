"""The plain pre-commit hook checks what is staged (issue #17, point 5): the index,
not the working tree, for the reported files and for the references between them.
Real git commits through the installed hook."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.helpers import GitRepo, cli, make_repo, write

BIN = Path(__file__).resolve().parent.parent / ".venv" / "bin"
BROKEN = "title: Kapot\ngoals: [lezen]\nstatus: klaar\n"
GOOD = "title: Heel\ngoals: [lezen]\nstatus: active\n"


def _setup(tmp_path: Path, sub: str = "") -> tuple[GitRepo, Path]:
    g = GitRepo(tmp_path / "g")
    root = make_repo(g.root / sub) if sub else make_repo(g.root)
    g.commit("start", "2021-09-01")
    r = cli("hook", "install", cwd=root)
    assert r.exit_code == 0, r.output
    return g, root


def _commit(g: GitRepo) -> subprocess.CompletedProcess[str]:
    tmp = g.root.parent / "tmp"  # the hook's temporary folder goes here, and goes away
    tmp.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "TMPDIR": str(tmp),
    }
    return subprocess.run(
        ["git", "commit", "-qm", "edit"], cwd=g.root, env=env, capture_output=True, text=True
    )


def test_broken_staged_file_fixed_only_in_the_working_tree_is_refused(tmp_path: Path) -> None:
    g, root = _setup(tmp_path)
    write(root, {"data/actions/kapot.yaml": BROKEN})
    g.git("add", "data/actions/kapot.yaml")
    write(root, {"data/actions/kapot.yaml": GOOD})  # fixed, but not staged
    r = _commit(g)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "data/actions/kapot.yaml:3:9: error invalid-value" in r.stderr
    assert g.git("rev-list", "--count", "HEAD") == "1"
    assert (root / "data/actions/kapot.yaml").read_text() == GOOD  # the work is untouched


def test_good_staged_file_broken_only_in_the_working_tree_commits(tmp_path: Path) -> None:
    g, root = _setup(tmp_path)
    write(root, {"data/actions/heel.yaml": GOOD})
    g.git("add", "data/actions/heel.yaml")
    write(root, {"data/actions/heel.yaml": BROKEN})  # broken again, not staged
    r = _commit(g)
    assert r.returncode == 0, r.stdout + r.stderr
    assert g.git("show", "HEAD:data/actions/heel.yaml") == GOOD.rstrip("\n")
    assert not list((g.root.parent / "tmp").iterdir())


def test_references_are_checked_against_the_staged_state(tmp_path: Path) -> None:
    g, root = _setup(tmp_path)
    # the goal the action needs is in the working tree but not staged
    write(
        root,
        {
            "data/goals/rekenen.yaml": "title: Rekenen\n",
            "data/actions/rekenplan.yaml": "title: Rekenplan\ngoals: [rekenen]\nstatus: active\n",
        },
    )
    g.git("add", "data/actions/rekenplan.yaml")
    r = _commit(g)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "data/actions/rekenplan.yaml" in r.stderr and "rekenen" in r.stderr
    # a goal removed from the index (still in the working tree) that is referred to
    g.git("reset", "-q")
    g.git("rm", "-q", "--cached", "data/goals/lezen.yaml")
    r = _commit(g)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "lezen" in r.stderr
    assert (root / "data/goals/lezen.yaml").exists()


def test_staged_settings_are_what_is_checked(tmp_path: Path) -> None:
    g, root = _setup(tmp_path)
    settings = (root / "agenda.toml").read_text()
    write(root, {"agenda.toml": settings.replace('language = "nl"', 'language = "xx"')})
    g.git("add", "agenda.toml")
    write(root, {"agenda.toml": settings})  # put right in the working tree only
    r = _commit(g)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "agenda.toml" in r.stderr


def test_data_repository_in_a_subfolder_is_checked_from_the_index(tmp_path: Path) -> None:
    g, root = _setup(tmp_path, "agenda")
    write(root, {"data/actions/kapot.yaml": BROKEN})
    g.git("add", "agenda/data/actions/kapot.yaml")
    write(root, {"data/actions/kapot.yaml": GOOD})
    r = _commit(g)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "kapot.yaml:3:9: error invalid-value" in r.stderr
    g.git("add", "agenda/data/actions/kapot.yaml")
    r = _commit(g)
    assert r.returncode == 0, r.stdout + r.stderr
