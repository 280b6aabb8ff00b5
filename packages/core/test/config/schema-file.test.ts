import { readFileSync } from 'node:fs';
import path from 'node:path';
import { llmopsConfigSchema } from '../../src/config/schema.js';

test('schemas/llmops_config.schema.json is the schema the loader uses (npm run build writes it)', () => {
  const file = path.resolve(import.meta.dirname, '../../../../schemas/llmops_config.schema.json');
  expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(llmopsConfigSchema);
});
