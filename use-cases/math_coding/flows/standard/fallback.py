"""Rescue an answer when the expression could not be evaluated.

Runs only when evaluate_code reports ok == false (see `activate` in
flow.dag.yaml). Models sometimes reply with prose such as "The answer is 42."
instead of code; this node takes the number stated as the answer, or else the
last number in the reply.
"""
import re

from promptflow import tool

_NUMBER = r"-?\d[\d,]*(?:\.\d+)?"
_STATED = re.compile(r"(?:answer|result|total)\s*(?:is|=|:)\s*\$?\s*(" + _NUMBER + ")", re.IGNORECASE)
_ANY = re.compile(_NUMBER)


def _to_number(text):
    text = text.replace(",", "")
    value = float(text)
    return int(value) if value.is_integer() and "." not in text else value


def rescue(llm_output):
    text = str(llm_output or "")
    stated = _STATED.findall(text)
    candidates = stated or _ANY.findall(text)
    if not candidates:
        return None
    try:
        return _to_number(candidates[-1])
    except ValueError:
        return None


@tool
def fallback(llm_output: str, error: str = "") -> dict:
    value = rescue(llm_output)
    return {
        "ok": value is not None,
        "value": value,
        "reason": error or "expression could not be evaluated",
    }
