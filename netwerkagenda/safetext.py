"""Untrusted text made safe to show: on a terminal, in a spreadsheet, in Markdown.

Everything agenda prints can hold text from a repository (titles, notes, ids, file
names, git authors, template output). A terminal obeys escape sequences in it (set the
window title, clear the screen, rewrite a line), bidirectional overrides make it read
other than it is, and a spreadsheet runs a cell that starts with ``=``. The functions
here are the one place that decides what is shown instead.

:func:`clean` writes every control character (C0 but tab and newline, DEL, C1), the
bidirectional controls and the line/paragraph separators as the visible escape
``\\uXXXX``: the same spelling as a JSON string escape, so JSON output stays valid and
means the same, and text output shows what is there without acting on it.
"""

from __future__ import annotations

import re

# C0 but tab and newline; DEL and C1; Arabic letter mark, LRM/RLM, the embeddings and
# overrides, the isolates; the line and paragraph separators
_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069"
UNSAFE_RE = re.compile(f"[{_UNSAFE}]")
# ... the same, but a colour sequence (SGR, 'ESC [ 1;31 m') agenda itself wrote is kept
_UNSAFE_BUT_SGR_RE = re.compile(f"(\x1b\\[[0-9;]*m)|[{_UNSAFE}]")


def _escape(m: re.Match[str]) -> str:
    return m.group(1) or f"\\u{ord(m.group(0)[-1]):04x}"


def _escape_char(m: re.Match[str]) -> str:
    return f"\\u{ord(m.group(0)):04x}"


def clean(text: str) -> str:
    """``text`` with every unsafe character written as ``\\uXXXX`` (see the module)."""
    if UNSAFE_RE.search(text) is None:  # the common case: nothing to do
        return text
    return UNSAFE_RE.sub(_escape_char, text)


def clean_keeping_colour(text: str) -> str:
    """:func:`clean`, but well-formed colour sequences (``ESC [ … m``) stay: for a
    terminal stream agenda colours itself (the values in it were cleaned before)."""
    if UNSAFE_RE.search(text) is None:
        return text
    return _UNSAFE_BUT_SGR_RE.sub(_escape, text)


_CSV_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text: str) -> str:
    """A cell a spreadsheet shows as text: one that starts with ``= + - @``, a tab or a
    carriage return gets a leading apostrophe (OWASP's advice for CSV injection)."""
    return "'" + text if text.startswith(_CSV_FORMULA) else text


_MD_LINK_TEXT = re.compile(r"([\\\[\]<>`*_])")
_SAFE_SCHEMES = ("http://", "https://", "mailto:")


def markdown_link_text(text: str) -> str:
    """Text for the ``[…]`` of a Markdown link: brackets, backslashes, angle brackets,
    backticks and emphasis marks escaped, line breaks made spaces."""
    text = " ".join(text.split("\n"))
    return _MD_LINK_TEXT.sub(r"\\\1", text)


def link_url(url: str) -> str | None:
    """A URL for the ``(…)`` of a Markdown link, or ``None`` when it must not be linked
    (anything but http, https and mailto: ``javascript:``, ``data:``, ``file:``, …).
    Spaces, parentheses, angle brackets, quotes, backslashes and controls are
    percent-encoded, so the URL cannot end the link or start a title."""
    stripped = url.strip()
    if not stripped.lower().startswith(_SAFE_SCHEMES):
        return None
    out = []
    for ch in stripped:
        if ch in " ()<>\"'\\`" or UNSAFE_RE.match(ch) or ch == "\n" or ch == "\t":
            out.append("".join(f"%{b:02X}" for b in ch.encode("utf-8")))
        else:
            out.append(ch)
    return "".join(out)
