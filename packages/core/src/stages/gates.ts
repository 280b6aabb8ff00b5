/**
 * Metric gates: the config's evaluator `gates`, overridden by a `gates` input, checked against the
 * metric rows (and a baseline's values when one is given).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { UseCase } from '../config/model.js';
import { throwIfProblems, UserError, type Problem, type SourceLocation } from '../errors.js';
import { loadFlow } from '../flow/load.js';
import type { Flow, NodeBody } from '../flow/model.js';
import type { GateResult, MetricRow } from '../report/types.js';
import { describe } from '../util/describe.js';
import { didYouMean } from '../util/did-you-mean.js';

export interface GateBounds {
  min?: number;
  max?: number;
  /** Largest allowed drop from the baseline (a rise, for a metric gated only by `max`). */
  maxRegression?: number;
}

export interface GateSpec extends GateBounds {
  /** Where the gate is written in the config (or the evaluator, for a gate only the input sets). */
  where?: SourceLocation;
  /** The `gates` input set or changed it. */
  fromInput: boolean;
}

/** evaluator → metric → gate. */
export type GateTable = Record<string, Record<string, GateSpec>>;

type Override = { [K in keyof GateBounds]?: number | null };

export interface GatesInput {
  /** `{"metric": {...}}`: for every evaluator. */
  all: Record<string, Override>;
  /** `{"evaluator": {"metric": {...}}}`. */
  byEvaluator: Record<string, Record<string, Override>>;
}

const GATE_KEYS = ['min', 'max', 'maxRegression'] as const;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

function isGate(v: unknown): v is Override {
  return (
    isRecord(v) &&
    Object.keys(v).length > 0 &&
    Object.entries(v).every(
      ([k, x]) => (GATE_KEYS as readonly string[]).includes(k) && (x === null || typeof x === 'number')
    )
  );
}

/**
 * Parses the `gates` input: `{"evaluator": {"metric": {"min": 0.7}}}` or `{"metric": {"min": 0.7}}`
 * (every evaluator). A value whose keys are all gate keys (min, max, maxRegression) is a gate; any
 * other object is an evaluator's gates. `null` removes a bound.
 */
export function parseGatesInput(
  input: string | Record<string, unknown> | undefined,
  evaluators: string[]
): GatesInput {
  const out: GatesInput = { all: {}, byEvaluator: {} };
  if (input === undefined || (typeof input === 'string' && input.trim() === '')) return out;
  let value: unknown = input;
  if (typeof input === 'string')
    try {
      value = JSON.parse(input);
    } catch (e) {
      throw new UserError(
        `gates: not valid JSON (${(e as Error).message}); expected {"metric": {"min": 0.7}} or {"evaluator": {"metric": {"min": 0.7}}}`
      );
    }
  if (!isRecord(value)) throw new UserError(`gates: expected a JSON object, found ${describe(value)}`);
  const gateShape = '{"min": <number>, "max": <number>, "maxRegression": <number>}';
  for (const [key, v] of Object.entries(value)) {
    if (isGate(v)) {
      checkOrder(`gates.${key}`, v);
      out.all[key] = v;
      continue;
    }
    if (!isRecord(v))
      throw new UserError(
        `gates.${key}: expected a gate ${gateShape} or an evaluator's gates, found ${describe(v)}`
      );
    if (!evaluators.includes(key))
      throw new UserError(
        `gates.${key}: expected a gate ${gateShape}, or the name of an evaluator${didYouMean(key, evaluators)} (evaluators: ${evaluators.join(', ') || 'none'})`
      );
    for (const [metric, g] of Object.entries(v)) {
      if (!isGate(g))
        throw new UserError(`gates.${key}.${metric}: expected a gate ${gateShape}, found ${describe(g)}`);
      checkOrder(`gates.${key}.${metric}`, g);
    }
    out.byEvaluator[key] = v as Record<string, Override>;
  }
  return out;
}

function checkOrder(at: string, g: Override) {
  if (typeof g.min === 'number' && typeof g.max === 'number' && g.min > g.max)
    throw new UserError(`${at}: expected min ≤ max, found min ${g.min} > max ${g.max}`);
  if (typeof g.maxRegression === 'number' && g.maxRegression < 0)
    throw new UserError(`${at}: expected maxRegression ≥ 0, found ${g.maxRegression}`);
}

