/**
 * The contract between the flow executor (one line, one aggregation pass) and the bulk runner
 * (datasets, run store, resume, CLI). Both sides are written against this file.
 */
import type { Flow, VariantSelection } from '../../flow/model.js';
import type { LlmClient } from '../llm/client.js';
import type { PythonWorkerPool } from '../python/pool.js';

export interface ExecutorOptions {
  flow: Flow;
  /** Which variant each variant node uses; unlisted nodes use their default. */
  variants?: VariantSelection;
  /** Shared by every line of a run (its semaphore is the run's LLM concurrency limit). */
  llm: LlmClient;
  /** Shared python workers (they import the flow's tool modules once). */
  python: PythonWorkerPool;
  /** Where connections come from: `<name>` variables holding JSON; plus an optional .env file. */
  environ: NodeJS.ProcessEnv;
  dotenvFile?: string;
  /** Called with each secret value (connection keys) as soon as it is read, before any log line. */
  onSecret?: (value: string) => void;
  /**
   * Flex flows with a class entry: the `__init__` arguments (over the `init` ports' defaults). A
   * connection-typed port (`AzureOpenAIConnection`, `OpenAIConnection`, any `…Connection`) takes a
   * connection name; a model configuration port takes an object (its `connection` is resolved).
   * Ignored for DAG flows.
   */
  init?: Record<string, unknown>;
}

export type LineStatus = 'Completed' | 'Failed';

export interface NodeRunRecord {
  node: string;
  status: 'Completed' | 'Failed' | 'Bypassed';
  output?: unknown;
  /** What the user's code printed while this node ran. */
  logs?: string;
  error?: LineErrorInfo;
  durationMs: number;
  /** llm nodes: what the model call used (cost and latency per variant in the reports). */
  llm?: LlmCallRecord;
}

/** One LLM call of a node: tokens as the service counted them, and its latency. */
export interface LlmCallRecord {
  /** The model the service says answered. */
  model: string;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
  /** The answer came from the LLM cache: no model call was made for it. */
  cached?: boolean;
}

export interface LineErrorInfo {
  /** Node that failed, when a node failed (not for input errors). */
  node?: string;
  /** e.g. "ToolExecutionError", "InputError", "LlmError", "TemplateError". */
  type: string;
  message: string;
  /** Python user frames, when the error came from a python tool. */
  traceback?: string;
}

export interface LineResult {
  lineNumber: number;
  status: LineStatus;
  /** The flow inputs the line ran with (after defaults and type coercion); kept on failure too. */
  inputs: Record<string, unknown>;
  /** Flow outputs; empty on failure. */
  outputs: Record<string, unknown>;
  nodes: NodeRunRecord[];
  error?: LineErrorInfo;
  durationMs: number;
}

export interface AggregationResult {
  metrics: Record<string, number>;
  nodes: NodeRunRecord[];
  error?: LineErrorInfo;
}

export interface FlowExecutor {
  /** Runs one line. Never throws for a line's failure: it is recorded in the result. */
  executeLine(
    inputs: Record<string, unknown>,
    lineNumber: number,
    /** `signal` cancels the line: its model calls are aborted and its python calls' workers killed. */
    opts?: { node?: string; signal?: AbortSignal }
  ): Promise<LineResult>;
  /**
   * Runs aggregation nodes once over the whole run (lists of each referenced value, in line
   * order, completed lines only) and collects `log_metric` calls.
   */
  executeAggregation(lines: LineResult[]): Promise<AggregationResult>;
}
