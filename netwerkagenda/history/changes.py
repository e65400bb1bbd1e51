"""Semantic changes between consecutive states of the records, found in git commits.

:func:`cached_changes` walks :class:`~netwerkagenda.git.LogEntry` items (oldest
first) and gives :class:`Event` values: a record added, removed or renamed (``git mv``, or the
same id moving between ``.yaml`` and ``.toml``), its status from→to, its due date moved
(with how often it has moved in the walk), its group or owner changed, an update note
added, any other field changed. Each carries its commit (sha, author, date, message).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any, TypeVar

from netwerkagenda.findings import Problem
from netwerkagenda.git import ChangedPath, Commit, Git, LogEntry
from netwerkagenda.i18n import field_word, lang_of, status_label
from netwerkagenda.i18n import words as words_of
from netwerkagenda.model import json_value
from netwerkagenda.records.paths import RecordPath
from netwerkagenda.settings import Settings

if TYPE_CHECKING:
    from netwerkagenda.cache import Store
    from netwerkagenda.records.repository import Repository

# the order changes of one record in one commit are listed in
KIND_ORDER = {
    k: i
    for i, k in enumerate(
        (
            "added",
            "renamed",
            "started",
            "status",
            "done",
            "due",
            "group",
            "owner",
            "budget",
            "field",
            "indicator",
            "measurement",
            "update",
            "ended",
            "removed",
        )
    )
}
_NAMED = ("status", "due", "group", "owner")


@dataclass(eq=True)
class Event:
    """One thing that happened to one record. Not changed once made (a changed copy is
    made with :func:`dataclasses.replace`); not frozen only because a frozen dataclass
    takes four times as long to make, and a year's timeline makes tens of thousands.

    ``kind``: from git ``added``, ``removed``, ``renamed`` (``old``/``new``: the file
    paths), ``status`` (``old``/``new``: the statuses; :func:`transition_of` names it),
    ``due``, ``group``, ``owner``, ``budget`` (``old``/``new``: ``{amount, currency}``
    or ``None``), ``indicator`` (a goal's indicator added, removed or changed; see
    ``detail``), ``field`` (any other field, dates such as a planned ``start``
    included; see ``field``); from git or the records ``update`` (a progress note,
    dated by its own date) and ``measurement`` (an indicator's measurement, dated by
    its date: ``field`` the indicator's id, ``new`` the value, ``old`` the previous
    value or ``None``, ``detail`` its title, unit and target); from the dates written
    in the records ``done`` (a done action's ``done`` date; with ``source`` ``both``
    the commit that made it done, and ``old`` the status before), ``started`` and
    ``ended`` (a group's). A planned ``start`` or ``due`` is never an event.
    ``source`` is ``git``, ``data`` or ``both``.

    ``record`` is the record's id as the walk last saw it (after a rename, its new
    id, for the events before the rename too); ``was`` the id it had when the event
    happened, when that differed. ``detail``: more about a ``measurement`` or
    ``indicator`` event (JSON values only); ``with_record: true`` marks a note or
    measurement that was in the record's file when the record was added."""

    date: dt.date
    kind: str
    record: str
    record_kind: str
    title: str
    field: str | None = None
    old: Any = None
    new: Any = None
    text: str | None = None
    author: str | None = None
    commit: Commit | None = None
    source: str = "git"
    moves: int = 0  # for "due": how many times the due date had moved by then
    was: str | None = None  # the record's id when it happened, if it differs from record
    detail: dict[str, Any] | None = None

    def sort_key(self) -> tuple[Any, ...]:
        stamp = self.commit.date.timestamp() if self.commit else 0.0
        return (
            self.date,
            stamp,
            self.record,
            KIND_ORDER.get(self.kind, 99),
            self.field or "",
            self.text or "",
        )


@dataclass
class _Parsed:
    kind: str
    id: str
    data: dict[str, Any] | None


def _parse_key(path: str | None, blob: str | None) -> tuple[str, str] | None:
    """(blob, ``folder/ext``) for a record file: its parsed data depends on nothing else
    (and the settings); ``None`` for any other path."""
    if path is None or blob is None:
        return None
    info = _path_info(path)
    return None if info is None else (blob, info[0])


@lru_cache(maxsize=65_536)
def _path_info(path: str) -> tuple[str, str, str] | None:
    """(``folder/ext``, record kind, id) for a record file's path, else ``None``; a
    walk asks for the same few thousand paths again and again."""
    place = RecordPath.parse(path)
    if place is None:
        return None
    return (f"{place.folder}/{place.ext}", place.kind, place.id)


