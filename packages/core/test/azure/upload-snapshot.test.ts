// additional_includes in what is uploaded and registered: the included files are in the snapshot and
// the key is gone from its flow.dag.yaml (as `pf flow build` leaves a flow); the flow folder is untouched.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { isUserError } from '../../src/errors.js';
import { uploadSnapshot } from '../../src/azure/upload-snapshot.js';
import { flowSnapshot } from '../../src/stages/flow-hash.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'genaiops-upload-snapshot-'));
  mkdirSync(path.join(root, 'flow'));
  mkdirSync(path.join(root, 'shared', 'prompts'), { recursive: true });
  writeFileSync(path.join(root, 'shared', 'utils.py'), 'def clean(x):\n    return x.strip()\n');
  writeFileSync(path.join(root, 'shared', 'prompts', 'system.jinja2'), 'system:\nbe brief\n');
  writeFileSync(path.join(root, 'flow', 'classify.py'), 'from utils import clean\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const DAG = `inputs:
  text:
    type: string
additional_includes:
  - ../shared/utils.py
  - ../shared/prompts
nodes:
  - name: classify
    type: python
    source:
      type: code
      path: classify.py
    inputs:
      text: \${inputs.text}
outputs:
  category:
    type: string
    reference: \${classify.output}
`;

test('included files are in the snapshot; flow.dag.yaml is uploaded without additional_includes, the rest unchanged', async () => {
  const dir = path.join(root, 'flow');
  writeFileSync(path.join(dir, 'flow.dag.yaml'), DAG);
  // the stage's snapshot (what is hashed) already brings the includes under their names
  const stageFiles = flowSnapshot(dir, ['../shared/utils.py', '../shared/prompts']).files;
  for (const files of [stageFiles, stageFiles.filter((f) => !f.abs.startsWith(path.join(root, 'shared')))]) {
    const snap = await uploadSnapshot(dir, files);
    try {
      expect(snap.files.map((f) => f.rel).sort()).toEqual(
        ['classify.py', 'flow.dag.yaml', 'prompts/system.jinja2', 'utils.py'].sort()
      );
      const uploadedDag = snap.files.find((f) => f.rel === 'flow.dag.yaml')!;
      const written = parse(readFileSync(uploadedDag.abs, 'utf8'));
      expect(written.additional_includes).toBeUndefined();
      const original = parse(DAG);
      delete original.additional_includes;
      expect(written).toEqual(original);
      expect(readFileSync(snap.files.find((f) => f.rel === 'utils.py')!.abs, 'utf8')).toContain('def clean');
    } finally {
      await snap.dispose();
    }
  }
  // the flow folder itself keeps its flow.dag.yaml as written
  expect(readFileSync(path.join(dir, 'flow.dag.yaml'), 'utf8')).toBe(DAG);
});

test('a flow without additional_includes is uploaded as it is; a missing include is a UserError naming it', async () => {
  const dir = path.join(root, 'flow');
  writeFileSync(path.join(dir, 'flow.dag.yaml'), 'inputs: {}\noutputs: {}\nnodes: []\n');
  const files = [
    { rel: 'classify.py', abs: path.join(dir, 'classify.py') },
    { rel: 'flow.dag.yaml', abs: path.join(dir, 'flow.dag.yaml') }
  ];
  const same = await uploadSnapshot(dir, files);
  expect(same.files).toBe(files);
  writeFileSync(path.join(dir, 'flow.dag.yaml'), DAG.replace('../shared/utils.py', '../shared/gone.py'));
  const e = await uploadSnapshot(dir, files).catch((x: unknown) => x as Error);
  expect(isUserError(e)).toBe(true);
  expect((e as Error).message).toMatch(
    /flow\.dag\.yaml: additional_includes entry "\.\.\/shared\/gone\.py" does not exist/
  );
});
