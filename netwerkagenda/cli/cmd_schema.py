"""``agenda schema [KIND]``: JSON Schema of the records, for editors."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from netwerkagenda.cli.common import RepoOption, repo_option

if TYPE_CHECKING:
    from netwerkagenda.settings import Settings


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
    from netwerkagenda.editing.edit import parse_kind
    from netwerkagenda.views import json_schema as js

    kinds = [parse_kind(kind)] if kind else None
    root, settings = _settings(repo_option(ctx, repo))
    if output is not None:
        files = js.schema_files(settings)
        if kinds:
            files = {f"{kinds[0]}.schema.json": files[f"{kinds[0]}.schema.json"]}
        _write(output, files, root)
        for name in files:
            print(f"wrote {output / name}")
        return 0
    doc = js.record_schema(kinds[0], settings) if kinds else js.bundle(settings)
    sys.stdout.write(js.dumps(doc))
    return 0


def _settings(repo: str | None) -> tuple[Path | None, Settings]:
    """The repository's root and settings; outside one (none named), the defaults."""
    from netwerkagenda.errors import RepositoryNotFound
    from netwerkagenda.settings import Settings, find_root, load_settings

    try:
        root = find_root(repo)
        return root, load_settings(root, strict=True)[0]
    except RepositoryNotFound:
        if repo is not None:
            raise
        return None, Settings()


def _write(output: Path, files: dict[str, str], root: Path | None) -> None:
    """The schema files into ``output``; inside the repository never through a link
    out of it, never over a record or settings file, into a pipe and not over it."""
    from netwerkagenda import confine
    from netwerkagenda.editing.outfile import write_output
    from netwerkagenda.errors import UsageError

    try:
        for name, text in files.items():
            target = output / name
            if root is not None and confine.is_under(root, target.absolute()):
                real = confine.writable(root, target.absolute())
            else:
                real = target
                real.parent.mkdir(parents=True, exist_ok=True)
            write_output(real, text)
    except OSError as exc:
        raise UsageError(f"cannot write to {output}: {exc.strerror}") from None


def register(app: typer.Typer) -> None:
    app.command("schema", short_help="JSON Schema of the records, for editors.")(schema)