@dataclass
class _Walk:
    git: Git
    settings: Settings
    store: Store | None = None  # parsed record files by blob id, kept between runs
    cache: dict[tuple[str, str], _Parsed] = field(default_factory=dict)
    state: dict[str, dict[str, Any]] = field(default_factory=dict)
    due_moves: dict[str, int] = field(default_factory=dict)
    missing: bool = False  # a blob git did not have (a partial clone): do not cache
    resuming: bool = False  # walking on from kept events: state holds only what it saw
    resumed: int = 0  # how many commits a resumed walk added to the kept range's

    known: dict[tuple[str, str], Any] = field(default_factory=dict)  # parses at hand
    # blobs parsed by this walk, for the store: (key, data, problems)
    fresh: list[tuple[tuple[str, str], Any, list[Problem]]] = field(default_factory=list)

    def read(self, entries: list[LogEntry]) -> None:
        """Take the parses the store has; read all other blobs with one batched call and
        parse them (on all cores when there are many)."""
        wanted: dict[tuple[str, str], str] = {}  # parse key -> a path with that blob
        for e in entries:
            if e.boundary:
                continue
            for f in e.files:
                for path, blob in ((f.old_path, f.old_blob), (f.new_path, f.new_blob)):
                    key = _parse_key(path, blob)
                    if key is None or key in self.cache or key in wanted:
                        continue
                    if key in self.known:
                        self.cache[key] = _Parsed("", "", self.known[key])
                        continue
                    assert path is not None
                    wanted[key] = path
        if self.store is not None and wanted:
            self._from_store(wanted)
        from netwerkagenda.perf import parallel_batches

        # the versions of one file side by side: each worker reuses what they share
        todo = sorted(wanted.items(), key=lambda item: item[1])
        parsed = parallel_batches(partial(_read_and_parse, self.git, self.settings), todo)
        for (key, _), result in zip(todo, parsed, strict=True):
            if result is None:  # git does not have it: parse() marks the walk
                continue
            data, problems = result
            self.cache[key] = _Parsed("", "", data)
            if self.store is not None:
                self.fresh.append((key, data, problems))

    def _from_store(self, wanted: dict[tuple[str, str], str]) -> None:
        """Move the parses the store has from ``wanted`` to :attr:`cache`."""
        assert self.store is not None
        kept = _stored(self.store, self.settings, {key: key for key in wanted})
        for key, data in kept.items():
            self.cache[key] = _Parsed("", "", data)
            del wanted[key]

    def save_parses(self) -> None:
        """Put the blobs this walk parsed into the store (written by its ``save``)."""
        from netwerkagenda.cache import entry_for

        if self.store is None:
            return
        for key, data, problems in self.fresh:
            entry = entry_for(data, problems)
            if entry is not None:
                self.store.put_blob(self.settings.digest, _store_key(key), entry)
        self.fresh = []

    def parse(self, path: str | None, blob: str | None) -> _Parsed | None:
        if path is None or blob is None:
            return None
        info = _path_info(path)
        if info is None:
            return None
        key = (blob, info[0])
        hit = self.cache.get(key)
        if hit is None:  # read() parsed every blob git has: this one it has not
            self.missing = True
            hit = self.cache[key] = _Parsed("", "", None)
        return _Parsed(info[1], info[2], hit.data)


def _read_and_parse(
    git: Git, settings: Settings, part: Sequence[tuple[tuple[str, str], str]]
) -> list[tuple[dict[str, Any] | None, list[Problem]] | None]:
    """For (parse key, path) items: each blob's checked data and problems, or ``None``
    for a blob git does not have. One batched read of the part's blobs: run in each
    worker, the reads go side by side too."""
    from netwerkagenda.records.repository import load_file
    from netwerkagenda.records.versions import VersionReader

    versions = VersionReader()
    blobs = git.read_blobs({key[0] for key, _ in part})
    out: list[tuple[dict[str, Any] | None, list[Problem]] | None] = []
    for (sha, _), path in part:
        raw = blobs.get(sha)
        if raw is None:
            out.append(None)
            continue
        res = load_file(path, raw, settings, versions)
        out.append((res.data, res.problems))
    return out


def known_parses(repos: Iterable[Repository]) -> dict[tuple[str, str], Any]:
    """The records these repositories have read, by the key the walk parses blobs by:
    a file in the working tree that git holds as it is need not be parsed again."""
    out: dict[tuple[str, str], Any] = {}
    for repo in repos:
        for rec in repo.records.values():
            key = _parse_key(rec.file, repo.blob_of(rec.file))
            if key is not None:
                out.setdefault(key, rec.data)
    return out


def _store_key(key: tuple[str, str]) -> str:
    return f"git {key[0]} {key[1]}"


def record_of_path(path: str) -> tuple[str, str] | None:
    """(record kind, id) of a record file's path (``data/<folder>/<id>.<ext>``), else
    ``None``."""
    info = _path_info(path)
    return None if info is None else (info[1], info[2])


def kept_parses(store: Store | None, settings: Settings, files: dict[str, str]) -> dict[str, Any]:
    """The checked data (``None``: a file that did not parse) that history walks kept in
    ``store`` for these record files (path -> blob id), by path; a file the store has no
    valid entry for is not in the answer."""
    if store is None:
        return {}
    keys = {
        rel: (blob, info[0]) for rel, blob in files.items() if (info := _path_info(rel)) is not None
    }
    return _stored(store, settings, keys)


