"""``agenda measure GOAL INDICATOR VALUE``: add a dated measurement to an indicator."""

from __future__ import annotations

from typing import Annotated

import typer

from netwerkagenda.cli.common import RepoOption
from netwerkagenda.cli.editing import CommitOption, DryRunOption, TodayOption


def measure(
    ctx: typer.Context,
    goal: Annotated[str, typer.Argument(metavar="GOAL", help="The goal.", show_default=False)],
    indicator: Annotated[
        str, typer.Argument(metavar="INDICATOR", help="The indicator's id.", show_default=False)
    ],
    value: Annotated[
        str,
        typer.Argument(
            metavar="VALUE",
            help="The figure: 1010 or 12.5 (no thousands separators).",
            show_default=False,
        ),
    ],
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="When it was measured (YYYY-MM-DD; default: --today, else the clock). An "
            "explicit date may come before the last measurement; it is put in date order.",
            show_default=False,
        ),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option("--note", help="Where the figure comes from.", show_default=False),
    ] = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = False,
    today: TodayOption = None,
    repo: RepoOption = None,
) -> int:
    """Add a dated measurement to one of a goal's indicators."""
    from netwerkagenda.cli.editing import day_of, edit_today, run_edit
    from netwerkagenda.editing.edit import parse_value, plan_measure

    ref = edit_today(today)
    figure = parse_value(value)
    day = day_of(date, ref)
    planner = plan_measure(goal, indicator, figure, day, explicit_date=date is not None, note=note)
    return run_edit(ctx, repo, planner, dry_run, commit, ref)


def register(app: typer.Typer) -> None:
    app.command("measure")(measure)
