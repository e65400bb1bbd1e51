"""The facts in words: a fact as a sentence, as a list line's detail, a measurement."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from netwerkagenda.i18n import format_date, format_money, format_number, lang_of
from netwerkagenda.views.brief.facts import fact_order
from netwerkagenda.views.brief.words import words_for

if TYPE_CHECKING:
    from netwerkagenda.views.brief.facts import Fact, Measurement
    from netwerkagenda.views.brief.items import Item


def join_and(items: list[str], lang: str = "nl") -> str:
    """``a, b en c`` (nl) / ``a, b and c`` (en)."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + words_for(lang).conjunction + items[-1]


def count_word(n: int, lang: str = "nl") -> str:
    """A count in running text: in words up to twelve (``één werkgroep``, ``three
    goals``), in digits beyond."""
    words = words_for(lang).counts
    return words[n] if isinstance(n, int) and 0 <= n < len(words) else str(n)


def kind_plural(kind: str, n: int, lang: str = "nl") -> str:
    """A group kind as a word for a count: ``1 kernteam``, ``9 koersgroepen``, ``two
    steering groups``. The kinds of both vocabularies (``[groups] kinds`` as ``agenda
    init`` writes them) are in the word tables (``brief_group_kinds``); another kind is
    its identifier with spaces for hyphens, in the plural with "s" (Dutch words in
    ``groep`` or ``agenda``: "en")."""
    known = words_for(lang).group_kinds.get(kind)
    if known is not None:
        return known[0 if n == 1 else 1]
    word = kind.replace("-", " ").strip() or kind
    if n == 1:
        return word
    if word.endswith(("groep", "agenda")):
        return word + "en"
    return word + "s"