K = TypeVar("K")


def _stored(store: Store, settings: Settings, keys: dict[K, tuple[str, str]]) -> dict[K, Any]:
    """The parses ``store`` keeps for these parse keys (blob, ``folder/ext``), by the
    caller's own key; a key without a valid entry is not in the answer."""
    from netwerkagenda.cache import entry_from

    named = {mine: _store_key(key) for mine, key in keys.items()}
    found = store.blobs(settings.digest, list(named.values()))
    out: dict[K, Any] = {}
    for mine, name in named.items():
        raw = found.get(name)
        hit = entry_from(raw) if raw is not None else None
        if hit is not None:
            out[mine] = hit[0]
    return out


def _title(data: dict[str, Any] | None, rid: str) -> str:
    t = (data or {}).get("title")
    return t if isinstance(t, str) else rid


def _updates(data: dict[str, Any] | None) -> list[tuple[dt.date, str, str | None]]:
    out = []
    raw = (data or {}).get("updates")
    if isinstance(raw, list):
        for u in raw:
            if not isinstance(u, dict):
                continue
            d, t, a = u.get("date"), u.get("text"), u.get("author")
            if isinstance(d, dt.date) and isinstance(t, str):
                out.append((d, " ".join(t.split()), a if isinstance(a, str) else None))
    return out


def diff_states(
    old: dict[str, Any],
    new: dict[str, Any],
    base: Event,
    due_moves: dict[str, int] | None = None,
) -> list[Event]:
    """The changes from one state of a record to the next (``base`` gives the record,
    commit and date; its kind is replaced)."""
    out: list[Event] = []
    # a key missing on one side counts as None; only the few changed keys are sorted
    keys = [k for k, b in new.items() if old.get(k) != b and k != "id"]
    keys += [k for k, a in old.items() if a is not None and k not in new and k != "id"]
    keys.sort(key=_key_order)
    for key in keys:
        a, b = old.get(key), new.get(key)
        if key == "updates":
            before = _updates(old)
            seen = set(before)
            after = _updates(new)
            added = [u for u in after if u not in seen]
            for d, text, author in added:
                out.append(
                    Event(
                        d,
                        "update",
                        base.record,
                        base.record_kind,
                        base.title,
                        base.field,
                        base.old,
                        base.new,
                        text,
                        author or base.author,
                        base.commit,
                        base.source,
                        base.moves,
                    )
                )
            if set(before) - set(after) or (not added and before != after):
                out.append(_then(base, "field", "updates", base.old, base.new))
            continue
        if key == "due":
            moves = 0
            if due_moves is not None and a is not None and b is not None:
                due_moves[base.record] = moves = due_moves.get(base.record, 0) + 1
            out.append(_then(base, "due", "due", a, b, moves))
        elif key in _NAMED:
            out.append(_then(base, key, key, a, b))
        elif key == "indicators" and base.record_kind == "goal":
            out += _indicator_changes(old, new, base) or [_then(base, "field", key, a, b)]
        elif key == "budget" and base.record_kind == "action":
            ba, bb = budget_of(a), budget_of(b)
            if (a is None or ba is not None) and (b is None or bb is not None):
                if ba != bb:
                    out.append(_then(base, "budget", key, ba, bb))
            else:  # not a budget agenda can read: say only that it changed
                out.append(_then(base, "field", key, a, b))
        else:
            # a planned start or due, a done or started date written: a change of the
            # record, not the event itself (the timeline tells that from the status)
            out.append(_then(base, "field", key, a, b))
    return out


def _number(v: Any) -> int | float | None:
    return v if isinstance(v, int | float) and not isinstance(v, bool) else None


def budget_of(value: Any) -> dict[str, Any] | None:
    """An action's ``budget`` as ``{amount, currency}`` (currency ``EUR`` unless
    written), or ``None`` when it is missing or not one."""
    if not isinstance(value, dict):
        return None
    amount = _number(value.get("amount"))
    currency = value.get("currency", "EUR")
    if amount is None or not isinstance(currency, str):
        return None
    return {"amount": amount, "currency": currency}


@dataclass(frozen=True)
class Indicator:
    """One of a goal's indicators as agenda reads it; ``measurements`` are (date, value,
    note) by date (measurements on one day in the order written)."""

    id: str
    title: str
    unit: str | None
    target: int | float | None
    measurements: tuple[tuple[dt.date, int | float, str | None], ...]

    def detail(self) -> dict[str, Any]:
        return {"indicator": self.title, "unit": self.unit, "target": self.target}


