// Shared by the register / deploy / smoke tests: a workspace in a temp folder with a copy of a sample use-case.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listLocalEndpoints, stopLocalEndpoint } from '../../src/local/index.js';

export const repoRoot = path.resolve(import.meta.dirname, '../../../..');

/** A temp workspace holding `use-cases/<name>` copied from the repository. */
export function workspace(useCase = 'ticket_classification'): { cwd: string; useCase: string; dir: string } {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'genaiops-targets-'));
  const dir = path.join(cwd, 'use-cases', useCase);
  cpSync(path.join(repoRoot, 'use-cases', useCase), dir, { recursive: true });
  return { cwd, useCase: `use-cases/${useCase}`, dir };
}

/** Stops every local endpoint server of the workspace, then deletes it. */
export async function cleanWorkspace(cwd: string): Promise<void> {
  for (const e of listLocalEndpoints(cwd))
    await stopLocalEndpoint(cwd, e.name, { graceMs: 3000 }).catch(() => undefined);
  rmSync(cwd, { recursive: true, force: true });
}
