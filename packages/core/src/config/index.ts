export * from './model.js';
export { loadUseCase, readUseCaseConfig, CONFIG_FILE, type LoadOptions } from './load.js';
export { migrateUseCase, toCurrentForm, LEGACY_BACKUP, type MigrateOptions } from './migrate.js';
export { llmopsConfigSchema } from './schema.js';
export { checkLegacyFile, LEGACY_FILES } from './legacy.js';
