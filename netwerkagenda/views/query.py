"""Querying records: the ``--where`` mini-language, typed comparison, sorting.

A small hand-written parser, never ``eval``::

    from netwerkagenda import load_repo
    from netwerkagenda.views.query import query

    repo = load_repo()
    rows = query(repo, "actions", where=["status=active", "due < 2022-01-01"], sort="-due,id")

A condition is ``FIELD OP VALUE``; ``OP`` is one of ``=  !=  <  <=  >  >=  ~`` (``~`` is a
case-insensitive regular expression, searched anywhere in the value). The value is read
by the field's type from the model: dates as dates (also ``today``, ``today+30``,
``today-7``), numbers as numbers, enumerations checked against their vocabulary. Fields
are the kind's fields from :data:`~netwerkagenda.model.RECORD_FIELDS` plus ``id``
and ``file``; sub-fields are dotted (``budget.amount``, ``updates.date``,
``links.url``); ``x-`` fields are compared by the type of the value found.

On a list (``goals``, ``tags``, ``updates.date``) a condition holds when it holds for
any item, so ``=`` means "contains" and ``!=`` means "does not contain". A record without
the field matches only ``!=``. Bad queries raise :class:`~netwerkagenda.errors.UsageError`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from netwerkagenda.errors import AgendaError, Input, UsageError
from netwerkagenda.model import (
    RECORD_FIELDS,
    Date,
    Enum,
    Int,
    ListOf,
    Number,
    Obj,
    Record,
    Ref,
    Type,
    json_value,
)
from netwerkagenda.suggest import did_you_mean

if TYPE_CHECKING:
    from netwerkagenda.records.repository import Repository

OPS = ("=", "!=", "<", "<=", ">", ">=", "~")
KIND_NAMES = {
    "goal": "goal",
    "goals": "goal",
    "group": "group",
    "groups": "group",
    "action": "action",
    "actions": "action",
}
META_FIELDS = ("id", "file")
DEFAULT_FIELDS = {
    "goal": ("id", "title", "owner", "order"),
    "group": ("id", "title", "kind", "parent", "started"),
    "action": ("id", "title", "status", "group", "owner", "due"),
}

_TOKEN_RE = re.compile(r"^\s*([^\s<>=!~]+)\s*(<=|>=|!=|==|=|<|>|~)\s*(.*?)\s*$", re.S)
_TODAY_RE = re.compile(r"^today(?:\s*([+-])\s*(\d{1,5}))?$", re.I)


class UnknownId(AgendaError):
    """An id that is not in the repository (exit 2)."""


# --------------------------------------------------------------------------- fields


def kind_of(name: str) -> str:
    """``actions`` / ``action`` -> ``action``; a :class:`UsageError` for anything else."""
    kind = KIND_NAMES.get(name.strip().lower())
    if kind is None:
        raise UsageError(
            f"unknown kind {name!r}: use goals, groups or actions",
            hint=did_you_mean(name.lower(), KIND_NAMES),
        )
    return kind


def _children(t: Type) -> dict[str, Type] | None:
    base = t.item if isinstance(t, ListOf) else t
    if isinstance(base, Obj):
        return {f.name: f.type for f in base.fields}
    return None


def field_paths(kind: str) -> list[str]:
    """Every field a query may name for ``kind`` (dotted paths included)."""
    out = list(META_FIELDS)
    for f in RECORD_FIELDS[kind]:
        if f.name in out:
            continue
        out.append(f.name)
        kids = _children(f.type)
        for name, sub in (kids or {}).items():
            out.append(f"{f.name}.{name}")
            for name2 in _children(sub) or {}:
                out.append(f"{f.name}.{name}.{name2}")
    return out


@dataclass(frozen=True)
class FieldSpec:
    """A resolved field path: its parts, its (leaf) type and whether it is a list."""

    path: str
    parts: tuple[str, ...]
    type: Type | None  # None: an x- field, typed by its values
    many: bool


def resolve_field(kind: str, path: str) -> FieldSpec:
    """The field ``path`` of ``kind``, or a :class:`UsageError` with a suggestion."""
    parts = tuple(path.split("."))
    if path in META_FIELDS:
        return FieldSpec(path, parts, Type("string"), False)
    if parts[0].startswith("x-"):
        return FieldSpec(path, parts, None, False)
    fields = {f.name: f.type for f in RECORD_FIELDS[kind]}
    many = False
    t: Type | None = None
    for i, part in enumerate(parts):
        if i == 0:
            t = fields.get(part)
        else:
            kids = _children(t) if t is not None else None
            if t is not None and isinstance(t, ListOf):
                many = True
            t = kids.get(part) if kids else None
        if t is None:
            plural = {"goal": "goals", "group": "groups", "action": "actions"}[kind]
            raise UsageError(
                f"unknown field {path!r} for {plural}",
                hint=did_you_mean(path, field_paths(kind))
                or f"fields: {', '.join(field_paths(kind)[:20])}",
            )
    assert t is not None
    if isinstance(t, ListOf):
        many = True
        t = t.item
    if isinstance(t, Obj):
        raise UsageError(
            f"field {path!r} is a mapping; name one of its parts",
            hint=", ".join(f"{path}.{n}" for n in (_children(t) or {})),
        )
    return FieldSpec(path, parts, t, many)


def _walk(value: Any, parts: Sequence[str]) -> list[Any]:
    if not parts:
        if isinstance(value, list):
            return [v for v in value if v is not None]
        return [] if value is None else [value]
    out: list[Any] = []
    if isinstance(value, list):
        for v in value:
            out.extend(_walk(v, parts))
    elif isinstance(value, dict):
        out.extend(_walk(value.get(parts[0]), parts[1:]))
    return out


def values_of(record: Record, spec: FieldSpec) -> list[Any]:
    """The values a record has at ``spec`` (several for lists; none when absent)."""
    if spec.path == "id":
        return [record.id]
    if spec.path == "file":
        return [record.file]
    return _walk(record.data.get(spec.parts[0]), spec.parts[1:])


def value(record: Record, path: str | FieldSpec) -> Any:
    """A field's value for output: a list for list fields, else the value or ``None``."""
    spec = resolve_field(record.kind, path) if isinstance(path, str) else path
    vals = values_of(record, spec)
    if spec.many or (spec.type is None and isinstance(record.data.get(spec.parts[0]), list)):
        return vals
    return vals[0] if vals else None


