"""Fuzzing the parsers that read what users type: --where, --sort, --since/--until.

Each target either gives a value or raises UsageError (exit 2); nothing else escapes,
and nothing hangs. Run longer with HYPOTHESIS_PROFILE=long (see the README)."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netwerkagenda.cli.app import OPTIONS
from netwerkagenda.errors import AgendaError
from netwerkagenda.history.when import AtRevision, LastBrief, OnDate, parse_when
from netwerkagenda.records.repository import load_repo
from netwerkagenda.views.query import parse_condition, parse_sort, query
from tests.helpers import make_repo

TODAY = dt.date(2021, 9, 20)
FIELDS = st.sampled_from(
    [
        "status",
        "due",
        "title",
        "goals",
        "progress",
        "budget.amount",
        "updates.date",
        "x-eigen",
        "tags",
        "group",
        "nonsense",
        "",
        "due.x",
    ]
)
OPS = st.sampled_from(["=", "!=", "<", "<=", ">", ">=", "~", "==", "=~", "<>", " ", ""])
VALUES = st.text(max_size=30) | st.sampled_from(
    [
        "active",
        "2021-09-20",
        "today+30",
        "today-1",
        "50",
        "-1e309",
        "(a+)+$",
        "(a|aa)*b",
        "a{1,99999}",
        "\\1",
        "[",
        "lezen",
        "nan",
        "inf",
        "1" * 400,
    ]
)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = make_repo(
        tmp_path_factory.mktemp("fuzz") / "r",
        {"data/actions/lang.yaml": "title: " + "a" * 3000 + "!\ngoals: [lezen]\nstatus: active\n"},
    )
    return load_repo(root)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=FIELDS, op=OPS, value=VALUES)
def test_where_parses_or_says_why(repo, field: str, op: str, value: str) -> None:  # type: ignore[no-untyped-def]
    expr = f"{field}{op}{value}"
    start = time.perf_counter()
    try:
        found = query(repo, "actions", where=[expr], today=TODAY)
    except AgendaError as exc:
        assert exc.exit_code == 2 and exc.message
    else:
        assert all(r.kind == "action" for r in found)
    assert time.perf_counter() - start < 2


@given(st.text(max_size=60))
def test_where_free_text(expr: str) -> None:
    try:
        cond = parse_condition("action", expr, today=TODAY)
    except AgendaError as exc:
        assert exc.exit_code == 2
    else:
        assert cond.op in ("=", "!=", "<", "<=", ">", ">=", "~")


@given(st.text(max_size=40))
def test_sort_parses_or_says_why(spec: str) -> None:
    try:
        keys = parse_sort("action", spec)
    except AgendaError as exc:
        assert exc.exit_code == 2
    else:
        assert isinstance(keys, list)


WHEN_WORDS = st.sampled_from(
    [
        "today",
        "yesterday",
        "last",
        "ago",
        "geleden",
        "weeks",
        "months",
        "days",
        "years",
        "4",
        "99999",
        "a",
        "HEAD",
        "HEAD~3",
        "brief/2021-09-20",
        "..",
        "-",
        "@{",
        "2021-02-30",
        "2021-09-20",
        "0000-01-01",
        "9999-12-31",
        " ",
    ]
)


@given(st.lists(WHEN_WORDS, max_size=4).map(" ".join) | st.text(max_size=40))
def test_since_parses_or_says_why(value: str) -> None:
    try:
        when = parse_when(value, TODAY)
    except AgendaError as exc:
        assert exc.exit_code == 2 and exc.message.startswith("period start")
        assert exc.worded(OPTIONS)[0].startswith("--since")  # as the CLI says it
    else:
        assert isinstance(when, OnDate | AtRevision | LastBrief)
        if isinstance(when, OnDate):
            assert when.date <= TODAY or value.strip()[:1].isdigit()


def test_fuzz_targets_cover_the_hostile_classics(repo) -> None:  # type: ignore[no-untyped-def]
    # the regex bombs run in linear time (RE2); what RE2 cannot run is refused
    for bomb in ("title~(a+)+$", "title~(a|aa)*!", "title~(.*a){20}", "title~a*a*a*b"):
        start = time.perf_counter()
        found = query(repo, "actions", where=[bomb], today=TODAY)
        assert {r.id for r in found} <= {"lang"}
        assert time.perf_counter() - start < 1
    with pytest.raises(AgendaError):
        query(repo, "actions", where=["title~(a)\\1"], today=TODAY)
    assert parse_when("4 weeks ago", TODAY) == OnDate(dt.date(2021, 8, 23))
    with pytest.raises(AgendaError):
        parse_when("99999 years ago", TODAY)


def test_long_profile_is_available() -> None:
    assert settings.get_profile("long").max_examples >= 10_000
    assert Path(__file__).name == "test_fuzz.py"
