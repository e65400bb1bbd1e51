"""``agenda brief``: draft a Markdown progress brief for a period."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from netwerkagenda.cli.common import RepoOption, SinceOption, UntilOption

LangOption = Annotated[
    str | None,
    typer.Option("--lang", help="nl or en (default: [agenda] language).", show_default=False),
]
TemplateOption = Annotated[
    Path | None,
    typer.Option(
        "--template",
        help="A Jinja2 template file (default: templates/brief.<lang>.md.j2 in the data "
        "repository, else the built-in one).",
        show_default=False,
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write the brief to this file ('-': standard output). Never a record "
        "file or agenda.toml; a named pipe or device is written into.",
        show_default=False,
    ),
]
TagOption = Annotated[
    bool,
    typer.Option(
        "--tag",
        help="After writing, tag HEAD brief/YYYY-MM-DD (the period's last day), so the "
        "next brief can use --since last.",
    ),
]


def brief(
    ctx: typer.Context,
    since: SinceOption = None,
    until: UntilOption = None,
    lang: LangOption = None,
    template: TemplateOption = None,
    output: OutputOption = None,
    tag: TagOption = False,
    repo: RepoOption = None,
) -> None:
    """Draft a Markdown progress brief of what happened in a period, from the dates in
    the records and the changes in git."""
    from netwerkagenda.cli.common import end_day, open_repo, open_settings, open_store
    from netwerkagenda.history.timeline import tag_brief, taggable
    from netwerkagenda.history.when import parse_period
    from netwerkagenda.views.brief import brief_period, check_lang, make_brief

    if lang is not None:
        check_lang(lang)
    root, settings = open_settings(ctx, repo)
    today = settings.today()
    # a relative --since counts back from the period's end (--until), else from today
    s, u = parse_period(since, until, today, end_day(root))
    # git reads the range while the records load
    period = brief_period(root, today, s, u, open_store(ctx, root))
    repository = open_repo(ctx, str(root))
    result = make_brief(repository, s, u, lang=lang, template=template, period=period, kept=True)
    g = taggable(result.period.git) if tag else None  # checked before anything is written
    _write(result.text, output, root)
    for note in result.period.notes:
        print(f"note: {note}", file=sys.stderr)
    if g is not None:
        assert result.period.until is not None
        print(f"tagged HEAD {tag_brief(g, result.period.until)}", file=sys.stderr)


def _write(text: str, output: Path | None, root: Path) -> None:
    """The brief to ``output`` (a file, or ``-``), else to the standard output."""
    if output is None:
        sys.stdout.write(text)
        return
    from netwerkagenda.editing.outfile import write_output

    if not write_output(output, text, root=root):
        print(f"wrote {output}", file=sys.stderr)


def register(app: typer.Typer) -> None:
    app.command("brief", short_help="Draft the progress letter (Markdown) for a period.")(brief)
