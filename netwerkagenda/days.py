"""Date arithmetic that stays on the calendar: ``9999-12-31`` plus a month is still
``9999-12-31``, ``0001-01-01`` minus two days is ``0001-01-01``. Record dates and
``--since``/``--until``/``--as-of``/``--today`` values may sit at either end of what
:class:`datetime.date` holds; a window or horizon computed from them is clamped there
rather than raising ``OverflowError``."""

from __future__ import annotations

import datetime as dt


def add_days(day: dt.date, days: int) -> dt.date:
    """``day`` plus ``days`` (may be negative), clamped to the calendar's ends."""
    ordinal = day.toordinal() + days
    if ordinal < 1:
        return dt.date.min
    if ordinal > dt.date.max.toordinal():
        return dt.date.max
    return dt.date.fromordinal(ordinal)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole calendar months (the day clamped to the month's end), clamped
    to the calendar's ends."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if year < dt.MINYEAR:
        return dt.date.min
    if year > dt.MAXYEAR:
        return dt.date.max
    month += 1
    last = 31 if month == 12 else (dt.date(year, month + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


__all__ = ["add_days", "add_months"]
