import { parsePy, pyFloat, PyFloat, stringifyPy } from '../../src/util/py-float.js';
import { pyJson } from '../../src/util/py-json.js';

describe('python floats whose JSON text JS would change', () => {
  test('pyFloat keeps repr where JS prints differently, plain numbers elsewhere', () => {
    expect(pyFloat(1)).toEqual(new PyFloat(1, '1.0'));
    expect(pyFloat(-2)).toEqual(new PyFloat(-2, '-2.0'));
    expect(pyFloat(1e-5)).toEqual(new PyFloat(1e-5, '1e-05'));
    expect(pyFloat(1e16)).toEqual(new PyFloat(1e16, '1e+16'));
    expect(pyFloat(0.5)).toBe(0.5);
    expect(pyFloat(1e21)).toBe(1e21); // both write 1e+21
    expect(pyFloat(NaN)).toBeNaN();
  });

  test('stringifyPy writes them as json.dumps does; JSON.stringify still writes the number', () => {
    const v = { a: pyFloat(1), b: [pyFloat(1e-5), 3, 'x\u0000pf-float:9'], c: 0.5 };
    expect(stringifyPy(v)).toBe('{"a":1.0,"b":[1e-05,3,"x\\u0000pf-float:9"],"c":0.5}');
    expect(JSON.stringify(v)).toBe('{"a":1,"b":[0.00001,3,"x\\u0000pf-float:9"],"c":0.5}');
    expect(pyJson({ n: NaN, f: pyFloat(2) })).toBe('{"n":NaN,"f":2.0}');
  });

  test('a PyFloat behaves as its number and prints as python str()', () => {
    const f = pyFloat(3) as PyFloat;
    expect(+f + 1).toBe(4);
    expect(f > 2).toBe(true);
    expect(`${f}`).toBe('3.0');
  });

  test('parsePy reads back what stringifyPy wrote; strings that look like floats stay strings', () => {
    const text = '{"a":1.0,"b":[1e-05,2,1.5,-3.0],"s":"v1.0, 2e-05","t":"\\"1.0"}';
    const v = parsePy(text) as Record<string, unknown>;
    expect(v.a).toEqual(new PyFloat(1, '1.0'));
    expect(v.b).toEqual([new PyFloat(1e-5, '1e-05'), 2, 1.5, new PyFloat(-3, '-3.0')]);
    expect(v.s).toBe('v1.0, 2e-05');
    expect(v.t).toBe('"1.0');
    expect(stringifyPy(v)).toBe(text);
    expect(parsePy('{"a":1,"b":"x"}')).toEqual({ a: 1, b: 'x' });
  });
});
