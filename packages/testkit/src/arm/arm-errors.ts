import type { BodyProblem } from './mappers.js';
import type { Ctx, Workspace } from './emulator-types.js';

/** An ARM error answer. */
export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: { code: string; message: string; target?: string }[],
    readonly headers: Record<string, string> = {}
  ) {
    super(message);
  }
  body() {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details?.length ? { details: this.details } : {})
      }
    };
  }
}

export const userError = (message: string, status = 400, details?: ArmError['details']) =>
  new ArmError(status, 'UserError', message, details);
export const notFound = (what: string, name: string, ws: Workspace) =>
  new ArmError(404, 'UserError', `${what} '${name}' was not found in workspace '${ws.name}'.`, [
    { code: 'NotFound', message: `${what} not found` }
  ]);
export const conflict = (message: string) => new ArmError(409, 'Conflict', message);

export function badBody(className: string, problems: BodyProblem[]): ArmError {
  const shown = problems.slice(0, 5).map((p) => p.message);
  const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : '';
  return new ArmError(
    400,
    'UserError',
    `The request body is invalid (${className}): ${shown.join(' ')}${more}`,
    problems.map((p) => ({ code: 'InvalidRequestContent', target: p.target, message: p.message }))
  );
}

export const unknownRoute = (ctx: Ctx) =>
  new ArmError(
    404,
    'InvalidResourceType',
    `The resource type could not be found for the path '${ctx.path}' and api version '${ctx.query['api-version'] ?? ''}' (not emulated).`
  );
export const notAllowed = (ctx: Ctx) =>
  new ArmError(
    405,
    'MethodNotAllowed',
    `The HTTP method '${ctx.method}' is not supported for '${ctx.path}'.`
  );
