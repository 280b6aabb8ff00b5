export const id = 366;
export const ids = [366];
export const modules = {

/***/ 41366:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createAzureTarget: () => (/* binding */ createAzureTarget)
});

// UNUSED EXPORTS: resolveWorkspace

// EXTERNAL MODULE: ./packages/core/dist/errors.js
var errors = __webpack_require__(71403);
// EXTERNAL MODULE: ./node_modules/@azure/arm-machinelearning/dist/index.js
var dist = __webpack_require__(34789);
// EXTERNAL MODULE: ./node_modules/@azure/core-rest-pipeline/dist/esm/index.js + 80 modules
var esm = __webpack_require__(30869);
;// CONCATENATED MODULE: ./packages/core/dist/azure/arm-client.js
/**
 * The Azure ML ARM client the target uses (`@azure/arm-machinelearning`), with bounded retries of
 * transient failures, and the mapping of Azure's errors to what the stages report.
 */



const ML_PROVIDER = 'Microsoft.MachineLearningServices';
function workspaceArmId(w) {
    return `/subscriptions/${w.subscriptionId}/resourceGroups/${w.resourceGroup}/providers/${ML_PROVIDER}/workspaces/${w.workspace}`;
}
/** A client on the workspace's subscription, with the target's retry, TLS and endpoint settings. */
function createArmClient(credential, subscriptionId, settings) {
    const options = {
        retryOptions: { ...settings.retry },
        userAgentOptions: { userAgentPrefix: 'genaiops-actions' }
    };
    if (settings.armEndpoint)
        options.endpoint = settings.armEndpoint;
    if (settings.ca)
        options.tlsOptions = { ca: settings.ca };
    return new dist/* AzureMachineLearningWorkspaces */.FQ(credential, subscriptionId, options);
}
/** Options of every long-running call (`begin…AndWait`). */
function lroOptions(settings) {
    return settings.lroIntervalMs !== undefined ? { updateIntervalInMs: settings.lroIntervalMs } : {};
}
function armErrorInfo(e) {
    const err = e;
    const details = err?.details;
    return {
        status: typeof err?.statusCode === 'number' ? err.statusCode : undefined,
        code: details?.error?.code ?? (typeof err?.code === 'string' ? err.code : undefined),
        message: details?.error?.message ?? err?.message ?? String(e)
    };
}
/** HTTP status of a REST error (undefined for anything else). */
const statusOf = (e) => armErrorInfo(e).status;
/** ARM's codes for a missing subscription or resource group (never the child resource asked for). */
const PARENT_MISSING = /^(ResourceGroupNotFound|SubscriptionNotFound|InvalidSubscriptionId)$/i;
/**
 * 404 of a child resource of the workspace (endpoint, deployment, model, data, environment): it is absent,
 * whatever the code (Azure ML answers `UserError`, `ResourceNotFound` or `NotFound`). The workspace itself
 * is checked once, up front (`workspaceGate`), so a 404 here never hides a missing workspace.
 */
const isNotFound = (e) => {
    const i = armErrorInfo(e);
    return i.status === 404 && !PARENT_MISSING.test(i.code ?? '');
};
/**
 * Reads the workspace once (its region), with a clear error when it (or its resource group) does not
 * exist; later calls share the answer. A failed read is retried by the next call.
 */
function workspaceGate(client, w) {
    let read;
    return () => {
        read ??= (async () => {
            try {
                const found = await client.workspaces.get(w.resourceGroup, w.workspace);
                return { location: found.location ?? '' };
            }
            catch (e) {
                if (statusOf(e) === 404)
                    throw new errors/* UserError */.yo(`workspace ${w.workspace} was not found in resource group ${w.resourceGroup} of subscription ${w.subscriptionId} (${armErrorInfo(e).message}); check the environment's "azure" section`);
                throw toTargetError(e, `reading workspace ${w.workspace} (resource group ${w.resourceGroup})`);
            }
        })();
        read.catch(() => (read = undefined));
        return read;
    };
}
/**
 * A version PUT that lost a race: 409 Conflict, or Azure ML's 400 "… already exists …" for a
 * version number another job took with different content.
 */
function isVersionConflict(e) {
    const i = armErrorInfo(e);
    return i.status === 409 || (i.status === 400 && /already exists/i.test(i.message));
}
/**
 * An Azure error as the stages report it: 4xx (bad names, quota, missing resources, no
 * permission) → UserError saying what was being done; 5xx / throttling that outlived the retries
 * → an Error (an outage, not the user's mistake). UserErrors pass through.
 */
function toTargetError(e, doing) {
    if (e instanceof errors/* UserError */.yo)
        return e;
    const i = armErrorInfo(e);
    const code = i.code && !i.message.includes(i.code) ? `${i.code}: ` : '';
    if (i.status === 401 || i.status === 403)
        return new errors/* UserError */.yo(`${doing}: not authorized (HTTP ${i.status} ${code}${i.message}); the identity needs a role such as Contributor or AzureML Data Scientist on the workspace`);
    if (i.status !== undefined && i.status >= 400 && i.status < 500 && i.status !== 408 && i.status !== 429)
        return new errors/* UserError */.yo(`${doing}: ${code}${i.message}`);
    if (i.status !== undefined)
        return new Error(`${doing}: Azure answered HTTP ${i.status} ${code}${i.message} (after retries)`);
    if (/long-running operation has failed/i.test(i.message))
        return new errors/* UserError */.yo(`${doing}: ${i.message}`);
    return new Error(`${doing}: ${i.message}`);
}
/** Runs `fn`, turning its failure into `toTargetError(…, doing)`. */
async function arm(doing, fn) {
    try {
        return await fn();
    }
    catch (e) {
        throw toTargetError(e, doing);
    }
}
/**
 * One ARM REST call through the client's pipeline (same credential, retries, TLS and endpoint).
 * `path` is the resource path (`/subscriptions/…`); never throws for an HTTP status.
 */
async function rawArmRequest(client, settings, method, path, apiVersion, body) {
    const base = settings.armEndpoint ?? 'https://management.azure.com';
    const url = new URL(path, base.endsWith('/') ? base : `${base}/`);
    url.searchParams.set('api-version', apiVersion);
    const request = (0,esm/* createPipelineRequest */.G6)({
        url: url.toString(),
        method,
        headers: (0,esm/* createHttpHeaders */.Nc)({
            accept: 'application/json',
            ...(body !== undefined ? { 'content-type': 'application/json' } : {})
        }),
        body: body === undefined ? undefined : JSON.stringify(body)
    });
    const res = await client.sendRequest(request);
    let parsed = res.bodyAsText ?? undefined;
    if (res.bodyAsText) {
        try {
            parsed = JSON.parse(res.bodyAsText);
        }
        catch {
            /* keep the text */
        }
    }
    return { status: res.status, body: parsed };
}
/** `{ error: { code, message } }` of a raw answer. */
function rawError(r) {
    const e = r.body?.error;
    return {
        code: e?.code ?? `HTTP${r.status}`,
        message: e?.message ?? (typeof r.body === 'string' ? r.body : `HTTP ${r.status}`)
    };
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: ./node_modules/@azure/storage-blob/dist/esm/index.js + 154 modules
var dist_esm = __webpack_require__(95658);
;// CONCATENATED MODULE: ./packages/core/dist/azure/blob-upload.js
/**
 * Uploads to the workspace's default datastore (an Azure Blob container), at content-addressed
 * paths (`LocalUpload/<hash>/…`, as the Azure ML SDK and CLI do), so the same content is uploaded
 * once and a registered version's files never change under it.
 */




/** `azureml://…/datastores/<name>/paths/<path>`: how data and model versions point at datastore files. */
function datastoreUri(ws, datastore, path) {
    return `azureml://subscriptions/${ws.subscriptionId}/resourcegroups/${ws.resourceGroup}/workspaces/${ws.workspace}/datastores/${datastore}/paths/${path}`;
}
/** Splits a datastore URI back into datastore and path (undefined when it is not one). */
function parseDatastoreUri(uri) {
    const m = /^azureml:\/\/(?:subscriptions\/[^/]+\/resourcegroups\/[^/]+\/workspaces\/[^/]+\/)?datastores\/([^/]+)\/paths\/(.*)$/i.exec(uri);
    return m ? { datastore: m[1], path: m[2] } : undefined;
}
class DatastoreUploader {
    client;
    ws;
    settings;
    credential;
    reporter;
    opened;
    constructor(client, ws, settings, credential, reporter) {
        this.client = client;
        this.ws = ws;
        this.settings = settings;
        this.credential = credential;
        this.reporter = reporter;
    }
    /** The default datastore and a client of its container (read once). */
    datastore() {
        this.opened ??= this.open();
        this.opened.catch(() => (this.opened = undefined));
        return this.opened;
    }
    uri(ds, path) {
        return datastoreUri(this.ws, ds.name, path);
    }
    async open() {
        const { resourceGroup: rg, workspace } = this.ws;
        const found = await arm(`workspace ${workspace}: reading the default datastore`, async () => {
            for await (const d of this.client.datastores.list(rg, workspace, { isDefault: true }))
                if (d.properties.isDefault)
                    return d;
            try {
                return await this.client.datastores.get(rg, workspace, 'workspaceblobstore');
            }
            catch (e) {
                if (statusOf(e) === 404)
                    return undefined;
                throw e;
            }
        });
        if (!found?.name)
            throw new errors/* UserError */.yo(`workspace ${workspace} has no default datastore`);
        const p = found.properties;
        if (p.datastoreType !== 'AzureBlob' || !p.accountName || !p.containerName)
            throw new errors/* UserError */.yo(`the default datastore "${found.name}" of workspace ${workspace} is ${p.datastoreType ?? 'of an unknown type'}; registration needs an Azure Blob datastore`);
        const blobEndpoint = this.settings.blobEndpoint ??
            `${p.protocol ?? 'https'}://${p.accountName}.blob.${p.endpoint ?? 'core.windows.net'}`;
        const ds = {
            name: found.name,
            accountName: p.accountName,
            container: p.containerName,
            blobEndpoint
        };
        // credentials: the datastore's account key or SAS when it has one, else our own identity
        const secrets = await this.client.datastores
            .listSecrets(rg, workspace, found.name)
            .catch((e) => {
            const s = statusOf(e);
            if (s === 400 || s === 403 || s === 404)
                return undefined; // identity-based datastore / no listSecrets permission
            throw e;
        });
        const retryOptions = {
            maxTries: 6,
            retryDelayInMs: Math.max(10, Math.min(this.settings.retry.retryDelayInMs, 4000))
        };
        let service;
        const s = secrets;
        if (s?.secretsType === 'AccountKey' && s.key) {
            this.reporter.secret(s.key);
            service = new dist_esm/* BlobServiceClient */.wS(blobEndpoint, new dist_esm/* StorageSharedKeyCredential */.Z3(ds.accountName, s.key), {
                retryOptions
            });
        }
        else if (s?.secretsType === 'Sas' && s.sasToken) {
            this.reporter.secret(s.sasToken);
            const sas = s.sasToken.startsWith('?') ? s.sasToken : `?${s.sasToken}`;
            service = new dist_esm/* BlobServiceClient */.wS(`${blobEndpoint}${sas}`, new dist_esm/* AnonymousCredential */.tv(), { retryOptions });
        }
        else
            service = new dist_esm/* BlobServiceClient */.wS(blobEndpoint, this.credential, { retryOptions });
        return { ds, container: service.getContainerClient(ds.container) };
    }
    /**
     * Uploads files (a few at a time). `skipExisting`: a blob already at its (content-addressed)
     * path is left as it is.
     */
    async upload(items, opts = {}) {
        const { ds, container } = await this.datastore();
        let next = 0;
        let uploaded = 0;
        let bytes = 0;
        const worker = async () => {
            while (next < items.length) {
                const item = items[next++];
                const blob = container.getBlockBlobClient(item.blobPath);
                try {
                    if (opts.skipExisting && (await blob.exists()))
                        continue;
                    const size = (0,external_node_fs_.statSync)(item.abs).size;
                    // one Put Blob up to 256 MiB: atomic, so jobs uploading the same (content-addressed) blob at once don't mix blocks
                    await blob.uploadFile(item.abs, {
                        maxSingleShotSize: 256 * 1024 * 1024,
                        blockSize: 8 * 1024 * 1024,
                        concurrency: 4
                    });
                    uploaded++;
                    bytes += size;
                }
                catch (e) {
                    const status = e.statusCode;
                    const what = `uploading ${item.abs} to datastore ${ds.name} (${ds.accountName}/${ds.container}/${item.blobPath})`;
                    if (status === 403 || status === 401)
                        throw new errors/* UserError */.yo(`${what}: not authorized (HTTP ${status}); the identity needs Storage Blob Data Contributor on the account, or the datastore an account key`);
                    if (status === 404)
                        throw new errors/* UserError */.yo(`${what}: container not found (HTTP 404)`);
                    throw new Error(`${what}: ${e.message}`);
                }
            }
        };
        await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 8, items.length)) }, worker));
        return { uploaded, bytes };
    }
}