/** The config's gates with the input's overrides applied (key by key; `null` removes a bound). */
export function effectiveGates(
  useCase: UseCase,
  input: GatesInput = { all: {}, byEvaluator: {} }
): GateTable {
  const table: GateTable = {};
  useCase.config.evaluators.forEach((evaluator, i) => {
    const gates: Record<string, GateSpec> = {};
    for (const [metric, g] of Object.entries(evaluator.gates))
      gates[metric] = { ...g, where: useCase.locate(['evaluators', i, 'gates', metric]), fromInput: false };
    const apply = (metric: string, o: Override) => {
      const spec: GateSpec = gates[metric] ?? {
        where: useCase.locate(
          Object.keys(evaluator.gates).length ? ['evaluators', i, 'gates'] : ['evaluators', i]
        ),
        fromInput: true
      };
      spec.fromInput = true;
      for (const k of GATE_KEYS) {
        if (!(k in o)) continue;
        const v = o[k];
        if (v === null || v === undefined) delete spec[k];
        else spec[k] = v;
      }
      gates[metric] = spec;
    };
    for (const [metric, o] of Object.entries(input.all)) apply(metric, o);
    for (const [metric, o] of Object.entries(input.byEvaluator[evaluator.name] ?? {})) apply(metric, o);
    for (const [metric, g] of Object.entries(gates))
      if (g.min === undefined && g.max === undefined && g.maxRegression === undefined) delete gates[metric];
    table[evaluator.name] = gates;
  });
  return table;
}

/**
 * The metric names a flow's aggregation code logs, read statically from `log_metric("name", …)`
 * calls; undefined when a call's name is not a string literal (or the code cannot be read), since
 * then only the run can tell.
 */
