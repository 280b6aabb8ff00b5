import { existsSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { CONFIG_FILE, loadUseCase, readUseCaseConfig } from './load.js';
import type { UseCaseConfig } from './model.js';

export const LEGACY_BACKUP = 'llmops_config.legacy.json';

export interface MigrateOptions {
  /** Print nothing to disk: return the new file's text only. */
  dryRun?: boolean;
  environ?: NodeJS.ProcessEnv;
  displayRoot?: string;
}

export interface MigrateResult {
  text: string;
  /** Files written or renamed, relative to the use-case folder. */
  written: string[];
}

/**
 * Writes the current-form llmops_config.json for a legacy use-case. The legacy file is kept as
 * llmops_config.legacy.json and configs/ is left as it was, so nothing is lost; `${NAME}`
 * placeholders are carried over unfilled.
 */
export function migrateUseCase(dir: string, opts: MigrateOptions = {}): MigrateResult {
  const raw = readUseCaseConfig(dir, opts);
  if (!raw.legacy)
    throw new UserError(
      `${path.relative(opts.displayRoot ?? process.cwd(), raw.configFile)}: already in the current layout; nothing to migrate`
    );
  // Refuse to write a config that would not load: the same checks as any run.
  loadUseCase(dir, { environ: opts.environ, displayRoot: opts.displayRoot });
  const text = JSON.stringify(toCurrentForm(raw.config, schemaRef(raw.root)), null, 2) + '\n';
  if (opts.dryRun) return { text, written: [] };
  const backup = path.join(raw.root, LEGACY_BACKUP);
  if (existsSync(backup)) throw new UserError(`${LEGACY_BACKUP} already exists in ${dir}: remove it first`);
  renameSync(raw.configFile, backup);
  writeFileSync(raw.configFile, text);
  return { text, written: [LEGACY_BACKUP, CONFIG_FILE] };
}

/** The config as a user would write it: defaults and empty maps left out. */
export function toCurrentForm(config: UseCaseConfig, schema?: string): object {
  const drop = (o: object) =>
    Object.fromEntries(
      Object.entries(o).filter(
        ([, v]) =>
          v !== undefined && !(v && typeof v === 'object' && !Array.isArray(v) && !Object.keys(v).length)
      )
    );
  return drop({
    $schema: schema,
    name: config.name,
    description: config.description,
    flow: config.flow,
    variants: config.variants,
    datasets: Object.fromEntries(Object.entries(config.datasets).map(([k, d]) => [k, drop(d)])),
    evaluators: config.evaluators.map(drop),
    environments: Object.fromEntries(
      Object.entries(config.environments).map(([k, e]) => [
        k,
        drop({
          ...e,
          deployment:
            e.deployment &&
            drop({ ...e.deployment, keepPrevious: e.deployment.keepPrevious ? undefined : false })
        })
      ])
    )
  });
}

/** A relative `$schema` when this repository's schema is found above the use-case, for editor autocomplete. */
function schemaRef(root: string): string | undefined {
  for (let dir = root; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'schemas', 'llmops_config.schema.json');
    if (existsSync(candidate)) return path.relative(root, candidate).split(path.sep).join('/');
    if (path.dirname(dir) === dir) return undefined;
  }
}
