"""The one exception type for expected fatal problems (exit code 2)."""

from __future__ import annotations


class AgendaError(Exception):
    """A problem the user must fix before the command can run: no repository, a bad
    argument, an unknown id, a bad revision. The CLI prints the message (and the hint)
    and exits with ``exit_code``; no traceback reaches the user."""

    exit_code = 2

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(AgendaError):
    """Bad arguments or options."""


class RepositoryNotFound(AgendaError):
    """No ``agenda.toml`` found."""
