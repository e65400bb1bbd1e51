"""What an edit tells the user besides writing: new warnings, refused no-ops."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import cli, make_repo

A = "data/actions/leesoffensief.yaml"
BODY = "title: Leesoffensief\ngoals: [lezen]\nstatus: active\nprogress: 20\ntags: [lezen]\n"


def test_update_dated_after_today_warns(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r", {A: BODY})
    r = cli("update", "leesoffensief", "Later.", "--date", "2021-10-01", "--repo", str(root))
    assert r.exit_code == 0
    assert "warning update-in-future update dated 2021-10-01, after today (2021-09-20)" in r.stderr
    assert r.stdout == f"updated {A}\n"


def test_an_edit_does_not_repeat_warnings_that_were_there(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r", {A: BODY + "due: 2021-09-01\n"})  # overdue already
    r = cli("set", "leesoffensief", "owner=KB", "--repo", str(root))
    assert r.exit_code == 0
    assert r.stderr == ""


def test_done_makes_progress_complete(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r", {A: BODY})
    r = cli("done", "leesoffensief", "--date", "2021-09-01", "--repo", str(root))
    assert r.exit_code == 0, r.output
    text = (root / A).read_text()
    assert "status: done\n" in text
    assert "progress: 100\n" in text
    assert "done: 2021-09-01\n" in text


def test_adding_a_value_a_list_already_holds_is_refused(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r", {A: BODY})
    r = cli("set", "leesoffensief", "tags+=lezen", "--repo", str(root))
    assert r.exit_code == 2
    assert "tags already holds 'lezen'" in r.stderr
    assert (root / A).read_text() == BODY


def test_set_on_a_part_of_a_mapping_field_says_to_set_it_whole(tmp_path: Path) -> None:
    """'set X budget.amount=…' (as 'list --sum budget.amount' names it) is refused
    with how to write the whole mapping, not a list of every field."""
    root = make_repo(tmp_path / "r", {A: BODY})
    r = cli("set", "leesoffensief", "budget.amount=55000", "--repo", str(root))
    assert r.exit_code == 2
    assert "no field 'budget.amount'" in r.stderr
    assert "set the whole of 'budget', e.g. budget={amount: ..., currency: ...}" in r.stderr
    assert (root / A).read_text() == BODY
