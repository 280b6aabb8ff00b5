/** Gates, baselines and metric names, without runs. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadUseCase } from '../../src/config/load.js';
import { loadFlow } from '../../src/flow/load.js';
import type { MetricRow } from '../../src/report/types.js';
import { readBaseline } from '../../src/stages/baseline.js';
import {
  effectiveGates,
  evaluateGates,
  parseGatesInput,
  staticLoggedMetrics
} from '../../src/stages/gates.js';
import { repoRoot, TICKETS, workspace } from './helpers.js';

const row = (over: Partial<MetricRow> = {}): MetricRow => ({
  evaluator: 'numeric_match',
  dataset: 'math_pr',
  experimentRun: 'exp',
  evaluationRun: 'ev',
  variants: { solve: 'variant_0' },
  label: 'defaults',
  metrics: { accuracy: 0.7, error_rate: 0.1 },
  ...over
});

describe('metric names an evaluation flow logs', () => {
  test('literal log_metric names are read from the aggregation code', () => {
    expect(
      staticLoggedMetrics(loadFlow(path.join(repoRoot, 'use-cases/math_coding/flows/evaluation')))
    ).toEqual(new Set(['accuracy', 'error_rate']));
  });
  test('a computed name makes it unknowable before the run', () => {
    expect(
      staticLoggedMetrics(
        loadFlow(path.join(repoRoot, 'use-cases/named_entity_recognition/flows/evaluation_adv'))
      )
    ).toBeUndefined();
  });
});

describe('gate table', () => {
  const math = () => loadUseCase(path.join(repoRoot, 'use-cases/math_coding'));

  test('config gates with input overrides merged key by key; null removes a bound', () => {
    const t = effectiveGates(
      math(),
      parseGatesInput(
        '{"accuracy":{"min":0.9},"numeric_match":{"error_rate":{"max":null,"maxRegression":0.02}}}',
        ['numeric_match']
      )
    );
    expect(
      Object.fromEntries(
        Object.entries(t.numeric_match).map(([m, g]) => [
          m,
          { min: g.min, max: g.max, maxRegression: g.maxRegression, fromInput: g.fromInput }
        ])
      )
    ).toEqual({
      accuracy: { min: 0.9, max: undefined, maxRegression: undefined, fromInput: true },
      error_rate: { min: undefined, max: undefined, maxRegression: 0.02, fromInput: true }
    });
    expect(t.numeric_match.accuracy.where).toMatchObject({ path: 'evaluators[0].gates.accuracy' });
  });

  test('a metric the run did not log fails its gate, naming what it logged', () => {
    const t = effectiveGates(math(), parseGatesInput(undefined, []));
    const [acc, err] = evaluateGates([row({ metrics: { error_rate: 0.1 } })], t);
    expect(acc).toMatchObject({ metric: 'accuracy', passed: false, min: 0.6 });
    expect(acc.message).toBe(
      'accuracy was not logged by the run (it logged: error_rate); gate min 0.6 (evaluator numeric_match, run ev: defaults on math_pr)'
    );
    expect(err).toMatchObject({ metric: 'error_rate', passed: true, value: 0.1, max: 0.2 });
  });

  test('a failed evaluation run: the gate says why there is no value', () => {
    const t = effectiveGates(math(), parseGatesInput(undefined, []));
    const [acc] = evaluateGates([row({ metrics: {} })], t, { runErrors: { ev: 'all 24 lines failed' } });
    expect(acc.message).toBe(
      'accuracy: no value, the evaluation run failed (all 24 lines failed); gate min 0.6 (evaluator numeric_match, run ev: defaults on math_pr)'
    );
  });

  test('regression: a metric gated only by max is lower-is-better', () => {
    const t = effectiveGates(math(), parseGatesInput(undefined, []));
    const gates = evaluateGates([row({ baseline: { accuracy: 0.72, error_rate: 0.05 } })], t, {
      maxRegression: 0.03
    });
    expect(gates.map((g) => [g.metric, g.passed])).toEqual([
      ['accuracy', true],
      ['error_rate', false]
    ]);
    expect(gates[1].message).toBe(
      'error_rate = 0.1 rose 0.05 from the baseline 0.05, more than the max regression 0.03 (evaluator numeric_match, run ev: defaults on math_pr)'
    );
  });
});

describe('baseline files', () => {
  const ws = workspace(TICKETS);
  const write = (name: string, value: unknown) => {
    const f = path.join(ws, name);
    writeFileSync(f, JSON.stringify(value));
    return f;
  };
  const key = { evaluator: 'accuracy', dataset: 'tickets_pr', label: 'classify.variant_1' };

  test('the metrics output (an array of rows)', () => {
    const b = readBaseline(
      write('rows.json', [
        { ...key, metrics: { accuracy: 0.5 } },
        { ...key, label: 'defaults', metrics: { accuracy: 0.4 } }
      ])
    );
    expect(b.lookup(key)).toEqual({ accuracy: 0.5 });
    expect(b.lookup({ ...key, label: 'defaults' })).toEqual({ accuracy: 0.4 });
    expect(b.lookup({ ...key, label: 'other' })).toBeUndefined();
  });

  test('a run manifest whose evaluation runs carry metrics', () => {
    const b = readBaseline(
      write('m.json', {
        runs: [
          {
            kind: 'evaluation',
            evaluator: 'accuracy',
            experimentDataset: 'tickets_pr',
            dataset: 'tickets_pr_eval',
            label: 'classify.variant_1',
            metrics: { accuracy: 0.9 }
          }
        ]
      })
    );
    expect(b.lookup(key)).toEqual({ accuracy: 0.9 });
  });

  test('something else is refused', () => {
    expect(() => readBaseline(write('x.json', { hello: 'world' }), 'x.json')).toThrow(
      'baseline x.json: expected an evaluation manifest, a run manifest with metrics, an array of metric rows or a metrics object ({"accuracy": 0.8}), found none of them'
    );
  });
});
