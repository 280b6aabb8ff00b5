import { readFileSync } from 'node:fs';
import { UserError } from '../../errors.js';

/**
 * Parses a `.env` file the way python-dotenv does (the prompt flow template loads its `.env` with
 * it), so a file that works there works here:
 *
 * - `KEY=value`, optionally prefixed by `export `; blank lines and `# …` lines are skipped;
 * - unquoted values are trimmed and lose an inline comment only when `#` follows whitespace, so
 *   `aoai={"api_key":"a#b"}` keeps its `#` (Node's `util.parseEnv` would cut it there);
 * - `'single'` quotes are literal (only `\\` and `\'` are unescaped); `"double"` quotes may span
 *   lines and unescape `\n \r \t \\ \"` etc.;
 * - a later assignment of the same key wins. `${VAR}` interpolation is not performed.
 */
export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const src = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  let i = 0;
  const n = src.length;
  const skipLine = (): void => {
    const nl = src.indexOf('\n', i);
    i = nl < 0 ? n : nl + 1;
  };
  while (i < n) {
    // leading whitespace
    while (i < n && (src[i] === ' ' || src[i] === '\t')) i++;
    if (i >= n) break;
    if (src[i] === '\n') {
      i++;
      continue;
    }
    if (src[i] === '#') {
      skipLine();
      continue;
    }
    if (src.startsWith('export ', i) || src.startsWith('export\t', i)) {
      i += 7;
      while (i < n && (src[i] === ' ' || src[i] === '\t')) i++;
    }
    const keyMatch = /^([A-Za-z_.-][A-Za-z0-9_.-]*)[ \t]*=[ \t]*/.exec(
      src.slice(i, src.indexOf('\n', i) < 0 ? n : src.indexOf('\n', i))
    );
    if (!keyMatch) {
      skipLine();
      continue;
    }
    const key = keyMatch[1];
    i += keyMatch[0].length;
    const quote = src[i];
    if (quote === '"' || quote === "'") {
      let j = i + 1;
      let raw = '';
      let closed = false;
      while (j < n) {
        const c = src[j];
        if (c === '\\' && j + 1 < n) {
          raw += c + src[j + 1];
          j += 2;
          continue;
        }
        if (c === quote) {
          closed = true;
          break;
        }
        raw += c;
        j++;
      }
      if (closed) {
        out[key] = quote === '"' ? unescapeDouble(raw) : raw.replace(/\\(['\\])/g, '$1');
        i = j + 1;
        skipLine(); // the rest of the line is a comment (or junk python-dotenv also ignores)
        continue;
      }
      // unterminated quote: python-dotenv treats the line as unparsable
      skipLine();
      continue;
    }
    const nl = src.indexOf('\n', i);
    const line = src.slice(i, nl < 0 ? n : nl);
    out[key] = line.replace(/\s+#.*$/, '').trim();
    i = nl < 0 ? n : nl + 1;
  }
  return out;
}

const ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '\\': '\\',
  '"': '"',
  "'": "'"
};

function unescapeDouble(raw: string): string {
  return raw.replace(/\\(.)/gs, (whole, c: string) => ESCAPES[c] ?? whole);
}

/**
 * Reads a `.env` file. A file that does not exist is an empty set of variables (the file is
 * optional); any other read error is a UserError naming the file.
 */
export function readDotenv(file: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return {};
    throw new UserError(`${file}: cannot read the .env file (${code ?? String(e)})`);
  }
  return parseDotenv(text);
}
