"""The fast readers give exactly what the full parsers give, or step aside.

Files are generated from fragments chosen to sit on the edges of the plain subset (YAML
1.1 resolution of yes/no/on, octal and sexagesimal numbers, impossible dates, comments
and quotes in odd places, indentation that changes, TOML table redefinitions, ...). For
each, the fast reader either declines (``None``) or gives the full parser's value, with
the same types, key order and no findings; the full parser having errors means the
fast reader must decline.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netwerkagenda.records import fastread
from netwerkagenda.records.parsed import Parsed
from netwerkagenda.records.toml_read import parse_toml_full
from netwerkagenda.records.yaml_read import parse_yaml_full, plain_value
from tests.conftest import PROJECT_ROOT


def same(a: Any, b: Any) -> bool:
    """Equal values of the same types (``1 == True`` and ``1 == 1.0`` are not alike)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def _agrees(text: str, fast: Any, full: Callable[[str, str], Parsed], name: str) -> bool:
    """Whether the fast reader took the file (asserting it agrees with the full one
    when it did)."""
    if fast is None:
        return False
    parsed = full(text, name)
    assert parsed.problems == [], (text, parsed.problems)
    assert same(fast, parsed.data), (text, fast, parsed.data)
    return True


def check_yaml(text: str) -> bool:
    return _agrees(text, fastread.yaml(text, plain_value), parse_yaml_full, "f.yaml")


def check_toml(text: str) -> bool:
    return _agrees(text, fastread.toml(text), parse_toml_full, "f.toml")


# --------------------------------------------------------------------------- YAML

Y_KEYS = ["title", "status", "a-b", "_x", "Titel", "yes", "No", "on", "null", "y", "x1"]
Y_VALUES = [
    "active",
    "Leesoffensief 2021",
    "yes",
    "No",
    "ON",
    "off",
    "y",
    "~",
    "null",
    "Null",
    "12",
    "-5",
    "+3",
    "012",
    "0o12",
    "0x1F",
    "1_000",
    "1:20",
    "10:30",
    "1.5",
    ".5",
    "1e3",
    "6.8523015e+5",
    ".nan",
    ".inf",
    "-.inf",
    "2021-01-12",
    "2021-02-30",
    "2021-1-2",
    "2001-12-14t21:59:43.10-05:00",
    "2001-12-14 21:59:43",
    "https://example.org/a?b=1",
    "a#b",
    "a #b",
    "a: b",
    "a:",
    "a:b",
    "- a",
    "-a",
    "=",
    "<<",
    "&a x",
    "*a",
    "!tag x",
    "!!str 5",
    "|",
    "|-",
    ">",
    "'quoted'",
    "'it''s'",
    "' x '",
    '"dq"',
    '"with \\" esc"',
    '"a\\nb"',
    '"tab\there"',
    "[a, b]",
    "[POI's, KB]",
    "[a, 'b']",
    '["doel-1", "doel-2"]',
    "['doel-1', doel-2]",
    '["a, b", c]',
    "[\"a\" , 'b' ]",
    '["a",]',
    '["a" b]',
    "['it''s']",
    '["x": 1]',
    '["a\\"b"]',
    "[]",
    "[ ]",
    "[a,,b]",
    "[a, b,]",
    "[1, yes, 2021-01-01]",
    "{a: 1}",
    "[a, [b]]",
    "Één",
    "a, b",
    "a  b",
    "%x",
    "@x",
    "`x",
    "?x",
    "? x",
    ":x",
    "x # comment",
    "'q' # c",
    '"q" #c',
    "[a] # c",
    "#c",
    "€ 95 miljoen",
    "a\u00a0b",
    "café",
    "x\u2028y",
    "x\x85y",
    "x\ty",
    "'",
    '"',
    "a'",
    'a"',
]
Y_BLOCK = [
    "Een regel.",
    "Een regel.",
    "  ingesprongen",
    "# geen commentaar",
    "",
    "",
    "- geen lijst",
    "a: b",
    "spatie na ",
]


