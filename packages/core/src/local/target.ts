/** The local target: the file registry and the local endpoint server. */
import type { Target, TargetOptions } from '../stages/target-contract.js';
import { LocalEndpoints } from './endpoints.js';
import { LocalRegistry } from './registry.js';

export function createLocalTarget(
  opts: Pick<TargetOptions, 'root' | 'environ' | 'reporter'>
): Target & { endpoints: LocalEndpoints; registry: LocalRegistry } {
  return {
    kind: 'local',
    registry: new LocalRegistry(opts.root),
    endpoints: new LocalEndpoints(opts.root, { environ: opts.environ, reporter: opts.reporter })
  };
}
