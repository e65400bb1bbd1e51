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
    """The ``agenda`` command: :func:`main`, then exit with its code. A stream that
    cannot be flushed any more (the reader went away, a full disk: run() has said so
    where it matters) is pointed at /dev/null, so that leaving is quiet."""
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
    sys.exit(code)


if __name__ == "__main__":
    entry()
