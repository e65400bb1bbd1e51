"""Semantic changes between consecutive states of the records, found in git commits.

:func:`changes` walks :class:`~netwerkagenda.history.git.LogEntry` items (oldest first)
and gives :class:`Event` values: a record added, removed or renamed (``git mv``, or the
same id moving between ``.yaml`` and ``.toml``), its status from→to, its due date moved
(with how often it has moved in the walk), its group or owner changed, an update note
added, any other field changed. Each carries its commit (sha, author, date, message).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from netwerkagenda.history.git import Commit, FileChange, Git, LogEntry
from netwerkagenda.model import FOLDERS
from netwerkagenda.settings import Settings

if TYPE_CHECKING:
    from netwerkagenda.cache import Cache

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
            "field",
            "update",
            "ended",
            "removed",
        )
    )
}
_NAMED = ("status", "due", "group", "owner")
# a date field set in a commit tells the same as the record's own date
_DATE_KINDS = {"start": "started", "started": "started", "done": "done", "ended": "ended"}


@dataclass(frozen=True)
class Event:
    """One thing that happened to one record.

    ``kind``: ``added``, ``removed``, ``renamed``, ``status``, ``due``, ``group``,
    ``owner``, ``field`` (any other field; see ``field``), ``update`` (a progress note),
    and from the dates written in the records ``started`` (an action's ``start``, a
    group's ``started``), ``done`` (an action's ``done``) and ``ended`` (a group's
    ``ended``). ``source`` is ``git``, ``data`` or ``both``."""

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


@dataclass
class _Walk:
    git: Git
    settings: Settings
    blobs: dict[str, bytes]
    store: Cache | None = None  # parsed record files by content, kept between runs
    cache: dict[tuple[str, str], _Parsed] = field(default_factory=dict)
    state: dict[str, dict[str, Any]] = field(default_factory=dict)
    due_moves: dict[str, int] = field(default_factory=dict)

    def parse(self, path: str | None, blob: str | None) -> _Parsed | None:
        if path is None or blob is None or not path.startswith("data/"):
            return None
        parts = path.split("/")
        stem, ext = os.path.splitext(parts[-1])
        if len(parts) != 3 or parts[1] not in FOLDERS or ext not in (".yaml", ".yml", ".toml"):
            return None
        key = (blob, f"{parts[1]}/{ext}")
        hit = self.cache.get(key)
        if hit is None:
            from netwerkagenda.repo import load_file

            raw = self.blobs.get(blob)
            data = None
            if raw is not None and self.store is not None:
                data = self.store.data(path, raw, self.settings)
            elif raw is not None:
                data = load_file(path, raw, self.settings).data
            hit = _Parsed(FOLDERS[parts[1]], stem, data)
            self.cache[key] = hit
        return _Parsed(hit.kind, stem, hit.data)


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
    keys = sorted(set(old) | set(new) - {"id"}, key=lambda k: (k not in _NAMED, k))
    for key in keys:
        if key == "id":
            continue
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if key == "updates":
            before = _updates(old)
            seen = set(before)
            after = _updates(new)
            added = [u for u in after if u not in seen]
            for d, text, author in added:
                out.append(
                    replace(base, kind="update", date=d, text=text, author=author or base.author)
                )
            if set(before) - set(after) or (not added and before != after):
                out.append(replace(base, kind="field", field="updates"))
            continue
        if key == "due":
            moves = 0
            if due_moves is not None and a is not None and b is not None:
                due_moves[base.record] = moves = due_moves.get(base.record, 0) + 1
            out.append(replace(base, kind="due", field="due", old=a, new=b, moves=moves))
        elif key in _NAMED:
            out.append(replace(base, kind=key, field=key, old=a, new=b))
        elif key in _DATE_KINDS and b is not None:
            out.append(replace(base, kind=_DATE_KINDS[key], field=key, old=a, new=b))
        else:
            out.append(replace(base, kind="field", field=key, old=a, new=b))
    return out


def _pair_moves(files: list[FileChange]) -> list[FileChange]:
    """A deletion and an addition of the same id in one commit (``x.yaml`` became
    ``x.toml``) is a rename."""
    deleted = {}
    for f in files:
        if f.status == "D" and f.old_path:
            deleted[os.path.splitext(os.path.basename(f.old_path))[0]] = f
    out: list[FileChange] = []
    used: set[int] = set()
    for f in files:
        if f.status == "A" and f.new_path:
            rid = os.path.splitext(os.path.basename(f.new_path))[0]
            d = deleted.get(rid)
            if d is not None and id(d) not in used:
                used.add(id(d))
                out.append(FileChange("R", d.old_path, f.new_path, d.old_blob, f.new_blob))
                continue
        out.append(f)
    return [f for f in out if id(f) not in used]


def changes(
    git: Git, entries: list[LogEntry], settings: Settings, store: Cache | None = None
) -> list[Event]:
    """The semantic changes in ``entries`` (oldest first), in order. All blobs are read
    with one batched call."""
    shas: set[str] = set()
    for e in entries:
        if e.boundary:
            continue
        for f in e.files:
            shas.update(s for s in (f.old_blob, f.new_blob) if s)
    walk = _Walk(git, settings, git.read_blobs(shas), store)
    events: list[Event] = []
    for e in entries:
        if e.boundary:
            continue
        events += _commit_changes(walk, e.commit, _pair_moves(e.files))
    if store is not None:
        store.save()
    return events


def _commit_changes(walk: _Walk, commit: Commit, files: Iterable[FileChange]) -> list[Event]:
    out: list[Event] = []
    for f in files:
        old = walk.parse(f.old_path, f.old_blob)
        new = walk.parse(f.new_path, f.new_blob)
        if old is None and new is None:
            continue
        rec = new or old
        assert rec is not None
        base = Event(
            date=commit.day,
            kind="",
            record=rec.id,
            record_kind=rec.kind,
            title=_title(rec.data, rec.id),
            author=commit.author,
            commit=commit,
        )
        if old is None and new is not None:
            status = (new.data or {}).get("status")
            out.append(replace(base, kind="added", new=status if isinstance(status, str) else None))
            if new.data is not None:
                walk.state[new.id] = new.data
            continue
        if new is None and old is not None:
            out.append(replace(base, kind="removed", title=_title(old.data, old.id)))
            walk.state.pop(old.id, None)
            continue
        assert old is not None and new is not None
        if f.old_path != f.new_path:
            out.append(replace(base, kind="renamed", field="file", old=f.old_path, new=f.new_path))
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


def _value(v: Any, lang: str) -> str:
    from netwerkagenda.i18n import status_label

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


def _short(text: str, width: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def describe(e: Event, lang: str = "nl") -> str:
    """What changed, in one line: ``status: gepland → in uitvoering``,
    ``due: 2022-12-31 → 2023-06-30 (moved 2 times)``, ``update: …``."""
    from netwerkagenda.i18n import status_label

    if e.kind == "added":
        return "added" + (f" (status: {status_label(e.new, lang)})" if e.new else "")
    if e.kind == "removed":
        return "removed"
    if e.kind == "renamed":
        return f"renamed: {e.old} → {e.new}"
    if e.kind == "update":
        return f"update: {_short(e.text or '')}"
    if e.kind in ("started", "done", "ended"):
        label = {"started": "started", "done": "done", "ended": "ended"}[e.kind]
        if e.kind == "done" and e.old is not None and e.source == "both":
            return f"{label} (status: {_value(e.old, lang)} → {status_label('done', lang)})"
        if e.kind == "started" and e.old is not None and e.source == "both":
            return f"{label} (status: {_value(e.old, lang)} → {status_label('active', lang)})"
        return label
    name = e.field or e.kind
    a, b = _value(e.old, lang), _value(e.new, lang)
    if name in ("description", "summary", "updates") or len(a) + len(b) > 100:
        return f"{name} changed"
    text = f"{name}: {a} → {b}"
    if e.kind == "due" and e.moves > 1:
        text += f" (moved {e.moves} times)"
    return text


def event_json(e: Event, lang: str = "nl") -> dict[str, Any]:
    def plain(v: Any) -> Any:
        if isinstance(v, dt.date):
            return v.isoformat()
        if isinstance(v, list):
            return [plain(x) for x in v]
        if isinstance(v, dict):
            return {str(k): plain(x) for k, x in v.items()}
        return v

    c = e.commit
    return {
        "date": e.date.isoformat(),
        "kind": e.kind,
        "record": e.record,
        "record_kind": e.record_kind,
        "title": e.title,
        "field": e.field,
        "old": plain(e.old),
        "new": plain(e.new),
        "text": e.text,
        "author": e.author,
        "what": describe(e, lang),
        "source": e.source,
        "moves": e.moves,
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
