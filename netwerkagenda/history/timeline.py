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
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netwerkagenda.days import add_days
from netwerkagenda.errors import Input, NoBriefTag, UsageError
from netwerkagenda.git import Commit, Git, GitError, LogEntry, PendingLog
from netwerkagenda.history.changes import (
    KIND_ORDER,
    WITH_RECORD,
    Event,
    cached_changes,
    indicators_of,
    measurement_events,
    renamed_ids,
)
from netwerkagenda.history.when import AtRevision, LastBrief, OnDate, When
from netwerkagenda.perf import paused_gc

if TYPE_CHECKING:
    from netwerkagenda.cache import Store
    from netwerkagenda.model import Record
    from netwerkagenda.records.repository import Repository

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
        store: Store | None = None,
    ) -> None:
        self.since = since
        self.until = until
        self.git = git
        self.base = base
        self.tip = tip
        self.notes = notes if notes is not None else []
        self.store = store  # the caches its commits and events are read through
        # the record files' versions a history walk of the period parsed (by blob id
        # and kind: see history.changes.parses_of); none when its events were cached
        self.parses: dict[tuple[str, str], Any] = {}
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


def taggable(git: Git | None) -> Git:
    """``git`` if a brief can be tagged in it: a repository with commits."""
    if git is None or git.head() is None:
        raise UsageError((Input.TAG, " needs a git repository with commits"))
    return git


def tag_brief(git: Git, until: dt.date) -> str:
    """Tag HEAD ``brief/YYYY-MM-DD`` (``until``: the brief's last day), so the next
    brief can start after it (``last``); returns the tag's name. A tag already on HEAD
    is kept; one on another commit is an error, never moved."""
    name = BRIEF_TAG_PREFIX + until.isoformat()
    existing = git.resolve(f"refs/tags/{name}")
    if existing is not None and existing != git.head():
        raise UsageError(
            (Input.TAG, f": tag {name} already exists on another commit"),
            hint=f"delete it first with 'git tag -d {name}' if it should move",
        )
    if existing is None:
        git.create_tag(name)
    return name


def _no_history(what: Sequence[str | Input], git: Git | None) -> UsageError:
    if git is None:
        return UsageError(
            (
                *what,
                ": the repository is not in git, so revisions cannot be looked up "
                "(it has no history)",
            ),
            hint="use a date (2021-09-20) or a relative phrase ('4 weeks ago')",
        )
    return UsageError(
        (*what, ": the git repository has no commits yet"),
        hint="use a date (2021-09-20) or a relative phrase ('4 weeks ago')",
    )


def _revision(git: Git | None, rev: str, what: Input) -> Commit:
    if git is None or git.head() is None:
        raise _no_history((what, f" {rev}"), git)
    sha = git.resolve(rev)
    if sha is None:
        hint = "use a tag, branch or commit sha ('git log --oneline' lists them)"
        if git.shallow:
            hint = (
                "this is a shallow clone, so older commits are not here; "
                "run 'git fetch --unshallow' to fetch them"
            )
        raise UsageError((what, f": unknown revision {rev!r}"), hint=hint)
    return git.commit(sha)


def resolve_period(
    repo: Repository | Path,
    since: When | None,
    until: When | None,
    git: Git | bool | None = True,
    store: Store | None = None,
) -> Period:
    """The period the values describe, with the commits in it (one ``git log``).
    ``git=True`` looks for the git repository holding ``repo`` (a repository or its
    root folder); ``store``: the caches to read commits and events through. Git goes
    on reading the commits after this returns, so a caller can load the working tree
    meanwhile: the period's ``entries`` wait for git."""
    root = repo if isinstance(repo, Path) else repo.root
    g: Git | None = Git.open(root) if git is True else (git or None)
    if g is not None and g.rewritten():  # what the store kept by sha may be another's
        store = None
    period = Period(None, None, g, store=store)
    head = g.head() if g is not None else None
    _set_end(period, until, g, head)
    _set_start(period, since, g, head)
    if period.since and period.until and period.since > period.until:
        raise UsageError(
            f"the period starts ({period.since}) after it ends ({period.until})",
            hint=(Input.PERIOD_START, " must come before ", Input.PERIOD_END),
        )
    if g is None or head is None:
        period.notes.append(
            "no git repository: events come from the dates in the records only"
            if g is None
            else "the git repository has no commits yet: "
            "events come from the dates in the records only"
        )
        return period
    _start_commits(period, g, head, until)
    return period


