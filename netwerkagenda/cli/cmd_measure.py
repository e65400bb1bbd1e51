"""``agenda measure GOAL INDICATOR VALUE``: add a dated measurement to an indicator."""

from __future__ import annotations

from typing import Annotated

import typer

from netwerkagenda.cli.common import RepoOption
from netwerkagenda.cli.editing import CommitOption, DryRunOption


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
            help="When it was measured (YYYY-MM-DD; default: today by the clock). An "
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
    repo: RepoOption = None,
) -> int:
    """Add a dated measurement to one of a goal's indicators."""
    import datetime as dt

    from netwerkagenda.cli.common import parse_day
    from netwerkagenda.cli.editing import run_edit
    from netwerkagenda.editing.edit import parse_value, plan_measure

    figure = parse_value(value)
    day = parse_day(date, "--date")
    planner = plan_measure(
        goal, indicator, figure, day or dt.date.today(), explicit_date=day is not None, note=note
    )
    return run_edit(ctx, repo, planner, dry_run, commit)


def register(app: typer.Typer) -> None:
    app.command("measure")(measure)
