import { createArmRouter } from './arm-router.js';
import { createAssetRoutes } from './assets.js';
import { ARM_API_VERSION } from './constants.js';
import { createDatastoreRoutes } from './datastores.js';
import { createFaults } from './faults.js';
import { createRequestHandler, listen } from './http-server.js';
import { createOperations } from './long-running-operations.js';
import { createRbac } from './rbac.js';
import { createDeploymentRoutes } from './online-deployments.js';
import { createEndpointRoutes } from './online-endpoints.js';
import { createRequestHelpers } from './request-helpers.js';
import { createRoleAssignmentRoutes } from './role-assignments.js';
import { createScoreClient } from './score-client.js';
import { createScoringFunctions, defaultScorer } from './scoring-functions.js';
import { createScoringRoute } from './scoring-route.js';
import { snapshotState } from './state-snapshot.js';
import { createStore } from './store.js';
import { createLoopbackTls } from './tls.js';
import type { ArmEmulator, ArmEmulatorOptions, Scorer } from './types.js';

export { ARM_API_VERSION, DEFAULT_WORKSPACE } from './constants.js';

/**
 * An emulator of the subset of the Azure Machine Learning ARM REST API (api-version 2022-10-01, what
 * `@azure/arm-machinelearning` 2.x sends) that the register and deploy stages use, served over HTTPS on
 * loopback, plus the scoring URIs of the online endpoints it "deploys".
 *
 * Faithful where our code can tell: paths, status codes, long-running operations (201/202 with
 * `Azure-AsyncOperation` / `Location`, `InProgress` → `Succeeded` | `Failed`), ARM error bodies, request
 * bodies checked against Azure's published REST specification (`spec-schemas.ts`), the rules Azure ML
 * enforces beyond it (names, traffic and mirror traffic, request timeout, instance type, quota, model
 * references, concurrent operations: `deployment-rules.ts`), and the caller's RBAC (`rbac.ts`).
 *
 * This file wires the pieces together: the store (state), the ARM routes per resource type, the scoring
 * route, and the HTTP servers.
 */
export async function startArmEmulator(options: ArmEmulatorOptions = {}): Promise<ArmEmulator> {
  const tls = options.tls
    ? { ...options.tls, caFile: options.tls.caFile ?? '', dispose: async () => undefined }
    : await createLoopbackTls();

  const s = createStore(options);
  const { workspaces, operations, wsId, findWorkspaceByName } = s;
  const helpers = createRequestHelpers(s);
  const lro = createOperations(s);
  const faults = createFaults(s);
  const scoring = createScoringFunctions(s);
  const scoringRoute = createScoringRoute(s, scoring);
  const deployments = createDeploymentRoutes(s, helpers, lro, faults, scoring);
  const rbac = createRbac(s);
  const routeArm = createArmRouter(s, helpers, {
    routeOperation: lro.routeOperation,
    authorize: rbac.authorize,
    handlePermissions: rbac.handlePermissions,
    handleKeyVault: rbac.handleKeyVault,
    ...createRoleAssignmentRoutes(s, helpers),
    ...createDatastoreRoutes(s, helpers),
    ...createEndpointRoutes(s, helpers, lro, faults, deployments, scoringRoute.issueToken),
    ...createAssetRoutes(s, helpers)
  });
  const handler = createRequestHandler(s, faults, routeArm, scoringRoute.routeScoring);
  const { server, plain, port } = await listen(s, tls, handler);
  const { score, scoreAgents } = createScoreClient(s, tls.ca, scoringRoute);

  const emulator: ArmEmulator = {
    url: s.baseUrl,
    port,
    ca: tls.ca,
    caFile: tls.caFile,
    apiVersion: ARM_API_VERSION,
    scoringBaseUrl: s.scoringBase,
    get workspaces() {
      return [...workspaces.values()].map((w) => ({
        subscriptionId: w.subscriptionId,
        resourceGroup: w.resourceGroup,
        name: w.name,
        location: w.location
      }));
    },
    blob: s.blob,
    caller: s.caller,
    keyVault(name: string) {
      const kv = [...s.keyVaults.values()].find((v) => v.name.toLowerCase() === name.toLowerCase());
      return kv ? { rbac: kv.rbac, accessPolicies: kv.accessPolicies } : undefined;
    },
    faults: faults.controls,
    requests: s.requests,
    state: () => snapshotState(s),
    addWorkspace: s.addWorkspace,
    workspaceId: (name?: string) => wsId(findWorkspaceByName(name)),
    modelVersionId: (name: string, version: string, workspace?: string) =>
      `${wsId(findWorkspaceByName(workspace))}/models/${name}/versions/${version}`,
    setScorer(next: Scorer | undefined) {
      s.scorer = next ?? defaultScorer;
      for (const ws of workspaces.values()) {
        for (const ep of ws.endpoints.values())
          for (const d of ep.deployments.values()) d.handler = undefined;
      }
    },
    async completeOperations() {
      await Promise.all(
        [...operations.values()].filter((op) => op.status === 'InProgress').map(lro.complete)
      );
    },
    score,
    async stop() {
      scoreAgents.https.destroy();
      scoreAgents.http.destroy();
      const closing = [server, ...(plain ? [plain] : [])].map(
        (srv) =>
          new Promise<void>((resolve) => {
            srv.close(() => resolve());
            srv.closeAllConnections();
          })
      );
      await Promise.all(closing);
      await tls.dispose();
    }
  };
  return emulator;
}
