"""Every check of SPEC §3: a failing case with its exact finding, and a passing case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from netwerkagenda.findings import Finding
from netwerkagenda.records.repository import load_repo
from tests.helpers import cli, make_repo

A = "data/actions/leesoffensief.yaml"
G = "data/groups/koersgroep-lezen.toml"

# (name, extra files, expected (code, severity, file, line, column, hint or None))
FAILING: list[tuple[str, dict[str, str | bytes], tuple[str, str, str, int, int, str | None]]] = [
    ("yaml-syntax", {A: "title: [open\n"}, ("yaml-syntax", "error", A, 2, 1, None)),
    ("toml-syntax", {G: 'title = "x\n'}, ("toml-syntax", "error", G, 1, 11, None)),
    (
        "not-utf8",
        {A: b"title: caf\xe9\n"},
        (
            "encoding",
            "error",
            A,
            1,
            11,
            "save the file as UTF-8 (it may be Latin-1 or Windows-1252)",
        ),
    ),
    ("not-a-mapping", {A: "- a\n- b\n"}, ("not-a-mapping", "error", A, 1, 1, None)),
    ("empty", {A: ""}, ("not-a-mapping", "error", A, 1, 1, None)),
    (
        "outside-kind-folder",
        {"data/notes/x.yaml": "title: x\n"},
        ("misplaced-file", "error", "data/notes", 1, 1, None),
    ),
    (
        "other-extension",
        {"data/actions/x.json": "{}"},
        ("misplaced-file", "error", "data/actions/x.json", 1, 1, None),
    ),
    (
        "invalid-id",
        {"data/goals/Lezen_2.yaml": "title: x\n"},
        ("invalid-id", "error", "data/goals/Lezen_2.yaml", 1, 1, "rename the file to lezen-2.yaml"),
    ),
    (
        "duplicate-id-across-formats",
        {"data/goals/lezen.toml": 'title = "x"\n'},
        (
            "duplicate-id",
            "error",
            "data/goals/lezen.yaml",
            1,
            1,
            "ids are unique across goals, groups and actions; rename one file",
        ),
    ),
    (
        "duplicate-id-across-kinds",
        {"data/groups/lezen.toml": 'title = "x"\nkind = "werkgroep"\n'},
        (
            "duplicate-id",
            "error",
            "data/groups/lezen.toml",
            1,
            1,
            "ids are unique across goals, groups and actions; rename one file",
        ),
    ),
    (
        "id-mismatch",
        {"data/goals/lezen.yaml": "id: lezen2\ntitle: x\n"},
        (
            "id-mismatch",
            "error",
            "data/goals/lezen.yaml",
            1,
            5,
            "set id: lezen, or rename the file",
        ),
    ),
    (
        "unknown-field",
        {"data/goals/lezen.yaml": "title: x\nsumary: y\n"},
        ("unknown-field", "error", "data/goals/lezen.yaml", 2, 1, "did you mean 'summary'?"),
    ),
    (
        "missing-field",
        {"data/goals/lezen.yaml": "summary: y\n"},
        ("missing-field", "error", "data/goals/lezen.yaml", 1, 1, None),
    ),
    (
        "wrong-type",
        {"data/goals/lezen.yaml": "title: x\norder: first\n"},
        ("wrong-type", "error", "data/goals/lezen.yaml", 2, 8, None),
    ),
    (
        "invalid-enum",
        {A: "title: x\ngoals: [lezen]\nstatus: actief\n"},
        ("invalid-value", "error", A, 3, 9, "did you mean 'active'?"),
    ),
    (
        "invalid-group-kind",
        {G: 'title = "x"\nkind = "koersgroup"\n'},
        ("invalid-value", "error", G, 2, 8, "did you mean 'koersgroep'?"),
    ),
    (
        "invalid-date",
        {A: "title: x\ngoals: [lezen]\nstatus: active\ndue: 2021-02-30\n"},
        ("invalid-date", "error", A, 4, 6, None),
    ),
    (
        "invalid-date-string",
        {A: "title: x\ngoals: [lezen]\nstatus: active\ndue: 'next week'\n"},
        ("invalid-date", "error", A, 4, 6, "write dates as YYYY-MM-DD"),
    ),
    (
        "invalid-url",
        {"data/goals/lezen.yaml": "title: x\nlinks:\n  - title: a\n    url: www.kb.nl\n"},
        ("invalid-url", "error", "data/goals/lezen.yaml", 4, 10, "start it with https://"),
    ),
    (
        "range",
        {A: "title: x\ngoals: [lezen]\nstatus: active\nprogress: 101\n"},
        ("out-of-range", "error", A, 4, 11, None),
    ),
    (
        "negative-budget",
        {A: "title: x\ngoals: [lezen]\nstatus: active\nbudget: {amount: -1}\n"},
        ("out-of-range", "error", A, 4, 18, None),
    ),
    (
        "empty-goals",
        {A: "title: x\ngoals: []\nstatus: active\n"},
        ("empty-list", "error", A, 2, 8, None),
    ),
    (
        "missing-reference",
        {A: "title: x\ngoals: [lezn]\nstatus: active\n"},
        ("missing-reference", "error", A, 2, 9, "did you mean 'lezen'?"),
    ),
    (
        "wrong-kind-reference",
        {A: "title: x\ngoals: [koersgroep-lezen]\nstatus: active\n"},
        ("wrong-kind-reference", "error", A, 2, 9, "did you mean 'lezen'?"),
    ),
    (
        "parent-cycle",
        {
            G: 'title = "x"\nkind = "koersgroep"\nparent = "werkgroep-b"\n',
            "data/groups/werkgroep-b.yaml": "title: b\nkind: werkgroep\nparent: koersgroep-lezen\n",
        },
        ("parent-cycle", "error", G, 3, 10, None),
    ),
    (
        "dependency-cycle",
        {
            A: "title: x\ngoals: [lezen]\nstatus: active\ndepends_on: [b]\n",
            "data/actions/b.yaml": "title: b\ngoals: [lezen]\nstatus: active\ndepends_on: [leesoffensief]\n",
        },
        ("dependency-cycle", "error", "data/actions/b.yaml", 4, 14, None),
    ),
    (
        "start-after-due",
        {A: "title: x\ngoals: [lezen]\nstatus: active\nstart: 2022-01-02\ndue: 2022-01-01\n"},
        ("date-order", "error", A, 4, 8, None),
    ),
    (
        "done-date-not-done",
        {A: "title: x\ngoals: [lezen]\nstatus: active\ndone: 2021-05-01\n"},
        ("done-date-not-done", "error", A, 4, 7, "set status: done, or remove the done date"),
    ),
    (
        "yaml-tag",
        {A: "title: !!python/object/apply:os.system [ls]\ngoals: [lezen]\nstatus: active\n"},
        (
            "yaml-tag",
            "error",
            A,
            1,
            8,
            "remove the tag; values are plain strings, numbers, dates, lists and mappings",
        ),
    ),
    (
        "alias-bomb",
        {
            A: "a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
            "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
            "e: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
        },
        ("yaml-alias-bomb", "error", A, 5, 1, None),
    ),
    (
        "duplicate-key",
        {A: "title: x\ntitle: y\ngoals: [lezen]\nstatus: active\n"},
        ("duplicate-key", "error", A, 2, 1, None),
    ),
    (
        "unknown-setting",
        {"agenda.toml": '[agenda]\nname = "x"\nlanguge = "nl"\n'},
        ("unknown-setting", "error", "agenda.toml", 3, 1, "did you mean 'language'?"),
    ),
    # warnings
    (
        "overdue",
        {A: "title: x\ngoals: [lezen]\nstatus: active\ndue: 2021-09-01\n"},
        ("overdue", "warning", A, 4, 6, "move the due date, or mark it done or cancelled"),
    ),
    (
        "done-without-date",
        {A: "title: x\ngoals: [lezen]\nstatus: done\n"},
        ("done-without-date", "warning", A, 3, 9, "add done: 2021-09-20 (or the real date)"),
    ),
    (
        "update-in-future",
        {
            A: "title: x\ngoals: [lezen]\nstatus: active\nupdates:\n"
            "  - {date: 2021-10-01, text: later}\n"
        },
        ("update-in-future", "warning", A, 5, 12, None),
    ),
    (
        "updates-out-of-order",
        {
            A: "title: x\ngoals: [lezen]\nstatus: active\nupdates:\n"
            "  - {date: 2021-08-01, text: a}\n  - {date: 2021-07-01, text: b}\n"
        },
        ("updates-out-of-order", "warning", A, 6, 12, "keep updates oldest first"),
    ),
    (
        "done-before-dependency",
        {
            A: "title: x\ngoals: [lezen]\nstatus: done\ndone: 2021-09-01\ndepends_on: [b]\n",
            "data/actions/b.yaml": "title: b\ngoals: [lezen]\nstatus: active\n",
        },
        ("done-before-dependency", "warning", A, 5, 14, None),
    ),
]

# near misses that must NOT produce the named code
PASSING: list[tuple[str, dict[str, str | bytes]]] = [
    ("unknown-field", {"data/goals/lezen.yaml": "title: x\nx-budgetcode: 12\n"}),
    (
        "date-order",
        {A: "title: x\ngoals: [lezen]\nstatus: active\nstart: 2022-01-01\ndue: 2022-01-01\n"},
    ),
    ("done-without-date", {A: "title: x\ngoals: [lezen]\nstatus: done\ndone: 2021-09-01\n"}),
    ("done-date-not-done", {A: "title: x\ngoals: [lezen]\nstatus: done\ndone: '2021-09-01'\n"}),
    ("overdue", {A: "title: x\ngoals: [lezen]\nstatus: cancelled\ndue: 2021-09-01\n"}),
    ("overdue", {A: "title: x\ngoals: [lezen]\nstatus: active\ndue: 2021-09-20\n"}),
    (
        "update-in-future",
        {
            A: "title: x\ngoals: [lezen]\nstatus: active\nupdates:\n"
            "  - {date: 2021-09-20, text: today}\n"
        },
    ),
    (
        "updates-out-of-order",
        {
            A: "title: x\ngoals: [lezen]\nstatus: active\nupdates:\n"
            "  - {date: 2021-07-01, text: a}\n  - {date: 2021-07-01, text: b}\n"
        },
    ),
    (
        "dependency-cycle",
        {
            A: "title: x\ngoals: [lezen]\nstatus: active\ndepends_on: [b]\n",
            "data/actions/b.yaml": "title: b\ngoals: [lezen]\nstatus: active\n",
        },
    ),
    ("yaml-alias-bomb", {A: "title: &t x\ngoals: [lezen]\nstatus: active\nsummary: *t\n"}),
    ("invalid-date", {A: "title: x\ngoals: [lezen]\nstatus: active\ndue: '2024-02-29'\n"}),
    (
        "wrong-type",
        {
            "data/groups/koersgroep-lezen.toml": 'title = "x"\nkind = "koersgroep"\nstarted = "2021-09-01"\n'
        },
    ),
]


def _findings(root: Path) -> list[Finding]:
    return load_repo(root).validate()


def test_base_repository_is_clean(repo: Path) -> None:
    assert _findings(repo) == []
    r = cli("validate", "--repo", str(repo))
    assert r.exit_code == 0
    assert r.stdout == "✓ 3 records in 3 files: no problems\n"


@pytest.mark.parametrize(("name", "files", "expected"), FAILING, ids=[c[0] for c in FAILING])
def test_check_fails(
    tmp_path: Path, name: str, files: dict[str, str | bytes], expected: tuple[object, ...]
) -> None:
    root = make_repo(tmp_path / "r", files)
    got = [(f.code, str(f.severity), f.file, f.line, f.column, f.hint) for f in _findings(root)]
    assert expected in got, got
    code, severity = expected[0], expected[1]
    r = cli("validate", "--repo", str(root), "--format", "json")
    assert r.exit_code == (1 if severity == "error" else 0)
    doc = json.loads(r.stdout)
    assert code in {f["code"] for f in doc["findings"]}


@pytest.mark.parametrize(
    ("code", "files"), PASSING, ids=[f"{c[0]}-{i}" for i, c in enumerate(PASSING)]
)
def test_check_passes(tmp_path: Path, code: str, files: dict[str, str | bytes]) -> None:
    root = make_repo(tmp_path / "r", files)
    assert [f for f in _findings(root) if f.code == code] == []


def test_strict_makes_warnings_fail(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r", {A: "title: x\ngoals: [lezen]\nstatus: done\n"})
    assert cli("validate", "--repo", str(root)).exit_code == 0
    assert cli("validate", "--repo", str(root), "--strict").exit_code == 1


def test_today_option_moves_the_reference_date(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r")
    r = cli("validate", "--repo", str(root), "--today", "2022-06-03", "--format", "json")
    doc = json.loads(r.stdout)
    assert [(f["code"], f["message"]) for f in doc["findings"]] == [
        ("overdue", "due 2022-06-01, 2 days ago, and still active")
    ]


def test_text_format_shows_location_source_caret_and_hint(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r", {"data/goals/lezen.yaml": "title: x\nsumary: y\n"})
    r = cli("validate", "--repo", str(root))
    assert r.exit_code == 1
    assert r.stdout == (
        "data/goals/lezen.yaml\n"
        "data/goals/lezen.yaml:2:1: error unknown-field unknown field 'sumary' for a goal\n"
        "  2 | sumary: y\n"
        "    | ^\n"
        "  hint: did you mean 'summary'?\n"
        "\n"
        "✗ 1 error, 0 warnings (3 records in 3 files)\n"
    )


def test_colour_only_when_forced_and_never_with_no_color(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r", {"data/goals/lezen.yaml": "title: x\nsumary: y\n"})
    plain = cli("validate", "--repo", str(root))
    assert "\x1b[" not in plain.stdout  # not a terminal
    forced = cli("validate", "--repo", str(root), env={"FORCE_COLOR": "1"})
    assert "\x1b[1;31merror\x1b[0m" in forced.stdout
    both = cli("validate", "--repo", str(root), env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b[" not in both.stdout


def test_paths_limit_the_report_but_not_the_reference_check(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path / "r",
        {
            "data/goals/lezen.yaml": "title: x\nsumary: y\n",
            # the action is fine in itself, but names a goal that does not exist
            A: "title: x\ngoals: [lezen, schrijven]\nstatus: active\n",
        },
    )
    r = cli("validate", A, "--format", "json", cwd=root)
    doc = json.loads(r.stdout)
    assert [(f["file"], f["code"]) for f in doc["findings"]] == [(A, "missing-reference")]
    assert r.exit_code == 1
    # a path in a sub-folder, relative to the working directory
    r = cli("validate", "leesoffensief.yaml", "--format", "json", cwd=root / "data/actions")
    assert [f["code"] for f in json.loads(r.stdout)["findings"]] == ["missing-reference"]


def test_every_problem_in_one_run_and_formats_agree(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {}
    for name, extra, _ in FAILING:
        if name in ("unknown-setting",):
            continue
        for rel, content in extra.items():
            if rel in (A, G, "data/goals/lezen.yaml"):
                # give each case its own record so they do not overwrite each other
                kind = rel.split("/")[1]
                ext = rel.rsplit(".", 1)[1]
                rel = f"data/{kind}/case-{name}.{ext}" if "lezen_2" not in rel.lower() else rel
            files.setdefault(rel, content)
    files |= {
        "data/groups/cyc-a.yaml": "title: a\nkind: werkgroep\nparent: cyc-b\n",
        "data/groups/cyc-b.yaml": "title: b\nkind: werkgroep\nparent: cyc-a\n",
        "data/actions/dep-a.yaml": "title: a\ngoals: [lezen]\nstatus: active\ndepends_on: [dep-b]\n",
        "data/actions/dep-b.yaml": "title: b\ngoals: [lezen]\nstatus: active\ndepends_on: [dep-a]\n",
    }
    root = make_repo(tmp_path / "r", files)
    text = cli("validate", "--repo", str(root))
    as_json = json.loads(cli("validate", "--repo", str(root), "--format", "json").stdout)
    github = cli("validate", "--repo", str(root), "--format", "github").stdout.splitlines()
    assert text.exit_code == 1
    found = {f["code"] for f in as_json["findings"]}
    expected = {c[2][0] for c in FAILING if c[0] != "unknown-setting"}
    assert expected <= found, expected - found
    assert len(github) == len(as_json["findings"])
    for f, line in zip(as_json["findings"], github, strict=True):
        assert line.startswith(
            f"::{f['severity']} file={f['file']},line={f['line']},col={f['column']},title={f['code']}::"
        )
        assert f"{f['file']}:{f['line']}:{f['column']}: {f['severity']} {f['code']} " in text.stdout
    assert as_json["errors"] + as_json["warnings"] == len(as_json["findings"])
    for f in as_json["findings"]:
        assert set(f) == {"code", "severity", "file", "line", "column", "message", "hint"}
        assert f["line"] >= 1 and f["column"] >= 1


def test_no_repository_is_exit_2(tmp_path: Path) -> None:
    r = cli("validate", cwd=tmp_path)
    assert r.exit_code == 2
    assert r.stderr.startswith("error: no agenda.toml found in ")
    assert "Traceback" not in r.output


def test_unknown_format_is_exit_2(repo: Path) -> None:
    r = cli("validate", "--repo", str(repo), "--format", "xml")
    assert r.exit_code == 2
    assert "--format must be one of text, json, github, not 'xml'" in r.stderr


def test_check_is_an_alias(repo: Path) -> None:
    assert cli("check", "--repo", str(repo)).stdout == cli("validate", "--repo", str(repo)).stdout


def test_embedded_netwerkagenda_is_clean() -> None:
    root = Path(__file__).resolve().parent.parent
    r = cli("validate", "--repo", str(root), "--strict")
    assert r.exit_code == 0, r.stdout
    assert "no problems" in r.stdout
    repo = load_repo(root)
    kinds = [r.kind for r in repo.records.values()]
    assert kinds.count("goal") == 3
    groups = repo.groups
    assert sum(1 for g in groups if g.text("kind") == "koersgroep") == 9
    assert sum(1 for g in groups if g.text("kind") == "reflectiegroep") == 2
    assert kinds.count("action") >= 18


def test_a_command_hands_the_repository_back_to_the_collector_when_it_ends() -> None:
    """The CLI loads the repository frozen out of the collector's sight for the
    command's length (cli/common.open_repo) and unfreezes it at the end: a library user
    or a test process that runs many commands keeps a working collector."""
    import gc

    from tests.conftest import PROJECT_ROOT

    assert gc.get_freeze_count() == 0
    r = cli("validate", "--repo", str(PROJECT_ROOT))
    assert r.exit_code == 0, r.output
    assert gc.get_freeze_count() == 0
