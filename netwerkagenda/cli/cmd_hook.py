"""``agenda hook install``: a plain git pre-commit hook."""

from __future__ import annotations

from typing import Annotated

import typer

from netwerkagenda.cli.common import RepoOption

hook_app = typer.Typer(
    name="hook",
    help="Git hooks without the pre-commit framework.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@hook_app.command("install")
def install(
    ctx: typer.Context,
    force: Annotated[
        bool, typer.Option("--force", help="Replace a pre-commit hook agenda did not write.")
    ] = False,
    repo: RepoOption = None,
) -> int:
    """Install a git pre-commit hook that runs 'agenda validate' on the staged records."""
    from netwerkagenda.cli.common import repo_option
    from netwerkagenda.editing.hook import install as do_install
    from netwerkagenda.settings import find_root, load_settings

    root = find_root(repo_option(ctx, repo))
    load_settings(root, strict=True)  # a broken agenda.toml is said, not ignored
    path = do_install(root, force=force)
    print(f"installed {path}")
    return 0


def register(app: typer.Typer) -> None:
    app.add_typer(hook_app, name="hook")