def _set_end(period: Period, until: When | None, g: Git | None, head: str | None) -> None:
    if isinstance(until, OnDate):
        period.until = until.date
    elif isinstance(until, AtRevision):
        c = _revision(g, until.rev, Input.PERIOD_END)
        period.tip, period.until = c.sha, c.day
    elif isinstance(until, LastBrief):
        tag = latest_brief_tag(g) if g is not None and head else None
        if tag is None:
            raise NoBriefTag(Input.PERIOD_END)
        period.tip, period.until = tag[1], tag[2]


def _set_start(period: Period, since: When | None, g: Git | None, head: str | None) -> None:
    if isinstance(since, OnDate):
        period.since = since.date
    elif isinstance(since, AtRevision):
        c = _revision(g, since.rev, Input.PERIOD_START)
        period.base, period.since = c.sha, add_days(c.day, 1)
    elif isinstance(since, LastBrief):
        tag = latest_brief_tag(g) if g is not None and head else None
        if tag is None:
            raise NoBriefTag(Input.PERIOD_START)
        period.base, period.since = tag[1], add_days(tag[2], 1)


def _start_commits(period: Period, g: Git, head: str, until: When | None) -> None:
    """Start reading the period's commits (git goes on while the caller works), and
    note a shallow clone's missing history."""
    tip = period.tip or head
    period.tip = tip
    try:
        after = period.since if period.base is None else None
        pending = g.start_log(tip, period.base, after=after, store=period.store)
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


def record_events(record: Record, today: dt.date | None = None) -> list[Event]:
    """The events the dates written in one record tell: its update notes, a done
    action's ``done`` date, a group's ``started`` and ``ended``, a goal's indicator
    measurements; with ``today``, only those dated on or before it. A planned
    ``start`` or ``due`` is a plan, never an event; nor is a ``done`` date on an
    action that is not done."""
    rid, kind, title = record.id, record.kind, record.title

    def event(date: dt.date, what: str, **kw: Any) -> Event:
        return Event(date, what, rid, kind, title, source="data", **kw)

    out = [
        event(u.date, "update", text=" ".join(u.text.split()), author=u.author)
        for u in record.updates()
    ]
    if kind == "action":
        day = record.date("done")
        if day is not None and record.status == "done":
            out.append(event(day, "done", field="done", new=day))
    elif kind == "group":
        for name in ("started", "ended"):
            day = record.date(name)
            if day is not None:
                out.append(event(day, name, field=name, new=day))
    elif kind == "goal" and "indicators" in record.data:
        base = event(dt.date.min, "")
        for ind in indicators_of(record.data).values():
            out += measurement_events(base, ind, set())
    if today is not None:
        out = [e for e in out if e.date <= today]
    return out


_REFERENCES = frozenset({"group", "goals", "depends_on", "parent"})


def renames_in(git: Git, shas: Iterable[str]) -> dict[str, dict[str, str]]:
    """The record ids each of these commits renamed ({sha: {old id: new id}}), with one
    ``git diff-tree`` per commit: for a followed file's history, whose walk sees no
    other file."""
    out: dict[str, dict[str, str]] = {}
    for sha in sorted(shas):
        try:
            raw = git.run(
                "diff-tree",
                "-r",
                "-M",
                "-z",
                "--name-status",
                "--root",
                "--no-commit-id",
                "--diff-merges=first-parent",
                sha,
                "--",
                git.prefix + "data",
            )
        except GitError:
            continue
        parts = raw.decode("utf-8", "surrogateescape").split("\0")
        i = 0
        while i < len(parts):
            status = parts[i]
            if status.startswith(("R", "C")) and i + 2 < len(parts):
                old, new = (_stem(p) for p in parts[i + 1 : i + 3])
                if status.startswith("R") and old != new:
                    out.setdefault(sha, {})[old] = new
                i += 3
            else:
                i += 2 if status else 1
    return out


