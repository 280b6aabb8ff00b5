"""Exact-match score of one line: are the predicted entities the expected ones?

Order, case, surrounding whitespace, quotes and trailing punctuation do not
matter; anything else does.
"""
import json
import re

from promptflow import tool


def to_list(value):
    """Accept a list, a JSON-encoded list, a comma-separated string or None."""
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
    if isinstance(parsed, list):
        return parsed
    return [parsed]


def normalise(entity):
    text = re.sub(r"\s+", " ", str(entity)).strip().lower()
    return text.strip("\"'`.,;:!? ")


def entity_set(value):
    return {normalise(e) for e in to_list(value) if e is not None} - {""}


@tool
def exact_match(ground_truth: list, entities: list) -> dict:
    expected = entity_set(ground_truth)
    predicted = entity_set(entities)
    return {
        "exact_match": expected == predicted,
        "expected": sorted(expected),
        "predicted": sorted(predicted),
    }
