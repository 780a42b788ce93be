"""Evals: labelled data sets, deterministic scores, reports and thresholds, and runs that record or replay."""

from summarizer.evaluation.dataset import Dataset, load_dataset
from summarizer.evaluation.report import Thresholds, check_thresholds, load_thresholds
from summarizer.evaluation.score import DatasetScore, Report, score

__all__ = [
    "Dataset",
    "DatasetScore",
    "Report",
    "Thresholds",
    "check_thresholds",
    "load_dataset",
    "load_thresholds",
    "score",
]
