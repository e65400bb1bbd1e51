"""Generate data repositories of realistic shape for the benchmark.

    python bench/generate.py OUT --records 2000 [--commits 10000] [--seed 1]

Records: about 1 goal per 100 records, 1 group per 20, the rest actions; two thirds
YAML, one third TOML; about 25 lines each with dated updates, references, budgets.
With ``--commits M`` the history is M commits over two years of realistic edits (a
status moves on, a due date shifts, an update note is added, a record is added or
renamed), written in one ``git fast-import`` stream so that 10,000 commits take seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import subprocess
from pathlib import Path

STATUSES = ["planned", "active", "active", "active", "done", "blocked", "cancelled"]
WORDS = [
    "lezen",
    "taal",
    "digitale",
    "inclusie",
    "bibliotheek",
    "netwerk",
    "collectie",
    "onderzoek",
    "plan",
    "aanpak",
    "innovatie",
    "fieldlab",
    "scholen",
    "gemeenten",
    "provincie",
    "kennis",
    "data",
    "platform",
    "vrijwilligers",
    "basisvaardigheden",
    "jeugd",
    "ouderen",
    "informatiepunt",
    "overheid",
    "subsidie",
    "monitor",
    "kwaliteit",
]
SETTINGS = """\
[agenda]
name = "Benchmarkprogramma"
language = "nl"
start = 2021-01-01
end = 2025-12-31
as_of = 2023-01-01

