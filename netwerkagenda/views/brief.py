"""Progress briefs: the template context for a period, and sandboxed Jinja2 rendering.

:func:`make_brief` resolves the period, builds one timeline (record dates + git) and
renders ``brief.<lang>.md.j2``: from ``--template FILE``, else the data repository's
``templates/``, else the built-in templates. The context is documented in
``docs/templates.md``. The same inputs give the same bytes: everything is sorted and
the clock is only read (through ``Repository.today``) when ``--until`` is absent.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from netwerkagenda.errors import AgendaError, UsageError
from netwerkagenda.history.changes import Event, describe
from netwerkagenda.history.timeline import Period, resolve_period, timeline
from netwerkagenda.history.when import OnDate, When
from netwerkagenda.i18n import (
    format_amount,
    format_date,
    format_money,
    format_number,
    kind_label,
    status_label,
)
from netwerkagenda.model import budget_value
from netwerkagenda.safetext import clean, link_url, markdown_link_text
from netwerkagenda.views.brief_facts import (
    FACT_KINDS,
    FACT_LABELS,
    SENTENCES,
    Ends,
    Fact,
    Measurement,
    fact_detail,
    fact_sentence,
    facts_of,
    measurement_text,
    measurements_of,
    record_ends,
)

if TYPE_CHECKING:
    from netwerkagenda.model import Record
    from netwerkagenda.records.repository import Repository

LANGS = ("nl", "en")
TEMPLATE_DIR = "templates"
UPCOMING_MONTHS = 3
BRIEF_WORDS = 20  # a single note up to this long is told in the opening summary
MORE_INFO = ("meer informatie:", "more information:")  # link titles for the closing


class TemplateError(AgendaError):
    """A brief template that cannot be read or rendered (exit 2)."""


@dataclass
class Brief:
    text: str
    period: Period
    template: str  # where the template came from


# --------------------------------------------------------------------------- helpers


def builtin_template_dir() -> Path:
    """The built-in templates: ``netwerkagenda/templates`` in a wheel, the project's
    ``templates/`` in a source checkout."""
    here = Path(__file__).resolve().parents[1]  # the package
    for candidate in (here / TEMPLATE_DIR, here.parent / TEMPLATE_DIR):
        if (candidate / "brief.nl.md.j2").is_file():
            return candidate
    return here / TEMPLATE_DIR


def join_and(items: list[str], lang: str = "nl") -> str:
    """``a, b en c`` (nl) / ``a, b and c`` (en)."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    word = " en " if lang == "nl" else " and "
    return ", ".join(items[:-1]) + word + items[-1]


_PLURALS_NL = {"netwerkoverleg": "netwerkoverleggen", "kernteam": "kernteams"}


_COUNT_WORDS = {
    "nl": [
        "nul",
        "één",
        "twee",
        "drie",
        "vier",
        "vijf",
        "zes",
        "zeven",
        "acht",
        "negen",
        "tien",
        "elf",
        "twaalf",
    ],
    "en": [
        "no",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
    ],
}


def count_word(n: int, lang: str = "nl") -> str:
    """A count in running text: in words up to twelve (``één werkgroep``, ``three
    goals``), in digits beyond."""
    words = _COUNT_WORDS.get(lang, _COUNT_WORDS["en"])
    return words[n] if isinstance(n, int) and 0 <= n < len(words) else str(n)


def kind_plural(kind: str, n: int, lang: str = "nl") -> str:
    """A group kind for a count: ``1 kernteam``, ``9 koersgroepen``, ``3 fieldlabs``."""
    if n == 1:
        return kind
    if lang != "nl" and not kind.endswith(("groep", "overleg")):
        return kind + "s"
    if kind in _PLURALS_NL:
        return _PLURALS_NL[kind]
    if kind.endswith(("groep", "agenda")):
        return kind + "en"
    return kind + "s"


def _add_months(day: dt.date, months: int) -> dt.date:
    from netwerkagenda.days import add_months

    return add_months(day, months)  # 9999-12 plus months stays on the calendar


def _dtext(d: dt.date | None, lang: str) -> str | None:
    return format_date(d, lang) if d is not None else None


def _month_text(d: dt.date | None, lang: str) -> str | None:
    """``maart 2022`` / ``March 2022``."""
    return format_date(d, lang).split(" ", 1)[1] if d is not None else None


def lower_first(text: str) -> str:
    """``Geletterde samenleving`` -> ``geletterde samenleving``; ``HRD-agenda`` and
    ``IDO`` stay as they are."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def _short_name(title: str, kind: str | None) -> str:
    """A group's title without its kind: ``Koersgroep Collectie`` -> ``Collectie``."""
    if kind and title.lower().startswith(kind.lower() + " ") and len(title) > len(kind) + 1:
        rest = title[len(kind) + 1 :]
        return rest[0].upper() + rest[1:]
    return title


# --------------------------------------------------------------------------- items


HANDFUL = 6  # more items told in full than this: sections by goal
FULL_PER_SECTION = 8  # in a goal's section, the items told in full; the rest in a line
_RANK = {
    "finished": 0,
    "cancelled": 1,
    "budget": 1,
    "blocked": 2,
    "resumed": 2,
    "moved": 2,
    "not-started": 2,
}

# words a note that says nothing is made of ("Overleg gevoerd.", "Meeting held.")
EMPTY_NOTE_WORDS = frozenset(
    [
        "overleg",
        "gevoerd",
        "gehouden",
        "gesproken",
        "besproken",
        "vergadering",
        "vergaderd",
        "bijgewerkt",
        "update",
        "updated",
        "meeting",
        "held",
        "discussed",
        "call",
        "talked",
        "overleggen",
        "afstemming",
        "contact",
        "gehad",
    ]
)

# a note on a fact's day that carries one of these tells that fact: the fact's own
# sentence would say it twice ("het werk is hervat. … weer opgepakt.")
NOTE_TELLS = {
    "started": ("gestart", "van start", "begonnen", "started", "kicked off", "began"),
    "resumed": ("hervat", "weer opgepakt", "resumed", "restarted"),
    "finished": ("afgerond", "opgeleverd", "finished", "completed"),
    "cancelled": ("geschrapt", "stopgezet", "cancelled", "canceled"),
}

# the subject a fact's sentence gets after a note, so its "dit" cannot attach to it
_SUBJECT = {
    "nl": {"action": "Deze actie", "group": "Deze groep", "goal": "Deze opgave"},
    "en": {"action": "This action", "group": "This group", "goal": "This goal"},
}


def is_empty_note(text: str) -> bool:
    """A note that says nothing: every word of it is a filler word."""
    words = re.findall(r"\w+", text.lower())
    return bool(words) and len(words) <= 4 and all(w in EMPTY_NOTE_WORDS for w in words)


