/** Jinja2's builtin tests (`x is defined`, `n is odd`, …), from jinja2/tests.py. */
import { bindArgs } from './args.js';
import type { Environment } from './environment.js';
import { binaryOp, contains } from './ops.js';
import { pyIsLower, pyIsUpper } from './pystr.js';
import {
  isCallable,
  PyDict,
  PyIterator,
  PyObject,
  PyRange,
  PyTuple,
  pyCompare,
  pyEquals,
  str,
  Undefined,
  type Kwargs,
  type Value
} from './values.js';

export type TestFn = (value: Value, args: Value[], kwargs: Kwargs, env: Environment) => boolean;

function one(name: string, fn: (value: Value, other: Value) => boolean): TestFn {
  return (value, args, kwargs) => fn(value, bindArgs(name, ['other'], 1, args, kwargs)[0]!);
}

function none(fn: (value: Value, env: Environment) => boolean): TestFn {
  return (value, args, kwargs, env) => {
    bindArgs('test', [], 0, args, kwargs);
    return fn(value, env);
  };
}

const eq = one('eq', (a, b) => pyEquals(a, b));
const ne = one('ne', (a, b) => !pyEquals(a, b));
const gt = one('gt', (a, b) => pyCompare(a, b, 'gt') > 0);
const ge = one('ge', (a, b) => pyCompare(a, b, 'ge') >= 0);
const lt = one('lt', (a, b) => pyCompare(a, b, 'lt') < 0);
const le = one('le', (a, b) => pyCompare(a, b, 'le') <= 0);

function isSequence(v: Value): boolean {
  return (
    typeof v === 'string' ||
    Array.isArray(v) ||
    v instanceof PyTuple ||
    v instanceof PyDict ||
    v instanceof PyRange ||
    v instanceof Undefined
  );
}

function isIterable(v: Value): boolean {
  if (typeof v === 'string' || Array.isArray(v) || v instanceof PyIterator) return true;
  return v instanceof PyObject && v.iter() !== undefined;
}

export const TESTS: Map<string, TestFn> = new Map<string, TestFn>([
  ['odd', none((v) => pyEquals(binaryOp('%', v, 2n), 1n))],
  ['even', none((v) => pyEquals(binaryOp('%', v, 2n), 0n))],
  ['divisibleby', one('divisibleby', (v, n) => pyEquals(binaryOp('%', v, n), 0n))],
  ['defined', none((v) => !(v instanceof Undefined))],
  ['undefined', none((v) => v instanceof Undefined)],
  ['filter', none((v, env) => typeof v === 'string' && env.filters.has(v))],
  ['test', none((v, env) => typeof v === 'string' && env.tests.has(v))],
  ['none', none((v) => v === null)],
  ['boolean', none((v) => typeof v === 'boolean')],
  ['false', none((v) => v === false)],
  ['true', none((v) => v === true)],
  ['integer', none((v) => typeof v === 'bigint')],
  ['float', none((v) => typeof v === 'number')],
  ['lower', none((v) => pyIsLower(str(v)))],
  ['upper', none((v) => pyIsUpper(str(v)))],
  ['string', none((v) => typeof v === 'string')],
  ['mapping', none((v) => v instanceof PyDict)],
  ['number', none((v) => typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean')],
  ['sequence', none(isSequence)],
  ['iterable', none(isIterable)],
  ['callable', none(isCallable)],
  ['sameas', one('sameas', (a, b) => a === b)],
  ['escaped', none(() => false)],
  ['in', one('in', (v, seq) => contains(seq, v))],
  ['==', eq],
  ['eq', eq],
  ['equalto', eq],
  ['!=', ne],
  ['ne', ne],
  ['>', gt],
  ['gt', gt],
  ['greaterthan', gt],
  ['>=', ge],
  ['ge', ge],
  ['<', lt],
  ['lt', lt],
  ['lessthan', lt],
  ['<=', le],
  ['le', le]
]);
