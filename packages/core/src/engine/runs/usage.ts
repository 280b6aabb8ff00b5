/**
 * What a run's model calls used, summed from its completed lines' node records: tokens per model
 * (for cost), and latency percentiles of the calls and of whole lines. Written to `run.json` as
 * `llm_usage`; the reports read it per variant.
 */
import { percentile } from '../../util/percentile.js';
import type { LineResult } from '../executor/types.js';

export interface ModelUsage {
  calls: number;
  prompt_tokens: number;
  completion_tokens: number;
}

export interface Percentiles {
  p50: number;
  p95: number;
}

export interface LlmUsageSummary {
  /** Completed lines counted. */
  lines: number;
  calls: number;
  prompt_tokens: number;
  completion_tokens: number;
  /** Per model, as the service named it. */
  by_model: Record<string, ModelUsage>;
  /** Milliseconds per LLM call (absent without calls). */
  llm_latency_ms?: Percentiles;
  /** Milliseconds per line, end to end (absent without lines). */
  line_duration_ms?: Percentiles;
  /** Calls answered by the LLM cache (absent when none): counted in `calls` and the tokens too. */
  cached_calls?: number;
  /** Lines whose every model call came from the LLM cache (absent when none). */
  cached_lines?: number;
}

const round = (v: number) => Math.round(v * 10) / 10;
const percentiles = (values: number[]): Percentiles | undefined => {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)) };
};

/** Collects line results one at a time (8 bytes per line and call kept, for the percentiles). */
export class UsageTally {
  private readonly byModel: Record<string, ModelUsage> = {};
  private readonly callMs: number[] = [];
  private readonly lineMs: number[] = [];
  private promptTokens = 0;
  private completionTokens = 0;
  private cachedCalls = 0;
  private cachedLines = 0;

  add(line: LineResult): void {
    if (line.status !== 'Completed') return;
    this.lineMs.push(line.durationMs);
    let calls = 0;
    let cached = 0;
    for (const n of line.nodes) {
      const call = n.llm;
      if (!call) continue;
      calls++;
      if (call.cached) cached++;
      const m = (this.byModel[call.model] ??= { calls: 0, prompt_tokens: 0, completion_tokens: 0 });
      m.calls++;
      m.prompt_tokens += call.promptTokens;
      m.completion_tokens += call.completionTokens;
      this.promptTokens += call.promptTokens;
      this.completionTokens += call.completionTokens;
      // a cache hit's lookup time is not the model's latency
      if (!call.cached) this.callMs.push(call.latencyMs);
    }
    this.cachedCalls += cached;
    if (calls && cached === calls) this.cachedLines++;
  }

  summary(): LlmUsageSummary {
    const out: LlmUsageSummary = {
      lines: this.lineMs.length,
      calls: this.callMs.length + this.cachedCalls,
      prompt_tokens: this.promptTokens,
      completion_tokens: this.completionTokens,
      by_model: this.byModel
    };
    const llm = percentiles(this.callMs);
    const line = percentiles(this.lineMs);
    if (llm) out.llm_latency_ms = llm;
    if (line) out.line_duration_ms = line;
    if (this.cachedCalls) {
      out.cached_calls = this.cachedCalls;
      out.cached_lines = this.cachedLines;
    }
    return out;
  }
}
