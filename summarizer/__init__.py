"""summarizer: turn a day's news articles into a cited, multi-source briefing.

from summarizer import Summarizer, load_articles

with Summarizer() as summarizer:          # no key: the embedded local model
    briefing = summarizer.brief(load_articles("examples/seeds"))
print(briefing.title)
"""

from .articles import load_articles
from .config import Settings
from .errors import (
    ConfigError,
    InputError,
    LocalModelError,
    ModelError,
    SummarizerError,
    ValidationFailed,
)
from .pipeline import Progress, Summarizer
from .render import to_json, to_markdown
from .schemas import Article, Briefing, Claim, Extraction, Usage

__all__ = [
    "Article",
    "Briefing",
    "Claim",
    "ConfigError",
    "Extraction",
    "InputError",
    "LocalModelError",
    "ModelError",
    "Progress",
    "Settings",
    "Summarizer",
    "SummarizerError",
    "Usage",
    "ValidationFailed",
    "load_articles",
    "to_json",
    "to_markdown",
]
__version__ = "0.1.0"
