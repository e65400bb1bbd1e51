"""YAML record files, read safely: libyaml's composer (PyYAML's C parser) with our own
builder, so no YAML tag ever constructs a Python object, alias expansion is bounded and
duplicate keys are seen; and the places of key paths, from libyaml's events."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from typing import Any

from netwerkagenda.findings import KeyPath, Problem, error
from netwerkagenda.model import DATE_RE
from netwerkagenda.records.parsed import (
    Location,
    Parsed,
    Request,
    problem_at,
    request_prefixes,
    resolve_places,
)

MAX_NODES = 50_000  # values one file may expand to (alias bombs stop here)
MAX_DEPTH = 50  # nesting depth of one file

_STD_TAG = "tag:yaml.org,2002:"
# the tags plain YAML resolves to; any other (``!custom``, ``!!python/...``,
# ``!!binary``, ``!!set``) is refused
_PLAIN_TAGS = frozenset(
    _STD_TAG + t
    for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge")
)


class _Abort(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


_MEMO_LEN = 40  # texts up to this long are remembered (statuses, dates, ids, numbers)
_MEMO_MAX = 50_000


@functools.cache
def _plain_resolver() -> Callable[[str, tuple[bool, bool]], str]:
    import yaml

    return functools.partial(yaml.resolver.Resolver().resolve, yaml.ScalarNode)


@functools.lru_cache(maxsize=_MEMO_MAX)
def _plain_tag(text: str) -> str:
    """The tag of a plain scalar: it depends on its text alone (found by matching
    regular expressions, many per value; the same short texts come back in every record)."""
    return _plain_resolver()(text, (True, False))


@functools.cache
def _loader_class() -> Any:
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    scalar = yaml.ScalarNode

    class Loader(base):  # type: ignore[misc,valid-type]
        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            if kind is scalar and implicit[0] and len(value) <= _MEMO_LEN:
                return _plain_tag(value)
            return super().resolve(kind, value, implicit)

    return Loader


def _yaml_loader(text: str) -> Any:
    return _loader_class()(text)


def compose_yaml(text: str) -> Any:
    """The node tree of a single-document YAML text (raises yaml.YAMLError)."""
    loader = _yaml_loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def plain_value(text: str) -> Any:
    """A one-line plain scalar's value, resolved as :func:`parse_yaml` does; ValueError
    for one it would report (a tag records may not use)."""
    if len(text) <= _MEMO_LEN:
        return _short_plain_value(text)
    return _plain_value(text)


def _plain_value(text: str) -> Any:
    tag = _plain_tag(text) if len(text) <= _MEMO_LEN else _plain_resolver()(text, (True, False))
    if tag not in _PLAIN_TAGS or tag == _STD_TAG + "merge":
        raise ValueError(tag)
    return _scalar(tag, text)


# values are immutable (str, int, float, bool, None, date): one may be shared
_short_plain_value = functools.lru_cache(maxsize=_MEMO_MAX)(_plain_value)


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
        return Parsed(None, [problem_at(code, file, f"YAML: {msg}", line, col)])
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


class _Builder:
    """Build plain values from libyaml nodes, refusing what a record never needs."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.count = 0  # values built, aliases counted each time they expand
        self.top: Any = None  # the top-level key being built, to point at a bomb

    def _node_at(self, code: str, node: Any, message: str, hint: str | None = None) -> Problem:
        m = node.start_mark
        return problem_at(code, self.file, message, m.line + 1, m.column + 1, hint)

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
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(v, (*path, i), depth + 1) for i, v in enumerate(node.value)]
        return _scalar(tag, node.value)

    def _mapping(self, node: Any, path: KeyPath, depth: int) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for knode, vnode in node.value:
            key = self._key(knode, path, depth)
            if key is None:
                continue
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

    def _key(self, knode: Any, path: KeyPath, depth: int) -> str | None:
        """A mapping key as a string; ``None`` for one that is skipped (a merge key, a
        key that is not a scalar), with its problem."""
        import yaml

        if knode.tag == _STD_TAG + "merge":
            self.problems.append(
                self._node_at(
                    "yaml-merge-key",
                    knode,
                    "YAML merge keys ('<<') are not supported",
                    hint="write the fields out",
                )
            )
            return None
        if not isinstance(knode, yaml.ScalarNode):
            self.problems.append(
                self._node_at("key-not-string", knode, "a key must be a plain string")
            )
            return None
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
        return key


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


_NO_KEY = object()  # the key of a mapping entry whose key is not a scalar


def yaml_locations(text: str, requests: Iterable[Request]) -> dict[Request, Location]:
    """Where key paths are in a YAML text: for each (path, key) request the key, or
    the value, or the deepest part of the path that exists. One pass over libyaml's
    events, keeping no node tree: only the entries on a requested path are followed,
    every other collection is skipped, and the scan stops once all are found. One loop
    on purpose: its body runs for every event of the text, where a call per event would
    cost more than the work it does."""
    import yaml

    wanted = set(requests)
    follow = request_prefixes(wanted)  # the paths whose values (fallbacks included) are kept
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
    return resolve_places(wanted, keys, values, root)


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
