"""Entry point: ``agenda`` and ``python -m netwerkagenda``."""

from __future__ import annotations

import contextlib
import gc
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
    """The ``agenda`` command: :func:`main`, then leave without tearing the interpreter
    down. A cold run over thousands of records holds millions of small objects, and
    freeing them one by one at exit took 0.2 s of a 2 s run for nothing: the process
    ends anyway. Everything of ours is written and closed by then; only the standard
    streams are flushed here."""
    # Nor does it run the cyclic garbage collector: records, events and caches are
    # trees (nothing to collect), yet each burst of allocation made it walk all of them
    # again, 0.1 s of a warm brief. Memory is freed by reference counting as before
    # (peak memory measured the same with and without).
    gc.disable()
    code = main()
    for stream in (sys.stdout, sys.stderr):
        # the reader went away ('| head'), the descriptor is closed ('>&-', then the
        # stream is None) or the disk is full: run() has said so where it matters
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    entry()
