"""Run summarizer as a service: an HTTP API with a reading page, scheduled dailies, and queue workers.

    summarizer api                       # http://127.0.0.1:8000 (docs at /docs)
    SUMMARIZER_REDIS_URL=redis://... summarizer api     # units of work go to Redis...
    SUMMARIZER_REDIS_URL=redis://... summarizer worker  # ...and any number of workers take them

Needs the `service` extra (`pip install 'cited-news-summarizer[service]'`).
"""

from summarizer.service.app import create_app
from summarizer.service.config import ServiceConfig

__all__ = ["ServiceConfig", "create_app"]
