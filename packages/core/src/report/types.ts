import type { VariantUsage } from './cost.js';
import type { HistoryEntry } from './history.js';

/** One row of evaluation metrics: one evaluator × variant combination × dataset. */
export interface MetricRow {
  evaluator: string;
  dataset: string;
  experimentRun: string;
  evaluationRun: string;
  /** every variant node named with its variant id */
  variants: Record<string, string>;
  label: string;
  metrics: Record<string, number>;
  baseline?: Record<string, number>;
}

export interface GateResult {
  evaluator: string;
  metric: string;
  run: string;
  label: string;
  value?: number;
  min?: number;
  max?: number;
  maxRegression?: number;
  baseline?: number;
  passed: boolean;
  message: string;
}

export interface LineResultsSource {
  run: string;
  label: string;
  dataset: string;
  kind: 'experiment' | 'evaluation';
  evaluator?: string;
  /** JSONL of line outputs+inputs (run store `outputs.jsonl` / `inputs.jsonl`) */
  outputsFile: string;
  inputsFile?: string;
  /** Evaluation runs: the experiment run they scored (else they are matched by label). */
  experimentRun?: string;
  /** Evaluation runs: inputs taken from the data (`${data.*}`), shown as the ground truth. */
  referenceInputs?: string[];
}

export interface ReportInput {
  /** What the report is of (default evaluation): a monitor report evaluates production lines. */
  kind?: 'evaluation' | 'monitor';
  useCase: string;
  env: string;
  buildId?: string;
  backend: string;
  generatedAt: string;
  rows: MetricRow[];
  gates: GateResult[];
  lines: LineResultsSource[];
  /** Tokens, latency and cost by experiment run name. */
  usage?: Record<string, VariantUsage>;
  /** Earlier builds' metrics, oldest first, this build last (see history.ts). */
  history?: HistoryEntry[];
  /** Where people find the rest: the workflow run and its reports artifact. */
  links?: { run?: string; artifact?: string };
  /** evaluator → metric → higher is better, from the config (else gates, else a guess from the name). */
  higherIsBetter?: Record<string, Record<string, boolean>>;
  /** Connections that ran on the mock provider: the metrics are not meaningful (no best variant). */
  mock?: string[];
  /** Runs with failed lines (bad data lines included): their metrics cover only the other lines. */
  failedLines?: FailedLines[];
}

export interface FailedLines {
  run: string;
  kind: 'experiment' | 'evaluation';
  label: string;
  dataset: string;
  failed: number;
  total: number;
}

export interface ReportFiles {
  metricsCsv: string;
  linesCsv: string;
  html: string;
  markdown: string;
}
