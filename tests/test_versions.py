"""records/versions.py: many versions of record files, parsed piece by piece, give what
the whole-file readers give (values, types, key order and findings)."""

from __future__ import annotations

import random

import pytest

from netwerkagenda.records.source import PARSERS
from netwerkagenda.records.versions import VersionReader
from tests.conftest import PROJECT_ROOT
from tests.test_fastread import _toml_doc, _yaml_doc, same


def agrees(reader: VersionReader, fmt: str, text: str) -> bool:
    """Assert the reader gives what the whole-file reader gives; whether it took the
    text in pieces."""
    whole = PARSERS[fmt](text, f"f.{fmt}")
    got = reader.parse(fmt, text, f"f.{fmt}")
    assert got.problems == whole.problems, text
    assert same(got.data, whole.data), (text, got.data, whole.data)
    pieces = reader._yaml(text) if fmt == "yaml" else reader._toml(text)
    return pieces is not None


def _edits(rng: random.Random, fmt: str, text: str, n: int) -> list[str]:
    """Versions of a text as they grow in a history: lines appended, changed, removed."""
    out = [text]
    lines = text.split("\n")
    extra = {
        "yaml": ["  - date: 2021-03-04", "    text: Nog een notitie", "status: active", "- x"],
        "toml": ["[[updates]]", "date = 2021-03-04", 'text = "Nog een"', "[budget]", "a = 1"],
    }[fmt]
    for _ in range(n):
        i = rng.randrange(len(lines) + 1)
        op = rng.randrange(3)
        if op == 0:
            lines.insert(i, rng.choice(extra))
        elif op == 1 and lines:
            lines[min(i, len(lines) - 1)] += rng.choice(["", " x", ":", '"'])
        elif lines:
            del lines[min(i, len(lines) - 1)]
        out.append("\n".join(lines))
    return out


@pytest.mark.parametrize("fmt", ["yaml", "toml"])
def test_generated_files_and_their_versions(fmt: str) -> None:
    rng = random.Random(2026 if fmt == "yaml" else 2027)
    reader = VersionReader()  # one reader for all: pieces of one file meet another's
    taken = 0
    for _ in range(1500):
        doc = _yaml_doc(rng) if fmt == "yaml" else _toml_doc(rng)
        for version in _edits(rng, fmt, doc, 4):
            taken += agrees(reader, fmt, version)
    assert taken > 250  # the pieces path is exercised, not only the fallback


def test_the_bench_styles_and_the_embedded_records() -> None:
    import sys

    sys.path.insert(0, str(PROJECT_ROOT / "bench"))
    try:
        import generate
    finally:
        sys.path.remove(str(PROJECT_ROOT / "bench"))
    reader = VersionReader()
    files = {str(p): p.read_text("utf-8") for p in sorted((PROJECT_ROOT / "data").glob("*/*"))}
    files.update({str(k): v for k, v in generate.records(300, seed=5, styles="mix").items()})
    taken = 0
    for rel, text in files.items():
        fmt = "toml" if rel.endswith(".toml") else "yaml"
        taken += agrees(reader, fmt, text)
        # a note appended and a status changed, as a history does
        if fmt == "yaml":
            later = text.replace("status: planned", "status: active") + (
                "" if "updates:" not in text else "  - date: 2022-01-01\n    text: Verder.\n"
            )
        else:
            later = text + '\n[[updates]]\ndate = 2022-01-01\ntext = "Verder."\n'
        taken += agrees(reader, fmt, later)
    assert taken > len(files)  # most files and their later versions went in pieces


@pytest.mark.parametrize(
    ("fmt", "text"),
    [
        # a key twice, in separate fields: the whole-file reader reports it
        ("yaml", "title: a\nstatus: active\ntitle: b\n"),
        ("yaml", "updates:\n  - a\nupdates:\n  - b\n"),
        # a quoted scalar over lines that look like fields
        ("yaml", 'title: "een\nstatus: active"\n'),
        ("yaml", "---\ntitle: a\n---\nstatus: b\n"),
        ("yaml", "title: &x a\nowner: *x\n"),
        ("yaml", "title: a\n  status: b\n"),
        ("yaml", "updates:\n  - a\n - b\n"),
        ("yaml", "updates:\n- a\n- b\nstatus: x\n"),
        ("yaml", "# kop\n\ntitle: a\n"),
        ("yaml", "  title: a\n"),
        ("toml", "[a]\nx = 1\n[a]\ny = 2\n"),
        ("toml", "a = 1\n[a]\nx = 1\n"),
        ("toml", "[[u]]\nx = 1\n[b]\ny = 1\n[[u]]\nx = 2\n"),
        ("toml", "[[u]]\nx = 1\n[[u]]\nx = 2\n"),
        ("toml", 't = """\n[a]\nx = 1\n"""\n'),
        ("toml", "t = [\n[1],\n]\n"),
        ("toml", "a.b = 1\n[a]\nc = 1\n"),
        ("toml", '[ "q" ]\nx = 1\n'),
        ("toml", "x = 1\n  y = 2\n"),
    ],
)
def test_edges_read_as_the_whole_file_reader_reads_them(fmt: str, text: str) -> None:
    reader = VersionReader()
    agrees(reader, fmt, text)
    agrees(reader, fmt, text)  # and again, from what it kept


def test_a_piece_seen_before_is_not_shared_between_versions() -> None:
    reader = VersionReader()
    a = reader.parse("yaml", "tags:\n  - a\n  - b\ntitle: x\n", "f.yaml").data
    assert a is not None
    a["tags"].append("changed")
    b = reader.parse("yaml", "tags:\n  - a\n  - b\ntitle: y\n", "f.yaml").data
    assert b == {"tags": ["a", "b"], "title": "y"}
