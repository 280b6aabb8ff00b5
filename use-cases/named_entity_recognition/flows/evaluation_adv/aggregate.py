"""Aggregate the lenient line scores into the run's metrics."""
from typing import List

from promptflow import log_metric, tool


def _ratio(numerator, denominator, empty=0.0):
    return round(numerator / denominator, 4) if denominator else empty


@tool
def aggregate(scores: List[dict]) -> dict:
    scores = [s for s in scores if s]
    tp = sum(s["true_positives"] for s in scores)
    predicted = sum(s["predicted"] for s in scores)
    expected = sum(s["expected"] for s in scores)
    precision = _ratio(tp, predicted, empty=1.0 if expected == 0 else 0.0)
    recall = _ratio(tp, expected, empty=1.0)
    f1 = round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0
    metrics = {
        "partial_match_rate": _ratio(sum(1 for s in scores if s["partial_match"]), len(scores)),
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "grounded_rate": _ratio(sum(s["grounded"] for s in scores), predicted, empty=1.0),
    }
    for key, value in metrics.items():
        log_metric(key, value)
    return metrics
