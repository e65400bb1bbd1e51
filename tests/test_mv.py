"""``agenda mv`` is all or nothing (issue #17, point 4): killed at any point it leaves
either the old files or a journal that the next edit finishes; it refuses while a
record file that could refer to the id cannot be read. Real processes, really killed
(SIGKILL) at each point of the write."""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from tests.helpers import cli, make_repo

AGENDA = str(Path(__file__).resolve().parent.parent / ".venv" / "bin" / "agenda")
MORE = {
    "data/actions/leesplan.yaml": "title: Leesplan\ngoals: [lezen]\nstatus: active\n",
    "data/actions/voorlezen.toml": 'title = "Voorlezen"\ngoals = ["lezen"]\nstatus = "active"\n',
}


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".agenda-cache" not in p.parts
    }


def _mv(root: Path, kill_at: str | None = None) -> subprocess.CompletedProcess[bytes]:
    import os

    env = {**os.environ}
    if kill_at:
        env["AGENDA_TEST_KILL_AT"] = kill_at
    return subprocess.run(
        [AGENDA, "mv", "lezen", "geletterdheid"], cwd=root, env=env, capture_output=True
    )


@pytest.mark.parametrize(
    "point",
    [
        "staged",  # every temporary file written, no journal yet
        "journal",  # the journal written, nothing renamed
        "renamed-1",  # the first file in place
        "renamed-3",  # most files in place
        "renamed-4",  # all in place, the old file not yet removed
        "removed-data/goals/lezen.yaml",  # all done but the journal
    ],
)
def test_mv_killed_at_any_point_is_finished_by_the_next_edit(tmp_path: Path, point: str) -> None:
    root = make_repo(tmp_path / "r", MORE)
    done = make_repo(tmp_path / "done", MORE)
    assert _mv(done).returncode == 0
    before, after = _files(root), _files(done)
    p = _mv(root, point)
    assert p.returncode == -signal.SIGKILL, p.stderr
    if point == "staged":
        # killed before the journal: every old file as it was (stale temporary files
        # aside), and the next edit works
        now = {k: v for k, v in _files(root).items() if not k.rsplit("/", 1)[-1].startswith(".")}
        assert now == before
        assert cli("validate", cwd=root).exit_code == 0
        assert _mv(root).returncode == 0
        assert _files(root) == after
        return
    assert (root / ".agenda-journal").exists()
    # read commands say so; validate does not pass half an edit
    r = cli("validate", cwd=root)
    assert r.exit_code == 1, r.output
    assert "an edit of several files was interrupted" in r.stderr
    r = cli("status", cwd=root)
    assert r.exit_code == 0 and "was interrupted" in r.stderr
    # the next edit of anything finishes it first
    r = cli("update", "leesplan", "Verder", "--date", "2021-09-01", "--no-author", cwd=root)
    assert r.exit_code == 0, r.output
    assert "finished an edit that was interrupted" in r.stderr
    now = _files(root)
    plan = "data/actions/leesplan.yaml"
    assert now[plan].startswith(after[plan]) and b"Verder" in now[plan]
    assert {k: v for k, v in now.items() if k != plan} == {
        k: v for k, v in after.items() if k != plan
    }
    assert cli("validate", cwd=root).exit_code == 0


@pytest.mark.parametrize(
    ("bad", "content"),
    [
        ("data/actions/typo.yaml", "title: Typo\ngoals: [lezen\nstatus: active\n"),
        (
            "data/groups/conflict.toml",
            'title = "X"\n<<<<<<< HEAD\ngoals = ["lezen"]\n=======\ngoals = []\n>>>>>>> b\n',
        ),
        ("data/actions/latin1.yaml", "title: Caf\xe9\ngoals: [lezen]\nstatus: active\n"),
        ("data/goals/leeg.toml", 'title = "Leeg"\nowner = \n'),
    ],
    ids=["yaml-typo", "conflict-markers", "not-utf8", "toml-typo"],
)
def test_mv_refuses_while_a_record_file_cannot_be_read(
    tmp_path: Path, bad: str, content: str
) -> None:
    root = make_repo(tmp_path / "r", MORE)
    raw = content.encode("latin-1") if "latin1" in bad else content.encode()
    (root / bad).write_bytes(raw)
    before = _files(root)
    r = cli("mv", "lezen", "geletterdheid", cwd=root)
    assert r.exit_code == 1, r.output
    assert "cannot be read and may refer to 'lezen'" in r.stderr
    assert bad in r.stderr
    assert "Traceback" not in r.output
    assert _files(root) == before
    # fixed, the rename goes through and reaches every reference
    (root / bad).unlink()
    assert cli("mv", "lezen", "geletterdheid", cwd=root).exit_code == 0
    assert not any(b"[lezen]" in v or b'["lezen"]' in v for v in _files(root).values())
    assert cli("validate", cwd=root).exit_code == 0


