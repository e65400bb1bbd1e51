"""The Typer app: wiring and the one error boundary.

Each command lives in its own module with a ``register(app)`` function that declares it;
heavy imports happen inside the command bodies, so ``agenda --version`` and ``--help``
stay fast.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Annotated

import typer

from netwerkagenda import __version__
from netwerkagenda.errors import AgendaError

COMMAND_MODULES = [
    "validate",
    "status",
    "list",
    "show",
    "log",
    "brief",
    "new",
    "set",
    "update",
    "mv",
    "measure",
    "init",
    "schema",
    "hook",
    "site",
]


def make_app(names: list[str] | None = None) -> typer.Typer:
    """The Typer app with the commands of the modules ``names`` (default: all)."""
    app = typer.Typer(
        name="agenda",
        help="Keep a programme's goals, groups and actions as YAML/TOML files in git: "
        "validate them, see where the programme stands, and draft progress letters from "
        "what changed.",
        no_args_is_help=True,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        add_completion=True,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(_root)
    for name in COMMAND_MODULES if names is None else names:
        importlib.import_module(f"netwerkagenda.cli.cmd_{name}").register(app)
    return app


# the modules each command name needs: the one whose register() declares it, and for
# 'show' also 'log', which adds the history section to it
_MODULES_OF = {
    **{m: [m] for m in COMMAND_MODULES},
    "done": ["update"],
    "check": ["validate"],
    "show": ["show", "log"],
}


def _command_modules(argv: list[str]) -> list[str] | None:
    """The modules of the command ``argv`` runs, when it names one before any option
    but ``--repo``: only they are needed (building every command's parameters
    costs 20 ms that a run on every commit need not pay)."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--repo":
            i += 2
        elif arg.startswith("--repo="):
            i += 1
        elif arg.startswith("-"):
            return None
        else:
            return _MODULES_OF.get(arg)
    return None


def _version(value: bool) -> None:
    if value:
        print(f"agenda {__version__}")
        raise typer.Exit(0)


def _root(
    ctx: typer.Context,
    repo: Annotated[
        str | None,
        typer.Option(
            "--repo",
            envvar="AGENDA_REPO",
            help="The data repository (default: the nearest folder upwards with agenda.toml).",
            metavar="PATH",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    ctx.obj = {"repo": repo}


def _print_error(exc: AgendaError) -> None:
    from netwerkagenda.cli.style import Style

    st = Style.for_stream(sys.stderr)
    print(f"{st.red('error:')} {exc.message}", file=sys.stderr)
    if exc.hint:
        print(f"{st.dim('hint:')} {exc.hint}", file=sys.stderr)


def run(argv: list[str]) -> int:
    """Run the app with ``argv``; the one place that maps exceptions to exit codes."""
    from typer import exceptions as texc
    from typer._click import exceptions as click

    app = make_app(_command_modules(argv))
    try:
        rv = app(args=argv, prog_name="agenda", standalone_mode=False)
    except AgendaError as exc:
        _print_error(exc)
        return exc.exit_code
    except texc.Exit as exc:
        return int(exc.exit_code or 0)
    except click.ClickException as exc:
        exc.show()
        return 2
    except texc.Abort:
        print("aborted", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (e.g. '| head'); that is not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:  # the last line of defence: no traceback for the user
        if os.environ.get("AGENDA_DEBUG"):
            raise
        print(
            f"internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in agenda; run again with AGENDA_DEBUG=1 for the details.",
            file=sys.stderr,
        )
        return 3
    return int(rv or 0) if isinstance(rv, int) else 0
