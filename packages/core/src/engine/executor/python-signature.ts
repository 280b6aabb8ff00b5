/**
 * A light, text-only reading of a python tool's signature. The executor needs two things prompt
 * flow learns by importing the tool: which parameters are typed as connections (a literal input
 * then names a connection), and which have defaults (an input from a bypassed node is then left
 * out, so the default applies). A signature this scan cannot read gives `undefined`, and the
 * executor falls back to rules that need no signature.
 */

export interface PythonParam {
  name: string;
  /** The annotation as written, e.g. `AzureOpenAIConnection`, `Union[str, None]`. */
  annotation?: string;
  hasDefault: boolean;
}

export interface PythonSignature {
  func: string;
  params: PythonParam[];
  /** Whether the function takes `**kwargs`. */
  varKeyword: boolean;
}

/**
 * The signature of the module's `@tool` function (the one the worker calls when no function is
 * named), or of `func` when given. Decorators may be `@tool`, `@tool(...)`, `@promptflow.tool`.
 */
export function scanToolSignature(source: string, func?: string): PythonSignature | undefined {
  const text = source.replace(/\r\n?/g, '\n');
  const defs = [...text.matchAll(/^(?:async[ \t]+)?def[ \t]+([A-Za-z_]\w*)[ \t]*\(/gm)];
  let chosen: RegExpMatchArray | undefined;
  if (func) chosen = defs.find((d) => d[1] === func);
  else {
    const tools = defs.filter((d) => decoratedWithTool(text, d.index!));
    chosen = tools.length === 1 ? tools[0] : undefined;
  }
  if (!chosen) return undefined;
  const open = chosen.index! + chosen[0].length;
  const inner = balanced(text, open);
  if (inner === undefined) return undefined;
  const params: PythonParam[] = [];
  let varKeyword = false;
  for (const raw of splitTopLevel(stripComments(inner), ',')) {
    const part = raw.trim();
    if (!part || part === '*' || part === '/') continue;
    if (part.startsWith('**')) {
      varKeyword = true;
      continue;
    }
    if (part.startsWith('*')) continue;
    const eq = indexTopLevel(part, '=');
    const head = eq >= 0 ? part.slice(0, eq) : part;
    const colon = indexTopLevel(head, ':');
    const name = (colon >= 0 ? head.slice(0, colon) : head).trim();
    if (!/^[A-Za-z_]\w*$/.test(name)) return undefined;
    const param: PythonParam = { name, hasDefault: eq >= 0 };
    if (colon >= 0) param.annotation = head.slice(colon + 1).trim();
    params.push(param);
  }
  if (params[0]?.name === 'self' || params[0]?.name === 'cls') params.shift();
  return { func: chosen[1], params, varKeyword };
}

/** Whether the `def` at `defIndex` has a `tool` decorator among the lines right above it. */
function decoratedWithTool(text: string, defIndex: number): boolean {
  const lines = text.slice(0, defIndex).split('\n');
  lines.pop(); // the def line's own (empty) start
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    if (!line.startsWith('@')) {
      // a decorator's arguments may span lines: look for the @ that opens them
      if (/^[)\]},]/.test(line) || /[,(]$/.test(line)) continue;
      return false;
    }
    if (/^@(?:[\w.]+\.)?tool\b/.test(line)) return true;
  }
  return false;
}

/** The text between the parenthesis opened just before `start` and its match. */
function balanced(text: string, start: number): string | undefined {
  let depth = 1;
  let quote: string | undefined;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return text.slice(start, i);
    }
  }
  return undefined;
}

function scanTopLevel(text: string, visit: (i: number, c: string) => boolean): void {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (depth === 0 && visit(i, c)) return;
  }
}

function splitTopLevel(text: string, sep: string): string[] {
  const parts: string[] = [];
  let last = 0;
  scanTopLevel(text, (i, c) => {
    if (c === sep) {
      parts.push(text.slice(last, i));
      last = i + 1;
    }
    return false;
  });
  parts.push(text.slice(last));
  return parts;
}

function indexTopLevel(text: string, ch: string): number {
  let found = -1;
  scanTopLevel(text, (i, c) => {
    if (c !== ch) return false;
    // `=` of a default, not of `==`, `<=`, `>=`, `!=`
    if (ch === '=' && (text[i + 1] === '=' || /[<>!=]/.test(text[i - 1] ?? ''))) return false;
    found = i;
    return true;
  });
  return found;
}

function stripComments(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      let quote: string | undefined;
      for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if (quote) {
          if (c === '\\') i++;
          else if (c === quote) quote = undefined;
        } else if (c === '"' || c === "'") quote = c;
        else if (c === '#') return line.slice(0, i);
      }
      return line;
    })
    .join('\n');
}

/** The connection class an annotation names (`AzureOpenAIConnection`, `connections.CustomConnection`, a `Union` of them…), if any. */
export function connectionClasses(annotation: string | undefined): string[] {
  if (!annotation) return [];
  return [...annotation.matchAll(/\b([A-Za-z_]\w*Connection)\b/g)].map((m) => m[1]);
}
