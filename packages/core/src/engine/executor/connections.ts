/**
 * Connections of one executor: each is read once (environment variable named after it holding
 * JSON, or the `.env` file), its secrets are handed to `onSecret` at once, and the result (or the
 * failure) is cached.
 */
import { UserError } from '../../errors.js';
import { connectionArg, modelConfigArg } from '../python/pool.js';
import {
  connectionSecrets,
  parseConnection,
  resolveConnection,
  type LlmConnection
} from '../llm/connection.js';
import { readDotenv } from '../llm/dotenv.js';
import { ExecutionFailure } from './errors.js';

type Cached<T> = { ok: true; value: T } | { ok: false; error: ExecutionFailure };

type ConnectionMarker = ReturnType<typeof connectionArg>;
type ModelConfigMarker = ReturnType<typeof modelConfigArg>;

const LLM_CLASSES = new Set(['AzureOpenAIConnection', 'OpenAIConnection']);
const SECRET_KEY = /key|secret|password|token|credential/i;
export const MIN_SECRET_LENGTH = 6;

export interface ConnectionStoreOptions {
  environ: NodeJS.ProcessEnv;
  dotenvFile?: string;
  onSecret?: (value: string) => void;
}

export class ConnectionStore {
  private readonly llmCache = new Map<string, Cached<LlmConnection>>();
  private readonly rawCache = new Map<string, Cached<Record<string, unknown>>>();
  private dotenv?: Record<string, string>;
  private readonly masked = new Set<string>();

  constructor(private readonly options: ConnectionStoreOptions) {}

  /** The connection's JSON text from the environment (a non-empty variable wins) or the .env file. */
  text(name: string): string | undefined {
    const fromEnv = this.options.environ[name];
    if (fromEnv !== undefined && fromEnv.trim() !== '') return fromEnv;
    if (!this.options.dotenvFile) return undefined;
    this.dotenv ??= readDotenvSafe(this.options.dotenvFile);
    const fromFile = this.dotenv[name];
    return fromFile !== undefined && fromFile.trim() !== '' ? fromFile : undefined;
  }

  /** An LLM connection (Azure OpenAI or OpenAI), for llm nodes; throws a `ConnectionError`. */
  llm(name: string, node?: string): LlmConnection {
    let cached = this.llmCache.get(name);
    if (!cached) {
      try {
        const value = resolveConnection(name, {
          env: this.options.environ,
          dotenvFile: this.options.dotenvFile
        });
        this.secret(...connectionSecrets(value));
        cached = { ok: true, value };
      } catch (e) {
        cached = { ok: false, error: new ExecutionFailure('ConnectionError', messageOf(e)) };
      }
      this.llmCache.set(name, cached);
    }
    if (cached.ok) return cached.value;
    throw node === undefined
      ? cached.error
      : new ExecutionFailure('ConnectionError', cached.error.message, node);
  }

  /**
   * A connection argument for a python tool or flex init parameter. `classes` are the connection
   * classes its annotation names: an LLM class (`AzureOpenAIConnection`/`OpenAIConnection`) takes
   * the LLM connection JSON; another (`CustomConnection`, `SerpConnection`, …) takes any JSON
   * object, passed as that class's fields (`{"secrets": {…}, "configs": {…}}` for a custom one).
   * Throws a `ConnectionError` when the connection is not configured or not valid.
   */
  pythonArg(name: string, classes: readonly string[], node?: string): ConnectionMarker {
    const wantsLlm = classes.length === 0 || classes.some((c) => LLM_CLASSES.has(c));
    const others = classes.filter((c) => !LLM_CLASSES.has(c));
    if (wantsLlm) {
      try {
        return llmMarker(this.llm(name, node));
      } catch (e) {
        if (!others.length) throw e;
      }
    }
    const raw = this.raw(name, node);
    return connectionArg(others[0] ?? 'CustomConnection', name, raw);
  }

