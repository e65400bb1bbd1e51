"""TOML record files: :mod:`tomllib` for values (plain files through
:mod:`.fastread`), and a small tokenizer of our own for the places of key paths."""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from netwerkagenda.findings import KeyPath, error
from netwerkagenda.records.parsed import Location, Parsed, Request, problem_at, resolve_places

_TOML_POS = re.compile(r"\(at line (\d+), column (\d+)\)")


def parse_toml(text: str, file: str) -> Parsed:
    """A TOML record file: the plain ones through :func:`netwerkagenda.records.fastread.toml`,
    the others (and those with errors) through ``tomllib``."""
    from netwerkagenda.records import fastread

    fast = fastread.toml(text)
    return Parsed(fast) if fast is not None else parse_toml_full(text, file)


def parse_toml_full(text: str, file: str) -> Parsed:
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = _TOML_POS.search(msg)
        line, col = (int(m.group(1)), int(m.group(2))) if m else (1, 1)
        msg = _TOML_POS.sub("", msg).strip()
        code = "duplicate-key" if "overwrite" in msg or "redefin" in msg else "toml-syntax"
        return Parsed(None, [problem_at(code, file, f"TOML: {msg}", line, col)])
    except RecursionError:
        return Parsed(None, [error("too-deep", file, "values nested too deeply")])
    except ValueError as exc:  # an integer of thousands of digits (int's str limit)
        m = re.search(r"\d{4000,}", text)
        line = text.count("\n", 0, m.start()) + 1 if m else 1
        col = m.start() - text.rfind("\n", 0, m.start()) if m else 1
        return Parsed(
            None, [problem_at("toml-syntax", file, f"TOML: {_short_reason(exc)}", line, col)]
        )
    try:
        return Parsed(_toml_plain(data))
    except RecursionError:  # tables 600 levels deep parse, but are no record
        return Parsed(None, [error("too-deep", file, "values nested too deeply")])


def _short_reason(exc: ValueError) -> str:
    text = str(exc)
    if "integer string conversion" in text:
        return "a number with too many digits (more than 4300)"
    return text.split(";")[0]


def _toml_plain(value: Any) -> Any:
    """TOML date-times without a time part stay dates; local times become strings."""
    if isinstance(value, dict):
        return {k: _toml_plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_toml_plain(v) for v in value]
    if isinstance(value, dt.time):
        return value.isoformat()
    return value


# TOML places: a tokenizer of our own over the text tomllib has read (no library gives
# places: tomlkit parses 30x slower and gives none; why not tree-sitter-toml is in
# docs/performance.md, "Locating a finding in TOML").
# The tokens of a valid TOML text:
_T_SKIP = re.compile(r"(?:[ \t\r\n]+|#[^\n]*)*")
_T_SPACE = re.compile(r"[ \t]*")
_T_SIMPLE_KEY = re.compile(r"""[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*'""")
_T_DOT = re.compile(r"[ \t]*\.[ \t]*")
_T_EQUALS = re.compile(r"[ \t]*=[ \t]*")
_T_STRING = re.compile(
    r'"""(?:[^"\\]|\\[\s\S]|"{1,2}(?!"))*"{3,5}'
    r"|'''[\s\S]*?'''(?:'{1,2}(?!'))?"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'[^'\n]*'"
)
_T_SCALAR = re.compile(r"[^,\]}#\n]*")  # numbers, booleans, dates and times
# a bare key and a one-line value: a string, a number, a date, a boolean
_T_SIMPLE_LINE = re.compile(
    r"""([A-Za-z0-9_-]+)[ \t]*=[ \t]*"""
    r"""("(?!"")(?:[^"\\\n]|\\.)*"|'(?!'')[^'\n]*'|[0-9tfin+-][^,\]}#\n]*)"""
)


def _toml_key(raw: str) -> str:
    if raw[0] == "'":
        return raw[1:-1]
    if raw[0] == '"':
        if "\\" not in raw:
            return raw[1:-1]
        import tomllib

        return next(iter(tomllib.loads(f"{raw} = 0")))  # the escapes, as TOML reads them
    return raw


