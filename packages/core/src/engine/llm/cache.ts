/**
 * A content-addressed cache of model answers, kept on disk (`.genaiops/llm-cache/` by default) so
 * that an unchanged re-run (e.g. a PR build whose cache folder was restored with actions/cache)
 * makes no model call.
 *
 * - The key is a SHA-256 of what decides the answer: the API (chat/completion), the endpoint (API
 *   type, base URL, Azure API version), the deployment / model names, every model parameter and the
 *   messages or prompt. Never the API key, the connection's name nor a token: a key rotation keeps
 *   the cache, and no secret is hashed into a file name or written into an entry.
 * - Only answers are stored: a failed call (any non-2xx, a timeout, a malformed body) throws
 *   before anything is written. The engine never streams model calls (it asks for the whole
 *   answer), so every entry is a complete answer.
 * - Writes go to a temporary file renamed into place, so concurrent runs (or processes) sharing the
 *   folder only ever see whole entries; the last writer of the same key wins, with the same answer.
 *   An entry that cannot be read or parsed is a miss, and the next answer overwrites it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../../errors.js';
import { LlmClient, type LlmClientOptions, type LlmRequest, type LlmResult } from './client.js';

/** Where the cache lives, under the workspace. */
export const DEFAULT_LLM_CACHE_DIR = path.join('.genaiops', 'llm-cache');

/** Bumped when the key material or the entry layout changes: older entries are then misses. */
const FORMAT = 1;

/**
 * What is cached: `all` = every model call of llm nodes; `nodes` = only the calls of nodes with
 * prompt flow's `enable_cache: true` (the default); `off` = nothing, not even those.
 */
export type LlmCacheMode = 'all' | 'nodes' | 'off';

/** The mode from the tri-state setting (config `llmCache`, `--llm-cache` / `--no-llm-cache`). */
export const llmCacheMode = (setting: boolean | undefined): LlmCacheMode =>
  setting === true ? 'all' : setting === false ? 'off' : 'nodes';

/** The variable that turns the cache on (1/true/on/yes) or off (0/false/off/no) where no flag says. */
export const LLM_CACHE_VARIABLE = 'GENAIOPS_LLM_CACHE';

/** `GENAIOPS_LLM_CACHE` as a setting: true, false, or undefined when unset or blank. */
export function llmCacheFromEnvironment(environ: NodeJS.ProcessEnv): boolean | undefined {
  const raw = environ[LLM_CACHE_VARIABLE];
  const v = raw?.trim().toLowerCase();
  if (!v) return undefined;
  if (['1', 'true', 'on', 'yes'].includes(v)) return true;
  if (['0', 'false', 'off', 'no'].includes(v)) return false;
  throw new UserError(`${LLM_CACHE_VARIABLE}="${raw}": expected 1 or 0 (true/false, on/off)`);
}

/** The answer as stored (what a caller of the client reads, without timing and attempts). */
type StoredAnswer = Pick<LlmResult, 'text' | 'usage' | 'finishReason' | 'model' | 'response'>;

interface Entry {
  format: number;
  key: string;
  storedAt: string;
  answer: StoredAnswer;
}

/** `https://X.openai.azure.com/openai/` and `https://x.openai.azure.com` name the same endpoint. */
function endpointOf(apiBase: string, azure: boolean): string {
  let base = apiBase.trim();
  try {
    const u = new URL(base);
    base = `${u.protocol}//${u.host}${u.pathname}`.toLowerCase();
  } catch {
    // not a URL: used as written (the call itself will fail and nothing is stored)
  }
  base = base.replace(/\/+$/, '');
  return azure ? base.replace(/\/openai$/, '') : base;
}

/** JSON with object keys sorted and undefined left out, so equal requests hash equally. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>)
            .filter(([, x]) => x !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        )
      : v
  );
}

/** The cache key of a request (hex SHA-256); undefined for the mock provider (nothing to save). */
export function llmCacheKey(request: LlmRequest): string | undefined {
  const c = request.connection;
  if (c.apiType === 'mock') return undefined;
  const material = {
    format: FORMAT,
    api: request.api,
    apiType: c.apiType,
    endpoint: endpointOf(c.apiBase, c.apiType === 'azure'),
    apiVersion: c.apiType === 'azure' ? c.apiVersion : undefined,
    deploymentName: request.deploymentName?.trim(),
    model: request.model?.trim(),
    parameters: request.parameters ?? {},
    input: request.api === 'chat' ? request.messages : request.prompt
  };
  return createHash('sha256').update(canonical(material)).digest('hex');
}

export interface LlmCacheStats {
  hits: number;
  misses: number;
  stored: number;
  /** Entries that could not be parsed (treated as misses, overwritten by the next answer). */
  corrupt: number;
  /** Entries that could not be written (the run goes on without them). */
  writeErrors: number;
}

