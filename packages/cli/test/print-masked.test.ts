/** What the CLI prints on stdout (an endpoint's answer, a run record) goes through the reporter's masker. */
import { jest } from '@jest/globals';
import { printJson } from '../src/commands/kv.js';
import { TerminalReporter } from '../src/terminal-reporter.js';

test('printJson masks the secrets the reporter knows, and those of the environment', () => {
  const reporter = new TerminalReporter();
  reporter.secret('endpoint-key-0123456789');
  reporter.masker.addEnvironment({ aoai: JSON.stringify({ api_key: 'model-key-abcdefgh' }) });
  const written: string[] = [];
  const spy = jest
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk) => (written.push(String(chunk)), true));
  try {
    printJson(
      {
        response: { error: 'Incorrect API key provided: model-key-abcdefgh' },
        key: 'endpoint-key-0123456789'
      },
      reporter
    );
  } finally {
    spy.mockRestore();
  }
  const out = written.join('');
  expect(JSON.parse(out)).toEqual({ response: { error: 'Incorrect API key provided: ***' }, key: '***' });
});
