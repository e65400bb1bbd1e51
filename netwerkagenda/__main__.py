"""Entry point: ``agenda`` and ``python -m netwerkagenda``."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code (0 ok, 1 data errors, 2 usage or no repository,
    3 internal error)."""
    from netwerkagenda.cli.app import run

    return run(list(sys.argv[1:] if argv is None else argv))


if __name__ == "__main__":
    sys.exit(main())
