"""The history caches cannot lie: ``agenda log`` and ``agenda brief`` print exactly what a
run without any cache prints, on the first cached run, on a warm run, after a new
commit, with a corrupt cache, in a shallow clone (and after unshallowing it) and with a
data repository in a subfolder of the git tree. The history is built once per module
and copied for each test."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from netwerkagenda.cache import DB_FILE, RACY_NS
from netwerkagenda.git import Commit, Git, LogEntry, PendingLog
from netwerkagenda.history.changes import Event, _events_in, _events_out
from tests.helpers import ACTION, GitRepo, cache_dir, cli, git, make_repo

A = "data/actions/leesoffensief.yaml"
BOEKSTART = "title: BoekStart\ngoals: [lezen]\nstatus: planned\ndue: 2022-01-01\n"
UPDATE = "updates:\n  - date: 2021-08-14\n    text: Eerste scholen doen mee.\n    author: KB\n"
TOML = (
    'title = "Leesoffensief"\ngoals = ["lezen"]\nstatus = "done"\n'
    'group = "koersgroep-lezen"\nstart = 2021-06-01\ndue = 2023-06-30\ndone = 2021-09-03\n'
)
COMMANDS = (
    ("log",),
    ("log", "--format", "json"),
    ("log", "--since", "2021-07-10"),
    ("log", "leesoffensief"),
    ("brief", "--since", "2021-01-01"),
    ("brief", "--since", "2021-07-10", "--until", "2021-09-01"),
)
Outputs = list[tuple[int, str, str]]


def _history(root: Path, data: str = "") -> GitRepo:
    """Every kind of change: add, status, due moved twice, an update note, a rename, a
    YAML to TOML move, a deletion and a merge. ``data``: the data repository's folder
    inside the git tree."""
    g = GitRepo(root)
    d = root / data if data else root
    make_repo(d)
    p = f"{data}/" if data else ""
    g.commit("Begin", "2021-06-01")
    g.commit("Gepland", "2021-06-10", {p + A: ACTION.replace("status: active", "status: planned")})
    g.commit("Weer actief", "2021-06-15", {p + A: ACTION})
    g.commit("Later", "2021-07-01", {p + A: ACTION.replace("2022-06-01", "2022-12-31")})
    g.commit("Nog later", "2021-07-15", {p + A: ACTION.replace("2022-06-01", "2023-06-30")})
    g.commit(
        "Voortgang", "2021-08-15", {p + A: ACTION.replace("2022-06-01", "2023-06-30") + UPDATE}
    )
    g.git("checkout", "-q", "-b", "zijtak")
    g.commit("Op de zijtak", "2021-08-20", {p + "data/actions/boekstart.yaml": BOEKSTART})
    g.git("checkout", "-q", "main")
    g.commit("Op main", "2021-08-21", {p + "data/goals/lezen.yaml": "title: Lezen\norder: 1\n"})
    stamp = "2021-08-22T12:00:00+02:00"
    env = {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    git(root, "merge", "-q", "--no-ff", "zijtak", "-m", "Samenvoegen", env=env)
    g.git("mv", p + A, p + "data/actions/lees-offensief.yaml")
    g.commit("Hernoemd", "2021-09-01")
    g.commit(
        "Naar TOML",
        "2021-09-03",
        {
            p + "data/actions/lees-offensief.yaml": None,
            p + "data/actions/lees-offensief.toml": TOML,
        },
    )
    g.commit("Weg ermee", "2021-09-05", {p + "data/actions/boekstart.yaml": None})
    return g


def _run(root: Path, cache: bool) -> Outputs:
    out = []
    for args in COMMANDS:
        r = cli(*args, cwd=root, env={"AGENDA_CACHE": "1" if cache else "0"})
        out.append((r.exit_code, r.stdout, r.stderr))
    return out


def _same_cold_and_cached(root: Path, cold: Outputs | None = None) -> Outputs:
    cold = cold or _run(root, cache=False)
    assert _run(root, cache=True) == cold
    assert _run(root, cache=True) == cold
    return cold


def _count(root: Path, table: str) -> int:
    with sqlite3.connect(cache_dir(root) / DB_FILE) as db:
        n: int = db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        return n


@contextlib.contextmanager
def git_calls() -> Iterator[list[tuple[str, ...]]]:
    """The arguments of every git command agenda runs within the block (real git)."""
    calls: list[tuple[str, ...]] = []
    real_run, real_spawn = Git.run, Git.spawn

    def spy(self: Git, *args: str, **kw: Any) -> Any:
        calls.append(args)
        return real_run(self, *args, **kw)

    def spy_spawn(self: Git, *args: str, **kw: Any) -> Any:
        calls.append(args)
        return real_spawn(self, *args, **kw)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Git, "run", spy)
        mp.setattr(Git, "spawn", spy_spawn)
        yield calls


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Outputs]]:
    """The history of :func:`_history` and its output without a cache, made once."""
    base = tmp_path_factory.mktemp("history")
    with pytest.MonkeyPatch.context() as mp:
        home = base / "home"
        home.mkdir()
        (home / ".gitconfig").write_text("[user]\n\tname = T\n\temail = t@example.org\n")
        mp.setenv("HOME", str(home))
        mp.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
        mp.setenv("GIT_CONFIG_NOSYSTEM", "1")
        mp.setenv("TZ", "UTC")
        mp.setenv("XDG_CACHE_HOME", str(home / ".cache"))
        g = _history(base / "r")
        yield g.root, _run(g.root, cache=False)


@pytest.fixture
def hist(built: tuple[Path, Outputs], tmp_path: Path) -> tuple[GitRepo, Outputs]:
    """A copy of the module's history (at the same depth of folders) and its cold output."""
    dest = tmp_path / "r"
    shutil.copytree(built[0], dest, symlinks=True)
    g = GitRepo.__new__(GitRepo)
    g.root = dest
    return g, built[1]


