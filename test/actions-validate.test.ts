import { runAction } from './helpers/run-action.js';

const actions = [
  'action-experiment',
  'action-evaluate',
  'action-register',
  'action-deploy',
  'action-smoke-test'
];

// experiment and evaluate run their stage (test/stages/experiment-evaluate-actions.test.ts checks their plan output)
const planOnly = (action: string) => !['action-experiment', 'action-evaluate'].includes(action);

describe.each(actions)('%s (bundled dist)', (action) => {
  if (planOnly(action))
    test('plans the environment and sets the plan output', async () => {
      const r = await runAction(action, { 'use-case': 'use-cases/ticket_classification', env: 'pr' });
      expect(r.code).toBe(0);
      const plan = JSON.parse(r.outputs.plan);
      expect(plan.env).toBe('pr');
      expect(plan.experiments.map((e: { label: string }) => e.label)).toEqual([
        'defaults',
        'classify.variant_1'
      ]);
    });

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
