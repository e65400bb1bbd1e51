"""Progress briefs: the template context for a period, and sandboxed Jinja2 rendering.

:func:`make_brief` resolves the period, builds one timeline (record dates + git) and
renders ``brief.<lang>.md.j2``: from ``--template FILE``, else the data repository's
``templates/``, else the built-in templates. The context is documented in
``docs/templates.md``. The same inputs give the same bytes: everything is sorted and
the clock is only read (through ``Repository.today``) when ``--until`` is absent.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from netwerkagenda.errors import AgendaError, UsageError
from netwerkagenda.history.changes import Event, describe
from netwerkagenda.history.timeline import Period, resolve_period, timeline
from netwerkagenda.history.when import OnDate, When
from netwerkagenda.i18n import format_amount, format_date, kind_label, status_label
from netwerkagenda.safetext import clean, link_url, markdown_link_text

if TYPE_CHECKING:
    from netwerkagenda.model import Record
    from netwerkagenda.repo import Repository

LANGS = ("nl", "en")
TEMPLATE_DIR = "templates"
UPCOMING_MONTHS = 3
BRIEF_WORDS = 20  # a single note up to this long is told in the opening summary
MORE_INFO = ("meer informatie:", "more information:")  # link titles for the closing

# words in a note that already tell an action's state (nl and en)
_TOLD = {
    "finished": (
        "afgerond",
        "gereed",
        "klaar",
        "voltooid",
        "opgeleverd",
        "finished",
        "completed",
        "done",
    ),
    "active": (
        "in uitvoering",
        "loopt",
        "bezig",
        "gestart",
        "wordt gestart",
        "in progress",
        "under way",
        "underway",
        "started",
        "working on",
    ),
    "preparing": (
        "in voorbereiding",
        "in de steigers",
        "voorbereid",
        "being prepared",
        "preparing",
        "in preparation",
    ),
    "delayed": (
        "geblokkeerd",
        "stil",
        "wacht",
        "vertraagd",
        "vertraging",
        "blocked",
        "delayed",
        "waiting",
        "on hold",
    ),
    "cancelled": ("vervallen", "gestopt", "geschrapt", "cancelled", "canceled", "stopped"),
}


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
    here = Path(__file__).resolve().parent
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
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return dt.date(year, month, min(day.day, (nxt - dt.timedelta(days=1)).day))


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


def _mentions(texts: list[str], words: tuple[str, ...]) -> bool:
    return _words_re(words).search(" ".join(texts).lower()) is not None


@functools.cache
def _words_re(words: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for a word list: a word starts where one of them starts."""
    if not words:
        return re.compile(r"(?!)")
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + ")")


def _short_name(title: str, kind: str | None) -> str:
    """A group's title without its kind: ``Koersgroep Collectie`` -> ``Collectie``."""
    if kind and title.lower().startswith(kind.lower() + " ") and len(title) > len(kind) + 1:
        rest = title[len(kind) + 1 :]
        return rest[0].upper() + rest[1:]
    return title


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


