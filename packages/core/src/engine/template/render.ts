/**
 * Evaluates a parsed template with Jinja2's scoping: `{% if %}` shares its scope; each `for`
 * iteration, loop `else`, macro call, `with`, block `set` and `filter` body is a child frame;
 * `{% set %}` writes to the innermost frame; macros see their defining frame as it is when they
 * are called; names a frame assigns before reading start out missing (see symbols.ts).
 */
import type { CallArgs, Expr, Stmt, Target } from './ast.js';
import { makeGlobals } from './builtins.js';
import { DEFAULT_ENVIRONMENT as ENV } from './environment.js';
import { PySlice, sliceValue } from './items.js';
import { getAttr, getItem } from './methods.js';
import { binaryOp, callValue, contains, unaryOp } from './ops.js';
import { undefinedAtEntry } from './symbols.js';
import {
  iterate,
  PyCallable,
  PyDict,
  PyError,
  PyNamespace,
  PyObject,
  PyTuple,
  pyCompare,
  pyEquals,
  repr,
  str,
  toList,
  truthy,
  typeError,
  Undefined,
  type Kwargs,
  type Value
} from './values.js';

/** A variable Jinja has declared in a frame but not assigned yet (reads give Undefined). */
const MISSING = Symbol('missing');

export class Scope {
  private readonly vars = new Map<string, Value | typeof MISSING>();
  constructor(readonly parent?: Scope) {}
  lookup(name: string): Value | typeof MISSING | undefined {
    const v = this.vars.get(name);
    return v !== undefined || !this.parent ? v : this.parent.lookup(name);
  }
  set(name: string, value: Value): void {
    this.vars.set(name, value);
  }
  declareMissing(name: string): void {
    this.vars.set(name, MISSING);
  }
}

/** Enters a frame: the names Jinja's compiler declares in it without a value start out missing. */
function frame(parent: Scope, body: readonly Stmt[]): Scope {
  const scope = new Scope(parent);
  for (const name of undefinedAtEntry(body)) scope.declareMissing(name);
  return scope;
}

const GLOBALS = new Scope();
for (const [k, v] of makeGlobals()) GLOBALS.set(k, v);

/** The template's root frame, over the render variables, over Jinja's globals. */
export function rootScope(vars: Iterable<[string, Value]>, body: readonly Stmt[]): Scope {
  const context = new Scope(GLOBALS);
  for (const [k, v] of vars) context.set(k, v);
  return frame(context, body);
}

class LoopContext extends PyObject {
  readonly typeName = 'LoopContext';
  index0 = -1;
  private lastChanged: Value | undefined;
  constructor(
    private readonly items: Value[],
    private readonly depth0: number,
    private readonly recurse?: (iterable: Value, depth0: number) => string
  ) {
    super();
  }
  override getAttr(name: string): Value | undefined {
    const n = this.items.length;
    const i = this.index0;
    switch (name) {
      case 'index':
        return BigInt(i + 1);
      case 'index0':
        return BigInt(i);
      case 'revindex':
        return BigInt(n - i);
      case 'revindex0':
        return BigInt(n - i - 1);
      case 'first':
        return i === 0;
      case 'last':
        return i === n - 1;
      case 'length':
        return BigInt(n);
      case 'depth':
        return BigInt(this.depth0 + 1);
      case 'depth0':
        return BigInt(this.depth0);
      case 'previtem':
        return i > 0 ? this.items[i - 1]! : new Undefined('there is no previous item');
      case 'nextitem':
        return i < n - 1 ? this.items[i + 1]! : new Undefined('there is no next item');
      case 'cycle':
        return new PyCallable('cycle', (args) => {
          if (!args.length) throw typeError('no items for cycling given');
          return args[i % args.length]!;
        });
      case 'changed':
        return new PyCallable('changed', (args) => {
          const value = new PyTuple(args);
          if (this.lastChanged !== undefined && pyEquals(this.lastChanged, value)) return false;
          this.lastChanged = value;
          return true;
        });
    }
    return undefined;
  }
  override call(args: Value[]): Value {
    if (!this.recurse) throw typeError("The loop must have the 'recursive' marker to be called recursively.");
    return this.recurse(args[0] ?? null, this.depth0 + 1);
  }
  override len(): number {
    return this.items.length;
  }
  override repr(): string {
    return `<LoopContext ${this.index0 + 1}/${this.items.length}>`;
  }
}

