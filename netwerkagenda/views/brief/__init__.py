"""Progress briefs: what changed in a period, told as a letter from a Jinja2 template.

The layers, in the order the data flows (each a module of small typed functions):

1. :mod:`.period`: the period, the repository at its end, the records at its start and
   the events between;
2. :mod:`.ends`: per record, its state at both ends and its events (:class:`Ends`);
3. :mod:`.facts`: the changes of state each record went through (:class:`Fact`), said
   in words by :mod:`.sentences` (the words: :mod:`netwerkagenda.i18n`'s tables, the
   ``brief…`` sections, through :mod:`.words`);
4. :mod:`.items`: the records with something to tell (:class:`Item`);
5. :mod:`.arrange`: the letter's parts (:class:`Letter`, :class:`Section`);
6. :mod:`.entries` and :mod:`.context`: the template context, documented in
   ``docs/templates.md``;
7. :mod:`.render`: the template, found and rendered in the sandbox.

The same inputs give the same bytes: everything is sorted and the clock is only read
(through ``Repository.today``) when ``until`` is absent. A new kind of fact goes in
:func:`.facts.facts_of`, its sentences in the ``brief_facts`` section of both word
tables (``netwerkagenda/i18n/nl.py``, ``en.py``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from netwerkagenda.history.timeline import Period
from netwerkagenda.history.when import OnDate, When
from netwerkagenda.perf import paused_gc
from netwerkagenda.views.brief import memo
from netwerkagenda.views.brief.context import build_context
from netwerkagenda.views.brief.period import LANGS, brief_period, check_lang, read_period
from netwerkagenda.views.brief.render import (
    TemplateError,
    _environment,
    builtin_template_dir,
    render,
)

if TYPE_CHECKING:
    from netwerkagenda.records.repository import Repository

__all__ = [
    "LANGS",
    "Brief",
    "TemplateError",
    "_environment",
    "brief_period",
    "build_context",
    "builtin_template_dir",
    "check_lang",
    "make_brief",
    "render",
]


@dataclass
class Brief:
    text: str
    period: Period
    template: str  # where the template came from


def make_brief(
    repo: Repository,
    since: When | None,
    until: When | None,
    *,
    lang: str | None = None,
    template: Path | None = None,
    period: Period | None = None,
    kept: bool = False,
) -> Brief:
    """Draft the brief for a period. ``until`` absent means the reference date
    (``repo.today()``: ``[agenda] as_of`` or the clock). ``period``: the one
    :func:`brief_period` gave for the same values, when the caller started it before
    loading ``repo``; the caches it reads through are the period's ``store``. ``kept``:
    the caller's process ends soon after (the CLI), so what the brief leaves alive is
    frozen out of the collector's sight (see :func:`netwerkagenda.perf.paused_gc`)."""
    lang = check_lang(lang or repo.settings.language)
    asked = (since, until)
    if until is None:
        until = OnDate(repo.today())
    if period is None:
        period = brief_period(repo.root, repo.today(), since, until)
    source = str(template) if template else f"brief.{lang}.md.j2"
    # the same inputs as the last brief in this language: the same bytes (.memo)
    key = memo.fingerprint(repo, period, asked, lang, template)
    recalled = memo.recall(period.store, lang, key)
    if recalled is not None:
        period.notes[:] = recalled[1]
        return Brief(recalled[0], period, source)
    # the period's states and events, the items and the template's entries are a few
    # hundred thousand objects, all alive until the letter is rendered and none in a
    # cycle: the collector would walk them at each burst and free nothing (0.1 s of
    # CPU, of 0.8, in a warm brief of a year of 10,000 commits). With ``kept``, what
    # the block leaves alive (the period's commits and events in the history's caches:
    # 126,000 objects in a first brief) is frozen: the first collection after the block
    # would walk them all (25 ms)
    with paused_gc(freeze=kept):
        # a period asked to end later than a snapshot's as_of reaches the commits after
        # it, but never beyond the clock (as agenda log)
        cutoff = min(period.until, dt.date.today()) if asked[1] and period.until else None
        data = read_period(repo, period, until, cutoff)
        context = build_context(
            data.end, period, data.events, lang, extra=data.extra, start=data.start,
            on_hold=data.on_hold,
        )  # fmt: skip
        bytecode = period.store.templates_folder() if period.store is not None else None
        text = render(context, lang, repo.root, template, bytecode)
    memo.keep(period.store, lang, key, text, period.notes)
    return Brief(text, period, source)