def lower_first(text: str) -> str:
    """``Geletterde samenleving`` -> ``geletterde samenleving``; ``HRD-agenda`` and
    ``IDO`` stay as they are."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def short_name(title: str, kind: str | None, lang: str = "nl") -> str:
    """A group's title without its kind: ``Koersgroep Collectie`` -> ``Collectie``,
    ``Steering group Schools`` -> ``Schools``."""
    if not kind:
        return title
    for word in dict.fromkeys((kind, kind.replace("-", " "), kind_plural(kind, 1, lang))):
        if title.lower().startswith(word.lower() + " ") and len(title) > len(word) + 1:
            rest = title[len(word) + 1 :]
            return rest[0].upper() + rest[1:]
    return title


def date_text(d: dt.date | None, lang: str) -> str | None:
    """``3 maart 2022`` / ``3 March 2022``; ``None`` for no date."""
    return format_date(d, lang) if d is not None else None


def month_text(d: dt.date | None, lang: str) -> str | None:
    """``maart 2022`` / ``March 2022``."""
    return format_date(d, lang).split(" ", 1)[1] if d is not None else None


def times(n: int, lang: str) -> str:
    """``twee keer`` / ``twice``."""
    w = words_for(lang)
    return w.times.get(n) or w.times_n.format(n=n)


def _money(v: tuple[float, str] | None, lang: str) -> str:
    return format_money(v[0], v[1], lang) if v is not None else ""


def _dates(values: Sequence[Any], lang: str) -> str:
    words = words_for(lang).sentences
    texts = [format_date(v, lang) if isinstance(v, dt.date) else str(v) for v in values]
    if len(texts) <= 1:
        return "".join(texts)
    return words["via"].format(a=", ".join(texts[:-1]), b=texts[-1])


def fact_sentence(f: Fact, lang: str) -> str:
    """The fact as a sentence about "this" (the record a section is about)."""
    lang = lang_of(lang)
    w = words_for(lang).sentences
    date = format_date(f.date, lang) if f.date else None
    if f.kind == "moved":
        return _moved_sentence(f, lang)
    if f.kind == "budget":
        return _budget_sentence(f, lang)
    if f.kind == "blocked" and f.until is not None and date:
        return w["blocked-until"].format(date=date, until=format_date(f.until, lang))
    if f.kind == "blocked" and f.new == "over" and date:
        return w["blocked-over"].format(date=date)
    if f.kind == "resumed" and isinstance(f.old, dt.date):  # on hold since before the period
        since = format_date(f.old, lang)
        return (w["resumed-after"] if date else w["resumed-after-"]).format(date=date, since=since)
    if f.kind == "renamed":
        return (w["renamed"] if date else w["renamed-"]).format(date=date, old=f.old)
    if f.kind == "regrouped":
        return (w["regrouped"] if date else w["regrouped-"]).format(date=date, new=f.new)
    if f.kind == "finished" and date and isinstance(f.old, dt.date) and f.date is not None:
        days = (f.date - f.old).days
        return w["finished-late"].format(date=date, days=days, due=format_date(f.old, lang))
    key = f.kind if date else f.kind + "-"
    return w[key].format(date=date)


def _moved_sentence(f: Fact, lang: str) -> str:
    w = words_for(lang).sentences
    old, new = format_date(f.old, lang), format_date(f.new, lang)
    if f.count > 1 and f.old == f.new:
        return w["moved-back"].format(times=times(f.count, lang), new=new)
    if f.count > 1 and f.via:
        return w["moved-n"].format(
            times=times(f.count, lang), old=old, via=_dates(f.via, lang), new=new
        )
    return w["moved"].format(old=old, new=new)


def _budget_sentence(f: Fact, lang: str) -> str:
    w = words_for(lang).sentences
    old, new = _money(f.old, lang), _money(f.new, lang)
    if f.old is None:
        return w["budget-new"].format(new=new)
    if f.new is None:
        key = "budget-gone"
    elif f.old[1] != f.new[1]:
        key = "budget-other"
    else:
        key = "budget-up" if f.new[0] > f.old[0] else "budget-down"
    date = format_date(f.date, lang) if f.date else None
    return w[key if date else key + "-"].format(date=date, old=old, new=new)


def fact_detail(f: Fact, lang: str) -> str:
    """What a line listing the fact says after the record's title: its date, the dates
    a due date moved between, the sums of a budget."""
    lang = lang_of(lang)
    w = words_for(lang)
    if f.kind == "moved":
        dates = [f.old, *f.via, f.new]
        arrow = " → ".join(format_date(d, lang) for d in dates)
        return arrow + (f", {times(f.count, lang)}" if f.count > 1 else "")
    if f.kind == "budget":
        if f.old is None:
            return _money(f.new, lang)
        if f.new is None:
            return w.withdrawn + _money(f.old, lang)
        return f"{_money(f.old, lang)} → {_money(f.new, lang)}"
    if f.kind == "renamed":
        return w.formerly.format(old=f.old)
    if f.kind == "blocked" and f.until is not None and f.date is not None:
        return f"{format_date(f.date, lang)} – {format_date(f.until, lang)}"
    if f.kind == "resumed" and isinstance(f.old, dt.date):
        since = w.on_hold_since.format(date=format_date(f.old, lang))
        return f"{format_date(f.date, lang)}, {since}" if f.date else since
    if f.kind == "regrouped":
        return f"{w.to} {f.new}" + (f", {format_date(f.date, lang)}" if f.date else "")
    if f.kind == "not-started" and f.date is not None:
        return f"{w.planned_start} {format_date(f.date, lang)}"
    if f.kind == "finished" and isinstance(f.old, dt.date) and f.date is not None:
        return f"{format_date(f.date, lang)}, {(f.date - f.old).days} {w.days_late}"
    return format_date(f.date, lang) if f.date else ""


def measurement_text(m: Measurement, lang: str) -> str:
    """``1.010 van de 5.000 op 1 maart 2026 (was 640 op 1 februari 2026)`` / ``1,010
    of 5,000 on 1 March 2026 (up from 640 on 1 February 2026)``."""
    lang = lang_of(lang)
    w = words_for(lang)
    value = format_number(m.value, lang)
    unit = f" {m.unit}" if m.unit else ""
    if m.target is not None:
        figure = f"{value}{w.of_target}{format_number(m.target, lang)}{unit}"
    else:
        figure = value + unit
    text = f"{figure} {w.on} {format_date(m.date, lang)}"
    if m.previous is not None and m.previous_date is not None:
        prev = f"{format_number(m.previous, lang)} {w.on} {format_date(m.previous_date, lang)}"
        up, down, same = w.trend
        trend = up if m.value > m.previous else down if m.value < m.previous else same
        text += f" ({trend} {prev})"
    return text


def state_text(
    item: Item, until: dt.date, horizon: dt.date, lang: str, stale_days: int = 60
) -> str | None:
    """What the record's state at the end adds to its facts, when the outlook does not
    tell it: when it is expected to be ready, when it is planned to start, that it is
    on hold. Never for a record finished, cancelled or removed."""
    rec, w = item.ends.after, words_for(lang).sentences
    if rec is None or item.kind != "action":
        return None
    kinds = {f.kind for f in item.facts}
    status = rec.status
    due, start = rec.date("due"), rec.date("start")
    if status == "active" and due is not None and due > horizon and "moved" not in kinds:
        from netwerkagenda.attention import last_update

        text = w["expected"].format(month=month_text(due, lang))
        last = last_update(rec, until) or start
        if last is not None and (until - last).days > stale_days:  # gone quiet: say so
            text += " " + w["quiet"].format(date=format_date(last, lang))
        return text
    if status == "planned" and start is not None and start > horizon:
        return w["planned"].format(date=format_date(start, lang))
    if status == "blocked" and not kinds & {"blocked"}:
        return w["on-hold"]
    return None


Part = tuple[tuple[dt.date, int, int], str, "Fact | None"]  # (order, text, fact; None: a note)


def paragraph_of(
    item: Item, lang: str, state: str | None = None, sentences: Sequence[str] | None = None
) -> str:
    """The item's notes and facts in one paragraph, in the order they happened: each
    note beside the fact it explains and dated ("2 april 2026: …") when there is more
    than it, unless the fact after it says its day. Every fact is told, whatever a
    note says: the note is the user's word, the fact the record's. A due date moved
    once is told with the note of its day as its reason, in one sentence. A sentence
    about "this" names the kind of record ("This action …"), so that it never reads
    as being about the note before it. The state at the end (``state``) closes it.
    ``sentences``: each fact's :func:`fact_sentence`, when the caller has them."""
    # on one day: the addition, then the notes, then the facts they explain
    parts: list[Part] = [((n.date, 1, 0), (n.text or "").strip(), None) for n in item.story]
    if sentences is None:
        sentences = [fact_sentence(f, lang) for f in item.facts]
    for f, sentence in zip(item.facts, sentences, strict=True):
        day, order = fact_order(f)
        parts.append(((day, 0 if f.kind == "added" else 2, order), sentence, f))
    parts.sort(key=lambda p: p[0])
    dated = len(parts) > 1 or state is not None
    out: list[str] = []
    after_fact = False  # the sentence before is a fact about the record too
    i = 0
    while i < len(parts):
        (day, _, _), text, fact = parts[i]
        following = parts[i + 1] if i + 1 < len(parts) else None
        if fact is None and following is not None and _explains_move(day, following[2]):
            assert following[2] is not None
            out.append(_moved_because(following[2], text, lang))
            after_fact, i = False, i + 2
            continue
        if fact is None:
            # the fact after it says the day already
            same_day = (
                following is not None
                and following[2] is not None
                and following[0][0] == day
                and format_date(day, lang) in following[1]
            )
            if dated and not same_day:
                text = f"{format_date(day, lang)}: {text}"  # the note itself unchanged
        else:
            text = with_subject(text, item.kind, lang, after_fact)
        after_fact = fact is not None
        out.append(text)
        i += 1
    if state:
        out.append(with_subject(state, item.kind, lang, after_fact))
    return " ".join(out)


def _explains_move(day: dt.date, fact: Fact | None) -> bool:
    """Whether a note of ``day`` is the reason of ``fact``: a due date moved once, on
    that day."""
    return fact is not None and fact.kind == "moved" and fact.count == 1 and fact.date == day


def _moved_because(f: Fact, note: str, lang: str) -> str:
    """``On 8 June 2026 the due date moved from … to …. <the note>``."""
    w = words_for(lang).sentences
    assert f.date is not None
    return w["moved-because"].format(
        date=format_date(f.date, lang),
        old=format_date(f.old, lang),
        new=format_date(f.new, lang),
        note=note,
    )


def with_subject(sentence: str, kind: str, lang: str, again: bool = False) -> str:
    """``This was finished …`` -> ``This action was finished …``: a sentence about
    "this" names the kind of record it is about (``again``: the sentence before was
    about it too: ``It was finished …``)."""
    w = words_for(lang)
    subject = w.subject.get(f"{kind}-again" if again else kind)
    if subject and sentence.startswith(w.this):
        return f"{subject} {sentence[len(w.this) :]}"
    return sentence
