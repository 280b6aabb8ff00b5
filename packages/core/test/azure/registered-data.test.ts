// Azure runs read the data assets the register stage registered (`azureml:<name>:<version>`), not
// the local files again: register on the ARM emulator (Azurite holds the uploads), then experiment
// and evaluate through the stand-in pfazure (testkit). Needs the compiled packages
// (`npx tsc -b tsconfig.build.json`).
import { appendFileSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { installFakePfazure, type FakePfazure } from '@genaiops/testkit';
import { MemoryReporter } from '../../src/reporter.js';
import { evaluate } from '../../src/stages/evaluate.js';
import { experiment } from '../../src/stages/experiment.js';
import { register } from '../../src/stages/register.js';
import { REGISTERED_DATA_FILE } from '../../src/stages/registered-data.js';
import { CONTAINER, startAzureWorld, type AzureWorld } from './world.js';

let world: AzureWorld;
let fake: FakePfazure;
let environ: NodeJS.ProcessEnv;
const TRAIN = 'use-cases/ticket_classification/data/train.jsonl';
beforeAll(async () => {
  world = await startAzureWorld({ useCases: ['ticket_classification'] });
  // the stand-in's workspace serves the registered assets from the same file
  fake = installFakePfazure({
    environ: { aoai: world.environ.aoai! },
    registeredData: {
      'azureml:tickets_train:1': path.join(world.cwd, TRAIN),
      'azureml:tickets_train_eval:1': path.join(world.cwd, TRAIN)
    }
  });
  environ = fake.env({ ...world.environ });
}, 60_000);
afterAll(async () => world?.stop());

const stage = (buildId: string) => ({
  useCase: 'use-cases/ticket_classification',
  env: 'dev',
  cwd: world.cwd,
  environ,
  buildId,
  azure: { poll: { initialMs: 50, maxMs: 200 } }
});
const dataArgs = (from: number) =>
  fake
    .calls()
    .slice(from)
    .filter((c) => c[1] === 'create')
    .map((c) => c[c.indexOf('--data') + 1]);
/** What the stand-in recorded as each run's data: the asset, or the upload of a local file. */
const runData = () =>
  readdirSync(path.join(fake.stateDir, 'runs')).map(
    (f) => (JSON.parse(readFileSync(path.join(fake.stateDir, 'runs', f), 'utf8')) as { data: string }).data
  );
async function blobCount(): Promise<number> {
  const container = BlobServiceClient.fromConnectionString(world.azurite.connectionString).getContainerClient(
    CONTAINER
  );
  let n = 0;
  for await (const _ of container.listBlobsFlat()) n++;
  return n;
}

test('registered datasets: experiment and evaluate pass azureml:<name>:<version>, and nothing uploads the files again', async () => {
  const reg = await register({ ...stage('b0'), what: 'data' }, new MemoryReporter());
  expect(reg.datasets.map((d) => [d.name, d.version])).toEqual([
    ['tickets_train', '1'],
    ['tickets_train_eval', '1']
  ]);
  expect(readFileSync(path.join(world.cwd, REGISTERED_DATA_FILE), 'utf8')).toContain(
    'azureml:tickets_train:1'
  );
  const blobs = await blobCount();

  const reporter = new MemoryReporter();
  const exp = await experiment(stage('b1'), reporter);
  expect(exp).toMatchObject({ succeeded: 2, failed: 0 });
  expect(dataArgs(0)).toEqual(['azureml:tickets_train:1', 'azureml:tickets_train:1']);
  expect(reporter.lines).toContain(
    'dataset tickets_train: the runs read the registered data asset azureml:tickets_train:1 (same content as data/train.jsonl)'
  );
  const calls = fake.calls().length;
  const ev = await evaluate(stage('b1'), new MemoryReporter());
  expect(ev.runs.every((r) => r.status === 'Completed')).toBe(true);
  expect(dataArgs(calls)).toEqual(['azureml:tickets_train_eval:1', 'azureml:tickets_train_eval:1']);
  // no run read an upload of a local file, and the datastore holds what register put there, no more
  expect(runData().filter((d) => /LocalUpload/.test(d))).toEqual([]);
  expect(await blobCount()).toBe(blobs);
}, 240_000);

test('a dataset changed since it was registered: the runs read the local file, and say why', async () => {
  const line = readFileSync(path.join(world.cwd, TRAIN), 'utf8').split('\n')[0];
  appendFileSync(path.join(world.cwd, TRAIN), `${line}\n`);
  const calls = fake.calls().length;
  const reporter = new MemoryReporter();
  await experiment(stage('b2'), reporter);
  expect(dataArgs(calls)).toEqual([TRAIN, TRAIN]);
  expect(reporter.lines).toContain(
    'dataset tickets_train: data/train.jsonl changed since it was registered as azureml:tickets_train:1; the runs read the local file'
  );
}, 240_000);
