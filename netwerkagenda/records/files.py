"""Reading record files safely, with locations.

Read-only commands parse YAML with libyaml's composer (PyYAML's C parser) and build the
values themselves, so no YAML tag ever constructs a Python object, alias expansion is
bounded, and duplicate keys are seen. TOML goes through :mod:`tomllib`. Line and column
numbers are looked up lazily, only for files that have a finding, in one scan of the
text for all its findings that keeps nothing: see :meth:`Source.locate_all`.
Round-trip editing lives in :mod:`netwerkagenda.editing.edit`.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from netwerkagenda.findings import KeyPath, Problem, error, warning
from netwerkagenda.model import DATE_RE

MAX_NODES = 50_000  # values one file may expand to (alias bombs stop here)
MAX_DEPTH = 50  # nesting depth of one file

_STD_TAG = "tag:yaml.org,2002:"
# the tags plain YAML resolves to; any other (``!custom``, ``!!python/...``,
# ``!!binary``, ``!!set``) is refused
_PLAIN_TAGS = frozenset(
    _STD_TAG + t
    for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge")
)

Location = tuple[int, int]  # 1-based line, column


@dataclass
class Parsed:
    """The result of reading one file: its data (``None`` when unreadable) and problems."""

    data: Any
    problems: list[Problem] = field(default_factory=list)


class _Abort(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


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
            _at(
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


# --------------------------------------------------------------------------- YAML


_LOADER: Any = None
_RESOLVED: dict[str, str] = {}  # the tag of a plain scalar: it depends on its text alone
_MEMO_LEN = 40  # texts up to this long are remembered (statuses, dates, ids, numbers)
_MEMO_MAX = 50_000


def _yaml_loader(text: str) -> Any:
    global _LOADER
    if _LOADER is None:
        import yaml

        base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        scalar = yaml.ScalarNode

        class Loader(base):  # type: ignore[misc,valid-type]
            def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
                # a plain scalar's tag is found by matching regular expressions, many
                # per value; the same short texts come back in every record
                if kind is scalar and implicit[0] and len(value) <= _MEMO_LEN:
                    tag = _RESOLVED.get(value)
                    if tag is None:
                        tag = super().resolve(kind, value, implicit)
                        if len(_RESOLVED) < _MEMO_MAX:
                            _RESOLVED[value] = tag
                    return tag
                return super().resolve(kind, value, implicit)

        _LOADER = Loader
    return _LOADER(text)


def compose_yaml(text: str) -> Any:
    """The node tree of a single-document YAML text (raises yaml.YAMLError)."""
    loader = _yaml_loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


_RESOLVE: Any = None
_PLAIN_VALUES: dict[str, Any] = {}  # short plain scalars and their values


def plain_value(text: str) -> Any:
    """A one-line plain scalar's value, resolved as :func:`parse_yaml` does; ValueError
    for one it would report (a tag records may not use)."""
    global _RESOLVE
    hit = _PLAIN_VALUES.get(text, _PLAIN_VALUES)
    if hit is not _PLAIN_VALUES:
        return hit
    if _RESOLVE is None:
        import yaml

        _RESOLVE = functools.partial(_yaml_loader("").resolve, yaml.ScalarNode)
    tag = _RESOLVE(text, (True, False))
    if tag not in _PLAIN_TAGS or tag == _STD_TAG + "merge":
        raise ValueError(tag)
    value = _scalar(tag, text)
    if len(text) <= _MEMO_LEN and len(_PLAIN_VALUES) < _MEMO_MAX:
        _PLAIN_VALUES[text] = value  # immutable: str, int, float, bool, None, date
    return value


def parse_yaml(text: str, file: str) -> Parsed:
    """A YAML record file: the plain ones through :func:`netwerkagenda.records.fastread.yaml`,
    the others (and those with errors) through libyaml."""
    from netwerkagenda.records import fastread

    fast = fastread.yaml(text, plain_value)
    return Parsed(fast) if fast is not None else parse_yaml_full(text, file)


def parse_yaml_full(text: str, file: str) -> Parsed:
    import yaml

    try:
        node = compose_yaml(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        msg = " ".join(str(p) for p in (exc.context, exc.problem) if p) or "invalid YAML"
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        code = "yaml-documents" if "single document" in msg else "yaml-syntax"
        return Parsed(None, [_at(code, file, f"YAML: {msg}", line, col)])
    except (yaml.YAMLError, RecursionError, MemoryError) as exc:
        return Parsed(None, [error("yaml-syntax", file, f"YAML: {exc}".strip())])
    if node is None:
        return Parsed(None, [error("not-a-mapping", file, "file is empty: a record is a mapping")])
    builder = _Builder(file)
    try:
        data = builder.build(node, (), 0)
    except _Abort as stop:
        return Parsed(None, [*builder.problems, stop.problem])
    except RecursionError:
        return Parsed(None, [error("too-deep", file, "values nested too deeply")])
    if data is None:  # ``---``, ``~``, ``null``, directives and an empty document
        builder.problems.append(_null_document(file))
    return Parsed(data, builder.problems)


def _null_document(file: str) -> Problem:
    return error(
        "not-a-mapping",
        file,
        "the document is null (empty): a record is a mapping of fields",
        hint="write the record's fields, e.g. 'title: ...', or remove the file",
    )


def _at(
    code: str, file: str, message: str, line: int, col: int, hint: str | None = None
) -> Problem:
    p = error(code, file, message, hint=hint)
    return Problem(p.code, p.severity, p.file, p.message, hint=hint, line=line, column=col)


class _Builder:
    """Build plain values from libyaml nodes, refusing what a record never needs."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.count = 0  # values built, aliases counted each time they expand
        self.top: Any = None  # the top-level key being built, to point at a bomb

    def _node_at(self, code: str, node: Any, message: str, hint: str | None = None) -> Problem:
        m = node.start_mark
        return _at(code, self.file, message, m.line + 1, m.column + 1, hint)

    def build(self, node: Any, path: KeyPath, depth: int) -> Any:
        import yaml

        self.count += 1
        if self.count > MAX_NODES:
            raise _Abort(
                self._node_at(
                    "yaml-alias-bomb",
                    self.top or node,
                    f"file expands to more than {MAX_NODES:,} values "
                    "(aliases used to blow up size?)",
                )
            )
        if depth > MAX_DEPTH:
            raise _Abort(self._node_at("too-deep", node, f"values nested deeper than {MAX_DEPTH}"))
        tag = node.tag or ""
        if tag not in _PLAIN_TAGS:
            self.problems.append(
                self._node_at(
                    "yaml-tag",
                    node,
                    f"YAML tag {tag!r} is not allowed in records",
                    hint="remove the tag; values are plain strings, numbers, dates, "
                    "lists and mappings",
                )
            )
            if isinstance(node, yaml.ScalarNode):
                return str(node.value)
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for knode, vnode in node.value:
                if knode.tag == _STD_TAG + "merge":
                    self.problems.append(
                        self._node_at(
                            "yaml-merge-key",
                            knode,
                            "YAML merge keys ('<<') are not supported",
                            hint="write the fields out",
                        )
                    )
                    continue
                if not isinstance(knode, yaml.ScalarNode):
                    self.problems.append(
                        self._node_at("key-not-string", knode, "a key must be a plain string")
                    )
                    continue
                key = self.build(knode, path, depth + 1)
                if not isinstance(key, str):
                    self.problems.append(
                        self._node_at(
                            "key-not-string",
                            knode,
                            f"key {knode.value!r} is not a string",
                            hint=f"quote it: '{knode.value}':",
                        )
                    )
                    key = str(knode.value)
                if key in out:
                    self.problems.append(
                        self._node_at(
                            "duplicate-key", knode, f"key {key!r} appears twice in this mapping"
                        )
                    )
                    continue
                if depth == 0:
                    self.top = knode
                out[key] = self.build(vnode, (*path, key), depth + 1)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(v, (*path, i), depth + 1) for i, v in enumerate(node.value)]
        return _scalar(tag, node.value)