def test_cold_first_warm_and_after_a_new_commit(hist: tuple[GitRepo, Outputs]) -> None:
    g, cold = hist
    assert _run(g.root, cache=False) == cold  # a copy prints what the original does
    _same_cold_and_cached(g.root, cold)
    assert all(code == 0 for code, _, _ in cold), cold
    assert _count(g.root, "commits") and _count(g.root, "blobs")
    assert _count(g.root, "events") == 3  # three ranges: all, since 07-10, 07-10..09-01
    text = cold[0][1]
    for what in (
        "hernoemd",
        "2 keer verschoven",
        "notitie: Eerste scholen",
        "verwijderd",
        "afgerond",
    ):
        assert what in text
    assert "boekstart         toegevoegd" in text  # the merge brings the branch's file
    # a warm run reads no blob and runs no git log for the changes, only a rev-list
    with git_calls() as calls:
        for args, expected in zip(COMMANDS, cold, strict=True):
            if args[0] == "log":
                r = cli(*args, cwd=g.root)
                assert (r.exit_code, r.stdout, r.stderr) == expected
    assert [a for a in calls if a[0] == "rev-list"]
    assert not [a for a in calls if a[0] == "cat-file" or "--raw" in a]
    # a new commit: the cached runs include it
    g.commit("Nieuw", "2021-09-10", {"data/actions/boekstart.yaml": BOEKSTART})
    after = _same_cold_and_cached(g.root)
    assert after != cold
    assert "2021-09-10" in after[0][1].splitlines()[0]


def test_commit_message_that_is_not_utf8(hist: tuple[GitRepo, Outputs], tmp_path: Path) -> None:
    """A commit message in another encoding (its bytes kept as lone surrogates) is
    cached and read back exactly."""
    g, _ = hist
    (tmp_path / "bericht").write_bytes(b"Caf\xe9 \xff gesloten\n")
    write_env = {"GIT_AUTHOR_DATE": "2021-09-08T12:00:00+02:00"}
    (g.root / "data/actions/boekstart.yaml").write_text(BOEKSTART)
    g.git("add", "-A")
    git(g.root, "commit", "-q", "-F", str(tmp_path / "bericht"), env=write_env)
    cold = _same_cold_and_cached(g.root)
    assert all(code == 0 for code, _, _ in cold), cold
    assert "gesloten" in cold[0][1] or "gesloten" in cold[1][1]