@pytest.mark.parametrize(
    "journal",
    [
        '{"agenda-journal": 1, "replace": ["../../etc/passwd"], "remove": []}',
        '{"agenda-journal": 1, "replace": [], "remove": ["agenda.toml"]}',
        "not json",
    ],
    ids=["path-out", "not-a-record", "garbage"],
)
def test_a_journal_agenda_did_not_write_is_refused(tmp_path: Path, journal: str) -> None:
    root = make_repo(tmp_path / "r")
    (root / ".agenda-journal").write_text(journal)
    before = _files(root)
    r = cli("set", "leesoffensief", "owner=Jan", cwd=root)
    assert r.exit_code == 2, r.output
    assert ".agenda-journal (an interrupted edit) cannot be finished" in r.stderr
    assert _files(root) == before


def test_journal_is_gone_after_an_ordinary_mv(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r", MORE)
    r = cli("mv", "lezen", "geletterdheid", cwd=root)
    assert r.exit_code == 0, r.output
    assert not (root / ".agenda-journal").exists()
    assert not [p for p in root.rglob(".*agenda-tmp")]
    shutil.rmtree(root / ".agenda-cache", ignore_errors=True)
    assert cli("validate", cwd=root).exit_code == 0


def _killed_mv(root: Path, args: list[str], how: str, took: float) -> None:
    """``agenda mv ARGS`` SIGKILLed from outside: as soon as a temporary file or the
    journal appears (``how`` = "tmp" or "journal"), or at a random moment ("random")."""
    import time

    p = subprocess.Popen([AGENDA, "mv", *args], cwd=root, stderr=subprocess.PIPE)
    if how == "random":
        time.sleep(random.Random(17).uniform(0, took))
    else:
        deadline = time.perf_counter() + 30

        marks = [root / ".agenda-journal"]
        if how == "tmp":
            marks = [root / f"data/actions/.groot-{n}.yaml.agenda-tmp" for n in range(3)]
        while not any(m.exists() for m in marks) and p.poll() is None:
            assert time.perf_counter() < deadline
            time.sleep(0.001)
    p.send_signal(signal.SIGKILL)
    p.communicate(timeout=60)


def test_mv_of_big_files_killed_at_random_moments_is_old_or_new_whole(tmp_path: Path) -> None:
    """SIGKILL from outside during ``mv`` over three big referring files, once at each
    distinct stage (the temporary files being written; the journal written, renames
    under way) and once at a random moment: afterwards (and after the next edit, a dry
    run, has finished any journal) the repository is exactly the old or the new one,
    never both ids, never split; once the journal was there, it is the new one."""
    import os
    import time

    # about 0.2 MB each: big enough that writing them takes a while, small enough
    # that reading them does not
    big = "".join(f"  Regel {i}: " + "x" * 60 + "\n" for i in range(3_000))
    files = {
        f"data/actions/groot-{n}.yaml": "title: Groot\ngoals: [lezen]\nstatus: active\n"
        f"description: |\n{big}"
        for n in range(3)
    }
    settings = '[agenda]\nname = "x"\nas_of = 2021-09-20\n[validate]\nmax_file_size = 5_000_000\n'
    root = make_repo(tmp_path / "r", files, settings=settings)
    done = tmp_path / "done"
    shutil.copytree(root, done)
    states = {"lezen": _files(root)}
    start = time.perf_counter()
    assert _mv(done).returncode == 0
    took = time.perf_counter() - start
    states["geletterdheid"] = _files(done)
    current = "lezen"
    for how in ("tmp", "journal", "random"):
        args = ["lezen", "geletterdheid"] if current == "lezen" else ["geletterdheid", "lezen"]
        _killed_mv(root, args, how, took)
        r = subprocess.run(
            [AGENDA, "set", "leesoffensief", "owner=X", "--dry-run"],
            cwd=root,
            capture_output=True,
            env={**os.environ},
        )
        assert r.returncode == 0, r.stderr
        assert not (root / ".agenda-journal").exists()
        now = {k: v for k, v in _files(root).items() if not k.rsplit("/", 1)[-1].startswith(".")}
        matches = [rid for rid, state in states.items() if now == state]
        assert matches, sorted(now)
        assert how != "journal" or matches[0] == args[1], how
        current = matches[0]
