"""Aggregate the line scores into the run's metrics."""
from typing import List

from promptflow import log_metric, tool


@tool
def aggregate(scores: List[dict], groundtruths: List[str]) -> dict:
    total = len(scores)
    correct = sum(1 for score in scores if score and score.get("correct"))
    accuracy = round(correct / total, 4) if total else 0.0
    log_metric("accuracy", accuracy)

    # Per-category recall is returned for the report, not logged as a metric.
    per_category = {}
    for score, truth in zip(scores, groundtruths):
        label = str(truth or "").strip().lower() or "(missing)"
        seen, hit = per_category.get(label, (0, 0))
        per_category[label] = (seen + 1, hit + (1 if score and score.get("correct") else 0))
    recall = {label: round(hit / seen, 4) for label, (seen, hit) in sorted(per_category.items())}
    return {"accuracy": accuracy, "count": total, "correct": correct, "recall_by_category": recall}
