"""One timeline for a period: the dates written in the records merged with the changes
found in git.

The data's own dates win: a status that turned ``done`` in a commit and a record with a
``done`` date are one event, dated by the record; an update note added in a commit is
dated by the note. History fills in what the data does not say (a due date that moved,
a status change without a date, a record added or removed), dated by its commit.

:func:`resolve_period` turns ``--since``/``--until`` values into a :class:`Period`
(dates, commit boundaries, the commits in range); :func:`timeline` gives the events.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netwerkagenda.errors import UsageError
from netwerkagenda.history.changes import Event, cached_changes
from netwerkagenda.history.git import Commit, Git, GitError, LogEntry, PendingLog, open_git
from netwerkagenda.history.when import AtRevision, LastBrief, OnDate, When

if TYPE_CHECKING:
    from netwerkagenda.model import Record
    from netwerkagenda.repo import Repository

BRIEF_TAG_PREFIX = "brief/"
_TAG_DATE = re.compile(r"^brief/(\d{4}-\d{2}-\d{2})$")


class Period:
    """What a log or brief covers. ``since``/``until`` are the first and last day
    included (``None``: unbounded); ``base`` is the commit the range starts after
    (a ``--since`` revision) and ``tip`` the last commit it may include; ``entries``
    are the commits in range that touch the data, oldest first. Git may still be
    reading them when the period is made (:func:`resolve_period`): the first use of
    ``entries`` waits for it."""

    def __init__(
        self,
        since: dt.date | None,
        until: dt.date | None,
        git: Git | None = None,
        base: str | None = None,
        tip: str | None = None,
        entries: list[LogEntry] | Callable[[], list[LogEntry]] | None = None,
        notes: list[str] | None = None,
    ) -> None:
        self.since = since
        self.until = until
        self.git = git
        self.base = base
        self.tip = tip
        self.notes = notes if notes is not None else []
        self._entries: list[LogEntry] | Callable[[], list[LogEntry]] = entries or []

    @property
    def entries(self) -> list[LogEntry]:
        if callable(self._entries):
            self._entries = self._entries()
        return self._entries

    @entries.setter
    def entries(self, value: list[LogEntry] | Callable[[], list[LogEntry]]) -> None:
        self._entries = value

    @property
    def commits(self) -> list[Commit]:
        return [e.commit for e in self.entries if not e.boundary]

    def contains(self, day: dt.date) -> bool:
        return (self.since is None or day >= self.since) and (
            self.until is None or day <= self.until
        )

    def __repr__(self) -> str:
        return f"Period(since={self.since}, until={self.until}, base={self.base}, tip={self.tip})"


def latest_brief_tag(git: Git) -> tuple[str, str, dt.date] | None:
    """(tag, commit sha, its date) of the newest ``brief/YYYY-MM-DD`` tag."""
    best: tuple[str, str, dt.date] | None = None
    for name, sha in git.tags(BRIEF_TAG_PREFIX + "*"):
        m = _TAG_DATE.match(name)
        if not m:
            continue
        try:
            day = dt.date.fromisoformat(m.group(1))
        except ValueError:
            continue
        if best is None or (day, name) > (best[2], best[0]):
            best = (name, sha, day)
    return best


def _no_history(what: str, git: Git | None) -> UsageError:
    if git is None:
        return UsageError(
            f"{what}: the repository is not in git, so revisions cannot be looked up "
            "(it has no history)",
            hint="use a date (2021-09-20) or a relative phrase ('4 weeks ago')",
        )
    return UsageError(
        f"{what}: the git repository has no commits yet",
        hint="use a date (2021-09-20) or a relative phrase ('4 weeks ago')",
    )


def _revision(git: Git | None, rev: str, option: str) -> Commit:
    if git is None or git.head() is None:
        raise _no_history(f"{option} {rev}", git)
    sha = git.resolve(rev)
    if sha is None:
        hint = "use a tag, branch or commit sha ('git log --oneline' lists them)"
        if git.shallow:
            hint = (
                "this is a shallow clone, so older commits are not here; "
                "run 'git fetch --unshallow' to fetch them"
            )
        raise UsageError(f"{option}: unknown revision {rev!r}", hint=hint)
    return git.commit(sha)


def resolve_period(
    repo: Repository | Path,
    since: When | None,
    until: When | None,
    git: Git | bool | None = True,
) -> Period:
    """The period the values describe, with the commits in it (one ``git log``).
    ``git=True`` looks for the git repository holding ``repo`` (a repository or its
    root folder). Git goes on reading the commits after this returns, so a caller can
    load the working tree meanwhile: the period's ``entries`` wait for git."""
    root = repo if isinstance(repo, Path) else repo.root
    g: Git | None = open_git(root) if git is True else (git or None)
    period = Period(None, None, g)
    head = g.head() if g is not None else None
    # ---- the end
    if isinstance(until, OnDate):
        period.until = until.date
    elif isinstance(until, AtRevision):
        c = _revision(g, until.rev, "--until")
        period.tip, period.until = c.sha, c.day
    elif isinstance(until, LastBrief):
        tag = latest_brief_tag(g) if g is not None and head else None
        if tag is None:
            raise UsageError("--until last: there is no brief/YYYY-MM-DD tag yet")
        period.tip, period.until = tag[1], tag[2]
    # ---- the start
    if isinstance(since, OnDate):
        period.since = since.date
    elif isinstance(since, AtRevision):
        c = _revision(g, since.rev, "--since")
        period.base, period.since = c.sha, c.day + dt.timedelta(days=1)
    elif isinstance(since, LastBrief):
        tag = latest_brief_tag(g) if g is not None and head else None
        if tag is None:
            raise UsageError(
                "--since last: there is no brief/YYYY-MM-DD tag yet",
                hint="'agenda brief --since DATE --tag' makes one after writing a brief",
            )
        period.base, period.since = tag[1], tag[2] + dt.timedelta(days=1)
    if period.since and period.until and period.since > period.until:
        raise UsageError(
            f"the period starts ({period.since}) after it ends ({period.until})",
            hint="--since must come before --until",
        )
    # ---- the commits
    if g is None:
        period.notes.append("no git repository: events come from the dates in the records only")
        return period
    if head is None:
        period.notes.append(
            "the git repository has no commits yet: events come from the dates in the records only"
        )
        return period
    tip = period.tip or head
    period.tip = tip
    try:
        pending = g.start_log(tip, period.base, after=period.since if period.base is None else None)
    except GitError as exc:
        raise UsageError(exc.message) from None
    period.entries = partial(_in_period, pending, period.since, period.base, until)
    if g.shallow:
        oldest = _shallow_oldest(g)
        if oldest is not None and (period.since is None or period.since <= oldest):
            period.notes.append(
                f"this is a shallow clone: git history before {oldest.isoformat()} is not here, "
                "so changes before then come from the dates in the records only "
                "(run 'git fetch --unshallow' for the full history)"
            )
    return period