@dataclass(eq=False)
class Item:
    """One record with something to tell: its ends, its facts and its notes in the
    period. ``story`` is the notes the letter tells (``notes`` without the launch)."""

    ends: Ends
    facts: list[Fact]
    notes: list[Event]
    story: list[Event]

    @property
    def id(self) -> str:
        return self.ends.id

    @property
    def record(self) -> Record:
        return self.ends.record

    @property
    def kind(self) -> str:
        return self.ends.kind

    @property
    def title(self) -> str:
        return self.record.title

    @property
    def rank(self) -> int:
        """0 finished, 1 decisions and money (cancelled, budget), 2 delays (blocked,
        resumed, moved), 3 other changes (started, added, renamed), 4 notes only."""
        return min((_RANK.get(f.kind, 3) for f in self.facts), default=4)

    def first_date(self) -> dt.date:
        days = [n.date for n in self.story] + [f.date for f in self.facts if f.date]
        return min(days) if days else dt.date.max

    def sort_key(self) -> tuple[Any, ...]:
        return (self.rank, self.first_date(), self.title.lower(), self.id)


def items_of(ends: dict[str, Ends], period: Period, launch: dt.date | None = None) -> list[Item]:
    """The records with a fact or a note in the period (layer 3: facts per record)."""
    out: list[Item] = []
    for rid in sorted(ends):
        e = ends[rid]
        facts = facts_of(e, period)
        notes = [n for n in e.events if n.kind == "update" and n.text]
        if not facts and not notes:
            continue
        story, seen = [], set()
        for n in notes:  # a note that says nothing, or says it again, is not told
            key = " ".join((n.text or "").split())
            if (launch and n.date == launch) or key in seen or is_empty_note(key):
                continue
            seen.add(key)
            story.append(n)
        out.append(Item(e, facts, notes, story))
    return out


def names_subject(text: str, title: str) -> bool:
    """Whether a note names the record it is about: it shares a word of five or more
    letters with the title (``Informatiepunten`` names ``Informatiepunt …``)."""
    words = {w[:6] for w in re.findall(r"\w{5,}", title.lower())}
    return any(w[:6] in words for w in re.findall(r"\w{5,}", text.lower()))


def is_lead(item: Item) -> bool:
    """An item the opening summary tells in one sentence: one short note that names its
    subject, no change of state, the record under way or being prepared."""
    return (
        item.kind == "action"
        and not item.facts
        and len(item.story) == 1
        and len((item.story[0].text or "").split()) <= BRIEF_WORDS
        and item.record.status in ("active", "planned")
        and names_subject(item.story[0].text or "", item.title)
    )


@dataclass
class Section:
    """A part of the letter: a goal (``kind`` ``goal``, its ``id`` and ``title``), the
    actions for every goal (``network``), those for no known goal (``other``), or in a
    short letter all items (``items``). ``full``: items told in a paragraph of their
    own; ``lines``: items told in one line; ``tail``: items with one fact and no notes,
    listed by the kind of fact; ``measurements``: the goal's indicator figures."""

    kind: str
    id: str | None = None
    title: str | None = None
    full: list[Item] = field(default_factory=list)
    lines: list[Item] = field(default_factory=list)
    tail: list[tuple[str, list[tuple[Item, Fact]]]] = field(default_factory=list)
    measurements: list[Measurement] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.full or self.lines or self.tail or self.measurements)


def tail_of(items: list[Item]) -> list[tuple[str, list[tuple[Item, Fact]]]]:
    """Items with one fact and no notes, by the kind of fact (most important first)."""
    by_kind: dict[str, list[tuple[Item, Fact]]] = {}
    for it in items:
        f = it.facts[0]
        # on hold and resumed in the period is listed apart from still on hold
        over = f.until is not None or f.new == "over"
        key = "blocked-until" if f.kind == "blocked" and over else f.kind
        by_kind.setdefault(key, []).append((it, f))
    kinds = list(FACT_KINDS)
    kinds.insert(kinds.index("blocked") + 1, "blocked-until")
    order = {k: i for i, k in enumerate(kinds)}
    return [
        (k, sorted(v, key=lambda p: (p[1].date or dt.date.min, p[0].title.lower(), p[0].id)))
        for k, v in sorted(by_kind.items(), key=lambda kv: order.get(kv[0], 99))
    ]


def _theme(item: Item, goal_ids: list[str]) -> str:
    gs = [g for g in item.record.ids("goals") if g in goal_ids]
    if len(goal_ids) > 1 and set(gs) == set(goal_ids):
        return "*network"
    return gs[0] if gs else "*other"


@dataclass
class Letter:
    """The letter's parts (layer 4): the ``lead`` items the opening summary tells, the
    ``sections``, the groups' part (``steering``: groups formed, and the other group
    items), and whether the sections are by goal."""

    lead: list[Item]
    sections: list[Section]
    formed: list[Item]
    steering: Section
    by_goal: bool


def arrange(
    items: list[Item],
    goals: list[Record],
    measurements: list[Measurement],
    handful: int = HANDFUL,
) -> Letter:
    """Put each item in one place: the opening summary, a section (in full, in a line,
    or in a list by fact), or the groups' part. Up to ``handful`` items told in full
    the letter is one run of sections; beyond that there is a section per goal."""
    groups = [it for it in items if it.kind == "group"]
    others = sorted((it for it in items if it.kind != "group"), key=Item.sort_key)
    formed = [it for it in groups if any(f.kind == "formed" for f in it.facts)]
    rest_groups = [it for it in groups if not any(f.kind == "formed" for f in it.facts)]
    steering = Section(
        "steering",
        full=[it for it in rest_groups if it.story],
        tail=tail_of([it for it in rest_groups if not it.story and it.facts]),
    )
    steering.tail += [
        (k, v)
        for k, v in tail_of(
            [Item(it.ends, [f], [], []) for it in formed for f in it.facts if f.kind != "formed"]
        )
    ]
    lead = [it for it in others if is_lead(it)]
    rest = [it for it in others if not is_lead(it)]
    told_full = [it for it in rest if it.story or len(it.facts) > 1]
    tail = [it for it in rest if not it.story and len(it.facts) == 1]
    full_ids = {it.id for it in told_full}
    lead_ids = {it.id for it in lead}
    tail_ids = {it.id for it in tail}
    if len(told_full) <= handful:
        # one run of sections, a goal's items together (in the goals' order)
        goal_order = {g.id: i for i, g in enumerate(goals)}

        def by_goal(it: Item) -> tuple[Any, ...]:
            mine = [goal_order[g] for g in it.record.ids("goals") if g in goal_order]
            return (min(mine, default=len(goal_order)), *it.sort_key())

        told_full.sort(key=by_goal)
        section = Section("items", full=told_full, tail=tail_of(tail), measurements=measurements)
        return Letter(lead, [section] if section else [], formed, steering, False)
    goal_ids = [g.id for g in goals]
    keys = [*goal_ids, "*network", "*other"]
    by_key: dict[str, list[Item]] = {}
    for it in [*lead, *rest]:
        by_key.setdefault(_theme(it, goal_ids), []).append(it)
    sections = []
    titles = {g.id: g.title for g in goals}
    for key in keys:
        mine = sorted(by_key.get(key, []), key=Item.sort_key)
        full = [it for it in mine if it.id in full_ids]
        lines = [it for it in mine if it.id in lead_ids] + full[FULL_PER_SECTION:]
        kind = "goal" if key in titles else key[1:]
        s = Section(
            kind,
            key if key in titles else None,
            titles.get(key),
            full[:FULL_PER_SECTION],
            sorted(lines, key=Item.sort_key),
            tail_of([it for it in mine if it.id in tail_ids]),
            [m for m in measurements if m.goal == key],
        )
        if s:
            sections.append(s)
    return Letter([], sections, formed, steering, True)


