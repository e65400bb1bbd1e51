"""views/sandbox.py: a repository's own brief templates render in a sandbox, bounded in
what they may reach and in the time, memory and output they may take (issue #7, issue
17 point 7)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import brief_repo, clean, cli, make_repo

ROOT = Path(__file__).resolve().parent.parent  # this project: its data/ is the example


TEMPLATE = "templates/brief.nl.md.j2"


BIG = "999999999"


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        # work a check refuses before it starts (one step that cannot be interrupted)
        (f"a\n{{{{ '%{BIG}s' % title }}}}\n", 2, f"a width in '%' of {BIG} is more than"),
        (f"{{{{ '%*s' % ({BIG}, 'x') }}}}\n", 1, "a '*' width in '%'"),
        (f"{{{{ '%.{BIG}f' % 1.5 }}}}\n", 1, "a width in '%'"),
        (f"{{{{ '%{BIG}s' | format('x') }}}}\n", 1, "a width in '%'"),
        (f"{{{{ '{{:>{BIG}}}'.format(1) }}}}\n", 1, "a width in format()"),
        ("{{ '{:{w}}'.format(1, w=999999999) }}\n", 1, "a computed width"),
        (f"{{{{ title | center({BIG}) }}}}\n", 1, "a width in center"),
        (f"{{{{ title | indent({BIG}) }}}}\n", 1, "a width in indent"),
        (f"{{{{ title | wordwrap({BIG}) }}}}\n", 1, "a width in wordwrap"),
        (f"{{{{ title.ljust({BIG}) }}}}\n", 1, "a width in ljust()"),
        (f"{{{{ 'x'.zfill({BIG}) }}}}\n", 1, "a width in zfill()"),
        ("{{ ('\\t' * 100000).expandtabs(1000) }}\n", 1, "the result would be"),
        ("{{ ('x' * 999999) * 999 }}\n", 1, "repeating a value 999 times"),
        ("{{ ('x' * 999999) | replace('x', 'yyyyyyyyyyyyyyyyyyyy') }}\n", 1, "the result would"),
        ("{{ ('x' * 999999).replace('x', 'yyyyyyyyyyyyyyyyyyyy') }}\n", 1, "the result would"),
        ("{{ (['x' * 999999] * 100) | join }}\n", 1, "the result would be"),
        ("{{ ''.join(['x' * 999999] * 100) }}\n", 1, "the result would be"),
        ("{% set s = 'x' * 999999 %}{{ s + s + s + s + s + s + s + s + s + s + s }}\n", 1,
         "the result would be"),
        ("{{ [1] | batch(999999999, 'x') | list }}\n", 1, "batches of 999,999,999"),
        ("{% set ns = namespace(x=2 ** 1000) %}{% for i in range(40) %}"
         "{% set ns.x = ns.x * ns.x %}{% endfor %}{{ ns.x }}\n", 1, "more than 100,000 bits"),
        ("{{ (2 ** 1000) ** 1000 }}\n", 1, "more than 100,000 bits"),
        # work that runs step by step: the time limit
        ("a\n{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n",
         2, "the template took more than 1 seconds"),
        ("{% macro m(n) %}{% if n %}{{ m(n - 1) }}{{ m(n - 1) }}{% endif %}{% endmacro %}"
         "{{ m(60) }}\n", 1, "the template took more than 1 seconds"),
        ("{{ lipsum(999999999) }}\n", 1, "the template took more than 1 seconds"),
        # the output limit, and the memory limit for what is built step by step
        ("{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}\n", None,
         "the brief would be longer than 10,000,000 characters"),
        ("{% set ns = namespace(s='x' * 999999) %}{% for i in range(40) %}"
         "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s | length }}\n", 1,
         "template error: the template "),  # uses too much memory, or took too long
    ],
    ids=[
        "percent-width", "percent-star", "percent-precision", "format-filter", "str-format",
        "str-format-nested", "center", "indent", "wordwrap", "ljust", "zfill", "expandtabs",
        "repeat-chain", "replace-filter", "replace-method", "join-filter", "join-method",
        "plus-chain", "batch", "int-squaring", "int-power", "nested-range",
        "exponential-macro", "lipsum", "output-size", "concat-doubling",
    ],
)  # fmt: skip
def test_runaway_templates_are_bounded(
    tmp_path: Path, body: str, line: int | None, message: str
) -> None:
    """Whatever the construct: exit 2 with the template's file and line, a message
    naming the limit, a hint, nothing on stdout; well within the time limit (1 s
    here, through AGENDA_TEMPLATE_SECONDS) plus the start of a process."""
    import time

    root = make_repo(tmp_path / "r", {TEMPLATE: body})
    start = time.perf_counter()
    res = cli("brief", "--since", "2021-01-01", cwd=root, env={"AGENDA_TEMPLATE_SECONDS": "1"})
    took = time.perf_counter() - start
    assert res.exit_code == 2, res.output
    assert res.stdout == ""
    first = res.stderr.splitlines()[0]
    assert first.startswith(f"error: {root / TEMPLATE}:"), res.stderr
    where = f":{line}: " if line else ": "  # the output's size has no line
    assert first.startswith(f"error: {root / TEMPLATE}{where}template error: "), first
    assert message in first, first
    assert "hint:" in res.stderr and "Traceback" not in res.output
    assert took < 8, took


def test_repository_template_renders_as_before(tmp_path: Path) -> None:
    """A repository's copy of the built-in template (rendered in a bounded process)
    gives the same bytes as the built-in one (rendered in this one)."""
    g = brief_repo(tmp_path, "")
    builtin = cli("brief", "--since", "2021-06-01", cwd=g.root)
    (g.root / "templates").mkdir()
    (g.root / TEMPLATE).write_text((ROOT / "templates/brief.nl.md.j2").read_text())
    own = cli("brief", "--since", "2021-06-01", cwd=g.root)
    assert own.exit_code == builtin.exit_code == 0
    assert own.stdout == builtin.stdout and "tien bibliotheken" in own.stdout


def test_template_error_inside_the_bounded_process_keeps_file_and_line(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r", {TEMPLATE: "een\ntwee\n{{ nergens }}\n"})
    res = cli("brief", "--since", "2021-01-01", cwd=root)
    assert res.exit_code == 2
    assert res.stderr.startswith(f"error: {root / TEMPLATE}:3: template error: 'nergens' is")


SECRET = "GEHEIM-BUITEN-DE-REPOSITORY"


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        (
            "Kop\n{{ ''.__class__.__mro__ }}\n",
            2,
            "access to attribute '__class__' of 'str' object is unsafe",
        ),
        (
            "a\nb\n{{ cycler.__init__.__globals__ }}\n",
            3,
            "access to attribute '__init__' of 'type' object is unsafe",
        ),
        (
            "{{ self._TemplateReference__context }}\n",
            1,
            "access to attribute '_TemplateReference__context' of 'TemplateReference' object "
            "is unsafe",
        ),
        (
            "{{ title|attr('__class__') }}\n",
            1,
            "access to attribute '__class__' of 'str' object is unsafe",
        ),
        ("x\n{% include '/etc/passwd' %}\n", 2, "template '/etc/passwd' not found"),
        ("x\n\n{% include '../../outside.j2' %}\n", 3, "template '../../outside.j2' not found"),
        ("{% extends '../outside.j2' %}\n", 1, "template '../outside.j2' not found"),
        ("x\n{% import '/etc/hostname' as h %}\n", 2, "template '/etc/hostname' not found"),
        # a template that would take all memory, or recurse for ever
        (
            "a\n{{ 'x' * 10**8 }}\n",
            2,
            "repeating a value 100000000 times would make more than 1,000,000 items",
        ),
        ("{{ [1] * 10**8 }}\n", 1, "repeating a value 100000000 times"),
        ("{{ 2 ** 100000 }}\n", 1, "the exponent 100000 is too large"),
        ("{% include 'brief.nl.md.j2' %}\n", 1, "maximum recursion depth exceeded"),
        ("{% macro m() %}{{ m() }}{% endmacro %}\n{{ m() }}\n", 1, "maximum recursion depth"),
        ("regel een\n{% for x in %}\n", 2, "Expected an expression"),
    ],
    ids=[
        "mro",
        "globals",
        "self-context",
        "attr-filter",
        "include-absolute",
        "include-outside",
        "extends-outside",
        "import-absolute",
        "string-bomb",
        "list-bomb",
        "power-bomb",
        "include-itself",
        "macro-recursion",
        "syntax-error",
    ],
)
def test_hostile_repository_template(tmp_path: Path, body: str, line: int, message: str) -> None:
    (tmp_path / "outside.j2").write_text(SECRET + "\n")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "outside.j2").write_text(SECRET + "\n")
    root = make_repo(tmp_path / "a" / "b" / "r", {TEMPLATE: body})
    r = clean(cli("brief", "--since", "2021-01-01", cwd=root), 2)
    assert r.stdout == ""
    first = r.stderr.splitlines()[0]
    assert first.startswith(f"error: {root / TEMPLATE}:{line}: template error: "), r.stderr
    assert message in first
    assert SECRET not in r.output and "root:" not in r.output
    assert "hint:" in r.stderr


def test_harmless_arithmetic_still_works_in_templates(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r", {TEMPLATE: "{{ 'ab' * 3 }} {{ 3 * [0] }} {{ 2 ** 10 }}\n"})
    r = clean(cli("brief", "--since", "2021-01-01", cwd=root), 0)
    assert r.stdout == "ababab [0, 0, 0] 1024\n"
