"""``validate FILE`` through the store's summary of the working tree (issue #18): the
files asked for are read whole, the rest comes from the summary where a file's stat is
the one it keeps; the findings and output are exactly those of a run without cache,
whatever changed in the other files since the summary was made."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from netwerkagenda.cache import DB_FILE, Store, dumps, loads, stat_key
from netwerkagenda.records import summary
from tests.helpers import cache_dir, cli, make_repo

X = "data/actions/x.yaml"
Y = "data/actions/y.yaml"
GOAL = "data/goals/lezen.yaml"
FILES = {
    X: "title: X\ngoals: [lezen]\nstatus: active\ndepends_on: [y]\ndue: 2022-01-01\n",
    Y: "title: Y\ngoals: [lezen]\nstatus: active\ndue: 2022-01-01\n",
}


def age(root: Path, seconds: float = 10) -> None:
    """Make every file's read in the summary ``seconds`` later than it was: old enough
    for its stat to be trusted (instead of waiting out the racy margin)."""
    with sqlite3.connect(cache_dir(root) / DB_FILE) as db:
        rows = db.execute("SELECT scope, value FROM summaries").fetchall()
        assert rows, "no summary kept"
        for scope, value in rows:
            doc = loads(value)
            doc["read"] = [r + int(seconds * 1e9) for r in doc["read"]]
            db.execute("UPDATE summaries SET value = ? WHERE scope = ?", (dumps(doc), scope))


def edit(root: Path, rel: str, text: str) -> None:
    (root / rel).write_text(text)


def served(root: Path, rel: str) -> set[str]:
    """The files a ``validate rel`` takes from the summary without reading them."""
    store = Store.open(root)
    assert store is not None
    repo = summary.load_focused(root, [rel], store)
    assert repo is not None, "the summary was not used"
    return {r.file for r in repo.records.values() if isinstance(r, summary._Known)}


def assert_exact(root: Path, rel: str) -> list[dict[str, object]]:
    """``validate rel`` through the summary: the output of a run without cache, and
    exactly the findings on ``rel`` of a whole validate without cache. Returns them."""
    for fmt in ("text", "json", "github"):
        fast = cli("validate", "--format", fmt, rel, cwd=root)
        cold = cli("validate", "--no-cache", "--format", fmt, rel, cwd=root)
        assert (fast.exit_code, fast.stdout, fast.stderr) == (
            cold.exit_code,
            cold.stdout,
            cold.stderr,
        )
    whole = json.loads(cli("validate", "--no-cache", "--format", "json", cwd=root).stdout)
    mine = json.loads(cli("validate", "--format", "json", rel, cwd=root).stdout)
    assert mine["findings"] == [f for f in whole["findings"] if f["file"] == rel]
    assert mine["records"] == whole["records"]
    found: list[dict[str, object]] = mine["findings"]
    return found


def codes(found: list[dict[str, object]]) -> list[object]:
    return [f["code"] for f in found]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    r = make_repo(tmp_path / "r", FILES)
    assert cli("validate", cwd=r).exit_code == 0  # keeps the summary
    age(r)
    return r


def test_unchanged_files_come_from_the_summary(root: Path) -> None:
    assert served(root, X) == {
        Y,
        GOAL,
        "data/groups/koersgroep-lezen.toml",
        "data/actions/leesoffensief.yaml",
    }
    assert codes(assert_exact(root, X)) == []


def test_another_file_changed_makes_a_finding_appear_and_go(root: Path) -> None:
    edit(root, Y, FILES[Y].replace("status: active", "status: blocked"))
    assert Y not in served(root, X)  # changed: read again
    found = assert_exact(root, X)
    assert codes(found) == ["waiting-on-dependency"]
    assert "waits on 'y', which is blocked" in str(found[0]["message"])
    age(root)
    edit(root, Y, FILES[Y])
    assert codes(assert_exact(root, X)) == []


def test_a_renamed_id_breaks_the_references_other_files_make(root: Path) -> None:
    (root / Y).rename(root / "data/actions/y2.yaml")
    found = assert_exact(root, X)
    assert codes(found) == ["missing-reference"]
    assert "did you mean 'y2'" in str(found[0]["hint"])
    age(root)
    (root / GOAL).rename(root / "data/goals/lezen-2.yaml")
    assert codes(assert_exact(root, X)) == ["missing-reference", "missing-reference"]


def test_a_duplicate_id_and_the_file_that_keeps_it(root: Path) -> None:
    dup = "data/goals/y.yaml"
    edit(root, dup, "title: Een doel met de id van een actie\n")
    assert codes(assert_exact(root, dup)) == ["duplicate-id"]
    # X now refers to y, the action, as before; the goal file is the duplicate
    assert codes(assert_exact(root, X)) == []
    cli("validate", cwd=root)
    age(root)
    edit(root, Y, "title: [unclosed\n")  # Y holds no record: the goal keeps the id
    assert codes(assert_exact(root, dup)) == []  # (a file that cannot be read may serve it)
    assert codes(assert_exact(root, X)) == ["wrong-kind-reference"]
    age(root)
    (root / Y).unlink()
    assert codes(assert_exact(root, dup)) == ["goal-without-action"]
    assert codes(assert_exact(root, X)) == ["wrong-kind-reference"]


def test_a_cycle_closed_in_another_file_is_reported_on_its_smallest_id(root: Path) -> None:
    edit(root, Y, FILES[Y] + "depends_on: [x]\n")
    found = assert_exact(root, X)  # x < y: the cycle is reported on x, unchanged
    assert codes(found) == ["dependency-cycle"]
    assert assert_exact(root, Y) == []


def test_a_goal_loses_its_last_action_in_other_files(root: Path) -> None:
    for rel in (X, Y, "data/actions/leesoffensief.yaml"):
        edit(root, rel, (root / rel).read_text().replace("status: active", "status: done"))
    found = assert_exact(root, GOAL)
    assert codes(found) == ["goal-without-action"]
    age(root)
    edit(root, Y, FILES[Y])
    assert codes(assert_exact(root, GOAL)) == []


def test_a_rewrite_with_the_same_stat_in_the_racy_window_is_read(root: Path) -> None:
    """The summary keeps Y's stat as it is now, with stale facts (Y done): made just
    after Y's last change (within the racy margin), Y is read again; made well after
    it, the summary is trusted, and its stale facts show (so the first half tests the
    margin alone)."""
    edit(root, Y, FILES[Y].replace("status: active", "status: blocked"))
    st = os.stat(root / Y)
    last = max(st.st_mtime_ns, st.st_ctime_ns)

    def keep(read: int) -> None:
        with sqlite3.connect(cache_dir(root) / DB_FILE) as db:
            ((scope, value),) = db.execute("SELECT scope, value FROM summaries").fetchall()
            doc = loads(value)
            i = doc["path"].index(Y)
            doc["stat"][i], doc["read"][i], doc["status"][i] = stat_key(st), read, "done"
            db.execute("UPDATE summaries SET value = ? WHERE scope = ?", (dumps(doc), scope))

    keep(last + 1_000_000_000)  # read one second after the change: racy
    assert Y not in served(root, X)
    assert codes(assert_exact(root, X)) == ["waiting-on-dependency"]
    cli("validate", cwd=root)  # a new summary, racy again: what is on disk
    keep(last + 10_000_000_000)  # the same stat, read ten seconds after: trusted
    assert Y in served(root, X)
    fast = json.loads(cli("validate", "--format", "json", X, cwd=root).stdout)
    assert fast["findings"] == []  # the stale facts: this is what the margin prevents


def test_a_rewrite_keeping_size_and_mtime_is_read(root: Path) -> None:
    before = os.stat(root / Y)
    edit(root, Y, FILES[Y].replace("due: 2022-01-01", "due: 2021-01-01"))  # late now
    assert os.stat(root / Y).st_size == before.st_size
    os.utime(root / Y, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert Y not in served(root, X)  # its ctime tells
    found = assert_exact(root, X)
    assert codes(found) == ["waiting-on-dependency"]
    assert "which is late" in str(found[0]["message"])


def test_a_touched_file_is_read(root: Path) -> None:
    os.utime(root / Y)
    assert Y not in served(root, X)
    assert codes(assert_exact(root, X)) == []


@pytest.mark.parametrize(
    "forge",
    [
        b"garbage",
        b"",
        b"[1, 2]",
        b'{"format": 1, "files": []}',
        b'{"format": 2, "path": "no"}',
        ("status", "finished"),
        ("status", ["done"]),
        ("due", -3),
        ("due", 10**20),
        ("start", "2021-01-01"),
        ("goals", [1]),
        ("goals", "lezen"),
        ("record", 1),
        ("read", 1.5),
        ("stat", None),
        ("path", "data/actions/x.yaml"),  # twice
        ("depends_on", None, "short"),
    ],
)
def test_a_forged_summary_is_read_as_none(root: Path, forge: bytes | tuple[object, ...]) -> None:
    """The summary's Y as it is (blocked), but for one forged value; read as none, the
    finding on X is there."""
    edit(root, Y, FILES[Y].replace("status: active", "status: blocked"))
    cli("validate", cwd=root)
    age(root)
    with sqlite3.connect(cache_dir(root) / DB_FILE) as db:
        ((scope, value),) = db.execute("SELECT scope, value FROM summaries").fetchall()
        if isinstance(forge, bytes):
            value = forge
        else:
            doc = loads(value)
            column = doc[str(forge[0])]
            if len(forge) == 3:
                column.pop()  # one column shorter than the others
            else:
                column[doc["path"].index(Y)] = forge[1]
            value = dumps(doc)
        db.execute("UPDATE summaries SET value = ? WHERE scope = ?", (value, scope))
    store = Store.open(root)
    assert store is not None
    assert summary.load_focused(root, [X], store) is None  # not used at all
    assert codes(assert_exact(root, X)) == ["waiting-on-dependency"]


def test_a_summary_saying_a_dependency_is_fine_hides_nothing_once_it_changed(
    root: Path,
) -> None:
    """The summary made when Y was fine, then Y blocked: Y's stat tells, Y is read."""
    store = Store.open(root)
    assert store is not None
    assert summary.load_focused(root, [X], store) is not None
    edit(root, Y, FILES[Y].replace("status: active", "status: blocked"))
    assert codes(assert_exact(root, X)) == ["waiting-on-dependency"]


