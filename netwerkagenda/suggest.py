"""'Did you mean' hints."""

from __future__ import annotations

from collections.abc import Iterable


def closest(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    options = list(candidates)
    import difflib

    hits = difflib.get_close_matches(word, options, n=1, cutoff=cutoff)
    if hits:
        return hits[0]
    # a prefix or part match helps with ids like 'lezen' -> 'koersgroep-lezen'
    if len(word) < 3:
        return None
    parts = [o for o in options if len(o) >= 3 and (word in o or o in word)]
    return min(parts, key=len) if parts else None


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    hit = closest(word, candidates)
    return f"did you mean '{hit}'?" if hit else None