/** The folder of entries: `<dir>/<first 2 hex>/<key>.json`. */
export class LlmCache {
  readonly dir: string;
  private readonly counts: LlmCacheStats = { hits: 0, misses: 0, stored: 0, corrupt: 0, writeErrors: 0 };

  constructor(
    dir: string,
    /** Told once per failure kind, e.g. to log it (a cache problem never fails a run). */
    private readonly onProblem?: (message: string) => void
  ) {
    this.dir = path.resolve(dir);
  }

  stats(): LlmCacheStats {
    return { ...this.counts };
  }

  fileOf(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  /** The stored answer, or undefined (absent, unreadable or not a valid entry of this key). */
  async get(key: string): Promise<StoredAnswer | undefined> {
    let text: string;
    try {
      text = await readFile(this.fileOf(key), 'utf8');
    } catch {
      this.counts.misses++;
      return undefined;
    }
    const answer = parseEntry(text, key);
    if (!answer) {
      this.counts.corrupt++;
      this.counts.misses++;
      if (this.counts.corrupt === 1)
        this.onProblem?.(`LLM cache: ignoring an unreadable entry ${this.fileOf(key)} (it is overwritten)`);
      return undefined;
    }
    this.counts.hits++;
    return answer;
  }

  /** Stores an answer atomically (temporary file + rename); a failure is reported, not thrown. */
  async put(key: string, result: LlmResult): Promise<void> {
    const file = this.fileOf(key);
    const entry: Entry = {
      format: FORMAT,
      key,
      storedAt: new Date().toISOString(),
      answer: {
        text: result.text,
        usage: result.usage,
        finishReason: result.finishReason,
        model: result.model,
        ...(result.response !== undefined ? { response: result.response } : {})
      }
    };
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(tmp, JSON.stringify(entry));
      await rename(tmp, file);
      this.counts.stored++;
    } catch (e) {
      this.counts.writeErrors++;
      await rm(tmp, { force: true }).catch(() => undefined);
      if (this.counts.writeErrors === 1)
        this.onProblem?.(
          `LLM cache: cannot write ${file}: ${(e as Error).message} (the run goes on without it)`
        );
    }
  }
}

function parseEntry(text: string, key: string): StoredAnswer | undefined {
  let e: Partial<Entry>;
  try {
    e = JSON.parse(text) as Partial<Entry>;
  } catch {
    return undefined;
  }
  const a = e?.answer;
  const u = a?.usage;
  const ok =
    e.format === FORMAT &&
    e.key === key &&
    !!a &&
    typeof a.text === 'string' &&
    typeof a.model === 'string' &&
    (a.finishReason === null || typeof a.finishReason === 'string') &&
    !!u &&
    [u.promptTokens, u.completionTokens, u.totalTokens].every((n) => typeof n === 'number');
  return ok ? a : undefined;
}

export interface CachingLlmClientOptions extends LlmClientOptions {
  cache: LlmCache;
  mode: Exclude<LlmCacheMode, 'off'>;
}

/**
 * An {@link LlmClient} that answers from the cache when it can. A hit makes no model call and is
 * not counted in `stats()` (which counts calls made); it comes back with `cached: true`,
 * `attempts: 0` and the lookup's latency. A miss calls the model and stores the answer.
 */
export class CachingLlmClient extends LlmClient {
  readonly cache: LlmCache;
  readonly mode: Exclude<LlmCacheMode, 'off'>;

  constructor(options: CachingLlmClientOptions) {
    const { cache, mode, ...rest } = options;
    super(rest);
    this.cache = cache;
    this.mode = mode;
  }

  override async call(request: LlmRequest): Promise<LlmResult> {
    const key = this.mode === 'all' || request.enableCache ? llmCacheKey(request) : undefined;
    if (!key) return super.call(request);
    const started = performance.now();
    const hit = await this.cache.get(key);
    if (hit) return { ...hit, attempts: 0, latencyMs: performance.now() - started, cached: true };
    const result = await super.call(request);
    await this.cache.put(key, result);
    return result;
  }
}

export interface LlmCacheSettings {
  /** true = cache every call; undefined = only `enable_cache` nodes; false = nothing. */
  enabled?: boolean;
  /** The cache folder (absolute, or relative to the process's cwd). */
  dir: string;
  onProblem?: (message: string) => void;
}

/** The run's client: caching as `settings` say, or a plain LlmClient when nothing is cached. */
export function createLlmClient(options: LlmClientOptions, settings?: LlmCacheSettings): LlmClient {
  const mode = llmCacheMode(settings?.enabled);
  if (!settings || mode === 'off') return new LlmClient(options);
  return new CachingLlmClient({ ...options, cache: new LlmCache(settings.dir, settings.onProblem), mode });
}
