/**
 * Files stay inside the use-case: what is hashed is what is registered and deployed, so a symbolic
 * link or an include that leads outside is refused with its path, and a link loop is an error.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isUserError } from '../../src/errors.js';
import { flowSnapshot } from '../../src/stages/flow-hash.js';

/** A repository with `use-cases/uc/flow` (one file) and `shared/helpers.py`. */
function repo() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'genaiops-contain-'));
  const useCase = path.join(root, 'use-cases/uc');
  const flow = path.join(useCase, 'flow');
  mkdirSync(flow, { recursive: true });
  mkdirSync(path.join(root, 'shared'));
  writeFileSync(path.join(flow, 'flow.dag.yaml'), 'nodes: []\n');
  writeFileSync(path.join(useCase, 'prompt.jinja2'), 'hi\n');
  writeFileSync(path.join(root, 'shared/helpers.py'), 'x = 1\n');
  return { root, useCase, flow, opts: { useCaseDir: useCase, repoRoot: root } };
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(isUserError(e)).toBe(true);
    return (e as Error).message;
  }
  throw new Error('not refused');
}

test('a symbolic link to a file outside the use-case (/etc/passwd) is refused, naming the link and its target', () => {
  const r = repo();
  symlinkSync('/etc/passwd', path.join(r.flow, 'passwd'));
  expect(refusal(() => flowSnapshot(r.flow, [], { ...r.opts, allowSymlinks: true }))).toBe(
    `${path.join(r.flow, 'passwd')}: symbolic link to /etc/passwd, outside ${r.useCase}; nothing outside the use-case folder is registered or deployed`
  );
});

test('a symbolic link to a folder outside the use-case is refused', () => {
  const r = repo();
  symlinkSync(path.join(r.root, 'shared'), path.join(r.flow, 'shared'));
  expect(refusal(() => flowSnapshot(r.flow, [], { ...r.opts, allowSymlinks: true }))).toMatch(
    /flow\/shared: symbolic link to .*\/shared, outside /
  );
});

test('links inside the use-case need the switch; with it they are followed', () => {
  const r = repo();
  symlinkSync(path.join(r.useCase, 'prompt.jinja2'), path.join(r.flow, 'prompt.jinja2'));
  expect(refusal(() => flowSnapshot(r.flow, [], r.opts))).toMatch(
    /prompt\.jinja2: symbolic link \(to .*\): symbolic links are refused; set "allowSymlinks": true in llmops_config\.json/
  );
  const snap = flowSnapshot(r.flow, [], { ...r.opts, allowSymlinks: true });
  expect(snap.files.map((f) => f.rel)).toEqual(['flow.dag.yaml', 'prompt.jinja2']);
});

test('a symbolic link loop is detected instead of registering files without end', () => {
  const r = repo();
  mkdirSync(path.join(r.flow, 'sub'));
  symlinkSync('..', path.join(r.flow, 'sub/up'));
  expect(refusal(() => flowSnapshot(r.flow, [], { ...r.opts, allowSymlinks: true }))).toMatch(
    /sub\/up: symbolic link loop \(it leads back to .*flow, a folder that contains it\)/
  );
  symlinkSync('self', path.join(r.flow, 'self'));
  expect(refusal(() => flowSnapshot(path.join(r.flow), [], { ...r.opts, allowSymlinks: true }))).toMatch(
    /symbolic link loop/
  );
});

test('additional_includes: inside the repository they are taken in; outside it (absolute or ../..) refused', () => {
  const r = repo();
  const ok = flowSnapshot(r.flow, ['../../../shared/helpers.py'], r.opts);
  expect(ok.files.map((f) => f.rel)).toEqual(['flow.dag.yaml', 'helpers.py']);
  expect(refusal(() => flowSnapshot(r.flow, ['/etc/hostname'], r.opts))).toBe(
    `${r.flow}: additional_includes entry "/etc/hostname" resolves to /etc/hostname, outside the repository ${r.root}; include only files of the repository`
  );
  expect(refusal(() => flowSnapshot(r.flow, ['../../../../'], r.opts))).toMatch(/outside the repository/);
});
