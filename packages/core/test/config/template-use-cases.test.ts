/**
 * The Python template's use-case folders as published (vendored in fixtures/llmops-promptflow-template,
 * see its ORIGIN.md): each loads unchanged, plans every env, and migrates with no loss; every version
 * of its config files in the template's history passes the legacy layout's checks.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkLegacyFile, LEGACY_FILES } from '../../src/config/legacy.js';
import { loadUseCase } from '../../src/config/load.js';
import { migrateUseCase } from '../../src/config/migrate.js';
import { UserError } from '../../src/errors.js';
import { planEnvironment } from '../../src/plan/plan.js';
import { MemoryReporter } from '../../src/reporter.js';
import { experiment } from '../../src/stages/experiment.js';
import { JsonDocument } from '../../src/util/json-document.js';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/llmops-promptflow-template');
const published = ['named_entity_recognition', 'math_coding', 'web_classification'];
const envsOf = (uc: string) =>
  (
    JSON.parse(readFileSync(path.join(fixtures, uc, 'llmops_config.json'), 'utf8')) as {
      envs: { ENV_NAME: string }[];
    }
  ).envs.map((e) => e.ENV_NAME);

const copyOf = (uc: string) => {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'template-')), uc);
  cpSync(path.join(fixtures, uc), dir, { recursive: true });
  return dir;
};

describe.each(published)('the template’s %s as published', (uc) => {
  const dir = path.join(fixtures, uc);

  test.each(envsOf(uc))('env %s loads and plans (what `genaiops validate` does)', (env) => {
    const loaded = loadUseCase(dir, { env, environ: {} });
    expect(loaded.layout).toBe('legacy');
    const plan = planEnvironment(loaded, env);
    expect(plan.experiments.length).toBeGreaterThan(0);
    // the published folders leave workspace and endpoint names blank for the user to fill in
    expect(plan.warnings.join('\n')).toMatch(/blank: fill it in before running on Azure/);
  });

  test('migrate writes the current form, and it loads to the same model in every env', () => {
    const copy = copyOf(uc);
    migrateUseCase(copy, { environ: {} });
    for (const env of envsOf(uc)) {
      const before = loadUseCase(dir, { env, environ: {} });
      const after = loadUseCase(copy, { env, environ: {} });
      expect(after.layout).toBe('current');
      expect(after.config).toEqual(before.config);
      expect(planEnvironment(after, env)).toEqual(planEnvironment(before, env));
    }
  });
});

test('NER: the postprodeval env runs its own flow, and its production log is a monitor source', () => {
  const dir = path.join(fixtures, 'named_entity_recognition');
  const all = loadUseCase(dir, { environ: {} }).config;
  expect(all.flow).toBe('flows/standard');
  const ppe = all.environments.postprodeval;
  expect(ppe.flow).toBe('flows/post-production-evaluation');
  expect(ppe.evaluators).toEqual([]);
  expect(ppe.datasets).toEqual(['named_entity_recognition_pp_eval']);
  expect(ppe.monitor).toEqual({
    datasets: ['named_entity_recognition_pp_eval'],
    evaluators: [
      {
        name: 'post-production-evaluation',
        flow: 'flows/post-production-evaluation',
        mappings: { text: '${data.text}', entity_type: '${data.entity_type}' },
        gates: {}
      }
    ]
  });
  // in that env, the stages see its flow and none of the other envs' evaluators
  const selected = loadUseCase(dir, { env: 'postprodeval', environ: {} });
  expect(selected.config.flow).toBe('flows/post-production-evaluation');
  expect(selected.config.evaluators).toEqual([]);
  expect(planEnvironment(selected, 'postprodeval').flow).toBe('flows/post-production-evaluation');
  expect(loadUseCase(dir, { env: 'dev', environ: {} }).config.evaluators.map((e) => e.name)).toEqual([
    'evaluation'
  ]);
});

test('web_classification: an env’s comma-separated evaluation flows become its evaluators', () => {
  const dir = path.join(fixtures, 'web_classification');
  const pr = loadUseCase(dir, { env: 'pr', environ: {} }).config;
  const dev = loadUseCase(dir, { env: 'dev', environ: {} }).config;
  expect(pr.evaluators.map((e) => e.name)).toEqual(['evaluation']);
  expect(dev.evaluators.map((e) => e.name)).toEqual(['evaluation', 'evaluation_adv']);
  expect(dev.environments.dev.webApp).toMatchObject({ WEB_APP_SKU: 'B3', CONNECTION_NAMES: ['aoai'] });
});

test('an env with a managed and a Kubernetes endpoint block: each maps to its target, --target picks', () => {
  const dir = copyOf('math_coding');
  const file = path.join(dir, 'configs/deployment_config.json');
  const config = JSON.parse(readFileSync(file, 'utf8'));
  Object.assign(config.azure_managed_endpoint[0], {
    ENDPOINT_NAME: 'math-managed',
    CURRENT_DEPLOYMENT_NAME: 'blue'
  });
  Object.assign(config.kubernetes_endpoint[0], {
    ENDPOINT_NAME: 'math-k8s',
    CURRENT_DEPLOYMENT_NAME: 'green',
    COMPUTE_NAME: 'k8s-compute',
    CPU_ALLOCATION: '500m'
  });
  writeFileSync(file, JSON.stringify(config, null, 2));
  const uc = loadUseCase(dir, { env: 'dev', environ: {} });
  const env = uc.config.environments.dev;
  expect(env.deployment).toMatchObject({
    target: 'managed',
    endpoint: 'math-managed',
    instanceType: 'Standard_F4s_v2'
  });
  expect(env.alternateDeployments).toEqual([
    expect.objectContaining({
      target: 'kubernetes',
      endpoint: 'math-k8s',
      compute: 'k8s-compute',
      cpu: '500m'
    })
  ]);
  expect(planEnvironment(uc, 'dev').deployment).toMatchObject({
    target: 'managed',
    endpoint: 'math-managed'
  });
  expect(planEnvironment(uc, 'dev', { target: 'kubernetes' }).deployment).toMatchObject({
    target: 'kubernetes',
    endpoint: 'math-k8s',
    deployment: 'green'
  });
  // a target with no block of its own retargets the default one
  expect(planEnvironment(uc, 'dev', { target: 'local' }).deployment).toMatchObject({
    target: 'local',
    endpoint: 'math-managed'
  });
  // a broken alternate block is reported where it is written
  config.kubernetes_endpoint[0].COMPUTE_NAME = '';
  writeFileSync(file, JSON.stringify(config, null, 2));
  expect(() => loadUseCase(dir, { environ: {} })).toThrow(
    /configs\/deployment_config\.json:\d+:\d+.*kubernetes deployment needs "compute"/
  );
});

const history = JSON.parse(readFileSync(path.join(fixtures, 'history.json'), 'utf8')) as Record<
  string,
  string
>;

test.each(Object.keys(history))('the template’s history: %s passes the legacy checks', (key) => {
  const base = Object.keys(LEGACY_FILES).find((f) => key.endsWith(f)) as keyof typeof LEGACY_FILES;
  const doc = JsonDocument.parse(key, history[key]);
  expect(checkLegacyFile(doc, LEGACY_FILES[base])).toEqual([]);
});

test('a key the template never had stays an error, with file:line:col and a suggestion', () => {
  const dir = copyOf('named_entity_recognition');
  const file = path.join(dir, 'configs/data_config.json');
  writeFileSync(file, readFileSync(file, 'utf8').replace('"DATASET_DESC"', '"DATASET_DESCR"'));
  let error: unknown;
  try {
    loadUseCase(dir, { environ: {} });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(UserError);
  expect((error as Error).message).toMatch(
    /data_config\.json:9:13: datasets\[0\]\.DATASET_DESCR: unknown key "DATASET_DESCR" \(did you mean "DATASET_DESC"\?\)/
  );
  const bad = copyOf('named_entity_recognition');
  const data = path.join(bad, 'configs/data_config.json');
  writeFileSync(data, readFileSync(data, 'utf8').replace('"post_production_eval_data"', '"production_data"'));
  expect(() => loadUseCase(bad, { environ: {} })).toThrow(/data_config\.json:\d+:\d+.*production_data/);
});

test('a blank workspace is refused where Azure needs it, pointing at the template file', async () => {
  const dir = copyOf('math_coding');
  await expect(
    experiment({ useCase: dir, env: 'dev', buildId: 'b1', environ: {} }, new MemoryReporter())
  ).rejects.toThrow(
    /llmops_config\.json:\d+:\d+: .*the azure backend needs the resource group name of environment "dev", found it blank/
  );
});
