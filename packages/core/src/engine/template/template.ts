/** Compiling and rendering templates; errors become UserErrors that point into the template. */
import { UserError } from '../../errors.js';
import { normalizeNewlines, TemplateSyntaxError, tokenize } from './lexer.js';
import { Parser } from './parser.js';
import { pyLen } from './pystr.js';
import { analyzeScopes } from './symbols.js';
import { execBody, rootScope } from './render.js';
import { fromJS, PyError } from './values.js';

export interface TemplateOptions {
  /** Shown in error messages (e.g. `flows/chat/chat.jinja2`). */
  file?: string;
}

/** Renders the template with one set of variables (JSON-like values). */
export type CompiledTemplate = (variables: Record<string, unknown>) => string;

function location(source: string, pos: number): { line: number; column: number } {
  const before = source.slice(0, pos);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: pyLen(before.slice(lineStart)) + 1 };
}

function userError(file: string, source: string, pos: number, message: string): UserError {
  return new UserError([{ file, ...location(source, pos), message }]);
}

/**
 * Parses a Jinja2 template once; the returned function renders it exactly as
 * `jinja2.Environment(trim_blocks=True, keep_trailing_newline=True)` would.
 */
export function compileTemplate(source: string, opts: TemplateOptions = {}): CompiledTemplate {
  const file = opts.file ?? '<template>';
  const text = normalizeNewlines(source);
  let body;
  try {
    body = new Parser(tokenize(text)).parse();
    analyzeScopes(body);
  } catch (e) {
    if (e instanceof TemplateSyntaxError)
      throw userError(file, text, e.pos, `template syntax error: ${e.message}`);
    throw e;
  }
  return (variables) => {
    const scope = rootScope(
      Object.entries(variables)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, fromJS(v)]),
      body
    );
    const out: string[] = [];
    try {
      execBody(body, scope, out);
    } catch (e) {
      if (e instanceof PyError) {
        const pos = e.templatePos ?? 0;
        throw userError(file, text, pos, `failed to render the template: ${e.pyType}: ${e.message}`);
      }
      if (e instanceof RangeError && /call stack/i.test(e.message)) {
        throw new UserError([
          { file, message: 'failed to render the template: maximum recursion depth exceeded' }
        ]);
      }
      throw e;
    }
    return out.join('');
  };
}

export function renderTemplate(
  source: string,
  variables: Record<string, unknown>,
  opts: TemplateOptions = {}
): string {
  return compileTemplate(source, opts)(variables);
}