_BOOL = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}


def _scalar(tag: str, value: str) -> Any:
    kind = tag[len(_STD_TAG) :]
    if kind == "str":
        return value
    if kind == "null":
        return None
    if kind == "bool":
        return _BOOL.get(value.lower(), value)
    if kind == "int":
        try:
            return int(value.replace("_", ""), 0)
        except ValueError:
            return value
    if kind == "float":
        try:
            return float(value.replace("_", ""))
        except ValueError:
            return value
    if kind == "timestamp":
        if DATE_RE.match(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                return value  # e.g. 2021-02-30: the date check reports it
        return value
    return value


Request = tuple[KeyPath, bool]  # a key path, and whether its key (not its value) is meant
_P = TypeVar("_P")  # a place: a location, or an offset in the text


def _prefixes(requests: Iterable[Request]) -> set[KeyPath]:
    return {path[:n] for path, _ in requests for n in range(1, len(path) + 1)}


def _resolve(
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


_NO_KEY = object()  # the key of a mapping entry whose key is not a scalar


def yaml_locations(text: str, requests: Iterable[Request]) -> dict[Request, Location]:
    """Where key paths are in a YAML text: for each (path, key) request the key, or
    the value, or the deepest part of the path that exists. One pass over libyaml's
    events, keeping no node tree: only the entries on a requested path are followed,
    every other collection is skipped, and the scan stops once all are found."""
    import yaml

    wanted = set(requests)
    follow = _prefixes(wanted)  # the paths whose values (fallbacks included) are kept
    todo = {r for r in wanted if r[0]}
    keys: dict[KeyPath, Location] = {}
    values: dict[KeyPath, Location] = {}
    root: Location = (1, 1)
    scalar, alias = yaml.ScalarEvent, yaml.AliasEvent
    mapping, sequence = yaml.MappingStartEvent, yaml.SequenceStartEvent
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    # one frame per followed collection: [path, is a mapping, key awaited, key, index]
    stack: list[list[Any]] = []
    started = False
    loader = _yaml_loader(text)
    try:
        get = loader.get_event
        while todo and loader.check_event():
            ev = get()
            cls = ev.__class__
            if cls is scalar or cls is alias or cls is mapping or cls is sequence:
                if not stack:
                    if started:
                        break  # a second document: the reader refuses the file anyway
                    started = True
                    m = ev.start_mark
                    root = (m.line + 1, m.column + 1)
                    if cls is mapping or cls is sequence:
                        stack.append([(), cls is mapping, True, None, 0])
                    continue
                frame = stack[-1]
                if frame[1]:
                    if frame[2]:  # a key
                        frame[2] = False
                        if cls is scalar:
                            frame[3] = ev.value
                            path = (*frame[0], ev.value)
                            if (path, True) in todo and path not in keys:
                                m = ev.start_mark
                                keys[path] = (m.line + 1, m.column + 1)
                                todo.discard((path, True))
                        else:
                            frame[3] = _NO_KEY
                            if cls is not alias:
                                _skip(get, ends)
                        continue
                    frame[2] = True
                    path = (*frame[0], frame[3])
                else:
                    path = (*frame[0], frame[4])
                    frame[4] += 1
                if path in follow and path not in values:
                    m = ev.start_mark
                    values[path] = (m.line + 1, m.column + 1)
                    todo.discard((path, False))
                    if cls is mapping or cls is sequence:
                        stack.append([path, cls is mapping, True, None, 0])
                        continue
                if cls is mapping or cls is sequence:
                    _skip(get, ends)
            elif cls in ends:
                stack.pop()
    except (yaml.YAMLError, RecursionError, IndexError):
        pass  # a text that does not parse has only the places found so far
    finally:
        loader.dispose()
    return _resolve(wanted, keys, values, root)


def _skip(get: Callable[[], Any], ends: tuple[type, ...]) -> None:
    """Past the end of the collection whose start event was just read."""
    import yaml

    starts = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
    depth = 1
    while depth:
        ev = get()
        if ev is None:  # the stream ended (libyaml raises first; never loop for ever)
            return
        cls = ev.__class__
        if cls in starts:
            depth += 1
        elif cls in ends:
            depth -= 1


# --------------------------------------------------------------------------- TOML

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
        return Parsed(None, [_at(code, file, f"TOML: {msg}", line, col)])
    except RecursionError:
        return Parsed(None, [error("too-deep", file, "values nested too deeply")])
    except ValueError as exc:  # an integer of thousands of digits (int's str limit)
        m = re.search(r"\d{4000,}", text)
        line = text.count("\n", 0, m.start()) + 1 if m else 1
        col = m.start() - text.rfind("\n", 0, m.start()) if m else 1
        return Parsed(None, [_at("toml-syntax", file, f"TOML: {_short_reason(exc)}", line, col)])
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


# TOML places: a tokenizer of our own over the text tomllib has read. Measured on the
# bench's records (µs for a typical file, stopping at its 'due' / the whole file):
# this 31 / 79; tomlkit 1,010 to parse alone, with no places to give; tree-sitter-toml
# 75 for parse and walk, but ERROR nodes on 3 valid toml-test files (multi-line
# strings) and two binary dependencies. On toml-test's valid files this one places
# all 676 top-level keys on their line (the locator before it: 55 wrong).
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
    for (path, key), hit in _resolve(wanted, loc.keys, loc.values, -1).items():
        out[(path, key)] = (1, 1) if hit < 0 else loc.place_of(hit)
    return out


# --------------------------------------------------------------------------- Source


class Source:
    """A file's text, kept to locate findings in it on demand.

    The text may be given decoded, or as raw bytes decoded on first use. Locations found
    are remembered in :attr:`locations` (the validation cache stores and restores them,
    so a warm run never parses a file again to say where a finding is); whatever a scan
    builds to find them is dropped as soon as they are found."""

    __slots__ = ("_raw", "_text", "file", "fmt", "locations")

    def __init__(
        self,
        file: str,
        fmt: str,
        text: str | None = None,
        *,
        raw: bytes | None = None,
        locations: dict[Request, Location] | None = None,
    ) -> None:
        self.file = file
        self.fmt = fmt  # "yaml" or "toml"
        self._text = text
        self._raw = raw if text is None else None
        self.locations: dict[Request, Location] = locations or {}

    @property
    def text(self) -> str | None:
        if self._text is None and self._raw is not None:
            raw, self._raw = self._raw, None
            if raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                self._text = raw.decode("utf-8")
            except UnicodeDecodeError:
                self._text = None
        return self._text

    def locate(self, path: KeyPath, *, key: bool = False) -> Location:
        if not path:
            return (1, 1)
        self.locate_all([(path, key)])
        return self.locations[(path, key)]

    def locate_all(self, requests: Iterable[Request]) -> None:
        """Find the places of these (path, key) requests with one scan of the text, into
        :attr:`locations`."""
        todo = {r for r in requests if r[0] and r not in self.locations}
        if not todo:
            return
        text = self.text
        if not text:
            found = dict.fromkeys(todo, (1, 1))
        elif self.fmt == "yaml":
            found = yaml_locations(text, todo)
        else:
            found = toml_places(text, todo)
        self.locations.update(found)

    def line_text(self, line: int) -> str:
        if not self.text:
            return ""
        lines = self.text.splitlines()
        return lines[line - 1] if 0 < line <= len(lines) else ""


PARSERS: dict[str, Callable[[str, str], Parsed]] = {"yaml": parse_yaml, "toml": parse_toml}
FORMATS = {".yaml": "yaml", ".yml": "yaml", ".toml": "toml"}
