from promptflow import tool


@tool
def score_line(category: str, matched) -> dict:
    # the request log keeps JSON types; a dataset exported elsewhere may carry "true"/"false"
    recognised = matched is True or str(matched).lower() == "true"
    return {"recognised": recognised, "other": category == "other"}
