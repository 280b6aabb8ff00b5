import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE, type Reporter } from '@genaiops/core';
import { formatPlan, validate } from './validate.js';

/** Every folder under `root` that holds an llmops_config.json, sorted. */
export function findUseCases(root: string): string[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(root, d.name, CONFIG_FILE)))
    .map((d) => path.join(root, d.name))
    .sort();
}

/**
 * The main job on the embedded default. For now: validate and plan every sample use-case and
 * every environment; later stages extend it to the whole local pipeline.
 */
export async function pipeline(dirs: string[], reporter: Reporter): Promise<void> {
  const useCases = dirs.length ? dirs : findUseCases('use-cases');
  for (const dir of useCases)
    await reporter.group(`use-case ${dir}`, async () => {
      for (const plan of validate(dir, {})) reporter.info(formatPlan(plan));
    });
  reporter.info(`validated and planned ${useCases.length} use-case(s)`);
}