# --------------------------------------------------------------------------- conditions


@dataclass(frozen=True)
class Condition:
    """One parsed ``FIELD OP VALUE``; :meth:`matches` tests a record."""

    field: FieldSpec
    op: str
    raw: str
    test: Callable[[Any], bool]

    def matches(self, record: Record) -> bool:
        vals = values_of(record, self.field)
        if self.op == "!=":
            return not any(self.test(v) for v in vals)
        return any(self.test(v) for v in vals)

    def __str__(self) -> str:
        return f"{self.field.path} {self.op} {self.raw}"


def _op_hint(op: str) -> str:
    if op[::-1] in OPS:
        return f"did you mean '{op[::-1]}'?"
    return did_you_mean(op, OPS) or f"operators: {' '.join(OPS)}"


def is_condition(text: str) -> bool:
    """Whether ``text`` is a whole ``FIELD OP VALUE`` (``status=active``), not a field
    name whose operator and value follow as separate words."""
    return _TOKEN_RE.match(text) is not None


def split_where(expr: str | Sequence[str]) -> tuple[str, str, str]:
    """``"status=active"`` or ``("status", "=", "active")`` -> (field, op, value)."""
    if not isinstance(expr, str):
        parts = list(expr)
        if len(parts) == 1:
            return split_where(parts[0])
        if len(parts) != 3:
            raise UsageError(
                (Input.CONDITION, f" needs FIELD OP VALUE, got {' '.join(parts)!r}"),
                hint=(
                    "e.g. ",
                    Input.CONDITION,
                    " status = active, or ",
                    Input.CONDITION,
                    " 'due<2022-01-01'",
                ),
            )
        name, op, val = parts
        op = "=" if op == "==" else op
        if op not in OPS:
            raise UsageError(
                (f"unknown operator {op!r} in ", Input.CONDITION),
                hint=_op_hint(op),
            )
        return name.strip(), op, val
    m = _TOKEN_RE.match(expr)
    if not m:
        odd = re.search(r"[<>=!~]+", expr)
        if odd:
            raise UsageError(
                (f"unknown operator {odd.group()!r} in ", Input.CONDITION, f" {expr!r}"),
                hint=_op_hint(odd.group()),
            )
        raise UsageError(
            (Input.CONDITION, f" {expr!r} has no operator"),
            hint=f"write FIELD OP VALUE with one of {' '.join(OPS)}, e.g. status=active",
        )
    name, op, val = m.groups()
    if op == "==":
        op = "="
    if val[:1] in ("=", "<", ">", "~", "!") and op in ("=", "<", ">", "!=", "~"):
        bad = op + re.match(r"[<>=!~]+", val).group()  # type: ignore[union-attr]
        if bad not in OPS:
            raise UsageError(
                (f"unknown operator {bad!r} in ", Input.CONDITION, f" {expr!r}"),
                hint=_op_hint(bad),
            )
    return name, op, val


