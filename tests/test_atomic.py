"""editing/atomic.py: edits never lose each other's changes and never leave a
half-written file (the lock, the staged writes); under load, real processes of the
installed ``agenda``, really killed. The journal of multi-file edits is in test_mv.py."""

from __future__ import annotations

import os
import random
import resource
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

from tests.helpers import GROUP, cli, make_repo

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


# --------------------------------------------------------------------------- under load

BIG_SETTINGS = '[agenda]\nname = "x"\nas_of = 2021-09-20\n[validate]\nmax_file_size = 10_000_000\n'
G = "data/groups/koersgroep-lezen.toml"
TMP = "data/groups/.koersgroep-lezen.toml.agenda-tmp"


def _update(root: Path, rid: str, text: str, kill_at: str | None = None) -> subprocess.Popen[bytes]:
    env = {**os.environ, "AGENDA_TEST_KILL_AT": kill_at} if kill_at else None
    return subprocess.Popen(
        [AGENDA, "update", rid, text, "--date", "2021-09-01", "--no-author"],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_concurrent_updates_on_sixteen_records_lose_nothing(tmp_path: Path) -> None:
    actions = {
        f"data/actions/actie-{i:02d}.yaml": f"title: Actie {i}\ngoals: [lezen]\nstatus: active\n"
        for i in range(16)
    }
    root = make_repo(tmp_path / "r", actions)
    procs = [_update(root, f"actie-{i:02d}", f"Notitie bij actie {i}") for i in range(16)]
    for p in procs:
        _out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
        assert b"Traceback" not in err
    for i in range(16):
        assert (root / f"data/actions/actie-{i:02d}.yaml").read_text() == (
            f"title: Actie {i}\ngoals: [lezen]\nstatus: active\nupdates:\n"
            f"  - date: 2021-09-01\n    text: Notitie bij actie {i}\n"
        )
    r = cli("validate", cwd=root)
    assert r.exit_code == 0, r.output
    assert not [p.name for p in (root / "data/actions").iterdir() if p.name.startswith(".")]


def _big_group() -> str:
    # about 2 MB of valid TOML: a long multi-line description
    lines = "".join(f"Regel {i}: " + "x" * 60 + "\n" for i in range(30_000))
    return GROUP + f'description = """\n{lines}"""\n'


# (how the edit is killed, whether the file is the new version afterwards)
KILLS = [
    # from outside, as soon as the temporary file is there (on a busy machine the kill
    # may land after the rename: then the new version, whole)
    ("tmp-appears", None),
    ("staged", False),  # the temporary file complete and synced, not yet renamed
    ("renamed-1", True),  # renamed into place, the folder not yet synced
    ("random", None),  # from outside, at a random moment of the whole run
]


def _kill(root: Path, how: str, text: str, took: float) -> None:
    """Run one update of the big group and SIGKILL it the way ``how`` says."""
    if how in ("staged", "renamed-1"):
        p = _update(root, "koersgroep-lezen", text, kill_at=how)
    else:
        p = _update(root, "koersgroep-lezen", text)
        if how == "random":
            time.sleep(random.Random(7).uniform(0, took))
        else:
            deadline = time.perf_counter() + 30
            while not (root / TMP).exists() and p.poll() is None:
                assert time.perf_counter() < deadline
                time.sleep(0.0005)
        p.send_signal(signal.SIGKILL)
    p.communicate(timeout=30)
    assert p.returncode == -signal.SIGKILL or how in ("random", "tmp-appears"), p.returncode


def test_sigkill_mid_write_leaves_the_old_or_the_new_file_whole(tmp_path: Path) -> None:
    """A 2 MB record killed once at each distinct step of its write (while the
    temporary file is written, once it is complete, once it is renamed) and once at a
    random moment: the file always parses whole, old or new, never a mix."""
    old = _big_group()
    root = make_repo(tmp_path / "r", {G: old}, settings=BIG_SETTINGS)
    assert len(old) > 2_000_000
    start = time.perf_counter()
    p = _update(root, "koersgroep-lezen", "Eerste notitie")  # how long one edit takes
    _out, err = p.communicate(timeout=60)
    assert p.returncode == 0, err.decode()
    took = time.perf_counter() - start
    for n, (how, new) in enumerate(KILLS):
        current = (root / G).read_bytes()
        _kill(root, how, f"Notitie {n}", took)
        raw = (root / G).read_bytes()
        data = tomllib.loads(raw.decode("utf-8"))  # parses: never a mix, never empty
        assert data["title"] == "Koersgroep lezen"
        assert data["description"].count("\n") == 30_000
        notes = [u["text"] for u in data["updates"]]
        assert new is None or (raw != current) is new, how
        if raw != current:
            assert notes[-1] == f"Notitie {n}", notes
            assert raw.startswith(current.split(b"[[updates]]")[0])
        if how == "staged":  # the complete new version waits, unused, beside the old
            assert b"Notitie 1" in (root / TMP).read_bytes()
    # after all that, the next edit works and cleans up any temporary file left behind
    r = cli("update", "koersgroep-lezen", "Na de storm", "--date", "2021-09-02", cwd=root)
    assert r.exit_code == 0, r.output
    assert "Na de storm" in (root / G).read_text()
    assert not (root / TMP).exists()


LOCK_HOLDER = """
import sys, time
from pathlib import Path
from netwerkagenda.editing.atomic import locked
with locked(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(600)
"""


def test_stale_lock_of_a_killed_process_is_recovered(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r")
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(root)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        # while the lock is held, an edit waits
        waiting = _update(root, "leesoffensief", "Wacht op het slot")
        time.sleep(0.5)
        assert waiting.poll() is None
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=10)
        start = time.perf_counter()
        _out, err = waiting.communicate(timeout=30)
        assert waiting.returncode == 0, err.decode()
        r = cli("update", "leesoffensief", "Daarna", "--date", "2021-09-02", cwd=root)
        assert r.exit_code == 0, r.output
        assert time.perf_counter() - start < 10
    finally:
        if holder.poll() is None:
            holder.kill()
    text = (root / "data/actions/leesoffensief.yaml").read_text()
    assert "text: Wacht op het slot" in text and "text: Daarna" in text
