"""Generate data repositories of realistic shape for the benchmark.

    python bench/generate.py OUT --records 2000 [--commits 10000] [--seed 1]
                             [--styles mix|plain]

Records: about 1 goal per 100 records, 1 group per 20, the rest actions; two thirds
YAML, one third TOML; about 25 lines each with dated updates, references, budgets.
With ``--commits M`` the history is M commits over two years of realistic edits (a
status moves on, a due date shifts, an update note is added, a record is added or
renamed), written in one ``git fast-import`` stream so that 10,000 commits take seconds.

``--styles plain`` writes every file in one style (``goals: [doel-17]``, quoted strings,
``[[updates]]``); ``--styles mix`` (the default) gives each file its own mix of the
styles people write: flow and block lists, plain, single- and double-quoted scalars,
full-line and trailing comments, multi-line notes (``|``, ``>``, quoted over several
lines, TOML multi-line basic and literal strings), TOML inline tables, arrays of inline tables and
arrays over several lines, and key orders that differ; in its histories a third of the
edits add an update note, so that records grow over time.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import random
import re
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


# --------------------------------------------------------------------------- styles

YAML_LISTS = ["flow", "flow-double", "flow-single", "block", "block-at-key"]
YAML_SCALARS = ["double", "plain", "single"]
YAML_NOTES = ["line", "literal", "folded", "double-lines"]
TOML_LISTS = ["line", "lines"]
TOML_STRINGS = ["basic", "literal"]
TOML_NOTES = ["line", "basic-lines", "literal-lines"]
TOML_TABLES = ["tables", "inline", "inline-lines"]
_PLAIN_SAFE = re.compile(r"[A-Za-z][A-Za-z0-9 ,.'-]*[A-Za-z0-9.]")
_PLAIN_WORDS = {"yes", "no", "on", "off", "y", "n", "true", "false", "null"}
Style = dict[str, object]


def style(rng: random.Random) -> Style:
    """One file's style: what a person writing it by hand might choose."""
    return {
        "lists": rng.choice(YAML_LISTS),
        "scalars": rng.choice(YAML_SCALARS),
        "notes": rng.choice(YAML_NOTES),
        "updates-at-key": rng.random() < 0.4,
        "head-comment": rng.random() < 0.4,
        "trailing-comments": rng.random() < 0.3,
        "document-start": rng.random() < 0.1,
        "order": rng.random() < 0.5,  # True: the keys in an order of their own
        "order-seed": rng.randrange(1 << 30),
        "toml-lists": rng.choice(TOML_LISTS),
        "toml-strings": rng.choice(TOML_STRINGS),
        "toml-notes": rng.choice(TOML_NOTES),
        "toml-tables": rng.choice(TOML_TABLES),
    }


def _ordered(rec: dict[str, object], st: Style) -> list[tuple[str, object]]:
    items = list(rec.items())
    if st["order"]:
        seed = int(str(st["order-seed"]))
        head, rest = items[:1], items[1:]
        random.Random(seed).shuffle(rest)
        items = head + rest if seed % 2 else rest[:1] + head + rest[1:]
    return items


def _lines_of(text: str, width: int = 6) -> list[str]:
    ws = text.split(" ")
    return [" ".join(ws[i : i + width]) for i in range(0, len(ws), width)]


def _y_str(s: str, how: str) -> str:
    plain_ok = (
        _PLAIN_SAFE.fullmatch(s) is not None
        and s.lower() not in _PLAIN_WORDS
        and not s[0].isdigit()
    )
    if how == "plain" and plain_ok:
        return s
    if how == "single" and "\n" not in s:
        return "'" + s.replace("'", "''") + "'"
    return _q(s)


def _y_scalar(v: object, how: str) -> str:
    if isinstance(v, dt.date | int):
        return str(v)
    return _y_str(str(v), how)


def _y_note(key: str, text: str, st: Style) -> list[str]:
    """``key`` with a long text: on one line, as a ``|`` or ``>`` block or quoted over
    several lines (the values differ: a literal block keeps its line breaks); the lines
    after the first without the indentation of ``key``."""
    lines = _lines_of(text)
    how = st["notes"]
    if how == "literal":
        return [f"{key}: |", *(f"  {x}" for x in lines)]
    if how == "folded":
        return [f"{key}: >", *(f"  {x}" for x in lines)]
    if how == "double-lines" and len(lines) > 1:
        body = [f"  {x}" for x in lines[1:]]
        body[-1] += '"'
        return [f'{key}: "{lines[0]}', *body]
    return [f"{key}: {_y_str(text, str(st['scalars']))}"]


