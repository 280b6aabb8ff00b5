"""Unit tests of the python tools of the math_coding flows.

They run with the standard library only: a tiny stand-in for the `promptflow`
package is put into sys.modules before the tool modules are imported.
"""
import importlib.util
import os
import sys
import types
import unittest

sys.dont_write_bytecode = True

HERE = os.path.dirname(os.path.abspath(__file__))
USE_CASE = os.path.dirname(HERE)
LOGGED = {}

fake = types.ModuleType("promptflow")
fake.tool = lambda f: f
fake.log_metric = lambda key, value: LOGGED.__setitem__(key, value)
sys.modules["promptflow"] = fake


def load(relative_path):
    path = os.path.join(USE_CASE, relative_path)
    folder = os.path.dirname(path)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    name = "mc_" + relative_path.replace("/", "_").replace(".py", "")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


extract_code = load("flows/standard/extract_code.py")
evaluate_code = load("flows/standard/evaluate_code.py")
fallback = load("flows/standard/fallback.py")
format_answer = load("flows/standard/format_answer.py")
score_line = load("flows/evaluation/score_line.py")
aggregate = load("flows/evaluation/aggregate.py")


class ExtractCodeTest(unittest.TestCase):
    def test_fenced_python_block(self):
        answer = "Here you go:\n```python\n# apples per box times boxes\n12 * 7\n```\nThat is all."
        self.assertEqual(extract_code.extract_code(answer), "12 * 7")

    def test_bare_expression(self):
        self.assertEqual(extract_code.extract_code("  50 - 18.5 - 9  \n"), "50 - 18.5 - 9")

    def test_unlabelled_and_inline_fences(self):
        self.assertEqual(extract_code.extract_code("```\n3 * 60 / 4\n```"), "3 * 60 / 4")
        self.assertEqual(extract_code.extract_code("```38 // 6```"), "38 // 6")

    def test_unclosed_fence(self):
        self.assertEqual(extract_code.extract_code("```python\n(48 + 63 + 39) / 3"), "(48 + 63 + 39) / 3")

    def test_assignment_print_and_comment(self):
        self.assertEqual(extract_code.extract_code("result = 40 * (1 - 0.15)  # sale price"), "40 * (1 - 0.15)")
        self.assertEqual(extract_code.extract_code("print(9 ** 3)"), "9 ** 3")

    def test_unicode_operators_and_thousands(self):
        self.assertEqual(extract_code.extract_code("1,250 \u00f7 24 \u00d7 2 \u2212 1"), "1250 / 24 * 2 - 1")

    def test_empty(self):
        self.assertEqual(extract_code.extract_code(None), "")


class EvaluateCodeTest(unittest.TestCase):
    def ok(self, code):
        result = evaluate_code.evaluate_code(code)
        self.assertTrue(result["ok"], result)
        return result["value"]

    def rejected(self, code):
        result = evaluate_code.evaluate_code(code)
        self.assertFalse(result["ok"], code)
        self.assertIsNone(result["value"])
        self.assertTrue(result["error"])
        return result["error"]

    def test_arithmetic(self):
        self.assertEqual(self.ok("20 - 6 * 2.5"), 5.0)
        self.assertEqual(self.ok("157 % 12"), 1)
        self.assertEqual(self.ok("-(-1250 // 24)"), 53)
        self.assertEqual(self.ok("5 * 2 ** 10"), 5120)
        self.assertEqual(self.ok("(48 + 63 + 39) / 3"), 50.0)
        self.assertEqual(self.ok("+-3"), -3)

    def test_rejects_names_calls_and_attributes(self):
        for code in (
            "x + 1",
            "abs(-3)",
            "__import__('os').system('true')",
            "(1).__class__",
            "[1, 2][0]",
            "'a' * 3",
            "True + 1",
            "2j * 2",
            "1 < 2",
            "lambda: 1",
            "import os",
        ):
            self.rejected(code)

    def test_rejects_resource_exhaustion(self):
        self.assertIn("exponent", self.rejected("2 ** 1000"))
        self.assertIn("range", self.rejected("(10 ** 100) ** 100"))
        self.assertIn("range", self.rejected("9.9 ** 99 ** 1 * 1e300 * 1e300"))
        self.assertIn("longer", self.rejected("1 + " * 200 + "1"))

    def test_division_by_zero_and_syntax(self):
        self.assertEqual(self.rejected("1 / 0"), "division by zero")
        self.assertEqual(self.rejected("5 % 0"), "division by zero")
        self.assertIn("not a Python expression", self.rejected("3 *"))
        self.assertEqual(self.rejected(""), "no expression")

    def test_complex_result_rejected(self):
        self.assertIn("complex", self.rejected("(-8) ** 0.5"))


class FallbackAndFormatTest(unittest.TestCase):
    def test_fallback_prefers_stated_answer(self):
        result = fallback.fallback("First 12 boxes, then the answer is 1,340.", "x is not allowed")
        self.assertEqual(result, {"ok": True, "value": 1340, "reason": "x is not allowed"})

    def test_fallback_takes_last_number(self):
        self.assertEqual(fallback.fallback("It costs 3 dollars each, so 4.5")["value"], 4.5)

    def test_fallback_without_numbers(self):
        self.assertFalse(fallback.fallback("I cannot tell.")["ok"])

    def test_format_uses_code_result_and_tidies(self):
        result = format_answer.format_answer({"ok": True, "value": 34.00000000001}, None)
        self.assertEqual(result, {"answer": 34, "method": "code", "display": "34"})
        self.assertEqual(format_answer.format_answer({"ok": True, "value": 9.9 / 18})["answer"], 0.55)

    def test_format_bypassed_fallback_defaults_to_none(self):
        self.assertEqual(format_answer.format_answer({"ok": True, "value": 7})["answer"], 7)

    def test_format_uses_fallback(self):
        result = format_answer.format_answer({"ok": False, "value": None}, {"ok": True, "value": 12.5})
        self.assertEqual((result["answer"], result["method"]), (12.5, "fallback"))

    def test_format_without_answer(self):
        result = format_answer.format_answer({"ok": False, "value": None}, {"ok": False, "value": None})
        self.assertEqual(result, {"answer": None, "method": "none", "display": "no answer"})


class EvaluationTest(unittest.TestCase):
    def test_score_line(self):
        self.assertTrue(score_line.score_line(28.8, "28.8")["correct"])
        self.assertTrue(score_line.score_line(5, 5.0)["correct"])
        self.assertTrue(score_line.score_line(1340, "1,340")["correct"])
        self.assertFalse(score_line.score_line(5, "6")["correct"])
        line = score_line.score_line(5, None)
        self.assertTrue(line["error"])
        self.assertFalse(line["correct"])
        self.assertTrue(score_line.score_line(5, "None")["error"])

    def test_aggregate(self):
        LOGGED.clear()
        lines = [
            score_line.score_line(1, "1"),
            score_line.score_line(2, "2"),
            score_line.score_line(3, "4"),
            score_line.score_line(4, None),
        ]
        result = aggregate.aggregate(lines)
        self.assertEqual(LOGGED, {"accuracy": 0.5, "error_rate": 0.25})
        self.assertEqual(result["count"], 4)


if __name__ == "__main__":
    unittest.main()