export function staticLoggedMetrics(flow: Flow): Set<string> | undefined {
  if (flow.kind !== 'dag') return undefined;
  const bodies: NodeBody[] = [];
  for (const n of flow.nodes) {
    if (!n.useVariants) bodies.push(n);
    else bodies.push(...Object.values(flow.nodeVariants[n.name]?.variants ?? {}));
  }
  const names = new Set<string>();
  let sawAggregation = false;
  for (const b of bodies) {
    if (!b.aggregation) continue;
    sawAggregation = true;
    if (b.source.type !== 'code' || !b.source.file.endsWith('.py')) return undefined;
    let code: string;
    try {
      code = readFileSync(b.source.file, 'utf8');
    } catch {
      return undefined;
    }
    const code2 = code.replace(/^\s*(from|import)\s.*$/gm, '').replace(/^\s*def\s+log_metric\b.*$/gm, '');
    for (const m of code2.matchAll(/\blog_metric\s*\(\s*(?:key\s*=\s*)?([^,)]*)/g)) {
      const lit = /^(?:[rRuU]?)(['"])(.*)\1$/.exec(m[1].trim());
      if (!lit) return undefined;
      names.add(lit[2]);
    }
  }
  return sawAggregation ? names : new Set();
}

/**
 * A gate on a metric the evaluation flow can be seen never to log is a mistake: say so before any
 * run is submitted. (Flows whose metric names are computed are checked after the runs.)
 */
export function checkGateMetrics(
  useCase: UseCase,
  table: GateTable,
  evaluatorsInUse: string[],
  displayRoot: string
): void {
  throwIfProblems(gateMetricProblems(useCase, table, evaluatorsInUse, displayRoot));
}

export function gateMetricProblems(
  useCase: UseCase,
  table: GateTable,
  evaluatorsInUse: string[],
  displayRoot: string
): Problem[] {
  const problems: Problem[] = [];
  for (const evaluator of useCase.config.evaluators) {
    if (!evaluatorsInUse.includes(evaluator.name)) continue;
    const gates = table[evaluator.name] ?? {};
    if (!Object.keys(gates).length) continue;
    const flow = loadFlow(path.join(useCase.dir, evaluator.flow), { displayRoot });
    const logged = staticLoggedMetrics(flow);
    if (!logged) continue;
    for (const [metric, g] of Object.entries(gates))
      if (!logged.has(metric))
        problems.push({
          ...(g.where ?? { file: useCase.configFile }),
          message: `gate on metric "${metric}" of evaluator "${evaluator.name}"${g.fromInput ? ' (gates input)' : ''}: ${flow.displayFile} never logs it${didYouMean(metric, [...logged])}; it logs: ${[...logged].join(', ') || 'no metric'} (gate a logged metric, or add log_metric("${metric}", …) to its aggregation node)`
        });
  }
  return problems;
}

const fmt = (n: number) => String(Math.round(n * 1e6) / 1e6);

/**
 * One result per (row × gated metric), and per metric with a baseline value when a regression
 * limit applies. A metric the run did not log fails its gate.
 */
export function evaluateGates(
  rows: MetricRow[],
  table: GateTable,
  opts: { maxRegression?: number; runErrors?: Record<string, string> } = {}
): (GateResult & { where?: SourceLocation })[] {
  const results: (GateResult & { where?: SourceLocation })[] = [];
  for (const row of rows) {
    const gates = table[row.evaluator] ?? {};
    const metrics = new Set(Object.keys(gates));
    if (opts.maxRegression !== undefined && row.baseline)
      for (const m of Object.keys(row.baseline)) metrics.add(m);
    const context = `evaluator ${row.evaluator}, run ${row.evaluationRun}: ${row.label} on ${row.dataset}`;
    for (const metric of metrics) {
      const g: GateSpec | undefined = gates[metric];
      const value = row.metrics[metric];
      const baseline = row.baseline?.[metric];
      const maxRegression = baseline !== undefined ? (g?.maxRegression ?? opts.maxRegression) : undefined;
      const lowerIsBetter = g !== undefined && g.max !== undefined && g.min === undefined;
      const result: GateResult & { where?: SourceLocation } = {
        evaluator: row.evaluator,
        metric,
        run: row.evaluationRun,
        label: row.label,
        ...(value !== undefined ? { value } : {}),
        ...(g?.min !== undefined ? { min: g.min } : {}),
        ...(g?.max !== undefined ? { max: g.max } : {}),
        ...(maxRegression !== undefined ? { maxRegression } : {}),
        ...(baseline !== undefined ? { baseline } : {}),
        passed: true,
        message: '',
        where: g?.where
      };
      const bounds = [
        g?.min !== undefined ? `min ${fmt(g.min)}` : '',
        g?.max !== undefined ? `max ${fmt(g.max)}` : '',
        maxRegression !== undefined
          ? `max regression ${fmt(maxRegression)} from baseline ${fmt(baseline!)}`
          : ''
      ].filter(Boolean);
      if (value === undefined) {
        result.passed = false;
        const error = opts.runErrors?.[row.evaluationRun];
        const logged = Object.keys(row.metrics);
        result.message = error
          ? `${metric}: no value, the evaluation run failed (${error}); gate ${bounds.join(', ')} (${context})`
          : `${metric} was not logged by the run (it logged: ${logged.join(', ') || 'no metric'}); gate ${bounds.join(', ')} (${context})`;
      } else if (g?.min !== undefined && value < g.min) {
        result.passed = false;
        result.message = `${metric} = ${fmt(value)} is below the gate min ${fmt(g.min)} (${context})`;
      } else if (g?.max !== undefined && value > g.max) {
        result.passed = false;
        result.message = `${metric} = ${fmt(value)} is above the gate max ${fmt(g.max)} (${context})`;
      } else if (
        maxRegression !== undefined &&
        (lowerIsBetter ? value - baseline! : baseline! - value) > maxRegression + 1e-12
      ) {
        result.passed = false;
        const delta = value - baseline!;
        result.message = `${metric} = ${fmt(value)} ${delta < 0 ? 'dropped' : 'rose'} ${fmt(Math.abs(delta))} from the baseline ${fmt(baseline!)}, more than the max regression ${fmt(maxRegression)} (${context})`;
      } else {
        result.message = `${metric} = ${fmt(value)} meets ${bounds.join(', ') || 'no bound'} (${context})`;
      }
      results.push(result);
    }
  }
  return results;
}
