"""Small text helpers shared by the validators: numbers and content words."""

from __future__ import annotations

import re

_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\w)|(?<![\w.,])\d+(?:\.\d+)?(?!\w)")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
_STOP = frozenset(
    "the a an and or of to in on at by for from with as is are was were be been has have had that this "
    "which who their its it they them than into over after before about said says say also not but".split()
)


def numbers_in(text: str) -> set[str]:
    """Numbers written with digits, normalised: "14,000" -> "14000", "1.5" stays "1.5"."""
    return {match.replace(",", "") for match in _NUMBER.findall(text)}


def content_words(text: str) -> set[str]:
    """Lower-cased words that carry meaning (no stop words, no one-letter words)."""
    return {w.lower().strip("'’-") for w in _WORD.findall(text)} - _STOP


def overlap(a: set[str], b: set[str]) -> float:
    """Share of `a` that is also in `b` (0 when `a` is empty)."""
    return len(a & b) / len(a) if a else 0.0


def sanitize(text: str) -> str:
    """Keep untrusted text from closing the tags that fence it off in a prompt."""
    return re.sub(r"</?\s*(article|facts|fact)\b[^>]*>", " ", text, flags=re.IGNORECASE)
