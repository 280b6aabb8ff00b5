/** Shared set-up for executor tests: real python workers, a stub LLM on loopback. */
import path from 'node:path';
import { startStubLlm, type StubLlm, type StubLlmOptions } from '@genaiops/testkit';
import {
  createExecutor,
  type ExecutorOptions,
  type FlowExecutor
} from '../../../src/engine/executor/index.js';
import { LlmClient } from '../../../src/engine/llm/index.js';
import { PythonWorkerPool } from '../../../src/engine/python/index.js';
import { loadFlow } from '../../../src/flow/index.js';

export const fixtures = path.resolve(import.meta.dirname, '../../fixtures/executor');
export const useCases = path.resolve(import.meta.dirname, '../../../../../use-cases');

export class Harness {
  stub!: StubLlm;
  readonly secrets: string[] = [];
  private readonly pools = new Map<string, PythonWorkerPool>();
  readonly llm = new LlmClient({ retry: { maxAttempts: 1 } });

  async start(options: StubLlmOptions = {}): Promise<this> {
    this.stub = await startStubLlm(options);
    return this;
  }

  pool(dir: string): PythonWorkerPool {
    let pool = this.pools.get(dir);
    if (!pool) {
      pool = new PythonWorkerPool({ size: 2, cwd: dir, callTimeoutMs: 30_000 });
      this.pools.set(dir, pool);
    }
    return pool;
  }

  /** An executor for the flow in `dir` (relative to the executor fixtures, or absolute). */
  executor(dir: string, extra: Partial<ExecutorOptions> = {}): FlowExecutor {
    const abs = path.resolve(fixtures, dir);
    const flow = loadFlow(abs);
    return createExecutor({
      flow,
      llm: this.llm,
      python: this.pool(flow.dir),
      environ: { aoai: this.stub.connectionJson('azure') },
      onSecret: (s) => this.secrets.push(s),
      ...extra
    });
  }

  /** What the stub received: chat messages or completion prompts, in order. */
  requests(): { deployment?: string; api?: string; body: Record<string, unknown> }[] {
    return this.stub
      .stats()
      .recorded.filter((r) => r.api)
      .map((r) => ({ deployment: r.deployment, api: r.api, body: r.body as Record<string, unknown> }));
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.close()));
    await this.stub?.stop();
  }
}
