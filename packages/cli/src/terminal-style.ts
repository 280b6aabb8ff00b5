import { styleText } from 'node:util';
import type { Tone } from '@genaiops/core';

/**
 * Whether to colour what goes to `stream`: FORCE_COLOR decides when set (as Node reads it: empty,
 * 1, 2, 3 or true is on, anything else off), then NO_COLOR (https://no-color.org: set and not empty
 * is off), then a dumb terminal is off, and a TTY is on.
 */
export function colourWanted(stream: { isTTY?: boolean }, environ: NodeJS.ProcessEnv): boolean {
  const force = environ.FORCE_COLOR;
  if (force !== undefined) return ['', '1', '2', '3', 'true'].includes(force.toLowerCase());
  if (environ.NO_COLOR) return false;
  if (environ.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

type Format = Parameters<typeof styleText>[0];

const TONES: Record<Tone, Format> = { pass: 'green', fail: 'red', warn: 'yellow', muted: 'dim' };

/** Styles text when colour is on, and leaves it as it is otherwise. */
export class Painter {
  constructor(readonly on: boolean) {}
  /** The decision is made here once: styleText's own checks (stream, NO_COLOR) are turned off. */
  style(format: Format, text: string): string {
    return this.on && text ? styleText(format, text, { validateStream: false }) : text;
  }
  tone(tone: Tone | undefined, text: string, bold = false): string {
    const formats = [...(tone ? [TONES[tone]] : []), ...(bold ? ['bold'] : [])] as Format;
    return (formats as unknown[]).length ? this.style(formats, text) : text;
  }
}
