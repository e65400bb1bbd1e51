"""The history engine and ``agenda log``: real git repositories with backdated commits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from netwerkagenda.git import Git
from netwerkagenda.history.states import repository_at
from netwerkagenda.history.timeline import resolve_period, timeline
from netwerkagenda.records.repository import load_repo
from tests.helpers import ACTION, GitRepo, cli, git, make_repo

A = "data/actions/leesoffensief.yaml"


def _history(root: Path) -> GitRepo:
    """A repository with one commit for every kind of change."""
    g = GitRepo(root)
    make_repo(root)
    g.commit("Begin", "2021-06-01")
    g.commit(
        "Leesoffensief gestart",
        "2021-06-10",
        {A: ACTION.replace("status: active", "status: planned")},
        author="Bram Beleid",
        email="bram@example.org",
    )
    g.commit("Weer actief", "2021-06-15", {A: ACTION})
    g.commit("Later klaar", "2021-07-01", {A: ACTION.replace("2022-06-01", "2022-12-31")})
    g.commit("Nog later", "2021-07-15", {A: ACTION.replace("2022-06-01", "2023-06-30")})
    g.commit(
        "Eigenaar en groep",
        "2021-08-01",
        {
            A: ACTION.replace("2022-06-01", "2023-06-30").replace(
                "group: koersgroep-lezen", "group: koersgroep-lezen\nowner: KB"
            )
            + "progress: 20\n"
        },
    )
    g.commit(
        "Voortgang",
        "2021-08-15",
        {
            A: ACTION.replace("2022-06-01", "2023-06-30").replace(
                "group: koersgroep-lezen", "group: koersgroep-lezen\nowner: KB"
            )
            + "progress: 20\nupdates:\n  - date: 2021-08-14\n    text: Eerste scholen doen mee.\n"
            "    author: KB\n"
        },
    )
    g.commit("Nieuwe actie", "2021-09-01", {"data/actions/boekstart.yaml": BOEKSTART})
    g.commit("Weg ermee", "2021-09-02", {"data/actions/boekstart.yaml": None})
    return g


BOEKSTART = """\
title: BoekStart
goals: [lezen]
status: planned
"""


LOG = """\
2021-09-02  {s9}  boekstart         verwijderd  (Anna Secretaris)
2021-09-01  {s8}  boekstart         toegevoegd (status: gepland)  (Anna Secretaris)
2021-08-14  {s7}  leesoffensief     notitie: Eerste scholen doen mee.  (KB)
2021-08-01  {s6}  leesoffensief     eigenaar: – → KB  (Anna Secretaris)
2021-08-01  {s6}  leesoffensief     voortgang: – → 20  (Anna Secretaris)
2021-07-15  {s5}  leesoffensief     deadline: 2022-12-31 → 2023-06-30 (2 keer verschoven)  (Anna Secretaris)
2021-07-01  {s4}  leesoffensief     deadline: 2022-06-01 → 2022-12-31  (Anna Secretaris)
2021-06-15  {s3}  leesoffensief     gestart (status: gepland → in uitvoering)  (Anna Secretaris)
2021-06-10  {s2}  leesoffensief     status: in uitvoering → gepland  (Bram Beleid)
2021-06-01  {s1}  koersgroep-lezen  toegevoegd  (Anna Secretaris)
2021-06-01  {s1}  leesoffensief     toegevoegd (status: in uitvoering)  (Anna Secretaris)
2021-06-01  {s1}  lezen             toegevoegd  (Anna Secretaris)
"""


def _shorts(g: GitRepo) -> dict[str, str]:
    shas = g.git("log", "--reverse", "--format=%h").split()
    return {f"s{i + 1}": s for i, s in enumerate(shas)}


def test_log_every_kind_of_change(tmp_path: Path) -> None:
    g = _history(tmp_path / "r")
    r = cli("log", cwd=g.root)
    assert r.exit_code == 0, r.output
    assert r.stdout == LOG.format(**_shorts(g))


def test_log_one_record_since_and_json(tmp_path: Path) -> None:
    g = _history(tmp_path / "r")
    s = _shorts(g)
    r = cli("log", "leesoffensief", "--since", "2021-07-01", "--until", "2021-07-31", cwd=g.root)
    assert r.exit_code == 0, r.output
    assert r.stdout == (
        f"2021-07-15  {s['s5']}  leesoffensief  deadline: 2022-12-31 → 2023-06-30 (2 keer verschoven)"
        "  (Anna Secretaris)\n"
        f"2021-07-01  {s['s4']}  leesoffensief  deadline: 2022-06-01 → 2022-12-31  (Anna Secretaris)\n"
    )
    r = cli("log", "--since", "2021-07-01", "--until", "2021-07-01", "--format", "json", cwd=g.root)
    doc = json.loads(r.stdout)
    assert doc["since"] == doc["until"] == "2021-07-01"
    assert doc["commits"] == 1
    [e] = doc["events"]
    assert e["kind"] == "due" and e["old"] == "2022-06-01" and e["new"] == "2022-12-31"
    assert e["commit"]["message"] == "Later klaar"
    assert e["commit"]["author"] == "Anna Secretaris"


def test_since_revision_and_relative(tmp_path: Path) -> None:
    g = _history(tmp_path / "r")
    g.git("tag", "v1", g.git("rev-list", "-1", "--before=2021-08-20", "HEAD"))
    r = cli("log", "--since", "v1", cwd=g.root)
    assert [line.split()[2] for line in r.stdout.splitlines()] == ["boekstart", "boekstart"]
    # "2 weeks ago" counts back from [agenda] as_of = 2021-09-20
    r = cli("log", "--since", "3 weeks ago", cwd=g.root)
    assert [line.split()[0] for line in r.stdout.splitlines()] == ["2021-09-02", "2021-09-01"]


def test_renames_git_mv_and_yaml_to_toml(tmp_path: Path) -> None:
    g = GitRepo(tmp_path / "r")
    make_repo(g.root)
    g.commit("Begin", "2021-06-01")
    g.git("mv", A, "data/actions/lees-offensief.yaml")
    g.commit("Hernoemd", "2021-06-02")
    toml = (
        'title = "Leesoffensief"\ngoals = ["lezen"]\nstatus = "done"\n'
        'group = "koersgroep-lezen"\nstart = 2021-06-01\ndue = 2022-06-01\ndone = 2021-06-03\n'
    )
    g.commit(
        "Naar TOML",
        "2021-06-03",
        {"data/actions/lees-offensief.yaml": None, "data/actions/lees-offensief.toml": toml},
    )
    s = _shorts(g)
    r = cli("log", "--since", "2021-06-02", cwd=g.root)
    assert r.stdout == (
        f"2021-06-03  {s['s3']}  lees-offensief  hernoemd: data/actions/lees-offensief.yaml → "
        "data/actions/lees-offensief.toml  (Anna Secretaris)\n"
        f"2021-06-03  {s['s3']}  lees-offensief  afgerond (status: in uitvoering → afgerond)"
        "  (Anna Secretaris)\n"
        f"2021-06-02  {s['s2']}  lees-offensief  hernoemd: leesoffensief → lees-offensief"
        "  (Anna Secretaris)\n"
    )


def test_merge_first_parent(tmp_path: Path) -> None:
    g = GitRepo(tmp_path / "r")
    make_repo(g.root)
    g.commit("Begin", "2021-06-01")
    g.git("checkout", "-q", "-b", "zijtak")
    g.commit("Op de zijtak", "2021-06-05", {"data/actions/boekstart.yaml": BOEKSTART})
    g.commit("Nog een", "2021-06-06", {A: ACTION.replace("status: active", "status: blocked")})
    g.git("checkout", "-q", "main")
    g.commit("Op main", "2021-06-07", {"data/goals/lezen.yaml": "title: Lezen\norder: 1\n"})
    env = {
        "GIT_AUTHOR_DATE": "2021-06-08T12:00:00+02:00",
        "GIT_COMMITTER_DATE": "2021-06-08T12:00:00+02:00",
    }
    git(g.root, "merge", "-q", "--no-ff", "zijtak", "-m", "Samenvoegen", env=env)
    merge = g.git("rev-parse", "--short", "HEAD")
    r = cli("log", "--since", "2021-06-02", cwd=g.root)
    lines = r.stdout.splitlines()
    # the branch's changes arrive with the merge, dated by it (first-parent history)
    assert lines[0].startswith(f"2021-06-08  {merge}  boekstart ")
    assert lines[1].startswith(
        f"2021-06-08  {merge}  leesoffensief  geblokkeerd (status: in uitvoering"
    )
    assert lines[2:] == [
        f"2021-06-07  {g.git('rev-parse', '--short', 'HEAD^1')}  lezen          {what}"
        "  (Anna Secretaris)"
        for what in ("samenvatting gewijzigd", "titel: Een geletterde samenleving → Lezen")
    ]


def test_shallow_clone_says_so(tmp_path: Path) -> None:
    g = _history(tmp_path / "r")
    clone = g.shallow_clone(tmp_path / "clone", depth=2)
    r = cli("log", "--since", "2021-06-01", cwd=clone)
    assert r.exit_code == 0
    assert "shallow clone: git history before 2021-09-01 is not here" in r.stderr
    # the boundary commit is the baseline, not "everything added"
    assert [line.split()[2] for line in r.stdout.splitlines() if "-------" not in line] == [
        "boekstart"
    ]
    r = cli("log", "--since", g.git("rev-list", "--max-parents=0", "HEAD")[:12], cwd=clone)
    assert r.exit_code == 2
    assert "shallow clone" in r.stderr


def test_empty_repository_and_no_git(tmp_path: Path) -> None:
    # the planned start (2021-06-01) is a plan, not an event; the note is one
    noted = {A: ACTION + "updates:\n  - date: 2021-06-05\n    text: Begonnen.\n"}
    empty = make_repo(tmp_path / "empty", noted)
    GitRepo(empty)  # git init, no commits
    plain = make_repo(tmp_path / "plain", noted)
    for root, why in ((empty, "no commits yet"), (plain, "no git repository")):
        r = cli("log", cwd=root)
        assert r.exit_code == 0, r.output
        assert r.stdout == ("2021-06-05  -------  leesoffensief  notitie: Begonnen.\n")
        assert why in r.stderr
        r = cli("log", "--since", "HEAD~1", cwd=root)
        assert r.exit_code == 2
        assert "revisions cannot be looked up" in r.stderr or "no commits yet" in r.stderr


def test_hook_environment_does_not_leak(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    g = _history(tmp_path / "r")
    expected = LOG.format(**_shorts(g))
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "nowhere"))
    monkeypatch.setenv("GIT_INDEX_FILE", str(tmp_path / "nowhere" / "index"))
    monkeypatch.setenv("GIT_WORK_TREE", str(tmp_path))
    r = cli("log", cwd=g.root)
    assert r.exit_code == 0, r.output
    assert r.stdout == expected


def test_repository_at_revision_and_subfolder(tmp_path: Path) -> None:
    g = GitRepo(tmp_path / "top")
    root = make_repo(g.root / "programma")
    g.commit("Begin", "2021-06-01")
    g.commit("Klaar", "2021-07-01", {"programma/" + A: ACTION.replace("active", "blocked")})
    old = repository_at(root, "HEAD~1")
    assert old.get("leesoffensief") is not None
    assert old.records["leesoffensief"].status == "active"
    assert sorted(old.records) == ["koersgroep-lezen", "leesoffensief", "lezen"]
    repo = load_repo(root)
    period = resolve_period(repo, None, None)
    events = timeline(period, [repo], "leesoffensief")
    assert [(e.kind, e.old, e.new) for e in events if e.source == "git"] == [
        ("added", None, "active"),
        ("status", "active", "blocked"),
    ]
    git_repo = Git.open(root)
    assert git_repo is not None and git_repo.prefix == "programma/"


def test_bad_values_exit_2(tmp_path: Path) -> None:
    g = _history(tmp_path / "r")
    for args, message in (
        (("--since", "2021-02-30"), "is not a valid date"),
        (("--since", "5 fortnights ago"), "unknown unit"),
        (("--since", "a b c"), "neither a date nor a git revision"),
        (("--since", "2021-09-01", "--until", "2021-08-01"), "starts (2021-09-01) after it ends"),
        (("--since", "last"), "no brief/YYYY-MM-DD tag yet"),
        (("--format", "xml"), "--format must be one of text, json"),
    ):
        r = cli("log", *args, cwd=g.root)
        assert r.exit_code == 2, args
        assert message in r.stderr, (args, r.stderr)
        assert "Traceback" not in r.output
    r = cli("log", "lesoffensief", cwd=g.root)
    assert r.exit_code == 2
    assert "did you mean 'leesoffensief'" in r.stderr


def _action_states(stdout: str) -> dict[str, tuple[str, str]]:
    doc = json.loads(stdout)
    return {a["id"]: (a["status"], a["due"]) for g in doc["goals"] for a in g["actions"]} | {
        "today": (doc["today"], "")
    }


def test_status_as_of_date_and_revision(tmp_path: Path) -> None:
    g = _history(tmp_path / "r")
    r = cli("status", "--as-of", "2021-06-12", "-f", "json", cwd=g.root)
    assert r.exit_code == 0, r.output
    assert _action_states(r.stdout) == {
        "leesoffensief": ("planned", "2022-06-01"),
        "today": ("2021-06-12", ""),
    }
    g.git("tag", "zomer", g.git("rev-list", "-1", "--before=2021-07-20", "HEAD"))
    r = cli("status", "--as-of", "zomer", "-f", "json", cwd=g.root)
    assert _action_states(r.stdout) == {
        "leesoffensief": ("active", "2023-06-30"),
        "today": ("2021-07-15", ""),
    }
    # BoekStart existed only between two commits
    r = cli("status", "--as-of", "2021-09-01", "-f", "json", cwd=g.root)
    assert set(_action_states(r.stdout)) == {"leesoffensief", "boekstart", "today"}
    for value, message in (
        ("2021-05-01", "git has no commit on or before 2021-05-01"),
        ("nope", "unknown revision 'nope'"),
        ("2021-99-01", "is not a valid date"),
    ):
        r = cli("status", "--as-of", value, cwd=g.root)
        assert r.exit_code == 2
        assert message in r.stderr


def test_status_without_git(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "plain")
    assert cli("status", cwd=root).exit_code == 0
    r = cli("status", "--as-of", "2021-07-01", cwd=root)
    assert r.exit_code == 2
    assert "--as-of needs git history" in r.stderr and "is not in a git repository" in r.stderr


def test_show_has_history(tmp_path: Path) -> None:
    g = _history(tmp_path / "r")
    s = _shorts(g)
    r = cli("show", "leesoffensief", cwd=g.root)
    assert r.exit_code == 0, r.output
    history = r.stdout[r.stdout.index("Geschiedenis") :]
    assert history == (
        "Geschiedenis\n"
        f"  laatste wijziging: 2021-08-15 door Anna Secretaris ({s['s7']}: Voortgang)\n"
        f"  2021-08-14  {s['s7']}  notitie: Eerste scholen doen mee.  (KB)\n"
        f"  2021-08-01  {s['s6']}  eigenaar: – → KB  (Anna Secretaris)\n"
        f"  2021-08-01  {s['s6']}  voortgang: – → 20  (Anna Secretaris)\n"
        f"  2021-07-15  {s['s5']}  deadline: 2022-12-31 → 2023-06-30 (2 keer verschoven)  (Anna Secretaris)\n"
        f"  2021-07-01  {s['s4']}  deadline: 2022-06-01 → 2022-12-31  (Anna Secretaris)\n"
        "  … agenda log leesoffensief\n"
    )
    assert "Geschiedenis" not in cli("show", "leesoffensief", cwd=make_repo(tmp_path / "p")).stdout


def test_tag_brief_tags_head_once(tmp_path: Path) -> None:
    import datetime as dt

    from netwerkagenda.errors import UsageError
    from netwerkagenda.history.timeline import latest_brief_tag, tag_brief, taggable

    g = GitRepo(tmp_path / "t")
    make_repo(g.root)
    with pytest.raises(UsageError, match=r"^brief tag needs a git repository with commits$"):
        taggable(Git.open(g.root))  # no commit yet
    with pytest.raises(UsageError):
        taggable(None)
    first = g.commit("Begin", "2021-06-01")
    git_ = taggable(Git.open(g.root))
    assert tag_brief(git_, dt.date(2021, 9, 20)) == "brief/2021-09-20"
    assert g.git("rev-parse", "brief/2021-09-20^{commit}") == first
    assert tag_brief(git_, dt.date(2021, 9, 20)) == "brief/2021-09-20"  # already there: kept
    assert latest_brief_tag(git_) == ("brief/2021-09-20", first, dt.date(2021, 9, 20))
    g.commit("Verder", "2021-09-25", {A: ACTION.replace("active", "done")})
    later = Git.open(g.root)
    assert later is not None
    with pytest.raises(UsageError) as exc:
        tag_brief(later, dt.date(2021, 9, 20))  # never moved to another commit
    assert exc.value.message == "brief tag: tag brief/2021-09-20 already exists on another commit"
    assert g.git("rev-parse", "brief/2021-09-20^{commit}") == first
    res = cli(
        "brief", "--since", "2021-06-01", "--until", "2021-09-20", "--tag", "--repo", str(g.root)
    )
    assert res.exit_code == 2
    assert "error: --tag: tag brief/2021-09-20 already exists on another commit" in res.stderr
