"""What reading one record file gives, whatever its format: the decoded text, the
parsed data with its problems, and the places (line, column) of key paths in it.

Read-only commands parse YAML with libyaml's composer (:mod:`.yaml_read`) and TOML with
:mod:`tomllib` (:mod:`.toml_read`); :class:`~.source.Source` locates findings lazily.
Round-trip editing lives in :mod:`netwerkagenda.editing`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from netwerkagenda.findings import KeyPath, Problem, error, warning

Location = tuple[int, int]  # 1-based line, column


@dataclass
class Parsed:
    """The result of reading one file: its data (``None`` when unreadable) and problems."""

    data: Any
    problems: list[Problem] = field(default_factory=list)


def decode(raw: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """Bytes to text: UTF-8 only (a UTF-8 byte-order mark is tolerated with a warning)."""
    problems: list[Problem] = []
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [
            error("encoding", file, "file is UTF-16, not UTF-8", hint="save the file as UTF-8")
        ]
    if b"\x00" in raw:
        return None, [error("binary", file, "file is binary, not text (it holds NUL bytes)")]
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(
            warning(
                "bom", file, "file starts with a byte-order mark", hint="save as UTF-8 without BOM"
            )
        )
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.append(
            problem_at(
                "encoding",
                file,
                f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                line,
                col,
                hint="save the file as UTF-8 (it may be Latin-1 or Windows-1252)",
            )
        )
        return None, problems
    return text, problems


def problem_at(
    code: str, file: str, message: str, line: int, col: int, hint: str | None = None
) -> Problem:
    p = error(code, file, message, hint=hint)
    return Problem(p.code, p.severity, p.file, p.message, hint=hint, line=line, column=col)


Request = tuple[KeyPath, bool]  # a key path, and whether its key (not its value) is meant
_P = TypeVar("_P")  # a place: a location, or an offset in the text


def request_prefixes(requests: Iterable[Request]) -> set[KeyPath]:
    return {path[:n] for path, _ in requests for n in range(1, len(path) + 1)}


def resolve_places(
    requests: Iterable[Request],
    keys: dict[KeyPath, _P],
    values: dict[KeyPath, _P],
    root: _P,
) -> dict[Request, _P]:
    """Each request's place: its key or value, else the deepest part of its path that
    exists, else ``root``."""
    out: dict[Request, _P] = {}
    for path, key in requests:
        hit = keys.get(path) if key else None
        if hit is None:
            for n in range(len(path), 0, -1):
                hit = values.get(path[:n])
                if hit is not None:
                    break
        out[(path, key)] = root if hit is None else hit
    return out
