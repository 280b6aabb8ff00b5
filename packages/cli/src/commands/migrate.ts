import { migrateUseCase } from '@genaiops/core';

export function migrate(dir: string, opts: { dryRun?: boolean }): string {
  const result = migrateUseCase(dir, { dryRun: opts.dryRun });
  if (opts.dryRun) return result.text;
  return `migrated ${dir}: wrote ${result.written[1]}; the legacy file is kept as ${result.written[0]} and configs/ is unchanged`;
}
