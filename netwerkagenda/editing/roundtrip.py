"""Round-trip documents: change a record file the way a careful colleague would.

YAML goes through ruamel.yaml's round-trip mode, TOML through tomlkit. Comments, key
order, quoting, flow/block style and blank lines stay as written:

* a new key goes where the model puts it (``due`` after ``start``), not at the end;
  comments and blank lines that introduce the next key stay in front of that key;
* a replaced string keeps its quoting, a replaced list its flow or block style;
* YAML indentation (mapping, sequence, dash offset) is detected from the file;
* ruamel.yaml normalises some spacing it does not keep (``key:   value``); the result
  is therefore spliced into the original text so that only the lines the edit
  changed differ (:func:`splice`).
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import itertools
import re
from collections.abc import Sequence
from typing import Any, Protocol

from netwerkagenda.model import RECORD_FIELDS

Plain = Any  # str, int, float, date, list, dict: values as the model knows them


class Document(Protocol):
    fmt: str

    def keys(self) -> list[str]: ...
    def get(self, key: str) -> Any: ...
    def set(self, key: str, value: Plain) -> None: ...
    def delete(self, key: str) -> None: ...
    def append(self, key: str, item: Plain) -> None: ...
    def dump(self) -> str: ...


def field_order(kind: str) -> list[str]:
    return [f.name for f in RECORD_FIELDS[kind]]


def insert_position(keys: Sequence[str], key: str, order: Sequence[str]) -> int:
    """Where a new ``key`` goes among the existing ``keys``: after the nearest
    existing key that the model puts before it, else before the first one it puts
    after it, else at the end."""
    if key not in order:
        return len(keys)
    at = order.index(key)
    for name in reversed(order[:at]):  # the nearest field the model puts before it
        if name in keys:
            return list(keys).index(name) + 1
    for name in order[at + 1 :]:
        if name in keys:
            return list(keys).index(name)
    return len(keys)


# --------------------------------------------------------------------------- splice


def splice(original: str, before: str, after: str) -> str:
    """Apply the change ``before`` -> ``after`` to ``original``, where ``before`` is
    the tool's rendering of ``original`` (the same up to some normalised lines). Lines
    the change does not touch come from ``original`` as they were; a normalised region
    that the change cuts into is taken as rendered."""
    if before == original:
        return after
    o = original.splitlines(keepends=True)
    b = before.splitlines(keepends=True)
    a = after.splitlines(keepends=True)
    # `before` cut into units, each with the original text it stands for
    units: list[tuple[int, int, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, o, b, autojunk=False).get_opcodes():
        if tag == "equal":
            units += [(j1 + k, j1 + k + 1, o[i1 + k]) for k in range(i2 - i1)]
        else:
            units.append((j1, j2, "".join(o[i1:i2])))
    single = {s: text for s, e, text in units if e == s + 1 and text.count("\n") <= 1}
    out: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, b, a, autojunk=False).get_opcodes():
        if tag == "replace" and i2 - i1 == j2 - j1:
            out += [_respell(single.get(i1 + k), b[i1 + k], a[j1 + k]) for k in range(i2 - i1)]
            continue
        if tag != "equal":
            out += a[j1:j2]
            continue
        for s, e, text in units:
            if s == e:
                if i1 <= s < i2 or s == i2 == len(b):
                    out.append(text)
            elif i1 <= s and e <= i2:
                out.append(text)
            elif s < i2 and e > i1:
                out += b[max(s, i1) : min(e, i2)]
    return "".join(out)


def _respell(original: str | None, before: str, after: str) -> str:
    """A changed line, spelled as the original where the rendering normalised it:
    the part of the line that changed is replaced inside the original line."""
    if original is None or original == before:
        return after
    p = 0
    while p < min(len(before), len(after)) and before[p] == after[p]:
        p += 1
    q = 0
    while q < min(len(before), len(after)) - p and before[-1 - q] == after[-1 - q]:
        q += 1
    old, new = before[p : len(before) - q], after[p : len(after) - q]
    if old and original.count(old) == 1:
        return original.replace(old, new)
    return after


# --------------------------------------------------------------------------- YAML

_BLOCK_SCALAR = re.compile(r":\s*[|>][-+0-9]*\s*(#.*)?$")


def detect_indent(text: str) -> tuple[int, int, int]:
    """(mapping, sequence, offset) indentation of a YAML text, as ruamel.yaml names
    them; the project's own style (2, 4, 2) where the text does not say."""
    mapping: int | None = None
    sequence: int | None = None
    offset: int | None = None
    lines: list[str] = []
    block_at: int | None = None
    seq_of_maps = False
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        ind = len(line) - len(line.lstrip(" "))
        if block_at is not None:
            if ind > block_at:
                continue
            block_at = None
        lines.append(line)
        if _BLOCK_SCALAR.search(line):
            block_at = ind
    for prev, cur in itertools.pairwise(lines):
        p_ind = len(prev) - len(prev.lstrip(" "))
        c_ind = len(cur) - len(cur.lstrip(" "))
        body = prev.strip()
        if body.startswith("- "):  # "- key:" opens a mapping inside a sequence item
            body = body[2:].lstrip()
            p_ind = len(prev) - len(prev.lstrip(" -"))
        if not re.search(r":\s*(#.*)?$", body):
            continue
        cs = cur.lstrip(" ")
        if cs.startswith("- ") or cs == "-":
            # a sequence of mappings says most about item indentation: prefer it
            item_is_map = bool(re.match(r"-\s+[^\s#'\"\[{][^:#]*:(\s|$)", cs))
            if offset is None or (item_is_map and not seq_of_maps):
                offset = c_ind - p_ind
                after_dash = len(cs[1:]) - len(cs[1:].lstrip(" "))
                sequence = offset + 1 + max(after_dash, 1)
                seq_of_maps = item_is_map
        elif mapping is None and c_ind > p_ind:
            mapping = c_ind - p_ind
        if mapping is not None and seq_of_maps:
            break
    if offset is None:
        offset, sequence = 2, 4
    assert sequence is not None
    return mapping or 2, max(sequence, offset + 2), max(offset, 0)


