"""Build `summarizer/language/data/wordnet.txt.gz`, the word relations the alignment check reads, from WordNet 3.0.

    python benchmarks/build_lexicon.py [WORDNET_DIR]     (default /usr/share/wordnet: Debian's `wordnet-base`)

The check needs to know that "detained" may restate "arrested", that "rejected" is the opposite of "approved"
and that "vehicle" is more general than "pickup"; WordNet is the well-kept resource that says so. Nothing is
fetched at run time: this script distils the database into one small file that ships inside the package.

What it keeps, for lower-case lemmas of one to three words that are common enough to meet in news (a Zipf
frequency of at least MIN_ZIPF in `wordfreq`, which the package already depends on):
  W lemma id...      the synsets of its first SENSES senses per part of speech, most frequent first
  S id id            an adjective satellite and the head of its cluster ("thriving" -> "prosperous")
  H id id...         what each kept synset is a kind of, up to HYPERNYM_DEPTH levels ("pickup" -> "truck")
  A id id            antonym synsets ("approve" / "disapprove, reject"; "open" / "closed")
  D lemma lemma...   derivationally related words and pertainyms ("approval" / "approve", "financially")
  E form base...     irregular forms ("fell" -> "fall", "took" -> "take")
For the looser reading of written sentences ("spilled" may restate "dumped", "plunged" may restate "fell"):
  L lemma id...      the synsets of its further senses, beyond the first SENSES
  U id id...         what a synset is a kind of, one level up, for every synset the lines above name
  R id id...         adjectives and verbs WordNet calls similar, sees also, or groups together
  K pos id           the first synset id of each part of speech (ids are sorted by it: a, n, r, v)
Proper nouns are left out of all of these: a name is matched by its spelling, never by what WordNet relates
it to. Places are the one exception, kept apart so that "U.K." may restate "London" or "British":
  N name id...       a place's name, or the adjective made from it ("uk", "britain", "british") -> its places
  I id id...         the places a place lies in ("London" -> England -> United Kingdom), PLACE_DEPTH levels up
"""

from __future__ import annotations

import gzip
import re
import sys
from collections import defaultdict
from pathlib import Path

from wordfreq import zipf_frequency

SENSES = 3
HYPERNYM_DEPTH = 3
MIN_ZIPF = 2.0
PLACE_DEPTH = 5
LOCATION = 15  # WordNet's lexicographer file noun.location
OUT = Path(__file__).resolve().parents[1] / "summarizer" / "language" / "data" / "wordnet.txt.gz"
POS = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}
HEADER = """\
# Word relations distilled from WordNet 3.0 by benchmarks/build_lexicon.py (see that file for the format).
# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.
# THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR
# WARRANTIES, EXPRESS OR IMPLIED. BY WAY OF EXAMPLE, BUT NOT LIMITATION, PRINCETON UNIVERSITY MAKES NO
# REPRESENTATIONS OR WARRANTIES OF MERCHANTABILITY OR FITNESS FOR ANY PARTICULAR PURPOSE OR THAT THE USE OF THE
# LICENSED SOFTWARE, DATABASE OR DOCUMENTATION WILL NOT INFRINGE ANY THIRD PARTY PATENTS, COPYRIGHTS,
# TRADEMARKS OR OTHER RIGHTS. The full licence is in WORDNET-LICENSE beside this file.
"""


