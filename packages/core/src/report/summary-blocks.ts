/**
 * An evaluation (or monitoring) report as summary blocks: what a terminal shows at the end of the
 * stage. The job summary keeps its own markdown (markdown.ts). The gates are not repeated here: the
 * stage has printed one line per gate as it checked them.
 */
import type { Block, Inline, Span } from '../summary.js';
import { cacheNotice, formatCost, usageText, type VariantUsage } from './cost.js';
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
import { shortName } from './names.js';
import { sparklineText, trendSeries } from './trends.js';
import type { GateResult, ReportInput } from './types.js';

function statusHeading(input: ReportInput): Block {
  const failed = input.gates.filter((g) => !g.passed).length;
  const title = `GenAIOps · ${input.useCase} · ${input.env}`;
  if (!input.gates.length) return { kind: 'heading', text: `${title}: no gates` };
  if (failed)
    return {
      kind: 'heading',
      text: `${title}: ${failed} of ${input.gates.length} gate(s) failed`,
      tone: 'fail'
    };
  return { kind: 'heading', text: `${title}: all ${input.gates.length} gate(s) passed`, tone: 'pass' };
}

/** A value with its ★ and its change against the baseline (✔ better, ✖ worse). */
function metricCell(g: RowGroup, ri: number, m: string): Inline {
  const r = g.rows[ri];
  const v = formatNumber(r.metrics[m]);
  if (!v) return '—';
  const d = delta(r, m);
  const kind = deltaKind(d, g.directions[m]);
  const value: Span = g.best[m]?.includes(ri) ? { text: `${v} ★`, strong: true } : { text: v };
  if (d === undefined) return value;
  const mark = kind === 'better' ? ' ✔' : kind === 'worse' ? ' ✖' : '';
  return [
    value,
    {
      text: ` (Δ ${formatDelta(d)}${mark})`,
      tone: kind === 'better' ? 'pass' : kind === 'worse' ? 'fail' : 'muted'
    }
  ];
}

function metricsTable(g: RowGroup, usage: Record<string, VariantUsage>): Block {
  const withUsage = g.rows.some((r) => usage[r.experimentRun]);
  const withCost = g.rows.some((r) => usage[r.experimentRun]?.currency !== undefined);
  const usageHeaders = withUsage ? ['tokens', 'latency p50 / p95', ...(withCost ? ['cost'] : [])] : [];
  return {
    kind: 'table',
    headers: [
      'variant',
      ...g.metrics.map((m) => `${m} ${g.directions[m] === 'lower' ? '↓' : '↑'}`),
      ...usageHeaders
    ],
    rows: g.rows.map((r, ri) => {
      const t = usage[r.experimentRun] ? usageText(usage[r.experimentRun]) : undefined;
      const cells = t ? [t.tokens, t.latency, t.cost] : ['', '', ''];
      return [
        shortName(r.label, 40),
        ...g.metrics.map((m) => metricCell(g, ri, m)),
        ...cells.slice(0, usageHeaders.length)
      ];
    }),
    align: ['left', ...g.metrics.map(() => 'right' as const), ...usageHeaders.map(() => 'right' as const)]
  };
}

function bestLine(input: ReportInput, groups: RowGroup[]): Block[] {
  const best = bestVariant(groups, input.usage);
  if (!best) return [];
  const cost = (c: number | undefined) => (c === undefined ? '' : `, ${formatCost(c, best.currency)}`);
  const tied = best.tied.length
    ? ` · as good: ${best.tied.map((t) => `${shortName(t.label, 40)}${t.cost === undefined ? '' : ` (${formatCost(t.cost, best.currency)})`}`).join(', ')}${best.moreTied ? ` and ${best.moreTied} more` : ''}`
    : '';
  return [
    {
      kind: 'text',
      text: [
        'Best variant: ',
        { text: shortName(best.label, 40), strong: true },
        ` (★ in ${best.stars} of ${best.of} metric(s)${cost(best.cost)})${tied}`
      ]
    }
  ];
}

function trendsBlocks(input: ReportInput): Block[] {
  const series = trendSeries(input.history ?? []);
  if ((input.history?.length ?? 0) < 2 || !series.length) return [];
  return [
    { kind: 'heading', text: `Trends (last ${input.history!.length} builds, best variant)` },
    {
      kind: 'table',
      headers: ['evaluator', 'dataset', 'metric', 'trend', 'now', 'gate'],
      rows: series.map((s) => [
        s.evaluator,
        s.dataset,
        `${s.metric} ${s.direction === 'lower' ? '↓' : '↑'}`,
        sparklineText(s.points.map((p) => p.value)),
        formatNumber(s.points[s.points.length - 1]?.value),
        gateBound({ min: s.min, max: s.max } as GateResult)
      ]),
      align: ['left', 'left', 'left', 'left', 'right', 'left']
    }
  ];
}

/** Status, warnings, best variant, one metrics table per evaluator × dataset, trends. */
export function reportSummaryBlocks(input: ReportInput): Block[] {
  const groups = groupRows(input.rows, input.gates, {
    mock: !!input.mock?.length,
    higherIsBetter: input.higherIsBetter
  });
  const usage = input.usage ?? {};
  const blocks: Block[] = [
    statusHeading(input),
    {
      kind: 'text',
      text: `backend ${input.backend}${input.buildId ? ` · build ${input.buildId}` : ''}`,
      tone: 'muted'
    },
    ...(input.mock?.length ? [mockNotice(input.mock)] : []).map((n): Block => ({
      kind: 'text',
      text: n,
      tone: 'warn'
    })),
    ...(input.failedLines ?? []).map((f): Block => ({
      kind: 'text',
      text: failedLinesNotice(f),
      tone: 'warn'
    })),
    ...[cacheNotice(usage)].flatMap((n): Block[] => (n ? [{ kind: 'text', text: n, tone: 'muted' }] : [])),
    ...bestLine(input, groups)
  ];
  if (!groups.length) blocks.push({ kind: 'text', text: 'No metrics were recorded.' });
  for (const g of groups)
    blocks.push({ kind: 'heading', text: `${g.evaluator} on ${g.dataset}` }, metricsTable(g, usage));
  blocks.push(...trendsBlocks(input));
  if (groups.length) {
    const lower = groups.some((g) => Object.values(g.directions).includes('lower'));
    blocks.push({
      kind: 'text',
      tone: 'muted',
      text: `★ best variant per metric (↑ higher is better${lower ? ', ↓ lower is better' : ''})${
        groups.some((g) => g.hasBaseline) ? '; Δ change against the baseline: ✔ better, ✖ worse' : ''
      }${Object.keys(usage).length ? '; latency per line; cost estimated from the config price table' : ''}.`
    });
  }
  return blocks;
}
