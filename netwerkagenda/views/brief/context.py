"""Layer 7 of the brief: the template context (see ``docs/templates.md``).

:func:`build_context` runs the layers in the order the data flows: the records at both
ends of the period and the events between (:mod:`.ends`), their facts (:mod:`.facts`),
the items told (:mod:`.items`), the letter's parts (:mod:`.arrange`), and the
template's entries (:mod:`.entries`). Everything is sorted: the same inputs give the
same context.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from netwerkagenda.days import add_months
from netwerkagenda.history.changes import Event
from netwerkagenda.history.timeline import Period
from netwerkagenda.i18n import format_date, format_number, status_label
from netwerkagenda.views.brief.arrange import Letter, arrange
from netwerkagenda.views.brief.ends import Ends, record_ends
from netwerkagenda.views.brief.entries import (
    Entries,
    EventDicts,
    EventList,
    links_of,
    measurement_dict,
    record_base,
    section_dict,
)
from netwerkagenda.views.brief.facts import Measurement, measurements_of
from netwerkagenda.views.brief.items import Item, items_of, names_subject, told_items
from netwerkagenda.views.brief.sentences import (
    count_word,
    date_text,
    join_and,
    kind_plural,
    measurement_text,
    short_name,
)
from netwerkagenda.views.brief.words import note_words, words_for

if TYPE_CHECKING:
    from netwerkagenda.model import Record
    from netwerkagenda.records.repository import Repository

UPCOMING_MONTHS = 3


def build_context(
    end: Repository,
    period: Period,
    events: list[Event],
    lang: str,
    *,
    extra: list[Repository] | None = None,
    start: dict[str, Record] | None = None,
    on_hold: dict[str, dt.date] | None = None,
) -> dict[str, Any]:
    """The template context (see ``docs/templates.md``): the records at both ends of
    the period (``start``: the records at its start, ``None`` when git has no state
    from before it; ``on_hold``: since when those on hold then had been) and the events
    between, turned into facts, items and sections."""
    until = period.until
    assert until is not None
    records: dict[str, Record] = {}
    for repo in [end, *(extra or [])]:
        for rid, rec in repo.records.items():
            records.setdefault(rid, rec)
    told = _tell(end, period, events, records, start, extra or [], on_hold or {})
    horizon = add_months(until, UPCOMING_MONTHS)
    entry = Entries(lang, records, until, horizon, end.settings.stale_days, EventDicts(lang))
    return _context(end, period, events, start is not None, told, entry)


@dataclass
class Told:
    """What the letter tells, before it is put in the template's words."""

    ends: dict[str, Ends]  # every record at both ends of the period
    items: list[Item]  # the records with something to tell
    launch_notes: list[Event]  # the notes of the programme's first day
    links: list[dict[str, str]]
    more_info: list[dict[str, str]]  # the links the closing tells
    letter: Letter


def _tell(
    end: Repository,
    period: Period,
    events: list[Event],
    records: dict[str, Record],
    start: dict[str, Record] | None,
    extra: list[Repository],
    on_hold: dict[str, dt.date],
) -> Told:
    """Layers 2 to 5: the ends, the facts, the items told and the letter's parts."""
    settings = end.settings
    # the programme's first day, when the period covers it: the opening tells the launch
    launch = settings.start
    if launch is not None and not period.contains(launch):
        launch = None
    ends = record_ends(start, end, events, extra, on_hold)
    items, launch_notes = told_items(items_of(ends, period, launch), ends, records, launch)
    links = _all_links(settings, items)
    more_info, more_urls = _more_info(links)
    # an action with a "more information" link is told by the letter's closing
    body = [it for it in items if not _told_by_closing(it, more_urls)]
    measurements = [m for g in end.goals for m in measurements_of(g, period)]
    letter = arrange(body, end.goals, measurements)
    _drop_repeated_notes(items, letter)
    return Told(ends, items, launch_notes, links, more_info, letter)


