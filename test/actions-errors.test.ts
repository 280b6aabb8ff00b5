import { runAction } from './helpers/run-action.js';

const actions = [
  'action-experiment',
  'action-evaluate',
  'action-register',
  'action-deploy',
  'action-smoke-test'
];

// Each action's stage is tested end to end elsewhere (test/stages, test/targets-*); here: how every
// bundled action reports a user's mistake.
describe.each(actions)('%s (bundled dist)', (action) => {
  test('a config error fails the step with the file and no stack trace', async () => {
    const r = await runAction(action, { 'use-case': 'use-cases/ticket_classification', env: 'staging' });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('::error::use-cases/ticket_classification/llmops_config.json:');
    expect(r.stdout).toContain('unknown environment "staging"');
    expect(r.stdout).not.toMatch(/\n\s+at /);
  });
});

test('a bad backend input is refused with the allowed values', async () => {
  const r = await runAction('action-experiment', {
    'use-case': 'use-cases/ticket_classification',
    env: 'pr',
    backend: 'cloud'
  });
  expect(r.code).toBe(1);
  expect(r.stdout).toContain('input "backend": expected one of local, azure, found "cloud"');
});
