"""``agenda validate`` (alias ``check``): findings as text, JSON or GitHub annotations."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from netwerkagenda.cli.common import RepoOption, TodayOption
from netwerkagenda.cli.findings_out import format_github, format_json, format_text

if TYPE_CHECKING:
    pass

FORMATS = ("text", "json", "github")


def _relative(paths: list[Path], root: Path) -> list[str]:
    from netwerkagenda.errors import UsageError

    out: list[str] = []
    for p in paths:
        full = p if p.is_absolute() else Path.cwd() / p
        full = Path(os.path.abspath(full))
        try:
            rel = full.relative_to(root)
        except ValueError:
            raise UsageError(f"{p} is not inside the repository {root}") from None
        if full.is_dir():
            out.extend(
                q.relative_to(root).as_posix() for q in sorted(full.rglob("*")) if q.is_file()
            )
        elif full.exists() or full.is_symlink():
            out.append(rel.as_posix())
        else:
            raise UsageError(f"{p}: no such file")
    return out


def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Report only on these files (references are still checked against the "
            "whole repository).",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="text, json or github (annotations).")
    ] = "text",
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")] = False,
    today: TodayOption = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Read every file afresh (or set AGENDA_CACHE=0).")
    ] = False,
    repo: RepoOption = None,
) -> int:
    """Check the records: syntax, fields, references, dates. Exit 1 on errors."""
    from netwerkagenda.cli.common import choice, open_repo, open_store, parse_day, repo_option
    from netwerkagenda.cli.style import use_colour
    from netwerkagenda.editing.atomic import interrupted
    from netwerkagenda.findings import counts
    from netwerkagenda.records import summary
    from netwerkagenda.settings import find_root

    choice(fmt, FORMATS, "--format")
    day = parse_day(today, "--today")
    root = find_root(repo_option(ctx, repo))
    files = _relative(paths, root) if paths else None
    store = None if no_cache else open_store(ctx, root)
    repository = None
    focused = store is not None and files and summary.focusable(files) and not interrupted(root)
    if store is not None and focused:
        # the files asked for, against the summary of the rest kept by the last run
        repository = summary.load_focused(root, files or [], store)
    if repository is None:
        repository = open_repo(ctx, repo, cache=not no_cache, notes=False, strict_settings=False)
        if store is not None:
            summary.keep(repository, store, anew=bool(focused))
    from netwerkagenda.history.since import blocked_since

    since = blocked_since(repository, repository.today(day), store)
    findings = repository.validate(today=day, files=files, blocked_since=since)
    if files is None or any(f == "agenda.toml" or f.startswith("schema/") for f in files):
        from netwerkagenda.views.json_schema import stale_copies

        findings = findings + stale_copies(repository.root, repository.settings)
    if fmt == "json":
        text = format_json(findings, len(repository.records))
    elif fmt == "github":
        text = format_github(findings)
    else:
        text = format_text(
            findings,
            repository.sources,
            len(repository.records),
            len(repository.files),
            use_colour(sys.stdout),
        )
    if text:
        print(text)
    errors, warnings = counts(findings)
    code = 1 if errors or (strict and warnings) else 0
    if interrupted(repository.root):  # half an edit is not a clean repository
        code = 1
    raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)
    app.command("check", help="Alias of 'validate'.", hidden=False)(validate)