def _context(
    end: Repository,
    period: Period,
    events: list[Event],
    state_known: bool,
    told: Told,
    entry: Entries,
) -> dict[str, Any]:
    """Layers 6 and 7: the told items as the template's entries, and the context."""
    lang, dicts, letter, settings = entry.lang, entry.events, told.letter, end.settings
    actions = [entry(it) for it in told.items if it.kind == "action"]
    steering = _steering_part(letter, entry, entry.records, list(settings.group_kinds), lang)
    groups_news = [entry(it) for it in letter.steering.full]
    upcoming, starting, by_status = _outlook(
        end, entry.until, entry.horizon, lang, {a["id"] for a in actions}, settings.stale_days
    )
    sections = _sections(letter, entry, lang, {g.id: g.title for g in end.goals})
    lead = [entry(it) for it in letter.lead]
    facts = [f for it in told.items for f in entry(it)["facts"]]
    notes = [dicts(e) for e in events if e.kind == "update"]
    summary = _summary(actions)
    return {
        **_heading(end, period, lang, state_known),
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
        "finished_told": _finished_told(facts, actions, lang),
        "themes": _themes(actions, end.goals),
        "goals": _goal_entries(end.goals, actions, dicts, told.ends, sections),
        "actions": actions,
        "launch": [dicts(e) for e in told.launch_notes],
        "briefly": lead,
        "highlights": [a for s in sections for a in s["full"] if a["kind"] == "action"],
        "steering": None,
        "more_info": told.more_info,
        "groups_formed": steering["formed"],
        "groups_formed_by_kind": steering["formed_by_kind"],
        "groups_existing": steering["existing"],
        "groups_news": groups_news,
        "notes": notes,
        "events": EventList(events, dicts),
        "upcoming": upcoming,
        "overdue": _overdue(end, entry.until, lang),
        "starting": starting,
        "horizon": entry.horizon,
        "horizon_text": format_date(entry.horizon, lang),
        "links": told.links,
        "counts": _counts(end, period, events, summary, steering, notes, facts, by_status),
        "contributors": sorted(
            {e.author for e in events if e.author} | {c.author for c in period.commits},
            key=str.lower,
        ),
    }


def _heading(end: Repository, period: Period, lang: str, state_known: bool) -> dict[str, Any]:
    """The language, the words, the title, the date, the programme and the period."""
    settings, until = end.settings, period.until
    assert until is not None
    return {
        "lang": lang,
        "words": dict(words_for(lang).sentences),
        "title": settings.brief_title or f"{words_for(lang).title} {settings.name}",
        "date": until,
        "date_text": format_date(until, lang),
        "programme": {
            "name": settings.name,
            "start": settings.start,
            "start_text": date_text(settings.start, lang),
            "end": settings.end,
            "end_text": date_text(settings.end, lang),
        },
        "period": _period_dict(period, lang),
        "state_known": state_known,
    }


def _told_by_closing(item: Item, more_urls: set[str]) -> bool:
    return item.kind == "action" and any(
        lk["url"] in more_urls for lk in links_of(item.record.links())
    )


def _drop_repeated_notes(items: list[Item], letter: Letter) -> None:
    """Notes are told once: a group's note repeating an action's note is left out."""
    action_texts = {n.text for it in items if it.kind == "action" for n in it.notes}
    for it in letter.formed + letter.steering.full:
        it.story = [n for n in it.story if n.text not in action_texts]


def _steering_part(
    letter: Letter,
    entry: Entries,
    records: dict[str, Record],
    kinds_order: list[str],
    lang: str,
) -> dict[str, Any]:
    """The groups' part: the groups formed (by kind), the existing groups they belong
    to, their notes, and the other groups' news."""
    formed = sorted(
        (entry(it) for it in letter.formed),
        key=lambda g: (g["formed"] or dt.date.min, g["title"].lower(), g["id"]),
    )
    formed_ids = {g["id"] for g in formed}
    existing = sorted(
        {g["parent"] for g in formed if g["parent"] and g["parent"] not in formed_ids}
        & set(records)
    )
    steering = section_dict(letter.steering, entry, lang)
    steering.update(
        {
            "formed": formed,
            "formed_by_kind": _formed_by_kind(formed, kinds_order, lang),
            "existing": [record_base(records[i], lang) for i in existing],
            "notes": [
                {**n, "names_subject": names_subject(n["text"] or "", g["title"]), "group": g}
                for g in formed
                for n in g["story"]
            ],
        }
    )
    return steering


def _sections(
    letter: Letter, entry: Entries, lang: str, goal_titles: dict[str, str]
) -> list[dict[str, Any]]:
    sections = [section_dict(s, entry, lang) for s in letter.sections]
    for s in sections:
        s["figures"] = _figures(s["measurements"], lang, goal_titles)
        s["measurements"] = [
            measurement_dict(m, lang, goal_titles.get(m.goal, m.goal)) for m in s["measurements"]
        ]
    return sections


