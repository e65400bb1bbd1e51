"""Lines that fit the terminal: wrapped at word boundaries with a hanging indent, never
cut. The width is ``COLUMNS`` when set, else the terminal's; in a pipe with no
``COLUMNS`` lines are left whole (for grep and files)."""

from __future__ import annotations

import os
import re
import shutil
import sys
import textwrap

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
MIN_TEXT = 20  # the narrowest a wrapped text column gets


def output_width() -> int | None:
    """The width to wrap to, or ``None`` for no wrapping."""
    raw = os.environ.get("COLUMNS", "")
    if raw.isdigit() and int(raw) > 0:
        return int(raw)
    isatty = getattr(sys.stdout, "isatty", None)
    if isatty is not None and isatty():
        return shutil.get_terminal_size().columns
    return None


def visible(text: str) -> int:
    """The printed width of ``text``: colour codes take no room."""
    return len(_ANSI.sub("", text))


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)


def hang(prefix: str, text: str, width: int | None) -> list[str]:
    """``prefix`` then ``text`` wrapped to ``width``, later lines indented to where the
    text began; when the prefix leaves too little room, the text goes on under it."""
    line = prefix + text
    if width is None or visible(line) <= width:
        return [line]
    indent = visible(prefix)
    if width - indent < MIN_TEXT:
        parts = _wrap(text, max(width - 4, MIN_TEXT))
        return [prefix.rstrip()] + ["    " + p for p in parts]
    parts = _wrap(text, width - indent) or [""]
    return [prefix + parts[0]] + [" " * indent + p for p in parts[1:]]


def fit(line: str, width: int | None) -> list[str]:
    """One report line wrapped to ``width``: the text after the line's first two-space
    gap (``key  value``, ``date  text``) hangs under itself, else under the indent."""
    if width is None or visible(line) <= width:
        return [line]
    lead = len(line) - len(line.lstrip(" "))
    gap = line.find("  ", lead)
    cut = lead
    if gap > lead:
        after = len(line) - len(line[gap:].lstrip(" "))  # past the whole run of spaces
        if visible(line[:after]) <= width // 2:
            cut = after
    return hang(line[:cut], line[cut:], width)
