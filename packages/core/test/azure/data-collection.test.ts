/**
 * Azure ML data collection as monitor's source, on the ARM emulator with Azurite: payload-logging
 * files in the workspace's default blob datastore (found through ARM, read with the real
 * @azure/storage-blob client) for a time window, requests joined with their responses, and
 * evaluated by the sample's prod monitor section.
 */
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { dataCollectorFor, hourFolders, readCollectedLines } from '../../src/azure/data-collection.js';
import { MemoryReporter } from '../../src/reporter.js';
import { monitor } from '../../src/stages/monitor.js';
import { CONTAINER, startAzureWorld, type AzureWorld } from './world.js';

let world: AzureWorld;
let container: ContainerClient;
beforeAll(async () => {
  world = await startAzureWorld({ useCases: ['ticket_classification'] });
  container = BlobServiceClient.fromConnectionString(world.azurite.connectionString).getContainerClient(
    CONTAINER
  );
}, 120_000);
afterAll(() => world?.stop());

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

test('monitor on the managed prod endpoint reads the datastore through ARM and evaluates the window', async () => {
  const since = world.emu.requests.length;
  const result = await monitor(
    {
      useCase: 'use-cases/ticket_classification',
      env: 'prod',
      backend: 'local',
      cwd: world.cwd,
      buildId: 'dc1',
      environ: world.environ,
      now: window.until,
      windowHours: 1
    },
    new MemoryReporter()
  );
  // the prod workspace's default datastore was looked up through ARM, and nothing was changed
  const calls = world.emu.requests.slice(since).map((r) => `${r.method} ${r.path}`);
  expect(calls.some((c) => /^GET .*workspaces\/mlw-genaiops-prod\/datastores/i.test(c))).toBe(true);
  expect(calls.filter((c) => /^(PUT|PATCH|DELETE)/.test(c))).toEqual([]);
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
