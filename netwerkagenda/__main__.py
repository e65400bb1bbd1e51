"""Entry point: ``agenda`` and ``python -m netwerkagenda``."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code (0 ok, 1 data errors, 2 usage or no repository,
    3 internal error)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--version"]:  # the one answer that needs no CLI framework
        from netwerkagenda import __version__

        print(f"agenda {__version__}")
        return 0
    from netwerkagenda.cli.app import run

    return run(args)


def entry() -> None:
    """The ``agenda`` command: :func:`main`, then exit with its code. When the reader of
    the output went away (``| head``) or the descriptor is closed (``>&-``), run() has
    said so where it matters; the standard streams are flushed here so that the
    interpreter's own flush at exit finds nothing left to fail on (the recipe of
    Python's documentation on SIGPIPE)."""
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            with contextlib.suppress(OSError, ValueError, AttributeError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
    sys.exit(code)


if __name__ == "__main__":
    entry()
