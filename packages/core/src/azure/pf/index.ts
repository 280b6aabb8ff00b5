export { execFile, findOnPath, type ExecOptions, type ExecResult } from './exec.js';
export {
  Pfazure,
  resolvePfazure,
  runCreateArgs,
  runShowArgs,
  runListArgs,
  runShowMetricsArgs,
  runDownloadArgs,
  workspaceArgs,
  parsePfJson,
  readDownloadedRun,
  cloudRunError,
  TERMINAL_STATUSES,
  type AzureWorkspace,
  type DownloadedRun,
  type PfazureOptions,
  type PfCloudRun,
  type PfRunCreateSpec,
  type ResolvePfazureOptions
} from './pfazure.js';
