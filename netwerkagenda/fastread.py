"""Fast readers for the plain TOML and YAML that record files are written in.

A cold history run parses thousands of record files (every version in the period), and
the general parsers spend most of their time on what these files never use. Each
reader here takes a file line by line against a strict pattern and gives the value the
full parser gives, or ``None`` as soon as a line is anything else: then the full parser
reads the file (and reports its errors). ``tests/test_fastread.py`` holds the readers to
the full parsers on generated files, valid and broken.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import Any

# --------------------------------------------------------------------------- TOML 1.0

_T_BASIC = r'"[^"\\\x00-\x08\x0a-\x1f\x7f]*"'  # no escapes, no control characters
_T_LITERAL = r"'[^'\x00-\x08\x0a-\x1f\x7f]*'"
_T_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_T_INT = r"[+-]?(?:0|[1-9][0-9]{0,17})"  # within 64 bits
_T_SCALAR = rf"{_T_BASIC}|{_T_LITERAL}|{_T_DATE}|{_T_INT}|true|false"
_T_ARRAY = rf"\[[ \t]*(?:(?:{_T_SCALAR})[ \t]*,[ \t]*)*(?:(?:{_T_SCALAR})[ \t]*)?\]"
_T_COMMENT = r"(?:#[^\x00-\x08\x0a-\x1f\x7f]*)?"
_T_KEY = r"[A-Za-z0-9_-]+"
_T_LINE = re.compile(
    rf"[ \t]*(?:({_T_KEY})[ \t]*=[ \t]*({_T_SCALAR}|{_T_ARRAY})"
    rf"|\[[ \t]*({_T_KEY})[ \t]*\]|\[\[[ \t]*({_T_KEY})[ \t]*\]\])?[ \t]*{_T_COMMENT}"
)
_T_ITEM = re.compile(_T_SCALAR)
# a multi-line basic string: its key and what follows the opening quotes
_T_MULTI = re.compile(rf'[ \t]*({_T_KEY})[ \t]*=[ \t]*"""(.*)')
_T_MULTI_BAD = re.compile(r"[\\\x00-\x08\x0b-\x1f\x7f]")  # escapes, control characters
_T_TAIL = re.compile(rf"[ \t]*{_T_COMMENT}")


class _Unsure(Exception):
    """The text is not in the plain subset: the full parser reads it."""


def _toml_value(text: str) -> Any:
    c = text[0]
    if c == '"' or c == "'":
        return text[1:-1]
    if c == "[":
        return [_toml_value(m.group()) for m in _T_ITEM.finditer(text, 1, len(text) - 1)]
    if text == "true":
        return True
    if text == "false":
        return False
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise _Unsure from None
    return int(text)


def _toml_multiline(line: str, lines: Iterator[str]) -> tuple[str, str]:
    """``key = \"\"\"...\"\"\"`` over one or more lines, without escapes and without
    quotes next to the closing ones; the key and the string."""
    m = _T_MULTI.fullmatch(line)
    if m is None:
        raise _Unsure
    key, rest = m.groups()
    parts = [rest] if rest else []  # a newline right after the opening quotes is trimmed
    while '"""' not in rest:
        nxt = next(lines, None)
        if nxt is None:
            raise _Unsure
        rest = nxt
        parts.append(rest)
    end = rest.index('"""')
    body, tail = rest[:end], rest[end + 3 :]
    if body.endswith('"') or tail.startswith('"') or not _T_TAIL.fullmatch(tail):
        raise _Unsure
    parts[-1] = body
    value = "\n".join(parts)
    if _T_MULTI_BAD.search(value):
        raise _Unsure
    return key, value