function unpack(target: Target, value: Value, scope: Scope): void {
  if (target.t === 'name') {
    scope.set(target.name, value);
  } else if (target.t === 'nsref') {
    const ns = scope.lookup(target.name);
    if (!(ns instanceof PyNamespace))
      throw new PyError('TemplateRuntimeError', 'cannot assign attribute on non-namespace object');
    ns.attrs.set(target.attr, value);
  } else {
    const items = toList(value);
    const n = target.items.length;
    if (items.length < n)
      throw new PyError('ValueError', `not enough values to unpack (expected ${n}, got ${items.length})`);
    if (items.length > n) throw new PyError('ValueError', `too many values to unpack (expected ${n})`);
    target.items.forEach((t, i) => unpack(t, items[i]!, scope));
  }
}

/** Attaches the position of the innermost node that failed. */
function locate(e: unknown, pos: number): never {
  if (e instanceof PyError && e.templatePos === undefined) e.templatePos = pos;
  throw e;
}

export function evalExpr(e: Expr, scope: Scope): Value {
  try {
    return evalNode(e, scope);
  } catch (err) {
    locate(err, e.pos);
  }
}

function evalArgs(c: CallArgs, scope: Scope): [Value[], Kwargs] {
  const args = c.args.map((a) => evalExpr(a, scope));
  if (c.dynArgs) args.push(...iterate(evalExpr(c.dynArgs, scope)));
  const kwargs: Kwargs = new Map(c.kwargs.map(([k, v]) => [k, evalExpr(v, scope)]));
  if (c.dynKwargs) {
    const d = evalExpr(c.dynKwargs, scope);
    if (!(d instanceof PyDict)) throw typeError('argument after ** must be a mapping');
    for (const [k, v] of d.entries()) {
      if (typeof k !== 'string') throw typeError('keywords must be strings');
      kwargs.set(k, v);
    }
  }
  return [args, kwargs];
}

/** Applies a filter node; `input` replaces the innermost missing operand (filter blocks). */
export function applyFilter(e: Expr, scope: Scope, input: Value): Value {
  if (e.t !== 'filter') return evalExpr(e, scope);
  try {
    const value = e.node ? applyFilter(e.node, scope, input) : input;
    const [args, kwargs] = evalArgs(e, scope);
    return ENV.filters.get(e.name)!(value, args, kwargs, ENV);
  } catch (err) {
    locate(err, e.pos);
  }
}

function evalNode(e: Expr, scope: Scope): Value {
  switch (e.t) {
    case 'const':
      return e.value;
    case 'name': {
      const v = scope.lookup(e.name);
      return v === undefined || v === MISSING ? Undefined.named(e.name) : v;
    }
    case 'list':
      return e.items.map((x) => evalExpr(x, scope));
    case 'tuple':
      return new PyTuple(e.items.map((x) => evalExpr(x, scope)));
    case 'dict':
      return PyDict.from(e.items.map(([k, v]) => [evalExpr(k, scope), evalExpr(v, scope)]));
    case 'getattr':
      return getAttr(evalExpr(e.obj, scope), e.attr);
    case 'getitem': {
      const obj = evalExpr(e.obj, scope);
      const key = evalExpr(e.key, scope);
      return key instanceof PySlice ? sliceValue(obj, key) : getItem(obj, key);
    }
    case 'slice': {
      const part = (x?: Expr): Value => (x ? evalExpr(x, scope) : null);
      return new PySlice(part(e.start), part(e.stop), part(e.step));
    }
    case 'call': {
      const fn = evalExpr(e.fn, scope);
      const [args, kwargs] = evalArgs(e, scope);
      return callValue(fn, args, kwargs);
    }
    case 'filter':
      return applyFilter(e, scope, null);
    case 'test': {
      const value = evalExpr(e.node, scope);
      const [args, kwargs] = evalArgs(e, scope);
      return ENV.tests.get(e.name)!(value, args, kwargs, ENV);
    }
    case 'binop': {
      const left = evalExpr(e.left, scope);
      const right = evalExpr(e.right, scope);
      if (e.op === '**' && isNegativeNumber(left) && isFoldable(e.left) && !isFoldable(e.right)) {
        // Jinja writes a folded negative constant without parentheses: `-2 ** x` runs as -(2 ** x).
        return unaryOp('-', binaryOp('**', unaryOp('-', left), right));
      }
      return binaryOp(e.op, left, right);
    }
    case 'concat':
      return e.items.map((x) => str(evalExpr(x, scope))).join('');
    case 'unary':
      if (e.op === 'not') return !truthy(evalExpr(e.operand, scope));
      return unaryOp(e.op, evalExpr(e.operand, scope));
    case 'and': {
      const left = evalExpr(e.left, scope);
      return truthy(left) ? evalExpr(e.right, scope) : left;
    }
    case 'or': {
      const left = evalExpr(e.left, scope);
      return truthy(left) ? left : evalExpr(e.right, scope);
    }
    case 'compare': {
      let left = evalExpr(e.first, scope);
      for (const [op, rightExpr] of e.ops) {
        const right = evalExpr(rightExpr, scope);
        if (!compare(op, left, right)) return false;
        left = right;
      }
      return true;
    }
    case 'cond':
      if (truthy(evalExpr(e.test, scope))) return evalExpr(e.then, scope);
      if (e.else) return evalExpr(e.else, scope);
      return new Undefined('the inline if-expression evaluated to false and no else section was defined.');
  }
}

