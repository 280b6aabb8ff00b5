from typing import List

from promptflow import log_metric, tool


@tool
def aggregate(scores: List[dict]) -> dict:
    n = len(scores) or 1
    recognised_rate = round(sum(1 for s in scores if s["recognised"]) / n, 4)
    other_rate = round(sum(1 for s in scores if s["other"]) / n, 4)
    log_metric("recognised_rate", recognised_rate)
    log_metric("other_rate", other_rate)
    return {"recognised_rate": recognised_rate, "other_rate": other_rate}