def to_yaml_styled(rec: dict[str, object], st: Style) -> str:
    how = str(st["scalars"])
    lists = st["lists"]
    out: list[str] = []
    if st["document-start"]:
        out.append("---")
    if st["head-comment"]:
        out.append(f"# {rec.get('title', 'record')}")
    for k, v in _ordered(rec, st):
        if isinstance(v, list) and v and isinstance(v[0], dict):
            out.append(f"{k}:")
            ind = "" if st["updates-at-key"] else "  "
            for item in v:
                first = True
                for ik, iv in item.items():
                    lead = f"{ind}{'- ' if first else '  '}"
                    if ik == "text" and isinstance(iv, str):
                        note = _y_note(ik, iv, st)
                        out.append(lead + note[0])
                        out += [f"{ind}  {x}" for x in note[1:]]
                    else:
                        out.append(f"{lead}{ik}: {_y_scalar(iv, how)}")
                    first = False
        elif isinstance(v, list):
            if lists == "flow" or not v:
                out.append(f"{k}: [{', '.join(str(x) for x in v)}]")
            elif lists == "flow-double":
                out.append(f"{k}: [{', '.join(_q(str(x)) for x in v)}]")
            elif lists == "flow-single":
                out.append(f"{k}: [{', '.join(repr(str(x)) for x in v)}]")
            else:
                ind = "" if lists == "block-at-key" else "  "
                out.append(f"{k}:")
                out += [f"{ind}- {_y_scalar(x, how)}" for x in v]
        elif isinstance(v, dict):
            out.append(f"{k}:")
            out += [f"  {ik}: {_y_scalar(iv, how)}" for ik, iv in v.items()]
        elif k == "description" and isinstance(v, str):
            out += _y_note(k, v, st)
        else:
            line = f"{k}: {_y_scalar(v, how)}"
            if st["trailing-comments"] and k in ("status", "due", "owner"):
                line += f"  # {k} bijgewerkt"
            out.append(line)
    return "\n".join(out) + "\n"


def _t_scalar(v: object, st: Style) -> str:
    if isinstance(v, dt.date | int):
        return str(v)
    s = str(v)
    if st["toml-strings"] == "literal" and "'" not in s:
        return f"'{s}'"
    return _q(s)


def _t_inline(d: dict[str, object], st: Style) -> str:
    return "{" + ", ".join(f"{k} = {_t_scalar(v, st)}" for k, v in d.items()) + "}"


def to_toml_styled(rec: dict[str, object], st: Style) -> str:
    out: list[str] = []
    tables: list[str] = []
    how = st["toml-tables"]
    if st["head-comment"]:
        out.append(f"# {rec.get('title', 'record')}")
    for k, v in _ordered(rec, st):
        if isinstance(v, list) and v and isinstance(v[0], dict):
            if how == "tables":
                for item in v:
                    tables.append(f"\n[[{k}]]")
                    tables += [f"{ik} = {_t_scalar(iv, st)}" for ik, iv in item.items()]
            elif how == "inline":
                out.append(f"{k} = [{', '.join(_t_inline(x, st) for x in v)}]")
            else:
                out += [f"{k} = [", *(f"  {_t_inline(x, st)}," for x in v), "]"]
        elif isinstance(v, list):
            items = [_t_scalar(x, st) for x in v]
            if st["toml-lists"] == "lines" and items:
                out += [f"{k} = [", *(f"  {x}," for x in items), "]"]
            else:
                out.append(f"{k} = [{', '.join(items)}]")
        elif isinstance(v, dict):
            if how == "tables":
                tables.append(f"\n[{k}]")
                tables += [f"{ik} = {_t_scalar(iv, st)}" for ik, iv in v.items()]
            else:
                out.append(f"{k} = {_t_inline(v, st)}")
        elif k == "description" and isinstance(v, str) and st["toml-notes"] != "line":
            quote = '"' * 3 if st["toml-notes"] == "basic-lines" else "'" * 3
            out += [f"{k} = {quote}", *_lines_of(v), quote]
        else:
            line = f"{k} = {_t_scalar(v, st)}"
            if st["trailing-comments"] and k in ("status", "due", "owner"):
                line += f"  # {k} bijgewerkt"
            out.append(line)
    return "\n".join(out + tables) + "\n"


def render(rec: dict[str, object], rel: str, st: Style | None) -> str:
    """A record's file text: in the one plain style (``st`` None) or in ``st``."""
    if rel.endswith(".toml"):
        return to_toml(rec) if st is None else to_toml_styled(rec, st)
    return to_yaml(rec) if st is None else to_yaml_styled(rec, st)


