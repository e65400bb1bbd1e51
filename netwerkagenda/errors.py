"""The one exception type for expected fatal problems (exit code 2), and the names of
the inputs such a problem can be about."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum


class Input(StrEnum):
    """An input the core can reject, named by what it means. The core words its
    messages with these; the CLI swaps in the option that set the input (``--since``)."""

    LANGUAGE = "language"
    PERIOD_START = "period start"
    PERIOD_END = "period end"
    AS_OF = "as-of date"
    CONDITION = "condition"
    LIMIT = "limit"
    FIELDS = "field list"
    SUM = "summed field"
    TEMPLATE = "template"
    GOAL = "goal filter"
    GROUP = "group filter"
    STATUS = "status filter"
    COMMIT = "commit"
    MEASURED_ON = "measurement date"
    TAG = "brief tag"


Words = str | Sequence[str | Input]
"""A message: plain text, or text pieces and the inputs they name, in order."""


def word(words: Words, names: Mapping[Input, str]) -> str:
    """``words`` as one string, each input named by ``names`` (else its meaning)."""
    if isinstance(words, str):
        return words
    return "".join(names.get(w, str(w)) if isinstance(w, Input) else w for w in words)


class AgendaError(Exception):
    """A problem the user must fix before the command can run: no repository, a bad
    argument, an unknown id, a bad revision. The CLI prints the message (and the hint)
    and exits with ``exit_code``; no traceback reaches the user. ``message`` and ``hint``
    name inputs by their meaning; :meth:`worded` names them as a caller spells them."""

    exit_code = 2

    def __init__(self, message: Words, hint: Words | None = None) -> None:
        self.words = message
        self.hint_words = hint
        self.message = word(message, {})
        self.hint = None if hint is None else word(hint, {})
        super().__init__(self.message)

    def worded(self, names: Mapping[Input, str]) -> tuple[str, str | None]:
        """The message and hint with each input named by ``names``."""
        hint = None if self.hint_words is None else word(self.hint_words, names)
        return word(self.words, names), hint


class UsageError(AgendaError):
    """Bad arguments or options."""


class NoBriefTag(UsageError):
    """``last`` names the newest brief tag (``brief/YYYY-MM-DD``), and there is none."""

    def __init__(self, what: Input) -> None:
        super().__init__((what, " last: there is no brief/YYYY-MM-DD tag yet"))
        self.what = what


class RepositoryNotFound(AgendaError):
    """No ``agenda.toml`` found."""