# --------------------------------------------------------------------------- context


# one dict per event and language, however many lists of the context show it (a year of
# a large programme has tens of thousands of events); cleared by build_context
_EVENTS: dict[tuple[int, str], tuple[Event, dict[str, Any]]] = {}


class EventList(Sequence[dict[str, Any]]):
    """A read-only list of events for the template, each event's dict made when the
    template first reads it: a year of a large programme has tens of thousands of
    events, and most templates show few of them (or none, through these lists)."""

    __slots__ = ("_events", "_lang")

    def __init__(self, events: list[Event], lang: str) -> None:
        self._events = events
        self._lang = lang

    def __len__(self) -> int:
        return len(self._events)

    @overload
    def __getitem__(self, i: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, i: slice) -> list[dict[str, Any]]: ...
    def __getitem__(self, i: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(i, slice):
            return [_event(e, self._lang) for e in self._events[i]]
        return _event(self._events[i], self._lang)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        lang = self._lang
        return (_event(e, lang) for e in self._events)

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


def _event(e: Event, lang: str) -> dict[str, Any]:
    hit = _EVENTS.get((id(e), lang))
    if hit is not None and hit[0] is e:
        return hit[1]
    d = _event_dict(e, lang)
    _EVENTS[(id(e), lang)] = (e, d)
    return d


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


def _links(pairs: Iterable[tuple[str, str]]) -> list[dict[str, str]]:
    """Links as a template writes them, ``[title](url)``: the title escaped for
    Markdown, the URL percent-encoded where it could end the link; a link whose URL is
    not http(s) or mailto (``javascript:``, ``data:``, ...) is left out."""
    out = []
    for title, url in pairs:
        safe = link_url(url)
        if safe is not None:
            out.append({"title": markdown_link_text(title), "url": safe})
    return out


def _record_base(rec: Record, lang: str, records: dict[str, Record]) -> dict[str, Any]:
    return {
        "id": rec.id,
        "kind": rec.kind,
        "kind_label": kind_label(rec.kind, lang),
        "title": rec.title,
        "summary": rec.text("summary"),
        "description": rec.text("description"),
        "owner": rec.text("owner"),
        "links": _links(rec.links()),
        "file": rec.file,
    }


def _fact_dict(f: Fact, item: Item, lang: str) -> dict[str, Any]:
    return {
        "kind": f.kind,
        "record": f.record,
        "title": item.title,
        "date": f.date,
        "date_text": _dtext(f.date, lang),
        "old": f.old,
        "new": f.new,
        "via": list(f.via),
        "count": f.count,
        "until": f.until,
        "until_text": _dtext(f.until, lang),
        "label": FACT_LABELS[lang][f.kind],
        "text": fact_sentence(f, lang),
        "detail": fact_detail(f, lang),
    }


def _measurement_dict(m: Measurement, lang: str, goal_title: str) -> dict[str, Any]:
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
        "previous_date_text": _dtext(m.previous_date, lang),
        "text": measurement_text(m, lang),
    }


def state_text(
    item: Item, until: dt.date, horizon: dt.date, lang: str, stale_days: int = 60
) -> str | None:
    """What the record's state at the end adds to its facts, when the outlook does not
    tell it: when it is expected to be ready, when it is planned to start, that it is
    on hold. Never for a record finished, cancelled or removed."""
    rec, w = item.ends.after, SENTENCES[lang]
    if rec is None or item.kind != "action":
        return None
    kinds = {f.kind for f in item.facts}
    status = rec.status
    due, start = rec.date("due"), rec.date("start")
    if status == "active" and due is not None and due > horizon and "moved" not in kinds:
        from netwerkagenda.attention import last_update

        text = w["expected"].format(month=_month_text(due, lang))
        last = last_update(rec, until) or start
        if last is not None and (until - last).days > stale_days:  # gone quiet: say so
            text += " " + w["quiet"].format(date=format_date(last, lang))
        return text
    if status == "planned" and start is not None and start > horizon:
        return w["planned"].format(date=format_date(start, lang))
    if status == "blocked" and not kinds & {"blocked"}:
        return w["on-hold"]
    return None


def paragraph_of(item: Item, lang: str, state: str | None = None) -> str:
    """The item's notes and facts in one paragraph, in the order they happened: each
    note beside the fact it explains and dated ("2 april 2026: …") when there is more
    than it, unless the fact after it says its day; a fact a
    note of its day already tells is left out; a fact's "dit" after a note names the
    kind of record instead. The state at the end (``state``) closes it."""
    from netwerkagenda.views.brief_facts import fact_order

    # on one day: the addition, then the notes, then the facts they explain
    parts: list[tuple[tuple[dt.date, int, int], str, bool]] = []
    dropped = False
    for n in item.story:
        parts.append(((n.date, 1, 0), n.text or "", True))
    for f in item.facts:
        said = [n for n in item.story if n.date == f.date]
        told = NOTE_TELLS.get(f.kind, ())
        tells = f.date is not None and any(w in (n.text or "").lower() for n in said for w in told)
        if tells and (f.kind != "finished" or not isinstance(f.old, dt.date)):
            dropped = True
            continue  # the note says it, and its date (a late finish: how late)
        day, order = fact_order(f)
        parts.append(((day, 0 if f.kind == "added" else 2, order), fact_sentence(f, lang), False))
    parts.sort(key=lambda p: p[0])
    dated = len(parts) > 1 or state is not None or dropped
    subject = _SUBJECT.get(lang, _SUBJECT["en"]).get(item.kind)
    out: list[str] = []
    after_note = False
    for i, ((day, _, _), text, is_note) in enumerate(parts):
        if is_note:
            text = text.strip()
            following = parts[i + 1] if i + 1 < len(parts) else None
            # the fact after it says the day already
            same_day = (
                following is not None
                and not following[2]
                and following[0][0] == day
                and format_date(day, lang) in following[1]
            )
            if dated and not same_day:
                text = f"{format_date(day, lang)}: {text}"  # the note itself unchanged
            after_note = True
        else:
            first = "Dit " if lang == "nl" else "This "
            if after_note and subject and text.startswith(first):
                text = f"{subject} {text[len(first) :]}"
            after_note = False
        out.append(text)
    if state:
        out.append(state)
    return " ".join(out)