Y_NICE = [
    "active",
    "Leesoffensief 2021",
    "12",
    "2021-01-12",
    "'quoted'",
    '"dq"',
    "[a, b]",
    '["a", "b"]',
    "['a']",
]
# the first line of a double-quoted scalar that goes on, and lines that may follow
Y_DQ_FIRST = ['"Een', '"Een ', '"a: b', '"# x', '"- x', '"\\x', '"']
Y_DQ_NEXT = ["twee", "  drie ", "", " ", "# vier", "- vijf", 'zes"', 'zes" # c', 'zes" x', '""']


def _yaml_doc(rng: random.Random) -> str:
    """Mostly well-formed records (keys, nested mappings, lists of mappings, blocks)
    with a fragment from the edges here and there."""

    def value() -> str:
        return rng.choice(Y_NICE if rng.random() < 0.6 else Y_VALUES)

    def indent(base: int) -> str:
        return " " * (base if rng.random() < 0.9 else rng.choice([0, 1, 3, 5]))

    lines = []
    for _ in range(rng.randint(1, 7)):
        k = rng.choice(Y_KEYS if rng.random() < 0.3 else Y_KEYS[:5])
        form = rng.randrange(8)
        if form == 0:  # a nested mapping
            lines.append(f"{k}:")
            for _ in range(rng.randint(0, 3)):
                lines.append(f"{indent(2)}{rng.choice(Y_KEYS)}: {value()}")
        elif form == 1:  # a list of scalars, at the key's column or further right
            lines.append(f"{k}:")
            base = rng.choice([0, 2])
            for _ in range(rng.randint(0, 3)):
                lines.append(f"{indent(base)}- {value()}")
        elif form == 2:  # a list of mappings
            lines.append(f"{k}:")
            for _ in range(rng.randint(1, 3)):
                lines.append(f"{indent(2)}- {rng.choice(Y_KEYS)}: {value()}")
                lines.append(f"{indent(4)}{rng.choice(Y_KEYS)}: {value()}")
        elif form == 3:  # a block
            lines.append(f"{k}: {rng.choice(['|', '|', '|-', '>', '>', '>-'])}")
            for _ in range(rng.randint(0, 3)):
                lines.append(indent(2) + rng.choice(Y_BLOCK))
        elif form == 4:
            lines.append(rng.choice(["", "# c", "  # c", "---", "...", "-", "  -", " "]))
        elif form == 5:  # a double-quoted scalar over several lines
            lines.append(f"{k}: {rng.choice(Y_DQ_FIRST)}")
            for _ in range(rng.randint(0, 3)):
                lines.append(indent(2) + rng.choice(Y_DQ_NEXT))
            lines.append(indent(2) + rng.choice(['eind"', '"', 'eind" # c']))
        else:
            lines.append(f"{k}: {value()}")
    if rng.random() < 0.1:
        lines.insert(0, rng.choice(["---", "--- # c", "---\n---", "# c\n---"]))
    return "\n".join(lines) + rng.choice(["\n", "", "\n\n", "  \n"])


def test_yaml_fast_reader_agrees_with_libyaml() -> None:
    rng = random.Random(20211)
    docs = [_yaml_doc(rng) for _ in range(4000)]
    taken = [doc for doc in docs if check_yaml(doc)]
    assert 250 < len(taken) < 3600  # both ways are exercised
    # and so is each form the reader serves beyond one-line scalars
    for form in (": >\n", ': "Een\n', "---\n", ': ["', ": ['", ": |\n"):
        assert any(form in doc for doc in taken), form


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([0, 0, 2, 4, 1, 3]),
            st.sampled_from(Y_KEYS),
            st.sampled_from([*Y_VALUES, None]),
            st.sampled_from(["k", "-", "-k"]),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_yaml_fast_reader_agrees_on_generated_structures(
    rows: list[tuple[int, str, str | None, str]],
) -> None:
    lines = []
    for ind, k, v, form in rows:
        rest = f" {v}" if v is not None else ""
        head = {"k": f"{k}:", "-": "-", "-k": f"- {k}:"}[form]
        body = rest if form != "-" or v is not None else ""
        lines.append(" " * ind + head + body)
    check_yaml("\n".join(lines) + "\n")


