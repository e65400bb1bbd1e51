"""Shell completion of record ids, kinds, fields and statuses.

Typer's ``--install-completion`` / ``--show-completion`` install a script that calls
``agenda`` back with ``_AGENDA_COMPLETE`` set; these callbacks then answer from the
file names alone (the file stem is the id), so a completion never parses a record.
"""

from __future__ import annotations

import os
from pathlib import Path

import typer

# the model is imported inside the callbacks: they run only while completing
_KINDS = ("goal", "group", "action")


def _root(ctx: typer.Context) -> Path | None:
    from netwerkagenda.errors import AgendaError
    from netwerkagenda.settings import find_root

    repo = ctx.find_root().params.get("repo")
    try:
        return find_root(repo)
    except AgendaError:
        return None


def record_ids(root: Path, kind: str | None = None) -> dict[str, str]:
    """Every record id in the repository at ``root`` (optionally of one kind) -> its
    kind, from the names of the files in the kind folders."""
    from netwerkagenda.model import FOLDERS
    from netwerkagenda.records.paths import RecordPath

    out: dict[str, str] = {}
    for folder, k in FOLDERS.items():
        if kind is not None and k != kind:
            continue
        try:
            names = os.listdir(root / "data" / folder)
        except OSError:
            continue
        for name in names:
            place = RecordPath.parse(f"data/{folder}/{name}")
            if place is not None and not place.hidden:
                out.setdefault(place.id, k)
    return out


def _ids(ctx: typer.Context, incomplete: str, kind: str | None = None) -> list[str]:
    root = _root(ctx)
    if root is None:
        return []
    return sorted(i for i in record_ids(root, kind) if i.startswith(incomplete))


def complete_id(ctx: typer.Context, incomplete: str) -> list[str]:
    """Any record's id."""
    return _ids(ctx, incomplete)


def complete_action(ctx: typer.Context, incomplete: str) -> list[str]:
    return _ids(ctx, incomplete, "action")


def complete_goal(ctx: typer.Context, incomplete: str) -> list[str]:
    return _ids(ctx, incomplete, "goal")


def complete_group(ctx: typer.Context, incomplete: str) -> list[str]:
    return _ids(ctx, incomplete, "group")


def complete_kind(incomplete: str) -> list[str]:
    return [k for k in _KINDS if k.startswith(incomplete)]


def complete_folder(incomplete: str) -> list[str]:
    return [f"{k}s" for k in _KINDS if f"{k}s".startswith(incomplete)]


def complete_status(incomplete: str) -> list[str]:
    from netwerkagenda.model import STATUSES

    return [s for s in STATUSES if s.startswith(incomplete)]


def complete_assignment(ctx: typer.Context, incomplete: str) -> list[str]:
    """``FIELD=`` for the fields of the record named before, then values where they are
    known: statuses after ``status=``, ids after a reference field."""
    from netwerkagenda.model import KINDS, RECORD_FIELDS, STATUSES

    root = _root(ctx)
    rid = ctx.params.get("rid")
    kinds = record_ids(root) if root is not None else {}
    kind = kinds.get(rid) if isinstance(rid, str) else None
    fields = RECORD_FIELDS[kind] if kind else tuple(f for k in KINDS for f in RECORD_FIELDS[k])
    name, eq, value = incomplete.partition("=")
    before = [a for a in ctx.params.get("assignments") or [] if isinstance(a, str)]
    if not eq and len(before) >= 2 and before[-1] == "=":
        # bash splits words at '=' (COMP_WORDBREAKS): 'status = b' is one assignment,
        # and only the value is the word being completed
        name, eq, value, op = before[-2], "=", incomplete, ""
    elif not eq:
        names = sorted({f.name for f in fields})
        return [f"{n}=" for n in names if n.startswith(name)]
    else:
        op = None
    field_name = name.rstrip("+-")
    prefix = "" if op == "" else field_name + name[len(field_name) :] + "="
    if field_name == "status":
        values = list(STATUSES)
    elif field_name in ("goals", "group", "parent", "depends_on"):
        target = {"goals": "goal", "group": "group", "parent": "group"}.get(field_name, "action")
        values = sorted(i for i, k in kinds.items() if k == target)
    else:
        return []
    return [f"{prefix}{v}" for v in values if v.startswith(value)]
