import { ArmError, notAllowed } from './arm-errors.js';
import { UUID_RE } from './constants.js';
import type { Ctx, Reply, RoleAssignment } from './emulator-types.js';
import { q, requireBody, type RequestHelpers } from './request-helpers.js';
import type { EmulatorStore } from './store.js';
import { obj, randomUUIDFor, type Obj } from './values.js';

/** Role assignments (Microsoft.Authorization) at any scope under a subscription. */
export function createRoleAssignmentRoutes(s: EmulatorStore, h: RequestHelpers) {
  const { roleAssignments, now } = s;
  const { page } = h;
  const roleAssignmentResource = (ra: RoleAssignment): Obj => ({
    id: ra.id,
    name: ra.name,
    type: 'Microsoft.Authorization/roleAssignments',
    properties: {
      roleDefinitionId: ra.roleDefinitionId,
      principalId: ra.principalId,
      ...(ra.principalType ? { principalType: ra.principalType } : {}),
      scope: ra.scope,
      createdOn: ra.createdOn,
      updatedOn: ra.createdOn,
      createdBy: randomUUIDFor('emulator'),
      updatedBy: randomUUIDFor('emulator')
    }
  });

  const handleRoleAssignments = (ctx: Ctx, scope: string, name: string | undefined): Reply => {
    const m = ctx.method;
    if (name === undefined) {
      if (m !== 'GET') throw notAllowed(ctx);
      const filter = q(ctx, '$filter') ?? '';
      const principal = /principalId\s+eq\s+'([^']+)'/i.exec(filter)?.[1];
      const atScope = /atScope\(\)/i.test(filter);
      const s = scope.toLowerCase();
      const list = [...roleAssignments.values()].filter((ra) => {
        const rs = ra.scope.toLowerCase();
        const inScope = atScope
          ? s === rs || s.startsWith(rs + '/')
          : s === rs || s.startsWith(rs + '/') || rs.startsWith(s + '/');
        return inScope && (!principal || ra.principalId.toLowerCase() === principal.toLowerCase());
      });
      return page(ctx, list.map(roleAssignmentResource));
    }
    const id = `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;
    const existing = roleAssignments.get(id.toLowerCase());
    if (m === 'GET') {
      if (!existing) {
        throw new ArmError(404, 'RoleAssignmentNotFound', `The role assignment '${name}' is not found.`);
      }
      return { status: 200, body: roleAssignmentResource(existing) };
    }
    if (m === 'DELETE') {
      if (!existing) return { status: 204 };
      roleAssignments.delete(id.toLowerCase());
      return { status: 200, body: roleAssignmentResource(existing) };
    }
    if (m === 'PUT') {
      if (!UUID_RE.test(name)) {
        throw new ArmError(
          400,
          'InvalidRoleAssignmentId',
          `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`
        );
      }
      const props = obj(requireBody(ctx).properties);
      const roleDefinitionId = props.roleDefinitionId;
      const principalId = props.principalId;
      const principalType = props.principalType;
      if (
        typeof roleDefinitionId !== 'string' ||
        !/\/providers\/Microsoft\.Authorization\/roleDefinitions\/[0-9a-f-]{36}$/i.test(roleDefinitionId)
      ) {
        throw new ArmError(
          400,
          'InvalidRoleDefinitionId',
          `The role definition ID '${String(roleDefinitionId)}' is not valid: expected /subscriptions/<id>/providers/Microsoft.Authorization/roleDefinitions/<guid>.`
        );
      }
      if (typeof principalId !== 'string' || !UUID_RE.test(principalId)) {
        throw new ArmError(
          400,
          'InvalidPrincipalId',
          `The principal ID '${String(principalId)}' is not valid. It must be a GUID.`
        );
      }
      if (
        principalType !== undefined &&
        !['User', 'Group', 'ServicePrincipal', 'ForeignGroup', 'Device'].includes(String(principalType))
      ) {
        throw new ArmError(
          400,
          'InvalidPrincipalType',
          `The principal type '${String(principalType)}' is not valid.`
        );
      }
      const roleGuid = roleDefinitionId.split('/').pop()!.toLowerCase();
      for (const ra of roleAssignments.values()) {
        if (
          ra.scope.toLowerCase() === scope.toLowerCase() &&
          ra.principalId.toLowerCase() === principalId.toLowerCase() &&
          ra.roleDefinitionId.split('/').pop()!.toLowerCase() === roleGuid
        ) {
          if (ra.name.toLowerCase() === name.toLowerCase())
            return { status: 201, body: roleAssignmentResource(ra) };
          throw new ArmError(409, 'RoleAssignmentExists', 'The role assignment already exists.');
        }
      }
      if (existing) {
        throw new ArmError(
          400,
          'RoleAssignmentUpdateNotPermitted',
          'Tenant ID, application ID, principal ID, and scope are not allowed to be updated.'
        );
      }
      const ra: RoleAssignment = {
        id,
        name,
        scope,
        roleDefinitionId,
        principalId,
        ...(typeof principalType === 'string' ? { principalType } : {}),
        createdOn: now()
      };
      roleAssignments.set(id.toLowerCase(), ra);
      return { status: 201, body: roleAssignmentResource(ra) };
    }
    throw notAllowed(ctx);
  };

  return { handleRoleAssignments };
}