@pytest.mark.parametrize(
    "text",
    [
        "yes: 1\n",
        "a: b: c\n",
        "a: |-\n  x\n",
        "a: 'it''s'\n",
        "a: 1\na: 2\n",
        "a:\n\t- 1\n",
        "a: x\n  y\n",
        "- a\n",
        "a: &x 1\nb: *x\n",
        "a: !!binary aGk=\n",
        "<<: {a: 1}\n",
        "a: =\n",
        "---\na: 1\n---\nb: 2\n",
        "a: 1\n...\n",
        "",
        "# only a comment\n",
    ],
)
def test_yaml_outside_the_subset_goes_to_libyaml(text: str) -> None:
    assert fastread.yaml(text, plain_value) is None


def test_yaml_values_of_the_subset() -> None:
    text = (
        "title: Leesoffensief  # kop\n"
        "status: 'active'\n"
        "goals: [lezen, 2021-01-01, yes]\n"
        "done: 2021-02-30\n"
        "progress: 012\n"
        "budget:\n  amount: 95_000_000\n  currency: EUR\n"
        "updates:\n- date: 2021-06-24\n  text: |\n    Regel een.\n\n    # regel twee\n\n"
        "  author:\n"
        "tags:\n  - a\n  -\n"
    )
    assert check_yaml(text)
    data = fastread.yaml(text, plain_value)
    assert data is not None
    assert data["goals"][2] is True and data["done"] == "2021-02-30"
    assert data["progress"] == "012" and data["budget"]["amount"] == 95_000_000
    assert data["updates"] == [
        {"date": dt.date(2021, 6, 24), "text": "Regel een.\n\n# regel twee\n", "author": None}
    ]
    assert data["tags"] == ["a", None]


# --------------------------------------------------------------------------- TOML

T_KEYS = ["title", "status", "a-b", "_x", "1", "true", "updates", "budget"]
T_VALUES = [
    '"Leesoffensief"',
    '""',
    "'lit'",
    "''",
    '"a\\"b"',
    '"a\\nb"',
    "'a\\b'",
    '"tab\there"',
    "12",
    "-5",
    "+3",
    "0",
    "-0",
    "012",
    "1_000",
    "0x1F",
    "99999999999999999999",
    "1.5",
    "nan",
    "inf",
    "true",
    "false",
    "True",
    "2021-01-12",
    "2021-02-30",
    "2021-1-2",
    "2021-01-12T10:00:00",
    "2021-01-12 10:00:00",
    "10:30:00",
    "[]",
    "[ ]",
    '["a", "b"]',
    '["a", "b",]',
    "[,]",
    "[1, 'x', true]",
    "[[1], 2]",
    "{a = 1}",
    '"x" # c',
    "x",
    '"""a"""',
    "'''a'''",
    '"#"',
    '"a" b',
    "[ 1 ,2 ]",
    "{a = 1}",
    '{a = 1, b = "x", c = 2021-01-12}',
    "{}",
    "{ }",
    "{a = 1,}",
    "{a = 1, a = 2}",
    "{a.b = 1}",
    "{a = [1]}",
    "{a = {b = 1}}",
    "[{a = 1}, {b = 'x'}]",
    "[{a = 1}, 2]",
    "'''lit'''",
    "{a = 1}",
    '{a = 1, b = "x", c = 2021-01-12}',
    "{}",
    "{ }",
    "{a = 1,}",
    "{a = 1, a = 2}",
    "{a.b = 1}",
    "{a = [1]}",
    "{a = {b = 1}}",
    "[{a = 1}, {b = 'x'}]",
    "[{a = 1}, 2]",
]


