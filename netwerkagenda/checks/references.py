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


def _ids_by_kind(ctx: Context) -> dict[str, list[str]]:
    by_kind: dict[str, list[str]] = {}
    for r in ctx.records.values():
        by_kind.setdefault(r.kind, []).append(r.id)
    return by_kind


def missing_or_wrong_kind(ctx: Context) -> Iterator[Problem]:
    known: list[dict[str, list[str]]] = []  # the ids of each kind, made when first needed

    def candidates(kind: str) -> list[str]:
        if not known:
            known.append(_ids_by_kind(ctx))
        return known[0].get(kind, [])

    for rec in ctx.checked():
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
                    did_you_mean(target, candidates(kind)),
                )
            elif hit.kind != kind:
                yield error(
                    "wrong-kind-reference",
                    rec.file,
                    f"{name} refers to '{target}', which is a {hit.kind}, not a {kind}",
                    path,
                    did_you_mean(target, candidates(kind)),
                )
            elif target == rec.id:
                yield error("self-reference", rec.file, f"{name} refers to the record itself", path)


def _on_a_cycle(ctx: Context, start: Record, name: str) -> bool:
    """Whether ``start`` can reach itself by its ``name`` references (to records of its
    kind): a cycle reported on it is one it lies on."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        rec = todo.pop()
        for t in rec.ids(name):
            hit = ctx.records.get(t)
            if hit is None or hit.kind != start.kind:
                continue
            if t == start.id:
                return True
            if t not in seen:
                seen.add(t)
                todo.append(hit)
    return False


def _cycles(ctx: Context, kind: str, name: str) -> Iterator[tuple[Record, list[str]]]:
    """Each cycle once, reported on its smallest id. With a focus, nothing unless a
    record of it lies on a cycle (then the whole search, which alone says which cycles
    are found and on which record each is reported)."""
    if ctx.focus is not None and not any(
        r.kind == kind and _on_a_cycle(ctx, r, name) for r in ctx.focus
    ):
        return
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
