"""``agenda site``: the static web dashboard, for a git host's pages."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from netwerkagenda.cli.common import RepoOption


def site(
    ctx: typer.Context,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", metavar="DIR", help="Where to write the site."),
    ] = Path("_site"),
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="WHEN",
            help="The repository as it was then, from git: a date or a revision.",
            show_default=False,
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="nl or en (default: [agenda] language).", show_default=False),
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            metavar="URL",
            help="Where the site is published (for the Atom feed's links).",
            show_default=False,
        ),
    ] = None,
    repo: RepoOption = None,
) -> int:
    """Write a self-contained static web dashboard: the programme, a timeline, a page per
    record, the steering structure and the briefs with an Atom feed."""
    from netwerkagenda.cli.common import choice, open_repo, open_store
    from netwerkagenda.views.site import build_site, write_site

    if lang is not None:
        choice(lang, ("nl", "en"), "--lang")
    repository = open_repo(ctx, repo)
    today = None
    if as_of is not None:
        from netwerkagenda.history.timeline import repository_as_of

        root = repository.root
        store = open_store(ctx, root)
        repository, today = repository_as_of(repository, as_of, store, today=repository.today())
        repository.root = root
    store = open_store(ctx, repository.root)
    result = build_site(repository, today=today, lang=lang, base_url=base_url, store=store)
    write_site(result, output, repository.root)
    print(f"wrote {result.pages} pages to {output}")
    return 0


def register(app: typer.Typer) -> None:
    app.command("site", short_help="A static web dashboard of the programme.")(site)
