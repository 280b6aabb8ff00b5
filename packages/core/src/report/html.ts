/** The self-contained HTML report (see templates.ts for what "self-contained" guarantees). */
import type Handlebars from 'handlebars';
import { barChartSvg } from './chart.js';
import { buildComparisons, type Comparison, type CompareOptions } from './compare.js';
import {
  CACHE_MARK,
  cachedLinesText,
  cacheNotice,
  formatCost,
  formatCount,
  formatMs,
  usageText,
  type VariantUsage
} from './cost.js';
import {
  bestVariant,
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
import { distinctShortNames, shortName } from './names.js';
import { filterCss, REPORT_CSS, REPORT_TEMPLATE } from './templates.js';
import { sparklineSvg, trendSeries } from './trends.js';
import type { ReportInput } from './types.js';

export type HtmlOptions = CompareOptions;

/** Past this many characters (or 4 lines) a text is clamped, with a control to show it all. */
export const CLAMP_CHARS = 120;

let compiled: Promise<Handlebars.TemplateDelegate> | undefined;
/**
 * The compiled page template. Handlebars is imported on first use, not when core loads: every action
 * bundles core, and only the evaluate stage renders HTML (ncc puts it in a chunk of its own; this
 * saves ~20 ms of start-up in the other actions, see bench/b6-action-start.mjs).
 */
function template(): Promise<Handlebars.TemplateDelegate> {
  compiled ??= import('handlebars').then(({ default: hbs }) => {
    // An isolated environment: no helper or partial registered elsewhere can change the output.
    const env = hbs.create();
    env.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    return env.compile(REPORT_TEMPLATE, { strict: false, preventIndent: true });
  });
  return compiled;
}

/** A text for a cell, and whether it is long enough to be clamped. */
const clamp = (text: string) => ({
  full: text,
  long: text.length > CLAMP_CHARS || text.split('\n', 5).length > 4
});

const named = (name: string, max?: number) => ({ full: name, short: shortName(name, max) });

function usageView(u: VariantUsage | undefined, cheapest: boolean) {
  if (!u) return undefined;
  return {
    ...usageText(u),
    tokensTitle: `${formatCount(u.promptTokens)} prompt + ${formatCount(u.completionTokens)} completion tokens in ${formatCount(u.calls)} LLM call(s) over ${formatCount(u.lines)} line(s)${u.cachedLines ? `; ${CACHE_MARK} ${cachedLinesText(u)}` : ''}`,
    latencyTitle:
      u.llmP50 === undefined
        ? 'per line, end to end'
        : `per line, end to end; per LLM call: p50 ${formatMs(u.llmP50)}, p95 ${formatMs(u.llmP95)}`,
    costTitle: u.unpriced
      ? `no price in llmops_config.json "pricing" for ${u.unpriced.join(', ')}`
      : 'estimated from the config price table',
    cheapest
  };
}

function groupView(g: RowGroup, index: number, usage: Record<string, VariantUsage>) {
  const chart = barChartSvg({
    id: `chart-${index}`,
    title: `${g.evaluator} on ${g.dataset}: variants compared`,
    series: g.rows.map((r) => r.label),
    groups: g.metrics.map((m) => ({
      metric: m,
      values: g.rows.map((r) => r.metrics[m]),
      best: g.best[m],
      direction: g.directions[m]
    }))
  });
  const costs = g.rows.map((r) => usage[r.experimentRun]?.cost);
  const known = costs.filter((c): c is number => c !== undefined);
  const minCost = known.length > 1 ? Math.min(...known) : undefined;
  const expShort = distinctShortNames(
    g.rows.map((r) => r.experimentRun),
    22
  );
  const evalShort = distinctShortNames(
    g.rows.map((r) => r.evaluationRun),
    22
  );
  return {
    evaluator: g.evaluator,
    dataset: g.dataset,
    chart,
    nodes: g.nodes,
    hasUsage: g.rows.some((r) => usage[r.experimentRun]),
    hasCost: g.rows.some((r) => usage[r.experimentRun]?.currency !== undefined),
    metrics: g.metrics.map((m) => ({ name: m, arrow: g.directions[m] === 'lower' ? '↓' : '↑' })),
    rows: g.rows.map((r, ri) => ({
      label: named(r.label),
      experimentRun: { full: r.experimentRun, short: expShort[ri] },
      evaluationRun: { full: r.evaluationRun, short: evalShort[ri] },
      variants: g.nodes.map((n) => r.variants[n] ?? ''),
      usage: usageView(usage[r.experimentRun], minCost !== undefined && costs[ri] === minCost),
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

function comparisonView(c: Comparison, index: number, usage: Record<string, VariantUsage>) {
  return {
    id: `cmp-${index}`,
    dataset: c.dataset,
    count: c.lines.length,
    disagreeing: c.disagreeing,
    truncated: c.truncated,
    maxLines: c.maxLines,
    hasTruth: c.lines.some((l) => l.truth.length),
    columns: c.columns.map((col, i) => ({
      ...col,
      index: i,
      failing: c.failing[i],
      usage: usageView(usage[col.run], false)
    })),
    lines: c.lines.map((l) => ({
      lineNumber: l.lineNumber,
      classes: [
        l.disagree ? 'dis' : 'agree',
        ...l.cells.flatMap((cell, i) => (cell.fails ? [`fail-${i}`] : []))
      ].join(' '),
      inputs: l.inputs.map((e) => ({ key: e.key, text: clamp(e.text) })),
      truth: l.truth.map((e) => ({ key: e.key, text: clamp(e.text) })),
      cells: l.cells.map((cell) => ({
        status: cell.status,
        fails: cell.fails,
        single: cell.outputs.length === 1,
        outputs: cell.outputs.map((e) => ({ key: e.key, text: clamp(e.text) })),
        scores: cell.scores
      }))
    }))
  };
}

/** Renders the report page from the input and its comparisons (see buildComparisons). */
export async function renderHtml(input: ReportInput, comparisons: Comparison[] = []): Promise<string> {
  const usage = input.usage ?? {};
  const groups = groupRows(input.rows, input.gates, {
    mock: !!input.mock?.length,
    higherIsBetter: input.higherIsBetter
  });
  const failed = input.gates.filter((g) => !g.passed).length;
  const best = bestVariant(groups, usage);
  const trends = trendSeries(input.history ?? []);
  const gateRuns = distinctShortNames(input.gates.map((g) => g.run));
  const maxColumns = Math.max(0, ...comparisons.map((c) => c.columns.length));
  const view = {
    notices: [
      ...(input.mock?.length ? [mockNotice(input.mock)] : []),
      ...(input.failedLines ?? []).map(failedLinesNotice)
    ],
    cacheNotice: cacheNotice(usage),
    css: REPORT_CSS + filterCss(maxColumns),
    useCase: input.useCase,
    env: input.env,
    buildId: input.buildId,
    backend: input.backend,
    generatedAt: input.generatedAt,
    rowCount: input.rows.length,
    links: input.links,
    gateSummary: { total: input.gates.length, failed, ok: failed === 0 },
    best: best && {
      ...best,
      label: named(best.label),
      cost: formatCost(best.cost, best.currency),
      tied: best.tied.map((t) => ({ label: named(t.label), cost: formatCost(t.cost, best.currency) }))
    },
    lowerRule: 'error_rate, *_error, *latency*, *loss, *duration, *cost, or a gate with only a max',
    anyBaseline: groups.some((g) => g.hasBaseline),
    guessed: [...new Set(groups.flatMap((g) => g.guessed))].join(', '),
    gates: input.gates.map((g, i) => ({
      ...g,
      label: named(g.label),
      run: { full: g.run, short: gateRuns[i] },
      value: formatNumber(g.value),
      baseline: formatNumber(g.baseline),
      bound: gateBound(g)
    })),
    groups: groups.map((g, i) => groupView(g, i, usage)),
    // a trend needs two builds; until then the section says where the history is kept
    firstBuild: (input.history?.length ?? 0) === 1,
    trends:
      (input.history?.length ?? 0) < 2
        ? []
        : trends.map((s) => ({
            ...s,
            svg: sparklineSvg(s),
            builds: s.points.length,
            last: formatNumber(s.points[s.points.length - 1]?.value),
            gate: gateBound({ min: s.min, max: s.max } as Parameters<typeof gateBound>[0])
          })),
    comparisons: comparisons.map((c, i) => comparisonView(c, i, usage))
  };
  return (await template())(view);
}

/** Reads the line results for the comparison view and renders the page. */
export async function renderHtmlReport(input: ReportInput, opts: HtmlOptions = {}): Promise<string> {
  return renderHtml(input, await buildComparisons(input.lines, opts));
}
