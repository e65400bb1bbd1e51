"""Edits never lose each other's changes and never leave a half-written file."""

from __future__ import annotations

import os
import resource
import subprocess
from pathlib import Path

from tests.helpers import cli, make_repo

AGENDA = str(Path(__file__).resolve().parent.parent / ".venv" / "bin" / "agenda")
Y = "data/actions/leesoffensief.yaml"


def test_concurrent_updates_lose_no_note(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r")
    procs = [
        subprocess.Popen(
            [
                AGENDA,
                "update",
                "leesoffensief",
                f"Notitie {i}",
                "--date",
                "2021-09-01",
                "--no-author",
            ],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for i in range(16)
    ]
    for p in procs:
        _out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
    text = (root / Y).read_text()
    for i in range(16):
        assert f"    text: Notitie {i}\n" in text
    assert text.count("  - date: 2021-09-01\n") == 16
    assert cli("validate", cwd=root).exit_code == 0
    assert not [p.name for p in (root / "data/actions").iterdir() if p.name.startswith(".")]


def test_temp_file_cannot_be_created(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r")
    before = (root / Y).read_bytes()
    (root / "data/actions/.leesoffensief.yaml.agenda-tmp").mkdir()  # blocks the temp file
    r = cli("done", "leesoffensief", "--date", "2021-10-01", cwd=root)
    assert r.exit_code == 2
    assert r.stdout == ""
    assert r.stderr.startswith(f"error: cannot write {Y}: ")
    assert "nothing was changed" in r.stderr
    assert "Traceback" not in r.stderr
    assert (root / Y).read_bytes() == before


def _limit_file_size() -> None:
    # a write past 60 bytes fails with EFBIG, as on a full disk (Python ignores SIGXFSZ)
    resource.setrlimit(resource.RLIMIT_FSIZE, (60, 60))


def test_write_failing_halfway_keeps_old_file(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r")
    before = (root / Y).read_bytes()
    mode = 0o640
    os.chmod(root / Y, mode)
    p = subprocess.run(
        [AGENDA, "update", "leesoffensief", "Een notitie", "--date", "2021-09-01"],
        cwd=root,
        capture_output=True,
        text=True,
        preexec_fn=_limit_file_size,
    )
    assert p.returncode == 2, p.stderr
    assert p.stderr.startswith(f"error: cannot write {Y}: File too large; nothing was changed\n")
    assert "Traceback" not in p.stderr
    assert (root / Y).read_bytes() == before
    assert sorted(x.name for x in (root / "data/actions").iterdir()) == ["leesoffensief.yaml"]
    # and without the limit the same edit works, keeping the file's mode
    r = cli("update", "leesoffensief", "Een notitie", "--date", "2021-09-01", cwd=root)
    assert r.exit_code == 0, r.output
    assert os.stat(root / Y).st_mode & 0o777 == mode


def test_rename_is_all_or_nothing(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r")
    files = {p: p.read_bytes() for p in (root / "data").rglob("*") if p.is_file()}
    (root / "data/groups/.koersgroep-lezen.toml.agenda-tmp").mkdir()
    r = cli("mv", "lezen", "geletterdheid", cwd=root)
    assert r.exit_code == 2, r.output
    now = {p: p.read_bytes() for p in (root / "data").rglob("*") if p.is_file()}
    assert now == files