def read(folder: Path) -> tuple[dict[str, dict], dict[tuple[str, str], list[str]], dict[str, set[str]]]:
    """The synsets (words, pointers), the index (lemma, pos) -> synsets in sense order, and irregular forms."""
    synsets: dict[str, dict] = {}
    for name, pos in POS.items():
        for line in (folder / f"data.{name}").open(encoding="latin-1"):
            if line.startswith("  "):
                continue  # the licence at the top of each file
            fields = line.split("|")[0].split()
            count = int(fields[3], 16)
            words = [re.sub(r"\(.*\)$", "", fields[4 + 2 * i]) for i in range(count)]
            i = 4 + 2 * count
            pointers = []
            for _ in range(int(fields[i])):
                symbol, offset, target_pos, numbers = fields[i + 1 : i + 5]
                i += 4
                target = ("a" if target_pos == "s" else target_pos) + offset
                pointers.append((symbol, target, int(numbers[:2], 16), int(numbers[2:], 16)))
            synsets[pos + fields[0]] = {
                "words": words, "pointers": pointers, "satellite": fields[2] == "s", "file": int(fields[1])
            }  # fmt: skip
    index: dict[tuple[str, str], list[str]] = {}
    for name, pos in POS.items():
        for line in (folder / f"index.{name}").open(encoding="latin-1"):
            if line.startswith("  "):
                continue
            fields = line.split()
            skip = int(fields[3])
            index[(fields[0], pos)] = [pos + offset for offset in fields[4 + skip + 2 :]]
    irregular: dict[str, set[str]] = defaultdict(set)
    for name in POS:
        for line in (folder / f"{name}.exc").open(encoding="latin-1"):
            form, *bases = line.split()
            irregular[form].update(bases)
    return synsets, index, irregular


def common(lemma: str) -> bool:
    words = lemma.split("_")
    return len(words) <= 3 and zipf_frequency(lemma.replace("_", " "), "en") >= MIN_ZIPF


