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
from netwerkagenda.errors import AgendaError, Input, NoBriefTag

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


OPTIONS: dict[Input, str] = {
    Input.LANGUAGE: "--lang",
    Input.PERIOD_START: "--since",
    Input.PERIOD_END: "--until",
    Input.AS_OF: "--as-of",
    Input.CONDITION: "--where",
    Input.LIMIT: "--limit",
    Input.FIELDS: "--fields",
    Input.SUM: "--sum",
    Input.TEMPLATE: "--template",
    Input.GOAL: "--goal",
    Input.GROUP: "--group",
    Input.STATUS: "--status",
    Input.COMMIT: "--commit",
    Input.MEASURED_ON: "--date",
    Input.TAG: "--tag",
}
"""The option that sets each input the core can reject: errors name inputs by these."""


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
    from netwerkagenda.safetext import clean

    st = Style.for_stream(sys.stderr)
    message, hint = exc.worded(OPTIONS)
    if isinstance(exc, NoBriefTag) and exc.what is Input.PERIOD_START:
        hint = "'agenda brief --since DATE --tag' makes one after writing a brief"
    print(f"{st.red('error:')} {clean(message)}", file=sys.stderr)
    if hint:
        print(f"{st.dim('hint:')} {clean(hint)}", file=sys.stderr)


def _to_nowhere() -> None:
    """Point the standard output at /dev/null: what is still buffered for it is dropped
    quietly when the process ends."""
    import contextlib

    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def run(argv: list[str]) -> int:
    """Run the app with ``argv``; the one place that maps exceptions to exit codes."""
    from netwerkagenda.cli.output import guarded_streams

    with guarded_streams():  # every byte printed passes the output layer
        return _run(argv)


def _run(argv: list[str]) -> int:
    from netwerkagenda.cli.output import OutputError, ReaderGone

    code = _dispatch(argv)
    try:
        sys.stdout.flush()  # a full disk is seen here at the latest, inside the boundary
    except (BrokenPipeError, ReaderGone):
        _to_nowhere()
        return 141
    except OutputError as exc:
        _to_nowhere()  # what is left in the buffer cannot be written either
        _print_error(exc)
        return exc.exit_code
    return code


def _dispatch(argv: list[str]) -> int:
    from typer import exceptions as texc
    from typer._click import exceptions as click

    from netwerkagenda.cli.output import ReaderGone

    app = make_app(_command_modules(argv))
    try:
        rv = app(args=argv, prog_name="agenda", standalone_mode=False)
    except AgendaError as exc:
        from netwerkagenda.cli.output import OutputError

        if isinstance(exc, OutputError):
            _to_nowhere()  # what is left in the buffer cannot be written either
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
    except (BrokenPipeError, ReaderGone):
        # the reader went away ('| head'): not an error, nothing to say; the exit code
        # is git's in that case (it dies of SIGPIPE, which a shell shows as 141)
        _to_nowhere()
        return 141
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
