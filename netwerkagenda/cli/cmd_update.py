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
    repo: RepoOption = None,
) -> int:
    """Add a dated note to an action's or group's updates."""
    import datetime as dt

    from netwerkagenda.cli.common import parse_day
    from netwerkagenda.cli.editing import note_author, run_edit
    from netwerkagenda.editing.edit import plan_update

    day = parse_day(date, "--date") or dt.date.today()
    who = note_author(ctx, repo, author, no_author)
    return run_edit(ctx, repo, plan_update(rid, text, day, who), dry_run, commit)


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
    repo: RepoOption = None,
) -> int:
    """Mark an action done: status done and the done date."""
    import datetime as dt

    from netwerkagenda.cli.common import parse_day
    from netwerkagenda.cli.editing import run_edit
    from netwerkagenda.editing.edit import plan_done

    day = parse_day(date, "--date") or dt.date.today()
    return run_edit(ctx, repo, plan_done(rid, day), dry_run, commit)


def register(app: typer.Typer) -> None:
    app.command("update")(update)
    app.command("done")(done)
