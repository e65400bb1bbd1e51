"""Layer 1 of the brief: the period, and what the brief reads for it.

:func:`brief_period` resolves the period; :func:`read_period` reads the repository at
the period's end (from git, when it has it), the records as they were at its start,
and the events between (:func:`~netwerkagenda.history.timeline.timeline`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netwerkagenda.errors import Input, UsageError
from netwerkagenda.history.changes import Event
from netwerkagenda.history.timeline import Period, resolve_period, timeline
from netwerkagenda.history.when import OnDate, When

if TYPE_CHECKING:
    from netwerkagenda.cache import Store
    from netwerkagenda.git import Git, PendingLog
    from netwerkagenda.model import Record
    from netwerkagenda.records.repository import Repository

LANGS = ("nl", "en")


@dataclass
class PeriodData:
    """What a brief is made of: the repository at the period's end, the other
    repositories whose records count (the working tree, when ``end`` is read from git),
    the records at the start (``None``: git has no state from before the period), and
    the events between."""

    end: Repository
    extra: list[Repository]
    start: dict[str, Record] | None
    events: list[Event]
    on_hold: dict[str, dt.date] = field(default_factory=dict)  # see _start_on_hold


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        from netwerkagenda.suggest import did_you_mean

        raise UsageError(
            (Input.LANGUAGE, f" must be one of {', '.join(LANGS)}, not {lang!r}"),
            hint=did_you_mean(lang, LANGS),
        )
    return lang


def brief_period(
    root: Path,
    today: dt.date,
    since: When | None,
    until: When | None,
    store: Store | None = None,
) -> Period:
    """The period of a brief (``until`` absent: ``today``); git goes on reading its
    commits in the background (:func:`~netwerkagenda.history.timeline.resolve_period`),
    through the caches of ``store``."""
    if since is None:
        raise UsageError(
            (Input.PERIOD_START, " is required"),
            hint=(
                "e.g. ",
                Input.PERIOD_START,
                " 2021-06-16, ",
                Input.PERIOD_START,
                " '4 weeks ago' or ",
                Input.PERIOD_START,
                " last",
            ),
        )
    return resolve_period(root, since, until if until is not None else OnDate(today), store=store)


def read_period(
    repo: Repository, period: Period, until: When, today: dt.date | None = None
) -> PeriodData:
    """The repository at the end of the period, when git has it (the working tree's
    record dates count too: data written later about the period), the records at its
    start, and the events between, none dated after ``today`` (default: the settings'
    reference day; see :func:`~netwerkagenda.history.timeline.timeline`)."""
    from netwerkagenda.git import commit_on
    from netwerkagenda.history.states import repository_at_commit

    repos = [repo]
    end = repo
    at: str | None = None
    g = period.git
    if g is not None and period.tip is not None:
        at = period.tip
        if isinstance(until, OnDate):
            c = commit_on(g, until.date, period.tip)
            at = c.sha if c is not None else None
        if at is not None and at != g.head():
            end = repository_at_commit(g, at, period.store)
            repos = [end, repo]
    behind = _read_behind(g, period) if at is not None else None
    try:
        # the walk of the period's commits parses the files' versions from before the
        # period too (the first change of each file starts from one): the start is read
        # from what it parsed, with the versions of a file side by side
        events = timeline(period, repos, today=today)
        start = _records_at_start(g, period, end) if at is not None else None
        # since when the actions on hold at the start had been (git's dates)
        on_hold = _start_on_hold(g, period, start, end, behind) if start is not None else {}
    finally:
        if behind is not None:
            behind.cancel()  # not needed: no action was on hold, or the store knew
    return PeriodData(end, repos[1:], start, events, on_hold)


def _read_behind(g: Git | None, period: Period) -> PendingLog | None:
    """The history behind the period, read at low priority while the period's commits
    are walked (:meth:`~netwerkagenda.git.Git.start_log`), when the store has no
    commits (a first run): since when the actions on hold at the start had been is read
    from it, and a first brief that waited for it after the walk took 0.2 s longer (a
    year of the benchmark's 10,000 commits). Later runs find their answer in the store,
    or read only the commits it lacks."""
    entries = period.entries
    if g is None or not entries or entries[0].boundary or not entries[0].commit.parents:
        return None
    if period.store is not None and period.store.has_commits(g.scope, pending=False):
        return None
    return g.start_log(entries[0].commit.parents[0], store=period.store, background=True)


def _start_on_hold(
    g: Any,
    period: Period,
    start: dict[str, Record],
    end: Repository,
    behind: PendingLog | None = None,
) -> dict[str, dt.date]:
    """Since when the actions on hold when the period began had been on hold, by id at
    the start: for those no longer on hold at its end, the brief tells since when they
    had been (git's dates, :func:`~netwerkagenda.history.since.blocked_since_at`, from
    ``behind`` when :func:`_read_behind` started it)."""
    from netwerkagenda.history.since import blocked_since_at

    entries = period.entries
    if not entries or not entries[0].commit.parents:
        return {}
    files = {
        r.file: rid
        for rid, r in start.items()
        if r.kind == "action"
        and r.status == "blocked"
        and getattr(end.records.get(rid), "status", None) != "blocked"
    }
    tip = entries[0].commit.parents[0]
    return blocked_since_at(g, tip, files, store=period.store, log=behind)


def _records_at_start(g: Any, period: Period, end: Repository) -> dict[str, Record] | None:
    """The records as they were when the period began (``None``: git has no state from
    before it: the period starts before the first commit, or in a shallow clone's
    oldest one). A file no commit in the period touched is as it is at the end; for the
    others the state before the first commit that touched them is taken from the
    period's walk (:attr:`Period.parses`) or the store's parses, and read (one batched
    ``git cat-file`` and the parser) only where neither has it."""
    from netwerkagenda.model import Record
    from netwerkagenda.records.repository import _load_files, build_repository

    entries = period.entries
    if not entries:
        return dict(end.records)
    if entries[0].boundary or not entries[0].commit.parents:
        return None
    touched: set[str] = set()
    old: dict[str, str] = {}  # path -> its blob when the period began
    for e in entries:
        for f in e.files:
            if f.old_path and f.old_path not in touched and f.old_blob:
                old[f.old_path] = f.old_blob
            touched.update(p for p in (f.old_path, f.new_path) if p)
    records = {rid: r for rid, r in end.records.items() if r.file not in touched}
    from netwerkagenda.history.changes import kept_parses, parses_of, record_of_path

    kept = parses_of(period.parses, old)
    rest = {rel: blob for rel, blob in old.items() if rel not in kept}
    kept.update(kept_parses(period.store, end.settings, rest) if rest else {})
    unread: dict[str, str] = {}
    for rel, blob in sorted(old.items()):
        info = record_of_path(rel)
        if info is None:
            continue
        if rel not in kept:
            unread[rel] = blob
        elif isinstance(kept[rel], dict):
            records.setdefault(info[1], Record(info[0], info[1], rel, kept[rel]))
    if unread:
        blobs = g.read_blobs(set(unread.values()))
        files = [(rel, blobs.get(blob, b"")) for rel, blob in sorted(unread.items())]
        results = _load_files(end.settings, files)  # record paths (record_of_path)
        parsed = build_repository(end.root, end.settings, results)
        for rid, rec in parsed.records.items():
            records.setdefault(rid, rec)
    return records
