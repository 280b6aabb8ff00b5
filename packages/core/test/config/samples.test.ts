import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadUseCase } from '../../src/config/load.js';
import { migrateUseCase } from '../../src/config/migrate.js';

const repo = path.resolve(import.meta.dirname, '../../../..');
const useCases = ['ticket_classification', 'named_entity_recognition', 'math_coding'];

test.each(useCases)('sample %s loads with pr, dev and prod environments', (name) => {
  const uc = loadUseCase(path.join(repo, 'use-cases', name), { environ: {} });
  expect(Object.keys(uc.config.environments)).toEqual(expect.arrayContaining(['pr', 'dev', 'prod']));
  expect(uc.config.evaluators.length).toBeGreaterThan(0);
});

test('the legacy sample loads as legacy, and its migrated form loads to an equal model', () => {
  const src = path.join(repo, 'use-cases/named_entity_recognition');
  const legacy = loadUseCase(src, { environ: {} });
  expect(legacy.layout).toBe('legacy');

  const copy = path.join(mkdtempSync(path.join(os.tmpdir(), 'migrate-')), 'named_entity_recognition');
  cpSync(src, copy, { recursive: true });
  const result = migrateUseCase(copy, { environ: {} });
  expect(result.written).toEqual(['llmops_config.legacy.json', 'llmops_config.json']);
  expect(JSON.parse(readFileSync(path.join(copy, 'llmops_config.json'), 'utf8')).environments).toBeDefined();

  const migrated = loadUseCase(copy, { environ: {} });
  expect(migrated.layout).toBe('current');
  expect(migrated.config).toEqual(legacy.config);
  // The legacy file is kept, not lost.
  expect(JSON.parse(readFileSync(path.join(copy, 'llmops_config.legacy.json'), 'utf8')).envs).toHaveLength(3);
});
