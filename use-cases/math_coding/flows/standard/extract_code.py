"""Pull the arithmetic expression out of the model's answer.

The model may answer with a fenced block (```python ... ```), a bare
expression, or a few lines of which the last one is the expression. This node
only cleans text; it never evaluates anything (that is evaluate_code's job).
"""
import re

from promptflow import tool

_FENCED = re.compile(r"```[ \t]*([A-Za-z][\w+-]*)?[ \t]*\n(.*?)```", re.DOTALL)
_INLINE_FENCED = re.compile(r"```(.*?)```", re.DOTALL)
_ASSIGNMENT = re.compile(r"^[A-Za-z_]\w*\s*=(?!=)\s*")
_PRINT = re.compile(r"^print\s*\((.*)\)\s*;?$")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_UNICODE_OPERATORS = {"\u00d7": "*", "\u00f7": "/", "\u2212": "-", "\u2013": "-"}


def extract(llm_output):
    text = str(llm_output or "")
    blocks = _FENCED.findall(text)
    if blocks:
        python_blocks = [body for lang, body in blocks if lang.lower() in ("python", "py", "python3")]
        text = (python_blocks or [body for _, body in blocks])[0]
    elif _INLINE_FENCED.search(text):
        text = _INLINE_FENCED.search(text).group(1)
    lines = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()  # arithmetic never contains '#'
        if line.startswith("```"):
            continue  # an unclosed fence, e.g. when max_tokens cut the answer
        if line.startswith("`") and line.endswith("`"):
            line = line.strip("`").strip()
        if line:
            lines.append(line)
    if not lines:
        return ""
    code = lines[-1]
    code = _ASSIGNMENT.sub("", code)
    printed = _PRINT.match(code)
    if printed:
        code = printed.group(1).strip()
    for symbol, replacement in _UNICODE_OPERATORS.items():
        code = code.replace(symbol, replacement)
    code = _THOUSANDS.sub("", code)
    return code.rstrip(";").strip()


@tool
def extract_code(llm_output: str) -> str:
    return extract(llm_output)
