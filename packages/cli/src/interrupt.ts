import type { Reporter } from '@genaiops/core';

/** What CI runners and terminals send to stop a job: each one cancels the same way. */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const EXIT_CODE: Record<(typeof SIGNALS)[number], number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

export interface Interrupt {
  /** Aborts at the first signal. */
  signal: AbortSignal;
  /** Removes the handlers (call when the command is done). */
  dispose(): void;
}

/**
 * SIGINT, SIGTERM and SIGHUP: the first cancels (`signal` aborts: lines in flight finish, the run is
 * written and marked Canceled); a second one exits at once (the python workers end with us).
 */
export function onInterrupt(reporter: Reporter, what = 'finishing the lines in flight'): Interrupt {
  const abort = new AbortController();
  const handlers = SIGNALS.map((name) => {
    const handler = () => {
      if (abort.signal.aborted) process.exit(EXIT_CODE[name]);
      reporter.warn(`${name}: ${what} (send it again to stop at once)`);
      abort.abort(new Error(`interrupted by ${name}`));
    };
    process.on(name, handler);
    return [name, handler] as const;
  });
  return {
    signal: abort.signal,
    dispose: () => {
      for (const [name, handler] of handlers) process.off(name, handler);
    }
  };
}