  /**
   * For a python input whose parameter's type is unknown: a connection argument when `value`
   * names a configured connection (a variable holding connection JSON), else undefined.
   */
  guessPythonArg(value: string): ConnectionMarker | undefined {
    if (!/^[A-Za-z_][\w-]*$/.test(value)) return undefined;
    const text = this.text(value);
    if (text === undefined || !text.trim().startsWith('{')) return undefined;
    try {
      const conn = parseConnection(value, text);
      return llmMarker(this.llm(conn.name));
    } catch {
      // not an LLM connection: a custom one?
    }
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (!isRecord(obj)) return undefined;
    const type = typeof obj.type === 'string' ? obj.type : undefined;
    const custom =
      isRecord(obj.secrets) || isRecord(obj.configs) || (type !== undefined && /custom/i.test(type));
    if (!custom) return undefined;
    return connectionArg('CustomConnection', value, this.raw(value));
  }

  /**
   * A model configuration argument (flex init): `value` is an object of the configuration's
   * fields, or a connection name. Its `connection` is resolved into endpoint, key and version.
   */
  modelConfig(
    type: 'AzureOpenAIModelConfiguration' | 'OpenAIModelConfiguration',
    value: unknown,
    port: string
  ): ModelConfigMarker {
    const fields: Record<string, unknown> =
      typeof value === 'string' ? { connection: value } : isRecord(value) ? { ...value } : {};
    if (typeof value !== 'string' && !isRecord(value)) {
      throw new ExecutionFailure(
        'InputError',
        `init "${port}" (${type}) expects an object such as {"connection": "aoai", "${
          type === 'AzureOpenAIModelConfiguration' ? 'azure_deployment' : 'model'
        }": "…"} or a connection name`
      );
    }
    if (typeof fields.connection === 'string' && fields.connection) {
      const conn = this.llm(fields.connection);
      delete fields.connection;
      if (type === 'AzureOpenAIModelConfiguration') {
        if (conn.apiType !== 'azure') {
          throw new ExecutionFailure(
            'ConnectionError',
            `init "${port}" is an AzureOpenAIModelConfiguration, but connection "${conn.name}" is an OpenAI connection`
          );
        }
        fields.azure_endpoint ??= conn.apiBase;
        fields.api_key ??= conn.apiKey;
        fields.api_version ??= conn.apiVersion;
      } else {
        if (conn.apiType === 'azure') {
          throw new ExecutionFailure(
            'ConnectionError',
            `init "${port}" is an OpenAIModelConfiguration, but connection "${conn.name}" is an Azure OpenAI connection`
          );
        }
        if (conn.apiType === 'openai') {
          fields.base_url ??= conn.apiBase;
          fields.api_key ??= conn.apiKey;
          if (conn.organization) fields.organization ??= conn.organization;
        }
      }
    }
    if (typeof fields.api_key === 'string') this.secret(fields.api_key);
    return modelConfigArg(type, fields);
  }

  /**
   * The connection a prompty's `model.configuration` describes: `${env:X}` values are read from the
   * environment; a configuration without endpoint and key falls back, as prompt flow's does, to
   * AZURE_OPENAI_ENDPOINT / AZURE_OPENAI_API_KEY / OPENAI_API_VERSION (azure_openai) or
   * OPENAI_API_KEY / OPENAI_BASE_URL (openai).
   */
  fromConfiguration(config: Record<string, unknown>, node: string): LlmConnection {
    const env = this.options.environ;
    const value = (v: unknown): unknown => {
      const m = typeof v === 'string' ? /^\$\{env:(.*)\}$/.exec(v) : null;
      return m ? (env[m[1]] ?? v) : v;
    };
    const c = Object.fromEntries(Object.entries(config).map(([k, v]) => [k, value(v)]));
    const openai = c.type === 'openai';
    const fields = openai
      ? {
          api_type: 'openai',
          api_key: c.api_key ?? env.OPENAI_API_KEY,
          api_base: c.base_url ?? env.OPENAI_BASE_URL,
          organization: c.organization
        }
      : {
          api_type: 'azure',
          api_key: c.api_key ?? env.AZURE_OPENAI_API_KEY,
          api_base: c.azure_endpoint ?? env.AZURE_OPENAI_ENDPOINT,
          api_version: c.api_version ?? env.OPENAI_API_VERSION
        };
    try {
      const conn = parseConnection(node, JSON.stringify(fields), 'model.configuration');
      this.secret(...connectionSecrets(conn));
      return conn;
    } catch (e) {
      throw new ExecutionFailure('ConnectionError', messageOf(e), node);
    }
  }

