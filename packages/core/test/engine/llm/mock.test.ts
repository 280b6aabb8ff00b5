import { connectionSecrets, LlmClient, parseConnection } from '../../../src/engine/llm/index.js';

test('{"api_type":"mock"} is the mock provider: no key, no model, the same answer for the same prompt', async () => {
  const mock = parseConnection('aoai', '{"api_type": "mock"}');
  expect(mock).toEqual({ name: 'aoai', apiType: 'mock' });
  expect(connectionSecrets(mock)).toEqual([]);

  const llm = new LlmClient();
  const messages = [
    { role: 'system' as const, content: 'Answer in one sentence.' },
    { role: 'user' as const, content: 'first question' },
    { role: 'assistant' as const, content: 'first answer' },
    { role: 'user' as const, content: ' What is the capital of France? ' }
  ];
  const a = await llm.chat({ connection: mock, messages });
  expect(a).toMatchObject({ text: 'What is the capital of France?', model: 'mock', attempts: 1 });
  expect((await llm.chat({ connection: mock, messages })).text).toBe(a.text);
  const json = await llm.chat({
    connection: mock,
    messages,
    parameters: { response_format: { type: 'json_object' } }
  });
  expect(JSON.parse(json.text)).toEqual({ mock: true, answer: 'What is the capital of France?' });
  const completion = await llm.complete({ connection: mock, prompt: 'Q: one\nQ: two\n\n' });
  expect(completion.text).toBe('Q: two');
  expect(llm.stats()).toMatchObject({ calls: 4, succeeded: 4, failed: 0 });
});

test('an unknown api_type names the three that exist', () => {
  expect(() => parseConnection('aoai', '{"api_type": "mok"}')).toThrow(
    /"api_type" must be "azure", "openai" or "mock", found "mok"/
  );
});
