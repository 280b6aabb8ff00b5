/**
 * Templates of llm and prompt nodes: compiled once per file and executor, rendered per line; chat
 * prompts are split into messages with prompt flow's role escaping.
 */
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { CHAT_ROLES, compileTemplate, parseChatMessages, type CompiledTemplate } from '../template/index.js';
import type { LlmChatMessage } from '../llm/client.js';
import { splitPrompty } from '../../flow/load-prompty.js';
import { reservedNamesUsed } from '../template/reserved.js';
import { ExecutionFailure } from './errors.js';

type Entry = { ok: true; render: CompiledTemplate } | { ok: false; message: string };

export class TemplateCache {
  private readonly cache = new Map<string, Entry>();
  private readonly reserved = new Map<string, string[]>();

  /** The reserved names (see template/reserved.ts) the template uses; scanned once per file. */
  reservedUsed(file: string, shown: string, node: string, names: readonly string[]): string[] {
    const key = `${file}\0${names.join(',')}`;
    let used = this.reserved.get(key);
    if (!used) {
      this.compiled(file, shown, node); // reports an unreadable or invalid template first
      used = reservedNamesUsed(templateSource(file), names);
      this.reserved.set(key, used);
    }
    return used;
  }

  /** `file` is the absolute path; `shown` is how messages name it (relative to the flow). */
  compiled(file: string, shown: string, node: string): CompiledTemplate {
    let entry = this.cache.get(file);
    if (!entry) {
      try {
        entry = { ok: true, render: compileTemplate(templateSource(file), { file: shown }) };
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        entry = {
          ok: false,
          message: code ? `cannot read template ${shown} (${code})` : (e as Error).message
        };
      }
      this.cache.set(file, entry);
    }
    if (!entry.ok) throw new ExecutionFailure('TemplateError', `node "${node}": ${entry.message}`, node);
    return entry.render;
  }

  /** Renders the node's template to text (prompt nodes, completion prompts). */
  render(file: string, shown: string, node: string, variables: Record<string, unknown>): string {
    const render = this.compiled(file, shown, node);
    try {
      return render(variables);
    } catch (e) {
      throw new ExecutionFailure('TemplateError', `node "${node}": ${(e as Error).message}`, node);
    }
  }

  /**
   * Renders a chat prompt and splits it into messages. As prompt flow's llm tool does, a role
   * header inside an input value (`user:` on its own line in a ticket text) is escaped before
   * rendering and restored after the split, so inputs cannot start messages of their own.
   */
  chatMessages(
    file: string,
    shown: string,
    node: string,
    variables: Record<string, unknown>
  ): LlmChatMessage[] {
    const escapes = buildEscapes(variables);
    const escaped = escapes.size
      ? Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, escapeValue(v, escapes)]))
      : variables;
    const text = this.render(file, shown, node, escaped);
    let messages: LlmChatMessage[];
    try {
      messages = parseChatMessages(text, { file: shown }) as LlmChatMessage[];
    } catch (e) {
      throw new ExecutionFailure('TemplateError', `node "${node}": ${(e as Error).message}`, node);
    }
    if (!escapes.size) return messages;
    return messages.map((m) => unescapeMessage(m, escapes));
  }
}

/** A template file's text; a prompty's template is what follows its front matter. */
function templateSource(file: string): string {
  const text = readFileSync(file, 'utf8');
  return file.endsWith('.prompty') ? (splitPrompty(text)?.body ?? text) : text;
}

const ROLE_HEADER = new RegExp(`^\\s*#?\\s*(${CHAT_ROLES.join('|')})\\s*:\\s*\\n`, 'gim');

/** Role words (as written) found as headers in string inputs → a placeholder each. */
function buildEscapes(variables: Record<string, unknown>): Map<string, string> {
  const escapes = new Map<string, string>();
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      for (const m of v.matchAll(ROLE_HEADER)) if (!escapes.has(m[1])) escapes.set(m[1], randomUUID());
    } else if (Array.isArray(v)) v.forEach(visit);
  };
  Object.values(variables).forEach(visit);
  return escapes;
}

function escapeValue(v: unknown, escapes: Map<string, string>): unknown {
  if (typeof v === 'string') {
    let out = v;
    for (const [role, token] of escapes) out = out.split(role).join(token);
    return out;
  }
  if (Array.isArray(v)) return v.map((x) => escapeValue(x, escapes));
  return v;
}

function unescapeText(text: string, escapes: Map<string, string>): string {
  let out = text;
  for (const [role, token] of escapes) out = out.split(token).join(role);
  return out;
}

function unescapeMessage(m: LlmChatMessage, escapes: Map<string, string>): LlmChatMessage {
  const content =
    typeof m.content === 'string'
      ? unescapeText(m.content, escapes)
      : m.content.map((part) =>
          part.type === 'text' ? { ...part, text: unescapeText(part.text, escapes) } : part
        );
  const out: LlmChatMessage = { ...m, content };
  if (m.name !== undefined) out.name = unescapeText(m.name, escapes);
  return out;
}
