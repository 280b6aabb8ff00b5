import { checkExpected, matchExpected } from '../../src/stages/expected-match.js';

const answer = {
  answer: 'The capital of Italy is Rome.',
  entities: ['Rome', 'Italy'],
  meta: { lang: 'en', tokens: 7, model: { name: 'gpt' } }
};
const check = (expected: Record<string, unknown>) =>
  Object.entries(expected).flatMap(([k, w]) =>
    matchExpected((answer as Record<string, unknown>)[k], w, `output "${k}"`)
  );

test('contains, regex and JSON subset match free text and structures; plain values stay exact', () => {
  expect(check({ answer: { $contains: 'Rome' } })).toEqual([]);
  expect(check({ answer: { $contains: 'Paris' } })).toEqual([
    'output "answer": expected it to contain "Paris", got "The capital of Italy is Rome."'
  ]);
  expect(check({ entities: { $contains: 'Italy' } })).toEqual([]);
  expect(check({ answer: { $regex: '^the capital .* rome\\.$', $flags: 'i' } })).toEqual([]);
  expect(check({ answer: { $regex: '^Rome' } })).toEqual([
    'output "answer": expected text matching /^Rome/, got "The capital of Italy is Rome."'
  ]);
  expect(check({ meta: { lang: 'en', model: { name: 'gpt' } } })).toEqual([]);
  expect(check({ meta: { lang: 'fr', model: { name: { $contains: 'g' } } } })).toEqual([
    'output "meta".lang: expected "fr", got "en"'
  ]);
  expect(check({ answer: 'The capital of Italy is Rome' })).toHaveLength(1);
  expect(check({ entities: ['Rome', 'Italy'] })).toEqual([]);
});

test('a malformed pattern is refused before anything is sent', () => {
  expect(() => checkExpected({ answer: { $regex: '(' } })).toThrow(
    /expected\.answer\.\$regex: not a valid regular expression/
  );
  expect(() => checkExpected({ meta: { x: { $regex: 3 } } })).toThrow(
    /expected\.meta\.x\.\$regex: expected a string pattern/
  );
});
