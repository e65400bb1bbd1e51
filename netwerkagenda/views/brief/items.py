"""Layer 4 of the brief: the items, the records with something to tell.

An :class:`Item` is one record's ends, its facts and its notes in the period;
:func:`items_of` makes them and :func:`told_items` keeps the ones the letter tells.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from netwerkagenda.views.brief.ends import Ends
from netwerkagenda.views.brief.facts import Fact, facts_of
from netwerkagenda.views.brief.words import note_words

if TYPE_CHECKING:
    from netwerkagenda.history.changes import Event
    from netwerkagenda.history.timeline import Period
    from netwerkagenda.model import Record

BRIEF_WORDS = 20  # a single note up to this long is told in the opening summary
_RANK = {
    "finished": 0,
    "cancelled": 1,
    "budget": 1,
    "blocked": 2,
    "resumed": 2,
    "moved": 2,
    "not-started": 2,
    "overdue": 2,
}


def is_empty_note(text: str) -> bool:
    """A note that says nothing: at most four words, every one a filler word."""
    empty = note_words().empty
    n = 0
    for n, word in enumerate(_WORD.finditer(text.lower()), 1):
        if n > 4 or word.group() not in empty:  # most notes: their first word
            return False
    return n > 0


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
        resumed, moved, a missed start, past the due date), 3 other changes (started,
        added, renamed), 4 notes only."""
        return min((_RANK.get(f.kind, 3) for f in self.facts), default=4)

    def first_date(self) -> dt.date:
        days = [n.date for n in self.story] + [f.date for f in self.facts if f.date]
        return min(days) if days else dt.date.max

    def sort_key(self) -> tuple[Any, ...]:
        return (self.rank, self.first_date(), self.title.lower(), self.id)


def items_of(ends: dict[str, Ends], period: Period, launch: dt.date | None = None) -> list[Item]:
    """The records with a fact or a note in the period."""
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


_LONG_WORD = re.compile(r"\w{5,}")
_WORD = re.compile(r"\w+")


def names_subject(text: str, title: str) -> bool:
    """Whether a note names the record it is about: it shares a word of five or more
    letters with the title (``Informatiepunten`` names ``Informatiepunt …``)."""
    words = _stems(title)
    return any(w.group()[:6] in words for w in _LONG_WORD.finditer(text.lower()))


@lru_cache(maxsize=4096)
def _stems(title: str) -> frozenset[str]:
    """The first six letters of each word of five or more in ``title`` (a letter asks
    about the same titles again and again)."""
    return frozenset(w[:6] for w in _LONG_WORD.findall(title.lower()))


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


def told_items(
    items: list[Item],
    ends: dict[str, Ends],
    records: dict[str, Record],
    launch: dt.date | None,
) -> tuple[list[Item], list[Event]]:
    """The items the letter tells, and the notes of the launch day (the opening tells
    those). A group an action passed to is named by its title; a goal is a section of
    the letter, not news on it; an item whose news is all on the launch day is left to
    the opening."""
    # a group renamed (its actions' references rewritten) is no handover
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
    items = [
        it
        for it in items
        if not (it.kind == "goal" and not it.story and {f.kind for f in it.facts} <= {"added"})
    ]
    launch_notes = [n for it in items for n in it.notes if n.date == launch]
    items = [
        it for it in items if it.story or any(f.date != launch or f.date is None for f in it.facts)
    ]
    return items, launch_notes


def _title_of(rid: Any, records: dict[str, Record]) -> Any:
    rec = records.get(rid) if isinstance(rid, str) else None
    return rec.title if rec is not None else rid
