/** Jinja2's parser (jinja2/parser.py), for the statements prompt templates use. */
import type { CallArgs, CompareOp, Expr, Stmt, Target } from './ast.js';
import { describeToken, TemplateSyntaxError, type Token } from './lexer.js';
import { DEFAULT_ENVIRONMENT as ENV } from './environment.js';
import { UNSUPPORTED_FILTERS } from './filters.js';

const UNSUPPORTED_TAGS = new Set(['block', 'extends', 'include', 'import', 'from', 'call', 'autoescape']);
const COMPARE: Record<string, CompareOp> = {
  '==': 'eq',
  '!=': 'ne',
  '<': 'lt',
  '<=': 'lteq',
  '>': 'gt',
  '>=': 'gteq'
};
const MATH2: Record<string, '*' | '/' | '//' | '%'> = { '*': '*', '/': '/', '//': '//', '%': '%' };

type Node<T extends Expr['t']> = Extract<Expr, { t: T }>;

export class Parser {
  private i = 0;
  private readonly tagStack: string[] = [];
  private readonly endTokenStack: string[][] = [];

  constructor(private readonly tokens: Token[]) {}

  parse(): Stmt[] {
    return this.subparse(null);
  }

  // --- token stream -----------------------------------------------------------------------

  private get cur(): Token {
    return this.tokens[this.i]!;
  }
  private look(): Token {
    return this.tokens[Math.min(this.i + 1, this.tokens.length - 1)]!;
  }
  private next(): Token {
    const t = this.cur;
    if (t.type !== 'eof') this.i++;
    return t;
  }
  private isOp(op: string, t: Token = this.cur): boolean {
    return t.type === 'op' && t.value === op;
  }
  private isName(name: string, t: Token = this.cur): boolean {
    return t.type === 'name' && t.value === name;
  }
  private skipOp(op: string): boolean {
    if (!this.isOp(op)) return false;
    this.next();
    return true;
  }
  private skipName(name: string): boolean {
    if (!this.isName(name)) return false;
    this.next();
    return true;
  }
  private fail(message: string, pos = this.cur.pos): never {
    throw new TemplateSyntaxError(message, pos);
  }
  /** `expect`: a token type (`block_end`), an operator (`op:(`) or a name (`name:in`). */
  private expect(what: string): Token {
    const [kind, value] = what.includes(':') ? (what.split(/:(.*)/s) as [string, string]) : [what, undefined];
    const t = this.cur;
    const ok = value === undefined ? t.type === kind : t.type === kind && t.value === value;
    if (ok) return this.next();
    const expected = value ?? describeToken({ type: kind as Token['type'], value: '', pos: 0 });
    if (t.type === 'eof') this.fail(`unexpected end of template, expected '${expected}'.`);
    this.fail(`expected token '${expected}', got '${describeToken(t)}'`);
  }

  // --- statements -------------------------------------------------------------------------

  private subparse(endTokens: string[] | null): Stmt[] {
    const body: Stmt[] = [];
    let data: (string | Expr)[] = [];
    let dataPos = 0;
    const flush = (): void => {
      if (data.length) body.push({ t: 'output', items: data, pos: dataPos });
      data = [];
    };
    if (endTokens) this.endTokenStack.push(endTokens);
    try {
      while (this.cur.type !== 'eof') {
        const t = this.cur;
        if (t.type === 'data') {
          if (!data.length) dataPos = t.pos;
          data.push(t.value as string);
          this.next();
        } else if (t.type === 'variable_begin') {
          if (!data.length) dataPos = t.pos;
          this.next();
          data.push(this.parseTuple({}));
          this.expect('variable_end');
        } else {
          flush();
          this.next();
          if (endTokens && endTokens.some((n) => this.isName(n))) return body;
          body.push(this.parseStatement());
          this.expect('block_end');
        }
      }
      flush();
      return body;
    } finally {
      if (endTokens) this.endTokenStack.pop();
    }
  }

