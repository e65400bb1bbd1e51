"""The words agenda shows, and dates and amounts, in Dutch and English.

Each language has one table, :mod:`.nl` and :mod:`.en` (``WORDS``: section -> key ->
word or ``{...}`` format string); :func:`words` hands a command its section. A table is
imported the first time it is asked for, so a command that shows no words loads none.
"""

from __future__ import annotations

import datetime as dt
import functools

from netwerkagenda.settings import LANGUAGES


def lang_of(lang: str) -> str:
    """``lang`` when agenda speaks it, else English."""
    return lang if lang in LANGUAGES else "en"


def words(lang: str, section: str) -> dict[str, str]:
    """One section of ``lang``'s table (``"status"``, ``"site"``, ...); read it, never
    change it."""
    return _table(lang_of(lang))[section]


@functools.cache
def _table(lang: str) -> dict[str, dict[str, str]]:
    # imported on first use (and looked up once: a log asks for words per event)
    if lang == "nl":
        from netwerkagenda.i18n.nl import WORDS
    else:
        from netwerkagenda.i18n.en import WORDS
    return WORDS


def status_label(status: str | None, lang: str) -> str:
    if status is None:
        return "?"
    return words(lang, "statuses").get(status, status)


def kind_label(kind: str, lang: str) -> str:
    return words(lang, "kinds").get(kind, kind)


def field_word(name: str, lang: str) -> str:
    """A field's name in a log line: Dutch words in a Dutch log, else as written."""
    return words(lang, "fields").get(name, name)


def month_name(month: int, lang: str) -> str:
    """``september`` (nl) or ``September`` (en) for 9."""
    return words(lang, "months")[str(month)]


def format_date(d: dt.date, lang: str, *, year: bool = True) -> str:
    """``20 september 2021`` (nl) or ``20 September 2021`` (en)."""
    return _date_text(d, lang, year)


@functools.lru_cache(maxsize=8192)
def _date_text(d: dt.date, lang: str, year: bool) -> str:
    # a brief of a year says the same few hundred days tens of thousands of times
    month = month_name(d.month, lang)
    return f"{d.day} {month} {d.year}" if year else f"{d.day} {month}"


def _trim(x: float) -> str:
    s = f"{x:.1f}"
    return s[:-2] if s.endswith(".0") else s


def format_amount(amount: float, currency: str = "EUR", lang: str = "nl") -> str:
    """Amounts as people write them: ``95 miljoen euro``, ``29,7 miljoen euro``,
    ``12.500 euro``; in English ``€95 million``."""
    lang = lang_of(lang)
    cur = currency.upper()
    for size, scale in ((1_000_000_000, "billion"), (1_000_000, "million")):
        if abs(amount) >= size:
            num, word = _trim(amount / size), words(lang, "amounts")[scale]
            if lang == "nl":
                return f"{num.replace('.', ',')} {word} {'euro' if cur == 'EUR' else cur}"
            return f"{'€' if cur == 'EUR' else cur + ' '}{num} {word}"
    if lang == "nl":
        whole = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
        whole = whole.replace(",", "_").replace(".", ",").replace("_", ".")
        return f"{whole} {'euro' if cur == 'EUR' else cur}"
    whole = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
    return f"{'€' if cur == 'EUR' else cur + ' '}{whole}"


def format_number(value: float, lang: str = "nl") -> str:
    """A figure with thousands separators, at most two decimals: nl ``1.010`` and
    ``12,5``, en ``1,010`` and ``12.5``."""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
    if lang_of(lang) == "nl":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def format_money(amount: float, currency: str = "EUR", lang: str = "nl") -> str:
    """An exact sum of money: nl ``€ 40.000``, en ``€40,000``; other currencies by
    their code: ``USD 5.000`` / ``USD 5,000``."""
    cur = currency.upper()
    whole = amount if float(amount).is_integer() else round(amount, 2)
    text = f"{whole:,.0f}" if float(whole).is_integer() else f"{whole:,.2f}"
    if lang_of(lang) == "nl":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
        return f"€ {text}" if cur == "EUR" else f"{cur} {text}"
    return f"€{text}" if cur == "EUR" else f"{cur} {text}"
