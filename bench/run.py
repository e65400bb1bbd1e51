"""Benchmark agenda against its peers, side by side in one run.

    python bench/run.py [--runs 5] [--sizes 10,2000,10000] [--commits 1000,10000]
                        [--quick] [--styles plain|mix] [--readers-only]

Whole-process wall times (medians of ``--runs``) and peak memory of:

- ``agenda validate`` cold (no cache), warm (nothing changed) and with one changed file
  (the pre-commit case), ``status``, ``list``, ``show`` at each size, against
  ``check-jsonschema`` on the same files with the schema from ``agenda schema``;
- ``agenda log`` and ``agenda brief`` for the last year of repositories with
  ``--commits`` commits, against ``git-cliff`` on the same range;
- ``agenda --version`` and ``agenda --help``.

The peers are installed by this script into its own virtualenv (``bench/.peers``), never
as project dependencies. Generated repositories go to ``bench/.work`` (both ignored by
git). The figures and the ratios the performance issue sets are printed as a table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
PEERS = HERE / ".peers"
AGENDA = str(Path(sys.executable).parent / "agenda")

sys.path.insert(0, str(HERE))
import generate  # noqa: E402


@dataclass
class Timing:
    name: str
    seconds: list[float] = field(default_factory=list)
    peak_kib: int = 0

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def run_once(cmd: Sequence[str], cwd: Path, env: dict[str, str]) -> tuple[float, int, int]:
    """(wall seconds, peak RSS in KiB, exit code) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        list(cmd), cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, int(usage.ru_maxrss), proc.returncode


def measure(
    name: str,
    cmd: Sequence[str],
    cwd: Path,
    runs: int,
    env: dict[str, str] | None = None,
    before: Callable[[], None] | None = None,
    ok: Sequence[int] = (0, 1),
) -> Timing:
    t = Timing(name)
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    for _ in range(runs):
        run_into(t, cmd, cwd, full_env, before, ok)
    report(t)
    return t


def run_into(
    t: Timing,
    cmd: Sequence[str],
    cwd: Path,
    env: dict[str, str],
    before: Callable[[], None] | None = None,
    ok: Sequence[int] = (0, 1),
) -> None:
    """One run of ``cmd``, added to ``t``."""
    if before is not None:
        before()
    wall, peak, code = run_once(cmd, cwd, env)
    if code not in ok:
        raise SystemExit(f"{t.name}: {' '.join(cmd)} exited {code}")
    t.seconds.append(wall)
    t.peak_kib = max(t.peak_kib, peak)


def report(t: Timing) -> None:
    print(f"  {t.name:<44} {t.median:8.3f} s   {t.peak_kib / 1024:6.0f} MiB", flush=True)


