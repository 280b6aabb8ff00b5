import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { UserError } from '../../errors.js';
import { readDotenv } from './dotenv.js';

/** The Azure OpenAI API version used when a connection does not name one (prompt flow's default). */
export const DEFAULT_AZURE_API_VERSION = '2024-02-01';
/** The base URL of an `openai` connection that gives none. */
export const DEFAULT_OPENAI_API_BASE = 'https://api.openai.com/v1';

/** An Azure OpenAI resource: `{"api_key","api_base","api_type":"azure","api_version"}`. */
export interface AzureOpenAIConnection {
  /** The connection's name, as flows refer to it (`connection: aoai`). */
  name: string;
  apiType: 'azure';
  apiKey: string;
  /** The resource endpoint, e.g. `https://x.openai.azure.com/` (no `/openai` suffix needed). */
  apiBase: string;
  apiVersion: string;
  /** `meid_token`: keyless, a Microsoft Entra token from @azure/identity (apiKey is then ''). */
  authMode?: 'key' | 'meid_token';
}

/** OpenAI, or any OpenAI-compatible server at `api_base` (local servers included). */
export interface OpenAIConnection {
  name: string;
  apiType: 'openai';
  /** May be empty for a compatible server that needs no key (only when `api_base` is given). */
  apiKey: string;
  /** Base URL including the version path, e.g. `https://api.openai.com/v1`, `http://127.0.0.1:11434/v1`. */
  apiBase: string;
  organization?: string;
}

/**
 * The mock provider (`{"api_type":"mock"}`): no model is called; each call answers a fixed
 * function of its prompt (see `mockReply`). For trying a flow and the pipeline without a model;
 * its metrics mean nothing, and reports say so.
 */
export interface MockConnection {
  name: string;
  apiType: 'mock';
}

export type LlmConnection = AzureOpenAIConnection | OpenAIConnection | MockConnection;

/** The JSON of a mock connection, as an environment variable holds it. */
export const MOCK_CONNECTION_JSON = '{"api_type":"mock"}';

/** Whether a connection's JSON text selects the mock provider (any spelling parseConnection accepts). */
export function isMockConnectionText(text: string | undefined): boolean {
  if (!text?.trim().startsWith('{')) return false;
  try {
    return parseConnection('mock', text).apiType === 'mock';
  } catch {
    return false;
  }
}

export interface ResolveConnectionOptions {
  /** The environment to read; usually `process.env`. It wins over the `.env` file. */
  env: NodeJS.ProcessEnv;
  /** A `.env` file to read as well (missing file = nothing there). */
  dotenvFile?: string;
}

const AZURE_EXAMPLE = (name: string): string =>
  `${name}={"api_key":"<key>","api_base":"https://<resource>.openai.azure.com/","api_type":"azure","api_version":"${DEFAULT_AZURE_API_VERSION}"}`;
const OPENAI_EXAMPLE = (name: string): string =>
  `${name}={"api_key":"<key>","api_base":"${DEFAULT_OPENAI_API_BASE}","api_type":"openai"}`;

function expected(name: string): string {
  return `expected JSON like ${AZURE_EXAMPLE(name)} (Azure OpenAI) or ${OPENAI_EXAMPLE(name)} (OpenAI or an OpenAI-compatible server)`;
}

/**
 * Finds the connection `name` the way the prompt flow GenAIOps template does for local runs: the
 * environment variable named after the connection holds its JSON; a `.env` file is read too, and the
 * real environment wins (an empty variable counts as unset, since GitHub Actions expands a missing
 * secret to ''). Throws a UserError saying which variable to set and what JSON to put there; neither
 * the key nor the variable's value is ever part of a message.
 *
 * Read the connections a run needs once, before the run, and mask their secrets
 * (`connectionSecrets`) before logging anything.
 */
export function resolveConnection(name: string, options: ResolveConnectionOptions): LlmConnection {
  let raw = options.env[name];
  let source = `the environment variable "${name}"`;
  let emptyInEnv = raw !== undefined && raw.trim() === '';
  if (raw === undefined || raw.trim() === '') {
    const fromFile = options.dotenvFile ? readDotenv(options.dotenvFile)[name] : undefined;
    if (fromFile !== undefined && fromFile.trim() !== '') {
      raw = fromFile;
      source = `"${name}" in ${options.dotenvFile}`;
      emptyInEnv = false;
    } else {
      const where = options.dotenvFile ? ` (or add it to ${options.dotenvFile})` : '';
      const state = emptyInEnv || fromFile !== undefined ? 'is empty' : 'is not set';
      throw new UserError(
        `connection "${name}" is not configured: the environment variable "${name}" ${state}. ` +
          `Set it${where} to the connection as JSON, e.g. ${AZURE_EXAMPLE(name)} for Azure OpenAI, ` +
          `or ${OPENAI_EXAMPLE(name)} for OpenAI or an OpenAI-compatible server`
      );
    }
  }
  return parseConnection(name, raw, source);
}