  private parseStatement(): Stmt {
    const t = this.cur;
    if (t.type !== 'name') this.fail('tag name expected');
    const name = t.value as string;
    const parse = Object.hasOwn(this.statementParsers, name) ? this.statementParsers[name] : undefined;
    if (!parse) {
      if (UNSUPPORTED_TAGS.has(name)) this.fail(`the '${name}' tag is not supported by this renderer`);
      this.failUnknownTag(name, t.pos);
    }
    this.tagStack.push(name);
    try {
      return parse();
    } finally {
      this.tagStack.pop();
    }
  }

  private readonly statementParsers: Record<string, () => Stmt> = {
    for: () => this.parseFor(),
    if: () => this.parseIf(),
    set: () => this.parseSet(),
    macro: () => this.parseMacro(),
    filter: () => this.parseFilterBlock(),
    with: () => this.parseWith(),
    print: () => this.parsePrint()
  };

  private failUnknownTag(name: string | null, pos: number): never {
    const stack = this.endTokenStack;
    const expected = new Set(stack.flat());
    const looking = stack.length
      ? stack
          .at(-1)!
          .map((n) => `'${n}'`)
          .join(' or ')
      : null;
    const message = [name === null ? 'Unexpected end of template.' : `Encountered unknown tag '${name}'.`];
    if (looking) {
      if (name !== null && expected.has(name)) {
        message.push(
          `You probably made a nesting mistake. Jinja is expecting this tag, but currently looking for ${looking}.`
        );
      } else {
        message.push(`Jinja was looking for the following tags: ${looking}.`);
      }
    }
    if (this.tagStack.length)
      message.push(`The innermost block that needs to be closed is '${this.tagStack.at(-1)}'.`);
    this.fail(message.join(' '), pos);
  }

  private parseStatements(endTokens: string[], dropNeedle = false): Stmt[] {
    this.skipOp(':');
    this.expect('block_end');
    const result = this.subparse(endTokens);
    if (this.cur.type === 'eof') {
      this.endTokenStack.push(endTokens);
      try {
        this.failUnknownTag(null, this.cur.pos);
      } finally {
        this.endTokenStack.pop();
      }
    }
    if (dropNeedle) this.next();
    return result;
  }

  private parseFor(): Stmt {
    const pos = this.expect('name:for').pos;
    const target = this.parseAssignTarget({ extraEnd: ['name:in'] });
    this.expect('name:in');
    const iter = this.parseTuple({ withCondexpr: false, extraEnd: ['name:recursive'] });
    const test = this.skipName('if') ? this.parseExpression() : undefined;
    const recursive = this.skipName('recursive');
    const body = this.parseStatements(['endfor', 'else']);
    const elseBody = this.next().value === 'endfor' ? [] : this.parseStatements(['endfor'], true);
    return { t: 'for', target, iter, ...(test ? { test } : {}), recursive, body, else: elseBody, pos };
  }

  private parseIf(): Stmt {
    return this.parseIfRest(this.expect('name:if').pos);
  }

  /** After `if`/`elif`: an `elif` becomes an `if` nested in the else branch. */
  private parseIfRest(pos: number): Stmt {
    const test = this.parseTuple({ withCondexpr: false });
    const body = this.parseStatements(['elif', 'else', 'endif']);
    const token = this.next();
    if (this.isName('elif', token)) return { t: 'if', test, body, else: [this.parseIfRest(token.pos)], pos };
    const elseBody = this.isName('else', token) ? this.parseStatements(['endif'], true) : [];
    return { t: 'if', test, body, else: elseBody, pos };
  }

  private parseSet(): Stmt {
    const pos = this.next().pos;
    const target = this.parseAssignTarget({ withNamespace: true });
    if (this.skipOp('=')) return { t: 'set', target, value: this.parseTuple({}), pos };
    const filter = this.parseFilter(null);
    const body = this.parseStatements(['endset'], true);
    return { t: 'setblock', target, ...(filter ? { filter } : {}), body, pos };
  }

