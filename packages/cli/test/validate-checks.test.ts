import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MemoryReporter } from '@genaiops/core/testing';
import { run } from '../src/main.js';

const repo = path.resolve(import.meta.dirname, '../../..');
let dir: string;
let tmp: string;

beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'validate-'));
  dir = path.join(tmp, 'tickets');
  cpSync(path.join(repo, 'use-cases/ticket_classification'), dir, { recursive: true });
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

/** Rewrites a file of the use-case by text replacement (so line numbers stay meaningful). */
function edit(file: string, from: string | RegExp, to: string) {
  const p = path.join(dir, file);
  const text = readFileSync(p, 'utf8');
  const next = text.replace(from, to);
  expect(next).not.toBe(text);
  writeFileSync(p, next);
}

/** Line (1-based) of the first occurrence of `needle` in a use-case file. */
const lineOf = (file: string, needle: string) =>
  readFileSync(path.join(dir, file), 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(needle)) + 1;

async function validate() {
  const reporter = new MemoryReporter();
  const write = process.stdout.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    const code = await run(['validate', dir], reporter);
    return { code, errors: reporter.errors.join('\n') };
  } finally {
    process.stdout.write = write;
  }
}

test('the sample validates', async () => {
  expect(await validate()).toEqual({ code: 0, errors: '' });
});

test('a mapping to a column no line has fails validate at the mapping, naming the columns', async () => {
  edit('llmops_config.json', '"ticket": "${data.ticket}" }', '"ticket": "${data.tiket}" }');
  const { code, errors } = await validate();
  expect(code).toBe(1);
  const line = lineOf('llmops_config.json', '${data.tiket}');
  expect(errors).toContain(`llmops_config.json:${line}:`);
  expect(errors).toMatch(
    /maps "ticket" to column "tiket", but no line of .*pr\.jsonl .* has it \(did you mean "ticket"\?\)/
  );
});

test('a gate on a metric the evaluator never logs fails validate at the gate', async () => {
  edit(
    'llmops_config.json',
    '"gates": { "accuracy": { "min": 0.6 } }',
    '"gates": { "acuracy": { "min": 0.6 } }'
  );
  const { code, errors } = await validate();
  expect(code).toBe(1);
  expect(errors).toContain(`llmops_config.json:${lineOf('llmops_config.json', '"acuracy"')}:`);
  expect(errors).toMatch(/gate on metric "acuracy" of evaluator "accuracy": .*aggregate|never logs it/);
  expect(errors).toMatch(/it logs: accuracy/);
});

test('an unknown default variant fails validate in the flow file', async () => {
  edit('flows/standard/flow.dag.yaml', 'default_variant_id: variant_0', 'default_variant_id: variant_9');
  const { code, errors } = await validate();
  expect(code).toBe(1);
  expect(errors).toContain(`flow.dag.yaml:${lineOf('flows/standard/flow.dag.yaml', 'variant_9')}:`);
  expect(errors).toMatch(/variant_9/);
});

test('a malformed dataset line fails validate at its line and column, unless maxBadLines allows it', async () => {
  appendFileSync(path.join(dir, 'data/pr.jsonl'), '{"ticket": "broken", }\n');
  const lines = readFileSync(path.join(dir, 'data/pr.jsonl'), 'utf8').trimEnd().split('\n').length;
  const { code, errors } = await validate();
  expect(code).toBe(1);
  expect(errors).toMatch(
    new RegExp(`data/pr\\.jsonl:${lines}:\\d+: dataset "tickets_pr": line .*not valid JSON`)
  );
  expect(errors).toMatch(/"maxBadLines": 1/);
  // the same file is the evaluation dataset tickets_pr_eval: allow the line on both
  edit('llmops_config.json', '"source": "data/pr.jsonl",', '"source": "data/pr.jsonl", "maxBadLines": 1,');
  edit(
    'llmops_config.json',
    /("tickets_pr_eval": \{\s*"source": "data\/pr\.jsonl",)/,
    '$1 "maxBadLines": 1,'
  );
  expect(await validate()).toEqual({ code: 0, errors: '' });
});

test('a required flow input that nothing provides fails validate at the dataset mappings', async () => {
  edit('flows/standard/flow.dag.yaml', / {4}default: Hello, I was charged.*\n/, '');
  edit('llmops_config.json', '"mappings": { "ticket": "${data.ticket}" }', '"mappings": {}');
  edit('data/pr.jsonl', /"ticket":/g, '"text":');
  const { code, errors } = await validate();
  expect(code).toBe(1);
  expect(errors).toMatch(
    /llmops_config\.json:\d+:\d+: datasets\.tickets_pr.*provides nothing for input "ticket" of .*flow\.dag\.yaml \(it has no default\)/
  );
  expect(errors).toMatch(/add "ticket": "\$\{data\.<column>\}"/);
});

test('a sample request key that is not a flow input fails validate in the sample request', async () => {
  writeFileSync(path.join(dir, 'sample-request.json'), '{\n  "tikcet": "hello"\n}\n');
  const { code, errors } = await validate();
  expect(code).toBe(1);
  expect(errors).toMatch(
    /sample-request\.json:2:3: tikcet: "tikcet" is not an input of .*\(did you mean "ticket"\?\)/
  );
});
