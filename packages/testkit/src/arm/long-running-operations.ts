import { randomUUID } from 'node:crypto';
import { ArmError, notAllowed } from './arm-errors.js';
import { ARM_API_VERSION, ML } from './constants.js';
import type { Ctx, Operation, Reply } from './emulator-types.js';
import type { EmulatorStore } from './store.js';
import { normLocation, type Obj } from './values.js';

/**
 * Long-running operations: 201/202 answers carry `Azure-AsyncOperation` / `Location`; each poll advances an
 * operation until it ends `Succeeded` or `Failed`.
 */
export type Operations = ReturnType<typeof createOperations>;

export function createOperations(s: EmulatorStore) {
  const { operations, options } = s;
  const lroPolls = Math.max(0, options.lro?.polls ?? 2);
  const opStatusUrl = (op: Operation) =>
    `${s.baseUrl}/subscriptions/${op.ws.subscriptionId}/providers/${ML}/locations/${normLocation(op.ws.location)}/mfeOperationsStatus/${op.id}?api-version=${ARM_API_VERSION}`;
  const opResultUrl = (op: Operation) =>
    `${s.baseUrl}/subscriptions/${op.ws.subscriptionId}/providers/${ML}/locations/${normLocation(op.ws.location)}/mfeOperationResults/${op.id}?api-version=${ARM_API_VERSION}`;
  const retryAfter = (): Record<string, string> =>
    options.lro?.retryAfterSeconds !== undefined
      ? { 'retry-after': String(options.lro.retryAfterSeconds) }
      : {};

  const startOperation = (init: Omit<Operation, 'id' | 'status' | 'polls' | 'startedAt'>): Operation => {
    const op: Operation = {
      ...init,
      id: randomUUID(),
      status: 'InProgress',
      polls: 0,
      startedAt: Date.now()
    };
    operations.set(op.id, op);
    return op;
  };
  const complete = async (op: Operation): Promise<void> => {
    if (op.status !== 'InProgress') return;
    op.completing ??= (async () => {
      let error: { code: string; message: string } | undefined;
      try {
        error = await op.finish();
      } catch (e) {
        error = { code: 'InternalServerError', message: (e as Error).message };
      }
      op.status = error ? 'Failed' : 'Succeeded';
      if (error) op.error = error;
      op.endedAt = Date.now();
    })();
    await op.completing;
  };
  /** One poll of an operation: it ends once polled `polls` times (or `delayMs` passed). */
  const advance = async (op: Operation): Promise<void> => {
    if (op.status !== 'InProgress') return;
    const due =
      options.lro?.delayMs !== undefined
        ? Date.now() - op.startedAt >= options.lro.delayMs
        : op.polls >= lroPolls;
    if (due) await complete(op);
    else op.polls++;
  };
  const lroHeaders = (op: Operation, withLocation: boolean): Record<string, string> => ({
    'azure-asyncoperation': opStatusUrl(op),
    ...(withLocation ? { location: opResultUrl(op) } : {}),
    'x-ms-async-operation-timeout': 'PT1H',
    ...retryAfter()
  });

  /** Answers a GET of `mfeOperationsStatus` (`which`) or `mfeOperationResults`. */
  const routeOperation = async (ctx: Ctx, opId: string, which: string): Promise<Reply> => {
    const op = operations.get(decodeURIComponent(opId));
    if (!op) throw new ArmError(404, 'NotFound', `Operation '${opId}' was not found.`);
    if (ctx.method !== 'GET') throw notAllowed(ctx);
    await advance(op);
    if (which.toLowerCase() === 'mfeoperationsstatus') {
      const statusPath = new URL(opStatusUrl(op)).pathname;
      const body: Obj = {
        id: statusPath,
        name: op.id,
        status: op.status,
        startTime: new Date(op.startedAt).toISOString(),
        ...(op.endedAt ? { endTime: new Date(op.endedAt).toISOString() } : {}),
        ...(op.error ? { error: { ...op.error, details: [] } } : {})
      };
      return { status: 200, body, headers: op.status === 'InProgress' ? retryAfter() : {} };
    }
    if (op.status === 'InProgress') {
      return { status: 202, headers: { location: opResultUrl(op), ...retryAfter() } };
    }
    if (op.status === 'Failed') {
      const err = new ArmError(400, op.error!.code, op.error!.message);
      return { status: 400, body: err.body() };
    }
    const resource = op.resource();
    return resource ? { status: 200, body: resource } : { status: 204 };
  };

  return { startOperation, complete, lroHeaders, routeOperation };
}
