"""Articles in, cited briefing out.

`Summarizer` is the library's entry point. Beneath it: the steps as plain functions over a `Runtime`
(`steps`: extract, extract_all, compose_story), and `Executor`, where a story's units run (`executor`:
`InProcess` here; the service sends them to its workers).
"""

from summarizer.compose import Scheduler, StoryInput
from summarizer.pipeline.executor import Executor, InProcess
from summarizer.pipeline.summarizer import Result, Summarizer

__all__ = ["Executor", "InProcess", "Result", "Scheduler", "StoryInput", "Summarizer"]
