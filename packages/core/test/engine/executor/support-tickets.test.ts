/** The flow-model fixture with every node type: prompt node, completion variant, activate, aggregation. */
import path from 'node:path';
import { Harness, fixtures } from './harness.js';

const flowDir = path.resolve(fixtures, '../flows/support-tickets');
const h = new Harness();
beforeAll(() =>
  h.start({
    rules: [
      { match: (c) => c.api === 'completion', reply: ' A short summary.' },
      { match: /down/i, reply: 'outage' },
      { match: (c) => /Classify/.test(String(c.messages?.[0]?.content)), reply: 'billing' }
    ]
  })
);
afterAll(() => h.close());

test('runs lines (activate, prompt node, completion variant) and aggregates them', async () => {
  const ex = h.executor(flowDir);
  const lines = await Promise.all([
    ex.executeLine({ ticket: 'The site is down!' }, 0),
    ex.executeLine({ ticket: 'Refund please', history: '[]' }, 1)
  ]);
  expect(lines.map((l) => l.error)).toEqual([undefined, undefined]);
  expect(lines[0].outputs).toEqual({
    category: 'outage',
    summary: ' A short summary.',
    escalation: { queue: 'urgent', summary: ' A short summary.', category: 'outage' },
    ticket: 'The site is down!'
  });
  expect(lines[1].outputs).toEqual({
    category: 'billing',
    summary: ' A short summary.',
    escalation: null,
    ticket: 'Refund please'
  });
  expect(lines[1].nodes.find((n) => n.node === 'escalate')!.status).toBe('Bypassed');
  expect(lines[0].nodes.find((n) => n.node === 'summary_prompt')!.output).toBe(
    'Ticket (outage):\nThe site is down!\n'
  );
  const prompts = h
    .requests()
    .filter((r) => r.api === 'completion')
    .map((r) => r.body.prompt);
  expect(prompts).toContain('Summarise in one sentence:\nTicket (billing):\nRefund please\n\nSummary:');
  const agg = await ex.executeAggregation(lines);
  expect(agg.metrics).toEqual({ outage_rate: 0.5 });
});
