"""``agenda init [DIR]``: a new data repository."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def init(
    directory: Annotated[
        Path, typer.Argument(metavar="DIR", help="Where (default: here).", show_default=False)
    ] = Path("."),
    example: Annotated[
        bool, typer.Option("--example", help="Fill it with the Netwerkagenda 2021-2023.")
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang", help="nl or en (default: nl; the example's own).", show_default=False
        ),
    ] = None,
    ci: Annotated[
        str, typer.Option("--ci", help="CI workflow to add: github, gitlab or none.")
    ] = "github",
    hook: Annotated[
        str,
        typer.Option(
            "--hook",
            help="pre-commit hook: 'remote' (this project's hook at the release that wrote "
            "it) or 'local' (the agenda on the PATH).",
        ),
    ] = "remote",
    git: Annotated[bool, typer.Option("--git/--no-git", help="Run git init.")] = True,
    name: Annotated[
        str | None,
        typer.Option(
            "--name", help="The programme's name (default: the folder's).", show_default=False
        ),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--start",
            metavar="DATE",
            help="Its first day (default: the first of this month).",
            show_default=False,
        ),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option(
            "--end",
            metavar="DATE",
            help="Its last day (default: the end of the year after next).",
            show_default=False,
        ),
    ] = None,
) -> int:
    """Create a data repository: agenda.toml, data/, pre-commit and CI configuration,
    editor settings with the JSON Schema, and git init; with --example the
    Netwerkagenda records and a first commit."""
    from netwerkagenda.cli.common import choice, parse_day
    from netwerkagenda.editing.scaffold import (
        CI_CHOICES,
        HOOK_CHOICES,
        Programme,
        init_repository,
    )

    if lang is not None:
        choice(lang, ("nl", "en"), "--lang")
    choice(ci, CI_CHOICES, "--ci")
    choice(hook, HOOK_CHOICES, "--hook")
    programme = Programme(name, parse_day(start, "--start"), parse_day(end, "--end"))
    result = init_repository(
        directory, example=example, lang=lang, ci=ci, git=git, hook=hook, programme=programme
    )
    print(f"created an agenda repository in {result.root}")
    for rel in result.created:
        print(f"  {rel}")
    if result.git_initialised:
        print("initialised a git repository")
    if result.commit:
        print(f"committed {result.commit}: agenda init: the Netwerkagenda example")
    return 0


def register(app: typer.Typer) -> None:
    app.command("init", short_help="Create a data repository (optionally with the example).")(init)
