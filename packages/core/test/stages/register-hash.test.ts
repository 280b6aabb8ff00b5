import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { flowSnapshot, isIgnored, parseIgnore } from '../../src/stages/flow-hash.js';

function folder(files: Record<string, string>, order?: string[]): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flow-hash-'));
  for (const rel of order ?? Object.keys(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), files[rel]);
  }
  return dir;
}

const files = {
  'flow.dag.yaml': 'inputs: {}\n',
  'a.py': 'print(1)\n',
  'sub/b.jinja2': 'hello {{x}}\n',
  'sub/deep/c.txt': 'c'
};
const dirs: string[] = [];
const make = (f: Record<string, string>, order?: string[]) => {
  const d = folder(f, order);
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('flow content hash', () => {
  test('does not depend on the order files were written (checkout order)', () => {
    const a = make(files);
    const b = make(files, Object.keys(files).reverse());
    expect(flowSnapshot(a).hash).toBe(flowSnapshot(b).hash);
    expect(flowSnapshot(a).files.map((f) => f.rel)).toEqual([
      'a.py',
      'flow.dag.yaml',
      'sub/b.jinja2',
      'sub/deep/c.txt'
    ]);
  });

  test('renaming a file changes it; so does a changed byte; moving bytes between files too', () => {
    const a = make(files);
    const h0 = flowSnapshot(a).hash;
    renameSync(path.join(a, 'a.py'), path.join(a, 'a2.py'));
    const h1 = flowSnapshot(a).hash;
    expect(h1).not.toBe(h0);
    renameSync(path.join(a, 'a2.py'), path.join(a, 'a.py'));
    expect(flowSnapshot(a).hash).toBe(h0);
    writeFileSync(path.join(a, 'sub/deep/c.txt'), 'C');
    expect(flowSnapshot(a).hash).not.toBe(h0);
    const x = make({ 'p.txt': 'ab', 'q.txt': 'c' });
    const y = make({ 'p.txt': 'a', 'q.txt': 'bc' });
    expect(flowSnapshot(x).hash).not.toBe(flowSnapshot(y).hash);
  });

  test('ignores .promptflow/, __pycache__/, .runs/ and the ignore file patterns', () => {
    const a = make(files);
    const h0 = flowSnapshot(a).hash;
    const b = make({
      ...files,
      '.promptflow/flow.tools.json': '{}',
      '__pycache__/a.cpython-311.pyc': 'x',
      'sub/__pycache__/b.pyc': 'x',
      '.runs/r1/out.jsonl': '{}'
    });
    expect(flowSnapshot(b).hash).toBe(h0);
    const c = make({
      ...files,
      '.amlignore': '*.log\nsecrets/\n/top.tmp\n!keep.log\n',
      'x.log': 'l',
      'sub/y.log': 'l',
      'secrets/k': 'k',
      'top.tmp': 't',
      'keep.log': 'kept',
      'sub/top.tmp': 'not anchored'
    });
    expect(flowSnapshot(c).files.map((f) => f.rel)).toEqual([
      '.amlignore',
      'a.py',
      'flow.dag.yaml',
      'keep.log',
      'sub/b.jinja2',
      'sub/deep/c.txt',
      'sub/top.tmp'
    ]);
    const g = make({ ...files, '.gitignore': 'sub/deep/\n**/*.bak\n', 'z/q.bak': 'b' });
    expect(flowSnapshot(g).files.map((f) => f.rel)).toEqual([
      '.gitignore',
      'a.py',
      'flow.dag.yaml',
      'sub/b.jinja2'
    ]);
  });

  test('gitignore subset', () => {
    const rules = parseIgnore(['# comment', '', 'build/', '*.py[co]', 'docs/**/draft.md', '!important.pyc']);
    expect(isIgnored('build', true, rules)).toBe(true);
    expect(isIgnored('build', false, rules)).toBe(false);
    expect(isIgnored('a/b.pyc', false, rules)).toBe(true);
    expect(isIgnored('important.pyc', false, rules)).toBe(false);
    expect(isIgnored('docs/x/y/draft.md', false, rules)).toBe(true);
    expect(isIgnored('docs/draft.md', false, rules)).toBe(true);
    expect(isIgnored('other/docs/draft.md', false, rules)).toBe(false);
  });

  test('additional_includes are taken in under their base name', () => {
    const shared = make({ 'util.py': 'u', 'lib/x.py': 'x' });
    const a = make(files);
    const snap = flowSnapshot(a, [path.join(shared, 'util.py'), path.join(shared, 'lib')]);
    expect(snap.files.map((f) => f.rel)).toEqual([
      'a.py',
      'flow.dag.yaml',
      'lib/x.py',
      'sub/b.jinja2',
      'sub/deep/c.txt',
      'util.py'
    ]);
    expect(snap.hash).not.toBe(flowSnapshot(a).hash);
  });
});
