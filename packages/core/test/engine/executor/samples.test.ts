/** The sample use-cases' standard flows, one line each, against scripted model answers. */
import path from 'node:path';
import type { StubLlmCall } from '@genaiops/testkit';
import { loadFlow, type DagFlow } from '../../../src/flow/index.js';
import { Harness, useCases } from './harness.js';

const system = (call: StubLlmCall): string => String(call.messages?.[0]?.content ?? '');

let generateReply = '```python\n20 - 2.5 * 6\n```';
const h = new Harness();
beforeAll(() =>
  h.start({
    rules: [
      // math_coding
      {
        match: (c) => /turn arithmetic word problems into Python/.test(system(c)),
        reply: () => generateReply
      },
      {
        match: (c) => /single-line Python arithmetic expression/.test(system(c)),
        reply: () => generateReply
      },
      { match: (c) => /explain|tutor/i.test(system(c)), reply: 'Nadia gets 5 dollars back.' },
      // named_entity_recognition
      {
        match: (c) => /information extraction engine/.test(system(c)),
        reply: '["product manager", "senior accountant"]'
      },
      {
        match: (c) => /Your job is to find every/.test(system(c)),
        reply: 'product manager, senior accountant'
      },
      // ticket_classification
      { match: (c) => /support/i.test(system(c)), reply: 'Billing' }
    ]
  })
);
afterAll(() => h.close());
beforeEach(() => h.stub.reset());

/** The default selection, then one selection per variant of each node (one at a time). */
function selections(dir: string): Record<string, string>[] {
  const flow = loadFlow(dir) as DagFlow;
  const out: Record<string, string>[] = [{}];
  for (const [node, v] of Object.entries(flow.nodeVariants)) {
    for (const id of v.variantIds) if (id !== v.defaultVariantId) out.push({ [node]: id });
  }
  return out;
}

const standard = (name: string): string => path.join(useCases, name, 'flows', 'standard');

describe.each(selections(standard('math_coding')))('math_coding %j', (variants) => {
  test('computes the answer with code', async () => {
    generateReply = variants.generate_code === 'variant_1' ? '20 - 2.5 * 6' : '```python\n20 - 2.5 * 6\n```';
    const r = await h.executor(standard('math_coding'), { variants }).executeLine({}, 0);
    expect(r.error).toBeUndefined();
    expect(r.outputs).toEqual({
      answer: 5,
      method: 'code',
      code: '20 - 2.5 * 6',
      explanation: 'Nadia gets 5 dollars back.'
    });
    expect(r.nodes.find((n) => n.node === 'fallback')!.status).toBe('Bypassed');
    const explain = h.requests().at(-1)!.body.messages as { role: string; content: string }[];
    expect(explain.at(-1)!.content).toMatch(
      variants.explain === 'variant_1' ? /Answer to explain: 5/ : /evaluates to 5\./
    );
  });
});

test('math_coding falls back to the number in a prose answer', async () => {
  generateReply = 'The answer is 5.';
  const r = await h.executor(standard('math_coding')).executeLine({ question: 'What is 20 - 15?' }, 1);
  expect(r.error).toBeUndefined();
  expect(r.nodes.find((n) => n.node === 'fallback')!.status).toBe('Completed');
  expect(r.outputs).toMatchObject({ answer: 5, method: 'fallback' });
});

describe.each(selections(standard('named_entity_recognition')))('named_entity_recognition %j', (variants) => {
  test('extracts the entities', async () => {
    const r = await h.executor(standard('named_entity_recognition'), { variants }).executeLine({}, 0);
    expect(r.error).toBeUndefined();
    expect(r.outputs).toEqual({ entities: ['product manager', 'senior accountant'] });
    const messages = h.requests()[0].body.messages as { role: string; content: string }[];
    expect(messages.at(-1)!.content).toMatch(/Entity type: job title/);
    if (variants.extract_entities === 'variant_1') expect(messages).toHaveLength(8);
  });
});

describe.each(selections(standard('ticket_classification')))('ticket_classification %j', (variants) => {
  test('classifies the ticket', async () => {
    const r = await h.executor(standard('ticket_classification'), { variants }).executeLine({}, 0);
    expect(r.error).toBeUndefined();
    expect(r.outputs).toEqual({ category: 'billing', matched: true });
    const messages = h.requests()[0].body.messages as { role: string; content: string }[];
    expect(messages.at(-1)!.content).toBe(
      'Hello, I was charged twice for order 48213 this month. Could you refund one of the two payments?'
    );
  });
});
