"""Words that tell one story from another: lower case, without stop words and the words every story uses."""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[A-Za-zÀ-ÿ][\w'’-]*\w|\d[\d,.]*\d|[A-Za-z]")
# English stop words, and the news and calendar words that every story uses.
_STOP = frozenset(
    """a about above across after afterwards again against all almost alone along already also although always am
    among amongst amoungst amount an and another any anyhow anyone anything anyway anywhere are around as at back be
    became because become becomes becoming been before beforehand behind being below beside besides between beyond
    bill both bottom but by call can cannot cant co con could couldnt cry de describe detail do done down due during
    each eg eight either eleven else elsewhere empty enough etc even ever every everyone everything everywhere except
    few fifteen fifty fill find fire first five for former formerly forty found four from front full further get give
    go had has hasnt have he hence her here hereafter hereby herein hereupon hers herself him himself his how however
    hundred i ie if in inc indeed interest into is it its itself keep last latter latterly least less ltd made many
    may me meanwhile might mill mine more moreover most mostly move much must my myself name namely neither never
    nevertheless next nine no nobody none noone nor not nothing now nowhere of off often on once one only onto or
    other others otherwise our ours ourselves out over own part per perhaps please put rather re same see seem seemed
    seeming seems serious several she should show side since sincere six sixty so some somehow someone something
    sometime sometimes somewhere still such system take ten than that the their them themselves then thence there
    thereafter thereby therefore therein thereupon these they thick thin third this those though three through
    throughout thru thus to together too top toward towards twelve twenty two un under until up upon us very via was
    we well were what whatever when whence whenever where whereafter whereas whereby wherein whereupon wherever
    whether which while whither who whoever whole whom whose why will with within without would yet you your yours
    yourself yourselves said says say told according added including just like did does don didn doesn new
    monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow week weeks year years day days
    month months time mr mrs ms dr percent people""".split()
)


@lru_cache(maxsize=1 << 17)  # news repeats its words: normalise each spelling once
def _normal(raw: str) -> str | None:
    word = raw.lower().replace("’", "'").removesuffix("'s").strip("'-")
    if len(word) < 2 or word in _STOP:
        return None
    return word.replace(",", "") if word[:1].isdigit() else word


def words_of(text: str) -> list[str | None]:
    """Every word of `text`, normalised; None for a stop word (so a caller can still count all words)."""
    return [_normal(raw) for raw in _WORD.findall(text)]


def content_words(text: str) -> list[str]:
    """The words of `text` that can tell one story from another."""
    return [word for word in words_of(text) if word is not None]
