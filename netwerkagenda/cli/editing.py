"""What the editing commands share: ``--dry-run``/``--commit`` and presenting an
edit's outcome (the diff, the refused findings, what was written)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from netwerkagenda.editing.edit import Planner

DryRunOption = Annotated[
    bool,
    typer.Option("--dry-run", "-n", help="Print the change as a unified diff; write nothing."),
]
CommitOption = Annotated[
    bool, typer.Option("--commit", help="Commit the changed files with a generated message.")
]
DateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        help="The date (YYYY-MM-DD; default: today by the clock, not [agenda] as_of).",
        show_default=False,
    ),
]
AuthorOption = Annotated[
    str | None,
    typer.Option(help="Who wrote the note (default: git's user.name).", show_default=False),
]
NoAuthorOption = Annotated[bool, typer.Option("--no-author", help="Leave the note's author out.")]


def note_author(
    ctx: typer.Context, repo: str | None, author: str | None, no_author: bool
) -> str | None:
    """A note's author: ``--author``, else git's ``user.name``; none with ``--no-author``."""
    if no_author:
        return None
    if author is not None:
        return author
    from netwerkagenda.cli.common import repo_option
    from netwerkagenda.git import user_name
    from netwerkagenda.settings import find_root

    return user_name(find_root(repo_option(ctx, repo)))


def run_edit(
    ctx: typer.Context, repo: str | None, planner: Planner, dry_run: bool, commit: bool
) -> int:
    """Apply an edit; print the diff (``--dry-run``) or what was written. A refused
    edit prints its findings and returns 1."""
    from netwerkagenda.cli.common import repo_option
    from netwerkagenda.cli.findings_out import format_text
    from netwerkagenda.cli.style import use_colour
    from netwerkagenda.editing.edit import EditRefused, apply_edit

    try:
        outcome = apply_edit(planner, repo_option(ctx, repo), dry_run=dry_run, commit=commit)
    except EditRefused as exc:
        text = format_text(exc.findings, exc.sources, exc.records, 0, use_colour(sys.stderr))
        body = text.rsplit("\n", 1)[0].rstrip("\n")  # without the repository summary line
        print(body, file=sys.stderr)
        print(f"error: {exc.message}; nothing was written", file=sys.stderr)
        return 1
    plan = outcome.plan
    if outcome.recovered:
        print(
            f"note: finished an edit that was interrupted ({', '.join(outcome.recovered)})",
            file=sys.stderr,
        )
    if dry_run:
        sys.stdout.write(plan.diff())
        return 0
    if outcome.warnings:  # allowed, but the user should know what the edit brought
        text = format_text(outcome.warnings, {}, 0, 0, use_colour(sys.stderr))
        print(text.rsplit("\n", 1)[0].rstrip("\n"), file=sys.stderr)
    for c in plan.changes:
        if c.old_path:
            print(f"renamed {c.old_path} -> {c.path}")
        elif c.before is None:
            print(f"created {c.path}")
        else:
            print(f"updated {c.path}")
    if outcome.commit:
        print(f"committed {outcome.commit}: agenda: {plan.summary}")
    return 0