def indicators_of(data: dict[str, Any] | None) -> dict[str, Indicator]:
    """A goal's readable indicators by id (the first of a repeated id)."""
    out: dict[str, Indicator] = {}
    raw = (data or {}).get("indicators")
    if not isinstance(raw, list):
        return out
    for item in raw:
        if not isinstance(item, dict):
            continue
        iid = item.get("id")
        if not isinstance(iid, str) or iid in out:
            continue
        title, unit = item.get("title"), item.get("unit")
        found = []
        ms = item.get("measurements")
        for m in ms if isinstance(ms, list) else ():
            if not isinstance(m, dict):
                continue
            day, value, note = m.get("date"), _number(m.get("value")), m.get("note")
            if isinstance(day, dt.date) and not isinstance(day, dt.datetime) and value is not None:
                found.append(
                    (day, value, " ".join(note.split()) if isinstance(note, str) else None)
                )
        found.sort(key=lambda x: x[0])
        out[iid] = Indicator(
            iid,
            title if isinstance(title, str) else iid,
            unit if isinstance(unit, str) else None,
            _number(item.get("target")),
            tuple(found),
        )
    return out


def measurement_events(
    base: Event, ind: Indicator, skip: set[tuple[dt.date, float]]
) -> list[Event]:
    """The events of an indicator's measurements (``skip``: the (date, value) pairs
    not to tell), each with the value before it."""
    out = []
    for i, (day, value, note) in enumerate(ind.measurements):
        if (day, value) in skip:
            continue
        e = _then(base, "measurement", ind.id, ind.measurements[i - 1][1] if i else None, value)
        e.date, e.text, e.detail = day, note, ind.detail()
        out.append(e)
    return out


def _indicator_changes(old: dict[str, Any], new: dict[str, Any], base: Event) -> list[Event]:
    """A goal's indicators from one state to the next: indicators added, removed or
    changed (title, unit, target, a measurement taken back) and the measurements added."""
    before, after = indicators_of(old), indicators_of(new)
    out: list[Event] = []
    for iid, ind in after.items():
        prev = before.get(iid)
        pairs: set[tuple[dt.date, float]] = set()
        if prev is None:
            out.append(_indicator_event(base, ind, "added", None, ind.target))
        else:
            for attr in ("title", "unit", "target"):
                a, b = getattr(prev, attr), getattr(ind, attr)
                if a != b:
                    out.append(_indicator_event(base, ind, attr, a, b))
            pairs = {(d, v) for d, v, _ in prev.measurements}
            kept = {(d, v) for d, v, _ in ind.measurements}
            if pairs - kept:
                out.append(_indicator_event(base, ind, "measurements", None, None))
        out += measurement_events(base, ind, pairs)
    for iid, prev in before.items():
        if iid not in after:
            out.append(_indicator_event(base, prev, "removed", prev.target, None))
    return out


def _indicator_event(base: Event, ind: Indicator, change: str, old: Any, new: Any) -> Event:
    e = _then(base, "indicator", ind.id, old, new)
    e.detail = {**ind.detail(), "change": change}
    return e


def _key_order(key: str) -> tuple[bool, str]:
    return key not in _NAMED, key


def _then(
    base: Event, kind: str, field: str | None, old: Any, new: Any, moves: int | None = None
) -> Event:
    """``dataclasses.replace(base, kind=..., field=..., old=..., new=...)`` (and
    ``moves``), made directly: ``replace`` takes five times as long, and a year's walk
    makes thousands."""
    return Event(
        base.date,
        kind,
        base.record,
        base.record_kind,
        base.title,
        field,
        old,
        new,
        base.text,
        base.author,
        base.commit,
        base.source,
        base.moves if moves is None else moves,
    )


def _pair_moves(files: list[ChangedPath]) -> list[ChangedPath]:
    """A deletion and an addition of the same id in one commit (``x.yaml`` became
    ``x.toml``) is a rename."""
    deleted = {}
    for f in files:
        if f.status == "D" and f.old_path:
            deleted[os.path.splitext(os.path.basename(f.old_path))[0]] = f
    out: list[ChangedPath] = []
    used: set[int] = set()
    for f in files:
        if f.status == "A" and f.new_path:
            rid = os.path.splitext(os.path.basename(f.new_path))[0]
            d = deleted.get(rid)
            if d is not None and id(d) not in used:
                used.add(id(d))
                out.append(ChangedPath("R", d.old_path, f.new_path, d.old_blob, f.new_blob))
                continue
        out.append(f)
    return [f for f in out if id(f) not in used]


def _walk(walk: _Walk, entries: list[LogEntry]) -> list[Event]:
    walk.read(entries)
    events: list[Event] = []
    for e in entries:
        if e.boundary:
            continue
        events += _commit_changes(walk, e.commit, _pair_renamed(walk, _pair_moves(e.files)))
    return events


