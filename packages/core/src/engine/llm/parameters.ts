import { UserError } from '../../errors.js';
import { describe } from '../../util/describe.js';

export type { LlmApi } from '../../flow/model.js';
import type { LlmApi } from '../../flow/model.js';

/** `response_format` as the API takes it. */
export interface ResponseFormat {
  type: 'text' | 'json_object' | 'json_schema';
  json_schema?: Record<string, unknown>;
}

/**
 * Model parameters, named as prompt flow's llm tool and the wire name them. Unset = not sent
 * (the service default applies).
 */
export interface LlmParameters {
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  stop?: string | string[];
  presence_penalty?: number;
  frequency_penalty?: number;
  logit_bias?: Record<string, number>;
  user?: string;
  response_format?: ResponseFormat;
  seed?: number;
  /** Choices to generate; only the first is returned. */
  n?: number;
  /** Completion API only. */
  suffix?: string;
  /** Completion API only. */
  echo?: boolean;
  /** Completion API only. */
  logprobs?: number;
  /** Completion API only. */
  best_of?: number;
  /**
   * Other request body fields, sent as written: a prompty's other `model.parameters` (`tools`,
   * `tool_choice`, `functions`, …), which prompt flow passes to the API unchanged.
   */
  extra?: Record<string, unknown>;
}

const COMMON = [
  'temperature',
  'top_p',
  'max_tokens',
  'stop',
  'presence_penalty',
  'frequency_penalty',
  'logit_bias',
  'user',
  'response_format',
  'seed',
  'n'
] as const;
const COMPLETION_ONLY = ['suffix', 'echo', 'logprobs', 'best_of'] as const;

/** The llm-node input names taken as model parameters for `api` (the rest feed the template). */
export function llmParameterNames(api: LlmApi): readonly string[] {
  return api === 'completion' ? [...COMMON, ...COMPLETION_ONLY] : COMMON;
}

export interface SplitLlmInputs {
  parameters: LlmParameters;
  /** `deployment_name` input (Azure). */
  deploymentName?: string;
  /** `model` input (OpenAI). */
  model?: string;
  /** Every other input: the template's variables. */
  templateInputs: Record<string, unknown>;
}

/**
 * Splits a prompt flow llm node's resolved inputs into model parameters (coerced: "0.7" → 0.7,
 * "256" → 256, `max_tokens: "inf"`/"" → unset, empty `stop`/`logit_bias`/`user`/`response_format`
 * → unset, as prompt flow's tool does), `deployment_name`/`model`, and the template's variables.
 * Throws one UserError listing every bad value; `context` prefixes it (e.g. `node "answer"`).
 */
export function splitLlmNodeInputs(
  inputs: Record<string, unknown>,
  api: LlmApi,
  context = 'llm node'
): SplitLlmInputs {
  const names = new Set(llmParameterNames(api));
  const raw: Record<string, unknown> = {};
  const templateInputs: Record<string, unknown> = {};
  let deploymentName: string | undefined;
  let model: string | undefined;
  for (const [k, v] of Object.entries(inputs)) {
    if (k === 'deployment_name') deploymentName = v == null || v === '' ? undefined : String(v);
    else if (k === 'model') model = v == null || v === '' ? undefined : String(v);
    else if (names.has(k)) raw[k] = v;
    else templateInputs[k] = v;
  }
  const out: SplitLlmInputs = { parameters: coerceLlmParameters(raw, context), templateInputs };
  if (deploymentName !== undefined) out.deploymentName = deploymentName;
  if (model !== undefined) out.model = model;
  return out;
}

