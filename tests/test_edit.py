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


def test_set_one_field_of_a_mapping_field(tmp_path: Path) -> None:
    """'set X budget.amount=…', as 'list --sum budget.amount' names it: the other
    fields of the budget, and the file's comments, stay as they were."""
    yaml_body = BODY + "budget:  # besloten in juni\n  amount: 40000\n  currency: EUR\n"
    toml = "data/actions/leesclubs.toml"
    toml_body = (
        'title = "Leesclubs"\ngoals = ["lezen"]\nstatus = "active"\n\n'
        '# het budget\n[budget]\namount = 40000\ncurrency = "EUR"\n'
    )
    root = make_repo(tmp_path / "r", {A: yaml_body, toml: toml_body})
    for rid in ("leesoffensief", "leesclubs"):
        r = cli("set", rid, "budget.amount=55000", "--repo", str(root))
        assert r.exit_code == 0, r.output
    assert (root / A).read_text() == yaml_body.replace("40000", "55000")
    assert (root / toml).read_text() == toml_body.replace("40000", "55000")
    r = cli("list", "actions", "--sum", "budget.amount", "--format", "plain", "--repo", str(root))
    assert "110000" in r.stdout.replace(",", "").replace(".", ""), r.stdout
    # the mistakes a user makes, each refused with the file as it was
    for args, message in (
        (("budget.amout=1",), "budget has no field 'amout'"),
        (("budget.amount=veel",), "budget.amount: 'veel' is not a number"),
        (("budget.amount+=1",), "'+=' works on lists only"),
    ):
        r = cli("set", "leesoffensief", *args, "--repo", str(root))
        assert r.exit_code == 2 and message in r.stderr, (args, r.output)
    assert (root / A).read_text() == yaml_body.replace("40000", "55000")


def test_set_a_field_of_a_mapping_field_the_record_lacks(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r", {A: BODY})
    r = cli("set", "leesoffensief", "budget.amount=12000", "--repo", str(root))
    assert r.exit_code == 0, r.output
    assert "budget:\n  amount: 12000\n" in (root / A).read_text()
    assert cli("validate", "--repo", str(root)).exit_code == 0