  private parseMacro(): Stmt {
    const pos = this.next().pos;
    const name = this.expect('name').value as string;
    const params: string[] = [];
    const defaults: Expr[] = [];
    this.expect('op:(');
    while (!this.isOp(')')) {
      if (params.length) this.expect('op:,');
      params.push(this.expect('name').value as string);
      if (this.skipOp('=')) defaults.push(this.parseExpression());
      else if (defaults.length) this.fail('non-default argument follows default argument');
    }
    this.expect('op:)');
    const body = this.parseStatements(['endmacro'], true);
    const names = new Set<string>();
    collectNames(body, names);
    return {
      t: 'macro',
      name,
      params,
      defaults,
      body,
      usesVarargs: names.has('varargs'),
      usesKwargs: names.has('kwargs'),
      usesCaller: names.has('caller'),
      pos
    };
  }

  private parseFilterBlock(): Stmt {
    const pos = this.next().pos;
    const filter = this.parseFilter(null, true)!;
    return { t: 'filterblock', filter, body: this.parseStatements(['endfilter'], true), pos };
  }

  private parseWith(): Stmt {
    const pos = this.next().pos;
    const targets: Target[] = [];
    const values: Expr[] = [];
    while (this.cur.type !== 'block_end') {
      if (targets.length) this.expect('op:,');
      targets.push(this.parseAssignTarget({}));
      this.expect('op:=');
      values.push(this.parseExpression());
    }
    return { t: 'with', targets, values, body: this.parseStatements(['endwith'], true), pos };
  }

  private parsePrint(): Stmt {
    const pos = this.next().pos;
    const items: Expr[] = [];
    while (this.cur.type !== 'block_end') {
      if (items.length) this.expect('op:,');
      items.push(this.parseExpression());
    }
    return { t: 'output', items, pos };
  }

  private parseAssignTarget(o: { extraEnd?: string[]; withNamespace?: boolean; nameOnly?: boolean }): Target {
    const pos = this.cur.pos;
    const primary = (): Target => {
      if (this.skipOp('(')) {
        const inner = this.parseAssignTarget({});
        this.expect('op:)');
        return inner;
      }
      const t = this.cur;
      if (t.type !== 'name') this.fail(`can't assign to '${describeToken(t)}'`);
      this.next();
      if (o.withNamespace && this.isOp('.')) {
        this.next();
        return { t: 'nsref', name: t.value as string, attr: this.expect('name').value as string, pos: t.pos };
      }
      if (['true', 'false', 'none', 'True', 'False', 'None'].includes(t.value as string)) {
        this.fail("can't assign to 'const'", t.pos);
      }
      return { t: 'name', name: t.value as string, pos: t.pos };
    };
    const items: Target[] = [];
    let isTuple = false;
    for (;;) {
      if (items.length) this.expect('op:,');
      if (this.isTupleEnd(o.extraEnd)) break;
      items.push(primary());
      if (this.isOp(',')) isTuple = true;
      else break;
    }
    if (!isTuple) {
      if (items.length) return items[0]!;
      this.fail(`Expected an expression, got '${describeToken(this.cur)}'`);
    }
    if (items.some((x) => x.t === 'nsref')) this.fail("can't assign to 'tuple'", pos);
    return { t: 'tuple', items, pos };
  }

  // --- expressions ------------------------------------------------------------------------

  private isTupleEnd(extraEnd?: string[]): boolean {
    const t = this.cur;
    if (t.type === 'variable_end' || t.type === 'block_end' || this.isOp(')')) return true;
    return !!extraEnd?.some((e) => this.isName(e.slice('name:'.length)));
  }

