"""agenda list in a narrow terminal: ids, statuses and dates whole; names give way."""

from __future__ import annotations

from tests.conftest import PROJECT_ROOT
from tests.helpers import cli


def test_list_at_80_columns_keeps_the_sort_key() -> None:
    r = cli(
        "list",
        "actions",
        "-w",
        "status=active",
        "--sort",
        "due",
        "--repo",
        str(PROJECT_ROOT),
        env={"COLUMNS": "80"},
    )
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert lines[0].split() == ["id", "title", "status", "due"]
    assert lines[-1] == "(group, owner left out at this width; see --fields)"
    rows = [line for line in lines if line.startswith(("informatiepunt-", "boekstart "))]
    assert [row.split()[-1] for row in rows] == ["2021-12-31", "2023-12-31"]


def test_list_wide_terminal_shows_every_column() -> None:
    r = cli("list", "actions", "--repo", str(PROJECT_ROOT), env={"COLUMNS": "200"})
    assert r.stdout.splitlines()[0].split() == ["id", "title", "status", "group", "owner", "due"]
    assert "left out" not in r.stdout


def test_empty_result_says_so() -> None:
    r = cli("list", "actions", "-w", "title~zzz", "--repo", str(PROJECT_ROOT))
    assert (r.exit_code, r.stdout, r.stderr) == (0, "", "no actions match\n")
