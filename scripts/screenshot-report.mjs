#!/usr/bin/env node
// Renders the HTML report from a small sample input and takes a headless Chromium screenshot of it,
// to look at the page (chart, tables) without a browser at hand.
//
//   npm run build:ts && node scripts/screenshot-report.mjs [--out report.png] [--width 1200] [--height 1600]
//
// Chromium: $CHROMIUM, or `chromium` / `chromium-browser` / `google-chrome` on PATH
// (Debian/Ubuntu: `apt-get install -y chromium`). The browser runs with networking features off and
// a throw-away profile; the page itself loads nothing (it is self-contained).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lib = path.join(root, 'packages/core/dist/report/index.js');
if (!existsSync(lib)) {
  console.error(`${path.relative(process.cwd(), lib)} not found: run \`npm run build:ts\` first.`);
  process.exit(2);
}
const { writeReports } = await import(pathToFileURL(lib).href);

const { values: args } = parseArgs({
  options: {
    out: { type: 'string' },
    width: { type: 'string', default: '1200' },
    height: { type: 'string', default: '1600' },
    'no-shot': { type: 'boolean', default: false }
  }
});

const tmp = mkdtempSync(path.join(os.tmpdir(), 'genaiops-report-shot-'));
const jsonl = (name, rows) => {
  const file = path.join(tmp, name);
  writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file;
};

const tickets = [
  'My card was charged twice for order #1234',
  'The app crashes when I open <b>settings</b>',
  'How do I reset my password?',
  'Where is my parcel? Tracking says "delivered"',
  '=HYPERLINK("http://example.invalid","click")'
];
const variants = [
  {
    label: 'defaults',
    variants: { classify: 'variant_0', summarize: 'variant_0' },
    m: [0.72, 0.08, 840],
    b: true
  },
  {
    label: 'classify.variant_1',
    variants: { classify: 'variant_1', summarize: 'variant_0' },
    m: [0.86, 0.04, 1130]
  },
  {
    label: 'classify.variant_2',
    variants: { classify: 'variant_2', summarize: 'variant_0' },
    m: [0.64, 0.12, 610]
  },
  {
    label: 'summarize.variant_1',
    variants: { classify: 'variant_0', summarize: 'variant_1' },
    m: [0.75, 0.06, 905]
  }
];
const baseline = { accuracy: 0.7, error_rate: 0.09, latency_ms: 880 };
const categories = ['billing', 'technical', 'account', 'shipping', 'other'];

const input = {
  useCase: 'ticket_classification',
  env: 'pr',
  buildId: '1234',
  backend: 'local',
  generatedAt: new Date().toISOString(),
  rows: [
    ...variants.map((v, i) => ({
      evaluator: 'accuracy',
      dataset: 'tickets_eval',
      experimentRun: `tc_exp_${i}`,
      evaluationRun: `tc_eval_accuracy_${i}`,
      variants: v.variants,
      label: v.label,
      metrics: { accuracy: v.m[0], error_rate: v.m[1], latency_ms: v.m[2] },
      baseline
    })),
    ...variants.map((v, i) => ({
      evaluator: 'groundedness',
      dataset: 'tickets_eval',
      experimentRun: `tc_exp_${i}`,
      evaluationRun: `tc_eval_ground_${i}`,
      variants: v.variants,
      label: v.label,
      metrics: { gpt_groundedness: [4.1, 4.6, 3.8, 4.2][i], gpt_relevance: [3.9, 4.4, 3.5, 4.0][i] }
    }))
  ],
  gates: variants.map((v, i) => ({
    evaluator: 'accuracy',
    metric: 'accuracy',
    run: `tc_eval_accuracy_${i}`,
    label: v.label,
    value: v.m[0],
    min: 0.7,
    passed: v.m[0] >= 0.7,
    message: v.m[0] >= 0.7 ? `accuracy ${v.m[0]} ≥ 0.7` : `accuracy ${v.m[0]} is below the minimum 0.7`
  })),
  lines: variants.slice(0, 2).map((v, i) => ({
    run: `tc_exp_${i}`,
    label: v.label,
    dataset: 'tickets_eval',
    kind: 'experiment',
    inputsFile: jsonl(
      `inputs_${i}.jsonl`,
      tickets.map((t, n) => ({ line_number: n, ticket: t }))
    ),
    outputsFile: jsonl(
      `outputs_${i}.jsonl`,
      tickets.map((t, n) => ({
        line_number: n,
        category: categories[(n + i) % 5],
        reason: `Because: <i>${t.slice(0, 24)}</i>`
      }))
    )
  }))
};

const files = await writeReports(input, path.join(tmp, 'reports'), { sampleLines: 3 });
console.log(`report: ${files.html}`);
if (args['no-shot']) process.exit(0);

const candidates = [process.env.CHROMIUM, 'chromium', 'chromium-browser', 'google-chrome'].filter(Boolean);
const browser = candidates.find((c) => spawnSync(c, ['--version'], { stdio: 'ignore' }).status === 0);
if (!browser) {
  console.error('no Chromium found (set CHROMIUM, or apt-get install -y chromium)');
  process.exit(2);
}
const png = path.resolve(args.out ?? path.join(tmp, 'report.png'));
const res = spawnSync(
  browser,
  [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--hide-scrollbars',
    `--user-data-dir=${path.join(tmp, 'profile')}`,
    `--screenshot=${png}`,
    `--window-size=${args.width},${args.height}`,
    pathToFileURL(files.html).href
  ],
  { encoding: 'utf8', timeout: 60_000 }
);
if (res.status !== 0 || !existsSync(png)) {
  console.error(`${browser} failed (${res.status ?? res.signal}):\n${res.stderr}`);
  process.exit(1);
}
console.log(`screenshot: ${png}`);
