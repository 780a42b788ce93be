"""Numbers as a text writes them: in digits ("14,000", "1.5") or spelled out ("fourteen", "thirty")."""

from __future__ import annotations

import re

from summarizer.language.vocabulary import NUMBER_NAMES, TENS

# Numbers spelled out, zero to twenty and the tens to ninety, as the digits `numbers_in` gives: "twelve" -> "12".
SPELLED_NUMBERS = {word: str(value) for value, word in enumerate(NUMBER_NAMES)} | {
    word: str(value) for word, value in TENS.items()
}

_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\w)|(?<![\w.,])\d+(?:\.\d+)?(?!\w)")


def numbers_in(text: str) -> set[str]:
    """Numbers written with digits, normalised: "14,000" -> "14000", "1.5" stays "1.5"."""
    return {match.replace(",", "") for match in _NUMBER.findall(text)}