def _parse_date(raw: str, today: dt.date) -> dt.date:
    m = _TODAY_RE.match(raw.strip())
    if m:
        sign, days = m.groups()
        delta = int(days or 0) * (-1 if sign == "-" else 1)
        from netwerkagenda.days import add_days

        return add_days(today, delta)
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise UsageError(
            f"{raw!r} is not a date", hint="write YYYY-MM-DD, today, or today+N / today-N"
        ) from None


def _is_date(v: Any) -> bool:
    return isinstance(v, dt.date) and not isinstance(v, dt.datetime)


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


_CMP: dict[str, Callable[[Any, Any], bool]] = {
    "=": lambda a, b: bool(a == b),
    "!=": lambda a, b: bool(a == b),  # negated in Condition.matches
    "<": lambda a, b: bool(a < b),
    "<=": lambda a, b: bool(a <= b),
    ">": lambda a, b: bool(a > b),
    ">=": lambda a, b: bool(a >= b),
}


def _typed_test(op: str, kind: str, target: Any) -> Callable[[Any], bool]:
    cmp = _CMP[op]
    if kind == "date":
        return lambda v: _is_date(v) and cmp(v, target)
    if kind == "number":
        return lambda v: _is_number(v) and cmp(v, target)
    if op in ("=", "!="):
        return lambda v: isinstance(v, str) and v == target
    folded = str(target).casefold()
    return lambda v: isinstance(v, str) and cmp(v.casefold(), folded)


def _untyped_test(op: str, raw: str) -> Callable[[Any], bool]:
    """For ``x-`` fields: read the value by the type of what each record holds."""
    try:
        num: float | None = float(raw)
    except ValueError:
        num = None
    try:
        day: dt.date | None = dt.date.fromisoformat(raw.strip())
    except ValueError:
        day = None
    cmp = _CMP[op]

    def test(v: Any) -> bool:
        if _is_date(v):
            return day is not None and cmp(v, day)
        if _is_number(v):
            return num is not None and cmp(v, num)
        if op in ("=", "!="):
            return str(v) == raw
        return cmp(str(v).casefold(), raw.casefold())

    return test


