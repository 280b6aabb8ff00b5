/**
 * Azure ML model data collection (payload logging) as a source of production lines for `monitor`.
 * A deployment with a data collector writes the HTTP request and response payloads to the workspace
 * blob store, one JSON line per payload, rolled by hour:
 *   modelDataCollector/<endpoint>/<deployment>/<request|response>/<yyyy>/<MM>/<dd>/<HH>/<file>.jsonl
 * A request line and its response line share `correlationid`; `data` holds the payload.
 */
import type { ContainerClient } from '@azure/storage-blob';
import type { RequestLogConfig } from '../config/model.js';
import { requestLogLine } from '../local/request-log.js';

export const DATA_COLLECTOR_ROOT = 'modelDataCollector';

interface CollectedLine {
  correlationid?: string;
  time?: string;
  data?: unknown;
}

/** The deployment's `dataCollector` (ARM OnlineDeployment, api-version 2023-04-01 and later). */
export function dataCollectorFor(log: RequestLogConfig | undefined): object | undefined {
  if (!log?.enabled) return undefined;
  const mode = { dataCollectionMode: 'Enabled' };
  return {
    collections: { request: mode, response: mode },
    rollingRate: 'Hour',
    samplingRate: log.sampleRate
  };
}

const pad = (n: number) => String(n).padStart(2, '0');
/** `<yyyy>/<MM>/<dd>/<HH>/` of each hour from `since` to `until` (UTC). */
export function hourFolders(since: Date, until: Date): string[] {
  const out: string[] = [];
  const t = new Date(since);
  t.setUTCMinutes(0, 0, 0);
  for (; t <= until; t.setUTCHours(t.getUTCHours() + 1))
    out.push(
      `${t.getUTCFullYear()}/${pad(t.getUTCMonth() + 1)}/${pad(t.getUTCDate())}/${pad(t.getUTCHours())}/`
    );
  return out;
}

/** A payload as the flow saw it: JSON text is parsed, a one-row table is its row. */
function payload(data: unknown): Record<string, unknown> | undefined {
  let v = data;
  if (typeof v === 'string')
    try {
      v = JSON.parse(v);
    } catch {
      return undefined;
    }
  if (Array.isArray(v) && v.length === 1) v = v[0];
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

async function readCollection(
  container: ContainerClient,
  prefix: string,
  since: Date,
  until: Date
): Promise<Map<string, CollectedLine>> {
  const out = new Map<string, CollectedLine>();
  for (const hour of hourFolders(since, until))
    for await (const blob of container.listBlobsFlat({ prefix: prefix + hour })) {
      const text = (await container.getBlobClient(blob.name).downloadToBuffer()).toString('utf8');
      for (const raw of text.split('\n')) {
        if (!raw.trim()) continue;
        let line: CollectedLine;
        try {
          line = JSON.parse(raw) as CollectedLine;
        } catch {
          continue; // a line being written while we read
        }
        const t = Date.parse(line.time ?? '');
        if (!line.correlationid || !(t >= since.getTime() && t <= until.getTime())) continue;
        out.set(line.correlationid, line);
      }
    }
  return out;
}

/**
 * The collected requests of a deployment between `since` and `until`, each joined with its response
 * into a dataset line (inputs and outputs as columns, as the local request log gives them).
 */
export async function readCollectedLines(
  container: ContainerClient,
  opts: { endpoint: string; deployment: string; since: Date; until: Date }
): Promise<Record<string, unknown>[]> {
  const base = `${DATA_COLLECTOR_ROOT}/${opts.endpoint}/${opts.deployment}/`;
  const requests = await readCollection(container, `${base}request/`, opts.since, opts.until);
  const responses = await readCollection(container, `${base}response/`, opts.since, opts.until);
  const lines: { time: string; line: Record<string, unknown> }[] = [];
  for (const [id, req] of requests) {
    const inputs = payload(req.data);
    const outputs = payload(responses.get(id)?.data);
    if (!inputs || !outputs) continue; // a request that failed, or whose answer is not collected yet
    lines.push({
      time: req.time!,
      line: requestLogLine({
        time: req.time!,
        endpoint: opts.endpoint,
        deployment: opts.deployment,
        inputs,
        outputs
      })
    });
  }
  return lines.sort((a, b) => a.time.localeCompare(b.time)).map((l) => l.line);
}
