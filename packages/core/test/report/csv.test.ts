import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cellText, csvField, csvRecord, metricsCsv, readLines, writeLinesCsv } from '../../src/report/csv.js';
import { sampleInput, tempDir, writeJsonl } from './fixture.js';

/** A strict RFC 4180 reader, to check what we write parses back to the same cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let cell = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (text[i] === '"' && text[i + 1] === '"') {
          cell += '"';
          i += 2;
        } else if (text[i] === '"') {
          i++;
          break;
        } else cell += text[i++];
      }
    } else while (i < text.length && text[i] !== ',' && text[i] !== '\r') cell += text[i++];
    row.push(cell);
    if (text[i] === ',') i++;
    else if (text[i] === '\r' && text[i + 1] === '\n') {
      i += 2;
      rows.push(row);
      row = [];
    } else if (i < text.length) throw new Error(`unexpected ${JSON.stringify(text[i])} at ${i}`);
  }
  return rows;
}

describe('CSV fields (RFC 4180)', () => {
  test('quotes fields with a comma, a quote, CR or LF, doubling quotes; records end with CRLF', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvRecord(['a', 1, undefined, null, true])).toBe('a,1,,,true\r\n');
    expect(parseCsv(csvRecord(['x,y', 'q"q', 'l1\r\nl2']))).toEqual([['x,y', 'q"q', 'l1\r\nl2']]);
  });

  test('formula injection: text starting with = + - @ tab CR gets a leading quote; numbers do not', () => {
    expect(cellText('=1+2')).toBe("'=1+2");
    expect(cellText('+cmd|/C calc!A0')).toBe("'+cmd|/C calc!A0");
    expect(cellText('-2+3')).toBe("'-2+3");
    expect(cellText('@SUM(A1:A2)')).toBe("'@SUM(A1:A2)");
    expect(cellText('\t=1')).toBe("'\t=1");
    expect(cellText('\r=1')).toBe("'\r=1");
    expect(csvField('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    // numbers stay numbers, as JSON numbers or as numeric text
    expect(cellText(-0.5)).toBe('-0.5');
    expect(cellText('-0.5')).toBe('-0.5');
    expect(cellText('+3')).toBe('+3');
    expect(cellText('-1e-3')).toBe('-1e-3');
    expect(cellText('a=b')).toBe('a=b');
    // objects are JSON text (and still made safe)
    expect(cellText({ a: 1 })).toBe('{"a":1}');
    expect(cellText(['=x'])).toBe('["=x"]');
  });
});

describe('metrics CSV', () => {
  test('one record per row, variant columns per node, metric + baseline + delta columns', () => {
    const input = sampleInput(tempDir());
    const rows = parseCsv(metricsCsv(input.rows));
    expect(rows[0]).toEqual([
      'evaluator',
      'dataset',
      'label',
      'experiment_run',
      'evaluation_run',
      'variant.extract',
      'exact_match_rate',
      'exact_match_rate.baseline',
      'exact_match_rate.delta',
      'error_rate',
      'error_rate.baseline',
      'error_rate.delta',
      'latency_ms',
      'latency_ms.baseline',
      'latency_ms.delta'
    ]);
    expect(rows).toHaveLength(3);
    const v1 = Object.fromEntries(rows[0].map((h, i) => [h, rows[2][i]]));
    expect(v1).toMatchObject({
      evaluator: 'match',
      label: 'extract.variant_1',
      'variant.extract': 'variant_1',
      exact_match_rate: '0.8',
      'exact_match_rate.baseline': '0.5',
      'error_rate.delta': String(0.05 - 0.1),
      latency_ms: '1200',
      'latency_ms.baseline': '',
      'latency_ms.delta': ''
    });
    expect(Number(v1['exact_match_rate.delta'])).toBeCloseTo(0.3);
  });

  test('no baseline columns when no row has a baseline; union of metrics and nodes', () => {
    const csv = metricsCsv([
      {
        evaluator: 'e',
        dataset: 'd',
        experimentRun: 'x1',
        evaluationRun: 'y1',
        variants: { a: 'v0' },
        label: 'defaults',
        metrics: { m1: 1 }
      },
      {
        evaluator: 'e',
        dataset: 'd',
        experimentRun: 'x2',
        evaluationRun: 'y2',
        variants: { b: 'v1' },
        label: 'b.v1',
        metrics: { m2: 2 }
      }
    ]);
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual([
      'evaluator',
      'dataset',
      'label',
      'experiment_run',
      'evaluation_run',
      'variant.a',
      'variant.b',
      'm1',
      'm2'
    ]);
    expect(rows[1].slice(5)).toEqual(['v0', '', '1', '']);
    expect(rows[2].slice(5)).toEqual(['', 'v1', '', '2']);
  });
});

describe('line-results CSV', () => {
  test('joins inputs and outputs on line_number, flattens one level, quotes and defuses cells', async () => {
    const dir = tempDir();
    const input = sampleInput(dir);
    const file = path.join(dir, 'lines.csv');
    expect(await writeLinesCsv(input.lines, file)).toBe(6);
    const text = readFileSync(file, 'utf8');
    const rows = parseCsv(text);
    expect(rows[0]).toEqual([
      'run',
      'label',
      'dataset',
      'kind',
      'evaluator',
      'line_number',
      'inputs.text',
      'inputs.entity_type',
      'outputs.entities',
      'outputs.meta',
      'outputs.exact_match'
    ]);
    const rec = rows.slice(1).map((r) => Object.fromEntries(rows[0].map((h, i) => [h, r[i]])));
    expect(rec[0]).toMatchObject({
      run: 'exp_defaults',
      kind: 'experiment',
      line_number: '0',
      'inputs.text': 'Hello, <b>world</b>',
      'outputs.entities': '["<b>world</b>"]',
      'outputs.meta': '{"score":1}',
      'outputs.exact_match': ''
    });
    // the failed line keeps its inputs, with empty outputs; the multi-line text survives
    expect(rec[1]).toMatchObject({
      line_number: '1',
      'inputs.text': 'He said "hi"\nand left',
      'outputs.entities': ''
    });
    // formula text is defused, the null is an empty cell
    expect(rec[2]['inputs.text']).toBe('\'=HYPERLINK("http://evil.example","x")');
    expect(rec[2]['outputs.meta']).toBe('');
    expect(rec[3]).toMatchObject({
      run: 'eval_defaults',
      kind: 'evaluation',
      evaluator: 'match',
      'outputs.exact_match': '1',
      'inputs.text': ''
    });
  });

  test('streams: a limit stops reading early; a missing file yields nothing', async () => {
    const dir = tempDir();
    const rows = Array.from({ length: 20000 }, (_, i) => ({ line_number: i, answer: `a${i}` }));
    const outputsFile = writeJsonl(path.join(dir, 'big.jsonl'), rows);
    const source = { run: 'r', label: 'l', dataset: 'd', kind: 'experiment' as const, outputsFile };
    const got = [];
    for await (const l of readLines(source, 3)) got.push(l);
    expect(got).toEqual([
      { lineNumber: 0, outputs: { answer: 'a0' } },
      { lineNumber: 1, outputs: { answer: 'a1' } },
      { lineNumber: 2, outputs: { answer: 'a2' } }
    ]);
    const file = path.join(dir, 'lines.csv');
    expect(
      await writeLinesCsv([source, { ...source, outputsFile: path.join(dir, 'missing.jsonl') }], file)
    ).toBe(20000);
    const text = readFileSync(file, 'utf8');
    expect(text.split('\r\n')).toHaveLength(20002);
  });
});
