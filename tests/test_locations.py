"""Every finding points at its key's line and column (or its value's), in TOML and YAML
of every shape, and no record file is skipped in silence (issue 19).

The conformance tests generate record files of every layout the formats allow and find
each key's line independently: the first prefix of the file (whole lines) that
``tomllib`` or PyYAML parses with the key in it, after the last that parses without."""

from __future__ import annotations

import json
import random
import re
import tomllib
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from netwerkagenda.findings import KeyPath
from netwerkagenda.records.repository import load_file, load_repo
from netwerkagenda.records.source import Source
from netwerkagenda.settings import Settings
from tests.helpers import GitRepo, cli, make_repo

A = "data/actions/leesoffensief.yaml"
T = "data/actions/leesoffensief.toml"
HEAD_T = 'title = "x"\ngoals = ["lezen"]\nstatus = "active"\n'
HEAD_Y = "title: x\ngoals: [lezen]\nstatus: active\n"


def found(root: Path, file: str) -> list[tuple[str, int, int]]:
    return [(f.code, f.line, f.column) for f in load_repo(root).validate() if f.file == file]


# --------------------------------------------------------------------------- by hand

CASES: list[tuple[str, str, str, list[tuple[str, int, int]]]] = [
    ("toml-dotted-key", T, HEAD_T + "budgett.amount = 5\n", [("unknown-field", 4, 1)]),
    (
        "toml-dotted-key-spaces",
        T,
        HEAD_T + "# a comment\n\n  budgett . amount = 5\n",
        [("unknown-field", 6, 3)],
    ),
    (
        "toml-array-of-tables",
        T,
        HEAD_T + "\n[[updatez]]\ndate = 2021-05-01\ntext = 'x'\n",
        [("unknown-field", 5, 3)],
    ),
    ("toml-unicode-key", T, HEAD_T + '"bijzondé" = 2\n', [("unknown-field", 4, 1)]),
    ("toml-escaped-key", T, HEAD_T + '"caf\\u00e9" = 2\n', [("unknown-field", 4, 1)]),
    ("toml-literal-key", T, HEAD_T + "'ünï.cøde' = 2\n", [("unknown-field", 4, 1)]),
    ("toml-dotted-header", T, HEAD_T + "[nieuw.sub]\nx = 1\n", [("unknown-field", 4, 2)]),
    ("toml-quoted-header", T, HEAD_T + '[ "nïeuw" ]\nx = 1\n', [("unknown-field", 4, 3)]),
    (
        # the table 'extra' first appears in [extra.a]; the [extra] later is not its place
        "toml-implicit-table",
        T,
        HEAD_T + "[extra.a]\nx = 1\n[extra]\ny = 2\n",
        [("unknown-field", 4, 2)],
    ),
    (
        "toml-value-in-second-array-table",
        T,
        HEAD_T
        + "[[updates]]\ndate = 2021-05-01\ntext = 'x'\n\n[[updates]]\n"
        + "text = 'y'\ndate = '2021-02-30'\n",
        [("invalid-date", 10, 8)],
    ),
    (
        "toml-value-in-inline-table",
        T,
        HEAD_T + 'budget = { currency = "EUR", amount = "veel" }\n',
        [("wrong-type", 4, 39)],
    ),
    (
        "toml-after-multiline-string",
        T,
        HEAD_T + 'summary = """\nbudgett = 1\n[[updatez]]\n"""\nbudgett = 2\n',
        [("unknown-field", 8, 1)],
    ),
    ("yaml-unicode-key", A, HEAD_Y + "bijzondé: 2\n", [("unknown-field", 4, 1)]),
    ("yaml-quoted-key", A, HEAD_Y + '"caf\\u00e9": 2\n', [("unknown-field", 4, 1)]),
    ("yaml-value-column", A, HEAD_Y + "due:   2021-02-30\n", [("invalid-date", 4, 8)]),
    (
        "yaml-nested-value",
        A,
        HEAD_Y + "updates:\n  - date: 2021-05-01\n    text: x\n  - text: y\n    date: 2021-02-30\n",
        [("invalid-date", 8, 11)],
    ),
    (
        "yaml-flow-mapping",
        A,
        HEAD_Y + "budget: {currency: EUR,\n  amount: veel}\n",
        [("wrong-type", 5, 11)],
    ),
]


