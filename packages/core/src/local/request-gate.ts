/**
 * Admission control of one deployment of the local endpoint: at most `concurrency` requests run at
 * once, at most `queue` more wait (first come, first served); a request beyond that is refused at
 * once, so that a burst of slow requests cannot hold every other caller for minutes.
 */
export interface RequestGateOptions {
  concurrency: number;
  queue: number;
}

export class RequestGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly options: RequestGateOptions) {}

  get inFlight(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /**
   * A release function once the request may run, or undefined when the deployment is full (the
   * caller answers 503). A queued request that is abandoned (`signal` aborts) leaves the queue.
   */
  async enter(signal?: AbortSignal): Promise<(() => void) | undefined> {
    if (this.running < this.options.concurrency) {
      this.running++;
      return this.release();
    }
    if (this.waiting.length >= this.options.queue) return undefined;
    await new Promise<void>((resolve, reject) => {
      const go = () => {
        signal?.removeEventListener('abort', abandon);
        resolve();
      };
      const abandon = () => {
        const i = this.waiting.indexOf(go);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', abandon, { once: true });
      this.waiting.push(go);
    });
    return this.release(); // the slot was handed over by the request that left
  }

  /** Frees the slot once: it goes straight to the first waiting request, if any. */
  private release(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    };
  }
}
