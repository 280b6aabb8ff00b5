/** Template syntax tree. Every node carries `pos`, its offset in the normalized source. */
import type { Value } from './values.js';

export interface CallArgs {
  args: Expr[];
  kwargs: [string, Expr][];
  dynArgs?: Expr;
  dynKwargs?: Expr;
}

export type Expr = { pos: number } & (
  | { t: 'const'; value: Value }
  | { t: 'name'; name: string }
  | { t: 'list' | 'tuple'; items: Expr[] }
  | { t: 'dict'; items: [Expr, Expr][] }
  | { t: 'getattr'; obj: Expr; attr: string }
  | { t: 'getitem'; obj: Expr; key: Expr }
  | { t: 'slice'; start?: Expr; stop?: Expr; step?: Expr }
  | ({ t: 'call'; fn: Expr } & CallArgs)
  | ({ t: 'filter'; node: Expr | null; name: string } & CallArgs)
  | ({ t: 'test'; node: Expr; name: string } & CallArgs)
  | { t: 'binop'; op: '+' | '-' | '*' | '/' | '//' | '%' | '**'; left: Expr; right: Expr }
  | { t: 'concat'; items: Expr[] }
  | { t: 'unary'; op: '-' | '+' | 'not'; operand: Expr }
  | { t: 'and' | 'or'; left: Expr; right: Expr }
  | { t: 'compare'; first: Expr; ops: [CompareOp, Expr][] }
  | { t: 'cond'; test: Expr; then: Expr; else?: Expr }
);

export type CompareOp = 'eq' | 'ne' | 'lt' | 'lteq' | 'gt' | 'gteq' | 'in' | 'notin';

/** Assignment targets: a name, `ns.attr`, or a tuple of targets. */
export type Target =
  | { t: 'name'; name: string; pos: number }
  | { t: 'nsref'; name: string; attr: string; pos: number }
  | { t: 'tuple'; items: Target[]; pos: number };

export type Stmt = { pos: number } & (
  | { t: 'output'; items: (string | Expr)[] }
  | { t: 'for'; target: Target; iter: Expr; test?: Expr; recursive: boolean; body: Stmt[]; else: Stmt[] }
  | { t: 'if'; test: Expr; body: Stmt[]; else: Stmt[] }
  | { t: 'set'; target: Target; value: Expr }
  | { t: 'setblock'; target: Target; filter?: Expr; body: Stmt[] }
  | {
      t: 'macro';
      name: string;
      params: string[];
      defaults: Expr[];
      body: Stmt[];
      usesVarargs: boolean;
      usesKwargs: boolean;
      usesCaller: boolean;
    }
  | { t: 'filterblock'; filter: Expr; body: Stmt[] }
  | { t: 'with'; targets: Target[]; values: Expr[]; body: Stmt[] }
);
