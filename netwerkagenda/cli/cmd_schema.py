"""``agenda schema [KIND]``: JSON Schema of the records, for editors."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from netwerkagenda.cli.common import RepoOption


def schema(
    ctx: typer.Context,
    kind: Annotated[
        str | None,
        typer.Argument(
            help="goal, group or action (default: all, under $defs).", show_default=False
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="DIR",
            help="Write <kind>.schema.json files into DIR instead of printing.",
            show_default=False,
        ),
    ] = None,
    repo: RepoOption = None,
) -> int:
    """Print the JSON Schema (draft 2020-12) of the records, generated from the model.
    Group kinds come from the repository's agenda.toml when run inside one."""
    from netwerkagenda.cli.common import repo_option
    from netwerkagenda.editing.edit import parse_kind
    from netwerkagenda.errors import RepositoryNotFound, UsageError
    from netwerkagenda.settings import Settings, find_root, load_settings
    from netwerkagenda.views import json_schema as js

    kinds = [parse_kind(kind)] if kind else None
    root = None
    try:
        root = find_root(repo_option(ctx, repo))
        settings, _ = load_settings(root, strict=True)
    except RepositoryNotFound:
        if repo_option(ctx, repo) is not None:
            raise
        settings = Settings()
    if output is not None:
        files = js.schema_files(settings)
        if kinds:
            files = {f"{kinds[0]}.schema.json": files[f"{kinds[0]}.schema.json"]}
        from netwerkagenda import confine
        from netwerkagenda.editing.outfile import write_output

        try:
            for name, text in files.items():
                target = output / name
                if root is not None and confine.is_under(root, target.absolute()):
                    # in the repository: never through a link out of it
                    real = confine.writable(root, target.absolute())
                else:
                    real = target
                    real.parent.mkdir(parents=True, exist_ok=True)
                # never over a record or settings file; into a pipe, not over it
                write_output(real, text)
        except OSError as exc:
            raise UsageError(f"cannot write to {output}: {exc.strerror}") from None
        for name in files:
            print(f"wrote {output / name}")
        return 0
    doc = js.record_schema(kinds[0], settings) if kinds else js.bundle(settings)
    sys.stdout.write(js.dumps(doc))
    return 0


def register(app: typer.Typer) -> None:
    app.command("schema", short_help="JSON Schema of the records, for editors.")(schema)
