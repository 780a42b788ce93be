"""Words as the pipeline compares them: content words, the words that tell stories apart, stems, common forms."""

from __future__ import annotations

import re
from functools import lru_cache

from summarizer.language.vocabulary import PARAPHRASES, STOP_WORDS, STORY_STOP_WORDS

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")


def content_words(text: str) -> set[str]:
    """Lower-cased words that carry meaning (no stop words, no one-letter words); "didn’t" is "didn't"."""
    return {w.lower().replace("’", "'").strip("'-") for w in _WORD.findall(text)} - STOP_WORDS


# ---- the words that tell one story from another ----------------------------------------------------------

_STORY_WORD = re.compile(r"[A-Za-zÀ-ÿ][\w'’-]*\w|\d[\d,.]*\d|[A-Za-z]")


@lru_cache(maxsize=1 << 17)  # news repeats its words: normalise each spelling once
def _topic_word(raw: str) -> str | None:
    word = raw.lower().replace("’", "'").removesuffix("'s").strip("'-")
    if len(word) < 2 or word in STORY_STOP_WORDS:
        return None
    return word.replace(",", "") if word[:1].isdigit() else word


def topic_words_of(text: str) -> list[str | None]:
    """Every word of `text`, normalised; None for a word every story uses (so a caller can still count all)."""
    return [_topic_word(raw) for raw in _STORY_WORD.findall(text)]


def topic_words(text: str) -> set[str]:
    """The words of `text` that can tell one story from another."""
    return {word for word in topic_words_of(text) if word is not None}


# ---- one form for the forms of a word --------------------------------------------------------------------

_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ial", "ers", "er", "es", "ed", "al",
             "ly", "s", "e", "d", "y")  # fmt: skip


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude stem, enough to match "resigned" with "resignation" and "forces" with "force"."""
    word = word.lower()
    for _ in range(2):
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                break
        else:
            break
    return word


_HEAD_WORD = {word: head for head, words in PARAPHRASES.items() for word in words.split()}


@lru_cache(maxsize=65_536)
def common_form(word: str) -> str:
    """A word's common form: its paraphrase's head word, or a rough stem ("launched" -> "launch")."""
    if word in _HEAD_WORD:
        return _HEAD_WORD[word]
    root = word[:-3] + "y" if word.endswith("ies") and len(word) > 4 else word
    for suffix in ("ing", "ed", "es", "s"):
        if root.endswith(suffix) and not root.endswith("ss") and len(root) - len(suffix) >= 3:
            root = root[: -len(suffix)]
            break
    root = root[:-1] if root.endswith("e") and len(root) > 4 else root
    return _HEAD_WORD.get(root, root)


@lru_cache(maxsize=1 << 17)
def zipf(word: str) -> float:
    """How common an English word is, on the Zipf scale ("the" 7.7, "economists" 3.8, unknown 0). `wordfreq`
    is imported on the first call, not with the package: it is a tenth of a second of start-up."""
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


# A word written in lower case, standing alone (not the tail of "Read" or of "eBay"'s "e").
_LOWER_WORD = re.compile(r"(?<![\w’'-])[a-z][a-z'’-]*")
ENGLISH_SHARE = 0.4  # of a sentence's words in lower case that English uses commonly (Zipf 3 or more)


def in_english(sentence: str) -> bool:
    """Whether a sentence is written in English, as the briefing is. A journal's abstract carries its summary in
    Indonesian too ("Tikus air Sulawesi, Waiomys mamasae, diketahui berkerabat dekat dengan tikus cucurut ...",
    published in the hog-nosed rat's briefing): of such a sentence's words in lower case at most a third are
    common English words, of every English sentence among the 3,479 of the labelled sets, the seeds and the dev
    events with three such words or more at least a half ("Mortensen underplays his role admirably, and
    Smit-McPhee is gratifyingly unactorly."). Names and capitals say nothing of the language: a sentence with
    fewer than three words in lower case is taken as English."""
    words = _LOWER_WORD.findall(sentence)
    return len(words) < 3 or sum(zipf(word) >= 3.0 for word in words) >= ENGLISH_SHARE * len(words)
