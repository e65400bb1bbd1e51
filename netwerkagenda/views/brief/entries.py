"""Layer 6 of the brief: the template's entries, one dict per event, fact, measurement
and item (the names are documented in ``docs/templates.md``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, overload

from netwerkagenda.history.changes import Event, describe
from netwerkagenda.i18n import (
    format_amount,
    format_date,
    format_money,
    format_number,
    kind_label,
    status_label,
)
from netwerkagenda.model import budget_value
from netwerkagenda.safetext import link_url, markdown_link_text
from netwerkagenda.views.brief.arrange import Section
from netwerkagenda.views.brief.facts import Fact, Measurement
from netwerkagenda.views.brief.items import Item, names_subject
from netwerkagenda.views.brief.sentences import (
    date_text,
    fact_detail,
    fact_sentence,
    kind_plural,
    measurement_text,
    month_text,
    paragraph_of,
    state_text,
)
from netwerkagenda.views.brief.words import words_for

if TYPE_CHECKING:
    from netwerkagenda.model import Record


class EventDicts:
    """The template's dict of each event in one language, made once however many lists
    of the context show the event (a year of a large programme has tens of thousands
    of events). One per context: it lives as long as the context does."""

    __slots__ = ("_made", "lang")

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._made: dict[int, tuple[Event, dict[str, Any]]] = {}  # by id(event)

    def __call__(self, e: Event) -> dict[str, Any]:
        hit = self._made.get(id(e))
        if hit is not None and hit[0] is e:
            return hit[1]
        d = _event_dict(e, self.lang)
        self._made[id(e)] = (e, d)
        return d


class EventList(Sequence[dict[str, Any]]):
    """A read-only list of events for the template, each event's dict made when the
    template first reads it: a year of a large programme has tens of thousands of
    events, and most templates show few of them (or none, through these lists)."""

    __slots__ = ("_dict", "_events")

    def __init__(self, events: list[Event], dicts: EventDicts) -> None:
        self._events = events
        self._dict = dicts

    def __len__(self) -> int:
        return len(self._events)

    @overload
    def __getitem__(self, i: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, i: slice) -> list[dict[str, Any]]: ...
    def __getitem__(self, i: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(i, slice):
            return [self._dict(e) for e in self._events[i]]
        return self._dict(self._events[i])

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return map(self._dict, self._events)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, EventList | list | tuple):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __add__(self, other: Sequence[Any]) -> list[Any]:
        return [*self, *other]

    def __radd__(self, other: Sequence[Any]) -> list[Any]:
        return [*other, *self]

    def __repr__(self) -> str:
        return repr(list(self))


def _event_dict(e: Event, lang: str) -> dict[str, Any]:
    c = e.commit
    return {
        "date": e.date,
        "date_text": format_date(e.date, lang),
        "kind": e.kind,
        "record": e.record,
        "record_kind": e.record_kind,
        "title": e.title,
        "field": e.field,
        "old": e.old,
        "new": e.new,
        "text": e.text,
        "author": e.author,
        "what": describe(e, lang),
        "source": e.source,
        "moves": e.moves,
        "commit": c.short if c else None,
    }


def links_of(pairs: Iterable[tuple[str, str]]) -> list[dict[str, str]]:
    """Links as a template writes them, ``[title](url)``: the title escaped for
    Markdown, the URL percent-encoded where it could end the link; a link whose URL is
    not http(s) or mailto (``javascript:``, ``data:``, ...) is left out."""
    out = []
    for title, url in pairs:
        safe = link_url(url)
        if safe is not None:
            out.append({"title": markdown_link_text(title), "url": safe})
    return out


def record_base(rec: Record, lang: str) -> dict[str, Any]:
    return {
        "id": rec.id,
        "kind": rec.kind,
        "kind_label": kind_label(rec.kind, lang),
        "title": rec.title,
        "summary": rec.text("summary"),
        "description": rec.text("description"),
        "owner": rec.text("owner"),
        "links": links_of(rec.links()),
        "file": rec.file,
    }


def fact_dict(f: Fact, title: str, lang: str) -> dict[str, Any]:
    return {
        "kind": f.kind,
        "record": f.record,
        "title": title,
        "date": f.date,
        "date_text": date_text(f.date, lang),
        "old": f.old,
        "new": f.new,
        "via": list(f.via),
        "count": f.count,
        "until": f.until,
        "until_text": date_text(f.until, lang),
        "label": words_for(lang).fact_labels[f.kind],
        "text": fact_sentence(f, lang),
        "detail": fact_detail(f, lang),
    }


def measurement_dict(m: Measurement, lang: str, goal_title: str) -> dict[str, Any]:
    return {
        "goal": m.goal,
        "goal_title": goal_title,
        "indicator": m.indicator,
        "title": m.title,
        "unit": m.unit,
        "target": m.target,
        "target_text": format_number(m.target, lang) if m.target is not None else None,
        "date": m.date,
        "date_text": format_date(m.date, lang),
        "value": m.value,
        "value_text": format_number(m.value, lang),
        "previous": m.previous,
        "previous_text": format_number(m.previous, lang) if m.previous is not None else None,
        "previous_date": m.previous_date,
        "previous_date_text": date_text(m.previous_date, lang),
        "text": measurement_text(m, lang),
    }


def _category(item: Item) -> str:
    kinds = {f.kind for f in item.facts}
    status = item.record.status
    if "finished" in kinds:
        return "finished"
    if "cancelled" in kinds or status == "cancelled":
        return "cancelled"
    later = any(f.kind == "moved" and f.new > f.old for f in item.facts)
    if status == "blocked" or kinds & {"blocked", "not-started", "overdue"} or later:
        return "delayed"
    if status == "planned":
        return "preparing"
    return "active" if status in ("active", None) else status


@dataclass
class Entries:
    """The template's dict of each item, made once: an item is in several lists (its
    section, ``actions``, a goal's ``actions``, ...) and every list shows the same dict."""

    lang: str
    records: dict[str, Record]
    until: dt.date
    horizon: dt.date  # the end of the outlook
    stale_days: int
    events: EventDicts
    _made: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __call__(self, item: Item) -> dict[str, Any]:
        hit = self._made.get(item.id)
        if hit is None:
            hit = self._made[item.id] = self._item_dict(item)
        return hit

    def _item_dict(self, item: Item) -> dict[str, Any]:
        """An item for the template: the record's fields, its facts and notes, and the
        names an action entry had before (``docs/templates.md``)."""
        lang, rec = self.lang, item.record
        events = list(item.ends.events)
        story = [self.events(e) for e in item.story]
        facts = [fact_dict(f, item.title, lang) for f in item.facts]
        state = state_text(item, self.until, self.horizon, lang, self.stale_days)
        said = [f["text"] for f in facts] + ([state] if state else [])
        paragraph = paragraph_of(item, lang, state, [f["text"] for f in facts])
        out = record_base(rec, lang)
        out.update(
            {
                "facts": facts,
                "state_text": state,
                "told": " ".join(said),  # the facts and the state, as sentences
                "notes": [self.events(e) for e in item.notes],
                "story": story,
                "line": paragraph,
                "paragraph": paragraph,
                "names_subject": bool(story) and names_subject(story[0]["text"], rec.title),
                "rank": item.rank,
                "events": EventList(events, self.events),
                "words": sum(len((n["text"] or "").split()) for n in story),
                "renamed_from": item.ends.old_id,
            }
        )
        if item.kind == "action":
            moved = EventList(_moves(events), self.events)
            out.update(_action_fields(item, lang, self.records, moved))
        elif item.kind == "group":
            out.update(_group_fields(item, lang))
        return out


