"""What the editing commands share: ``--dry-run``/``--commit`` and presenting an
edit's outcome (the diff, the refused findings, what was written)."""

from __future__ import annotations

import datetime as dt
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
        help="The date (YYYY-MM-DD; default: --today, else the clock, not [agenda] as_of).",
        show_default=False,
    ),
]
TodayOption = Annotated[
    str | None,
    typer.Option(
        "--today",
        metavar="DATE",
        help="The reference date, YYYY-MM-DD, as for validate and status: the day this "
        "edit's warnings (overdue, late start, dated in the future) are judged on (default: "
        "[agenda] as_of, else the clock); where the command has --date, also its default. "
        "For recording the past on purpose.",
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


def edit_today(today: str | None) -> dt.date | None:
    """An edit's ``--today``, read."""
    from netwerkagenda.cli.common import parse_day

    return parse_day(today, "--today")


def day_of(date: str | None, today: dt.date | None) -> dt.date:
    """The date an edit writes (a note's, a done date, a measurement's): ``--date``, else
    ``--today``, else the clock (never ``[agenda] as_of``: a snapshot's day is not the day
    the user writes)."""
    from netwerkagenda.cli.common import parse_day

    return parse_day(date, "--date") or today or dt.date.today()


def run_edit(
    ctx: typer.Context,
    repo: str | None,
    planner: Planner,
    dry_run: bool,
    commit: bool,
    today: dt.date | None = None,
) -> int:
    """Apply an edit; print the diff (``--dry-run``) or what was written. A refused
    edit prints its findings and returns 1. ``today``: the edit's ``--today``, the day
    its warnings are judged on (default: ``[agenda] as_of``, else the clock)."""
    from netwerkagenda.cli.common import repo_option
    from netwerkagenda.cli.findings_out import format_text
    from netwerkagenda.cli.style import use_colour
    from netwerkagenda.editing.edit import EditRefused, apply_edit

    try:
        outcome = apply_edit(
            planner, repo_option(ctx, repo), dry_run=dry_run, commit=commit, today=today
        )
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
