"""Is a sentence supported by its evidence? Read it against the sentence that states it, word by word.

The check behind "every sentence cites its sources" used to compare bags of word stems, so "The council
rejected the budget by 2 votes to 7" passed against "approved ... by 7 votes to 2". This one aligns each
clause of a sentence to the one evidence sentence that states it, then asks of every part of the clause:
- its words are there: the same word in another form, a synonym or a more general word (WordNet, shipped in
  the package), never an opposite ("rejected" / "approved") and never a more specific one ("woman" / "person");
- its names are there, spelled the same or abbreviated ("ADL" / "Anti-Defamation League", "U.N." / "UN"),
  or named earlier in the article when the evidence says "he" or "they";
- its numbers are there, counting the same thing ("30 days" is not "30 years"), with no bound that turns
  around ("more than 50" is not "up to 50") and in the same relation ("7 votes to 2" is not "2 votes to 7");
- it negates what its evidence negates, no more and no less ("no" and "nor" are negations too);
- it attributes nothing to anyone its evidence does not.

Two tiers, one reading:
- `check_claim`: a model's claim against the sentence(s) it cites. It is meant to be a near-copy of one
  sentence, so the whole claim is read against one sentence (the best of those cited).
- `check_sentence`: a written sentence against the facts it cites. It may fuse them, one clause from one
  fact and the next from another, but may add nothing.
Both return problems as readable lines, empty when the text is supported; `verify` also takes whole
articles as evidence and finds the sentences that matter.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from summarizer.ingest.files import split_sentences
from summarizer.language.reading import Number, Reading, Token, read
from summarizer.language.vocabulary import PRONOUNS, REFERRING_NOUNS
from summarizer.language.wordnet import Relation, base_forms, is_word, lies_in, relation, restates
from summarizer.language.words import zipf

__all__ = ["Verdict", "check_claim", "check_sentence", "verify"]

# Opposites among the small words the reading otherwise passes over.
_OPPOSITE_SMALL_WORDS = [("before", "after"), ("more", "less"), ("more", "fewer"), ("most", "least"),
                         ("above", "below")]  # fmt: skip
# Which bounds a figure may be restated with: "more than 50" states "at least 50", not "up to 50".
_BOUNDS_KEPT: dict[str | None, set[str | None]] = {
    "more": {"more"},
    "at least": {"more", "at least", None},
    "less": {"less"},
    "up to": {"less", "up to", None},
    "nearly": {"nearly"},
}
_CLAUSE_BREAK = re.compile(
    r"\s*;\s*|,\s+(?=(?:and|but|while|whereas|which|who)\b)|\s+(?=(?:and|but)\s+(?:the|a|an|he|she|they|it|his|her|"
    r"their|its|no|[A-Z]\w*)\b)"
)
# A verb of saying, but not in the passive: "870 cases have been reported" names no one who said it.
_SAYING = (
    r"(?<!\bbeen )(?<!\bbe )(?<!\bbeing )(?<!\bwas )(?<!\bwere )(?<!\bis )(?<!\bare )"
    r"(?:said|says|told|added|stated|reported|announced|claimed|wrote|confirmed)"
)
_PIECE_BREAK = re.compile(rf"{_CLAUSE_BREAK.pattern}|,\s+")
_ATTRIBUTION_PIECE = re.compile(  # "according to X", "X said", "said X": who said what comes before
    rf"according to\b.*|[^,;]{{1,60}}\s+{_SAYING}(?:\s+\w+day)?|{_SAYING}\s+(?!that\b)(?:\S+\s+){{0,4}}\S+", re.I
)
_ATTRIBUTION = re.compile(  # the speaker: "according to X", "..., said X.", "X said"
    rf"\baccording to\b[^,.;]*|\b{_SAYING}\s+(?!that\b)(?:[^\s,.;\"“”]+\s+){{0,4}}[^\s,.;\"“”]+\s*\.?\s*$"
    rf"|(?:^|,\s*)[^,;\"“”]{{1,60}}?\s+{_SAYING}\b",
    re.IGNORECASE,
)
_LICENSING: frozenset[Relation] = frozenset({"same", "synonym", "general"})
_ANTECEDENT_REACH = 3  # sentences back where "he" or "the agency" may have been named
_UNIT_REACH = 8  # tokens after a figure where what it counts may be named
_REVERSAL_SPAN = 8  # tokens: "7 votes to 2", "Berg accused Ortiz of lying"
_FUSED_REACH = 2  # more sentences a written clause may draw words from, beside the one that states most of it
_BESIDE = 3  # tokens: a word drawn from another sentence stands this close to a neighbour there and here
_AND_SO_ON = frozenset("of the and for de al".split())  # small words inside a name: "League of Nations"


@dataclass(frozen=True)
class Verdict:
    """What `verify` found: whether `text` is supported, why not, and the sentences it was read against."""

    text: str
    problems: tuple[str, ...]
    evidence: tuple[str, ...] = field(default=())

    @property
    def supported(self) -> bool:
        return not self.problems


def check_claim(claim: str, sentences: Sequence[str], *, context: Sequence[str] = ()) -> list[str]:
    """What in a model's `claim` the sentence(s) it cites do not state; empty when it is supported.

    The claim is read against the one cited sentence that states most of it, held strictly: every word,
    name, number and negation. `context` is the article around it (earlier sentences, the title): it may
    name who "he" or "the agency" is, and spell out an abbreviation, but states nothing by itself.
    """
    prepared = _prepare(claim, sentences, context)
    if isinstance(prepared, str):
        return [prepared]
    claim, readings, known = prepared
    return _stray_letters(claim, [*sentences, *context]) + _claim_problems(read(claim), readings, known)


def check_sentence(sentence: str, facts: Sequence[str], *, context: Sequence[str] = ()) -> list[str]:
    """What in a written `sentence` the facts it cites do not state; empty when it is supported.

    Each clause is read against the one fact (a claim's statement, or a sentence behind it) that states
    most of it, so a sentence may fuse facts but not add to them; `context` works as in `check_claim`.
    """
    prepared = _prepare(sentence, facts, context)
    if isinstance(prepared, str):
        return [prepared]
    sentence, readings, known = prepared
    return _stray_letters(sentence, [*facts, *context]) + _sentence_problems(sentence, readings, known)


def _stray_letters(text: str, evidence: Sequence[str]) -> list[str]:
    """Letters outside ASCII that no evidence has: a small model slips into another script mid-word ("200
    Empire州" for "200 Empire State Buildings"), which the word-level reading does not see as a word."""
    given = set("".join(evidence))
    stray = sorted({c for c in text if c.isalpha() and not c.isascii() and c not in given})
    return [f"writes “{''.join(stray)}”, which its evidence does not"] if stray else []


def _prepare(
    text: str, evidence: Sequence[str], context: Sequence[str]
) -> tuple[str, list[Reading], list[_Names]] | str:
    """`text` on one line (a problem quotes it), the evidence read, and the names around each piece of it;
    or the one problem when there is nothing to read."""
    text = " ".join(text.split())
    if not text:
        return "is empty"
    sequence = [*context, *(e for e in evidence if e.strip())]
    if len(sequence) == len(context):
        return "cites no evidence"
    known = [_Names.at(tuple(sequence), p) for p in range(len(context), len(sequence))]
    return text, [read(e) for e in sequence[len(context) :]], known


def _claim_problems(said: Reading, readings: Sequence[Reading], known: Sequence[_Names]) -> list[str]:
    """The claim against the one sentence that states most of it; `known[k]` are the names around sentence k."""
    best = max(range(len(known)), key=lambda k: (*_closeness(said, readings[k], known[k]), -k))
    return _clause_problems(said, readings[best], known[best])


def _sentence_problems(sentence: str, readings: Sequence[Reading], known: Sequence[_Names]) -> list[str]:
    """Each clause of a written sentence against the fact that states most of it, the others beside it."""
    problems: list[str] = []
    for clause in clauses(sentence):
        said = read(clause)
        k = max(range(len(known)), key=lambda k: (*_closeness(said, readings[k], known[k]), -k))
        stated = [t for t in said.content if t.key not in _attribution_words(said.text)]  # not who said it
        if stated and _coverage(said, readings[k], known[k]) == 0:
            problems.append(f"nothing in its evidence states “{_bare(clause)}”")
            continue
        others = [(readings[j], known[j]) for j in range(len(known)) if j != k]
        problems += [
            p for p in _clause_problems(said, readings[k], known[k], also=others, loose=True) if p not in problems
        ]
    return problems


def verify(text: str, evidence: Sequence[str], *, strict: bool = False) -> Verdict:
    """Read `text` (one or more sentences) against `evidence`: sentences, facts or whole articles.

    Whole articles are split into sentences and each sentence of `text` is read against the ones that state
    it, with the article before them as context (names, "he", abbreviations). `strict` holds each sentence
    as a model's claim (one evidence sentence each); otherwise as a written sentence that may fuse several.
    """
    articles = [split_sentences(e) for e in evidence if e.strip()]
    pool = [(a, i) for a, sentences in enumerate(articles) for i in range(len(sentences))]
    problems: list[str] = []
    used: list[str] = []
    for sentence in split_sentences(text) or [text]:
        sentence = " ".join(sentence.split())
        said = read(sentence)
        names = {p: _Names.at(tuple(articles[p[0]]), p[1]) for p in pool}
        ranked = sorted(pool, key=lambda p: _closeness(said, read(articles[p[0]][p[1]]), names[p]), reverse=True)
        ranked = ranked[: 1 if strict else 3]
        chosen = sorted(p for p in ranked if _coverage(said, read(articles[p[0]][p[1]]), names[p]) > 0) or ranked[:1]
        if not strict:  # each clause, with the sentences that state what its best one leaves out
            fused = {p for clause in clauses(sentence) for p in _fused_support(read(clause), articles, pool, names)}
            chosen = sorted(set(chosen) | fused)
        if not chosen:
            problems.append("cites no evidence")
            continue
        support = [articles[a][i] for a, i in chosen]
        # Each sentence with the names of the article around it, where it stands there: who "he" is, and
        # what an abbreviation spells out.
        readings, known = [read(s) for s in support], [names[p] for p in chosen]
        found = _claim_problems(said, readings, known) if strict else _sentence_problems(sentence, readings, known)
        problems += [p for p in found if p not in problems]
        used += [s for s in support if s not in used]
    return Verdict(text, tuple(problems), tuple(used))


def _fused_support(
    said: Reading, articles: list[list[str]], pool: list[tuple[int, int]], names: dict[tuple[int, int], _Names]
) -> list[tuple[int, int]]:
    """The sentence that states most of a clause, then up to `_FUSED_REACH` more that state what it leaves out."""
    if not pool or not said.content:
        return []
    best = max(pool, key=lambda p: _closeness(said, read(articles[p[0]][p[1]]), names[p]))
    if _coverage(said, read(articles[best[0]][best[1]]), names[best]) == 0:
        return []
    chosen = [best]
    for _ in range(_FUSED_REACH):
        left = [t for t in said.content if not any(_stated_in(t, said, read(articles[a][i]), names[(a, i)])
                                                    for a, i in chosen)]  # fmt: skip
        if not left:
            break
        gains = {p: sum(_weight(t) for t in left if _stated_in(t, said, read(articles[p[0]][p[1]]), names[p]))
                 for p in pool if p not in chosen}  # fmt: skip
        more = max(gains, key=lambda p: gains[p], default=None)
        if more is None or gains[more] == 0:
            break
        chosen.append(more)
    return chosen


# ---- clauses and evidence -----------------------------------------------------------------------------------


def clauses(sentence: str, *, at_commas: bool = True) -> list[str]:
    """The clauses of a sentence, each read against its own evidence; a piece with one word joins its neighbour.

    A written sentence fuses facts at its commas too ("On the eve of the anniversary, activists ..."), so
    by default every comma ends a piece; `at_commas=False` keeps to clauses proper ("..., and the mayor ...").
    """
    pattern = _PIECE_BREAK if at_commas else _CLAUSE_BREAK
    pieces = [p.strip(" ,") for p in pattern.split(sentence) if p and p.strip(" ,")]
    merged: list[str] = []
    for piece in pieces:
        attributes = _ATTRIBUTION_PIECE.fullmatch(piece.rstrip(" ."))  # said of what comes before it
        leads = merged and _ATTRIBUTION_PIECE.fullmatch(merged[-1])  # "According to X, ...": said of what follows
        if merged and (attributes or leads or len(read(piece).content) < 2 or len(read(merged[-1]).content) < 2):
            merged[-1] = f"{merged[-1]}, {piece}"
        else:
            merged.append(piece)
    return merged or [sentence]


def _bare(clause: str) -> str:
    return re.sub(r"^(?:and|but|while|whereas)\s+", "", clause.strip(" .,;"), flags=re.IGNORECASE)


def _weight(token: Token) -> float:
    if token.name:
        return 3.0
    return 1.0 + max(0.0, 6.0 - zipf(token.key)) / 2  # a rare word says more about where it is from


def _coverage(said: Reading, given: Reading, names: _Names) -> float:
    """How much of `said` a sentence states: its words and names, weighted by rarity, and its numbers."""
    speaker = _attribution_words(said.text)  # who said it does not tell where it was said
    words = sum(
        _weight(t)
        for t in said.content
        if t.key not in speaker and (_licence(t, given) is not None or (t.name and _name_stated(t, given, names, said)))
    )
    values = {n.value for n in given.numbers}
    return words + 3.0 * sum(1 for n in said.numbers if n.value in values)


def _closeness(said: Reading, given: Reading, names: _Names) -> tuple[float, float]:
    """Coverage first; then, between sentences that state as much, the one that shares most of its wording."""
    mine, theirs = [t.key for t in said.words], {t.key for t in given.words}
    shared = sum(1 for k in mine if k in theirs) / max(1, len(mine))
    return _coverage(said, given, names), shared - abs(len(given.words) - len(mine)) / max(1, 10 * len(mine))


@lru_cache(maxsize=65536)
def _relate(claimed: str, given: str) -> Relation | None:
    return relation(claimed, given) if claimed[0].isalpha() and given[0].isalpha() else None


def _licence(token: Token, given: Reading, *, exact: bool = False) -> list[int] | None:
    """The positions in `given` that state `token` (same word, form, synonym or a narrower word), or None.

    `exact`: a speaker is the same one or none ("his lawyer" is not "prosecutors", though they are lawyers).
    """
    allowed: frozenset[Relation] = frozenset({"same", "synonym"}) if exact else _LICENSING
    found = [t.index for t in given.words if t.key == token.key or _same_name(token, t)]
    if not found and not (token.name and not is_word(token.key)):
        found = [t.index for t in given.words if t.content and _relate(token.key, t.key) in allowed]
    if not found and "-" in token.key:  # "one-year", "start-up": every part stated
        parts = [p for p in token.key.split("-") if p and not p.isdigit()]
        spots = [[t.index for t in given.words if t.key == p or _relate(p, t.key) in _LICENSING] for p in parts]
        if parts and all(spots):
            found = [s[0] for s in spots]
    return found or None


def _stated_in(token: Token, said: Reading, given: Reading, names: _Names) -> bool:
    """Whether another sentence states a word the clause adds: a name anywhere in it; a word beside one of its
    neighbours in the clause ("Tuesday evening" is not stated by "Tuesday" and "in the evening" far apart),
    negated where the clause negates it and only there."""
    spots = _licence(token, given)
    if not spots:
        return token.name and _name_stated(token, given, names, said)
    if not token.name:
        spots = [s for s in spots if _beside(token.index, said, s, given)]
    negated = given.negated()
    if token.index in said.negated():
        return any(s in negated for s in spots)
    return any(s not in negated for s in spots)


def _beside(index: int, said: Reading, spot: int, given: Reading) -> bool:
    """Whether a word of the clause near `index` is stated in `given` near `spot`: the word (or figure) there
    is read in the same company, not merely somewhere in another sentence."""
    neighbours = [t for t in said.content if t.index != index and abs(t.index - index) <= _BESIDE]
    return any(abs(spot - s) <= _BESIDE for t in neighbours for s in _licence(t, given) or ())


def _same_name(a: Token, b: Token) -> bool:
    """ "Syria" / "Syrian", "Russia" / "Russian": a name and the adjective made from it."""
    if not (a.name and b.name):
        return False
    short, long = sorted((a.key, b.key), key=len)
    return len(short) >= 4 and long.startswith(short[:-1]) and len(long) - len(short) <= 3


# ---- names --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Names:
    """Names the evidence sentence may stand for without spelling them, from the article around it."""

    antecedents: frozenset[str]  # named in the sentences just before it: who "he" or "they" may be
    expansions: dict[str, frozenset[str]]  # its abbreviations spelled out: "adl" -> {"anti-defamation", "league"}
    full_names: frozenset[frozenset[str]]  # its names in full: {"sacha", "baron", "cohen"}

    @classmethod
    @lru_cache(maxsize=4096)
    def at(cls, texts: tuple[str, ...], position: int) -> _Names:
        """For the sentence at `position` of `texts` (the article in order, or context then evidence)."""
        antecedents = {t.key for text in texts[max(0, position - _ANTECEDENT_REACH) : position]
                       for t in read(text).tokens if t.name}  # fmt: skip
        expansions: dict[str, set[str]] = {}
        full_names: set[frozenset[str]] = set()
        for text in texts:
            for run in _name_runs(read(text).tokens):
                full_names.add(frozenset(run) - _AND_SO_ON)
                for a in range(len(run)):
                    for b in range(a + 2, len(run) + 1):
                        words = [w for w in run[a:b] if w not in _AND_SO_ON]
                        if len(words) >= 2:
                            initials = "".join(part[0] for w in words for part in w.split("-") if part)
                            expansions.setdefault(initials, set()).update(words)
        return cls(frozenset(antecedents), {k: frozenset(v) for k, v in expansions.items()}, frozenset(full_names))


def _name_runs(tokens: Sequence[Token]) -> list[list[str]]:
    """Runs of capitalised words, small words inside allowed: ["anti-defamation", "league"]."""
    runs: list[list[str]] = []
    run: list[str] = []
    for t in [*tokens, None]:
        if t is not None and t.kind == "word" and (t.text[0].isupper() or (run and t.key in _AND_SO_ON)):
            run.append(t.key)
            continue
        while run and run[-1] in _AND_SO_ON:
            run.pop()
        if len(run) >= 2:
            runs.append(run)
        run = []
    return runs


def _name_stated(token: Token, given: Reading, names: _Names, said: Reading) -> bool:
    """A name the evidence sentence does not spell: its abbreviation or expansion, or "he" named just before."""
    spelled = {t.key for t in given.words}
    if token.key in names.expansions and any(w in spelled for w in names.expansions[token.key]):
        return True  # "ADL" where the sentence says "Anti-Defamation League"
    if any(token.key in words and initials in spelled for initials, words in names.expansions.items()):
        return True  # "Anti-Defamation League" where the sentence says "ADL"
    beside = {t.key for t in said.tokens[max(0, token.index - 2) : token.index + 3] if t.name and t.key != token.key}
    if any(token.key in full and full & beside & spelled for full in names.full_names):
        return True  # "Sacha Baron Cohen" where the sentence says "Baron Cohen", and the article the full name
    if any(lies_in(place, there) for place in _place_names(token, said) for there in _places_named(given)):
        return True  # "U.K. activists" where the sentence says "activists in London"
    if token.key in names.antecedents:
        return _refers(given)  # "Ortiz warned ..." read against "She warned ...", Ortiz named just before
    return False


def _place_names(token: Token, said: Reading) -> list[str]:
    """The names a token may be part of, as the lexicon spells places: "kong" -> "hong_kong", "kong"."""
    runs = [t.key for t in said.tokens[max(0, token.index - 2) : token.index + 3] if t.name]
    found = [token.key]
    for width in (2, 3):
        for start in range(len(runs) - width + 1):
            if token.key in runs[start : start + width]:
                found.append("_".join(runs[start : start + width]))
    return found


def _places_named(given: Reading) -> list[str]:
    keys = [t.key if t.name else "" for t in given.tokens]
    return [k for k in keys if k] + ["_".join(keys[i : i + 2]) for i in range(len(keys) - 1) if all(keys[i : i + 2])]


def _refers(given: Reading) -> bool:
    """Whether the sentence refers back to someone: "he", "they", "the company"."""
    keys = [t.key for t in given.tokens]
    return any(k in PRONOUNS for k in keys) or any(
        k in REFERRING_NOUNS and i and keys[i - 1] in ("the", "this", "that") for i, k in enumerate(keys)
    )


# ---- one clause against one sentence ------------------------------------------------------------------------


def _clause_problems(
    said: Reading, given: Reading, names: _Names, *, also: Sequence[tuple[Reading, _Names]] = (), loose: bool = False
) -> list[str]:
    """What `given` does not state of a clause, held strictly unless `loose` (a written sentence, not a claim).

    A written clause may use a looser word for the one its evidence has in that place ("spilled" for
    "dumped"; `lexicon.restates`), and may add words, names and figures that `also` states (the other facts
    the sentence fuses), beside the same neighbours and with the same negation; never a word that stands
    where its evidence says another, and never an opposite. Names, numbers and negations stay strict."""
    problems: list[str] = []
    attributed = _attribution_words(said.text)
    unnamed, unstated, opposed, misattributed = [], [], [], []
    placed: dict[int, list[int]] = {}
    for token in said.content:
        spots = _licence(token, given, exact=token.key in attributed)
        if spots:
            placed[token.index] = spots
    covered: set[int] = set()  # the rest of a phrase restated as one word: "looked into" for "investigated"
    for token in said.content:
        if token.index in covered:
            continue
        if token.index in placed:
            if (opposite := _opposite_in_place(token, given, placed)) is not None:
                opposed.append(f"{token.text} where its evidence says {opposite}")
            continue
        if token.name and _name_stated(token, given, names, said):
            continue
        opposite = next((t.text for t in given.words if t.content and _relate(token.key, t.key) == "opposite"), None)
        if opposite and not token.name:
            opposed.append(f"{token.text} where its evidence says {opposite}")
        elif (
            loose
            and not token.name
            and token.key not in attributed
            and (width := _paraphrases(token, said, given, placed))
        ):
            covered.update(range(token.index, token.index + width))  # a looser word for the one its evidence has
        elif (
            token.key not in attributed
            and _replaces(token, said, given, placed) is None
            and any(_stated_in(token, said, r, n) for r, n in also)
        ):
            continue  # a word the clause adds, stated by another fact it fuses
        elif token.key in attributed:
            misattributed.append(token.text)
        elif token.name:
            unnamed.append(token.text)
        else:
            unstated.append(token.text)
    if misattributed:
        problems.append(f"attributes it to {' '.join(dict.fromkeys(misattributed))}, which its evidence does not")
    if unnamed:
        problems.append(f"names {', '.join(dict.fromkeys(unnamed))}, which its evidence does not")
    problems += _number_problems(said, given, also=[r for r, _ in also])
    if opposed:
        problems.append(f"says {'; '.join(dict.fromkeys(opposed))}")
    problems += _small_word_opposites(said, given)
    problems += _negation_problems(said, given, placed)
    if unstated:
        problems.append(f"uses {', '.join(dict.fromkeys(unstated))}, which its evidence does not")
    problems += _reversals(said, given, placed)
    return problems


def _paraphrases(token: Token, said: Reading, given: Reading, placed: dict[int, list[int]]) -> int:
    """How many tokens, from this word on, restate a word its evidence has where it stands, and that no other
    word of the clause states: "spilled" for "dumped" (1), "looked into" for "investigated" (2); 0 if none.
    WordNet's phrases count as one word on either side ("sustain" for "prop up")."""
    used = {spot for spots in placed.values() for spot in spots}
    negated, own = given.negated(), token.index in said.negated()
    phrase = _phrase_at(said, token.index)
    mine = [(phrase[0], phrase[1] + 1)] if phrase else []
    mine.append((token.key, 1))
    for t in _window(token, said, given, placed):
        if not t.content or t.name or t.index in used or (t.index in negated) != own:
            continue
        theirs = [t.key] + [p for p, _ in [_phrase_at(given, t.index) or ("", 0)] if p]
        for key, width in mine:
            if any(restates(key, other) for other in theirs):
                return width
    return 0


def _phrase_at(reading: Reading, index: int) -> tuple[str, int] | None:
    """A phrase WordNet knows, starting at this word, and how many words follow it: "carried out" -> carry_out."""
    head = reading.tokens[index]
    for width in (2, 1):
        rest = reading.tokens[index + 1 : index + 1 + width]
        if len(rest) < width or any(t.kind != "word" or t.name for t in rest):
            continue
        for base in sorted(base_forms(head.key) | {head.key}):
            phrase = "_".join([base, *(t.key for t in rest)])
            if is_word(phrase):
                return phrase, width
    return None


def _window(token: Token, said: Reading, given: Reading, placed: dict[int, list[int]]) -> list[Token]:
    """The evidence words between the places of the word's stated neighbours (all of them when none is)."""
    before = [placed[i] for i in sorted(placed) if i < token.index][-1:]
    after = [placed[i] for i in sorted(placed) if i > token.index][:1]
    lo = min(before[0]) if before else 0
    hi = max(after[0]) if after else len(given.tokens) - 1
    if lo > hi:
        lo, hi = min(lo, hi) - 3, max(lo, hi) + 3
    return list(given.tokens[max(0, lo - 1) : hi + 2])


def _replaces(token: Token, said: Reading, given: Reading, placed: dict[int, list[int]]) -> Token | None:
    """The word of its evidence this one stands in place of ("battery" in "a battery issue", where the evidence
    says "an electrical connection issue"): beside a stated neighbour, a word of the evidence the clause does
    not use; None when the word is added rather than put in another's place."""
    used = {spot for spots in placed.values() for spot in spots}
    words = said.tokens
    for step in (-1, 1):
        k = token.index + step
        while 0 <= k < len(words) and not words[k].content and words[k].kind == "word":
            k += step
        if not (0 <= k < len(words)) or k not in placed:
            continue
        for spot in placed[k]:
            j = spot - step  # from the neighbour's place in the evidence, toward where this word would stand
            while 0 <= j < len(given.tokens) and not given.tokens[j].content and given.tokens[j].kind == "word":
                j -= step
            if 0 <= j < len(given.tokens) and given.tokens[j].content and j not in used:
                return given.tokens[j]
    return None


def _opposite_in_place(token: Token, given: Reading, placed: dict[int, list[int]]) -> str | None:
    """An opposite standing where the word's neighbours are: "closed to pedestrians" / "open to pedestrians"."""
    opposites = [t for t in given.words if t.content and _relate(token.key, t.key) == "opposite"]
    if not opposites:
        return None
    before = [i for i in sorted(placed) if i < token.index][-1:]
    after = [i for i in sorted(placed) if i > token.index][:1]
    near = [(i, placed[i][0]) for i in before + after if len(placed[i]) == 1]  # (in the clause, in the evidence)
    if not near:
        return None

    def distance(spot: int) -> tuple[int, ...]:  # what follows first: "open to cars" is about the cars
        return tuple(abs(spot - there) for _, there in reversed(near))

    own = min(distance(s) for s in placed[token.index])
    if sum(own) <= sum(abs(token.index - here) for here, _ in near) + 2:
        return None  # the word itself stands where the clause has it
    nearest = min(opposites, key=lambda t: distance(t.index))
    return nearest.text if distance(nearest.index) < own else None


@lru_cache(maxsize=8192)
def _attribution_words(text: str) -> frozenset[str]:
    return frozenset(t.key for m in _ATTRIBUTION.finditer(text) for t in read(m.group(0)).content)


def _number_problems(said: Reading, given: Reading, *, also: Sequence[Reading] = ()) -> list[str]:
    problems = []
    for number in said.numbers:
        source, same = given, [n for n in given.numbers if n.value == number.value and n.ordinal == number.ordinal]
        for other in also if not same else ():  # another fact, where the figure stands beside the same words
            source, same = other, [n for n in other.numbers if n.value == number.value and n.ordinal == number.ordinal
                                   and _beside(number.index, said, n.index, other)]  # fmt: skip
            if same:
                break
        if not same:
            problems.append(f"states {number.figure}, which its evidence does not")
            continue
        counts_other = number.unit and all(n.unit for n in same) and not any(_counted(number, n, source) for n in same)
        bound_turned = number.qualifier in _BOUNDS_KEPT and not any(
            n.qualifier in _BOUNDS_KEPT[number.qualifier] for n in same
        )
        if counts_other or bound_turned:
            problems.append(f"states {number.text} where its evidence says {same[0].text}")
    return problems


def _counted(claimed: Number, given_number: Number, given: Reading) -> bool:
    """Whether what the figure counts is stated just after it in the evidence: "three bidders, all local firms"."""
    after = given.tokens[given_number.index + 1 : given_number.index + 1 + _UNIT_REACH]
    return any(t.content and (t.key == claimed.unit or _relate(claimed.unit or "", t.key) in _LICENSING) for t in after)


def _small_word_opposites(said: Reading, given: Reading) -> list[str]:
    mine, theirs = {t.key for t in said.words}, {t.key for t in given.words}
    return [
        f"says {x} where its evidence says {y}"
        for a, b in _OPPOSITE_SMALL_WORDS
        for x, y in ((a, b), (b, a))
        if x in mine and y in theirs and x not in theirs
    ]


def _negation_problems(said: Reading, given: Reading, placed: dict[int, list[int]]) -> list[str]:
    """A "not" the evidence lacks, or one it has that the clause drops ("not guilty" -> "guilty")."""
    problems = []
    mine, theirs = said.negated(), given.negated()
    cues = [t for t in said.words if t.key in {"not", "no", "never", "none", "nobody", "nothing", "neither", "nor",
                                                "without", "n't"}]  # fmt: skip
    given_cues = {t.key for t in given.words if t.key in {"not", "no", "never", "none", "nobody", "nothing",
                                                           "neither", "nor", "without", "n't"}}  # fmt: skip
    for cue in cues:
        governed = [i for i, c in mine.items() if c.index == cue.index and i in placed]
        if governed and all(any(spot in theirs for spot in placed[i]) for i in governed):
            continue  # the evidence negates the same words
        if not governed and given_cues:
            continue  # what it negates is read elsewhere; the evidence has a negation of its own
        word = "n't" if cue.key == "n't" else cue.key
        problems.append(f"says {word} where its evidence does not")
        break
    dropped = [
        said.tokens[i].text
        for i, spots in placed.items()
        if i not in mine and spots and all(s in theirs for s in spots)
    ]
    if dropped:
        problems.append(f"states {', '.join(dropped)} where its evidence says not")
    return problems


def _reversals(said: Reading, given: Reading, placed: dict[int, list[int]]) -> list[str]:
    """Two names or numbers on either side of a stated word, the other way round in the evidence."""
    anchors: list[tuple[int, int, str]] = []  # (position in the clause, in the evidence, as written)
    for t in said.words:
        if t.name and t.index in placed and len(placed[t.index]) == 1:
            anchors.append((t.index, placed[t.index][0], t.text))
    for n in said.numbers:
        spots = [m.index for m in given.numbers if m.value == n.value and m.ordinal == n.ordinal]
        if len(spots) == 1:
            anchors.append((n.index, spots[0], n.text.split()[0]))
    anchors.sort()
    for (i, gi, a), (j, gj, b) in ((x, y) for k, x in enumerate(anchors) for y in anchors[k + 1 :]):
        if j - i > _REVERSAL_SPAN or gi - gj > _REVERSAL_SPAN:
            continue  # far apart, the sentence was restructured rather than turned around
        between = [placed[k][0] for k in range(i + 1, j) if k in placed and len(placed[k]) == 1]
        passive = any(t.key == "by" for t in said.tokens[i:j]) != any(t.key == "by" for t in given.tokens[gj:gi])
        if any(gj < spot < gi for spot in between) and not passive:
            return [f"reverses {a} and {b}: its evidence has them the other way round"]
    return []