function isNegativeNumber(v: Value): boolean {
  return (typeof v === 'bigint' && v < 0n) || (typeof v === 'number' && (v < 0 || Object.is(v, -0)));
}

/** Filters Jinja never folds at compile time (they need the render context). */
const CONTEXT_FILTERS = new Set(['map', 'select', 'reject', 'selectattr', 'rejectattr', 'random']);

/** Whether Jinja's optimizer folds this expression into a constant at compile time. */
function isFoldable(e: Expr | undefined): boolean {
  if (!e) return true;
  switch (e.t) {
    case 'const':
      return true;
    case 'list':
    case 'tuple':
    case 'concat':
      return e.items.every(isFoldable);
    case 'dict':
      return e.items.every(([k, v]) => isFoldable(k) && isFoldable(v));
    case 'getattr':
      return isFoldable(e.obj);
    case 'getitem':
      return isFoldable(e.obj) && isFoldable(e.key);
    case 'slice':
      return isFoldable(e.start) && isFoldable(e.stop) && isFoldable(e.step);
    case 'binop':
    case 'and':
    case 'or':
      return isFoldable(e.left) && isFoldable(e.right);
    case 'unary':
      return isFoldable(e.operand);
    case 'compare':
      return isFoldable(e.first) && e.ops.every(([, x]) => isFoldable(x));
    case 'cond':
      return isFoldable(e.test) && isFoldable(e.then) && e.else !== undefined && isFoldable(e.else);
    case 'filter':
    case 'test':
      return (
        !(e.t === 'filter' && CONTEXT_FILTERS.has(e.name)) &&
        e.node !== null &&
        isFoldable(e.node) &&
        e.args.every(isFoldable) &&
        e.kwargs.every(([, v]) => isFoldable(v)) &&
        !e.dynArgs &&
        !e.dynKwargs
      );
    default:
      return false;
  }
}

function compare(op: string, a: Value, b: Value): boolean {
  switch (op) {
    case 'eq':
      return pyEquals(a, b);
    case 'ne':
      return !pyEquals(a, b);
    case 'lt':
      return pyCompare(a, b, 'lt') < 0;
    case 'lteq':
      return pyCompare(a, b, 'le') <= 0;
    case 'gt':
      return pyCompare(a, b, 'gt') > 0;
    case 'gteq':
      return pyCompare(a, b, 'ge') >= 0;
    case 'in':
      return contains(b, a);
    default:
      return !contains(b, a);
  }
}

export function execBody(body: Stmt[], scope: Scope, out: string[]): void {
  for (const s of body) {
    try {
      execStmt(s, scope, out);
    } catch (err) {
      locate(err, s.pos);
    }
  }
}

function renderToString(body: Stmt[], scope: Scope): string {
  const out: string[] = [];
  execBody(body, scope, out);
  return out.join('');
}

