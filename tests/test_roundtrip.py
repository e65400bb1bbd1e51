"""Edits keep files as people wrote them: exact bytes after each command."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import GitRepo, cli, make_repo

YAML_ACTION = """\
# Leesoffensief: the national reading push.
title:   'Leesoffensief'   # quoted on purpose
goals:
- lezen

status: "active"    # keep the double quotes
group: koersgroep-lezen
start: 2021-06-01

# the deadline was agreed in June
due: 2022-06-01
description: >-
  Een lange tekst
  over lezen.

updates:
-   date: 2021-07-01
    text: Begonnen.

tags: [lezen,   jeugd]   # odd spacing
# end of file
"""

TOML_ACTION = """\
# BoekStart
title = 'BoekStart'  # literal string
goals = [ "lezen" ]
status = "active"

# owner below
owner = "KB"
start = 2021-06-01
due = 2022-06-01
summary = \"\"\"
Lezen met baby's.\"\"\"

[[updates]]
date = 2021-07-01
text = 'Begonnen.'

[[links]]
title = "BoekStart"
url = "https://www.boekstart.nl"
"""

Y = "data/actions/leesoffensief.yaml"
T = "data/actions/boekstart.toml"


def _repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "r", {Y: YAML_ACTION, T: TOML_ACTION})


def _ok(root: Path, *args: str) -> str:
    r = cli(*args, cwd=root)
    assert r.exit_code == 0, r.output
    return r.stdout


def test_yaml_set_keeps_everything_else(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    out = _ok(root, "set", "leesoffensief", "status=done", "progress=40", "owner=KB")
    assert out == f"updated {Y}\n"
    expected = (
        YAML_ACTION.replace('status: "active"    #', 'status: "done"      #')
        .replace("group: koersgroep-lezen\n", "group: koersgroep-lezen\nowner: KB\n")
        .replace("due: 2022-06-01\n", "due: 2022-06-01\nprogress: 40\n")
    )
    assert (root / Y).read_text() == expected  # the comment keeps its column


def test_yaml_update_done_append_remove(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    _ok(root, "update", "leesoffensief", "Tweede stap.", "--date", "2021-09-01", "--author", "Anna")
    step1 = YAML_ACTION.replace(
        "    text: Begonnen.\n",
        "    text: Begonnen.\n-   date: 2021-09-01\n    text: Tweede stap.\n    author: Anna\n",
    )
    assert (root / Y).read_text() == step1
    _ok(root, "done", "leesoffensief", "--date", "2021-10-01")
    step2 = step1.replace('status: "active"    #', 'status: "done"      #').replace(
        "due: 2022-06-01\n", "due: 2022-06-01\ndone: 2021-10-01\n"
    )
    assert (root / Y).read_text() == step2
    _ok(root, "set", "leesoffensief", "tags+=vmbo")
    step3 = step2.replace("tags: [lezen,   jeugd]   # odd", "tags: [lezen, jeugd, vmbo] # odd")
    assert (root / Y).read_text() == step3
    _ok(root, "set", "leesoffensief", "description=")
    step4 = step3.replace("description: >-\n  Een lange tekst\n  over lezen.\n", "")
    assert (root / Y).read_text() == step4


def test_toml_edits_keep_everything_else(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    _ok(root, "set", "boekstart", "title=BoekStart 0-4", "group=koersgroep-lezen", "tags=[a, b]")
    step1 = (
        TOML_ACTION.replace("title = 'BoekStart'", "title = 'BoekStart 0-4'")
        .replace('status = "active"\n', 'status = "active"\ngroup = "koersgroep-lezen"\n')
        .replace('Lezen met baby\'s."""\n', 'Lezen met baby\'s."""\ntags = ["a", "b"]\n')
    )
    assert (root / T).read_text() == step1
    _ok(root, "update", "boekstart", "Tweede stap.", "--date", "2021-09-01", "--no-author")
    step2 = step1.replace(
        "text = 'Begonnen.'\n",
        "text = 'Begonnen.'\n\n[[updates]]\ndate = 2021-09-01\ntext = \"Tweede stap.\"\n",
    )
    assert (root / T).read_text() == step2
    _ok(root, "done", "boekstart", "--date", "2021-10-01")
    step3 = step2.replace('status = "active"', 'status = "done"').replace(
        "due = 2022-06-01\n", "due = 2022-06-01\ndone = 2021-10-01\n"
    )
    assert (root / T).read_text() == step3
    _ok(root, "set", "boekstart", "owner=", "tags+=c")
    step4 = step3.replace('owner = "KB"\n', "").replace('["a", "b"]', '["a", "b", "c"]')
    assert (root / T).read_text() == step4
    _ok(root, "set", "boekstart", "tags-=a")
    assert (root / T).read_text() == step4.replace('["a", "b", "c"]', '["b", "c"]')