  /** Any connection's JSON object (for non-LLM connection classes). */
  private raw(name: string, node?: string): Record<string, unknown> {
    let cached = this.rawCache.get(name);
    if (!cached) {
      const text = this.text(name);
      if (text === undefined) {
        const where = this.options.dotenvFile ? ` (or in ${this.options.dotenvFile})` : '';
        cached = {
          ok: false,
          error: new ExecutionFailure(
            'ConnectionError',
            `connection "${name}" is not configured: set the environment variable "${name}"${where} to the connection as JSON`
          )
        };
      } else {
        let obj: unknown;
        try {
          obj = JSON.parse(text);
        } catch {
          obj = undefined;
        }
        if (isRecord(obj)) {
          this.maskObject(obj);
          cached = { ok: true, value: obj };
        } else {
          cached = {
            ok: false,
            error: new ExecutionFailure(
              'ConnectionError',
              `connection "${name}": the environment variable "${name}" must hold a JSON object`
            )
          };
        }
      }
      this.rawCache.set(name, cached);
    }
    if (cached.ok) return cached.value;
    throw node === undefined
      ? cached.error
      : new ExecutionFailure('ConnectionError', cached.error.message, node);
  }

  private maskObject(obj: Record<string, unknown>): void {
    for (const [k, v] of Object.entries(obj)) {
      if (k === 'secrets' && isRecord(v)) {
        for (const s of Object.values(v)) if (typeof s === 'string') this.secret(s);
      } else if (typeof v === 'string' && SECRET_KEY.test(k)) this.secret(v);
    }
  }

  private secret(...values: string[]): void {
    for (const v of values) {
      // As prompt flow: values shorter than 6 characters are not masked (masking "1" or "abc"
      // would blank unrelated text).
      if (!v || v.length < MIN_SECRET_LENGTH || this.masked.has(v)) continue;
      this.masked.add(v);
      this.options.onSecret?.(v);
    }
  }
}

function llmMarker(c: LlmConnection): ConnectionMarker {
  if (c.apiType === 'azure') {
    // keyless (Entra) connections reach python as prompt flow makes them: auth_mode meid_token, no key
    if (c.authMode === 'meid_token')
      return connectionArg('AzureOpenAIConnection', c.name, {
        api_base: c.apiBase,
        api_type: 'azure',
        api_version: c.apiVersion,
        auth_mode: 'meid_token'
      });
    return connectionArg('AzureOpenAIConnection', c.name, {
      api_key: c.apiKey,
      api_base: c.apiBase,
      api_type: 'azure',
      api_version: c.apiVersion
    });
  }
  // a python tool given the mock gets an OpenAI connection that names it (it cannot call it)
  if (c.apiType === 'mock')
    return connectionArg('OpenAIConnection', c.name, { api_key: '', base_url: 'mock:' });
  const values: Record<string, unknown> = { api_key: c.apiKey, base_url: c.apiBase };
  if (c.organization) values.organization = c.organization;
  return connectionArg('OpenAIConnection', c.name, values);
}

function readDotenvSafe(file: string): Record<string, string> {
  try {
    return readDotenv(file);
  } catch {
    return {};
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function messageOf(e: unknown): string {
  return e instanceof UserError || e instanceof Error ? e.message : String(e);
}