@pytest.mark.parametrize(("name", "rel", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_finding_points_at_its_key_or_value(
    tmp_path: Path, name: str, rel: str, text: str, expected: list[tuple[str, int, int]]
) -> None:
    files: dict[str, str | bytes | None] = {rel: text.encode()}
    if rel != A:
        files[A] = None
    root = make_repo(tmp_path / "r", files)
    assert found(root, rel) == expected
    r = cli("validate", "--repo", str(root), "--format", "json")
    assert r.exit_code in (0, 1), r.output
    shown = [(f["code"], f["line"], f["column"]) for f in json.loads(r.stdout)["findings"]]
    assert shown == expected


def test_many_dotted_keys_each_on_its_own_line(tmp_path: Path) -> None:
    text = HEAD_T + "".join(f"extra{i}.x = {i}\n" for i in range(50))
    root = make_repo(tmp_path / "r", {T: text, A: None})
    got = found(root, T)
    assert got == [("unknown-field", 4 + i, 1) for i in range(50)]


# --------------------------------------------------------------------------- null documents

NULLS = {
    "dashes": b"---\n",
    "tilde": b"~\n",
    "null": b"null\n",
    "directive-and-dashes": b"%YAML 1.1\n---\n",
    "tag-directive": b"%TAG !e! tag:example.org,2021:\n---\n",
    "dashes-tilde": b"--- ~\n",
    "dashes-comment": b"--- # nothing yet\n# still nothing\n",
    "document-end": b"---\n...\n",
    "tagged-null": b"!!null ''\n",
}


@pytest.mark.parametrize("raw", NULLS.values(), ids=NULLS.keys())
def test_null_document_is_a_finding(tmp_path: Path, raw: bytes) -> None:
    root = make_repo(tmp_path / "r", {"data/actions/leeg.yaml": raw})
    assert found(root, "data/actions/leeg.yaml") == [("not-a-mapping", 1, 1)]
    r = cli("validate", "--repo", str(root), "--format", "json")
    assert r.exit_code == 1
    assert '"not-a-mapping"' in r.output
    r = cli("validate", "--repo", str(root))
    assert "3 records in 4 files" in r.output, r.output


def test_only_a_directive_is_a_syntax_error(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r", {"data/actions/leeg.yaml": b"%YAML 1.1\n"})
    assert [c for c, _, _ in found(root, "data/actions/leeg.yaml")] == ["yaml-syntax"]


def test_every_record_file_gives_a_record_or_a_finding() -> None:
    rng = random.Random(19)
    pieces = ["---", "...", "~", "null", "%YAML 1.1", "# c", "", "  ", "- x", "a: 1", "!!null"]
    for _ in range(300):
        raw = "\n".join(rng.choice(pieces) for _ in range(rng.randint(0, 4))).encode()
        for rel in (A, T):
            res = load_file(rel, raw, Settings())
            assert res.data is not None or res.problems, raw


def test_null_document_in_history_is_neither_lost_nor_fatal(git_repo: GitRepo) -> None:
    make_repo(git_repo.root)
    git_repo.commit("Begin", "2021-03-01")
    git_repo.commit("Leeg begin", "2021-04-01", {"data/actions/later.yaml": "---\n"})
    git_repo.commit(
        "Ingevuld",
        "2021-05-01",
        {"data/actions/later.yaml": "title: Later\ngoals: [lezen]\nstatus: active\n"},
    )
    git_repo.commit("Weer leeg", "2021-06-01", {"data/actions/later.yaml": "~\n"})
    r = cli("log", "--repo", str(git_repo.root), "--since", "2021-01-01", "--until", "2021-07-01")
    assert r.exit_code == 0, r.output
    assert "later" in r.output
    r = cli("validate", "--repo", str(git_repo.root))
    assert r.exit_code == 1
    assert "not-a-mapping" in r.output


# --------------------------------------------------------------------------- conformance


def _lines(text: str) -> list[str]:
    """The text's lines with their ``\\n`` (a line ends at ``\\n`` only, as in YAML and
    TOML records without other line breaks)."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


def _has(data: Any, path: KeyPath) -> bool:
    for part in path:
        in_list = isinstance(data, list) and isinstance(part, int) and part < len(data)
        if not (in_list or (isinstance(data, dict) and part in data)):
            return False
        data = data[part]
    return True


def first_lines(
    text: str, paths: list[KeyPath], load: Callable[[str], Any], error: type[Exception]
) -> dict[KeyPath, int]:
    """Each path's line, found by parsing growing prefixes: one after the last prefix
    that parses without the path, in the first that parses with it."""
    lines = _lines(text)
    out: dict[KeyPath, int] = {}
    last_good = 0
    for n in range(len(lines) + 1):
        try:
            data = load("".join(lines[:n]))
        except error:
            continue
        for path in paths:
            if path not in out and _has(data, path):
                out[path] = last_good + 1
        last_good = n
    return out


class _Names:
    """Fresh key names in every spelling the format allows; ``raw`` maps each name to
    how it is written (so a key's column can be checked too)."""

    def __init__(self, rng: random.Random, spellings: list[str], decode: Callable[[str], str]):
        self.rng, self.spellings, self.decode = rng, spellings, decode
        self.n = 0
        self.raw: dict[str, str] = {}

    def __call__(self) -> str:
        self.n += 1
        raw = self.rng.choice(self.spellings).format(n=self.n)
        name = self.decode(raw)
        self.raw[name] = raw
        return name


TOML_KEYS = [
    "k{n}",
    "key_{n}-x",
    '"bijzondé {n}"',
    '"caf\\u00e9{n}"',
    '"a.b{n}"',
    '"tab\\t{n}"',
    '"quote\\"{n}"',
    '"中文{n}"',
    "'lit.{n}'",
    "'ñ {n}'",
    "'back\\slash{n}'",
    '"{n}"',
]
TOML_VALUES = [
    '"text with # hash and = sign"',
    "'literal [x] = y'",
    '"""\nmulti\nline = not a key\n[not.a.table]\n"""',
    "'''\nraw\n# not a comment\n[[nor.this]]\n'''",
    '"""ends with "quotes"""""',
    '"""a\\\n   b"""',
    "42",
    "-17",
    "0x1F",
    "1_000",
    "3.14",
    "inf",
    "-0.0",
    "6e-3",
    "true",
    "2021-03-04",
    "1979-05-27T07:32:00Z",
    "1979-05-27 07:32:00",
    "07:32:00",
    "[1, 2, 3]",
    '[\n  "a", # comment ]\n  "b",\n]',
    '[[1, 2], ["x", ]]',
    '[{a = 1}, {b = "x", c.d = 2}]',
    '{ x = 1, y.z = "s", "q é" = [1] }',
    "{}",
    "[]",
]


def _toml_key_text(raw: str) -> str:
    return next(iter(tomllib.loads(f"{raw} = 0")))


def toml_record(rng: random.Random) -> tuple[str, _Names, list[KeyPath]]:
    """A valid TOML text of every shape: keys in every spelling, dotted keys, dotted
    and quoted headers, implicit tables, arrays of tables nested, inline tables and
    multi-line values, comments and blank lines between. With the paths of its keys
    (those not inside a value)."""
    names = _Names(rng, TOML_KEYS, _toml_key_text)
    out: list[str] = []
    paths: list[KeyPath] = []

    def gap() -> None:
        for _ in range(rng.choice([0, 0, 1, 2])):
            out.append(rng.choice(["", "# comment = 1", "  # [fake.header]", "\t"]))

    def ws() -> str:
        return rng.choice(["", "", " ", "  "])

    def keyvals(prefix: KeyPath, n: int) -> None:
        for _ in range(n):
            gap()
            parts = [names() for _ in range(rng.choice([1, 1, 1, 2, 3]))]
            dot = rng.choice([".", ".", " . "])
            key = dot.join(names.raw[p] for p in parts)
            out.append(f"{ws()}{key}{ws()} = {rng.choice(TOML_VALUES)}{rng.choice(['', ' # c'])}")
            for i in range(1, len(parts) + 1):
                paths.append((*prefix, *parts[:i]))

    def header(path: list[str], array: bool) -> str:
        inner = rng.choice([".", " . "]).join(names.raw[p] for p in path)
        return f"[[{ws()}{inner}{ws()}]]" if array else f"[{ws()}{inner}{ws()}]"

    keyvals((), rng.randint(0, 5))
    for _ in range(rng.randint(0, 5)):
        gap()
        shape = rng.choice(["table", "sub", "implicit", "aot", "aot-nested"])
        if shape in ("table", "sub"):
            path = [names() for _ in range(1 if shape == "table" else rng.randint(2, 3))]
            out.append(header(path, False))
            paths += [tuple(path[:i]) for i in range(1, len(path) + 1)]
            keyvals(tuple(path), rng.randint(0, 3))
        elif shape == "implicit":  # [a.b] first, [a] after: a's place is [a.b]
            a, b = names(), names()
            out.append(header([a, b], False))
            paths += [(a,), (a, b)]
            keyvals((a, b), rng.randint(0, 2))
            gap()
            out.append(header([a], False))
            keyvals((a,), rng.randint(0, 2))
        else:
            u = names()
            v = names()
            for i in range(rng.randint(1, 3)):
                gap()
                out.append(header([u], True))
                paths += [(u,), (u, i)]
                keyvals((u, i), rng.randint(0, 2))
                if shape == "aot-nested":
                    for j in range(rng.randint(0, 2)):
                        out.append(header([u, v], True))
                        paths += [(u, i, v), (u, i, v, j)]
                        keyvals((u, i, v, j), rng.randint(0, 2))
    gap()
    return "\n".join(out) + rng.choice(["\n", ""]), names, paths


YAML_KEYS = [
    "k{n}",
    "key_{n}-x",
    "bijzondé{n}",
    '"quoted {n}"',
    '"caf\\u00e9{n}"',
    "'single ''q'' {n}'",
    '"with: colon {n}"',
    "中文{n}",
    "'{n}'",
]
YAML_SCALARS = [
    "word",
    "two words",
    '"a # not a comment"',
    "'x: y'",
    "2021-03-04",
    "42",
    "",
    "text # comment",
    "[a, b]",
    "{a: 1, 'b é': [x, y]}",
    "[a,\n{i}  b,\n{i}  c]",
    "{a: 1,\n{i}  b: 'fake: no'}",
    "first\n{i}  second line\n{i}  third",
    '"first\n{i}  second"',
    "|\n{i}  line\n{i}  fake: key\n\n{i}  more",
    ">-\n{i}  folded\n{i}  - not an item",
]


def _yaml_key_text(raw: str) -> str:
    data = yaml.safe_load(f"{raw}: 0")
    return str(next(iter(data)))


def yaml_record(rng: random.Random) -> tuple[str, _Names, list[KeyPath]]:
    """A valid YAML text: block mappings with keys in every spelling, values plain,
    quoted, multi-line, block scalars, flow collections over lines, nested mappings
    and sequences (of mappings too), comments and blank lines between; no anchors."""
    names = _Names(rng, YAML_KEYS, _yaml_key_text)
    out: list[str] = []
    paths: list[KeyPath] = []
    if rng.random() < 0.2:
        out.append(rng.choice(["---", "%YAML 1.1\n---", "--- # start"]))

    def gap(indent: str) -> None:
        for _ in range(rng.choice([0, 0, 1, 2])):
            out.append(rng.choice(["", "# comment: 1", indent + "# - fake"]))

    def mapping(prefix: KeyPath, indent: str, depth: int, first: str | None = None) -> None:
        for n in range(rng.randint(1, 4)):
            lead = first if (n == 0 and first is not None) else indent
            if not (n == 0 and first is not None):
                gap(indent)
            name = names()
            path = (*prefix, name)
            paths.append(path)
            raw = names.raw[name]
            kind = rng.random() if depth < 3 else 0.0
            if kind < 0.6:
                value = rng.choice(YAML_SCALARS).replace("{i}", indent)
                out.append(f"{lead}{raw}:{' ' if value else ''}{value}")
            elif kind < 0.75:
                out.append(f"{lead}{raw}:")
                mapping(path, indent + "  ", depth + 1)
            elif kind < 0.88:
                out.append(f"{lead}{raw}:")
                dash = indent + rng.choice(["", "  "])
                for _ in range(rng.randint(1, 3)):
                    out.append(f"{dash}- {rng.choice(['item', '2021-01-01', 'x y'])}")
            else:
                out.append(f"{lead}{raw}:")
                dash = indent + "  "
                for i in range(rng.randint(1, 3)):
                    mapping((*path, i), dash + "  ", depth + 1, first=dash + "- ")

    mapping((), "", 0)
    gap("")
    return "\n".join(out) + "\n", names, paths


FORMATS: dict[str, tuple[Callable[[random.Random], Any], Callable[[str], Any], Any]] = {
    "toml": (toml_record, tomllib.loads, tomllib.TOMLDecodeError),
    "yaml": (yaml_record, partial(yaml.load, Loader=yaml.CSafeLoader), yaml.YAMLError),
}


def _node_places(text: str, path: KeyPath) -> tuple[tuple[int, int], tuple[int, int]]:
    """A path's key and value places in PyYAML's node tree (the composer's marks)."""
    node = yaml.compose(text, Loader=yaml.CSafeLoader)
    key_node = None
    for part in path:
        if isinstance(node, yaml.MappingNode):
            key_node, node = next((k, v) for k, v in node.value if k.value == part)
        else:
            assert isinstance(node, yaml.SequenceNode) and isinstance(part, int)
            key_node, node = None, node.value[part]
    value = (node.start_mark.line + 1, node.start_mark.column + 1)
    key = (
        value
        if key_node is None
        else (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
    )
    return key, value


def test_yaml_places_are_the_node_trees() -> None:
    """The event scan gives the places the composer's node tree gives, for keys and
    values, without building the tree."""
    rng = random.Random("yaml-nodes")
    for _ in range(60):
        text, _, paths = yaml_record(rng)
        sample = rng.sample(paths, min(len(paths), 6))
        src = Source("f", "yaml", text)
        src.locate_all([(p, k) for p in sample for k in (True, False)])
        for path in sample:
            key, value = _node_places(text, path)
            assert src.locations[(path, True)] == key, (path, text)
            assert src.locations[(path, False)] == value, (path, text)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_key_is_located_on_the_line_where_it_first_appears(fmt: str) -> None:
    make, load, error = FORMATS[fmt]
    rng = random.Random(f"locations-{fmt}")
    checked = 0
    for _ in range(120):
        text, names, paths = make(rng)
        data = load(text)  # the generator writes valid files only
        top = [(k,) for k in data]
        sample = top + rng.sample(paths, min(len(paths), 8))
        truth = first_lines(text, sample, load, error)
        src = Source("f", fmt, text)
        together = Source("f", fmt, text)  # one scan for all: the same places
        together.locate_all([(p, True) for p in sample])
        lines = _lines(text)
        for path in sample:
            line, col = src.locate(path, key=True)
            assert together.locations[(path, True)] == (line, col)
            assert line == truth[path], (path, text)
            last = path[-1]
            if isinstance(last, str):  # the key as written starts at the column
                assert lines[line - 1][col - 1 :].startswith(names.raw[last]), (path, text)
            checked += 1
    assert checked > 700


@given(
    st.text(alphabet=st.sampled_from(list("ab1 \t\n#=.:-[]{},'\"\\|>&*!%~é")), max_size=120),
    st.sampled_from(["yaml", "toml"]),
)
def test_any_text_gives_places_and_never_an_exception(text: str, fmt: str) -> None:
    src = Source("f", fmt, text)
    requests = [(("a",), True), (("a", 0, "b"), False), (("b", "1"), True)]
    src.locate_all(requests)
    for line, col in (src.locations[r] for r in requests):
        # libyaml puts the end of a text without a final line break on a line of its own
        assert 1 <= line <= text.count("\n") + 2
        assert col >= 1
