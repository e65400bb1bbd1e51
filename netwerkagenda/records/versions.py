"""Many versions of record files, parsed in proportion to what changed between them.

A history run parses every version of every record file in its range, and a record's
versions differ by a few lines: a status, a date, one more note. :class:`VersionReader`
cuts a file into its top-level fields (and a field holding a block list, such as
``updates``, into its items), parses each piece it has not seen before with the fast
readers, and puts the pieces back together. What it gives is what
:func:`~netwerkagenda.records.yaml_read.parse_yaml` or
:func:`~netwerkagenda.records.toml_read.parse_toml` gives for the whole text: a text it
cannot cut with certainty, a piece the fast reader does not take, or a key twice, is
read whole by them (``tests/test_versions.py`` holds the two to the same values).

Why a cut is exact: a top-level field of a block-style YAML file starts at a line
``key:`` in the first column and ends before the next one (its values are indented, or
are items ``- `` of a list; a scalar never continues in the first column), and the
fast reader takes no anchors, aliases or tags that could join two fields. The items of
a block list are likewise independent. In TOML, a ``[table]`` or ``[[array]]`` header
starts a section; a section's pairs cannot reach into another one. A piece cut at the
wrong place (inside a quoted scalar, a multi-line string or array) does not parse on
its own, and the whole text is then read as before.
"""

from __future__ import annotations

import functools
import itertools
import re
from typing import Any

from netwerkagenda.records.parsed import Parsed

_Y_KEY = r"[A-Za-z_][A-Za-z0-9_-]*:(?: |$)"  # the fast reader's plain keys
_Y_FIELD_AT = re.compile(rf"^{_Y_KEY}", re.MULTILINE)  # a field's first line
# a line in the first column that starts no field and continues none (a document
# marker, a directive, a quoted or flow key, ...); items of a list may be there
_Y_STRAY = re.compile(rf"^(?![ #\n]|- |-$|$|{_Y_KEY})", re.MULTILINE)
_Y_LOUD = re.compile(r"^ *[^ #\n]", re.MULTILINE)  # a line that is not blank or a comment
_Y_LIST_HEAD = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):")
_T_HEAD_AT = re.compile(r"^\[", re.MULTILINE)  # a line that starts a section
_T_HEADER = re.compile(r"\[(\[)?[ \t]*([A-Za-z0-9_-]+)[ \t]*\](\])?[ \t]*(?:#.*)?")
_MAX_SEEN = 200_000  # pieces kept (a year of a large programme is about 100,000)


def _clone(value: Any) -> Any:
    """A fresh copy of parsed data (mappings and lists new, scalars shared): a piece
    seen before goes into more than one version, and a version may be changed later."""
    kind = type(value)
    if kind is dict:
        return {k: _clone(v) for k, v in value.items()}
    if kind is list:
        return [_clone(v) for v in value]
    return value


