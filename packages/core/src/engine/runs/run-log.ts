import { createWriteStream, type WriteStream } from 'node:fs';

/** `logs.txt` of a run: timestamped lines, appended; secrets are masked before anything is written. */
export class RunLog {
  private readonly stream: WriteStream;
  private readonly secrets = new Set<string>();

  constructor(file: string) {
    this.stream = createWriteStream(file, { flags: 'a', encoding: 'utf8' });
    this.stream.on('error', () => undefined);
  }

  secret(value: string): void {
    if (value) this.secrets.add(value);
  }

  mask(text: string): string {
    let out = text;
    for (const s of this.secrets) out = out.split(s).join('***');
    return out;
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
