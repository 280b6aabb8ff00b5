import { createWriteStream, type WriteStream } from 'node:fs';
import { SecretMasker } from '../../util/secret-masker.js';

/** How long lines wait to be written together (each write is a system call and a thread-pool wake-up). */
const FLUSH_MS = 100;
/** Written at once past this much text. */
const FLUSH_BYTES = 64 * 1024;

/** `logs.txt` of a run: timestamped lines, appended; secrets are masked before anything is written. */
export class RunLog {
  private readonly stream: WriteStream;
  /** Lines written since the last flush: they go to the file together, at most FLUSH_MS later. */
  private pending: string[] = [];
  private pendingBytes = 0;
  private timer?: NodeJS.Timeout;
  constructor(
    file: string,
    readonly masker = new SecretMasker()
  ) {
    this.stream = createWriteStream(file, { flags: 'a', encoding: 'utf8' });
    this.stream.on('error', () => undefined);
  }

  secret(value: string): void {
    this.masker.add(value);
  }

  mask(text: string): string {
    return this.masker.mask(text);
  }

  write(message: string): void {
    const stamp = new Date().toISOString();
    const text = this.mask(message).replace(/\s+$/, '');
    const lines =
      text
        .split('\n')
        .map((l) => `[${stamp}] ${l}`)
        .join('\n') + '\n';
    this.pending.push(lines);
    this.pendingBytes += lines.length;
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
    else this.timer ??= setTimeout(this.flush, FLUSH_MS).unref();
  }

  private flush = (): void => {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pendingBytes = 0;
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.stream.write(text);
  };

  close(): Promise<void> {
    this.flush();
    return new Promise((resolve) => this.stream.end(() => resolve()));
  }
}
