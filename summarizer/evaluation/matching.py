"""Whether a briefing sentence states a labelled fact: whole words after folding case, accents and dashes.

An alternative matches whole words, but a word may take a plural or verb ending (-s, -es, -ed, -ing, -d
after e: "village" matches "villages") and a number may run on into letters ("10km", "27th"), never into
digits ("13" is not in "130"; "HTS" is not in "rights").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

# ---- matching -------------------------------------------------------------------------------------------

_QUOTES = str.maketrans({"‘": "'", "’": "'", "ʼ": "'", "`": "'", "“": '"', "”": '"'})
_DASHES = re.compile(r"[-‐‑‒–—]")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


@lru_cache(maxsize=8192)
def normalize(text: str) -> str:
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = _THOUSANDS.sub("", _DASHES.sub(" ", folded.casefold().translate(_QUOTES)))
    return " ".join(text.split())


@lru_cache(maxsize=4096)
def _pattern(alternative: str) -> re.Pattern[str]:
    alt = normalize(alternative)
    start = r"(?<![\w.])" if alt[0].isdigit() else r"(?<!\w)" if alt[0].isalnum() else ""
    if alt[-1].isdigit():
        end = r"(?![\d]|[.,]\d)"
    elif alt[-1].isalpha():
        end = r"(?:s|d|ing)?(?!\w)" if alt.endswith("e") else r"(?:s|es|ed|ing)?(?!\w)"
    else:
        end = ""
    return re.compile(start + re.escape(alt) + end)


def contains(text: str, alternatives: Iterable[str]) -> bool:
    """True when ``text`` holds one of the alternatives under the matching rules above."""
    normal = normalize(text)
    return any(_pattern(alt).search(normal) for alt in alternatives)


def matches(text: str, groups: Sequence[Sequence[str]]) -> bool:
    """True when ``text`` holds one alternative of every group."""
    return all(contains(text, group) for group in groups)