class VersionReader:
    """Parses record files of one run, reusing the pieces of texts read before. Not for
    files with findings: those are read whole, so their findings are the same."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str], Any] = {}

    def parse(self, fmt: str, text: str, file: str) -> Parsed:
        """What ``parse_yaml``/``parse_toml`` (by ``fmt``) give for ``text``."""
        data = self._yaml(text) if fmt == "yaml" else self._toml(text)
        if data is not None:
            return Parsed(data)
        from netwerkagenda.records.source import PARSERS

        return PARSERS[fmt](text, file)

    # ------------------------------------------------------------------ pieces

    def _piece(self, fmt: str, text: str) -> Any:
        """The fast reader's value of one piece (a one-key mapping), or ``None``."""
        key = (fmt, text)
        if key in self._seen:
            return self._seen[key]
        from netwerkagenda.records import fastread

        if fmt == "yaml":
            from netwerkagenda.records.yaml_read import plain_value

            value = fastread.yaml(text, plain_value)
        else:
            value = fastread.toml(text)
        self._keep(key, value)
        return value

    def _keep(self, key: tuple[str, str], value: Any) -> None:
        if len(self._seen) < _MAX_SEEN:
            self._seen[key] = value

    # -------------------------------------------------------------------- YAML

    def _yaml(self, text: str) -> dict[str, Any] | None:
        if _Y_STRAY.search(text):
            return None
        starts = [m.start() for m in _Y_FIELD_AT.finditer(text)]
        if not starts or _Y_LOUD.search(text, 0, starts[0]):
            return None
        starts[0] = 0  # the comment and blank lines before the first field go with it
        out: dict[str, Any] = {}
        for a, b in zip(starts, [*starts[1:], len(text)], strict=True):
            block = text[a:b]
            value = self._seen.get(("yaml", block))
            if value is None:
                value = self._yaml_block(block)
                if value is None:
                    return None
                self._keep(("yaml", block), value)
            ((k, v),) = value.items()
            if k in out:
                return None
            out[k] = _clone(v)
        return out

    def _yaml_block(self, block: str) -> dict[str, Any] | None:
        """One field's value (a one-key mapping); a block list item by item."""
        nl = block.find("\n")
        head = block if nl < 0 else block[:nl]
        m = _Y_LIST_HEAD.fullmatch(head.rstrip(" ")) if nl >= 0 else None
        items = _y_items(block, nl + 1) if m is not None else None
        if m is None or items is None:
            return _one_key(self._piece("yaml", block))
        key = m.group(1)
        values: list[Any] = []
        for a, b in items:
            got = _one_key(self._piece("yaml", head + "\n" + block[a:b]))
            if got is None or type(got[key]) is not list:
                return None
            values += got[key]
        return {key: values}

    # -------------------------------------------------------------------- TOML

    def _toml(self, text: str) -> dict[str, Any] | None:
        heads = [m.start() for m in _T_HEAD_AT.finditer(text)]
        bounds = [*heads, len(text)]
        prefix = self._piece("toml", text[: bounds[0]])
        if type(prefix) is not dict:
            return None
        out = {k: _clone(v) for k, v in prefix.items()}
        array = ""  # the array of tables the section before added to
        for a, b in itertools.pairwise(bounds):
            section = text[a:b]
            nl = section.find("\n")
            m = _T_HEADER.fullmatch(section if nl < 0 else section[:nl])
            value = _one_key(self._piece("toml", section)) if m is not None else None
            if m is None or value is None or (m.group(1) is None) != (m.group(3) is None):
                return None  # a dotted or quoted header, or a section that does not parse
            ((k, v),) = value.items()
            if m.group(1) is not None and k == array:
                out[k].extend(_clone(v))
                continue
            if k in out:
                return None
            out[k] = _clone(v)
            array = k if m.group(1) is not None else ""
        return out if out else None


def _one_key(value: Any) -> dict[str, Any] | None:
    return value if type(value) is dict and len(value) == 1 else None


def _y_items(block: str, body: int) -> list[tuple[int, int]] | None:
    """The (start, end) offsets of the items of the block list that starts at offset
    ``body`` of ``block``, or ``None`` when the field holds anything else. Comment and
    blank lines go with the item before them (those before the first, with it)."""
    first = _Y_LOUD.search(block, body)
    if first is None:
        return None
    indent = first.end() - 1 - first.start()
    if not block.startswith("-", first.end() - 1):
        return None
    if _y_misplaced(indent).search(block, body):
        return None
    starts = [m.start() for m in _y_item_at(indent).finditer(block, body)]
    starts[0] = body
    return list(zip(starts, [*starts[1:], len(block)], strict=True))


@functools.lru_cache(maxsize=64)
def _y_item_at(indent: int) -> re.Pattern[str]:
    return re.compile(rf"^ {{{indent}}}-(?: |$)", re.MULTILINE)


@functools.lru_cache(maxsize=64)
def _y_misplaced(indent: int) -> re.Pattern[str]:
    """A line of a list at ``indent`` that is neither more indented nor an item."""
    less = rf"^ {{0,{indent - 1}}}[^ #\n]|" if indent else ""
    return re.compile(rf"{less}^ {{{indent}}}(?:[^ #\n-]|-[^ \n])", re.MULTILINE)