def test_a_summary_of_another_repository_serves_nothing(tmp_path: Path) -> None:
    """Another repository's database, copied in place of this one's: the same paths,
    yet no stat matches, so every file is read."""
    a = make_repo(tmp_path / "a", FILES)
    b = make_repo(tmp_path / "b", {**FILES, Y: FILES[Y].replace("active", "blocked")})
    cli("validate", cwd=a)
    age(a)
    cache_dir(b).mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        src = Path(f"{cache_dir(a) / DB_FILE}{suffix}")
        if src.exists():
            (cache_dir(b) / f"{DB_FILE}{suffix}").write_bytes(src.read_bytes())
    assert served(b, X) == set()
    assert codes(assert_exact(b, X)) == ["waiting-on-dependency"]


def test_other_settings_do_not_use_the_summary(root: Path) -> None:
    settings = (root / "agenda.toml").read_text()
    (root / "agenda.toml").write_text(settings.replace("as_of = 2021-09-20", "as_of = 2022-02-01"))
    store = Store.open(root)
    assert store is not None
    assert summary.load_focused(root, [X], store) is None
    assert codes(assert_exact(root, X)) == ["waiting-on-dependency", "overdue"]


def test_today_is_not_in_the_summary(root: Path) -> None:
    """The date checks of the file asked for and of its dependencies follow --today."""
    for day, want in (("2021-09-20", []), ("2022-02-01", ["waiting-on-dependency", "overdue"])):
        fast = json.loads(cli("validate", "-f", "json", "--today", day, X, cwd=root).stdout)
        cold = json.loads(
            cli("validate", "--no-cache", "-f", "json", "--today", day, X, cwd=root).stdout
        )
        assert fast == cold
        assert [f["code"] for f in fast["findings"]] == want


