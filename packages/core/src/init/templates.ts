/**
 * The files `genaiops init` writes: a question-answering use-case small enough to read in a minute
 * (a flow with two prompt variants, a five-line dataset, an evaluation flow that logs a metric,
 * a gate, pr/dev environments with a local deployment, a sample request, a unit test).
 */
export type EvaluatorKind = 'f1' | 'exact' | 'llm-judge';

export const CONNECTION = 'aoai';

/**
 * The dataset: answers restate their question, so an answer in one full sentence (what the prompts
 * ask for) shares most of its words with the ground truth.
 */
export const DATASET = [
  { question: 'What is the capital of France?', ground_truth: 'The capital of France is Paris.' },
  { question: 'How many legs does a spider have?', ground_truth: 'A spider has eight legs.' },
  {
    question: 'What is the boiling point of water at sea level?',
    ground_truth: 'The boiling point of water at sea level is 100 degrees Celsius.'
  },
  {
    question: 'Who wrote the play Romeo and Juliet?',
    ground_truth: 'The play Romeo and Juliet was written by William Shakespeare.'
  },
  {
    question: 'What is the largest planet in the solar system?',
    ground_truth: 'The largest planet in the solar system is Jupiter.'
  }
];

export const jsonl = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

export const standardFlow = (
  connection: string
) => `$schema: https://azuremlschemas.azureedge.net/promptflow/latest/Flow.schema.json
inputs:
  question:
    type: string
outputs:
  answer:
    type: string
    reference: \${answer.output}
nodes:
- name: answer
  use_variants: true
node_variants:
  answer:
    default_variant_id: concise
    variants:
${['concise', 'detailed']
  .map(
    (v) => `      ${v}:
        node:
          type: llm
          source:
            type: code
            path: answer_${v}.jinja2
          inputs:
            deployment_name: gpt-4o-mini
            temperature: ${v === 'concise' ? 0 : 0.3}
            max_tokens: ${v === 'concise' ? 60 : 200}
            question: \${inputs.question}
          connection: ${connection}
          api: chat`
  )
  .join('\n')}
`;

export const PROMPTS: Record<'concise' | 'detailed', string> = {
  concise: `# system:
You answer general-knowledge questions in one full sentence that restates the question.

# user:
{{ question }}
`,
  detailed: `# system:
You answer general-knowledge questions. Start with one full sentence that restates the question
and answers it, then add at most two sentences of context.

# user:
{{ question }}
`
};

/** The evaluation flow: a python node per line and an aggregation node that logs the metric. */
export function evaluationFlow(kind: EvaluatorKind, connection: string): Record<string, string> {
  const metric = METRIC[kind];
  const line =
    kind === 'llm-judge'
      ? `- name: judge
  type: llm
  source:
    type: code
    path: judge.jinja2
  inputs:
    deployment_name: gpt-4o-mini
    temperature: 0
    max_tokens: 5
    question: \${inputs.question}
    answer: \${inputs.answer}
    ground_truth: \${inputs.ground_truth}
  connection: ${connection}
  api: chat
- name: score
  type: python
  source:
    type: code
    path: score.py
  inputs:
    judgement: \${judge.output}`
      : `- name: score
  type: python
  source:
    type: code
    path: score.py
  inputs:
    answer: \${inputs.answer}
    ground_truth: \${inputs.ground_truth}`;
  const files: Record<string, string> = {
    'flow.dag.yaml': `$schema: https://azuremlschemas.azureedge.net/promptflow/latest/Flow.schema.json
inputs:
${kind === 'llm-judge' ? '  question:\n    type: string\n' : ''}  answer:
    type: string
  ground_truth:
    type: string
outputs:
  score:
    type: double
    reference: \${score.output}
nodes:
${line}
- name: aggregate
  type: python
  source:
    type: code
    path: aggregate.py
  inputs:
    scores: \${score.output}
  aggregation: true
`,
    'score.py': SCORE[kind],
    'aggregate.py': `"""Aggregation node: gets every line's score at once and logs the run's metric."""
from typing import List

from promptflow import log_metric, tool


@tool
def aggregate(scores: List[float]) -> dict:
    values = [float(s) for s in scores if s is not None]
    ${metric} = round(sum(values) / len(values), 4) if values else 0.0
    log_metric("${metric}", ${metric})
    return {"${metric}": ${metric}, "lines": len(values)}
`
  };
  if (kind === 'llm-judge')
    files['judge.jinja2'] = `# system:
You grade answers. Reply with one digit from 1 (wrong) to 5 (correct and complete), nothing else.

# user:
Question: {{ question }}
Reference answer: {{ ground_truth }}
Answer to grade: {{ answer }}
`;
  return files;
}

export const METRIC: Record<EvaluatorKind, string> = {
  f1: 'f1_score',
  exact: 'exact_match_rate',
  'llm-judge': 'judge_score'
};

const SCORE: Record<EvaluatorKind, string> = {
  f1: `"""Per-line score: the F1 overlap of the answer's words with the ground truth's words."""
import re
from collections import Counter

from promptflow import tool


def words(text: str) -> list:
    return re.findall(r"[a-z0-9]+", (text or "").lower())


@tool
def score(answer: str, ground_truth: str) -> float:
    a, g = words(answer), words(ground_truth)
    common = sum((Counter(a) & Counter(g)).values())
    if not a or not g or not common:
        return 0.0
    precision, recall = common / len(a), common / len(g)
    return 2 * precision * recall / (precision + recall)
`,
  exact: `"""Per-line score: 1.0 when the answer equals the ground truth (case and spaces ignored)."""
from promptflow import tool


def norm(text: str) -> str:
    return " ".join((text or "").lower().split()).rstrip(".")


@tool
def score(answer: str, ground_truth: str) -> float:
    return 1.0 if norm(answer) == norm(ground_truth) else 0.0
`,
  'llm-judge': `"""Per-line score: the judge's digit (1-5) scaled to 0-1; 0 when it gave none."""
import re

from promptflow import tool


@tool
def score(judgement: str) -> float:
    found = re.search(r"[1-5]", judgement or "")
    return (int(found.group(0)) - 1) / 4 if found else 0.0
`
};

export const TEST_SCORE = (
  kind: EvaluatorKind
) => `"""Unit test of the evaluation flow's python: runs with the standard library only."""
import importlib.util
import os
import sys
import types
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
LOGGED = {}
fake = types.ModuleType("promptflow")
fake.tool = lambda f: f
fake.log_metric = lambda key, value: LOGGED.__setitem__(key, value)
sys.modules["promptflow"] = fake


def load(name):
    path = os.path.join(HERE, "..", "flows", "evaluation", name + ".py")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class EvaluationTest(unittest.TestCase):
    def test_score(self):
        score = load("score").score
${
  kind === 'llm-judge'
    ? `        self.assertEqual(score("5"), 1.0)
        self.assertEqual(score("1"), 0.0)
        self.assertEqual(score("no idea"), 0.0)`
    : `        self.assertEqual(score("The capital of France is Paris.", "The capital of France is Paris."), 1.0)
        self.assertEqual(score("Berlin", "The capital of France is Paris."), 0.0)`
}

    def test_aggregate_logs_the_metric(self):
        load("aggregate").aggregate([1.0, 0.0])
        self.assertEqual(LOGGED, {"${METRIC[kind]}": 0.5})


if __name__ == "__main__":
    unittest.main()
`;
