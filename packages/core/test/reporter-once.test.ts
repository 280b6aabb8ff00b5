import { MemoryReporter } from '../src/reporter.js';
import { WarnOnceReporter } from '../src/reporter-once.js';

test('a repeated warning is printed once, then counted; other messages pass through', () => {
  const inner = new MemoryReporter();
  const r = new WarnOnceReporter(inner);
  for (let i = 0; i < 10; i++) r.warn('connection "aoai" is not set');
  r.warn('another');
  r.warn('at a place', { file: 'a.json', line: 3 });
  r.warn('at a place', { file: 'a.json', line: 4 });
  r.info('info');
  r.error('error');
  expect(inner.warnings).toEqual(['connection "aoai" is not set', 'another', 'at a place', 'at a place']);
  r.flush();
  expect(inner.warnings.slice(4)).toEqual([
    'the warning "connection "aoai" is not set" came 10 times (printed once)'
  ]);
  expect(inner.lines).toEqual(['info']);
  expect(inner.errors).toEqual(['error']);
});
