"""A sentence that points back, made to stand alone from the sentence before it, where that is certain.

"It also said it suspended its retail catalog operations on Jan. 16" after "Xhibit Corp, SkyMall's parent, on
Friday said it hoped to sell its main assets" is Xhibit Corp's statement; "This escalation follows weeks of
violence" says as much as "The escalation follows weeks of violence". A briefing states a sentence alone, so one
that opens by pointing back is either resolved here or left out (`voice.stands_alone`). Only these forms are
resolved, by plain rules a reader would apply without thinking:

- a demonstrative opening a sentence before a noun that names a thing ("This operation", "These claims") becomes
  "The", but not before a noun that only says what kind of thing came before ("That amount", "This kind");
- "this" within a sentence, outside a quotation, before such a noun becomes "the" ("Having this data could help
  ...", "the first death in this cluster"), but not where it points at where the writer stands ("in this
  country", "this reporter");
- "It" or "Its" opening a sentence becomes the name the sentence before opens with, as its subject
  ("Saudi Arabia has deep pockets. It will not go running to the IMF."): a name, not a pronoun or a
  description, so the reader is told who.

A person named by surname alone ("Amey also raised ...", "Mr. Wiley replaced ...") is named in full, as the
article first did ("Scott Amey"), when the article names exactly one person so.

"He", "She" and "They" are not: whether a pronoun is the person or the group the sentence before names needs
more than its words (on the labelled sets and dev events, most "They" follow a sentence naming two parties).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from summarizer.language.names import find_entities
from summarizer.language.vocabulary import STOP_WORDS
from summarizer.language.voice import QUOTATION
from summarizer.language.wordnet import is_noun, is_word

__all__ = ["Introduced", "Resolved", "introduced", "resolved", "subject_name"]

_DEMONSTRATIVE = re.compile(r"(?P<det>This|These|That|Those)(?P<words>(?: [a-z][a-z-]+){2,3})")
# After the word that follows "This", these show that word is a verb and "This" its subject: "This marks the
# first ...", "This comes a day after ...".
_VERB_FOLLOWS = frozenset(
    "the a an to that its his her their our this these those it them him us with in on into up out".split()
)
# Verbs WordNet also knows as nouns, often right after a pronoun "This": "This means ...", "This comes ...".
_PRONOUN_VERBS = frozenset(
    "is was are were be been has have had will would can could may might must shall should do does did means meant "
    "comes came seems seemed appears appeared makes made marks marked follows followed includes included shows "
    "showed suggests suggested represents represented leads led happens happened puts put sets set left compares "
    "compared".split()
)
# Shell nouns (Schmid, 2000) say only what kind of thing the sentence before told: "That amount weighs about 11
# times as much as the Great Pyramid" is no clearer as "The amount weighs ...". Left out, not resolved.
_SHELL_NOUNS = frozenset(
    "amount amounts kind kinds type types sort sorts way ways thing things version fact facts idea ideas problem "
    "problems issue issues matter point case situation move decision step approach number numbers figure figures "
    "one ones part parts reason reasons result results change changes process method metric metrics pair question "
    "questions news story development developments trend effect effects level levels rate rates sum total practice "
    "time times year years day days week month".split()
)
# "this" and the word or two after it, within a sentence: "Having this data could help ...", "this new species"
_THIS = re.compile(r"(?<=\S )(?P<det>this)(?P<words>(?: [a-z][a-z-]+){1,2})")
# "this" before these points at where the writer stands, not at a thing told before: "in this country" is the
# writer's country, "this reporter" the writer; "the country" would say another thing.
_HERE = frozenset("country nation world economy reporter writer newspaper paper site website page".split())
_IT = re.compile(r"It(?P<s>s)?\b(?!['’])")
_TICKER = re.compile(r"\s+[A-Z]{1,5}\.[A-Z]{1,3}$")  # "Xhibit Corp XBTC.PK": the stock symbol is no part of a name
# What may come before a sentence's subject: "Founded in 1989, SkyMall said ...", "On Friday, the company ...".
_FRONTED = re.compile(r"^(?:[A-Z][^,;:\"“”]{0,80}, )?")


class Resolved(NamedTuple):
    text: str
    from_before: bool  # the sentence before gave the name: it is evidence for the text too


def resolved(sentence: str, before: str | None) -> Resolved | None:
    """The sentence said so that it stands alone, or None when it cannot be resolved for certain; `before` is
    the sentence before it in its article (None for the first)."""
    found = _opening(sentence, before)
    text = found.text if found else sentence
    within = _this_thing(text)
    if within == text:
        return found
    return Resolved(within, from_before=found.from_before if found else False)


def _opening(sentence: str, before: str | None) -> Resolved | None:
    if m := _DEMONSTRATIVE.match(sentence):
        words = m["words"].split()
        # "This operation marks ..." or, with one word that is no noun before the noun, "This new discovery is ..."
        heads = [words[:2]] + ([words[1:3]] if len(words) == 3 and _describes(words[0]) else [])
        if not any(_noun_then_verb(noun, after) for noun, after in heads):
            return None
        return Resolved("The " + sentence[len(m["det"]) + 1 :], from_before=False)
    if before and (m := _IT.match(sentence)) and (name := subject_name(before)):
        return Resolved(name + ("'s" if m["s"] else "") + sentence[m.end() :], from_before=True)
    return None


def _this_thing(sentence: str) -> str:
    """The sentence with "this" before a noun naming a thing made "the", outside quotations: "Having this data
    could help ..." -> "Having the data could help ..."; "described by this group of scientists" -> "... by the
    group of scientists". Not before a shell noun ("this story", "this kind") or a time ("this week")."""
    quoted = [m.span() for m in QUOTATION.finditer(sentence)]

    def the(m: re.Match[str]) -> str:
        if any(a <= m.start() < b for a, b in quoted):
            return m[0]
        words = m["words"].split()
        nouns = [words[0]] + ([words[1]] if len(words) == 2 and _describes(words[0]) else [])
        thing = any(
            n not in _SHELL_NOUNS and n not in _HERE and n not in _PRONOUN_VERBS and n not in STOP_WORDS and is_noun(n)
            for n in nouns
        )
        return m["det"].replace("this", "the").replace("This", "The") + m["words"] if thing else m[0]

    return _THIS.sub(the, sentence)


