"""Score one prediction against its ground-truth category."""
from promptflow import tool


def normalise(label):
    return str(label or "").strip().lower()


@tool
def score_line(groundtruth: str, prediction: str) -> dict:
    expected = normalise(groundtruth)
    actual = normalise(prediction)
    return {
        "groundtruth": expected,
        "prediction": actual,
        "correct": bool(expected) and expected == actual,
    }