def toml(text: str) -> dict[str, Any] | None:
    """What ``tomllib.loads(text)`` gives for a file of bare keys, one-line basic and
    literal strings and multi-line basic strings without escapes, integers, booleans,
    dates, one-line arrays of those, ``[table]`` and ``[[array of tables]]`` headers
    and comments; else ``None``."""
    if "\r" in text:
        return None
    root: dict[str, Any] = {}
    cur = root
    arrays: set[str] = set()  # the [[name]] arrays
    match = _T_LINE.fullmatch
    lines = iter(text.split("\n"))
    try:
        for line in lines:
            m = match(line)
            if m is None:
                key, value = _toml_multiline(line, lines)
                if key in cur:
                    return None
                cur[key] = value
                continue
            key, value, table, array = m.groups()
            if key is not None:
                if key in cur:
                    return None
                cur[key] = _toml_value(value)
            elif table is not None:
                if table in root:
                    return None
                cur = root[table] = {}
            elif array is not None:
                if array not in root:
                    root[array] = []
                    arrays.add(array)
                elif array not in arrays:
                    return None
                cur = {}
                root[array].append(cur)
    except _Unsure:
        return None
    return root


# --------------------------------------------------------------------------- YAML

_MAX_DEPTH = 10  # deeper files go to the full parser (which bounds depth itself)
_MAX_VALUES = 10_000  # and so do larger ones
# tabs, carriage returns, other line breaks (NEL, LS, PS), characters YAML refuses
_Y_BAD = re.compile(r"[\t\r\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
_Y_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?")
_Y_ITEM = re.compile(r"-(?:( +)(.*))?")
_Y_DOUBLE = re.compile(r'"([^"\\]*)"(?: +#.*)?')
_Y_SINGLE = re.compile(r"'([^']*)'(?: +#.*)?")
_Y_FLOW = re.compile(r"\[([^\[\]{}#]*)\](?: +#.*)?")
# plain scalars: no indicator first (a '-' only before a letter or digit); in a flow
# sequence none of ,[]{} either; ': ' and ' #' are checked apart
_Y_FIRST = r"(?:[^-?:,\[\]{}#&*!|>'\"%@` ]|-[0-9A-Za-z])"
_Y_PLAIN_BLOCK = re.compile(_Y_FIRST + r".*")
_Y_PLAIN_FLOW = re.compile(_Y_FIRST + r"[^,\[\]{}]*")
_Y_COMMENT = re.compile(r" +#.*")
_STR_KEYS: set[str] = set()  # plain keys known to be strings (not yes, null, ...)


class _Yaml:
    """A block-style YAML document of mappings, sequences and one-line scalars (plain,
    quoted without escapes, flow sequences of plain scalars) and ``|`` blocks."""

    def __init__(self, text: str, plain: Callable[[str], Any]) -> None:
        self.raw = text.split("\n")
        self.plain = plain  # the value of a plain scalar, as the full parser resolves it
        self.i = 0
        self.values = 0
        self._peeked_at = -1
        self._peeked: tuple[int, str] | None = None

    def peek(self) -> tuple[int, str] | None:
        """The next line that is not blank or a comment: (indent, text)."""
        if self._peeked_at == self.i:
            return self._peeked
        raw = self.raw
        found = None
        while self.i < len(raw):
            line = raw[self.i]
            text = line.lstrip(" ")
            if text and text[0] != "#":
                found = len(line) - len(text), text.rstrip(" ")
                break
            self.i += 1
        self._peeked_at, self._peeked = self.i, found
        return found

    def document(self) -> dict[str, Any]:
        first = self.peek()
        if first is None or first[0] != 0 or first[1][0] == "-":
            raise _Unsure
        out = self.mapping(0, 0, None)
        if self.peek() is not None:
            raise _Unsure
        return out

    def mapping(self, indent: int, depth: int, first: str | None) -> dict[str, Any]:
        """The keys at column ``indent``; ``first``: the first key's line when it
        follows a sequence's dash."""
        if depth > _MAX_DEPTH:
            raise _Unsure
        out: dict[str, Any] = {}
        while True:
            if first is not None:
                text, first = first, None
            else:
                nxt = self.peek()
                if nxt is None or nxt[0] < indent:
                    return out
                col, text = nxt
                if col > indent:
                    raise _Unsure
            m = _Y_KEY.fullmatch(text)
            if m is None:
                if text[0] == "-":
                    return out  # a sequence at this key's column ends the mapping's value
                raise _Unsure
            key = m.group(1)
            if key in out or (key not in _STR_KEYS and not self.str_key(key)):
                raise _Unsure
            self.i += 1
            out[key] = self.value(indent, depth, m.group(2), True)

    def str_key(self, key: str) -> bool:
        if type(self.plain(key)) is not str:
            return False
        if len(_STR_KEYS) < 10_000:
            _STR_KEYS.add(key)
        return True

    def sequence(self, indent: int, depth: int) -> list[Any]:
        if depth > _MAX_DEPTH:
            raise _Unsure
        out: list[Any] = []
        while True:
            nxt = self.peek()
            if nxt is None or nxt[0] < indent or (nxt[0] == indent and nxt[1][0] != "-"):
                return out
            col, text = nxt
            m = _Y_ITEM.fullmatch(text)
            if col > indent or m is None:
                raise _Unsure
            spaces, rest = m.groups()
            if rest and _Y_KEY.fullmatch(rest):  # "- key: value": a mapping at "key"
                out.append(self.mapping(indent + 1 + len(spaces), depth + 1, rest))
            else:
                self.i += 1
                out.append(self.value(indent, depth, rest or None, False))

    def value(self, indent: int, depth: int, rest: str | None, seq_here: bool) -> Any:
        """The value of a key or dash at column ``indent`` whose line holds ``rest``
        after it; nested lines stand further right (a key's sequence may also stand at
        the key's own column, ``seq_here``)."""
        self.values += 1
        if self.values > _MAX_VALUES:
            raise _Unsure
        if rest is not None and rest[0] == "#":
            rest = None
        if rest is None:
            nxt = self.peek()
            if nxt is not None:
                col, text = nxt
                if col > indent or (seq_here and col == indent and text[0] == "-"):
                    if text[0] == "-":
                        return self.sequence(col, depth + 1)
                    return self.mapping(col, depth + 1, None)
            return self.plain("")
        if rest == "|":
            return self.literal(indent)
        value = self.inline(rest)
        nxt = self.peek()
        if nxt is not None and nxt[0] > indent:
            raise _Unsure  # a scalar that goes on, or a mapping where none may be
        return value

    def inline(self, text: str) -> Any:
        c = text[0]
        if c == '"' or c == "'":
            m = (_Y_DOUBLE if c == '"' else _Y_SINGLE).fullmatch(text)
            if m is None:
                raise _Unsure
            return m.group(1)
        if c == "[":
            m = _Y_FLOW.fullmatch(text)
            if m is None:
                raise _Unsure
            inner = m.group(1).strip(" ")
            if not inner:
                return []
            return [self.plain_scalar(item.strip(" "), _Y_PLAIN_FLOW) for item in inner.split(",")]
        return self.plain_scalar(_Y_COMMENT.sub("", text, count=1), _Y_PLAIN_BLOCK)

    def plain_scalar(self, text: str, pattern: re.Pattern[str]) -> Any:
        if not pattern.fullmatch(text) or ": " in text or text.endswith(":"):
            raise _Unsure
        return self.plain(text)

    def literal(self, indent: int) -> str:
        """A ``|`` block: the lines below, further right than ``indent``, without
        their common indentation, and one line break at the end."""
        raw = self.raw
        out: list[str] = []
        block = None
        while self.i < len(raw):
            line = raw[self.i]
            text = line.lstrip(" ")
            if not text:
                if line:  # spaces alone: content or not, the full parser knows
                    raise _Unsure
                out.append("")
                self.i += 1
                continue
            col = len(line) - len(text)
            if block is None:
                if col <= indent:
                    break
                block = col
            elif col < block:
                if col > indent:
                    raise _Unsure
                break
            out.append(line[block:])
            self.i += 1
        if block is None:
            raise _Unsure
        while out and not out[-1]:
            out.pop()
            self.i -= 1  # the blank lines after the block are not its own
        # the last line's break, if the text has one after it
        return "\n".join(out) + ("\n" if self.i < len(raw) else "")


def yaml(text: str, plain: Callable[[str], Any]) -> dict[str, Any] | None:
    """What the full YAML reader gives for a block-style file of plain keys, nested
    mappings and sequences, one-line plain and quoted scalars (without escapes), flow
    sequences of plain scalars, ``|`` blocks and comments; else ``None``. ``plain``
    gives a plain scalar's value as the full reader resolves it (ValueError: one the
    full reader would report)."""
    if _Y_BAD.search(text):
        return None
    try:
        return _Yaml(text, plain).document()
    except (_Unsure, ValueError):
        return None
