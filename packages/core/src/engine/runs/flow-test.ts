/** `pf flow test`: one line of a flow (or one node), with the flow's defaults overridden by the given inputs. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadFlow } from '../../flow/load.js';
import type { VariantSelection } from '../../flow/model.js';
import { flowSample } from '../../flow/sample.js';
import type { Reporter } from '../../reporter.js';
import { LlmClient } from '../llm/client.js';
import { PythonWorkerPool } from '../python/pool.js';
import { createExecutor } from '../executor/index.js';
import type { LineResult } from '../executor/types.js';
import { prepareFlow, type ExecutorFactory } from './bulk.js';
import { flowEnvironment } from './flow-env.js';
import { workingFolder } from './working-folder.js';

export interface FlowTestOptions {
  /** Flow folder or its YAML file. */
  flow: string;
  /** Flow inputs (or, with `node`, the node's inputs); missing ones take the flow's defaults. */
  inputs?: Record<string, unknown>;
  /** Flex class entries: `__init__` arguments (default: the flow's `sample.init`). */
  init?: Record<string, unknown>;
  /** Run only this node. */
  node?: string;
  variant?: string | VariantSelection;
  environ?: NodeJS.ProcessEnv;
  /** Default: `.env` in cwd when there is one. */
  dotenvFile?: string;
  cwd?: string;
  reporter?: Reporter;
  createExecutor?: ExecutorFactory;
}

/** Runs one line; never throws for the line's failure (see `status` / `error`). */
export async function testFlow(opts: FlowTestOptions): Promise<LineResult> {
  const cwd = path.resolve(opts.cwd ?? process.cwd());
  const { flow, selection } = prepareFlow(
    loadFlow(path.resolve(cwd, opts.flow), { displayRoot: cwd }),
    opts.variant
  );
  const dotenvFile = opts.dotenvFile
    ? path.resolve(cwd, opts.dotenvFile)
    : existsSync(path.join(cwd, '.env'))
      ? path.join(cwd, '.env')
      : undefined;
  // As `pf flow test`: with no inputs (or init) given, the flow's own sample is used.
  const sample = opts.node ? {} : flowSample(flow);
  const init = opts.init ?? sample.init;
  const environ = opts.environ ?? process.env;
  const onSecret = (v: string) => opts.reporter?.secret(v);
  // The worker sees the given environment and the flow's environment_variables, as in bulk runs.
  const env = {
    ...(environ !== process.env ? environ : {}),
    ...flowEnvironment(flow, { environ, dotenvFile, onSecret })
  };
  const working = workingFolder(flow);
  const python = new PythonWorkerPool({
    size: 1,
    cwd: working.dir,
    displayDir: flow.dir,
    env: env as Record<string, string>
  });
  try {
    const factory: ExecutorFactory = opts.createExecutor ?? createExecutor;
    const executor = await factory({
      flow,
      variants: selection,
      llm: new LlmClient({ concurrency: 4 }),
      python,
      environ,
      dotenvFile,
      onSecret,
      ...(init ? { init } : {})
    });
    const inputs = opts.inputs && Object.keys(opts.inputs).length ? opts.inputs : (sample.inputs ?? {});
    return await executor.executeLine(inputs, 0, opts.node ? { node: opts.node } : undefined);
  } finally {
    await python.close();
    working.dispose();
  }
}