[groups]
kinds = ["netwerkoverleg", "koersgroep", "reflectiegroep", "kernteam", "fieldlab", "werkgroep"]
"""


def words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def goal(rng: random.Random, i: int) -> dict[str, object]:
    return {
        "title": f"Doel {i}: {words(rng, 4)}",
        "summary": words(rng, 10),
        "owner": "Netwerkoverleg",
        "order": i,
        "tags": [rng.choice(WORDS), rng.choice(WORDS)],
    }


def group(rng: random.Random, i: int, goals: list[str], groups: list[str]) -> dict[str, object]:
    rec: dict[str, object] = {
        "title": f"Groep {i} {words(rng, 2)}",
        "kind": rng.choice(["koersgroep", "werkgroep", "fieldlab", "reflectiegroep"]),
        "goals": rng.sample(goals, k=min(len(goals), 2)),
        "chair": rng.choice(["KB", "SPN", "VOB"]),
        "members": ["KB", "SPN", "VOB"][: rng.randint(1, 3)],
        "started": dt.date(2021, rng.randint(1, 12), rng.randint(1, 28)),
        "summary": words(rng, 8),
    }
    if groups:
        rec["parent"] = groups[0]
    return rec


def action(
    rng: random.Random,
    i: int,
    goals: list[str],
    groups: list[str],
    prev: list[str],
    overdue: float = 0.0,
) -> dict[str, object]:
    start = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randint(0, 600))
    due = start + dt.timedelta(days=rng.randint(200, 900))
    status = rng.choice(STATUSES)
    late = overdue > 0 and rng.random() < overdue
    if late:  # due before as_of (2023-01-01) and not finished: an 'overdue' warning
        due = start + dt.timedelta(days=rng.randint(30, 100))
        status = rng.choice(["planned", "active", "blocked"])
    rec: dict[str, object] = {
        "title": f"Actie {i}: {words(rng, 5)}",
        "goals": rng.sample(goals, k=min(len(goals), rng.randint(1, 2))),
        "status": status,
        "group": rng.choice(groups),
        "owner": rng.choice(["KB", "SPN", "VOB", "POI Noord", "Bibliotheek Utrecht"]),
        "start": start,
        "due": due,
        "progress": rng.randint(0, 100) if status == "active" else 0,
        "summary": words(rng, 12),
        "description": words(rng, 30),
        "tags": [rng.choice(WORDS)],
        "updates": [
            {"date": start + dt.timedelta(days=30 * k + 1), "text": words(rng, 14), "author": "KB"}
            for k in range(rng.randint(1, 3))
        ],
    }
    if late and rng.random() < 0.25:  # and a note dated after as_of: 'update-in-future'
        updates = rec["updates"]
        assert isinstance(updates, list)
        updates[-1]["date"] = dt.date(2023, 2, 1)
    if status == "done":
        rec["done"] = min(due, dt.date(2022, 12, 31))
        rec["progress"] = 100
        if rec["done"] < start:  # type: ignore[operator]
            rec["done"] = start
    if prev and rng.random() < 0.3:
        rec["depends_on"] = [rng.choice(prev)]
    if rng.random() < 0.3:
        rec["budget"] = {"amount": rng.randint(1, 500) * 1000, "currency": "EUR"}
    return rec


def to_yaml(rec: dict[str, object]) -> str:
    out: list[str] = []
    for k, v in rec.items():
        if isinstance(v, list) and v and isinstance(v[0], dict):
            out.append(f"{k}:")
            for item in v:
                first = True
                for ik, iv in item.items():
                    val = iv.isoformat() if isinstance(iv, dt.date) else _q(str(iv))
                    out.append(f"  {'- ' if first else '  '}{ik}: {val}")
                    first = False
        elif isinstance(v, list):
            out.append(f"{k}: [{', '.join(str(x) for x in v)}]")
        elif isinstance(v, dict):
            out.append(f"{k}:")
            out += [f"  {ik}: {iv}" for ik, iv in v.items()]
        elif isinstance(v, dt.date | int):
            out.append(f"{k}: {v}")
        else:
            out.append(f"{k}: {_q(str(v))}")
    return "\n".join(out) + "\n"


def to_toml(rec: dict[str, object]) -> str:
    out: list[str] = []
    tables: list[str] = []
    for k, v in rec.items():
        if isinstance(v, list) and v and isinstance(v[0], dict):
            for item in v:
                tables.append(f"\n[[{k}]]")
                for ik, iv in item.items():
                    val = iv.isoformat() if isinstance(iv, dt.date) else _q(str(iv))
                    tables.append(f"{ik} = {val}")
        elif isinstance(v, list):
            out.append(f"{k} = [{', '.join(_q(str(x)) for x in v)}]")
        elif isinstance(v, dict):
            tables.append(f"\n[{k}]")
            tables += [
                f"{ik} = {iv if isinstance(iv, int) else _q(str(iv))}" for ik, iv in v.items()
            ]
        elif isinstance(v, dt.date | int):
            out.append(f"{k} = {v}")
        else:
            out.append(f"{k} = {_q(str(v))}")
    return "\n".join(out + tables) + "\n"


def records(n: int, seed: int, overdue: float = 0.0) -> dict[str, str]:
    """Relative path -> file text for ``n`` records; a share ``overdue`` of the actions
    is late (a warning each, a quarter of them two)."""
    rng = random.Random(seed)
    n_goals = max(1, n // 100)
    n_groups = max(1, n // 20)
    n_actions = max(1, n - n_goals - n_groups)
    goals = [f"doel-{i}" for i in range(n_goals)]
    groups = [f"groep-{i}" for i in range(n_groups)]
    files: dict[str, str] = {}

    def put(folder: str, rid: str, rec: dict[str, object], k: int) -> None:
        if k % 3 == 2:
            files[f"data/{folder}/{rid}.toml"] = to_toml(rec)
        else:
            files[f"data/{folder}/{rid}.yaml"] = to_yaml(rec)

    for i, rid in enumerate(goals):
        put("goals", rid, goal(rng, i), i)
    for i, rid in enumerate(groups):
        put("groups", rid, group(rng, i, goals, groups[:i]), i)
    prev: list[str] = []
    for i in range(n_actions):
        rid = f"actie-{i}"
        put("actions", rid, action(rng, i, goals, groups, prev[-50:], overdue), i)
        prev.append(rid)
    return files


def write_tree(out: Path, files: dict[str, str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "agenda.toml").write_text(SETTINGS)
    for rel, text in files.items():
        p = out / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)


def history(out: Path, files: dict[str, str], commits: int, seed: int) -> None:
    """``commits`` commits over two years, ending 2023-01-01, in one fast-import."""
    rng = random.Random(seed + 1)
    subprocess.run(["git", "init", "-q", "-b", "main", str(out)], check=True)
    paths = sorted(files)
    current = dict(files)
    start = dt.datetime(2021, 1, 1, 9, 0, tzinfo=dt.UTC)
    span = dt.timedelta(days=730)
    chunks: list[bytes] = []

    def blob(text: str) -> bytes:
        data = text.encode()
        return b"data %d\n%s\n" % (len(data), data)

    def commit(i: int, msg: str, ops: list[bytes]) -> None:
        when = start + span * i / max(1, commits - 1)
        ts = int(when.timestamp())
        author = rng.choice(["Anna de Vries", "Bas Jansen", "Carla Smit"])
        head = (
            f"commit refs/heads/main\nauthor {author} <{author.split()[0].lower()}@example.org> "
            f"{ts} +0000\ncommitter {author} <{author.split()[0].lower()}@example.org> {ts} +0000\n"
        ).encode()
        chunks.append(head + blob(msg) + b"".join(ops) + b"\n")

    # the first commit holds the settings and a fifth of the records; later commits add
    # the rest and edit what is there
    initial = paths[: max(1, len(paths) // 5)]
    pending = paths[len(initial) :]
    ops = [b"M 100644 inline agenda.toml\n" + blob(SETTINGS)]
    ops += [b"M 100644 inline " + p.encode() + b"\n" + blob(current[p]) for p in initial]
    commit(0, "Eerste versie", ops)
    live = list(initial)
    for i in range(1, commits):
        if pending and rng.random() < len(pending) / max(1, commits - i):
            p = pending.pop()
            live.append(p)
            commit(i, f"Nieuw: {p}", [b"M 100644 inline " + p.encode() + b"\n" + blob(current[p])])
            continue
        p = rng.choice(live)
        text = current[p]
        kind = rng.random()
        if kind < 0.3 and ("status: " in text or "status = " in text):
            for a, b in (("planned", "active"), ("active", "done"), ("blocked", "active")):
                if a in text:
                    text = text.replace(a, b, 1)
                    break
            msg = f"Status bijgewerkt: {p}"
        elif kind < 0.5 and ("due: " in text or "due = " in text):
            sep = ": " if p.endswith(".yaml") else " = "
            line = next(x for x in text.splitlines() if x.startswith("due" + sep))
            d = dt.date.fromisoformat(line.split(sep)[1]) + dt.timedelta(days=rng.randint(14, 90))
            text = text.replace(line, f"due{sep}{d.isoformat()}")
            msg = f"Deadline verschoven: {p}"
        else:
            text = text.replace("summary", "summary", 1).rstrip("\n") + "\n"
            text = text.replace("title", "title", 1)  # keep shape; edit the summary text below
            lines = text.splitlines()
            for n, x in enumerate(lines):
                if x.startswith(("summary:", "summary =")):
                    sep = ": " if ":" in x.split()[0] else " = "
                    lines[n] = f"summary{sep}{_q(words(rng, 10))}"
                    break
            text = "\n".join(lines) + "\n"
            msg = f"Tekst bijgewerkt: {p}"
        current[p] = text
        commit(i, msg, [b"M 100644 inline " + p.encode() + b"\n" + blob(text)])
    for p in pending:  # anything not yet added
        live.append(p)
    if pending:
        commit(
            commits,
            "Rest",
            [b"M 100644 inline " + p.encode() + b"\n" + blob(current[p]) for p in pending],
        )
    subprocess.run(["git", "fast-import", "--quiet"], cwd=out, input=b"".join(chunks), check=True)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=out, check=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--records", type=int, default=2000)
    ap.add_argument("--commits", type=int, default=0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--overdue",
        type=float,
        default=0.0,
        metavar="SHARE",
        help="share of the actions (0-1) that are overdue, so that most records carry "
        "a warning (default 0: as many as chance gives, about a quarter)",
    )
    args = ap.parse_args()
    files = records(args.records, args.seed, args.overdue)
    if args.commits:
        args.out.mkdir(parents=True, exist_ok=True)
        history(args.out, files, args.commits, args.seed)
    else:
        write_tree(args.out, files)


if __name__ == "__main__":
    main()
