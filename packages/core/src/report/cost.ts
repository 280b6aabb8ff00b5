/**
 * Cost and latency per variant, from a run's recorded LLM usage (`run.json` `llm_usage`) and the
 * config's price table (per 1M tokens). A model takes the price of its own key, else of the longest
 * key it starts with (`gpt-4o` prices `gpt-4o-2024-08-06`), else of `*`; a model with no price
 * makes the cost unknown rather than wrong.
 */
import type { PricingConfig } from '../config/model.js';
import type { LlmUsageSummary } from '../engine/runs/usage.js';

export interface VariantUsage {
  lines: number;
  calls: number;
  promptTokens: number;
  completionTokens: number;
  /** Milliseconds per line, end to end. */
  lineP50?: number;
  lineP95?: number;
  /** Milliseconds per LLM call. */
  llmP50?: number;
  llmP95?: number;
  /** Estimated cost of the run; undefined without a price for every model it called. */
  cost?: number;
  currency?: string;
  /** Models that had no price. */
  unpriced?: string[];
  /** Lines whose every model call was answered by the LLM cache (absent when none). */
  cachedLines?: number;
}

export function priceOf(
  model: string,
  pricing: PricingConfig | undefined
): { input: number; output: number } | undefined {
  const models = pricing?.models ?? {};
  if (models[model]) return models[model];
  const prefix = Object.keys(models)
    .filter((k) => k !== '*' && model.startsWith(k))
    .sort((a, b) => b.length - a.length)[0];
  return prefix ? models[prefix] : models['*'];
}

export function variantUsage(summary: LlmUsageSummary, pricing?: PricingConfig): VariantUsage {
  const u: VariantUsage = {
    lines: summary.lines,
    calls: summary.calls,
    promptTokens: summary.prompt_tokens,
    completionTokens: summary.completion_tokens,
    lineP50: summary.line_duration_ms?.p50,
    lineP95: summary.line_duration_ms?.p95,
    llmP50: summary.llm_latency_ms?.p50,
    llmP95: summary.llm_latency_ms?.p95
  };
  if (summary.cached_lines) u.cachedLines = summary.cached_lines;
  if (!pricing) return u;
  let cost = 0;
  const unpriced: string[] = [];
  for (const [model, m] of Object.entries(summary.by_model)) {
    const p = priceOf(model, pricing);
    if (!p) unpriced.push(model);
    else cost += (m.prompt_tokens * p.input + m.completion_tokens * p.output) / 1e6;
  }
  u.currency = pricing.currency;
  if (unpriced.length) u.unpriced = unpriced;
  else u.cost = cost;
  return u;
}

/** `0.0123 USD`, with 3 significant digits (costs of a PR run are often fractions of a cent). */
export function formatCost(cost: number | undefined, currency = ''): string {
  if (cost === undefined) return '';
  const text = cost === 0 ? '0' : cost >= 100 ? cost.toFixed(0) : String(Number(cost.toPrecision(3)));
  return currency ? `${text} ${currency}` : text;
}

/** `1,234` */
export const formatCount = (n: number) => n.toLocaleString('en-US');

export const formatMs = (ms: number | undefined) =>
  ms === undefined ? '' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;

/** Marks the usage of a variant some of whose lines came from the LLM cache. */
export const CACHE_MARK = '↺';

/** `24 of 24 lines from cache`, or '' when no line came from the cache. */
export const cachedLinesText = (u: Pick<VariantUsage, 'cachedLines' | 'lines'>): string =>
  u.cachedLines ? `${formatCount(u.cachedLines)} of ${formatCount(u.lines)} lines from cache` : '';

/**
 * The whole report's count over the experiment runs' usage, e.g. `LLM cache: 73 of 98 lines from
 * cache …`; undefined when no line came from the cache.
 */
export function cacheNotice(usage: Record<string, VariantUsage> | undefined): string | undefined {
  const all = Object.values(usage ?? {});
  const cached = all.reduce((n, u) => n + (u.cachedLines ?? 0), 0);
  if (!cached) return undefined;
  const lines = all.reduce((n, u) => n + u.lines, 0);
  return `LLM cache: ${cachedLinesText({ cachedLines: cached, lines })} (${CACHE_MARK}): no model was called for them; their tokens and cost are those of the stored answers, their latency is not the model's.`;
}

/** The three figures shown per variant: total tokens (↺ when lines came from the cache), line latency p50 / p95, cost. */
export function usageText(u: VariantUsage): { tokens: string; latency: string; cost: string } {
  return {
    tokens: formatCount(u.promptTokens + u.completionTokens) + (u.cachedLines ? ` ${CACHE_MARK}` : ''),
    latency: u.lineP50 === undefined ? '' : `${formatMs(u.lineP50)} / ${formatMs(u.lineP95)}`,
    cost: u.cost === undefined ? (u.unpriced ? 'no price' : '') : formatCost(u.cost, u.currency)
  };
}
