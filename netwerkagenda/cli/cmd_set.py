"""``agenda set ID FIELD=VALUE...``: change fields, keeping the file as written."""

from __future__ import annotations

from typing import Annotated

import typer

from netwerkagenda.cli.common import RepoOption
from netwerkagenda.cli.completion import complete_assignment, complete_id
from netwerkagenda.cli.editing import (
    AuthorOption,
    CommitOption,
    DateOption,
    DryRunOption,
    NoAuthorOption,
    TodayOption,
)


def set_fields(
    ctx: typer.Context,
    rid: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="The record.", show_default=False, autocompletion=complete_id
        ),
    ],
    assignments: Annotated[
        list[str],
        typer.Argument(
            metavar="FIELD=VALUE...",
            help="FIELD=VALUE sets (dates YYYY-MM-DD, lists [a, b]); FIELD= removes an "
            "optional field; FIELD+=VALUE appends to a list; FIELD-=VALUE removes from one.",
            show_default=False,
            autocompletion=complete_assignment,
        ),
    ],
    note: Annotated[
        str | None,
        typer.Option(
            "--note",
            help="Also add this progress note (as 'agenda update' does): one edit, one commit.",
            show_default=False,
        ),
    ] = None,
    date: DateOption = None,
    author: AuthorOption = None,
    no_author: NoAuthorOption = False,
    dry_run: DryRunOption = False,
    commit: CommitOption = False,
    today: TodayOption = None,
    repo: RepoOption = None,
) -> int:
    """Set, remove or extend fields of a record; --note adds a progress note with it."""
    from netwerkagenda.cli.editing import day_of, edit_today, note_author, run_edit
    from netwerkagenda.editing.edit import Note, parse_assignment, plan_set
    from netwerkagenda.errors import UsageError

    ref = edit_today(today)
    parsed = [parse_assignment(a) for a in assignments]
    the_note = None
    if note is not None:
        the_note = Note(note, day_of(date, ref), note_author(ctx, repo, author, no_author))
    elif date is not None or author is not None or no_author:
        raise UsageError("--date, --author and --no-author describe a note: give --note too")
    return run_edit(ctx, repo, plan_set(rid, parsed, the_note), dry_run, commit, ref)


def register(app: typer.Typer) -> None:
    app.command("set")(set_fields)