def _stem(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[0]


def follow_renames(
    history: list[Event], renamed: dict[str, dict[str, str]] | None = None
) -> list[Event]:
    """Renames keep one history: the events of a record before it was renamed (walk
    order, oldest first) get the id it had last in the walk as ``record`` and the one
    they happened under as ``was``; the rename carries ``was`` too when the record was
    renamed again later. The references to it that only follow a rename in the same
    commit (another record's ``group: old → new``) are left out: they are the rename."""
    follows: dict[str, dict[str, str]] = {}  # commit sha -> {old id: new id}
    for sha, pairs in (renamed or {}).items():
        follows[sha] = dict(pairs)
    for e in history:
        ids = renamed_ids(e) if e.kind == "renamed" else None
        if ids is not None and e.commit is not None:
            follows.setdefault(e.commit.sha, {})[ids[0]] = ids[1]
    if not follows:
        return history
    later: dict[str, str] = {}  # an id -> the id the record has at the end of the walk
    out: list[Event] = []
    for e in reversed(history):
        ids = renamed_ids(e) if e.kind == "renamed" else None
        if ids is not None:
            old, new = ids
            final = later.get(new, new)
            if final != e.record:
                e = replace(e, record=final, was=e.record)
            later[old] = final
            out.append(e)
            continue
        mapping = follows.get(e.commit.sha) if e.commit is not None else None
        if mapping and e.field in _REFERENCES and _renamed_value(e.old, mapping) == e.new:
            continue
        now = later.get(e.record)
        if e.kind == "added":
            later.pop(e.record, None)  # before it was added, the id was another record's
        if now is not None and now != e.record:
            e = replace(e, record=now, was=e.record)
        out.append(e)
    out.reverse()
    return out


def _renamed_value(value: Any, mapping: dict[str, str]) -> Any:
    if isinstance(value, str):
        return mapping.get(value, value)
    if isinstance(value, list):
        return [mapping.get(x, x) if isinstance(x, str) else x for x in value]
    return value


def _fact_key(e: Event) -> tuple[Any, ...] | None:
    """What a data event and a git event telling the same fact share."""
    kind = e.kind
    if kind == "update":
        return (e.record, "update", e.date, e.text)
    if kind == "measurement":
        return (e.record, "measurement", e.field, e.date, e.new)
    if e.record_kind == "group":
        if kind in ("started", "ended"):
            return (e.record, kind, e.new)
        if kind == "field" and e.field in ("started", "ended") and e.new is not None:
            return (e.record, e.field, e.new)
    return None


def merge(data: list[Event], history: list[Event]) -> list[Event]:
    """Merge the events of the data with those of git: the same fact told by both (an
    update note, a measurement, a group's start or end) becomes one event, dated by the
    data and carrying the first commit that told it. A done date and the status change
    it belongs to are joined by :func:`date_transitions`."""
    merged = list(data)
    index: dict[tuple[Any, ...], int] = {}
    for i, e in enumerate(merged):
        key = _fact_key(e)
        if key is not None:
            index.setdefault(key, i)
    for h in history:
        key = _fact_key(h)
        hit = index.get(key) if key is not None else None
        if hit is None:
            merged.append(h)
            continue
        d = merged[hit]
        if d.commit is not None:
            continue  # already told, by the data and an earlier commit
        detail = h.detail if h.detail and h.detail.get(WITH_RECORD) else d.detail
        # made whole rather than with dataclasses.replace: a year merges thousands
        merged[hit] = Event(
            d.date, d.kind, d.record, d.record_kind, d.title, d.field, d.old, d.new, d.text,
            d.author or h.author, h.commit, "both", d.moves, h.was, detail,
        )  # fmt: skip
    return merged


_TRANSITIONS = ("added", "status")


def date_transitions(events: list[Event]) -> list[Event]:
    """Date the status changes found in git (``events`` in walk order, git's after
    the data's, as :func:`merge` gives them). Each is dated by its commit, except that
    the last change to ``done`` of a record that is done takes the record's ``done``
    date when that corroborates it (on or before the commit, not before the change
    it follows): then it becomes one ``done`` event carrying the commit, and the done
    date no longer stands alone. No change is dated before the one it follows (a
    commit with an earlier clock is dated as the change before it)."""
    changes: dict[str, list[int]] = {}  # record -> its status changes, in walk order
    done_dates: dict[str, list[int]] = {}  # record -> its data done events
    for i, e in enumerate(events):
        if e.commit is None:
            if e.kind == "done":
                done_dates.setdefault(e.record, []).append(i)
        elif e.kind in _TRANSITIONS and e.source == "git":
            changes.setdefault(e.record, []).append(i)
    drop: set[int] = set()
    absorbed: set[tuple[str, str]] = set()  # (record, commit) whose done date is told
    out = list(events)
    for rid, idxs in changes.items():
        dones = [i for i in idxs if events[i].kind == "status" and events[i].new == "done"]
        candidates = done_dates.get(rid, [])
        if dones:
            drop.update(candidates)  # git has the change: the date can only date it
        last_done = dones[-1] if dones and candidates else None
        sha = _date_changes(out, idxs, last_done, [events[c].date for c in candidates])
        if sha is not None:
            absorbed.add((rid, sha))
    if absorbed:
        drop.update(i for i, e in enumerate(out) if _told_done_field(e, absorbed))
    if not drop:
        return out
    return [e for i, e in enumerate(out) if i not in drop]


def _date_changes(
    out: list[Event], idxs: list[int], last_done: int | None, done_days: list[dt.date]
) -> str | None:
    """Date one record's status changes (``out[i]`` for ``i`` in ``idxs``) in place: in
    order, and the change at ``last_done`` by a done date that corroborates it. The sha
    of the commit whose done date became the event's, if any."""
    absorbed: str | None = None
    before: dt.date | None = None
    for i in idxs:
        e = out[i]
        day = e.date
        if i == last_done and e.commit is not None:
            days = [d for d in done_days if d <= day and (before is None or d >= before)]
            if days:
                day = max(days)
                absorbed = e.commit.sha
                out[i] = e = _done_event(e, day)
        if before is not None and day < before:
            out[i] = e = replace(e, date=before)
            day = before
        before = day
    return absorbed


def _done_event(e: Event, day: dt.date) -> Event:
    """A git change to ``done`` dated by the record's done date: one ``done`` event."""
    return Event(
        day, "done", e.record, e.record_kind, e.title, "done", e.old, day, None,
        e.author, e.commit, "both", 0, e.was,
    )  # fmt: skip


def _told_done_field(e: Event, absorbed: set[tuple[str, str]]) -> bool:
    """Whether ``e`` is the change of a done date that a done event already tells."""
    return (
        e.kind == "field"
        and e.field == "done"
        and e.commit is not None
        and (e.record, e.commit.sha) in absorbed
    )


def formed_when_added(events: list[Event], since: dt.date | None) -> list[Event]:
    """Tell once a group whose record was added with a ``started`` date on or before
    the commit that added it: the record says it had formed by then, so the git
    ``added`` and the record's ``formed`` are one fact. It is told as ``formed`` on the
    record's date, carrying the adding commit when it has none of its own; but when
    that date lies before the period (``since``), the period's fact is the record's
    arrival: ``added``, on its commit. A ``started`` after the commit (a group written
    down before it formed) is a second fact, and both are told."""
    added = {
        e.record: i
        for i, e in enumerate(events)
        if e.kind == "added" and e.record_kind == "group" and e.commit is not None
    }
    if not added:
        return events
    out = list(events)
    drop: set[int] = set()
    for i, e in enumerate(events):
        j = added.get(e.record) if e.kind == "started" else None
        if j is None or j in drop or e.date > events[j].date:
            continue
        if since is not None and e.date < since:
            drop.add(i)
        else:
            drop.add(j)
            if e.commit is None:
                a = events[j]
                out[i] = replace(e, source="both", commit=a.commit, author=e.author or a.author)
    return [e for i, e in enumerate(out) if i not in drop]


def _about(e: Event, record: str) -> bool:
    """Whether an event belongs to ``record``'s history: its own, those from before
    it was renamed, and the rename that took it elsewhere."""
    if e.record == record or e.was == record:
        return True
    ids = renamed_ids(e) if e.kind == "renamed" else None
    return ids is not None and ids[0] == record


def timeline(
    period: Period,
    repos: list[Repository],
    record: str | None = None,
    today: dt.date | None = None,
) -> list[Event]:
    """The events of ``period``, oldest first: the dates written in the records of
    ``repos`` (e.g. the state at the period's end and the working tree: a date told by
    either counts once) within the period's dates, merged with the changes in the
    period's commits. Nothing dated after the repository's today is an event:
    ``today`` (default: the settings' ``as_of``, else the clock), or the period's end
    when that is earlier. With ``record``, that record's history (across renames)."""
    settings = repos[0].settings
    cutoff = today or settings.today()
    if period.until is not None and period.until < cutoff:
        cutoff = period.until
    history: list[Event] = []
    if period.git is not None and period.entries:
        with paused_gc():  # the period's commits and events are trees
            history = cached_changes(
                period.git, period.entries, settings, repos, period.store, period.parses
            )
        renamed = None
        if period.entries[0].scope:  # one file followed: the others' renames are not here
            shas = {e.commit.sha for e in history if e.field in _REFERENCES and e.commit}
            renamed = renames_in(period.git, shas) if shas else None
        history = follow_renames(history, renamed)
    ids: set[str] | None = None
    if record is not None:
        history = [e for e in history if _about(e, record)]
        ids = {record} | {e.record for e in history}
    seen: set[tuple[Any, ...]] = set()
    data: list[Event] = []
    for repo in repos:
        for rec in sorted(repo.records.values(), key=lambda r: r.id):
            if ids is not None and rec.id not in ids:
                continue
            for e in record_events(rec, cutoff):
                key = (e.record, e.kind, e.date, e.text, e.field, e.new)
                if key not in seen:
                    seen.add(key)
                    data.append(e)
    events = formed_when_added(date_transitions(merge(data, history)), period.since)
    if record is not None:
        events = [e for e in events if _about(e, record)]
    in_range = {c.sha for c in period.commits}
    out = [
        e
        for e in events
        if e.date <= cutoff
        and (
            period.contains(e.date)
            or (
                e.commit is not None
                and e.commit.sha in in_range
                and not (e.detail and e.detail.get(WITH_RECORD))
            )
        )
    ]
    rank = {sha: i for i, sha in enumerate(c.sha for c in period.commits)}
    return sorted(out, key=partial(_order, rank))


def _order(rank: dict[str, int], e: Event) -> tuple[Any, ...]:
    """Oldest first; on one day the commits in git's order (not by their clocks), the
    dates written in the records after them."""
    return (
        e.date,
        rank.get(e.commit.sha, -1) if e.commit is not None else len(rank),
        e.record,
        KIND_ORDER.get(e.kind, 99),
        e.field or "",
        e.text or "",
    )


def newest_first(events: list[Event]) -> list[Event]:
    """Newest day first; on one day the newest commit first (in the order the events
    are given, as :func:`timeline` sorts them), within one commit the natural order
    (added, status, due, ..., removed)."""
    place: dict[tuple[dt.date, str], int] = {}
    for i, e in enumerate(events):
        if e.commit is not None:
            place.setdefault((e.date, e.commit.sha), i)

    def key(e: Event) -> tuple[object, ...]:
        return (
            -e.date.toordinal(),
            -place[e.date, e.commit.sha] if e.commit is not None else 1,
            e.record,
            KIND_ORDER.get(e.kind, 99),
            e.field or "",
            e.text or "",
        )

    return sorted(events, key=key)


def repository_as_of(
    repo: Repository, value: str, store: Store | None = None, *, today: dt.date
) -> tuple[Repository, dt.date]:
    """The repository as it was at ``value`` (``--as-of``): a date or relative phrase
    (counted back from ``today``, the day the caller reads as today) gives the state at
    the last commit on or before that day, a revision its state (files parsed before
    taken from ``store``). Returns the repository and the day to use as "today"."""
    from netwerkagenda.git import commit_on
    from netwerkagenda.history.states import repository_at_commit
    from netwerkagenda.history.when import parse_when

    when = parse_when(value, today, Input.AS_OF)
    g = Git.open(repo.root)
    if isinstance(when, LastBrief):
        tag = latest_brief_tag(g) if g is not None and g.head() else None
        if tag is None or g is None:
            raise NoBriefTag(Input.AS_OF)
        return repository_at_commit(g, tag[1], store), tag[2]
    if isinstance(when, AtRevision):
        rc = _revision(g, when.rev, Input.AS_OF)
        assert g is not None
        state = repository_at_commit(g, rc.sha, store)
        # a snapshot that names an earlier date ([agenda] as_of) describes that day
        as_of = state.settings.as_of
        return state, min(as_of, rc.day) if as_of else rc.day
    assert isinstance(when, OnDate)
    if g is None or g.head() is None:
        raise UsageError(
            (
                Input.AS_OF,
                f" needs git history, and {repo.root} "
                + ("is not in a git repository" if g is None else "has no commits yet"),
            ),
            hint=("without ", Input.AS_OF, ", status shows the records as they are now"),
        )
    c = commit_on(g, when.date)
    if c is None:
        hint = "the first commit is later; pick a later date"
        if g.shallow:
            hint = "this is a shallow clone; run 'git fetch --unshallow' for older history"
        raise UsageError(
            (Input.AS_OF, f" {value}: git has no commit on or before {when.date}"), hint=hint
        )
    return repository_at_commit(g, c.sha, store), when.date
