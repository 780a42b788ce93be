"""summarizer: turn a day's news articles into a cited, multi-source briefing.

from summarizer import Summarizer, load_articles

with Summarizer() as summarizer:          # no key: the embedded local model
    briefing = summarizer.brief(load_articles("examples/seeds"))
print(briefing.title)

The pipeline, one subpackage per step: `ingest` (articles) -> `claims` (extract, annotate, reconcile) ->
`compose` (the briefing) -> `render`; `model` talks to the model; `runtime` holds what a run opens (the
answer store, the local server, clients); `pipeline` runs the steps (`Summarizer`, executors); `daily`
briefs many stories at once; `evaluation` scores against labelled facts; `cli` is the command.
`verify` reads any text against its evidence (the check every published sentence passes), and
`recheck_briefing` reads a published briefing's sentences against its sources again, with no model.
`summarizer.testing` has a fake OpenAI-compatible server for your own tests (also as pytest fixtures, see
`summarizer.pytest_plugin`).
"""

from summarizer._version import __version__
from summarizer.claims.alignment import Verdict, verify
from summarizer.claims.recheck import recheck_briefing
from summarizer.config import Settings
from summarizer.daily import Daily, brief_daily, find_stories
from summarizer.errors import (
    ConfigError,
    InputError,
    LocalModelError,
    ModelError,
    SummarizerError,
    ValidationFailed,
)
from summarizer.ingest import load_articles, parse_article
from summarizer.pipeline import Summarizer
from summarizer.progress import Step
from summarizer.render import to_json, to_markdown
from summarizer.schemas import Article, Briefing, Claim, Extraction, Usage

__all__ = [
    "Article",
    "Briefing",
    "Claim",
    "ConfigError",
    "Daily",
    "Extraction",
    "InputError",
    "LocalModelError",
    "ModelError",
    "Settings",
    "Step",
    "Summarizer",
    "SummarizerError",
    "Usage",
    "ValidationFailed",
    "Verdict",
    "__version__",
    "brief_daily",
    "find_stories",
    "load_articles",
    "parse_article",
    "recheck_briefing",
    "to_json",
    "to_markdown",
    "verify",
]