def parse_condition(
    kind: str,
    expr: str | Sequence[str],
    *,
    today: dt.date | None = None,
    known_ids: Iterable[str] | None = None,
    group_kinds: Sequence[str] = (),
) -> Condition:
    """Parse one ``--where`` for records of ``kind``; a :class:`UsageError` for an
    unknown field or operator, or a value of the wrong type."""
    name, op, raw = split_where(expr)
    spec = resolve_field(kind, name)
    day = today or dt.date.today()
    t = spec.type
    if op == "~":
        from netwerkagenda.views.regex import compile_search

        search = compile_search(raw)  # RE2: linear in the text, whatever the pattern
        return Condition(spec, op, raw, lambda v: search(v.isoformat() if _is_date(v) else str(v)))
    if t is None:
        return Condition(spec, op, raw, _untyped_test(op, raw))
    if isinstance(t, Date):
        return Condition(spec, op, raw, _typed_test(op, "date", _parse_date(raw, day)))
    if isinstance(t, Int | Number):
        try:
            num = float(raw)
        except ValueError:
            raise UsageError(f"{name}: {raw!r} is not a number") from None
        return Condition(spec, op, raw, _typed_test(op, "number", num))
    if op in ("=", "!="):
        vocab: Sequence[str] = ()
        if isinstance(t, Enum):
            vocab = t.values or tuple(group_kinds)
        if vocab and raw not in vocab:
            raise UsageError(
                f"{name}: {raw!r} is not one of {', '.join(vocab)}",
                hint=did_you_mean(raw, vocab),
            )
    cond = Condition(spec, op, raw, _typed_test(op, "text", raw))
    if known_ids is not None:
        check_ids(cond, known_ids)
    return cond


def check_ids(cond: Condition, known_ids: Iterable[str]) -> None:
    """:class:`UnknownId` if ``cond`` compares a reference with an id not in
    ``known_ids``: a condition parsed before the records were loaded is checked here."""
    if cond.op not in ("=", "!=") or not isinstance(cond.field.type, Ref):
        return
    ids = known_ids if isinstance(known_ids, set | dict) else set(known_ids)
    if cond.raw not in ids:
        raise UnknownId(
            f"{cond.field.path}: no record with id {cond.raw!r}", hint=did_you_mean(cond.raw, ids)
        )


# --------------------------------------------------------------------------- sorting


@dataclass(frozen=True)
class SortKey:
    field: FieldSpec
    descending: bool


def parse_sort(kind: str, spec: str | Sequence[str] | None) -> list[SortKey]:
    """``"-due,title"`` -> keys; ``-`` before a field sorts descending."""
    if spec is None:
        return []
    items = spec.split(",") if isinstance(spec, str) else [x for s in spec for x in s.split(",")]
    keys: list[SortKey] = []
    for item in items:
        item = item.strip()
        if not item:
            continue
        desc = item.startswith("-")
        name = item[1:].strip() if desc or item.startswith("+") else item
        keys.append(SortKey(resolve_field(kind, name), desc))
    return keys


def _sort_value(v: Any) -> tuple[int, Any]:
    # one total order across types: numbers, dates, then text
    if _is_number(v):
        return (0, float(v))
    if _is_date(v):
        return (1, v.toordinal())
    return (2, str(v).casefold())


def sort_records(records: list[Record], keys: Sequence[SortKey]) -> list[Record]:
    """Stable sort by several keys; records without a value come last either way."""
    out = list(records)
    for key in reversed(keys):
        present: list[tuple[tuple[int, Any], Record]] = []
        missing: list[Record] = []
        for r in out:
            vals = values_of(r, key.field)
            if vals:
                present.append((_sort_value(vals[0]), r))
            else:
                missing.append(r)
        present.sort(key=lambda p: p[0], reverse=key.descending)
        out = [r for _, r in present] + missing
    return out


# --------------------------------------------------------------------------- the query


def _default_order(kind: str, records: list[Record]) -> list[Record]:
    if kind == "goal":

        def order(r: Record) -> tuple[float, str]:
            o = r.number("order")
            return (o if o is not None else float("inf"), r.id)

        return sorted(records, key=order)
    return sorted(records, key=lambda r: r.id)