def test_new_records_yaml_and_toml(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    out = _ok(
        root,
        "new",
        "action",
        "voorleesweek",
        "--title",
        "Voorleesweek",
        "--goal",
        "lezen",
        "--due",
        "2022-01-31",
        "--set",
        "tags=[lezen, jeugd]",
        "--set",
        "x-budgetcode=A1",
    )
    assert out == "created data/actions/voorleesweek.yaml\n"
    assert (root / "data/actions/voorleesweek.yaml").read_text() == (
        "title: Voorleesweek\ngoals: [lezen]\nstatus: planned\ndue: 2022-01-31\n"
        "tags: [lezen, jeugd]\nx-budgetcode: A1\n"
    )
    _ok(
        root,
        "new",
        "group",
        "werkgroep-lezen",
        "--title",
        "Werkgroep: lezen",
        "--kind",
        "werkgroep",
        "--parent",
        "koersgroep-lezen",
        "--format",
        "toml",
    )
    assert (root / "data/groups/werkgroep-lezen.toml").read_text() == (
        'title = "Werkgroep: lezen"\nkind = "werkgroep"\nparent = "koersgroep-lezen"\n'
    )
    _ok(root, "new", "goal", "rekenen", "--title", "2021")  # a title that looks like a number
    assert (root / "data/goals/rekenen.yaml").read_text() == "title: '2021'\n"
    _ok(root, "mv", "koersgroep-lezen", "no")  # YAML 1.1 reads a plain no as false
    assert "group: 'no'\n" in (root / Y).read_text()
    assert cli("validate", cwd=root).exit_code == 0


def test_new_refuses_and_prompts(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    r = cli("new", "action", "x", "--no-interactive", cwd=root)
    assert (r.exit_code, r.stderr) == (
        2,
        "error: An action needs title, goals\n"
        "hint: give --title, --goal, or run it on a terminal to be asked\n",
    )
    r = cli("new", "actoin", "x", cwd=root)
    assert r.exit_code == 2 and "hint: did you mean 'action'?" in r.stderr
    r = cli("new", "goal", "leesoffensief", "--title", "T", cwd=root)
    assert r.exit_code == 2
    assert (
        "error: id 'leesoffensief' is already used by data/actions/leesoffensief.yaml" in r.stderr
    )
    r = cli("new", "goal", "Hoi Daar", "--title", "T", cwd=root)
    assert r.exit_code == 2 and "hint: e.g. hoi-daar" in r.stderr
    r = cli("new", "goal", "g", "--title", "T", "--kind", "werkgroep", cwd=root)
    assert (r.exit_code, r.stderr) == (2, "error: --kind does not apply to a goal\n")
    r = cli("new", "action", "x", "--interactive", cwd=root, input="Titel\nlezen, \n")
    assert r.exit_code == 0, r.output
    assert (root / "data/actions/x.yaml").read_text() == (
        "title: Titel\ngoals: [lezen]\nstatus: planned\n"
    )


def test_refused_edit_leaves_bytes(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    before = (root / Y).read_bytes()
    r = cli("set", "leesoffensief", "group=koersgroep-leesen", "due=2021-01-01", cwd=root)
    assert r.exit_code == 1
    assert r.stdout == ""
    assert (
        "error invalid-reference" in r.stderr
        or "error unknown-reference" in r.stderr
        or ("koersgroep-leesen" in r.stderr)
    )
    assert "hint: did you mean 'koersgroep-lezen'?" in r.stderr
    assert r.stderr.endswith("refused, it would add 2 errors; nothing was written\n")
    assert (root / Y).read_bytes() == before
    for bad in (["progress=veel"], ["due=morgen"], ["title="], ["status+=x"], ["nope=1"]):
        r = cli("set", "leesoffensief", *bad, cwd=root)
        assert r.exit_code == 2, (bad, r.output)
        assert "Traceback" not in r.output
    assert (root / Y).read_bytes() == before
    r = cli("set", "nergens", "status=done", cwd=root)
    assert (r.exit_code, r.stderr) == (
        2,
        "error: no record with id 'nergens'\nhint: list them with 'agenda list'\n",
    )


def test_dry_run_prints_diff_and_writes_nothing(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    before = (root / T).read_bytes()
    r = cli("done", "boekstart", "--date", "2021-10-01", "--dry-run", cwd=root)
    assert r.exit_code == 0, r.output
    assert r.stdout == (
        f"--- a/{T}\n+++ b/{T}\n@@ -1,12 +1,13 @@\n # BoekStart\n"
        " title = 'BoekStart'  # literal string\n"
        ' goals = [ "lezen" ]\n'
        '-status = "active"\n+status = "done"\n \n # owner below\n'
        ' owner = "KB"\n start = 2021-06-01\n due = 2022-06-01\n+done = 2021-10-01\n'
        ' summary = """\n Lezen met baby\'s."""\n \n'
    )
    assert (root / T).read_bytes() == before


def test_mv_renames_and_rewrites_references(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    r = cli("mv", "lezen", "geletterdheid", cwd=root)
    assert r.exit_code == 0, r.output
    assert r.stdout == (
        "renamed data/goals/lezen.yaml -> data/goals/geletterdheid.yaml\n"
        "updated data/actions/boekstart.toml\n"
        "updated data/actions/leesoffensief.yaml\n"
        "updated data/groups/koersgroep-lezen.toml\n"
    )
    assert not (root / "data/goals/lezen.yaml").exists()
    assert (root / T).read_text() == TOML_ACTION.replace('[ "lezen" ]', '[ "geletterdheid" ]')
    assert (root / Y).read_text() == YAML_ACTION.replace("- lezen\n", "- geletterdheid\n")
    assert cli("validate", cwd=root).exit_code == 0
    r = cli("mv", "koersgroep-lezen", "leesoffensief", cwd=root)
    assert r.exit_code == 2 and "already used" in r.stderr


def test_commit_option(tmp_path: Path) -> None:
    g = GitRepo(tmp_path / "g")
    make_repo(g.root)
    g.commit("start", "2021-09-01")
    r = cli(
        "update", "leesoffensief", "Goed bezig.", "--date", "2021-09-10", "--commit", cwd=g.root
    )
    assert r.exit_code == 0, r.output
    sha = g.git("rev-parse", "--short", "HEAD")
    assert r.stdout == (
        f"updated {Y}\ncommitted {sha}: agenda: update leesoffensief: Goed bezig.\n"
    )
    assert g.git("status", "--porcelain") == ""
    # the author defaults to git's user.name
    assert (
        (g.root / Y)
        .read_text()
        .endswith("updates:\n  - date: 2021-09-10\n    text: Goed bezig.\n    author: Test User\n")
    )
    r = cli("done", "leesoffensief", "--commit", cwd=tmp_path / "g")
    assert r.exit_code == 0
    r = cli("done", "leesoffensief", "--commit", cwd=make_repo(tmp_path / "nogit"))
    assert r.exit_code == 2 and "is not in a git repository" in r.stderr
