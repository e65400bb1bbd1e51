"""Read an edit back before it is written: the guard against silent corruption.

Every file an edit is about to write is decoded and parsed again with the full parser
(libyaml or ``tomllib``, as ``agenda validate`` reads a file that the fast reader does
not take), and the result is compared, value for value and type for type, with the data
the edit means the file to hold. A difference means the round-trip text is wrong (a key
glued onto the last line of a file without a final newline, a block scalar that gains
or loses its line break, ...): the edit is refused and nothing is written.
"""

from __future__ import annotations

from typing import Any

from netwerkagenda.errors import AgendaError


class ReadBackError(AgendaError):
    """An edited file would not read back as the edit means it to: nothing is written."""

    def __init__(self, file: str, detail: str) -> None:
        super().__init__(
            f"{file}: the edited file would not read back as intended ({detail}); "
            "nothing was written",
            hint="agenda cannot edit this layout safely: make the change by hand "
            "(and please report it)",
        )
        self.file = file
        self.detail = detail


def parse_full(file: str, text: str) -> tuple[Any, str | None]:
    """The data of a record file's ``text`` as the full parser reads it, or ``None``
    and why not."""
    from netwerkagenda.findings import Severity
    from netwerkagenda.records.parsed import decode
    from netwerkagenda.records.paths import FORMATS
    from netwerkagenda.records.toml_read import parse_toml_full
    from netwerkagenda.records.yaml_read import parse_yaml_full

    body, problems = decode(text.encode("utf-8"), file)
    if body is None:
        return None, problems[0].message if problems else "it cannot be decoded"
    fmt = FORMATS.get("." + file.rsplit(".", 1)[-1], "yaml")
    parsed = (parse_yaml_full if fmt == "yaml" else parse_toml_full)(body, file)
    errors = [p for p in parsed.problems if p.severity is Severity.ERROR]
    if parsed.data is None or errors:
        found = errors or parsed.problems
        return None, found[0].message if found else "it does not parse"
    return parsed.data, None


def difference(a: Any, b: Any, path: str = "") -> str | None:
    """Where ``a`` and ``b`` differ (a key path and the two values), or ``None``. Types
    count: ``1`` is not ``True``, ``'2021-06-01'`` is not a date."""
    if isinstance(a, dict) and isinstance(b, dict):
        for k in [*a, *(k for k in b if k not in a)]:
            if k not in a or k not in b:
                where = f"{path}.{k}" if path else str(k)
                return f"{where}: {'missing' if k not in b else 'unexpected'}"
            d = difference(a[k], b[k], f"{path}.{k}" if path else str(k))
            if d:
                return d
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{path or 'the file'}: {len(b)} items where {len(a)} were meant"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            d = difference(x, y, f"{path}[{i}]")
            if d:
                return d
        return None
    same_type = type(a) is type(b) or (
        isinstance(a, int | float)
        and isinstance(b, int | float)
        and not isinstance(a, bool)
        and not isinstance(b, bool)
    )
    if same_type and a == b:
        return None
    return f"{path or 'the file'}: {_short(b)} where {_short(a)} was meant"


def _short(v: Any) -> str:
    text = repr(v)
    return text if len(text) <= 60 else text[:57] + "..."


def check(file: str, text: str, intended: Any) -> str | None:
    """Why ``text`` does not hold ``intended`` (``None``: it does)."""
    data, why = parse_full(file, text)
    if data is None:
        return why or "it does not parse"
    return difference(intended, data)


__all__ = ["ReadBackError", "check", "difference", "parse_full"]