def _category(item: Item) -> str:
    kinds = {f.kind for f in item.facts}
    status = item.record.status
    if "finished" in kinds:
        return "finished"
    if "cancelled" in kinds or status == "cancelled":
        return "cancelled"
    later = any(f.kind == "moved" and f.new > f.old for f in item.facts)
    if status == "blocked" or kinds & {"blocked", "not-started"} or later:
        return "delayed"
    if status == "planned":
        return "preparing"
    return "active" if status in ("active", None) else status


def _item_dict(
    item: Item,
    lang: str,
    records: dict[str, Record],
    until: dt.date,
    horizon: dt.date,
    stale_days: int = 60,
) -> dict[str, Any]:
    """An item for the template: the record's fields, its facts and notes, and the
    names an action entry had before (``docs/templates.md``)."""
    rec = item.record
    events = list(item.ends.events)
    notes = [_event(e, lang) for e in item.notes]
    story = [_event(e, lang) for e in item.story]
    facts = [_fact_dict(f, item, lang) for f in item.facts]
    state = state_text(item, until, horizon, lang, stale_days)
    said = [f["text"] for f in facts] + ([state] if state else [])
    paragraph = paragraph_of(item, lang, state)
    out = _record_base(rec, lang, records)
    out.update(
        {
            "facts": facts,
            "state_text": state,
            "told": " ".join(said),  # the facts and the state, as sentences
            "notes": notes,
            "story": story,
            "line": paragraph,
            "paragraph": paragraph,
            "names_subject": bool(story) and names_subject(story[0]["text"], rec.title),
            "rank": item.rank,
            "events": EventList(events, lang),
            "words": sum(len((n["text"] or "").split()) for n in story),
            "renamed_from": item.ends.old_id,
        }
    )
    if item.kind == "action":
        out.update(_action_fields(item, lang, records, events))
    elif item.kind == "group":
        out.update(_group_fields(item, lang))
    return out