def _summary(actions: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    summary = {
        cat: [a for a in actions if a["category"] == cat]
        for cat in ("finished", "active", "preparing", "delayed", "cancelled")
    }
    summary["started"] = [a for a in actions if a["started"]]
    summary["moved"] = [a for a in actions if any(f["kind"] == "moved" for f in a["facts"])]
    return summary


def _finished_told(
    facts: list[dict[str, Any]], actions: list[dict[str, Any]], lang: str
) -> list[str]:
    """Every action finished in the period, by the day: "Title (day)"."""
    ids = {a["id"] for a in actions}
    return [
        f"{f['title']} ({date_text(f['date'], lang)})" if f["date"] else f["title"]
        for f in sorted(
            (f for f in facts if f["kind"] == "finished"),
            key=lambda f: (f["date"] or dt.date.max, f["title"].lower()),
        )
        if f["record"] in ids
    ]


def _counts(
    end: Repository,
    period: Period,
    events: list[Event],
    summary: dict[str, list[dict[str, Any]]],
    steering: dict[str, Any],
    notes: list[dict[str, Any]],
    facts: list[dict[str, Any]],
    by_status: dict[str, int],
) -> dict[str, Any]:
    fact_counts: dict[str, int] = {}
    for f in facts:
        fact_counts[f["kind"]] = fact_counts.get(f["kind"], 0) + 1
    return {
        "actions": len(end.actions),
        "by_status": dict(sorted(by_status.items())),
        "finished": len(summary["finished"]),
        "started": len(summary["started"]),
        "notes": len(notes),
        "events": len(events),
        "commits": len(period.commits),
        "groups_formed": len(steering["formed"]),
        "facts": dict(sorted(fact_counts.items())),
    }


def _figures(ms: list[Measurement], lang: str, goal_titles: dict[str, str]) -> list[dict[str, Any]]:
    """One line per indicator: its latest measurement in the period with the target and
    the value before it, then the period's earlier measurements and the last one before
    the period."""
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
            text += f"; {words_for(lang).earlier} {join_and(earlier, lang)}"
        first = series[0]
        if len(series) > 1 and first.previous is not None and first.previous_date is not None:
            # where the period started from: the growth over the whole period shows
            day = format_date(first.previous_date, lang, year=True)
            text += f"; {words_for(lang).before} {format_number(first.previous, lang)} ({day})"
        entry = measurement_dict(last, lang, goal_titles.get(goal, goal))
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
        "since_text": date_text(period.since, lang),
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
    Markdown (:func:`~.entries.links_of`)."""
    links: list[dict[str, str]] = []
    seen: set[str] = set()
    sources = [*settings.brief_links]
    sources += [lk for it in items if it.kind == "action" for lk in it.record.links()]
    sources += [lk for it in items if it.kind == "group" for lk in it.record.links()]
    for lk in links_of(sources):
        if lk["url"] not in seen:
            seen.add(lk["url"])
            links.append(lk)
    return links


def _more_info(links: list[dict[str, str]]) -> tuple[list[dict[str, str]], set[str]]:
    """Links whose title starts with "Meer informatie:" / "More information:"."""
    out, urls = [], set()
    for lk in links:
        low = lk["title"].lower()
        prefix = next((p for p in note_words().more_info if low.startswith(p)), None)
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
                        (short_name(g["title"], g["group_kind"], lang), g["formed"])
                        for g in formed
                        if (g["group_kind"] or "?") == k
                    ),
                    key=lambda p: (p[0].lower(), p[1] or dt.date.min),
                )
            ),
            "names": sorted(
                (
                    short_name(g["title"], g["group_kind"], lang)
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
                    "quiet_since_text": date_text(quiet, lang),
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


def _overdue(end: Repository, until: dt.date, lang: str) -> list[dict[str, Any]]:
    """The actions planned or under way whose due date passed before the end of the
    period: the outlook names them without promising them (one on hold is not in the
    outlook at all; its paragraph says it is past its due date)."""
    out = []
    for rec in end.actions:
        due = rec.date("due")
        if rec.status in ("planned", "active") and due is not None and due < until:
            due_text = format_date(due, lang)
            out.append(
                {
                    "id": rec.id,
                    "title": rec.title,
                    "due": due,
                    "due_text": due_text,
                    "status": rec.status,
                    "status_label": status_label(rec.status, lang),
                    "text": f"{rec.title} ({due_text})",
                }
            )
    return sorted(out, key=lambda u: (u["due"], u["title"].lower(), u["id"]))


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
    dicts: EventDicts,
    ends: dict[str, Ends],
    sections: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """The goals for the template, each with its actions and figures."""
    lang = dicts.lang
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
        e = record_base(g, lang)
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
                "events": EventList(list(own.events) if own else [], dicts),
                "measurements": figures.get(g.id, []),
            }
        )
        out.append(e)
    return out


# --------------------------------------------------------------------------- rendering