def _yaml(indent: tuple[int, int, int]) -> Any:
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 1_000_000
    y.indent(mapping=indent[0], sequence=indent[1], offset=indent[2])
    return y


def _is_block_scalar(value: Any) -> bool:
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    return isinstance(value, LiteralScalarString | FoldedScalarString)


def _reads_as_other(value: str) -> bool:
    """Whether a plain ``value`` would not read back as this string: YAML 1.1 (the
    validator's reader) takes ``no``, ``on``, ``1e3``... for booleans and numbers."""
    import yaml

    try:
        return bool(yaml.safe_load(value) != value)
    except yaml.YAMLError:
        return True


class YamlDocument:
    fmt = "yaml"

    def __init__(self, text: str | None) -> None:
        from ruamel.yaml.comments import CommentedMap

        self.original = text or ""
        # The splice works on whole lines: a last line without its line break would
        # take the next line's text onto it (a key glued onto a block scalar). It is
        # spliced as if the break were there, and the break is left off again where
        # that reads back the same (see :meth:`candidates`).
        self.final_newline = self.original.endswith("\n") or not self.original
        self.lines = self.original if self.final_newline else self.original + "\n"
        self.indent = detect_indent(self.original)
        self.yaml = _yaml(self.indent)
        self.data: Any = self.yaml.load(self.original) if text else CommentedMap()
        if self.data is None:
            self.data = CommentedMap()
        self.before = self._render() if text else ""

    def _render(self) -> str:
        buf = io.StringIO()
        self.yaml.dump(self.data, buf)
        return buf.getvalue()

    def candidates(self) -> list[str]:
        """The edited text, best first: spliced into the original lines (without a
        final line break if the original had none, then with one), then as ruamel.yaml
        renders it whole. The edit takes the first that reads back as intended."""
        rendered = self._render()
        spliced = splice(self.lines, self.before, rendered)
        out = [spliced, rendered]
        if not self.final_newline:
            out = [spliced.removesuffix("\n"), spliced, rendered.removesuffix("\n"), rendered]
        return list(dict.fromkeys(out))

    def dump(self) -> str:
        return self.candidates()[0]

    def keys(self) -> list[str]:
        return [str(k) for k in self.data]

    def get(self, key: str) -> Any:
        return self.data.get(key)

    # comments that trail a value: the eol comment stays with it, the lines after it
    # (blank lines, comments introducing the next key) move with the position
    def _slot(self, parent: Any, key: Any) -> tuple[Any, Any, int]:
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        value = parent[key]
        if (
            isinstance(value, CommentedMap | CommentedSeq)
            and len(value)
            and not value.fa.flow_style()
        ):
            last = list(value.keys())[-1] if isinstance(value, CommentedMap) else len(value) - 1
            return self._slot(value, last)
        return parent, key, 2 if isinstance(parent, CommentedMap) else 0

    def _take_rest(self, parent: Any, key: Any) -> str:
        holder, k, pos = self._slot(parent, key)
        entry = holder.ca.items.get(k)
        if not entry or len(entry) <= pos or entry[pos] is None:
            return ""
        token = entry[pos]
        value: str = token.value
        if _is_block_scalar(holder[k]):
            cut = 0
        else:
            nl = value.find("\n")
            cut = len(value) if nl < 0 else nl + 1
        keep, rest = value[:cut], value[cut:]
        if keep:
            token.value = keep
        else:
            entry[pos] = None
        return rest

    def _give_rest(self, parent: Any, key: Any, rest: str) -> None:
        if not rest:
            return
        from ruamel.yaml.error import CommentMark
        from ruamel.yaml.tokens import CommentToken

        holder, k, pos = self._slot(parent, key)
        entry = holder.ca.items.setdefault(k, [None, None, None, None])
        while len(entry) <= pos:
            entry.append(None)
        if entry[pos] is None:
            lead = "" if _is_block_scalar(holder[k]) else "\n"
            entry[pos] = CommentToken(lead + rest, CommentMark(0), None)
        else:
            entry[pos].value += rest

    def _node(self, value: Plain, like: Any = None) -> Any:
        from ruamel.yaml.comments import CommentedMap, CommentedSeq
        from ruamel.yaml.scalarstring import (
            DoubleQuotedScalarString,
            LiteralScalarString,
            SingleQuotedScalarString,
        )

        if isinstance(value, str):
            if "\n" in value:
                return LiteralScalarString(value)
            if isinstance(like, SingleQuotedScalarString | DoubleQuotedScalarString):
                return type(like)(value)
            if _reads_as_other(value):
                return SingleQuotedScalarString(value)
            return value
        if isinstance(value, list):
            seq = CommentedSeq(self._node(v) for v in value)
            if isinstance(like, CommentedSeq):
                flow = bool(like.fa.flow_style())
            else:
                flow = not any(isinstance(v, dict | list) for v in value)
            if flow:
                seq.fa.set_flow_style()
            else:
                seq.fa.set_block_style()
            return seq
        if isinstance(value, dict):
            m = CommentedMap((k, self._node(v)) for k, v in value.items())
            m.fa.set_block_style()
            return m
        return value

    def set(self, key: str, value: Plain, order: Sequence[str] = ()) -> None:
        m = self.data
        if key in m:
            rest = self._take_rest(m, key)
            m[key] = self._node(value, like=m[key])
            self._give_rest(m, key, rest)
            return
        keys = self.keys()
        pos = insert_position(keys, key, order)
        rest = self._take_rest(m, keys[pos - 1]) if pos > 0 else ""
        m.insert(pos, key, self._node(value))
        self._give_rest(m, key, rest)

    def delete(self, key: str) -> None:
        m = self.data
        keys = self.keys()
        if key not in keys:
            return
        pos = keys.index(key)
        rest = self._take_rest(m, key)
        # comment lines before the key that ruamel keeps with it (after a flow value)
        entry = m.ca.items.get(key)
        pre = entry[1] if entry and len(entry) > 1 and isinstance(entry[1], list) else []
        before = "".join(t.value for t in pre if t is not None)
        del m[key]
        m.ca.items.pop(key, None)
        if pos > 0:
            self._give_rest(m, keys[pos - 1], before + rest)

    def append(self, key: str, item: Plain, order: Sequence[str] = ()) -> None:
        from ruamel.yaml.comments import CommentedSeq

        seq = self.data.get(key)
        if not isinstance(seq, CommentedSeq):
            self.set(key, [item], order)
            return
        rest = self._take_rest(seq, len(seq) - 1) if len(seq) else ""
        seq.append(self._node(item))
        self._give_rest(seq, len(seq) - 1, rest)

    def insert_item(
        self, path: Sequence[str | int], index: int, item: Plain, order: Sequence[str] = ()
    ) -> None:
        """Insert ``item`` at ``index`` of the list at ``path`` (keys and list indexes
        from the top, e.g. ``("indicators", 0, "measurements")``), in the style of the
        items beside it; a missing list is made where ``order`` puts its key."""
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        parent = self.data
        for p in path[:-1]:
            parent = parent[p]
        key = path[-1]
        seq = parent.get(key)
        if not isinstance(seq, CommentedSeq):
            keys = [str(k) for k in parent]
            pos = insert_position(keys, str(key), order)
            rest = self._take_rest(parent, keys[pos - 1]) if pos > 0 else ""
            parent.insert(pos, key, self._node([item]))
            self._give_rest(parent, key, rest)
            return
        node = self._node(item)
        like = seq[min(index, len(seq) - 1)] if len(seq) else None
        flow = bool(seq.fa.flow_style()) or (
            isinstance(like, CommentedMap) and bool(like.fa.flow_style())
        )
        if flow and isinstance(node, CommentedMap):
            node.fa.set_flow_style()
        if index >= len(seq):
            rest = self._take_rest(seq, len(seq) - 1) if len(seq) else ""
            seq.append(node)
            self._give_rest(seq, len(seq) - 1, rest)
        else:
            seq.insert(index, node)

    def remove_item(self, key: str, item: Plain) -> int:
        """Remove every ``item`` from the list ``key``; the number of items left."""
        seq = self.data.get(key)
        for i in reversed(range(len(seq))):
            if to_plain(seq[i]) == item:
                if i == len(seq) - 1:
                    # the comments after the last item introduce the next key: they
                    # stay, after the item before it or (none left) after the key
                    rest = self._take_rest(seq, i)
                    del seq[i]
                    seq.ca.items.pop(i, None)
                    if i > 0:
                        self._give_rest(seq, i - 1, rest)
                    else:
                        self._give_rest(self.data, key, rest)
                else:
                    del seq[i]
        return len(seq)

    def replace_item(self, key: str, old: str, new: str) -> bool:
        """Replace the string ``old`` by ``new`` in the value of ``key`` (a string or
        a list of strings), keeping quoting; ``True`` if something changed."""
        value = self.data.get(key)
        if isinstance(value, str) and value == old:
            self.data[key] = self._node(new, like=value)
            return True
        changed = False
        if isinstance(value, list):
            for i, v in enumerate(value):
                if isinstance(v, str) and v == old:
                    value[i] = self._node(new, like=v)
                    changed = True
        return changed


