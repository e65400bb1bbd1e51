"""The fast paths give what the plain ones give: parsing on forked workers, a git log
without a pathspec, and the working tree's parses reused by the history walk."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from netwerkagenda.perf import MIN_PER_WORKER, parallel_map, workers_for
from tests.helpers import ACTION, GitRepo, cache_dir, cli, make_repo

PARENT = os.getpid()


def _square(x: int) -> int:
    return x * x


def _pid(_: int) -> int:
    return os.getpid()


def _die_in_worker(x: int) -> int:
    if os.getpid() != PARENT:
        os._exit(3)  # a worker killed halfway: its part must be done again here
    return x + 1


def test_parallel_map_is_the_loop_on_more_cores() -> None:
    items = list(range(3 * MIN_PER_WORKER))
    assert parallel_map(_square, items) == [x * x for x in items]
    pids = set(parallel_map(_pid, items))
    assert len(pids) == workers_for(len(items))  # one per worker, this process included
    assert PARENT in pids
    assert parallel_map(_square, items[:5]) == [0, 1, 4, 9, 16]  # few items: no fork
    assert parallel_map(_square, []) == []


def test_parallel_map_redoes_the_part_of_a_worker_that_died() -> None:
    items = list(range(3 * MIN_PER_WORKER))
    assert parallel_map(_die_in_worker, items) == [x + 1 for x in items]


def _many(root: Path, n: int) -> GitRepo:
    """A history of ``n`` actions (some with problems) over three commits."""
    g = GitRepo(root)
    files: dict[str, str | bytes | None] = {}
    for i in range(n):
        body = ACTION.replace("Leesoffensief", f"Actie {i}")
        if i % 50 == 7:
            body = body.replace("status: active", "status: bezig")  # invalid-value
        path = f"data/actions/actie-{i}.{'toml' if i % 3 == 0 else 'yaml'}"
        if path.endswith(".toml"):
            body = (
                f'title = "Actie {i}"\ngoals = ["lezen"]\nstatus = "active"\n'
                'group = "koersgroep-lezen"\nstart = 2021-06-01\ndue = 2022-06-01\n'
            )
        files[path] = body
    make_repo(root, files)
    g.commit("Begin", "2021-06-01")
    later = {
        p: (b.replace("2022-06-01", "2022-12-31") if isinstance(b, str) else b)
        for p, b in list(files.items())[: n // 2]
    }
    g.commit("Later", "2021-07-01", later)
    g.commit("Klaar", "2021-08-01", {p: b.replace("active", "done") for p, b in later.items()})
    return g


def _outputs(root: Path, env: dict[str, str | None]) -> list[tuple[int, str, str]]:
    out = []
    for args in (
        ("validate", "--format", "json"),
        ("log", "--format", "json"),
        ("brief", "--since", "2021-05-01"),
    ):
        shutil.rmtree(cache_dir(root), ignore_errors=True)
        r = cli(*args, cwd=root, env=env)
        out.append((r.exit_code, r.stdout, r.stderr))
    return out


def test_parsing_on_workers_gives_what_one_process_gives(tmp_path: Path) -> None:
    n = 2 * MIN_PER_WORKER + 100
    g = _many(tmp_path / "r", n)
    one = _outputs(g.root, {"AGENDA_JOBS": "1"})
    assert _outputs(g.root, {"AGENDA_JOBS": None}) == one
    assert _outputs(g.root, {"AGENDA_JOBS": "1", "AGENDA_CACHE": "0"}) == one
    validate = json.loads(one[0][1])
    codes = [f["code"] for f in validate["findings"]]
    assert codes.count("invalid-value") == len([i for i in range(n) if i % 50 == 7 and i % 3])
    log = json.loads(one[1][1])
    assert log["commits"] == 3
    moved = [e for e in log["events"] if e["kind"] == "due"]
    assert len(moved) == n // 2


def test_log_without_a_pathspec_leaves_out_what_the_pathspec_left_out(tmp_path: Path) -> None:
    """The cached path reads the range without a pathspec; the uncached one walks it with
    ``-- data agenda.toml``. Commits touching no data (or only a symbolic link in it)
    count the same in both."""
    g = GitRepo(tmp_path / "r")
    make_repo(g.root)
    g.commit("Begin", "2021-06-01")
    g.commit("Leesmij", "2021-06-05", {"README.md": "# Agenda\n"})
    a = "data/actions/leesoffensief.yaml"
    g.commit("Later", "2021-06-10", {a: ACTION.replace("2022-06-01", "2022-12-31")})
    (g.root / "data/actions/link.yaml").symlink_to("leesoffensief.yaml")
    g.commit("Een link", "2021-06-12")
    g.commit("Leesmij weer", "2021-06-14", {"README.md": "# Agenda 2\n", "docs/a.md": "x\n"})
    results = []
    for cache in ("0", "1", "1"):
        r = cli("log", "--format", "json", cwd=g.root, env={"AGENDA_CACHE": cache})
        results.append((r.exit_code, r.stdout))
    assert results[0] == results[1] == results[2]
    doc = json.loads(results[0][1])
    assert doc["commits"] == 3  # Begin, Later and the link: not the two README commits
    assert [e["what"] for e in doc["events"] if e["kind"] == "due"] == [
        "deadline: 2022-06-01 → 2022-12-31"
    ]


# what each command may not import: gitpython never (git runs as a subprocess), and the
# template engine, the round-trip editors and the table printer only where they are used
_NEVER = {"git"}
_EDITORS = {"ruamel", "tomlkit"}
_IMPORT_RULES: list[tuple[tuple[str, ...], set[str]]] = [
    (("--version",), {"typer", "rich", "jinja2", "yaml", "tabulate", "orjson"} | _EDITORS),
    (("--help",), {"rich", "jinja2", "yaml", "tabulate", "orjson"} | _EDITORS),
    (("validate",), {"rich", "jinja2", "tabulate"} | _EDITORS),
    (("status",), {"jinja2", "tabulate"} | _EDITORS),
    (("list", "actions", "--format", "csv"), {"jinja2", "rich"} | _EDITORS),
    (("show", "leesoffensief"), {"jinja2", "tabulate"} | _EDITORS),
    (("log",), {"rich", "jinja2", "tabulate"} | _EDITORS),
    (("brief", "--since", "2021-06-01"), {"rich", "tabulate"} | _EDITORS),
    (("schema",), {"rich", "jinja2", "tabulate"} | _EDITORS),
]
_PROBE = """
import contextlib, io, json, sys
from netwerkagenda.__main__ import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    try:
        code = main(sys.argv[1:])
    except SystemExit as exc:
        code = exc.code
print(json.dumps([code, sorted({m.split(".")[0] for m in sys.modules})]))
"""


def test_no_command_imports_what_it_does_not_use(tmp_path: Path) -> None:
    import subprocess
    import sys

    g = GitRepo(tmp_path / "r")
    make_repo(g.root)
    g.commit("Begin", "2021-06-01")
    g.commit("Verder", "2021-07-01", {"data/actions/leesoffensief.yaml": ACTION + "progress: 40\n"})
    for args, forbidden in _IMPORT_RULES:
        p = subprocess.run(
            [sys.executable, "-c", _PROBE, *args],
            cwd=g.root,
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "AGENDA_CACHE": "0"},
        )
        code, modules = json.loads(p.stdout.splitlines()[-1])
        assert code == 0, (args, p.stderr)
        assert not (set(modules) & (forbidden | _NEVER)), (args, set(modules) & forbidden)
    # and the ones that do use them load them: the check above can fail
    p = subprocess.run(
        [sys.executable, "-c", _PROBE, "brief", "--since", "2021-06-01"],
        cwd=g.root, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "jinja2" in json.loads(p.stdout.splitlines()[-1])[1]
