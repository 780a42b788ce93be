"""Fill in what a claim's words and evidence sentences state: figures, source, time, names and place."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import TypeVar

from summarizer.claims.quantities import find_quantities
from summarizer.language.dates import find_time
from summarizer.language.names import article_aliases, find_attribution, find_entities, find_place
from summarizer.schemas import Article, Claim

_T = TypeVar("_T")


def annotate(claim: Claim, article: Article) -> Claim:
    """A copy of `claim` with its figures, source, time, names and place filled in; set fields are kept."""
    context = claim_context(claim, article)
    update: dict[str, object] = {}
    if not claim.quantities:
        update["quantities"] = [m.quantity.model_copy() for m in find_quantities(claim.statement)]
    if claim.attribution is None:
        aliases = article_aliases(article.text)
        update["attribution"] = _first(find_attribution(text, aliases) for text in context)
    if claim.time is None:
        if time := _first(find_time(text, article.published) for text in context):
            update["time"] = time.text
            update["date"] = claim.date or time.date
    elif claim.date is None and (time := find_time(claim.time, article.published)):
        update["date"] = time.date
    if not claim.actors:
        update["actors"] = find_entities(claim.statement, _names_in(article.text))
    if claim.place is None:
        update["place"] = _first(find_place(text) for text in context)
    return claim.model_copy(update=update)


def claim_context(claim: Claim, article: Article) -> list[str]:
    """The claim's own words first, then the sentences it cites."""
    return [claim.statement] + [article.sentence(n) for n in claim.evidence if 1 <= n <= len(article.sentences)]


def _first(values: Iterable[_T | None]) -> _T | None:
    return next((v for v in values if v is not None), None)


@lru_cache(maxsize=512)
def _names_in(text: str) -> frozenset[str]:
    """The article's names: a capital at a sentence start is a name if the article uses it as one elsewhere."""
    return frozenset(find_entities(text))
