/**
 * The folder a flow's python tools run in. prompt flow runs a flow from a snapshot into which its
 * `additional_includes` are copied under their base names, so a tool can import or open an included
 * file as if it were in the flow folder. Without includes that is the flow folder itself; with
 * them, a temporary folder of links (the flow folder's entries, then each include), nothing copied.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Flow } from '../../flow/model.js';

export interface WorkingFolder {
  dir: string;
  dispose(): void;
}

export function workingFolder(flow: Flow): WorkingFolder {
  if (!flow.additionalIncludes.length) return { dir: flow.dir, dispose: () => undefined };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'genaiops-flow-'));
  const link = (target: string, name: string) => {
    const at = path.join(dir, name);
    try {
      rmSync(at, { recursive: true, force: true }); // an include wins over a flow entry of its name, as in the snapshot
      symlinkSync(target, at, statSync(target).isDirectory() ? 'junction' : 'file');
    } catch {
      cpSync(target, at, { recursive: true }); // where links are not allowed
    }
  };
  for (const entry of readdirSync(flow.dir)) link(path.join(flow.dir, entry), entry);
  for (const include of flow.additionalIncludes) {
    const target = path.resolve(flow.dir, include);
    link(target, path.basename(target));
  }
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