/** Parses a connection's JSON text; `source` names where it came from, for messages. */
export function parseConnection(
  name: string,
  text: string,
  source = `the environment variable "${name}"`
): LlmConnection {
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(text.trim(), errors, {
    allowTrailingComma: false,
    disallowComments: true
  });
  if (errors.length) {
    const e = errors[0];
    throw new UserError(
      `connection "${name}": ${source} is not valid JSON (${humanize(printParseErrorCode(e.error))} at position ${e.offset + 1}); ${expected(name)}`
    );
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new UserError(`connection "${name}": ${source} must hold a JSON object; ${expected(name)}`);
  }
  const obj = value as Record<string, unknown>;
  const problems: string[] = [];
  const invalid = new Set<string>();
  const str = (key: string, ...aliases: string[]): string | undefined => {
    for (const k of [key, ...aliases]) {
      const v = obj[k];
      if (v === undefined || v === null) continue;
      if (typeof v !== 'string') {
        problems.push(`"${k}" must be a string`);
        invalid.add(key);
        return undefined;
      }
      if (v.trim() !== '') return v.trim();
    }
    return undefined;
  };
  const apiKey = str('api_key');
  const apiBaseRaw = str('api_base', 'base_url', 'azure_endpoint');
  const apiVersion = str('api_version');
  const organization = str('organization');
  const typeRaw = str('api_type', 'type');
  const authMode = str('auth_mode');
  const keyless = authMode === 'meid_token';
  if (authMode !== undefined && authMode !== 'key' && !keyless)
    problems.push(`"auth_mode" must be "key" or "meid_token", found "${authMode.slice(0, 40)}"`);

  let apiType: 'azure' | 'openai' | undefined;
  if (typeRaw !== undefined) {
    const t = typeRaw.toLowerCase().replace(/[\s_-]/g, '');
    if (t === 'mock') return { name, apiType: 'mock' };
    if (t === 'azure' || t === 'azureopenai' || t === 'azureopenaiconnection') apiType = 'azure';
    else if (t === 'openai' || t === 'openaiconnection') apiType = 'openai';
    else problems.push(`"api_type" must be "azure", "openai" or "mock", found "${typeRaw.slice(0, 40)}"`);
  } else {
    // prompt flow's AzureOpenAIConnection defaults api_type to "azure"; infer from the shape
    apiType =
      apiVersion !== undefined || (apiBaseRaw !== undefined && isAzureHost(apiBaseRaw)) ? 'azure' : 'openai';
  }

  let apiBase = apiBaseRaw;
  if (apiBase !== undefined && !isHttpUrl(apiBase)) {
    problems.push(`"api_base" must be an http(s) URL`);
    apiBase = undefined;
  }

  const missingKey = apiKey === undefined && !invalid.has('api_key');
  if (apiType === 'azure') {
    if (missingKey && !keyless)
      problems.push('"api_key" is missing (or set "auth_mode": "meid_token" for keyless access)');
    if (apiBaseRaw === undefined && !invalid.has('api_base')) {
      problems.push(
        '"api_base" is missing (the resource endpoint, e.g. https://<resource>.openai.azure.com/)'
      );
    }
  } else if (apiType === 'openai') {
    if (missingKey && apiBaseRaw === undefined) problems.push('"api_key" is missing');
  }

  if (problems.length || apiType === undefined) {
    throw new UserError(`connection "${name}" (${source}): ${problems.join('; ')}; ${expected(name)}`);
  }
  if (apiType === 'azure') {
    return {
      name,
      apiType,
      apiKey: keyless ? '' : apiKey!,
      apiBase: apiBase!,
      apiVersion: apiVersion ?? DEFAULT_AZURE_API_VERSION,
      ...(keyless ? { authMode: 'meid_token' as const } : {})
    };
  }
  const conn: OpenAIConnection = {
    name,
    apiType,
    apiKey: apiKey ?? '',
    apiBase: apiBase ?? DEFAULT_OPENAI_API_BASE
  };
  if (organization !== undefined) conn.organization = organization;
  return conn;
}

/**
 * The secret values of a connection, to mask in logs before anything is printed
 * (`for (const s of connectionSecrets(c)) core.setSecret(s)`).
 */
export function connectionSecrets(connection: LlmConnection): string[] {
  return connection.apiType !== 'mock' && connection.apiKey ? [connection.apiKey] : [];
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

function isAzureHost(s: string): boolean {
  try {
    const h = new URL(s).hostname.toLowerCase();
    return (
      h.endsWith('.openai.azure.com') ||
      h.endsWith('.cognitiveservices.azure.com') ||
      h.endsWith('.services.ai.azure.com')
    );
  } catch {
    return false;
  }
}

function humanize(code: string): string {
  const words: Record<string, string> = {
    InvalidSymbol: 'unexpected character',
    InvalidNumberFormat: 'invalid number',
    PropertyNameExpected: 'property name expected',
    ValueExpected: 'value expected',
    ColonExpected: 'colon expected',
    CommaExpected: 'comma expected',
    CloseBraceExpected: 'closing brace expected',
    CloseBracketExpected: 'closing bracket expected',
    EndOfFileExpected: 'end of text expected',
    InvalidCommentToken: 'comment not allowed',
    UnexpectedEndOfComment: 'unterminated comment',
    UnexpectedEndOfString: 'unterminated string',
    UnexpectedEndOfNumber: 'unterminated number',
    InvalidUnicode: 'invalid unicode escape',
    InvalidEscapeCharacter: 'invalid escape character',
    InvalidCharacter: 'invalid character'
  };
  return words[code] ?? code;
}
