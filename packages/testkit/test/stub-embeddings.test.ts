/**
 * The stub's embeddings endpoint, shaped as the services' REST API: Azure and OpenAI routes, auth,
 * float and base64 encodings, list inputs, and the service's 400s.
 */
import { hashEmbedding, startStubLlm, type StubLlm } from '../src/index.js';

let stub: StubLlm;
beforeAll(async () => {
  stub = await startStubLlm();
});
afterAll(() => stub.stop());

async function post(path: string, body: unknown, headers: Record<string, string>) {
  const res = await fetch(`${stub.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body)
  });
  return { status: res.status, body: (await res.json()) as any };
}
const azure = (body: unknown) =>
  post('/openai/deployments/ada-002/embeddings?api-version=2024-02-01', body, { 'api-key': stub.apiKey });
const openai = (body: unknown, key = stub.apiKey) =>
  post('/v1/embeddings', body, { authorization: `Bearer ${key}` });

test('Azure: one vector per input, deterministic unit vectors, usage', async () => {
  const { status, body } = await azure({ input: ['hello', 'world'] });
  expect(status).toBe(200);
  expect(body.object).toBe('list');
  expect(body.model).toBe('ada-002');
  expect(body.data.map((d: any) => [d.object, d.index])).toEqual([
    ['embedding', 0],
    ['embedding', 1]
  ]);
  expect(body.data[0].embedding).toEqual(hashEmbedding('hello', 1536));
  expect(Math.hypot(...body.data[1].embedding)).toBeCloseTo(1, 10);
  expect(body.usage).toEqual({ prompt_tokens: 4, total_tokens: 4 });
});

test('OpenAI: dimensions and base64 encoding (little-endian float32)', async () => {
  const { status, body } = await openai({
    model: 'text-embedding-3-small',
    input: 'hello',
    dimensions: 8,
    encoding_format: 'base64'
  });
  expect(status).toBe(200);
  const bytes = Buffer.from(body.data[0].embedding, 'base64');
  const floats = Array.from({ length: bytes.length / 4 }, (_, i) => bytes.readFloatLE(i * 4));
  expect(floats).toHaveLength(8);
  hashEmbedding('hello', 8).forEach((x, i) => expect(floats[i]).toBeCloseTo(x, 6));
});

test("bad requests get the service's 400; a wrong key its 401", async () => {
  expect((await openai({ model: 'm', input: '' })).status).toBe(400);
  expect((await openai({ model: 'm' })).body.error.message).toBe("'input' is a required property");
  expect((await openai({ model: 'm', input: 'x', encoding_format: 'int8' })).status).toBe(400);
  expect((await openai({ model: 'm', input: 'x' }, 'nope')).status).toBe(401);
});