def _pair_renamed(walk: _Walk, files: list[ChangedPath]) -> list[ChangedPath]:
    """A deletion and an addition of one kind in one commit that the commit's other
    records say is a rename (``agenda mv`` and an edit committed together, which git
    no longer sees as one file): every reference to the old id became one to the new id.
    Without references nothing tells the two apart from a record replaced by another
    (two records that look alike may be either), so they stay an addition and a
    removal."""
    gone = [f for f in files if f.status == "D" and f.old_path]
    born = [f for f in files if f.status == "A" and f.new_path]
    if not gone or not born:
        return files
    edited = [f for f in files if f.status == "M"]
    pairs: dict[int, ChangedPath] = {}
    for d in gone:
        old = walk.parse(d.old_path, d.old_blob)
        if old is None:
            continue
        for a in born:
            new = walk.parse(a.new_path, a.new_blob)
            if new is None or new.kind != old.kind or id(a) in pairs:
                continue
            if _references_moved(walk, edited, old.id, new.id):
                pairs[id(a)] = ChangedPath("R", d.old_path, a.new_path, d.old_blob, a.new_blob)
                pairs[id(d)] = pairs[id(a)]
                break
    if not pairs:
        return files
    out: list[ChangedPath] = []
    for f in files:
        pair = pairs.get(id(f))
        if pair is None:
            out.append(f)
        elif f.status == "A":
            out.append(pair)
    return out


def _references_moved(walk: _Walk, edited: list[ChangedPath], old: str, new: str) -> bool:
    """Whether some record the commit changed named ``old`` before and ``new`` after,
    and none names ``old`` after."""
    moved = False
    for f in edited:
        before, after = walk.parse(f.old_path, f.old_blob), walk.parse(f.new_path, f.new_blob)
        if before is None or after is None:
            continue
        if _names(after.data, old):
            return False
        moved = moved or (_names(before.data, old) and _names(after.data, new))
    return moved


def _names(value: Any, rid: str) -> bool:
    """Whether ``rid`` is one of the values (a reference field's) in ``value``."""
    if value == rid:
        return True
    if isinstance(value, dict):
        return any(_names(v, rid) for k, v in value.items() if k != "updates")
    if isinstance(value, list):
        return any(_names(v, rid) for v in value)
    return False


def cached_changes(
    git: Git,
    entries: list[LogEntry],
    settings: Settings,
    repos: Iterable[Repository] = (),
    store: Store | None = None,
    parses: dict[tuple[str, str], Any] | None = None,
) -> list[Event]:
    """The semantic changes in ``entries`` (oldest first), in order; the blobs that
    neither ``store`` nor ``repos`` have a parse of are read with one batched call for
    each parsing worker. Through ``store``: the events of a range are a function of its
    commits alone (and of agenda and its settings, the entry's scope), so an exact
    repeat of a range reads them back; otherwise the walk reads record files by blob id
    from the store, or takes them from ``repos`` where git holds a file as it is there.
    ``parses``: where a walk leaves the versions it read (:func:`parses_of` finds a
    file's there), for a caller that needs some of them too."""
    if git.rewritten():  # what the store kept by sha may be another history's
        store = None
    if store is None:
        return _walked(_Walk(git, settings, None, known=known_parses(repos)), entries, parses)
    keys = _range_keys(git, entries)
    hit = _events_in(store.events(settings.digest, keys[len(entries)]), entries)
    if hit is not None:
        return hit
    # only a walk needs them: a range whose events are cached hashes no file
    known = known_parses(repos)
    walk = _Walk(git, settings, store, known=known)
    events = _resumed(walk, store, keys, entries, parses)
    if events is None:  # from the range's first commit, with nothing carried over
        walk = _Walk(git, settings, store, known=known)
        events = _walked(walk, entries, parses)
    elif walk.resumed < KEEP_AFTER:
        # walking these few commits again costs less than writing the whole range's
        # events anew (2 MB for a year of 10,000 commits: 0.045 s of a brief); the next
        # run resumes from the same kept range
        return events
    doc = None if walk.missing else _events_out(events, entries, walk.due_moves)
    if doc is not None:
        store.put_events(settings.digest, keys[len(entries)], doc)
    return events


def _walked(
    walk: _Walk, entries: list[LogEntry], parses: dict[tuple[str, str], Any] | None
) -> list[Event]:
    events = _walk(walk, entries)
    walk.save_parses()
    if parses is not None:
        parses.update((k, v.data) for k, v in walk.cache.items())
    return events


class _NoResume(Exception):
    """A resumed walk met what only the whole walk knows (see :func:`_resumed`)."""


def _resumed(
    walk: _Walk,
    store: Store,
    keys: dict[int, str],
    entries: list[LogEntry],
    parses: dict[tuple[str, str], Any] | None,
) -> list[Event] | None:
    """The events of ``entries`` from those the store kept for the longest range that
    begins the same and lacks only its newest few commits (the last brief's period,
    before the commits made since), and a walk of the commits after it; ``None`` when
    there is no such range. What the walk carries from one commit to the next is the
    count of each record's deadline moves (kept with the events) and the last good
    state of a record whose newest version does not parse: a resumed walk that meets
    such a version gives up, and the whole range is walked."""
    for n in sorted((n for n in keys if 0 < n < len(entries)), reverse=True):
        doc = store.events(walk.settings.digest, keys[n])
        if doc is None:
            continue
        before = _events_in(doc, entries[:n])
        moves = doc.get("moves") if type(doc) is dict else None
        if before is None or type(moves) is not dict:
            return None
        if not all(type(k) is str and type(v) is int for k, v in moves.items()):
            return None
        walk.due_moves = dict(moves)
        walk.resuming = True
        walk.resumed = len(entries) - n
        try:
            return before + _walked(walk, entries[n:], parses)
        except _NoResume:
            return None
    return None


