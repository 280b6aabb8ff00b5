import { createWriteStream, type WriteStream } from 'node:fs';
import { SecretMasker } from '../../util/secret-masker.js';

/** `logs.txt` of a run: timestamped lines, appended; secrets are masked before anything is written. */
export class RunLog {
  private readonly stream: WriteStream;
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
    this.stream.write(
      text
        .split('\n')
        .map((l) => `[${stamp}] ${l}`)
        .join('\n') + '\n'
    );
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.stream.end(() => resolve()));
  }
}
