"""The stat half of the record cache (issue #18): a file whose stat is the one it had
when it was read, and that was last modified well before that read, is served without
being read; any rewrite, touch, rename or foreign database is read again, and a warm
run always gives exactly the findings and output of a cold one."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from netwerkagenda.cache import DB_FILE, Store
from netwerkagenda.findings import Finding
from netwerkagenda.records.repository import Repository, load_repo
from tests.helpers import cache_dir, cli, make_repo

A = "data/actions/leesoffensief.yaml"
FILES = {
    A: "title: x\ngoals: [lezen]\nstatus: active\ndue: 2021-09-01\n",
    "data/actions/b.toml": 'title = "b"\ngoals = ["lezen"]\nstatus = "active"\ndue = 2021-09-05\n',
}
DUE = "due 2021-09-01, 19 days ago, and still active"


def warm(root: Path) -> tuple[Repository, list[Finding]]:
    """A run through the store, saved afterwards as the CLI does."""
    store = Store.open(root)
    assert store is not None
    repo = load_repo(root, cache=store)
    found = repo.validate()
    store.save()
    return repo, found


def age(root: Path, seconds: float = 10) -> None:
    """Make every entry's read ``seconds`` later than it was: its file is then old
    enough for its stat to be trusted (instead of waiting out the racy margin)."""
    with sqlite3.connect(cache_dir(root) / DB_FILE) as db:
        db.execute("UPDATE records SET read = read + ?", (int(seconds * 1e9),))


def messages(found: list[Finding], file: str = A) -> list[str]:
    return [f.message for f in found if f.file == file]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    r = make_repo(tmp_path / "r", FILES)
    warm(r)
    age(r)
    return r


def test_an_unchanged_file_is_not_read(root: Path) -> None:
    repo, found = warm(root)
    assert A not in repo.raw and A in repo.blobs  # served from the entry alone
    assert messages(found) == [DUE]
    assert found == load_repo(root).validate()
    blob = subprocess.run(
        ["git", "hash-object", A], cwd=root, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert repo.blobs[A] == blob  # what the history walk knows it by


def test_a_fresh_file_is_read_until_it_is_old_enough(tmp_path: Path) -> None:
    """Racy: modified within the margin before it was read, it may change again with
    the same size and mtime; so it is read again, and trusted once it is old."""
    r = make_repo(tmp_path / "r", FILES)
    warm(r)
    repo, _ = warm(r)
    assert A in repo.raw  # read, though its stat is the same
    time.sleep(2.1)
    warm(r)  # read again, now more than the margin after its last change
    repo, found = warm(r)
    assert A not in repo.raw
    assert messages(found) == [DUE]


def test_rewrite_of_the_same_size_in_the_same_second(tmp_path: Path) -> None:
    r = make_repo(tmp_path / "r", FILES)
    p = r / A
    warm(r)
    st = p.stat()
    p.write_text(p.read_text().replace("2021-09-01", "2021-09-03"))
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))  # same size and mtime
    _, found = warm(r)
    assert messages(found) == ["due 2021-09-03, 17 days ago, and still active"]


def test_touched_to_an_older_time_with_other_bytes(root: Path) -> None:
    p = root / A
    size = p.stat().st_size
    p.write_text(p.read_text().replace("2021-09-01", "2021-09-04"))
    os.utime(p, (1_000_000_000, 1_000_000_000))  # like touch -d 2001-09-09
    assert p.stat().st_size == size
    repo, found = warm(root)
    assert A in repo.raw
    assert messages(found) == ["due 2021-09-04, 16 days ago, and still active"]


def test_replaced_by_rename(root: Path) -> None:
    p = root / A
    st = p.stat()
    new = root / "data/actions/.tmp"
    new.write_text(p.read_text().replace("2021-09-01", "2021-09-02"))
    os.utime(new, ns=(st.st_atime_ns, st.st_mtime_ns))
    os.replace(new, p)
    assert (p.stat().st_size, p.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)
    _, found = warm(root)
    assert messages(found) == ["due 2021-09-02, 18 days ago, and still active"]


def test_changed_settings_are_not_served(root: Path) -> None:
    (root / "agenda.toml").write_text((root / "agenda.toml").read_text() + "\n# x\n")
    repo, found = warm(root)
    assert A in repo.raw
    assert found == load_repo(root).validate()


def test_a_database_of_another_folder_serves_nothing(tmp_path: Path) -> None:
    """The same files in another folder (a copy or a clone): another inode, so a
    database copied over from the first folder is never trusted for them."""
    one = make_repo(tmp_path / "one", FILES)
    two = make_repo(tmp_path / "two", FILES)
    warm(one)
    age(one)
    with sqlite3.connect(cache_dir(one) / DB_FILE) as db:  # all in the main file
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert db.execute("SELECT count(*) FROM records").fetchone() == (4,)
    cache_dir(two).mkdir(parents=True)
    shutil.copy(cache_dir(one) / DB_FILE, cache_dir(two) / DB_FILE)
    p = two / A
    st = (one / A).stat()  # the other folder's size and mtime, other bytes
    p.write_text(p.read_text().replace("2021-09-01", "2021-09-06"))
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))
    repo, found = warm(two)
    assert not repo.blobs  # nothing served from the other folder's stats
    assert messages(found) == ["due 2021-09-06, 14 days ago, and still active"]


def test_cli_output_of_served_files_is_identical(root: Path) -> None:
    """Lines shown under a finding come from the file, read only then."""
    (root / "data/actions/c.yaml").write_text("title: c\ngoals: [nergens]\n")
    cold = cli("validate", "--repo", str(root), "--no-cache")
    warm_out = cli("validate", "--repo", str(root))
    age(root)
    served = cli("validate", "--repo", str(root))
    assert cold.exit_code == warm_out.exit_code == served.exit_code == 1
    assert "nergens" in cold.stdout
    assert served.stdout == warm_out.stdout == cold.stdout
    c = str(root / "data/actions/c.yaml")
    one = cli("validate", "--repo", str(root), c)
    assert "nergens" in one.stdout
    assert one.stdout == cli("validate", "--repo", str(root), "--no-cache", c).stdout


def test_a_file_changed_after_it_was_served_shows_no_stale_line(root: Path) -> None:
    """The lines of a served file are read late; bytes that are no longer the entry's
    are not shown as its lines."""
    store = Store.open(root)
    assert store is not None
    repo = load_repo(root, cache=store)
    assert A not in repo.raw
    (root / A).write_text("something: else\n")
    assert repo.sources[A].text is None
    assert repo.sources["data/actions/b.toml"].text is not None