def parses_of(parses: dict[tuple[str, str], Any], files: dict[str, str]) -> dict[str, Any]:
    """The checked data (``None``: a file that did not parse) that a walk left in
    ``parses`` (:func:`cached_changes`) for these record files (path -> blob id), by
    path; a file the walk did not read is not in the answer."""
    out = {}
    for rel, blob in files.items():
        key = _parse_key(rel, blob)
        if key is not None and key in parses:
            out[rel] = parses[key]
    return out


RESUME_COMMITS = 64  # how many of a range's newest commits a resumed walk may add
KEEP_AFTER = 16  # a range resumed with fewer new commits is not kept again


def _range_keys(git: Git, entries: list[LogEntry]) -> dict[int, str]:
    """The store's key of the events of ``entries[:n]``, by ``n``: for the whole range
    and for the ranges that lack up to :data:`RESUME_COMMITS` of its newest commits."""
    import hashlib

    h = hashlib.blake2b(digest_size=16)
    h.update(f"{git.prefix}\n".encode())
    out = {}
    first = len(entries) - RESUME_COMMITS
    for i, e in enumerate(entries):
        if i >= first:
            out[i] = h.hexdigest()
        # the same commits followed for one file (agenda show) list fewer changes: their
        # events must not stand in for the whole range's
        h.update(f"{e.commit.sha}{'b' if e.boundary else ''}{e.scope}\n".encode())
    out[len(entries)] = h.hexdigest()
    return out


def _events_out(
    events: list[Event], entries: list[LogEntry], moves: dict[str, int] | None = None
) -> dict[str, Any] | None:
    """Events as JSON (commits by their place in ``entries``), with the walk's count of
    deadline moves by record at its end (for a walk resumed from them), or ``None`` when
    JSON cannot give one of them back exactly."""
    from netwerkagenda.cache import encode

    index = {e.commit.sha: i for i, e in enumerate(entries)}
    rows = []
    for e in events:
        i = index.get(e.commit.sha) if e.commit is not None else None
        if i is None or entries[i].commit != e.commit or type(e.moves) is not int:
            return None
        texts = (e.kind, e.record, e.record_kind, e.title, e.field, e.text, e.author, e.source)
        if not all(t is None or type(t) is str for t in texts):
            return None
        if e.was is not None or (e.detail is not None and type(e.detail) is not dict):
            return None
        enc = encode([e.date, e.old, e.new, e.detail])
        if enc is None:
            return None
        rows.append([*enc[0], *texts, i, e.moves, enc[1]])
    return {"events": rows, "moves": dict(moves or {})}


def _events_in(doc: Any, entries: list[LogEntry]) -> list[Event] | None:
    """The events :func:`_events_out` stored, or ``None`` when ``doc`` is not such."""
    import copy

    from netwerkagenda.cache import revive

    if type(doc) is not dict or type(doc.get("events")) is not list:
        return None
    out = []
    try:
        for row in doc["events"]:
            (
                date,
                old,
                new,
                detail,
                kind,
                record,
                rkind,
                title,
                fld,
                text,
                author,
                source,
                i,
                moves,
                dates,
            ) = row
            values = [date, old, new, detail]
            if any(len(d) > 2 for d in dates):  # a date inside a list or mapping
                values = copy.deepcopy(values)
            date, old, new, detail = revive(values, dates)
            if type(date) not in (dt.date, dt.datetime) or type(i) is not int or i < 0:
                return None
            if detail is not None and type(detail) is not dict:
                return None
            out.append(
                Event(
                    date,
                    kind,
                    record,
                    rkind,
                    title,
                    fld,
                    old,
                    new,
                    text,
                    author,
                    entries[i].commit,
                    source,
                    moves,
                    None,
                    detail,
                )
            )
    except (TypeError, ValueError, IndexError, KeyError, AttributeError):
        return None
    return out


def _commit_changes(walk: _Walk, commit: Commit, files: Iterable[ChangedPath]) -> list[Event]:
    out: list[Event] = []
    for f in files:
        old = walk.parse(f.old_path, f.old_blob)
        new = walk.parse(f.new_path, f.new_blob)
        if old is None and new is None:
            continue
        rec = new or old
        assert rec is not None
        title = _title(rec.data, rec.id)
        base = Event(commit.day, "", rec.id, rec.kind, title, author=commit.author, commit=commit)
        if old is None and new is not None:
            status = (new.data or {}).get("status")
            out.append(
                _then(base, "added", None, None, status if isinstance(status, str) else None)
            )
            if new.data is not None:
                walk.state[new.id] = new.data
                out += _told_on_add(new.data, base)
            continue
        if new is None and old is not None:
            out.append(replace(base, kind="removed", title=_title(old.data, old.id)))
            walk.state.pop(old.id, None)
            continue
        assert old is not None and new is not None
        if f.old_path != f.new_path:
            out.append(_then(base, "renamed", "file", f.old_path, f.new_path))
        if old.data is None and old.id not in walk.state and walk.resuming:
            raise _NoResume  # its last good state was before the walk began
        before = old.data if old.data is not None else walk.state.get(old.id)
        if old.id != new.id:
            walk.state.pop(old.id, None)
            if old.id in walk.due_moves:
                walk.due_moves[new.id] = walk.due_moves.pop(old.id)
        if new.data is None:  # unreadable in this commit: compare with the next good state
            if before is not None:
                walk.state[new.id] = before
            continue
        if before is not None:
            out += diff_states(before, new.data, base, walk.due_moves)
        walk.state[new.id] = new.data
    return out


