"""``--since`` / ``--until`` values: a pure parser (no git, no clock).

A value is one of

- a date: ``2021-09-20``, ``today``, ``yesterday``, ``4 weeks ago``, ``3 months ago``,
  ``1 year ago``, ``10 days ago`` (Dutch too: ``4 weken geleden``, ``gisteren``,
  ``vandaag``); relative phrases count back from the reference day the caller
  passes (:func:`parse_period`: a period's start counts back from its end);
- ``last``: the newest ``brief/YYYY-MM-DD`` tag made by ``agenda brief --tag``;
- otherwise a git revision (tag, branch, sha, ``HEAD~3``), looked up later.

:func:`parse_when` raises only :class:`~netwerkagenda.errors.UsageError`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
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

_TODAY = ("today", "vandaag", "now", "nu")
_YESTERDAY = ("yesterday", "gisteren")
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
    if low in _TODAY:
        return OnDate(today)
    if low in _YESTERDAY:
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


def parse_period(
    since: str | None,
    until: str | None,
    today: dt.date,
    end_day: Callable[[When], dt.date | None] | None = None,
) -> tuple[When | None, When | None]:
    """Read a period's ``--since`` and ``--until``. A relative phrase in ``until``
    counts back from ``today`` (the repository's today: ``--today``, ``[agenda] as_of``
    or the clock, as the caller decides). One in ``since`` counts back from the
    period's end: the day ``until`` names when it names one (a date; a revision's or
    the last brief tag's day through ``end_day``, which may look it up in git; its
    ``None``: not known, count from ``today``), else from ``today``. So ``--since
    '3 months ago' --until 2021-09-30`` is the quarter up to 30 September 2021,
    whatever the clock says; ``--until '1 week ago'`` counts from ``today``, and so
    does a ``since`` with it (both from the same day, as git reads them)."""
    end = parse_when(until, today, Input.PERIOD_END) if until is not None else None
    if since is None:
        return None, end
    reference = today
    if end is not None and until is not None and counts_back(since) and not counts_back(until):
        day = end.date if isinstance(end, OnDate) else end_day(end) if end_day else None
        if day is not None:
            reference = day
    return parse_when(since, reference, Input.PERIOD_START), end


def counts_back(value: str) -> bool:
    """Whether ``value`` is a phrase counted from a reference day (``today``,
    ``yesterday``, ``3 months ago``), not a date or revision of its own."""
    low = " ".join(value.lower().split())
    return low in _TODAY or low in _YESTERDAY or _AGO.match(low) is not None


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
