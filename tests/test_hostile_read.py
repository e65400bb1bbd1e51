"""Hostile reads (issue #17, points 3, 8 and 9): caches a clone brings, single bad
values anywhere in the tree or in git history, commits with a skewed clock. Paths that
lead out are in test_confine.py, an unreadable ``agenda.toml`` in test_settings.py.
Each case asserts its exact outcome and that no traceback reaches the user; the rules
are in docs/hostile.md."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.helpers import (
    ACTION,
    GitRepo,
    blocked_then_done,
    cache_dir,
    clean,
    cli,
    git,
    make_repo,
)

if TYPE_CHECKING:
    from netwerkagenda.cache import Store

A = "data/actions/leesoffensief.yaml"


# --------------------------------------------------------------------------- 3: caches


def _forge(db: Path, fill: Callable[[Store], None]) -> None:
    """A cache database at ``db`` as agenda writes it, holding what ``fill`` puts in."""
    from netwerkagenda.cache import Store

    store = Store(db)
    fill(store)
    store.close()  # saved, and its connection closed now, not whenever it is collected
    assert db.is_file()


def _forge_records_cache(root: Path, rel: str, raw: bytes, data: dict[str, object]) -> None:
    """What someone could commit with ``git add -f``: a cache entry, keyed exactly as
    agenda keys it, that says the file at ``rel`` with bytes ``raw`` is ``data`` and
    has no problems."""
    from netwerkagenda.cache import DB_FILE, entry_for, file_key
    from netwerkagenda.settings import load_settings

    digest = load_settings(root)[0].digest
    entry = entry_for(data, [])
    assert entry is not None
    _forge(
        root / ".agenda-cache" / DB_FILE,
        lambda s: s.put_record(rel, digest, file_key(rel, raw), entry),
    )


BROKEN = b"title: Leesoffensief\ngoals: [lezen\nstatus: active\n"


def test_a_forged_cache_in_a_clone_does_not_hide_a_syntax_error(tmp_path: Path) -> None:
    g = blocked_then_done(tmp_path / "bron")
    (g.root / A).write_bytes(BROKEN)
    good = {"title": "Leesoffensief", "goals": ["lezen"], "status": "active"}
    _forge_records_cache(g.root, A, BROKEN, good)
    g.git("add", "-f", ".agenda-cache/cache.sqlite", A)
    g.commit("Cache erbij", "2021-08-02")
    clone = tmp_path / "ci"
    git(tmp_path, "clone", "-q", str(g.root), str(clone))
    assert (clone / ".agenda-cache/cache.sqlite").is_file()
    r = clean(cli("validate", A, cwd=clone), 1)
    assert f"{A}:3:7: error yaml-syntax" in r.stdout
    r = clean(cli("show", "leesoffensief", cwd=clone), 2)
    assert "cannot be read" in r.stderr


def test_a_forged_commit_cache_in_a_clone_is_not_read(tmp_path: Path) -> None:
    g = blocked_then_done(tmp_path / "bron")
    head = g.git("rev-parse", "HEAD")
    parents = g.git("rev-parse", "HEAD~1")
    from netwerkagenda.cache import DB_FILE
    from netwerkagenda.git import _digest

    forged = [[parents], "2021-08-01T12:00:00+02:00", "Mallory", "m@x", "VERVALST", []]
    _forge(
        g.root / ".agenda-cache" / DB_FILE, lambda s: s.put_commit(_digest("git "), head, forged)
    )
    g.git("add", "-f", ".agenda-cache")
    g.commit("Cache erbij", "2021-08-02")
    clone = tmp_path / "ci"
    git(tmp_path, "clone", "-q", str(g.root), str(clone))
    cold = clean(cli("log", cwd=clone, env={"AGENDA_CACHE": "0"}), 0)
    warm = clean(cli("log", cwd=clone), 0)
    assert warm.stdout == cold.stdout
    assert "Mallory" not in warm.stdout


def test_a_cache_folder_others_may_write_in_is_not_used(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r", {A: BROKEN})
    clean(cli("validate", cwd=root), 1)  # the cache now holds the true entry
    mine = cache_dir(root)
    good = {"title": "Leesoffensief", "goals": ["lezen"], "status": "active"}
    from netwerkagenda.cache import DB_FILE, entry_for, file_key
    from netwerkagenda.settings import load_settings

    digest = load_settings(root)[0].digest
    entry = entry_for(good, [])
    assert entry is not None
    _forge(mine / DB_FILE, lambda s: s.put_record(A, digest, file_key(A, BROKEN), entry))
    before = {p.name: p.read_bytes() for p in mine.iterdir()}
    os.chmod(mine.parent, 0o777)  # someone else could have written that
    r = clean(cli("validate", cwd=root), 1)
    assert "yaml-syntax" in r.stdout
    assert {p.name: p.read_bytes() for p in mine.iterdir()} == before  # nor written


# --------------------------------------------------------------------------- 8: bad values

HEAD_YAML = "title: Slecht\ngoals: [lezen]\nstatus: active\n"
HEAD_TOML = "title = 'Slecht'\ngoals = ['lezen']\nstatus = 'active'\n"
BAD_VALUES: dict[str, tuple[str, bytes, str]] = {
    # shape: (file, bytes, the finding's code)
    "toml-600-tables": (
        "data/actions/slecht.toml",
        (HEAD_TOML + "[x-a" + ".a" * 600 + "]\nb = 1\n").encode(),
        "too-deep",
    ),
    "toml-600-inline": (
        "data/actions/slecht.toml",
        (HEAD_TOML + "x-a = " + "{a = " * 600 + "1" + "}" * 600 + "\n").encode(),
        "too-deep",
    ),
    "yaml-600-deep": (
        "data/actions/slecht.yaml",
        (HEAD_YAML + "x-a: " + "{a: " * 600 + "1" + "}" * 600 + "\n").encode(),
        "too-deep",
    ),
    "toml-5000-digits": (
        "data/actions/slecht.toml",
        (HEAD_TOML + "progress = " + "7" * 5000 + "\n").encode(),
        "toml-syntax",
    ),
    "yaml-5000-digits": (
        "data/actions/slecht.yaml",
        (HEAD_YAML + "progress: " + "7" * 5000 + "\n").encode(),
        "wrong-type",
    ),
    "yaml-nan-progress": (
        "data/actions/slecht.yaml",
        (HEAD_YAML + "progress: .nan\n").encode(),
        "wrong-type",
    ),
    "toml-inf-progress": (
        "data/actions/slecht.toml",
        (HEAD_TOML + "progress = inf\n").encode(),
        "wrong-type",
    ),
    "toml-nan-amount": (
        "data/actions/slecht.toml",
        (HEAD_TOML + "[budget]\namount = nan\n").encode(),
        "invalid-number",
    ),
    "toml-inf-amount": (
        "data/actions/slecht.toml",
        (HEAD_TOML + "[budget]\namount = -inf\n").encode(),
        "invalid-number",
    ),
    "yaml-400-digit-budget": (
        "data/actions/slecht.yaml",
        (HEAD_YAML + "budget: {amount: " + "9" * 400 + "}\n").encode(),
        "out-of-range",
    ),
    "toml-400-digit-budget": (
        "data/actions/slecht.toml",
        (HEAD_TOML + "budget = {amount = " + "9" * 400 + "}\n").encode(),
        "out-of-range",
    ),
    "yaml-1e308-budget": (
        "data/actions/slecht.yaml",
        (HEAD_YAML + "budget: {amount: 1.0e+308}\n").encode(),
        "out-of-range",
    ),
    "goal-indicator-inf": (
        "data/goals/slecht.toml",
        b"title = 'Slecht'\n[[indicators]]\nid = 'x'\ntitle = 'X'\ntarget = inf\n"
        b"measurements = [{date = 2021-07-01, value = nan}]\n",
        "invalid-number",
    ),
    "calendar-ends": (
        "data/actions/slecht.yaml",
        (
            HEAD_YAML + "start: 0001-01-01\ndue: 9999-12-31\n"
            "updates:\n  - {date: 0001-01-01, text: Begin}\n  - {date: 9999-12-31, text: Eind}\n"
        ).encode(),
        "",
    ),
    "done-at-the-end": (
        "data/actions/slecht.yaml",
        b"title: Slecht\ngoals: [lezen]\nstatus: done\nstart: 0001-01-01\ndone: 9999-12-31\n",
        "",
    ),
    "name-not-utf8": ("data/actions/\udcff\udcfe.yaml", HEAD_YAML.encode(), "invalid-id"),
    "folder-not-utf8": ("data/\udcff/slecht.yaml", HEAD_YAML.encode(), "invalid-id"),
}
READING = (
    ("status",),
    ("status", "-f", "json"),
    ("list", "actions"),
    ("list", "goals", "-f", "json"),
    ("list", "actions", "--sum", "budget.amount"),
    ("list", "actions", "--sum", "progress", "-f", "json"),
    ("show", "leesoffensief"),
    ("show", "lezen"),
    ("log",),
    ("log", "--since", "2021-01-01"),
    ("brief", "--since", "2021-01-01"),
    ("status", "--today", "9999-12-20"),
)


def _place(root: Path, rel: str, raw: bytes) -> None:
    p = os.path.join(os.fsencode(root), os.fsencode(rel))
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "wb") as fh:
        fh.write(raw)


@pytest.mark.parametrize("shape", sorted(BAD_VALUES))
def test_one_bad_value_in_the_working_tree_is_a_finding_on_its_file(
    tmp_path: Path, shape: str
) -> None:
    rel, raw, code = BAD_VALUES[shape]
    g = blocked_then_done(tmp_path / "r")
    _place(g.root, rel, raw)
    for cache in ("0", "1", "1"):  # cold, then through the cache
        r = cli("validate", "-f", "json", cwd=g.root, env={"AGENDA_CACHE": cache})
        clean(r, 1 if code else r.exit_code)
        shown = os.fsencode(rel).decode("utf-8", "backslashreplace")
        mine = [
            f
            for f in json.loads(r.stdout)["findings"]
            if f["file"] in (rel, shown) or shown.startswith(f["file"] + "/")
        ]
        assert mine or not code, r.stdout
        if code:
            assert code in {f["code"] for f in mine}, mine
        for args in READING:
            r = clean(cli(*args, cwd=g.root, env={"AGENDA_CACHE": cache}), 0)
    bad_id = os.path.splitext(os.path.basename(rel))[0]
    if bad_id == "slecht":
        r = cli("show", "slecht", cwd=g.root)
        assert r.exit_code in (0, 2) and "Traceback" not in r.output


@pytest.mark.parametrize("shape", sorted(BAD_VALUES))
def test_history_goes_on_past_one_bad_blob(tmp_path: Path, shape: str) -> None:
    rel, raw, _ = BAD_VALUES[shape]
    g = blocked_then_done(tmp_path / "r")
    _place(g.root, rel, raw)
    g.commit("Slecht", "2021-08-10")
    bad = g.git("rev-parse", "HEAD")
    g.git("rm", "-rq", "--", os.path.dirname(rel) if "\udcff/" in rel else rel)
    g.commit("Weg", "2021-08-20", {A: ACTION.replace("active", "blocked")})
    for cache in ("0", "1", "1"):
        env = {"AGENDA_CACHE": cache}
        for args in (
            ("log",),
            ("log", "--since", "2021-08-01"),
            ("log", "leesoffensief"),
            ("brief", "--since", "2021-08-01"),
            ("show", "leesoffensief"),
            ("status", "--as-of", "2021-08-15"),
            ("status", "--as-of", bad),
            ("status", "--as-of", "2021-08-15", "-f", "json"),
        ):
            r = clean(cli(*args, cwd=g.root, env=env), 0)
        r = clean(cli("log", "--since", "2021-08-01", cwd=g.root, env=env), 0)
        assert "geblokkeerd" in r.stdout  # the commit after the bad one is there


@pytest.mark.parametrize(
    "args",
    [
        ("log", "--since", "0001-01-01"),
        ("log", "--until", "9999-12-01"),
        ("log", "--since", "0001-01-01", "--until", "9999-12-31"),
        ("brief", "--since", "0001-01-01"),
        ("brief", "--since", "2021-01-01", "--until", "9999-12-31"),
        ("brief", "--since", "0001-01-01", "--until", "0001-01-01"),
        ("status", "--as-of", "9999-12-31"),
        ("status", "--today", "9999-12-31"),
        ("status", "--today", "0001-01-01"),
        ("list", "actions", "--where", "due < today+30", "--today", "9999-12-30"),
        ("list", "actions", "--where", "due > today-30", "--today", "0001-01-02"),
        ("validate", "--today", "9999-12-31"),
        ("validate", "--today", "0001-01-01"),
    ],
)
def test_dates_at_the_ends_of_the_calendar_work(tmp_path: Path, args: tuple[str, ...]) -> None:
    g = blocked_then_done(tmp_path / "r")
    _place(g.root, *BAD_VALUES["calendar-ends"][:2])
    r = cli(*args, cwd=g.root)
    assert r.exit_code in (0, 1), r.output
    assert "Traceback" not in r.output and "This is a bug" not in r.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("status", "--as-of", "0001-01-01"), "git has no commit on or before 0001-01-01"),
        (("log", "--since", "9999-12-31"), "the period starts (9999-12-31) after it ends"),
        (("log", "--since", "99999 years ago"), "goes back too far"),
        (("list", "actions", "--where", "due < today+99999999"), "is not a date"),
    ],
)
def test_dates_beyond_the_history_are_a_clear_exit_2(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    g = blocked_then_done(tmp_path / "r")
    r = clean(cli(*args, cwd=g.root), 2)
    assert message in r.stderr


# --------------------------------------------------------------------------- 9: clock skew


def _skewed(root: Path, skew: str) -> GitRepo:
    """Five commits; the third has a skewed clock (``skew`` as author and committer
    date), the others lie in August 2021."""
    g = GitRepo(root)
    make_repo(root)
    g.commit("Begin", "2021-06-01")
    g.commit("Geblokkeerd", "2021-08-02", {A: ACTION.replace("active", "blocked")})
    g.commit("Scheve klok", skew, {A: ACTION.replace("active", "planned")})
    g.commit("Weer actief", "2021-08-10", {A: ACTION})
    g.commit("Klaar", "2021-08-20", {A: ACTION.replace("active", "done") + "done: 2021-08-19\n"})
    return g


@pytest.mark.parametrize(
    "skew",
    ["1970-01-01T00:00:01+00:00", "2001-05-05T12:00:00+00:00", "2099-01-01T12:00:00+00:00"],
    ids=["1970", "long-ago", "future"],
)
@pytest.mark.parametrize("cache", ["0", "1"])
def test_a_skewed_clock_drops_no_commit_of_the_period(
    tmp_path: Path, skew: str, cache: str
) -> None:
    g = _skewed(tmp_path / "r", skew)
    env = {"AGENDA_CACHE": cache}
    for _ in range(2):  # cold and warm
        r = clean(cli("log", "--since", "2021-08-01", "-f", "json", cwd=g.root, env=env), 0)
        doc = json.loads(r.stdout)
        # every commit dated in the period is there, also those behind the skewed one
        assert doc["commits"] == 3, doc
        messages = {e["commit"]["message"] for e in doc["events"] if e.get("commit")}
        assert {"Geblokkeerd", "Klaar"} <= messages, messages
        assert "Scheve klok" not in messages
        r = clean(cli("brief", "--since", "2021-08-01", cwd=g.root, env=env), 0)
        first = g.git("rev-parse", "--short=7", "HEAD~3")  # "Geblokkeerd", behind the skew
        assert f"3 commits, van {first} (2 augustus 2021)" in r.stdout
        r = clean(cli("log", "--since", "2021-08-01", "--until", "2021-08-05", cwd=g.root), 0)
        assert "→ geblokkeerd" in r.stdout and "afgerond" not in r.stdout


def test_a_skewed_committer_date_alone_drops_nothing(tmp_path: Path) -> None:
    """A rebase on a machine with a bad clock: the author date is right, the committer
    date 1970."""
    g = GitRepo(tmp_path / "r")
    make_repo(g.root)
    g.commit("Begin", "2021-06-01")
    g.commit("Geblokkeerd", "2021-08-02", {A: ACTION.replace("active", "blocked")})
    (g.root / A).write_text(ACTION.replace("active", "planned"))
    g.git("add", "-A")
    dates = {
        "GIT_AUTHOR_DATE": "2021-08-05T12:00:00+02:00",
        "GIT_COMMITTER_DATE": "1970-01-01T00:00:01+00:00",
    }
    git(g.root, "commit", "-q", "-m", "Scheve klok", env=dates)
    g.commit("Klaar", "2021-08-20", {A: ACTION.replace("active", "done") + "done: 2021-08-19\n"})
    assert g.git("log", "-1", "--skip=1", "--format=%cd %ad", "--date=short") == (
        "1970-01-01 2021-08-05"
    )
    for cache in ("0", "1", "1"):
        r = cli(
            "log", "--since", "2021-08-01", "-f", "json", cwd=g.root, env={"AGENDA_CACHE": cache}
        )
        doc = json.loads(clean(r, 0).stdout)
        messages = {e["commit"]["message"] for e in doc["events"] if e.get("commit")}
        assert doc["commits"] == 3 and {"Geblokkeerd", "Scheve klok", "Klaar"} <= messages


def test_history_goes_on_past_a_broken_agenda_toml_in_an_old_commit(tmp_path: Path) -> None:
    g = blocked_then_done(tmp_path / "r")
    good = (g.root / "agenda.toml").read_text()
    g.commit("Kapot", "2021-08-05", {"agenda.toml": good + "language = \n"})
    broken = g.git("rev-parse", "HEAD")
    g.commit("Heel", "2021-08-06", {"agenda.toml": good, A: ACTION.replace("active", "blocked")})
    for args in (
        ("log", "--since", "2021-07-01"),
        ("brief", "--since", "2021-07-01"),
        ("status", "--as-of", broken),
        ("status", "--as-of", "2021-08-05"),
        ("show", "leesoffensief"),
    ):
        clean(cli(*args, cwd=g.root), 0)