def _in_period(
    pending: PendingLog, since: dt.date | None, base: str | None, until: When | None
) -> list[LogEntry]:
    """The entries of a started log that fall in the period."""
    try:
        entries = pending.result()
    except GitError as exc:
        raise UsageError(exc.message) from None
    return [
        e
        for e in entries
        if (base is not None or since is None or e.commit.day >= since)
        and (not isinstance(until, OnDate) or e.commit.day <= until.date)
    ]


def _shallow_oldest(git: Git) -> dt.date | None:
    days = []
    for sha in sorted(git.shallow_commits()):
        try:
            days.append(git.commit(sha).day)
        except GitError:
            continue
    return min(days) if days else None


# --------------------------------------------------------------------------- events


def record_events(record: Record) -> list[Event]:
    """The events the dates written in one record tell."""
    rid, kind, title = record.id, record.kind, record.title

    def event(date: dt.date, what: str, **kw: Any) -> Event:
        return Event(date, what, rid, kind, title, source="data", **kw)

    out = [
        event(u.date, "update", text=" ".join(u.text.split()), author=u.author)
        for u in record.updates()
    ]
    names: tuple[tuple[str, str], ...]
    if kind == "action":
        names = (("start", "started"), ("done", "done"))
    elif kind == "group":
        names = (("started", "started"), ("ended", "ended"))
    else:
        names = ()
    for name, what in names:
        day = record.date(name)
        if day is not None:
            out.append(event(day, what, field=name, new=day))
    return out


