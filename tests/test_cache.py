"""The cache store cannot lie: after any change, a warm run gives exactly the findings
of a cold run; a database that is garbage, truncated, of another version, locked or
not writable is never an error; the library writes nothing unless given a store."""

from __future__ import annotations

import contextlib
import gc
import math
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import netwerkagenda.cache as cache_mod
from netwerkagenda.cache import DB_FILE, Store
from netwerkagenda.findings import Finding
from netwerkagenda.records.repository import load_repo
from tests.helpers import cache_dir, cli, make_repo, write

A = "data/actions/leesoffensief.yaml"
BROKEN = {
    # a warning, an error in a TOML file, and a nested location
    A: "title: x\ngoals: [lezen]\nstatus: active\ndue: 2021-09-01\nupdates:\n  - date: 2021-08-01\n    text: a\n  - date: 2021-07-01\n    text: b\n",
    "data/actions/b.toml": 'title = "b"\ngoals = ["lezen", "schrijven"]\nstatus = "actief"\n',
}


def cold(root: Path) -> list[Finding]:
    return load_repo(root).validate()


def warm(root: Path) -> list[Finding]:
    """A run through the store, saved afterwards as the CLI does."""
    store = Store.open(root)
    assert store is not None
    found = load_repo(root, cache=store).validate()
    store.save()
    return found


def check_same(root: Path) -> list[Finding]:
    expected = cold(root)
    first = warm(root)  # fills the cache
    second = warm(root)  # reads it
    assert first == expected
    assert second == expected
    return expected


def rows(root: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(cache_dir(root) / DB_FILE) as db:
        return db.execute(sql).fetchall()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    r = make_repo(tmp_path / "r", BROKEN)
    check_same(r)
    assert (cache_dir(r) / DB_FILE).is_file()
    return r


def test_values_json_cannot_carry_are_read_again(tmp_path: Path) -> None:
    """nan and infinity (orjson would write null) and an integer beyond 64 bits: a warm
    run gives exactly the values and findings of a cold one."""
    r = make_repo(
        tmp_path / "r",
        {
            "data/actions/a.toml": 'title = "a"\ngoals = ["lezen"]\nprogress = nan\n'
            'x-min = -inf\n[budget]\namount = -inf\ncurrency = "EUR"\n',
            "data/actions/b.yaml": "title: b\ngoals: [lezen]\nx-groot: 1180591620717411303424\n"
            "budget:\n  amount: 1180591620717411303424\n",
        },
    )
    expected = check_same(r)
    assert any("-inf" in f.message for f in expected)
    store = Store.open(r)
    data = {rid: rec.data for rid, rec in load_repo(r, cache=store).records.items()}
    assert math.isnan(data["a"]["progress"]) and data["a"]["x-min"] == -math.inf
    # a budget that is not finite or has 22 digits is a finding and left out (issue #17)
    assert data["a"]["budget"]["amount"] is None and data["b"]["budget"]["amount"] is None
    amount = data["b"]["x-groot"]
    assert amount == 2**70 and type(amount) is int


def test_json_and_orjson_read_each_others_entries(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """json is the fallback where orjson is missing: the same findings from entries
    either of them wrote."""
    expected = cold(root)
    with monkeypatch.context() as m:
        m.setattr(cache_mod, "_orjson", None)
        assert warm(root) == expected  # json reads orjson's entries
        (cache_dir(root) / DB_FILE).unlink()
        assert warm(root) == expected  # json writes them
    assert warm(root) == expected  # orjson reads json's


def test_store_lives_in_the_user_cache_and_keeps_locations(root: Path) -> None:
    assert len(rows(root, "SELECT path FROM records")) == 4
    # the user's own cache folder, nothing in the repository, readable by the user only
    assert not (root / ".agenda-cache").exists()
    assert cache_dir(root).parent.stat().st_mode & 0o777 == 0o700
    assert cache_dir(root).stat().st_mode & 0o777 == 0o700
    # locations found once are stored, so a warm run needs no parser to place findings
    assert rows(root, "SELECT count(*) FROM records WHERE loc IS NOT NULL") == [(2,)]


def test_the_library_writes_nothing_without_a_store(tmp_path: Path) -> None:
    """README's "From Python": loading and validating leave the user's cache alone."""
    r = make_repo(tmp_path / "r", BROKEN)
    assert cold(r)
    assert not cache_dir(r).parent.exists()
    store = Store.open(r)
    assert store is not None
    load_repo(r, cache=store).validate()
    assert not cache_dir(r).exists()  # nothing until the caller saves
    store.save()
    assert (cache_dir(r) / DB_FILE).is_file()


def test_a_new_database_is_written_once_then_kept_in_wal(tmp_path: Path) -> None:
    """A new database's first write goes under a rollback journal (nothing to keep for
    pages that did not exist) and leaves no journal; the database is in WAL after it.
    One left in another mode (WAL could not be turned on) is switched at the next
    write, and both read back what a cold run finds."""
    r = make_repo(tmp_path / "r", BROKEN)
    check_same(r)
    db = cache_dir(r) / DB_FILE
    assert rows(r, "PRAGMA journal_mode") == [("wal",)]
    assert not Path(f"{db}-journal").exists()
    gc.collect()  # the stores of check_same, and their connections
    with contextlib.closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA journal_mode = DELETE").fetchone() == ("delete",)
    write(r, {"data/actions/c.yaml": "title: c\ngoals: [lezen]\nstatus: planned\n"})
    check_same(r)
    assert rows(r, "PRAGMA journal_mode") == [("wal",)]


def test_edit(root: Path) -> None:
    write(root, {A: "title: x\ngoals: [lezen]\nstatus: active\ndue: 2021-09-02\n"})
    found = check_same(root)
    assert [f.message for f in found if f.file == A] == [
        "due 2021-09-02, 18 days ago, and still active"
    ]


def test_edit_keeping_the_same_size_and_mtime(root: Path) -> None:
    p = root / A
    st = p.stat()
    p.write_text(p.read_text().replace("2021-09-01", "2021-09-03"))
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))
    found = check_same(root)
    assert "due 2021-09-03, 17 days ago, and still active" in [f.message for f in found]


