"""Unit tests of the python tools of the named_entity_recognition flows.

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
    name = "ner_" + relative_path.replace("/", "_").replace(".py", "")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


cleanse = load("flows/standard/cleanse_entities.py")
match = load("flows/evaluation/match.py")
aggregate = load("flows/evaluation/aggregate.py")
score_adv = load("flows/evaluation_adv/score.py")
aggregate_adv = load("flows/evaluation_adv/aggregate.py")


class CleanseTest(unittest.TestCase):
    def test_json_list(self):
        self.assertEqual(cleanse.cleanse_entities('["Paris", "France"]'), ["Paris", "France"])

    def test_fenced_json(self):
        self.assertEqual(cleanse.cleanse_entities('```json\n["Go", "Rust"]\n```'), ["Go", "Rust"])

    def test_comma_separated(self):
        self.assertEqual(
            cleanse.cleanse_entities("product manager, senior accountant."),
            ["product manager", "senior accountant"],
        )

    def test_bullets_numbers_and_quotes(self):
        answer = '- "Vienna"\n* Prague\n3. \u201cBudapest\u201d\n\u2022 Vienna'
        self.assertEqual(cleanse.cleanse_entities(answer), ["Vienna", "Prague", "Budapest"])

    def test_python_style_list(self):
        self.assertEqual(cleanse.cleanse_entities("['MIT', 'NASA']"), ["MIT", "NASA"])

    def test_nothing_found(self):
        for answer in ("[]", "None", "none.", "N/A", "", None, "```json\n[]\n```"):
            self.assertEqual(cleanse.cleanse_entities(answer), [], answer)

    def test_keeps_inner_punctuation(self):
        self.assertEqual(cleanse.cleanse_entities('["$12 million", "Dr. Yuki Tanaka"]'), ["$12 million", "Dr. Yuki Tanaka"])


class ExactMatchTest(unittest.TestCase):
    def test_order_and_case_do_not_matter(self):
        self.assertTrue(match.exact_match(["Paris", "France"], ["france", " Paris."])["exact_match"])

    def test_missing_entity(self):
        self.assertFalse(match.exact_match(["Paris", "France"], ["Paris"])["exact_match"])

    def test_json_string_ground_truth(self):
        self.assertTrue(match.exact_match('["Go", "SQL"]', ["SQL", "Go"])["exact_match"])

    def test_both_empty(self):
        self.assertTrue(match.exact_match([], [])["exact_match"])
        self.assertTrue(match.exact_match("[]", None)["exact_match"])

    def test_aggregate(self):
        LOGGED.clear()
        lines = [match.exact_match(["a"], ["a"]), match.exact_match(["a"], ["b"]), match.exact_match([], [])]
        result = aggregate.aggregate(lines)
        self.assertEqual(LOGGED, {"exact_match_rate": 0.6667})
        self.assertEqual(result["exact_matches"], 2)


class AdvancedScoreTest(unittest.TestCase):
    def test_partial_match_at_word_boundaries(self):
        line = score_adv.score(["Acme Corp"], ["Acme"], "We met Acme Corp today.")
        self.assertTrue(line["partial_match"])
        self.assertEqual(line["true_positives"], 0)
        self.assertFalse(score_adv.score(["Rust"], ["Rus"], "Rust")["partial_match"])

    def test_extra_prediction_breaks_partial_match(self):
        self.assertFalse(score_adv.score(["Paris"], ["Paris", "Lyon"], "Paris")["partial_match"])

    def test_grounded_counts_entities_in_text(self):
        line = score_adv.score(["Paris"], ["Paris", "Atlantis"], "A trip to Paris.")
        self.assertEqual(line["grounded"], 1)

    def test_aggregate_metrics(self):
        LOGGED.clear()
        lines = [
            score_adv.score(["Paris", "France"], ["Paris", "France"], "Paris, France"),
            score_adv.score(["Acme Corp"], ["Acme"], "Acme Corp"),
            score_adv.score([], [], "nothing here"),
            score_adv.score(["Lyon"], ["Atlantis"], "Lyon"),
        ]
        result = aggregate_adv.aggregate(lines)
        self.assertEqual(result["partial_match_rate"], 0.75)
        self.assertEqual(result["precision"], 0.5)   # 2 of 4 predictions exact
        self.assertEqual(result["recall"], 0.5)      # 2 of 4 expected found exactly
        self.assertEqual(result["f1"], 0.5)
        self.assertEqual(result["grounded_rate"], 0.75)
        self.assertEqual(set(LOGGED), {"partial_match_rate", "precision", "recall", "f1", "grounded_rate"})

    def test_aggregate_of_nothing(self):
        LOGGED.clear()
        result = aggregate_adv.aggregate([])
        self.assertEqual(result["partial_match_rate"], 0.0)


if __name__ == "__main__":
    unittest.main()