def _action(
    rec: Record,
    events: list[Event],
    lang: str,
    records: dict[str, Record],
    launch: dt.date | None = None,
) -> dict[str, Any]:
    status = rec.status
    # one pass over the events (a year of a large programme: thousands of actions)
    due_events: list[Event] = []
    updates: list[Event] = []
    later = finished = blocked = started = from_git = False
    for e in events:
        kind = e.kind
        if kind == "update":
            updates.append(e)
        elif kind == "due":
            due_events.append(e)
            old, new = e.old, e.new
            if isinstance(old, dt.date) and isinstance(new, dt.date) and new > old:
                later = True
        elif kind == "done":
            finished = True
        elif kind == "started":
            started = True
        elif kind == "status":
            new = e.new
            if new == "done":
                finished = True
            elif new == "blocked":
                blocked = True
            elif new == "active":
                started = True
        if e.source != "data":
            from_git = True
    blocked = blocked or status == "blocked"
    if finished and status in ("done", None):
        category = "finished"
    elif status == "cancelled":
        category = "cancelled"
    elif blocked or later:
        category = "delayed"
    elif status == "planned":
        category = "preparing"
    elif status == "active":
        category = "active"
    else:
        category = status or "active"
    group = rec.ids("group")
    g = records.get(group[0]) if group else None
    notes = [_event(e, lang) for e in updates]
    # the notes the letter tells: a note on the programme's first day is the launch,
    # which the opening already tells
    story = [n for n in notes if n["date"] != launch] if launch else list(notes)
    texts = [n["text"] for n in story if n["text"]]
    budget = rec.data.get("budget")
    amount = None
    amount_told = False
    if isinstance(budget, dict) and isinstance(budget.get("amount"), int | float):
        cur = budget.get("currency")
        cur = cur if isinstance(cur, str) else "EUR"
        value = float(budget["amount"])
        amount = format_amount(value, cur, lang)
        if texts:  # the amount as the notes may write it, in either language
            told = [format_amount(value, cur, la) for la in LANGS]
            amount_told = any(a in t for a in told for t in texts)
    start, due, done = rec.date("start"), rec.date("due"), rec.date("done")
    status_told = bool(texts) and (
        _mentions(texts, _TOLD.get(category, ()))
        or (category == "finished" and done is not None and story[-1]["date"] == done)
    )
    due_text = _dtext(due, lang)
    out = _record_base(rec, lang, records)
    out.update(
        {
            "status": status,
            "status_label": status_label(status, lang),
            "goals": rec.ids("goals"),
            "group": g.id if g else None,
            "group_title": g.title if g else None,
            "start": start,
            "start_text": _dtext(start, lang),
            "due": due,
            "due_text": due_text,
            "due_month_text": _month_text(due, lang),
            "done": done,
            "done_text": _dtext(done, lang),
            "progress": rec.number("progress"),
            "budget": amount,
            "events": EventList(events, lang),
            "notes": notes,
            "story": story,
            "words": sum(len(t.split()) for t in texts),
            "status_told": status_told,
            "amount_told": amount_told,
            "moved": EventList(due_events, lang),
            "category": category,
            "finished": finished,
            "started": started,
            "preparing": status == "planned",
            "delayed": blocked or later,
            "activity": bool(notes) or finished or blocked or from_git,
        }
    )
    return out