@pytest.mark.parametrize(
    "damage",
    [
        "garbage",
        "truncated",
        "UPDATE commits SET value = X'5b5d'",  # []
        "UPDATE commits SET value = X'7b7d'",  # {}
        "UPDATE blobs SET value = X'5b312c7b7d5d'",  # [1,{}]
        "UPDATE events SET value = X'7b226576656e7473223a5b5b315d5d7d'",  # {"events":[[1]]}
        "UPDATE events SET value = X'ff'",
    ],
)
def test_a_damaged_store_gives_the_cold_output(hist: tuple[GitRepo, Outputs], damage: str) -> None:
    g, cold = hist
    _same_cold_and_cached(g.root, cold)
    db = cache_dir(g.root) / DB_FILE
    with sqlite3.connect(db) as conn:
        if damage.startswith("UPDATE"):
            conn.execute(damage)
            conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    if damage == "garbage":
        db.write_bytes(b"\x00not sqlite" * 1000)
    elif damage == "truncated":
        db.write_bytes(db.read_bytes()[:8192])
    assert _run(g.root, cache=True) == cold
    assert _run(g.root, cache=True) == cold


def test_truncated_entries_give_the_cold_output(hist: tuple[GitRepo, Outputs]) -> None:
    """Entries of the right kind that lost their last part (a commit's files, an event's
    dates)."""
    g, cold = hist
    _same_cold_and_cached(g.root, cold)
    from netwerkagenda.cache import dumps, loads

    with sqlite3.connect(cache_dir(g.root) / DB_FILE) as db:
        for table, key in (("commits", "sha"), ("events", "key")):
            for k, raw in db.execute(f"SELECT {key}, value FROM {table}").fetchall():
                v = loads(raw)
                if isinstance(v, dict):
                    v["events"] = [row[:-2] for row in v["events"]]
                else:
                    v = v[:-1]
                db.execute(f"UPDATE {table} SET value = ? WHERE {key} = ?", (dumps(v), k))
    assert _run(g.root, cache=True) == cold


def test_cache_that_cannot_be_written(hist: tuple[GitRepo, Outputs]) -> None:
    g, cold = hist
    cache_dir(g.root).parent.mkdir(parents=True, exist_ok=True)
    cache_dir(g.root).write_text("a file where the cache folder should be")
    assert _run(g.root, cache=True) == cold


def test_shallow_clone_and_unshallow(hist: tuple[GitRepo, Outputs], tmp_path: Path) -> None:
    g, full = hist
    clone = g.shallow_clone(tmp_path / "clone", depth=3)
    cold = _same_cold_and_cached(clone)
    assert "shallow clone" in cold[0][2]
    # the boundary commit is a baseline, not "everything added"
    assert "lezen             toegevoegd" not in cold[0][1]
    # fetching the rest gives the boundary commit its parent: the cache must see that
    git(clone, "fetch", "-q", "--unshallow")
    after = _same_cold_and_cached(clone)
    assert after != cold
    assert "shallow clone" not in after[0][2]
    assert after[0][1] == full[0][1]


def test_data_repository_in_a_subfolder(tmp_path: Path) -> None:
    g = _history(tmp_path / "r", data="programma")
    cold = _same_cold_and_cached(g.root / "programma")
    assert "hernoemd: leesoffensief → lees-offensief" in (cold[0][1])


def test_events_serialise_losslessly() -> None:
    c = Commit("a" * 40, (), dt.datetime(2021, 6, 1, 12, tzinfo=dt.UTC), "A", "a@x", "m")
    entries = [LogEntry(c)]
    base = Event(dt.date(2021, 6, 1), "field", "x", "action", "X", author="A", commit=c)
    events = [
        base,
        Event(dt.datetime(2021, 6, 1, 9, 30), "update", "x", "action", "X", text="t", commit=c),
        Event(dt.date(2021, 6, 1), "due", "x", "action", "X", "due", dt.date(2021, 1, 1), None,
              commit=c, moves=2),
        Event(dt.date(2021, 6, 1), "field", "x", "action", "X", "f",
              [dt.date(2021, 1, 1), {"a": dt.datetime(2021, 1, 1, 1, tzinfo=dt.UTC)}],
              {"n": [1, 2.5, -0.0, True, None, "s"]}, commit=c),
    ]  # fmt: skip
    doc = _events_out(events, entries)
    assert doc is not None
    back = _events_in(json.loads(json.dumps(doc)), entries)
    assert back == events
    assert [type(e.date) for e in back] == [type(e.date) for e in events]
    assert back[3].old[1]["a"].tzinfo == dt.UTC
    # a value JSON cannot give back exactly is not cached at all
    odd = Event(dt.date(2021, 6, 1), "field", "x", "action", "X", "t", dt.time(9, 30), commit=c)
    assert _events_out([odd], entries) is None
    assert _events_out([base], []) is None  # a commit outside the range