def query(
    repo: Repository,
    kind: str,
    *,
    where: Iterable[str | Sequence[str] | Condition] = (),
    sort: str | Sequence[str] | None = None,
    limit: int | None = None,
    today: dt.date | None = None,
) -> list[Record]:
    """Records of ``kind`` (``actions`` or ``action``, ...) in ``repo`` (a
    :class:`~netwerkagenda.records.repository.Repository`) for which every ``where`` holds,
    sorted by
    ``sort`` (default: goals by order, others by id), at most ``limit``. A ``where``
    already parsed (:func:`parse_condition`) has its ids checked against ``repo``."""
    k = kind_of(kind)
    day = repo.today(today)
    conds: list[Condition] = []
    for w in where:
        if isinstance(w, Condition):
            check_ids(w, repo.records)
            conds.append(w)
        else:
            group_kinds = repo.settings.group_kinds
            conds.append(
                parse_condition(k, w, today=day, known_ids=repo.records, group_kinds=group_kinds)
            )
    keys = parse_sort(k, sort)
    if limit is not None and limit < 0:
        raise UsageError((Input.LIMIT, f" must be 0 or more, not {limit}"))
    found = [r for r in repo.records.values() if r.kind == k and all(c.matches(r) for c in conds)]
    found = _default_order(k, found)
    if keys:
        found = sort_records(found, keys)
    return found[:limit] if limit is not None else found


def fields_for(kind: str, fields: str | Sequence[str] | None) -> list[str]:
    """The output columns: ``fields`` (comma-separated or a list, checked) or the
    kind's defaults."""
    k = kind_of(kind)
    if fields is None:
        return list(DEFAULT_FIELDS[k])
    items = (
        fields.split(",") if isinstance(fields, str) else [x for f in fields for x in f.split(",")]
    )
    out = [f.strip() for f in items if f.strip()]
    if not out:
        raise UsageError((Input.FIELDS, " names no field"))
    for f in out:
        resolve_field(k, f)
    return out


def rows(records: Iterable[Record], fields: Sequence[str]) -> list[dict[str, Any]]:
    """Each record as ``{field: JSON value}`` for the given fields."""
    specs: dict[str, dict[str, FieldSpec]] = {}
    out: list[dict[str, Any]] = []
    for r in records:
        by_kind = specs.get(r.kind)
        if by_kind is None:
            by_kind = specs[r.kind] = {f: resolve_field(r.kind, f) for f in fields}
        out.append({f: json_value(value(r, by_kind[f])) for f in fields})
    return out


@dataclass(frozen=True)
class Total:
    """A sum over records: per currency for an amount of money (``None`` otherwise)."""

    currency: str | None
    total: float
    count: int  # the records that had a value


def sum_field(records: Iterable[Record], kind: str, path: str) -> list[Total]:
    """The sum of the numeric field ``path`` over ``records``. A money amount
    (``budget.amount``) is summed per currency, never across currencies; records
    without the field do not count."""
    spec = resolve_field(kind_of(kind), path)
    if path not in META_FIELDS and not isinstance(spec.type, Int | Number):
        raise UsageError(
            (Input.SUM, f": {path!r} is not a number"),
            hint=", ".join(p for p in field_paths(kind_of(kind)) if _numeric(kind_of(kind), p))
            or None,
        )
    money = len(spec.parts) == 2 and spec.parts[1] == "amount"
    totals: dict[str | None, list[float]] = {}
    for r in records:
        counted: set[str | None] = set()
        for v in values_of(r, spec):
            if not isinstance(v, int | float) or isinstance(v, bool):
                continue
            cur = None
            if money:
                parent = r.data.get(spec.parts[0])
                c = parent.get("currency", "EUR") if isinstance(parent, dict) else "EUR"
                cur = c.upper() if isinstance(c, str) and c else "EUR"
            acc = totals.setdefault(cur, [0, 0])
            acc[0] += v
            if cur not in counted:  # records, not values (a goal has many indicators)
                counted.add(cur)
                acc[1] += 1
    return [
        Total(c, t, int(n))
        for c, (t, n) in sorted(totals.items(), key=lambda x: (x[0] != "EUR", x[0] or ""))
    ]


def _numeric(kind: str, path: str) -> bool:
    try:
        return isinstance(resolve_field(kind, path).type, Int | Number)
    except UsageError:
        return False


__all__ = [
    "OPS",
    "Condition",
    "FieldSpec",
    "SortKey",
    "Total",
    "UnknownId",
    "check_ids",
    "field_paths",
    "fields_for",
    "is_condition",
    "kind_of",
    "parse_condition",
    "parse_sort",
    "query",
    "resolve_field",
    "rows",
    "sort_records",
    "split_where",
    "sum_field",
    "value",
]
