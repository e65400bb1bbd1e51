"""Per-file checks: the record's fields against :mod:`netwerkagenda.model`.

:func:`check_record` returns the problems and the record's data with valid date
strings turned into dates. It depends only on the file and the settings, so its
result can be cached by file content.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from netwerkagenda.findings import KeyPath, Problem, error, format_path
from netwerkagenda.model import (
    DATE_RE,
    RECORD_TYPES,
    Date,
    Enum,
    Int,
    ListOf,
    Number,
    Obj,
    Ref,
    Str,
    Type,
    Url,
)
from netwerkagenda.settings import Settings
from netwerkagenda.suggest import did_you_mean

_URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dt.datetime):
        return "a date-time"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _article(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def parse_date(value: Any) -> dt.date | None:
    """A date from a native date or an ISO ``YYYY-MM-DD`` string; else ``None``."""
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and DATE_RE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


_INF = float("inf")
MAX_NUMBER = 10**15  # the largest number a record field holds (a budget of a quadrillion)


def _plainly_valid(t: Type, v: Any) -> bool:
    """Whether ``v`` passes ``t`` as it is, in the cases most values are (a string for a
    string or an id, a date for a date, a list of ids): :meth:`_Checker.value` would
    find nothing and give it back unchanged (a list copied)."""
    kind = type(v)
    if kind is str:
        return isinstance(t, Ref) or (isinstance(t, Str) and (not t.nonempty or bool(v.strip())))
    if kind is dt.date:
        return isinstance(t, Date)
    if kind is list and isinstance(t, ListOf) and len(v) >= t.min_items:
        item = t.item
        plain = isinstance(item, Ref) or (isinstance(item, Str) and not item.nonempty)
        return plain and all(type(x) is str for x in v)
    return False


class _Checker:
    def __init__(self, file: str, settings: Settings) -> None:
        self.file = file
        self.settings = settings
        self.problems: list[Problem] = []

    def err(
        self, code: str, path: KeyPath, message: str, hint: str | None = None, key: bool = False
    ) -> None:
        self.problems.append(error(code, self.file, message, path, hint, key=key))

    def value(self, t: Type, v: Any, path: KeyPath) -> Any:
        """Check ``v`` against ``t``; return it normalised (dates as dates)."""
        if isinstance(t, Obj):
            return self._object(t, v, path)
        if isinstance(t, ListOf):
            return self._list(t, v, path)
        if isinstance(t, Date):
            return self._date(v, path)
        if isinstance(t, Str | Url | Enum | Ref):
            return self._text(t, v, path)
        if isinstance(t, Int | Number):
            return self._number(t, v, path)
        return v

    def _object(self, t: Obj, v: Any, path: KeyPath) -> Any:
        if not isinstance(v, dict):
            self.err(
                "wrong-type",
                path,
                f"{format_path(path)} must be a {t.name} (a mapping), not {_describe(v)}",
            )
            return v
        return self.mapping(t, v, path)

    def _list(self, t: ListOf, v: Any, path: KeyPath) -> Any:
        if not isinstance(v, list):
            self.err(
                "wrong-type",
                path,
                f"{format_path(path)} must be a list, not {_describe(v)}",
                hint=f"write it as a list: [{v}]" if isinstance(v, str) else None,
            )
            return v
        if len(v) < t.min_items:
            self.err(
                "empty-list", path, f"{format_path(path)} needs at least {t.min_items} item(s)"
            )
        return [self.value(t.item, x, (*path, i)) for i, x in enumerate(v)]

    def _date(self, v: Any, path: KeyPath) -> Any:
        d = parse_date(v)
        if d is not None:
            return d
        if isinstance(v, str) and DATE_RE.match(v):
            self.err("invalid-date", path, f"{format_path(path)}: {v} is not a real date")
        elif isinstance(v, str):
            self.err(
                "invalid-date",
                path,
                f"{format_path(path)}: {v!r} is not a date",
                hint="write dates as YYYY-MM-DD",
            )
        else:
            self.err(
                "wrong-type",
                path,
                f"{format_path(path)} must be a date (YYYY-MM-DD), not {_describe(v)}",
            )
        return v

    def _text(self, t: Str | Url | Enum | Ref, v: Any, path: KeyPath) -> Any:
        if not isinstance(v, str):
            self.err(
                "wrong-type",
                path,
                f"{format_path(path)} must be a string, not {_describe(v)}",
                hint=f'quote it: "{v}"' if isinstance(v, int | float | dt.date) else None,
            )
            return v
        if isinstance(t, Str) and t.nonempty and not v.strip():
            self.err("empty-value", path, f"{format_path(path)} is empty")
        elif isinstance(t, Url) and not _URL_RE.match(v):
            self.err(
                "invalid-url",
                path,
                f"{format_path(path)}: {v!r} is not an http(s) URL",
                hint="start it with https://",
            )
        elif isinstance(t, Enum):
            allowed = t.values or tuple(getattr(self.settings, t.from_settings or "", ()))
            if v not in allowed:
                self.err(
                    "invalid-value",
                    path,
                    f"{format_path(path)}: {v!r} is not one of {', '.join(allowed)}",
                    did_you_mean(v, allowed),
                )
        return v

    def _number(self, t: Int | Number, v: Any, path: KeyPath) -> Any:
        ok = isinstance(v, int) if isinstance(t, Int) else isinstance(v, int | float)
        if isinstance(v, bool) or not ok:
            self.err(
                "wrong-type", path, f"{format_path(path)} must be a {t.name}, not {_describe(v)}"
            )
            return v
        if v != v or v in (_INF, -_INF):  # nan, inf: no amount, no progress
            self.err(
                "invalid-number", path, f"{format_path(path)} is {v}; it must be a finite number"
            )
            return None
        if abs(v) > MAX_NUMBER:  # beyond any budget; and 400 digits make no float
            self.err(
                "out-of-range",
                path,
                f"{format_path(path)} has {len(str(abs(int(v))))} digits; "
                f"it must be at most {MAX_NUMBER:.0e}",
            )
            return None
        lo = t.minimum
        hi = t.maximum if isinstance(t, Int) else None
        if (lo is not None and v < lo) or (hi is not None and v > hi):
            rng = f"from {lo} to {hi}" if hi is not None else f"at least {lo}"
            self.err("out-of-range", path, f"{format_path(path)} is {v}; it must be {rng}")
        return v

    def mapping(self, t: Obj, v: dict[Any, Any], path: KeyPath) -> dict[str, Any]:
        fields = t.field_map()
        out: dict[str, Any] = {}
        for key, val in v.items():
            f = fields.get(key)
            if f is not None and _plainly_valid(f.type, val):
                out[key] = list(val) if type(val) is list else val
                continue
            kpath = (*path, key)
            if f is None:
                if isinstance(key, str) and key.startswith("x-"):
                    out[key] = val
                    continue
                where = f"in {format_path(path)}" if path else f"for {_article(t.name)}"
                self.err(
                    "unknown-field",
                    kpath,
                    f"unknown field '{key}' {where}",
                    did_you_mean(str(key), fields)
                    or f"known fields: {', '.join(fields)}; your own start with 'x-'",
                    key=True,
                )
                continue
            if val is None and not f.required:
                out[key] = None
                continue
            out[key] = self.value(f.type, val, kpath)
        for f in t.fields:
            if f.required and (f.name not in v or v[f.name] is None):
                where = format_path(path) or f"this {t.name}"
                self.err(
                    "missing-field",
                    (*path, f.name) if f.name in v else path,
                    f"required field '{f.name}' is missing in {where}",
                )
        return out


def check_record(
    kind: str, rid: str, file: str, data: Any, settings: Settings
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Check one record's data; returns its normalised data (``None`` when it is not
    a mapping) and the problems."""
    if not isinstance(data, dict):
        return None, [
            error(
                "not-a-mapping",
                file,
                f"a record must be a mapping of fields, not {_describe(data)}",
            )
        ]
    checker = _Checker(file, settings)
    norm = checker.mapping(RECORD_TYPES[kind], data, ())
    if "id" in data and isinstance(data["id"], str) and data["id"] != rid:
        checker.err(
            "id-mismatch",
            ("id",),
            f"id '{data['id']}' differs from the file name '{rid}'",
            hint=f"set id: {rid}, or rename the file",
        )
    return norm, checker.problems
