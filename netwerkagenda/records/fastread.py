"""Fast readers for the TOML and YAML that record files are written in.

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
_T_KEY = r"[A-Za-z0-9_-]+"
_T_PAIR = rf"{_T_KEY}[ \t]*=[ \t]*(?:{_T_SCALAR})"
_T_INLINE = rf"\{{[ \t]*(?:{_T_PAIR}[ \t]*(?:,[ \t]*{_T_PAIR}[ \t]*)*)?\}}"
_T_ELEM = rf"{_T_INLINE}|{_T_SCALAR}"
_T_ARRAY = rf"\[[ \t]*(?:(?:{_T_ELEM})[ \t]*,[ \t]*)*(?:(?:{_T_ELEM})[ \t]*)?\]"
_T_COMMENT = r"(?:#[^\x00-\x08\x0a-\x1f\x7f]*)?"
_T_LINE = re.compile(
    rf"[ \t]*(?:({_T_KEY})[ \t]*=[ \t]*({_T_SCALAR}|{_T_ARRAY}|{_T_INLINE})"
    rf"|\[[ \t]*({_T_KEY})[ \t]*\]|\[\[[ \t]*({_T_KEY})[ \t]*\]\])?[ \t]*{_T_COMMENT}"
)
_T_ITEM = re.compile(_T_ELEM)
_T_PAIR_RE = re.compile(rf"({_T_KEY})[ \t]*=[ \t]*({_T_SCALAR})")
# a multi-line basic or literal string: its key, its quotes and what follows them
_T_MULTI = re.compile(rf"[ \t]*({_T_KEY})[ \t]*=[ \t]*(\"\"\"|''')(.*)")
_T_MULTI_BAD = re.compile(r"[\\\x00-\x08\x0b-\x1f\x7f]")  # escapes, control characters
_T_MULTI_BAD_LITERAL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# an array over several lines: its key and what follows the bracket; the lines of its
# elements (each but the last followed by a comma) and the closing bracket
_T_ARRAY_OPEN = re.compile(rf"[ \t]*({_T_KEY})[ \t]*=[ \t]*\[(.*)")
_T_ARRAY_LINE = re.compile(
    rf"[ \t]*((?:(?:{_T_ELEM})[ \t]*,[ \t]*)*(?:{_T_ELEM})?)[ \t]*{_T_COMMENT}"
)
_T_ARRAY_CLOSE = re.compile(rf"[ \t]*\][ \t]*{_T_COMMENT}")
_T_ARRAY_FULL = re.compile(_T_ARRAY)
_T_TAIL = re.compile(rf"[ \t]*{_T_COMMENT}")


class _Unsure(Exception):
    """The text is not in the plain subset: the full parser reads it."""


def _toml_value(text: str) -> Any:
    c = text[0]
    if c == '"' or c == "'":
        return text[1:-1]
    if c == "[":
        return [_toml_value(m.group()) for m in _T_ITEM.finditer(text, 1, len(text) - 1)]
    if c == "{":
        table: dict[str, Any] = {}
        for m in _T_PAIR_RE.finditer(text, 1, len(text) - 1):
            key = m.group(1)
            if key in table:
                raise _Unsure
            table[key] = _toml_value(m.group(2))
        return table
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


def _toml_multiline(line: str, lines: Iterator[str]) -> tuple[str, Any]:
    """A multi-line basic or literal string over one or more lines, without escapes
    (in the basic one) and without quotes next to the closing ones, or an array over
    several lines; the key and the value."""
    m = _T_MULTI.fullmatch(line)
    if m is None:
        return _toml_array_lines(line, lines)
    key, quotes, rest = m.groups()
    parts = [rest] if rest else []  # a newline right after the opening quotes is trimmed
    while quotes not in rest:
        nxt = next(lines, None)
        if nxt is None:
            raise _Unsure
        rest = nxt
        parts.append(rest)
    end = rest.index(quotes)
    body, tail = rest[:end], rest[end + 3 :]
    q = quotes[0]
    if body.endswith(q) or tail.startswith(q) or not _T_TAIL.fullmatch(tail):
        raise _Unsure
    parts[-1] = body
    value = "\n".join(parts)
    if (_T_MULTI_BAD if q == '"' else _T_MULTI_BAD_LITERAL).search(value):
        raise _Unsure
    return key, value


def _toml_array_lines(line: str, lines: Iterator[str]) -> tuple[str, Any]:
    """``key = [`` with its elements on the lines below and ``]`` alone on the last."""
    m = _T_ARRAY_OPEN.fullmatch(line)
    if m is None:
        raise _Unsure
    key, rest = m.groups()
    items = []
    while True:
        item = _T_ARRAY_LINE.fullmatch(rest)
        if item is None:
            raise _Unsure
        items.append(item.group(1))
        nxt = next(lines, None)
        if nxt is None:
            raise _Unsure
        if _T_ARRAY_CLOSE.fullmatch(nxt):
            break
        rest = nxt
    text = "[" + " ".join(items) + "]"
    if not _T_ARRAY_FULL.fullmatch(text):
        raise _Unsure  # an element without the comma before the next
    return key, _toml_value(text)


def toml(text: str) -> dict[str, Any] | None:
    """What ``tomllib.loads(text)`` gives for a file of bare keys, one-line basic and
    literal strings, multi-line basic strings without escapes and multi-line literal
    strings, integers, booleans, dates, inline tables of those, arrays of those and of
    inline tables (on one line, or over several with comments), ``[table]`` and
    ``[[array of tables]]`` headers and comments; else ``None``."""
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
# a quoted item of a flow sequence, up to the comma after it (or the end)
_Y_FLOW_QUOTED = re.compile(r' *(?:"([^"\\]*)"|\'([^\']*)\') *(?=,|$)')
_STR_KEYS: set[str] = set()  # plain keys known to be strings (not yes, null, ...)


class _Yaml:
    """A block-style YAML document of mappings, sequences, scalars (plain, quoted
    without escapes, flow sequences of those) and ``|`` and ``>`` blocks."""

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
        if first is not None and first[1] == "---" and first[0] == 0:
            self.i += 1  # an explicit start of the (one) document
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
        if rest == ">":
            return self.folded(indent)
        if rest[0] == '"' and rest.count('"') == 1 and "\\" not in rest and len(rest) > 1:
            value = self.double_lines(indent, rest[1:])
        else:
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
            if '"' in inner or "'" in inner:
                return self.flow_items(inner)
            return [self.plain_scalar(item.strip(" "), _Y_PLAIN_FLOW) for item in inner.split(",")]
        return self.plain_scalar(_Y_COMMENT.sub("", text, count=1), _Y_PLAIN_BLOCK)

    def double_lines(self, indent: int, first: str) -> str:
        """A double-quoted scalar without escapes over several lines, ``first`` its
        text on the key's line: each line break becomes a space, ``n`` blank lines
        ``n`` line breaks, the continuation lines without their indentation."""
        raw = self.raw
        parts = [first]
        blank = 0
        while True:
            if self.i >= len(raw):
                raise _Unsure
            line = raw[self.i]
            self.i += 1
            text = line.lstrip(" ")
            if not text:
                if line:
                    raise _Unsure
                blank += 1
                continue
            if len(line) - len(text) <= indent or "\\" in text:
                raise _Unsure
            q = text.find('"')
            parts.append("\n" * blank if blank else " ")
            blank = 0
            if q < 0:
                parts.append(text.rstrip(" "))
                continue
            tail = text[q + 1 :].rstrip(" ")
            if '"' in tail or (tail and not _Y_COMMENT.fullmatch(tail)):
                raise _Unsure
            parts.append(text[:q])
            return "".join(parts)

    def flow_items(self, inner: str) -> list[Any]:
        """The items of a flow sequence (its text between the brackets, stripped, no
        comment in it) of plain and quoted scalars without escapes."""
        out: list[Any] = []
        pos, end = 0, len(inner)
        while True:
            m = _Y_FLOW_QUOTED.match(inner, pos)
            if m is not None:
                out.append(m.group(1) if m.group(1) is not None else m.group(2))
                pos = m.end()
            else:
                comma = inner.find(",", pos)
                stop = end if comma < 0 else comma
                out.append(self.plain_scalar(inner[pos:stop].strip(" "), _Y_PLAIN_FLOW))
                pos = stop
            if pos == end:
                return out
            pos += 1  # the comma; an item must follow it
            if pos == end:
                raise _Unsure

    def plain_scalar(self, text: str, pattern: re.Pattern[str]) -> Any:
        if not pattern.fullmatch(text) or ": " in text or text.endswith(":"):
            raise _Unsure
        return self.plain(text)

    def literal(self, indent: int) -> str:
        """A ``|`` block: the lines below, further right than ``indent``, without
        their common indentation, and one line break at the end."""
        lines, end = self.block(indent)
        return "\n".join(lines) + end

    def folded(self, indent: int) -> str:
        """A ``>`` block of lines at one indentation: a line break between two lines
        becomes a space, ``n`` blank lines between them ``n`` line breaks."""
        lines, end = self.block(indent)
        if not lines[0]:
            raise _Unsure  # blank lines first
        out = [lines[0]]
        blank = 0
        for line in lines[1:]:
            if not line:
                blank += 1
                continue
            out.append("\n" * blank if blank else " ")
            out.append(line)
            blank = 0
        for line in lines:
            if line[:1] == " " or line[-1:] == " ":
                raise _Unsure  # more indented lines keep their breaks; trailing spaces
        return "".join(out) + end

    def block(self, indent: int) -> tuple[list[str], str]:
        """A block scalar's lines (without their common indentation) and the line
        break after the last, if the text has one."""
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
        return out, ("\n" if self.i < len(raw) else "")


def yaml(text: str, plain: Callable[[str], Any]) -> dict[str, Any] | None:
    """What the full YAML reader gives for a block-style file (``---`` first or not) of
    plain keys, nested mappings and sequences, one-line plain and quoted scalars and
    double-quoted ones over several lines (without escapes), flow sequences of plain
    and quoted scalars, ``|`` blocks, ``>`` blocks of lines at one indentation and
    comments; else ``None``. ``plain``
    gives a plain scalar's value as the full reader resolves it (ValueError: one the
    full reader would report)."""
    if _Y_BAD.search(text):
        return None
    try:
        return _Yaml(text, plain).document()
    except (_Unsure, ValueError):
        return None
