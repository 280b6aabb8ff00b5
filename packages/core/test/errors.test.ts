import { formatProblem, UserError } from '../src/errors.js';

test('a problem names file, line, path and message', () => {
  expect(formatProblem({ file: 'a.json', line: 3, column: 5, path: 'x.y', message: 'bad' })).toBe(
    'a.json:3:5: x.y: bad'
  );
  expect(
    new UserError([
      { file: 'a.json', message: 'm1' },
      { file: 'b.json', path: 'z', message: 'm2' }
    ]).message
  ).toBe('a.json: m1\nb.json: z: m2');
});