/** Coerces loosely typed parameter values (see `splitLlmNodeInputs`); unknown keys are ignored. */
export function coerceLlmParameters(raw: Record<string, unknown>, context = 'llm node'): LlmParameters {
  const problems: string[] = [];
  const p: LlmParameters = {};
  const empty = (v: unknown): boolean => v === undefined || v === null || v === '';
  const blank = (v: unknown): boolean => empty(v) || (typeof v === 'string' && v.trim() === '');

  const num = (key: string, v: unknown, opts: { int?: boolean; min?: number } = {}): number | undefined => {
    if (blank(v)) return undefined;
    const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v.trim()) : NaN;
    if (!Number.isFinite(n) || (opts.int && !Number.isInteger(n))) {
      problems.push(`"${key}" must be ${opts.int ? 'an integer' : 'a number'}, found ${describe(v)}`);
      return undefined;
    }
    if (opts.min !== undefined && n < opts.min) {
      problems.push(`"${key}" must be at least ${opts.min}, found ${n}`);
      return undefined;
    }
    return n;
  };
  const json = (key: string, v: unknown): unknown => {
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v);
    } catch {
      problems.push(`"${key}" must be an object (or its JSON text), found ${describe(v)}`);
      return undefined;
    }
  };

  for (const key of ['temperature', 'top_p', 'presence_penalty', 'frequency_penalty'] as const) {
    const n = num(key, raw[key]);
    if (n !== undefined) p[key] = n;
  }
  for (const key of ['seed', 'logprobs'] as const) {
    const n = num(key, raw[key], { int: true });
    if (n !== undefined) p[key] = n;
  }
  for (const key of ['n', 'best_of'] as const) {
    const n = num(key, raw[key], { int: true, min: 1 });
    if (n !== undefined) p[key] = n;
  }
  {
    const v = raw.max_tokens;
    const isInf = (typeof v === 'string' && /^(inf|infinity)$/i.test(v.trim())) || v === Infinity;
    if (!isInf) {
      const n = num('max_tokens', v, { int: true, min: 1 });
      if (n !== undefined) p.max_tokens = n;
    }
  }
  {
    const v = raw.stop;
    if (!empty(v)) {
      if (typeof v === 'string') p.stop = v;
      else if (Array.isArray(v) && v.every((s) => typeof s === 'string')) {
        if (v.length) p.stop = v as string[];
      } else problems.push(`"stop" must be a string or a list of strings, found ${describe(v)}`);
    }
  }
  {
    const v = raw.logit_bias;
    if (!blank(v)) {
      const o = json('logit_bias', v);
      if (o !== undefined) {
        if (!o || typeof o !== 'object' || Array.isArray(o))
          problems.push(`"logit_bias" must be an object of token id → bias, found ${describe(v)}`);
        else {
          const bias: Record<string, number> = {};
          for (const [t, b] of Object.entries(o)) {
            const n = num(`logit_bias.${t}`, b);
            if (n !== undefined) bias[t] = n;
          }
          if (Object.keys(bias).length) p.logit_bias = bias;
        }
      }
    }
  }
  {
    const v = raw.user;
    if (!empty(v)) p.user = String(v);
  }
  {
    const v = raw.suffix;
    if (!empty(v)) p.suffix = String(v);
  }
  {
    const v = raw.echo;
    if (!blank(v)) {
      if (typeof v === 'boolean') p.echo = v;
      else if (typeof v === 'string' && /^(true|false)$/i.test(v.trim()))
        p.echo = v.trim().toLowerCase() === 'true';
      else problems.push(`"echo" must be true or false, found ${describe(v)}`);
    }
  }
  {
    const v = raw.response_format;
    if (!blank(v)) {
      let o: unknown = v;
      if (typeof v === 'string') {
        const s = v.trim();
        if (s === 'text' || s === 'json_object') o = { type: s };
        else {
          try {
            o = JSON.parse(s);
          } catch {
            o = undefined;
          }
        }
      }
      const t = (o as { type?: unknown } | null | undefined)?.type;
      if (
        !o ||
        typeof o !== 'object' ||
        Array.isArray(o) ||
        (t !== 'text' && t !== 'json_object' && t !== 'json_schema')
      ) {
        problems.push(
          `"response_format" must be {"type": "text"}, {"type": "json_object"} or {"type": "json_schema", ...}, found ${describe(v)}`
        );
      } else p.response_format = o as ResponseFormat;
    }
  }
  if (problems.length) throw new UserError(`${context}: ${problems.join('; ')}`);
  return p;
}

/**
 * A prompty's `model.parameters` beyond the typed ones (see {@link llmParameterNames}), as prompt
 * flow's Prompty sends them: unchanged, except that `tools` brings `tool_choice` (default "auto")
 * and, without tools, `functions` brings `function_call` (default "auto"). Throws a UserError for
 * an empty tool or function list, or a tool_choice that is neither "auto", "none" nor an object.
 */
export function promptyExtraParameters(
  raw: Record<string, unknown>,
  api: LlmApi,
  context = 'prompty'
): Record<string, unknown> | undefined {
  const typed = new Set<string>([...llmParameterNames(api), 'deployment_name', 'model']);
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) if (!typed.has(k)) extra[k] = v;
  const choice = (list: string, key: string) => {
    const v = extra[list];
    if (!Array.isArray(v) || v.length === 0)
      throw new UserError(`${context}: "${list}" must be a non-empty list, found ${describe(v)}`);
    const c = extra[key] ?? 'auto';
    if (c !== 'auto' && c !== 'none' && (typeof c !== 'object' || c === null || Array.isArray(c)))
      throw new UserError(`${context}: "${key}" must be "auto", "none" or an object, found ${describe(c)}`);
    extra[key] = c;
  };
  if ('tools' in extra) choice('tools', 'tool_choice');
  else if ('functions' in extra) choice('functions', 'function_call');
  return Object.keys(extra).length ? extra : undefined;
}
