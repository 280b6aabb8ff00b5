/**
 * Azure ML online endpoints (managed, or Kubernetes when the target is `kubernetes`) and their
 * deployments, serving a registered flow folder with prompt flow's serving image.
 */
import { request as httpRequest, Agent as HttpAgent, type IncomingMessage } from 'node:http';
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https';
import { performance } from 'node:perf_hooks';
import type {
  AzureMachineLearningWorkspaces,
  OnlineDeployment,
  OnlineDeploymentPropertiesUnion,
  OnlineEndpoint,
  ProbeSettings as ArmProbeSettings
} from '@azure/arm-machinelearning';
import { UserError } from '../errors.js';
import type { Reporter } from '../reporter.js';
import type {
  DeploymentSpec,
  DeploymentState,
  EndpointState,
  EndpointTarget,
  EnsureEndpoint,
  ProbeSettings,
  EndpointLeaseRequest,
  HeldLease,
  ScoringRequest,
  ScoringResponse,
  TrafficGuard
} from '../stages/target-contract.js';
import { sameTraffic, TrafficConflict } from '../stages/target-contract.js';
import {
  arm,
  armErrorInfo,
  statusOf,
  isNotFound,
  lroOptions,
  toTargetError,
  workspaceArmId,
  type WorkspaceRef
} from './arm-client.js';
import type { DatastoreUploader } from './blob-upload.js';
import { EndpointAccess } from './endpoint-access.js';
import { AzureEndpointLease, leaseOf, type LeaseStore } from './endpoint-lease.js';
import { ServingEnvironments } from './serving-environment.js';
import type { AzureSettings } from './settings.js';
import { retry } from '../util/retry.js';

export { SERVING_ENVIRONMENT, SERVING_ROUTES } from './serving-environment.js';

export const DEPLOYMENT_HEADER = 'azureml-model-deployment';

export interface AzureEndpointsOptions {
  /** `kubernetes`: endpoints are created on `compute`. */
  kind?: 'managed' | 'kubernetes';
  /** Kubernetes compute (name in the workspace, or its ARM id). */
  compute?: string;
  /** Key vault whose secrets the endpoint identity may read (name in the workspace's resource group, or ARM id). */
  keyVault?: string;
  /** Serving image from the config: used as it is (the flow's requirements are then the image's business). */
  image?: string;
  /** Application Insights request logging of the deployments. */
  appInsights?: boolean;
  /** The default datastore (reads the registered flow's requirements, uploads build contexts). */
  uploader?: DatastoreUploader;
  /** The workspace, read once up front (its region). */
  workspace?: () => Promise<{ location: string }>;
}

const iso = (ms: number) => `PT${Math.round(ms) / 1000}S`;
const probe = (p: ProbeSettings): ArmProbeSettings => ({
  initialDelay: iso(p.initialDelaySeconds * 1000),
  period: iso(p.periodSeconds * 1000),
  timeout: iso(p.timeoutSeconds * 1000),
  failureThreshold: p.failureThreshold,
  successThreshold: p.successThreshold
});
const AUTH_MODES: Record<string, EndpointState['authMode']> = {
  key: 'key',
  amltoken: 'aml_token',
  aadtoken: 'aad_token'
};

/** The resource is still in a transitional state (polled until it settles). */
class StillBusy extends Error {
  constructor(readonly state: string) {
    super(`still ${state}`);
  }
}

export class AzureEndpoints implements EndpointTarget {
  private location?: Promise<string>;
  private readonly keys = new Map<string, string>();
  private readonly agents: { http: HttpAgent; https: HttpsAgent };
  private readonly access: EndpointAccess;
  private readonly environments?: ServingEnvironments;

  constructor(
    private readonly client: AzureMachineLearningWorkspaces,
    private readonly ws: WorkspaceRef,
    private readonly settings: AzureSettings,
    private readonly reporter: Reporter,
    private readonly opts: AzureEndpointsOptions = {}
  ) {
    this.agents = {
      http: new HttpAgent({ keepAlive: true }),
      https: new HttpsAgent({ keepAlive: true, ...(settings.ca ? { ca: settings.ca } : {}) })
    };
    this.access = new EndpointAccess(client, ws, settings, reporter, opts.keyVault);
    if (opts.uploader) this.environments = new ServingEnvironments(client, ws, opts.uploader, reporter);
  }

  private get rg() {
    return this.ws.resourceGroup;
  }
  private get w() {
    return this.ws.workspace;
  }