# --------------------------------------------------------------------------- TOML


class TomlDocument:
    fmt = "toml"

    def __init__(self, text: str | None) -> None:
        import tomlkit

        self.original = text or ""
        # a line break added at the end never changes what TOML text means; without
        # it, a table or key added at the end would be glued onto the last line
        self.final_newline = self.original.endswith("\n") or not self.original
        self.doc: Any = tomlkit.parse(self.original if self.final_newline else self.original + "\n")

    def candidates(self) -> list[str]:
        """The edited text: without a final line break if the original had none."""
        out: str = self.doc.as_string()
        if self.final_newline:
            return [out]
        return list(dict.fromkeys([out.removesuffix("\n"), out]))

    def dump(self) -> str:
        return self.candidates()[0]

    def keys(self) -> list[str]:
        return [str(k) for k in self.doc]

    def get(self, key: str) -> Any:
        value = self.doc.get(key)
        return value.unwrap() if hasattr(value, "unwrap") else value

    def _plain_keys(self) -> list[str]:
        from tomlkit.items import AoT, Table

        return [str(k) for k, v in self.doc.items() if not isinstance(v, Table | AoT)]

    def _item(self, value: Plain, like: Any = None) -> Any:
        import tomlkit
        from tomlkit.items import Array, String, StringType

        if isinstance(value, str):
            literal = isinstance(like, String) and like.type in (StringType.SLL, StringType.MLL)
            multiline = "\n" in value or (
                isinstance(like, String) and like.type in (StringType.MLB, StringType.MLL)
            )
            if literal and ("'" in value or (not multiline and "\n" in value)):
                literal = False
            if literal and multiline and "'''" in value:
                literal = False
            return tomlkit.string(value, literal=literal, multiline=multiline)
        if isinstance(value, list) and not any(isinstance(v, dict) for v in value):
            arr = tomlkit.array()
            arr.extend(self._item(v) for v in value)
            if isinstance(like, Array) and "\n" in like.as_string():
                arr.multiline(True)
            return arr
        if isinstance(value, list):
            aot = tomlkit.aot()
            for v in value:
                aot.append(self._table(v))
            return aot
        if isinstance(value, dict):
            table = tomlkit.inline_table()
            table.update({k: self._item(v) for k, v in value.items()})
            return table
        return tomlkit.item(value)

    def _table(self, value: dict[str, Any]) -> Any:
        import tomlkit

        t = tomlkit.table()
        for k, v in value.items():
            t.add(k, self._item(v))
        return t

    def set(self, key: str, value: Plain, order: Sequence[str] = ()) -> None:
        from tomlkit.items import AoT, Table

        old_table = self.doc.get(key)
        if isinstance(old_table, Table) and isinstance(value, dict):
            # a [table] stays one: its keys changed in place, its comments kept
            for k in [k for k in old_table if k not in value]:
                del old_table[k]
            for k, v in value.items():
                if k not in old_table or to_plain(old_table[k]) != v:
                    old_table[k] = self._item(v, like=old_table.get(k))
            return
        item = self._item(value, like=self.doc.get(key))
        if key in self.doc:
            old = self.doc[key]
            if isinstance(old, AoT) != isinstance(item, AoT):
                self.delete(key)
            else:
                self.doc[key] = item
                return
        if isinstance(item, AoT):
            self.doc.append(key, item)
            return
        plain = self._plain_keys()
        pos = insert_position(plain, key, order)
        if pos > 0:
            # after the previous key (tomlkit has no public insert; 0.15.3 dropped
            # _insert_after, _insert_at is in every version we allow)
            after = plain[pos - 1]
            idx = max(i for i, (k, _) in enumerate(self.doc.body) if k is not None and k == after)
            if idx + 1 < len(self.doc.body):
                self.doc._insert_at(idx + 1, key, item)
            else:
                self.doc.add(key, item)
        elif plain:
            idx = next(
                i for i, (k, _) in enumerate(self.doc.body) if k is not None and k == plain[0]
            )
            self.doc._insert_at(idx, key, item)
        else:
            first_table = next((i for i, (k, v) in enumerate(self.doc.body) if k is not None), None)
            if first_table is None:
                self.doc.add(key, item)
            else:
                self.doc._insert_at(first_table, key, item)

    def delete(self, key: str) -> None:
        if key in self.doc:
            del self.doc[key]

    def append(self, key: str, item: Plain, order: Sequence[str] = ()) -> None:
        import tomlkit
        from tomlkit.items import AoT, Array, Whitespace

        current = self.doc.get(key)
        if isinstance(current, Array):
            current.append(self._item(item))
            return
        if isinstance(current, AoT) and isinstance(item, dict):
            tables = current.body
            new = self._table(item)
            if tables:
                last = tables[-1]
                body = last.value.body
                trail = body[-1][1] if body and isinstance(body[-1][1], Whitespace) else None
                if trail is not None:
                    # the blank line after the last table now follows the new one
                    new.add(tomlkit.ws(trail.s))
                else:
                    last.add(tomlkit.nl())
            current.append(new)
            return
        self.set(key, [item], order)

    def insert_item(
        self, path: Sequence[str | int], index: int, item: Plain, order: Sequence[str] = ()
    ) -> None:
        """As :meth:`YamlDocument.insert_item`: an array of tables gets a table (with
        the blank lines of its neighbours), an inline array an inline table."""
        import tomlkit
        from tomlkit.items import AoT, Array, Comment, InlineTable, Table, Whitespace

        def move_trail(src: Any, dst: Any) -> None:
            """The blank lines and comments that end ``src`` (they introduce what
            follows) go to the end of ``dst``; ``src`` ends with one blank line."""
            body = src.value.body if isinstance(src, Table) else []
            k = len(body)
            while k and body[k - 1][0] is None and isinstance(body[k - 1][1], Whitespace | Comment):
                k -= 1
            moved = [item for _, item in body[k:]]
            del body[k:]
            src.add(tomlkit.ws("\n"))
            for item in moved:
                dst.add(item)

        def blank_after(t: Any) -> Any:
            body = t.value.body if isinstance(t, Table) else []
            return body[-1][1] if body and isinstance(body[-1][1], Whitespace) else None

        parent: Any = self.doc
        for p in path[:-1]:
            parent = parent[p]
        key = path[-1]
        seq = parent.get(key)
        if isinstance(seq, Array) or (seq is None and isinstance(parent, InlineTable)):
            value = self._item(item)
            if isinstance(value, InlineTable) or not isinstance(item, dict):
                new = value
            else:
                new = tomlkit.inline_table()
                new.update({k: self._item(v) for k, v in item.items()})
            if seq is None:
                arr = tomlkit.array()
                arr.append(new)
                parent[key] = arr
            else:
                seq.insert(min(index, len(seq)), new)
            return
        table = self._table(item)
        if isinstance(seq, AoT):
            tables = seq.body
            if index >= len(tables):
                if tables:
                    move_trail(tables[-1], table)
                seq.append(table)
            else:
                near = tables[index - 1] if index > 0 else tables[index]
                ws = blank_after(near)
                table.add(tomlkit.ws(ws.s if ws is not None else "\n"))
                seq.insert(index, table)
            return
        move_trail(parent, table)
        aot = tomlkit.aot()
        aot.append(table)
        parent.append(key, aot)

    def remove_item(self, key: str, item: Plain) -> int:
        """Remove every ``item`` from the list ``key``; the number of items left."""
        import tomlkit

        arr = self.doc.get(key)
        text = arr.as_string()
        if "\n" in text or "#" in text:
            for i in reversed(range(len(arr))):
                if to_plain(arr[i]) == item:
                    del arr[i]
            return len(arr)
        # a one-line array is respelled with its own padding and separators
        kept = [v.as_string() for v in arr if to_plain(v) != item]
        m = re.match(r"^\[(\s*).*?(\s*)\]$", text)
        left, right = (m.group(1), m.group(2)) if m else ("", "")
        sep = re.search(r",\s*", text)
        joined = (sep.group(0) if sep else ", ").join(kept)
        new = tomlkit.parse(f"k = [{left}{joined}{right}]" if kept else "k = []")["k"]
        new.trivia.comment_ws = arr.trivia.comment_ws
        new.trivia.comment = arr.trivia.comment
        new.trivia.trail = arr.trivia.trail
        self.doc[key] = new
        return len(kept)

    def replace_item(self, key: str, old: str, new: str) -> bool:
        from tomlkit.items import Array, String

        value = self.doc.get(key)
        if isinstance(value, String) and str(value) == old:
            self.doc[key] = self._item(new, like=value)
            return True
        changed = False
        if isinstance(value, Array):
            for i, v in enumerate(list(value)):
                if isinstance(v, str) and str(v) == old:
                    value[i] = self._item(new, like=v)
                    changed = True
        return changed


def open_document(fmt: str, text: str | None) -> YamlDocument | TomlDocument:
    return YamlDocument(text) if fmt == "yaml" else TomlDocument(text)


def to_plain(value: Any) -> Any:
    """ruamel/tomlkit values as plain Python values."""
    if hasattr(value, "unwrap"):
        return value.unwrap()
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | bool | int | float):
        return value
    return value
