"""Unit tests of the python tools of the ticket_classification flows.

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
    name = "tc_" + relative_path.replace("/", "_").replace(".py", "")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


preprocess = load("flows/standard/preprocess.py")
postprocess = load("flows/standard/postprocess.py")
score_line = load("flows/evaluation/score_line.py")
aggregate = load("flows/evaluation/aggregate.py")


class PreprocessTest(unittest.TestCase):
    def test_collapses_whitespace(self):
        self.assertEqual(preprocess.preprocess("  App\n\n crashes\tat start  "), "App crashes at start")

    def test_drops_quoted_history_and_signature(self):
        ticket = (
            "The charger still does not work.\n"
            "> Thanks for reaching out\n"
            "Please help.\n"
            "--\n"
            "Jane Doe, ACME Ltd"
        )
        self.assertEqual(preprocess.preprocess(ticket), "The charger still does not work. Please help.")

    def test_stops_at_reply_header(self):
        ticket = "Still broken.\nOn Tue, Jun 4, 2024 at 10:02, Support <help@example.com> wrote:\nOld text"
        self.assertEqual(preprocess.preprocess(ticket), "Still broken.")

    def test_masks_email_and_card_numbers(self):
        cleaned = preprocess.preprocess("Mail me at jane.doe@example.com, card 4111 1111 1111 1111 failed")
        self.assertNotIn("jane.doe", cleaned)
        self.assertNotIn("4111", cleaned)
        self.assertIn("[email]", cleaned)
        self.assertIn("[number]", cleaned)

    def test_keeps_order_numbers(self):
        self.assertIn("48213", preprocess.preprocess("order 48213 was charged twice"))

    def test_truncates_long_tickets(self):
        cleaned = preprocess.clean_ticket("word " * 1000)
        self.assertLessEqual(len(cleaned), preprocess.MAX_CHARS + 4)
        self.assertTrue(cleaned.endswith(" ..."))

    def test_none_is_empty(self):
        self.assertEqual(preprocess.preprocess(None), "")


class PostprocessTest(unittest.TestCase):
    def test_plain_label(self):
        self.assertEqual(postprocess.postprocess("shipping")["category"], "shipping")

    def test_decorated_label(self):
        result = postprocess.postprocess("Category: **Billing**.")
        self.assertEqual(result["category"], "billing")
        self.assertTrue(result["matched"])

    def test_synonym(self):
        self.assertEqual(postprocess.postprocess("Refund request")["category"], "billing")

    def test_unknown_falls_back_to_other(self):
        result = postprocess.postprocess("I am not sure.")
        self.assertEqual(result["category"], "other")
        self.assertFalse(result["matched"])

    def test_empty_answer(self):
        self.assertEqual(postprocess.postprocess(None)["category"], "other")


class EvaluationTest(unittest.TestCase):
    def test_score_line_is_case_insensitive(self):
        self.assertTrue(score_line.score_line("Billing", " billing ")["correct"])
        self.assertFalse(score_line.score_line("billing", "technical")["correct"])
        self.assertFalse(score_line.score_line("", "")["correct"])

    def test_aggregate_logs_accuracy(self):
        LOGGED.clear()
        scores = [
            score_line.score_line("billing", "billing"),
            score_line.score_line("technical", "account"),
            score_line.score_line("technical", "technical"),
            score_line.score_line("other", "other"),
        ]
        result = aggregate.aggregate(scores, ["billing", "technical", "technical", "other"])
        self.assertEqual(LOGGED, {"accuracy": 0.75})
        self.assertEqual(result["accuracy"], 0.75)
        self.assertEqual(result["recall_by_category"]["technical"], 0.5)

    def test_aggregate_of_nothing(self):
        LOGGED.clear()
        self.assertEqual(aggregate.aggregate([], [])["accuracy"], 0.0)
        self.assertEqual(LOGGED["accuracy"], 0.0)


if __name__ == "__main__":
    unittest.main()
