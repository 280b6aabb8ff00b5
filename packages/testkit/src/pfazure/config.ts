/** The stand-in pfazure's configuration file, written by `installFakePfazure` and read by the CLI. */
export const CONFIG_ENV = 'GENAIOPS_FAKE_PFAZURE_CONFIG';

export interface FakePfazureConfig {
  /** Run records, specs and the engine's run store live here. */
  stateDir: string;
  /** JSONL: one `{"argv": [...], "cwd": "...", "at": <ms since epoch>}` per invocation. */
  argsLog: string;
  /** Every run takes at least this long (ms) from submission to its end. */
  delayMs: number;
  /** Runs whose name matches end Failed ("forced failure"); RegExps as {source, flags}. */
  failRuns: ({ source: string; flags: string } | string)[];
  /** Connections and variables of the "workspace" (merged over the process environment for runs). */
  environ: Record<string, string>;
  /** `azureml:<name>:<version>` (or `<name>:<version>`) → local JSONL file of the data asset. */
  registeredData: Record<string, string>;
}
