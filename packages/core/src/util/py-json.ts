/**
 * JSON text as Python's `json.dumps` writes it, which is how prompt flow prints flow outputs: NaN
 * and ±Infinity stay the bare tokens `NaN`, `Infinity`, `-Infinity` (JSON.stringify makes them null).
 */
export function pyJson(value: unknown, indent = 0): string {
  const tokens = new Map<string, string>();
  const text = JSON.stringify(
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
