"""Choose the final answer and give it a tidy numeric form.

`fallback` is None when the fallback node was bypassed (the expression
evaluated fine), hence its default.
"""
from promptflow import tool

DECIMALS = 6


def tidy(value):
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    value = round(float(value), DECIMALS)
    if value.is_integer():
        return int(value)
    return value


@tool
def format_answer(evaluation: dict, fallback: dict = None) -> dict:
    if evaluation and evaluation.get("ok"):
        value, method = evaluation.get("value"), "code"
    elif fallback and fallback.get("ok"):
        value, method = fallback.get("value"), "fallback"
    else:
        value, method = None, "none"
    answer = tidy(value)
    if answer is None:
        method = "none"
    return {
        "answer": answer,
        "method": method,
        "display": "no answer" if answer is None else str(answer),
    }
