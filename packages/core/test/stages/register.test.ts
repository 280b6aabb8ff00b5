import { execFile } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync
} from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { MemoryReporter } from '../../src/reporter.js';
import { LocalRegistry } from '../../src/local/registry.js';
import { register } from '../../src/stages/register.js';
import { HASH_TAG } from '../../src/stages/targets.js';
import { cleanWorkspace, repoRoot, workspace } from './helpers-targets.js';

const run = promisify(execFile);
let ws: ReturnType<typeof workspace>;
beforeEach(() => {
  ws = workspace();
});
afterEach(async () => cleanWorkspace(ws.cwd));

const opts = () => ({ useCase: ws.useCase, env: 'dev', target: 'local' as const, cwd: ws.cwd, environ: {} });

describe('register (local target)', () => {
  test('creates, then reuses while unchanged, then creates when the content changes', async () => {
    const r1 = await register(opts(), new MemoryReporter());
    expect(r1.target).toBe('local');
    expect(r1.datasets.map(({ name, version, created }) => ({ name, version, created }))).toEqual([
      { name: 'tickets_train', version: '1', created: true },
      { name: 'tickets_train_eval', version: '1', created: true }
    ]);
    expect(r1.model).toMatchObject({ name: 'ticket_classification_dev', version: '1', created: true });

    const rep = new MemoryReporter();
    const r2 = await register(opts(), rep);
    expect(r2.datasets.every((d) => !d.created && d.version === '1')).toBe(true);
    expect(r2.model).toMatchObject({ version: '1', created: false });
    expect(rep.lines).toContain(
      `flow ticket_classification_dev: unchanged (hash ${r1.model!.hash.slice(0, 12)}), reusing version 1`
    );
    expect(rep.summaries[0]).toContain('| flow | ticket_classification_dev | 1 | unchanged |');

    // a run folder and caches inside the flow do not count
    mkdirSync(path.join(ws.dir, 'flows/standard/.promptflow'));
    writeFileSync(path.join(ws.dir, 'flows/standard/.promptflow/flow.tools.json'), '{}');
    mkdirSync(path.join(ws.dir, 'flows/standard/__pycache__'));
    writeFileSync(path.join(ws.dir, 'flows/standard/__pycache__/preprocess.cpython-312.pyc'), 'x');
    expect((await register({ ...opts(), what: 'flow' }, new MemoryReporter())).model).toMatchObject({
      version: '1',
      created: false
    });

    appendFileSync(path.join(ws.dir, 'flows/standard/postprocess.py'), '\n# changed\n');
    appendFileSync(
      path.join(ws.dir, 'data/train.jsonl'),
      JSON.stringify({ ticket: 'My parcel is lost', category: 'shipping' }) + '\n'
    );
    const r3 = await register(opts(), new MemoryReporter());
    expect(r3.model).toMatchObject({ version: '2', created: true });
    expect(r3.datasets.map((d) => [d.name, d.version, d.created])).toEqual([
      ['tickets_train', '2', true],
      ['tickets_train_eval', '2', true]
    ]);

    // renaming a file of the flow is a change too
    const reg = new LocalRegistry(ws.cwd);
    renameSync(
      path.join(ws.dir, 'flows/standard/requirements.txt'),
      path.join(ws.dir, 'flows/standard/requirements2.txt')
    );
    expect((await register({ ...opts(), what: 'flow' }, new MemoryReporter())).model).toMatchObject({
      version: '3',
      created: true
    });
    expect(existsSync(path.join(reg.flowDir('ticket_classification_dev', '3'), 'requirements2.txt'))).toBe(
      true
    );
  });

  test('what: data registers only data; the registry layout holds copies and meta.json with the prompt flow properties', async () => {
    const r = await register({ ...opts(), what: 'data' }, new MemoryReporter());
    expect(r.model).toBeUndefined();
    const reg = new LocalRegistry(ws.cwd);
    const meta = JSON.parse(
      readFileSync(path.join(reg.versionDir('data', 'tickets_train', '1'), 'meta.json'), 'utf8')
    );
    expect(meta).toMatchObject({
      name: 'tickets_train',
      version: '1',
      file: 'train.jsonl',
      tags: { usecase: 'ticket_classification', env: 'dev', source: 'data/train.jsonl' }
    });
    expect(meta.tags[HASH_TAG]).toBe(meta.hash);
    expect(readFileSync(path.join(reg.versionDir('data', 'tickets_train', '1'), 'train.jsonl'), 'utf8')).toBe(
      readFileSync(path.join(ws.dir, 'data/train.jsonl'), 'utf8')
    );

    const f = await register({ ...opts(), what: 'flow' }, new MemoryReporter());
    expect(f.datasets).toEqual([]);
    const fmeta = JSON.parse(
      readFileSync(path.join(reg.versionDir('flows', 'ticket_classification_dev', '1'), 'meta.json'), 'utf8')
    );
    expect(fmeta.properties).toMatchObject({
      'is-promptflow': 'true',
      'azureml.promptflow.section': 'gallery',
      'azureml.promptflow.type': 'standard',
      'azureml.promptflow.name': 'ticket_classification',
      'azureml.promptflow.source_flow_id': 'ticket_classification'
    });
    expect(readdirSync(reg.flowDir('ticket_classification_dev', '1')).sort()).toEqual([
      'classify_v0.jinja2',
      'classify_v1.jinja2',
      'flow.dag.yaml',
      'postprocess.py',
      'preprocess.py',
      'requirements.txt'
    ]);
  });

  test('concurrent registrations in one process: distinct versions, never an error', async () => {
    const reg = new LocalRegistry(ws.cwd);
    const file = path.join(ws.dir, 'data/pr.jsonl');
    const made = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        reg.createDataVersion({ name: 'race', file, hash: `h${i}`, tags: {} })
      )
    );
    expect(made.map((m) => Number(m.version)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1)
    );
    expect(reg.list('data', 'race')).toHaveLength(12);

    // two register() calls at once on unchanged content: one reused version or two distinct ones
    const [a, b] = await Promise.all([
      register(opts(), new MemoryReporter()),
      register(opts(), new MemoryReporter())
    ]);
    const versions = new Set([a.model!.version, b.model!.version]);
    expect(versions.size === 1 || (a.model!.created && b.model!.created)).toBe(true);
    expect(reg.list('flows', 'ticket_classification_dev').length).toBe(versions.size);
  });

  test('two processes registering at once end with distinct versions, none lost', async () => {
    const dist = path.join(repoRoot, 'packages/core/dist/local/registry.js');
    if (!existsSync(dist)) throw new Error('build the packages first (npx tsc -b tsconfig.build.json)');
    const script = `
      const { LocalRegistry } = await import(${JSON.stringify(dist)});
      const reg = new LocalRegistry(process.argv[1]);
      const out = [];
      for (let i = 0; i < 25; i++) out.push((await reg.createFlowVersion({ name: 'race_flow', dir: process.argv[2], files: [{ rel: 'flow.dag.yaml', abs: process.argv[2] + '/flow.dag.yaml' }], hash: process.pid + '-' + i, tags: {}, properties: {} })).version);
      console.log(JSON.stringify(out));`;
    const flowDir = path.join(ws.dir, 'flows/standard');
    const procs = await Promise.all(
      [0, 1, 2].map(() => run(process.execPath, ['--input-type=module', '-e', script, ws.cwd, flowDir]))
    );
    const all = procs.flatMap((p) => JSON.parse(p.stdout) as string[]).map(Number);
    expect(all).toHaveLength(75);
    expect(new Set(all).size).toBe(75);
    expect(Math.max(...all)).toBe(75);
    const metas = new LocalRegistry(ws.cwd).list('flows', 'race_flow');
    expect(metas).toHaveLength(75);
    expect(new Set(metas.map((m) => m.hash)).size).toBe(75);
  });
});
