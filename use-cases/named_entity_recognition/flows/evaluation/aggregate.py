"""Aggregate the exact-match scores into the run's metric."""
from typing import List

from promptflow import log_metric, tool


@tool
def aggregate(matches: List[dict]) -> dict:
    total = len(matches)
    hits = sum(1 for match in matches if match and match.get("exact_match"))
    rate = round(hits / total, 4) if total else 0.0
    log_metric("exact_match_rate", rate)
    return {"exact_match_rate": rate, "count": total, "exact_matches": hits}
