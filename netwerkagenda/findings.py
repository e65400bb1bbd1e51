"""Validation problems as values.

A check never raises for bad data: it yields :class:`Problem` values that name the
record and the key path (``updates[2].date``). :func:`locate` turns them into
:class:`Finding` values with a file, line and column, looking locations up only for
the files that have problems.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from netwerkagenda.records.source import Source

KeyPath = tuple[str | int, ...]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Finding:
    """One reported problem, located in a file (1-based line and column)."""

    code: str
    severity: Severity
    file: str
    line: int
    column: int
    message: str
    hint: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": str(self.severity),
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "hint": self.hint,
        }

    @classmethod
    def from_dict(cls, d: dict[str, object]) -> Finding:
        hint = d.get("hint")
        return cls(
            code=str(d["code"]),
            severity=Severity(str(d["severity"])),
            file=str(d["file"]),
            line=int(str(d["line"])),
            column=int(str(d["column"])),
            message=str(d["message"]),
            hint=None if hint is None else str(hint),
        )

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.column, self.code, self.message)


@dataclass(frozen=True, slots=True)
class Problem:
    """A finding before it is located: the file and the key path it concerns.

    ``key=True`` points at the key itself (an unknown field), otherwise at its value.
    An explicit ``line``/``column`` (from a parser error) wins over the path.
    """

    code: str
    severity: Severity
    file: str
    message: str
    path: KeyPath = ()
    hint: str | None = None
    key: bool = False
    line: int | None = None
    column: int | None = None


def error(
    code: str,
    file: str,
    message: str,
    path: KeyPath = (),
    hint: str | None = None,
    *,
    key: bool = False,
) -> Problem:
    return Problem(code, Severity.ERROR, file, message, path, hint, key)


def warning(
    code: str,
    file: str,
    message: str,
    path: KeyPath = (),
    hint: str | None = None,
    *,
    key: bool = False,
) -> Problem:
    return Problem(code, Severity.WARNING, file, message, path, hint, key)


def format_path(path: KeyPath) -> str:
    """``("updates", 2, "date")`` -> ``updates[2].date``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def locate(problems: Iterable[Problem], sources: dict[str, Source]) -> list[Finding]:
    """Resolve problems to findings, sorted by file, line, column and code. Each file
    is scanned once, for all the places its problems need."""
    problems = list(problems)
    wanted: dict[str, set[tuple[KeyPath, bool]]] = {}
    for p in problems:
        if p.line is None and p.path:
            wanted.setdefault(p.file, set()).add((p.path, p.key))
    for file, requests in wanted.items():
        src = sources.get(file)
        if src is not None:
            src.locate_all(requests)
    findings: list[Finding] = []
    for p in problems:
        if p.line is not None:
            line, col = p.line, p.column or 1
        else:
            src = sources.get(p.file)
            line, col = src.locate(p.path, key=p.key) if src is not None else (1, 1)
        findings.append(Finding(p.code, p.severity, p.file, line, col, p.message, p.hint))
    return sorted(set(findings), key=Finding.sort_key)


def counts(findings: Iterable[Finding]) -> tuple[int, int]:
    """(errors, warnings)."""
    e = w = 0
    for f in findings:
        if f.severity is Severity.ERROR:
            e += 1
        else:
            w += 1
    return e, w
