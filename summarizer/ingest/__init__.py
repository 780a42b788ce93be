"""Step 1, ingest: files, folders, stdin, feeds and pages become Articles with numbered sentences."""

from summarizer.ingest.files import load_articles, parse_article, split_sentences

__all__ = ["load_articles", "parse_article", "split_sentences"]