def test_a_followed_file_does_not_stand_in_for_the_whole_range(tmp_path: Path) -> None:
    """agenda show reads one record's file over the same commits as a log of all data
    (here every commit touches it): its events are cached apart, so a later log still
    tells every record's changes."""
    g = GitRepo(tmp_path / "r")
    make_repo(g.root)
    g.commit("Begin", "2021-06-01")
    g.commit("Geblokkeerd", "2021-07-01", {A: ACTION.replace("active", "blocked")})
    g.commit("Klaar", "2021-08-01", {A: ACTION.replace("active", "done") + "done: 2021-07-30\n"})
    cold = cli("log", cwd=g.root, env={"AGENDA_CACHE": "0"})
    assert "koersgroep-lezen  toegevoegd" in cold.stdout
    for args in (("show", "leesoffensief"), ("log",), ("show", "leesoffensief"), ("log",)):
        r = cli(*args, cwd=g.root)
        assert r.exit_code == 0, r.output
        if args == ("log",):
            assert (r.stdout, r.stderr) == (cold.stdout, cold.stderr)
    assert _count(g.root, "events") == 1  # show keeps nothing (yet), log its range


def test_the_installed_command_has_written_its_caches_when_it_returns(
    hist: tuple[GitRepo, Outputs],
) -> None:
    """The real `agenda` process, cold then warm: a cold log or brief prints what it
    prints without a cache and leaves every entry written; the warm run reads them and
    writes nothing."""
    import subprocess
    import sys

    agenda = str(Path(sys.executable).parent / "agenda")
    g, _ = hist
    folder = cache_dir(g.root)

    def run(*args: str, cache: str = "1") -> tuple[int, str, str]:
        env = {**os.environ, "AGENDA_CACHE": cache, "NO_COLOR": "1"}
        p = subprocess.run([agenda, *args], cwd=g.root, env=env, capture_output=True, text=True)
        return p.returncode, p.stdout, p.stderr

    # a file changed less than RACY_NS before a run reads it is read again by the next
    # run, which then keeps its settled stat (git's racy rule; ctime cannot be set
    # back): on a loaded machine the cold run may come that soon after the checkout
    files = [g.root / "agenda.toml", *(g.root / "data").rglob("*")]
    newest = max(max(p.stat().st_mtime_ns, p.stat().st_ctime_ns) for p in files)
    time.sleep(max(0.0, (newest + RACY_NS) / 1e9 + 0.1 - time.time()))
    for args in (("brief", "--since", "2021-01-01"), ("log", "--since", "2021-07-10")):
        expected = run(*args, cache="0")
        assert expected[0] == 0, expected
        shutil.rmtree(folder, ignore_errors=True)
        assert run(*args) == expected  # cold
        for table in ("commits", "blobs", "records", "events"):
            assert _count(g.root, table), table
        with sqlite3.connect(folder / DB_FILE) as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        written = (folder / DB_FILE).read_bytes()
        assert run(*args) == expected  # warm: read back, nothing new to write
        assert (folder / DB_FILE).read_bytes() == written
        wal = folder / f"{DB_FILE}-wal"
        assert not wal.exists() or not wal.stat().st_size


def _spied(root: Path, *args: str) -> tuple[tuple[int, str, str], list[tuple[str, ...]]]:
    """One CLI run and the git commands it ran."""
    with git_calls() as calls:
        r = cli(*args, cwd=root)
    return (r.exit_code, r.stdout, r.stderr), calls