def test_rename_and_delete(root: Path) -> None:
    (root / A).rename(root / "data/actions/hernoemd.yaml")
    (root / "data/actions/b.toml").unlink()
    found = check_same(root)
    assert {f.file for f in found} >= {"data/actions/hernoemd.yaml"}
    assert not {A, "data/actions/b.toml"} & {f.file for f in found}
    # files that are gone are forgotten
    kept = {p for (p,) in rows(root, "SELECT path FROM records")}
    assert "data/actions/hernoemd.yaml" in kept and not {A, "data/actions/b.toml"} & kept


def test_touch_without_change(root: Path) -> None:
    before = cold(root)
    os.utime(root / A)
    assert check_same(root) == before


@pytest.mark.parametrize(
    "damage",
    ["empty", "garbage", "truncated", "header-only", "directory"],
)
def test_a_damaged_database_is_ignored_and_rebuilt(root: Path, damage: str) -> None:
    db = cache_dir(root) / DB_FILE
    with sqlite3.connect(db) as conn:  # everything in the main file, no WAL left over
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = db.read_bytes()
    expected = cold(root)
    if damage == "directory":
        db.unlink()
        db.mkdir()
    else:
        db.write_bytes(
            {
                "empty": b"",
                "garbage": b"\xff\xfe not a database " * 300,
                "truncated": raw[: len(raw) // 2],
                "header-only": raw[:100],
            }[damage]
        )
    assert warm(root) == expected
    r = cli("validate", "--repo", str(root))
    assert r.exit_code == 1 and r.stderr == ""
    assert [f.message for f in warm(root)] == [f.message for f in expected]
    if damage != "directory":  # made anew, and read again
        assert len(rows(root, "SELECT path FROM records")) == 4


def test_tampered_entries_are_read_again(root: Path) -> None:
    with sqlite3.connect(cache_dir(root) / DB_FILE) as db:
        db.execute("UPDATE records SET value = X'5b31', loc = X'7b7d7d'")
    assert warm(root) == cold(root)
    assert warm(root) == cold(root)


@pytest.mark.parametrize("what", ["agenda", "schema"])
def test_another_version_is_ignored_and_replaced(
    root: Path, monkeypatch: pytest.MonkeyPatch, what: str
) -> None:
    from netwerkagenda.cache import entry_for

    # a database that would hide every finding, written by another version
    empty = entry_for({"title": "x", "goals": ["lezen"], "status": "active"}, [])
    with sqlite3.connect(cache_dir(root) / DB_FILE) as db:
        db.execute("UPDATE records SET value = ?", (empty,))
    if what == "agenda":
        monkeypatch.setattr(cache_mod, "__version__", "9.9.9")
    else:
        monkeypatch.setattr(cache_mod, "SCHEMA", cache_mod.SCHEMA + 1)
    assert warm(root) == cold(root)
    assert rows(root, "SELECT value FROM meta WHERE key = 'agenda'") == [
        ("9.9.9" if what == "agenda" else cache_mod.__version__,)
    ]
    assert rows(root, "PRAGMA user_version") == [(cache_mod.SCHEMA,)]
    assert warm(root) == cold(root)


def test_settings_change_invalidates(root: Path) -> None:
    write(
        root,
        {
            "agenda.toml": '[agenda]\nname = "x"\nas_of = 2021-09-20\n[groups]\nkinds = ["werkgroep"]\n'
        },
    )
    found = check_same(root)
    assert ("invalid-value", "data/groups/koersgroep-lezen.toml") in {
        (f.code, f.file) for f in found
    }


def test_no_cache_option_and_environment(tmp_path: Path) -> None:
    r = make_repo(tmp_path / "r")
    assert cli("validate", "--repo", str(r), "--no-cache").exit_code == 0
    assert not cache_dir(r).exists()
    assert cli("validate", "--repo", str(r), env={"AGENDA_CACHE": "0"}).exit_code == 0
    assert not cache_dir(r).exists()
    assert cli("validate", "--repo", str(r)).exit_code == 0
    assert (cache_dir(r) / DB_FILE).exists()


def test_cli_output_identical_warm_and_cold(root: Path) -> None:
    cold_out = cli("validate", "--repo", str(root), "--no-cache")
    warm_out = cli("validate", "--repo", str(root))
    assert warm_out.stdout == cold_out.stdout
    assert warm_out.exit_code == cold_out.exit_code == 1


def test_unwritable_cache_is_not_an_error(tmp_path: Path) -> None:
    r = make_repo(tmp_path / "r")
    cache_dir(r).parent.mkdir(parents=True)
    cache_dir(r).write_text("a file where the cache folder would be")
    result = cli("validate", "--repo", str(r))
    assert result.exit_code == 0
    assert result.stderr == ""


def test_a_locked_database_is_read_and_not_written(root: Path) -> None:
    """Another agenda writing: this one waits a moment, then does not cache."""
    write(root, {A: "title: x\ngoals: [lezen]\nstatus: active\ndue: 2021-09-02\n"})
    expected = cold(root)
    holder = sqlite3.connect(cache_dir(root) / DB_FILE, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert warm(root) == expected
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert warm(root) == expected


def test_concurrent_processes_neither_crash_nor_corrupt(tmp_path: Path) -> None:
    r = make_repo(tmp_path / "r", BROKEN)
    expected = cli("validate", "--repo", str(r), "--no-cache")
    env = {**os.environ, "NO_COLOR": "1"}
    for _ in range(2):
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "netwerkagenda", "validate", "--repo", str(r)],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for _ in range(6)
        ]
        for p in procs:
            out, err = p.communicate(timeout=60)
            assert (p.returncode, out.decode(), err.decode()) == (1, expected.stdout, "")
    assert rows(r, "PRAGMA integrity_check") == [("ok",)]


def test_builtin_templates_are_compiled_once(tmp_path: Path) -> None:
    """Jinja2's bytecode of the built-in template is kept in the user's 0700 cache
    folder and gives the same brief; a repository's own template is not kept."""
    from netwerkagenda.cache import TEMPLATES_DIR

    r = make_repo(tmp_path / "r", BROKEN)
    folder = cache_dir(r).parent / TEMPLATES_DIR
    args = ("brief", "--since", "2021-06-01", "--repo", str(r))
    first = cli(*args)
    assert first.exit_code == 0, first.stderr
    kept = sorted(folder.iterdir())
    assert kept and folder.stat().st_mode & 0o777 == 0o700
    assert all(p.stat().st_mode & 0o077 == 0 for p in kept)
    assert cli(*args).stdout == first.stdout == cli(*args, env={"AGENDA_CACHE": "0"}).stdout
    own = (Path(__file__).parent.parent / "templates/brief.nl.md.j2").read_text()
    write(r, {"templates/brief.nl.md.j2": own.replace("{#", "Eigen.\n{#", 1)})
    assert cli(*args).exit_code == 0
    assert sorted(folder.iterdir()) == kept
