import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MOCK_CONNECTION_JSON } from '../../src/engine/llm/connection.js';
import { MemoryReporter } from '../../src/reporter.js';
import { evaluate } from '../../src/stages/evaluate.js';
import { experiment } from '../../src/stages/experiment.js';
import { cleanWorkspace, workspace } from './helpers-targets.js';

let ws: ReturnType<typeof workspace>;
beforeEach(() => {
  ws = workspace();
  appendFileSync(path.join(ws.dir, 'data/pr.jsonl'), '{"ticket": "broken", }\n');
});
afterEach(() => cleanWorkspace(ws.cwd));

const environ = { PATH: process.env.PATH, HOME: process.env.HOME, aoai: MOCK_CONNECTION_JSON };
const common = () => ({ useCase: ws.useCase, env: 'pr', cwd: ws.cwd, environ });

test('a malformed line fails the stage of a maxBadLines 0 dataset before any run, at the line', async () => {
  const lines = readFileSync(path.join(ws.dir, 'data/pr.jsonl'), 'utf8').trimEnd().split('\n').length;
  await expect(experiment(common(), new MemoryReporter())).rejects.toThrow(
    new RegExp(
      `use-cases/ticket_classification/data/pr\\.jsonl:${lines}:\\d+: dataset "tickets_pr": line .*not valid JSON`
    )
  );
});

test('with maxBadLines it is a failed line: counted in the run, shown in the report and the summary', async () => {
  const file = path.join(ws.dir, 'llmops_config.json');
  writeFileSync(
    file,
    readFileSync(file, 'utf8').replaceAll(
      '"source": "data/pr.jsonl",',
      '"source": "data/pr.jsonl", "maxBadLines": 1,'
    )
  );
  const reporter = new MemoryReporter();
  const exp = await experiment({ ...common(), allowFailedRuns: true }, reporter);
  for (const r of exp.runs) expect(r.lines).toEqual({ total: 26, completed: 25, failed: 1 });
  const ev = await evaluate({ ...common(), buildId: exp.buildId }, reporter);
  expect(ev.reportInput.failedLines).toEqual(
    expect.arrayContaining([expect.objectContaining({ kind: 'experiment', failed: 1, total: 26 })])
  );
  expect(ev.summaryMarkdown).toMatch(/1 of 26 lines failed in experiment run/);
  expect(readFileSync(path.join(ws.cwd, ev.reports.html), 'utf8')).toMatch(
    /1 of 26 lines failed in experiment run/
  );
});
