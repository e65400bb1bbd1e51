"""``agenda set ID FIELD=VALUE...``: change fields, keeping the file as written."""

from __future__ import annotations

from typing import Annotated

import typer

from netwerkagenda.cli.common import RepoOption
from netwerkagenda.cli.editing import CommitOption, DryRunOption


def set_fields(
    ctx: typer.Context,
    rid: Annotated[str, typer.Argument(metavar="ID", help="The record.", show_default=False)],
    assignments: Annotated[
        list[str],
        typer.Argument(
            metavar="FIELD=VALUE...",
            help="FIELD=VALUE sets (dates YYYY-MM-DD, lists [a, b]); FIELD= removes an "
            "optional field; FIELD+=VALUE appends to a list; FIELD-=VALUE removes from one.",
            show_default=False,
        ),
    ],
    dry_run: DryRunOption = False,
    commit: CommitOption = False,
    repo: RepoOption = None,
) -> int:
    """Set, remove or extend fields of a record."""
    from netwerkagenda.cli.editing import run_edit
    from netwerkagenda.edit import parse_assignment, plan_set

    parsed = [parse_assignment(a) for a in assignments]
    return run_edit(ctx, repo, plan_set(rid, parsed), dry_run, commit)


def register(app: typer.Typer) -> None:
    app.command("set")(set_fields)
