/**
 * Conformance: every template of the corpus must render byte for byte as the real Jinja2 renders it
 * with `Environment(trim_blocks=True, keep_trailing_newline=True)` (how prompt flow renders prompts).
 *
 * Corpus: `fixtures/templates/cases.json` ({name, template, vars}; a template given as an array of
 * lines is joined with "\n") and `fixtures/templates/prompts/<name>.jinja2` with `<name>.json` vars.
 * One python3 process renders the whole corpus. No python3 or no jinja2 is a test failure.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderTemplate } from '../../../src/engine/template/index.js';

interface Case {
  name: string;
  template: string;
  vars: Record<string, unknown>;
}

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/templates');

function loadCorpus(): Case[] {
  const raw = JSON.parse(fs.readFileSync(path.join(fixtures, 'cases.json'), 'utf8')) as {
    name: string;
    template: string | string[];
    vars?: Record<string, unknown>;
  }[];
  const cases: Case[] = raw.map((c) => ({
    name: c.name,
    template: Array.isArray(c.template) ? c.template.join('\n') : c.template,
    vars: c.vars ?? {}
  }));
  const promptDir = path.join(fixtures, 'prompts');
  for (const file of fs
    .readdirSync(promptDir)
    .filter((f) => f.endsWith('.jinja2'))
    .sort()) {
    const varsFile = path.join(promptDir, file.replace(/\.jinja2$/, '.json'));
    cases.push({
      name: `prompts/${file}`,
      template: fs.readFileSync(path.join(promptDir, file), 'utf8'),
      vars: fs.existsSync(varsFile)
        ? (JSON.parse(fs.readFileSync(varsFile, 'utf8')) as Record<string, unknown>)
        : {}
    });
  }
  return cases;
}

// Reads [{name, template, vars}] as JSON on stdin, writes [{name, output} | {name, error}] on stdout.
const REFERENCE_RENDERER = String.raw`
import json, sys
try:
    import jinja2
except ImportError as e:
    sys.stderr.write("cannot import jinja2: %s\n" % e)
    sys.exit(3)
env = jinja2.Environment(trim_blocks=True, keep_trailing_newline=True)
results = []
for case in json.loads(sys.stdin.buffer.read().decode("utf-8")):
    try:
        results.append({"name": case["name"], "output": env.from_string(case["template"]).render(**case["vars"])})
    except Exception as e:
        results.append({"name": case["name"], "error": "%s: %s" % (type(e).__name__, e)})
sys.stdout.buffer.write(json.dumps({"jinja2": jinja2.__version__, "results": results}).encode("ascii"))
`;

function renderWithJinja2(cases: Case[]): {
  version: string;
  outputs: Map<string, { output?: string; error?: string }>;
} {
  // Variables go through JSON.stringify, so Python sees exactly the values our renderer sees.
  const input = JSON.stringify(cases.map((c) => ({ name: c.name, template: c.template, vars: c.vars })));
  const run = spawnSync('python3', ['-c', REFERENCE_RENDERER], {
    input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024
  });
  if (run.error) {
    throw new Error(`The template conformance test needs python3 with jinja2 on PATH: ${run.error.message}`);
  }
  if (run.status !== 0) {
    throw new Error(
      `The template conformance test needs python3 with jinja2 (pip install jinja2); python3 exited with ${run.status}:\n${run.stderr}`
    );
  }
  const parsed = JSON.parse(run.stdout) as {
    jinja2: string;
    results: { name: string; output?: string; error?: string }[];
  };
  return { version: parsed.jinja2, outputs: new Map(parsed.results.map((r) => [r.name, r])) };
}

/** A diff-friendly description: the first differing line, with both versions of it. */
function describeDifference(name: string, expected: string, actual: string): string {
  let i = 0;
  while (i < expected.length && expected[i] === actual[i]) i++;
  const line = expected.slice(0, i).split('\n').length;
  const expectedLine = expected.split('\n')[line - 1] ?? '<end of output>';
  const actualLine = actual.split('\n')[line - 1] ?? '<end of output>';
  return [
    `${name}: output differs from Jinja2 at character ${i} (line ${line})`,
    `  jinja2: ${JSON.stringify(expectedLine)}`,
    `  ours:   ${JSON.stringify(actualLine)}`,
    `  full jinja2 output: ${JSON.stringify(expected)}`,
    `  full our output:    ${JSON.stringify(actual)}`
  ].join('\n');
}

const corpus = loadCorpus();

test('the corpus is large enough and its names are unique', () => {
  expect(corpus.length).toBeGreaterThanOrEqual(45);
  expect(new Set(corpus.map((c) => c.name)).size).toBe(corpus.length);
});

test('every corpus template renders byte-equal to Jinja2 (trim_blocks, keep_trailing_newline)', () => {
  const reference = renderWithJinja2(corpus);
  const failures: string[] = [];
  for (const c of corpus) {
    const ref = reference.outputs.get(c.name);
    if (!ref || ref.output === undefined) {
      failures.push(
        `${c.name}: Jinja2 ${reference.version} could not render this case (fix the corpus): ${ref?.error}`
      );
      continue;
    }
    let ours: string;
    try {
      ours = renderTemplate(c.template, c.vars, { file: c.name });
    } catch (e) {
      failures.push(`${c.name}: Jinja2 renders it but we threw: ${(e as Error).message}`);
      continue;
    }
    if (ours !== ref.output) failures.push(describeDifference(c.name, ref.output, ours));
  }
  expect(failures).toEqual([]);
});
