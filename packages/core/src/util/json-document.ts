import { readFileSync } from 'node:fs';
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { UserError, type Problem } from '../errors.js';

export type JsonPath = (string | number)[];

/** A parsed JSON file that can say where any value in it is (for error messages). */
export class JsonDocument {
  private constructor(
    readonly file: string,
    readonly value: unknown,
    private readonly text: string,
    private readonly tree: Node | undefined
  ) {}

  /**
   * Parses `text` (JSON; comments and trailing commas are tolerated since editors add them).
   * A syntax error is a UserError with its line and column.
   */
  static parse(file: string, text: string): JsonDocument {
    const errors: ParseError[] = [];
    const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
    if (errors.length || !tree) {
      const e = errors[0];
      const at = e ? lineColumn(text, e.offset) : { line: 1, column: 1 };
      const what = e ? printParseErrorCode(e.error) : 'EmptyDocument';
      throw new UserError([{ file, ...at, message: `invalid JSON: ${humanize(what)}` }]);
    }
    return new JsonDocument(file, nodeValue(tree), text, tree);
  }

  static read(file: string, displayName = file): JsonDocument {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new UserError([
        { file: displayName, message: `cannot read the file (${(e as NodeJS.ErrnoException).code ?? e})` }
      ]);
    }
    return JsonDocument.parse(displayName, text.replace(/^\uFEFF/, ''));
  }

  /** Line and column of the value at `path`, or of its closest existing parent. */
  locate(path: JsonPath): { line?: number; column?: number } {
    if (!this.tree) return {};
    for (let n = path.length; n >= 0; n--) {
      const node = findNodeAtLocation(this.tree, path.slice(0, n));
      if (node) {
        // Point at the key of a property rather than its value: that is what a reader looks for.
        const target = n > 0 && node.parent?.type === 'property' ? node.parent : node;
        return lineColumn(this.text, target.offset);
      }
    }
    return {};
  }

  problem(path: JsonPath, message: string): Problem {
    return { file: this.file, path: formatPath(path), ...this.locate(path), message };
  }
}

/** `environments.dev.datasets[0]`; keys that are not identifiers are quoted. */
export function formatPath(path: JsonPath): string | undefined {
  if (!path.length) return undefined;
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(p)) out += out ? `.${p}` : p;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function humanize(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

// jsonc-parser's getNodeValue keeps the last of duplicate keys silently; we do the same as JSON.parse.
function nodeValue(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (k && v) out[k.value as string] = nodeValue(v);
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}
