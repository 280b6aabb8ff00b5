"""Compare one predicted number with the expected one.

`error` marks a line where the flow produced no usable number at all; it is
counted separately from a wrong number.
"""
import math

from promptflow import tool

REL_TOL = 1e-6
ABS_TOL = 1e-6


def to_number(value):
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else None
    text = str(value).strip().replace(",", "")
    if text.lower() in ("", "none", "null", "nan", "no answer"):
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


@tool
def score_line(groundtruth: float, prediction: str) -> dict:
    expected = to_number(groundtruth)
    actual = to_number(prediction)
    error = actual is None
    correct = (
        not error
        and expected is not None
        and math.isclose(actual, expected, rel_tol=REL_TOL, abs_tol=ABS_TOL)
    )
    return {"correct": correct, "error": error, "expected": expected, "actual": actual}
