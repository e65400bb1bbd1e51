"""A user's regular expression (``list --where FIELD~REGEX``), matched in linear time.

Python's ``re`` backtracks: ``(a+)+$`` or ``a*a*a*a*b`` on a long field can run for
minutes, and a match cannot be interrupted. A guard on the pattern's shape lets some
through and refuses harmless ones, so the match is done by RE2 (``google-re2``), whose
time is linear in the text whatever the pattern. Its import (6-10 ms) happens only when
a ``~`` condition is parsed.

The pattern is first compiled by Python's ``re`` (the syntax, and its error messages,
are Python's); then by RE2, after these Python meanings are carried over:
``\\d \\w \\s`` (and ``\\D \\W \\S``) match Unicode digits, letters and spaces as in
Python (RE2's are ASCII only), ``\\Z`` is the end of the text, and ``$`` (outside
``(?m)``) also matches before a final newline. What RE2 cannot run is refused with the
construct named: look-ahead and look-behind, back-references, possessive repeats,
atomic groups, conditionals, repeat counts over 1,000, ``(?x)``/``(?a)``/``(?L)``
flags. (``\\b`` is a word boundary between ASCII word characters only.)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from netwerkagenda.errors import UsageError

MAX_PATTERN = 200  # characters in a '~' pattern

# Python's class escapes, as RE2 writes them for Unicode text: (outside a class, inside)
_CLASSES = {
    "d": (r"\p{Nd}", r"\p{Nd}"),
    "w": (r"[\p{L}\p{N}_]", r"\p{L}\p{N}_"),
    "s": (r"[\s\x{0b}\p{Z}\x{1c}-\x{1f}\x{85}]", r"\s\x{0b}\p{Z}\x{1c}-\x{1f}\x{85}"),
    "D": (r"\P{Nd}", None),
    "W": (r"[^\p{L}\p{N}_]", None),
    "S": (r"[^\s\x{0b}\p{Z}\x{1c}-\x{1f}\x{85}]", None),
}

# what RE2 says, and the construct to name
_UNSUPPORTED = [
    (r"\(\?<?[=!]", "look-ahead and look-behind ((?=...), (?!...), (?<=...), (?<!...))"),
    (r"\(\?P=|\\[1-9]", "back-references"),
    (r"\(\?>", "atomic groups ((?>...))"),
    (r"\(\?\(", "conditional groups ((?(1)...))"),
    (r"[*+?}]\+", "possessive repeats (a++, a*+, a?+)"),
    (r"\(\?[a-zA-Z]*[xaLbe]", "the flags x, a and L"),
]


def _translate(pattern: str) -> str:
    """``pattern`` with Python's meanings spelt for RE2 (see the module)."""
    multiline = re.search(r"\(\?[a-zA-Z]*m", pattern) is not None
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = False
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            e = pattern[i + 1]
            if e in _CLASSES:
                outside, inside = _CLASSES[e]
                out.append(inside if in_class and inside else outside if not in_class else c + e)
            elif e == "Z" and not in_class:
                out.append(r"\z")
            else:
                out.append(c + e)
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
            out.append(c)
        elif c == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "^":
                out.append("[^")
                i += 2
                if pattern[i : i + 1] == "]":  # a ']' first in a class is a character
                    out.append(r"\]")
                    i += 1
                continue
            if pattern[i + 1 : i + 2] == "]":
                out.append(r"[\]")
                i += 2
                continue
            out.append(c)
        elif c == "$" and not multiline:
            out.append(r"(?:\n?\z)")
        else:
            out.append(c)
        i += 1
    return "".join(out)


def _unsupported(pattern: str, reason: str) -> UsageError:
    what = next((w for shape, w in _UNSUPPORTED if re.search(shape, pattern)), "this construct")
    if "repetition size" in reason:
        what = "repeat counts over 1,000"
    return UsageError(
        f"'~' pattern {pattern!r} uses {what}, which agenda's regular expressions (RE2, "
        "matched in linear time) do not support",
        hint=f"RE2 says: {reason}; the syntax is at https://github.com/google/re2/wiki/Syntax",
    )


def compile_search(pattern: str) -> Callable[[str], bool]:
    """A test: does ``pattern`` occur anywhere in a text (case-insensitive)? A
    :class:`UsageError` for a pattern that is too long, not valid, or one RE2 cannot run."""
    if len(pattern) > MAX_PATTERN:
        raise UsageError(f"'~' pattern is {len(pattern)} characters; the limit is {MAX_PATTERN}")
    import warnings

    try:
        with warnings.catch_warnings():  # 'possible nested set' and the like: not for users
            warnings.simplefilter("ignore")
            re.compile(pattern, re.I)  # Python's syntax and messages (compiling never backtracks)
    except (re.error, OverflowError, RecursionError) as exc:
        raise UsageError(
            f"'~' pattern {pattern!r} is not a valid regular expression: {exc}"
        ) from None
    import re2

    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False  # RE2 would write its own message to stderr
    options.never_capture = True
    try:
        compiled = re2.compile(_translate(pattern), options)
    except re2.error as exc:
        reason = exc.args[0] if exc.args else ""
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        raise _unsupported(pattern, str(reason)) from None
    return _searcher(compiled)


def _searcher(compiled: Any) -> Callable[[str], bool]:
    """``compiled``'s search as a yes/no test. The binding's ``search`` builds a match
    object with offsets in characters (11 µs a call, measured); the RE2 object under it
    answers the same question in 2 µs, so that is used where it is there."""
    try:
        from re2 import _re2

        raw = compiled._regexp
        unanchored = _re2.RE2.Anchor.UNANCHORED
        raw.Match(unanchored, b"", 0, 0)
    except Exception:  # another version of the binding: its public API
        return lambda text: compiled.search(text) is not None

    def search(text: str) -> bool:
        data = text.encode("utf-8", "surrogatepass")
        return bool(raw.Match(unanchored, data, 0, len(data))[0][0] >= 0)

    return search
