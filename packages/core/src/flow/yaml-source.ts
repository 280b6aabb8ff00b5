import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { Problem, SourceLocation } from '../errors.js';
import { formatPath, type JsonPath } from '../util/json-document.js';

/**
 * A parsed YAML file that can say where any value in it is, and collects problems found in it.
 * Locations point at the key of a mapping entry and at the start of a sequence item; for a path that
 * does not exist (a missing key), at its closest existing parent.
 */
export class YamlSource {
  readonly problems: Problem[] = [];
  readonly warnings: Problem[] = [];

  private constructor(
    readonly file: string,
    readonly value: unknown,
    private readonly doc: Document | undefined,
    private readonly lines: LineCounter
  ) {}

  /** Parses `text`; a syntax error is recorded as a problem (with line and column) and the value is undefined. */
  static parse(file: string, text: string): YamlSource {
    const lines = new LineCounter();
    const doc = parseDocument(text.replace(/^\uFEFF/, ''), {
      lineCounter: lines,
      prettyErrors: true,
      uniqueKeys: true
    });
    if (doc.errors.length) {
      const e = doc.errors[0];
      const src = new YamlSource(file, undefined, undefined, lines);
      const pos = e.linePos?.[0] ?? lines.linePos(e.pos[0]);
      const what = e.message.split(/ at line \d+, column \d+/)[0];
      src.problems.push({
        file,
        line: pos.line,
        column: pos.col,
        message: `invalid YAML: ${lowerFirst(what)}`
      });
      return src;
    }
    return new YamlSource(file, doc.toJS({ maxAliasCount: 1000 }), doc, lines);
  }

  locate(path: JsonPath): { line?: number; column?: number } {
    if (!this.doc) return {};
    let node: unknown = this.doc.contents;
    let offset = rangeStart(node);
    for (const seg of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => keyText(p.key) === String(seg));
        if (!pair) break;
        offset = rangeStart(pair.key) ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
        node = node.items[seg];
        offset = rangeStart(node) ?? offset;
      } else break;
    }
    if (offset === undefined) return {};
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }

  /** Keys of the mapping at `path`, in document order (JS objects put integer-like keys first). */
  keys(path: JsonPath): string[] {
    const node = this.node(path);
    return isMap(node) ? node.items.map((p) => keyText(p.key)) : [];
  }

  private node(path: JsonPath): unknown {
    let node: unknown = this.doc?.contents;
    for (const seg of path) {
      if (isMap(node)) node = node.items.find((p) => keyText(p.key) === String(seg))?.value;
      else if (isSeq(node) && typeof seg === 'number') node = node.items[seg];
      else return undefined;
    }
    return node;
  }

  at(path: JsonPath): SourceLocation {
    const p = formatPath(path);
    return { file: this.file, ...(p ? { path: p } : {}), ...this.locate(path) };
  }

  problem(path: JsonPath, message: string): Problem {
    return { ...this.at(path), message };
  }

  error(path: JsonPath, message: string): void {
    this.problems.push(this.problem(path, message));
  }

  warn(path: JsonPath, message: string): void {
    this.warnings.push(this.problem(path, message));
  }
}

function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

function rangeStart(node: unknown): number | undefined {
  const r = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return r ? r[0] : undefined;
}

function lowerFirst(s: string): string {
  return /^[A-Z][a-z]/.test(s) ? s[0].toLowerCase() + s.slice(1) : s;
}
