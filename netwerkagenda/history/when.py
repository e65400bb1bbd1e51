"""``--since`` / ``--until`` values: a pure parser (no git, no clock).

A value is one of

- a date: ``2021-09-20``, ``today``, ``yesterday``, ``4 weeks ago``, ``3 months ago``,
  ``1 year ago``, ``10 days ago`` (Dutch too: ``4 weken geleden``, ``gisteren``,
  ``vandaag``); relative phrases count back from the reference date;
- ``last``: the newest ``brief/YYYY-MM-DD`` tag made by ``agenda brief --tag``;
- otherwise a git revision (tag, branch, sha, ``HEAD~3``), looked up later.

:func:`parse_when` raises only :class:`~netwerkagenda.errors.UsageError`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from netwerkagenda.errors import Input, UsageError


@dataclass(frozen=True)
class OnDate:
    date: dt.date


@dataclass(frozen=True)
class AtRevision:
    rev: str


@dataclass(frozen=True)
class LastBrief:
    pass


When = OnDate | AtRevision | LastBrief

_ISO = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
_AGO = re.compile(
    r"^(?P<n>\d{1,5}|a|an|one|een)\s+(?P<unit>[a-z]+)\s+(?:ago|geleden)$",
)
_UNITS = {
    "day": "days",
    "days": "days",
    "dag": "days",
    "dagen": "days",
    "week": "weeks",
    "weeks": "weeks",
    "weken": "weeks",
    "month": "months",
    "months": "months",
    "maand": "months",
    "maanden": "months",
    "year": "years",
    "years": "years",
    "jaar": "years",
    "jaren": "years",
}
# what git accepts in a revision, roughly: no spaces, no control characters, none of
# ~^:?*[\ at the start, no "..", no leading "-"
_REV = re.compile(r"^(?!-)(?!.*\.\.)[^\s\x00-\x1f\x7f:?*\[\\]+$")
HINT = (
    "use a date (2021-09-20), a relative phrase ('4 weeks ago', '3 months ago', "
    "'yesterday'), 'last' (the newest brief tag) or a git revision (tag, branch, sha)"
)


def months_back(day: dt.date, months: int) -> dt.date:
    """``day`` minus whole calendar months (the day clamped to the month's end)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    if year < dt.MINYEAR:
        raise OverflowError
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    last = (nxt - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def parse_when(value: str, today: dt.date, what: Input = Input.PERIOD_START) -> When:
    """Read one period start or end (``what``), counting relative phrases back from
    ``today`` (the repository's reference date)."""
    text = value.strip()
    low = " ".join(text.lower().split())
    if not low:
        raise UsageError((what, ": empty value"), hint=HINT)
    if low in ("today", "vandaag", "now", "nu"):
        return OnDate(today)
    if low in ("yesterday", "gisteren"):
        return _shift(today, 1, "days", value, what)
    if low == "last":
        return LastBrief()
    if _ISO.match(low):
        y, m, d = (int(x) for x in low.split("-"))
        try:
            return OnDate(dt.date(y, m, d))
        except ValueError:
            raise UsageError((what, f": {value!r} is not a valid date"), hint=HINT) from None
    match = _AGO.match(low)
    if match:
        raw_n = match["n"]
        n = 1 if raw_n in ("a", "an", "one", "een") else int(raw_n)
        unit = _UNITS.get(match["unit"])
        if unit is None:
            raise UsageError(
                (what, f": unknown unit {match['unit']!r} in {value!r}"),
                hint="use days, weeks, months or years",
            )
        return _shift(today, n, unit, value, what)
    if re.search(r"\b(ago|geleden)$", low) or re.match(r"^\d{4}-", low):
        raise UsageError((what, f": cannot read {value!r}"), hint=HINT)
    if not _REV.match(text) or text.endswith((".", "/", ".lock")) or "@{" in text:
        raise UsageError((what, f": {value!r} is neither a date nor a git revision"), hint=HINT)
    return AtRevision(text)


def _shift(today: dt.date, n: int, unit: str, value: str, what: Input) -> OnDate:
    try:
        if unit == "days":
            return OnDate(today - dt.timedelta(days=n))
        if unit == "weeks":
            return OnDate(today - dt.timedelta(weeks=n))
        if unit == "months":
            return OnDate(months_back(today, n))
        return OnDate(months_back(today, 12 * n))
    except (OverflowError, ValueError):
        raise UsageError((what, f": {value!r} goes back too far"), hint=HINT) from None
