import { ArmError, badBody, conflict, userError } from './arm-errors.js';
import { NAME_RE } from './constants.js';
import type { Ctx, Operation, Reply, Workspace } from './emulator-types.js';
import { canonicalize } from './mappers.js';
import { specProblems } from './spec-schemas.js';
import type { EmulatorStore } from './store.js';
import { normLocation, obj, type Obj } from './values.js';

/** What the ARM routes share: query parameters, paging, body validation, name/location checks, busy resources. */

export const q = (ctx: Ctx, name: string): string | undefined => {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(ctx.query)) if (k.toLowerCase() === lower) return v;
  return undefined;
};
export const requireBody = (ctx: Ctx): Obj => {
  if (!ctx.rawBody.trim()) {
    throw new ArmError(
      400,
      'InvalidRequestContent',
      'The request content was invalid and could not be deserialized: the body is empty.'
    );
  }
  return obj(ctx.body);
};
/** The SDK model class of a request body → its definition in Azure's REST specification. */
const SPEC_DEFINITION: Record<string, string> = {
  OnlineEndpoint: 'OnlineEndpointTrackedResource',
  OnlineDeployment: 'OnlineDeploymentTrackedResource',
  DataContainer: 'DataContainerResource',
  DataVersionBase: 'DataVersionBaseResource',
  ModelContainer: 'ModelContainerResource',
  ModelVersion: 'ModelVersionResource',
  EnvironmentContainer: 'EnvironmentContainerResource',
  EnvironmentVersion: 'EnvironmentVersionResource'
};

/**
 * Checks a request body against Azure's published specification (not the SDK's mappers, which let through
 * whatever the SDK itself serialises), then returns its canonical wire form (what the service stores).
 */
export const validated = <T = Obj>(className: string, body: unknown): T => {
  const definition = SPEC_DEFINITION[className] ?? className;
  const problems = specProblems(definition, body);
  if (problems.length) throw badBody(definition, problems);
  return canonicalize<T>(className, body);
};
export const checkName = (kind: string, name: string, re = NAME_RE, rule?: string) => {
  if (!re.test(name)) {
    throw userError(`${kind} name '${name}' is invalid: ${rule ?? `it must match ${re.source}`}.`, 400, [
      { code: 'InvalidName', target: 'name', message: `invalid ${kind.toLowerCase()} name` }
    ]);
  }
};
export const checkLocation = (ws: Workspace, location: unknown, what: string) => {
  if (typeof location === 'string' && normLocation(location) !== normLocation(ws.location)) {
    throw userError(`The ${what} location '${location}' must be the workspace's location '${ws.location}'.`);
  }
};

export type RequestHelpers = ReturnType<typeof createRequestHelpers>;

export function createRequestHelpers(s: EmulatorStore) {
  const { pageSize, rejectConcurrent } = s;
  const page = (ctx: Ctx, items: Obj[]): Reply => {
    const top = q(ctx, '$top');
    let list = items;
    if (top !== undefined) {
      const n = Number(top);
      if (!Number.isInteger(n) || n < 0)
        throw userError(`$top must be a non-negative integer, got '${top}'.`);
      list = list.slice(0, n);
    }
    const skipToken = Number(q(ctx, '$skipToken') ?? '0') || 0;
    const slice = list.slice(skipToken, skipToken + pageSize);
    const body: Obj = { value: slice };
    if (skipToken + pageSize < list.length) {
      const next = new URL(ctx.url.toString());
      next.searchParams.set('$skipToken', String(skipToken + pageSize));
      body.nextLink = `${s.baseUrl}${next.pathname}${next.search}`;
    }
    return { status: 200, body };
  };
  const busy = (what: string, op?: Operation) => {
    if (rejectConcurrent && op && op.status === 'InProgress') {
      throw conflict(
        `There is already an operation in progress on ${what} (${op.kind}). Wait for it to finish before sending another.`
      );
    }
  };
  return { page, busy };
}
