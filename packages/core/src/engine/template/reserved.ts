/**
 * prompt flow refuses a prompt template whose variables clash with the tool's own parameters
 * (executor/_tool_resolver.py, `_validate_duplicated_inputs`): for a prompt node the renderer's
 * `template`, for an llm node the parameters of the provider's chat or completion call (not its
 * `prompt`: prompt flow leaves PromptTemplate parameters out of a tool's inputs).
 */
import { tokenize } from './lexer.js';

const CHAT = [
  'connection',
  'temperature',
  'top_p',
  'n',
  'stream',
  'stop',
  'max_tokens',
  'presence_penalty',
  'frequency_penalty',
  'logit_bias',
  'user',
  'function_call',
  'functions',
  'response_format',
  'seed',
  'tools',
  'tool_choice'
];
const COMPLETION = [
  'connection',
  'suffix',
  'max_tokens',
  'temperature',
  'top_p',
  'n',
  'stream',
  'logprobs',
  'echo',
  'stop',
  'presence_penalty',
  'frequency_penalty',
  'best_of',
  'logit_bias',
  'user'
];
const KEYWORDS = new Set([
  'and',
  'or',
  'not',
  'in',
  'is',
  'if',
  'else',
  'for',
  'endfor',
  'endif',
  'elif',
  'set',
  'true',
  'false',
  'none',
  'True',
  'False',
  'None',
  'loop',
  'recursive',
  'with',
  'endwith',
  'macro',
  'endmacro',
  'call',
  'endcall',
  'filter',
  'endfilter',
  'block',
  'endblock',
  'raw'
]);

/** The parameters a template variable may not be named after, for a node of `type`. */
export function reservedTemplateNames(
  type: 'llm' | 'prompt',
  api: 'chat' | 'completion' = 'chat',
  provider?: string
): string[] {
  if (type === 'prompt') return ['template'];
  const model = /^openai$/i.test(provider ?? '') ? 'model' : 'deployment_name';
  return [...(api === 'completion' ? COMPLETION : CHAT), model];
}

/**
 * Names a template reads from its inputs that are in `reserved`, in first-use order. A name counts
 * where Jinja would look it up: inside `{{ }}` or `{% %}`, not after `.`, not a filter or test name.
 */
export function reservedNamesUsed(source: string, reserved: readonly string[]): string[] {
  const found: string[] = [];
  let tokens;
  try {
    tokens = tokenize(source);
  } catch {
    return found; // a syntax error is reported when the template is compiled
  }
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type !== 'name' || typeof t.value !== 'string' || KEYWORDS.has(t.value)) continue;
    const prev = tokens[i - 1];
    if (prev?.type === 'op' && (prev.value === '.' || prev.value === '|')) continue;
    if (prev?.type === 'name' && prev.value === 'is') continue;
    if (reserved.includes(t.value) && !found.includes(t.value)) found.push(t.value);
  }
  return found;
}