  /** The workspace's region (endpoints and deployments live there); read once, up front. */
  private workspaceLocation(): Promise<string> {
    this.location ??= (async () => {
      const ws = this.opts.workspace
        ? await this.opts.workspace()
        : await arm(`reading workspace ${this.w} (resource group ${this.rg})`, () =>
            this.client.workspaces.get(this.rg, this.w)
          );
      if (!ws.location) throw new Error(`workspace ${this.w} has no location`);
      return ws.location;
    })();
    this.location.catch(() => (this.location = undefined));
    return this.location;
  }

  private computeId(compute: string): string {
    return compute.startsWith('/subscriptions/') ? compute : `${workspaceArmId(this.ws)}/computes/${compute}`;
  }

  private async rawEndpoint(name: string): Promise<OnlineEndpoint | undefined> {
    return arm(`reading endpoint ${name}`, async () => {
      try {
        return await this.client.onlineEndpoints.get(this.rg, this.w, name);
      } catch (e) {
        if (isNotFound(e)) return undefined;
        throw e;
      }
    });
  }

  /** The endpoint and its entity tag (the `ETag` header, when Azure sends one). */
  private async rawEndpointWithEtag(
    name: string
  ): Promise<{ ep: OnlineEndpoint; etag?: string } | undefined> {
    let etag: string | undefined;
    const ep = await arm(`reading endpoint ${name}`, async () => {
      try {
        return await this.client.onlineEndpoints.get(this.rg, this.w, name, {
          onResponse: (raw) => (etag = raw.headers.get('etag') ?? undefined)
        });
      } catch (e) {
        if (isNotFound(e)) return undefined;
        throw e;
      }
    });
    return ep && { ep, etag };
  }

  private async rawDeployments(name: string): Promise<OnlineDeployment[]> {
    return arm(`listing deployments of endpoint ${name}`, async () => {
      const out: OnlineDeployment[] = [];
      for await (const d of this.client.onlineDeployments.list(this.rg, this.w, name)) out.push(d);
      return out;
    });
  }

  /**
   * Runs `put`; when Azure answers 409 (another operation is changing the resource: a concurrent
   * job, or our own PUT whose answer was lost and the SDK retried), waits until `busy()` says the
   * resource is settled and runs it again (bounded).
   */
  private async whenFree<T>(
    what: string,
    busy: () => Promise<string | undefined>,
    put: () => Promise<T>
  ): Promise<T> {
    return retry(put, {
      maxAttempts: 3,
      retryable: (e) => statusOf(e) === 409,
      // the wait is not a backoff: it lasts until the resource is settled
      backoff: { initialMs: 0 },
      sleep: () => this.waitSettled(what, busy),
      onRetry: ({ error }) =>
        this.reporter.info(
          `${what}: another operation is running on it (${armErrorInfo(error).message}); waiting for it to finish`
        )
    });
  }

  /** Waits while `busy()` names a transitional state (Creating, Updating, …). */
  private async waitSettled(what: string, busy: () => Promise<string | undefined>): Promise<void> {
    const { intervalMs, timeoutMs } = this.settings.busyWait;
    await retry(
      async () => {
        const state = await busy();
        if (state) throw new StillBusy(state);
      },
      {
        budgetMs: timeoutMs,
        backoff: { initialMs: intervalMs, factor: 1 },
        retryable: (e) => e instanceof StillBusy
      }
    ).catch((e: unknown) => {
      if (!(e instanceof StillBusy)) throw e;
      throw new UserError(
        `${what}: another operation kept it ${e.state} for ${Math.round(timeoutMs / 60_000)} minutes; run the job again later`
      );
    });
  }

