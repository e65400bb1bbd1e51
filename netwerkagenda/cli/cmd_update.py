"""``agenda update ID TEXT``: append a dated progress note."""

from __future__ import annotations

from typing import Annotated

import typer

from netwerkagenda.cli.common import RepoOption
from netwerkagenda.cli.editing import CommitOption, DryRunOption

DateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        help="The date (YYYY-MM-DD; default: today by the clock, not [agenda] as_of).",
        show_default=False,
    ),
]


def update(
    ctx: typer.Context,
    rid: Annotated[str, typer.Argument(metavar="ID", help="The record.", show_default=False)],
    text: Annotated[str, typer.Argument(help="The note (Markdown).", show_default=False)],
    date: DateOption = None,
    author: Annotated[
        str | None,
        typer.Option(help="Who wrote it (default: git's user.name).", show_default=False),
    ] = None,
    no_author: Annotated[bool, typer.Option("--no-author", help="Leave the author out.")] = False,
    dry_run: DryRunOption = False,
    commit: CommitOption = False,
    repo: RepoOption = None,
) -> int:
    """Add a dated note to an action's or group's updates."""
    import datetime as dt

    from netwerkagenda.cli.common import parse_day, repo_option
    from netwerkagenda.cli.editing import run_edit
    from netwerkagenda.edit import plan_update
    from netwerkagenda.settings import find_root

    day = parse_day(date, "--date") or dt.date.today()
    who = None if no_author else author
    if who is None and not no_author:
        from netwerkagenda.gitwrite import user_name

        who = user_name(find_root(repo_option(ctx, repo)))
    return run_edit(ctx, repo, plan_update(rid, text, day, who), dry_run, commit)


def done(
    ctx: typer.Context,
    rid: Annotated[str, typer.Argument(metavar="ID", help="The action.", show_default=False)],
    date: DateOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = False,
    repo: RepoOption = None,
) -> int:
    """Mark an action done: status done and the done date."""
    import datetime as dt

    from netwerkagenda.cli.common import parse_day
    from netwerkagenda.cli.editing import run_edit
    from netwerkagenda.edit import plan_done

    day = parse_day(date, "--date") or dt.date.today()
    return run_edit(ctx, repo, plan_done(rid, day), dry_run, commit)


def register(app: typer.Typer) -> None:
    app.command("update")(update)
    app.command("done")(done)