// EXTERNAL MODULE: ./node_modules/@azure/identity/dist/esm/index.js + 157 modules
var identity_dist_esm = __webpack_require__(23989);
;// CONCATENATED MODULE: ./packages/core/dist/azure/credential.js
/**
 * Azure login for the Azure target.
 *
 * - client id + tenant id given → OIDC federated login without `azure/login`: a
 *   `ClientAssertionCredential` whose assertion (the CI's ID token) comes from an INJECTED getter
 *   (core knows nothing of GitHub; the action passes `core.getIDToken('api://AzureADTokenExchange')`);
 * - else `DefaultAzureCredential` (environment, workload identity, managed identity, the Azure CLI
 *   session `azure/login` leaves, …);
 * - test seam: a fixed token when `GENAIOPS_ARM_TOKEN` is set with `GENAIOPS_ARM_ENDPOINT`.
 *
 * Every token handed out goes to `reporter.secret` before anything can log it.
 */


/** Which login `createAzureCredential` uses for these options. */
function credentialKind(o) {
    if (o.staticToken)
        return 'static';
    if (o.clientId || o.tenantId)
        return 'oidc';
    return 'default';
}
/** A TokenCredential for ARM, per the rules above. Throws a UserError for incomplete OIDC settings. */
function createAzureCredential(o) {
    const kind = credentialKind(o);
    let inner;
    if (kind === 'static') {
        o.reporter.secret(o.staticToken);
        const token = o.staticToken;
        inner = { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3600_000 }) };
    }
    else if (kind === 'oidc') {
        if (!o.clientId || !o.tenantId)
            throw new errors/* UserError */.yo(`Azure OIDC login needs both a client id and a tenant id (got only the ${o.clientId ? 'client' : 'tenant'} id)`);
        const getAssertion = o.getAssertion;
        if (!getAssertion)
            throw new errors/* UserError */.yo('Azure OIDC login (client id + tenant id) needs an ID token source: run it from the actions (job permission `id-token: write`), or log in with azure/login and leave client-id/tenant-id empty');
        inner = new identity_dist_esm.ClientAssertionCredential(o.tenantId, o.clientId, async () => {
            let assertion;
            try {
                assertion = await getAssertion();
            }
            catch (e) {
                throw new errors/* UserError */.yo(`Azure OIDC login: could not get an ID token (${e.message}); does the job have \`permissions: id-token: write\`?`);
            }
            o.reporter.secret(assertion);
            return assertion;
        }, o.testAuthority
            ? {
                authorityHost: o.testAuthority.host,
                disableInstanceDiscovery: true,
                ...(o.testAuthority.ca ? { tlsOptions: { ca: o.testAuthority.ca } } : {})
            }
            : o.authorityHost
                ? { authorityHost: o.authorityHost }
                : {});
    }
    else {
        inner = new identity_dist_esm.DefaultAzureCredential(o.authorityHost ? { authorityHost: o.authorityHost } : {});
    }
    return {
        kind,
        async getToken(scopes, options) {
            let token;
            try {
                token = await inner.getToken(scopes, options);
            }
            catch (e) {
                if (e instanceof errors/* UserError */.yo)
                    throw e;
                throw new errors/* UserError */.yo(loginFailure(kind, e));
            }
            if (token?.token)
                o.reporter.secret(token.token);
            return token;
        }
    };
}
function loginFailure(kind, e) {
    const why = (e?.message ?? String(e)).split('\n').slice(0, 6).join(' ').slice(0, 800);
    if (kind === 'oidc')
        return `Azure OIDC login failed: ${why} (check client-id / tenant-id and the federated credential of the app registration for this repository and branch/environment)`;
    return `Azure login failed: ${why} (run azure/login before this step, or give client-id and tenant-id for OIDC login)`;
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(37067);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(44708);
// EXTERNAL MODULE: external "node:perf_hooks"
var external_node_perf_hooks_ = __webpack_require__(643);
// EXTERNAL MODULE: ./packages/core/dist/stages/target-contract.js
var target_contract = __webpack_require__(5514);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./packages/core/dist/util/retry.js
var retry = __webpack_require__(3649);
;// CONCATENATED MODULE: ./packages/core/dist/azure/role-assignments.js
/**
 * Role assignments for an endpoint's system-assigned identity (plain ARM REST:
 * `PUT {scope}/providers/Microsoft.Authorization/roleAssignments/{guid}`).
 *
 * The assignment id is derived from (scope, principal, role), so a rerun PUTs the same id
 * (idempotent); `409 RoleAssignmentExists` (the same grant under another id) is success too.
 */




/** The principal is not in the directory yet (a new identity): retried, bounded. */
class PrincipalNotYetKnown extends Error {
    response;
    constructor(response) {
        super('PrincipalNotFound');
        this.response = response;
    }
}
const ROLE_ASSIGNMENTS_API_VERSION = '2022-04-01';
/** Built-in roles the endpoint identity gets. */
const ROLES = {
    /** AzureML Data Scientist: the workspace, its connections and datastores (prompt flow serving). */
    azureMLDataScientist: 'f6c7c914-8db3-469d-8ca1-694a8f32e121',
    /** Key Vault Secrets User: read secrets of the workspace's key vault. */
    keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
};
/** Namespace of our name-based (v5) assignment ids. */
const NAMESPACE = '6f1c3b8e-2f0a-5c4e-9d7b-3a1e5b2c9d40';
/** RFC 4122 version-5 UUID of `name` in `namespace`. */
function uuidV5(name, namespace = NAMESPACE) {
    const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
    const h = (0,external_node_crypto_.createHash)('sha1').update(ns).update(name, 'utf8').digest();
    h[6] = (h[6] & 0x0f) | 0x50;
    h[8] = (h[8] & 0x3f) | 0x80;
    const x = h.subarray(0, 16).toString('hex');
    return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}
/** The deterministic assignment id of (scope, principal, role). */
function roleAssignmentName(scope, principalId, roleGuid) {
    return uuidV5(`${scope.toLowerCase()}|${principalId.toLowerCase()}|${roleGuid.toLowerCase()}`);
}
/**
 * Grants one role. `created` / `exists` are success; `forbidden` (the caller may not assign roles)
 * is returned for the caller to warn about. AAD replication (`PrincipalNotFound` right after the
 * identity was created) is retried, bounded. Anything else throws.
 */
async function grantRole(client, settings, subscriptionId, g, sleep = (ms) => new Promise((r) => setTimeout(r, ms))) {
    const name = roleAssignmentName(g.scope, g.principalId, g.roleGuid);
    const id = `${g.scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;
    const body = {
        properties: {
            roleDefinitionId: `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${g.roleGuid}`,
            principalId: g.principalId,
            principalType: 'ServicePrincipal'
        }
    };
    const put = async () => {
        const r = await rawArmRequest(client, settings, 'PUT', id, ROLE_ASSIGNMENTS_API_VERSION, body);
        if (r.status === 400 && /PrincipalNotFound/i.test(rawError(r).code))
            throw new PrincipalNotYetKnown(r);
        return r;
    };
    // a new identity takes a while to reach the directory: PrincipalNotFound is retried, bounded
    const r = await (0,retry/* retry */.L5)(put, {
        maxAttempts: settings.principal.attempts,
        backoff: { initialMs: settings.principal.delayMs, growth: 'linear' },
        retryable: (e) => e instanceof PrincipalNotYetKnown,
        sleep: (ms) => sleep(ms)
    }).catch((e) => {
        if (e instanceof PrincipalNotYetKnown)
            return e.response;
        throw e;
    });
    if (r.status === 200 || r.status === 201)
        return { outcome: 'created', id };
    const err = rawError(r);
    if (r.status === 409 && /RoleAssignmentExists/i.test(err.code))
        return { outcome: 'exists', id };
    if (r.status === 403 || r.status === 401)
        return { outcome: 'forbidden', id, message: `${err.code}: ${err.message}` };
    const what = `assigning ${g.roleName} on ${g.scope} to principal ${g.principalId}`;
    if (r.status >= 400 && r.status < 500)
        throw new errors/* UserError */.yo(`${what}: ${err.code}: ${err.message}`);
    throw new Error(`${what}: HTTP ${r.status} ${err.code}: ${err.message}`);
}

;// CONCATENATED MODULE: ./packages/core/dist/azure/endpoint-access.js



const KEY_VAULT_API_VERSION = '2022-07-01';
const ASSIGN_ROLES = 'Microsoft.Authorization/roleAssignments/write';
const SET_POLICIES = 'Microsoft.KeyVault/vaults/accessPolicies/write';
const SECRET_PERMISSIONS = ['get', 'list'];
/** Does `action` match one of ARM's wildcard patterns (case-insensitive, `*` = anything)? */
const matches = (patterns, action) => patterns.some((p) => new RegExp(`^${p
    .split('*')
    .map((x) => x.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
    .join('.*')}$`, 'i').test(action));
class EndpointAccess {
    client;
    ws;
    settings;
    reporter;
    keyVault;
    needsRead;
    constructor(client, ws, settings, reporter, keyVault) {
        this.client = client;
        this.ws = ws;
        this.settings = settings;
        this.reporter = reporter;
        this.keyVault = keyVault;
    }
    call(method, path, apiVersion, body) {
        return rawArmRequest(this.client, this.settings, method, path, apiVersion, body);
    }
    vaultId() {
        const kv = this.keyVault;
        if (!kv)
            return undefined;
        return kv.startsWith('/subscriptions/')
            ? kv
            : `/subscriptions/${this.ws.subscriptionId}/resourceGroups/${this.ws.resourceGroup}/providers/Microsoft.KeyVault/vaults/${kv}`;
    }
    /** The grants the endpoint identity needs (the key vault is read once, for its access model). */
    needs() {
        this.needsRead ??= (async () => {
            const out = [
                {
                    kind: 'role',
                    scope: workspaceArmId(this.ws),
                    roleGuid: ROLES.azureMLDataScientist,
                    roleName: 'AzureML Data Scientist',
                    where: `workspace ${this.ws.workspace}`
                }
            ];
            const kv = this.vaultId();
            if (!kv)
                return out;
            const r = await this.call('GET', kv, KEY_VAULT_API_VERSION);
            if (r.status === 404)
                throw new errors/* UserError */.yo(`key vault ${this.keyVault} (azure.keyVault) was not found (${kv})`);
            if (r.status !== 200) {
                const e = rawError(r);
                throw new errors/* UserError */.yo(`reading key vault ${this.keyVault}: HTTP ${r.status} ${e.code}: ${e.message}`);
            }
            const rbac = Boolean(r.body.properties?.enableRbacAuthorization);
            const where = `key vault ${kv.split('/').pop()}`;
            out.push(rbac
                ? {
                    kind: 'role',
                    scope: kv,
                    roleGuid: ROLES.keyVaultSecretsUser,
                    roleName: 'Key Vault Secrets User',
                    where
                }
                : { kind: 'policy', scope: kv, where });
            return out;
        })();
        this.needsRead.catch(() => (this.needsRead = undefined));
        return this.needsRead;
    }
    /** Whether the principal already holds the grant (an assignment at the scope or above, or the vault policy). */
    async holds(n, principalId) {
        if (n.kind === 'policy') {
            const r = await this.call('GET', n.scope, KEY_VAULT_API_VERSION);
            const policies = r.body.properties?.accessPolicies ?? [];
            const mine = policies.find((p) => p.objectId?.toLowerCase() === principalId.toLowerCase());
            const secrets = (mine?.permissions?.secrets ?? []).map((x) => x.toLowerCase());
            return SECRET_PERMISSIONS.every((p) => secrets.includes(p) || secrets.includes('all'));
        }
        const filter = encodeURIComponent(`principalId eq '${principalId}'`);
        const r = await this.call('GET', `${n.scope}/providers/Microsoft.Authorization/roleAssignments?$filter=${filter}`, ROLE_ASSIGNMENTS_API_VERSION);
        if (r.status !== 200)
            return false;
        const list = r.body.value ?? [];
        const scope = n.scope.toLowerCase();
        return list.some((a) => {
            const s = (a.properties?.scope ?? '').toLowerCase();
            return ((a.properties?.roleDefinitionId ?? '').toLowerCase().endsWith(n.roleGuid) &&
                (scope === s || scope.startsWith(`${s}/`)));
        });
    }
    /** Whether the CI identity may perform `action` at `scope` (unknown → true: the grant itself will tell). */
    async callerMay(action, scope) {
        const r = await this.call('GET', `${scope}/providers/Microsoft.Authorization/permissions`, ROLE_ASSIGNMENTS_API_VERSION);
        if (r.status !== 200)
            return true;
        const perms = r.body.value ?? [];
        return perms.some((p) => matches(p.actions ?? [], action) && !matches(p.notActions ?? [], action));
    }
    /**
     * Before anything is created: every grant the endpoint identity lacks must be one the CI identity may
     * make. `principalId`: the identity of an existing endpoint (undefined: the endpoint is new).
     */
    async preflight(endpoint, principalId) {
        const missing = [];
        for (const n of await this.needs()) {
            if (principalId && (await this.holds(n, principalId)))
                continue;
            const action = n.kind === 'role' ? ASSIGN_ROLES : SET_POLICIES;
            if (await this.callerMay(action, n.scope))
                continue;
            missing.push(n.kind === 'role'
                ? `${n.roleName} on ${n.where}: assigning it needs ${ASSIGN_ROLES}; give the CI identity Owner or Role Based Access Control Administrator on ${n.scope}`
                : `get/list on the secrets of ${n.where} (an access-policy vault): setting it needs ${SET_POLICIES}; give the CI identity Contributor or Key Vault Contributor on ${n.scope}`);
        }
        if (missing.length)
            throw new errors/* UserError */.yo(`deploy stopped before creating anything: the CI identity may not give endpoint ${endpoint}'s identity the access it needs:\n${missing.map((m) => `  - ${m}`).join('\n')}`);
    }
    /** Gives the endpoint identity every grant; a refused grant it does not already hold is a UserError. */
    async grant(endpoint, principalId, tenantId) {
        for (const n of await this.needs()) {
            if (n.kind === 'policy') {
                await this.addPolicy(n, endpoint, principalId, tenantId);
                continue;
            }
            const r = await grantRole(this.client, this.settings, this.ws.subscriptionId, { ...n, principalId });
            if (r.outcome === 'forbidden' && !(await this.holds(n, principalId)))
                throw new errors/* UserError */.yo(`could not assign ${n.roleName} on ${n.where} to endpoint ${endpoint}'s identity (${r.message}); give the CI identity Owner or Role Based Access Control Administrator on ${n.scope}, or run: az role assignment create --assignee-object-id ${principalId} --assignee-principal-type ServicePrincipal --role "${n.roleName}" --scope ${n.scope}`);
            this.reporter.info(`${n.roleName} on ${n.where} for endpoint ${endpoint}: ${r.outcome === 'created' ? 'granted' : 'already granted'}`);
        }
    }
    async addPolicy(n, endpoint, principalId, tenantId) {
        if (await this.holds(n, principalId)) {
            this.reporter.info(`get/list on secrets of ${n.where} for endpoint ${endpoint}: already granted`);
            return;
        }
        const vault = await this.call('GET', n.scope, KEY_VAULT_API_VERSION);
        const tenant = tenantId ?? vault.body.properties?.tenantId;
        const r = await this.call('PUT', `${n.scope}/accessPolicies/add`, KEY_VAULT_API_VERSION, {
            properties: {
                accessPolicies: [
                    { tenantId: tenant, objectId: principalId, permissions: { secrets: SECRET_PERMISSIONS } }
                ]
            }
        });
        if (r.status === 200 || r.status === 201) {
            this.reporter.info(`get/list on secrets of ${n.where} for endpoint ${endpoint}: granted (access policy)`);
            return;
        }
        const e = rawError(r);
        throw new errors/* UserError */.yo(`could not add an access policy (secrets get/list) for endpoint ${endpoint}'s identity to ${n.where}: HTTP ${r.status} ${e.code}: ${e.message}${r.status === 403 ? `; give the CI identity Contributor or Key Vault Contributor on ${n.scope}` : ''}`);
    }
}

;// CONCATENATED MODULE: ./packages/core/dist/azure/endpoint-lease.js
/**
 * The deploy lease of an Azure ML online endpoint: one deploy (release, promote, rollback) per
 * endpoint at a time, across jobs and machines. The lease is a tag on the endpoint (token and expiry,
 * and the holder's name in a second tag), written with ETag-conditional updates: a PATCH with
 * `If-Match` is applied only when the endpoint is as it was read, else ARM answers 412 and the lease
 * is read again (ARM's optimistic concurrency, Azure/azure-resource-manager-rpc v1.0/Addendum.md,
 * "ETags for Resources"). A missing endpoint is created with the lease on it (`If-None-Match: *`).
 *
 * A second deploy waits (bounded) while the lease is held and not expired, then fails naming the
 * holder and the expiry. An expired lease (its holder died or hung) is taken over. The holder renews
 * it every third of its lifetime; every traffic change is made under it (`TrafficGuard.leaseToken`),
 * so a deploy whose lease was taken over changes nothing more.
 */



/** `<token> <expiry ISO>` of the deploy holding the endpoint. */
const LEASE_TAG = 'genaiops-deploy-lease';
/** Who holds it (cut to ARM's 256 characters of a tag value). */
const LEASE_OWNER_TAG = 'genaiops-deploy-lease-owner';
/** An Azure deploy takes minutes (a deployment alone 5–15): a lease outlives a failed renewal or two. */
const DEFAULT_AZURE_LEASE_TTL_MS = 30 * 60_000;
const DEFAULT_WAIT_MS = 600_000;
/** The lease a tag set holds (undefined: none, or unreadable, which counts as expired). */
function leaseOf(tags) {
    const m = /^([0-9a-f]+) (\S+)$/.exec(tags?.[LEASE_TAG] ?? '');
    if (!m || !Number.isFinite(Date.parse(m[2])))
        return undefined;
    return { token: m[1], expiresAt: m[2], owner: tags?.[LEASE_OWNER_TAG] || 'an unnamed deploy' };
}
const expired = (l) => Date.parse(l.expiresAt) <= Date.now();
const withLease = (tags, l) => ({
    ...withoutLease(tags),
    [LEASE_TAG]: `${l.token} ${l.expiresAt}`,
    [LEASE_OWNER_TAG]: l.owner.slice(0, 256)
});
function withoutLease(tags) {
    const { [LEASE_TAG]: _t, [LEASE_OWNER_TAG]: _o, ...rest } = tags;
    return rest;
}
/** Between reads of a busy or held lease: 50 ms doubling to 2 s, ±50 % so waiting deploys spread out. */
const pause = (attempt) => (0,retry/* sleep */.yy)((0,retry/* backoffDelay */.EY)(attempt + 1, { initialMs: 50, maxMs: 2000, jitter: 0.5 }));
class AzureEndpointLease {
    store;
    endpoint;
    lease;
    ttlMs;
    created;
    reporter;
    timer;
    lost = false;
    renewing = false;
    constructor(store, endpoint, lease, ttlMs, created, reporter) {
        this.store = store;
        this.endpoint = endpoint;
        this.lease = lease;
        this.ttlMs = ttlMs;
        this.created = created;
        this.reporter = reporter;
    }
    get token() {
        return this.lease.token;
    }
    static async acquire(store, r, reporter) {
        const ttlMs = r.ttlMs ?? DEFAULT_AZURE_LEASE_TTL_MS;
        const waitMs = r.waitMs ?? DEFAULT_WAIT_MS;
        const deadline = Date.now() + waitMs;
        let told = false;
        for (let attempt = 0;; attempt++) {
            const mine = {
                token: (0,external_node_crypto_.randomBytes)(8).toString('hex'),
                owner: r.owner,
                expiresAt: new Date(Date.now() + ttlMs).toISOString()
            };
            const held = (created) => {
                const l = new AzureEndpointLease(store, r.endpoint, mine, ttlMs, created, reporter);
                l.keepAlive();
                return l;
            };
            const found = await store.read(r.endpoint);
            if (!found) {
                if (!r.create)
                    throw new errors/* UserError */.yo(`endpoint "${r.endpoint}" does not exist`);
                if ((await store.create(r.create, withLease({}, mine))) === 'created')
                    return held(true);
                continue; // another deploy created it meanwhile: its lease is on it now
            }
            const holder = leaseOf(found.tags);
            if (!holder || expired(holder)) {
                if (holder)
                    reporter.warn(`endpoint ${r.endpoint}: the deploy lease of ${holder.owner} expired at ${holder.expiresAt}; taking it over`);
                const wrote = await store.writeTags(r.endpoint, withLease(found.tags, mine), found.etag);
                if (wrote === 'gone')
                    continue;
                if (wrote === 'ok') {
                    // read back: an endpoint that does not honour If-Match would let two writers both succeed
                    if (leaseOf((await store.read(r.endpoint))?.tags)?.token === mine.token)
                        return held(false);
                    continue;
                }
                if (wrote === 'busy' && Date.now() >= deadline)
                    throw new errors/* UserError */.yo(`endpoint "${r.endpoint}" stayed busy with another operation for ${Math.round(waitMs / 1000)} s: its deploy lease could not be taken; retry later`);
                if (wrote === 'busy')
                    await pause(attempt);
                continue; // 412: changed since read (another deploy took it first): read again
            }
            if (Date.now() >= deadline)
                throw new errors/* UserError */.yo(`endpoint "${r.endpoint}" is being deployed by ${holder.owner} (deploy lease until ${holder.expiresAt})` +
                    `${waitMs ? `; waited ${Math.round(waitMs / 1000)} s` : ''}: one deploy per endpoint at a time; retry when it is done` +
                    ` (a lease whose holder died is taken over once it expires)`);
            if (!told)
                r.onWait?.({ owner: holder.owner, expiresAt: holder.expiresAt });
            told = true;
            await pause(attempt);
        }
    }
    check() {
        if (this.lost)
            throw new errors/* UserError */.yo(`the deploy lease of endpoint ${this.endpoint} was lost (it expired and another deploy took it): stopped before changing anything more`);
    }
    async release() {
        clearInterval(this.timer);
        try {
            for (let attempt = 0; attempt < 8; attempt++) {
                const found = await this.store.read(this.endpoint);
                if (!found || leaseOf(found.tags)?.token !== this.lease.token)
                    return;
                const wrote = await this.store.writeTags(this.endpoint, withoutLease(found.tags), found.etag);
                if (wrote === 'ok' || wrote === 'gone')
                    return;
                await pause(attempt);
            }
            throw new Error('the endpoint kept changing');
        }
        catch (e) {
            this.reporter.warn(`endpoint ${this.endpoint}: the deploy lease could not be released (${e.message}); it expires at ${this.lease.expiresAt}`);
        }
    }
    keepAlive() {
        this.timer = setInterval(() => {
            if (this.renewing || this.lost)
                return;
            this.renewing = true;
            this.renew()
                .catch(() => undefined) // a failed renewal is tried again at the next tick
                .finally(() => (this.renewing = false));
        }, Math.max(10, Math.floor(this.ttlMs / 3)));
        this.timer.unref();
    }
    async renew() {
        const found = await this.store.read(this.endpoint);
        if (!found || leaseOf(found.tags)?.token !== this.lease.token) {
            this.lost = true;
            clearInterval(this.timer);
            return;
        }
        const next = { ...this.lease, expiresAt: new Date(Date.now() + this.ttlMs).toISOString() };
        if ((await this.store.writeTags(this.endpoint, withLease(found.tags, next), found.etag)) === 'ok')
            this.lease = next;
    }
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var yaml_dist = __webpack_require__(38815);
;// CONCATENATED MODULE: ./packages/core/dist/azure/upload-snapshot.js
/**
 * The flow folder as it is uploaded and registered: the `additional_includes` of its flow.dag.yaml are
 * in it (a file by its name, a folder with its content under its name; the stage's snapshot usually
 * brings them already) and the key is removed from the uploaded flow.dag.yaml, as `pf flow build` does.
 * The serving container then finds every file the flow uses inside the registered model, and nothing
 * in it points outside.
 */





const FLOW_FILE = /^flow\.dag\.ya?ml$/;
async function walk(dir, under, out) {
    for (const e of await (0,promises_.readdir)(dir, { withFileTypes: true })) {
        if (e.name === '__pycache__')
            continue;
        const abs = external_node_path_.join(dir, e.name);
        const rel = `${under}/${e.name}`;
        if (e.isDirectory())
            await walk(abs, rel, out);
        else if (e.isFile())
            out.push({ abs, rel });
    }
}
/** `files` of the flow folder `dir`, with its additional includes in it and gone from its flow.dag.yaml. */
async function uploadSnapshot(dir, files) {
    const flow = files.find((f) => FLOW_FILE.test(f.rel));
    const none = { files, dispose: async () => undefined };
    if (!flow)
        return none;
    const doc = (0,yaml_dist/* parseDocument */.Tp)(await (0,promises_.readFile)(flow.abs, 'utf8'));
    if (doc.errors.length)
        throw new errors/* UserError */.yo(`${flow.abs}: ${doc.errors[0].message}`);
    const includes = doc.get('additional_includes');
    if (includes === undefined || includes === null)
        return none;
    const list = includes.toJSON?.() ?? includes;
    if (!Array.isArray(list) || list.some((x) => typeof x !== 'string'))
        throw new errors/* UserError */.yo(`${flow.abs}: additional_includes must be a list of paths, found ${JSON.stringify(list)}`);
    const taken = new Set(files.map((f) => f.rel));
    const added = [];
    for (const entry of list) {
        const abs = external_node_path_.resolve(dir, entry);
        const info = await (0,promises_.stat)(abs).catch(() => undefined);
        if (!info)
            throw new errors/* UserError */.yo(`${flow.abs}: additional_includes entry "${entry}" does not exist (resolved to ${abs})`);
        const name = external_node_path_.basename(abs);
        const found = [];
        if (info.isDirectory())
            await walk(abs, name, found);
        else
            found.push({ abs, rel: name });
        // already in the snapshot (taken in by the stage, or a file of the flow folder itself): kept as it is
        for (const f of found)
            if (!taken.has(f.rel)) {
                taken.add(f.rel);
                added.push(f);
            }
    }
    doc.delete('additional_includes');
    const tmp = await (0,promises_.mkdtemp)(external_node_path_.join(external_node_os_.tmpdir(), 'genaiops-snapshot-'));
    const rewritten = external_node_path_.join(tmp, external_node_path_.basename(flow.abs));
    await (0,promises_.writeFile)(rewritten, String(doc));
    return {
        files: [...files.map((f) => (f === flow ? { ...f, abs: rewritten } : f)), ...added],
        dispose: () => (0,promises_.rm)(tmp, { recursive: true, force: true })
    };
}

;// CONCATENATED MODULE: ./packages/core/dist/azure/registry.js
/**
 * The Azure ML registry: datasets as `uri_file` data assets, flows as `custom_model` models (the
 * flow folder, as prompt flow deploys it), both on the workspace's default datastore at
 * content-addressed paths, versions numbered 1, 2, 3, … with the content hash as a tag.
 *
 * Concurrency (see `RegistryTarget`): the next number is latest + 1; a PUT that lost the race
 * (409, or 400 "already exists") re-reads and tries the next number, bounded, with random
 * back-off; when the latest version meanwhile holds the same hash it is returned (`created: false`).
 */






/** The folder content-addressed uploads go under (as the Azure ML SDK and CLI name it). */
const UPLOAD_ROOT = 'LocalUpload';
/** Model type of a registered flow folder. */
const FLOW_MODEL_TYPE = 'custom_model';
const strings = (o) => Object.fromEntries(Object.entries(o ?? {}).filter((e) => typeof e[1] === 'string'));
const numeric = (v) => (/^\d+$/.test(v) ? Number(v) : undefined);
class AzureRegistry {
    client;
    ws;
    uploader;
    settings;
    reporter;
    workspace;
    sleep;
    constructor(client, ws, uploader, settings, reporter, 
    /** Checks the workspace once, up front: a 404 below it then means "absent". */
    workspace, sleep = (ms) => new Promise((r) => setTimeout(r, ms))) {
        this.client = client;
        this.ws = ws;
        this.uploader = uploader;
        this.settings = settings;
        this.reporter = reporter;
        this.workspace = workspace;
        this.sleep = sleep;
    }
    // ---- reads ---------------------------------------------------------------------------------------
    /** Every version of an asset (archived too: their numbers are taken); [] when the asset does not exist. */
    async list(kind, name) {
        await this.workspace();
        const { resourceGroup: rg, workspace: w } = this.ws;
        return arm(`listing versions of ${kind === 'data' ? 'data asset' : 'model'} ${name}`, async () => {
            const out = [];
            try {
                const it = kind === 'data'
                    ? this.client.dataVersions.list(rg, w, name, { orderBy: 'createdtime desc', listViewType: 'All' })
                    : this.client.modelVersions.list(rg, w, name, {
                        orderBy: 'createdtime desc',
                        listViewType: 'All'
                    });
                for await (const v of it)
                    out.push(listed(v));
            }
            catch (e) {
                if (isNotFound(e))
                    return [];
                throw e;
            }
            return out;
        });
    }
    /** The highest-numbered active version (else the newest one), as VersionInfo. */
    latestOf(list) {
        const active = list.filter((v) => !v.archived);
        const pool = active.length ? active : list;
        if (!pool.length)
            return undefined;
        const withNum = pool.filter((v) => v.num !== undefined);
        const best = withNum.length ? withNum.reduce((a, b) => (b.num > a.num ? b : a)) : pool[0];
        return info(best);
    }
    async latestDataVersion(name) {
        return this.latestOf(await this.list('data', name));
    }
    async latestFlowVersion(name) {
        return this.latestOf(await this.list('model', name));
    }
    async getFlowVersion(name, version) {
        await this.workspace();
        const { resourceGroup: rg, workspace: w } = this.ws;
        return arm(`reading model ${name}:${version}`, async () => {
            try {
                return info(listed(await this.client.modelVersions.get(rg, w, name, version)));
            }
            catch (e) {
                if (isNotFound(e))
                    return undefined;
                throw e;
            }
        });
    }
    // ---- writes --------------------------------------------------------------------------------------
    async createDataVersion(d) {
        const file = external_node_path_.basename(d.file);
        const blobPath = `${UPLOAD_ROOT}/${d.hash}/${file}`;
        const { ds } = await this.uploader.datastore();
        const up = await this.uploader.upload([{ abs: d.file, blobPath }], { skipExisting: true });
        this.reporter.info(up.uploaded
            ? `data ${d.name}: uploaded ${file} (${up.bytes} bytes) to datastore ${ds.name}`
            : `data ${d.name}: ${file} already on datastore ${ds.name}`);
        const dataUri = this.uploader.uri(ds, blobPath);
        const tags = { ...d.tags, [target_contract/* HASH_TAG */.iT]: d.hash };
        return this.createVersion('data', d.name, d.hash, (version) => this.client.dataVersions.createOrUpdate(this.ws.resourceGroup, this.ws.workspace, d.name, version, {
            properties: {
                dataType: 'uri_file',
                dataUri,
                description: d.description,
                tags,
                isAnonymous: false,
                isArchived: false
            }
        }));
    }
    async createFlowVersion(f) {
        if (!f.files.length)
            throw new errors/* UserError */.yo(`flow ${f.name}: no files to register in ${f.dir}`);
        const folder = external_node_path_.basename(f.dir);
        const prefix = `${UPLOAD_ROOT}/${f.hash}/${folder}`;
        const { ds } = await this.uploader.datastore();
        const snapshot = await uploadSnapshot(f.dir, f.files);
        let up;
        try {
            up = await this.uploader.upload(snapshot.files.map((x) => ({ abs: x.abs, blobPath: `${prefix}/${x.rel}` })), { skipExisting: true });
        }
        finally {
            await snapshot.dispose();
        }
        this.reporter.info(`flow ${f.name}: ${up.uploaded} of ${snapshot.files.length} file(s) uploaded (${up.bytes} bytes) to datastore ${ds.name}`);
        // the folder itself, as the Azure ML SDK writes a model's path (no trailing slash)
        const modelUri = this.uploader.uri(ds, prefix);
        const tags = { ...f.tags, [target_contract/* HASH_TAG */.iT]: f.hash };
        return this.createVersion('model', f.name, f.hash, (version) => this.client.modelVersions.createOrUpdate(this.ws.resourceGroup, this.ws.workspace, f.name, version, {
            properties: {
                modelType: FLOW_MODEL_TYPE,
                modelUri,
                description: f.description,
                tags,
                properties: f.properties,
                isAnonymous: false,
                isArchived: false
            }
        }));
    }
    /** latest + 1, retried on conflicts; the latest when it meanwhile holds the same hash. */
    async createVersion(kind, name, hash, put) {
        const what = kind === 'data' ? 'data asset' : 'model';
        const { attempts, minDelayMs, maxDelayMs } = this.settings.conflict;
        let version = '';
        const attempt = async () => {
            const list = await this.list(kind, name);
            const latest = this.latestOf(list);
            if (latest?.hash === hash)
                return { version: latest.version, created: false };
            const taken = list.map((v) => v.num ?? 0);
            version = String((taken.length ? Math.max(...taken) : 0) + 1);
            let made;
            try {
                made = await put(version);
            }
            catch (e) {
                if (!isVersionConflict(e))
                    throw toTargetError(e, `registering ${what} ${name} version ${version}`);
                throw new VersionTaken();
            }
            // A PUT of the same content onto a version another job created a moment ago is an update:
            // that version holds our content, but it is not ours.
            const l = listed(made);
            const preexisting = l.createdAt && l.lastModifiedAt && l.lastModifiedAt.getTime() - l.createdAt.getTime() > 0;
            return { version, created: !preexisting };
        };
        try {
            return await (0,retry/* retry */.L5)(attempt, {
                maxAttempts: attempts,
                // a random wait that widens with the conflicts, so racing jobs draw different numbers
                backoff: {
                    initialMs: maxDelayMs,
                    growth: 'linear',
                    maxMs: 4 * maxDelayMs,
                    minMs: minDelayMs,
                    jitter: 'full'
                },
                retryable: (e) => e instanceof VersionTaken,
                sleep: (ms) => this.sleep(ms),
                onRetry: ({ attempt: n }) => this.reporter.info(`${what} ${name}: version ${version} was taken meanwhile; retrying (attempt ${n}/${attempts})`)
            });
        }
        catch (e) {
            if (!(e instanceof VersionTaken))
                throw e;
            throw new Error(`registering ${what} ${name}: gave up after ${attempts} version conflicts (other jobs keep registering it); run the job again`);
        }
    }
}
/** Another job took the version number we tried (retried with the next one). */
class VersionTaken extends Error {
}
function listed(v) {
    const p = v.properties;
    const version = v.name ?? '';
    return {
        version,
        num: numeric(version),
        archived: Boolean(p.isArchived),
        tags: strings(p.tags),
        uri: p.dataUri ?? p.modelUri,
        createdAt: v.systemData?.createdAt,
        lastModifiedAt: v.systemData?.lastModifiedAt
    };
}
function info(l) {
    return { version: l.version, hash: l.tags[target_contract/* HASH_TAG */.iT], tags: l.tags, location: l.uri };
}

;// CONCATENATED MODULE: ./packages/core/dist/azure/serving-environment.js
/**
 * The Azure ML environment a flow is served with: prompt flow's runtime image, plus the flow's Python
 * requirements when it has any (`environment.python_requirements_txt` of flow.dag.yaml, else a
 * `requirements.txt` beside it), built from a Docker build context on the default datastore, as prompt
 * flow's deployment guide builds one. Versions are content hashes, so the same image and requirements
 * reuse the environment (and its built image); an image given in the config is used as it is.
 */








/** Name of the environment asset holding the serving image (one version per image + requirements + routes). */
const SERVING_ENVIRONMENT = 'genaiops-promptflow-serving';
/** Routes of prompt flow's serving container. */
const SERVING_ROUTES = {
    livenessRoute: { path: '/health', port: 8080 },
    readinessRoute: { path: '/health', port: 8080 },
    scoringRoute: { path: '/score', port: 8080 }
};
/** The Dockerfile of an image with a flow's requirements installed. */
function dockerfile(image) {
    return `FROM ${image}\nCOPY ./requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n`;
}
/** Content-hash version of an environment spec. */
function environmentVersion(spec) {
    return (0,external_node_crypto_.createHash)('sha256')
        .update(JSON.stringify({ image: spec.image, requirements: spec.requirements ?? null, routes: SERVING_ROUTES }))
        .digest('hex')
        .slice(0, 16);
}
class ServingEnvironments {
    client;
    ws;
    uploader;
    reporter;
    ids = new Map();
    constructor(client, ws, uploader, reporter) {
        this.client = client;
        this.ws = ws;
        this.uploader = uploader;
        this.reporter = reporter;
    }
    /**
     * The requirements a registered flow (model version) declares, read from its files on the datastore
     * (what was registered is what serves); undefined when it has none.
     */
    async requirementsOf(model) {
        const mv = await arm(`reading model ${model.name}:${model.version}`, () => this.client.modelVersions.get(this.ws.resourceGroup, this.ws.workspace, model.name, model.version));
        const where = parseDatastoreUri(String(mv.properties.modelUri ?? ''));
        if (!where)
            return undefined;
        const { container } = await this.uploader.datastore();
        const read = async (rel) => {
            const blob = container.getBlockBlobClient(`${where.path.replace(/\/+$/, '')}/${rel}`);
            try {
                return (await blob.downloadToBuffer()).toString('utf8');
            }
            catch (e) {
                if (e.statusCode === 404)
                    return undefined;
                throw e;
            }
        };
        const flow = (await read('flow.dag.yaml')) ?? (await read('flow.dag.yml'));
        const declared = flow
            ? (0,yaml_dist/* parse */.qg)(flow)?.environment
                ?.python_requirements_txt
            : undefined;
        const content = await read(declared ?? 'requirements.txt');
        return content?.trim() ? content : undefined;
    }
    /** The ARM id of the environment version for `spec`, registered once per content. */
    environmentId(spec) {
        const version = environmentVersion(spec);
        let id = this.ids.get(version);
        if (!id) {
            id = this.ensure(spec, version);
            id.catch(() => this.ids.delete(version));
            this.ids.set(version, id);
        }
        return id;
    }
    async ensure(spec, version) {
        const { resourceGroup: rg, workspace: w } = this.ws;
        const fallbackId = `${workspaceArmId(this.ws)}/environments/${SERVING_ENVIRONMENT}/versions/${version}`;
        const found = await arm(`reading environment ${SERVING_ENVIRONMENT}:${version}`, async () => {
            try {
                return await this.client.environmentVersions.get(rg, w, SERVING_ENVIRONMENT, version);
            }
            catch (e) {
                if (isNotFound(e))
                    return undefined;
                throw e;
            }
        });
        if (found) {
            this.reporter.info(`environment ${SERVING_ENVIRONMENT}:${version} already registered: reused`);
            return found.id ?? fallbackId;
        }
        const build = spec.requirements !== undefined ? await this.uploadBuildContext(spec, version) : undefined;
        const made = await arm(`registering environment ${SERVING_ENVIRONMENT}:${version}`, () => this.client.environmentVersions.createOrUpdate(rg, w, SERVING_ENVIRONMENT, version, {
            properties: {
                ...(build ? { build } : { image: spec.image }),
                inferenceConfig: SERVING_ROUTES,
                osType: 'Linux',
                description: build
                    ? `prompt flow serving image ${spec.image} with the flow's requirements (registered by genaiops deploy)`
                    : `prompt flow serving image (registered by genaiops deploy)`,
                tags: { image: spec.image, requirements: build ? 'yes' : 'no' }
            }
        }));
        this.reporter.info(`environment ${SERVING_ENVIRONMENT}:${version} registered (${build ? `${spec.image} + the flow's requirements, built by Azure ML` : spec.image})`);
        return made.id ?? fallbackId;
    }
    /** Uploads Dockerfile + requirements.txt to a content-addressed folder; returns the build context. */
    async uploadBuildContext(spec, version) {
        const { ds } = await this.uploader.datastore();
        const prefix = `${UPLOAD_ROOT}/${version}/environment`;
        const tmp = await (0,promises_.mkdtemp)(external_node_path_.join(external_node_os_.tmpdir(), 'genaiops-env-'));
        try {
            await (0,promises_.writeFile)(external_node_path_.join(tmp, 'Dockerfile'), dockerfile(spec.image));
            await (0,promises_.writeFile)(external_node_path_.join(tmp, 'requirements.txt'), spec.requirements);
            await this.uploader.upload(['Dockerfile', 'requirements.txt'].map((f) => ({
                abs: external_node_path_.join(tmp, f),
                blobPath: `${prefix}/${f}`
            })), { skipExisting: true });
        }
        finally {
            await (0,promises_.rm)(tmp, { recursive: true, force: true });
        }
        return {
            contextUri: `${ds.blobEndpoint.replace(/\/+$/, '')}/${ds.container}/${prefix}/`,
            dockerfilePath: 'Dockerfile'
        };
    }
}

;// CONCATENATED MODULE: ./packages/core/dist/azure/endpoints.js
/**
 * Azure ML online endpoints (managed, or Kubernetes when the target is `kubernetes`) and their
 * deployments, serving a registered flow folder with prompt flow's serving image.
 */











const DEPLOYMENT_HEADER = 'azureml-model-deployment';
const iso = (ms) => `PT${Math.round(ms) / 1000}S`;
const probe = (p) => ({
    initialDelay: iso(p.initialDelaySeconds * 1000),
    period: iso(p.periodSeconds * 1000),
    timeout: iso(p.timeoutSeconds * 1000),
    failureThreshold: p.failureThreshold,
    successThreshold: p.successThreshold
});
const AUTH_MODES = {
    key: 'key',
    amltoken: 'aml_token',
    aadtoken: 'aad_token'
};
/** The resource is still in a transitional state (polled until it settles). */
class StillBusy extends Error {
    state;
    constructor(state) {
        super(`still ${state}`);
        this.state = state;
    }
}
class AzureEndpoints {
    client;
    ws;
    settings;
    reporter;
    opts;
    location;
    keys = new Map();
    agents;
    access;
    environments;
    constructor(client, ws, settings, reporter, opts = {}) {
        this.client = client;
        this.ws = ws;
        this.settings = settings;
        this.reporter = reporter;
        this.opts = opts;
        this.agents = {
            http: new external_node_http_.Agent({ keepAlive: true }),
            https: new external_node_https_.Agent({ keepAlive: true, ...(settings.ca ? { ca: settings.ca } : {}) })
        };
        this.access = new EndpointAccess(client, ws, settings, reporter, opts.keyVault);
        if (opts.uploader)
            this.environments = new ServingEnvironments(client, ws, opts.uploader, reporter);
    }
    get rg() {
        return this.ws.resourceGroup;
    }
    get w() {
        return this.ws.workspace;
    }
    /** The workspace's region (endpoints and deployments live there); read once, up front. */
    workspaceLocation() {
        this.location ??= (async () => {
            const ws = this.opts.workspace
                ? await this.opts.workspace()
                : await arm(`reading workspace ${this.w} (resource group ${this.rg})`, () => this.client.workspaces.get(this.rg, this.w));
            if (!ws.location)
                throw new Error(`workspace ${this.w} has no location`);
            return ws.location;
        })();
        this.location.catch(() => (this.location = undefined));
        return this.location;
    }
    computeId(compute) {
        return compute.startsWith('/subscriptions/') ? compute : `${workspaceArmId(this.ws)}/computes/${compute}`;
    }
    async rawEndpoint(name) {
        return arm(`reading endpoint ${name}`, async () => {
            try {
                return await this.client.onlineEndpoints.get(this.rg, this.w, name);
            }
            catch (e) {
                if (isNotFound(e))
                    return undefined;
                throw e;
            }
        });
    }
    /** The endpoint and its entity tag (the `ETag` header, when Azure sends one). */
    async rawEndpointWithEtag(name) {
        let etag;
        const ep = await arm(`reading endpoint ${name}`, async () => {
            try {
                return await this.client.onlineEndpoints.get(this.rg, this.w, name, {
                    onResponse: (raw) => (etag = raw.headers.get('etag') ?? undefined)
                });
            }
            catch (e) {
                if (isNotFound(e))
                    return undefined;
                throw e;
            }
        });
        return ep && { ep, etag };
    }
    async rawDeployments(name) {
        return arm(`listing deployments of endpoint ${name}`, async () => {
            const out = [];
            for await (const d of this.client.onlineDeployments.list(this.rg, this.w, name))
                out.push(d);
            return out;
        });
    }
    /**
     * Runs `put`; when Azure answers 409 (another operation is changing the resource: a concurrent
     * job, or our own PUT whose answer was lost and the SDK retried), waits until `busy()` says the
     * resource is settled and runs it again (bounded).
     */
    async whenFree(what, busy, put) {
        return (0,retry/* retry */.L5)(put, {
            maxAttempts: 3,
            retryable: (e) => statusOf(e) === 409,
            // the wait is not a backoff: it lasts until the resource is settled
            backoff: { initialMs: 0 },
            sleep: () => this.waitSettled(what, busy),
            onRetry: ({ error }) => this.reporter.info(`${what}: another operation is running on it (${armErrorInfo(error).message}); waiting for it to finish`)
        });
    }
    /** Waits while `busy()` names a transitional state (Creating, Updating, …). */
    async waitSettled(what, busy) {
        const { intervalMs, timeoutMs } = this.settings.busyWait;
        await (0,retry/* retry */.L5)(async () => {
            const state = await busy();
            if (state)
                throw new StillBusy(state);
        }, {
            budgetMs: timeoutMs,
            backoff: { initialMs: intervalMs, factor: 1 },
            retryable: (e) => e instanceof StillBusy
        }).catch((e) => {
            if (!(e instanceof StillBusy))
                throw e;
            throw new errors/* UserError */.yo(`${what}: another operation kept it ${e.state} for ${Math.round(timeoutMs / 60_000)} minutes; run the job again later`);
        });
    }
    /** The endpoint's (or one of its deployments') transitional state, if any. */
    async busyState(endpoint, deployment) {
        const transitional = (s) => s && /^(Creating|Updating|Deleting|Scaling)$/i.test(s) ? s : undefined;
        const ep = await this.rawEndpoint(endpoint);
        const e = transitional(ep?.properties.provisioningState);
        if (e || !deployment || !ep)
            return e;
        const d = await arm(`reading deployment ${endpoint}/${deployment}`, async () => {
            try {
                return await this.client.onlineDeployments.get(this.rg, this.w, endpoint, deployment);
            }
            catch (err) {
                if (isNotFound(err))
                    return undefined;
                throw err;
            }
        });
        return transitional(d?.properties.provisioningState);
    }
    // ---- EndpointTarget ------------------------------------------------------------------------------
    async getEndpoint(name) {
        const ep = await this.rawEndpoint(name);
        if (!ep)
            return undefined;
        return this.state(ep, await this.rawDeployments(name));
    }
    state(ep, deps) {
        const traffic = {};
        for (const d of deps)
            if (d.name)
                traffic[d.name] = 0;
        for (const [k, v] of Object.entries(ep.properties.traffic ?? {}))
            traffic[k] = v;
        return {
            name: ep.name ?? '',
            scoringUri: ep.properties.scoringUri ?? '',
            traffic,
            deployments: deps.map((d) => ({
                name: d.name ?? '',
                model: modelRef(d.properties.model),
                provisioningState: d.properties.provisioningState ?? 'Unknown',
                tags: d.tags
            })),
            authMode: AUTH_MODES[String(ep.properties.authMode).toLowerCase()] ?? 'key',
            principalId: ep.identity?.principalId
        };
    }
    async ensureEndpoint(e, attempt = 1) {
        const wantsK8s = this.opts.kind === 'kubernetes';
        const location = await this.workspaceLocation();
        const existing = await this.rawEndpoint(e.name);
        // before anything is created: the endpoint identity's grants must be possible (or already held)
        if (attempt === 1)
            await this.access.preflight(e.name, existing?.identity?.principalId);
        if (existing) {
            const isK8s = Boolean(existing.properties.compute);
            if (wantsK8s !== isK8s)
                throw new errors/* UserError */.yo(`endpoint "${e.name}" exists as a ${isK8s ? `Kubernetes endpoint (compute ${existing.properties.compute})` : 'managed endpoint'}; a ${wantsK8s ? 'kubernetes' : 'managed'} deployment needs a ${wantsK8s ? 'Kubernetes' : 'managed'} endpoint: use another endpoint name`);
            return this.state(existing, await this.rawDeployments(e.name));
        }
        let made;
        try {
            made = await this.createEndpoint(e, location);
        }
        catch (err) {
            if (statusOf(err) !== 409 || attempt >= 3)
                throw toTargetError(err, `creating endpoint ${e.name}`);
            // another job is creating it right now: take theirs once it is ready
            this.reporter.info(`endpoint ${e.name} is being created by another operation; waiting for it`);
            await this.waitSettled(`endpoint ${e.name}`, () => this.busyState(e.name));
            return this.ensureEndpoint(e, attempt + 1);
        }
        if (made.properties.provisioningState && made.properties.provisioningState !== 'Succeeded')
            throw new errors/* UserError */.yo(`endpoint ${e.name} ended ${made.properties.provisioningState}`);
        return this.state(made, []);
    }
    /** PUT of a new endpoint (`extraTags` beside the given ones; `onlyIfAbsent`: If-None-Match: *). */
    createEndpoint(e, location, extraTags = {}, onlyIfAbsent = false) {
        const wantsK8s = this.opts.kind === 'kubernetes';
        if (wantsK8s && !this.opts.compute)
            throw new errors/* UserError */.yo(`a Kubernetes endpoint needs "compute" (the attached Kubernetes compute); endpoint "${e.name}" was not created`);
        const body = {
            location,
            tags: { ...e.tags, ...extraTags },
            identity: { type: 'SystemAssigned' },
            properties: {
                authMode: 'Key',
                description: e.description,
                ...(wantsK8s ? { compute: this.computeId(this.opts.compute) } : {})
            }
        };
        this.reporter.info(`creating ${wantsK8s ? 'Kubernetes' : 'managed'} online endpoint ${e.name} in ${location}`);
        return this.client.onlineEndpoints.beginCreateOrUpdateAndWait(this.rg, this.w, e.name, body, {
            ...lroOptions(this.settings),
            ...(onlyIfAbsent ? { requestOptions: { customHeaders: { 'If-None-Match': '*' } } } : {})
        });
    }
    // ---- the deploy lease (endpoint-lease.ts) ---------------------------------------------------------
    leaseStore = {
        read: async (name) => {
            const found = await this.rawEndpointWithEtag(name);
            return found && { tags: found.ep.tags ?? {}, etag: found.etag };
        },
        writeTags: async (name, tags, etag) => {
            try {
                await this.client.onlineEndpoints.beginUpdateAndWait(this.rg, this.w, name, { tags }, { ...lroOptions(this.settings), ...ifMatch(etag) });
                return 'ok';
            }
            catch (e) {
                const status = statusOf(e);
                if (status === 412)
                    return 'changed';
                if (status === 409)
                    return 'busy';
                if (isNotFound(e))
                    return 'gone';
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
                    throw new errors/* UserError */.yo(`endpoint ${e.name} ended ${made.properties.provisioningState}`);
                return 'created';
            }
            catch (err) {
                const status = statusOf(err);
                if (status === 412 || status === 409)
                    return 'exists';
                throw toTargetError(err, `creating endpoint ${e.name}`);
            }
        }
    };
    acquireLease(request) {
        return AzureEndpointLease.acquire(this.leaseStore, request, this.reporter);
    }
    /**
     * The environment of a deployment: the config's image as it is; else the serving image, with the
     * registered flow's requirements built into it when it has any.
     */
    async environmentFor(model) {
        if (!this.environments)
            throw new Error('AzureEndpoints: no datastore uploader to register environments with');
        if (this.opts.image)
            return this.environments.environmentId({ image: this.opts.image });
        const requirements = await this.environments.requirementsOf(model);
        return this.environments.environmentId({ image: this.settings.image, requirements });
    }
    async createOrUpdateDeployment(d) {
        const ep = await this.rawEndpoint(d.endpoint);
        if (!ep)
            throw new errors/* UserError */.yo(`endpoint "${d.endpoint}" does not exist; it must be created before deployment "${d.name}"`);
        const k8s = Boolean(ep.properties.compute);
        if (d.kubernetes && !k8s)
            throw new errors/* UserError */.yo(`deployment "${d.name}" is for Kubernetes but endpoint "${d.endpoint}" is a managed endpoint`);
        const environmentId = await this.environmentFor(d.model);
        const model = `${workspaceArmId(this.ws)}/models/${d.model.name}/versions/${d.model.version}`;
        const environmentVariables = {
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
        const properties = k8s
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
        const body = {
            location: ep.location,
            tags: d.tags,
            sku: { name: 'Default', capacity: d.instanceCount },
            properties
        };
        this.reporter.info(`deployment ${d.endpoint}/${d.name}: ${d.model.name}:${d.model.version} on ${k8s ? `Kubernetes compute ${ep.properties.compute?.split('/').pop()}` : d.instanceType}, ${d.instanceCount} instance(s)`);
        let result;
        try {
            result = await this.whenFree(`deployment ${d.endpoint}/${d.name}`, () => this.busyState(d.endpoint, d.name), () => this.client.onlineDeployments.beginCreateOrUpdateAndWait(this.rg, this.w, d.endpoint, d.name, body, lroOptions(this.settings)));
        }
        catch (e) {
            const i = armErrorInfo(e);
            if (i.status === undefined && !/long-running operation has failed/i.test(i.message))
                throw toTargetError(e, `deployment ${d.endpoint}/${d.name}`);
            if (i.status !== undefined && i.status >= 500)
                throw toTargetError(e, `deployment ${d.endpoint}/${d.name}`);
            throw new errors/* UserError */.yo(`deployment ${d.endpoint}/${d.name} failed: ${cleanLroMessage(i.message)}${await this.logTail(d.endpoint, d.name)}`);
        }
        const state = result.properties.provisioningState;
        if (state && state !== 'Succeeded')
            throw new errors/* UserError */.yo(`deployment ${d.endpoint}/${d.name} ended ${state}${await this.logTail(d.endpoint, d.name)}`);
    }
    /** The last lines of a deployment's container log, for failure messages ('' when unavailable). */
    async logTail(endpoint, name) {
        try {
            const r = await this.client.onlineDeployments.getLogs(this.rg, this.w, endpoint, name, { tail: 20 });
            const lines = (r.content ?? '').trim().split('\n').slice(-10);
            return lines.length && lines[0] ? `\nlast log lines:\n${lines.map((l) => `  ${l}`).join('\n')}` : '';
        }
        catch {
            return '';
        }
    }
    async setTraffic(endpoint, traffic, guard) {
        // the whole map (deployments left out get 0); zeros are left out, as Azure stores them
        const next = {};
        for (const [k, v] of Object.entries(traffic))
            if (v > 0)
                next[k] = v;
        const made = await arm(`setting the traffic of endpoint ${endpoint} to ${JSON.stringify(next)}`, () => this.whenFree(`endpoint ${endpoint}`, () => this.busyState(endpoint), async () => {
            // a full PUT of the endpoint as it is now, with the new traffic, conditional on its ETag:
            // 412 means it changed since it was read (a lease renewal, or someone else): read again
            for (let attempt = 1;; attempt++) {
                const found = await this.rawEndpointWithEtag(endpoint);
                if (!found)
                    throw new errors/* UserError */.yo(`endpoint "${endpoint}" does not exist`);
                const { ep, etag } = found;
                const now = ep.properties.traffic ?? {};
                // our own PUT applied, its answer lost and the retry refused: done
                if (attempt > 1 && (0,target_contract/* sameTraffic */.UN)(now, next))
                    return ep;
                if (guard?.leaseToken && leaseOf(ep.tags)?.token !== guard.leaseToken)
                    throw new errors/* UserError */.yo(`the deploy lease of endpoint ${endpoint} is no longer this deploy's (now ${leaseOf(ep.tags)?.owner ?? 'nobody'}'s): traffic left as it is`);
                if (guard?.expect && !(0,target_contract/* sameTraffic */.UN)(guard.expect, now))
                    throw new target_contract/* TrafficConflict */.oz(endpoint, now);
                const body = { ...ep, properties: { ...ep.properties, traffic: next } };
                try {
                    return await this.client.onlineEndpoints.beginCreateOrUpdateAndWait(this.rg, this.w, endpoint, body, { ...lroOptions(this.settings), ...ifMatch(etag) });
                }
                catch (e) {
                    if (statusOf(e) !== 412 || attempt >= 8)
                        throw e;
                }
            }
        }));
        if (made.properties.provisioningState && made.properties.provisioningState !== 'Succeeded')
            throw new errors/* UserError */.yo(`endpoint ${endpoint} ended ${made.properties.provisioningState} while setting its traffic`);
    }
    async deleteDeployment(endpoint, name) {
        await arm(`deleting deployment ${endpoint}/${name}`, () => this.whenFree(`deployment ${endpoint}/${name}`, () => this.busyState(endpoint, name), async () => {
            try {
                await this.client.onlineDeployments.beginDeleteAndWait(this.rg, this.w, endpoint, name, lroOptions(this.settings));
            }
            catch (e) {
                if (!isNotFound(e))
                    throw e; // already gone (an earlier attempt whose answer was lost)
            }
        }));
    }
    async grantAccess(endpoint) {
        const ep = await this.rawEndpoint(endpoint);
        if (!ep)
            throw new errors/* UserError */.yo(`endpoint "${endpoint}" does not exist`);
        const principalId = ep.identity?.principalId;
        if (!principalId) {
            this.reporter.warn(`endpoint ${endpoint} has no system-assigned identity: no role granted (the flow may not read the workspace connections)`);
            return;
        }
        await this.access.grant(endpoint, principalId, ep.identity?.tenantId);
    }
    async key(endpoint, refresh = false) {
        const cached = this.keys.get(endpoint);
        if (cached && !refresh)
            return cached;
        const keys = await arm(`reading the keys of endpoint ${endpoint}`, () => this.client.onlineEndpoints.listKeys(this.rg, this.w, endpoint));
        for (const k of [keys.primaryKey, keys.secondaryKey])
            if (k)
                this.reporter.secret(k);
        const key = keys.primaryKey ?? keys.secondaryKey;
        if (!key)
            throw new errors/* UserError */.yo(`endpoint ${endpoint} returned no key (is its auth mode "key"?)`);
        this.keys.set(endpoint, key);
        return key;
    }
    scoringUris = new Map();
    async scoringRequest(endpoint, req) {
        let uri = this.scoringUris.get(endpoint);
        if (!uri) {
            const ep = await this.rawEndpoint(endpoint);
            if (!ep)
                throw new errors/* UserError */.yo(`endpoint "${endpoint}" does not exist`);
            if (!ep.properties.scoringUri)
                throw new Error(`endpoint ${endpoint} has no scoring URI yet (provisioning ${ep.properties.provisioningState})`);
            uri = ep.properties.scoringUri;
            this.scoringUris.set(endpoint, uri);
        }
        let res = await this.post(uri, await this.key(endpoint), req);
        if (res.status === 401)
            res = await this.post(uri, await this.key(endpoint, true), req); // keys regenerated meanwhile
        return res;
    }
    post(uri, key, req) {
        const payload = JSON.stringify(req.body);
        const url = new URL(uri);
        const headers = {
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(payload)),
            authorization: `Bearer ${key}`,
            ...(req.deployment ? { [DEPLOYMENT_HEADER]: req.deployment } : {})
        };
        const started = external_node_perf_hooks_.performance.now();
        return new Promise((resolve, reject) => {
            const onResponse = (res) => {
                const chunks = [];
                res.on('data', (c) => chunks.push(c));
                res.on('error', reject);
                res.on('end', () => {
                    const text = Buffer.concat(chunks).toString('utf8');
                    let body = text;
                    let json = false;
                    try {
                        body = JSON.parse(text);
                        json = true;
                    }
                    catch {
                        /* not JSON */
                    }
                    const dep = res.headers[DEPLOYMENT_HEADER];
                    resolve({
                        status: res.statusCode ?? 0,
                        body,
                        json,
                        deployment: typeof dep === 'string' ? dep : undefined,
                        latencyMs: external_node_perf_hooks_.performance.now() - started
                    });
                });
            };
            const r = url.protocol === 'https:'
                ? (0,external_node_https_.request)(url, { method: 'POST', headers, agent: this.agents.https }, onResponse)
                : (0,external_node_http_.request)(url, { method: 'POST', headers, agent: this.agents.http }, onResponse);
            r.setTimeout(req.timeoutMs ?? 120_000, () => r.destroy(Object.assign(new Error('scoring request timed out'), { name: 'TimeoutError' })));
            r.on('error', reject);
            r.end(payload);
        });
    }
    dispose() {
        this.agents.http.destroy();
        this.agents.https.destroy();
    }
}
/** Request options sending `If-Match` (none without an entity tag: Azure did not send one). */
function ifMatch(etag) {
    return etag ? { requestOptions: { customHeaders: { 'If-Match': etag } } } : {};
}
/** `name:version` of a deployment's `properties.model` (an ARM id of a model version). */
function modelRef(model) {
    const m = model ? /\/models\/([^/]+)\/versions\/([^/]+)$/i.exec(model) : null;
    return m ? { name: m[1], version: m[2] } : undefined;
}
/** core-lro's "The long-running operation has failed…" with the ARM error kept. */
function cleanLroMessage(m) {
    return m.replace(/^The long-running operation has failed\.?\s*/i, '').trim() || m;
}

;// CONCATENATED MODULE: ./packages/core/dist/azure/settings.js
/**
 * How the Azure target talks to Azure: retry and polling settings, and the TEST SEAMS that point it
 * at the loopback emulators instead of Azure (read from the stage's environment, so they reach an
 * action's bundled `dist/` as plain environment variables).
 *
 * TEST-ONLY variables (never set them in a real workflow):
 * - `GENAIOPS_ARM_ENDPOINT`   ARM base URL instead of https://management.azure.com
 * - `GENAIOPS_ARM_CA_FILE`    PEM file of a CA to trust for that endpoint (in-process; a child
 *                             process can use `NODE_EXTRA_CA_CERTS` instead)
 * - `GENAIOPS_ARM_TOKEN`      a fixed bearer token instead of a login; honoured ONLY together with
 *                             `GENAIOPS_ARM_ENDPOINT` (so it can never be sent to Azure)
 * - `GENAIOPS_AUTHORITY_HOST` Entra ID (AAD) authority for the OIDC login, with instance discovery
 *                             off and the CA above trusted (a loopback token service); honoured
 *                             ONLY together with `GENAIOPS_ARM_ENDPOINT`
 * - `GENAIOPS_BLOB_ENDPOINT`  blob service URL of the datastore's account (e.g. Azurite's
 *                             `http://127.0.0.1:10000/devstoreaccount1`): the datastore only names
 *                             the account and the container
 * - `GENAIOPS_LRO_INTERVAL_MS` poll interval of long-running operations (default: the SDK's 2 s
 *                             or the service's Retry-After)
 * - `GENAIOPS_ARM_RETRY_DELAY_MS` / `GENAIOPS_ARM_MAX_RETRY_DELAY_MS` base / cap of the retry
 *                             back-off (429 / 5xx / connection errors)
 *
 * Not a test seam: `GENAIOPS_PROMPTFLOW_IMAGE` overrides the serving image of deployments.
 */


/** The image prompt flow's deployment docs use to serve a flow folder registered as a model. */
const DEFAULT_PROMPTFLOW_IMAGE = 'mcr.microsoft.com/azureml/promptflow/promptflow-runtime:latest';
const DEFAULT_RETRY = {
    maxRetries: 8,
    retryDelayInMs: 800,
    maxRetryDelayInMs: 20_000
};
function num(environ, name) {
    const v = environ[name];
    if (v === undefined || v.trim() === '')
        return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0)
        throw new errors/* UserError */.yo(`${name}: expected a number of milliseconds ≥ 0, found "${v}"`);
    return n;
}
/** Settings from the environment (test seams included), with `overrides` last. */
function azureSettings(environ, overrides = {}) {
    const armEndpoint = environ.GENAIOPS_ARM_ENDPOINT?.trim() || undefined;
    let ca;
    const caFile = environ.GENAIOPS_ARM_CA_FILE?.trim();
    if (caFile) {
        try {
            ca = (0,external_node_fs_.readFileSync)(caFile, 'utf8');
        }
        catch (e) {
            throw new errors/* UserError */.yo(`GENAIOPS_ARM_CA_FILE: cannot read ${caFile} (${e.message})`);
        }
    }
    const retryDelay = num(environ, 'GENAIOPS_ARM_RETRY_DELAY_MS');
    const maxRetryDelay = num(environ, 'GENAIOPS_ARM_MAX_RETRY_DELAY_MS');
    const fast = retryDelay !== undefined && retryDelay < 100;
    return {
        armEndpoint,
        ca,
        // a fixed token is only ever sent to an overridden (test) endpoint
        staticToken: armEndpoint ? environ.GENAIOPS_ARM_TOKEN || undefined : undefined,
        authorityHost: armEndpoint ? environ.GENAIOPS_AUTHORITY_HOST?.trim() || undefined : undefined,
        blobEndpoint: environ.GENAIOPS_BLOB_ENDPOINT?.trim() || undefined,
        lroIntervalMs: num(environ, 'GENAIOPS_LRO_INTERVAL_MS'),
        retry: {
            maxRetries: DEFAULT_RETRY.maxRetries,
            retryDelayInMs: retryDelay ?? DEFAULT_RETRY.retryDelayInMs,
            maxRetryDelayInMs: maxRetryDelay ??
                (retryDelay !== undefined ? Math.max(retryDelay * 10, retryDelay) : DEFAULT_RETRY.maxRetryDelayInMs)
        },
        conflict: fast
            ? { attempts: 20, minDelayMs: 5, maxDelayMs: 40 }
            : { attempts: 20, minDelayMs: 100, maxDelayMs: 1000 },
        principal: fast ? { attempts: 6, delayMs: retryDelay ?? 10 } : { attempts: 6, delayMs: 5000 },
        busyWait: { intervalMs: num(environ, 'GENAIOPS_LRO_INTERVAL_MS') ?? 10_000, timeoutMs: 30 * 60_000 },
        image: environ.GENAIOPS_PROMPTFLOW_IMAGE?.trim() || DEFAULT_PROMPTFLOW_IMAGE,
        ...overrides
    };
}

;// CONCATENATED MODULE: ./packages/core/dist/azure/target.js







/** The workspace of a target's options: the environment's `azure` section, the subscription from it, the credentials or AZURE_SUBSCRIPTION_ID. */
function resolveWorkspace(opts) {
    const where = `environment "${opts.env}" of ${opts.useCase.config.name}`;
    if (!opts.azure)
        throw new errors/* UserError */.yo(`${where} has no "azure" section (subscriptionId, resourceGroup, workspace): the Azure target needs it`);
    const subscriptionId = opts.azure.subscriptionId || opts.credentials?.subscriptionId || opts.environ.AZURE_SUBSCRIPTION_ID;
    if (!subscriptionId)
        throw new errors/* UserError */.yo(`${where}: no Azure subscription id (set azure.subscriptionId, the subscription-id input or AZURE_SUBSCRIPTION_ID)`);
    if (!opts.azure.resourceGroup || !opts.azure.workspace)
        throw new errors/* UserError */.yo(`${where}: azure.resourceGroup and azure.workspace are required`);
    return { subscriptionId, resourceGroup: opts.azure.resourceGroup, workspace: opts.azure.workspace };
}
function createAzureTarget(opts, overrides = {}) {
    const workspace = resolveWorkspace(opts);
    const settings = azureSettings(opts.environ, overrides.settings);
    const credential = overrides.credential ??
        createAzureCredential({
            clientId: opts.credentials?.clientId,
            tenantId: opts.credentials?.tenantId,
            getAssertion: opts.credentials?.getAssertion,
            staticToken: settings.staticToken,
            authorityHost: opts.environ.AZURE_AUTHORITY_HOST || undefined,
            testAuthority: settings.authorityHost ? { host: settings.authorityHost, ca: settings.ca } : undefined,
            reporter: opts.reporter
        });
    const client = createArmClient(credential, workspace.subscriptionId, settings);
    const uploader = new DatastoreUploader(client, workspace, settings, credential, opts.reporter);
    const checkWorkspace = workspaceGate(client, workspace);
    const envConfig = opts.useCase.config.environments[opts.env];
    const first = envConfig?.deployment;
    const kind = opts.kind === 'kubernetes' || (opts.kind === undefined && first?.target === 'kubernetes')
        ? 'kubernetes'
        : 'managed';
    // the block for this target when the environment has one per target (the template's managed and
    // Kubernetes blocks), as the plan picks it
    const deployment = [first, ...(envConfig?.alternateDeployments ?? [])].find((d) => d?.target === kind) ?? first;
    const endpoints = new AzureEndpoints(client, workspace, settings, opts.reporter, {
        kind,
        compute: deployment?.compute,
        keyVault: opts.azure?.keyVault,
        image: deployment?.image,
        appInsights: deployment?.appInsights,
        uploader,
        workspace: checkWorkspace
    });
    return {
        kind: 'azure',
        registry: new AzureRegistry(client, workspace, uploader, settings, opts.reporter, checkWorkspace),
        endpoints,
        workspace,
        client,
        settings,
        datastore: () => uploader.datastore(),
        async dispose() {
            endpoints.dispose();
        }
    };
}


/***/ })

};
