"""Aggregate the line scores into accuracy and error rate."""
from typing import List

from promptflow import log_metric, tool


@tool
def aggregate(scores: List[dict]) -> dict:
    total = len(scores)
    correct = sum(1 for s in scores if s and s.get("correct"))
    errors = sum(1 for s in scores if not s or s.get("error"))
    accuracy = round(correct / total, 4) if total else 0.0
    error_rate = round(errors / total, 4) if total else 0.0
    log_metric("accuracy", accuracy)
    log_metric("error_rate", error_rate)
    return {"accuracy": accuracy, "error_rate": error_rate, "count": total}
