"""The brief's words, from the word tables of :mod:`netwerkagenda.i18n` (its
``brief…`` sections), as one typed value per language.

The templates' own words (headings, the opening) are in the templates, where a user's
copy can change them; what the template context offers as ``words`` is
:attr:`BriefWords.sentences`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from netwerkagenda.i18n import lang_of, words


@dataclass(frozen=True)
class BriefWords:
    """Every word the brief's Python writes in one language."""

    sentences: dict[str, str]  # a fact as a sentence about "this", by key
    fact_labels: dict[str, str]  # a list of facts of one kind: "Afgerond: A en B."
    counts: tuple[str, ...]  # 0..12 in words
    times: dict[int, str]  # "twee keer", "twice"
    times_n: str  # beyond the table: "{n} keer"
    conjunction: str  # the last of a list: "a, b en c"
    this: str  # how a fact's sentence begins ("Dit ", "This ")
    subject: dict[str, str]  # for "this" after a note: "Deze actie", by record kind
    earlier: str  # an indicator's earlier measurements in the period
    before: str  # its last measurement before the period
    title: str  # the brief's title before the programme's name
    more_info: str  # a link title that makes a link the letter's closing
    withdrawn: str  # a budget withdrawn, in a list line
    formerly: str  # a record renamed, in a list line
    to: str  # a record passed to a group, in a list line
    planned_start: str  # a missed start, in a list line
    days_late: str  # a late finish, in a list line
    on_hold_since: str  # a record resumed, in a list line: since when it was on hold
    of_target: str  # "1.010 van de 5.000"
    on: str  # "op 1 maart 2026"
    trend: tuple[str, str, str]  # before the previous value: went up, down, stayed
    empty_note: frozenset[str]  # the words a note that says nothing is made of
    group_kinds: dict[str, tuple[str, str]]  # a group kind id: (singular, plural)


@cache
def words_for(lang: str) -> BriefWords:
    """The brief's words in ``lang`` (English for a language agenda does not speak)."""
    lang = lang_of(lang)
    w = words(lang, "brief")
    notes = words(lang, "brief_notes")
    return BriefWords(
        sentences=words(lang, "brief_facts"),
        fact_labels=words(lang, "brief_fact_labels"),
        counts=tuple(words(lang, "brief_counts").values()),
        times={int(n): text for n, text in words(lang, "brief_times").items()},
        times_n=w["times"],
        conjunction=w["and"],
        this=w["this"],
        subject=words(lang, "brief_subjects"),
        earlier=w["earlier"],
        before=w["before"],
        title=w["title"],
        more_info=w["more_info"],
        withdrawn=w["withdrawn"],
        formerly=w["formerly"],
        to=w["to"],
        planned_start=w["planned_start"],
        days_late=w["days_late"],
        on_hold_since=w["on_hold_since"],
        of_target=w["of_target"],
        on=w["on"],
        trend=(w["up_from"], w["down_from"], w["same_as"]),
        empty_note=frozenset(notes["empty"].split()),
        group_kinds={
            k: (v.split("; ")[0], v.split("; ")[-1])
            for k, v in words(lang, "brief_group_kinds").items()
        },
    )


@dataclass(frozen=True)
class NoteWords:
    """What the brief reads in a note or a link title, in either language: a note is
    told or left out whatever language it is written in."""

    empty: frozenset[str]
    more_info: tuple[str, ...]


@cache
def note_words() -> NoteWords:
    nl, en = words_for("nl"), words_for("en")
    return NoteWords(nl.empty_note | en.empty_note, (nl.more_info, en.more_info))
