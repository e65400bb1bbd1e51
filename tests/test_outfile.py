"""``brief -o PATH`` (issue #17, point 6): never over a record or settings file, into a
special file rather than replacing it, the umask's mode for a new file and the old mode
for a replaced one, ``-`` for standard output. The rule is :mod:`netwerkagenda.editing.outfile`."""

from __future__ import annotations

import os
import stat
import subprocess
import threading
import time
from pathlib import Path

import pytest

from tests.helpers import cli, make_repo

AGENDA = str(Path(__file__).resolve().parent.parent / ".venv" / "bin" / "agenda")
BRIEF = ("brief", "--since", "2021-06-01")


def _brief(root: Path) -> str:
    r = cli(*BRIEF, cwd=root)
    assert r.exit_code == 0, r.output
    return r.stdout


@pytest.mark.parametrize(
    "target",
    [
        "data/actions/leesoffensief.yaml",
        "data/groups/koersgroep-lezen.toml",
        "data/goals/nieuw.yml",  # a record file that does not exist yet
        "agenda.toml",
        "../other/agenda.toml",  # another repository's settings
        "../other/data/goals/lezen.yaml",  # another repository's record
        "link-to-record.md",  # a symbolic link to a record file
    ],
)
def test_output_never_writes_over_a_record_or_settings_file(tmp_path: Path, target: str) -> None:
    root = make_repo(tmp_path / "repo")
    make_repo(tmp_path / "other")
    (root / "link-to-record.md").symlink_to(root / "data/actions/leesoffensief.yaml")
    cli(*BRIEF, cwd=root)  # the cache is written once
    snapshot = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    r = cli(*BRIEF, "-o", target, cwd=root)
    assert r.exit_code == 2, r.output
    assert "will not write over" in r.stderr and target in r.stderr
    assert "Traceback" not in r.output
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == snapshot
    assert (root / "link-to-record.md").is_symlink()
    assert not (root / "data/goals/nieuw.yml").exists()


def test_output_into_a_named_pipe_with_a_reader(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    time.sleep(0.1)  # the reader is waiting on the pipe
    r = cli(*BRIEF, "-o", str(fifo), cwd=root)
    reader.join(10)
    assert r.exit_code == 0, r.output
    assert got == [_brief(root).encode()]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still the pipe, not replaced


def test_output_into_a_named_pipe_nobody_reads_is_refused_at_once(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    start = time.monotonic()
    r = cli(*BRIEF, "-o", str(fifo), cwd=root)
    assert time.monotonic() - start < 10
    assert r.exit_code == 2, r.output
    assert "named pipe that nothing reads from" in r.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_output_to_devices_and_dev_stdout(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    r = cli(*BRIEF, "-o", "/dev/null", cwd=root)
    assert r.exit_code == 0, r.output
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    # /dev/stdout of a real process: into its pipe, and into a file it was sent to
    # (written into, not replaced: the same inode)
    p = subprocess.run([AGENDA, *BRIEF, "-o", "/dev/stdout"], cwd=root, capture_output=True)
    assert p.returncode == 0, p.stderr
    assert p.stdout.decode() == _brief(root)
    out = tmp_path / "out.md"
    out.write_text("")
    inode = os.stat(out).st_ino
    with out.open("wb") as fh:
        p = subprocess.run([AGENDA, *BRIEF, "-o", "/dev/stdout"], cwd=root, stdout=fh)
    assert p.returncode == 0
    assert out.read_text() == _brief(root)
    assert os.stat(out).st_ino == inode


def test_output_dash_is_standard_output(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    r = cli(*BRIEF, "-o", "-", cwd=root)
    assert r.exit_code == 0, r.output
    assert r.stdout == _brief(root)
    assert not (root / "-").exists()
    assert "wrote" not in r.stderr


def test_output_mode_is_the_umasks_for_a_new_file_and_kept_for_an_old_one(
    tmp_path: Path,
) -> None:
    root = make_repo(tmp_path / "repo")
    old = os.umask(0o027)
    try:
        r = cli(*BRIEF, "-o", "new.md", cwd=root)
        assert r.exit_code == 0, r.output
        assert stat.S_IMODE(os.stat(root / "new.md").st_mode) == 0o640
        os.umask(0o022)
        (root / "old.md").write_text("oud")
        os.chmod(root / "old.md", 0o604)
        r = cli(*BRIEF, "-o", "old.md", cwd=root)
        assert r.exit_code == 0, r.output
        assert stat.S_IMODE(os.stat(root / "old.md").st_mode) == 0o604
        assert (root / "old.md").read_text() == _brief(root)
    finally:
        os.umask(old)
    # a symbolic link to a brief: the link stays, its target gets the new text
    (root / "latest.md").symlink_to("old.md")
    (root / "old.md").write_text("oud")
    r = cli(*BRIEF, "-o", "latest.md", cwd=root)
    assert r.exit_code == 0, r.output
    assert (root / "latest.md").is_symlink()
    assert (root / "old.md").read_text() == _brief(root)
    assert not [p.name for p in root.iterdir() if p.name.endswith(".tmp")]


def test_output_to_a_folder_or_a_missing_folder_is_exit_2(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    r = cli(*BRIEF, "-o", "data", cwd=root)
    assert r.exit_code == 2 and "it is a folder" in r.stderr, r.output
    r = cli(*BRIEF, "-o", "nergens/brief.md", cwd=root)
    assert r.exit_code == 2 and "cannot write nergens/brief.md" in r.stderr, r.output
    assert "Traceback" not in r.output
