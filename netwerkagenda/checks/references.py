"""References between records: they exist, name the right kind, and make no cycles."""

from __future__ import annotations

from collections.abc import Iterator

from netwerkagenda.checks import Context
from netwerkagenda.findings import Problem, error
from netwerkagenda.model import Record, ref_fields
from netwerkagenda.suggest import did_you_mean


def _refs(rec: Record) -> Iterator[tuple[str, int | None, str, str]]:
    """(field, index or None, target id, expected kind) for every reference."""
    for name, kind in ref_fields(rec.kind).items():
        v = rec.data.get(name)
        if isinstance(v, str):
            yield name, None, v, kind
        elif isinstance(v, list):
            for i, x in enumerate(v):
                if isinstance(x, str):
                    yield name, i, x, kind


def missing_or_wrong_kind(ctx: Context) -> Iterator[Problem]:
    by_kind: dict[str, list[str]] = {}
    for r in ctx.records.values():
        by_kind.setdefault(r.kind, []).append(r.id)
    for rec in ctx.records.values():
        for name, idx, target, kind in _refs(rec):
            path = (name,) if idx is None else (name, idx)
            hit = ctx.records.get(target)
            if hit is None and target in ctx.unreadable:
                continue
            if hit is None:
                yield error(
                    "missing-reference",
                    rec.file,
                    f"{name} refers to '{target}', but there is no {kind} with that id",
                    path,
                    did_you_mean(target, by_kind.get(kind, [])),
                )
            elif hit.kind != kind:
                yield error(
                    "wrong-kind-reference",
                    rec.file,
                    f"{name} refers to '{target}', which is a {hit.kind}, not a {kind}",
                    path,
                    did_you_mean(target, by_kind.get(kind, [])),
                )
            elif target == rec.id:
                yield error("self-reference", rec.file, f"{name} refers to the record itself", path)


def _cycles(ctx: Context, kind: str, name: str) -> Iterator[tuple[Record, list[str]]]:
    """Each cycle once, reported on its smallest id."""
    edges = {
        r.id: [t for t in r.ids(name) if t in ctx.records and ctx.records[t].kind == kind]
        for r in ctx.records.values()
        if r.kind == kind
    }
    seen: set[frozenset[str]] = set()
    state: dict[str, int] = {}  # 1 on the stack, 2 done

    for start in sorted(edges):
        if state.get(start):
            continue
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(edges[start]))]
        path = [start]
        state[start] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node] = 2
                stack.pop()
                path.pop()
                continue
            if state.get(nxt) == 1:
                cyc = path[path.index(nxt) :]
                key = frozenset(cyc)
                if key not in seen:
                    seen.add(key)
                    first = min(cyc)
                    i = cyc.index(first)
                    yield ctx.records[first], [*cyc[i:], *cyc[:i], first]
            elif not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append((nxt, iter(edges.get(nxt, []))))


def parent_cycles(ctx: Context) -> Iterator[Problem]:
    for rec, cyc in _cycles(ctx, "group", "parent"):
        yield error(
            "parent-cycle", rec.file, f"parent groups form a cycle: {' → '.join(cyc)}", ("parent",)
        )


def dependency_cycles(ctx: Context) -> Iterator[Problem]:
    for rec, cyc in _cycles(ctx, "action", "depends_on"):
        nxt = cyc[1]
        idx = rec.ids("depends_on").index(nxt)
        yield error(
            "dependency-cycle",
            rec.file,
            f"depends_on forms a cycle: {' → '.join(cyc)}",
            ("depends_on", idx),
        )