def _moves(events: list[Event]) -> list[Event]:
    return [e for e in events if e.kind == "due"]


def _action_fields(
    item: Item, lang: str, records: dict[str, Record], moved: EventList
) -> dict[str, Any]:
    rec = item.record
    kinds = {f.kind for f in item.facts}
    status = rec.status
    group = rec.ids("group")
    g = records.get(group[0]) if group else None
    budget = budget_value(rec.data.get("budget"))
    start, due, done = rec.date("start"), rec.date("due"), rec.date("done")
    category = _category(item)
    return {
        "status": status,
        "status_label": status_label(status, lang),
        "goals": rec.ids("goals"),
        "group": g.id if g else None,
        "group_title": g.title if g else None,
        "start": start,
        "start_text": date_text(start, lang),
        "due": due,
        "due_text": date_text(due, lang),
        "due_month_text": month_text(due, lang),
        "done": done,
        "done_text": date_text(done, lang),
        "progress": rec.number("progress"),
        "budget": format_amount(budget[0], budget[1], lang) if budget else None,
        "budget_text": format_money(budget[0], budget[1], lang) if budget else None,
        "moved": moved,
        "category": category,
        "finished": "finished" in kinds,
        "started": "started" in kinds,
        "preparing": status == "planned",
        "delayed": category == "delayed" or "blocked" in kinds,
        "activity": True,
        # kept for templates written before the facts: the built-in templates now
        # always tell the facts, so nothing counts as told by a note
        "status_told": False,
        "amount_told": False,
    }


def _group_fields(item: Item, lang: str) -> dict[str, Any]:
    rec = item.record
    parent = rec.ids("parent")
    formed = next((f.date for f in item.facts if f.kind == "formed"), None)
    started = rec.date("started")
    kind = rec.text("kind")
    return {
        "group_kind": kind,
        "group_kind_text": kind_plural(kind, 1, lang) if kind else None,
        "parent": parent[0] if parent else None,
        "chair": rec.text("chair"),
        "coach": rec.text("coach"),
        "started": started or formed,
        "started_text": date_text(started or formed, lang),
        "formed": formed,
        "formed_text": date_text(formed, lang),
        "ended": rec.date("ended"),
        "ended_text": date_text(rec.date("ended"), lang),
    }


def section_dict(s: Section, entry: Callable[[Item], dict[str, Any]], lang: str) -> dict[str, Any]:
    return {
        "kind": s.kind,
        "id": s.id,
        "title": s.title,
        "full": [entry(it) for it in s.full],
        "lines": [entry(it) for it in s.lines],
        "tail": [
            {
                "kind": k,
                "label": words_for(lang).fact_labels[k],
                "records": [_tail_entry(it, f, lang) for it, f in pairs],
            }
            for k, pairs in s.tail
        ],
        "measurements": s.measurements,
    }


def _tail_entry(it: Item, f: Fact, lang: str) -> dict[str, Any]:
    detail = fact_detail(f, lang)
    return {
        "id": it.id,
        "title": it.title,
        "detail": detail,
        "text": f"{it.title} ({detail})" if detail else it.title,
    }
