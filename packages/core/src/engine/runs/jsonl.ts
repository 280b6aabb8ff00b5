/**
 * Streaming JSON Lines: one record at a time from a file stream (never the whole file in memory).
 * Blank lines are skipped and take no line number, as in prompt flow (pandas `lines=True`); a
 * line that is not a JSON object still takes its line number, so the rest of the run lines up.
 */
import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { UserError } from '../../errors.js';
import { describe } from '../../util/describe.js';
import { parsePy } from '../../util/py-float.js';
import { checkUtf8File } from './utf8.js';

export interface JsonlRow {
  /** 0-based index among the non-blank lines: prompt flow's `line_number`. */
  lineNumber: number;
  /** 1-based line of the file, for messages. */
  fileLine: number;
  /** The parsed object; undefined when the line is malformed (see `error`). */
  value?: Record<string, unknown>;
  /** Why the line could not be read, naming the file and the line: `data.jsonl:7: not valid JSON (…)`. */
  error?: string;
}

/** Throws a UserError when `file` is not a readable regular file. */
export function checkReadableFile(file: string, display: string, what = 'data file'): void {
  let isFile = false;
  try {
    isFile = statSync(file).isFile();
  } catch {
    throw new UserError(`${display}: ${what} not found`);
  }
  if (!isFile) throw new UserError(`${display}: expected a ${what} (JSON Lines), found a folder`);
}

/**
 * Reads `file` line by line. Malformed lines are yielded with `error` set (the caller fails that
 * line and goes on). `display` is the file name used in messages; `parse` reads one line's JSON text
 * (run records pass parsePy so python floats written as `1.0` stay floats).
 */
export async function* readJsonlRows(
  file: string,
  display = file,
  parse: (text: string) => unknown = JSON.parse
): AsyncGenerator<JsonlRow> {
  checkReadableFile(file, display);
  const stream = createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let fileLine = 0;
  let lineNumber = 0;
  try {
    for await (const raw of lines) {
      fileLine++;
      const text = fileLine === 1 ? raw.replace(/^\uFEFF/, '') : raw;
      if (text.trim() === '') continue;
      yield { lineNumber: lineNumber++, fileLine, ...parseRow(text, display, fileLine, parse) };
    }
  } finally {
    lines.close();
    stream.destroy();
  }
}

function parseRow(
  text: string,
  display: string,
  fileLine: number,
  parse: (text: string) => unknown
): { value?: Record<string, unknown>; error?: string } {
  let value: unknown;
  try {
    value = parse(text);
  } catch (e) {
    return { error: `${display}:${fileLine}: not valid JSON (${(e as Error).message})` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { error: `${display}:${fileLine}: expected a JSON object, found ${describe(value)}` };
  return { value: value as Record<string, unknown> };
}

export interface JsonlScan {
  /** Lines that take a line number (blank lines excluded), malformed ones included. */
  rows: number;
  malformed: number;
  /** Every key any well-formed line has, in first-seen order. */
  columns: string[];
}

/**
 * One streaming pass over a JSONL file: how many rows, and which columns appear on any line. Used
 * to size progress and to check column mappings before any line runs. An empty file is a UserError.
 */
export async function scanJsonl(file: string, display = file, what = 'data file'): Promise<JsonlScan> {
  checkReadableFile(file, display);
  await checkUtf8File(file, display);
  const columns = new Set<string>();
  let rows = 0;
  let malformed = 0;
  for await (const row of readJsonlRows(file, display)) {
    rows++;
    if (row.value) for (const k of Object.keys(row.value)) columns.add(k);
    else malformed++;
  }
  if (rows === 0) throw new UserError(`${display}: the ${what} is empty (expected one JSON object per line)`);
  return { rows, malformed, columns: [...columns] };
}

/**
 * Reads a JSONL file whose records carry ascending `line_number`s (a run's inputs.jsonl /
 * outputs.jsonl) as a merge-join cursor: `get(n)` with non-decreasing `n` returns the record of
 * line n, or undefined when the file has none. Only one record is held at a time.
 */
export class LineNumberCursor {
  private readonly rows: AsyncGenerator<JsonlRow>;
  private current: { n: number; value: Record<string, unknown> } | undefined;
  private done = false;

  constructor(file: string, display = file) {
    this.rows = readJsonlRows(file, display, parsePy);
  }

  async get(lineNumber: number): Promise<Record<string, unknown> | undefined> {
    while (!this.done && (!this.current || this.current.n < lineNumber)) {
      const next = await this.rows.next();
      if (next.done) {
        this.done = true;
        this.current = undefined;
        break;
      }
      const v = next.value.value;
      const n = v?.line_number;
      if (v && typeof n === 'number') this.current = { n, value: v };
    }
    if (this.current?.n !== lineNumber) return undefined;
    const { line_number: _ln, ...rest } = this.current.value;
    return rest;
  }

  async close(): Promise<void> {
    await this.rows.return(undefined);
  }
}
