// pfazure for the azure backend: installed pinned into its own virtual environment (once), and always
// given the resolved subscription. The Python installer is the outer boundary here: a stand-in `python3`
// records what it is asked and lays out a venv as `python -m venv` / `pip install` would.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isUserError } from '../../src/errors.js';
import { MemoryReporter } from '../../src/reporter.js';
import { Pfazure, PROMPTFLOW_AZURE_REQUIREMENT, resolvePfazure } from '../../src/azure/pf/pfazure.js';

const FAKE_PYTHON = `#!/bin/sh
echo "$0 $*" >> "$PY_LOG"
if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then mkdir -p "$3/bin" && cp "$0" "$3/bin/python" && exit 0; fi
if [ "$1" = "-m" ] && [ "$2" = "pip" ]; then
  d=$(dirname "$0"); printf '#!/bin/sh\\necho pfazure\\n' > "$d/pfazure"; chmod +x "$d/pfazure"; exit 0
fi
exit 3
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'genaiops-pfazure-install-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function fakePython(): NodeJS.ProcessEnv {
  const bin = path.join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(path.join(bin, 'python3'), FAKE_PYTHON);
  chmodSync(path.join(bin, 'python3'), 0o755);
  return {
    PATH: `${bin}:/usr/bin:/bin`,
    PY_LOG: path.join(dir, 'py.log'),
    RUNNER_TOOL_CACHE: path.join(dir, 'cache')
  };
}

test('pfazure missing: the pinned promptflow[azure] goes into its own venv in the tool cache, once', async () => {
  const env = fakePython();
  const reporter = new MemoryReporter();
  const venv = path.join(dir, 'cache', 'genaiops', `pfazure-${PROMPTFLOW_AZURE_REQUIREMENT.split('==')[1]}`);
  const got = await resolvePfazure({ env, reporter });
  expect(got).toBe(path.join(venv, 'bin', 'pfazure'));
  expect(existsSync(got)).toBe(true);
  expect(readFileSync(env.PY_LOG!, 'utf8').trim().split('\n')).toEqual([
    `${path.join(dir, 'bin', 'python3')} -m venv ${venv}`,
    `${path.join(venv, 'bin', 'python')} -m pip install --disable-pip-version-check ${PROMPTFLOW_AZURE_REQUIREMENT}`
  ]);
  expect(PROMPTFLOW_AZURE_REQUIREMENT).toMatch(/^promptflow\[azure\]==\d+\.\d+\.\d+$/);
  // the next job on this runner finds it: no second install
  expect(await resolvePfazure({ env, reporter: new MemoryReporter() })).toBe(got);
  expect(readFileSync(env.PY_LOG!, 'utf8').trim().split('\n')).toHaveLength(2);
});

test('a failed install is a UserError saying why', async () => {
  const env = fakePython();
  writeFileSync(path.join(dir, 'bin', 'python3'), '#!/bin/sh\necho "no network" >&2\nexit 1\n');
  const e = await resolvePfazure({ env, reporter: new MemoryReporter(), venvDir: path.join(dir, 'v') }).catch(
    (x: unknown) => x as Error
  );
  expect(isUserError(e)).toBe(true);
  expect((e as Error).message).toMatch(
    /creating the virtual environment .*\/v failed \(exit 1\): no network/
  );
});

test('pfazure gets the resolved subscription: the workspace one, else AZURE_SUBSCRIPTION_ID, else a UserError', () => {
  const base = { command: 'pfazure', cwd: dir };
  const ws = { resourceGroup: 'g', workspace: 'w' };
  expect(
    new Pfazure({
      ...base,
      workspace: { ...ws, subscriptionId: 's-1' },
      env: { AZURE_SUBSCRIPTION_ID: 's-2' }
    }).opts.workspace.subscriptionId
  ).toBe('s-1');
  expect(
    new Pfazure({ ...base, workspace: ws, env: { AZURE_SUBSCRIPTION_ID: 's-2' } }).opts.workspace
      .subscriptionId
  ).toBe('s-2');
  let e: unknown;
  try {
    new Pfazure({ ...base, workspace: ws, env: {} });
  } catch (x) {
    e = x;
  }
  expect(isUserError(e)).toBe(true);
  expect((e as Error).message).toMatch(/no Azure subscription id for pfazure/);
});
