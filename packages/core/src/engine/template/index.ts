/**
 * Jinja2 templating for llm and prompt nodes: byte-for-byte the output of
 * `jinja2.Environment(trim_blocks=True, keep_trailing_newline=True)`, and prompt flow's chat format.
 */
export { compileTemplate, renderTemplate, type CompiledTemplate, type TemplateOptions } from './template.js';
export {
  CHAT_ROLES,
  parseChatMessages,
  usesChatRoles,
  type ChatMessage,
  type ChatParseOptions,
  type ChatRole
} from './chat.js';
