import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../../src/errors.js';
import {
  connectionSecrets,
  parseDotenv,
  readDotenv,
  resolveConnection,
  type LlmConnection
} from '../../../src/engine/llm/index.js';

/** The key of a connection that has one (the mock has none). */
const keyOf = (c: LlmConnection) => (c.apiType === 'mock' ? undefined : c.apiKey);

const AZURE =
  '{"api_key":"k-123","api_base":"https://x.openai.azure.com/","api_type":"azure","api_version":"2024-06-01"}';
const SHAPES =
  'aoai={"api_key":"<key>","api_base":"https://<resource>.openai.azure.com/","api_type":"azure","api_version":"2024-02-01"} (Azure OpenAI) or ' +
  'aoai={"api_key":"<key>","api_base":"https://api.openai.com/v1","api_type":"openai"} (OpenAI or an OpenAI-compatible server)';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'llm-conn-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

describe('resolveConnection', () => {
  test('reads an Azure OpenAI connection from the variable named after it', () => {
    const c = resolveConnection('aoai', { env: { aoai: AZURE } });
    expect(c).toEqual<LlmConnection>({
      name: 'aoai',
      apiType: 'azure',
      apiKey: 'k-123',
      apiBase: 'https://x.openai.azure.com/',
      apiVersion: '2024-06-01'
    });
  });

  test('reads an OpenAI(-compatible) connection, with organization', () => {
    const c = resolveConnection('oai', {
      env: {
        oai: '{"api_key":"sk-1","api_base":"http://127.0.0.1:11434/v1","api_type":"openai","organization":"org-9"}'
      }
    });
    expect(c).toEqual({
      name: 'oai',
      apiType: 'openai',
      apiKey: 'sk-1',
      apiBase: 'http://127.0.0.1:11434/v1',
      organization: 'org-9'
    });
  });

  test('defaults: api_base of openai, api_version of azure; api_type inferred', () => {
    expect(resolveConnection('o', { env: { o: '{"api_key":"sk","api_type":"openai"}' } })).toMatchObject({
      apiType: 'openai',
      apiBase: 'https://api.openai.com/v1'
    });
    expect(
      resolveConnection('a', {
        env: { a: '{"api_key":"k","api_base":"https://r.openai.azure.com","api_type":"azure"}' }
      })
    ).toMatchObject({ apiType: 'azure', apiVersion: '2024-02-01' });
    // no api_type: an Azure host or an api_version means Azure, as prompt flow's AzureOpenAIConnection defaults
    expect(
      resolveConnection('a', { env: { a: '{"api_key":"k","api_base":"https://r.openai.azure.com/"}' } })
        .apiType
    ).toBe('azure');
    expect(
      resolveConnection('a', {
        env: { a: '{"api_key":"k","api_base":"http://h/","api_version":"2024-02-01"}' }
      }).apiType
    ).toBe('azure');
    expect(resolveConnection('a', { env: { a: '{"api_key":"k","api_base":"http://h/v1"}' } }).apiType).toBe(
      'openai'
    );
    // prompt flow's connection-yaml spellings are accepted too
    expect(
      resolveConnection('a', { env: { a: '{"api_key":"k","api_base":"http://h/","type":"azure_open_ai"}' } })
        .apiType
    ).toBe('azure');
    expect(
      resolveConnection('a', { env: { a: '{"api_key":"k","base_url":"http://h/v1","type":"open_ai"}' } })
    ).toMatchObject({
      apiType: 'openai',
      apiBase: 'http://h/v1'
    });
  });

  test('an OpenAI-compatible server with an api_base may have no key', () => {
    expect(
      resolveConnection('local', {
        env: { local: '{"api_base":"http://127.0.0.1:8000/v1","api_type":"openai"}' }
      })
    ).toMatchObject({
      apiKey: ''
    });
  });

  test('missing connection: says which variable to set and the JSON shape', () => {
    const e = thrown(() => resolveConnection('aoai', { env: {} }));
    expect(e).toBeInstanceOf(UserError);
    expect(e.message).toBe(
      'connection "aoai" is not configured: the environment variable "aoai" is not set. Set it to the connection as JSON, e.g. ' +
        'aoai={"api_key":"<key>","api_base":"https://<resource>.openai.azure.com/","api_type":"azure","api_version":"2024-02-01"} for Azure OpenAI, ' +
        'or aoai={"api_key":"<key>","api_base":"https://api.openai.com/v1","api_type":"openai"} for OpenAI or an OpenAI-compatible server'
    );
  });

  test('missing connection with a .env file: the message names the file; an empty variable says so', () => {
    const file = join(dir, '.env');
    const e = thrown(() => resolveConnection('aoai', { env: { aoai: '' }, dotenvFile: file }));
    expect(e.message).toMatch(
      new RegExp(
        `^connection "aoai" is not configured: the environment variable "aoai" is empty\\. Set it \\(or add it to ${escape(file)}\\) to`
      )
    );
  });

  test('malformed JSON: names the variable, never echoes the value', () => {
    const e = thrown(() =>
      resolveConnection('aoai', { env: { aoai: '{"api_key":"SECRET-1", api_base: "x"}' } })
    );
    expect(e).toBeInstanceOf(UserError);
    expect(e.message).toBe(
      `connection "aoai": the environment variable "aoai" is not valid JSON (unexpected character at position 24); expected JSON like ${SHAPES}`
    );
    expect(e.message).not.toContain('SECRET-1');
    const notObject = thrown(() => resolveConnection('aoai', { env: { aoai: '"SECRET-2"' } }));
    expect(notObject.message).toBe(
      `connection "aoai": the environment variable "aoai" must hold a JSON object; expected JSON like ${SHAPES}`
    );
    expect(notObject.message).not.toContain('SECRET-2');
  });

  test('missing or wrong fields are listed together', () => {
    const e = thrown(() => resolveConnection('aoai', { env: { aoai: '{"api_type":"azure","api_key":42}' } }));
    expect(e.message).toBe(
      'connection "aoai" (the environment variable "aoai"): "api_key" must be a string; ' +
        `"api_base" is missing (the resource endpoint, e.g. https://<resource>.openai.azure.com/); expected JSON like ${SHAPES}`
    );
    expect(
      thrown(() => resolveConnection('aoai', { env: { aoai: '{"api_key":"k","api_type":"bedrock"}' } }))
        .message
    ).toMatch(
      /^connection "aoai" \(the environment variable "aoai"\): "api_type" must be "azure", "openai" or "mock", found "bedrock"; expected/
    );
    const badUrl = thrown(() =>
      resolveConnection('aoai', {
        env: { aoai: '{"api_key":"SECRET-3","api_base":"not a url","api_type":"azure"}' }
      })
    );
    expect(badUrl.message).toMatch(/"api_base" must be an http\(s\) URL/);
    expect(badUrl.message).not.toContain('SECRET-3');
  });

  test('.env is read; the real environment wins; an empty real variable falls back to .env', () => {
    const file = join(dir, '.env');
    writeFileSync(
      file,
      [
        '# connections for local runs',
        `aoai=${AZURE}`,
        `export oai='{"api_key":"sk-from-file","api_type":"openai"}'`,
        ''
      ].join('\n')
    );
    expect(keyOf(resolveConnection('aoai', { env: {}, dotenvFile: file }))).toBe('k-123');
    expect(keyOf(resolveConnection('oai', { env: {}, dotenvFile: file }))).toBe('sk-from-file');
    const real = AZURE.replace('k-123', 'k-real');
    expect(keyOf(resolveConnection('aoai', { env: { aoai: real }, dotenvFile: file }))).toBe('k-real');
    expect(keyOf(resolveConnection('aoai', { env: { aoai: '' }, dotenvFile: file }))).toBe('k-123');
  });

  test('malformed JSON in .env names the file', () => {
    const file = join(dir, '.env');
    writeFileSync(file, 'aoai={"api_key": SECRET}\n');
    const e = thrown(() => resolveConnection('aoai', { env: {}, dotenvFile: file }));
    expect(e.message).toBe(
      `connection "aoai": "aoai" in ${file} is not valid JSON (unexpected character at position 13); expected JSON like ${SHAPES}`
    );
    expect(e.message).not.toContain('SECRET');
  });

  test('a .env file that does not exist is no error', () => {
    expect(
      keyOf(resolveConnection('aoai', { env: { aoai: AZURE }, dotenvFile: join(dir, 'none.env') }))
    ).toBe('k-123');
  });

  test('connectionSecrets lists the key for masking', () => {
    expect(connectionSecrets(resolveConnection('aoai', { env: { aoai: AZURE } }))).toEqual(['k-123']);
    expect(
      connectionSecrets(
        resolveConnection('l', { env: { l: '{"api_base":"http://h/v1","api_type":"openai"}' } })
      )
    ).toEqual([]);
  });
});

describe('parseDotenv (python-dotenv compatible)', () => {
  test('keys, export, comments, quotes, escapes, multi-line double quotes', () => {
    const env = parseDotenv(
      [
        '\uFEFF# comment',
        'A=plain value   # trailing comment',
        'B={"api_key":"a#b"}',
        'export C="line1\\nline2 \\"q\\""',
        "D='single \\'quoted\\' $x \\n'",
        'E="multi',
        'line"',
        'F=',
        '  G = spaced  ',
        'not a variable line',
        'A=later wins',
        'H="x" # comment after quotes'
      ].join('\r\n')
    );
    expect(env).toEqual({
      A: 'later wins',
      B: '{"api_key":"a#b"}',
      C: 'line1\nline2 "q"',
      D: "single 'quoted' $x \\n",
      E: 'multi\nline',
      F: '',
      G: 'spaced',
      H: 'x'
    });
  });

  test('readDotenv of a missing file is empty', () => {
    expect(readDotenv(join(dir, 'missing'))).toEqual({});
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