def record_data(
    n: int, seed: int, overdue: float = 0.0, styles: str = "mix"
) -> dict[str, tuple[dict[str, object], Style | None]]:
    """Relative path -> (record, its style or ``None`` for the plain one) for ``n``
    records; a share ``overdue`` of the actions is late (a warning each, a quarter of
    them two)."""
    rng = random.Random(seed)
    srng = random.Random(seed + 7)  # its own stream: the records are the same in any style
    n_goals = max(1, n // 100)
    n_groups = max(1, n // 20)
    n_actions = max(1, n - n_goals - n_groups)
    goals = [f"doel-{i}" for i in range(n_goals)]
    groups = [f"groep-{i}" for i in range(n_groups)]
    out: dict[str, tuple[dict[str, object], Style | None]] = {}

    def put(folder: str, rid: str, rec: dict[str, object], k: int) -> None:
        ext = "toml" if k % 3 == 2 else "yaml"
        out[f"data/{folder}/{rid}.{ext}"] = (rec, style(srng) if styles == "mix" else None)

    for i, rid in enumerate(goals):
        put("goals", rid, goal(rng, i), i)
    for i, rid in enumerate(groups):
        put("groups", rid, group(rng, i, goals, groups[:i]), i)
    prev: list[str] = []
    for i in range(n_actions):
        rid = f"actie-{i}"
        put("actions", rid, action(rng, i, goals, groups, prev[-50:], overdue), i)
        prev.append(rid)
    return out


def records(n: int, seed: int, overdue: float = 0.0, styles: str = "mix") -> dict[str, str]:
    """Relative path -> file text for ``n`` records (see :func:`record_data`)."""
    return {
        rel: render(rec, rel, st)
        for rel, (rec, st) in record_data(n, seed, overdue, styles).items()
    }


def write_tree(out: Path, files: dict[str, str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "agenda.toml").write_text(SETTINGS)
    for rel, text in files.items():
        p = out / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)


def history(
    out: Path,
    files: dict[str, str],
    commits: int,
    seed: int,
    data: dict[str, tuple[dict[str, object], Style | None]] | None = None,
) -> None:
    """``commits`` commits over two years, ending 2023-01-01, in one fast-import. With
    ``data`` (the records and styles of ``files``, from :func:`record_data`) each edit
    changes the record and writes it again in its style, and a third of the edits add
    an update note dated that day; without it the edits are made to the text."""
    rng = random.Random(seed + 1)
    recs = {rel: (copy.deepcopy(rec), st) for rel, (rec, st) in (data or {}).items()}
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
        if p in recs:
            msg = _edit(rng, p, *recs[p], start + span * i / max(1, commits - 1))
            current[p] = render(recs[p][0], p, recs[p][1])
            commit(i, msg, [b"M 100644 inline " + p.encode() + b"\n" + blob(current[p])])
            continue
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


def _edit(
    rng: random.Random, p: str, rec: dict[str, object], st: Style | None, when: dt.datetime
) -> str:
    """Change ``rec`` as a person would; the commit message."""
    kind = rng.random()
    status = rec.get("status")
    if kind < 0.2 and isinstance(status, str):
        nxt = {"planned": "active", "active": "done", "blocked": "active"}.get(status)
        if nxt is not None:
            rec["status"] = nxt
            if nxt == "done":
                rec["progress"] = 100
                rec["done"] = max(when.date(), rec["start"])  # type: ignore[type-var]
            return f"Status bijgewerkt: {p}"
    if kind < 0.35 and isinstance(rec.get("due"), dt.date):
        rec["due"] = rec["due"] + dt.timedelta(days=rng.randint(14, 90))  # type: ignore[operator]
        return f"Deadline verschoven: {p}"
    if kind < 0.7 and isinstance(rec.get("updates"), list):
        updates = rec["updates"]
        assert isinstance(updates, list)
        day = max(when.date(), updates[-1]["date"] if updates else when.date())
        updates.append({"date": day, "text": words(rng, rng.randint(8, 30)), "author": "KB"})
        return f"Voortgang: {p}"
    rec["summary"] = words(rng, 10)
    return f"Tekst bijgewerkt: {p}"


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
    ap.add_argument(
        "--styles",
        choices=["mix", "plain"],
        default="mix",
        help="mix: each file in its own mix of the styles people write (default); "
        "plain: every file in the one style of the earlier benchmarks",
    )
    args = ap.parse_args()
    data = record_data(args.records, args.seed, args.overdue, args.styles)
    files = {rel: render(rec, rel, st) for rel, (rec, st) in data.items()}
    if args.commits:
        args.out.mkdir(parents=True, exist_ok=True)
        history(args.out, files, args.commits, args.seed, data if args.styles == "mix" else None)
    else:
        write_tree(args.out, files)


if __name__ == "__main__":
    main()