def test_the_first_parent_chain_is_kept_by_its_tip(hist: tuple[GitRepo, Outputs]) -> None:
    """A dated period lists the whole first-parent chain (clock skew hides nothing); the
    store keeps the last chain by its tip: the same tip lists nothing, a new commit
    lists only itself, and a rewritten or reset history is listed whole again, each
    printing what a run without a cache prints."""
    g, _ = hist
    args = ("log", "--since", "2021-07-10")
    _same_cold_and_cached(g.root)

    def chain_calls(calls: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
        return [a for a in calls if a[:3] == ("log", "--first-parent", "--format=%at %H %P")]

    def cold() -> tuple[int, str, str]:
        r = cli(*args, cwd=g.root, env={"AGENDA_CACHE": "0"})
        return r.exit_code, r.stdout, r.stderr

    out, calls = _spied(g.root, *args)
    assert out == cold()
    assert chain_calls(calls) == []  # the same tip: nothing listed
    g.commit("Nieuw", "2021-09-10", {"data/actions/boekstart.yaml": BOEKSTART})
    out, calls = _spied(g.root, *args)
    assert [a[-2] for a in chain_calls(calls)] == [f"^{g.git('rev-parse', 'HEAD~1').strip()}"]
    assert "2021-09-10" in out[1]
    assert out == cold()
    # a rewritten tip (amend) and a reset to an older one: listed whole, told truly
    stamp = "2021-09-11T12:00:00+00:00"
    env = {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    git(g.root, "commit", "-q", "--amend", "-m", "Anders", env=env)
    for _ in range(2):
        _same_cold_and_cached(g.root)
    git(g.root, "reset", "-q", "--hard", "HEAD~2")
    after = _same_cold_and_cached(g.root)
    assert "2021-09-1" not in after[0][1]


def test_since_when_blocked_is_read_through_the_store(tmp_path: Path) -> None:
    """validate and status date a blocked action's block from git; a warm run reads
    the commits from the store instead of walking the history with --raw again."""
    g = GitRepo(tmp_path / "r")
    make_repo(g.root)
    g.commit("Begin", "2021-06-01")
    g.commit("Geblokkeerd", "2021-07-01", {A: ACTION.replace("status: active", "status: blocked")})
    for args in (("validate",), ("status",)):
        cold = cli(*args, cwd=g.root, env={"AGENDA_CACHE": "0"})
        first, _ = _spied(g.root, *args)
        warm, calls = _spied(g.root, *args)
        assert first == warm == (cold.exit_code, cold.stdout, cold.stderr)
        assert not [a for a in calls if "--raw" in a], calls


def _on_hold_then_resumed(root: Path) -> GitRepo:
    """An action on hold from 1 July 2021, resumed on 1 September 2021."""
    g = GitRepo(root)
    make_repo(g.root)
    g.commit("Begin", "2021-06-01")
    g.commit("Geblokkeerd", "2021-07-01", {A: ACTION.replace("status: active", "status: blocked")})
    g.commit("Andere actie", "2021-07-20", {"data/actions/boekstart.yaml": BOEKSTART})
    g.commit("Weer actief", "2021-09-01", {A: ACTION})
    return g


def _hold_entries(root: Path) -> list[tuple[str, str]]:
    with contextlib.closing(sqlite3.connect(cache_dir(root) / DB_FILE)) as db:
        rows = db.execute("SELECT scope, key FROM blobs WHERE key LIKE 'blocked-since %'")
        return list(rows)


def test_since_when_on_hold_at_a_briefs_start_is_kept_by_the_start_commit(
    tmp_path: Path,
) -> None:
    """A brief tells since when an action on hold when its period began had been on
    hold; the store keeps that by the commit before the period, so a warm run lists no
    history behind the period and reads no file's versions, and prints what a run
    without a cache prints."""
    g = _on_hold_then_resumed(tmp_path / "r")
    args = ("brief", "--since", "2021-08-01", "--lang", "en")
    cold = cli(*args, cwd=g.root, env={"AGENDA_CACHE": "0"})
    assert "on hold since 1 July 2021" in cold.stdout
    first, _ = _spied(g.root, *args)
    assert len(_hold_entries(g.root)) == 1
    warm, calls = _spied(g.root, *args)
    assert first == warm == (cold.exit_code, cold.stdout, cold.stderr)
    assert not [a for a in calls if a[:1] in (("cat-file",), ("rev-list",))], calls


@pytest.mark.parametrize(
    "value",
    [
        b"not json",
        b'{"since": []}',
        b'{"since": {"data/actions/leesoffensief.yaml": 20210701}}',
        b'{"since": {"data/actions/leesoffensief.yaml": "1 July"}}',
        b'{"since": {"data/actions/other.yaml": "2021-08-15"}}',
        b"[]",
    ],
)
def test_a_garbage_on_hold_entry_is_ignored(tmp_path: Path, value: bytes) -> None:
    """An entry of since-when-on-hold that is not one agenda wrote for these files is
    read as missing: the brief is the one a run without a cache prints."""
    g = _on_hold_then_resumed(tmp_path / "r")
    args = ("brief", "--since", "2021-08-01", "--lang", "en")
    cold = cli(*args, cwd=g.root, env={"AGENDA_CACHE": "0"})
    cli(*args, cwd=g.root)
    [(scope, key)] = _hold_entries(g.root)
    with contextlib.closing(sqlite3.connect(cache_dir(g.root) / DB_FILE)) as db, db:
        db.execute("UPDATE blobs SET value = ? WHERE scope = ? AND key = ?", (value, scope, key))
    again = cli(*args, cwd=g.root)
    assert (again.exit_code, again.stdout) == (cold.exit_code, cold.stdout)
    assert "on hold since 1 July 2021" in again.stdout


def test_since_when_blocked_at_a_commit_warm_equals_cold(tmp_path: Path) -> None:
    """blocked_since_at through a store: the first answer is kept, the second read back,
    and both are what it gives without a store; other files are another entry."""
    from netwerkagenda.cache import Store
    from netwerkagenda.history.since import blocked_since_at

    g = _on_hold_then_resumed(tmp_path / "r")
    git_ = Git.open(g.root)
    assert git_ is not None
    tip = g.git("rev-parse", "HEAD~1").strip()
    files = {A: "leesoffensief", "data/actions/boekstart.yaml": "boekstart"}
    bare = blocked_since_at(git_, tip, files)
    assert bare == {"leesoffensief": dt.date(2021, 7, 1)}
    store = Store.open(g.root)
    assert store is not None
    assert blocked_since_at(git_, tip, files, store=store) == bare
    store.close()
    with git_calls() as calls:
        assert blocked_since_at(git_, tip, files, store=store) == bare
    assert calls == []
    with git_calls() as calls:
        assert blocked_since_at(git_, tip, {A: "renamed-id"}, store=store) == {
            "renamed-id": dt.date(2021, 7, 1)
        }
    assert [a for a in calls if a[:1] == ("cat-file",)], calls  # other files: not kept yet
    store.close()


@pytest.mark.parametrize("how", ["replace", "graft"])
def test_grafts_and_replace_refs_are_not_read_through_the_store(tmp_path: Path, how: str) -> None:
    """A replace ref (other content under the same sha) or a graft (other parents) makes
    the commits the store kept by sha another history's: with one in place, log and brief
    print what a run without a cache prints."""
    g = _on_hold_then_resumed(tmp_path / "r")
    commands = (
        ("log", "--since", "2021-06-15"),
        ("brief", "--since", "2021-06-15", "--lang", "en"),
    )
    for args in commands:
        cli(*args, cwd=g.root)
    resumed = g.git("rev-parse", "HEAD").strip()
    if how == "replace":  # the resume's commit, with its parent's tree: it never happened
        body = g.git("cat-file", "commit", resumed)
        tree = g.git("rev-parse", "HEAD~1^{tree}").strip()
        lines = body.splitlines()
        lines[0] = f"tree {tree}"
        new = subprocess.run(
            ["git", "hash-object", "-t", "commit", "-w", "--stdin"],
            cwd=g.root, input="\n".join(lines) + "\n", capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        g.git("replace", resumed, new)
    else:  # the resume follows the first commit: the block was never committed
        (g.root / ".git/info").mkdir(exist_ok=True)
        first = g.git("rev-list", "--max-parents=0", "HEAD").strip()
        (g.root / ".git/info/grafts").write_text(f"{resumed} {first}\n")
    for args in commands:
        fresh = cli(*args, cwd=g.root, env={"AGENDA_CACHE": "0"})
        cached = cli(*args, cwd=g.root)
        assert (cached.exit_code, cached.stdout) == (fresh.exit_code, fresh.stdout), args


def test_a_range_grown_by_new_commits_walks_only_those(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After new commits, the events kept for the range without them are read back and
    only the new commits are walked: a deadline moved before and after (told as moved
    twice), a rename, a record removed and one whose new version does not parse (its
    last good state lies before: the whole range is walked then) all print what a run
    without a cache prints. (Every grown range is kept here; see the next test.)"""
    from netwerkagenda.history import changes

    monkeypatch.setattr(changes, "KEEP_AFTER", 1)
    g = _on_hold_then_resumed(tmp_path / "r")
    args = [("log", "--since", "2021-06-15"), ("brief", "--since", "2021-06-15", "--lang", "en")]
    moved = ACTION.replace("due: 2022-06-01", "due: 2022-09-01")
    g.commit("Uitgesteld", "2021-09-05", {A: moved})

    real_walk = changes._walk

    walked: list[int] = []  # the commits each history walk went through

    def spy(walk: Any, entries: list[LogEntry]) -> list[Event]:
        walked.append(len(entries))
        return real_walk(walk, entries)

    def same(expect_walked: list[int] | None) -> None:
        for a in args:
            fresh = cli(*a, cwd=g.root, env={"AGENDA_CACHE": "0"})
            walked.clear()
            with pytest.MonkeyPatch.context() as mp:
                mp.setattr(changes, "_walk", spy)
                cached = cli(*a, cwd=g.root)
            assert (cached.exit_code, cached.stdout) == (fresh.exit_code, fresh.stdout), a
            if expect_walked is not None and a[0] == "log":
                assert walked == expect_walked

    same(None)
    g.commit("Weer uitgesteld", "2021-09-10", {A: moved.replace("2022-09-01", "2022-12-01")})
    same([1])  # the new commit only
    assert "moved twice" in cli(*args[1], cwd=g.root).stdout
    git(g.root, "mv", A, "data/actions/lezen-voor-iedereen.yaml")
    g.commit("Hernoemd", "2021-09-12")
    same([1])
    g.commit("Weg", "2021-09-14", {"data/actions/boekstart.yaml": None})
    same([1])
    g.commit("Kapot", "2021-09-15", {"data/actions/lezen-voor-iedereen.yaml": "title: [\n"})
    same([1])
    g.commit("Hersteld", "2021-09-16", {"data/actions/lezen-voor-iedereen.yaml": moved})
    entries = len(g.git("rev-list", "HEAD").split()) - 1  # those after the first commit
    same([1, entries])  # its last good state is before the new commit: then all of them


def test_a_range_grown_by_a_few_commits_is_not_kept_again(tmp_path: Path) -> None:
    """A range that grew by fewer than KEEP_AFTER commits is not written again (its
    events are a few MB in a large history; walking the few commits costs less): each
    run resumes from the range kept before them, and prints what an uncached run does;
    once the growth reaches KEEP_AFTER commits, the grown range is kept."""
    from netwerkagenda.history import changes

    g = _on_hold_then_resumed(tmp_path / "r")
    args = ("log", "--since", "2021-06-15")
    cli(*args, cwd=g.root)
    real_walk = changes._walk
    walked: list[int] = []

    def spy(walk: Any, entries: list[LogEntry]) -> list[Event]:
        walked.append(len(entries))
        return real_walk(walk, entries)

    def kept_ranges() -> int:
        with contextlib.closing(sqlite3.connect(cache_dir(g.root) / DB_FILE)) as db:
            return int(db.execute("SELECT count(*) FROM events").fetchone()[0])

    assert kept_ranges() == 1
    for n in range(1, changes.KEEP_AFTER + 1):
        text = ACTION.replace("due: 2022-06-01", f"due: 2022-07-{n:02d}")
        g.commit(f"Verzet {n}", f"2021-09-{n + 1:02d}", {A: text})
        fresh = cli(*args, cwd=g.root, env={"AGENDA_CACHE": "0"})
        walked.clear()
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(changes, "_walk", spy)
            once = cli(*args, cwd=g.root)
            again = cli(*args, cwd=g.root)
        assert once.stdout == again.stdout == fresh.stdout
        assert walked == ([n, n] if n < changes.KEEP_AFTER else [n]), (n, walked)
        assert kept_ranges() == (1 if n < changes.KEEP_AFTER else 2)


def _children() -> set[int]:
    """This process's child processes (Linux)."""
    out: set[int] = set()
    for task in Path("/proc/self/task").iterdir():
        with contextlib.suppress(OSError):
            out.update(int(p) for p in (task / "children").read_text().split())
    return out


def test_a_first_brief_reads_the_history_behind_its_period_ahead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no commits in the store, the history behind the period (since when the
    actions on hold at its start had been) is read by a git at low priority while the
    period is walked: the brief is what a run without a cache prints, every commit is
    kept, and no git is left running; when no action was on hold at the start, the
    read ahead is stopped, and a warm run reads none."""
    if not Path("/proc/self/task").is_dir():
        pytest.skip("needs Linux's /proc to list child processes")
    g = _on_hold_then_resumed(tmp_path / "r")
    started: list[bool] = []
    cancelled: list[bool] = []
    real_start, real_cancel = Git.start_log, PendingLog.cancel

    def start_log(self: Git, *a: Any, **k: Any) -> PendingLog:
        started.append(bool(k.get("background")))
        return real_start(self, *a, **k)

    def cancel(self: PendingLog) -> None:
        cancelled.append(self._finish is not None)  # stopped before its result was read
        real_cancel(self)

    monkeypatch.setattr(Git, "start_log", start_log)
    monkeypatch.setattr(PendingLog, "cancel", cancel)
    before = _children()
    args = ("brief", "--since", "2021-08-01", "--lang", "en")
    fresh = cli(*args, cwd=g.root, env={"AGENDA_CACHE": "0"})
    assert "on hold since 1 July 2021" in fresh.stdout
    assert started.count(True) == 1 and cancelled == [False]  # read and used
    started.clear(), cancelled.clear()
    first = cli(*args, cwd=g.root)
    assert (first.exit_code, first.stdout) == (fresh.exit_code, fresh.stdout)
    assert started.count(True) == 1 and cancelled == [False]
    with contextlib.closing(sqlite3.connect(cache_dir(g.root) / DB_FILE)) as db:
        kept = {r[0] for r in db.execute("SELECT sha FROM commits")}
    assert kept == set(g.git("rev-list", "HEAD").split())
    started.clear(), cancelled.clear()
    assert cli(*args, cwd=g.root).stdout == fresh.stdout
    assert True not in started  # the store has the commits: nothing is read ahead
    # nothing on hold when the period began: the read ahead is stopped unused
    started.clear(), cancelled.clear()
    shutil.rmtree(cache_dir(g.root))
    late_args = ("brief", "--since", "2021-06-15", "--lang", "en")
    late = cli(*late_args, cwd=g.root)
    assert started.count(True) == 1 and cancelled == [True]
    assert late.stdout == cli(*late_args, cwd=g.root, env={"AGENDA_CACHE": "0"}).stdout
    assert _children() <= before


def test_a_git_read_ahead_runs_at_low_priority(tmp_path: Path) -> None:
    """``Git.spawn(nice=True)``: the process runs 10 steps nicer than this one."""
    if not hasattr(os, "getpriority"):
        pytest.skip("no process priorities here")
    g = GitRepo(tmp_path / "r")
    make_repo(g.root)
    g.commit("Begin", "2021-06-01")
    git_ = Git.open(g.root)
    assert git_ is not None
    running = git_.spawn("rev-parse", "HEAD", nice=True)
    try:  # git is not waited for yet: its pid is still its own, even when it has ended
        niceness = os.getpriority(os.PRIO_PROCESS, running._proc.pid)
    finally:
        running.output()
    assert niceness == min(19, os.getpriority(os.PRIO_PROCESS, 0) + 10)
