import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { appendHistory, historyFile, readHistory } from '../../src/report/history.js';
import { writeReports } from '../../src/report/index.js';
import { sparklineSvg, trendSeries } from '../../src/report/trends.js';
import { sampleInput, tempDir } from './fixture.js';

test('writeReports appends to the history of the use-case and env; evaluate and monitor entries kept apart', async () => {
  const dir = tempDir();
  const hist = path.join(dir, '.genaiops', 'history');
  const input = sampleInput(dir);
  const first = await writeReports(input, path.join(dir, 'r1'), { history: { dir: hist, kind: 'evaluate' } });
  expect(first.input.history).toHaveLength(1);
  await appendHistory({ ...input, buildId: 'm1' }, { dir: hist, kind: 'monitor' });
  input.rows[1].metrics.exact_match_rate = 0.9;
  const second = await writeReports({ ...input, buildId: '43' }, path.join(dir, 'r2'), {
    history: { dir: hist, kind: 'evaluate' }
  });
  expect(second.input.history!.map((e) => [e.kind, e.buildId])).toEqual([
    ['evaluate', '42'],
    ['evaluate', '43']
  ]);
  const file = historyFile(hist, 'named_entity_recognition', 'pr');
  expect(file).toBe(path.join(hist, 'named_entity_recognition', 'pr.jsonl'));
  expect((await readHistory(file)).map((e) => e.kind)).toEqual(['evaluate', 'monitor', 'evaluate']);
  // the report draws the trend with the gate; the summary has the block line
  const html = readFileSync(second.html, 'utf8');
  expect(html).toMatch(
    /<svg class="spark"[^>]*><title>exact_match_rate \(match on ner_eval\) over the last 2 build\(s\): 42: 0.8, 43: 0.9; gate ≥ 0.7<\/title><line class="gate"/
  );
  expect(readFileSync(second.markdown, 'utf8')).toContain(
    '| match | ner\\_eval | exact\\_match\\_rate ↑ | ▁█ | 0.9 | ≥ 0.7 |'
  );
});

test('a damaged line does not lose the history', async () => {
  const dir = tempDir();
  const input = sampleInput(dir);
  await appendHistory(input, { dir, kind: 'evaluate' });
  appendFileSync(historyFile(dir, input.useCase, input.env), '{"kind":"evalu\n');
  expect(await appendHistory(input, { dir, kind: 'evaluate', limit: 5 })).toHaveLength(2);
});

test('trend values are the best variant per build, by the metric direction; a build without the metric is a gap', () => {
  const at = (i: number) => `2026-01-0${i}`;
  const row = (label: string, metrics: Record<string, number>) => ({
    evaluator: 'e',
    dataset: 'd',
    label,
    metrics
  });
  const [err] = trendSeries([
    {
      kind: 'evaluate',
      useCase: 'u',
      env: 'pr',
      at: at(1),
      rows: [row('a', { error_rate: 0.3 }), row('b', { error_rate: 0.1 })],
      gates: []
    },
    { kind: 'evaluate', useCase: 'u', env: 'pr', at: at(2), rows: [row('a', { other: 1 })], gates: [] },
    {
      kind: 'evaluate',
      useCase: 'u',
      env: 'pr',
      at: at(3),
      rows: [row('a', { error_rate: 0.2 })],
      gates: [{ evaluator: 'e', metric: 'error_rate', max: 0.25 }]
    }
  ]);
  expect(err.direction).toBe('lower');
  expect(err.points.map((p) => p.value)).toEqual([0.1, undefined, 0.2]);
  expect(err.max).toBe(0.25);
  const svg = sparklineSvg(err);
  expect(svg.match(/<polyline points="([^"]+)"/)![1].split(' ')).toHaveLength(2);
  expect(svg).toContain('<line class="gate"');
});