def build(folder: Path) -> str:
    synsets, index, irregular = read(folder)

    def targets(key: str, symbols: set[str]) -> list[str]:
        return [t for symbol, t, _, _ in synsets[key]["pointers"] if symbol in symbols]

    def head(key: str) -> str | None:  # the head adjective of a satellite's cluster
        return next(iter(targets(key, {"&"})), None) if synsets[key]["satellite"] else None

    senses: dict[str, list[str]] = {}
    for (lemma, _pos), keys in index.items():
        if not common(lemma):
            continue
        # Senses where the word is a name ("Fall" of man, "March") are left out: names match by spelling.
        common_senses = [key for key in keys if lemma in synsets[key]["words"]]
        if common_senses:
            mine = senses.setdefault(lemma, [])
            mine.extend(key for key in common_senses[:SENSES] if key not in mine)
    heads = {key: h for keys in senses.values() for key in keys if (h := head(key))}
    kept = {key for keys in senses.values() for key in keys} | set(heads.values())
    hypernyms: dict[str, list[str]] = {}
    for key in sorted(kept):
        found, frontier = [], [key]
        for _ in range(HYPERNYM_DEPTH):
            frontier = [h for k in frontier for h in targets(k, {"@", "@i"})]
            found += [h for h in frontier if h not in found]
        if found:
            hypernyms[key] = found
    antonyms = set()
    for key in kept:
        for symbol, target, _, _ in synsets[key]["pointers"]:
            if symbol == "!":
                antonyms.add(tuple(sorted((key, target))))
    derived: dict[str, set[str]] = defaultdict(set)
    for (lemma, _pos), keys in index.items():
        if lemma not in senses:
            continue
        for key in keys:
            synset = synsets[key]
            for symbol, target, source, goal in synset["pointers"]:
                if symbol in {"+", "\\"} and source and synset["words"][source - 1].lower() == lemma:
                    other = synsets[target]["words"][goal - 1].lower()
                    if other in senses and other != lemma:
                        derived[lemma].add(other)
    every = kept | {h for hs in hypernyms.values() for h in hs} | {t for pair in antonyms for t in pair}

    # The looser reading: every sense of a common word, one level of hypernyms, similar adjectives and verbs.
    further: dict[str, list[str]] = {}
    for (lemma, _pos), keys in index.items():
        if lemma in senses:
            mine = [key for key in keys if lemma in synsets[key]["words"] and key not in senses[lemma]]
            further.setdefault(lemma, []).extend(key for key in mine if key not in further.get(lemma, []))
    further = {lemma: keys for lemma, keys in further.items() if keys}
    loose = every | {key for keys in further.values() for key in keys}
    similar = {key: found for key in sorted(loose) if key[0] in "av" and (found := targets(key, {"&", "^", "$"}))}
    loose |= {t for found in similar.values() for t in found}
    parents: dict[str, list[str]] = {}
    frontier = set(loose)
    while frontier:
        found = {key: targets(key, {"@", "@i"}) for key in frontier if key not in parents}
        parents.update({key: hs for key, hs in found.items() if hs})
        frontier = {h for hs in found.values() for h in hs} - set(parents)
    loose |= set(parents) | {h for hs in parents.values() for h in hs}

    # Places: names of locations and the adjectives made from them, and what each lies in.
    places: dict[str, set[str]] = defaultdict(set)
    for (lemma, pos), keys in index.items():
        for key in keys:
            if pos == "n" and synsets[key]["file"] == LOCATION and any(w[0].isupper() for w in synsets[key]["words"]):
                places[fold(lemma)].add(key)
    located = {key for keys in places.values() for key in keys}
    for key, synset in synsets.items():
        if key[0] == "a":  # "British" pertains to Britain; "Ukrainian" is derived from Ukraine
            for symbol, target, source, _ in synset["pointers"]:
                word = synset["words"][source - 1] if source else ""
                if symbol in {"\\", "+"} and target in located and word[:1].isupper():
                    places[fold(word)].add(target)  # and the places that share a name with it:
                    places[fold(word)].update(k for w in synsets[target]["words"] for k in places[fold(w)])
    within: dict[str, list[str]] = {}
    for key in sorted(located):
        found, frontier_ = [], [key]
        for _ in range(PLACE_DEPTH):
            frontier_ = [h for k in frontier_ for h in targets(k, {"#p"})]
            found += [h for h in frontier_ if h not in found]
        if found:
            within[key] = found
    every = loose | located | {h for hs in within.values() for h in hs}
    ids = {key: format(i, "x") for i, key in enumerate(sorted(every))}
    lines = [HEADER.rstrip("\n")]
    lines += [f"W {lemma} {' '.join(ids[k] for k in keys)}" for lemma, keys in sorted(senses.items())]
    lines += [f"H {ids[k]} {' '.join(ids[h] for h in hs)}" for k, hs in sorted(hypernyms.items())]
    lines += [f"S {ids[k]} {ids[h]}" for k, h in sorted(heads.items())]
    lines += [f"A {ids[a]} {ids[b]}" for a, b in sorted(antonyms)]
    lines += [f"D {lemma} {' '.join(sorted(others))}" for lemma, others in sorted(derived.items())]
    lines += [
        f"E {form} {' '.join(sorted(b for b in bases if b in senses))}"
        for form, bases in sorted(irregular.items())
        if any(b in senses for b in bases)
    ]
    lines += [f"L {lemma} {' '.join(ids[k] for k in keys)}" for lemma, keys in sorted(further.items())]
    lines += [f"U {ids[k]} {' '.join(ids[h] for h in hs)}" for k, hs in sorted(parents.items())]
    lines += [f"R {ids[k]} {' '.join(ids[t] for t in found)}" for k, found in sorted(similar.items())]
    order = sorted(every)
    lines += [f"K {pos} {ids[next(k for k in order if k[0] == pos)]}" for pos in "anrv"]
    lines += [f"N {name} {' '.join(sorted(ids[k] for k in keys))}" for name, keys in sorted(places.items()) if name]
    lines += [f"I {ids[k]} {' '.join(ids[h] for h in hs)}" for k, hs in sorted(within.items())]
    return "\n".join(lines) + "\n"


def fold(lemma: str) -> str:
    """A name as the alignment check compares it: lower case, no dots, words joined by "_" ("u.k." -> "uk")."""
    return lemma.lower().replace(".", "").replace(" ", "_")


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/wordnet")
    if not (folder / "data.noun").is_file():
        sys.exit(f"no WordNet database in {folder} (Debian: apt-get install wordnet-base)")
    text = build(folder)
    OUT.write_bytes(gzip.compress(text.encode(), compresslevel=9, mtime=0))
    counts = {kind: sum(line.startswith(kind + " ") for line in text.splitlines()) for kind in "WHSADELURKNI"}
    print(f"wrote {OUT.name}: {OUT.stat().st_size:,} bytes; lines {counts}")


if __name__ == "__main__":
    main()
