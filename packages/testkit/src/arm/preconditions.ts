import { randomBytes } from 'node:crypto';
import { ArmError } from './arm-errors.js';
import type { Ctx } from './emulator-types.js';

/**
 * Optimistic concurrency of a resource, as ARM's resource provider contract states it ("ETags for
 * Resources", Azure/azure-resource-manager-rpc v1.0/Addendum.md): the provider returns an `ETag`,
 * and honours `If-Match` / `If-None-Match` on PUT, PATCH and DELETE:
 *
 * | request                  | resource absent | resource present                  |
 * | ------------------------ | --------------- | --------------------------------- |
 * | PUT   If-Match: *        | 412             | applied                           |
 * | PUT   If-Match: "x"      | 412             | applied when "x" is current, else 412 |
 * | PUT   If-None-Match: *   | applied (201)   | 412                               |
 * | PATCH If-Match: * / "x"  | 404             | applied when it matches, else 412 |
 * | DELETE If-Match: * / "x" | 204             | applied when it matches, else 412 |
 *
 * A GET ignores them (the SDK's long-running-operation polls repeat the request's headers).
 */

/** A fresh entity tag (quoted, as HTTP writes it). */
export const newEtag = (): string => `"${randomBytes(8).toString('hex')}"`;

const header = (ctx: Ctx, name: string): string | undefined => {
  const v = ctx.req.headers[name];
  const s = Array.isArray(v) ? v.join(',') : v;
  return s === undefined || s.trim() === '' ? undefined : s.trim();
};

/** `"x", W/"y"` → the tags (weak ones compare by their value, as `If-Match` does for ARM). */
const tagsOf = (list: string) =>
  list
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .filter(Boolean);

const failed = (what: string, why: string) =>
  new ArmError(412, 'PreconditionFailed', `The precondition of the request on ${what} failed: ${why}.`);

/**
 * Throws 412 when the request's `If-Match` / `If-None-Match` do not hold for the resource's current
 * entity tag (`current`: undefined when the resource does not exist). PATCH and DELETE of an absent
 * resource are left to the route (404 / 204).
 */
export function checkPreconditions(
  ctx: Ctx,
  method: 'PUT' | 'PATCH' | 'DELETE',
  current: string | undefined,
  what: string
): void {
  const ifMatch = header(ctx, 'if-match');
  const ifNoneMatch = header(ctx, 'if-none-match');
  if (current === undefined) {
    if (method === 'PUT' && ifMatch !== undefined) throw failed(what, 'it does not exist (If-Match)');
    return;
  }
  if (ifMatch !== undefined) {
    const tags = tagsOf(ifMatch);
    if (!tags.includes('*') && !tags.includes(current))
      throw failed(what, `it was changed since (If-Match ${ifMatch}, current ETag ${current})`);
  }
  if (method === 'PUT' && ifNoneMatch !== undefined) {
    const tags = tagsOf(ifNoneMatch);
    if (tags.includes('*') || tags.includes(current))
      throw failed(what, `it exists (If-None-Match ${ifNoneMatch})`);
  }
}
