/**
 * Azure ML data collection as monitor's source: payload-logging files in the workspace blob store
 * (Azurite, the real @azure/storage-blob client), read for a time window, requests joined with their
 * responses, and evaluated by the sample's prod monitor.
 */
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { startAzurite, type Azurite } from '@genaiops/testkit';
import { dataCollectorFor, hourFolders, readCollectedLines } from '../../src/azure/data-collection.js';
import { MemoryReporter } from '../../src/reporter.js';
import { monitor } from '../../src/stages/monitor.js';
import { workspace } from '../stages/helpers.js';

let azurite: Azurite;
let container: ContainerClient;
beforeAll(async () => {
  azurite = await startAzurite();
  container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(
    'azureml-blobstore'
  );
  await container.create();
}, 60_000);
afterAll(() => azurite?.stop());

const base = 'modelDataCollector/tickets-prod/blue';
async function put(path: string, lines: object[]) {
  const text = lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
  await container.getBlockBlobClient(path).upload(text, Buffer.byteLength(text));
}
const req = (id: string, time: string, ticket: string) => ({
  specversion: '1.0',
  type: 'azureml.inference.request',
  datacontenttype: 'application/json',
  time,
  correlationid: id,
  data: JSON.stringify({ ticket })
});
const res = (id: string, time: string, category: string, matched: boolean) => ({
  type: 'azureml.inference.response',
  time,
  correlationid: id,
  data: { category, matched, raw: category }
});

beforeAll(async () => {
  // two hours of traffic, one request before the window, one whose response is missing
  await put(`${base}/request/2026/03/01/09/a.jsonl`, [
    req('early', '2026-03-01T09:10:00Z', 'too early'),
    req('r1', '2026-03-01T09:40:00Z', 'charged twice')
  ]);
  await put(`${base}/response/2026/03/01/09/a.jsonl`, [
    res('early', '2026-03-01T09:10:01Z', 'billing', true),
    res('r1', '2026-03-01T09:40:01Z', 'billing', true)
  ]);
  await put(`${base}/request/2026/03/01/10/b.jsonl`, [
    req('r2', '2026-03-01T10:05:00Z', 'app crashes'),
    req('r3', '2026-03-01T10:06:00Z', 'where is my parcel'),
    req('lost', '2026-03-01T10:07:00Z', 'no answer')
  ]);
  await put(`${base}/response/2026/03/01/10/b.jsonl`, [
    res('r2', '2026-03-01T10:05:01Z', 'technical', true),
    res('r3', '2026-03-01T10:06:01Z', 'other', false)
  ]);
  // another deployment's files are not read
  await put('modelDataCollector/tickets-prod/green/request/2026/03/01/10/c.jsonl', [
    req('g1', '2026-03-01T10:05:00Z', 'green')
  ]);
});

const window = { since: new Date('2026-03-01T09:30:00Z'), until: new Date('2026-03-01T10:30:00Z') };

test('the collected requests of the window, each joined with its response', async () => {
  expect(hourFolders(window.since, window.until)).toEqual(['2026/03/01/09/', '2026/03/01/10/']);
  const lines = await readCollectedLines(container, {
    endpoint: 'tickets-prod',
    deployment: 'blue',
    ...window
  });
  expect(lines.map((l) => [l.ticket, l.category, l.matched])).toEqual([
    ['charged twice', 'billing', true],
    ['app crashes', 'technical', true],
    ['where is my parcel', 'other', false]
  ]);
  expect(lines[0]).toMatchObject({ _deployment: 'blue', _time: '2026-03-01T09:40:00Z' });
  expect(dataCollectorFor({ enabled: true, sampleRate: 0.25 })).toEqual({
    collections: { request: { dataCollectionMode: 'Enabled' }, response: { dataCollectionMode: 'Enabled' } },
    rollingRate: 'Hour',
    samplingRate: 0.25
  });
  expect(dataCollectorFor({ enabled: false, sampleRate: 1 })).toBeUndefined();
});

test('monitor on the managed prod endpoint evaluates the collected lines of its window', async () => {
  const ws = workspace();
  const result = await monitor(
    {
      useCase: 'use-cases/ticket_classification',
      env: 'prod',
      backend: 'local',
      cwd: ws,
      buildId: 'dc1',
      environ: { PATH: process.env.PATH, HOME: process.env.HOME },
      now: window.until,
      windowHours: 1,
      collectedLines: (w) =>
        readCollectedLines(container, { endpoint: 'tickets-prod', deployment: 'blue', ...w })
    },
    new MemoryReporter()
  );
  expect(result.sources).toEqual([
    { name: 'request-log', file: '.genaiops/monitor/ticket_classification/prod/dc1.jsonl', lines: 3 }
  ]);
  const rate = (n: number) => Math.round((n / 3) * 1e4) / 1e4; // the flow rounds to 4 digits
  expect(result.rows[0].metrics).toEqual({ recognised_rate: rate(2), other_rate: rate(1) });
  // recognised_rate 0.67 < 0.8 and other_rate 0.33 > 0.3: both gates of the sample fail
  expect(result.passed).toBe(false);
  expect(
    result.gates
      .filter((g) => !g.passed)
      .map((g) => g.metric)
      .sort()
  ).toEqual(['other_rate', 'recognised_rate']);
});
