// What a python worker inherits. It runs the use-case's own code (tools, imports, anything pip
// installed), which in a pull request is untrusted: it must not see the credentials of the job
// that started it. In a GitHub Actions step those are the action's inputs (INPUT_GITHUB-TOKEN
// among them), the runner's service tokens (ACTIONS_RUNTIME_TOKEN for caches and artifacts,
// ACTIONS_ID_TOKEN_REQUEST_* to mint an OIDC token for Azure) and the job's GitHub token.

/** Names never passed on. Case-insensitive: Windows environments are. */
const WITHHELD = /^(?:INPUT_|ACTIONS_)|^(?:GITHUB_TOKEN|GH_TOKEN)$/i;

/** True when a variable of this name is kept from the workers. */
export const isWithheldFromWorkers = (name: string): boolean => WITHHELD.test(name);

/**
 * The environment of a worker: `parent` without the withheld names, then `extra` (the engine's
 * own settings and the connections it chose to pass, which win).
 */
export function workerEnvironment(
  parent: NodeJS.ProcessEnv,
  extra: Record<string, string>
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(parent))
    if (value !== undefined && !isWithheldFromWorkers(name)) env[name] = value;
  return { ...env, ...extra };
}