function execStmt(s: Stmt, scope: Scope, out: string[]): void {
  switch (s.t) {
    case 'output':
      for (const item of s.items) out.push(typeof item === 'string' ? item : str(evalExpr(item, scope)));
      return;
    case 'if':
      execBody(truthy(evalExpr(s.test, scope)) ? s.body : s.else, scope, out);
      return;
    case 'for':
      out.push(runFor(s, evalExpr(s.iter, scope), scope, 0));
      return;
    case 'set':
      unpack(s.target, evalExpr(s.value, scope), scope);
      return;
    case 'setblock': {
      const inner = frame(scope, s.body);
      const text = renderToString(s.body, inner);
      unpack(s.target, s.filter ? applyFilter(s.filter, inner, text) : text, scope);
      return;
    }
    case 'filterblock': {
      const inner = frame(scope, s.body);
      out.push(str(applyFilter(s.filter, inner, renderToString(s.body, inner))));
      return;
    }
    case 'with': {
      const inner = frame(scope, s.body);
      s.targets.forEach((t, i) => unpack(t, evalExpr(s.values[i]!, scope), inner));
      execBody(s.body, inner, out);
      return;
    }
    case 'macro':
      scope.set(s.name, makeMacro(s, scope));
      return;
  }
}

/** The value of an assignment target after unpacking (`a, b` gives the tuple `(a, b)`). */
function targetValue(target: Target, scope: Scope): Value {
  if (target.t === 'tuple') return new PyTuple(target.items.map((t) => targetValue(t, scope)));
  const v = scope.lookup(target.name);
  return v === undefined || v === MISSING ? null : v;
}

function runFor(s: Extract<Stmt, { t: 'for' }>, iterable: Value, scope: Scope, depth0: number): string {
  let items = toList(iterable);
  if (s.test) {
    // Jinja filters with a generator that yields the loop target, so unpacked items become tuples.
    const test = s.test;
    const kept: Value[] = [];
    for (const item of items) {
      const probe = new Scope(scope);
      unpack(s.target, item, probe);
      if (truthy(evalExpr(test, probe))) kept.push(targetValue(s.target, probe));
    }
    items = kept;
  }
  const out: string[] = [];
  if (!items.length) {
    execBody(s.else, frame(scope, s.else), out);
    return out.join('');
  }
  const loop = new LoopContext(items, depth0, s.recursive ? (it, d) => runFor(s, it, scope, d) : undefined);
  for (const item of items) {
    loop.index0++;
    const iterScope = frame(scope, s.body);
    iterScope.set('loop', loop);
    unpack(s.target, item, iterScope);
    execBody(s.body, iterScope, out);
  }
  return out.join('');
}

function makeMacro(s: Extract<Stmt, { t: 'macro' }>, defScope: Scope): PyCallable {
  const { name, params, defaults } = s;
  const firstDefault = params.length - defaults.length;
  const call = (args: Value[], kw: Kwargs): Value => {
    const kwargs = new Map(kw);
    const given: (Value | undefined)[] = args.slice(0, params.length);
    for (const p of params.slice(given.length)) {
      given.push(kwargs.get(p));
      kwargs.delete(p);
    }
    const scope = frame(defScope, s.body);
    if (s.usesCaller) {
      scope.set('caller', kwargs.get('caller') ?? new Undefined('No caller defined'));
      kwargs.delete('caller');
    }
    if (s.usesKwargs) scope.set('kwargs', PyDict.from(kwargs));
    else if (kwargs.size)
      throw typeError(`macro '${name}' takes no keyword argument '${[...kwargs.keys()][0]}'`);
    if (s.usesVarargs) scope.set('varargs', new PyTuple(args.slice(params.length)));
    else if (args.length > params.length)
      throw typeError(`macro '${name}' takes not more than ${params.length} argument(s)`);
    params.forEach((p, i) => {
      let v = given[i];
      if (v === undefined) {
        v =
          i >= firstDefault
            ? evalExpr(defaults[i - firstDefault]!, scope)
            : new Undefined(`parameter '${p}' was not provided`);
      }
      scope.set(p, v);
    });
    return renderToString(s.body, scope);
  };
  return new PyCallable(name, call, `<Macro ${repr(name)}>`, 'Macro');
}
