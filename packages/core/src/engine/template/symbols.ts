/**
 * Jinja2's compile-time scoping (jinja2/idtracking.py). Jinja analyzes each frame (the template,
 * a loop body, a loop's else, a macro, a `with`, a block `set`, a `filter` block) completely before
 * its child frames, and a name the frame assigns before anything in that frame reads it starts out
 * "missing". A child frame that reads such a name reads the parent's variable, so this renders
 * nothing although `a` is passed in:
 *
 *     {% for i in xs %}{{ a }}{% endfor %}{% set a = 5 %}
 *
 * Names the frame loads first, or assigns only inside `if` branches, are resolved from the
 * context/parent instead, which is what the renderer's scope chain does anyway; so this pass only
 * records, for each frame body, the names that start missing.
 */
import type { Expr, Stmt, Target } from './ast.js';

type Load = 'resolve' | 'undefined' | 'alias' | 'param';

class Symbols {
  loads = new Map<string, Load>();
  stores = new Set<string>();
  constructor(readonly parent?: Symbols) {}

  findRef(name: string): boolean {
    return this.loads.has(name) || (this.parent?.findRef(name) ?? false);
  }
  store(name: string): void {
    this.stores.add(name);
    if (!this.loads.has(name)) this.loads.set(name, this.parent?.findRef(name) ? 'alias' : 'undefined');
  }
  param(name: string): void {
    this.stores.add(name);
    this.loads.set(name, 'param');
  }
  load(name: string): void {
    if (!this.findRef(name)) this.loads.set(name, 'resolve');
  }
  copy(): Symbols {
    const c = new Symbols(this.parent);
    c.loads = new Map(this.loads);
    c.stores = new Set(this.stores);
    return c;
  }
  /** After an `if`: names stored in a branch are resolved (or aliased), not missing. */
  branchUpdate(branches: Symbols[]): void {
    const stored = new Set<string>();
    for (const b of branches) for (const n of b.stores) if (!this.stores.has(n)) stored.add(n);
    for (const b of branches) {
      for (const [k, v] of b.loads) this.loads.set(k, v);
      for (const n of b.stores) this.stores.add(n);
    }
    for (const n of stored) this.loads.set(n, this.parent?.findRef(n) ? 'alias' : 'resolve');
  }
  undefinedNames(): string[] {
    return [...this.loads].filter(([, kind]) => kind === 'undefined').map(([name]) => name);
  }
}

/** For each frame body: the names that start out missing when the frame is entered. */
const FRAME_UNDEFINED = new WeakMap<readonly Stmt[], readonly string[]>();

export function undefinedAtEntry(body: readonly Stmt[]): readonly string[] {
  return FRAME_UNDEFINED.get(body) ?? [];
}

function visitExpr(e: Expr | null | undefined, sym: Symbols): void {
  if (!e) return;
  if (e.t === 'name') {
    sym.load(e.name);
    return;
  }
  for (const child of Object.values(e)) {
    if (Array.isArray(child)) {
      for (const item of child) {
        if (Array.isArray(item)) item.forEach((x) => typeof x === 'object' && visitExpr(x as Expr, sym));
        else if (item && typeof item === 'object') visitExpr(item as Expr, sym);
      }
    } else if (child && typeof child === 'object' && 't' in child) {
      visitExpr(child as Expr, sym);
    }
  }
}

function visitTarget(t: Target, sym: Symbols, asParam = false): void {
  if (t.t === 'name') {
    if (asParam) sym.param(t.name);
    else sym.store(t.name);
  } else if (t.t === 'nsref') {
    sym.load(t.name);
  } else {
    for (const item of t.items) visitTarget(item, sym, asParam);
  }
}

/** The symbols a statement contributes to its own frame (child frames are analyzed later). */
function visitStmt(s: Stmt, sym: Symbols): void {
  switch (s.t) {
    case 'output':
      for (const item of s.items) if (typeof item !== 'string') visitExpr(item, sym);
      return;
    case 'if': {
      visitExpr(s.test, sym);
      const branch = (body: Stmt[]): Symbols => {
        const copy = sym.copy();
        for (const x of body) visitStmt(x, copy);
        return copy;
      };
      sym.branchUpdate([branch(s.body), branch(s.else)]);
      return;
    }
    case 'for':
      visitExpr(s.iter, sym);
      return;
    case 'set':
      visitExpr(s.value, sym);
      visitTarget(s.target, sym);
      return;
    case 'setblock':
      visitTarget(s.target, sym);
      return;
    case 'macro':
      sym.store(s.name);
      return;
    case 'filterblock':
      visitExpr(s.filter, sym);
      return;
    case 'with':
      for (const v of s.values) visitExpr(v, sym);
      return;
  }
}

/** Analyzes one frame, then the frames nested in it (which see the complete parent frame). */
function analyzeFrame(
  body: Stmt[],
  sym: Symbols,
  prelude?: (sym: Symbols) => void,
  after: Stmt[] = []
): void {
  prelude?.(sym);
  for (const s of body) visitStmt(s, sym);
  for (const s of after) visitStmt(s, sym);
  FRAME_UNDEFINED.set(body, sym.undefinedNames());
  analyzeChildren(body, sym);
}

function analyzeChildren(body: Stmt[], sym: Symbols): void {
  for (const s of body) {
    switch (s.t) {
      case 'if':
        analyzeChildren(s.body, sym);
        analyzeChildren(s.else, sym);
        break;
      case 'for':
        analyzeFrame(s.body, new Symbols(sym), (f) => {
          visitTarget(s.target, f, true);
          f.param('loop');
        });
        if (s.else.length) analyzeFrame(s.else, new Symbols(sym));
        break;
      case 'macro':
        analyzeFrame(s.body, new Symbols(sym), (f) => {
          for (const p of s.params) f.param(p);
          for (const d of s.defaults) visitExpr(d, f);
          for (const special of ['caller', 'kwargs', 'varargs']) f.param(special);
        });
        break;
      case 'with':
        analyzeFrame(s.body, new Symbols(sym), (f) => s.targets.forEach((t) => visitTarget(t, f, true)));
        break;
      case 'setblock':
        analyzeFrame(s.body, new Symbols(sym));
        break;
      case 'filterblock':
        analyzeFrame(s.body, new Symbols(sym), undefined, [{ t: 'output', items: [s.filter], pos: s.pos }]);
        break;
    }
  }
}

/** Runs Jinja's scope analysis over a parsed template. */
export function analyzeScopes(body: Stmt[]): void {
  analyzeFrame(body, new Symbols());
}