def build_context(
    end: Repository,
    period: Period,
    events: list[Event],
    lang: str,
    *,
    extra: list[Repository] | None = None,
) -> dict[str, Any]:
    """The template context (see ``docs/templates.md``)."""
    _EVENTS.clear()
    settings = end.settings
    records: dict[str, Record] = {}
    for repo in [end, *(extra or [])]:
        for rid, rec in repo.records.items():
            records.setdefault(rid, rec)
    by_record: dict[str, list[Event]] = {}
    for e in events:
        by_record.setdefault(e.record, []).append(e)
    goals = end.goals
    goal_ids = [g.id for g in goals]

    # the programme's first day, when the period covers it: the opening tells the launch
    launch = settings.start
    if launch is not None and not (
        (period.since is None or period.since <= launch)
        and (period.until is None or launch <= period.until)
    ):
        launch = None

    actions = []
    for rid in sorted(by_record):
        arec = records.get(rid)
        if arec is not None and arec.kind == "action":
            actions.append(_action(arec, by_record[rid], lang, records, launch))

    def first_date(a: dict[str, Any]) -> tuple[Any, ...]:
        evs = by_record[a["id"]]
        dates = [e.date for e in evs if e.kind != "started"] or [e.date for e in evs]
        return (min(dates), a["title"].lower(), a["id"])

    active = sorted((a for a in actions if a["activity"]), key=first_date)
    # notes told once: a group's note repeating an action's note is left out
    told = {n["text"] for a in active for n in a["notes"]}

    # themes: each action once, under its first goal; actions for every goal together
    themes: list[dict[str, Any]] = []
    by_theme: dict[str, list[dict[str, Any]]] = {}
    for a in active:
        gs = [g for g in a["goals"] if g in goal_ids]
        if len(goal_ids) > 1 and set(gs) == set(goal_ids):
            key = "*network"
        elif gs:
            key = gs[0]
        else:
            key = "*other"
        by_theme.setdefault(key, []).append(a)
    for g in goals:
        if g.id in by_theme:
            themes.append({"kind": "goal", "id": g.id, "title": g.title, "actions": by_theme[g.id]})
    for key, kind in (("*network", "network"), ("*other", "other")):
        if key in by_theme:
            themes.append({"kind": kind, "id": None, "title": None, "actions": by_theme[key]})

    by_goal: dict[str, list[dict[str, Any]]] = {}
    for a in actions:
        for gid in dict.fromkeys(a["goals"]):
            by_goal.setdefault(gid, []).append(a)
    goal_entries = []
    for g in goals:
        mine = by_goal.get(g.id, [])
        entry = _record_base(g, lang, records)
        entry.update(
            {
                "actions": [a for a in mine if a["activity"]],
                "finished": [a for a in mine if a["category"] == "finished"],
                "started": [a for a in mine if a["started"]],
                "preparing": [a for a in mine if a["category"] == "preparing" and a["activity"]],
                "delayed": [a for a in mine if a["delayed"]],
                "moved": [a for a in mine if a["moved"]],
                "notes": [n for a in mine for n in a["notes"]],
                "events": EventList(by_record.get(g.id, []), lang),
            }
        )
        goal_entries.append(entry)

    # groups: formed in the period, and others with news
    groups_formed = []
    groups_news = []
    for rid in sorted(by_record):
        grec = records.get(rid)
        if grec is None or grec.kind != "group":
            continue
        evs = by_record[rid]
        entry = _record_base(grec, lang, records)
        notes = [_event(e, lang) for e in evs if e.kind == "update" and e.text not in told]
        parent = grec.ids("parent")
        entry.update(
            {
                "group_kind": grec.text("kind"),
                "parent": parent[0] if parent else None,
                "chair": grec.text("chair"),
                "coach": grec.text("coach"),
                "started": grec.date("started"),
                "started_text": _dtext(grec.date("started"), lang),
                "ended": grec.date("ended"),
                "ended_text": _dtext(grec.date("ended"), lang),
                "notes": notes,
                "events": EventList(evs, lang),
            }
        )
        if any(e.kind == "started" for e in evs):
            groups_formed.append(entry)
        elif notes or any(e.source != "data" for e in evs):
            groups_news.append(entry)
    groups_formed.sort(key=lambda g: (g["started"] or dt.date.min, g["title"].lower(), g["id"]))
    kinds_order = list(settings.group_kinds)
    formed_counts: dict[str, int] = {}
    for gf in groups_formed:
        formed_counts[gf["group_kind"] or "?"] = formed_counts.get(gf["group_kind"] or "?", 0) + 1
    formed_by_kind = [
        {
            "kind": k,
            "count": n,
            "label": f"{n} {kind_plural(k, n, lang)}",
            "plural": kind_plural(k, n, lang),
            "groups": [g for g in groups_formed if (g["group_kind"] or "?") == k],
            "names": sorted(
                (
                    _short_name(g["title"], g["group_kind"])
                    for g in groups_formed
                    if (g["group_kind"] or "?") == k
                ),
                key=str.lower,
            ),
        }
        for k, n in sorted(
            formed_counts.items(),
            key=lambda kv: (kinds_order.index(kv[0]) if kv[0] in kinds_order else 99, kv[0]),
        )
    ]
    formed_ids = {g["id"] for g in groups_formed}
    existing = sorted(
        {
            g["parent"]
            for g in groups_formed
            if g["parent"] and g["parent"] not in formed_ids and g["parent"] in records
        }
    )
    existing_groups = [_record_base(records[i], lang, records) for i in existing]

    until = period.until
    assert until is not None
    horizon = _add_months(until, UPCOMING_MONTHS)
    upcoming: list[dict[str, Any]] = []
    starting: list[dict[str, Any]] = []
    with_news = {a["id"] for a in actions if a["activity"]}
    by_status: dict[str, int] = {}
    for rec in end.actions:
        status = rec.status
        if status:
            by_status[status] = by_status.get(status, 0) + 1
        if status not in ("planned", "active", "blocked"):
            continue
        due, start = rec.date("due"), rec.date("start")
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
    upcoming.sort(key=lambda u: (u["due"], u["title"].lower()))
    starting.sort(key=lambda u: (u["start"], u["title"].lower()))

    links: list[dict[str, str]] = []
    seen_urls: set[str] = set()
    link_sources = [
        *_links(settings.brief_links),
        *[lk for th in themes for a in th["actions"] for lk in a["links"]],
        *[lk for g in groups_formed + groups_news for lk in g["links"]],
    ]
    for lk in link_sources:
        if lk["url"] not in seen_urls:
            seen_urls.add(lk["url"])
            links.append(lk)

    # the letter: a short summary, sections for the records with the most to tell, and
    # a closing that points to where to read more
    more_info = []
    more_urls: set[str] = set()
    for lk in links:
        low = lk["title"].lower()
        prefix = next((p for p in MORE_INFO if low.startswith(p)), None)
        if prefix is not None:
            more_info.append({**lk, "text": lk["title"][len(prefix) :].strip()})
            more_urls.add(lk["url"])
    launch_notes = [n for a in active for n in a["notes"] if n["date"] == launch]
    body = [
        a
        for a in active
        if not any(lk["url"] in more_urls for lk in a["links"])
        and (a["story"] or launch is None or any(e.date != launch for e in by_record[a["id"]]))
    ]
    steering = None
    if groups_formed:
        words = [str(k["plural"]).lower() for k in formed_by_kind if k["count"] != 1]
        words += [g["title"].lower() for g in existing_groups]
        best = 0
        for a in body:
            text = " ".join(n["text"] or "" for n in a["story"]).lower()
            score = sum(w in text for w in words)
            if score > best:
                best, steering = score, a["id"]

    def brief_enough(a: dict[str, Any]) -> bool:
        return (
            len(a["story"]) == 1
            and a["words"] <= BRIEF_WORDS
            and a["category"] in ("finished", "active", "preparing")
            and (a["status_told"] or a["category"] == "active")
            and (a["budget"] is None or a["amount_told"])
            and not a["moved"]
            and a["id"] != steering
        )

    rank = {"finished": 0, "active": 1, "preparing": 2}
    # finished, under way, being prepared; notes that open alike stand together
    briefly = sorted(
        (a for a in body if brief_enough(a)),
        key=lambda a: (rank[a["category"]], (a["story"][0]["text"] or "").split()[:2]),
    )
    highlights = [a for a in body if not brief_enough(a)]
    # a planned action without notes is told by its start in the outlook alone
    outlook = {u["id"] for u in starting if u["activity"]}
    highlights = [
        a
        for a in highlights
        if a["story"] or a["category"] != "preparing" or a["id"] not in outlook
    ]

    notes_all = [_event(e, lang) for e in events if e.kind == "update"]
    contributors = sorted(
        {e.author for e in events if e.author} | {c.author for c in period.commits},
        key=str.lower,
    )

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

    summary = {
        "finished": [a for a in active if a["category"] == "finished"],
        "active": [a for a in active if a["category"] == "active"],
        "preparing": [a for a in active if a["category"] == "preparing"],
        "delayed": [a for a in active if a["category"] == "delayed"],
        "cancelled": [a for a in active if a["category"] == "cancelled"],
        "started": [a for a in actions if a["started"]],
        "moved": [a for a in actions if a["moved"]],
    }
    since = period.since
    return {
        "lang": lang,
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
        "period": {
            "since": since,
            "since_text": _dtext(since, lang),
            "until": until,
            "until_text": format_date(until, lang),
            "git": period.git is not None and period.tip is not None,
            "commits": len(period.commits),
            "first_commit": commit_info(0),
            "last_commit": commit_info(-1),
            "base": period.base[:7] if period.base else None,
            "tip": period.tip[:7] if period.tip else None,
            "notes": list(period.notes),
        },
        "summary": summary,
        "themes": themes,
        "goals": goal_entries,
        "actions": actions,
        "launch": launch_notes,
        "briefly": briefly,
        "highlights": highlights,
        "steering": steering,
        "more_info": more_info,
        "groups_formed": groups_formed,
        "groups_formed_by_kind": formed_by_kind,
        "groups_existing": existing_groups,
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
            "groups_formed": len(groups_formed),
        },
        "contributors": contributors,
    }


