"""Lenient scores of one line.

* counts for micro precision / recall (exact entity matches after normalising);
* partial_match: every expected entity overlaps a predicted one and every
  predicted entity overlaps an expected one, where "overlap" means equal or
  one contained in the other at word boundaries ("Acme" vs "Acme Corp");
* grounded: how many predicted entities literally occur in the input text
  (a prediction that is not in the text is a hallucination).
"""
import json
import re

from promptflow import tool


def to_list(value):
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    text = str(value).strip()
    if not text:
        return []
    try:
        parsed = json.loads(text)
    except ValueError:
        return text.split(",")
    return parsed if isinstance(parsed, list) else [parsed]


def normalise(entity):
    text = re.sub(r"\s+", " ", str(entity)).strip().lower()
    return text.strip("\"'`.,;:!? ")


def unique(values):
    seen = []
    for value in to_list(values):
        item = normalise(value) if value is not None else ""
        if item and item not in seen:
            seen.append(item)
    return seen


def overlaps(a, b):
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return re.search(r"(?<!\w)" + re.escape(short) + r"(?!\w)", long_) is not None


@tool
def score(ground_truth: list, entities: list, text: str = "") -> dict:
    expected = unique(ground_truth)
    predicted = unique(entities)
    true_positives = len(set(expected) & set(predicted))
    partial = all(any(overlaps(e, p) for p in predicted) for e in expected) and all(
        any(overlaps(p, e) for e in expected) for p in predicted
    )
    haystack = re.sub(r"\s+", " ", str(text or "")).lower()
    grounded = sum(1 for p in predicted if p in haystack)
    return {
        "true_positives": true_positives,
        "predicted": len(predicted),
        "expected": len(expected),
        "partial_match": partial,
        "grounded": grounded,
    }