def merge(data: list[Event], history: list[Event]) -> list[Event]:
    """Merge the events of the data with those of git: the same fact told by both
    becomes one event, dated by the data and carrying the commit."""
    merged = list(data)
    index: dict[tuple[str, str, object], int] = {}
    for i, e in enumerate(merged):
        if e.kind == "update":
            index[(e.record, "update", (e.date, e.text))] = i
        elif e.kind in ("done", "started", "ended"):
            index.setdefault((e.record, e.kind, None), i)
    for h in history:
        key: tuple[str, str, object] | None = None
        if h.kind == "update":
            key = (h.record, "update", (h.date, h.text))
        elif h.kind == "status" and h.new == "done":
            key = (h.record, "done", None)
        elif h.kind == "status" and h.new == "active":
            key = (h.record, "started", None)
        elif h.kind in ("done", "started", "ended"):
            key = (h.record, h.kind, None)
        hit = index.get(key) if key is not None else None
        if hit is not None and merged[hit].commit is not None:
            continue  # already told, by the data and an earlier commit
        if hit is not None:
            d = merged[hit]
            merged[hit] = replace(
                d,
                source="both",
                commit=h.commit,
                old=h.old if h.kind == "status" else d.old,
                author=d.author or h.author,
            )
            continue
        merged.append(h)
    return merged


def timeline(
    period: Period,
    repos: list[Repository],
    record: str | None = None,
) -> list[Event]:
    """The events of ``period``, oldest first: the dates written in the records of
    ``repos`` (e.g. the state at the period's end and the working tree: a date told by
    either counts once) within the period's dates, merged with the changes in the
    period's commits."""
    settings = repos[0].settings
    seen: set[tuple[str, str, dt.date, str | None]] = set()
    data: list[Event] = []
    for repo in repos:
        for rec in sorted(repo.records.values(), key=lambda r: r.id):
            if record is not None and rec.id != record:
                continue
            for e in record_events(rec):
                key = (e.record, e.kind, e.date, e.text)
                if key not in seen:
                    seen.add(key)
                    data.append(e)
    history: list[Event] = []
    if period.git is not None and period.entries:
        history = cached_changes(period.git, period.entries, settings, repos)
        if record is not None:
            history = [e for e in history if e.record == record or _renamed_to(e, record)]
    in_range = {c.sha for c in period.commits}
    events = merge(data, history)
    out = [
        e
        for e in events
        if period.contains(e.date) or (e.commit is not None and e.commit.sha in in_range)
    ]
    return sorted(out, key=Event.sort_key)


def _renamed_to(e: Event, record: str) -> bool:
    return e.kind == "renamed" and isinstance(e.old, str) and f"/{record}." in e.old


def newest_first(events: list[Event]) -> list[Event]:
    """Newest day and commit first; within one commit the natural order (added, status,
    due, ..., removed)."""
    from netwerkagenda.history.changes import KIND_ORDER

    def key(e: Event) -> tuple[object, ...]:
        stamp = e.commit.date.timestamp() if e.commit else 0.0
        return (
            -e.date.toordinal(),
            -stamp,
            e.record,
            KIND_ORDER.get(e.kind, 99),
            e.field or "",
            e.text or "",
        )

    return sorted(events, key=key)


def repository_as_of(repo: Repository, value: str) -> tuple[Repository, dt.date]:
    """The repository as it was at ``value`` (``--as-of``): a date or relative phrase
    gives the state at the last commit on or before that day, a revision its state.
    Returns the repository and the day to use as "today"."""
    from netwerkagenda.history.git import commit_on, repository_at_commit
    from netwerkagenda.history.when import parse_when

    when = parse_when(value, repo.today(), "--as-of")
    g = open_git(repo.root)
    if isinstance(when, LastBrief):
        tag = latest_brief_tag(g) if g is not None and g.head() else None
        if tag is None or g is None:
            raise UsageError("--as-of last: there is no brief/YYYY-MM-DD tag yet")
        return repository_at_commit(g, tag[1]), tag[2]
    if isinstance(when, AtRevision):
        rc = _revision(g, when.rev, "--as-of")
        assert g is not None
        state = repository_at_commit(g, rc.sha)
        # a snapshot that names an earlier date ([agenda] as_of) describes that day
        as_of = state.settings.as_of
        return state, min(as_of, rc.day) if as_of else rc.day
    assert isinstance(when, OnDate)
    if g is None or g.head() is None:
        raise UsageError(
            f"--as-of needs git history, and {repo.root} "
            + ("is not in a git repository" if g is None else "has no commits yet"),
            hint="without --as-of, status shows the records as they are now",
        )
    c = commit_on(g, when.date)
    if c is None:
        hint = "the first commit is later; pick a later date"
        if g.shallow:
            hint = "this is a shallow clone; run 'git fetch --unshallow' for older history"
        raise UsageError(f"--as-of {value}: git has no commit on or before {when.date}", hint=hint)
    return repository_at_commit(g, c.sha), when.date
