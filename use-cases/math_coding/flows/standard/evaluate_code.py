"""Evaluate an arithmetic expression safely.

The expression is parsed with `ast` and walked by hand; nothing is passed to
eval(). Allowed: int and float literals, + - * / // % ** , parentheses and
unary minus / plus. Names, calls, attributes, subscripts, comparisons,
strings, booleans and complex numbers are rejected, and limits on the code
length, exponent size and result size keep a hostile expression from eating
CPU or memory.
"""
import ast
import math
import operator

from promptflow import tool

MAX_CODE_CHARS = 300
MAX_EXPONENT = 100
MAX_RESULT_BITS = 4096

_BINARY = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
_UNARY = {ast.USub: operator.neg, ast.UAdd: operator.pos}


class UnsafeExpression(ValueError):
    """The expression uses something outside the allowed arithmetic."""


def _check_size(value):
    if isinstance(value, complex):
        raise UnsafeExpression("complex result")
    if isinstance(value, float) and not math.isfinite(value):
        raise UnsafeExpression("result out of range")
    if isinstance(value, int) and value.bit_length() > MAX_RESULT_BITS:
        raise UnsafeExpression("result out of range")
    return value


def _power(base, exponent):
    if abs(exponent) > MAX_EXPONENT:
        raise UnsafeExpression("exponent too large")
    if abs(base) > 1 and abs(exponent) * math.log2(abs(base)) > MAX_RESULT_BITS:
        raise UnsafeExpression("result out of range")
    return operator.pow(base, exponent)


def _eval(node):
    if isinstance(node, ast.Expression):
        return _eval(node.body)
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise UnsafeExpression("only numeric literals are allowed, found %r" % (value,))
        return value
    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        return _check_size(_UNARY[type(node.op)](_eval(node.operand)))
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        left, right = _eval(node.left), _eval(node.right)
        if isinstance(node.op, ast.Pow):
            return _check_size(_power(left, right))
        return _check_size(_BINARY[type(node.op)](left, right))
    raise UnsafeExpression("%s is not allowed" % type(node).__name__)


def safe_eval(code):
    """Return the value of `code` or raise ValueError / ZeroDivisionError."""
    code = (code or "").strip()
    if not code:
        raise UnsafeExpression("no expression")
    if len(code) > MAX_CODE_CHARS:
        raise UnsafeExpression("expression longer than %d characters" % MAX_CODE_CHARS)
    try:
        tree = ast.parse(code, mode="eval")
    except SyntaxError as exc:
        raise UnsafeExpression("not a Python expression: %s" % exc.msg) from None
    return _eval(tree)


@tool
def evaluate_code(code: str) -> dict:
    try:
        value = safe_eval(code)
    except ZeroDivisionError:
        return {"ok": False, "value": None, "error": "division by zero", "expression": code}
    except (ValueError, OverflowError, TypeError) as exc:
        return {"ok": False, "value": None, "error": str(exc), "expression": code}
    return {"ok": True, "value": value, "error": None, "expression": code}
