"""Plain ANSI colour for the fast paths (validate) without importing rich.

Colour only on a terminal, never with ``NO_COLOR`` set (https://no-color.org), always
with ``FORCE_COLOR``. What a style wraps is cleaned first
(:func:`netwerkagenda.safetext.clean`): on a coloured stream the output layer keeps
colour sequences, so the text inside them must not bring its own."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TextIO

from netwerkagenda.safetext import clean


def use_colour(stream: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"


@dataclass(frozen=True)
class Style:
    colour: bool

    @classmethod
    def for_stream(cls, stream: TextIO) -> Style:
        return cls(use_colour(stream))

    def _wrap(self, code: str, text: str) -> str:
        return f"\x1b[{code}m{clean(text)}\x1b[0m" if self.colour else text

    def red(self, text: str) -> str:
        return self._wrap("1;31", text)

    def yellow(self, text: str) -> str:
        return self._wrap("1;33", text)

    def green(self, text: str) -> str:
        return self._wrap("32", text)

    def bold(self, text: str) -> str:
        return self._wrap("1", text)

    def dim(self, text: str) -> str:
        return self._wrap("2", text)

    def cyan(self, text: str) -> str:
        return self._wrap("36", text)