def _action_fields(
    item: Item, lang: str, records: dict[str, Record], events: list[Event]
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
        "start_text": _dtext(start, lang),
        "due": due,
        "due_text": _dtext(due, lang),
        "due_month_text": _month_text(due, lang),
        "done": done,
        "done_text": _dtext(done, lang),
        "progress": rec.number("progress"),
        "budget": format_amount(budget[0], budget[1], lang) if budget else None,
        "budget_text": format_money(budget[0], budget[1], lang) if budget else None,
        "moved": EventList([e for e in events if e.kind == "due"], lang),
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
    return {
        "group_kind": rec.text("kind"),
        "parent": parent[0] if parent else None,
        "chair": rec.text("chair"),
        "coach": rec.text("coach"),
        "started": started or formed,
        "started_text": _dtext(started or formed, lang),
        "formed": formed,
        "formed_text": _dtext(formed, lang),
        "ended": rec.date("ended"),
        "ended_text": _dtext(rec.date("ended"), lang),
    }


def _section_dict(s: Section, entry: Callable[[Item], dict[str, Any]], lang: str) -> dict[str, Any]:
    return {
        "kind": s.kind,
        "id": s.id,
        "title": s.title,
        "full": [entry(it) for it in s.full],
        "lines": [entry(it) for it in s.lines],
        "tail": [
            {
                "kind": k,
                "label": FACT_LABELS[lang][k],
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


def build_context(
    end: Repository,
    period: Period,
    events: list[Event],
    lang: str,
    *,
    extra: list[Repository] | None = None,
    start: dict[str, Record] | None = None,
) -> dict[str, Any]:
    """The template context (see ``docs/templates.md``): the records at both ends of
    the period (``start``: the repository at its start, ``None`` when git has no state
    from before it) and the events between, turned into facts, items and sections."""
    _EVENTS.clear()
    settings = end.settings
    until = period.until
    assert until is not None
    horizon = _add_months(until, UPCOMING_MONTHS)
    records: dict[str, Record] = {}
    for repo in [end, *(extra or [])]:
        for rid, rec in repo.records.items():
            records.setdefault(rid, rec)
    goals = end.goals
    goal_titles = {g.id: g.title for g in goals}

    # the programme's first day, when the period covers it: the opening tells the launch
    launch = settings.start
    if launch is not None and not period.contains(launch):
        launch = None

    # layers 2 and 3: every record at both ends and the events between, its facts
    ends = record_ends(start, end, events, extra or [])
    items = items_of(ends, period, launch)
    # a group an action passed to is told by its title; a group renamed (its actions'
    # references rewritten) is no handover
    renamed = {e.old_id: e.id for e in ends.values() if e.old_id}
    for it in items:
        it.facts = [
            Fact(f.kind, f.record, f.date, _title_of(f.old, records), _title_of(f.new, records))
            if f.kind == "regrouped"
            else f
            for f in it.facts
            if f.kind != "regrouped" or renamed.get(f.old) != f.new
        ]
    items = [it for it in items if it.facts or it.story]
    # a goal is a section of the letter, not news on it
    items = [
        it
        for it in items
        if not (it.kind == "goal" and not it.story and {f.kind for f in it.facts} <= {"added"})
    ]
    # an item whose news is all on the launch day is told by the opening
    launch_notes = [n for it in items for n in it.notes if n.date == launch]
    items = [
        it for it in items if it.story or any(f.date != launch or f.date is None for f in it.facts)
    ]
    links = _all_links(settings, items)
    more_info, more_urls = _more_info(links)
    # an action with a "more information" link is told by the letter's closing
    told_by_closing = [
        it
        for it in items
        if it.kind == "action" and any(lk["url"] in more_urls for lk in _links(it.record.links()))
    ]
    closing_ids = {it.id for it in told_by_closing}
    body = [it for it in items if it.id not in closing_ids]
    measurements = [m for g in goals for m in measurements_of(g, period)]
    letter = arrange(body, goals, measurements)

    cache: dict[str, dict[str, Any]] = {}

    def entry(it: Item) -> dict[str, Any]:
        hit = cache.get(it.id)
        if hit is None:
            hit = cache[it.id] = _item_dict(it, lang, records, until, horizon, settings.stale_days)
        return hit

    # notes told once: a group's note repeating an action's note is left out
    action_texts = {n.text for it in items if it.kind == "action" for n in it.notes}
    for it in letter.formed + letter.steering.full:
        it.story = [n for n in it.story if n.text not in action_texts]
    actions = [entry(it) for it in items if it.kind == "action"]
    formed = sorted(
        (entry(it) for it in letter.formed),
        key=lambda g: (g["formed"] or dt.date.min, g["title"].lower(), g["id"]),
    )
    formed_by_kind = _formed_by_kind(formed, list(settings.group_kinds), lang)
    formed_ids = {g["id"] for g in formed}
    existing = sorted(
        {g["parent"] for g in formed if g["parent"] and g["parent"] not in formed_ids}
        & set(records)
    )
    groups_news = [entry(it) for it in letter.steering.full]
    upcoming, starting, by_status = _outlook(
        end, until, horizon, lang, {a["id"] for a in actions}, settings.stale_days
    )
    sections = [_section_dict(s, entry, lang) for s in letter.sections]
    for s in sections:
        s["figures"] = _figures(s["measurements"], lang, goal_titles)
        s["measurements"] = [
            _measurement_dict(m, lang, goal_titles.get(m.goal, m.goal)) for m in s["measurements"]
        ]
    steering = _section_dict(letter.steering, entry, lang)
    steering.update(
        {
            "formed": formed,
            "formed_by_kind": formed_by_kind,
            "existing": [_record_base(records[i], lang, records) for i in existing],
            "notes": [
                {**n, "names_subject": names_subject(n["text"] or "", g["title"]), "group": g}
                for g in formed
                for n in g["story"]
            ],
        }
    )
    lead = [entry(it) for it in letter.lead]
    full = [a for s in sections for a in s["full"]]
    facts = [f for it in items for f in entry(it)["facts"]]
    notes_all = [_event(e, lang) for e in events if e.kind == "update"]
    contributors = sorted(
        {e.author for e in events if e.author} | {c.author for c in period.commits},
        key=str.lower,
    )
    summary = {
        cat: [a for a in actions if a["category"] == cat]
        for cat in ("finished", "active", "preparing", "delayed", "cancelled")
    }
    summary["started"] = [a for a in actions if a["started"]]
    summary["moved"] = [a for a in actions if any(f["kind"] == "moved" for f in a["facts"])]
    fact_counts: dict[str, int] = {}
    for f in facts:
        fact_counts[f["kind"]] = fact_counts.get(f["kind"], 0) + 1
    return {
        "lang": lang,
        "words": dict(SENTENCES[lang]),
        "title": settings.brief_title
        or ("Voortgangsbericht" if lang == "nl" else "Progress report") + f" {settings.name}",
        "date": until,
        "date_text": format_date(until, lang),
        "programme": {
            "name": settings.name,
            "start": settings.start,
            "start_text": _dtext(settings.start, lang),
            "end": settings.end,
            "end_text": _dtext(settings.end, lang),
        },
        "period": _period_dict(period, lang),
        "state_known": start is not None,
        "lead": lead,
        "sections": sections,
        "by_goal": letter.by_goal,
        "steering_part": steering,
        "facts": facts,
        "measurements": [m for s in sections for m in s["measurements"]],
        "figures": [f for s in sections for f in s["figures"]],
        "budgets": [f for f in facts if f["kind"] == "budget"],
        # the names of the context before the facts (docs/templates.md)
        "summary": summary,
        # every action finished in the period, by the day: "Title (day)"
        "finished_told": [
            f"{f['title']} ({_dtext(f['date'], lang)})" if f["date"] else f["title"]
            for f in sorted(
                (f for f in facts if f["kind"] == "finished"),
                key=lambda f: (f["date"] or dt.date.max, f["title"].lower()),
            )
            if f["record"] in {a["id"] for a in actions}
        ],
        "themes": _themes(actions, goals),
        "goals": _goal_entries(goals, actions, lang, records, ends, sections),
        "actions": actions,
        "launch": [_event(e, lang) for e in launch_notes],
        "briefly": lead,
        "highlights": [a for a in full if a["kind"] == "action"],
        "steering": None,
        "more_info": more_info,
        "groups_formed": formed,
        "groups_formed_by_kind": formed_by_kind,
        "groups_existing": steering["existing"],
        "groups_news": groups_news,
        "notes": notes_all,
        "events": EventList(events, lang),
        "upcoming": upcoming,
        "starting": starting,
        "horizon": horizon,
        "horizon_text": format_date(horizon, lang),
        "links": links,
        "counts": {
            "actions": len(end.actions),
            "by_status": dict(sorted(by_status.items())),
            "finished": len(summary["finished"]),
            "started": len(summary["started"]),
            "notes": len(notes_all),
            "events": len(events),
            "commits": len(period.commits),
            "groups_formed": len(formed),
            "facts": dict(sorted(fact_counts.items())),
        },
        "contributors": contributors,
    }


_EARLIER = {"nl": "eerder in deze periode", "en": "earlier in this period"}


def _title_of(rid: Any, records: dict[str, Record]) -> Any:
    rec = records.get(rid) if isinstance(rid, str) else None
    return rec.title if rec is not None else rid


def _figures(ms: list[Measurement], lang: str, goal_titles: dict[str, str]) -> list[dict[str, Any]]:
    """One line per indicator: its latest measurement in the period with the target and
    the value before it, then the period's earlier measurements."""
    by_indicator: dict[tuple[str, str], list[Measurement]] = {}
    for m in ms:
        by_indicator.setdefault((m.goal, m.indicator), []).append(m)
    out = []
    for (goal, _), series in by_indicator.items():
        series.sort(key=lambda m: m.date)
        last = series[-1]
        text = measurement_text(last, lang)
        earlier = [  # the one before the latest is told with it
            f"{format_number(m.value, lang)} "
            f"({format_date(m.date, lang, year=m.date.year != last.date.year)})"
            for m in series[:-2]
        ]
        if earlier:
            text += f"; {_EARLIER[lang]} {join_and(earlier, lang)}"
        entry = _measurement_dict(last, lang, goal_titles.get(goal, goal))
        entry.update({"text": text, "count": len(series)})
        out.append(entry)
    return out


def _period_dict(period: Period, lang: str) -> dict[str, Any]:
    def commit_info(i: int) -> dict[str, Any] | None:
        cs = period.commits
        if not cs:
            return None
        c = cs[i]
        return {
            "sha": c.sha,
            "short": c.short,
            "date": c.day,
            "date_text": format_date(c.day, lang),
            "author": c.author,
            "message": c.message,
        }

    until = period.until
    assert until is not None
    return {
        "since": period.since,
        "since_text": _dtext(period.since, lang),
        "until": until,
        "until_text": format_date(until, lang),
        "git": period.git is not None and period.tip is not None,
        "commits": len(period.commits),
        "first_commit": commit_info(0),
        "last_commit": commit_info(-1),
        "base": period.base[:7] if period.base else None,
        "tip": period.tip[:7] if period.tip else None,
        "notes": list(period.notes),
    }


def _all_links(settings: Any, items: list[Item]) -> list[dict[str, str]]:
    """The settings' links and those of the records told, each URL once, made safe for
    Markdown (:func:`_links`)."""
    links: list[dict[str, str]] = []
    seen: set[str] = set()
    sources = [*settings.brief_links]
    sources += [lk for it in items if it.kind == "action" for lk in it.record.links()]
    sources += [lk for it in items if it.kind == "group" for lk in it.record.links()]
    for lk in _links(sources):
        if lk["url"] not in seen:
            seen.add(lk["url"])
            links.append(lk)
    return links


def _more_info(links: list[dict[str, str]]) -> tuple[list[dict[str, str]], set[str]]:
    """Links whose title starts with "Meer informatie:" / "More information:"."""
    out, urls = [], set()
    for lk in links:
        low = lk["title"].lower()
        prefix = next((p for p in MORE_INFO if low.startswith(p)), None)
        if prefix is not None:
            out.append({**lk, "text": lk["title"][len(prefix) :].strip()})
            urls.add(lk["url"])
    return out, urls


def _formed_by_kind(
    formed: list[dict[str, Any]], kinds_order: list[str], lang: str
) -> list[dict[str, Any]]:
    counts: dict[str, int] = {}
    for g in formed:
        counts[g["group_kind"] or "?"] = counts.get(g["group_kind"] or "?", 0) + 1
    days = {g["formed"] for g in formed}

    def dated(names: list[tuple[str, dt.date | None]]) -> list[str]:
        # when the groups did not all start on one day, each name says its day
        if len(days) <= 1:
            return [n for n, _ in names]
        return [f"{n} ({format_date(d, lang)})" if d else n for n, d in names]

    return [
        {
            "kind": k,
            "count": n,
            "label": f"{count_word(n, lang)} {kind_plural(k, n, lang)}",
            "plural": kind_plural(k, n, lang),
            "groups": [g for g in formed if (g["group_kind"] or "?") == k],
            "dated_names": dated(
                sorted(
                    (
                        (_short_name(g["title"], g["group_kind"]), g["formed"])
                        for g in formed
                        if (g["group_kind"] or "?") == k
                    ),
                    key=lambda p: (p[0].lower(), p[1] or dt.date.min),
                )
            ),
            "names": sorted(
                (
                    _short_name(g["title"], g["group_kind"])
                    for g in formed
                    if (g["group_kind"] or "?") == k
                ),
                key=str.lower,
            ),
        }
        for k, n in sorted(
            counts.items(),
            key=lambda kv: (kinds_order.index(kv[0]) if kv[0] in kinds_order else 99, kv[0]),
        )
    ]


def _outlook(
    end: Repository,
    until: dt.date,
    horizon: dt.date,
    lang: str,
    with_news: set[str],
    stale_days: int = 60,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, int]]:
    """Deadlines (of actions planned or under way: never one blocked, cancelled or
    done) and planned starts in the months after the period; the actions by status.
    A deadline of an action under way with no news for ``stale_days`` says since when
    (``quiet_since``): a letter must not promise what has gone quiet."""
    from netwerkagenda.attention import last_update

    upcoming: list[dict[str, Any]] = []
    starting: list[dict[str, Any]] = []
    by_status: dict[str, int] = {}
    for rec in end.actions:
        status = rec.status
        if status:
            by_status[status] = by_status.get(status, 0) + 1
        if status not in ("planned", "active"):
            continue
        due, start = rec.date("due"), rec.date("start")
        last = last_update(rec, until) or start
        quiet = (
            last
            if status == "active" and last is not None and (until - last).days > stale_days
            else None
        )
        if due is not None and until < due <= horizon:
            upcoming.append(
                {
                    "id": rec.id,
                    "title": rec.title,
                    "due": due,
                    "due_text": format_date(due, lang),
                    "status": status,
                    "status_label": status_label(status, lang),
                    "activity": rec.id in with_news,
                    "quiet_since": quiet,
                    "quiet_since_text": _dtext(quiet, lang),
                }
            )
        if status == "planned" and start is not None and until < start <= horizon:
            starting.append(
                {
                    "id": rec.id,
                    "title": rec.title,
                    "start": start,
                    "start_text": format_date(start, lang),
                    "activity": rec.id in with_news,
                }
            )
    upcoming.sort(key=lambda u: (u["due"], u["title"].lower(), u["id"]))
    starting.sort(key=lambda u: (u["start"], u["title"].lower(), u["id"]))
    return upcoming, starting, by_status


def _themes(actions: list[dict[str, Any]], goals: list[Record]) -> list[dict[str, Any]]:
    """Each action once: under its first goal, or ``network`` when it serves every goal."""
    goal_ids = [g.id for g in goals]
    by_theme: dict[str, list[dict[str, Any]]] = {}
    for a in actions:
        gs = [g for g in a["goals"] if g in goal_ids]
        key = (
            "*network" if len(goal_ids) > 1 and set(gs) == set(goal_ids) else (gs or ["*other"])[0]
        )
        by_theme.setdefault(key, []).append(a)
    themes: list[dict[str, Any]] = [
        {"kind": "goal", "id": g.id, "title": g.title, "actions": by_theme[g.id]}
        for g in goals
        if g.id in by_theme
    ]
    for key, kind in (("*network", "network"), ("*other", "other")):
        if key in by_theme:
            themes.append({"kind": kind, "id": None, "title": None, "actions": by_theme[key]})
    return themes


def _goal_entries(
    goals: list[Record],
    actions: list[dict[str, Any]],
    lang: str,
    records: dict[str, Record],
    ends: dict[str, Ends],
    sections: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    by_goal: dict[str, list[dict[str, Any]]] = {}
    for a in actions:
        for gid in dict.fromkeys(a["goals"]):
            by_goal.setdefault(gid, []).append(a)
    figures: dict[str, list[dict[str, Any]]] = {}
    for s in sections:
        for m in s["measurements"]:
            figures.setdefault(m["goal"], []).append(m)
    out = []
    for g in goals:
        mine = by_goal.get(g.id, [])
        e = _record_base(g, lang, records)
        own = ends.get(g.id)
        e.update(
            {
                "actions": mine,
                "finished": [a for a in mine if a["finished"]],
                "started": [a for a in mine if a["started"]],
                "preparing": [a for a in mine if a["category"] == "preparing"],
                "delayed": [a for a in mine if a["delayed"]],
                "moved": [a for a in mine if a["moved"]],
                "notes": [n for a in mine for n in a["notes"]],
                "events": EventList(list(own.events) if own else [], lang),
                "measurements": figures.get(g.id, []),
            }
        )
        out.append(e)
    return out


# --------------------------------------------------------------------------- rendering


def _sandbox() -> Any:
    """Jinja2's sandbox, with the operations that could build a huge value in one step
    checked first (:mod:`netwerkagenda.views.sandbox`): ``{{ 'x' * 10**10 }}`` would
    otherwise take all memory before any limit is seen."""
    from jinja2.sandbox import SandboxedEnvironment

    from netwerkagenda.views.sandbox import check_binop, check_call, check_format

    class Sandbox(SandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**", "%", "+"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            check_binop(operator, left, right)
            return super().call_binop(context, operator, left, right)

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
            args = check_call(__obj, args, kwargs)
            return super().call(__context, __obj, *args, **kwargs)

        def wrap_str_format(self, value: Any) -> Any:
            fmt = super().wrap_str_format(value)
            if fmt is None:
                return None

            def checked(*args: Any, **kwargs: Any) -> Any:
                check_format(value.__self__)
                return fmt(*args, **kwargs)

            return checked

        def getattr(self, obj: Any, attribute: str) -> Any:
            # ``a.title`` on a context dict: Jinja2 tries the attribute first and gets
            # its item after an AttributeError, 29,000 times in a large brief. A name
            # no dict has as an attribute gives the same result straight away.
            if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
                try:
                    return obj[attribute]
                except KeyError:
                    return self.undefined(obj=obj, name=attribute)
            return super().getattr(obj, attribute)

    return Sandbox


_DICT_ATTRIBUTES = frozenset(dir(dict))


def _confined_loader(dirs: list[Path], root: Path | None) -> Any:
    """A Jinja2 file loader over ``dirs`` that, for a folder under ``root`` (the
    repository's root), opens a template only when its real path lies inside the
    repository (:mod:`netwerkagenda.confine`): a template file or folder that is a
    symbolic link out of the repository is an error, never read."""
    from jinja2 import FileSystemLoader
    from jinja2.exceptions import TemplateError as JinjaError

    from netwerkagenda import confine

    class Confined(FileSystemLoader):
        def get_source(self, environment: Any, template: str) -> Any:
            if root is not None:
                from jinja2.loaders import split_template_path

                parts = split_template_path(template)
                for folder in dirs:
                    if not confine.is_under(root, folder):
                        continue
                    candidate = folder.joinpath(*parts)
                    if not os.path.lexists(candidate):
                        continue
                    if confine.inside(root, candidate) is None:
                        rel = confine.relative(root, candidate)
                        raise JinjaError(confine.outside_message(rel))
                    if not candidate.is_file():
                        raise JinjaError(f"{confine.relative(root, candidate)} is not a file")
                    break
            return super().get_source(environment, template)

    return Confined([str(d) for d in dirs])


def _environment(
    search: list[Path], lang: str, compiled: Path | None = None, confine: Path | None = None
) -> Any:
    """The sandbox, loading templates from the folders ``search`` (in order); the
    built-in ones from ``compiled`` (ahead-of-time compiled copies of the last folder's
    templates, see :mod:`netwerkagenda.precompile`) when given. Templates in folders
    under ``confine`` (the repository) are read only inside it."""
    from jinja2 import StrictUndefined

    dirs = [p for p in search if p.is_dir()]
    loader: Any = _confined_loader(dirs, confine)
    if compiled is not None and dirs:
        from jinja2 import ChoiceLoader, ModuleLoader

        loader = ChoiceLoader(
            [
                _confined_loader(dirs[:-1], confine),
                ModuleLoader(str(compiled)),
                _confined_loader(dirs, confine),
            ]
        )
    env = _sandbox()(
        loader=loader,
        autoescape=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    filters: dict[str, Callable[..., Any]] = {
        "date": lambda d, year=True: format_date(d, lang, year=year),
        "amount": lambda x, cur="EUR": format_amount(float(x), cur, lang),
        "money": lambda x, cur="EUR": format_money(float(x), cur, lang),
        "number": lambda x: format_number(float(x), lang),
        "status": lambda s: status_label(s, lang),
        "kind": lambda k: kind_label(k, lang),
        "join_and": lambda items: join_and(list(items), lang),
        "plural": lambda k, n: kind_plural(k, n, lang),
        "lower_first": lower_first,
        "count": lambda n: count_word(int(n), lang),
    }
    env.filters.update(filters)
    from netwerkagenda.views.sandbox import bounded_filters

    env.filters.update(bounded_filters(env.filters))
    return env


def _template_error(exc: BaseException, fallback: str) -> TemplateError:
    import traceback

    from jinja2 import TemplateNotFound, TemplateSyntaxError

    if isinstance(exc, TemplateSyntaxError):
        where = exc.filename or exc.name or fallback
        return TemplateError(
            f"{where}:{exc.lineno}: template error: {exc.message}",
            hint="fix the template (Jinja2 syntax)",
        )
    frames = [
        f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith((".j2", ".md"))
    ]
    where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else fallback
    if isinstance(exc, TemplateNotFound):
        # {% include %}, {% import %} and {% extends %} read only from the template
        # folders: an absolute path or one with '..' is never found there
        return TemplateError(
            f"{where}: template error: template {exc.name!r} not found",
            hint="a template can include only templates from the repository's templates/ "
            "folder, the --template file's folder and the built-in templates",
        )
    if isinstance(exc, MemoryError):
        from netwerkagenda.views.sandbox import limits_text

        return TemplateError(
            f"{where}: template error: the template uses too much memory", hint=limits_text()
        )
    from netwerkagenda.views.sandbox import RenderLimit, limits_text

    if isinstance(exc, RenderLimit):
        return TemplateError(f"{where}: template error: {exc}", hint=limits_text())
    return TemplateError(
        f"{where}: template error: {exc}",
        hint="see docs/templates.md for the names a brief template can use",
    )


def _render_errors() -> tuple[type[BaseException], ...]:
    from jinja2 import TemplateError as JinjaError

    return (
        JinjaError,
        ArithmeticError,
        TypeError,
        ValueError,
        AttributeError,
        KeyError,
        IndexError,
        MemoryError,
        RecursionError,
    )


def render(context: dict[str, Any], lang: str, root: Path, template: Path | None = None) -> str:
    """Render the brief: ``template``, else ``<root>/templates/brief.<lang>.md.j2``,
    else the built-in template for ``lang``."""
    from jinja2 import TemplateError as JinjaError
    from jinja2 import TemplateNotFound

    from netwerkagenda import confine

    search = [root / TEMPLATE_DIR, builtin_template_dir()]
    name = f"brief.{lang}.md.j2"
    if template is not None:
        named = Path(os.path.abspath(template))
        if confine.is_under(root, named):  # a file in the repository: the one rule
            confine.check(root, named)
            folder = named.parent
        else:  # a file the user named outside it
            folder = template.resolve().parent
        if not template.is_file():
            raise UsageError(f"--template: {template}: no such file")
        search.insert(0, folder)
        name = template.name
    if os.path.lexists(root / TEMPLATE_DIR) and confine.inside(root, TEMPLATE_DIR) is None:
        raise TemplateError(
            confine.outside_message(TEMPLATE_DIR),
            hint="agenda reads templates only inside the repository",
        )
    from netwerkagenda.precompile import compiled_dir

    env = _environment(search, lang, compiled_dir(search[-1]), confine=root)
    try:
        tpl = env.get_template(name)
    except TemplateNotFound as exc:
        raise TemplateError(f"template {exc.name!r} not found") from None
    except JinjaError as exc:
        raise _template_error(exc, name) from None
    own = Path(str(tpl.filename or "")).resolve()
    if own.is_relative_to(search[-1].resolve()) or own.parent.name == "_compiled":
        # agenda's own template: rendered here, as fast as ever
        try:
            text: str = tpl.render(**context)
        except _render_errors() as exc:
            raise _template_error(exc, name) from None
    else:  # a repository's template: in a process of its own, bounded in time and size
        from netwerkagenda.views.sandbox import render_bounded

        text = render_bounded(
            lambda: tpl.generate(**context), lambda exc: _template_error(exc, str(own))
        )
    lines = [line.rstrip() for line in text.splitlines()]
    spaced: list[str] = []
    for line in lines:  # Markdown: headings and rules stand between blank lines
        block = line.startswith("#") or line == "---"
        if block:
            spaced.append("")
        spaced.append(line)
        if block:
            spaced.append("")
    out: list[str] = []
    for line in spaced:  # at most one blank line in a row, none at the start
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    # no control character or bidirectional override reaches a terminal or a page
    return clean("\n".join(out) + "\n")


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        from netwerkagenda.suggest import did_you_mean

        raise UsageError(
            f"--lang must be one of {', '.join(LANGS)}, not {lang!r}",
            hint=did_you_mean(lang, LANGS),
        )
    return lang


def brief_period(root: Path, today: dt.date, since: When | None, until: When | None) -> Period:
    """The period of a brief (``until`` absent: ``today``); git goes on reading its
    commits in the background (:func:`~netwerkagenda.history.timeline.resolve_period`)."""
    if since is None:
        raise UsageError(
            "--since is required",
            hint="e.g. --since 2021-06-16, --since '4 weeks ago' or --since last",
        )
    return resolve_period(root, since, until if until is not None else OnDate(today))


def make_brief(
    repo: Repository,
    since: When | None,
    until: When | None,
    *,
    lang: str | None = None,
    template: Path | None = None,
    period: Period | None = None,
) -> Brief:
    """Draft the brief for a period. ``until`` absent means the reference date
    (``repo.today()``: ``[agenda] as_of`` or the clock). ``period``: the one
    :func:`brief_period` gave for the same values, when the caller started it before
    loading ``repo``."""
    from netwerkagenda.cache import writing_behind

    with writing_behind():
        return _make_brief(repo, since, until, lang, template, period)


def _make_brief(
    repo: Repository,
    since: When | None,
    until: When | None,
    lang: str | None,
    template: Path | None,
    period: Period | None,
) -> Brief:
    from netwerkagenda.cache import write_behind_now
    from netwerkagenda.git import commit_on, repository_at_commit

    lang = check_lang(lang or repo.settings.language)
    if until is None:
        until = OnDate(repo.today())
    if period is None:
        period = brief_period(repo.root, repo.today(), since, until)
    repos = [repo]
    end = repo
    start: dict[str, Record] | None = None
    parsed: Repository | None = None
    g = period.git
    if g is not None and period.tip is not None:
        # the state at the end of the period, when git has it; the working tree's
        # record dates count too (data written later about the period)
        at: str | None = period.tip
        if isinstance(until, OnDate):
            c = commit_on(g, until.date, period.tip)
            at = c.sha if c is not None else None
        if at is not None and at != g.head():
            end = repository_at_commit(g, at)
            repos = [end, repo]
        if at is not None:
            start, parsed = _records_at_start(g, period, end)
    # the files read for the start are known to the walk too (their dates lie before
    # the period, so they add no events of their own)
    events = timeline(period, [*repos, parsed] if parsed is not None else repos)
    write_behind_now()  # the caches are written while the brief is made
    context = build_context(end, period, events, lang, extra=repos[1:], start=start)
    source = str(template) if template else f"brief.{lang}.md.j2"
    return Brief(render(context, lang, repo.root, template), period, source)


def _records_at_start(
    g: Any, period: Period, end: Repository
) -> tuple[dict[str, Record] | None, Repository | None]:
    """The records as they were when the period began (``None``: git has no state from
    before it: the period starts before the first commit, or in a shallow clone's
    oldest one). A file no commit in the period touched is as it is at the end; for the
    others the state before the first commit that touched them is read (one batched
    ``git cat-file`` and the parse cache), not the whole tree. Also returns the
    repository of the files it parsed, which the history walk then need not parse."""
    from netwerkagenda.cache import BLOBS_FILE, shared
    from netwerkagenda.cache import enabled as cache_enabled
    from netwerkagenda.model import Record
    from netwerkagenda.records.repository import _load_files, build_repository

    entries = period.entries
    if not entries:
        return dict(end.records), None
    if entries[0].boundary or not entries[0].commit.parents:
        return None, None
    touched: set[str] = set()
    old: dict[str, str] = {}  # path -> its blob when the period began
    for e in entries:
        for f in e.files:
            if f.old_path and f.old_path not in touched and f.old_blob:
                old[f.old_path] = f.old_blob
            touched.update(p for p in (f.old_path, f.new_path) if p)
    records = {rid: r for rid, r in end.records.items() if r.file not in touched}
    # the history walk keeps its parses by blob id: most are there on a warm run
    from netwerkagenda.history.changes import _path_info, _store_key

    walked = shared(end.root, end.settings.digest, BLOBS_FILE) if cache_enabled() else None
    unread: dict[str, str] = {}
    for rel, blob in sorted(old.items()):
        info = _path_info(rel)
        if info is None:
            continue
        hit = walked.get(_store_key((blob, info[0]))) if walked is not None else None
        if hit is not None and isinstance(hit[0], dict):
            records.setdefault(info[2], Record(info[1], info[2], rel, hit[0]))
        elif hit is None:
            unread[rel] = blob
    parsed = None
    if unread:
        blobs = g.read_blobs(set(unread.values()))
        files = [(rel, blobs.get(blob, b"")) for rel, blob in sorted(unread.items())]
        results = _load_files(end.settings, [f for f in files if _is_record_path(f[0])], None)
        parsed = build_repository(end.root, end.settings, results)
        for rid, rec in parsed.records.items():
            records.setdefault(rid, rec)
    return records, parsed


def _is_record_path(rel: str) -> bool:
    from netwerkagenda.model import FOLDERS

    parts = rel.split("/")
    return (
        len(parts) == 3
        and parts[0] == "data"
        and parts[1] in FOLDERS
        and os.path.splitext(rel)[1] in (".yaml", ".yml", ".toml")
    )
