"""``agenda mv OLD NEW``: rename a record and every reference to it."""

from __future__ import annotations

from typing import Annotated

import typer

from netwerkagenda.cli.common import RepoOption
from netwerkagenda.cli.completion import complete_id
from netwerkagenda.cli.editing import CommitOption, DryRunOption, TodayOption


def mv(
    ctx: typer.Context,
    old: Annotated[
        str, typer.Argument(help="The record's id.", show_default=False, autocompletion=complete_id)
    ],
    new: Annotated[str, typer.Argument(help="Its new id.", show_default=False)],
    dry_run: DryRunOption = False,
    commit: CommitOption = False,
    today: TodayOption = None,
    repo: RepoOption = None,
) -> int:
    """Rename a record: its file, and its id in every record that refers to it."""
    from netwerkagenda.cli.editing import edit_today, run_edit
    from netwerkagenda.editing.edit import plan_rename

    return run_edit(ctx, repo, plan_rename(old, new), dry_run, commit, edit_today(today))


def register(app: typer.Typer) -> None:
    app.command("mv", short_help="Rename a record and every reference to it.")(mv)
