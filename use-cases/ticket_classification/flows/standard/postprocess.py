"""Turn the model's free-text answer into one of the allowed categories."""
import re

from promptflow import tool

CATEGORIES = ("billing", "technical", "account", "shipping", "other")

# Words a model sometimes answers with instead of the exact label.
SYNONYMS = {
    "payment": "billing",
    "payments": "billing",
    "invoice": "billing",
    "refund": "billing",
    "charge": "billing",
    "tech": "technical",
    "bug": "technical",
    "login": "account",
    "password": "account",
    "profile": "account",
    "delivery": "shipping",
    "shipment": "shipping",
    "tracking": "shipping",
}

_PREFIX = re.compile(r"^\s*(?:category|label|answer|class)\s*[:=-]\s*", re.IGNORECASE)


def parse_category(llm_output):
    """Return (category, matched) for a raw model answer."""
    text = _PREFIX.sub("", str(llm_output or "")).lower()
    words = re.findall(r"[a-z]+", text)
    for word in words:
        if word in CATEGORIES:
            return word, True
    for word in words:
        if word in SYNONYMS:
            return SYNONYMS[word], True
    return "other", False


@tool
def postprocess(llm_output: str) -> dict:
    category, matched = parse_category(llm_output)
    return {
        "category": category,
        "matched": matched,
        "raw": (llm_output or "").strip(),
    }
