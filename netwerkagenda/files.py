"""Reading record files safely, with locations.

Read-only commands parse YAML with libyaml's composer (PyYAML's C parser) and build the
values themselves, so no YAML tag ever constructs a Python object, alias expansion is
bounded, and duplicate keys are seen. TOML goes through :mod:`tomllib`. Line and column
numbers are looked up lazily, only for files that have a finding: see
:meth:`Source.locate`. Round-trip editing lives in :mod:`netwerkagenda.edit`.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

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
    """A YAML record file: the plain ones through :func:`netwerkagenda.fastread.yaml`,
    the others (and those with errors) through libyaml."""
    from netwerkagenda import fastread

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
    return Parsed(data, builder.problems)


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


def yaml_locate(text: str, path: KeyPath, key: bool) -> Location:
    """Where a key path is in a YAML text: its value, or with ``key`` its key. A path
    that does not (fully) exist gives the deepest part that does."""
    import yaml

    try:
        node = compose_yaml(text)
    except (yaml.YAMLError, RecursionError):
        return (1, 1)
    return locate_in_node(node, path, key)


def locate_in_node(node: Any, path: KeyPath, key: bool) -> Location:
    """:func:`yaml_locate` on an already composed node tree."""
    import yaml

    best = node
    for n, part in enumerate(path):
        nxt = None
        if isinstance(node, yaml.MappingNode):
            for knode, vnode in node.value:
                if isinstance(knode, yaml.ScalarNode) and knode.value == part:
                    if key and n == len(path) - 1:
                        m = knode.start_mark
                        return (m.line + 1, m.column + 1)
                    nxt = vnode
                    break
        elif (
            isinstance(node, yaml.SequenceNode)
            and isinstance(part, int)
            and 0 <= part < len(node.value)
        ):
            nxt = node.value[part]
        if nxt is None:
            break
        node = best = nxt
    if best is None:
        return (1, 1)
    m = best.start_mark
    return (m.line + 1, m.column + 1)


# --------------------------------------------------------------------------- TOML

_BASIC_STR = re.compile(r'"(?:[^"\\\n]|\\.)*"?')
_LITERAL_STR = re.compile(r"'[^'\n]*'?")
_TOML_POS = re.compile(r"\(at line (\d+), column (\d+)\)")


def parse_toml(text: str, file: str) -> Parsed:
    """A TOML record file: the plain ones through :func:`netwerkagenda.fastread.toml`,
    the others (and those with errors) through ``tomllib``."""
    from netwerkagenda import fastread

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
    return Parsed(_toml_plain(data))


def _toml_plain(value: Any) -> Any:
    """TOML date-times without a time part stay dates; local times become strings."""
    if isinstance(value, dict):
        return {k: _toml_plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_toml_plain(v) for v in value]
    if isinstance(value, dt.time):
        return value.isoformat()
    return value


class _TomlLocator:
    """A small scanner over valid TOML that maps key paths to (key, value) positions."""

    def __init__(self, text: str) -> None:
        self.s = text
        self.i = 0
        self.starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
        self.keys: dict[KeyPath, Location] = {}
        self.values: dict[KeyPath, Location] = {}
        self.arrays: dict[KeyPath, int] = {}

    def pos(self, i: int) -> Location:
        line = bisect.bisect_right(self.starts, i)
        return (line, i - self.starts[line - 1] + 1)

    def peek(self, k: int = 0) -> str:
        j = self.i + k
        return self.s[j] if j < len(self.s) else ""

    def skip_ws(self, newlines: bool = False) -> None:
        while self.i < len(self.s):
            c = self.s[self.i]
            if c in " \t\r" or (newlines and c == "\n"):
                self.i += 1
            elif c == "#":
                while self.i < len(self.s) and self.s[self.i] != "\n":
                    self.i += 1
            else:
                return

    def key(self) -> list[str]:
        parts: list[str] = []
        while True:
            self.skip_ws()
            c = self.peek()
            if c in ('"', "'"):
                start = self.i
                self.string()
                raw = self.s[start + 1 : self.i - 1]
                parts.append(raw.encode().decode("unicode_escape") if c == '"' else raw)
            else:
                start = self.i
                while self.i < len(self.s) and (self.s[self.i].isalnum() or self.s[self.i] in "_-"):
                    self.i += 1
                parts.append(self.s[start : self.i])
            self.skip_ws()
            if self.peek() == ".":
                self.i += 1
                continue
            return parts

    def string(self) -> None:
        q = self.s[self.i]
        if self.s.startswith(q * 3, self.i):
            end = self.s.find(q * 3, self.i + 3)
            self.i = len(self.s) if end < 0 else end + 3
            while self.peek() == q:  # up to two quotes may end a multi-line string
                self.i += 1
            return
        m = (_BASIC_STR if q == '"' else _LITERAL_STR).match(self.s, self.i)
        self.i = m.end() if m else len(self.s)

    def value(self, path: KeyPath) -> None:
        self.values.setdefault(path, self.pos(self.i))
        c = self.peek()
        if c in ('"', "'"):
            self.string()
        elif c == "[":
            self.i += 1
            idx = 0
            while True:
                self.skip_ws(newlines=True)
                if self.peek() in ("]", ""):
                    self.i += 1
                    return
                self.value((*path, idx))
                self.skip_ws(newlines=True)
                if self.peek() == ",":
                    self.i += 1
                    idx += 1
        elif c == "{":
            self.i += 1
            while True:
                self.skip_ws()
                if self.peek() in ("}", ""):
                    self.i += 1
                    return
                self.keyval(path)
                self.skip_ws()
                if self.peek() == ",":
                    self.i += 1
        else:
            while self.i < len(self.s) and self.s[self.i] not in ",]}\n#":
                self.i += 1

    def keyval(self, prefix: KeyPath) -> None:
        kpos = self.pos(self.i)
        parts = self.key()
        path = (*prefix, *parts)
        self.keys.setdefault(path, kpos)
        self.skip_ws()
        if self.peek() == "=":
            self.i += 1
        self.skip_ws()
        self.value(path)

    def header_path(self, parts: list[str], array: bool) -> KeyPath:
        path: list[str | int] = []
        for n, part in enumerate(parts):
            path.append(part)
            last = n == len(parts) - 1
            if last and array:
                t = tuple(path)
                idx = self.arrays.get(t, -1) + 1
                self.arrays[t] = idx
                path.append(idx)
            elif not last and tuple(path) in self.arrays:
                path.append(self.arrays[tuple(path)])
        return tuple(path)

    def run(self) -> None:
        prefix: KeyPath = ()
        while True:
            self.skip_ws(newlines=True)
            if self.i >= len(self.s):
                return
            if self.peek() == "[":
                array = self.peek(1) == "["
                start = self.i
                self.i += 2 if array else 1
                parts = self.key()
                self.i += 2 if array else 1
                prefix = self.header_path(parts, array)
                self.keys.setdefault(prefix, self.pos(start))
                self.values.setdefault(prefix, self.pos(start))
            else:
                before = self.i
                self.keyval(prefix)
                if self.i == before:
                    self.i += 1


def toml_locations(text: str) -> tuple[dict[KeyPath, Location], dict[KeyPath, Location]]:
    loc = _TomlLocator(text)
    with contextlib.suppress(IndexError, ValueError, UnicodeDecodeError):
        loc.run()
    return loc.keys, loc.values


def _nearest(table: dict[KeyPath, Location], path: KeyPath) -> Location:
    for n in range(len(path), 0, -1):
        hit = table.get(path[:n])
        if hit is not None:
            return hit
    return (1, 1)


# --------------------------------------------------------------------------- Source


class Source:
    """A file's text, kept to locate findings in it on demand.

    The text may be given decoded, or as raw bytes decoded on first use. Locations found
    are remembered in :attr:`locations` (the validation cache stores and restores them,
    so a warm run never parses a file again to say where a finding is)."""

    __slots__ = ("_node", "_raw", "_text", "_toml", "file", "fmt", "locations")

    def __init__(
        self,
        file: str,
        fmt: str,
        text: str | None = None,
        *,
        raw: bytes | None = None,
        locations: dict[tuple[KeyPath, bool], Location] | None = None,
    ) -> None:
        self.file = file
        self.fmt = fmt  # "yaml" or "toml"
        self._text = text
        self._raw = raw if text is None else None
        self.locations: dict[tuple[KeyPath, bool], Location] = locations or {}
        self._toml: tuple[dict[KeyPath, Location], dict[KeyPath, Location]] | None = None
        self._node: Any = None

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
        hit = self.locations.get((path, key))
        if hit is None:
            hit = self._locate(path, key) if self.text else (1, 1)
            self.locations[(path, key)] = hit
        return hit

    def _locate(self, path: KeyPath, key: bool) -> Location:
        assert self.text is not None
        if self.fmt == "yaml":
            if self._node is None:
                try:
                    self._node = compose_yaml(self.text)
                except Exception:  # a file that does not parse has no places
                    self._node = False
            return locate_in_node(self._node, path, key) if self._node else (1, 1)
        if self._toml is None:
            self._toml = toml_locations(self.text)
        keys, values = self._toml
        if key:
            return keys.get(path) or _nearest(values, path)
        return values.get(path) or keys.get(path) or _nearest(values, path)

    def line_text(self, line: int) -> str:
        if not self.text:
            return ""
        lines = self.text.splitlines()
        return lines[line - 1] if 0 < line <= len(lines) else ""


PARSERS: dict[str, Callable[[str, str], Parsed]] = {"yaml": parse_yaml, "toml": parse_toml}
FORMATS = {".yaml": "yaml", ".yml": "yaml", ".toml": "toml"}