_ON_ADD = ("updates", "indicators", "budget", "started", "ended")


def _told_on_add(data: dict[str, Any], base: Event) -> list[Event]:
    """What a record's file says already when it is added: its notes, measurements and
    budget, a group's start and end dates; each joins the same fact from the data, so
    the timeline knows the commit that wrote it (not its indicators' targets: the
    record's being added says those)."""
    told = {k: data[k] for k in _ON_ADD if k in data}
    if not told:
        return []
    out = []
    for e in diff_states({}, told, base):
        if e.kind == "indicator":
            continue
        if e.kind == "field" and not (
            base.record_kind == "group" and isinstance(e.new, dt.date) and e.field != "updates"
        ):
            continue
        if e.kind in ("update", "measurement"):
            # dated by themselves, maybe long before: told only where the period holds
            # their date (a commit in the period that adds a note to a record tells it
            # whatever its date; a record's history added with it does not)
            e.detail = {**(e.detail or {}), WITH_RECORD: True}
        out.append(e)
    return out


WITH_RECORD = "with_record"  # in an event's detail: in the file when the record was added


def _value(v: Any, lang: str) -> str:

    if v is None:
        return "–"
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, list):
        return ", ".join(_value(x, lang) for x in v) or "–"
    if isinstance(v, str) and v in ("planned", "active", "done", "blocked", "cancelled"):
        return status_label(v, lang)
    if isinstance(v, dict):
        return "{…}"
    return " ".join(str(v).split())


def _short(text: str, width: int | None = 80) -> str:
    """``text`` on one line; cut with "…" at ``width`` (``None``: whole)."""
    text = " ".join(text.split())
    if width is None or len(text) <= width:
        return text
    return text[: width - 1].rstrip() + "…"


def transition_of(e: Event) -> str | None:
    """What a status change means: ``started`` (to active from planned or from no
    status), ``resumed`` (from blocked), ``reopened`` (from done or cancelled, to
    active or planned), ``blocked``, ``cancelled`` or ``done``; ``None`` for any other
    event or change (active back to planned, say)."""
    if e.kind == "done":
        return "done"
    if e.kind != "status":
        return None
    old, new = e.old, e.new
    if new in ("done", "cancelled", "blocked"):
        return str(new)
    if new == "active":
        if old == "blocked":
            return "resumed"
        return "reopened" if old in ("done", "cancelled") else "started"
    if new == "planned" and old in ("done", "cancelled"):
        return "reopened"
    return None


def renamed_ids(e: Event) -> tuple[str, str] | None:
    """(old id, new id) of a ``renamed`` event that changed the record's id."""
    if e.kind != "renamed" or not isinstance(e.old, str) or not isinstance(e.new, str):
        return None
    old = os.path.splitext(os.path.basename(e.old))[0]
    new = os.path.splitext(os.path.basename(e.new))[0]
    return (old, new) if old != new else None


def _figure(value: Any, unit: str | None, lang: str) -> str:
    from netwerkagenda.i18n import format_number

    text = format_number(value, lang) if _number(value) is not None else "–"
    if unit == "%":
        return text + "%"
    return f"{text} {unit}" if unit else text


def _measurement(e: Event, lang: str, w: dict[str, str], full: bool = False) -> str:
    detail = e.detail or {}
    unit = detail.get("unit") if isinstance(detail.get("unit"), str) else None
    target = _number(detail.get("target"))
    title = detail.get("indicator") if isinstance(detail.get("indicator"), str) else e.field
    value = _figure(e.new, unit, lang)
    prev = _number(e.old)
    text = w["first" if prev is None else "measurement"].format(value=value)
    percent = "%" if unit == "%" else None
    if target is not None:
        text += f" ({w['target'].format(target=_figure(target, percent, lang))})"
    new = _number(e.new)
    if prev is not None and new is not None:
        figure = _figure(prev, percent, lang)
        text += ", " + (
            w["same"] if new == prev else w["up" if new > prev else "down"].format(prev=figure)
        )
    if e.text:
        text += f"; {_short(e.text, None if full else 60)}"
    return f"{title}: {text}"