  /** The endpoint's (or one of its deployments') transitional state, if any. */
  private async busyState(endpoint: string, deployment?: string): Promise<string | undefined> {
    const transitional = (s?: string) =>
      s && /^(Creating|Updating|Deleting|Scaling)$/i.test(s) ? s : undefined;
    const ep = await this.rawEndpoint(endpoint);
    const e = transitional(ep?.properties.provisioningState);
    if (e || !deployment || !ep) return e;
    const d = await arm(`reading deployment ${endpoint}/${deployment}`, async () => {
      try {
        return await this.client.onlineDeployments.get(this.rg, this.w, endpoint, deployment);
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    });
    return transitional(d?.properties.provisioningState);
  }

  // ---- EndpointTarget ------------------------------------------------------------------------------

  async getEndpoint(name: string): Promise<EndpointState | undefined> {
    const ep = await this.rawEndpoint(name);
    if (!ep) return undefined;
    return this.state(ep, await this.rawDeployments(name));
  }

  private state(ep: OnlineEndpoint, deps: OnlineDeployment[]): EndpointState {
    const traffic: Record<string, number> = {};
    for (const d of deps) if (d.name) traffic[d.name] = 0;
    for (const [k, v] of Object.entries(ep.properties.traffic ?? {})) traffic[k] = v;
    return {
      name: ep.name ?? '',
      scoringUri: ep.properties.scoringUri ?? '',
      traffic,
      deployments: deps.map((d): DeploymentState => ({
        name: d.name ?? '',
        model: modelRef(d.properties.model),
        provisioningState: d.properties.provisioningState ?? 'Unknown',
        tags: d.tags
      })),
      authMode: AUTH_MODES[String(ep.properties.authMode).toLowerCase()] ?? 'key',
      principalId: ep.identity?.principalId
    };
  }

  async ensureEndpoint(e: EnsureEndpoint, attempt = 1): Promise<EndpointState> {
    const wantsK8s = this.opts.kind === 'kubernetes';
    const location = await this.workspaceLocation();
    const existing = await this.rawEndpoint(e.name);
    // before anything is created: the endpoint identity's grants must be possible (or already held)
    if (attempt === 1) await this.access.preflight(e.name, existing?.identity?.principalId);
    if (existing) {
      const isK8s = Boolean(existing.properties.compute);
      if (wantsK8s !== isK8s)
        throw new UserError(
          `endpoint "${e.name}" exists as a ${isK8s ? `Kubernetes endpoint (compute ${existing.properties.compute})` : 'managed endpoint'}; a ${wantsK8s ? 'kubernetes' : 'managed'} deployment needs a ${wantsK8s ? 'Kubernetes' : 'managed'} endpoint: use another endpoint name`
        );
      return this.state(existing, await this.rawDeployments(e.name));
    }
    let made: OnlineEndpoint;
    try {
      made = await this.createEndpoint(e, location);
    } catch (err) {
      if (statusOf(err) !== 409 || attempt >= 3) throw toTargetError(err, `creating endpoint ${e.name}`);
      // another job is creating it right now: take theirs once it is ready
      this.reporter.info(`endpoint ${e.name} is being created by another operation; waiting for it`);
      await this.waitSettled(`endpoint ${e.name}`, () => this.busyState(e.name));
      return this.ensureEndpoint(e, attempt + 1);
    }
    if (made.properties.provisioningState && made.properties.provisioningState !== 'Succeeded')
      throw new UserError(`endpoint ${e.name} ended ${made.properties.provisioningState}`);
    return this.state(made, []);
  }

  /** PUT of a new endpoint (`extraTags` beside the given ones; `onlyIfAbsent`: If-None-Match: *). */
  private createEndpoint(
    e: EnsureEndpoint,
    location: string,
    extraTags: Record<string, string> = {},
    onlyIfAbsent = false
  ): Promise<OnlineEndpoint> {
    const wantsK8s = this.opts.kind === 'kubernetes';
    if (wantsK8s && !this.opts.compute)
      throw new UserError(
        `a Kubernetes endpoint needs "compute" (the attached Kubernetes compute); endpoint "${e.name}" was not created`
      );
    const body: OnlineEndpoint = {
      location,
      tags: { ...e.tags, ...extraTags },
      identity: { type: 'SystemAssigned' },
      properties: {
        authMode: 'Key',
        description: e.description,
        ...(wantsK8s ? { compute: this.computeId(this.opts.compute!) } : {})
      }
    };
    this.reporter.info(
      `creating ${wantsK8s ? 'Kubernetes' : 'managed'} online endpoint ${e.name} in ${location}`
    );
    return this.client.onlineEndpoints.beginCreateOrUpdateAndWait(this.rg, this.w, e.name, body, {
      ...lroOptions(this.settings),
      ...(onlyIfAbsent ? { requestOptions: { customHeaders: { 'If-None-Match': '*' } } } : {})
    });
  }

  // ---- the deploy lease (endpoint-lease.ts) ---------------------------------------------------------

  private readonly leaseStore: LeaseStore = {
    read: async (name) => {
      const found = await this.rawEndpointWithEtag(name);
      return found && { tags: found.ep.tags ?? {}, etag: found.etag };
    },
    writeTags: async (name, tags, etag) => {
      try {
        await this.client.onlineEndpoints.beginUpdateAndWait(
          this.rg,
          this.w,
          name,
          { tags },
          { ...lroOptions(this.settings), ...ifMatch(etag) }
        );
        return 'ok';
      } catch (e) {
        const status = statusOf(e);
        if (status === 412) return 'changed';
        if (status === 409) return 'busy';
        if (isNotFound(e)) return 'gone';
        throw toTargetError(e, `updating the deploy lease tag of endpoint ${name}`);
      }
    },
    create: async (e, tags) => {
      const location = await this.workspaceLocation();
      // before anything is created: the endpoint identity's grants must be possible
      await this.access.preflight(e.name, undefined);
      try {
        const made = await this.createEndpoint(e, location, tags, true);
        if (made.properties.provisioningState && made.properties.provisioningState !== 'Succeeded')
          throw new UserError(`endpoint ${e.name} ended ${made.properties.provisioningState}`);
        return 'created';
      } catch (err) {
        const status = statusOf(err);
        if (status === 412 || status === 409) return 'exists';
        throw toTargetError(err, `creating endpoint ${e.name}`);
      }
    }
  };

  acquireLease(request: EndpointLeaseRequest): Promise<HeldLease> {
    return AzureEndpointLease.acquire(this.leaseStore, request, this.reporter);
  }

  /**
   * The environment of a deployment: the config's image as it is; else the serving image, with the
   * registered flow's requirements built into it when it has any.
   */
  private async environmentFor(model: { name: string; version: string }): Promise<string> {
    if (!this.environments)
      throw new Error('AzureEndpoints: no datastore uploader to register environments with');
    if (this.opts.image) return this.environments.environmentId({ image: this.opts.image });
    const requirements = await this.environments.requirementsOf(model);
    return this.environments.environmentId({ image: this.settings.image, requirements });
  }

  async createOrUpdateDeployment(d: DeploymentSpec): Promise<void> {
    const ep = await this.rawEndpoint(d.endpoint);
    if (!ep)
      throw new UserError(
        `endpoint "${d.endpoint}" does not exist; it must be created before deployment "${d.name}"`
      );
    const k8s = Boolean(ep.properties.compute);
    if (d.kubernetes && !k8s)
      throw new UserError(
        `deployment "${d.name}" is for Kubernetes but endpoint "${d.endpoint}" is a managed endpoint`
      );
    const environmentId = await this.environmentFor(d.model);
    const model = `${workspaceArmId(this.ws)}/models/${d.model.name}/versions/${d.model.version}`;
    const environmentVariables: Record<string, string> = {
      ...d.environmentVariables,
      PROMPTFLOW_RUN_MODE: 'serving',
      PRT_CONFIG_OVERRIDE: [
        `deployment.subscription_id=${this.ws.subscriptionId}`,
        `deployment.resource_group=${this.rg}`,
        `deployment.workspace_name=${this.w}`,
        `deployment.endpoint_name=${d.endpoint}`,
        `deployment.deployment_name=${d.name}`
      ].join(',')
    };
    const common = {
      description: d.description,
      model,
      environmentId,
      environmentVariables,
      instanceType: d.instanceType,
      requestSettings: {
        requestTimeout: iso(d.requestSettings.requestTimeoutMs),
        maxConcurrentRequestsPerInstance: d.requestSettings.maxConcurrentRequestsPerInstance
      },
      livenessProbe: probe(d.livenessProbe),
      readinessProbe: probe(d.readinessProbe),
      ...(this.opts.appInsights ? { appInsightsEnabled: true } : {})
    };
    const properties: OnlineDeploymentPropertiesUnion = k8s
      ? {
          ...common,
          endpointComputeType: 'Kubernetes',
          ...(d.kubernetes?.cpu || d.kubernetes?.memory
            ? {
                containerResourceRequirements: {
                  containerResourceRequests: { cpu: d.kubernetes.cpu, memory: d.kubernetes.memory }
                }
              }
            : {})
        }
      : { ...common, endpointComputeType: 'Managed' };
    const body: OnlineDeployment = {
      location: ep.location,
      tags: d.tags,
      sku: { name: 'Default', capacity: d.instanceCount },
      properties
    };
    this.reporter.info(
      `deployment ${d.endpoint}/${d.name}: ${d.model.name}:${d.model.version} on ${k8s ? `Kubernetes compute ${ep.properties.compute?.split('/').pop()}` : d.instanceType}, ${d.instanceCount} instance(s)`
    );
    let result: OnlineDeployment;
    try {
      result = await this.whenFree(
        `deployment ${d.endpoint}/${d.name}`,
        () => this.busyState(d.endpoint, d.name),
        () =>
          this.client.onlineDeployments.beginCreateOrUpdateAndWait(
            this.rg,
            this.w,
            d.endpoint,
            d.name,
            body,
            lroOptions(this.settings)
          )
      );
    } catch (e) {
      const i = armErrorInfo(e);
      if (i.status === undefined && !/long-running operation has failed/i.test(i.message))
        throw toTargetError(e, `deployment ${d.endpoint}/${d.name}`);
      if (i.status !== undefined && i.status >= 500)
        throw toTargetError(e, `deployment ${d.endpoint}/${d.name}`);
      throw new UserError(
        `deployment ${d.endpoint}/${d.name} failed: ${cleanLroMessage(i.message)}${await this.logTail(d.endpoint, d.name)}`
      );
    }
    const state = result.properties.provisioningState;
    if (state && state !== 'Succeeded')
      throw new UserError(
        `deployment ${d.endpoint}/${d.name} ended ${state}${await this.logTail(d.endpoint, d.name)}`
      );
  }

  /** The last lines of a deployment's container log, for failure messages ('' when unavailable). */
  private async logTail(endpoint: string, name: string): Promise<string> {
    try {
      const r = await this.client.onlineDeployments.getLogs(this.rg, this.w, endpoint, name, { tail: 20 });
      const lines = (r.content ?? '').trim().split('\n').slice(-10);
      return lines.length && lines[0] ? `\nlast log lines:\n${lines.map((l) => `  ${l}`).join('\n')}` : '';
    } catch {
      return '';
    }
  }

  async setTraffic(endpoint: string, traffic: Record<string, number>, guard?: TrafficGuard): Promise<void> {
    // the whole map (deployments left out get 0); zeros are left out, as Azure stores them
    const next: Record<string, number> = {};
    for (const [k, v] of Object.entries(traffic)) if (v > 0) next[k] = v;
    const made = await arm(`setting the traffic of endpoint ${endpoint} to ${JSON.stringify(next)}`, () =>
      this.whenFree(
        `endpoint ${endpoint}`,
        () => this.busyState(endpoint),
        async () => {
          // a full PUT of the endpoint as it is now, with the new traffic, conditional on its ETag:
          // 412 means it changed since it was read (a lease renewal, or someone else): read again
          for (let attempt = 1; ; attempt++) {
            const found = await this.rawEndpointWithEtag(endpoint);
            if (!found) throw new UserError(`endpoint "${endpoint}" does not exist`);
            const { ep, etag } = found;
            const now = ep.properties.traffic ?? {};
            // our own PUT applied, its answer lost and the retry refused: done
            if (attempt > 1 && sameTraffic(now, next)) return ep;
            if (guard?.leaseToken && leaseOf(ep.tags)?.token !== guard.leaseToken)
              throw new UserError(
                `the deploy lease of endpoint ${endpoint} is no longer this deploy's (now ${leaseOf(ep.tags)?.owner ?? 'nobody'}'s): traffic left as it is`
              );
            if (guard?.expect && !sameTraffic(guard.expect, now)) throw new TrafficConflict(endpoint, now);
            const body: OnlineEndpoint = { ...ep, properties: { ...ep.properties, traffic: next } };
            try {
              return await this.client.onlineEndpoints.beginCreateOrUpdateAndWait(
                this.rg,
                this.w,
                endpoint,
                body,
                { ...lroOptions(this.settings), ...ifMatch(etag) }
              );
            } catch (e) {
              if (statusOf(e) !== 412 || attempt >= 8) throw e;
            }
          }
        }
      )
    );
    if (made.properties.provisioningState && made.properties.provisioningState !== 'Succeeded')
      throw new UserError(
        `endpoint ${endpoint} ended ${made.properties.provisioningState} while setting its traffic`
      );
  }

  async deleteDeployment(endpoint: string, name: string): Promise<void> {
    await arm(`deleting deployment ${endpoint}/${name}`, () =>
      this.whenFree(
        `deployment ${endpoint}/${name}`,
        () => this.busyState(endpoint, name),
        async () => {
          try {
            await this.client.onlineDeployments.beginDeleteAndWait(
              this.rg,
              this.w,
              endpoint,
              name,
              lroOptions(this.settings)
            );
          } catch (e) {
            if (!isNotFound(e)) throw e; // already gone (an earlier attempt whose answer was lost)
          }
        }
      )
    );
  }

  async grantAccess(endpoint: string): Promise<void> {
    const ep = await this.rawEndpoint(endpoint);
    if (!ep) throw new UserError(`endpoint "${endpoint}" does not exist`);
    const principalId = ep.identity?.principalId;
    if (!principalId) {
      this.reporter.warn(
        `endpoint ${endpoint} has no system-assigned identity: no role granted (the flow may not read the workspace connections)`
      );
      return;
    }
    await this.access.grant(endpoint, principalId, ep.identity?.tenantId);
  }

  private async key(endpoint: string, refresh = false): Promise<string> {
    const cached = this.keys.get(endpoint);
    if (cached && !refresh) return cached;
    const keys = await arm(`reading the keys of endpoint ${endpoint}`, () =>
      this.client.onlineEndpoints.listKeys(this.rg, this.w, endpoint)
    );
    for (const k of [keys.primaryKey, keys.secondaryKey]) if (k) this.reporter.secret(k);
    const key = keys.primaryKey ?? keys.secondaryKey;
    if (!key) throw new UserError(`endpoint ${endpoint} returned no key (is its auth mode "key"?)`);
    this.keys.set(endpoint, key);
    return key;
  }

  private scoringUris = new Map<string, string>();

  async scoringRequest(endpoint: string, req: ScoringRequest): Promise<ScoringResponse> {
    let uri = this.scoringUris.get(endpoint);
    if (!uri) {
      const ep = await this.rawEndpoint(endpoint);
      if (!ep) throw new UserError(`endpoint "${endpoint}" does not exist`);
      if (!ep.properties.scoringUri)
        throw new Error(
          `endpoint ${endpoint} has no scoring URI yet (provisioning ${ep.properties.provisioningState})`
        );
      uri = ep.properties.scoringUri;
      this.scoringUris.set(endpoint, uri);
    }
    let res = await this.post(uri, await this.key(endpoint), req);
    if (res.status === 401) res = await this.post(uri, await this.key(endpoint, true), req); // keys regenerated meanwhile
    return res;
  }

  private post(uri: string, key: string, req: ScoringRequest): Promise<ScoringResponse> {
    const payload = JSON.stringify(req.body);
    const url = new URL(uri);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(payload)),
      authorization: `Bearer ${key}`,
      ...(req.deployment ? { [DEPLOYMENT_HEADER]: req.deployment } : {})
    };
    const started = performance.now();
    return new Promise<ScoringResponse>((resolve, reject) => {
      const onResponse = (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          let json = false;
          try {
            body = JSON.parse(text);
            json = true;
          } catch {
            /* not JSON */
          }
          const dep = res.headers[DEPLOYMENT_HEADER];
          resolve({
            status: res.statusCode ?? 0,
            body,
            json,
            deployment: typeof dep === 'string' ? dep : undefined,
            latencyMs: performance.now() - started
          });
        });
      };
      const r =
        url.protocol === 'https:'
          ? httpsRequest(url, { method: 'POST', headers, agent: this.agents.https }, onResponse)
          : httpRequest(url, { method: 'POST', headers, agent: this.agents.http }, onResponse);
      r.setTimeout(req.timeoutMs ?? 120_000, () =>
        r.destroy(Object.assign(new Error('scoring request timed out'), { name: 'TimeoutError' }))
      );
      r.on('error', reject);
      r.end(payload);
    });
  }

  dispose(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}

/** Request options sending `If-Match` (none without an entity tag: Azure did not send one). */
function ifMatch(etag: string | undefined): { requestOptions?: { customHeaders: Record<string, string> } } {
  return etag ? { requestOptions: { customHeaders: { 'If-Match': etag } } } : {};
}

/** `name:version` of a deployment's `properties.model` (an ARM id of a model version). */
function modelRef(model: string | undefined): { name: string; version: string } | undefined {
  const m = model ? /\/models\/([^/]+)\/versions\/([^/]+)$/i.exec(model) : null;
  return m ? { name: m[1], version: m[2] } : undefined;
}

/** core-lro's "The long-running operation has failed…" with the ARM error kept. */
function cleanLroMessage(m: string): string {
  return m.replace(/^The long-running operation has failed\.?\s*/i, '').trim() || m;
}