def _noun_then_verb(noun: str, after: str) -> bool:
    refused = noun in STOP_WORDS or noun in _PRONOUN_VERBS or noun in _SHELL_NOUNS or after in _VERB_FOLLOWS
    return not refused and is_noun(noun)


def _describes(word: str) -> bool:
    """A word that can only describe ("new", "latest"): WordNet knows it, but not as a noun."""
    return word not in STOP_WORDS and is_word(word) and not is_noun(word)


def subject_name(sentence: str) -> str | None:
    """The name a sentence opens with as its subject ("Hayat Tahrir al-Sham, listed as a terrorist
    organization by the United States, has long been targeted ..." -> "Hayat Tahrir al-Sham"; "Founded in
    1989, SkyMall said ..." -> "SkyMall"), or None."""
    fronted = _FRONTED.match(sentence)
    named = frozenset(find_entities(sentence))  # "SkyMall" opening the rest is a name: the sentence names it
    for subject in (sentence, sentence[fronted.end() :] if fronted else ""):
        names = find_entities(subject, named)
        if names and subject.startswith(names[0]) and re.match(r"(?:,| [a-z])", subject[len(names[0]) :]):
            return _TICKER.sub("", names[0])
    return None


# A surname opening a sentence, after an honorific or not: "Amey also raised ...", "Mr. Wiley replaced ...".
_SURNAME = re.compile(r"(?:(?:Mr|Mrs|Ms|Dr|Prof)\.? )?(?P<name>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?=,| [a-z])")
# Words of a title before a name: "Tesla CEO Elon Musk", "Chief Financial Officer Scott Wiley".
_TITLE_WORDS = frozenset(
    "CEO CFO COO Chief Executive Officer Financial Operating President Vice Director Chairman Chairwoman Sen Rep "
    "Gov Gen Dr Mr Mrs Ms Prof Judge Justice Minister Prime Secretary Mayor Commissioner Governor Senator "
    "Representative Attorney General Supt Det Sgt Cpl Lt Capt Col Master Rev Father Sister".split()
)


class Introduced(NamedTuple):
    text: str
    name: str  # the full name put in, as the article first gave it (without a title)


def introduced(sentence: str, before: Sequence[str], text: str) -> Introduced | None:
    """The sentence with the surname it opens with named in full, as the article named that person before
    (`before`: its earlier sentences), or None: no surname, a word the article also writes in lower case ("Police
    said ..."), or not exactly one full name ending in it."""
    m = _SURNAME.match(sentence)
    if m is None or re.search(rf"\b{m['name'].lower()}\b", text):
        return None
    full = {
        " ".join(_untitled(words))
        for earlier in before
        for name in find_entities(earlier)
        if len(words := name.split()) >= 2 and words[-1] == m["name"] and len(_untitled(words)) >= 2
    }
    if len(full) != 1:
        return None
    name = full.pop()
    return Introduced(name + sentence[m.end("name") :], name)


def _untitled(words: list[str]) -> list[str]:
    """The name without the title before it: "Tesla CEO Elon Musk" -> "Elon Musk"."""
    last_title = max((i for i, w in enumerate(words) if w.rstrip(".") in _TITLE_WORDS), default=-1)
    return words[last_title + 1 :]
