/**
 * The mock provider's answers: no model, no network. A call answers with the text of the prompt's
 * last user message (for a completion, the prompt's last non-blank line), so the same prompt always
 * gets the same answer and a flow's wiring can be tried end to end. Such answers say nothing of
 * a prompt's quality: every report of a run that used the mock says its metrics are not meaningful.
 */
import type { Flow } from '../../flow/model.js';
import { isMockConnectionText, MOCK_CONNECTION_JSON } from './connection.js';
import type { LlmChatMessage, LlmRequest, LlmResult } from './client.js';

export function mockReply(request: LlmRequest): Omit<LlmResult, 'attempts'> {
  const prompt = request.api === 'chat' ? lastUserText(request.messages) : lastLine(request.prompt);
  const wantsJson = request.parameters?.response_format?.type === 'json_object';
  const text = wantsJson ? JSON.stringify({ mock: true, answer: prompt }) : prompt;
  const promptTokens = words(
    request.api === 'chat' ? request.messages.map(textOf).join(' ') : request.prompt
  );
  const completionTokens = words(text);
  return {
    text,
    usage: { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens },
    finishReason: 'stop',
    model: 'mock',
    latencyMs: 0
  };
}

const textOf = (m: LlmChatMessage): string =>
  typeof m.content === 'string'
    ? m.content
    : m.content.map((p) => (p.type === 'text' ? p.text : '')).join(' ');

function lastUserText(messages: LlmChatMessage[]): string {
  const users = messages.filter((m) => m.role === 'user');
  return (users.length ? textOf(users[users.length - 1]) : '').trim();
}

function lastLine(prompt: string): string {
  const lines = prompt.split(/\r?\n/).filter((l) => l.trim() !== '');
  return (lines[lines.length - 1] ?? '').trim();
}

const words = (s: string): number => s.split(/\s+/).filter(Boolean).length;

/** LLM connection names a flow uses (llm nodes, their variants included). */
export function flowConnectionNames(flow: Flow): string[] {
  if (flow.kind !== 'dag') return [];
  const bodies = [
    ...flow.nodes.filter((n) => !n.useVariants),
    ...Object.values(flow.nodeVariants).flatMap((v) => Object.values(v.variants))
  ] as { type: string; connection?: string }[];
  return [...new Set(bodies.filter((b) => b.type === 'llm' && b.connection).map((b) => b.connection!))];
}

/** `environ` with every named connection set to the mock provider. */
export function withMockConnections(environ: NodeJS.ProcessEnv, names: string[]): NodeJS.ProcessEnv {
  return { ...environ, ...Object.fromEntries(names.map((n) => [n, MOCK_CONNECTION_JSON])) };
}

/** The named connections that `environ` sets to the mock provider. */
export function mockConnectionNames(environ: NodeJS.ProcessEnv, names: string[]): string[] {
  return names.filter((n) => isMockConnectionText(environ[n]));
}
