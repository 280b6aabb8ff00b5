import { createWriteStream, type WriteStream } from 'node:fs';
import { SecretMasker } from '../../util/secret-masker.js';

/** `logs.txt` of a run: timestamped lines, appended; secrets are masked before anything is written. */
export class RunLog {
  private readonly stream: WriteStream;
  /** Lines written since the last flush: they go to the file together, once per turn of the event loop. */
  private pending: string[] = [];
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
    if (this.pending.length === 0) setImmediate(this.flush);
    this.pending.push(
      text
        .split('\n')
        .map((l) => `[${stamp}] ${l}`)
        .join('\n') + '\n'
    );
  }

  private flush = (): void => {
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
