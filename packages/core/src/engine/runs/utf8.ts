/**
 * Data files must be UTF-8: a byte sequence that is not would otherwise be read as U+FFFD and the
 * flow would run on text the user never wrote.
 */
import { createReadStream } from 'node:fs';
import { UserError } from '../../errors.js';

const NEWLINE = 0x0a;

/** Throws a UserError naming `display:line:column` and the byte when `file` is not valid UTF-8. */
export async function checkUtf8File(file: string, display = file): Promise<void> {
  let line = 1;
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(file)) {
    const data = carry.length ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    let start = 0;
    for (let nl = data.indexOf(NEWLINE); nl >= 0; nl = data.indexOf(NEWLINE, start)) {
      checkLine(data.subarray(start, nl), display, line++);
      start = nl + 1;
    }
    carry = Buffer.from(data.subarray(start));
  }
  if (carry.length) checkLine(carry, display, line);
}

function checkLine(bytes: Buffer, display: string, line: number): void {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalid(bytes);
    const column = new TextDecoder('utf-8').decode(bytes.subarray(0, at)).length + 1;
    throw new UserError(
      `${display}:${line}:${column}: not UTF-8 text (byte 0x${bytes[at].toString(16).padStart(2, '0')}); save the file as UTF-8`
    );
  }
}

/** Offset of the first byte that does not start (or continue) a valid UTF-8 sequence. */
function firstInvalid(bytes: Buffer): number {
  let lo = 0;
  let hi = bytes.length;
  // the longest valid prefix, by bisection on whole-prefix validity
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (valid(bytes.subarray(0, mid), true)) lo = mid;
    else hi = mid - 1;
  }
  // that prefix may end in the first bytes of the broken sequence: it starts where a complete prefix ends
  let start = lo;
  while (start > 0 && !valid(bytes.subarray(0, start), false)) start--;
  return Math.min(start, bytes.length - 1);
}

/** `stream`: an unfinished sequence at the end is not (yet) an error. */
function valid(bytes: Buffer, stream: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream });
    return true;
  } catch {
    return false;
  }
}
