"""Entry point: ``agenda`` and ``python -m netwerkagenda``."""

from __future__ import annotations

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


if __name__ == "__main__":
    sys.exit(main())
