/** Jinja2's default globals: range, dict, namespace, cycler, joiner (and lipsum, refused). */
import { asInt, bindArgs } from './args.js';
import {
  iterate,
  PyCallable,
  PyDict,
  PyError,
  PyNamespace,
  PyObject,
  PyRange,
  str,
  typeError,
  type Kwargs,
  type Value
} from './values.js';

function range(args: Value[], kwargs: Kwargs): Value {
  if (kwargs.size) throw typeError('range() takes no keyword arguments');
  if (!args.length || args.length > 3)
    throw typeError(`range expected at most 3 arguments, got ${args.length}`);
  const ints = args.map((a) => BigInt(asInt(a)));
  const [start, stop, step] = ints.length === 1 ? [0n, ints[0]!, 1n] : [ints[0]!, ints[1]!, ints[2] ?? 1n];
  if (step === 0n) throw new PyError('ValueError', 'range() arg 3 must not be zero');
  return new PyRange(start, stop, step);
}

function dict(args: Value[], kwargs: Kwargs): PyDict {
  if (args.length > 1) throw typeError(`dict expected at most 1 argument, got ${args.length}`);
  const d = new PyDict();
  const src = args[0];
  if (src instanceof PyDict) for (const [k, v] of src.entries()) d.set(k, v);
  else if (src !== undefined) {
    for (const pair of iterate(src)) {
      const kv = Array.from(iterate(pair));
      if (kv.length !== 2)
        throw new PyError(
          'ValueError',
          `dictionary update sequence element has length ${kv.length}; 2 is required`
        );
      d.set(kv[0]!, kv[1]!);
    }
  }
  for (const [k, v] of kwargs) d.set(k, v);
  return d;
}

function namespace(args: Value[], kwargs: Kwargs): PyNamespace {
  const ns = new PyNamespace();
  for (const [k, v] of dict(args, kwargs).entries()) ns.attrs.set(k, v);
  return ns;
}

class Cycler extends PyObject {
  readonly typeName = 'Cycler';
  private pos = 0;
  constructor(private readonly items: Value[]) {
    super();
  }
  override getAttr(name: string): Value | undefined {
    if (name === 'current') return this.items[this.pos]!;
    if (name === 'items') return this.items;
    if (name === 'reset') return new PyCallable('reset', () => ((this.pos = 0), null));
    if (name === 'next') {
      return new PyCallable('next', () => {
        const v = this.items[this.pos]!;
        this.pos = (this.pos + 1) % this.items.length;
        return v;
      });
    }
    return undefined;
  }
  override repr(): string {
    return '<jinja2.utils.Cycler object>';
  }
}

class Joiner extends PyObject {
  readonly typeName = 'Joiner';
  private used = false;
  constructor(private readonly sep: string) {
    super();
  }
  override call(): Value {
    if (this.used) return this.sep;
    this.used = true;
    return '';
  }
  override repr(): string {
    return '<jinja2.utils.Joiner object>';
  }
}

export function makeGlobals(): Map<string, Value> {
  return new Map<string, Value>([
    ['range', new PyCallable('range', range, "<class 'range'>", 'type')],
    ['dict', new PyCallable('dict', dict, "<class 'dict'>", 'type')],
    ['namespace', new PyCallable('namespace', namespace, "<class 'jinja2.utils.Namespace'>", 'type')],
    [
      'cycler',
      new PyCallable(
        'cycler',
        (args, kwargs) => {
          bindArgs('Cycler', [], 0, [], kwargs);
          if (!args.length) throw typeError('at least one item has to be provided');
          return new Cycler(args);
        },
        "<class 'jinja2.utils.Cycler'>",
        'type'
      )
    ],
    [
      'joiner',
      new PyCallable(
        'joiner',
        (args, kwargs) => {
          const [sep] = bindArgs('Joiner', ['sep'], 0, args, kwargs);
          return new Joiner(sep === undefined ? ', ' : str(sep));
        },
        "<class 'jinja2.utils.Joiner'>",
        'type'
      )
    ],
    [
      'lipsum',
      new PyCallable('lipsum', () => {
        throw new PyError(
          'NotSupportedError',
          'lipsum() produces random text and is not supported by this renderer'
        );
      })
    ]
  ]);
}