def test_the_file_asked_for_is_always_read(root: Path) -> None:
    """Even with the summary's stat, X is read: its own findings need its bytes."""
    edit(root, X, FILES[X].replace("due: 2022-01-01", "due: 2021-01-01"))
    assert X not in served(root, X)
    assert codes(assert_exact(root, X)) == ["overdue"]


def test_a_whole_validate_keeps_the_rows_of_the_files_it_read(root: Path) -> None:
    edit(root, Y, FILES[Y].replace("status: active", "status: blocked"))
    cli("validate", cwd=root)  # reads Y: its row is made again
    age(root)
    assert Y in served(root, X)
    assert codes(assert_exact(root, X)) == ["waiting-on-dependency"]


def test_a_summary_that_cannot_be_used_is_made_anew(root: Path) -> None:
    with sqlite3.connect(cache_dir(root) / DB_FILE) as db:
        db.execute("UPDATE summaries SET value = ?", (b"garbage",))
    assert codes(assert_exact(root, X)) == []  # the whole repository loaded, and kept
    age(root)
    assert Y in served(root, X)


RICH = {
    "data/goals/idle.yaml": "title: Niemand dient dit doel\n",
    "data/goals/p.yaml": "title: Een doel met de id van een actie\n",
    "data/groups/a.toml": 'title = "A"\nparent = "b"\n',
    "data/groups/b.toml": 'title = "B"\nparent = "a"\n',
    "data/groups/c.yaml": "title: C\nparent: c\n",
    "data/actions/p.yaml": "title: P\ngoals: [lezen]\nstatus: planned\nstart: 2021-03-01\n"
    "depends_on: [q]\n",
    "data/actions/q.yaml": "title: Q\ngoals: [lezen]\nstatus: blocked\nupdates:\n"
    "  - date: 2021-02-01\n    text: wacht\n  - date: 2021-01-01\n    text: eerder\n"
    "  - date: 2022-01-01\n    text: later\n",
    "data/actions/r.yaml": "title: R\ngoals: [lezen]\nstatus: done\ndepends_on: [p, q]\n",
    "data/actions/s.yaml": "title: S\ngoals: [lezen]\nstatus: active\ndepends_on: [t]\n",
    "data/actions/t.toml": 'title = "T"\ngoals = ["lezen"]\nstatus = "active"\n'
    'depends_on = ["u"]\ndue = 2021-05-01\n',
    "data/actions/u.yaml": "title: U\ngoals: [lezen]\nstatus: active\ndepends_on: [s, t]\n",
    "data/actions/v.yaml": "title: V\ngoals: [lezn]\ngroup: lezen\nstatus: active\n"
    "start: 2021-09-01\ndue: 2021-08-01\n",
    "data/actions/w.yaml": "title: W\ngoals: [lezen]\nstatus: cancelled\ndepends_on: [w]\n"
    "done: 2021-01-01\n",
}


