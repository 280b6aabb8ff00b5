import { stringifyPy } from './py-float.js';

/**
 * JSON text as Python's `json.dumps` writes it, which is how prompt flow prints flow outputs: NaN
 * and ±Infinity stay the bare tokens `NaN`, `Infinity`, `-Infinity` (JSON.stringify makes them null),
 * and a python float such as `1.0` stays `1.0` (see py-float.ts).
 */
export function pyJson(value: unknown, indent = 0): string {
  const tokens = new Map<string, string>();
  const text = stringifyPy(
    value,
    (_key, v: unknown) => {
      if (typeof v !== 'number' || Number.isFinite(v)) return v;
      const token = Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
      const mark = `\u0000pf-float-${token}\u0000`;
      tokens.set(JSON.stringify(mark), token);
      return mark;
    },
    indent || undefined
  );
  if (text === undefined || !tokens.size) return text ?? 'null';
  let out = text;
  for (const [mark, token] of tokens) out = out.split(mark).join(token);
  return out;
}
