/**
 * The flow folder as it is uploaded and registered: the `additional_includes` of its flow.dag.yaml are
 * in it (a file by its name, a folder with its content under its name; the stage's snapshot usually
 * brings them already) and the key is removed from the uploaded flow.dag.yaml, as `pf flow build` does.
 * The serving container then finds every file the flow uses inside the registered model, and nothing
 * in it points outside.
 */
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { UserError } from '../errors.js';

export interface SnapshotFile {
  /** File to read. */
  abs: string;
  /** Path inside the uploaded folder, with forward slashes. */
  rel: string;
}

export interface UploadSnapshot {
  files: SnapshotFile[];
  /** Removes the rewritten flow.dag.yaml (if one was written). */
  dispose(): Promise<void>;
}

const FLOW_FILE = /^flow\.dag\.ya?ml$/;

async function walk(dir: string, under: string, out: SnapshotFile[]): Promise<void> {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.name === '__pycache__') continue;
    const abs = path.join(dir, e.name);
    const rel = `${under}/${e.name}`;
    if (e.isDirectory()) await walk(abs, rel, out);
    else if (e.isFile()) out.push({ abs, rel });
  }
}

/** `files` of the flow folder `dir`, with its additional includes in it and gone from its flow.dag.yaml. */
export async function uploadSnapshot(dir: string, files: SnapshotFile[]): Promise<UploadSnapshot> {
  const flow = files.find((f) => FLOW_FILE.test(f.rel));
  const none: UploadSnapshot = { files, dispose: async () => undefined };
  if (!flow) return none;
  const doc = parseDocument(await readFile(flow.abs, 'utf8'));
  if (doc.errors.length) throw new UserError(`${flow.abs}: ${doc.errors[0].message}`);
  const includes = doc.get('additional_includes');
  if (includes === undefined || includes === null) return none;
  const list = (includes as { toJSON(): unknown }).toJSON?.() ?? includes;
  if (!Array.isArray(list) || list.some((x) => typeof x !== 'string'))
    throw new UserError(
      `${flow.abs}: additional_includes must be a list of paths, found ${JSON.stringify(list)}`
    );

  const taken = new Set(files.map((f) => f.rel));
  const added: SnapshotFile[] = [];
  for (const entry of list as string[]) {
    const abs = path.resolve(dir, entry);
    const info = await stat(abs).catch(() => undefined);
    if (!info)
      throw new UserError(
        `${flow.abs}: additional_includes entry "${entry}" does not exist (resolved to ${abs})`
      );
    const name = path.basename(abs);
    const found: SnapshotFile[] = [];
    if (info.isDirectory()) await walk(abs, name, found);
    else found.push({ abs, rel: name });
    // already in the snapshot (taken in by the stage, or a file of the flow folder itself): kept as it is
    for (const f of found)
      if (!taken.has(f.rel)) {
        taken.add(f.rel);
        added.push(f);
      }
  }
  doc.delete('additional_includes');
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'genaiops-snapshot-'));
  const rewritten = path.join(tmp, path.basename(flow.abs));
  await writeFile(rewritten, String(doc));
  return {
    files: [...files.map((f) => (f === flow ? { ...f, abs: rewritten } : f)), ...added],
    dispose: () => rm(tmp, { recursive: true, force: true })
  };
}