@pytest.mark.parametrize("broken", [False, True])
def test_every_file_of_a_repository_with_every_cross_record_finding(
    tmp_path: Path, broken: bool
) -> None:
    """Each file's findings through the summary are those of a whole validate without
    cache, for every check across records (with a file that cannot be read, which
    silences some of them)."""
    files = dict(RICH)
    if broken:
        files["data/actions/zz-broken.yaml"] = "title: [unclosed\n"
    root = make_repo(tmp_path / "r", files)
    cli("validate", cwd=root)
    age(root)
    found = set()
    for rel in sorted(p.relative_to(root).as_posix() for p in root.glob("data/*/*")):
        age(root)  # the rows the last file's run made (read just now) trusted too
        assert served(root, rel)
        found |= set(codes(assert_exact(root, rel)))
    want = {
        "duplicate-id",
        "parent-cycle",
        "dependency-cycle",
        "late-start",
        "blocked-too-long",
        "updates-out-of-order",
        "update-in-future",
        "done-before-dependency",
        "done-without-date",
        "missing-reference",
        "wrong-kind-reference",
        "date-order",
        "waiting-on-dependency",
        "overdue",
        "done-date-not-done",
        "self-reference",
    }
    assert want <= found
    assert ("goal-without-action" in found) is not broken


def test_the_rows_of_the_files_asked_for_alone_wait_for_another_file(root: Path) -> None:
    """Pre-commit asks for the file being edited time after time: its new row is not
    written for that alone; asked for another file, it is read (its stat tells) and
    its row is kept then."""

    def kept() -> bytes:
        with sqlite3.connect(cache_dir(root) / DB_FILE) as db:
            ((value,),) = db.execute("SELECT value FROM summaries").fetchall()
        return bytes(value)

    before = kept()
    edit(root, X, FILES[X].replace("due: 2022-01-01", "due: 2021-01-01"))
    assert codes(assert_exact(root, X)) == ["overdue"]
    assert kept() == before
    assert X not in served(root, Y)  # read, as changed
    assert codes(assert_exact(root, Y)) == []
    assert kept() != before
    age(root)
    assert X in served(root, Y)
