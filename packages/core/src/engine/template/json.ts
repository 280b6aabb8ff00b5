/** The `tojson` filter: `json.dumps(value, sort_keys=True, indent=…)` made HTML-safe, as Jinja does. */
import { floatRepr } from './pynum.js';
import { isNumber, numeric, PyDict, PyTuple, pyCompare, typeError, typeName, type Value } from './values.js';

function jsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i]!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (c < 0x20 || c > 0x7e) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

function jsonFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  return floatRepr(x);
}

function jsonKey(k: Value): string {
  if (typeof k === 'string') return k;
  if (k === null) return 'null';
  if (typeof k === 'boolean') return k ? 'true' : 'false';
  if (typeof k === 'bigint') return k.toString();
  if (typeof k === 'number') return jsonFloat(k);
  throw typeError(`keys must be str, int, float, bool or None, not ${typeName(k)}`);
}

function dump(v: Value, indent: string | null, level: number): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (isNumber(v)) {
    const n = numeric(v);
    return typeof n === 'bigint' ? n.toString() : jsonFloat(n);
  }
  if (typeof v === 'string') return jsonString(v);
  const nl = indent === null ? '' : '\n' + indent.repeat(level + 1);
  const close = indent === null ? '' : '\n' + indent.repeat(level);
  const sep = indent === null ? ', ' : ',' + nl;
  if (Array.isArray(v) || v instanceof PyTuple) {
    const items = Array.isArray(v) ? v : v.items;
    if (!items.length) return '[]';
    return `[${nl}${items.map((x) => dump(x, indent, level + 1)).join(sep)}${close}]`;
  }
  if (v instanceof PyDict) {
    if (!v.size) return '{}';
    const entries = v.entries().sort((a, b) => pyCompare(a[0], b[0]));
    return `{${nl}${entries.map(([k, x]) => `${jsonString(jsonKey(k))}: ${dump(x, indent, level + 1)}`).join(sep)}${close}}`;
  }
  throw typeError(`Object of type ${typeName(v)} is not JSON serializable`);
}

export function toJson(value: Value, indent: Value): string {
  const ind =
    indent === null
      ? null
      : typeof indent === 'string'
        ? indent
        : ' '.repeat(Number(numeric(indent as bigint)));
  return dump(value, ind, 0)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/'/g, '\\u0027');
}
