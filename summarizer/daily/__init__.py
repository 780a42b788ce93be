"""The daily briefing: many stories in one day's articles, grouped, ranked and briefed in one document."""

from summarizer.daily.run import Daily, DailyStory, abrief_daily, brief_daily
from summarizer.daily.stories import Story, find_stories

__all__ = ["Daily", "DailyStory", "Story", "abrief_daily", "brief_daily", "find_stories"]