def peers() -> tuple[str, str]:
    """Install check-jsonschema and git-cliff into bench/.peers; return their paths."""
    bindir = PEERS / "bin"
    cj, cliff = bindir / "check-jsonschema", bindir / "git-cliff"
    if not (cj.exists() and cliff.exists()):
        print("installing the peers into bench/.peers ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(PEERS)], check=True)
        subprocess.run(
            [str(bindir / "python"), "-m", "pip", "install", "-q", "check-jsonschema", "git-cliff"],
            check=True,
        )
    return str(cj), str(cliff)


STYLES = "plain"  # the style of the generated files (--styles)


def make_tree(n: int) -> Path:
    root = WORK / f"records-{n}-{STYLES}"
    if not (root / "agenda.toml").exists():
        generate.write_tree(root, generate.records(n, seed=1, styles=STYLES))
    return root


def make_history(commits: int, records: int) -> Path:
    root = WORK / f"history-{commits}-{STYLES}"
    if not (root / ".git").exists():
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        data = generate.record_data(records, seed=1, styles=STYLES)
        files = {rel: generate.render(rec, rel, st) for rel, (rec, st) in data.items()}
        generate.history(root, files, commits, 1, data if STYLES == "mix" else None)
    return root


def bench_readers(n: int, runs: int, styles: str) -> None:
    """In this process: for the files of ``n`` generated records, the share each
    reader takes (the fast reader or the full parser) per format, and µs per file,
    overall and per style (one row per choice of the style mix that files have)."""
    from netwerkagenda.records import fastread
    from netwerkagenda.records.toml_read import parse_toml_full
    from netwerkagenda.records.yaml_read import parse_yaml_full, plain_value

    data = generate.record_data(n, seed=1, styles=styles)
    texts = {rel: generate.render(rec, rel, st) for rel, (rec, st) in data.items()}

    def fast(rel: str, text: str) -> object:
        if rel.endswith(".toml"):
            return fastread.toml(text)
        return fastread.yaml(text, plain_value)

    def full(rel: str, text: str) -> object:
        return (parse_toml_full if rel.endswith(".toml") else parse_yaml_full)(text, rel)

    def best(fn: Callable[[str, str], object], rel: str, text: str) -> float:
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            fn(rel, text)
            times.append(time.perf_counter() - t0)
        return statistics.median(times)

    rows: dict[tuple[str, str], list[tuple[bool, float, float]]] = {}
    for rel, text in texts.items():
        ext = rel.rsplit(".", 1)[1]
        took = fast(rel, text) is not None
        t_fast = best(fast, rel, text) if took else 0.0
        t_full = best(full, rel, text)
        t_agenda = t_fast + t_full * (not took)  # what agenda spends on the file
        st = data[rel][1]
        keys = ["all"]
        if st is not None:  # the choices of this format's style
            shared = ("head-comment", "trailing-comments", "order")
            keys += [
                f"{k}={v}"
                for k, v in st.items()
                if k in shared or (k != "order-seed" and k.startswith("toml-") == (ext == "toml"))
            ]
        for key in keys:
            rows.setdefault((ext, key), []).append((took, t_agenda, t_full))
    print(f"\nreaders on {n:,} records ({styles} styles; in-process, medians of {runs})")
    print(f"  {'format':<6} {'style':<28} {'files':>6} {'fast':>6} {'µs/file':>8} {'full µs':>8}")
    for (ext, key), vals in sorted(
        rows.items(), key=lambda kv: (kv[0][0], kv[0][1] != "all", kv[0][1])
    ):
        share = sum(v[0] for v in vals) / len(vals)
        us = statistics.mean(v[1] for v in vals) * 1e6
        us_full = statistics.mean(v[2] for v in vals) * 1e6
        print(f"  {ext:<6} {key:<28} {len(vals):>6} {share:>6.0%} {us:>8.0f} {us_full:>8.0f}")


def schemas(root: Path) -> Path:
    out = root.parent / f"{root.name}-schema"
    if not out.exists():
        subprocess.run([AGENDA, "schema", "--repo", str(root), "--output", str(out)], check=True)
    return out


def record_sets(root: Path) -> list[tuple[str, list[str]]]:
    out = []
    for folder, kind in (("goals", "goal"), ("groups", "group"), ("actions", "action")):
        files = sorted(str(p) for p in (root / "data" / folder).iterdir())
        out.append((kind, files))
    return out


def bench_records(n: int, runs: int, cj: str, results: dict[str, Timing]) -> None:
    root = make_tree(n)
    print(f"\n{n:,} records ({root})", flush=True)
    env_cold = {"AGENDA_CACHE": "0"}
    results[f"validate-cold-{n}"] = measure(
        "agenda validate (no cache)", [AGENDA, "validate"], root, runs, env_cold
    )
    run_once([AGENDA, "validate"], root, dict(os.environ))  # fill the cache
    results[f"validate-warm-{n}"] = measure(
        "agenda validate (cached, nothing changed)", [AGENDA, "validate"], root, runs
    )
    victim = next((root / "data/actions").glob("*.yaml"))
    original = victim.read_text()
    flip = [0]

    def change_one() -> None:
        flip[0] += 1
        victim.write_text(original.replace("title:", f"# edit {flip[0]}\ntitle:", 1))

    rel = str(victim.relative_to(root))
    results[f"validate-one-{n}"] = measure(
        "agenda validate FILE (one file changed)",
        [AGENDA, "validate", rel],
        root,
        runs,
        before=change_one,
    )
    victim.write_text(original)
    results[f"status-{n}"] = measure(
        "agenda status --format plain", [AGENDA, "status", "--format", "plain"], root, runs
    )
    results[f"list-{n}"] = measure(
        "agenda list actions --where status=active",
        [AGENDA, "list", "actions", "--where", "status=active", "--format", "plain"],
        root,
        runs,
    )
    results[f"show-{n}"] = measure("agenda show actie-1", [AGENDA, "show", "actie-1"], root, runs)
    results[f"site-{n}"] = measure(
        "agenda site (a page per record)",
        [AGENDA, "site", "--output", str(WORK / f"site-records-{n}")],
        root,
        runs,
    )
    schema_dir = schemas(root)
    # check-jsonschema takes one schema per run: one run per kind, summed
    parts = []
    for kind, files in record_sets(root):
        schema = schema_dir / f"{kind}.schema.json"
        parts.append(
            measure(
                f"check-jsonschema {kind}s ({len(files)} files)",
                [cj, "--schemafile", str(schema), *files],
                root,
                runs,
            )
        )
    total = Timing("check-jsonschema (all kinds)")
    total.seconds = [sum(x) for x in zip(*(p.seconds for p in parts), strict=True)]
    total.peak_kib = max(p.peak_kib for p in parts)
    print(f"  {total.name:<44} {total.median:8.3f} s", flush=True)
    results[f"cj-{n}"] = total


def bench_history(
    commits: int, records: int, runs: int, cliff: str, results: dict[str, Timing]
) -> None:
    root = make_history(commits, records)
    print(f"\n{commits:,} commits, {records:,} records ({root})", flush=True)
    head = subprocess.run(
        ["git", "log", "-1", "--format=%cI"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.strip()
    end = dt.datetime.fromisoformat(head)
    since = (end - dt.timedelta(days=365)).date().isoformat()
    base = subprocess.run(
        ["git", "rev-list", "-1", f"--before={since}", "HEAD"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    n_range = subprocess.run(
        ["git", "rev-list", "--count", f"{base}..HEAD"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    print(f"  last year: {n_range} commits since {since}", flush=True)
    cliff_cmd = [cliff, "--config", str(HERE / "cliff.toml"), f"{base}..HEAD", "-o", "-"]
    results[f"cliff-cold-{commits}"] = measure(
        "git-cliff (last year, first run)", cliff_cmd, root, 1
    )
    from netwerkagenda.cache import folder

    cache_dir = folder(root)  # the user's cache folder for this repository

    def drop_cache() -> None:
        if cache_dir is not None:
            shutil.rmtree(cache_dir, ignore_errors=True)

    log_cmd = [AGENDA, "log", "--since", since]
    brief_cmd = [AGENDA, "brief", "--since", since]
    # one round runs each command once, in this order (a warm run right after the cold
    # one that filled the cache); rounds repeat, so that the machine's drift over the
    # minutes of a run weighs on agenda and git-cliff alike
    results.update(
        measure_rounds(
            [
                (f"cliff-{commits}", "git-cliff (last year)", cliff_cmd, None),
                (f"log-cold-{commits}", "agenda log --since (no cache)", log_cmd, drop_cache),
                (f"log-{commits}", "agenda log --since (warm)", log_cmd, None),
                (f"brief-cold-{commits}", "agenda brief --since (no cache)", brief_cmd, drop_cache),
                (f"brief-{commits}", "agenda brief --since (warm)", brief_cmd, None),
            ],
            root,
            runs,
        )
    )
    # the site tells every record's whole history and the current period's brief
    site_cmd = [AGENDA, "site", "--output", str(WORK / f"site-history-{commits}")]
    results[f"site-{commits}"] = measure("agenda site (whole history, warm)", site_cmd, root, runs)


def measure_rounds(
    commands: list[tuple[str, str, list[str], Callable[[], None] | None]],
    cwd: Path,
    runs: int,
) -> dict[str, Timing]:
    """``runs`` rounds of (key, name, command, before) commands, one run each a round."""
    env = {**os.environ, "NO_COLOR": "1"}
    out = {key: Timing(name) for key, name, _, _ in commands}
    for _ in range(runs):
        for key, _, cmd, before in commands:
            run_into(out[key], cmd, cwd, env, before)
    for t in out.values():
        report(t)
    return out


def ratio(results: dict[str, Timing], a: str, b: str) -> float:
    return results[a].median / results[b].median


def compile_agenda() -> None:
    """Compile agenda's modules to bytecode first, as installing a wheel does. A
    checkout installed with ``pip install -e`` compiles them on its first run, unless
    ``PYTHONDONTWRITEBYTECODE`` is set (as on some CI machines): every run would then
    compile 35 modules again (~50 ms) and time that instead of agenda."""
    import netwerkagenda

    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(Path(netwerkagenda.__file__).parent)],
        check=True,
        env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sizes", default="10,2000,10000")
    ap.add_argument("--commits", default="1000,10000")
    ap.add_argument("--history-records", type=int, default=2000)
    ap.add_argument("--quick", action="store_true", help="sizes 10,2000; 1000 commits; 3 runs")
    ap.add_argument(
        "--styles",
        choices=["mix", "plain"],
        default="plain",
        help="the style of the generated files (see bench/generate.py): plain (the "
        "default, the style the targets were measured on) or mix; the readers table "
        "is printed for the mix either way",
    )
    ap.add_argument("--readers-only", action="store_true", help="only the in-process readers table")
    args = ap.parse_args()
    global STYLES
    STYLES = args.styles
    if args.quick:
        args.sizes, args.commits, args.runs = "10,2000", "1000", 3
    sizes = [int(x) for x in args.sizes.split(",") if x]
    commit_counts = [int(x) for x in args.commits.split(",") if x]
    for styles in dict.fromkeys(["mix", STYLES]):
        bench_readers(2000, args.runs, styles)
    if args.readers_only:
        return
    if not Path(AGENDA).exists():
        raise SystemExit(f"agenda is not installed beside {sys.executable}")
    cj, cliff = peers()
    WORK.mkdir(exist_ok=True)
    compile_agenda()
    print(
        f"{dt.date.today()}  {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; medians of {args.runs} runs",
        flush=True,
    )
    results: dict[str, Timing] = {}
    results["version"] = measure("agenda --version", [AGENDA, "--version"], HERE, args.runs)
    results["help"] = measure("agenda --help", [AGENDA, "--help"], HERE, args.runs)
    for n in sizes:
        bench_records(n, args.runs, cj, results)
    for c in commit_counts:
        bench_history(c, args.history_records, args.runs, cliff, results)

    print("\nTargets (ratio = agenda / peer; lower is better)")
    rows: list[tuple[str, str, str]] = []

    def target(label: str, value: float, limit: float, unit: str = "x", judged: str = "") -> None:
        # judged: why this run's sizes are not the ones the target is set for
        ok = judged or ("ok" if value <= limit else "MISSED")
        shown = f"{value:.2f}{unit}" if unit == "x" else f"{value:.0f} {unit}"
        lim = f"<= {limit:g}{unit}" if unit == "x" else f"<= {limit:g} {unit}"
        rows.append((label, shown, f"{lim} {ok}"))

    if 2000 in sizes:
        target(
            "validate 2,000 cold / check-jsonschema",
            ratio(results, "validate-cold-2000", "cj-2000"),
            0.25,
        )
        target(
            "validate 2,000 warm / check-jsonschema",
            ratio(results, "validate-warm-2000", "cj-2000"),
            0.1,
        )
        target(
            "validate 2,000 one file / check-jsonschema",
            ratio(results, "validate-one-2000", "cj-2000"),
            0.15,
        )
    # the history targets are set for 10,000 commits (and one for 50,000): on a smaller
    # history agenda's start-up outweighs the work (git-cliff takes 0.05 s for 1,000)
    if 10_000 in commit_counts:
        for cmd, cold, warm in (("log", 2.5, 1.0), ("brief", 1.0, 0.5)):
            target(
                f"{cmd} last year of 10,000 cold / git-cliff",
                ratio(results, f"{cmd}-cold-10000", "cliff-cold-10000"),
                cold,
            )
            target(
                f"{cmd} last year of 10,000 warm / git-cliff",
                ratio(results, f"{cmd}-10000", "cliff-10000"),
                warm,
            )
    if 50_000 in commit_counts:
        target(
            "brief last year of 50,000 cold / git-cliff",
            ratio(results, "brief-cold-50000", "cliff-cold-50000"),
            1.5,
        )
    if 10_000 in sizes:
        target("validate FILE at 10,000", results["validate-one-10000"].median * 1000, 300, "ms")
    target("agenda --version", results["version"].median * 1000, 150, "ms")
    target("agenda --help", results["help"].median * 1000, 150, "ms")
    top = max(sizes)
    why = "" if top >= 10_000 else "(not judged: the target is for 10,000 records)"
    for cmd in ("validate-cold", "status"):
        target(
            f"peak memory {cmd} at {top:,}",
            results[f"{cmd}-{top}"].peak_kib / 1024,
            150 if cmd == "validate-cold" else 200,
            "MiB",
            judged=why,
        )
    width = max(len(r[0]) for r in rows)
    for label, value, verdict in rows:
        print(f"  {label:<{width}}  {value:>9}  {verdict}")


if __name__ == "__main__":
    main()
