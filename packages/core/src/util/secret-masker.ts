/**
 * The one secret masker: every string that comes from outside (model errors, endpoint answers,
 * python tracebacks) passes through `mask` before it reaches a log line, an HTTP body, a report, a
 * summary or a PR comment. Secrets are registered as they are learned (connection keys, endpoint
 * keys, tokens); `fromEnvironment` seeds one with what a process's environment holds.
 */

export const MASK = '***';

/** Fields of a connection's JSON whose values are secrets (as the connection store reads them). */
const SECRET_FIELD = /key|secret|password|token|credential/i;
/** Environment variables whose values are secrets: `…_KEY`, `…_SECRET`, `…_TOKEN`, … (not `KEYVAULT_NAME`). */
const SECRET_VARIABLE = /(^|_)(API_?KEY|KEY|SECRET|PASSWORD|PASSWD|TOKEN|CONNECTION_STRING)$/i;
/** Values shorter than this are not secrets worth masking (and would mask every "1" or "id"). */
const MIN_LENGTH = 6;
/** Credentials that announce themselves, masked whoever's they are. */
const SELF_EVIDENT = [/\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, /\b(sk-)[A-Za-z0-9_-]{16,}/g];

export class SecretMasker {
  private readonly values = new Set<string>();
  private sorted: string[] | undefined;

  /** Registers a secret, with the forms it takes when it is quoted in JSON or a URL. */
  add(value: string | undefined | null): this {
    if (typeof value !== 'string') return this;
    const v = value.trim();
    if (v.length < MIN_LENGTH) return this;
    for (const form of [v, JSON.stringify(v).slice(1, -1), encodeURIComponent(v)])
      if (!this.values.has(form)) {
        this.values.add(form);
        this.sorted = undefined;
      }
    return this;
  }

  has(value: string): boolean {
    return this.values.has(value.trim());
  }

  get size(): number {
    return this.values.size;
  }

  /** The text with every registered secret (longest first) and every self-evident credential hidden. */
  mask(text: string): string {
    if (!text) return text;
    this.sorted ??= [...this.values].sort((a, b) => b.length - a.length);
    let out = text;
    for (const s of this.sorted) if (out.includes(s)) out = out.split(s).join(MASK);
    for (const re of SELF_EVIDENT) out = out.replace(re, `$1${MASK}`);
    return out;
  }

  /** A JSON value with every string masked (keys too), for bodies and records. */
  maskValue<T>(value: T): T {
    return JSON.parse(this.mask(JSON.stringify(value) ?? 'null')) as T;
  }

  /**
   * Registers the secrets an environment holds: variables named like a secret, and the secret
   * fields of connections given as JSON (`aoai={"api_key": …}`, the local-run convention).
   */
  addEnvironment(environ: NodeJS.ProcessEnv | Record<string, string | undefined>): this {
    for (const [name, value] of Object.entries(environ)) {
      if (!value) continue;
      if (SECRET_VARIABLE.test(name)) this.add(value);
      const text = value.trimStart();
      if (!text.startsWith('{')) continue;
      let obj: unknown;
      try {
        obj = JSON.parse(text);
      } catch {
        continue;
      }
      this.addSecretFields(obj);
    }
    return this;
  }

  /** Registers the secret-named string fields of an object (and of its `secrets` object). */
  addSecretFields(obj: unknown): this {
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return this;
    for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
      if (k === 'secrets') this.addAll(v);
      else if (typeof v === 'string' && SECRET_FIELD.test(k)) this.add(v);
    }
    return this;
  }

  private addAll(v: unknown): void {
    if (v && typeof v === 'object') for (const s of Object.values(v)) if (typeof s === 'string') this.add(s);
  }

  static fromEnvironment(environ: NodeJS.ProcessEnv | Record<string, string | undefined>): SecretMasker {
    return new SecretMasker().addEnvironment(environ);
  }
}