  parseTuple(o: { withCondexpr?: boolean; extraEnd?: string[]; explicitParens?: boolean }): Expr {
    const pos = this.cur.pos;
    const items: Expr[] = [];
    let isTuple = false;
    for (;;) {
      if (items.length) this.expect('op:,');
      if (this.isTupleEnd(o.extraEnd)) break;
      items.push(this.parseExpression(o.withCondexpr ?? true));
      if (this.isOp(',')) isTuple = true;
      else break;
    }
    if (!isTuple) {
      if (items.length) return items[0]!;
      if (!o.explicitParens) this.fail(`Expected an expression, got '${describeToken(this.cur)}'`);
    }
    return { t: 'tuple', items, pos };
  }

  private parseExpression(withCondexpr = true): Expr {
    return withCondexpr ? this.parseCondexpr() : this.parseOr();
  }

  private parseCondexpr(): Expr {
    const pos = this.cur.pos;
    let expr = this.parseOr();
    while (this.skipName('if')) {
      const test = this.parseOr();
      const elseExpr = this.skipName('else') ? this.parseCondexpr() : undefined;
      expr = { t: 'cond', test, then: expr, ...(elseExpr ? { else: elseExpr } : {}), pos };
    }
    return expr;
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.isName('or')) {
      const pos = this.next().pos;
      left = { t: 'or', left, right: this.parseAnd(), pos };
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.isName('and')) {
      const pos = this.next().pos;
      left = { t: 'and', left, right: this.parseNot(), pos };
    }
    return left;
  }

  private parseNot(): Expr {
    if (this.isName('not')) {
      const pos = this.next().pos;
      return { t: 'unary', op: 'not', operand: this.parseNot(), pos };
    }
    return this.parseCompare();
  }

  private parseCompare(): Expr {
    const pos = this.cur.pos;
    const first = this.parseMath1();
    const ops: [CompareOp, Expr][] = [];
    for (;;) {
      const t = this.cur;
      if (t.type === 'op' && COMPARE[t.value as string]) {
        this.next();
        ops.push([COMPARE[t.value as string]!, this.parseMath1()]);
      } else if (this.skipName('in')) {
        ops.push(['in', this.parseMath1()]);
      } else if (this.isName('not') && this.isName('in', this.look())) {
        this.next();
        this.next();
        ops.push(['notin', this.parseMath1()]);
      } else break;
    }
    return ops.length ? { t: 'compare', first, ops, pos } : first;
  }

  private parseMath1(): Expr {
    let left = this.parseConcat();
    while (this.isOp('+') || this.isOp('-')) {
      const t = this.next();
      left = { t: 'binop', op: t.value as '+' | '-', left, right: this.parseConcat(), pos: t.pos };
    }
    return left;
  }

  private parseConcat(): Expr {
    const pos = this.cur.pos;
    const items = [this.parseMath2()];
    while (this.skipOp('~')) items.push(this.parseMath2());
    return items.length === 1 ? items[0]! : { t: 'concat', items, pos };
  }

  private parseMath2(): Expr {
    let left = this.parsePow();
    while (this.cur.type === 'op' && MATH2[this.cur.value as string]) {
      const t = this.next();
      left = { t: 'binop', op: MATH2[t.value as string]!, left, right: this.parsePow(), pos: t.pos };
    }
    return left;
  }

  private parsePow(): Expr {
    let left = this.parseUnary();
    while (this.isOp('**')) {
      const t = this.next();
      left = { t: 'binop', op: '**', left, right: this.parseUnary(), pos: t.pos };
    }
    return left;
  }

  private parseUnary(withFilter = true): Expr {
    const t = this.cur;
    let node: Expr;
    if (this.isOp('-') || this.isOp('+')) {
      this.next();
      node = { t: 'unary', op: t.value as '-' | '+', operand: this.parseUnary(false), pos: t.pos };
    } else {
      node = this.parsePrimary();
    }
    node = this.parsePostfix(node);
    return withFilter ? this.parseFilterExpr(node) : node;
  }

  private parsePrimary(): Expr {
    const t = this.cur;
    const pos = t.pos;
    if (t.type === 'name') {
      this.next();
      const v = t.value as string;
      if (v === 'true' || v === 'True') return { t: 'const', value: true, pos };
      if (v === 'false' || v === 'False') return { t: 'const', value: false, pos };
      if (v === 'none' || v === 'None') return { t: 'const', value: null, pos };
      return { t: 'name', name: v, pos };
    }
    if (t.type === 'string') {
      let value = '';
      while (this.cur.type === 'string') value += this.next().value as string;
      return { t: 'const', value, pos };
    }
    if (t.type === 'integer' || t.type === 'float') {
      this.next();
      return { t: 'const', value: t.value as bigint | number, pos };
    }
    if (this.isOp('(')) {
      this.next();
      const node = this.parseTuple({ explicitParens: true });
      this.expect('op:)');
      return node;
    }
    if (this.isOp('[')) return this.parseList();
    if (this.isOp('{')) return this.parseDict();
    this.fail(`unexpected '${describeToken(t)}'`);
  }

  private parseList(): Expr {
    const pos = this.expect('op:[').pos;
    const items: Expr[] = [];
    while (!this.isOp(']')) {
      if (items.length) this.expect('op:,');
      if (this.isOp(']')) break;
      items.push(this.parseExpression());
    }
    this.expect('op:]');
    return { t: 'list', items, pos };
  }

  private parseDict(): Expr {
    const pos = this.expect('op:{').pos;
    const items: [Expr, Expr][] = [];
    while (!this.isOp('}')) {
      if (items.length) this.expect('op:,');
      if (this.isOp('}')) break;
      const key = this.parseExpression();
      this.expect('op::');
      items.push([key, this.parseExpression()]);
    }
    this.expect('op:}');
    return { t: 'dict', items, pos };
  }

  private parsePostfix(node: Expr): Expr {
    for (;;) {
      if (this.isOp('.') || this.isOp('[')) node = this.parseSubscript(node);
      else if (this.isOp('(')) node = this.parseCall(node);
      else return node;
    }
  }

  private parseFilterExpr(node: Expr): Expr {
    for (;;) {
      if (this.isOp('|')) node = this.parseFilter(node)!;
      else if (this.isName('is')) node = this.parseTest(node);
      else if (this.isOp('(')) node = this.parseCall(node);
      else return node;
    }
  }

  private parseSubscript(node: Expr): Expr {
    const t = this.next();
    if (this.isOp('.', t)) {
      const attr = this.next();
      if (attr.type === 'name') return { t: 'getattr', obj: node, attr: attr.value as string, pos: t.pos };
      if (attr.type !== 'integer') this.fail('expected name or number', attr.pos);
      return {
        t: 'getitem',
        obj: node,
        key: { t: 'const', value: attr.value as bigint, pos: attr.pos },
        pos: t.pos
      };
    }
    const args: Expr[] = [];
    while (!this.isOp(']')) {
      if (args.length) this.expect('op:,');
      args.push(this.parseSubscribed());
    }
    this.expect('op:]');
    const key: Expr = args.length === 1 ? args[0]! : { t: 'tuple', items: args, pos: t.pos };
    return { t: 'getitem', obj: node, key, pos: t.pos };
  }

  private parseSubscribed(): Expr {
    const pos = this.cur.pos;
    const parts: (Expr | undefined)[] = [];
    if (this.isOp(':')) {
      this.next();
      parts.push(undefined);
    } else {
      const node = this.parseExpression();
      if (!this.isOp(':')) return node;
      this.next();
      parts.push(node);
    }
    const endOfPart = (): boolean => this.isOp(']') || this.isOp(',');
    if (this.isOp(':')) parts.push(undefined);
    else parts.push(endOfPart() ? undefined : this.parseExpression());
    if (this.skipOp(':')) parts.push(endOfPart() ? undefined : this.parseExpression());
    const [start, stop, step] = parts;
    return {
      t: 'slice',
      ...(start ? { start } : {}),
      ...(stop ? { stop } : {}),
      ...(step ? { step } : {}),
      pos
    };
  }

  private parseCallArgs(): CallArgs {
    const open = this.expect('op:(');
    const out: CallArgs = { args: [], kwargs: [] };
    const ensure = (ok: boolean): void => {
      if (!ok) this.fail('invalid syntax for function call expression', open.pos);
    };
    let requireComma = false;
    while (!this.isOp(')')) {
      if (requireComma) {
        this.expect('op:,');
        if (this.isOp(')')) break;
      }
      if (this.isOp('*')) {
        ensure(!out.dynArgs && !out.dynKwargs);
        this.next();
        out.dynArgs = this.parseExpression();
      } else if (this.isOp('**')) {
        ensure(!out.dynKwargs);
        this.next();
        out.dynKwargs = this.parseExpression();
      } else if (this.cur.type === 'name' && this.isOp('=', this.look())) {
        ensure(!out.dynKwargs);
        const key = this.next().value as string;
        this.next();
        out.kwargs.push([key, this.parseExpression()]);
      } else {
        ensure(!out.dynArgs && !out.dynKwargs && !out.kwargs.length);
        out.args.push(this.parseExpression());
      }
      requireComma = true;
    }
    this.expect('op:)');
    return out;
  }

  private parseCall(node: Expr): Expr {
    const pos = this.cur.pos;
    return { t: 'call', fn: node, ...this.parseCallArgs(), pos };
  }

  private parseFilter(node: Expr | null, startInline = false): Expr | null {
    while (this.isOp('|') || startInline) {
      if (!startInline) this.next();
      const t = this.expect('name');
      const name = this.dottedName(t.value as string);
      if (UNSUPPORTED_FILTERS.has(name))
        this.fail(`the '${name}' filter is not supported by this renderer`, t.pos);
      if (!ENV.filters.has(name)) this.fail(`No filter named '${name}'.`, t.pos);
      const args = this.isOp('(') ? this.parseCallArgs() : { args: [], kwargs: [] };
      node = { t: 'filter', node, name, ...args, pos: t.pos } as Node<'filter'>;
      startInline = false;
    }
    return node;
  }

  private parseTest(node: Expr): Expr {
    const pos = this.next().pos;
    const negated = this.skipName('not');
    const t = this.expect('name');
    const name = this.dottedName(t.value as string);
    if (!ENV.tests.has(name)) this.fail(`No test named '${name}'.`, t.pos);
    let args: CallArgs = { args: [], kwargs: [] };
    const c = this.cur;
    if (this.isOp('(')) {
      args = this.parseCallArgs();
    } else if (
      (['name', 'string', 'integer', 'float'].includes(c.type) ||
        this.isOp('(') ||
        this.isOp('[') ||
        this.isOp('{')) &&
      !['else', 'or', 'and'].some((n) => this.isName(n))
    ) {
      if (this.isName('is')) this.fail('You cannot chain multiple tests with is');
      args = { args: [this.parsePostfix(this.parsePrimary())], kwargs: [] };
    }
    const test: Expr = { t: 'test', node, name, ...args, pos };
    return negated ? { t: 'unary', op: 'not', operand: test, pos } : test;
  }

  private dottedName(name: string): string {
    while (this.skipOp('.')) name += '.' + (this.expect('name').value as string);
    return name;
  }
}

/** Names an AST references (used to decide whether a macro takes `varargs`/`kwargs`). */
function collectNames(node: unknown, out: Set<string>): void {
  if (Array.isArray(node)) {
    for (const x of node) collectNames(x, out);
  } else if (node && typeof node === 'object') {
    const n = node as { t?: string; name?: unknown };
    if (n.t === 'name' && typeof n.name === 'string') out.add(n.name);
    for (const v of Object.values(node)) if (v && typeof v === 'object') collectNames(v, out);
  }
}
