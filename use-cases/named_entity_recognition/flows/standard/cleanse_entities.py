"""Turn the model's answer into a clean list of entity strings.

Accepted answer shapes (the prompt variants ask for different ones, and
models drift):
  * a JSON array:            ["Paris", "France"]
  * a fenced JSON array:     ```json\n["Paris"]\n```
  * comma-separated text:    Paris, France
  * one entity per line, with bullets or numbering: "- Paris" / "1. Paris"
  * nothing found:           [] / None / N/A / (empty)
"""
import json
import re

from promptflow import tool

_FENCE = re.compile(r"^```[a-zA-Z]*\s*|\s*```$")
_BULLET = re.compile(r"^\s*(?:[-*\u2022]+|\d+[.)])\s*")
_QUOTES = "\"'`\u201c\u201d\u2018\u2019"
_NOTHING = {"", "none", "n/a", "na", "null", "nil", "no entities", "[]"}


def _split_text(text):
    inner = text.strip()
    if inner.startswith("[") and inner.endswith("]"):
        inner = inner[1:-1]  # a list that is not valid JSON, e.g. ['a', 'b']
    parts = []
    for line in inner.splitlines():
        parts.extend(re.split(r"[,;]", line))
    return parts


def _clean_item(item):
    item = _BULLET.sub("", str(item)).strip()
    item = item.strip(_QUOTES).strip()
    return re.sub(r"\s+", " ", item)


def parse_entities(answer):
    if answer is None:
        return []
    if isinstance(answer, list):
        raw_items = answer
    else:
        text = _FENCE.sub("", str(answer).strip()).strip()
        raw_items = None
        if text.startswith("["):
            try:
                parsed = json.loads(text)
                if isinstance(parsed, list):
                    raw_items = parsed
            except ValueError:
                pass
        if raw_items is None:
            # a sentence-style answer ends with a full stop that is not part of an entity
            raw_items = _split_text(text[:-1] if text.endswith(".") else text)
    entities, seen = [], set()
    for raw in raw_items:
        if raw is None:
            continue
        item = _clean_item(raw)
        key = item.lower()
        if key in _NOTHING or key in seen:
            continue
        seen.add(key)
        entities.append(item)
    return entities


@tool
def cleanse_entities(answer: str) -> list:
    return parse_entities(answer)
