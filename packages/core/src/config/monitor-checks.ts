import type { Problem } from '../errors.js';
import { describe } from '../util/describe.js';
import { didYouMean } from '../util/did-you-mean.js';
import type { JsonPath } from '../util/json-document.js';
import type { CheckPath, Locate } from './checks.js';
import type { UseCaseConfig } from './model.js';

const DATA_MAPPING = /^\$\{data\.[^}]+\}$/;

/**
 * An environment's monitor section: where production lines come from (its datasets, or the request
 * log of its deployment, not both) and evaluation flows that read only `${data.<column>}`.
 */
export function checkMonitor(
  config: UseCaseConfig,
  envName: string,
  locate: Locate,
  checkPath: CheckPath
): Problem[] {
  const problems: Problem[] = [];
  const add = (at: JsonPath, message: string) => problems.push({ ...locate(at), message });
  const env = config.environments[envName];
  const monitor = env.monitor!;
  const at: JsonPath = ['environments', envName, 'monitor'];
  const names = Object.keys(config.datasets);

  if (!!monitor.datasets === !!monitor.requestLog)
    add(
      at,
      'expected exactly one source of production lines: "datasets" (files or registered data) or "requestLog": true (the deployment\'s request log)'
    );
  if (monitor.requestLog && !env.deployment)
    add([...at, 'requestLog'], 'the request log is the deployment\'s: this environment has no "deployment"');
  monitor.datasets?.forEach((name, j) => {
    if (!config.datasets[name])
      add([...at, 'datasets', j], `unknown dataset "${name}"${didYouMean(name, names)}`);
  });
  const seen = new Set<string>();
  monitor.evaluators.forEach((e, i) => {
    const eat = [...at, 'evaluators', i];
    if (seen.has(e.name)) add([...eat, 'name'], `evaluator "${e.name}" is defined twice`);
    seen.add(e.name);
    checkPath([...eat, 'flow'], e.flow, 'flow');
    for (const [input, value] of Object.entries(e.mappings))
      if (value.includes('${') && !DATA_MAPPING.test(value))
        add(
          [...eat, 'mappings', input],
          `expected \${data.<column>} (a monitor evaluates production lines, there is no run to join), found ${describe(value)}`
        );
    for (const [metric, gate] of Object.entries(e.gates))
      if (gate.min !== undefined && gate.max !== undefined && gate.min > gate.max)
        add([...eat, 'gates', metric], `expected min ≤ max, found min ${gate.min} > max ${gate.max}`);
  });
  return problems;
}
