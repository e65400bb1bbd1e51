"""The record kinds and their fields: the single source for validation and JSON Schema."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Any

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")  # how a date is written: YYYY-MM-DD
STATUSES = ("planned", "active", "done", "blocked", "cancelled")
OPEN_STATUSES = ("planned", "active", "blocked")
KINDS = ("goal", "group", "action")
FOLDERS = {"goals": "goal", "groups": "group", "actions": "action"}
FOLDER_OF = {kind: folder for folder, kind in FOLDERS.items()}


# --------------------------------------------------------------------------- types


@dataclass(frozen=True)
class Type:
    """Base of the small type language the checks and the JSON Schema are made from."""

    name: str = "value"


@dataclass(frozen=True)
class Str(Type):
    name: str = "string"
    nonempty: bool = True


@dataclass(frozen=True)
class Int(Type):
    name: str = "whole number"
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True)
class Number(Type):
    name: str = "number"
    minimum: float | None = None


@dataclass(frozen=True)
class Date(Type):
    name: str = "date (YYYY-MM-DD)"


@dataclass(frozen=True)
class Url(Type):
    name: str = "http(s) URL"


@dataclass(frozen=True)
class Enum(Type):
    name: str = "one of a list"
    values: tuple[str, ...] = ()
    from_settings: str | None = None  # e.g. "group_kinds": the vocabulary is configured


@dataclass(frozen=True)
class Ref(Type):
    name: str = "id"
    kind: str = "action"


@dataclass(frozen=True)
class ListOf(Type):
    name: str = "list"
    item: Type = field(default_factory=Str)
    min_items: int = 0


@dataclass(frozen=True)
class Obj(Type):
    name: str = "mapping"
    fields: tuple[Field, ...] = ()

    def field_map(self) -> dict[str, Field]:
        """The fields by name (made once: every record file's check asks for it; do
        not change it)."""
        known: dict[str, Field] | None = self.__dict__.get("_field_map")
        if known is None:
            known = {f.name: f for f in self.fields}
            object.__setattr__(self, "_field_map", known)  # a cache, not a field
        return known


@dataclass(frozen=True)
class Field:
    name: str
    type: Type
    required: bool = False
    description: str = ""
    default: Any = None


LINK = Obj(
    name="link",
    fields=(
        Field("title", Str(), True, "what the link is"),
        Field("url", Url(), True, "http(s) address"),
    ),
)
UPDATE = Obj(
    name="update",
    fields=(
        Field("date", Date(), True, "when"),
        Field("text", Str(), True, "what happened (Markdown)"),
        Field("author", Str(), False, "who wrote it"),
    ),
)
MEASUREMENT = Obj(
    name="measurement",
    fields=(
        Field("date", Date(), True, "when it was measured"),
        Field("value", Number(), True, "the figure"),
        Field("note", Str(), False, "where the figure comes from"),
    ),
)
INDICATOR = Obj(
    name="indicator",
    fields=(
        Field("id", Str(), True, "short name of the indicator"),
        Field("title", Str(), True),
        Field("unit", Str()),
        Field("target", Number()),
        Field("measurements", ListOf(item=MEASUREMENT)),
    ),
)
BUDGET = Obj(
    name="budget",
    fields=(
        Field("amount", Number(minimum=0), True),
        Field("currency", Str(), False, "ISO currency code", default="EUR"),
    ),
)

_COMMON_TEXT = (
    Field("summary", Str(), False, "one line"),
    Field("description", Str(), False, "free text, Markdown"),
)
_LINKS_TAGS = (
    Field("links", ListOf(item=LINK), False, "related pages"),
    Field("tags", ListOf(item=Str()), False, "free labels"),
)

RECORD_FIELDS: dict[str, tuple[Field, ...]] = {
    "goal": (
        Field("id", Str(), False, "must equal the file name"),
        Field("title", Str(), True, "the goal"),
        *_COMMON_TEXT,
        Field("owner", Str(), False, "organisation or person"),
        Field("order", Int(), False, "sort position"),
        Field("indicators", ListOf(item=INDICATOR), False, "measurable targets"),
        *_LINKS_TAGS,
    ),
    "group": (
        Field("id", Str(), False, "must equal the file name"),
        Field("title", Str(), True, "the group's name"),
        Field(
            "kind",
            Enum(values=(), from_settings="group_kinds"),
            True,
            "one of [groups] kinds in agenda.toml",
        ),
        Field("parent", Ref(kind="group"), False, "the group this one reports to"),
        Field("goals", ListOf(item=Ref(kind="goal")), False, "goals the group works for"),
        Field("chair", Str(), False, "who chairs it"),
        Field("coach", Str(), False, "who coaches it"),
        Field("members", ListOf(item=Str()), False, "organisations or people"),
        Field("started", Date(), False, "when it started"),
        Field("ended", Date(), False, "when it ended"),
        *_COMMON_TEXT,
        *_LINKS_TAGS,
        Field("updates", ListOf(item=UPDATE), False, "dated progress notes"),
    ),
    "action": (
        Field("id", Str(), False, "must equal the file name"),
        Field("title", Str(), True, "the action"),
        Field("goals", ListOf(item=Ref(kind="goal"), min_items=1), True, "goals it serves"),
        Field("status", Enum(values=STATUSES), True, "planned, active, done, blocked, cancelled"),
        Field("group", Ref(kind="group"), False, "the responsible group"),
        Field("owner", Str(), False, "organisation or person"),
        Field("start", Date(), False, "start date"),
        Field("due", Date(), False, "due date"),
        Field("done", Date(), False, "completion date"),
        Field("progress", Int(minimum=0, maximum=100), False, "per cent complete"),
        Field("depends_on", ListOf(item=Ref(kind="action")), False, "actions that come first"),
        Field("budget", BUDGET, False, "amount and currency"),
        *_COMMON_TEXT,
        Field("updates", ListOf(item=UPDATE), False, "dated progress notes"),
        *_LINKS_TAGS,
    ),
}

RECORD_TYPES: dict[str, Obj] = {
    kind: Obj(name=kind, fields=fields) for kind, fields in RECORD_FIELDS.items()
}


@functools.cache
def ref_fields(kind: str) -> dict[str, str]:
    """Field name -> referenced kind, for a record kind."""
    out: dict[str, str] = {}
    for f in RECORD_FIELDS[kind]:
        t = f.type.item if isinstance(f.type, ListOf) else f.type
        if isinstance(t, Ref):
            out[f.name] = t.kind
    return out


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class Update:
    date: dt.date
    text: str
    author: str | None = None


@dataclass
class Record:
    """One goal, group or action. ``data`` holds the file's values, with valid date
    strings turned into dates; accessors return ``None`` for absent or wrongly typed
    values, so code that presents records never trips over a record with errors."""

    kind: str
    id: str
    file: str
    data: dict[str, Any]

    @property
    def title(self) -> str:
        t = self.data.get("title")
        return t if isinstance(t, str) else self.id

    @property
    def status(self) -> str | None:
        s = self.data.get("status")
        return s if isinstance(s, str) and s in STATUSES else None

    def text(self, name: str) -> str | None:
        v = self.data.get(name)
        return v if isinstance(v, str) else None

    def date(self, name: str) -> dt.date | None:
        v = self.data.get(name)
        if type(v) is dt.date:  # most are: a brief asks tens of thousands of times
            return v
        return v if isinstance(v, dt.date) and not isinstance(v, dt.datetime) else None

    def number(self, name: str) -> float | None:
        """A finite number of at most 10**15 (the checks report others), else None."""
        return finite(self.data.get(name))

    def ids(self, name: str) -> list[str]:
        """The ids a reference field names (one or a list)."""
        v = self.data.get(name)
        if isinstance(v, str):
            return [v]
        if isinstance(v, list):
            return [x for x in v if isinstance(x, str)]
        return []

    def strings(self, name: str) -> list[str]:
        return self.ids(name)

    def updates(self) -> list[Update]:
        out: list[Update] = []
        raw = self.data.get("updates")
        if not isinstance(raw, list):
            return out
        for u in raw:
            if not isinstance(u, dict):
                continue
            d, t, a = u.get("date"), u.get("text"), u.get("author")
            if isinstance(d, dt.date) and not isinstance(d, dt.datetime) and isinstance(t, str):
                out.append(Update(d, t.strip(), a if isinstance(a, str) else None))
        return out

    def links(self) -> list[tuple[str, str]]:
        raw = self.data.get("links")
        if not isinstance(raw, list):
            return []
        return [
            (x["title"], x["url"])
            for x in raw
            if isinstance(x, dict)
            and isinstance(x.get("title"), str)
            and isinstance(x.get("url"), str)
        ]


def json_value(v: Any) -> Any:
    """A field value as JSON: dates as ISO strings, lists and mappings recursively."""
    if isinstance(v, dt.date):  # datetimes too
        return v.isoformat()
    if isinstance(v, list):
        return [json_value(x) for x in v]
    if isinstance(v, dict):
        return {str(k): json_value(x) for k, x in v.items()}
    return v


def budget_value(value: object) -> tuple[float, str] | None:
    """A ``budget`` as (amount, currency): the currency upper-cased, ``EUR`` unless
    written; ``None`` when it is missing, not a table, or its amount is no number a sum
    can take (:func:`finite`)."""
    if not isinstance(value, dict):
        return None
    amount, currency = finite(value.get("amount")), value.get("currency")
    if amount is None:
        return None
    return (amount, currency.upper() if isinstance(currency, str) and currency else "EUR")


def finite(v: object) -> float | None:
    """``v`` when it is a number that arithmetic and formatting can take (finite, at
    most 10**15: the checks report the others as findings), else ``None``."""
    if not isinstance(v, int | float) or isinstance(v, bool):
        return None
    if isinstance(v, float) and (v != v or v in (float("inf"), float("-inf"))):
        return None
    return v if -(10**15) <= v <= 10**15 else None
