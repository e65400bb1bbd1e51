"""``agenda update ID TEXT``: append a dated progress note."""

from __future__ import annotations

from typing import Annotated

import typer

from netwerkagenda.cli.common import RepoOption
from netwerkagenda.cli.completion import complete_action, complete_id
from netwerkagenda.cli.editing import (
    AuthorOption,
    CommitOption,
    DateOption,
    DryRunOption,
    NoAuthorOption,
    TodayOption,
)


def update(
    ctx: typer.Context,
    rid: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="The record.", show_default=False, autocompletion=complete_id
        ),
    ],
    text: Annotated[str, typer.Argument(help="The note (Markdown).", show_default=False)],
    date: DateOption = None,
    author: AuthorOption = None,
    no_author: NoAuthorOption = False,
    dry_run: DryRunOption = False,
    commit: CommitOption = False,
    today: TodayOption = None,
    repo: RepoOption = None,
) -> int:
    """Add a dated note to an action's or group's updates."""
    from netwerkagenda.cli.editing import day_of, edit_today, note_author, run_edit
    from netwerkagenda.editing.edit import plan_update

    ref = edit_today(today)
    day = day_of(date, ref)
    who = note_author(ctx, repo, author, no_author)
    return run_edit(ctx, repo, plan_update(rid, text, day, who), dry_run, commit, ref)


def done(
    ctx: typer.Context,
    rid: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="The action.", show_default=False, autocompletion=complete_action
        ),
    ],
    date: DateOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = False,
    today: TodayOption = None,
    repo: RepoOption = None,
) -> int:
    """Mark an action done: status done and the done date."""
    from netwerkagenda.cli.editing import day_of, edit_today, run_edit
    from netwerkagenda.editing.edit import plan_done

    ref = edit_today(today)
    return run_edit(ctx, repo, plan_done(rid, day_of(date, ref)), dry_run, commit, ref)


def register(app: typer.Typer) -> None:
    app.command("update")(update)
    app.command("done")(done)