def _indicator(e: Event, lang: str, w: dict[str, str]) -> str:
    detail = e.detail or {}
    title = detail.get("indicator") if isinstance(detail.get("indicator"), str) else e.field
    change = detail.get("change")
    if change == "added":
        text = w["ind_added"].format(title=title)
        if _number(e.new) is not None:
            text += f" ({w['target'].format(target=_figure(e.new, None, lang))})"
        return text
    if change == "removed":
        return w["ind_removed"].format(title=title)
    if change == "title":
        return w["ind_title"].format(old=_value(e.old, lang), new=_value(e.new, lang))
    if change == "target":
        old = _figure(e.old, None, lang) if e.old is not None else "–"
        new = _figure(e.new, None, lang) if e.new is not None else "–"
        return w["ind_target"].format(title=title, old=old, new=new)
    if change == "unit":
        return w["ind_unit"].format(title=title, old=_value(e.old, lang), new=_value(e.new, lang))
    return w["ind_measurements"].format(title=title)


def _budget(e: Event, lang: str, w: dict[str, str]) -> str:
    from netwerkagenda.i18n import format_money

    def money(b: Any) -> str:
        return format_money(b["amount"], b["currency"], lang)

    old, new = budget_of(e.old), budget_of(e.new)
    if old is None:
        return w["budget_set"].format(new=money(new)) if new is not None else "budget"
    if new is None:
        return w["budget_removed"].format(old=money(old))
    key = "budget_changed"
    if old["currency"] == new["currency"]:
        key = "budget_up" if new["amount"] > old["amount"] else "budget_down"
    return w[key].format(old=money(old), new=money(new))


def describe(e: Event, lang: str = "nl", *, full: bool = False) -> str:
    """What happened, in one line, in the repository's language: ``gestart (status:
    gepland → in uitvoering)``, ``due: 2022-12-31 → 2023-06-30 (2 keer verschoven)``,
    ``notitie: …``, ``Volwassenen met een basiscursus: meting 1.010 (doel 5.000),
    gestegen van 640``, ``budget € 40.000``. Other field names stay as they are
    written in the files. Notes are cut at 80 characters unless ``full``: a reader
    that wraps (``agenda log``, ``show``, the site) tells them whole."""
    lang = lang_of(lang)
    w = words = words_of(lang, "changes")
    if e.kind == "added":
        return w["added"] + (f" (status: {status_label(e.new, lang)})" if e.new else "")
    if e.kind == "removed":
        return w["removed"]
    if e.kind == "renamed":
        ids = renamed_ids(e)
        if ids is not None:
            return words["renamed_from"].format(old=ids[0], new=ids[1])
        return f"{w['renamed']}: {e.old} → {e.new}"
    if e.kind == "update":
        return f"{w['update']}: {_short(e.text or '', None if full else 80)}"
    if e.kind == "measurement":
        return _measurement(e, lang, words, full)
    if e.kind == "indicator":
        return _indicator(e, lang, words)
    if e.kind == "budget":
        return _budget(e, lang, words)
    if e.kind in ("started", "ended") and e.record_kind == "group":
        return words["formed" if e.kind == "started" else "ended"]
    if e.kind in ("started", "done", "ended"):
        label = w[e.kind]
        if e.kind == "done" and e.old is not None and e.source == "both":
            return f"{label} (status: {_value(e.old, lang)} → {status_label('done', lang)})"
        if e.kind == "started" and e.old is not None and e.source == "both":
            return f"{label} (status: {_value(e.old, lang)} → {status_label('active', lang)})"
        return label
    if e.kind == "status":
        change = f"status: {_value(e.old, lang)} → {_value(e.new, lang)}"
        what = transition_of(e)
        return f"{words[what]} ({change})" if what else change
    name = e.field or e.kind
    if e.kind == "field" and name in ("start", "started", "ended", "done"):
        # a date written or changed: a plan or a correction, said so, not the event
        name = words["field_" + name]
    elif name in ("description", "summary", "updates", "indicators"):
        return f"{field_word(name, lang)} {w['changed']}"
    else:
        name = field_word(name, lang)
    a, b = _value(e.old, lang), _value(e.new, lang)
    if len(a) + len(b) > 100 or "{…}" in a + b:
        return f"{name} {w['changed']}"
    text = f"{name}: {a} → {b}"
    if e.kind == "due" and e.moves > 1:
        text += f" ({w['moved'].format(n=e.moves)})"
    return text


def event_json(e: Event, lang: str = "nl") -> dict[str, Any]:
    c = e.commit
    return {
        "date": e.date.isoformat(),
        "kind": e.kind,
        "record": e.record,
        "record_kind": e.record_kind,
        "title": e.title,
        "field": e.field,
        "old": json_value(e.old),
        "new": json_value(e.new),
        "text": e.text,
        "author": e.author,
        "what": describe(e, lang),
        "source": e.source,
        "moves": e.moves,
        "was": e.was,
        "detail": e.detail,
        "commit": None
        if c is None
        else {
            "sha": c.sha,
            "short": c.short,
            "date": c.date.isoformat(),
            "author": c.author,
            "email": c.email,
            "message": c.message,
        },
    }
