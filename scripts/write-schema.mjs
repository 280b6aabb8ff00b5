// Writes schemas/llmops_config.schema.json from the schema object in core (the single source).
import { writeFileSync } from 'node:fs';
import { llmopsConfigSchema } from '../packages/core/dist/config/schema.js';

writeFileSync('schemas/llmops_config.schema.json', JSON.stringify(llmopsConfigSchema, null, 2) + '\n');
