/** The self-contained HTML report (see templates.ts for what "self-contained" guarantees). */
import type Handlebars from 'handlebars';
import { barChartSvg } from './chart.js';
import { readLines, type LineRecord } from './csv.js';
import {
  delta,
  deltaKind,
  failedLinesNotice,
  formatDelta,
  formatNumber,
  gateBound,
  groupRows,
  mockNotice,
  type RowGroup
} from './model.js';
import { REPORT_CSS, REPORT_TEMPLATE } from './templates.js';
import type { LineResultsSource, ReportInput } from './types.js';

export const DEFAULT_SAMPLE_LINES = 10;
export const DEFAULT_MAX_CELL_CHARS = 2000;

export interface HtmlOptions {
  /** Lines shown per run (default 10). */
  sampleLines?: number;
  /** Longer cell texts are cut, with "… (N more characters)" (default 2000). */
  maxCellChars?: number;
}

/** The first lines of one run, as read for the report. */
export interface LineSample {
  source: LineResultsSource;
  lines: LineRecord[];
}

/** Reads the first `n` lines of every source (streaming; the rest of each file is never read). */
export async function collectLineSamples(
  sources: LineResultsSource[],
  n = DEFAULT_SAMPLE_LINES
): Promise<LineSample[]> {
  const out: LineSample[] = [];
  for (const source of sources) {
    const lines: LineRecord[] = [];
    for await (const line of readLines(source, n)) lines.push(line);
    out.push({ source, lines });
  }
  return out;
}

let compiled: Promise<Handlebars.TemplateDelegate> | undefined;
/**
 * The compiled page template. Handlebars is imported on first use, not when core loads: every action
 * bundles core, and only the evaluate stage renders HTML (ncc puts it in a chunk of its own; this
 * saves ~20 ms of start-up in the other actions, see bench/b6-action-start.mjs).
 */
function template(): Promise<Handlebars.TemplateDelegate> {
  compiled ??= import('handlebars').then(({ default: hbs }) =>
    // An isolated environment: no helper or partial registered elsewhere can change the output.
    hbs.create().compile(REPORT_TEMPLATE, { strict: false, preventIndent: true })
  );
  return compiled;
}

function cellValue(v: unknown, max: number): string {
  if (v === undefined || v === null) return '';
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
}

function groupView(g: RowGroup, index: number) {
  const series = g.rows.map((r) => r.label);
  const chart = barChartSvg({
    id: `chart-${index}`,
    title: `${g.evaluator} on ${g.dataset}: variants compared`,
    series,
    groups: g.metrics.map((m) => ({
      metric: m,
      values: g.rows.map((r) => r.metrics[m]),
      best: g.best[m],
      direction: g.directions[m]
    }))
  });
  return {
    evaluator: g.evaluator,
    dataset: g.dataset,
    chart,
    nodes: g.nodes,
    metrics: g.metrics.map((m) => ({ name: m, arrow: g.directions[m] === 'lower' ? '↓' : '↑' })),
    rows: g.rows.map((r, ri) => ({
      label: r.label,
      experimentRun: r.experimentRun,
      evaluationRun: r.evaluationRun,
      variants: g.nodes.map((n) => r.variants[n] ?? ''),
      cells: g.metrics.map((m) => {
        const d = delta(r, m);
        return {
          text: formatNumber(r.metrics[m]),
          best: g.best[m]?.includes(ri) ?? false,
          delta: formatDelta(d),
          deltaKind: deltaKind(d, g.directions[m]),
          baseline: formatNumber(r.baseline?.[m])
        };
      })
    }))
  };
}

/** Renders the report page. `samples` are the line results to show (see collectLineSamples). */
export async function renderHtml(
  input: ReportInput,
  samples: LineSample[] = [],
  opts: HtmlOptions = {}
): Promise<string> {
  const max = opts.maxCellChars ?? DEFAULT_MAX_CELL_CHARS;
  const groups = groupRows(input.rows, input.gates, {
    mock: !!input.mock?.length,
    higherIsBetter: input.higherIsBetter
  });
  const failed = input.gates.filter((g) => !g.passed).length;
  const view = {
    notices: [
      ...(input.mock?.length ? [mockNotice(input.mock)] : []),
      ...(input.failedLines ?? []).map(failedLinesNotice)
    ],
    css: REPORT_CSS,
    useCase: input.useCase,
    env: input.env,
    buildId: input.buildId,
    backend: input.backend,
    generatedAt: input.generatedAt,
    rowCount: input.rows.length,
    gateSummary: { total: input.gates.length, failed, ok: failed === 0 },
    lowerRule: 'error_rate, *_error, *latency*, *loss, *duration, *cost, or a gate with only a max',
    anyBaseline: groups.some((g) => g.hasBaseline),
    guessed: [...new Set(groups.flatMap((g) => g.guessed))].join(', '),
    gates: input.gates.map((g) => ({
      ...g,
      value: formatNumber(g.value),
      baseline: formatNumber(g.baseline),
      bound: gateBound(g)
    })),
    groups: groups.map(groupView),
    sampleLines: opts.sampleLines ?? DEFAULT_SAMPLE_LINES,
    lines: samples.map(({ source, lines }) => {
      const inputs: string[] = [];
      const outputs: string[] = [];
      for (const l of lines) {
        for (const k of Object.keys(l.inputs ?? {})) if (!inputs.includes(k)) inputs.push(k);
        for (const k of Object.keys(l.outputs ?? {})) if (!outputs.includes(k)) outputs.push(k);
      }
      return {
        ...source,
        columns: [...inputs.map((k) => `inputs.${k}`), ...outputs.map((k) => `outputs.${k}`)],
        rows: lines.map((l) => ({
          lineNumber: l.lineNumber,
          cells: [
            ...inputs.map((k) => cellValue(l.inputs?.[k], max)),
            ...outputs.map((k) => cellValue(l.outputs?.[k], max))
          ]
        }))
      };
    })
  };
  return (await template())(view);
}

/** Reads the line samples and renders the page. */
export async function renderHtmlReport(input: ReportInput, opts: HtmlOptions = {}): Promise<string> {
  const samples = await collectLineSamples(input.lines, opts.sampleLines ?? DEFAULT_SAMPLE_LINES);
  return renderHtml(input, samples, opts);
}