T_ARRAY_LINES = ["  1,", '  "a",', "  {a = 1},", "  2", "  # c", "", "  3, # c", "[", "a = 1"]


def _toml_doc(rng: random.Random) -> str:
    lines = []
    for _ in range(rng.randint(1, 9)):
        ind = rng.choice(["", "", "", " ", "\t"])
        k, v = rng.choice(T_KEYS), rng.choice(T_VALUES)
        form = rng.randrange(10)
        if form == 0:
            lines.append(f"{ind}[{k}]")
        elif form == 1:
            lines.append(f"{ind}[[{k}]]")
        elif form == 2:
            lines.append(rng.choice(["", "# c", "  # c", "[ a ]", "[[ a ]]", "a.b = 1", "=1"]))
        elif form == 3 and rng.random() < 0.3:  # a literal string over several lines
            lines.append(f"{k} = '''")
            for _ in range(rng.randint(0, 2)):
                lines.append(rng.choice(["regel", "een 'citaat'", "", "a\\", "x\ty", "'''x"]))
            lines.append(rng.choice(["'''", "eind'''", "eind''''", "''' # c", "''' x"]))
        elif form == 4:  # an array over several lines
            lines.append(f"{k} = [{rng.choice(['', '', ' # c', ' 1,', ' 1'])}")
            for _ in range(rng.randint(0, 3)):
                lines.append(rng.choice(T_ARRAY_LINES))
            lines.append(rng.choice(["]", "]", "  ] # c", "], 1", "]]"]))
        elif form == 3:
            lines.append(f'{k} = """')
            for _ in range(rng.randint(0, 2)):
                lines.append(rng.choice(["regel", 'een "citaat"', "", "a\\", "x\ty"]))
            lines.append(rng.choice(['"""', 'eind"""', 'eind""""', '""" # c', '""" x']))
        else:
            lines.append(f"{ind}{k}{rng.choice([' = ', '=', '  =  '])}{v}")
    return "\n".join(lines) + rng.choice(["\n", ""])


def test_toml_fast_reader_agrees_with_tomllib() -> None:
    rng = random.Random(20212)
    docs = [_toml_doc(rng) for _ in range(4000)]
    taken = [doc for doc in docs if check_toml(doc)]
    assert 400 < len(taken) < 3600
    for form in ("= '''\n", '= """\n', "= [\n", "= {a = 1", "[{a = 1}"):
        assert any(form in doc for doc in taken), form


@pytest.mark.parametrize(
    "text",
    [
        "[a]\n[a]\n",
        "a = 1\n[a]\n",
        "[a]\n[[a]]\n",
        "a = [1]\n[[a]]\n",
        "a = 1\na = 2\n",
        "a = 2021-02-30\n",
        "a = 99999999999999999999\n",
        "a = 1\r\n",
        'a = """x\\\ny"""\n',
    ],
)
def test_toml_outside_the_subset_goes_to_tomllib(text: str) -> None:
    assert fastread.toml(text) is None


# --------------------------------------------------------------------------- real files


def test_embedded_and_bench_shaped_records() -> None:
    """Every embedded record file the fast readers take agrees; the bench's generated
    records (the shape the timings are about) are all taken."""
    import sys

    for path in sorted((PROJECT_ROOT / "data").glob("*/*")):
        text = path.read_text("utf-8")
        (check_toml if path.suffix == ".toml" else check_yaml)(text)
    sys.path.insert(0, str(PROJECT_ROOT / "bench"))
    try:
        import generate
    finally:
        sys.path.remove(str(PROJECT_ROOT / "bench"))
    for styles in ("plain", "mix"):
        files = generate.records(300 if styles == "mix" else 60, seed=3, styles=styles)
        assert files
        for rel, text in files.items():
            assert (check_toml if str(rel).endswith(".toml") else check_yaml)(text), rel