# --------------------------------------------------------------------------- rendering


def _sandbox() -> Any:
    """Jinja2's sandbox, with the operations that could build a huge value in one step
    checked first (:mod:`netwerkagenda.template_limits`): ``{{ 'x' * 10**10 }}`` would
    otherwise take all memory before any limit is seen."""
    from jinja2.sandbox import SandboxedEnvironment

    from netwerkagenda.template_limits import check_binop, check_call, check_format

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


def _environment(search: list[Path], lang: str, compiled: Path | None = None) -> Any:
    """The sandbox, loading templates from the folders ``search`` (in order); the
    built-in ones from ``compiled`` (ahead-of-time compiled copies of the last folder's
    templates, see :mod:`netwerkagenda.precompile`) when given."""
    from jinja2 import FileSystemLoader, StrictUndefined

    dirs = [str(p) for p in search if p.is_dir()]
    loader: Any = FileSystemLoader(dirs)
    if compiled is not None and dirs:
        from jinja2 import ChoiceLoader, ModuleLoader

        loader = ChoiceLoader(
            [FileSystemLoader(dirs[:-1]), ModuleLoader(str(compiled)), FileSystemLoader(dirs)]
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
        "status": lambda s: status_label(s, lang),
        "kind": lambda k: kind_label(k, lang),
        "join_and": lambda items: join_and(list(items), lang),
        "plural": lambda k, n: kind_plural(k, n, lang),
        "lower_first": lower_first,
    }
    env.filters.update(filters)
    from netwerkagenda.template_limits import bounded_filters

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
        from netwerkagenda.template_limits import limits_text

        return TemplateError(
            f"{where}: template error: the template uses too much memory", hint=limits_text()
        )
    from netwerkagenda.template_limits import RenderLimit, limits_text

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

    search = [root / TEMPLATE_DIR, builtin_template_dir()]
    name = f"brief.{lang}.md.j2"
    if template is not None:
        if not template.is_file():
            raise UsageError(f"--template: {template}: no such file")
        search.insert(0, template.resolve().parent)
        name = template.name
    from netwerkagenda.precompile import compiled_dir

    env = _environment(search, lang, compiled_dir(search[-1]))
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
        from netwerkagenda.template_limits import render_bounded

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
    from netwerkagenda.history.git import commit_on, repository_at_commit

    lang = check_lang(lang or repo.settings.language)
    if until is None:
        until = OnDate(repo.today())
    if period is None:
        period = brief_period(repo.root, repo.today(), since, until)
    repos = [repo]
    end = repo
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
    events = timeline(period, repos)
    write_behind_now()  # the caches are written while the brief is made
    context = build_context(end, period, events, lang, extra=repos[1:])
    source = str(template) if template else f"brief.{lang}.md.j2"
    return Brief(render(context, lang, repo.root, template), period, source)


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder."""
    import tempfile

    path = path.resolve()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        with _suppress():
            os.unlink(tmp)
        raise


def _suppress() -> Any:
    import contextlib

    return contextlib.suppress(OSError)
