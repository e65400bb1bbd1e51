"""The word tables: one per language, both saying the same things."""

from __future__ import annotations

import re
import string
import subprocess
import sys
from pathlib import Path

from netwerkagenda import i18n
from netwerkagenda.i18n import en, nl

PACKAGE = Path(i18n.__file__).resolve().parents[1]


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def test_both_languages_have_the_same_sections_keys_and_placeholders() -> None:
    assert list(nl.WORDS) == list(en.WORDS)
    for section, dutch in nl.WORDS.items():
        english = en.WORDS[section]
        assert list(dutch) == list(english), section
        for key, word in dutch.items():
            assert word and english[key], (section, key)
            assert _placeholders(word) == _placeholders(english[key]), (section, key)


def test_the_months_run_from_1_to_12() -> None:
    assert list(nl.WORDS["months"]) == [str(n) for n in range(1, 13)]
    assert i18n.month_name(9, "nl") == "september"
    assert i18n.month_name(9, "en") == "September"


def test_a_language_agenda_does_not_speak_reads_english() -> None:
    assert i18n.words("de", "statuses") is en.WORDS["statuses"]
    assert i18n.status_label("active", "de") == "in progress"
    assert i18n.status_label("active", "nl") == "in uitvoering"
    assert i18n.kind_label("goal", "nl") == "doel"
    assert i18n.field_word("owner", "nl") == "eigenaar"
    assert i18n.field_word("owner", "en") == "owner"


def test_no_word_table_outside_i18n() -> None:
    """Words keyed by language live in the tables only."""
    table = re.compile(r'^\s*"(nl|en)": [{(\[]', re.MULTILINE)
    found = [
        p.relative_to(PACKAGE).as_posix()
        for p in PACKAGE.rglob("*.py")
        if p.parent.name not in ("i18n", "_compiled") and table.search(p.read_text("utf-8"))
    ]
    assert found == []


def test_importing_i18n_loads_no_table() -> None:
    """A command that shows no words (``validate``) pays for no table."""
    code = (
        "import sys, netwerkagenda.i18n as i\n"
        "assert not {'netwerkagenda.i18n.nl', 'netwerkagenda.i18n.en'} & set(sys.modules)\n"
        "i.status_label('done', 'nl')\n"
        "assert 'netwerkagenda.i18n.nl' in sys.modules\n"
        "assert 'netwerkagenda.i18n.en' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_dutch_sum_names_its_kinds_in_the_plural() -> None:
    from netwerkagenda.cli.cmd_list import sum_line
    from netwerkagenda.views.query import Total

    totals = [Total("EUR", 40000, 2), Total("USD", 5000, 1)]
    assert sum_line("budget.amount", totals, "group", "nl") == (
        "Som van budget.amount: € 40.000 (2 groepen) · USD 5.000 (1 groep) — valuta's niet opgeteld"
    )
    assert sum_line("x", [], "goal", "nl") == "Som van x: geen waarden"
    assert sum_line("x", [Total(None, 3, 3)], "goal", "en") == "Sum of x: 3 (3 goals)"