class _TomlLocator:
    """One pass over a valid TOML text: where each key path's key and value first
    appear. Every prefix of a dotted key or table header is a key path too (a table
    that first appears implicitly is placed where it does); arrays of tables count
    their elements, at any depth."""

    def __init__(self, text: str) -> None:
        self.s = text
        self.i = 0
        self.keys: dict[KeyPath, int] = {}  # offsets in the text
        self.values: dict[KeyPath, int] = {}
        self.arrays: dict[KeyPath, int] = {}  # an array of tables: its last index
        self.starts: list[int] | None = None  # where each line starts, once asked

    def place_of(self, i: int) -> Location:
        if self.starts is None:
            self.starts = [0]
            self.starts += [m.end() for m in re.finditer("\n", self.s)]
        line = bisect.bisect_right(self.starts, i)
        return (line, i - self.starts[line - 1] + 1)

    def skip(self) -> None:
        self.i = _T_SKIP.match(self.s, self.i).end()  # type: ignore[union-attr]

    def key(self) -> list[tuple[str, int]]:
        """A dotted key: its parts and where each starts."""
        parts: list[tuple[str, int]] = []
        while True:
            m = _T_SIMPLE_KEY.match(self.s, self.i)
            if m is None:
                raise ValueError("no key")
            parts.append((_toml_key(m.group()), m.start()))
            d = _T_DOT.match(self.s, m.end())
            if d is None:
                self.i = m.end()
                return parts
            self.i = d.end()

    def place(self, prefix: KeyPath, parts: list[tuple[str, int]]) -> KeyPath:
        """Place each prefix of a key below ``prefix`` (first appearance wins)."""
        path = prefix
        for name, at in parts:
            path = (*path, name)
            self.keys.setdefault(path, at)
            self.values.setdefault(path, at)
        return path

    def keyval(self, prefix: KeyPath) -> None:
        parts = self.key()
        inner = self.place(prefix, parts[:-1])  # the tables a dotted key defines
        name, at = parts[-1]
        path = (*inner, name)
        self.keys.setdefault(path, at)
        m = _T_EQUALS.match(self.s, self.i)
        if m is None:
            raise ValueError("no =")
        self.i = m.end()
        self.value(path)

    def value(self, path: KeyPath) -> None:
        s = self.s
        self.values.setdefault(path, self.i)
        c = s[self.i]
        if c == "[":
            self.i += 1
            n = 0
            while True:
                self.skip()
                if s[self.i] == "]":
                    self.i += 1
                    return
                self.value((*path, n))
                n += 1
                self.skip()
                if s[self.i] == ",":
                    self.i += 1
        elif c == "{":
            self.i += 1
            while True:
                self.skip()
                if s[self.i] == "}":
                    self.i += 1
                    return
                self.keyval(path)
                self.skip()
                if s[self.i] == ",":
                    self.i += 1
        else:
            m = _T_STRING.match(s, self.i) if c in "\"'" else None
            end = (m or _T_SCALAR.match(s, self.i)).end()  # type: ignore[union-attr]
            if end == self.i:
                raise ValueError("no value")
            self.i = end

    def header(self) -> KeyPath:
        """``[a.b]`` or ``[[a.b]]``: the path of the table it opens."""
        start = self.i
        array = self.s.startswith("[[", start)
        self.i = _T_SPACE.match(self.s, start + (2 if array else 1)).end()  # type: ignore[union-attr]
        parts = self.key()
        path: KeyPath = ()
        for n, (name, at) in enumerate(parts):
            path = (*path, name)
            self.keys.setdefault(path, at)
            if n == len(parts) - 1:
                self.values.setdefault(path, start)
                if array:
                    index = self.arrays[path] = self.arrays.get(path, -1) + 1
                    path = (*path, index)
                    self.values.setdefault(path, start)
            elif path in self.arrays:  # into the last element of an array of tables
                path = (*path, self.arrays[path])
            else:  # a table the header defines implicitly
                self.values.setdefault(path, at)
        self.i = self.s.index("]", self.i) + (2 if array else 1)
        return path

    def run(self, requests: Iterable[Request] = ()) -> None:
        """Scan the text; with ``requests``, only until each is found (what is found
        first is the place: nothing after it can change it)."""
        prefix: KeyPath = ()
        s = self.s
        end = len(s)
        simple = _T_SIMPLE_LINE.match
        keys, values = self.keys, self.values
        wanted = [(path, keys if key else values) for path, key in requests]
        while True:
            if wanted and all(path in table for path, table in wanted):
                return
            self.skip()
            if self.i >= end:
                return
            if s[self.i] == "[":
                prefix = self.header()
                continue
            m = simple(s, self.i)
            if m is None:
                self.keyval(prefix)
                continue
            path = (*prefix, m.group(1))  # the common line, ``key = "text"``, at once
            keys.setdefault(path, m.start())
            values.setdefault(path, m.start(2))
            self.i = m.end()


def toml_locations(text: str) -> tuple[dict[KeyPath, Location], dict[KeyPath, Location]]:
    """(key places, value places) of every key path in a valid TOML text; for a text
    that is not, the places found before the scan lost its way."""
    loc = _TomlLocator(text)
    with contextlib.suppress(IndexError, ValueError, RecursionError):
        loc.run()
    return (
        {p: loc.place_of(i) for p, i in loc.keys.items()},
        {p: loc.place_of(i) for p, i in loc.values.items()},
    )


def toml_places(text: str, requests: Iterable[Request]) -> dict[Request, Location]:
    """Where key paths are in a valid TOML text, as :func:`yaml_locations` says; the
    scan stops once all are found."""
    wanted = list(requests)
    loc = _TomlLocator(text)
    with contextlib.suppress(IndexError, ValueError, RecursionError):
        loc.run(wanted)
    out: dict[Request, Location] = {}
    for (path, key), hit in resolve_places(wanted, loc.keys, loc.values, -1).items():
        out[(path, key)] = (1, 1) if hit < 0 else loc.place_of(hit)
    return out
