"""The output layer: every byte agenda prints to stdout and stderr passes here.

:func:`guarded_streams` (used once, by :func:`netwerkagenda.cli.app.run`) puts a
:class:`SafeStream` in front of ``sys.stdout`` and ``sys.stderr`` for the whole command:

- control characters, escape sequences and bidirectional overrides in whatever is
  written are shown as ``\\uXXXX`` (:func:`netwerkagenda.safetext.clean`); on a stream
  agenda colours, its own colour sequences stay (values are cleaned before they are
  coloured, see :func:`netwerkagenda.cli.style.Style`);
- on an output encoding that cannot write a character (``PYTHONIOENCODING=cp1252`` or
  ``ascii``, a Latin-1 locale, a Windows console), the character is replaced: box
  drawing, bars, dashes, quotes and ellipses by their ASCII look-alikes, anything else
  by ``?``; never an error;
- a write that fails (a full disk, an I/O error) becomes :class:`OutputError`, a clear
  message and exit 2; a reader that went away (``| head``) is told apart by the caller.

:func:`json_text` is the one JSON writer of the commands: ``NaN`` and infinities (which
JSON has not) become ``null``.
"""

from __future__ import annotations

import codecs
import contextlib
import math
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from netwerkagenda.errors import AgendaError
from netwerkagenda.safetext import clean, clean_keeping_colour

ERRORS = "agenda-replace"

# what a character that the output encoding lacks becomes
FALLBACK = {
    "█": "#",
    "░": ".",
    "▓": "#",
    "▒": ":",
    "─": "-",
    "━": "-",
    "│": "|",
    "┃": "|",
    "┌": "+",
    "┐": "+",
    "└": "+",
    "┘": "+",
    "├": "+",
    "┤": "+",
    "┬": "+",
    "┴": "+",
    "┼": "+",
    "╭": "+",
    "╮": "+",
    "╯": "+",
    "╰": "+",
    "═": "=",
    "–": "-",
    "—": "-",
    "‐": "-",
    "‘": "'",
    "’": "'",
    "‚": ",",
    "“": '"',
    "”": '"',
    "„": '"',
    "…": "...",
    "·": "*",
    "•": "*",
    "→": "->",
    "←": "<-",
    "✓": "v",
    "✗": "x",
    "×": "x",
    "€": "EUR",
    "\u00a0": " ",
    "\u202f": " ",
}


def _replace(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    return "".join(FALLBACK.get(ch, "?") for ch in bad), exc.end


codecs.register_error(ERRORS, _replace)


class OutputError(AgendaError):
    """The output could not be written (a full disk, an I/O error): exit 2."""


class ReaderGone(Exception):
    """The reader of the output went away (``| head``). Not an ``OSError``, so that no
    layer in between (click turns EPIPE into exit 1) takes it for something else."""


class SafeStream:
    """A text stream in front of ``inner`` that cleans what is written (see the module)
    and turns a failed write into :class:`OutputError`."""

    def __init__(self, inner: TextIO, *, colour: bool) -> None:
        self._inner = inner
        self._clean = clean_keeping_colour if colour else clean

    def write(self, text: str) -> int:
        try:
            self._inner.write(self._clean(text))
        except BrokenPipeError:
            raise ReaderGone from None
        except OSError as exc:
            raise OutputError(f"cannot write the output: {exc.strerror or exc}") from None
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        try:
            self._inner.flush()
        except BrokenPipeError:
            raise ReaderGone from None
        except OSError as exc:
            raise OutputError(f"cannot write the output: {exc.strerror or exc}") from None

    def __getattr__(self, name: str) -> Any:  # isatty, fileno, encoding, buffer, ...
        return getattr(self._inner, name)


def _tolerant(stream: TextIO) -> None:
    """Let ``stream`` replace what its encoding cannot write (see :data:`FALLBACK`)."""
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
    if encoding.startswith("utf") and not encoding.startswith("utf-7"):
        return
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        with contextlib.suppress(Exception):
            reconfigure(errors=ERRORS)


@contextlib.contextmanager
def guarded_streams() -> Iterator[None]:
    """Within the block ``sys.stdout`` and ``sys.stderr`` are :class:`SafeStream`\\s
    (a closed one, ``None``, writes to nowhere); afterwards the old ones are back."""
    import os

    from netwerkagenda.cli.style import use_colour

    saved = sys.stdout, sys.stderr
    wrapped = []
    for stream in saved:
        if stream is None:  # started with the descriptor closed ('>&-'): like git, quiet
            stream = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
        else:
            _tolerant(stream)
        wrapped.append(SafeStream(stream, colour=use_colour(stream)))
    sys.stdout, sys.stderr = wrapped
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def _finite(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def json_text(doc: Any) -> str:
    """``doc`` as the commands print JSON (indented, UTF-8 as is); ``NaN``, ``Infinity``
    and ``-Infinity`` (which are not JSON) become ``null``."""
    import json

    try:
        return json.dumps(doc, ensure_ascii=False, indent=2, allow_nan=False)
    except ValueError:  # a non-finite number somewhere: the slow path, only then
        return json.dumps(_finite(doc), ensure_ascii=False, indent=2, allow_nan=False)
