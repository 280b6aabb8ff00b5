export const id = 169;
export const ids = [169];
export const modules = {

/***/ 79169:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  XZ: () => (/* reexport */ ActionsReporter),
  tE: () => (/* reexport */ booleanInput),
  ij: () => (/* reexport */ choiceInput),
  rh: () => (/* reexport */ commentOnPullRequest),
  IB: () => (/* reexport */ jsonObjectInput),
  iG: () => (/* reexport */ optionalNumberInput),
  BS: () => (/* reexport */ positiveIntInput),
  Qe: () => (/* reexport */ readAzureCredentials),
  di: () => (/* reexport */ readCommonInputs),
  Cs: () => (/* reexport */ runAction),
  Sj: () => (/* reexport */ workflowRunLinks)
});

// UNUSED EXPORTS: AZURE_OIDC_AUDIENCE, upsertPullRequestComment

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var core = __webpack_require__(96421);
// EXTERNAL MODULE: ./packages/core/dist/index.js + 75 modules
var dist = __webpack_require__(91568);
;// CONCATENATED MODULE: ./packages/action-kit/dist/reporter.js


const annotation = (where) => where && { file: where.file, startLine: where.line, startColumn: where.column };
/**
 * The core Reporter on the runner: annotations with file/line, log groups, the job summary, masking.
 * The runner masks only exact values it was told of, in logs but not in the job summary: our
 * masker covers the summary and the quoted forms of a secret too.
 */
class ActionsReporter {
    lastProgress = 0;
    masker = new dist/* SecretMasker */.M2L();
    constructor(environ = process.env) {
        this.masker.addEnvironment(environ);
    }
    info(m) {
        core/* info */.pq(this.masker.mask(m));
    }
    warn(m, where) {
        core/* warning */.$e(this.masker.mask(m), annotation(where));
    }
    error(m, where) {
        core/* error */.z3(this.masker.mask(m), annotation(where));
    }
    group(title, fn) {
        return core/* group */.Os(this.masker.mask(title), fn);
    }
    progress(label, done, total) {
        const now = Date.now();
        if (done >= total || now - this.lastProgress >= 10_000) {
            this.lastProgress = now;
            core/* info */.pq(`${label}: ${done}/${total}`);
        }
    }
    summary(md) {
        core/* summary */.z.addRaw(this.masker.mask(md), true);
    }
    secret(v) {
        if (v)
            core/* setSecret */.Pq(v);
        this.masker.add(v);
    }
    mask(text) {
        return this.masker.mask(text);
    }
}

;// CONCATENATED MODULE: ./packages/action-kit/dist/inputs.js


/** One of `allowed`, or `fallback` when the input is empty. */
function choiceInput(name, allowed, fallback) {
    const value = core/* getInput */.V4(name).trim();
    if (!value)
        return fallback;
    if (!allowed.includes(value))
        throw new dist/* UserError */.yot(`input "${name}": expected one of ${allowed.join(', ')}, found "${value}"`);
    return value;
}
/** A required input: a user's mistake (no stack trace) when the step's `with:` leaves it empty. */
function requiredInput(name) {
    const value = core/* getInput */.V4(name).trim();
    if (!value)
        throw new dist/* UserError */.yot(`input "${name}" is required: set it in the step's \`with:\``);
    return value;
}
function readCommonInputs() {
    return {
        useCase: requiredInput('use-case'),
        env: requiredInput('env'),
        backend: choiceInput('backend', ['local', 'azure']),
        target: choiceInput('target', ['local', 'managed', 'kubernetes'])
    };
}
/** A whole number ≥ 1, or `fallback` when the input is empty. */
function positiveIntInput(name, fallback) {
    const text = core/* getInput */.V4(name).trim();
    if (!text)
        return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1)
        throw new dist/* UserError */.yot(`input "${name}": expected a positive whole number, found "${text}"`);
    return n;
}
/** A number ≥ 0, or undefined when the input is empty. */
function optionalNumberInput(name) {
    const text = core/* getInput */.V4(name).trim();
    if (!text)
        return undefined;
    const n = Number(text);
    if (!Number.isFinite(n) || n < 0)
        throw new dist/* UserError */.yot(`input "${name}": expected a number ≥ 0 (e.g. 0.05), found "${text}"`);
    return n;
}
/** true/false (also yes/no, on/off, 1/0), or `fallback` when the input is empty. */
function booleanInput(name, fallback) {
    const text = core/* getInput */.V4(name).trim().toLowerCase();
    if (!text)
        return fallback;
    if (['true', 'yes', 'on', '1'].includes(text))
        return true;
    if (['false', 'no', 'off', '0'].includes(text))
        return false;
    throw new dist/* UserError */.yot(`input "${name}": expected true or false, found "${text}"`);
}
/** A JSON object, or undefined when the input is empty. */
function jsonObjectInput(name) {
    const text = core/* getInput */.V4(name).trim();
    if (!text)
        return undefined;
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (e) {
        throw new dist/* UserError */.yot(`input "${name}": not JSON (${e.message})`);
    }
    if (!value || typeof value !== 'object' || Array.isArray(value))
        throw new dist/* UserError */.yot(`input "${name}": expected a JSON object`);
    return value;
}

;// CONCATENATED MODULE: ./packages/action-kit/dist/run.js


/**
 * Runs an action's body. A user's mistake fails the step with its message only (no stack trace);
 * anything else is our bug and keeps its stack. The job summary is written either way.
 */
async function runAction(body) {
    try {
        await body();
    }
    catch (e) {
        if ((0,dist/* isUserError */.iU5)(e))
            core/* setFailed */.C1(e.message);
        else
            core/* setFailed */.C1(`internal error (please report it): ${e?.stack ?? e}`);
    }
    finally {
        if (process.env.GITHUB_STEP_SUMMARY)
            await core/* summary */.z.write().catch(() => undefined);
    }
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
;// CONCATENATED MODULE: ./packages/action-kit/dist/pr-comment.js


const pr_comment_status = (e) => typeof e?.status === 'number' ? e.status : undefined;
/**
 * Creates or updates the pull request's comment that carries `marker`, so each use-case has one
 * comment that every push rewrites in place. Looks through all the PR's comments (paginated) for
 * one whose body starts with the marker (else one that contains it), PATCHes it, or POSTs a new one.
 *
 * Never fails the step: without permission (403, or 404 as a fork PR's read-only token gets) it
 * reports a notice and returns `skipped`; any other error is a warning and returns `failed`.
 */
async function upsertPullRequestComment(opts) {
    const { owner, repo, issueNumber: issue_number, marker, reporter } = opts;
    const body = opts.body.includes(marker) ? opts.body : `${marker}\n${opts.body}`;
    const baseUrl = (opts.apiUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
    // Imported here, not at the top: every action bundles action-kit, only the PR path comments, and
    // evaluating @actions/github (Octokit and its REST endpoint table) costs every action's start-up
    // ~50 ms of CPU (bench/b6-action-start.mjs). ncc puts it in a chunk of its own.
    const { getOctokit } = await __webpack_require__.e(/* import() */ 166).then(__webpack_require__.bind(__webpack_require__, 92785));
    const octokit = getOctokit(opts.token, { baseUrl });
    const where = `${owner}/${repo}#${issue_number}`;
    let step = 'list the comments of';
    try {
        let found;
        let contains;
        const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
            owner,
            repo,
            issue_number,
            per_page: 100
        });
        outer: for await (const page of pages) {
            for (const c of page.data) {
                const text = c.body ?? '';
                if (text.trimStart().startsWith(marker)) {
                    found = c;
                    break outer;
                }
                if (!contains && text.includes(marker))
                    contains = c;
            }
        }
        found ??= contains;
        if (found) {
            if (found.body === body) {
                reporter.info(`PR comment ${found.html_url} is up to date`);
                return { action: 'unchanged', id: found.id, url: found.html_url };
            }
            step = 'update the comment on';
            const res = await octokit.rest.issues.updateComment({ owner, repo, comment_id: found.id, body });
            reporter.info(`updated PR comment ${res.data.html_url}`);
            return { action: 'updated', id: res.data.id, url: res.data.html_url };
        }
        step = 'comment on';
        const res = await octokit.rest.issues.createComment({ owner, repo, issue_number, body });
        reporter.info(`created PR comment ${res.data.html_url}`);
        return { action: 'created', id: res.data.id, url: res.data.html_url };
    }
    catch (e) {
        const code = pr_comment_status(e);
        const message = e?.message ?? String(e);
        if (code === 403 || code === 404) {
            const reason = `the token may not ${step} ${where} (HTTP ${code}: ${message})`;
            reporter.info(`Notice: PR comment skipped: ${reason}. Pull requests from forks get a read-only token; ` +
                'otherwise give the job `permissions: pull-requests: write`. The job summary has the same report.');
            return { action: 'skipped', reason };
        }
        const reason = `could not ${step} ${where}: ${code ? `HTTP ${code}: ` : ''}${message}`;
        reporter.warn(`PR comment not written: ${reason}`);
        return { action: 'failed', reason };
    }
}
/**
 * On pull_request(_target) events, posts or updates the use-case's comment (`body` gets the marker
 * to carry); on any other event does nothing. Reads the token from the `github-token` input.
 */
async function commentOnPullRequest(opts) {
    const event = process.env.GITHUB_EVENT_NAME;
    if (event !== 'pull_request' && event !== 'pull_request_target')
        return undefined;
    const token = core/* getInput */.V4('github-token');
    const [owner, repo] = (process.env.GITHUB_REPOSITORY ?? '').split('/');
    let number;
    try {
        const payload = JSON.parse((0,external_node_fs_.readFileSync)(process.env.GITHUB_EVENT_PATH ?? '', 'utf8'));
        number = payload.pull_request?.number ?? payload.number;
    }
    catch {
        number = undefined;
    }
    if (!token || !owner || !repo || !number) {
        opts.reporter.warn('PR comment skipped: no github-token, repository or pull request number in this event');
        return undefined;
    }
    return upsertPullRequestComment({
        token,
        owner,
        repo,
        issueNumber: number,
        marker: opts.marker,
        body: opts.body(opts.marker),
        reporter: opts.reporter
    });
}
/**
 * Links to this workflow run and to its artifacts (the reports are uploaded after the evaluate step,
 * so the artifact's own id is not known yet: the run page's artifacts list it).
 */
function workflowRunLinks(env = process.env) {
    const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: id } = env;
    if (!server || !repo || !id)
        return {};
    const run = `${server.replace(/\/+$/, '')}/${repo}/actions/runs/${id}`;
    return { run, artifact: `${run}#artifacts` };
}

;// CONCATENATED MODULE: ./packages/action-kit/dist/azure-auth.js

/** Audience of the GitHub ID token that Azure AD's federated credentials accept. */
const AZURE_OIDC_AUDIENCE = 'api://AzureADTokenExchange';
/**
 * The Azure login inputs every Azure-capable action takes (`client-id`, `tenant-id`,
 * `subscription-id`), as the stages' `credentials`. With client id and tenant id, the target logs
 * in with OIDC itself (no azure/login step): the ID token comes from GitHub, asked for only when
 * Azure needs it (the job needs `permissions: id-token: write`). Without them, the target uses
 * DefaultAzureCredential (e.g. the session azure/login left).
 */
function readAzureCredentials() {
    const clientId = core/* getInput */.V4('client-id') || undefined;
    const tenantId = core/* getInput */.V4('tenant-id') || undefined;
    const subscriptionId = core/* getInput */.V4('subscription-id') || undefined;
    return {
        clientId,
        tenantId,
        subscriptionId,
        getAssertion: clientId || tenantId ? () => core/* getIDToken */.V9(AZURE_OIDC_AUDIENCE) : undefined
    };
}

;// CONCATENATED MODULE: ./packages/action-kit/dist/index.js







/***/ }),

/***/ 71038:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   U: () => (/* binding */ ConnectionStore),
/* harmony export */   v: () => (/* binding */ MIN_SECRET_LENGTH)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(71403);
/* harmony import */ var _python_pool_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(42917);
/* harmony import */ var _llm_connection_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(27805);
/* harmony import */ var _llm_dotenv_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(31987);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(55232);
/**
 * Connections of one executor: each is read once (environment variable named after it holding
 * JSON, or the `.env` file), its secrets are handed to `onSecret` at once, and the result (or the
 * failure) is cached.
 */





const LLM_CLASSES = new Set(['AzureOpenAIConnection', 'OpenAIConnection']);
const SECRET_KEY = /key|secret|password|token|credential/i;
const MIN_SECRET_LENGTH = 6;
class ConnectionStore {
    options;
    llmCache = new Map();
    rawCache = new Map();
    dotenv;
    masked = new Set();
    constructor(options) {
        this.options = options;
    }
    /** The connection's JSON text from the environment (a non-empty variable wins) or the .env file. */
    text(name) {
        const fromEnv = this.options.environ[name];
        if (fromEnv !== undefined && fromEnv.trim() !== '')
            return fromEnv;
        if (!this.options.dotenvFile)
            return undefined;
        this.dotenv ??= readDotenvSafe(this.options.dotenvFile);
        const fromFile = this.dotenv[name];
        return fromFile !== undefined && fromFile.trim() !== '' ? fromFile : undefined;
    }
    /** An LLM connection (Azure OpenAI or OpenAI), for llm nodes; throws a `ConnectionError`. */
    llm(name, node) {
        let cached = this.llmCache.get(name);
        if (!cached) {
            try {
                const value = (0,_llm_connection_js__WEBPACK_IMPORTED_MODULE_2__/* .resolveConnection */ .XC)(name, {
                    env: this.options.environ,
                    dotenvFile: this.options.dotenvFile
                });
                this.secret(...(0,_llm_connection_js__WEBPACK_IMPORTED_MODULE_2__/* .connectionSecrets */ .K$)(value));
                cached = { ok: true, value };
            }
            catch (e) {
                cached = { ok: false, error: new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ExecutionFailure */ .H('ConnectionError', messageOf(e)) };
            }
            this.llmCache.set(name, cached);
        }
        if (cached.ok)
            return cached.value;
        throw node === undefined
            ? cached.error
            : new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ExecutionFailure */ .H('ConnectionError', cached.error.message, node);
    }
    /**
     * A connection argument for a python tool or flex init parameter. `classes` are the connection
     * classes its annotation names: an LLM class (`AzureOpenAIConnection`/`OpenAIConnection`) takes
     * the LLM connection JSON; another (`CustomConnection`, `SerpConnection`, …) takes any JSON
     * object, passed as that class's fields (`{"secrets": {…}, "configs": {…}}` for a custom one).
     * Throws a `ConnectionError` when the connection is not configured or not valid.
     */
    pythonArg(name, classes, node) {
        const wantsLlm = classes.length === 0 || classes.some((c) => LLM_CLASSES.has(c));
        const others = classes.filter((c) => !LLM_CLASSES.has(c));
        if (wantsLlm) {
            try {
                return llmMarker(this.llm(name, node));
            }
            catch (e) {
                if (!others.length)
                    throw e;
            }
        }
        const raw = this.raw(name, node);
        return (0,_python_pool_js__WEBPACK_IMPORTED_MODULE_1__/* .connectionArg */ .Z1)(others[0] ?? 'CustomConnection', name, raw);
    }
    /**
     * For a python input whose parameter's type is unknown: a connection argument when `value`
     * names a configured connection (a variable holding connection JSON), else undefined.
     */
    guessPythonArg(value) {
        if (!/^[A-Za-z_][\w-]*$/.test(value))
            return undefined;
        const text = this.text(value);
        if (text === undefined || !text.trim().startsWith('{'))
            return undefined;
        try {
            const conn = (0,_llm_connection_js__WEBPACK_IMPORTED_MODULE_2__/* .parseConnection */ .C8)(value, text);
            return llmMarker(this.llm(conn.name));
        }
        catch {
            // not an LLM connection: a custom one?
        }
        let obj;
        try {
            obj = JSON.parse(text);
        }
        catch {
            return undefined;
        }
        if (!isRecord(obj))
            return undefined;
        const type = typeof obj.type === 'string' ? obj.type : undefined;
        const custom = isRecord(obj.secrets) || isRecord(obj.configs) || (type !== undefined && /custom/i.test(type));
        if (!custom)
            return undefined;
        return (0,_python_pool_js__WEBPACK_IMPORTED_MODULE_1__/* .connectionArg */ .Z1)('CustomConnection', value, this.raw(value));
    }
    /**
     * A model configuration argument (flex init): `value` is an object of the configuration's
     * fields, or a connection name. Its `connection` is resolved into endpoint, key and version.
     */
    modelConfig(type, value, port) {
        const fields = typeof value === 'string' ? { connection: value } : isRecord(value) ? { ...value } : {};
        if (typeof value !== 'string' && !isRecord(value)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ExecutionFailure */ .H('InputError', `init "${port}" (${type}) expects an object such as {"connection": "aoai", "${type === 'AzureOpenAIModelConfiguration' ? 'azure_deployment' : 'model'}": "…"} or a connection name`);
        }
        if (typeof fields.connection === 'string' && fields.connection) {
            const conn = this.llm(fields.connection);
            delete fields.connection;
            if (type === 'AzureOpenAIModelConfiguration') {
                if (conn.apiType !== 'azure') {
                    throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ExecutionFailure */ .H('ConnectionError', `init "${port}" is an AzureOpenAIModelConfiguration, but connection "${conn.name}" is an OpenAI connection`);
                }
                fields.azure_endpoint ??= conn.apiBase;
                fields.api_key ??= conn.apiKey;
                fields.api_version ??= conn.apiVersion;
            }
            else {
                if (conn.apiType === 'azure') {
                    throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ExecutionFailure */ .H('ConnectionError', `init "${port}" is an OpenAIModelConfiguration, but connection "${conn.name}" is an Azure OpenAI connection`);
                }
                if (conn.apiType === 'openai') {
                    fields.base_url ??= conn.apiBase;
                    fields.api_key ??= conn.apiKey;
                    if (conn.organization)
                        fields.organization ??= conn.organization;
                }
            }
        }
        if (typeof fields.api_key === 'string')
            this.secret(fields.api_key);
        return (0,_python_pool_js__WEBPACK_IMPORTED_MODULE_1__/* .modelConfigArg */ .Ab)(type, fields);
    }
    /**
     * The connection a prompty's `model.configuration` describes: `${env:X}` values are read from the
     * environment; a configuration without endpoint and key falls back, as prompt flow's does, to
     * AZURE_OPENAI_ENDPOINT / AZURE_OPENAI_API_KEY / OPENAI_API_VERSION (azure_openai) or
     * OPENAI_API_KEY / OPENAI_BASE_URL (openai).
     */
    fromConfiguration(config, node) {
        const env = this.options.environ;
        const value = (v) => {
            const m = typeof v === 'string' ? /^\$\{env:(.*)\}$/.exec(v) : null;
            return m ? (env[m[1]] ?? v) : v;
        };
        const c = Object.fromEntries(Object.entries(config).map(([k, v]) => [k, value(v)]));
        const openai = c.type === 'openai';
        const fields = openai
            ? {
                api_type: 'openai',
                api_key: c.api_key ?? env.OPENAI_API_KEY,
                api_base: c.base_url ?? env.OPENAI_BASE_URL,
                organization: c.organization
            }
            : {
                api_type: 'azure',
                api_key: c.api_key ?? env.AZURE_OPENAI_API_KEY,
                api_base: c.azure_endpoint ?? env.AZURE_OPENAI_ENDPOINT,
                api_version: c.api_version ?? env.OPENAI_API_VERSION
            };
        try {
            const conn = (0,_llm_connection_js__WEBPACK_IMPORTED_MODULE_2__/* .parseConnection */ .C8)(node, JSON.stringify(fields), 'model.configuration');
            this.secret(...(0,_llm_connection_js__WEBPACK_IMPORTED_MODULE_2__/* .connectionSecrets */ .K$)(conn));
            return conn;
        }
        catch (e) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ExecutionFailure */ .H('ConnectionError', messageOf(e), node);
        }
    }
    /** Any connection's JSON object (for non-LLM connection classes). */
    raw(name, node) {
        let cached = this.rawCache.get(name);
        if (!cached) {
            const text = this.text(name);
            if (text === undefined) {
                const where = this.options.dotenvFile ? ` (or in ${this.options.dotenvFile})` : '';
                cached = {
                    ok: false,
                    error: new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ExecutionFailure */ .H('ConnectionError', `connection "${name}" is not configured: set the environment variable "${name}"${where} to the connection as JSON`)
                };
            }
            else {
                let obj;
                try {
                    obj = JSON.parse(text);
                }
                catch {
                    obj = undefined;
                }
                if (isRecord(obj)) {
                    this.maskObject(obj);
                    cached = { ok: true, value: obj };
                }
                else {
                    cached = {
                        ok: false,
                        error: new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ExecutionFailure */ .H('ConnectionError', `connection "${name}": the environment variable "${name}" must hold a JSON object`)
                    };
                }
            }
            this.rawCache.set(name, cached);
        }
        if (cached.ok)
            return cached.value;
        throw node === undefined
            ? cached.error
            : new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ExecutionFailure */ .H('ConnectionError', cached.error.message, node);
    }
    maskObject(obj) {
        for (const [k, v] of Object.entries(obj)) {
            if (k === 'secrets' && isRecord(v)) {
                for (const s of Object.values(v))
                    if (typeof s === 'string')
                        this.secret(s);
            }
            else if (typeof v === 'string' && SECRET_KEY.test(k))
                this.secret(v);
        }
    }
    secret(...values) {
        for (const v of values) {
            // As prompt flow: values shorter than 6 characters are not masked (masking "1" or "abc"
            // would blank unrelated text).
            if (!v || v.length < MIN_SECRET_LENGTH || this.masked.has(v))
                continue;
            this.masked.add(v);
            this.options.onSecret?.(v);
        }
    }
}
function llmMarker(c) {
    if (c.apiType === 'azure') {
        return (0,_python_pool_js__WEBPACK_IMPORTED_MODULE_1__/* .connectionArg */ .Z1)('AzureOpenAIConnection', c.name, {
            api_key: c.apiKey,
            api_base: c.apiBase,
            api_type: 'azure',
            api_version: c.apiVersion
        });
    }
    // a python tool given the mock gets an OpenAI connection that names it (it cannot call it)
    if (c.apiType === 'mock')
        return (0,_python_pool_js__WEBPACK_IMPORTED_MODULE_1__/* .connectionArg */ .Z1)('OpenAIConnection', c.name, { api_key: '', base_url: 'mock:' });
    const values = { api_key: c.apiKey, base_url: c.apiBase };
    if (c.organization)
        values.organization = c.organization;
    return (0,_python_pool_js__WEBPACK_IMPORTED_MODULE_1__/* .connectionArg */ .Z1)('OpenAIConnection', c.name, values);
}
function readDotenvSafe(file) {
    try {
        return (0,_llm_dotenv_js__WEBPACK_IMPORTED_MODULE_3__/* .readDotenv */ .J)(file);
    }
    catch {
        return {};
    }
}
function isRecord(v) {
    return v !== null && typeof v === 'object' && !Array.isArray(v);
}
function messageOf(e) {
    return e instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo || e instanceof Error ? e.message : String(e);
}


/***/ }),

/***/ 46087:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  U: () => (/* binding */ createExecutor)
});

// EXTERNAL MODULE: ./packages/core/dist/flow/graph.js
var graph = __webpack_require__(22207);
// EXTERNAL MODULE: ./packages/core/dist/engine/executor/connections.js
var connections = __webpack_require__(71038);
// EXTERNAL MODULE: ./packages/core/dist/engine/executor/errors.js
var errors = __webpack_require__(55232);
// EXTERNAL MODULE: ./packages/core/dist/util/describe.js
var describe = __webpack_require__(4894);
// EXTERNAL MODULE: ./packages/core/dist/engine/template/pynum.js
var pynum = __webpack_require__(70657);
;// CONCATENATED MODULE: ./packages/core/dist/engine/executor/inputs.js
/**
 * Flow inputs of one line: defaults for missing inputs, then conversion to the declared types the
 * way prompt flow's `ValueType.parse` does it.
 */



/**
 * Applies defaults and converts each declared input to its type:
 *
 * - `int`: integers; integral strings ("3", " -3 "); a float is truncated and a bool is 0/1, as
 *   Python's `int()` does;
 * - `double`: numbers; numeric strings ("2.5", "1e3", "inf", "nan"); bools as 0/1;
 * - `bool`: booleans; "true"/"false" in any case; also 1/0 and "1"/"0" (prompt flow accepts only
 *   the first two forms; data files written by spreadsheets often hold the others);
 * - `string`: strings; numbers as Python's `str()` prints them (`3`, `2.5`), bools as `True` /
 *   `False`; lists and objects as JSON text;
 * - `list`: arrays, or a string holding a JSON array;
 * - `object`: a string that is JSON becomes its value; anything else is kept;
 * - other types (`image`, …): kept as is.
 *
 * `null` is kept as `null` for every type (a missing cell, not a wrong value). A declared input
 * with no default and no value is an error.
 */
function prepareInputs(defs, given, lineNumber) {
    const inputs = {};
    let error;
    const where = lineNumber === undefined ? '' : ` (line ${lineNumber})`;
    for (const def of defs) {
        let value;
        if (Object.prototype.hasOwnProperty.call(given, def.name) && given[def.name] !== undefined) {
            value = given[def.name];
        }
        else if (def.hasDefault) {
            value = def.default;
        }
        else {
            error ??= new errors/* ExecutionFailure */.H('InputError', `flow input "${def.name}" is required${where}: no value was given and it has no default`);
            continue;
        }
        const converted = convertValue(value, def.type);
        if (converted.ok)
            inputs[def.name] = converted.value;
        else {
            inputs[def.name] = value;
            error ??= new errors/* ExecutionFailure */.H('InputError', `flow input "${def.name}"${where} expects type ${def.type}, found ${describeValue(value)}${converted.reason ? ` (${converted.reason})` : ''}`);
        }
    }
    return error ? { inputs, error } : { inputs };
}
const INT_TEXT = /^\s*[+-]?\d+(?:_\d+)*\s*$/;
const FLOAT_TEXT = /^\s*[+-]?(?:(?:\d+(?:_\d+)*)?\.?\d+(?:_\d+)*(?:[eE][+-]?\d+)?|\d+(?:_\d+)*\.)\s*$/;
const SPECIAL_FLOAT = /^\s*([+-]?)(inf|infinity|nan)\s*$/i;
/** Converts one value to a flow value type (see `prepareInputs`). */
function convertValue(value, type) {
    if (value === null)
        return { ok: true, value: null };
    switch (type) {
        case 'int': {
            if (typeof value === 'boolean')
                return { ok: true, value: value ? 1 : 0 };
            if (typeof value === 'number') {
                if (!Number.isFinite(value))
                    return { ok: false, reason: 'not a finite number' };
                return { ok: true, value: Math.trunc(value) };
            }
            if (typeof value === 'string' && INT_TEXT.test(value)) {
                return { ok: true, value: Number(value.replace(/_/g, '').trim()) };
            }
            return { ok: false };
        }
        case 'double': {
            if (typeof value === 'boolean')
                return { ok: true, value: value ? 1 : 0 };
            if (typeof value === 'number')
                return { ok: true, value };
            if (typeof value === 'string') {
                if (FLOAT_TEXT.test(value))
                    return { ok: true, value: Number(value.replace(/_/g, '').trim()) };
                const special = SPECIAL_FLOAT.exec(value);
                if (special) {
                    const v = special[2].toLowerCase() === 'nan' ? NaN : Infinity;
                    return { ok: true, value: special[1] === '-' ? -v : v };
                }
            }
            return { ok: false };
        }
        case 'bool': {
            if (typeof value === 'boolean')
                return { ok: true, value };
            if (value === 1 || value === 0)
                return { ok: true, value: value === 1 };
            if (typeof value === 'string') {
                const t = value.trim().toLowerCase();
                if (t === 'true' || t === '1')
                    return { ok: true, value: true };
                if (t === 'false' || t === '0')
                    return { ok: true, value: false };
            }
            return { ok: false, reason: 'expected true or false' };
        }
        case 'string': {
            if (typeof value === 'string')
                return { ok: true, value };
            if (typeof value === 'number')
                return { ok: true, value: pyNumberText(value) };
            if (typeof value === 'boolean')
                return { ok: true, value: value ? 'True' : 'False' };
            try {
                return { ok: true, value: JSON.stringify(value) ?? String(value) };
            }
            catch {
                return { ok: true, value: String(value) };
            }
        }
        case 'list': {
            if (Array.isArray(value))
                return { ok: true, value };
            if (typeof value === 'string') {
                let parsed;
                try {
                    parsed = JSON.parse(value);
                }
                catch (e) {
                    return { ok: false, reason: `not a JSON array: ${e.message}` };
                }
                if (Array.isArray(parsed))
                    return { ok: true, value: parsed };
                return { ok: false, reason: 'the JSON text is not an array' };
            }
            return { ok: false };
        }
        case 'object': {
            if (typeof value === 'string') {
                try {
                    return { ok: true, value: JSON.parse(value) };
                }
                catch {
                    return { ok: true, value }; // prompt flow keeps it: it may really be a string
                }
            }
            return { ok: true, value };
        }
        default:
            return { ok: true, value };
    }
}
/** Python's `str()` of a number (ints without a fraction, floats as `repr`). */
function pyNumberText(n) {
    return Number.isInteger(n) && Math.abs(n) < 1e16 ? String(n) : (0,pynum/* floatRepr */.KL)(n);
}
/** A value for a message: strings quoted, numbers and bools as written, containers by size. */
function describeValue(value) {
    if (value === undefined)
        return 'nothing';
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        const keys = Object.keys(value);
        return keys.length ? `an object with keys ${keys.slice(0, 8).join(', ')}` : 'an empty object';
    }
    return (0,describe/* describe */.q)(value);
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: ./packages/core/dist/errors.js
var dist_errors = __webpack_require__(71403);
// EXTERNAL MODULE: ./packages/core/dist/engine/llm/parameters.js
var parameters = __webpack_require__(94145);
// EXTERNAL MODULE: ./packages/core/dist/engine/template/lexer.js
var lexer = __webpack_require__(39838);
;// CONCATENATED MODULE: ./packages/core/dist/engine/template/reserved.js
/**
 * prompt flow refuses a prompt template whose variables clash with the tool's own parameters
 * (executor/_tool_resolver.py, `_validate_duplicated_inputs`): for a prompt node the renderer's
 * `template`, for an llm node the parameters of the provider's chat or completion call (not its
 * `prompt`: prompt flow leaves PromptTemplate parameters out of a tool's inputs).
 */

const CHAT = [
    'connection',
    'temperature',
    'top_p',
    'n',
    'stream',
    'stop',
    'max_tokens',
    'presence_penalty',
    'frequency_penalty',
    'logit_bias',
    'user',
    'function_call',
    'functions',
    'response_format',
    'seed',
    'tools',
    'tool_choice'
];
const COMPLETION = [
    'connection',
    'suffix',
    'max_tokens',
    'temperature',
    'top_p',
    'n',
    'stream',
    'logprobs',
    'echo',
    'stop',
    'presence_penalty',
    'frequency_penalty',
    'best_of',
    'logit_bias',
    'user'
];
const KEYWORDS = new Set([
    'and',
    'or',
    'not',
    'in',
    'is',
    'if',
    'else',
    'for',
    'endfor',
    'endif',
    'elif',
    'set',
    'true',
    'false',
    'none',
    'True',
    'False',
    'None',
    'loop',
    'recursive',
    'with',
    'endwith',
    'macro',
    'endmacro',
    'call',
    'endcall',
    'filter',
    'endfilter',
    'block',
    'endblock',
    'raw'
]);
/** The parameters a template variable may not be named after, for a node of `type`. */
function reservedTemplateNames(type, api = 'chat', provider) {
    if (type === 'prompt')
        return ['template'];
    const model = /^openai$/i.test(provider ?? '') ? 'model' : 'deployment_name';
    return [...(api === 'completion' ? COMPLETION : CHAT), model];
}
/**
 * Names a template reads from its inputs that are in `reserved`, in first-use order. A name counts
 * where Jinja would look it up: inside `{{ }}` or `{% %}`, not after `.`, not a filter or test name.
 */
function reservedNamesUsed(source, reserved) {
    const found = [];
    let tokens;
    try {
        tokens = (0,lexer/* tokenize */.qw)(source);
    }
    catch {
        return found; // a syntax error is reported when the template is compiled
    }
    for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i];
        if (t.type !== 'name' || typeof t.value !== 'string' || KEYWORDS.has(t.value))
            continue;
        const prev = tokens[i - 1];
        if (prev?.type === 'op' && (prev.value === '.' || prev.value === '|'))
            continue;
        if (prev?.type === 'name' && prev.value === 'is')
            continue;
        if (reserved.includes(t.value) && !found.includes(t.value))
            found.push(t.value);
    }
    return found;
}

;// CONCATENATED MODULE: ./packages/core/dist/engine/executor/python-signature.js
/**
 * A light, text-only reading of a python tool's signature. The executor needs two things prompt
 * flow learns by importing the tool: which parameters are typed as connections (a literal input
 * then names a connection), and which have defaults (an input from a bypassed node is then left
 * out, so the default applies). A signature this scan cannot read gives `undefined`, and the
 * executor falls back to rules that need no signature.
 */
/**
 * The signature of the module's `@tool` function (the one the worker calls when no function is
 * named), or of `func` when given. Decorators may be `@tool`, `@tool(...)`, `@promptflow.tool`.
 */
function scanToolSignature(source, func) {
    const text = source.replace(/\r\n?/g, '\n');
    const defs = [...text.matchAll(/^(?:async[ \t]+)?def[ \t]+([A-Za-z_]\w*)[ \t]*\(/gm)];
    let chosen;
    if (func)
        chosen = defs.find((d) => d[1] === func);
    else {
        const tools = defs.filter((d) => decoratedWithTool(text, d.index));
        chosen = tools.length === 1 ? tools[0] : undefined;
    }
    if (!chosen)
        return undefined;
    const open = chosen.index + chosen[0].length;
    const inner = balanced(text, open);
    if (inner === undefined)
        return undefined;
    const params = [];
    let varKeyword = false;
    for (const raw of splitTopLevel(stripComments(inner), ',')) {
        const part = raw.trim();
        if (!part || part === '*' || part === '/')
            continue;
        if (part.startsWith('**')) {
            varKeyword = true;
            continue;
        }
        if (part.startsWith('*'))
            continue;
        const eq = indexTopLevel(part, '=');
        const head = eq >= 0 ? part.slice(0, eq) : part;
        const colon = indexTopLevel(head, ':');
        const name = (colon >= 0 ? head.slice(0, colon) : head).trim();
        if (!/^[A-Za-z_]\w*$/.test(name))
            return undefined;
        const param = { name, hasDefault: eq >= 0 };
        if (colon >= 0)
            param.annotation = head.slice(colon + 1).trim();
        params.push(param);
    }
    if (params[0]?.name === 'self' || params[0]?.name === 'cls')
        params.shift();
    return { func: chosen[1], params, varKeyword };
}
/** Whether the `def` at `defIndex` has a `tool` decorator among the lines right above it. */
function decoratedWithTool(text, defIndex) {
    const lines = text.slice(0, defIndex).split('\n');
    lines.pop(); // the def line's own (empty) start
    for (let i = lines.length - 1; i >= 0; i--) {
        const line = lines[i].trim();
        if (line === '' || line.startsWith('#'))
            continue;
        if (!line.startsWith('@')) {
            // a decorator's arguments may span lines: look for the @ that opens them
            if (/^[)\]},]/.test(line) || /[,(]$/.test(line))
                continue;
            return false;
        }
        if (/^@(?:[\w.]+\.)?tool\b/.test(line))
            return true;
    }
    return false;
}
/** The text between the parenthesis opened just before `start` and its match. */
function balanced(text, start) {
    let depth = 1;
    let quote;
    for (let i = start; i < text.length; i++) {
        const c = text[i];
        if (quote) {
            if (c === '\\')
                i++;
            else if (c === quote)
                quote = undefined;
            continue;
        }
        if (c === '"' || c === "'")
            quote = c;
        else if (c === '#') {
            const nl = text.indexOf('\n', i);
            i = nl < 0 ? text.length : nl;
        }
        else if (c === '(' || c === '[' || c === '{')
            depth++;
        else if (c === ')' || c === ']' || c === '}') {
            depth--;
            if (depth === 0)
                return text.slice(start, i);
        }
    }
    return undefined;
}
function scanTopLevel(text, visit) {
    let depth = 0;
    let quote;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (quote) {
            if (c === '\\')
                i++;
            else if (c === quote)
                quote = undefined;
            continue;
        }
        if (c === '"' || c === "'")
            quote = c;
        else if (c === '(' || c === '[' || c === '{')
            depth++;
        else if (c === ')' || c === ']' || c === '}')
            depth--;
        else if (depth === 0 && visit(i, c))
            return;
    }
}
function splitTopLevel(text, sep) {
    const parts = [];
    let last = 0;
    scanTopLevel(text, (i, c) => {
        if (c === sep) {
            parts.push(text.slice(last, i));
            last = i + 1;
        }
        return false;
    });
    parts.push(text.slice(last));
    return parts;
}
function indexTopLevel(text, ch) {
    let found = -1;
    scanTopLevel(text, (i, c) => {
        if (c !== ch)
            return false;
        // `=` of a default, not of `==`, `<=`, `>=`, `!=`
        if (ch === '=' && (text[i + 1] === '=' || /[<>!=]/.test(text[i - 1] ?? '')))
            return false;
        found = i;
        return true;
    });
    return found;
}
function stripComments(text) {
    return text
        .split('\n')
        .map((line) => {
        let quote;
        for (let i = 0; i < line.length; i++) {
            const c = line[i];
            if (quote) {
                if (c === '\\')
                    i++;
                else if (c === quote)
                    quote = undefined;
            }
            else if (c === '"' || c === "'")
                quote = c;
            else if (c === '#')
                return line.slice(0, i);
        }
        return line;
    })
        .join('\n');
}
/** The connection class an annotation names (`AzureOpenAIConnection`, `connections.CustomConnection`, a `Union` of them…), if any. */
function connectionClasses(annotation) {
    if (!annotation)
        return [];
    return [...annotation.matchAll(/\b([A-Za-z_]\w*Connection)\b/g)].map((m) => m[1]);
}

// EXTERNAL MODULE: ./packages/core/dist/flow/references.js
var references = __webpack_require__(53553);
;// CONCATENATED MODULE: ./packages/core/dist/engine/executor/values.js
/** Python value semantics the executor needs on JSON values. */
/**
 * Python's `==` on JSON values: numbers and bools compare by value (`1 == True`, `1 == 1.0`),
 * strings exactly, lists item by item, dicts by keys and values; null only equals null.
 */
function pyEquals(a, b) {
    const num = (v) => typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : undefined;
    const na = num(a);
    const nb = num(b);
    if (na !== undefined || nb !== undefined)
        return na !== undefined && nb !== undefined && na === nb;
    if (a === null || a === undefined || b === null || b === undefined) {
        return (a === null || a === undefined) && (b === null || b === undefined);
    }
    if (typeof a === 'string' || typeof b === 'string')
        return a === b;
    if (Array.isArray(a) || Array.isArray(b)) {
        return (Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => pyEquals(x, b[i])));
    }
    if (typeof a === 'object' && typeof b === 'object') {
        const ka = Object.keys(a);
        const kb = Object.keys(b);
        if (ka.length !== kb.length)
            return false;
        const ob = b;
        return ka.every((k) => Object.prototype.hasOwnProperty.call(ob, k) && pyEquals(a[k], ob[k]));
    }
    return a === b;
}

;// CONCATENATED MODULE: ./packages/core/dist/engine/executor/schedule.js
/**
 * Runs a set of DAG nodes as prompt flow's scheduler does: a node starts as soon as every node it
 * depends on (inputs and activate condition) has completed or been bypassed, so independent nodes
 * run concurrently. After the first failure no new node starts; nodes already running finish.
 *
 * Bypass rules (prompt flow's DAGManager):
 * - a node with `activate` is bypassed when the node its condition references was bypassed, or
 *   when the condition's value is not equal (Python `==`) to `is`; otherwise it runs, even if all
 *   its input nodes were bypassed;
 * - a node without `activate` is bypassed when it has node inputs and all of them were bypassed;
 * - a node that runs gets `BYPASSED` for an input from a bypassed node (the node type decides:
 *   python tools leave the argument out when the parameter has a default, else pass None).
 */




/** The value of an input that references a bypassed node. */
const BYPASSED = Symbol('bypassed');
async function runNodes(nodes, ctx) {
    const names = new Set(nodes.map((n) => n.name));
    const outputs = new Map();
    const bypassed = new Set();
    const records = new Map();
    const metrics = {};
    const running = new Map();
    let pending = [...nodes];
    let error;
    const settled = (name) => outputs.has(name) || bypassed.has(name);
    const refsOf = (node) => [
        ...Object.values(node.inputs),
        ...(node.activate ? [node.activate.when] : [])
    ];
    const ready = (node) => refsOf(node).every((r) => r.kind !== 'node-output' || !names.has(r.node) || settled(r.node));
    const isBypassedRef = (r) => r.kind === 'node-output' && names.has(r.node) && bypassed.has(r.node);
    const resolve = (node, ref, where) => {
        if (ref.kind === 'flow-input')
            return ctx.flowInput(ref.name);
        if (!names.has(ref.node)) {
            if (ctx.external)
                return ctx.external(ref, `node "${node.name}": ${where}`);
            throw new errors/* ExecutionFailure */.H('ReferenceError', `node "${node.name}": ${where} references ${ref.text}, but there is no node "${ref.node}" to run before it`, node.name);
        }
        if (bypassed.has(ref.node))
            return BYPASSED;
        return followPath(outputs.get(ref.node), ref, `node "${node.name}": ${where}`, node.name);
    };
    const shouldBypass = (node) => {
        if (node.activate) {
            const { when } = node.activate;
            if (isBypassedRef(when))
                return true;
            const value = when.kind === 'literal' ? when.value : resolve(node, when, `activate.when`);
            return !pyEquals(value, node.activate.is);
        }
        const deps = Object.values(node.inputs).filter((r) => r.kind === 'node-output' && names.has(r.node));
        return deps.length > 0 && deps.every(isBypassedRef);
    };
    const start = (node) => {
        const began = performance.now();
        const run = async () => {
            try {
                const inputs = new Map();
                for (const [name, value] of Object.entries(node.inputs)) {
                    if (value.kind === 'literal')
                        inputs.set(name, { value: value.value, literal: true });
                    else
                        inputs.set(name, { value: resolve(node, value, `input "${name}"`), literal: false });
                }
                const outcome = await ctx.invoke(node, inputs);
                outputs.set(node.name, outcome.output);
                const record = {
                    node: node.name,
                    status: 'Completed',
                    output: outcome.output,
                    durationMs: performance.now() - began
                };
                if (outcome.logs)
                    record.logs = outcome.logs;
                if (outcome.llm)
                    record.llm = outcome.llm;
                records.set(node.name, record);
                if (outcome.metrics)
                    Object.assign(metrics, outcome.metrics);
            }
            catch (e) {
                const { info, logs } = (0,errors/* classifyError */.f)(e, node.name);
                const record = {
                    node: node.name,
                    status: 'Failed',
                    error: info,
                    durationMs: performance.now() - began
                };
                if (logs)
                    record.logs = logs;
                records.set(node.name, record);
                error ??= info;
            }
        };
        // `finally` runs after `set`, even when the node fails before its first await
        running.set(node.name, run().finally(() => running.delete(node.name)));
    };
    for (;;) {
        let progressed = true;
        while (!error && progressed) {
            progressed = false;
            for (const node of pending) {
                if (!ready(node))
                    continue;
                pending = pending.filter((n) => n !== node);
                progressed = true;
                let bypass;
                try {
                    bypass = shouldBypass(node);
                }
                catch (e) {
                    const { info } = (0,errors/* classifyError */.f)(e, node.name);
                    records.set(node.name, { node: node.name, status: 'Failed', error: info, durationMs: 0 });
                    error ??= info;
                    break;
                }
                if (bypass) {
                    bypassed.add(node.name);
                    records.set(node.name, { node: node.name, status: 'Bypassed', durationMs: 0 });
                    break; // re-scan: this may settle others
                }
                start(node);
            }
        }
        if (running.size === 0)
            break;
        await Promise.race(running.values());
    }
    const result = {
        records: nodes.flatMap((n) => (records.has(n.name) ? [records.get(n.name)] : [])),
        outputs,
        bypassed,
        metrics
    };
    if (error)
        result.error = error;
    return result;
}
/**
 * Follows a reference's field path into a node's output; a missing field fails with a message
 * naming the reference and what is there instead.
 */
function followPath(output, ref, where, node) {
    if (ref.path.length === 0)
        return output;
    const found = (0,references/* resolveFieldPath */.QG)(output, ref.path);
    if (found.found)
        return found.value;
    const at = ['output', ...found.parentPath].join('.');
    const parent = found.parent;
    let why;
    if (Array.isArray(parent)) {
        why = `${ref.node}.${at} is a list of ${parent.length} items, which has no item "${found.missing}"`;
    }
    else if (parent !== null && typeof parent === 'object') {
        const keys = Object.keys(parent);
        why = `${ref.node}.${at} has no field "${found.missing}" (available keys: ${keys.length ? keys.join(', ') : 'none'})`;
    }
    else {
        why = `${ref.node}.${at} is ${describeValue(parent)}, not an object, so it has no field "${found.missing}"`;
    }
    return fail(`${where} references ${ref.text}, but ${why}`, node);
}
function fail(message, node) {
    throw new errors/* ExecutionFailure */.H('ReferenceError', message, node);
}

;// CONCATENATED MODULE: ./packages/core/dist/engine/executor/nodes.js
/** Running one DAG node of each type: python tool, llm, prompt. */







/** Python tool signatures, scanned once per file. */
class SignatureCache {
    cache = new Map();
    get(file) {
        if (!this.cache.has(file)) {
            let sig;
            try {
                sig = scanToolSignature((0,external_node_fs_.readFileSync)(file, 'utf8'));
            }
            catch {
                sig = undefined; // unreadable: the worker reports it when it loads the file
            }
            this.cache.set(file, sig);
        }
        return this.cache.get(file);
    }
}
function codeSource(node) {
    if (node.source.type !== 'code') {
        throw new dist_errors/* UserError */.yo(`node "${node.name}": package tools are not supported by the local engine`);
    }
    return node.source;
}
/** Throws a UserError for a node the local engine cannot run (checked when the executor is made). */
function checkRunnable(node) {
    if (node.type === 'custom_llm') {
        throw new dist_errors/* UserError */.yo(`node "${node.name}": custom_llm (package) tools are not supported by the local engine`);
    }
    codeSource(node);
    if (node.type === 'llm' && !node.connection && !node.prompty?.configuration) {
        throw new dist_errors/* UserError */.yo(`llm node "${node.name}" has no connection`);
    }
}
/** As prompt flow: a template variable named like one of the tool's parameters is refused. */
function checkReservedNames(node, services) {
    if ((node.type !== 'llm' && node.type !== 'prompt') || node.prompty)
        return;
    const src = codeSource(node);
    const clash = services.templates.reservedUsed(src.file, src.path, node.name, reservedTemplateNames(node.type, node.api, node.provider));
    if (!clash.length)
        return;
    const owner = node.type === 'prompt'
        ? 'the reserved parameters of prompt tool'
        : `the parameters of ${node.provider ?? 'AzureOpenAI'}.${node.api ?? 'chat'}`;
    throw new errors/* ExecutionFailure */.H('InputError', `Invalid inputs {${clash.map((n) => `'${n}'`).join(', ')}} in prompt template of node ${node.name}. These inputs are duplicated with ${owner}.`, node.name);
}
async function invokeNode(node, inputs, services, context, signal) {
    signal?.throwIfAborted();
    switch (node.type) {
        case 'python':
            return invokePython(node, inputs, services, signal);
        case 'llm':
            checkReservedNames(node, services);
            return invokeLlm(node, inputs, services, context, signal);
        case 'prompt': {
            checkReservedNames(node, services);
            const src = codeSource(node);
            return { output: services.templates.render(src.file, src.path, node.name, plainValues(inputs)) };
        }
        default:
            throw new errors/* ExecutionFailure */.H('UnsupportedNode', `node "${node.name}": type ${node.type} is not supported`, node.name);
    }
}
/** Input values for templates: an input from a bypassed node is None. */
function plainValues(inputs) {
    const out = {};
    for (const [k, { value }] of inputs)
        out[k] = value === BYPASSED ? null : value;
    return out;
}
/**
 * Python node arguments. Connections: a literal input whose parameter is annotated with a
 * connection class (`AzureOpenAIConnection`, `CustomConnection`, …) names a connection and is
 * passed as that connection; a literal input to a parameter without annotation (or when the
 * signature cannot be read) is passed as a connection when it names a configured connection (an
 * environment variable / .env entry holding connection JSON). A python node's own `connection:`
 * goes to its `connection` parameter, when the tool has one. An input from a bypassed node is left
 * out when the parameter has a default, else passed as None.
 */
async function invokePython(node, inputs, services, signal) {
    const src = codeSource(node);
    const sig = services.signatures.get(src.file);
    const param = (name) => sig?.params.find((p) => p.name === name);
    const args = {};
    for (const [name, { value, literal }] of inputs) {
        const p = param(name);
        if (value === BYPASSED) {
            if (!p?.hasDefault)
                args[name] = null;
            continue;
        }
        if (literal && typeof value === 'string' && value) {
            const classes = connectionClasses(p?.annotation);
            if (classes.length) {
                args[name] = services.connections.pythonArg(value, classes, node.name);
                continue;
            }
            if (!p?.annotation) {
                const guessed = services.connections.guessPythonArg(value);
                if (guessed) {
                    args[name] = guessed;
                    continue;
                }
            }
        }
        args[name] = value;
    }
    if (node.connection && !inputs.has('connection')) {
        const p = param('connection');
        if (p)
            args.connection = services.connections.pythonArg(node.connection, connectionClasses(p.annotation), node.name);
    }
    const result = await services.python.call({ file: src.file, args, signal });
    const outcome = { output: result.output, metrics: result.metrics };
    if (result.logs)
        outcome.logs = result.logs;
    return outcome;
}
async function invokeLlm(node, inputs, services, context, signal) {
    const src = codeSource(node);
    const connection = node.connection
        ? services.connections.llm(node.connection, node.name)
        : node.prompty?.configuration
            ? services.connections.fromConfiguration(node.prompty.configuration, node.name)
            : undefined;
    if (!connection)
        throw new errors/* ExecutionFailure */.H('ConnectionError', `llm node "${node.name}" has no connection`, node.name);
    const api = node.api ?? 'chat';
    let split;
    try {
        split = (0,parameters/* splitLlmNodeInputs */.Xy)(plainValues(inputs), api, `node "${node.name}"`);
    }
    catch (e) {
        throw new errors/* ExecutionFailure */.H('InputError', e.message, node.name);
    }
    const base = {
        connection,
        parameters: split.parameters,
        context,
        ...(signal ? { signal } : {}),
        ...(split.deploymentName !== undefined ? { deploymentName: split.deploymentName } : {}),
        ...(split.model !== undefined ? { model: split.model } : {})
    };
    const request = api === 'chat'
        ? {
            ...base,
            api: 'chat',
            messages: services.templates.chatMessages(src.file, src.path, node.name, split.templateInputs)
        }
        : {
            ...base,
            api: 'completion',
            prompt: services.templates.render(src.file, src.path, node.name, split.templateInputs)
        };
    try {
        const r = await services.llm.call(request);
        const { promptTokens, completionTokens } = r.usage;
        return {
            output: node.prompty ? promptyOutput(node, r, split.parameters) : r.text,
            llm: { model: r.model, promptTokens, completionTokens, latencyMs: r.latencyMs }
        };
    }
    catch (e) {
        if (e instanceof dist_errors/* UserError */.yo)
            throw new errors/* ExecutionFailure */.H('LlmError', e.message, node.name);
        throw e;
    }
}
/**
 * A prompty's answer as prompt flow's Prompty returns it: the whole response with `response: all`;
 * else the first choice's content, parsed when the prompt asks for JSON (`response_format:
 * json_object`), and cut down to the declared `outputs` keys.
 */
function promptyOutput(node, result, parameters) {
    const settings = node.prompty;
    if (settings.response === 'all')
        return result.response;
    if (parameters.response_format?.type !== 'json_object')
        return result.text;
    let parsed;
    try {
        parsed = JSON.parse(result.text);
    }
    catch {
        throw new errors/* ExecutionFailure */.H('LlmError', `the model's answer is not JSON, though response_format asks for json_object: ${result.text.slice(0, 200)}`, node.name);
    }
    if (!settings.outputs)
        return parsed;
    const obj = (parsed ?? {});
    const out = {};
    for (const key of settings.outputs) {
        if (!(key in obj))
            throw new errors/* ExecutionFailure */.H('LlmError', `cannot find ${key} in response ${JSON.stringify(Object.keys(obj))}`, node.name);
        out[key] = obj[key];
    }
    return out;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./packages/core/dist/engine/template/index.js + 16 modules
var template = __webpack_require__(27058);
// EXTERNAL MODULE: ./packages/core/dist/flow/load-prompty.js
var load_prompty = __webpack_require__(77579);
;// CONCATENATED MODULE: ./packages/core/dist/engine/executor/prompts.js
/**
 * Templates of llm and prompt nodes: compiled once per file and executor, rendered per line; chat
 * prompts are split into messages with prompt flow's role escaping.
 */






class TemplateCache {
    cache = new Map();
    reserved = new Map();
    /** The reserved names (see template/reserved.ts) the template uses; scanned once per file. */
    reservedUsed(file, shown, node, names) {
        const key = `${file}\0${names.join(',')}`;
        let used = this.reserved.get(key);
        if (!used) {
            this.compiled(file, shown, node); // reports an unreadable or invalid template first
            used = reservedNamesUsed(templateSource(file), names);
            this.reserved.set(key, used);
        }
        return used;
    }
    /** `file` is the absolute path; `shown` is how messages name it (relative to the flow). */
    compiled(file, shown, node) {
        let entry = this.cache.get(file);
        if (!entry) {
            try {
                entry = { ok: true, render: (0,template/* compileTemplate */.Gq)(templateSource(file), { file: shown }) };
            }
            catch (e) {
                const code = e.code;
                entry = {
                    ok: false,
                    message: code ? `cannot read template ${shown} (${code})` : e.message
                };
            }
            this.cache.set(file, entry);
        }
        if (!entry.ok)
            throw new errors/* ExecutionFailure */.H('TemplateError', `node "${node}": ${entry.message}`, node);
        return entry.render;
    }
    /** Renders the node's template to text (prompt nodes, completion prompts). */
    render(file, shown, node, variables) {
        const render = this.compiled(file, shown, node);
        try {
            return render(variables);
        }
        catch (e) {
            throw new errors/* ExecutionFailure */.H('TemplateError', `node "${node}": ${e.message}`, node);
        }
    }
    /**
     * Renders a chat prompt and splits it into messages. As prompt flow's llm tool does, a role
     * header inside an input value (`user:` on its own line in a ticket text) is escaped before
     * rendering and restored after the split, so inputs cannot start messages of their own.
     */
    chatMessages(file, shown, node, variables) {
        const escapes = buildEscapes(variables);
        const escaped = escapes.size
            ? Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, escapeValue(v, escapes)]))
            : variables;
        const text = this.render(file, shown, node, escaped);
        let messages;
        try {
            messages = (0,template/* parseChatMessages */.AK)(text, { file: shown });
        }
        catch (e) {
            throw new errors/* ExecutionFailure */.H('TemplateError', `node "${node}": ${e.message}`, node);
        }
        if (!escapes.size)
            return messages;
        return messages.map((m) => unescapeMessage(m, escapes));
    }
}
/** A template file's text; a prompty's template is what follows its front matter. */
function templateSource(file) {
    const text = (0,external_node_fs_.readFileSync)(file, 'utf8');
    return file.endsWith('.prompty') ? ((0,load_prompty/* splitPrompty */.iq)(text)?.body ?? text) : text;
}
const ROLE_HEADER = new RegExp(`^\\s*#?\\s*(${template/* CHAT_ROLES */.z5.join('|')})\\s*:\\s*\\n`, 'gim');
/** Role words (as written) found as headers in string inputs → a placeholder each. */
function buildEscapes(variables) {
    const escapes = new Map();
    const visit = (v) => {
        if (typeof v === 'string') {
            for (const m of v.matchAll(ROLE_HEADER))
                if (!escapes.has(m[1]))
                    escapes.set(m[1], (0,external_node_crypto_.randomUUID)());
        }
        else if (Array.isArray(v))
            v.forEach(visit);
    };
    Object.values(variables).forEach(visit);
    return escapes;
}
function escapeValue(v, escapes) {
    if (typeof v === 'string') {
        let out = v;
        for (const [role, token] of escapes)
            out = out.split(role).join(token);
        return out;
    }
    if (Array.isArray(v))
        return v.map((x) => escapeValue(x, escapes));
    return v;
}
function unescapeText(text, escapes) {
    let out = text;
    for (const [role, token] of escapes)
        out = out.split(token).join(role);
    return out;
}
function unescapeMessage(m, escapes) {
    const content = typeof m.content === 'string'
        ? unescapeText(m.content, escapes)
        : m.content.map((part) => part.type === 'text' ? { ...part, text: unescapeText(part.text, escapes) } : part);
    const out = { ...m, content };
    if (m.name !== undefined)
        out.name = unescapeText(m.name, escapes);
    return out;
}

;// CONCATENATED MODULE: ./packages/core/dist/engine/executor/dag.js
/** The executor of `flow.dag.yaml` flows: one line at a time, and the aggregation pass. */







class DagExecutor {
    flow;
    opts;
    lineNodes;
    aggregationNodes;
    inputDefs;
    services;
    constructor(flow, opts) {
        this.flow = flow;
        this.opts = opts;
        this.lineNodes = (0,graph/* topologicalOrder */._o)(flow, opts.variants ?? {}, { only: 'line' }).flat();
        this.aggregationNodes = (0,graph/* topologicalOrder */._o)(flow, opts.variants ?? {}, { only: 'aggregation' }).flat();
        for (const node of [...this.lineNodes, ...this.aggregationNodes])
            checkRunnable(node);
        this.inputDefs = Object.values(flow.inputs).map((i) => ({
            name: i.name,
            type: i.type,
            hasDefault: 'default' in i,
            default: i.default
        }));
        this.services = {
            python: opts.python,
            llm: opts.llm,
            connections: new connections/* ConnectionStore */.U(opts),
            templates: new TemplateCache(),
            signatures: new SignatureCache()
        };
    }
    async executeLine(given, lineNumber, opts = {}) {
        if (opts.node !== undefined)
            return this.executeSingleNode(given, lineNumber, opts.node);
        const began = performance.now();
        const prepared = prepareInputs(this.inputDefs, given ?? {}, lineNumber);
        const { inputs } = prepared;
        const finish = (partial) => ({
            lineNumber,
            inputs,
            ...partial,
            durationMs: performance.now() - began
        });
        if (prepared.error) {
            return finish({
                status: 'Failed',
                outputs: {},
                nodes: [],
                error: (0,errors/* classifyError */.f)(prepared.error, undefined).info
            });
        }
        try {
            const run = await runNodes(this.lineNodes, {
                flowInput: (name) => this.flowInput(inputs, name),
                invoke: (node, nodeInputs) => invokeNode(node, nodeInputs, this.services, `node "${node.name}", line ${lineNumber}`, opts.signal)
            });
            if (run.error)
                return finish({ status: 'Failed', outputs: {}, nodes: run.records, error: run.error });
            const outputs = {};
            for (const out of Object.values(this.flow.outputs)) {
                const ref = out.reference;
                if (ref.kind === 'flow-input')
                    outputs[out.name] = inputs[ref.name] ?? null;
                else if (run.bypassed.has(ref.node) || !run.outputs.has(ref.node))
                    outputs[out.name] = null;
                else
                    outputs[out.name] = followPath(run.outputs.get(ref.node), ref, `flow output "${out.name}"`) ?? null;
            }
            return finish({ status: 'Completed', outputs, nodes: run.records });
        }
        catch (e) {
            return finish({ status: 'Failed', outputs: {}, nodes: [], error: (0,errors/* classifyError */.f)(e, undefined).info });
        }
    }
    async executeAggregation(lines) {
        if (this.aggregationNodes.length === 0)
            return { metrics: {}, nodes: [] };
        const done = lines.filter((l) => l.status === 'Completed').sort((a, b) => a.lineNumber - b.lineNumber);
        const lineNodeNames = new Set(this.lineNodes.map((n) => n.name));
        const ctx = {
            flowInput: (name) => {
                this.flowInputDef(name);
                return done.map((l) => l.inputs[name] ?? null);
            },
            external: (ref, where) => {
                if (!lineNodeNames.has(ref.node)) {
                    throw new errors/* ExecutionFailure */.H('ReferenceError', `${where} references ${ref.text}, but the flow has no node "${ref.node}"`);
                }
                return done.map((l) => this.lineValue(l, ref, where));
            },
            invoke: (node, nodeInputs) => invokeNode(node, nodeInputs, this.services, `aggregation node "${node.name}"`)
        };
        try {
            const run = await runNodes(this.aggregationNodes, ctx);
            const result = { metrics: run.metrics, nodes: run.records };
            if (run.error)
                result.error = run.error;
            return result;
        }
        catch (e) {
            return { metrics: {}, nodes: [], error: (0,errors/* classifyError */.f)(e, undefined).info };
        }
    }
    /**
     * `flow test --node N`: runs node N alone. Its inputs come from `given`: an input that references
     * a flow input is looked up as `inputs.<name>`, then by the node input's name, then by the flow
     * input's name, else the flow input's default (converted to the flow input's type); an input that
     * references another node's output as `<node>.output[.<path>]` (the reference without `${}`),
     * then by the input's name, and is used as is; a literal input may be overridden by its name.
     * The activate condition is not evaluated. For an aggregation node, flow-input and line-node
     * values are wrapped in one-item lists. The result's `outputs` is `{ <node>: <output> }`, its
     * `inputs` the node's resolved inputs by input name. Throws a UserError for an unknown node.
     */
    async executeSingleNode(given, lineNumber, nodeName) {
        const node = (0,graph/* resolveNode */.hl)(this.flow, nodeName, this.opts.variants ?? {});
        checkRunnable(node);
        const began = performance.now();
        const has = (k) => Object.prototype.hasOwnProperty.call(given, k) && given[k] !== undefined;
        const lineNodes = new Set(this.lineNodes.map((n) => n.name));
        const resolved = {};
        const nodeInputs = new Map();
        let error;
        for (const [name, value] of Object.entries(node.inputs)) {
            let v;
            if (value.kind === 'literal') {
                v = has(name) ? given[name] : value.value;
            }
            else if (value.kind === 'flow-input') {
                const key = [`inputs.${value.name}`, name, value.name].find(has);
                const def = this.flow.inputs[value.name];
                if (key !== undefined)
                    v = given[key];
                else if (def && 'default' in def)
                    v = def.default;
                else {
                    error ??= {
                        node: nodeName,
                        type: 'InputError',
                        message: `node "${nodeName}": input "${name}" (${value.text}) needs a value: give "inputs.${value.name}" or "${name}"`
                    };
                    continue;
                }
                if (def) {
                    const c = convertValue(v, def.type);
                    if (!c.ok) {
                        error ??= {
                            node: nodeName,
                            type: 'InputError',
                            message: `node "${nodeName}": input "${name}" (${value.text}) expects type ${def.type}, found ${describeValue(v)}`
                        };
                        continue;
                    }
                    v = c.value;
                }
            }
            else {
                const key = [value.text.slice(2, -1), name].find(has);
                if (key === undefined) {
                    error ??= {
                        node: nodeName,
                        type: 'InputError',
                        message: `node "${nodeName}": input "${name}" (${value.text}) needs a value: give "${value.text.slice(2, -1)}" or "${name}"`
                    };
                    continue;
                }
                v = given[key];
            }
            resolved[name] = v;
            const wrap = node.aggregation &&
                value.kind !== 'literal' &&
                (value.kind === 'flow-input' || lineNodes.has(value.node));
            nodeInputs.set(name, { value: wrap ? [v] : v, literal: value.kind === 'literal' });
        }
        const finish = (partial) => ({
            lineNumber,
            inputs: resolved,
            ...partial,
            durationMs: performance.now() - began
        });
        if (error)
            return finish({ status: 'Failed', outputs: {}, nodes: [], error });
        try {
            const output = (await invokeNode(node, nodeInputs, this.services, `node "${node.name}", line ${lineNumber}`)).output;
            const record = {
                node: nodeName,
                status: 'Completed',
                output,
                durationMs: performance.now() - began
            };
            return finish({ status: 'Completed', outputs: { [nodeName]: output }, nodes: [record] });
        }
        catch (e) {
            const { info, logs } = (0,errors/* classifyError */.f)(e, nodeName);
            const record = {
                node: nodeName,
                status: 'Failed',
                error: info,
                durationMs: performance.now() - began
            };
            if (logs)
                record.logs = logs;
            return finish({ status: 'Failed', outputs: {}, nodes: [record], error: info });
        }
    }
    flowInputDef(name) {
        if (!this.flow.inputs[name]) {
            throw new errors/* ExecutionFailure */.H('ReferenceError', `\${inputs.${name}} references an input the flow does not declare`);
        }
    }
    flowInput(inputs, name) {
        this.flowInputDef(name);
        return inputs[name] ?? null;
    }
    /** A line node's value for an aggregation input, from a completed line's node records. */
    lineValue(line, ref, where) {
        const record = line.nodes.find((n) => n.node === ref.node);
        if (!record) {
            throw new errors/* ExecutionFailure */.H('ReferenceError', `${where} references ${ref.text}, but line ${line.lineNumber} has no record of node "${ref.node}" (the line results given to executeAggregation must keep their node records and outputs)`);
        }
        if (record.status !== 'Completed')
            return null;
        return followPath(record.output ?? null, ref, `${where} (line ${line.lineNumber})`) ?? null;
    }
}

;// CONCATENATED MODULE: ./packages/core/dist/engine/executor/flex.js
/** The executor of `flow.flex.yaml` flows: a Python function or class is the whole flow. */





const MODEL_CONFIGS = new Set(['AzureOpenAIModelConfiguration', 'OpenAIModelConfiguration']);
/**
 * Lines call the entry with the line's inputs (declared inputs only, converted to their types,
 * defaults applied, when the YAML declares `inputs`; every given input otherwise). A class entry
 * is made once per worker with the init arguments (see `ExecutorOptions.init`). What the entry
 * returns becomes the line's outputs: a dict (or dataclass) as it is, anything else as
 * `{ output: value }`, as prompt flow does. The line's single node record is named after the entry.
 *
 * Aggregation calls the class's `__aggregate__` (when it has one) with the list of completed
 * lines' outputs, passed as the value the entry returned (a `{ output: v }` line gives `v`); the
 * numbers in the dict it returns and its `log_metric` calls become metrics.
 */
class FlexExecutor {
    flow;
    opts;
    inputDefs;
    connections;
    initState;
    constructor(flow, opts) {
        this.flow = flow;
        this.opts = opts;
        if (flow.inputs) {
            this.inputDefs = Object.values(flow.inputs).map((p) => ({
                name: p.name,
                type: p.type,
                hasDefault: 'default' in p,
                default: p.default
            }));
        }
        this.connections = new connections/* ConnectionStore */.U(opts);
    }
    get isClass() {
        const kind = this.flow.entry.kind;
        return (kind === 'class' ||
            (kind === 'unknown' && (this.flow.init !== undefined || this.opts.init !== undefined)));
    }
    async executeLine(given, lineNumber, opts = {}) {
        if (opts.node !== undefined) {
            throw new dist_errors/* UserError */.yo(`flow ${this.flow.displayFile} is a flex flow: it has no nodes to run one by one (no --node)`);
        }
        const began = performance.now();
        const node = this.flow.entry.name;
        let inputs;
        let inputError;
        if (this.inputDefs) {
            const prepared = prepareInputs(this.inputDefs, given ?? {}, lineNumber);
            inputs = prepared.inputs;
            inputError = prepared.error;
        }
        else {
            inputs = Object.fromEntries(Object.entries(given ?? {}).filter(([, v]) => v !== undefined));
        }
        const finish = (partial) => ({
            lineNumber,
            inputs,
            ...partial,
            durationMs: performance.now() - began
        });
        if (inputError) {
            return finish({
                status: 'Failed',
                outputs: {},
                nodes: [],
                error: (0,errors/* classifyError */.f)(inputError, undefined).info
            });
        }
        const init = this.init();
        if (!init.ok) {
            const info = (0,errors/* classifyError */.f)(init.error, undefined, { flex: true }).info;
            return finish({ status: 'Failed', outputs: {}, nodes: [], error: info });
        }
        const callBegan = performance.now();
        try {
            const result = await this.opts.python.callFlex({
                file: this.flow.entry.file,
                entry: this.flow.entry.name,
                ...(this.isClass ? { init: init.init ?? {} } : {}),
                args: inputs,
                signal: opts.signal
            });
            const outputs = toOutputs(result.output);
            const record = {
                node,
                status: 'Completed',
                output: result.output,
                durationMs: performance.now() - callBegan
            };
            if (result.logs)
                record.logs = result.logs;
            return finish({ status: 'Completed', outputs, nodes: [record] });
        }
        catch (e) {
            const { info, logs } = (0,errors/* classifyError */.f)(e, node, { flex: true });
            const record = {
                node,
                status: 'Failed',
                error: info,
                durationMs: performance.now() - callBegan
            };
            if (logs)
                record.logs = logs;
            return finish({ status: 'Failed', outputs: {}, nodes: [record], error: info });
        }
    }
    async executeAggregation(lines) {
        if (!this.isClass)
            return { metrics: {}, nodes: [] };
        const param = aggregateParameter(this.flow.entry.file, this.flow.entry.name);
        if (param === null)
            return { metrics: {}, nodes: [] }; // the class has no __aggregate__
        const init = this.init();
        if (!init.ok)
            return {
                metrics: {},
                nodes: [],
                error: (0,errors/* classifyError */.f)(init.error, '__aggregate__', { flex: true }).info
            };
        const done = lines.filter((l) => l.status === 'Completed').sort((a, b) => a.lineNumber - b.lineNumber);
        const values = done.map((l) => lineValue(l));
        const began = performance.now();
        try {
            const result = await this.opts.python.callFlex({
                file: this.flow.entry.file,
                entry: this.flow.entry.name,
                init: init.init ?? {},
                args: { [param ?? 'line_results']: values },
                aggregate: true
            });
            const record = {
                node: '__aggregate__',
                status: 'Completed',
                output: result.output,
                durationMs: performance.now() - began
            };
            if (result.logs)
                record.logs = result.logs;
            return { metrics: result.metrics, nodes: [record] };
        }
        catch (e) {
            const { info, logs } = (0,errors/* classifyError */.f)(e, '__aggregate__', { flex: true });
            // an entry of unknown kind turned out to have no __aggregate__: nothing to aggregate
            if (param === undefined && info.type === 'ToolLoadError' && /__aggregate__/.test(info.message)) {
                return { metrics: {}, nodes: [] };
            }
            const record = {
                node: '__aggregate__',
                status: 'Failed',
                error: info,
                durationMs: performance.now() - began
            };
            if (logs)
                record.logs = logs;
            return { metrics: {}, nodes: [record], error: info };
        }
    }
    /** The init arguments, built once: port defaults, then `opts.init`; connections resolved. */
    init() {
        if (this.initState)
            return this.initState;
        try {
            this.initState = { ok: true, init: this.buildInit() };
        }
        catch (e) {
            const error = e instanceof errors/* ExecutionFailure */.H
                ? e
                : new errors/* ExecutionFailure */.H('InputError', e instanceof Error ? e.message : String(e));
            this.initState = { ok: false, error };
        }
        return this.initState;
    }
    buildInit() {
        if (!this.isClass)
            return undefined;
        const given = this.opts.init ?? {};
        const ports = this.flow.init ?? {};
        const out = {};
        for (const [k, v] of Object.entries(given))
            if (!(k in ports) && v !== undefined)
                out[k] = v;
        for (const [name, port] of Object.entries(ports)) {
            const value = Object.prototype.hasOwnProperty.call(given, name) && given[name] !== undefined
                ? given[name]
                : port.default;
            if (value === undefined)
                continue; // python reports a missing __init__ argument
            if (MODEL_CONFIGS.has(port.type)) {
                out[name] = this.connections.modelConfig(port.type, value, name);
            }
            else if (/Connection$/.test(port.type)) {
                if (typeof value !== 'string' || !value) {
                    throw new errors/* ExecutionFailure */.H('InputError', `init "${name}" (${port.type}) expects a connection name, found ${describeValue(value)}`);
                }
                out[name] = this.connections.pythonArg(value, [port.type]);
            }
            else {
                const c = convertValue(value, port.type);
                if (!c.ok) {
                    throw new errors/* ExecutionFailure */.H('InputError', `init "${name}" expects type ${port.type}, found ${describeValue(value)}`);
                }
                out[name] = c.value;
            }
        }
        return out;
    }
}
/** A flex line's outputs: a dict as is, anything else under `output`. */
function toOutputs(value) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
        return value;
    return { output: value ?? null };
}
/** What the entry returned for a completed line (undoing `toOutputs`' wrapping). */
function lineValue(line) {
    const record = line.nodes.find((n) => n.status === 'Completed');
    if (record && record.output !== undefined)
        return record.output;
    const keys = Object.keys(line.outputs);
    return keys.length === 1 && keys[0] === 'output' ? line.outputs.output : line.outputs;
}
/**
 * The name of `__aggregate__`'s parameter in the entry class, from the source: a string when
 * found, null when the class is in the file and has no `__aggregate__`, undefined when unknown.
 */
function aggregateParameter(file, className) {
    let source;
    try {
        source = (0,external_node_fs_.readFileSync)(file, 'utf8').replace(/\r\n?/g, '\n');
    }
    catch {
        return undefined;
    }
    const cls = new RegExp(`^class[ \\t]+${className}\\b[^\\n]*$`, 'm').exec(source);
    if (!cls)
        return undefined;
    const bodyLines = [];
    for (const line of source.slice(cls.index + cls[0].length + 1).split('\n')) {
        if (line.trim() === '' || /^\s/.test(line))
            bodyLines.push(line);
        else if (!line.startsWith('#'))
            break;
    }
    const body = bodyLines.join('\n');
    const m = /^[ \t]+(?:async[ \t]+)?def[ \t]+__aggregate__[ \t]*\(\s*self\s*,\s*([A-Za-z_]\w*)/m.exec(body);
    if (m)
        return m[1];
    if (/__aggregate__/.test(body))
        return undefined;
    const bases = /\(([^)]*)\)/.exec(cls[0])?.[1].trim();
    return bases && bases !== 'object' ? undefined : null; // it may inherit one
}

;// CONCATENATED MODULE: ./packages/core/dist/engine/executor/create.js
/** `createExecutor`: the local flow engine's entry point. */


/**
 * An executor for one flow and variant selection. Throws a UserError for what makes every line
 * fail the same way before anything runs: an unknown variant, a node type or package tool the
 * local engine cannot run, an llm node without a connection. Everything else (inputs, python
 * errors, connections, templates, LLM calls) is reported per line in the `LineResult`.
 */
function createExecutor(opts) {
    return opts.flow.kind === 'flex' ? new FlexExecutor(opts.flow, opts) : new DagExecutor(opts.flow, opts);
}


/***/ }),

/***/ 55232:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   H: () => (/* binding */ ExecutionFailure),
/* harmony export */   f: () => (/* binding */ classifyError)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(71403);
/* harmony import */ var _llm_client_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(69091);
/* harmony import */ var _python_pool_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(42917);
/** How failures inside a line become `LineErrorInfo` records. */



/**
 * A failure the executor itself detected (bad input, bad reference, template or connection
 * problem), already classified. Never escapes `executeLine` / `executeAggregation`.
 */
class ExecutionFailure extends Error {
    type;
    node;
    constructor(
    /** `InputError`, `ReferenceError`, `TemplateError`, `ConnectionError`, … */
    type, message, node) {
        super(message);
        this.type = type;
        this.node = node;
        this.name = type;
    }
}
/** Python error types by the phase they happened in; `flex` picks prompt flow's flex names. */
function toolErrorType(e, flex) {
    if (e.phase === 'load')
        return 'ToolLoadError';
    if (e.phase === 'init')
        return 'FlowEntryInitializationError';
    return flex ? 'ScriptExecutionError' : 'ToolExecutionError';
}
/** Turns anything a node (or flex entry) threw into the record kept in the line result. */
function classifyError(e, node, opts = {}) {
    const base = (type, message) => node === undefined ? { type, message } : { node, type, message };
    if (e instanceof ExecutionFailure) {
        const info = base(e.type, e.message);
        if (e.node !== undefined)
            info.node = e.node;
        return { info };
    }
    if (e instanceof _python_pool_js__WEBPACK_IMPORTED_MODULE_2__/* .ToolError */ .v4) {
        const info = base(toolErrorType(e, opts.flex === true), e.message);
        if (e.traceback)
            info.traceback = e.traceback;
        return { info, logs: e.logs || undefined };
    }
    if (e instanceof _python_pool_js__WEBPACK_IMPORTED_MODULE_2__/* .PythonWorkerError */ .hQ)
        return { info: base('PythonWorkerError', e.message) };
    if (e instanceof _llm_client_js__WEBPACK_IMPORTED_MODULE_1__/* .LlmRequestError */ .bj)
        return { info: base('LlmError', e.message) };
    if (e instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo)
        return { info: base('UserError', e.message) };
    if (e instanceof Error)
        return { info: base('SystemError', `${e.name}: ${e.message}`) };
    return { info: base('SystemError', String(e)) };
}


/***/ }),

/***/ 69091:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  RV: () => (/* binding */ DEFAULT_LLM_TIMEOUT_MS),
  l3: () => (/* binding */ LlmClient),
  bj: () => (/* binding */ LlmRequestError)
});

// UNUSED EXPORTS: DEFAULT_LLM_CONCURRENCY

// EXTERNAL MODULE: ./packages/core/dist/errors.js
var errors = __webpack_require__(71403);
// EXTERNAL MODULE: ./packages/core/dist/engine/llm/mock.js
var mock = __webpack_require__(23423);
// EXTERNAL MODULE: ./packages/core/dist/engine/llm/retry.js
var retry = __webpack_require__(3595);
;// CONCATENATED MODULE: ./packages/core/dist/engine/llm/semaphore.js
/**
 * A counting semaphore: at most `limit` holders at once, the rest queue in arrival order (FIFO).
 * One instance is shared by every LLM call of a run, so many lines retrying at once cannot
 * stampede the model.
 */
class Semaphore {
    limit;
    active = 0;
    queue = [];
    peak = 0;
    constructor(limit) {
        this.limit = limit;
        if (!Number.isInteger(limit) || limit < 1)
            throw new RangeError(`Semaphore limit must be a positive integer, got ${limit}`);
    }
    /** Holders right now. */
    get inUse() {
        return this.active;
    }
    /** Callers waiting for a permit. */
    get waiting() {
        return this.queue.length;
    }
    /** The most holders seen at once since construction. */
    get maxInUse() {
        return this.peak;
    }
    /**
     * Waits for a permit and returns its release function (idempotent). If `signal` aborts while
     * waiting, the promise rejects with the signal's reason and no permit is taken.
     */
    acquire(signal) {
        if (signal?.aborted)
            return Promise.reject(signal.reason);
        if (this.active < this.limit) {
            this.take();
            return Promise.resolve(this.releaser());
        }
        return new Promise((resolve, reject) => {
            const grant = () => {
                signal?.removeEventListener('abort', onAbort);
                this.take();
                resolve(this.releaser());
            };
            const onAbort = () => {
                const i = this.queue.indexOf(grant);
                if (i >= 0)
                    this.queue.splice(i, 1);
                reject(signal.reason);
            };
            signal?.addEventListener('abort', onAbort, { once: true });
            this.queue.push(grant);
        });
    }
    /** Runs `fn` holding a permit. */
    async run(fn, signal) {
        const release = await this.acquire(signal);
        try {
            return await fn();
        }
        finally {
            release();
        }
    }
    take() {
        this.active++;
        if (this.active > this.peak)
            this.peak = this.active;
    }
    releaser() {
        let done = false;
        return () => {
            if (done)
                return;
            done = true;
            this.active--;
            const next = this.queue.shift();
            if (next)
                next();
        };
    }
}

;// CONCATENATED MODULE: ./packages/core/dist/engine/llm/client.js
let sdk;
const loadSdk = async () => (sdk ??= await __webpack_require__.e(/* import() */ 6).then(__webpack_require__.bind(__webpack_require__, 36006)));




/** The default number of LLM requests in flight at once for a whole run. */
const DEFAULT_LLM_CONCURRENCY = 32;
/** Default per-attempt timeout (`--request-timeout`, config `requestTimeout`). */
const DEFAULT_LLM_TIMEOUT_MS = 120_000;
/** An LLM call that failed for good: the server refused it, or retries ran out. */
class LlmRequestError extends errors/* UserError */.yo {
    status;
    code;
    attempts;
    retryable;
    constructor(message, 
    /** HTTP status of the last attempt; undefined for connection errors / timeouts. */
    status, 
    /** The server's error code when it gave one (e.g. `DeploymentNotFound`, `rate_limit_exceeded`). */
    code, attempts, 
    /** Whether the last error was of a retryable kind (true = retries ran out). */
    retryable) {
        super(message);
        this.status = status;
        this.code = code;
        this.attempts = attempts;
        this.retryable = retryable;
        this.name = 'LlmRequestError';
    }
}
/**
 * Calls chat and completion models through the official `openai` package (`AzureOpenAI` for
 * `azure` connections, `OpenAI` for the rest). One instance per run: it holds the run's shared
 * concurrency limit, an SDK client per connection, and totals. The SDK's own retries are off
 * (`maxRetries: 0`); this class retries 408/409/429/5xx and connection errors / timeouts, honouring
 * `retry-after-ms` / `Retry-After`, else exponential backoff with full jitter. Other 4xx fail at once.
 * A permit is held across an attempt's retries, so a rate-limited run slows down as a whole.
 */
class LlmClient {
    options;
    semaphore;
    retry;
    timeoutMs;
    clients = new Map();
    totals = {
        calls: 0,
        succeeded: 0,
        failed: 0,
        attempts: 0,
        retries: 0,
        promptTokens: 0,
        completionTokens: 0,
        totalTokens: 0
    };
    credential;
    constructor(options = {}) {
        this.options = options;
        const c = options.concurrency ?? DEFAULT_LLM_CONCURRENCY;
        this.semaphore = typeof c === 'number' ? new Semaphore(c) : c;
        this.retry = { ...retry/* DEFAULT_LLM_RETRY */.HA, ...options.retry };
        if (!Number.isInteger(this.retry.maxAttempts) || this.retry.maxAttempts < 1) {
            throw new RangeError(`retry.maxAttempts must be a positive integer, got ${this.retry.maxAttempts}`);
        }
        this.timeoutMs = options.timeoutMs ?? DEFAULT_LLM_TIMEOUT_MS;
        // A client is made where calls will follow: start loading the SDK now, not on the first call.
        void loadSdk().catch(() => undefined);
    }
    /** Totals since construction. */
    stats() {
        return { ...this.totals };
    }
    chat(request) {
        return this.call({ ...request, api: 'chat' });
    }
    complete(request) {
        return this.call({ ...request, api: 'completion' });
    }
    async call(request) {
        const { connection, api } = request;
        if (connection.apiType === 'mock')
            return this.mock(request);
        const deployment = (connection.apiType === 'azure'
            ? (request.deploymentName ?? request.model)
            : (request.model ?? request.deploymentName))?.trim();
        const target = describeTarget(request, deployment);
        if (!deployment) {
            throw new errors/* UserError */.yo(`${request.context ? request.context + ': ' : ''}${target}: ${connection.apiType === 'azure' ? '"deployment_name" is not set' : '"model" is not set'} (connection "${connection.name}" is ${connection.apiType === 'azure' ? 'Azure OpenAI' : 'OpenAI'})`);
        }
        if (api === 'chat' && (!Array.isArray(request.messages) || request.messages.length === 0)) {
            throw new errors/* UserError */.yo(`${request.context ? request.context + ': ' : ''}${target}: the chat prompt has no messages`);
        }
        const client = await this.client(connection);
        this.totals.calls++;
        const release = await this.semaphore.acquire(request.signal);
        try {
            for (let attempt = 1;; attempt++) {
                this.totals.attempts++;
                try {
                    const sent = performance.now();
                    const result = await this.send(client, request, deployment);
                    const latencyMs = performance.now() - sent;
                    this.totals.succeeded++;
                    this.totals.promptTokens += result.usage.promptTokens;
                    this.totals.completionTokens += result.usage.completionTokens;
                    this.totals.totalTokens += result.usage.totalTokens;
                    return { ...result, attempts: attempt, latencyMs };
                }
                catch (e) {
                    if (e instanceof sdk.APIUserAbortError || request.signal?.aborted)
                        throw e;
                    const f = classify(e);
                    if (!f)
                        throw e; // not an API error: our bug, let it through as is
                    const attempts = f.status === 429
                        ? (this.retry.maxRateLimitAttempts ?? this.retry.maxAttempts)
                        : this.retry.maxAttempts;
                    if (!f.retryable || attempt >= attempts) {
                        this.totals.failed++;
                        const prefix = `${request.context ? request.context + ': ' : ''}LLM call to ${target} failed`;
                        const msg = f.retryable
                            ? `${prefix} after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${f.reason}`
                            : `${prefix}: ${f.reason}${hint(f.status, connection)}`;
                        throw new LlmRequestError(msg, f.status, f.code, attempt, f.retryable);
                    }
                    const waitMs = (0,retry/* retryDelayMs */.qO)(attempt, this.retry, f.serverWaitMs, this.options.random);
                    this.totals.retries++;
                    this.options.onRetry?.({
                        attempt,
                        status: f.status,
                        reason: f.reason,
                        waitMs,
                        serverAsked: f.serverWaitMs !== undefined,
                        target
                    });
                    await (0,retry/* sleep */.yy)(waitMs, request.signal);
                }
            }
        }
        finally {
            release();
        }
    }
    mock(request) {
        const result = (0,mock/* mockReply */.X5)(request);
        this.totals.calls++;
        this.totals.attempts++;
        this.totals.succeeded++;
        this.totals.promptTokens += result.usage.promptTokens;
        this.totals.completionTokens += result.usage.completionTokens;
        this.totals.totalTokens += result.usage.totalTokens;
        return { ...result, attempts: 1 };
    }
    async send(client, request, deployment) {
        const p = request.parameters ?? {};
        const opts = { timeout: this.timeoutMs, signal: request.signal ?? null, maxRetries: 0 };
        const common = {
            model: deployment,
            ...pick(p, [
                'temperature',
                'top_p',
                'max_tokens',
                'stop',
                'presence_penalty',
                'frequency_penalty',
                'logit_bias',
                'user',
                'seed',
                'n'
            ])
        };
        if (request.api === 'chat') {
            const body = {
                ...common,
                messages: request.messages,
                ...(p.response_format ? { response_format: p.response_format } : {}),
                stream: false
            };
            const res = await client.chat.completions.create(body, opts);
            const choice = wellFormed(res, (c) => !!c.message && typeof c.message === 'object');
            return {
                text: choice?.message?.content ?? '',
                usage: usage(res.usage),
                finishReason: choice?.finish_reason ?? null,
                model: res.model ?? deployment,
                response: res
            };
        }
        const body = {
            ...common,
            prompt: request.prompt,
            ...pick(p, ['suffix', 'echo', 'logprobs', 'best_of']),
            stream: false
        };
        const res = await client.completions.create(body, opts);
        const choice = wellFormed(res, (c) => typeof c.text === 'string');
        return {
            text: choice?.text ?? '',
            usage: usage(res.usage),
            finishReason: choice?.finish_reason ?? null,
            model: res.model ?? deployment,
            response: res
        };
    }
    async entraTokenProvider() {
        const { DefaultAzureCredential, getBearerTokenProvider } = await __webpack_require__.e(/* import() */ 989).then(__webpack_require__.bind(__webpack_require__, 23989));
        this.credential ??= this.options.credential ?? new DefaultAzureCredential();
        return getBearerTokenProvider(this.credential, 'https://cognitiveservices.azure.com/.default');
    }
    async client(c) {
        const { AzureOpenAI, OpenAI } = await loadSdk();
        const key = JSON.stringify([
            c.name,
            c.apiType,
            c.apiBase,
            c.apiType === 'azure' ? c.apiVersion : (c.organization ?? ''),
            c.apiKey
        ]);
        let client = this.clients.get(key);
        if (!client) {
            const shared = {
                maxRetries: 0,
                timeout: this.timeoutMs,
                logLevel: 'off',
                organization: null,
                project: null,
                adminAPIKey: null,
                webhookSecret: null
            };
            client =
                c.apiType === 'azure'
                    ? new AzureOpenAI({
                        ...shared,
                        ...(c.authMode === 'meid_token'
                            ? { azureADTokenProvider: await this.entraTokenProvider() }
                            : { apiKey: c.apiKey }),
                        apiVersion: c.apiVersion,
                        baseURL: azureBaseUrl(c.apiBase)
                    })
                    : new OpenAI({
                        ...shared,
                        // a compatible local server may need no key; the SDK insists on one
                        apiKey: c.apiKey || 'unused',
                        baseURL: c.apiBase,
                        organization: c.organization ?? null
                    });
            this.clients.set(key, client);
        }
        return client;
    }
}
/** `https://x.openai.azure.com/` → `https://x.openai.azure.com/openai` (an `/openai` already there is kept once). */
function azureBaseUrl(apiBase) {
    const trimmed = apiBase.replace(/\/+$/, '');
    return /\/openai$/i.test(trimmed) ? trimmed : `${trimmed}/openai`;
}
function describeTarget(r, deployment) {
    const c = r.connection;
    const what = c.apiType === 'azure'
        ? `Azure OpenAI deployment "${deployment ?? '?'}"`
        : c.apiType === 'mock'
            ? 'the mock provider'
            : `model "${deployment ?? '?'}" at ${c.apiBase}`;
    return `${what} (connection "${c.name}", ${r.api} API)`;
}
function usage(u) {
    const promptTokens = u?.prompt_tokens ?? 0;
    const completionTokens = u?.completion_tokens ?? 0;
    return { promptTokens, completionTokens, totalTokens: u?.total_tokens ?? promptTokens + completionTokens };
}
function pick(o, keys) {
    const out = {};
    for (const k of keys)
        if (o[k] !== undefined)
            out[k] = o[k];
    return out;
}
/** A 200 whose body is not a completion: retried like a 5xx (a proxy's page, a truncated body). */
class MalformedResponse extends Error {
}
/** The first choice of a response, or a MalformedResponse when the body is not a completion. */
function wellFormed(res, valid) {
    const choice = res && typeof res === 'object' && Array.isArray(res.choices) ? res.choices[0] : undefined;
    if (choice === undefined || choice === null || typeof choice !== 'object' || !valid(choice))
        throw new MalformedResponse(`malformed response: ${res && typeof res === 'object' ? 'no usable "choices"' : `a ${typeof res} instead of a JSON object`}`);
    return choice;
}
function classify(e) {
    if (e instanceof MalformedResponse)
        return { retryable: true, status: 200, reason: e.message };
    // the SDK parses a 200's body as JSON: a broken body surfaces as a SyntaxError
    // (by name: the error may come from another realm, e.g. a vm context)
    if (e?.name === 'SyntaxError')
        return { retryable: true, status: 200, reason: `malformed response: ${e.message}` };
    if (!sdk)
        return undefined;
    if (e instanceof sdk.APIConnectionError) {
        const code = causeCode(e);
        const timeout = e.constructor.name === 'APIConnectionTimeoutError' || /timed out/i.test(e.message);
        return {
            retryable: true,
            reason: timeout ? 'request timed out' : `connection error${code ? ` (${code})` : ''}`
        };
    }
    if (e instanceof sdk.APIError && typeof e.status === 'number') {
        const status = e.status;
        const body = e.error;
        const serverMessage = typeof body?.message === 'string' && body.message
            ? body.message
            : e.message.replace(new RegExp(`^${status}\\s*`), '') || 'no message';
        const code = typeof body?.code === 'string'
            ? body.code
            : typeof body?.code === 'number'
                ? String(body.code)
                : undefined;
        const retryable = status === 408 || status === 409 || status === 429 || status >= 500;
        const f = { retryable, status, reason: `${status} ${serverMessage}` };
        if (code !== undefined)
            f.code = code;
        const wait = (0,retry/* retryAfterMs */.Vs)(e.headers);
        if (retryable && wait !== undefined)
            f.serverWaitMs = wait;
        return f;
    }
    return undefined;
}
function causeCode(e) {
    let c = e;
    for (let i = 0; i < 5 && c && typeof c === 'object'; i++) {
        const code = c.code;
        if (typeof code === 'string' && /^E[A-Z]+|^UND_ERR/.test(code))
            return code;
        c = c.cause;
    }
    return undefined;
}
function hint(status, c) {
    if (status === 401 || status === 403)
        return ` (check "api_key" of connection "${c.name}")`;
    if (status === 404) {
        return c.apiType === 'azure'
            ? ` (check "deployment_name" and "api_base" of connection "${c.name}")`
            : ` (check "model" and "api_base" of connection "${c.name}")`;
    }
    return '';
}


/***/ }),

/***/ 27805:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   C8: () => (/* binding */ parseConnection),
/* harmony export */   K$: () => (/* binding */ connectionSecrets),
/* harmony export */   XC: () => (/* binding */ resolveConnection),
/* harmony export */   bw: () => (/* binding */ MOCK_CONNECTION_JSON),
/* harmony export */   ui: () => (/* binding */ isMockConnectionText)
/* harmony export */ });
/* unused harmony exports DEFAULT_AZURE_API_VERSION, DEFAULT_OPENAI_API_BASE */
/* harmony import */ var jsonc_parser__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(99547);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(71403);
/* harmony import */ var _dotenv_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(31987);



/** The Azure OpenAI API version used when a connection does not name one (prompt flow's default). */
const DEFAULT_AZURE_API_VERSION = '2024-02-01';
/** The base URL of an `openai` connection that gives none. */
const DEFAULT_OPENAI_API_BASE = 'https://api.openai.com/v1';
/** The JSON of a mock connection, as an environment variable holds it. */
const MOCK_CONNECTION_JSON = '{"api_type":"mock"}';
/** Whether a connection's JSON text selects the mock provider (any spelling parseConnection accepts). */
function isMockConnectionText(text) {
    if (!text?.trim().startsWith('{'))
        return false;
    try {
        return parseConnection('mock', text).apiType === 'mock';
    }
    catch {
        return false;
    }
}
const AZURE_EXAMPLE = (name) => `${name}={"api_key":"<key>","api_base":"https://<resource>.openai.azure.com/","api_type":"azure","api_version":"${DEFAULT_AZURE_API_VERSION}"}`;
const OPENAI_EXAMPLE = (name) => `${name}={"api_key":"<key>","api_base":"${DEFAULT_OPENAI_API_BASE}","api_type":"openai"}`;
function expected(name) {
    return `expected JSON like ${AZURE_EXAMPLE(name)} (Azure OpenAI) or ${OPENAI_EXAMPLE(name)} (OpenAI or an OpenAI-compatible server)`;
}
/**
 * Finds the connection `name` the way the prompt flow GenAIOps template does for local runs: the
 * environment variable named after the connection holds its JSON; a `.env` file is read too, and the
 * real environment wins (an empty variable counts as unset, since GitHub Actions expands a missing
 * secret to ''). Throws a UserError saying which variable to set and what JSON to put there; neither
 * the key nor the variable's value is ever part of a message.
 *
 * Read the connections a run needs once, before the run, and mask their secrets
 * (`connectionSecrets`) before logging anything.
 */
function resolveConnection(name, options) {
    let raw = options.env[name];
    let source = `the environment variable "${name}"`;
    let emptyInEnv = raw !== undefined && raw.trim() === '';
    if (raw === undefined || raw.trim() === '') {
        const fromFile = options.dotenvFile ? (0,_dotenv_js__WEBPACK_IMPORTED_MODULE_2__/* .readDotenv */ .J)(options.dotenvFile)[name] : undefined;
        if (fromFile !== undefined && fromFile.trim() !== '') {
            raw = fromFile;
            source = `"${name}" in ${options.dotenvFile}`;
            emptyInEnv = false;
        }
        else {
            const where = options.dotenvFile ? ` (or add it to ${options.dotenvFile})` : '';
            const state = emptyInEnv || fromFile !== undefined ? 'is empty' : 'is not set';
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`connection "${name}" is not configured: the environment variable "${name}" ${state}. ` +
                `Set it${where} to the connection as JSON, e.g. ${AZURE_EXAMPLE(name)} for Azure OpenAI, ` +
                `or ${OPENAI_EXAMPLE(name)} for OpenAI or an OpenAI-compatible server`);
        }
    }
    return parseConnection(name, raw, source);
}
/** Parses a connection's JSON text; `source` names where it came from, for messages. */
function parseConnection(name, text, source = `the environment variable "${name}"`) {
    const errors = [];
    const value = (0,jsonc_parser__WEBPACK_IMPORTED_MODULE_0__.parse)(text.trim(), errors, {
        allowTrailingComma: false,
        disallowComments: true
    });
    if (errors.length) {
        const e = errors[0];
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`connection "${name}": ${source} is not valid JSON (${humanize((0,jsonc_parser__WEBPACK_IMPORTED_MODULE_0__.printParseErrorCode)(e.error))} at position ${e.offset + 1}); ${expected(name)}`);
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`connection "${name}": ${source} must hold a JSON object; ${expected(name)}`);
    }
    const obj = value;
    const problems = [];
    const invalid = new Set();
    const str = (key, ...aliases) => {
        for (const k of [key, ...aliases]) {
            const v = obj[k];
            if (v === undefined || v === null)
                continue;
            if (typeof v !== 'string') {
                problems.push(`"${k}" must be a string`);
                invalid.add(key);
                return undefined;
            }
            if (v.trim() !== '')
                return v.trim();
        }
        return undefined;
    };
    const apiKey = str('api_key');
    const apiBaseRaw = str('api_base', 'base_url', 'azure_endpoint');
    const apiVersion = str('api_version');
    const organization = str('organization');
    const typeRaw = str('api_type', 'type');
    const authMode = str('auth_mode');
    const keyless = authMode === 'meid_token';
    if (authMode !== undefined && authMode !== 'key' && !keyless)
        problems.push(`"auth_mode" must be "key" or "meid_token", found "${authMode.slice(0, 40)}"`);
    let apiType;
    if (typeRaw !== undefined) {
        const t = typeRaw.toLowerCase().replace(/[\s_-]/g, '');
        if (t === 'mock')
            return { name, apiType: 'mock' };
        if (t === 'azure' || t === 'azureopenai' || t === 'azureopenaiconnection')
            apiType = 'azure';
        else if (t === 'openai' || t === 'openaiconnection')
            apiType = 'openai';
        else
            problems.push(`"api_type" must be "azure", "openai" or "mock", found "${typeRaw.slice(0, 40)}"`);
    }
    else {
        // prompt flow's AzureOpenAIConnection defaults api_type to "azure"; infer from the shape
        apiType =
            apiVersion !== undefined || (apiBaseRaw !== undefined && isAzureHost(apiBaseRaw)) ? 'azure' : 'openai';
    }
    let apiBase = apiBaseRaw;
    if (apiBase !== undefined && !isHttpUrl(apiBase)) {
        problems.push(`"api_base" must be an http(s) URL`);
        apiBase = undefined;
    }
    const missingKey = apiKey === undefined && !invalid.has('api_key');
    if (apiType === 'azure') {
        if (missingKey && !keyless)
            problems.push('"api_key" is missing (or set "auth_mode": "meid_token" for keyless access)');
        if (apiBaseRaw === undefined && !invalid.has('api_base')) {
            problems.push('"api_base" is missing (the resource endpoint, e.g. https://<resource>.openai.azure.com/)');
        }
    }
    else if (apiType === 'openai') {
        if (missingKey && apiBaseRaw === undefined)
            problems.push('"api_key" is missing');
    }
    if (problems.length || apiType === undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`connection "${name}" (${source}): ${problems.join('; ')}; ${expected(name)}`);
    }
    if (apiType === 'azure') {
        return {
            name,
            apiType,
            apiKey: keyless ? '' : apiKey,
            apiBase: apiBase,
            apiVersion: apiVersion ?? DEFAULT_AZURE_API_VERSION,
            ...(keyless ? { authMode: 'meid_token' } : {})
        };
    }
    const conn = {
        name,
        apiType,
        apiKey: apiKey ?? '',
        apiBase: apiBase ?? DEFAULT_OPENAI_API_BASE
    };
    if (organization !== undefined)
        conn.organization = organization;
    return conn;
}
/**
 * The secret values of a connection, to mask in logs before anything is printed
 * (`for (const s of connectionSecrets(c)) core.setSecret(s)`).
 */
function connectionSecrets(connection) {
    return connection.apiType !== 'mock' && connection.apiKey ? [connection.apiKey] : [];
}
function isHttpUrl(s) {
    try {
        const u = new URL(s);
        return u.protocol === 'http:' || u.protocol === 'https:';
    }
    catch {
        return false;
    }
}
function isAzureHost(s) {
    try {
        const h = new URL(s).hostname.toLowerCase();
        return (h.endsWith('.openai.azure.com') ||
            h.endsWith('.cognitiveservices.azure.com') ||
            h.endsWith('.services.ai.azure.com'));
    }
    catch {
        return false;
    }
}
function humanize(code) {
    const words = {
        InvalidSymbol: 'unexpected character',
        InvalidNumberFormat: 'invalid number',
        PropertyNameExpected: 'property name expected',
        ValueExpected: 'value expected',
        ColonExpected: 'colon expected',
        CommaExpected: 'comma expected',
        CloseBraceExpected: 'closing brace expected',
        CloseBracketExpected: 'closing bracket expected',
        EndOfFileExpected: 'end of text expected',
        InvalidCommentToken: 'comment not allowed',
        UnexpectedEndOfComment: 'unterminated comment',
        UnexpectedEndOfString: 'unterminated string',
        UnexpectedEndOfNumber: 'unterminated number',
        InvalidUnicode: 'invalid unicode escape',
        InvalidEscapeCharacter: 'invalid escape character',
        InvalidCharacter: 'invalid character'
    };
    return words[code] ?? code;
}


/***/ }),

/***/ 31987:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   J: () => (/* binding */ readDotenv)
/* harmony export */ });
/* unused harmony export parseDotenv */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(71403);


/**
 * Parses a `.env` file the way python-dotenv does (the prompt flow template loads its `.env` with
 * it), so a file that works there works here:
 *
 * - `KEY=value`, optionally prefixed by `export `; blank lines and `# …` lines are skipped;
 * - unquoted values are trimmed and lose an inline comment only when `#` follows whitespace, so
 *   `aoai={"api_key":"a#b"}` keeps its `#` (Node's `util.parseEnv` would cut it there);
 * - `'single'` quotes are literal (only `\\` and `\'` are unescaped); `"double"` quotes may span
 *   lines and unescape `\n \r \t \\ \"` etc.;
 * - a later assignment of the same key wins. `${VAR}` interpolation is not performed.
 */
function parseDotenv(text) {
    const out = {};
    const src = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
    let i = 0;
    const n = src.length;
    const skipLine = () => {
        const nl = src.indexOf('\n', i);
        i = nl < 0 ? n : nl + 1;
    };
    while (i < n) {
        // leading whitespace
        while (i < n && (src[i] === ' ' || src[i] === '\t'))
            i++;
        if (i >= n)
            break;
        if (src[i] === '\n') {
            i++;
            continue;
        }
        if (src[i] === '#') {
            skipLine();
            continue;
        }
        if (src.startsWith('export ', i) || src.startsWith('export\t', i)) {
            i += 7;
            while (i < n && (src[i] === ' ' || src[i] === '\t'))
                i++;
        }
        const keyMatch = /^([A-Za-z_.-][A-Za-z0-9_.-]*)[ \t]*=[ \t]*/.exec(src.slice(i, src.indexOf('\n', i) < 0 ? n : src.indexOf('\n', i)));
        if (!keyMatch) {
            skipLine();
            continue;
        }
        const key = keyMatch[1];
        i += keyMatch[0].length;
        const quote = src[i];
        if (quote === '"' || quote === "'") {
            let j = i + 1;
            let raw = '';
            let closed = false;
            while (j < n) {
                const c = src[j];
                if (c === '\\' && j + 1 < n) {
                    raw += c + src[j + 1];
                    j += 2;
                    continue;
                }
                if (c === quote) {
                    closed = true;
                    break;
                }
                raw += c;
                j++;
            }
            if (closed) {
                out[key] = quote === '"' ? unescapeDouble(raw) : raw.replace(/\\(['\\])/g, '$1');
                i = j + 1;
                skipLine(); // the rest of the line is a comment (or junk python-dotenv also ignores)
                continue;
            }
            // unterminated quote: python-dotenv treats the line as unparsable
            skipLine();
            continue;
        }
        const nl = src.indexOf('\n', i);
        const line = src.slice(i, nl < 0 ? n : nl);
        out[key] = line.replace(/\s+#.*$/, '').trim();
        i = nl < 0 ? n : nl + 1;
    }
    return out;
}
const ESCAPES = {
    n: '\n',
    r: '\r',
    t: '\t',
    a: '\x07',
    b: '\b',
    f: '\f',
    v: '\v',
    '\\': '\\',
    '"': '"',
    "'": "'"
};
function unescapeDouble(raw) {
    return raw.replace(/\\(.)/gs, (whole, c) => ESCAPES[c] ?? whole);
}
/**
 * Reads a `.env` file. A file that does not exist is an empty set of variables (the file is
 * optional); any other read error is a UserError naming the file.
 */
function readDotenv(file) {
    let text;
    try {
        text = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(file, 'utf8');
    }
    catch (e) {
        const code = e.code;
        if (code === 'ENOENT')
            return {};
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${file}: cannot read the .env file (${code ?? String(e)})`);
    }
    return parseDotenv(text);
}


/***/ }),

/***/ 23423:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   QF: () => (/* binding */ withMockConnections),
/* harmony export */   X5: () => (/* binding */ mockReply),
/* harmony export */   j: () => (/* binding */ flowConnectionNames),
/* harmony export */   rV: () => (/* binding */ mockConnectionNames)
/* harmony export */ });
/* harmony import */ var _connection_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(27805);

function mockReply(request) {
    const prompt = request.api === 'chat' ? lastUserText(request.messages) : lastLine(request.prompt);
    const wantsJson = request.parameters?.response_format?.type === 'json_object';
    const text = wantsJson ? JSON.stringify({ mock: true, answer: prompt }) : prompt;
    const promptTokens = words(request.api === 'chat' ? request.messages.map(textOf).join(' ') : request.prompt);
    const completionTokens = words(text);
    return {
        text,
        usage: { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens },
        finishReason: 'stop',
        model: 'mock',
        latencyMs: 0
    };
}
const textOf = (m) => typeof m.content === 'string'
    ? m.content
    : m.content.map((p) => (p.type === 'text' ? p.text : '')).join(' ');
function lastUserText(messages) {
    const users = messages.filter((m) => m.role === 'user');
    return (users.length ? textOf(users[users.length - 1]) : '').trim();
}
function lastLine(prompt) {
    const lines = prompt.split(/\r?\n/).filter((l) => l.trim() !== '');
    return (lines[lines.length - 1] ?? '').trim();
}
const words = (s) => s.split(/\s+/).filter(Boolean).length;
/** LLM connection names a flow uses (llm nodes, their variants included). */
function flowConnectionNames(flow) {
    if (flow.kind !== 'dag')
        return [];
    const bodies = [
        ...flow.nodes.filter((n) => !n.useVariants),
        ...Object.values(flow.nodeVariants).flatMap((v) => Object.values(v.variants))
    ];
    return [...new Set(bodies.filter((b) => b.type === 'llm' && b.connection).map((b) => b.connection))];
}
/** `environ` with every named connection set to the mock provider. */
function withMockConnections(environ, names) {
    return { ...environ, ...Object.fromEntries(names.map((n) => [n, _connection_js__WEBPACK_IMPORTED_MODULE_0__/* .MOCK_CONNECTION_JSON */ .bw])) };
}
/** The named connections that `environ` sets to the mock provider. */
function mockConnectionNames(environ, names) {
    return names.filter((n) => (0,_connection_js__WEBPACK_IMPORTED_MODULE_0__/* .isMockConnectionText */ .ui)(environ[n]));
}


/***/ }),

/***/ 94145:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Xy: () => (/* binding */ splitLlmNodeInputs)
/* harmony export */ });
/* unused harmony exports llmParameterNames, coerceLlmParameters */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(71403);
/* harmony import */ var _util_describe_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4894);


const COMMON = [
    'temperature',
    'top_p',
    'max_tokens',
    'stop',
    'presence_penalty',
    'frequency_penalty',
    'logit_bias',
    'user',
    'response_format',
    'seed',
    'n'
];
const COMPLETION_ONLY = ['suffix', 'echo', 'logprobs', 'best_of'];
/** The llm-node input names taken as model parameters for `api` (the rest feed the template). */
function llmParameterNames(api) {
    return api === 'completion' ? [...COMMON, ...COMPLETION_ONLY] : COMMON;
}
/**
 * Splits a prompt flow llm node's resolved inputs into model parameters (coerced: "0.7" → 0.7,
 * "256" → 256, `max_tokens: "inf"`/"" → unset, empty `stop`/`logit_bias`/`user`/`response_format`
 * → unset, as prompt flow's tool does), `deployment_name`/`model`, and the template's variables.
 * Throws one UserError listing every bad value; `context` prefixes it (e.g. `node "answer"`).
 */
function splitLlmNodeInputs(inputs, api, context = 'llm node') {
    const names = new Set(llmParameterNames(api));
    const raw = {};
    const templateInputs = {};
    let deploymentName;
    let model;
    for (const [k, v] of Object.entries(inputs)) {
        if (k === 'deployment_name')
            deploymentName = v == null || v === '' ? undefined : String(v);
        else if (k === 'model')
            model = v == null || v === '' ? undefined : String(v);
        else if (names.has(k))
            raw[k] = v;
        else
            templateInputs[k] = v;
    }
    const out = { parameters: coerceLlmParameters(raw, context), templateInputs };
    if (deploymentName !== undefined)
        out.deploymentName = deploymentName;
    if (model !== undefined)
        out.model = model;
    return out;
}
/** Coerces loosely typed parameter values (see `splitLlmNodeInputs`); unknown keys are ignored. */
function coerceLlmParameters(raw, context = 'llm node') {
    const problems = [];
    const p = {};
    const empty = (v) => v === undefined || v === null || v === '';
    const blank = (v) => empty(v) || (typeof v === 'string' && v.trim() === '');
    const num = (key, v, opts = {}) => {
        if (blank(v))
            return undefined;
        const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v.trim()) : NaN;
        if (!Number.isFinite(n) || (opts.int && !Number.isInteger(n))) {
            problems.push(`"${key}" must be ${opts.int ? 'an integer' : 'a number'}, found ${(0,_util_describe_js__WEBPACK_IMPORTED_MODULE_1__/* .describe */ .q)(v)}`);
            return undefined;
        }
        if (opts.min !== undefined && n < opts.min) {
            problems.push(`"${key}" must be at least ${opts.min}, found ${n}`);
            return undefined;
        }
        return n;
    };
    const json = (key, v) => {
        if (typeof v !== 'string')
            return v;
        try {
            return JSON.parse(v);
        }
        catch {
            problems.push(`"${key}" must be an object (or its JSON text), found ${(0,_util_describe_js__WEBPACK_IMPORTED_MODULE_1__/* .describe */ .q)(v)}`);
            return undefined;
        }
    };
    for (const key of ['temperature', 'top_p', 'presence_penalty', 'frequency_penalty']) {
        const n = num(key, raw[key]);
        if (n !== undefined)
            p[key] = n;
    }
    for (const key of ['seed', 'logprobs']) {
        const n = num(key, raw[key], { int: true });
        if (n !== undefined)
            p[key] = n;
    }
    for (const key of ['n', 'best_of']) {
        const n = num(key, raw[key], { int: true, min: 1 });
        if (n !== undefined)
            p[key] = n;
    }
    {
        const v = raw.max_tokens;
        const isInf = (typeof v === 'string' && /^(inf|infinity)$/i.test(v.trim())) || v === Infinity;
        if (!isInf) {
            const n = num('max_tokens', v, { int: true, min: 1 });
            if (n !== undefined)
                p.max_tokens = n;
        }
    }
    {
        const v = raw.stop;
        if (!empty(v)) {
            if (typeof v === 'string')
                p.stop = v;
            else if (Array.isArray(v) && v.every((s) => typeof s === 'string')) {
                if (v.length)
                    p.stop = v;
            }
            else
                problems.push(`"stop" must be a string or a list of strings, found ${(0,_util_describe_js__WEBPACK_IMPORTED_MODULE_1__/* .describe */ .q)(v)}`);
        }
    }
    {
        const v = raw.logit_bias;
        if (!blank(v)) {
            const o = json('logit_bias', v);
            if (o !== undefined) {
                if (!o || typeof o !== 'object' || Array.isArray(o))
                    problems.push(`"logit_bias" must be an object of token id → bias, found ${(0,_util_describe_js__WEBPACK_IMPORTED_MODULE_1__/* .describe */ .q)(v)}`);
                else {
                    const bias = {};
                    for (const [t, b] of Object.entries(o)) {
                        const n = num(`logit_bias.${t}`, b);
                        if (n !== undefined)
                            bias[t] = n;
                    }
                    if (Object.keys(bias).length)
                        p.logit_bias = bias;
                }
            }
        }
    }
    {
        const v = raw.user;
        if (!empty(v))
            p.user = String(v);
    }
    {
        const v = raw.suffix;
        if (!empty(v))
            p.suffix = String(v);
    }
    {
        const v = raw.echo;
        if (!blank(v)) {
            if (typeof v === 'boolean')
                p.echo = v;
            else if (typeof v === 'string' && /^(true|false)$/i.test(v.trim()))
                p.echo = v.trim().toLowerCase() === 'true';
            else
                problems.push(`"echo" must be true or false, found ${(0,_util_describe_js__WEBPACK_IMPORTED_MODULE_1__/* .describe */ .q)(v)}`);
        }
    }
    {
        const v = raw.response_format;
        if (!blank(v)) {
            let o = v;
            if (typeof v === 'string') {
                const s = v.trim();
                if (s === 'text' || s === 'json_object')
                    o = { type: s };
                else {
                    try {
                        o = JSON.parse(s);
                    }
                    catch {
                        o = undefined;
                    }
                }
            }
            const t = o?.type;
            if (!o ||
                typeof o !== 'object' ||
                Array.isArray(o) ||
                (t !== 'text' && t !== 'json_object' && t !== 'json_schema')) {
                problems.push(`"response_format" must be {"type": "text"}, {"type": "json_object"} or {"type": "json_schema", ...}, found ${(0,_util_describe_js__WEBPACK_IMPORTED_MODULE_1__/* .describe */ .q)(v)}`);
            }
            else
                p.response_format = o;
        }
    }
    if (problems.length)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${context}: ${problems.join('; ')}`);
    return p;
}


/***/ }),

/***/ 3595:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HA: () => (/* binding */ DEFAULT_LLM_RETRY),
/* harmony export */   Vs: () => (/* binding */ retryAfterMs),
/* harmony export */   qO: () => (/* binding */ retryDelayMs),
/* harmony export */   yy: () => (/* binding */ sleep)
/* harmony export */ });
const DEFAULT_LLM_RETRY = {
    maxAttempts: 8,
    baseDelayMs: 500,
    maxDelayMs: 60_000,
    maxRateLimitAttempts: 40
};
/**
 * The wait the server asked for, in ms: `retry-after-ms` (Azure OpenAI, OpenAI) first, then
 * `Retry-After` as seconds or as an HTTP date. Undefined when absent or unreadable.
 */
function retryAfterMs(headers, now = Date.now()) {
    if (!headers)
        return undefined;
    const ms = headers.get('retry-after-ms');
    if (ms !== null && ms.trim() !== '') {
        const v = Number(ms);
        if (Number.isFinite(v) && v >= 0)
            return v;
    }
    const ra = headers.get('retry-after');
    if (ra !== null && ra.trim() !== '') {
        const secs = Number(ra);
        if (Number.isFinite(secs) && secs >= 0)
            return secs * 1000;
        const date = Date.parse(ra);
        if (!Number.isNaN(date))
            return Math.max(0, date - now);
    }
    return undefined;
}
/**
 * The wait before attempt `attempt + 1` after attempt `attempt` (1-based) failed. A server-given
 * wait is honoured (capped at `maxDelayMs`) plus up to 10 % jitter so lines told the same
 * `Retry-After` do not return in lockstep; otherwise exponential backoff with full jitter:
 * uniform in [0, min(maxDelayMs, baseDelayMs * 2^(attempt-1))].
 */
function retryDelayMs(attempt, options, serverWaitMs, random = Math.random) {
    if (serverWaitMs !== undefined) {
        const base = Math.min(serverWaitMs, options.maxDelayMs);
        // Jitter grows with the attempt: callers told the same short wait would otherwise return together.
        const spread = Math.max(base * 0.1, Math.min(options.baseDelayMs, 50 * attempt));
        return Math.min(options.maxDelayMs, Math.ceil(base + random() * spread));
    }
    const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempt - 1));
    return Math.floor(random() * ceiling);
}
/** Resolves after `ms`, or rejects with the signal's reason when it aborts. */
function sleep(ms, signal) {
    if (signal?.aborted)
        return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
        }, ms);
        const onAbort = () => {
            clearTimeout(timer);
            reject(signal.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
    });
}


/***/ }),

/***/ 42917:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  hQ: () => (/* binding */ PythonWorkerError),
  FN: () => (/* binding */ PythonWorkerPool),
  v4: () => (/* binding */ ToolError),
  Z1: () => (/* binding */ connectionArg),
  Ab: () => (/* binding */ modelConfigArg)
});

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./packages/core/dist/errors.js
var errors = __webpack_require__(71403);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
;// CONCATENATED MODULE: ./packages/core/dist/engine/python/sources.js
// GENERATED by generate-sources.mjs from worker.py and shim/ — do not edit. Edit the .py files, then run
// `node packages/core/src/engine/python/generate-sources.mjs`.
/** The worker script (worker.py). */
const WORKER_PY = '"""GenAIOps python worker: runs prompt flow python tools for the TypeScript flow engine.\n\nStarted by PythonWorkerPool (pool.ts) as `python3 worker.py SHIM_DIR`. Standard library only,\nPython 3.9+.\n\nProtocol: one JSON object per line. Requests arrive on the process\'s original stdin, responses\nleave on its original stdout. At start the worker moves both descriptors aside (non-inheritable\nduplicates), points fd 0 at the null device and fd 1 at fd 2, so nothing user code writes -- not\nprint(), not C code, not a subprocess -- can reach the protocol channel. During a request,\nsys.stdout and sys.stderr are captured and returned as "logs"; outside requests they go to stderr.\n\nFirst line out: {"ready": true, "python": "3.11.7", "promptflow": "shim" | "installed", "pid": N}\nRequests:\n  {"id": 1, "op": "call", "file": "/abs/tool.py", "func": "name" | null, "args": {...}}\n  {"id": 2, "op": "flex", "file": "/abs/entry.py", "entry": "fn_or_Class",\n   "init": {...} | null, "args": {...}, "aggregate": false}\nResponses:\n  {"id": 1, "ok": true, "output": ..., "logs": "...", "metrics": {...}, "ms": 0.12}\n  {"id": 1, "ok": false, "error": {"type", "message", "traceback", "phase", "file", "line"},\n   "logs": "...", "metrics": {...}, "ms": 0.12}\n  "revive": true is added when output or metrics hold {"__pf_float__": "NaN"|"Infinity"|"-Infinity"}.\nAn argument {"__pf_connection__": {"type", "name", "values"}} becomes a promptflow connection\nobject, {"__pf_model_config__": {"type", "values"}} a promptflow.core model configuration.\n"""\nimport sys\n\nif sys.version_info < (3, 9):\n    sys.stderr.write(\n        "genaiops: python %s is too old, the flow engine needs python 3.9 or later\\n" % sys.version.split()[0]\n    )\n    sys.exit(3)\n\nimport collections.abc  # noqa: E402\nimport dataclasses  # noqa: E402\nimport datetime  # noqa: E402\nimport decimal  # noqa: E402\nimport enum  # noqa: E402\nimport faulthandler  # noqa: E402\nimport importlib.util  # noqa: E402\nimport inspect  # noqa: E402\nimport io  # noqa: E402\nimport json  # noqa: E402\nimport math  # noqa: E402\nimport os  # noqa: E402\nimport platform  # noqa: E402\nimport time  # noqa: E402\nimport traceback  # noqa: E402\nimport types  # noqa: E402\n\nWORKER_FILE = os.path.abspath(__file__)\nSHIM_DIR = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else ""\nMAX_TRACEBACK_FRAMES = 20\n\n\nclass _CallState:\n    logs = None  # list of str while a request runs, else None\n    metrics = None  # dict while a request runs, else None\n\n\n_state = _CallState()\n\n\n# ---------------------------------------------------------------- output capture\n\n\nclass _BinaryCapture(object):\n    """`sys.stdout.buffer` of the capture: bytes are decoded and captured like text."""\n\n    def __init__(self, text):\n        self._text = text\n\n    def write(self, data):\n        self._text.write(bytes(data).decode("utf-8", "replace"))\n        return len(data)\n\n    def flush(self):\n        self._text.flush()\n\n    def writable(self):\n        return True\n\n\nclass _Capture(io.TextIOBase):\n    """Stands in for sys.stdout and sys.stderr for the worker\'s whole life.\n\n    A permanent object (not a StringIO swapped in per call) so that a logging handler created\n    during one call keeps writing into the capture of later calls.\n    """\n\n    def __init__(self, fallback, name):\n        super().__init__()\n        self._fallback = fallback\n        self._name = name\n        self._buffer = _BinaryCapture(self)\n\n    @property\n    def encoding(self):\n        return "utf-8"\n\n    @property\n    def errors(self):\n        return "replace"\n\n    @property\n    def name(self):\n        return self._name\n\n    @property\n    def buffer(self):\n        return self._buffer\n\n    def writable(self):\n        return True\n\n    def isatty(self):\n        return False\n\n    def fileno(self):\n        return self._fallback.fileno()\n\n    def write(self, s):\n        if not isinstance(s, str):\n            raise TypeError("write() argument must be str, not %s" % type(s).__name__)\n        logs = _state.logs\n        if logs is None:\n            self._fallback.write(s)\n            self._fallback.flush()\n        else:\n            logs.append(s)\n        return len(s)\n\n    def flush(self):\n        if _state.logs is None:\n            self._fallback.flush()\n\n\n# ---------------------------------------------------------------- promptflow (real or shim)\n\n\ndef _real_promptflow_installed():\n    if os.environ.get("GENAIOPS_PROMPTFLOW_SHIM") == "1":\n        return False\n    try:\n        spec = importlib.util.find_spec("promptflow")\n    except (ImportError, ValueError):\n        return False\n    if spec is None:\n        return False\n    # promptflow is split into namespace packages (promptflow-tracing alone has no `tool`): look\n    # for the part that defines tools without importing anything.\n    for location in spec.submodule_search_locations or []:\n        if os.path.isdir(os.path.join(location, "_core")) or os.path.isdir(os.path.join(location, "core")):\n            return True\n    return False\n\n\n_PROMPTFLOW = "installed" if _real_promptflow_installed() else "shim"\n_metric_hooked = False\n\n\ndef _collect_metric(key, value, variant_id=None):\n    metrics = _state.metrics\n    if metrics is None:\n        return\n    if isinstance(value, bool) or not isinstance(value, (int, float)):\n        try:\n            value = float(value)\n        except (TypeError, ValueError):\n            raise TypeError(\n                "log_metric(%r, ...) needs a number, got %s %r" % (key, type(value).__name__, value)\n            ) from None\n    metrics[str(key)] = value\n\n\ndef _hook_metrics():\n    """Registers the metric collector with promptflow\'s metric logger, once it is imported."""\n    global _metric_hooked\n    if _metric_hooked or "promptflow" not in sys.modules:\n        return\n    try:\n        from promptflow._core.metric_logger import add_metric_logger\n    except Exception:  # an installed promptflow without the hook: nothing to collect from\n        _metric_hooked = True\n        return\n    add_metric_logger(_collect_metric)\n    _metric_hooked = True\n\n\n_CONNECTION_TYPES = {\n    "azure_open_ai": "AzureOpenAIConnection",\n    "azureopenai": "AzureOpenAIConnection",\n    "open_ai": "OpenAIConnection",\n    "openai": "OpenAIConnection",\n    "custom": "CustomConnection",\n    "cognitive_search": "CognitiveSearchConnection",\n    "cognitivesearch": "CognitiveSearchConnection",\n    "serp": "SerpConnection",\n    "azure_content_safety": "AzureContentSafetyConnection",\n    "form_recognizer": "FormRecognizerConnection",\n    "serverless": "ServerlessConnection",\n}\n\n\ndef _construct(cls, kwargs):\n    try:\n        return cls(**kwargs)\n    except TypeError:\n        params = inspect.signature(cls).parameters\n        if any(p.kind == p.VAR_KEYWORD for p in params.values()):\n            raise\n        return cls(**{k: v for k, v in kwargs.items() if k in params})\n\n\ndef _make_connection(spec):\n    if not isinstance(spec, dict):\n        raise TypeError("__pf_connection__ must be an object, got %s" % type(spec).__name__)\n    type_name = str(spec.get("type") or "CustomConnection")\n    name = spec.get("name")\n    values = dict(spec.get("values") or {})\n    class_name = _CONNECTION_TYPES.get(type_name.lower().replace("-", "_"), type_name)\n    if not class_name.endswith("Connection"):\n        class_name += "Connection"\n    import promptflow.connections as connections\n\n    cls = getattr(connections, class_name, None)\n    if not isinstance(cls, type) and type_name.endswith("Connection"):\n        # A tool\'s own CustomStrongTypeConnection subclass: made from a custom connection here and\n        # converted to the annotated class when the tool is called (as prompt flow does).\n        cls, class_name = connections.CustomConnection, "CustomConnection"\n    if not isinstance(cls, type):\n        raise TypeError("connection %r has an unknown type %r" % (name, type_name))\n    if class_name == "CustomConnection":\n        secrets, configs = values.pop("secrets", None), values.pop("configs", None)\n        if isinstance(secrets, dict) or isinstance(configs, dict):\n            secrets, configs = dict(secrets or {}), dict(configs or {})\n            configs.update(values)\n        else:\n            if secrets is not None:\n                values["secrets"] = secrets\n            if configs is not None:\n                values["configs"] = configs\n            secrets, configs = values, {}\n        return cls(secrets=secrets, configs=configs, name=name)\n    values.pop("name", None)\n    values.pop("type", None)\n    return _construct(cls, dict(values, name=name))\n\n\ndef _make_model_config(spec):\n    if not isinstance(spec, dict):\n        raise TypeError("__pf_model_config__ must be an object, got %s" % type(spec).__name__)\n    type_name = str(spec.get("type") or "AzureOpenAIModelConfiguration")\n    import promptflow.core as core\n\n    cls = getattr(core, type_name, None)\n    if not isinstance(cls, type):\n        raise TypeError("unknown model configuration type %r" % type_name)\n    return _construct(cls, dict(spec.get("values") or {}))\n\n\ndef _materialize(args):\n    """Turns connection and model configuration markers among the arguments into objects."""\n    if not args:\n        return {}\n    out = None\n    for key, value in args.items():\n        if type(value) is dict and len(value) == 1:\n            if "__pf_connection__" in value:\n                made = _make_connection(value["__pf_connection__"])\n            elif "__pf_model_config__" in value:\n                made = _make_model_config(value["__pf_model_config__"])\n            else:\n                continue\n            if out is None:\n                out = dict(args)\n            out[key] = made\n    return args if out is None else out\n\n\n# ---------------------------------------------------------------- loading user code\n\n\nclass _LoadError(Exception):\n    """A problem finding the function to call; reported with phase "load" and no traceback."""\n\n    def __init__(self, type_name, message):\n        Exception.__init__(self, message)\n        self.type_name = type_name\n\n\n_modules = {}  # absolute path -> module\n_roots = []  # folders of loaded files, most recent first\n_instances = {}  # (path, class name, init json) -> instance\n_tool_functions = {}  # path -> the module\'s @tool function\n\n\ndef _within(path, folder):\n    try:\n        return os.path.commonpath([path, folder]) == folder\n    except ValueError:\n        return False\n\n\ndef _activate_root(folder):\n    """Puts `folder` first on sys.path so the file\'s sibling imports resolve there.\n\n    When a worker serves files from several folders (a standard and an evaluation flow), a\n    sibling module another folder imported under the same name (utils, helpers) must not leak in:\n    modules loaded from other folders are dropped from sys.modules (modules already loaded keep\n    their references).\n    """\n    if folder in _roots and _roots[0] == folder:\n        return\n    if _roots:\n        others = [r for r in _roots if r != folder]\n        for name, module in list(sys.modules.items()):\n            file = getattr(module, "__file__", None)\n            if not file or name in ("__main__",):\n                continue\n            file = os.path.abspath(file)\n            if _within(file, folder) or not any(_within(file, r) for r in others):\n                continue\n            del sys.modules[name]\n        importlib.invalidate_caches()\n    if folder in _roots:\n        _roots.remove(folder)\n    _roots.insert(0, folder)\n    if folder in sys.path:\n        sys.path.remove(folder)\n    sys.path.insert(0, folder)\n\n\ndef _module_name(path):\n    stem = os.path.splitext(os.path.basename(path))[0]\n    if stem.isidentifier() and stem not in sys.modules:\n        # Register under the plain name when `import stem` would find this very file, so that a\n        # sibling importing it gets the same module (imported once).\n        try:\n            spec = importlib.util.find_spec(stem)\n        except (ImportError, ValueError):\n            spec = None\n        if spec is not None and spec.origin and os.path.abspath(spec.origin) == path:\n            return stem\n    safe = "".join(c if c.isalnum() else "_" for c in stem)\n    return "_genaiops_tool_%d_%s" % (len(_modules), safe)\n\n\ndef _load(path, main=False):\n    """Imports the file once. `main`: a DAG tool script, whose __name__ is "__pf_main__" as in prompt flow."""\n    module = _modules.get(path)\n    if module is not None:\n        return module\n    if not os.path.isfile(path):\n        raise _LoadError("FileNotFoundError", "python file not found: %s" % path)\n    _activate_root(os.path.dirname(path))\n    name = _module_name(path)\n    # A DAG tool script runs as "__pf_main__" (prompt flow\'s name for it); it is still registered\n    # under `name`, so that siblings importing it get this very module.\n    spec = importlib.util.spec_from_file_location("__pf_main__" if main else name, path)\n    if spec is None or spec.loader is None:\n        raise _LoadError("ImportError", "cannot load %s as a python module" % path)\n    module = importlib.util.module_from_spec(spec)\n    sys.modules[name] = module\n    try:\n        spec.loader.exec_module(module)\n    except BaseException:\n        if sys.modules.get(name) is module:\n            del sys.modules[name]\n        raise\n    _modules[path] = module\n    return module\n\n\ndef _is_tool(obj):\n    return callable(obj) and (hasattr(obj, "__tool") or hasattr(obj, "__pf_tool__"))\n\n\ndef _find_function(path, module, func):\n    if func:\n        fn = getattr(module, func, None)\n        if fn is None or not callable(fn):\n            raise _LoadError(\n                "AttributeError", "%s has no function %r" % (os.path.basename(path), func)\n            )\n        return fn\n    fn = _tool_functions.get(path)\n    if fn is not None:\n        return fn\n    tools = [\n        obj\n        for name, obj in vars(module).items()\n        if inspect.isfunction(obj) and _is_tool(obj) and getattr(obj, "__module__", None) == module.__name__\n    ]\n    if not tools:\n        tools = _class_tools(module)\n    if not tools:\n        raise _LoadError(\n            "LookupError",\n            "%s has no @tool function: decorate one with @tool or name the function"\n            % os.path.basename(path),\n        )\n    if len(tools) > 1:\n        raise _LoadError(\n            "LookupError",\n            "%s has several @tool functions (%s): name the one to call"\n            % (os.path.basename(path), ", ".join(t.__name__ for t in tools)),\n        )\n    _tool_functions[path] = tools[0]\n    return tools[0]\n\n\n# ---------------------------------------------------------------- calling\n\n\n_loop = None\n\n\ndef _run_async(awaitable):\n    # imported here: asyncio costs ~40 ms of every worker\'s start, and few tools are async\n    import asyncio\n\n    global _loop\n    if _loop is None or _loop.is_closed():\n        _loop = asyncio.new_event_loop()\n        asyncio.set_event_loop(_loop)\n    return _loop.run_until_complete(awaitable)\n\n\nasync def _drain_async(agen):\n    return [item async for item in agen]\n\n\ndef _settle(result):\n    """Awaits coroutines and consumes iterators as prompt flow does: "".join(str(chunk) ...), also\n    for the iterator values of a returned dict or dataclass (flex outputs)."""\n    if inspect.isawaitable(result):\n        result = _run_async(result)\n    if inspect.isasyncgen(result):\n        return "".join(str(chunk) for chunk in _run_async(_drain_async(result)))\n    if isinstance(result, collections.abc.Iterator):\n        return "".join(str(chunk) for chunk in result)\n    if isinstance(result, dict):\n        if any(isinstance(v, collections.abc.Iterator) for v in result.values()):\n            return {k: _settle(v) if isinstance(v, collections.abc.Iterator) else v for k, v in result.items()}\n    elif dataclasses.is_dataclass(result) and not isinstance(result, type):\n        for field in dataclasses.fields(result):\n            value = getattr(result, field.name)\n            if isinstance(value, collections.abc.Iterator):\n                setattr(result, field.name, "".join(str(chunk) for chunk in value))\n    return result\n\n\ndef _mark(exc, phase):\n    try:\n        exc._genaiops_phase = phase\n    except Exception:  # an exception type that takes no attributes: reported as a call error\n        pass\n\n\ndef _op_call(req):\n    path = req["file"]\n    try:\n        module = _load(path, main=True)\n    except _LoadError:\n        raise\n    except BaseException as exc:\n        _mark(exc, "load")\n        raise\n    fn = _find_function(path, module, req.get("func"))\n    _hook_metrics()\n    args = _materialize(req.get("args"))\n    if isinstance(fn, _ClassTool):\n        return _settle(fn(args))\n    return _settle(fn(**_strong_type_connections(fn, args)))\n\n\nclass _ClassTool(object):\n    """A @tool method of a ToolProvider class: __init__ takes the node inputs it names, the method the rest."""\n\n    def __init__(self, cls, method):\n        self.cls, self.method, self.__name__ = cls, method, method.__name__\n        self._init = set(inspect.signature(cls.__init__).parameters) - {"self"}\n\n    def __call__(self, args):\n        init = {k: v for k, v in args.items() if k in self._init}\n        instance = self.cls(**_strong_type_connections(self.cls.__init__, init))\n        rest = {k: v for k, v in args.items() if k not in self._init}\n        bound = getattr(instance, self.method.__name__)\n        return bound(**_strong_type_connections(self.method, rest))\n\n\ndef _class_tools(module):\n    found = []\n    for obj in vars(module).values():\n        if inspect.isclass(obj) and obj.__module__ == module.__name__:\n            for attr in vars(obj).values():\n                if inspect.isfunction(attr) and _is_tool(attr):\n                    found.append(_ClassTool(obj, attr))\n    return found\n\n\ndef _strong_type_connections(fn, args):\n    """Custom connections given to parameters annotated with a CustomStrongTypeConnection subclass become that class."""\n    if "promptflow.connections" not in sys.modules:\n        return args\n    base = getattr(sys.modules["promptflow.connections"], "CustomStrongTypeConnection", None)\n    custom = getattr(sys.modules["promptflow.connections"], "CustomConnection", None)\n    if base is None or custom is None or not any(isinstance(v, custom) for v in args.values()):\n        return args\n    try:\n        params = inspect.signature(fn).parameters\n    except (TypeError, ValueError):\n        return args\n    out = dict(args)\n    for key, value in args.items():\n        ann = params[key].annotation if key in params else None\n        if isinstance(value, custom) and inspect.isclass(ann) and issubclass(ann, base):\n            out[key] = ann(secrets=dict(value.secrets), configs=dict(value.configs), name=value.name)\n    return out\n\n\ndef _op_flex(req):\n    path = req["file"]\n    entry_name = req.get("entry")\n    aggregate = bool(req.get("aggregate"))\n    try:\n        module = _load(path)\n    except _LoadError:\n        raise\n    except BaseException as exc:\n        _mark(exc, "load")\n        raise\n    entry = getattr(module, entry_name, None) if entry_name else None\n    if entry is None or not callable(entry):\n        raise _LoadError("AttributeError", "%s has no %r" % (os.path.basename(path), entry_name))\n    _hook_metrics()\n    init = req.get("init") or {}\n    if inspect.isclass(entry):\n        key = (path, entry_name, json.dumps(init, sort_keys=True, separators=(",", ":")))\n        instance = _instances.get(key)\n        if instance is None:\n            try:\n                instance = entry(**_materialize(init))\n            except BaseException as exc:\n                _mark(exc, "init")\n                raise\n            _instances[key] = instance\n        if aggregate:\n            target = getattr(instance, "__aggregate__", None)\n            if target is None:\n                raise _LoadError("AttributeError", "%s has no __aggregate__ method" % entry_name)\n        else:\n            target = instance\n    else:\n        if init:\n            raise _LoadError("TypeError", "%s is a function: it takes no init arguments" % entry_name)\n        if aggregate:\n            raise _LoadError("AttributeError", "%s is a function: it has no __aggregate__" % entry_name)\n        target = entry\n    result = _settle(target(**_materialize(req.get("args"))))\n    if aggregate and isinstance(result, dict):\n        # promptflow logs what __aggregate__ returns as the run\'s metrics\n        for k, v in result.items():\n            if isinstance(v, (int, float)) and not isinstance(v, bool):\n                _state.metrics.setdefault(str(k), v)\n    return result\n\n\n_OPS = {"call": _op_call, "flex": _op_flex}\n\n\n# ---------------------------------------------------------------- errors\n\n\ndef _user_frames(tb):\n    frames = []\n    for frame in traceback.extract_tb(tb):\n        file = frame.filename\n        if file == WORKER_FILE or file.startswith("<frozen "):\n            continue\n        if SHIM_DIR and _within(os.path.abspath(file), SHIM_DIR):\n            continue\n        frames.append(frame)\n    return frames[-MAX_TRACEBACK_FRAMES:]\n\n\ndef _describe_error(exc):\n    if isinstance(exc, _LoadError):\n        return {"type": exc.type_name, "message": str(exc), "traceback": "", "phase": "load"}\n    frames = _user_frames(exc.__traceback__)\n    text = ""\n    if frames:\n        text = "Traceback (most recent call last):\\n" + "".join(traceback.format_list(frames))\n    text += "".join(traceback.format_exception_only(type(exc), exc))\n    error = {\n        "type": type(exc).__name__,\n        "message": str(exc),\n        "traceback": text,\n        "phase": getattr(exc, "_genaiops_phase", "call"),\n    }\n    if isinstance(exc, SyntaxError) and exc.filename:\n        error["file"] = exc.filename\n        if exc.lineno:\n            error["line"] = exc.lineno\n        if exc.offset:\n            error["column"] = exc.offset\n        error["message"] = "%s (%s, line %s)" % (exc.msg, exc.filename, exc.lineno)\n        error["reason"] = str(exc.msg)\n    elif frames:\n        error["file"] = frames[-1].filename\n        error["line"] = frames[-1].lineno\n    return error\n\n\n# ---------------------------------------------------------------- JSON out\n\n\ndef _default(o):\n    """What json.dumps cannot encode by itself."""\n    if isinstance(o, (set, frozenset)):\n        try:\n            return sorted(o)\n        except TypeError:\n            return list(o)\n    if dataclasses.is_dataclass(o) and not isinstance(o, type):\n        return {f.name: getattr(o, f.name) for f in dataclasses.fields(o)}\n    if isinstance(o, (datetime.datetime, datetime.date, datetime.time)):\n        return o.isoformat()\n    if isinstance(o, enum.Enum):\n        return o.value\n    if isinstance(o, decimal.Decimal):\n        return float(o)\n    if isinstance(o, (bytes, bytearray, memoryview)):\n        return bytes(o).decode("utf-8", "replace")\n    if isinstance(o, collections.abc.Mapping):\n        return dict(o)\n    for method in ("model_dump", "tolist", "to_dict"):  # pydantic 2, numpy, pandas\n        fn = getattr(o, method, None)\n        if callable(fn) and not isinstance(o, type):\n            try:\n                return fn()\n            except Exception:\n                pass\n    if isinstance(o, (collections.abc.Iterable)) and not isinstance(o, (str, type)):\n        try:\n            return list(o)\n        except Exception:\n            pass\n    attrs = getattr(o, "__dict__", None)\n    if isinstance(attrs, dict):\n        public = {k: v for k, v in attrs.items() if not k.startswith("_")}\n        if public:\n            return public\n    return str(o)\n\n\ndef _key(k):\n    if isinstance(k, str):\n        return k\n    if k is True:\n        return "true"\n    if k is False:\n        return "false"\n    if k is None:\n        return "null"\n    if isinstance(k, (int, float)):\n        return json.dumps(k) if math.isfinite(k) else str(k)\n    return str(k)\n\n\ndef _sanitize(o, active, depth=0):\n    """Slow path: a JSON-safe copy, with non-finite floats marked and cycles cut."""\n    if o is None or isinstance(o, (str, bool, int)):\n        return o\n    if isinstance(o, float):\n        if math.isfinite(o):\n            return o\n        return {"__pf_float__": "NaN" if o != o else ("Infinity" if o > 0 else "-Infinity")}\n    if depth > 200:\n        return str(o)\n    oid = id(o)\n    if oid in active:\n        return "<circular reference>"\n    active.add(oid)\n    try:\n        if isinstance(o, dict):\n            return {_key(k): _sanitize(v, active, depth + 1) for k, v in o.items()}\n        if isinstance(o, (list, tuple)):\n            return [_sanitize(v, active, depth + 1) for v in o]\n        try:\n            converted = _default(o)\n        except Exception:\n            converted = "<%s>" % type(o).__name__\n        return _sanitize(converted, active, depth + 1)\n    finally:\n        active.discard(oid)\n\n\ndef _encode(resp):\n    try:\n        return json.dumps(resp, default=_default, allow_nan=False, separators=(",", ":"))\n    except Exception:\n        pass\n    for field in ("output", "metrics"):\n        if field in resp:\n            resp[field] = _sanitize(resp[field], set())\n    resp["revive"] = True\n    try:\n        return json.dumps(resp, allow_nan=False, separators=(",", ":"))\n    except Exception as exc:  # cannot happen, but never lose the answer\n        return json.dumps({"id": resp.get("id"), "ok": False, "logs": "", "metrics": {}, "ms": resp.get("ms", 0),\n                           "error": {"type": "TypeError", "message": "result cannot be encoded: %s" % exc,\n                                     "traceback": "", "phase": "call"}})\n\n\n# ---------------------------------------------------------------- main loop\n\n\ndef _handle(req):\n    logs, metrics = [], {}\n    _state.logs, _state.metrics = logs, metrics\n    start = time.perf_counter()\n    try:\n        op = _OPS.get(req.get("op"))\n        if op is None:\n            raise _LoadError("ValueError", "unknown request %r" % req.get("op"))\n        output = op(req)\n        resp = {"id": req.get("id"), "ok": True, "output": output}\n    except BaseException as exc:  # SystemExit and KeyboardInterrupt from a tool too\n        try:\n            error = _describe_error(exc)\n        except BaseException as inner:\n            error = {"type": type(exc).__name__, "message": "%s (%s)" % (exc, inner), "traceback": "", "phase": "call"}\n        resp = {"id": req.get("id"), "ok": False, "error": error}\n    finally:\n        _state.logs, _state.metrics = None, None\n    resp["ms"] = (time.perf_counter() - start) * 1000.0\n    resp["logs"] = "".join(logs)\n    resp["metrics"] = metrics\n    return resp\n\n\ndef _setup_descriptors():\n    proto_in = os.dup(0)  # os.dup makes non-inheritable descriptors (PEP 446)\n    proto_out = os.dup(1)\n    null = os.open(os.devnull, os.O_RDONLY)\n    os.dup2(null, 0)\n    os.close(null)\n    os.dup2(2, 1)\n    return os.fdopen(proto_in, "rb"), os.fdopen(proto_out, "wb")\n\n\ndef _die_with_parent():\n    """The worker has its own process group (so that a kill reaches its subprocesses), so a signal\n    to the CLI\'s group misses it: it ends itself, busy or not, once the process that started it is\n    gone (killed, crashed), instead of running on as an orphan."""\n    import signal\n    import threading\n\n    parent = os.getppid()\n\n    def watch():\n        while os.getppid() == parent:\n            time.sleep(0.25)\n        try:\n            if os.getpgid(0) == os.getpid():  # a group leader: its subprocesses go too\n                os.killpg(os.getpid(), signal.SIGKILL)\n        finally:\n            os._exit(1)\n\n    threading.Thread(target=watch, name="genaiops-parent-watch", daemon=True).start()\n\n\ndef main():\n    if os.name == "posix":\n        _die_with_parent()\n    requests, responses = _setup_descriptors()\n    err = io.TextIOWrapper(os.fdopen(os.dup(2), "wb"), encoding="utf-8", errors="replace", line_buffering=True)\n    faulthandler.enable(file=err)\n    sys.stdin = io.StringIO()\n    sys.stdout = _Capture(err, "<stdout>")\n    sys.stderr = _Capture(err, "<stderr>")\n\n    # The flow folder (the pool\'s cwd) first on sys.path instead of this script\'s folder.\n    here = os.path.dirname(WORKER_FILE)\n    sys.path[:] = [p for p in sys.path if p and os.path.abspath(p) != here]\n    sys.path.insert(0, os.getcwd())\n    if _PROMPTFLOW == "shim" and SHIM_DIR:\n        sys.path.append(SHIM_DIR)\n        import promptflow  # noqa: F401  (the shim: tiny)\n\n        _hook_metrics()\n\n    def send(text):\n        try:\n            responses.write(text.encode("utf-8") + b"\\n")\n            responses.flush()\n        except (BrokenPipeError, OSError):\n            os._exit(0)\n\n    send(json.dumps({"ready": True, "python": platform.python_version(), "promptflow": _PROMPTFLOW,\n                     "pid": os.getpid()}))\n    for line in requests:\n        if not line.strip():\n            continue\n        try:\n            req = json.loads(line)\n        except ValueError as exc:\n            send(json.dumps({"id": None, "ok": False, "logs": "", "metrics": {}, "ms": 0,\n                             "error": {"type": "ProtocolError", "message": "bad request: %s" % exc,\n                                       "traceback": "", "phase": "load"}}))\n            continue\n        send(_encode(_handle(req)))\n    # End of input: the pool is closing. Skip waiting for threads user code left running.\n    try:\n        sys.stdout.flush()\n        err.flush()\n    finally:\n        os._exit(0)\n\n\nif __name__ == "__main__":\n    main()\n';
/** The promptflow shim package (shim/), by path relative to the folder put on sys.path. */
const SHIM_FILES = {
    'promptflow/__init__.py': '"""A small stand-in for the `promptflow` package, used by the GenAIOps flow engine only when the\nreal package is not installed. It has the names flow code imports: tool, log_metric, trace and the\nconnection classes."""\nfrom promptflow._core.metric_logger import log_metric\nfrom promptflow._core.tool import ToolProvider, tool\nfrom promptflow.connections import (\n    AzureContentSafetyConnection,\n    AzureOpenAIConnection,\n    CognitiveSearchConnection,\n    CustomConnection,\n    FormRecognizerConnection,\n    OpenAIConnection,\n    SerpConnection,\n    ServerlessConnection,\n)\nfrom promptflow.tracing import start_trace, trace\n\n__version__ = "0.0.0+genaiops.shim"\n\n__all__ = [\n    "tool",\n    "log_metric",\n    "trace",\n    "start_trace",\n    "ToolProvider",\n    "AzureOpenAIConnection",\n    "OpenAIConnection",\n    "CustomConnection",\n    "CognitiveSearchConnection",\n    "SerpConnection",\n    "AzureContentSafetyConnection",\n    "FormRecognizerConnection",\n    "ServerlessConnection",\n]\n',
    'promptflow/_core/__init__.py': '"""Internals of the GenAIOps promptflow shim (same module names as the real package)."""\n',
    'promptflow/_core/metric_logger.py': '"""log_metric of the GenAIOps promptflow shim: hands each metric to the registered loggers (the\nflow engine\'s worker registers one), as promptflow._core.metric_logger does."""\nimport inspect\n\n_loggers = []\n\n\ndef log_metric(key, value, variant_id=None):\n    """Log a metric of the current run (meaningful in aggregation nodes)."""\n    for logger in list(_loggers):\n        if len(inspect.signature(logger).parameters) == 2:\n            logger(key, value)\n        else:\n            logger(key, value, variant_id)\n\n\ndef add_metric_logger(logger_func):\n    if callable(logger_func) and not any(logger is logger_func for logger in _loggers):\n        _loggers.append(logger_func)\n\n\ndef remove_metric_logger(logger_func):\n    _loggers.remove(logger_func)\n',
    'promptflow/_core/tool.py': '"""The @tool decorator of the GenAIOps promptflow shim: marks the function, changes nothing."""\nimport functools\n\n\ndef tool(\n    func=None,\n    *,\n    name=None,\n    description=None,\n    type=None,\n    input_settings=None,\n    streaming_option_parameter=None,\n    **kwargs\n):\n    """Marks a function as a prompt flow tool; usable as @tool and @tool(name=...)."""\n\n    def mark(f):\n        info = {"name": name or getattr(f, "__name__", None), "description": description, "type": type}\n        try:\n            setattr(f, "__tool", info)\n            setattr(f, "__pf_tool__", info)\n        except (AttributeError, TypeError):  # a builtin or a bound method: wrap it\n            original = f\n\n            @functools.wraps(original)\n            def f(*args, **kw):\n                return original(*args, **kw)\n\n            setattr(f, "__tool", info)\n            setattr(f, "__pf_tool__", info)\n        return f\n\n    if func is None:\n        return mark\n    return mark(func)\n\n\nclass ToolProvider:\n    """Base class of class-based tools."""\n\n    def __init__(self, *args, **kwargs):\n        pass\n\n\nclass InputSetting:\n    """Settings of a tool input (shown by prompt flow\'s UI; no effect on running)."""\n\n    def __init__(self, **kwargs):\n        for key, value in kwargs.items():\n            setattr(self, key, value)\n\n\nclass ToolType:\n    LLM = "llm"\n    PYTHON = "python"\n    PROMPT = "prompt"\n    CUSTOM_LLM = "custom_llm"\n',
    'promptflow/connections/__init__.py': '"""promptflow.connections of the GenAIOps promptflow shim.\n\nEach connection keeps `configs` and `secrets` dicts, like promptflow\'s; the strongly typed ones\nexpose their fields as attributes (conn.api_key, conn.api_base), CustomConnection exposes every key\n(conn.anything) and all support conn["key"]. repr() never shows secrets.\n"""\n\n\nclass _Connection:\n    TYPE = None\n\n    def __init__(self, configs=None, secrets=None, name=None, module="promptflow.connections", **kwargs):\n        self.name = name\n        self.module = module\n        self.configs = dict(configs or {})\n        self.secrets = dict(secrets or {})\n        for key, value in kwargs.items():\n            if key not in ("expiry_time", "created_date", "last_modified_date"):\n                self.configs[key] = value\n\n    def keys(self):\n        return list(self.configs) + list(self.secrets)\n\n    def __getitem__(self, item):\n        if item in self.secrets:\n            return self.secrets[item]\n        if item in self.configs:\n            return self.configs[item]\n        raise KeyError("Key %r not found in connection %r." % (item, self.name))\n\n    def __contains__(self, item):\n        return item in self.secrets or item in self.configs\n\n    def get(self, item, default=None):\n        try:\n            return self[item]\n        except KeyError:\n            return default\n\n    def __repr__(self):\n        return "%s(name=%r, configs=%r, secrets=%r)" % (\n            type(self).__name__,\n            self.name,\n            self.configs,\n            {k: "******" for k in self.secrets},\n        )\n\n\ndef _secret(key):\n    return property(lambda self: self.secrets.get(key), lambda self, value: self.secrets.__setitem__(key, value))\n\n\ndef _config(key):\n    return property(lambda self: self.configs.get(key), lambda self, value: self.configs.__setitem__(key, value))\n\n\nclass _StrongTypeConnection(_Connection):\n    api_key = _secret("api_key")\n\n\nclass AzureOpenAIConnection(_StrongTypeConnection):\n    TYPE = "AzureOpenAI"\n    api_base = _config("api_base")\n    api_type = _config("api_type")\n    api_version = _config("api_version")\n    auth_mode = _config("auth_mode")\n\n    def __init__(\n        self,\n        api_key=None,\n        api_base=None,\n        api_type="azure",\n        api_version="2024-02-01",\n        auth_mode="key",\n        **kwargs\n    ):\n        configs = {"api_base": api_base, "api_type": api_type, "api_version": api_version, "auth_mode": auth_mode}\n        secrets = {"api_key": api_key} if api_key is not None or auth_mode == "key" else {}\n        super().__init__(configs=configs, secrets=secrets, **kwargs)\n\n\nclass OpenAIConnection(_StrongTypeConnection):\n    TYPE = "OpenAI"\n    organization = _config("organization")\n    base_url = _config("base_url")\n\n    def __init__(self, api_key=None, organization=None, base_url=None, **kwargs):\n        super().__init__(\n            configs={"organization": organization, "base_url": base_url}, secrets={"api_key": api_key}, **kwargs\n        )\n\n\nclass ServerlessConnection(_StrongTypeConnection):\n    TYPE = "Serverless"\n    api_base = _config("api_base")\n\n    def __init__(self, api_key=None, api_base=None, **kwargs):\n        super().__init__(configs={"api_base": api_base}, secrets={"api_key": api_key}, **kwargs)\n\n\nclass CognitiveSearchConnection(_StrongTypeConnection):\n    TYPE = "CognitiveSearch"\n    api_base = _config("api_base")\n    api_version = _config("api_version")\n\n    def __init__(self, api_key=None, api_base=None, api_version="2023-07-01-Preview", **kwargs):\n        super().__init__(\n            configs={"api_base": api_base, "api_version": api_version}, secrets={"api_key": api_key}, **kwargs\n        )\n\n\nclass SerpConnection(_StrongTypeConnection):\n    TYPE = "Serp"\n\n    def __init__(self, api_key=None, **kwargs):\n        super().__init__(secrets={"api_key": api_key}, **kwargs)\n\n\nclass AzureContentSafetyConnection(_StrongTypeConnection):\n    TYPE = "AzureContentSafety"\n    endpoint = _config("endpoint")\n    api_version = _config("api_version")\n    api_type = _config("api_type")\n\n    def __init__(self, api_key=None, endpoint=None, api_version="2023-10-01", api_type="Content Safety", **kwargs):\n        super().__init__(\n            configs={"endpoint": endpoint, "api_version": api_version, "api_type": api_type},\n            secrets={"api_key": api_key},\n            **kwargs\n        )\n\n\nclass FormRecognizerConnection(AzureContentSafetyConnection):\n    TYPE = "FormRecognizer"\n\n    def __init__(self, api_key=None, endpoint=None, api_version="2023-07-31", api_type="Form Recognizer", **kwargs):\n        super().__init__(api_key=api_key, endpoint=endpoint, api_version=api_version, api_type=api_type, **kwargs)\n\n\nclass CustomConnection(_Connection):\n    """Any keys: conn.key and conn["key"] read secrets first, then configs."""\n\n    TYPE = "Custom"\n\n    def __init__(self, secrets=None, configs=None, **kwargs):\n        super().__init__(configs=configs, secrets=secrets, **kwargs)\n\n    def __getattr__(self, item):\n        if item.startswith("__"):\n            raise AttributeError(item)\n        values = self.__dict__\n        if item in values.get("secrets", {}):\n            return values["secrets"][item]\n        if item in values.get("configs", {}):\n            return values["configs"][item]\n        raise AttributeError("%r object has no attribute %r" % (type(self).__name__, item))\n\n    def is_secret(self, item):\n        return item in self.secrets\n\n\nclass CustomStrongTypeConnection(_Connection):\n    """Base of a tool\'s own connection class: annotated fields (`api_key: Secret`) read from\n    secrets, the others from configs, with class-level defaults."""\n\n    TYPE = "Custom"\n\n    def __init__(self, secrets=None, configs=None, **kwargs):\n        super().__init__(configs=configs, secrets=secrets, **kwargs)\n        for klass in reversed(type(self).__mro__):\n            for key in getattr(klass, "__annotations__", {}):\n                if key not in self.secrets and key not in self.configs and hasattr(klass, key):\n                    self.configs[key] = getattr(klass, key)\n\n    def __getattribute__(self, item):\n        if not item.startswith("_") and item not in ("secrets", "configs", "name", "module"):\n            values = object.__getattribute__(self, "__dict__")\n            if item in values.get("secrets", {}):\n                return values["secrets"][item]\n            if item in values.get("configs", {}):\n                return values["configs"][item]\n        return object.__getattribute__(self, item)\n\n    @classmethod\n    def _from_custom(cls, conn):\n        return cls(secrets=dict(conn.secrets), configs=dict(conn.configs), name=conn.name)\n\n\n__all__ = [\n    "CustomStrongTypeConnection",\n    "AzureOpenAIConnection",\n    "OpenAIConnection",\n    "CustomConnection",\n    "CognitiveSearchConnection",\n    "SerpConnection",\n    "AzureContentSafetyConnection",\n    "FormRecognizerConnection",\n    "ServerlessConnection",\n]\n',
    'promptflow/contracts/__init__.py': '"""promptflow.contracts of the GenAIOps promptflow shim: the types tool signatures import."""\n',
    'promptflow/contracts/multimedia.py': '"""promptflow.contracts.multimedia of the GenAIOps promptflow shim: images as bytes, as prompt flow\'s."""\nimport base64\nimport hashlib\n\n\nclass PFBytes(bytes):\n    """Bytes with a mime type and where they came from."""\n\n    def __new__(cls, value, *args, **kwargs):\n        return super().__new__(cls, value)\n\n    def __init__(self, value, mime_type, source_url=None):\n        super().__init__()\n        self._mime_type = mime_type\n        self._source_url = source_url\n        self._hash = hashlib.sha1(value).hexdigest()[:8]\n\n    @property\n    def source_url(self):\n        return self._source_url\n\n    def to_base64(self, with_type=False, dict_type=False):\n        encoded = base64.b64encode(self).decode("utf-8")\n        if not with_type:\n            return encoded\n        if dict_type:\n            return {"data:%s;base64" % self._mime_type: encoded}\n        return "data:%s;base64,%s" % (self._mime_type, encoded)\n\n\nclass Image(PFBytes):\n    """An image (flow input type `image`)."""\n\n    def __init__(self, value, mime_type=None, source_url=None):\n        super().__init__(value, mime_type or "image/*", source_url)\n\n    def __str__(self):\n        return "Image(%s)" % self._hash\n\n    def __repr__(self):\n        return "Image(%s)" % self._hash\n\n    def serialize(self, encoder=None):\n        return encoder(self) if encoder else str(self)\n\n\nclass Text(str):\n    """Text content of a multimodal message."""\n',
    'promptflow/contracts/types.py': '"""promptflow.contracts.types of the GenAIOps promptflow shim: marker types of tool parameters."""\nfrom dataclasses import dataclass, field\n\n\nclass Secret(str):\n    """A string that holds a secret (custom strong type connection fields)."""\n\n\nclass PromptTemplate(str):\n    """The template text of a prompt tool parameter."""\n\n\nclass FilePath(str):\n    """A path to a file, relative to the flow folder."""\n\n\n@dataclass\nclass AssistantDefinition:\n    """An assistant\'s model, instructions and tools (assistant_definition.yaml)."""\n\n    model: str\n    instructions: str\n    tools: list = field(default_factory=list)\n\n    @staticmethod\n    def deserialize(data):\n        return AssistantDefinition(\n            model=data.get("model", ""), instructions=data.get("instructions", ""), tools=data.get("tools", [])\n        )\n\n    def serialize(self):\n        return {"model": self.model, "instructions": self.instructions, "tools": self.tools}\n\n    def init_tool_invoker(self):\n        raise NotImplementedError("assistant tools are not run by the GenAIOps local engine")\n',
    'promptflow/core/__init__.py': '"""promptflow.core of the GenAIOps promptflow shim."""\nfrom promptflow._core.metric_logger import log_metric\nfrom promptflow._core.tool import ToolProvider, tool\nfrom promptflow.tracing import trace\n\n\nclass _ModelConfiguration:\n    _FIELDS = ()\n\n    def __init__(self, **kwargs):\n        for field in self._FIELDS:\n            setattr(self, field, kwargs.pop(field, None))\n        for key, value in kwargs.items():\n            setattr(self, key, value)\n\n    def __repr__(self):\n        shown = ", ".join(\n            "%s=%r" % (k, v) for k, v in vars(self).items() if v is not None and k != "api_key"\n        )\n        return "%s(%s)" % (type(self).__name__, shown)\n\n\nclass AzureOpenAIModelConfiguration(_ModelConfiguration):\n    """Model settings of an Azure OpenAI deployment (flex flows, prompty)."""\n\n    _FIELDS = ("azure_deployment", "azure_endpoint", "api_version", "api_key", "connection")\n\n    def __init__(self, azure_deployment=None, **kwargs):\n        super().__init__(azure_deployment=azure_deployment, **kwargs)\n\n\nclass OpenAIModelConfiguration(_ModelConfiguration):\n    """Model settings of an OpenAI model (flex flows, prompty)."""\n\n    _FIELDS = ("model", "base_url", "api_key", "organization", "connection")\n\n    def __init__(self, model=None, **kwargs):\n        super().__init__(model=model, **kwargs)\n\n\nfrom promptflow.core._prompty import AsyncPrompty, Prompty  # noqa: E402\n\n__all__ = [\n    "Prompty",\n    "AsyncPrompty",\n    "tool",\n    "log_metric",\n    "trace",\n    "ToolProvider",\n    "AzureOpenAIModelConfiguration",\n    "OpenAIModelConfiguration",\n]\n',
    'promptflow/core/_flow.py': '"""promptflow.core._flow of the GenAIOps promptflow shim (some flows import Prompty from here)."""\nfrom promptflow.core._prompty import AsyncPrompty, Prompty\n\n__all__ = ["Prompty", "AsyncPrompty"]\n',
    'promptflow/core/_prompty.py': '"""promptflow.core.Prompty of the GenAIOps promptflow shim: load a .prompty file and call the model.\n\nStandard library HTTP to Azure OpenAI / OpenAI; Jinja2 renders the template (trim_blocks,\nkeep_trailing_newline, as prompt flow) and PyYAML reads the front matter, as in prompt flow itself.\n"""\nimport copy\nimport json\nimport os\nimport re\nimport urllib.error\nimport urllib.request\n\n_ROLE = re.compile(r"^\\s*#?\\s*(system|user|assistant|function|tool|developer)\\s*:\\s*$", re.IGNORECASE)\n_ENV = re.compile(r"^\\$\\{env:(.*)\\}$")\n_FILE = re.compile(r"^\\$\\{file:(.*)\\}$")\n\n\ndef _merge(origin, override):\n    out = dict(origin)\n    for key, value in (override or {}).items():\n        out[key] = _merge(origin.get(key) or {}, value) if isinstance(value, dict) else value\n    return out\n\n\ndef _env(value):\n    m = _ENV.match(value) if isinstance(value, str) else None\n    return os.environ.get(m.group(1), value) if m else value\n\n\ndef _config_dict(config):\n    if config is None:\n        return {}\n    if isinstance(config, dict):\n        return dict(config)\n    values = {k: v for k, v in vars(config).items() if v is not None}\n    values.setdefault("type", "openai" if type(config).__name__.startswith("OpenAI") else "azure_openai")\n    return values\n\n\ndef _connection_from_env(name):\n    text = os.environ.get(name)\n    if not text:\n        raise ValueError("connection %r is not configured: set the environment variable %r to its JSON" % (name, name))\n    return json.loads(text)\n\n\ndef _parse_chat(text):\n    messages, role, lines = [], None, []\n    for line in text.splitlines():\n        m = _ROLE.match(line)\n        if m:\n            if role is not None:\n                messages.append({"role": role, "content": "\\n".join(lines).strip()})\n            role, lines = m.group(1).lower(), []\n        elif role is not None:\n            lines.append(line)\n    if role is not None:\n        messages.append({"role": role, "content": "\\n".join(lines).strip()})\n    if not messages:\n        messages.append({"role": "system", "content": text.strip()})\n    return messages\n\n\nclass Prompty(object):\n    """A prompty file as a callable: `Prompty.load(source=path, model={...})(**inputs)`."""\n\n    def __init__(self, path, model=None, **kwargs):\n        self.path = os.path.abspath(str(path))\n        with open(self.path, encoding="utf-8") as f:\n            text = f.read()\n        m = re.match(r"^\\ufeff?(?:[ \\t]*\\r?\\n)*---[ \\t]*\\r?\\n(.*?)^---[ \\t]*(?:\\r?\\n|$)", text, re.DOTALL | re.MULTILINE)\n        if not m:\n            raise ValueError("%s: expected front matter between two \'---\' lines" % self.path)\n        try:\n            import yaml\n        except ImportError:\n            raise ImportError("reading a .prompty needs PyYAML: pip install pyyaml")\n        front = yaml.safe_load(m.group(1)) or {}\n        self.template = text[m.end():]\n        front = _merge(front, {k: v for k, v in kwargs.items() if k in ("inputs", "outputs", "sample")})\n        override = _model_override(model)\n        config = override.pop("configuration", None)\n        self._model = _merge(front.get("model") or {}, override)\n        if isinstance(config, dict):\n            self._model["configuration"] = _merge(self._model.get("configuration") or {}, config)\n        elif config is not None:\n            # A model configuration object replaces the file\'s configuration as a whole.\n            self._model["configuration"] = _config_dict(config)\n        self._inputs = front.get("inputs") or {}\n        self._outputs = front.get("outputs") or {}\n        self._sample = front.get("sample")\n        self.name = front.get("name")\n        self.description = front.get("description")\n\n    @classmethod\n    def load(cls, source, **kwargs):\n        return cls(source, **kwargs)\n\n    def _resolve_inputs(self, kwargs):\n        values = {}\n        for name, spec in self._inputs.items():\n            if name in kwargs:\n                values[name] = kwargs[name]\n            elif isinstance(spec, dict) and "default" in spec:\n                values[name] = spec["default"]\n            elif not isinstance(spec, dict):\n                values[name] = spec\n            else:\n                raise ValueError("Missing required inputs: %s" % name)\n        for name, value in kwargs.items():\n            values.setdefault(name, value)\n        return values\n\n    def render(self, *args, **kwargs):\n        import jinja2\n\n        values = self._resolve_inputs(kwargs)\n        text = jinja2.Template(self.template, trim_blocks=True, keep_trailing_newline=True).render(**values)\n        if self._model.get("api", "chat") == "completion":\n            return text\n        return json.dumps(_parse_chat(text))\n\n    def estimate_token_count(self, *args, **kwargs):\n        # ~4 characters a token, plus the answer budget: enough to trim a chat history by.\n        prompt = self.render(**kwargs)\n        return len(prompt) // 4 + int((self._model.get("parameters") or {}).get("max_tokens") or 0)\n\n    def __call__(self, *args, **kwargs):\n        if args:\n            raise TypeError("Prompty takes keyword arguments only")\n        api = self._model.get("api", "chat")\n        rendered = self.render(**kwargs)\n        params = dict(self._model.get("parameters") or {})\n        stream = bool(params.pop("stream", False))\n        url, headers, body = self._request(api)\n        body.update(params)\n        if api == "completion":\n            body["prompt"] = rendered\n        else:\n            body["messages"] = json.loads(rendered)\n        req = urllib.request.Request(url, data=json.dumps(body).encode("utf-8"), headers=headers, method="POST")\n        try:\n            with urllib.request.urlopen(req, timeout=600) as res:\n                response = json.loads(res.read().decode("utf-8"))\n        except urllib.error.HTTPError as e:\n            raise RuntimeError("model call failed with HTTP %s: %s" % (e.code, e.read().decode("utf-8", "replace")[:500]))\n        result = self._format(response, api, params)\n        if stream and isinstance(result, str):\n            return iter([result])\n        return result\n\n    def _request(self, api):\n        config = _config_dict(self._model.get("configuration"))\n        if config.get("connection"):\n            conn = _connection_from_env(config.pop("connection"))\n            kind = str(conn.get("api_type") or conn.get("type") or "azure").lower()\n            config = dict(\n                config,\n                type="openai" if kind in ("openai", "open_ai") else "azure_openai",\n                api_key=conn.get("api_key"),\n                azure_endpoint=conn.get("api_base") or conn.get("azure_endpoint"),\n                base_url=conn.get("api_base") or conn.get("base_url"),\n                api_version=conn.get("api_version") or config.get("api_version"),\n            )\n        config = {k: _env(v) for k, v in config.items()}\n        path = "chat/completions" if api == "chat" else "completions"\n        if config.get("type") == "openai":\n            base = (config.get("base_url") or os.environ.get("OPENAI_BASE_URL") or "https://api.openai.com/v1").rstrip("/")\n            key = config.get("api_key") or os.environ.get("OPENAI_API_KEY") or ""\n            headers = {"Content-Type": "application/json", "Authorization": "Bearer %s" % key}\n            # As prompt flow: an Azure configuration\'s deployment is the model name on OpenAI.\n            return "%s/%s" % (base, path), headers, {"model": config.get("model") or config.get("azure_deployment")}\n        endpoint = (config.get("azure_endpoint") or os.environ.get("AZURE_OPENAI_ENDPOINT") or "").rstrip("/")\n        version = config.get("api_version") or os.environ.get("OPENAI_API_VERSION") or "2024-02-01"\n        key = config.get("api_key") or os.environ.get("AZURE_OPENAI_API_KEY") or ""\n        url = "%s/openai/deployments/%s/%s?api-version=%s" % (endpoint, config.get("azure_deployment"), path, version)\n        return url, {"Content-Type": "application/json", "api-key": key}, {}\n\n    def _format(self, response, api, params):\n        if self._model.get("response", "first") == "all":\n            return response\n        choice = (response.get("choices") or [{}])[0]\n        if api == "completion":\n            content = choice.get("text", "")\n        elif choice.get("finish_reason") in ("tool_calls", "function_calls"):\n            return choice.get("message")\n        else:\n            content = (choice.get("message") or {}).get("content", "")\n        fmt = params.get("response_format")\n        if not (isinstance(fmt, dict) and fmt.get("type") == "json_object"):\n            return content\n        result = json.loads(content)\n        if not self._outputs:\n            return result\n        missing = [k for k in self._outputs if k not in result]\n        if missing:\n            raise ValueError("Cannot find %s in response %s" % (missing[0], list(result)))\n        return {k: result[k] for k in self._outputs}\n\n\ndef _model_override(model):\n    if not model:\n        return {}\n    return copy.copy(model)\n\n\nclass AsyncPrompty(Prompty):\n    """Prompty whose call is awaited."""\n\n    async def __call__(self, *args, **kwargs):\n        return Prompty.__call__(self, *args, **kwargs)\n',
    'promptflow/entities/__init__.py': '"""promptflow.entities of the GenAIOps promptflow shim: the connection classes (older import path)."""\nfrom promptflow.connections import *  # noqa: F401,F403\nfrom promptflow.connections import __all__  # noqa: F401\n',
    'promptflow/tracing/__init__.py': '"""promptflow.tracing of the GenAIOps promptflow shim: tracing is a no-op."""\n\n\ndef trace(func=None, **kwargs):\n    """No-op @trace and @trace(...)."""\n    if func is None:\n        return lambda f: f\n    return func\n\n\ndef start_trace(*args, **kwargs):\n    """No-op."""\n    return None\n\n\n__all__ = ["trace", "start_trace"]\n'
};

;// CONCATENATED MODULE: ./packages/core/dist/engine/python/install.js
// Puts the worker script and the promptflow shim on disk once per machine and content version.
// Their text is compiled in (sources.ts), so the ncc-bundled actions need no files beside them.





let installed;
function files() {
    const all = { 'worker.py': WORKER_PY };
    for (const [path, text] of Object.entries(SHIM_FILES))
        all[`shim/${path}`] = text;
    return all;
}
function writeAll(dir, all) {
    for (const [path, text] of Object.entries(all)) {
        const file = (0,external_node_path_.join)(dir, ...path.split('/'));
        (0,external_node_fs_.mkdirSync)((0,external_node_path_.dirname)(file), { recursive: true });
        (0,external_node_fs_.writeFileSync)(file, text);
    }
}
/** True when `dir` holds exactly our files and is ours alone to write. */
function intact(dir, all) {
    try {
        const st = (0,external_node_fs_.statSync)(dir);
        if (!st.isDirectory())
            return false;
        if (process.platform !== 'win32') {
            if (typeof process.getuid === 'function' && st.uid !== process.getuid())
                return false;
            if ((st.mode & 0o022) !== 0)
                return false;
        }
        return Object.entries(all).every(([path, text]) => (0,external_node_fs_.readFileSync)((0,external_node_path_.join)(dir, ...path.split('/')), 'utf8') === text);
    }
    catch {
        return false;
    }
}
/**
 * Writes the worker files under the temp folder, in a folder named after their content hash (so
 * versions never mix and a second pool reuses the first one's files), and returns their paths.
 */
function installWorker() {
    if (installed && intact((0,external_node_path_.dirname)(installed.worker), files()))
        return installed;
    const all = files();
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for (const [path, text] of Object.entries(all).sort(([a], [b]) => (a < b ? -1 : 1))) {
        hash.update(path).update('\0').update(text).update('\0');
    }
    const user = typeof process.getuid === 'function' ? String(process.getuid()) : 'u';
    let dir = (0,external_node_path_.join)((0,external_node_os_.tmpdir)(), `genaiops-python-${user}-${hash.digest('hex').slice(0, 16)}`);
    if (!intact(dir, all)) {
        const staging = (0,external_node_fs_.mkdtempSync)(`${dir}-tmp-`);
        writeAll(staging, all);
        try {
            (0,external_node_fs_.renameSync)(staging, dir);
        }
        catch {
            (0,external_node_fs_.rmSync)(staging, { recursive: true, force: true }); // another process won the race, or a stale folder
        }
        if (!intact(dir, all)) {
            // Someone else's or a damaged folder under that name: use a private one.
            dir = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'genaiops-python-'));
            writeAll(dir, all);
        }
    }
    installed = { worker: (0,external_node_path_.join)(dir, 'worker.py'), shim: (0,external_node_path_.join)(dir, 'shim') };
    return installed;
}

;// CONCATENATED MODULE: ./packages/core/dist/engine/python/worker-env.js
// What a python worker inherits. It runs the use-case's own code (tools, imports, anything pip
// installed), which in a pull request is untrusted: it must not see the credentials of the job
// that started it. In a GitHub Actions step those are the action's inputs (INPUT_GITHUB-TOKEN
// among them), the runner's service tokens (ACTIONS_RUNTIME_TOKEN for caches and artifacts,
// ACTIONS_ID_TOKEN_REQUEST_* to mint an OIDC token for Azure) and the job's GitHub token.
/** Names never passed on. Case-insensitive: Windows environments are. */
const WITHHELD = /^(?:INPUT_|ACTIONS_)|^(?:GITHUB_TOKEN|GH_TOKEN)$/i;
/** True when a variable of this name is kept from the workers. */
const isWithheldFromWorkers = (name) => WITHHELD.test(name);
/**
 * The environment of a worker: `parent` without the withheld names, then `extra` (the engine's
 * own settings and the connections it chose to pass, which win).
 */
function workerEnvironment(parent, extra) {
    const env = {};
    for (const [name, value] of Object.entries(parent))
        if (value !== undefined && !isWithheldFromWorkers(name))
            env[name] = value;
    return { ...env, ...extra };
}

;// CONCATENATED MODULE: ./packages/core/dist/engine/python/pool.js
// A pool of long-lived python processes that run prompt flow python tools, aggregation nodes and
// flex flow entries for the local flow engine. See worker.py for the wire protocol.






/** A python tool raised an exception (or could not be loaded: syntax error, missing function…). */
class ToolError extends errors/* UserError */.yo {
    /** `file:function` of the tool, file relative to the pool's cwd. */
    tool;
    /** Python exception class name, e.g. `ValueError`, `SyntaxError`. */
    pythonType;
    pythonMessage;
    /** Python traceback, user frames only, ending with the exception line. */
    traceback;
    phase;
    /** The file and line of the error: of a syntax error, else of the innermost user frame. */
    file;
    line;
    /** What the call printed before it failed. */
    logs;
    constructor(tool, error, logs) {
        const what = error.phase === 'call'
            ? `python tool ${tool} raised ${error.type}: ${error.message}`
            : error.phase === 'init'
                ? `python flex entry ${tool} failed in __init__: ${error.type}: ${error.message}`
                : `python tool ${tool} could not be loaded: ${error.type}: ${error.reason ?? error.message}`;
        const problems = error.type === 'SyntaxError' && error.file
            ? [{ file: error.file, line: error.line, column: error.column, message: what }]
            : what;
        super(problems);
        this.name = 'ToolError';
        this.tool = tool;
        this.pythonType = error.type;
        this.pythonMessage = error.message;
        this.traceback = error.traceback;
        this.phase = error.phase;
        this.file = error.file;
        this.line = error.line;
        this.logs = logs;
    }
}
/**
 * A python worker failed rather than the tool: it could not start (`start`), died during a call
 * (`exit`: os._exit, a segfault, out of memory), overran callTimeoutMs (`timeout`), or the pool was
 * closed (`closed`), or its caller cancelled it (`canceled`).
 */
class PythonWorkerError extends errors/* UserError */.yo {
    kind;
    /** The call's `file:function`, when it concerns one. */
    tool;
    exitCode;
    signal;
    /** The end of what the worker wrote to stderr (a crash's fault handler dump lands there). */
    stderr;
    constructor(kind, message, details = {}) {
        super(message);
        this.name = 'PythonWorkerError';
        this.kind = kind;
        this.tool = details.tool;
        this.exitCode = details.exitCode;
        this.signal = details.signal;
        this.stderr = details.stderr ?? '';
    }
}
/** A connection argument as the worker expects it: it becomes a promptflow connection object. */
function connectionArg(type, name, values) {
    return { __pf_connection__: { type, name, values } };
}
/** A model configuration argument (flex flow init): becomes a promptflow.core `…ModelConfiguration`. */
function modelConfigArg(type, values) {
    return { __pf_model_config__: { type, values } };
}
/** A FIFO with O(1) shift and unshift. */
class Queue {
    items = [];
    head = 0;
    get size() {
        return this.items.length - this.head;
    }
    push(item) {
        this.items.push(item);
    }
    unshift(item) {
        if (this.head > 0)
            this.items[--this.head] = item;
        else
            this.items.unshift(item);
    }
    shift() {
        if (this.head >= this.items.length)
            return undefined;
        const item = this.items[this.head];
        this.items[this.head++] = undefined;
        if (this.head > 1024 && this.head * 2 > this.items.length) {
            this.items = this.items.slice(this.head);
            this.head = 0;
        }
        return item;
    }
    /** Takes `item` out of the queue; false when it is not waiting there. */
    remove(item) {
        const i = this.items.indexOf(item, this.head);
        if (i < 0)
            return false;
        this.items.splice(i, 1);
        return true;
    }
    drain() {
        const rest = this.items.slice(this.head);
        this.items = [];
        this.head = 0;
        return rest;
    }
}
const STDERR_TAIL = 4000;
const CLOSE_GRACE_MS = 2000;
const START_GRACE_MS = 30_000;
class Worker {
    child;
    inflight = [];
    info;
    /** Takes no more jobs: killed, exiting, or closing. */
    retired = false;
    /** Why we killed it (its in-flight jobs are already settled). */
    killedFor;
    timer;
    stderrTail = '';
    spawnError;
    exit;
    stdoutClosed = false;
    finished = false;
    refed = true;
    done;
    resolveDone;
    partial = '';
    constructor(child) {
        this.child = child;
        this.done = new Promise((res) => (this.resolveDone = res));
    }
    /** Splits the protocol stream into lines. */
    lines(chunk) {
        const text = this.partial + chunk;
        const last = text.lastIndexOf('\n');
        if (last < 0) {
            this.partial = text;
            return [];
        }
        this.partial = text.slice(last + 1);
        return text.slice(0, last).split('\n');
    }
    setRef(on) {
        if (this.refed === on)
            return;
        this.refed = on;
        const { child } = this;
        if (on)
            child.ref();
        else
            child.unref();
        for (const stream of [child.stdin, child.stdout, child.stderr]) {
            const s = stream;
            if (on)
                s?.ref?.();
            else
                s?.unref?.();
        }
    }
    kill() {
        const { pid } = this.child;
        if (pid !== undefined && process.platform !== 'win32') {
            try {
                process.kill(-pid, 'SIGKILL'); // the worker's process group: its subprocesses too
                return;
            }
            catch {
                // not a group leader or already gone: fall through
            }
        }
        try {
            this.child.kill('SIGKILL');
        }
        catch {
            // already gone
        }
    }
}
function seconds(ms) {
    return `${Number((ms / 1000).toFixed(3))} s`;
}
function revive(value) {
    if (Array.isArray(value))
        return value.map(revive);
    if (value && typeof value === 'object') {
        const o = value;
        const keys = Object.keys(o);
        if (keys.length === 1 && keys[0] === '__pf_float__' && typeof o.__pf_float__ === 'string') {
            return Number(o.__pf_float__);
        }
        const out = {};
        for (const k of keys)
            out[k] = revive(o[k]);
        return out;
    }
    return value;
}
/**
 * Long-lived python workers that run tool functions and flex entries, started lazily up to
 * `size`, each one request at a time; requests wait in one FIFO queue. A worker that crashes or
 * overruns the call timeout is killed and replaced; only that call fails. Call {@link close} when
 * done (idle workers do not keep node alive, but close() is what ends them).
 */
class PythonWorkerPool {
    size;
    python;
    cwd;
    callTimeoutMs;
    env;
    depth;
    onStderr;
    queue = new Queue();
    workers = [];
    /** Every process not yet gone, killed ones included. */
    alive = new Set();
    nextId = 1;
    closed = false;
    closing;
    constructor(options) {
        if (!Number.isInteger(options.size) || options.size < 1) {
            throw new TypeError(`PythonWorkerPool size must be a positive integer, got ${options.size}`);
        }
        this.size = options.size;
        this.python =
            options.python || process.env.GENAIOPS_PYTHON || (process.platform === 'win32' ? 'python' : 'python3');
        this.cwd = (0,external_node_path_.resolve)(options.cwd);
        this.callTimeoutMs = options.callTimeoutMs ?? 600_000;
        this.env = options.env ?? {};
        this.depth = Math.max(1, Math.floor(options.pipeline ?? 1));
        this.onStderr = options.onStderr;
        let isDir = false;
        try {
            isDir = (0,external_node_fs_.statSync)(this.cwd).isDirectory();
        }
        catch {
            // reported below
        }
        if (!isDir)
            throw new errors/* UserError */.yo(`python worker folder ${this.cwd} does not exist`);
    }
    /** Calls a tool function (a flow's `python` node or aggregation node) with keyword arguments. */
    call(req) {
        const file = (0,external_node_path_.resolve)(this.cwd, req.file);
        const func = req.func || undefined;
        return this.submit(this.label(file, func), { op: 'call', file, func: func ?? null, args: req.args ?? {} }, req.signal);
    }
    /** Calls a flex flow entry: a function, or a class instance (made once per worker and init), or its `__aggregate__`. */
    callFlex(req) {
        const file = (0,external_node_path_.resolve)(this.cwd, req.file);
        return this.submit(this.label(file, req.entry), {
            op: 'flex',
            file,
            entry: req.entry,
            init: req.init ?? null,
            args: req.args ?? {},
            aggregate: req.aggregate === true
        }, req.signal);
    }
    /** Ends every worker (a call still running gets a short grace, then is killed); queued calls reject. */
    /** Starts every worker now, so that a run's first calls do not wait for interpreters to boot. */
    warmUp() {
        while (!this.closed && this.workers.filter((w) => !w.retired).length < this.size)
            this.spawn();
    }
    close() {
        if (this.closing)
            return this.closing;
        this.closed = true;
        for (const job of this.queue.drain())
            job.reject(this.closedError(job.tool));
        this.closing = Promise.all([...this.alive].map(async (w) => {
            w.retired = true;
            w.setRef(true);
            w.child.stdin?.end();
            const force = setTimeout(() => w.kill(), w.inflight.length ? CLOSE_GRACE_MS : 200);
            await w.done;
            clearTimeout(force);
        })).then(() => undefined);
        return this.closing;
    }
    /** Processes running now (for diagnostics and tests). */
    get workerCount() {
        return this.workers.length;
    }
    label(file, name) {
        const rel = (0,external_node_path_.relative)(this.cwd, file);
        const shown = !rel || rel.startsWith('..') || (0,external_node_path_.isAbsolute)(rel) ? file : rel.split('\\').join('/');
        return name ? `${shown}:${name}` : shown;
    }
    submit(tool, request, signal) {
        if (this.closed)
            return Promise.reject(this.closedError(tool));
        if (signal?.aborted)
            return Promise.reject(this.canceledError(tool));
        const id = this.nextId++;
        let line;
        try {
            line = JSON.stringify({ id, ...request }) + '\n';
        }
        catch (e) {
            return Promise.reject(new TypeError(`arguments of python tool ${tool} are not JSON: ${e.message}`));
        }
        return new Promise((resolve, reject) => {
            const onAbort = () => this.cancel(job);
            const settle = (f) => (v) => {
                signal?.removeEventListener('abort', onAbort);
                f(v);
            };
            const job = { id, line, tool, resolve: settle(resolve), reject: settle(reject) };
            signal?.addEventListener('abort', onAbort, { once: true });
            this.queue.push(job);
            this.pump();
        });
    }
    /** A cancelled call: out of the queue, or its worker killed (the worker's other calls go back to the queue). */
    cancel(job) {
        if (this.queue.remove(job))
            return job.reject(this.canceledError(job.tool));
        const w = this.workers.find((x) => x.inflight.includes(job));
        if (!w)
            return;
        w.inflight.splice(w.inflight.indexOf(job), 1);
        this.retire(w, 'canceled');
        job.reject(this.canceledError(job.tool));
        this.requeue(w);
        this.pump();
    }
    canceledError(tool) {
        return new PythonWorkerError('canceled', `python tool ${tool} was cancelled (its worker was stopped)`, {
            tool
        });
    }
    closedError(tool) {
        return new PythonWorkerError('closed', `python worker pool is closed${tool ? ` (${tool} not run)` : ''}`, {
            tool
        });
    }
    pump() {
        while (this.queue.size > 0 && !this.closed) {
            const worker = this.pick();
            if (!worker)
                return;
            this.assign(worker, this.queue.shift());
        }
    }
    /** An idle worker, else a new one, else the least busy one with room in its pipeline. */
    pick() {
        let best;
        for (const w of this.workers) {
            if (w.retired)
                continue;
            if (w.inflight.length === 0)
                return w;
            if (w.inflight.length < this.depth && (!best || w.inflight.length < best.inflight.length))
                best = w;
        }
        if (this.workers.length < this.size)
            return this.spawn();
        return best;
    }
    assign(w, job) {
        w.inflight.push(job);
        w.setRef(true);
        if (w.inflight.length === 1)
            this.arm(w);
        w.child.stdin.write(job.line);
    }
    /** Starts the timeout of the worker's current (first) job. */
    arm(w) {
        if (w.timer)
            clearTimeout(w.timer);
        w.timer = undefined;
        if (w.inflight.length === 0)
            return;
        // a worker still starting gets time to start (a loaded machine takes seconds): the call's own
        // timeout starts again once it is ready
        const startGrace = w.info ? 0 : START_GRACE_MS;
        w.timer = setTimeout(() => this.onTimeout(w), this.callTimeoutMs + startGrace);
    }
    spawn() {
        const paths = installWorker();
        const child = (0,external_node_child_process_.spawn)(this.python, [paths.worker, paths.shim], {
            cwd: this.cwd,
            env: workerEnvironment(process.env, {
                PYTHONIOENCODING: 'utf-8',
                PYTHONDONTWRITEBYTECODE: '1',
                ...this.env
            }),
            stdio: ['pipe', 'pipe', 'pipe'],
            windowsHide: true,
            detached: process.platform !== 'win32' // own process group, so a kill reaches its subprocesses
        });
        const w = new Worker(child);
        this.workers.push(w);
        this.alive.add(w);
        child.stdin.on('error', () => undefined); // EPIPE after a crash: the exit handler reports it
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (chunk) => {
            for (const line of w.lines(chunk))
                if (line)
                    this.onLine(w, line);
        });
        child.stdout.on('close', () => {
            w.stdoutClosed = true;
            this.maybeFinish(w);
        });
        child.stderr.setEncoding('utf8');
        child.stderr.on('data', (chunk) => {
            w.stderrTail = (w.stderrTail + chunk).slice(-STDERR_TAIL);
            this.onStderr?.(chunk);
        });
        child.on('error', (err) => {
            if (child.pid === undefined) {
                w.spawnError = err;
                w.stdoutClosed = true;
                w.exit = { code: null, signal: null };
                this.maybeFinish(w);
            }
        });
        child.on('exit', (code, signal) => {
            w.exit = { code, signal };
            w.retired = true;
            this.maybeFinish(w);
        });
        return w;
    }
    onLine(w, line) {
        let msg;
        try {
            msg = JSON.parse(line);
        }
        catch {
            this.protocolError(w, `python worker wrote a line that is not JSON: ${line.slice(0, 200)}`);
            return;
        }
        if ('ready' in msg) {
            w.info = msg;
            this.arm(w);
            return;
        }
        const job = w.inflight[0];
        if (!job || msg.id !== job.id) {
            this.protocolError(w, `python worker answered request ${msg.id}, expected ${job?.id ?? 'none'}`);
            return;
        }
        w.inflight.shift();
        this.arm(w);
        if (w.inflight.length === 0)
            w.setRef(w.retired); // idle workers must not keep node alive
        if (msg.ok) {
            job.resolve({
                output: msg.revive ? revive(msg.output) : msg.output,
                logs: msg.logs ?? '',
                metrics: (msg.revive ? revive(msg.metrics) : msg.metrics),
                durationMs: msg.ms
            });
        }
        else {
            job.reject(new ToolError(job.tool, msg.error, msg.logs ?? ''));
        }
        this.pump();
    }
    protocolError(w, message) {
        if (w.killedFor)
            return;
        this.retire(w, 'protocol');
        const job = w.inflight.shift();
        job?.reject(new Error(message));
        this.requeue(w);
        this.pump();
    }
    onTimeout(w) {
        w.timer = undefined;
        const job = w.inflight.shift();
        if (!job)
            return;
        this.retire(w, 'timeout');
        job.reject(new PythonWorkerError('timeout', `python tool ${job.tool} did not finish within ${seconds(this.callTimeoutMs)} (its worker was stopped)`, { tool: job.tool, stderr: w.stderrTail }));
        this.requeue(w);
        this.pump();
    }
    /** Kills a worker and takes it out of service; a replacement starts when a job needs one. */
    retire(w, why) {
        w.retired = true;
        w.killedFor = why;
        if (w.timer)
            clearTimeout(w.timer);
        w.timer = undefined;
        const i = this.workers.indexOf(w);
        if (i >= 0)
            this.workers.splice(i, 1);
        w.kill();
        w.setRef(true); // until it is gone
    }
    /** Jobs sent ahead to a worker that is gone go back to the front of the queue, in order. */
    requeue(w) {
        for (const job of w.inflight.splice(0).reverse())
            this.queue.unshift(job);
    }
    maybeFinish(w) {
        if (w.finished || !w.exit || !w.stdoutClosed)
            return;
        w.finished = true;
        this.alive.delete(w);
        if (w.timer)
            clearTimeout(w.timer);
        w.timer = undefined;
        const i = this.workers.indexOf(w);
        if (i >= 0)
            this.workers.splice(i, 1);
        w.setRef(false);
        w.resolveDone();
        if (w.killedFor) {
            // its jobs were settled or requeued when it was killed
        }
        else if (this.closed) {
            for (const job of w.inflight.splice(0))
                job.reject(this.closedError(job.tool));
        }
        else if (!w.info) {
            this.startFailed(w);
        }
        else {
            const job = w.inflight.shift();
            if (job) {
                const { code, signal } = w.exit;
                const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
                const tail = w.stderrTail.trim();
                job.reject(new PythonWorkerError('exit', `python worker ${how} while running ${job.tool}${tail ? `\n${tail}` : ''}`, {
                    tool: job.tool,
                    exitCode: code,
                    signal,
                    stderr: w.stderrTail
                }));
            }
            this.requeue(w);
        }
        this.pump();
    }
    /** The worker died before it was ready: the interpreter is missing, too old, or broken. */
    startFailed(w) {
        const err = w.spawnError;
        const tail = w.stderrTail.trim();
        let message;
        if (err?.code === 'ENOENT') {
            message = `python interpreter "${this.python}" was not found: install Python 3.9+ or set GENAIOPS_PYTHON to the interpreter to use`;
        }
        else if (err) {
            message = `could not start python interpreter "${this.python}": ${err.message}`;
        }
        else {
            const { code, signal } = w.exit;
            message = `python worker (${this.python}) ${signal ? `was killed by ${signal}` : `exited with code ${code}`} while starting${tail ? `:\n${tail}` : ''}`;
        }
        const error = (tool) => new PythonWorkerError('start', message, {
            tool,
            exitCode: w.exit?.code,
            signal: w.exit?.signal,
            stderr: w.stderrTail
        });
        const jobs = w.inflight.splice(0);
        // With no healthy worker left, every waiting call would fail the same way: fail them now.
        if (!this.workers.some((o) => o.info && !o.retired))
            jobs.push(...this.queue.drain());
        for (const job of jobs)
            job.reject(error(job.tool));
    }
}


/***/ }),

/***/ 27058:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  z5: () => (/* reexport */ CHAT_ROLES),
  Gq: () => (/* reexport */ compileTemplate),
  AK: () => (/* reexport */ parseChatMessages)
});

// UNUSED EXPORTS: renderTemplate, usesChatRoles

// EXTERNAL MODULE: ./packages/core/dist/errors.js
var errors = __webpack_require__(71403);
// EXTERNAL MODULE: ./packages/core/dist/engine/template/lexer.js
var lexer = __webpack_require__(39838);
// EXTERNAL MODULE: ./packages/core/dist/engine/template/pystr.js
var pystr = __webpack_require__(34618);
// EXTERNAL MODULE: ./packages/core/dist/engine/template/pynum.js
var pynum = __webpack_require__(70657);
;// CONCATENATED MODULE: ./packages/core/dist/engine/template/values.js
/**
 * The Python value model the renderer works on.
 *
 *   None → null, bool → boolean, int → bigint, float → number, str → string, list → JS array,
 *   tuple → PyTuple, dict → PyDict (insertion ordered, Python key equality), everything else a
 *   PyObject subclass (Undefined, ranges, iterators, dict views, callables, loop, namespace, …).
 */


/** A Python exception raised while rendering; `pyType` is the Python exception class name. */
class PyError extends Error {
    pyType;
    /** Where in the (normalized) template source it was raised; set by the renderer. */
    templatePos;
    constructor(pyType, message) {
        super(message);
        this.pyType = pyType;
    }
}
function typeError(message) {
    return new PyError('TypeError', message);
}
class PyObject {
    repr() {
        return `<${this.typeName} object>`;
    }
    str() {
        return this.repr();
    }
    truthy() {
        return true;
    }
    /** An attribute (method or property), or undefined when there is none. */
    getAttr(_name) {
        return undefined;
    }
    /** Iteration; undefined when the object is not iterable. */
    iter() {
        return undefined;
    }
    /** `len()`; undefined when the object has no length. */
    len() {
        return undefined;
    }
}
class PyTuple extends PyObject {
    items;
    typeName = 'tuple';
    constructor(items) {
        super();
        this.items = items;
    }
    repr() {
        if (this.items.length === 1)
            return `(${repr(this.items[0])},)`;
        return `(${this.items.map(repr).join(', ')})`;
    }
    truthy() {
        return this.items.length > 0;
    }
    iter() {
        return this.items;
    }
    len() {
        return this.items.length;
    }
}
/** Python's hash equality as a string key: 1 == 1.0 == True share a key. */
function hashKey(v) {
    if (v === null)
        return 'N';
    if (typeof v === 'boolean')
        return v ? 'n1' : 'n0';
    if (typeof v === 'bigint')
        return `n${v}`;
    if (typeof v === 'number')
        return Number.isInteger(v) ? `n${BigInt(v)}` : `f${v}`;
    if (typeof v === 'string')
        return `s${v}`;
    if (v instanceof PyTuple)
        return `t(${v.items.map(hashKey).join(',')})`;
    if (v instanceof Undefined)
        return 'U';
    if (Array.isArray(v) || v instanceof PyDict)
        throw typeError(`unhashable type: '${typeName(v)}'`);
    return `o${objectId(v)}`;
}
const ids = new WeakMap();
let nextId = 1;
function objectId(o) {
    let id = ids.get(o);
    if (id === undefined)
        ids.set(o, (id = nextId++));
    return id;
}
class PyDict extends PyObject {
    typeName = 'dict';
    map = new Map();
    static from(entries) {
        const d = new PyDict();
        for (const [k, v] of entries)
            d.set(k, v);
        return d;
    }
    get size() {
        return this.map.size;
    }
    get(key) {
        return this.map.get(hashKey(key))?.[1];
    }
    has(key) {
        return this.map.has(hashKey(key));
    }
    set(key, value) {
        const h = hashKey(key);
        const old = this.map.get(h);
        if (old)
            old[1] = value;
        else
            this.map.set(h, [key, value]);
    }
    delete(key) {
        return this.map.delete(hashKey(key));
    }
    keys() {
        return [...this.map.values()].map((e) => e[0]);
    }
    values() {
        return [...this.map.values()].map((e) => e[1]);
    }
    entries() {
        return [...this.map.values()].map((e) => [e[0], e[1]]);
    }
    repr() {
        return `{${this.entries()
            .map(([k, v]) => `${repr(k)}: ${repr(v)}`)
            .join(', ')}}`;
    }
    truthy() {
        return this.map.size > 0;
    }
    iter() {
        return this.keys();
    }
    len() {
        return this.map.size;
    }
}
const missing = Symbol('missing');
/** Jinja2's default `Undefined`: prints as '', iterates empty, is falsy; anything else raises. */
class Undefined extends PyObject {
    hint;
    obj;
    name;
    typeName = 'Undefined';
    constructor(hint, obj = missing, name) {
        super();
        this.hint = hint;
        this.obj = obj;
        this.name = name;
    }
    static named(name) {
        return new Undefined(undefined, missing, name);
    }
    get message() {
        if (this.hint)
            return this.hint;
        if (this.obj === missing)
            return `${repr(this.name ?? null)} is undefined`;
        if (typeof this.name !== 'string')
            return `${objectTypeRepr(this.obj)} has no element ${repr(this.name ?? null)}`;
        return `${(0,pystr/* pyStrRepr */.ow)(objectTypeRepr(this.obj))} has no attribute ${(0,pystr/* pyStrRepr */.ow)(this.name)}`;
    }
    fail() {
        throw new PyError('UndefinedError', this.message);
    }
    repr() {
        return 'Undefined';
    }
    str() {
        return '';
    }
    truthy() {
        return false;
    }
    iter() {
        return [];
    }
    len() {
        return 0;
    }
}
/** Jinja's `object_type_repr`, used in undefined messages ("dict object", "None"). */
function objectTypeRepr(v) {
    if (v === null)
        return 'None';
    return `${typeName(v)} object`;
}
/** A single-use iterator (generator, list_reverseiterator): truthy even when empty. */
class PyIterator extends PyObject {
    typeName;
    items;
    pos = 0;
    constructor(typeName, items) {
        super();
        this.typeName = typeName;
        this.items = items;
    }
    iter() {
        const rest = this.items.slice(this.pos);
        this.pos = this.items.length;
        return rest;
    }
}
class PyRange extends PyObject {
    start;
    stop;
    step;
    typeName = 'range';
    constructor(start, stop, step) {
        super();
        this.start = start;
        this.stop = stop;
        this.step = step;
    }
    len() {
        const { start, stop, step } = this;
        const n = step > 0n ? (stop - start + step - 1n) / step : (start - stop - step - 1n) / -step;
        return n > 0n ? Number(n) : 0;
    }
    at(i) {
        return this.start + BigInt(i) * this.step;
    }
    iter() {
        const out = [];
        for (let i = 0, n = this.len(); i < n; i++)
            out.push(this.at(i));
        return out;
    }
    truthy() {
        return this.len() > 0;
    }
    repr() {
        return this.step === 1n
            ? `range(${this.start}, ${this.stop})`
            : `range(${this.start}, ${this.stop}, ${this.step})`;
    }
}
/** `dict.items()`, `.keys()`, `.values()` views. */
class PyDictView extends PyObject {
    kind;
    dict;
    constructor(kind, dict) {
        super();
        this.kind = kind;
        this.dict = dict;
    }
    get typeName() {
        return `dict_${this.kind}`;
    }
    iter() {
        if (this.kind === 'keys')
            return this.dict.keys();
        if (this.kind === 'values')
            return this.dict.values();
        return this.dict.entries().map((e) => new PyTuple(e));
    }
    len() {
        return this.dict.size;
    }
    truthy() {
        return this.dict.size > 0;
    }
    repr() {
        return `${this.typeName}([${this.iter().map(repr).join(', ')}])`;
    }
}
/** A callable: builtin function, bound method, macro, loop (recursive), cycler.next, … */
class PyCallable extends PyObject {
    name;
    fn;
    display;
    typeName;
    constructor(name, fn, display, typeNameOverride = 'builtin_function_or_method') {
        super();
        this.name = name;
        this.fn = fn;
        this.display = display;
        this.typeName = typeNameOverride;
    }
    call(args, kwargs) {
        return this.fn(args, kwargs);
    }
    repr() {
        return this.display ?? `<built-in function ${this.name}>`;
    }
}
function isCallable(v) {
    return v instanceof PyObject && typeof v.call === 'function';
}
/** `namespace()` objects: attribute bags that `{% set ns.x = … %}` can assign to. */
class PyNamespace extends PyObject {
    typeName = 'Namespace';
    attrs = new PyDict();
    getAttr(name) {
        return this.attrs.get(name);
    }
    repr() {
        return `<Namespace ${this.attrs.repr()}>`;
    }
}
// --- generic operations ---------------------------------------------------------------------
function typeName(v) {
    if (v === null)
        return 'NoneType';
    if (typeof v === 'boolean')
        return 'bool';
    if (typeof v === 'bigint')
        return 'int';
    if (typeof v === 'number')
        return 'float';
    if (typeof v === 'string')
        return 'str';
    if (Array.isArray(v))
        return 'list';
    return v.typeName;
}
/** Python's `repr()`. */
function repr(v) {
    if (v === null)
        return 'None';
    if (typeof v === 'boolean')
        return v ? 'True' : 'False';
    if (typeof v === 'bigint')
        return v.toString();
    if (typeof v === 'number')
        return (0,pynum/* floatRepr */.KL)(v);
    if (typeof v === 'string')
        return (0,pystr/* pyStrRepr */.ow)(v);
    if (Array.isArray(v))
        return `[${v.map(repr).join(', ')}]`;
    return v.repr();
}
/** Python's `str()`. */
function str(v) {
    if (typeof v === 'string')
        return v;
    if (v instanceof PyObject)
        return v.str();
    return repr(v);
}
function truthy(v) {
    if (v === null)
        return false;
    if (typeof v === 'boolean')
        return v;
    if (typeof v === 'bigint')
        return v !== 0n;
    if (typeof v === 'number')
        return v !== 0;
    if (typeof v === 'string')
        return v.length > 0;
    if (Array.isArray(v))
        return v.length > 0;
    return v.truthy();
}
/** Python's `iter()`: strings yield code points, dicts their keys. */
function iterate(v) {
    if (typeof v === 'string')
        return (0,pystr/* codePoints */.BH)(v);
    if (Array.isArray(v))
        return v.slice();
    const it = v instanceof PyObject ? v.iter() : undefined;
    if (it === undefined)
        throw typeError(`'${typeName(v)}' object is not iterable`);
    return it;
}
function toList(v) {
    return Array.from(iterate(v));
}
function pyLength(v) {
    if (typeof v === 'string')
        return (0,pystr/* pyLen */.lO)(v);
    if (Array.isArray(v))
        return v.length;
    const n = v instanceof PyObject ? v.len() : undefined;
    if (n === undefined)
        throw typeError(`object of type '${typeName(v)}' has no len()`);
    return n;
}
function isNumber(v) {
    return typeof v === 'boolean' || typeof v === 'bigint' || typeof v === 'number';
}
/** int/bool as bigint; floats stay numbers. */
function numeric(v) {
    return typeof v === 'boolean' ? (v ? 1n : 0n) : v;
}
function compareNumbers(a, b) {
    if (typeof a === 'bigint' && typeof b === 'bigint')
        return a < b ? -1 : a > b ? 1 : 0;
    if (typeof a === 'number' && typeof b === 'number')
        return a < b ? -1 : a > b ? 1 : a === b ? 0 : NaN;
    // Mixed int/float: compare exactly.
    const [i, f, flip] = typeof a === 'bigint' ? [a, b, 1] : [b, a, -1];
    if (Number.isNaN(f))
        return NaN;
    if (!Number.isFinite(f))
        return f > 0 ? -flip : flip;
    const fl = BigInt(Math.floor(f));
    let c;
    if (i < fl)
        c = -1;
    else if (i > fl)
        c = 1;
    else
        c = Number.isInteger(f) ? 0 : -1;
    return c * flip;
}
/** Python's `==`. */
function pyEquals(a, b) {
    if (isNumber(a) && isNumber(b))
        return compareNumbers(numeric(a), numeric(b)) === 0;
    if (typeof a === 'string' || typeof b === 'string')
        return a === b;
    if (a === null || b === null)
        return a === b;
    if (Array.isArray(a) || Array.isArray(b)) {
        return (Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => pyEquals(x, b[i])));
    }
    if (a instanceof PyTuple && b instanceof PyTuple) {
        return a.items.length === b.items.length && a.items.every((x, i) => pyEquals(x, b.items[i]));
    }
    if (a instanceof PyDict && b instanceof PyDict) {
        return a.size === b.size && a.entries().every(([k, v]) => b.has(k) && pyEquals(v, b.get(k)));
    }
    if (a instanceof Undefined || b instanceof Undefined)
        return a instanceof Undefined && b instanceof Undefined;
    if (a instanceof PyRange && b instanceof PyRange)
        return pyEquals(toList(a), toList(b));
    return a === b;
}
const OP_SYMBOL = { lt: '<', le: '<=', gt: '>', ge: '>=' };
/** Python's ordering: returns <0, 0, >0 (NaN when unordered), or raises TypeError. */
function pyCompare(a, b, op = 'lt') {
    if (a instanceof Undefined)
        a.fail();
    if (b instanceof Undefined)
        b.fail();
    if (isNumber(a) && isNumber(b))
        return compareNumbers(numeric(a), numeric(b));
    if (typeof a === 'string' && typeof b === 'string')
        return (0,pystr/* compareStr */.FF)(a, b);
    const seqs = Array.isArray(a) && Array.isArray(b)
        ? [a, b]
        : a instanceof PyTuple && b instanceof PyTuple
            ? [a.items, b.items]
            : undefined;
    if (seqs) {
        const [x, y] = seqs;
        for (let i = 0; i < Math.min(x.length, y.length); i++) {
            if (!pyEquals(x[i], y[i]))
                return pyCompare(x[i], y[i], op);
        }
        return x.length - y.length;
    }
    throw typeError(`'${OP_SYMBOL[op]}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}
/** JSON-like JS data → Python values, as Python's json module would load the same JSON text. */
function fromJS(v) {
    if (v === null || v === undefined)
        return null;
    if (typeof v === 'boolean' || typeof v === 'string' || typeof v === 'bigint')
        return v;
    // Integral numbers are ints, as JSON text writes them (JSON.stringify uses exponents from 1e21 on).
    // The digits are those JSON text carries (shortest round-trip), not the exact double: 3.7e19 → 37000000000000000000.
    if (typeof v === 'number')
        return Number.isInteger(v) && Math.abs(v) < 1e21 ? BigInt(String(v)) : v;
    if (v instanceof PyObject)
        return v;
    if (Array.isArray(v))
        return v.map(fromJS);
    if (v instanceof Map)
        return PyDict.from([...v.entries()].map(([k, x]) => [fromJS(k), fromJS(x)]));
    if (typeof v === 'object')
        return PyDict.from(Object.entries(v).map(([k, x]) => [k, fromJS(x)]));
    return String(v);
}

;// CONCATENATED MODULE: ./packages/core/dist/engine/template/args.js
/** Binding Python-style call arguments (positional and keyword) to parameter names. */

/**
 * Binds `args`/`kwargs` to `params` (the first `required` ones are mandatory). Returns one slot per
 * parameter, `undefined` where nothing was passed. Raises TypeError the way Python phrases it.
 */
function bindArgs(fname, params, required, args, kwargs) {
    if (args.length > params.length) {
        throw typeError(`${fname}() takes at most ${params.length} argument${params.length === 1 ? '' : 's'} (${args.length} given)`);
    }
    const out = params.map((_, i) => args[i]);
    for (const [k, v] of kwargs) {
        const i = params.indexOf(k);
        if (i < 0)
            throw typeError(`${fname}() got an unexpected keyword argument '${k}'`);
        if (out[i] !== undefined)
            throw typeError(`${fname}() got multiple values for argument '${k}'`);
        out[i] = v;
    }
    for (let i = 0; i < required; i++) {
        if (out[i] === undefined)
            throw typeError(`${fname}() missing required argument '${params[i]}'`);
    }
    return out;
}
function asStr(v, what) {
    if (typeof v !== 'string')
        throw typeError(`${what} must be str, not ${typeName(v)}`);
    return v;
}
/** An int (or bool) argument as a JS number. */
function asInt(v, what = 'argument') {
    if (typeof v === 'bigint' || typeof v === 'boolean')
        return Number(numeric(v));
    throw typeError(`'${typeName(v)}' object cannot be interpreted as an integer${what === 'argument' ? '' : ` (${what})`}`);
}

;// CONCATENATED MODULE: ./packages/core/dist/engine/template/format.js
/** Python string formatting: `fmt % args` and `str.format(...)`. */




/** Formats |v| for a numeric presentation type; returns the digits and whether v is negative. */
function formatNumber(v, spec) {
    const { type, alt } = spec;
    if (typeof v === 'bigint' && 'bcdoxXn'.includes(type)) {
        const neg = v < 0n;
        const a = neg ? -v : v;
        const radix = { b: 2, o: 8, x: 16, X: 16 }[type] ?? 10;
        let body = a.toString(radix);
        if (type === 'X')
            body = body.toUpperCase();
        if (spec.grouping)
            body = (0,pynum/* groupDigits */.K9)(body, spec.grouping, radix === 10 ? 3 : 4);
        if (alt && radix !== 10)
            body = `0${type === 'X' ? 'X' : type}${body}`;
        if (type === 'c')
            body = String.fromCodePoint(Number(a));
        return { body, neg };
    }
    const x = typeof v === 'bigint' ? Number(v) : v;
    const neg = x < 0 || Object.is(x, -0);
    const a = type === '%' ? Math.abs(x) * 100 : Math.abs(x);
    const upper = type !== '' && 'EFG'.includes(type);
    if (!Number.isFinite(a)) {
        const word = Number.isNaN(a) ? 'nan' : 'inf';
        const body = (upper ? word.toUpperCase() : word) + (type === '%' ? '%' : '');
        return { body, neg: neg && !Number.isNaN(a) };
    }
    const p = spec.precision;
    let body;
    switch (type) {
        case 'f':
        case 'F':
            body = (0,pynum/* fixedDigits */.Rj)(a, p ?? 6);
            if (alt && !body.includes('.'))
                body += '.';
            break;
        case 'e':
        case 'E':
            body = (0,pynum/* expString */.Xd)(a, p ?? 6, upper, alt);
            break;
        case 'g':
        case 'G':
            body = (0,pynum/* generalString */.cK)(a, p ?? 6, upper, alt);
            break;
        case '%':
            body = `${(0,pynum/* fixedDigits */.Rj)(a, p ?? 6)}%`;
            break;
        default: {
            // No presentation type: repr, or 'g'-like with at least one digit after the point.
            if (p === undefined) {
                body = (0,pynum/* floatRepr */.KL)(a);
                break;
            }
            const e = a === 0 ? 0 : Number((0,pynum/* expString */.Xd)(a, Math.max(p, 1) - 1).split('e')[1]);
            body = (0,pynum/* generalString */.cK)(a, p, false, alt);
            if (e >= -4 && e < Math.max(p, 1) - 1) {
                if (!body.includes('.'))
                    body += '.0';
            }
            else if (!body.includes('e')) {
                body = (0,pynum/* expString */.Xd)(a, Math.max(p, 1) - 1).replace(/\.?0+e/, 'e');
            }
        }
    }
    if (spec.grouping) {
        const int = /^\d+/.exec(body)[0];
        body = (0,pynum/* groupDigits */.K9)(int, spec.grouping) + body.slice(int.length);
    }
    return { body, neg };
}
function pad(s, width, align, fill) {
    const n = width - (0,pystr/* pyLen */.lO)(s);
    if (n <= 0)
        return s;
    if (align === '<')
        return s + fill.repeat(n);
    if (align === '^')
        return fill.repeat(Math.floor(n / 2)) + s + fill.repeat(n - Math.floor(n / 2));
    return fill.repeat(n) + s;
}
// --- printf style -------------------------------------------------------------------------
const PERCENT_SPEC = /%(?:\(([^)]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])?/g;
/** Python's `fmt % values`. */
function percentFormat(fmt, values) {
    const isTuple = values instanceof PyTuple;
    const args = isTuple ? values.items : [values];
    // CPython skips the "not all arguments converted" check when the right side is a mapping-like.
    const mappingLike = !isTuple &&
        (values instanceof PyDict ||
            Array.isArray(values) ||
            values instanceof PyRange ||
            values instanceof Undefined);
    let next = 0;
    const take = () => {
        if (next >= args.length)
            throw typeError('not enough arguments for format string');
        return args[next++];
    };
    const out = fmt.replace(PERCENT_SPEC, (_whole, key, flags, w, prec, type) => {
        if (!type)
            throw new PyError('ValueError', 'incomplete format');
        if (type === '%')
            return '%';
        const width = w === '*' ? asInt(take()) : w ? Number(w) : 0;
        const precision = prec === '*' ? asInt(take()) : prec !== undefined ? Number(prec) : undefined;
        let value;
        if (key !== undefined) {
            if (!(values instanceof PyDict))
                throw typeError('format requires a mapping');
            const found = values.get(key);
            if (found === undefined)
                throw new PyError('KeyError', (0,pystr/* pyStrRepr */.ow)(key));
            value = found;
        }
        else {
            value = take();
        }
        const left = flags.includes('-');
        let s;
        let sign = '';
        let numeric_ = false;
        if (type === 's' || type === 'r' || type === 'a') {
            s = type === 's' ? str(value) : repr(value);
            if (precision !== undefined)
                s = (0,pystr/* codePoints */.BH)(s).slice(0, precision).join('');
        }
        else if (type === 'c') {
            if (typeof value === 'string' && (0,pystr/* pyLen */.lO)(value) === 1)
                s = value;
            else if (typeof value === 'bigint')
                s = String.fromCodePoint(Number(value));
            else
                throw typeError('%c requires int or char');
        }
        else {
            if (!isNumber(value)) {
                throw typeError('diouxX'.includes(type)
                    ? `%${type} format: ${'diu'.includes(type) ? 'a real number' : 'an integer'} is required, not ${typeName(value)}`
                    : `must be real number, not ${typeName(value)}`);
            }
            let n = numeric(value);
            if ('diu'.includes(type))
                n = typeof n === 'number' ? BigInt(Math.trunc(n)) : n;
            else if ('oxX'.includes(type) && typeof n === 'number') {
                throw typeError(`%${type} format: an integer is required, not float`);
            }
            const t = 'diu'.includes(type) ? 'd' : type;
            const r = formatNumber(n, { type: t, precision, alt: flags.includes('#') });
            s = r.body;
            sign = r.neg ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
            numeric_ = true;
        }
        if (numeric_ && flags.includes('0') && !left && /^[0-9]/.test(s)) {
            const prefix = /^0[xXo]/.test(s) ? s.slice(0, 2) : '';
            return sign + prefix + s.slice(prefix.length).padStart(width - sign.length - prefix.length, '0');
        }
        return pad(sign + s, width, left ? '<' : '>', ' ');
    });
    if (next < args.length && !mappingLike) {
        throw typeError('not all arguments converted during string formatting');
    }
    return out;
}
// --- str.format ---------------------------------------------------------------------------
const SPEC = /^(?:(.)?([<>=^]))?([-+ ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/su;
/** Python's `format(value, spec)` for the builtin types. */
function formatValue(value, spec) {
    if (spec === '')
        return str(value);
    const m = SPEC.exec(spec);
    if (!m)
        throw new PyError('ValueError', `Invalid format specifier '${spec}' for object of type '${typeName(value)}'`);
    const [, fillCh, alignCh, signCh, , alt, zero, w, grouping, prec, typeCh] = m;
    const width = w ? Number(w) : 0;
    const precision = prec !== undefined ? Number(prec) : undefined;
    let fill = fillCh ?? ' ';
    let align = alignCh;
    if (typeof value === 'string') {
        if (typeCh && typeCh !== 's')
            throw new PyError('ValueError', `Unknown format code '${typeCh}' for object of type 'str'`);
        if (signCh)
            throw new PyError('ValueError', 'Sign not allowed in string format specifier');
        const s = precision !== undefined ? (0,pystr/* codePoints */.BH)(value).slice(0, precision).join('') : value;
        return pad(s, width, align ?? '<', zero && !fillCh ? '0' : fill);
    }
    if (!isNumber(value))
        throw typeError(`unsupported format string passed to ${typeName(value)}.__format__`);
    let n = numeric(value);
    let type = typeCh ?? '';
    if (typeof n === 'bigint') {
        if (precision !== undefined && (type === '' || 'bcdoxXn'.includes(type))) {
            throw new PyError('ValueError', 'Precision not allowed in integer format specifier');
        }
        if (type === '')
            type = 'd';
        if (!'bcdoxXn'.includes(type))
            n = Number(n);
    }
    else if ('bcdoxX'.includes(type) && type !== '') {
        throw new PyError('ValueError', `Unknown format code '${type}' for object of type 'float'`);
    }
    const { body, neg } = formatNumber(n, {
        type: type === 'n' ? (typeof n === 'bigint' ? 'd' : 'g') : type,
        precision,
        alt: !!alt,
        grouping
    });
    const sign = neg ? '-' : signCh === '+' ? '+' : signCh === ' ' ? ' ' : '';
    if (zero && !alignCh) {
        fill = '0';
        align = '=';
    }
    if ((align ?? '>') === '=') {
        const prefix = /^0[bxXo]/.test(body) ? body.slice(0, 2) : '';
        return sign + prefix + pad(body.slice(prefix.length), width - (0,pystr/* pyLen */.lO)(sign) - prefix.length, '>', fill);
    }
    return pad(sign + body, width, align ?? '>', fill);
}
function strFormat(fmt, args, kwargs, access) {
    let auto = 0;
    let manual = false;
    const resolve = (field) => {
        const m = /^([^.[]*)(.*)$/s.exec(field);
        const head = m[1];
        let value;
        if (head === '') {
            if (manual)
                throw new PyError('ValueError', 'cannot switch from manual field specification to automatic field numbering');
            if (auto >= args.length)
                throw new PyError('IndexError', `Replacement index ${auto} out of range for positional args tuple`);
            value = args[auto++];
        }
        else if (/^\d+$/.test(head)) {
            manual = true;
            const i = Number(head);
            if (i >= args.length)
                throw new PyError('IndexError', `Replacement index ${i} out of range for positional args tuple`);
            value = args[i];
        }
        else {
            if (!kwargs.has(head))
                throw new PyError('KeyError', (0,pystr/* pyStrRepr */.ow)(head));
            value = kwargs.get(head);
        }
        for (const part of m[2].matchAll(/\.([^.[]+)|\[([^\]]*)\]/g)) {
            if (part[1] !== undefined)
                value = access.getAttr(value, part[1]);
            else
                value = access.getItem(value, /^\d+$/.test(part[2]) ? BigInt(part[2]) : part[2]);
        }
        return value;
    };
    let out = '';
    let i = 0;
    while (i < fmt.length) {
        const ch = fmt[i];
        if (ch === '{' && fmt[i + 1] === '{') {
            out += '{';
            i += 2;
        }
        else if (ch === '}' && fmt[i + 1] === '}') {
            out += '}';
            i += 2;
        }
        else if (ch === '}') {
            throw new PyError('ValueError', "Single '}' encountered in format string");
        }
        else if (ch === '{') {
            let depth = 1;
            let j = i + 1;
            while (j < fmt.length && depth) {
                if (fmt[j] === '{')
                    depth++;
                else if (fmt[j] === '}')
                    depth--;
                j++;
            }
            if (depth)
                throw new PyError('ValueError', "expected '}' before end of string");
            const inner = fmt.slice(i + 1, j - 1);
            const m = /^([^!:]*)(?:!([rsa]))?(?::(.*))?$/s.exec(inner);
            if (!m)
                throw new PyError('ValueError', 'invalid format string');
            let value = resolve(m[1]);
            if (m[2] === 'r' || m[2] === 'a')
                value = repr(value);
            else if (m[2] === 's')
                value = str(value);
            const spec = (m[3] ?? '').replace(/\{([^{}]*)\}/g, (_, f) => str(resolve(f)));
            out += formatValue(value, spec);
            i = j;
        }
        else {
            out += ch;
            i++;
        }
    }
    return out;
}

;// CONCATENATED MODULE: ./packages/core/dist/engine/template/items.js
/** Python item access and slicing (`x[i]`, `x[a:b:c]`), shared by operators, methods and filters. */


// --- slicing and indexing -------------------------------------------------------------------
class PySlice extends PyObject {
    start;
    stop;
    step;
    typeName = 'slice';
    constructor(start, stop, step) {
        super();
        this.start = start;
        this.stop = stop;
        this.step = step;
    }
    repr() {
        return `slice(${[this.start, this.stop, this.step].map((v) => (v === null ? 'None' : String(v))).join(', ')})`;
    }
}
function sliceIndex(v) {
    if (v === null)
        return null;
    if (typeof v === 'bigint' || typeof v === 'boolean')
        return Number(numeric(v));
    throw typeError('slice indices must be integers or None or have an __index__ method');
}
/** `slice.indices(len)`: start, stop and step adjusted to a sequence of `len` items. */
function adjustSlice(s, len) {
    const step = sliceIndex(s.step) ?? 1;
    if (step === 0)
        throw new PyError('ValueError', 'slice step cannot be zero');
    const clamp = (v, dflt) => {
        if (v === null)
            return dflt;
        if (v < 0)
            v += len;
        if (step > 0)
            return Math.min(Math.max(v, 0), len);
        return Math.min(Math.max(v, -1), len - 1);
    };
    return {
        start: clamp(sliceIndex(s.start), step > 0 ? 0 : len - 1),
        stop: clamp(sliceIndex(s.stop), step > 0 ? len : -1),
        step
    };
}
/** The positions a Python slice selects from a sequence of `len` items. */
function sliceIndices(s, len) {
    const { start, stop, step } = adjustSlice(s, len);
    const out = [];
    if (step > 0)
        for (let i = start; i < stop; i += step)
            out.push(i);
    else
        for (let i = start; i > stop; i += step)
            out.push(i);
    return out;
}
/** `obj[key]`, or undefined where Python raises LookupError/TypeError (Jinja turns those into Undefined). */
function rawGetItem(obj, key) {
    const seq = typeof obj === 'string'
        ? (0,pystr/* codePoints */.BH)(obj)
        : Array.isArray(obj)
            ? obj
            : obj instanceof PyTuple
                ? obj.items
                : undefined;
    if (seq !== undefined || obj instanceof PyRange) {
        const len = seq ? seq.length : obj.len();
        const at = (i) => (seq ? seq[i] : obj.at(i));
        if (key instanceof PySlice) {
            const picked = sliceIndices(key, len);
            if (typeof obj === 'string')
                return picked.map((i) => seq[i]).join('');
            if (obj instanceof PyTuple)
                return new PyTuple(picked.map(at));
            if (obj instanceof PyRange) {
                const { start, stop, step } = adjustSlice(key, len);
                return new PyRange(obj.at(start), obj.at(stop), obj.step * BigInt(step));
            }
            return picked.map(at);
        }
        if (typeof key !== 'bigint' && typeof key !== 'boolean')
            return undefined;
        let i = Number(numeric(key));
        if (i < 0)
            i += len;
        return i >= 0 && i < len ? at(i) : undefined;
    }
    if (obj instanceof PyDict) {
        try {
            return obj.get(key);
        }
        catch {
            return undefined;
        }
    }
    return undefined;
}
/** `obj[a:b:c]`: Jinja compiles slices to a plain Python subscript, so failures raise. */
function sliceValue(obj, s) {
    if (obj instanceof Undefined)
        obj.fail();
    const item = rawGetItem(obj, s);
    if (item !== undefined)
        return item;
    if (obj instanceof PyDict)
        throw typeError("unhashable type: 'slice'");
    throw typeError(`'${typeName(obj)}' object is not subscriptable`);
}

;// CONCATENATED MODULE: ./packages/core/dist/engine/template/methods.js
/** Methods of Python's builtin types that templates call: `s.strip()`, `d.items()`, `xs.append(x)`. */





function m(params, required, fn) {
    return { params, required, fn };
}
const optStr = (v, what) => v === undefined || v === null ? null : asStr(v, what);
const optInt = (v, dflt) => (v === undefined || v === null ? dflt : asInt(v));
/** `s[start:end]` in code points, and the code point offset where it starts. */
function methods_window(s, start, end) {
    if ((start === undefined || start === null) && (end === undefined || end === null))
        return [s, 0];
    const cps = (0,pystr/* codePoints */.BH)(s);
    const { start: a, stop: b } = adjustSlice(new PySlice(start ?? null, end ?? null, null), cps.length);
    return [cps.slice(a, Math.max(a, b)).join(''), a];
}
function find(s, sub, start, end, fromRight) {
    const needle = asStr(sub ?? null, 'substring');
    const [w, off] = methods_window(s, start, end);
    const i = fromRight ? w.lastIndexOf(needle) : w.indexOf(needle);
    return i < 0 ? -1 : off + (0,pystr/* unitToCpIndex */.ZV)(w, i);
}
function affix(s, what, start, end, name, test) {
    const [w] = methods_window(s, start, end);
    const options = what instanceof PyTuple ? what.items : [what ?? null];
    return options.some((p) => {
        if (typeof p !== 'string') {
            throw typeError(`${name} first arg must be str or a tuple of str, not ${typeName(p)}`);
        }
        return test(w, p);
    });
}
function partition(s, sep, fromRight) {
    const p = asStr(sep ?? null, 'sep');
    if (!p)
        throw new PyError('ValueError', 'empty separator');
    const i = fromRight ? s.lastIndexOf(p) : s.indexOf(p);
    if (i < 0)
        return new PyTuple(fromRight ? ['', '', s] : [s, '', '']);
    return new PyTuple([s.slice(0, i), p, s.slice(i + p.length)]);
}
function just(s, width, fill, side) {
    const f = fill === undefined ? ' ' : asStr(fill, 'fillchar');
    if ((0,pystr/* pyLen */.lO)(f) !== 1)
        throw typeError('The fill character must be exactly one character long');
    const n = asInt(width ?? null) - (0,pystr/* pyLen */.lO)(s);
    if (n <= 0)
        return s;
    return side === 'l' ? s + f.repeat(n) : f.repeat(n) + s;
}
const STR = {
    upper: m([], 0, (s) => s.toUpperCase()),
    lower: m([], 0, (s) => s.toLowerCase()),
    title: m([], 0, (s) => (0,pystr/* pyTitle */.Yp)(s)),
    capitalize: m([], 0, (s) => (0,pystr/* pyCapitalize */.Os)(s)),
    swapcase: m([], 0, (s) => (0,pystr/* pySwapcase */.BS)(s)),
    strip: m(['chars'], 0, (s, [c]) => (0,pystr/* pyStrip */.m0)(s, optStr(c, 'strip arg'))),
    lstrip: m(['chars'], 0, (s, [c]) => (0,pystr/* pyStrip */.m0)(s, optStr(c, 'lstrip arg'), true, false)),
    rstrip: m(['chars'], 0, (s, [c]) => (0,pystr/* pyStrip */.m0)(s, optStr(c, 'rstrip arg'), false, true)),
    split: m(['sep', 'maxsplit'], 0, (s, [sep, n]) => (0,pystr/* pySplit */.GX)(s, optStr(sep, 'sep'), optInt(n, -1))),
    rsplit: m(['sep', 'maxsplit'], 0, (s, [sep, n]) => (0,pystr/* pyRSplit */.m_)(s, optStr(sep, 'sep'), optInt(n, -1))),
    splitlines: m(['keepends'], 0, (s, [k]) => (0,pystr/* pySplitLines */.Ze)(s, k !== undefined && truthy(k))),
    startswith: m(['prefix', 'start', 'end'], 1, (s, [p, a, b]) => affix(s, p, a, b, 'startswith', (w, x) => w.startsWith(x))),
    endswith: m(['suffix', 'start', 'end'], 1, (s, [p, a, b]) => affix(s, p, a, b, 'endswith', (w, x) => w.endsWith(x))),
    replace: m(['old', 'new', 'count'], 2, (s, [o, n, c]) => (0,pystr/* pyReplace */.oA)(s, asStr(o, 'replace() argument 1'), asStr(n, 'replace() argument 2'), optInt(c, -1))),
    find: m(['sub', 'start', 'end'], 1, (s, [x, a, b]) => BigInt(find(s, x, a, b, false))),
    rfind: m(['sub', 'start', 'end'], 1, (s, [x, a, b]) => BigInt(find(s, x, a, b, true))),
    index: m(['sub', 'start', 'end'], 1, (s, [x, a, b]) => {
        const i = find(s, x, a, b, false);
        if (i < 0)
            throw new PyError('ValueError', 'substring not found');
        return BigInt(i);
    }),
    rindex: m(['sub', 'start', 'end'], 1, (s, [x, a, b]) => {
        const i = find(s, x, a, b, true);
        if (i < 0)
            throw new PyError('ValueError', 'substring not found');
        return BigInt(i);
    }),
    count: m(['sub', 'start', 'end'], 1, (s, [x, a, b]) => {
        const [w] = methods_window(s, a, b);
        const needle = asStr(x, 'substring');
        return BigInt(needle ? w.split(needle).length - 1 : (0,pystr/* pyLen */.lO)(w) + 1);
    }),
    join: m(['iterable'], 1, (s, [it]) => Array.from(iterate(it))
        .map((x, i) => {
        if (typeof x !== 'string')
            throw typeError(`sequence item ${i}: expected str instance, ${typeName(x)} found`);
        return x;
    })
        .join(s)),
    center: m(['width', 'fillchar'], 1, (s, [w, f]) => (0,pystr/* pyCenter */.Nv)(s, asInt(w), f === undefined ? ' ' : asStr(f, 'fillchar'))),
    ljust: m(['width', 'fillchar'], 1, (s, [w, f]) => just(s, w, f, 'l')),
    rjust: m(['width', 'fillchar'], 1, (s, [w, f]) => just(s, w, f, 'r')),
    zfill: m(['width'], 1, (s, [w]) => {
        const n = asInt(w) - (0,pystr/* pyLen */.lO)(s);
        if (n <= 0)
            return s;
        const sign = s[0] === '+' || s[0] === '-' ? s[0] : '';
        return sign + '0'.repeat(n) + s.slice(sign.length);
    }),
    partition: m(['sep'], 1, (s, [p]) => partition(s, p, false)),
    rpartition: m(['sep'], 1, (s, [p]) => partition(s, p, true)),
    removeprefix: m(['prefix'], 1, (s, [p]) => s.startsWith(asStr(p, 'prefix')) ? s.slice(p.length) : s),
    removesuffix: m(['suffix'], 1, (s, [p]) => asStr(p, 'suffix') && s.endsWith(p) ? s.slice(0, s.length - p.length) : s),
    isdigit: m([], 0, (s) => /^\p{Nd}+$/u.test(s)),
    isdecimal: m([], 0, (s) => /^\p{Nd}+$/u.test(s)),
    isnumeric: m([], 0, (s) => /^\p{N}+$/u.test(s)),
    isalpha: m([], 0, (s) => /^\p{L}+$/u.test(s)),
    isalnum: m([], 0, (s) => /^[\p{L}\p{N}]+$/u.test(s)),
    isspace: m([], 0, (s) => s.length > 0 && (0,pystr/* pyStrip */.m0)(s, null) === ''),
    isascii: m([], 0, (s) => /^[\x00-\x7f]*$/.test(s)),
    islower: m([], 0, (s) => (0,pystr/* pyIsLower */.DM)(s)),
    isupper: m([], 0, (s) => (0,pystr/* pyIsUpper */.Ey)(s)),
    format: {
        params: [],
        required: 0,
        raw: true,
        fn: (s, _a, rest) => strFormat(s, rest.args, rest.kwargs, { getAttr, getItem })
    }
};
function keyError(key) {
    return new PyError('KeyError', repr(key));
}
const DICT = {
    items: m([], 0, (d) => new PyDictView('items', d)),
    keys: m([], 0, (d) => new PyDictView('keys', d)),
    values: m([], 0, (d) => new PyDictView('values', d)),
    get: m(['key', 'default'], 1, (d, [k, dflt]) => {
        const v = d.get(k);
        return v === undefined ? (dflt ?? null) : v;
    }),
    copy: m([], 0, (d) => PyDict.from(d.entries())),
    clear: m([], 0, (d) => {
        for (const k of d.keys())
            d.delete(k);
        return null;
    }),
    popitem: m([], 0, (d) => {
        const last = d.entries().at(-1);
        if (!last)
            throw new PyError('KeyError', "'popitem(): dictionary is empty'");
        d.delete(last[0]);
        return new PyTuple(last);
    }),
    pop: m(['key', 'default'], 1, (d, [k, dflt]) => {
        const v = d.get(k);
        if (v === undefined) {
            if (dflt === undefined)
                throw keyError(k);
            return dflt;
        }
        d.delete(k);
        return v;
    }),
    setdefault: m(['key', 'default'], 1, (d, [k, dflt]) => {
        const v = d.get(k);
        if (v !== undefined)
            return v;
        d.set(k, dflt ?? null);
        return dflt ?? null;
    }),
    update: {
        params: [],
        required: 0,
        raw: true,
        fn: (d, _a, { args, kwargs }) => {
            if (args.length > 1)
                throw typeError(`update expected at most 1 argument, got ${args.length}`);
            if (args[0] instanceof PyDict)
                for (const [k, v] of args[0].entries())
                    d.set(k, v);
            else if (args.length)
                for (const pair of iterate(args[0])) {
                    const [k, v] = Array.from(iterate(pair));
                    d.set(k, v);
                }
            for (const [k, v] of kwargs)
                d.set(k, v);
            return null;
        }
    }
};
function seqIndex(items, x, what) {
    const i = items.findIndex((y) => pyEquals(y, x));
    if (i < 0) {
        const message = {
            list: `${repr(x)} is not in list`,
            range: `${repr(x)} is not in range`,
            tuple: 'tuple.index(x): x not in tuple'
        };
        throw new PyError('ValueError', message[what]);
    }
    return BigInt(i);
}
const LIST = {
    append: m(['object'], 1, (l, [x]) => (l.push(x), null)),
    extend: m(['iterable'], 1, (l, [x]) => (l.push(...iterate(x)), null)),
    insert: m(['index', 'object'], 2, (l, [i, x]) => {
        let n = asInt(i);
        if (n < 0)
            n = Math.max(0, n + l.length);
        l.splice(Math.min(n, l.length), 0, x);
        return null;
    }),
    pop: m(['index'], 0, (l, [i]) => {
        if (!l.length)
            throw new PyError('IndexError', 'pop from empty list');
        let n = optInt(i, -1);
        if (n < 0)
            n += l.length;
        if (n < 0 || n >= l.length)
            throw new PyError('IndexError', 'pop index out of range');
        return l.splice(n, 1)[0];
    }),
    remove: m(['value'], 1, (l, [x]) => {
        const i = l.findIndex((y) => pyEquals(y, x));
        if (i < 0)
            throw new PyError('ValueError', 'list.remove(x): x not in list');
        l.splice(i, 1);
        return null;
    }),
    index: m(['value'], 1, (l, [x]) => seqIndex(l, x, 'list')),
    count: m(['value'], 1, (l, [x]) => BigInt(l.filter((y) => pyEquals(y, x)).length)),
    copy: m([], 0, (l) => l.slice()),
    clear: m([], 0, (l) => (l.splice(0), null)),
    reverse: m([], 0, (l) => (l.reverse(), null))
};
const TUPLE = {
    index: m(['value'], 1, (t, [x]) => seqIndex(t.items, x, 'tuple')),
    count: m(['value'], 1, (t, [x]) => BigInt(t.items.filter((y) => pyEquals(y, x)).length))
};
/** Methods that exist in Python but are not implemented: attribute lookup must still find them. */
const UNSUPPORTED = {
    str: [
        'casefold',
        'encode',
        'expandtabs',
        'format_map',
        'isidentifier',
        'isprintable',
        'istitle',
        'maketrans',
        'translate'
    ],
    dict: ['fromkeys'],
    list: ['sort']
};
function unsupported(owner, name) {
    return new PyCallable(name, () => {
        throw new PyError('NotSupportedError', `${owner}.${name}() is not supported by this renderer`);
    });
}
function bind(self, table, name, owner) {
    if (!Object.hasOwn(table, name))
        return UNSUPPORTED[owner]?.includes(name) ? unsupported(owner, name) : undefined;
    const method = table[name];
    const qual = `${owner}.${name}`;
    return new PyCallable(name, (args, kwargs) => {
        if (method.raw)
            return method.fn(self, [], { args, kwargs });
        return method.fn(self, bindArgs(qual, method.params, method.required, args, kwargs), { args, kwargs });
    }, `<built-in method ${name} of ${owner} object>`);
}
/** Attributes of numbers (`x.real`, `x.imag`, …) and their methods. */
function numberAttr(n, name) {
    if (typeof n === 'number') {
        if (name === 'real')
            return n;
        if (name === 'imag')
            return 0;
        if (name === 'is_integer')
            return new PyCallable(name, () => Number.isInteger(n));
        const unsupportedFloat = ['as_integer_ratio', 'conjugate', 'fromhex', 'hex'];
        return unsupportedFloat.includes(name) ? unsupported('float', name) : undefined;
    }
    const i = typeof n === 'boolean' ? (n ? 1n : 0n) : n;
    if (name === 'real' || name === 'numerator')
        return i;
    if (name === 'imag')
        return 0n;
    if (name === 'denominator')
        return 1n;
    const unsupportedInt = [
        'as_integer_ratio',
        'bit_count',
        'bit_length',
        'conjugate',
        'from_bytes',
        'to_bytes'
    ];
    return unsupportedInt.includes(name) ? unsupported('int', name) : undefined;
}
const RANGE = {
    index: m(['value'], 1, (r, [x]) => seqIndex(Array.from(r.iter()), x, 'range')),
    count: m(['value'], 1, (r, [x]) => BigInt(Array.from(r.iter()).filter((y) => pyEquals(y, x)).length))
};
/** The attribute `obj.name` of a builtin type (mostly bound methods), or undefined when there is none. */
function methodOf(obj, name) {
    if (typeof obj === 'boolean' || typeof obj === 'bigint' || typeof obj === 'number')
        return numberAttr(obj, name);
    if (obj instanceof PyRange) {
        if (name === 'start' || name === 'stop' || name === 'step')
            return obj[name];
        return bind(obj, RANGE, name, 'range');
    }
    if (typeof obj === 'string')
        return bind(obj, STR, name, 'str');
    if (Array.isArray(obj))
        return bind(obj, LIST, name, 'list');
    if (obj instanceof PyDict)
        return bind(obj, DICT, name, 'dict');
    if (obj instanceof PyTuple)
        return bind(obj, TUPLE, name, 'tuple');
    return undefined;
}
// --- attribute access: methods of builtin types, then attributes and items, as Jinja does --------
/** Python-level attribute lookup: methods of builtin types and attributes of our objects. */
function pyGetAttr(obj, name) {
    if (obj instanceof PyObject) {
        const attr = obj.getAttr(name);
        if (attr !== undefined)
            return attr;
    }
    return methodOf(obj, name);
}
/** Jinja's `environment.getattr` (`x.name`): attribute first, then item, else Undefined. */
function getAttr(obj, name) {
    if (obj instanceof Undefined)
        obj.fail();
    const attr = pyGetAttr(obj, name);
    if (attr !== undefined)
        return attr;
    const item = rawGetItem(obj, name);
    return item !== undefined ? item : new Undefined(undefined, obj, name);
}
/** Jinja's `environment.getitem` (`x[key]`): item first, then attribute for string keys. */
function getItem(obj, key) {
    if (obj instanceof Undefined)
        obj.fail();
    const item = rawGetItem(obj, key);
    if (item !== undefined)
        return item;
    if (typeof key === 'string') {
        const attr = pyGetAttr(obj, key);
        if (attr !== undefined)
            return attr;
    }
    return new Undefined(undefined, obj, key);
}

;// CONCATENATED MODULE: ./packages/core/dist/engine/template/ops.js
/** Python operators (`+`, `%`, `in`, calls), as Jinja2's default Environment applies them. */



function failUndefined(...vs) {
    for (const v of vs)
        if (v instanceof Undefined)
            v.fail();
}
function ops_unsupported(op, a, b) {
    return typeError(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}
function overflow(message) {
    throw new PyError('OverflowError', message);
}
function zero(message) {
    return new PyError('ZeroDivisionError', message);
}
function toFloat(v) {
    if (typeof v === 'number')
        return v;
    const x = Number(v);
    if (!Number.isFinite(x))
        throw new PyError('OverflowError', 'int too large to convert to float');
    return x;
}
/** Python float `divmod` as CPython computes it. */
function floatDivMod(vx, wx) {
    let mod = vx % wx;
    let div = (vx - mod) / wx;
    if (mod) {
        if (wx < 0 !== mod < 0) {
            mod += wx;
            div -= 1;
        }
    }
    else {
        mod = wx < 0 ? -0 : 0;
    }
    let floordiv;
    if (div) {
        floordiv = Math.floor(div);
        if (div - floordiv > 0.5)
            floordiv += 1;
    }
    else {
        floordiv = vx / wx < 0 || Object.is(vx / wx, -0) ? -0 : 0;
    }
    return [floordiv, mod];
}
function bigFloorDiv(a, b) {
    const q = a / b;
    return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}
function repeat(seq, n) {
    if (typeof n === 'number')
        throw typeError(`can't multiply sequence by non-int of type 'float'`);
    if (typeof n !== 'bigint' && typeof n !== 'boolean')
        return undefined;
    const count = Math.max(0, Number(numeric(n)));
    if (typeof seq === 'string')
        return seq.repeat(count);
    if (Array.isArray(seq))
        return Array.from({ length: count }, () => seq).flat(1);
    if (seq instanceof PyTuple)
        return new PyTuple(Array.from({ length: count }, () => seq.items).flat(1));
    return undefined;
}
function numericOp(op, x, y) {
    if (typeof x === 'bigint' && typeof y === 'bigint') {
        switch (op) {
            case '+':
                return x + y;
            case '-':
                return x - y;
            case '*':
                return x * y;
            case '/':
                if (y === 0n)
                    throw zero('division by zero');
                return (0,pynum/* intTrueDiv */.H1)(x, y) ?? overflow('integer division result too large for a float');
            case '//':
                if (y === 0n)
                    throw zero('integer division or modulo by zero');
                return bigFloorDiv(x, y);
            case '%':
                if (y === 0n)
                    throw zero('integer modulo by zero');
                return x - bigFloorDiv(x, y) * y;
            case '**':
                if (y >= 0n)
                    return x ** y;
                if (x === 0n)
                    throw zero('0.0 cannot be raised to a negative power');
                return (0,pynum/* floatPow */.Hn)(toFloat(x), toFloat(y));
        }
    }
    const a = toFloat(x);
    const b = toFloat(y);
    switch (op) {
        case '+':
            return a + b;
        case '-':
            return a - b;
        case '*':
            return a * b;
        case '/':
            if (b === 0)
                throw zero('float division by zero');
            return a / b;
        case '//':
            if (b === 0)
                throw zero('float floor division by zero');
            return floatDivMod(a, b)[0];
        case '%':
            if (b === 0)
                throw zero('float modulo');
            return floatDivMod(a, b)[1];
        case '**':
            return checkedFloatPow(a, b);
    }
}
function checkedFloatPow(a, b) {
    if (a === 0 && b < 0)
        throw zero('0.0 cannot be raised to a negative power');
    if (a < 0 && !Number.isInteger(b))
        throw new PyError('ValueError', 'complex results are not supported');
    const r = (0,pynum/* floatPow */.Hn)(a, b);
    if (!Number.isFinite(r) && Number.isFinite(a) && Number.isFinite(b)) {
        throw new PyError('OverflowError', "(34, 'Numerical result out of range')");
    }
    return r;
}
function binaryOp(op, a, b) {
    // str.__mod__ runs before the right operand gets a say, even when it is Undefined.
    if (op === '%' && typeof a === 'string')
        return percentFormat(a, b);
    failUndefined(a, b);
    if (isNumber(a) && isNumber(b))
        return numericOp(op, numeric(a), numeric(b));
    if (op === '+') {
        if (typeof a === 'string') {
            if (typeof b === 'string')
                return a + b;
            throw typeError(`can only concatenate str (not "${typeName(b)}") to str`);
        }
        if (Array.isArray(a)) {
            if (Array.isArray(b))
                return [...a, ...b];
            throw typeError(`can only concatenate list (not "${typeName(b)}") to list`);
        }
        if (a instanceof PyTuple) {
            if (b instanceof PyTuple)
                return new PyTuple([...a.items, ...b.items]);
            throw typeError(`can only concatenate tuple (not "${typeName(b)}") to tuple`);
        }
    }
    if (op === '*') {
        const r = repeat(a, b) ?? repeat(b, a);
        if (r !== undefined)
            return r;
    }
    if (op === '%' && typeof a === 'string')
        return percentFormat(a, b);
    throw ops_unsupported(op === '**' ? '** or pow()' : op, a, b);
}
function unaryOp(op, v) {
    failUndefined(v);
    if (!isNumber(v))
        throw typeError(`bad operand type for unary ${op}: '${typeName(v)}'`);
    const n = numeric(v);
    if (op === '+')
        return n;
    return -n;
}
/** Python's `x in seq`. */
function contains(seq, item) {
    if (typeof seq === 'string') {
        if (typeof item !== 'string')
            throw typeError(`'in <string>' requires string as left operand, not ${typeName(item)}`);
        return seq.includes(item);
    }
    if (seq instanceof PyDict)
        return seq.has(item);
    if (seq instanceof PyDictView && seq.kind === 'keys')
        return seq.dict.has(item);
    if (seq === null || typeof seq !== 'object')
        throw typeError(`argument of type '${typeName(seq)}' is not iterable`);
    for (const x of iterate(seq))
        if (pyEquals(x, item))
            return true;
    return false;
}
function callValue(fn, args, kwargs) {
    if (fn instanceof Undefined)
        fn.fail();
    if (fn instanceof PyObject && fn.call)
        return fn.call(args, kwargs);
    throw typeError(`'${typeName(fn)}' object is not callable`);
}

;// CONCATENATED MODULE: ./packages/core/dist/engine/template/json.js
/** The `tojson` filter: `json.dumps(value, sort_keys=True, indent=…)` made HTML-safe, as Jinja does. */


function jsonString(s) {
    let out = '"';
    for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        const ch = s[i];
        if (ch === '"' || ch === '\\')
            out += '\\' + ch;
        else if (ch === '\n')
            out += '\\n';
        else if (ch === '\r')
            out += '\\r';
        else if (ch === '\t')
            out += '\\t';
        else if (ch === '\b')
            out += '\\b';
        else if (ch === '\f')
            out += '\\f';
        else if (c < 0x20 || c > 0x7e)
            out += '\\u' + c.toString(16).padStart(4, '0');
        else
            out += ch;
    }
    return out + '"';
}
function jsonFloat(x) {
    if (Number.isNaN(x))
        return 'NaN';
    if (!Number.isFinite(x))
        return x > 0 ? 'Infinity' : '-Infinity';
    return (0,pynum/* floatRepr */.KL)(x);
}
function jsonKey(k) {
    if (typeof k === 'string')
        return k;
    if (k === null)
        return 'null';
    if (typeof k === 'boolean')
        return k ? 'true' : 'false';
    if (typeof k === 'bigint')
        return k.toString();
    if (typeof k === 'number')
        return jsonFloat(k);
    throw typeError(`keys must be str, int, float, bool or None, not ${typeName(k)}`);
}
function dump(v, indent, level) {
    if (v === null)
        return 'null';
    if (typeof v === 'boolean')
        return v ? 'true' : 'false';
    if (isNumber(v)) {
        const n = numeric(v);
        return typeof n === 'bigint' ? n.toString() : jsonFloat(n);
    }
    if (typeof v === 'string')
        return jsonString(v);
    const nl = indent === null ? '' : '\n' + indent.repeat(level + 1);
    const close = indent === null ? '' : '\n' + indent.repeat(level);
    const sep = indent === null ? ', ' : ',' + nl;
    if (Array.isArray(v) || v instanceof PyTuple) {
        const items = Array.isArray(v) ? v : v.items;
        if (!items.length)
            return '[]';
        return `[${nl}${items.map((x) => dump(x, indent, level + 1)).join(sep)}${close}]`;
    }
    if (v instanceof PyDict) {
        if (!v.size)
            return '{}';
        const entries = v.entries().sort((a, b) => pyCompare(a[0], b[0]));
        return `{${nl}${entries.map(([k, x]) => `${jsonString(jsonKey(k))}: ${dump(x, indent, level + 1)}`).join(sep)}${close}}`;
    }
    throw typeError(`Object of type ${typeName(v)} is not JSON serializable`);
}
function toJson(value, indent) {
    const ind = indent === null
        ? null
        : typeof indent === 'string'
            ? indent
            : ' '.repeat(Number(numeric(indent)));
    return dump(value, ind, 0)
        .replace(/</g, '\\u003c')
        .replace(/>/g, '\\u003e')
        .replace(/&/g, '\\u0026')
        .replace(/'/g, '\\u0027');
}

;// CONCATENATED MODULE: ./packages/core/dist/engine/template/filters.js
/** Jinja2's builtin filters (jinja2/filters.py), with the same argument names and defaults. */









function filterError(message) {
    return new PyError('FilterArgumentError', message);
}
/** Declares a filter: parameter names after the value, how many are required, the body. */
function def(params, required, fn, name = 'filter') {
    return (value, args, kwargs) => fn(value, bindArgs(name, params, required, args, kwargs));
}
const orDefault = (v, d) => (v === undefined ? d : v);
const generator = (items) => new PyIterator('generator', items);
function ignoreCase(v) {
    return typeof v === 'string' ? v.toLowerCase() : v;
}
function attributeParts(attribute) {
    if (attribute === undefined || attribute === null)
        return [];
    if (typeof attribute === 'string')
        return attribute.split('.').map((p) => (/^\d+$/.test(p) ? BigInt(p) : p));
    return [attribute];
}
/** Jinja's `make_attrgetter`: dotted paths, numeric parts as indexes, environment.getitem rules. */
function attrGetter(attribute, post, dflt) {
    const parts = attributeParts(attribute);
    return (item) => {
        for (const part of parts) {
            item = getItem(item, part);
            if (dflt !== undefined && dflt !== null && item instanceof Undefined)
                item = dflt;
        }
        return post ? post(item) : item;
    };
}
function multiAttrGetter(attribute, post) {
    const getters = (typeof attribute === 'string' ? attribute.split(',') : [attribute ?? null]).map((a) => attrGetter(a, post));
    return (item) => getters.map((g) => g(item));
}
function pySorted(items, key, reverse) {
    const keyed = items.map((v) => ({ v, k: key(v) }));
    keyed.sort((a, b) => {
        if (reverse)
            return pyCompare(b.k, a.k) < 0 ? -1 : pyCompare(a.k, b.k) < 0 ? 1 : 0;
        return pyCompare(a.k, b.k) < 0 ? -1 : pyCompare(b.k, a.k) < 0 ? 1 : 0;
    });
    return keyed.map((e) => e.v);
}
function minMax(value, a, which) {
    const items = toList(value);
    if (!items.length)
        return new Undefined('No aggregated item, sequence was empty.');
    const key = attrGetter(a[1], truthy(orDefault(a[0], false)) ? undefined : ignoreCase);
    let best = items[0];
    let bestKey = key(best);
    for (const item of items.slice(1)) {
        const k = key(item);
        if (which === 'min' ? pyCompare(k, bestKey) < 0 : pyCompare(k, bestKey, 'gt') > 0) {
            best = item;
            bestKey = k;
        }
    }
    return best;
}
function escapeHtml(v) {
    return str(v)
        .replace(/&/g, '&amp;')
        .replace(/>/g, '&gt;')
        .replace(/</g, '&lt;')
        .replace(/'/g, '&#39;')
        .replace(/"/g, '&#34;');
}
function pyInt(value, dflt, base) {
    if (value instanceof Undefined)
        value.fail();
    if (typeof value === 'string') {
        const n = (0,pynum/* parsePyInt */.AT)(value, base);
        if (n !== undefined)
            return n;
        const f = (0,pynum/* parsePyFloat */.Fh)(value);
        return f !== undefined && Number.isFinite(f) ? BigInt(Math.trunc(f)) : dflt;
    }
    if (isNumber(value)) {
        const n = numeric(value);
        if (typeof n === 'bigint')
            return n;
        if (!Number.isFinite(n)) {
            if (Number.isNaN(n))
                throw new PyError('ValueError', 'cannot convert float NaN to integer');
            throw new PyError('OverflowError', 'cannot convert float infinity to integer');
        }
        return BigInt(Math.trunc(n));
    }
    return dflt;
}
function pyFloat(value, dflt) {
    if (value instanceof Undefined)
        value.fail();
    if (typeof value === 'string')
        return (0,pynum/* parsePyFloat */.Fh)(value) ?? dflt;
    if (isNumber(value)) {
        const n = numeric(value);
        return typeof n === 'bigint' ? Number(n) : n;
    }
    return dflt;
}
function pyRound(value, precision) {
    if (typeof value === 'number')
        return (0,pynum/* roundFloat */.bs)(value, precision);
    if (typeof value === 'bigint' || typeof value === 'boolean') {
        const n = numeric(value);
        if (precision >= 0)
            return n;
        const unit = 10n ** BigInt(-precision);
        const q = binaryOp('//', n, unit);
        const r = n - q * unit;
        const up = r * 2n > unit || (r * 2n === unit && q % 2n !== 0n);
        return (up ? q + 1n : q) * unit;
    }
    throw typeError(`type ${typeName(value)} doesn't define __round__ method`);
}
function reversedValue(value) {
    if (typeof value === 'string')
        return (0,pystr/* codePoints */.BH)(value).reverse().join('');
    const kind = Array.isArray(value)
        ? 'list_reverseiterator'
        : value instanceof PyDict
            ? 'dict_reversekeyiterator'
            : value instanceof PyRange
                ? 'range_iterator'
                : value instanceof PyTuple || value instanceof Undefined
                    ? 'reversed'
                    : undefined;
    if (kind)
        return new PyIterator(kind, toList(value).reverse());
    try {
        return toList(value).reverse();
    }
    catch {
        throw filterError('argument must be iterable');
    }
}
function selectOrReject(value, args, kwargs, env, select, lookupAttr) {
    if (!truthy(value))
        return generator([]);
    let off = 0;
    let transform = (x) => x;
    if (lookupAttr) {
        if (!args.length)
            throw filterError('Missing parameter for attribute name');
        transform = attrGetter(args[0]);
        off = 1;
    }
    let check = truthy;
    if (args.length > off) {
        const name = args[off];
        const test = env.tests.get(str(name));
        if (!test)
            throw new PyError('TemplateRuntimeError', `No test named ${JSON.stringify(str(name))}.`);
        const rest = args.slice(off + 1);
        check = (x) => test(x, rest, kwargs, env);
    }
    return generator(toList(value).filter((item) => check(transform(item)) === select));
}
function mapFilter(value, args, kwargs, env) {
    if (!truthy(value))
        return generator([]);
    let fn;
    if (!args.length && kwargs.has('attribute')) {
        const rest = new Map(kwargs);
        const attribute = rest.get('attribute');
        const dflt = rest.get('default');
        rest.delete('attribute');
        rest.delete('default');
        if (rest.size)
            throw filterError(`Unexpected keyword argument '${[...rest.keys()][0]}'`);
        fn = attrGetter(attribute, undefined, dflt);
    }
    else {
        if (!args.length)
            throw filterError('map requires a filter argument');
        const name = str(args[0]);
        const filter = env.filters.get(name);
        if (!filter)
            throw new PyError('TemplateRuntimeError', `No filter named '${name}'.`);
        fn = (x) => filter(x, args.slice(1), kwargs, env);
    }
    return generator(toList(value).map(fn));
}
function indent(s, a) {
    const width = orDefault(a[0], 4n);
    const ind = typeof width === 'string' ? width : ' '.repeat(asInt(width));
    const text = binaryOp('+', s, '\n');
    const lines = (0,pystr/* pySplitLines */.Ze)(text);
    let rv;
    if (truthy(orDefault(a[2], false))) {
        rv = lines.join('\n' + ind);
    }
    else {
        rv = lines.shift() ?? '';
        if (lines.length)
            rv += '\n' + lines.map((l) => (l ? ind + l : l)).join('\n');
    }
    return truthy(orDefault(a[1], false)) ? ind + rv : rv;
}
function truncate(s, a) {
    const length = asInt(orDefault(a[0], 255n));
    const end = str(orDefault(a[2], '...'));
    const leeway = a[3] === undefined || a[3] === null ? 5 : asInt(a[3]);
    if (length < (0,pystr/* pyLen */.lO)(end))
        throw new PyError('AssertionError', `expected length >= ${(0,pystr/* pyLen */.lO)(end)}, got ${length}`);
    if (leeway < 0)
        throw new PyError('AssertionError', `expected leeway >= 0, got ${leeway}`);
    if (s instanceof Undefined)
        return s;
    if (pyLength(s) <= length + leeway)
        return s;
    const head = sliceValue(s, new PySlice(null, BigInt(length - (0,pystr/* pyLen */.lO)(end)), null));
    if (truthy(orDefault(a[1], false)))
        return binaryOp('+', head, end);
    if (typeof head !== 'string')
        throw new PyError('AttributeError', `'${typeName(head)}' object has no attribute 'rsplit'`);
    return (0,pystr/* pyRSplit */.m_)(head, ' ', 1)[0] + end;
}
const TITLE_SPLIT = new RegExp(`([-${pystr/* PY_WS_CLASS */.ud}({\\[<]+)`);
function title(s) {
    return str(s)
        .split(TITLE_SPLIT)
        .filter((item) => item)
        .map((item) => {
        const [first, ...rest] = (0,pystr/* codePoints */.BH)(item);
        return first.toUpperCase() + rest.join('').toLowerCase();
    })
        .join('');
}
function groupby(value, a) {
    const caseSensitive = truthy(orDefault(a[2], false));
    const key = attrGetter(a[0], caseSensitive ? undefined : ignoreCase, a[1]);
    const out = [];
    let lastKey;
    for (const item of pySorted(toList(value), key, false)) {
        const k = key(item);
        const last = out.at(-1);
        if (last && lastKey !== undefined && pyCompare(k, lastKey) === 0)
            last.items[1].push(item);
        else
            out.push(new GroupTuple([caseSensitive ? k : attrGetter(a[0], undefined, a[1])(item), [item]]));
        lastKey = k;
    }
    return out;
}
class GroupTuple extends PyTuple {
    getAttr(name) {
        return name === 'grouper' ? this.items[0] : name === 'list' ? this.items[1] : undefined;
    }
}
function sum(value, a) {
    let items = toList(value);
    if (a[0] !== undefined && a[0] !== null)
        items = items.map(attrGetter(a[0]));
    const start = orDefault(a[1], 0n);
    if (typeof start === 'string')
        throw typeError("sum() can't sum strings [use ''.join(seq) instead]");
    return items.reduce((acc, x) => binaryOp('+', acc, x), start);
}
function pyAbs(value) {
    if (!isNumber(value))
        throw typeError(`bad operand type for abs(): '${typeName(value)}'`);
    const n = numeric(value);
    return typeof n === 'bigint' ? (n < 0n ? -n : n) : Math.abs(n);
}
function attrFilter(value, [name]) {
    const attr = pyGetAttr(value, str(name));
    return attr !== undefined ? attr : new Undefined(undefined, value, name);
}
function firstItem(value) {
    for (const x of iterate(value))
        return x;
    return new Undefined('No first item, sequence was empty.');
}
function formatFilter(value, args, kwargs) {
    if (args.length && kwargs.size)
        throw filterError("can't handle positional and keyword arguments at the same time");
    return percentFormat(str(value), kwargs.size ? PyDict.from(kwargs) : new PyTuple(args));
}
function lastItem(value) {
    if (value instanceof PyIterator)
        throw typeError(`'${value.typeName}' object is not reversible`);
    const items = toList(value);
    return items.length ? items.at(-1) : new Undefined('No last item, sequence was empty.');
}
function sliceFilter(value, a) {
    const seq = toList(value);
    const slices = asInt(a[0]);
    const fill = a[1];
    const per = Math.floor(seq.length / slices);
    const extra = seq.length % slices;
    const out = [];
    let offset = 0;
    for (let n = 0; n < slices; n++) {
        const start = offset + n * per;
        if (n < extra)
            offset++;
        const tmp = seq.slice(start, offset + (n + 1) * per);
        if (fill !== undefined && fill !== null && n >= extra)
            tmp.push(fill);
        out.push(tmp);
    }
    return generator(out);
}
function batch(value, a) {
    const size = asInt(a[0]);
    const fill = a[1];
    const out = [];
    let tmp = [];
    for (const item of iterate(value)) {
        if (tmp.length === size) {
            out.push(tmp);
            tmp = [];
        }
        tmp.push(item);
    }
    if (tmp.length) {
        if (fill !== undefined && fill !== null)
            while (tmp.length < size)
                tmp.push(fill);
        out.push(tmp);
    }
    return generator(out);
}
function unique(value, a) {
    const key = attrGetter(a[1], truthy(orDefault(a[0], false)) ? undefined : ignoreCase);
    const seen = new Set();
    const out = [];
    for (const item of iterate(value)) {
        const h = hashKey(key(item));
        if (!seen.has(h)) {
            seen.add(h);
            out.push(item);
        }
    }
    return generator(out);
}
function dictsort(value, a) {
    const by = orDefault(a[1], 'key');
    if (by !== 'key' && by !== 'value')
        throw filterError('You can only sort by either "key" or "value"');
    if (!(value instanceof PyDict))
        throw typeError(`'${typeName(value)}' object has no attribute 'items'`);
    const pos = by === 'key' ? 0 : 1;
    const caseSensitive = truthy(orDefault(a[0], false));
    const items = value.entries().map((e) => new PyTuple(e));
    return pySorted(items, (t) => (caseSensitive ? t.items[pos] : ignoreCase(t.items[pos])), truthy(orDefault(a[2], false)));
}
function roundFilter(value, a) {
    const precision = asInt(orDefault(a[0], 0n));
    const method = orDefault(a[1], 'common');
    if (method !== 'common' && method !== 'ceil' && method !== 'floor')
        throw filterError('method must be common, ceil or floor');
    if (method === 'common')
        return pyRound(value, precision);
    const scale = binaryOp('**', 10n, BigInt(precision));
    const scaled = binaryOp('*', value, scale);
    const rounded = typeof scaled === 'number'
        ? BigInt((method === 'ceil' ? Math.ceil : Math.floor)(scaled))
        : scaled;
    return binaryOp('/', rounded, scale);
}
const filters_UNSUPPORTED = [
    'filesizeformat',
    'pprint',
    'random',
    'striptags',
    'urlencode',
    'urlize',
    'wordwrap',
    'xmlattr'
];
const FILTERS = new Map([
    ['abs', def([], 0, pyAbs)],
    ['attr', def(['name'], 1, attrFilter)],
    ['batch', def(['linecount', 'fill_with'], 1, batch)],
    ['capitalize', def([], 0, (v) => (0,pystr/* pyCapitalize */.Os)(str(v)))],
    ['center', def(['width'], 0, (v, [w]) => (0,pystr/* pyCenter */.Nv)(str(v), asInt(orDefault(w, 80n))))],
    ['count', def([], 0, (v) => BigInt(pyLength(v)))],
    [
        'default',
        def(['default_value', 'boolean'], 0, (v, [d, b]) => v instanceof Undefined || (truthy(orDefault(b, false)) && !truthy(v)) ? orDefault(d, '') : v)
    ],
    ['dictsort', def(['case_sensitive', 'by', 'reverse'], 0, dictsort)],
    ['escape', def([], 0, escapeHtml)],
    ['first', def([], 0, firstItem)],
    ['float', def(['default'], 0, (v, [d]) => pyFloat(v, orDefault(d, 0.0)))],
    ['forceescape', def([], 0, escapeHtml)],
    ['format', formatFilter],
    ['groupby', def(['attribute', 'default', 'case_sensitive'], 1, groupby)],
    ['indent', def(['width', 'first', 'blank'], 0, indent)],
    ['int', def(['default', 'base'], 0, (v, [d, b]) => pyInt(v, orDefault(d, 0n), asInt(orDefault(b, 10n))))],
    [
        'items',
        def([], 0, (v) => {
            if (v instanceof Undefined)
                return generator([]);
            if (!(v instanceof PyDict))
                throw typeError('Can only get item pairs from a mapping.');
            return generator(new PyDictView('items', v).iter());
        })
    ],
    [
        'join',
        def(['d', 'attribute'], 0, (v, [d, attr]) => {
            let items = toList(v);
            if (attr !== undefined && attr !== null)
                items = items.map(attrGetter(attr));
            return items.map(str).join(str(orDefault(d, '')));
        })
    ],
    ['last', def([], 0, lastItem)],
    ['length', def([], 0, (v) => BigInt(pyLength(v)))],
    ['list', def([], 0, (v) => toList(v))],
    ['lower', def([], 0, (v) => str(v).toLowerCase())],
    ['map', mapFilter],
    ['max', def(['case_sensitive', 'attribute'], 0, (v, a) => minMax(v, a, 'max'))],
    ['min', def(['case_sensitive', 'attribute'], 0, (v, a) => minMax(v, a, 'min'))],
    ['reject', (v, args, kw, env) => selectOrReject(v, args, kw, env, false, false)],
    ['rejectattr', (v, args, kw, env) => selectOrReject(v, args, kw, env, false, true)],
    [
        'replace',
        def(['old', 'new', 'count'], 2, (v, [o, n, c]) => (0,pystr/* pyReplace */.oA)(str(v), str(o), str(n), c === undefined || c === null ? -1 : asInt(c)))
    ],
    ['reverse', def([], 0, reversedValue)],
    ['round', def(['precision', 'method'], 0, roundFilter)],
    ['safe', def([], 0, (v) => str(v))],
    ['select', (v, args, kw, env) => selectOrReject(v, args, kw, env, true, false)],
    ['selectattr', (v, args, kw, env) => selectOrReject(v, args, kw, env, true, true)],
    ['slice', def(['slices', 'fill_with'], 1, sliceFilter)],
    [
        'sort',
        def(['reverse', 'case_sensitive', 'attribute'], 0, (v, [r, cs, attr]) => pySorted(toList(v), multiAttrGetter(attr, truthy(orDefault(cs, false)) ? undefined : ignoreCase), truthy(orDefault(r, false))))
    ],
    ['string', def([], 0, (v) => str(v))],
    ['sum', def(['attribute', 'start'], 0, sum)],
    ['title', def([], 0, title)],
    ['tojson', def(['indent'], 0, (v, [i]) => toJson(v, i ?? null))],
    ['trim', def(['chars'], 0, (v, [c]) => (0,pystr/* pyStrip */.m0)(str(v), c === undefined || c === null ? null : str(c)))],
    ['truncate', def(['length', 'killwords', 'end', 'leeway'], 0, truncate)],
    ['unique', def(['case_sensitive', 'attribute'], 0, unique)],
    ['upper', def([], 0, (v) => str(v).toUpperCase())],
    ['wordcount', def([], 0, (v) => BigInt((str(v).match(/[\p{L}\p{N}_]+/gu) ?? []).length))]
]);
FILTERS.set('d', FILTERS.get('default'));
FILTERS.set('e', FILTERS.get('escape'));
/** Real Jinja2 filters this renderer does not implement (a clear error instead of "no filter named"). */
const UNSUPPORTED_FILTERS = new Set(filters_UNSUPPORTED);

;// CONCATENATED MODULE: ./packages/core/dist/engine/template/tests.js
/** Jinja2's builtin tests (`x is defined`, `n is odd`, …), from jinja2/tests.py. */




function one(name, fn) {
    return (value, args, kwargs) => fn(value, bindArgs(name, ['other'], 1, args, kwargs)[0]);
}
function none(fn) {
    return (value, args, kwargs, env) => {
        bindArgs('test', [], 0, args, kwargs);
        return fn(value, env);
    };
}
const eq = one('eq', (a, b) => pyEquals(a, b));
const ne = one('ne', (a, b) => !pyEquals(a, b));
const gt = one('gt', (a, b) => pyCompare(a, b, 'gt') > 0);
const ge = one('ge', (a, b) => pyCompare(a, b, 'ge') >= 0);
const lt = one('lt', (a, b) => pyCompare(a, b, 'lt') < 0);
const le = one('le', (a, b) => pyCompare(a, b, 'le') <= 0);
function isSequence(v) {
    return (typeof v === 'string' ||
        Array.isArray(v) ||
        v instanceof PyTuple ||
        v instanceof PyDict ||
        v instanceof PyRange ||
        v instanceof Undefined);
}
function isIterable(v) {
    if (typeof v === 'string' || Array.isArray(v) || v instanceof PyIterator)
        return true;
    return v instanceof PyObject && v.iter() !== undefined;
}
const TESTS = new Map([
    ['odd', none((v) => pyEquals(binaryOp('%', v, 2n), 1n))],
    ['even', none((v) => pyEquals(binaryOp('%', v, 2n), 0n))],
    ['divisibleby', one('divisibleby', (v, n) => pyEquals(binaryOp('%', v, n), 0n))],
    ['defined', none((v) => !(v instanceof Undefined))],
    ['undefined', none((v) => v instanceof Undefined)],
    ['filter', none((v, env) => typeof v === 'string' && env.filters.has(v))],
    ['test', none((v, env) => typeof v === 'string' && env.tests.has(v))],
    ['none', none((v) => v === null)],
    ['boolean', none((v) => typeof v === 'boolean')],
    ['false', none((v) => v === false)],
    ['true', none((v) => v === true)],
    ['integer', none((v) => typeof v === 'bigint')],
    ['float', none((v) => typeof v === 'number')],
    ['lower', none((v) => (0,pystr/* pyIsLower */.DM)(str(v)))],
    ['upper', none((v) => (0,pystr/* pyIsUpper */.Ey)(str(v)))],
    ['string', none((v) => typeof v === 'string')],
    ['mapping', none((v) => v instanceof PyDict)],
    ['number', none((v) => typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean')],
    ['sequence', none(isSequence)],
    ['iterable', none(isIterable)],
    ['callable', none(isCallable)],
    ['sameas', one('sameas', (a, b) => a === b)],
    ['escaped', none(() => false)],
    ['in', one('in', (v, seq) => contains(seq, v))],
    ['==', eq],
    ['eq', eq],
    ['equalto', eq],
    ['!=', ne],
    ['ne', ne],
    ['>', gt],
    ['gt', gt],
    ['greaterthan', gt],
    ['>=', ge],
    ['ge', ge],
    ['<', lt],
    ['lt', lt],
    ['lessthan', lt],
    ['<=', le],
    ['le', le]
]);

;// CONCATENATED MODULE: ./packages/core/dist/engine/template/environment.js
/**
 * The registries a template sees, passed to the filters and tests that look others up by name
 * (`map`, `select`, `reject`, the `filter` and `test` tests), as Jinja passes its Environment. This
 * keeps filters.ts and tests.ts free of each other.
 */


/** Jinja2's built-in filters and tests (what prompt flow renders with). */
const DEFAULT_ENVIRONMENT = { filters: FILTERS, tests: TESTS };

;// CONCATENATED MODULE: ./packages/core/dist/engine/template/parser.js



const UNSUPPORTED_TAGS = new Set(['block', 'extends', 'include', 'import', 'from', 'call', 'autoescape']);
const COMPARE = {
    '==': 'eq',
    '!=': 'ne',
    '<': 'lt',
    '<=': 'lteq',
    '>': 'gt',
    '>=': 'gteq'
};
const MATH2 = { '*': '*', '/': '/', '//': '//', '%': '%' };
class Parser {
    tokens;
    i = 0;
    tagStack = [];
    endTokenStack = [];
    constructor(tokens) {
        this.tokens = tokens;
    }
    parse() {
        return this.subparse(null);
    }
    // --- token stream -----------------------------------------------------------------------
    get cur() {
        return this.tokens[this.i];
    }
    look() {
        return this.tokens[Math.min(this.i + 1, this.tokens.length - 1)];
    }
    next() {
        const t = this.cur;
        if (t.type !== 'eof')
            this.i++;
        return t;
    }
    isOp(op, t = this.cur) {
        return t.type === 'op' && t.value === op;
    }
    isName(name, t = this.cur) {
        return t.type === 'name' && t.value === name;
    }
    skipOp(op) {
        if (!this.isOp(op))
            return false;
        this.next();
        return true;
    }
    skipName(name) {
        if (!this.isName(name))
            return false;
        this.next();
        return true;
    }
    fail(message, pos = this.cur.pos) {
        throw new lexer/* TemplateSyntaxError */.Cb(message, pos);
    }
    /** `expect`: a token type (`block_end`), an operator (`op:(`) or a name (`name:in`). */
    expect(what) {
        const [kind, value] = what.includes(':') ? what.split(/:(.*)/s) : [what, undefined];
        const t = this.cur;
        const ok = value === undefined ? t.type === kind : t.type === kind && t.value === value;
        if (ok)
            return this.next();
        const expected = value ?? (0,lexer/* describeToken */.dE)({ type: kind, value: '', pos: 0 });
        if (t.type === 'eof')
            this.fail(`unexpected end of template, expected '${expected}'.`);
        this.fail(`expected token '${expected}', got '${(0,lexer/* describeToken */.dE)(t)}'`);
    }
    // --- statements -------------------------------------------------------------------------
    subparse(endTokens) {
        const body = [];
        let data = [];
        let dataPos = 0;
        const flush = () => {
            if (data.length)
                body.push({ t: 'output', items: data, pos: dataPos });
            data = [];
        };
        if (endTokens)
            this.endTokenStack.push(endTokens);
        try {
            while (this.cur.type !== 'eof') {
                const t = this.cur;
                if (t.type === 'data') {
                    if (!data.length)
                        dataPos = t.pos;
                    data.push(t.value);
                    this.next();
                }
                else if (t.type === 'variable_begin') {
                    if (!data.length)
                        dataPos = t.pos;
                    this.next();
                    data.push(this.parseTuple({}));
                    this.expect('variable_end');
                }
                else {
                    flush();
                    this.next();
                    if (endTokens && endTokens.some((n) => this.isName(n)))
                        return body;
                    body.push(this.parseStatement());
                    this.expect('block_end');
                }
            }
            flush();
            return body;
        }
        finally {
            if (endTokens)
                this.endTokenStack.pop();
        }
    }
    parseStatement() {
        const t = this.cur;
        if (t.type !== 'name')
            this.fail('tag name expected');
        const name = t.value;
        const parse = Object.hasOwn(this.statementParsers, name) ? this.statementParsers[name] : undefined;
        if (!parse) {
            if (UNSUPPORTED_TAGS.has(name))
                this.fail(`the '${name}' tag is not supported by this renderer`);
            this.failUnknownTag(name, t.pos);
        }
        this.tagStack.push(name);
        try {
            return parse();
        }
        finally {
            this.tagStack.pop();
        }
    }
    statementParsers = {
        for: () => this.parseFor(),
        if: () => this.parseIf(),
        set: () => this.parseSet(),
        macro: () => this.parseMacro(),
        filter: () => this.parseFilterBlock(),
        with: () => this.parseWith(),
        print: () => this.parsePrint()
    };
    failUnknownTag(name, pos) {
        const stack = this.endTokenStack;
        const expected = new Set(stack.flat());
        const looking = stack.length
            ? stack
                .at(-1)
                .map((n) => `'${n}'`)
                .join(' or ')
            : null;
        const message = [name === null ? 'Unexpected end of template.' : `Encountered unknown tag '${name}'.`];
        if (looking) {
            if (name !== null && expected.has(name)) {
                message.push(`You probably made a nesting mistake. Jinja is expecting this tag, but currently looking for ${looking}.`);
            }
            else {
                message.push(`Jinja was looking for the following tags: ${looking}.`);
            }
        }
        if (this.tagStack.length)
            message.push(`The innermost block that needs to be closed is '${this.tagStack.at(-1)}'.`);
        this.fail(message.join(' '), pos);
    }
    parseStatements(endTokens, dropNeedle = false) {
        this.skipOp(':');
        this.expect('block_end');
        const result = this.subparse(endTokens);
        if (this.cur.type === 'eof') {
            this.endTokenStack.push(endTokens);
            try {
                this.failUnknownTag(null, this.cur.pos);
            }
            finally {
                this.endTokenStack.pop();
            }
        }
        if (dropNeedle)
            this.next();
        return result;
    }
    parseFor() {
        const pos = this.expect('name:for').pos;
        const target = this.parseAssignTarget({ extraEnd: ['name:in'] });
        this.expect('name:in');
        const iter = this.parseTuple({ withCondexpr: false, extraEnd: ['name:recursive'] });
        const test = this.skipName('if') ? this.parseExpression() : undefined;
        const recursive = this.skipName('recursive');
        const body = this.parseStatements(['endfor', 'else']);
        const elseBody = this.next().value === 'endfor' ? [] : this.parseStatements(['endfor'], true);
        return { t: 'for', target, iter, ...(test ? { test } : {}), recursive, body, else: elseBody, pos };
    }
    parseIf() {
        return this.parseIfRest(this.expect('name:if').pos);
    }
    /** After `if`/`elif`: an `elif` becomes an `if` nested in the else branch. */
    parseIfRest(pos) {
        const test = this.parseTuple({ withCondexpr: false });
        const body = this.parseStatements(['elif', 'else', 'endif']);
        const token = this.next();
        if (this.isName('elif', token))
            return { t: 'if', test, body, else: [this.parseIfRest(token.pos)], pos };
        const elseBody = this.isName('else', token) ? this.parseStatements(['endif'], true) : [];
        return { t: 'if', test, body, else: elseBody, pos };
    }
    parseSet() {
        const pos = this.next().pos;
        const target = this.parseAssignTarget({ withNamespace: true });
        if (this.skipOp('='))
            return { t: 'set', target, value: this.parseTuple({}), pos };
        const filter = this.parseFilter(null);
        const body = this.parseStatements(['endset'], true);
        return { t: 'setblock', target, ...(filter ? { filter } : {}), body, pos };
    }
    parseMacro() {
        const pos = this.next().pos;
        const name = this.expect('name').value;
        const params = [];
        const defaults = [];
        this.expect('op:(');
        while (!this.isOp(')')) {
            if (params.length)
                this.expect('op:,');
            params.push(this.expect('name').value);
            if (this.skipOp('='))
                defaults.push(this.parseExpression());
            else if (defaults.length)
                this.fail('non-default argument follows default argument');
        }
        this.expect('op:)');
        const body = this.parseStatements(['endmacro'], true);
        const names = new Set();
        collectNames(body, names);
        return {
            t: 'macro',
            name,
            params,
            defaults,
            body,
            usesVarargs: names.has('varargs'),
            usesKwargs: names.has('kwargs'),
            usesCaller: names.has('caller'),
            pos
        };
    }
    parseFilterBlock() {
        const pos = this.next().pos;
        const filter = this.parseFilter(null, true);
        return { t: 'filterblock', filter, body: this.parseStatements(['endfilter'], true), pos };
    }
    parseWith() {
        const pos = this.next().pos;
        const targets = [];
        const values = [];
        while (this.cur.type !== 'block_end') {
            if (targets.length)
                this.expect('op:,');
            targets.push(this.parseAssignTarget({}));
            this.expect('op:=');
            values.push(this.parseExpression());
        }
        return { t: 'with', targets, values, body: this.parseStatements(['endwith'], true), pos };
    }
    parsePrint() {
        const pos = this.next().pos;
        const items = [];
        while (this.cur.type !== 'block_end') {
            if (items.length)
                this.expect('op:,');
            items.push(this.parseExpression());
        }
        return { t: 'output', items, pos };
    }
    parseAssignTarget(o) {
        const pos = this.cur.pos;
        const primary = () => {
            if (this.skipOp('(')) {
                const inner = this.parseAssignTarget({});
                this.expect('op:)');
                return inner;
            }
            const t = this.cur;
            if (t.type !== 'name')
                this.fail(`can't assign to '${(0,lexer/* describeToken */.dE)(t)}'`);
            this.next();
            if (o.withNamespace && this.isOp('.')) {
                this.next();
                return { t: 'nsref', name: t.value, attr: this.expect('name').value, pos: t.pos };
            }
            if (['true', 'false', 'none', 'True', 'False', 'None'].includes(t.value)) {
                this.fail("can't assign to 'const'", t.pos);
            }
            return { t: 'name', name: t.value, pos: t.pos };
        };
        const items = [];
        let isTuple = false;
        for (;;) {
            if (items.length)
                this.expect('op:,');
            if (this.isTupleEnd(o.extraEnd))
                break;
            items.push(primary());
            if (this.isOp(','))
                isTuple = true;
            else
                break;
        }
        if (!isTuple) {
            if (items.length)
                return items[0];
            this.fail(`Expected an expression, got '${(0,lexer/* describeToken */.dE)(this.cur)}'`);
        }
        if (items.some((x) => x.t === 'nsref'))
            this.fail("can't assign to 'tuple'", pos);
        return { t: 'tuple', items, pos };
    }
    // --- expressions ------------------------------------------------------------------------
    isTupleEnd(extraEnd) {
        const t = this.cur;
        if (t.type === 'variable_end' || t.type === 'block_end' || this.isOp(')'))
            return true;
        return !!extraEnd?.some((e) => this.isName(e.slice('name:'.length)));
    }
    parseTuple(o) {
        const pos = this.cur.pos;
        const items = [];
        let isTuple = false;
        for (;;) {
            if (items.length)
                this.expect('op:,');
            if (this.isTupleEnd(o.extraEnd))
                break;
            items.push(this.parseExpression(o.withCondexpr ?? true));
            if (this.isOp(','))
                isTuple = true;
            else
                break;
        }
        if (!isTuple) {
            if (items.length)
                return items[0];
            if (!o.explicitParens)
                this.fail(`Expected an expression, got '${(0,lexer/* describeToken */.dE)(this.cur)}'`);
        }
        return { t: 'tuple', items, pos };
    }
    parseExpression(withCondexpr = true) {
        return withCondexpr ? this.parseCondexpr() : this.parseOr();
    }
    parseCondexpr() {
        const pos = this.cur.pos;
        let expr = this.parseOr();
        while (this.skipName('if')) {
            const test = this.parseOr();
            const elseExpr = this.skipName('else') ? this.parseCondexpr() : undefined;
            expr = { t: 'cond', test, then: expr, ...(elseExpr ? { else: elseExpr } : {}), pos };
        }
        return expr;
    }
    parseOr() {
        let left = this.parseAnd();
        while (this.isName('or')) {
            const pos = this.next().pos;
            left = { t: 'or', left, right: this.parseAnd(), pos };
        }
        return left;
    }
    parseAnd() {
        let left = this.parseNot();
        while (this.isName('and')) {
            const pos = this.next().pos;
            left = { t: 'and', left, right: this.parseNot(), pos };
        }
        return left;
    }
    parseNot() {
        if (this.isName('not')) {
            const pos = this.next().pos;
            return { t: 'unary', op: 'not', operand: this.parseNot(), pos };
        }
        return this.parseCompare();
    }
    parseCompare() {
        const pos = this.cur.pos;
        const first = this.parseMath1();
        const ops = [];
        for (;;) {
            const t = this.cur;
            if (t.type === 'op' && COMPARE[t.value]) {
                this.next();
                ops.push([COMPARE[t.value], this.parseMath1()]);
            }
            else if (this.skipName('in')) {
                ops.push(['in', this.parseMath1()]);
            }
            else if (this.isName('not') && this.isName('in', this.look())) {
                this.next();
                this.next();
                ops.push(['notin', this.parseMath1()]);
            }
            else
                break;
        }
        return ops.length ? { t: 'compare', first, ops, pos } : first;
    }
    parseMath1() {
        let left = this.parseConcat();
        while (this.isOp('+') || this.isOp('-')) {
            const t = this.next();
            left = { t: 'binop', op: t.value, left, right: this.parseConcat(), pos: t.pos };
        }
        return left;
    }
    parseConcat() {
        const pos = this.cur.pos;
        const items = [this.parseMath2()];
        while (this.skipOp('~'))
            items.push(this.parseMath2());
        return items.length === 1 ? items[0] : { t: 'concat', items, pos };
    }
    parseMath2() {
        let left = this.parsePow();
        while (this.cur.type === 'op' && MATH2[this.cur.value]) {
            const t = this.next();
            left = { t: 'binop', op: MATH2[t.value], left, right: this.parsePow(), pos: t.pos };
        }
        return left;
    }
    parsePow() {
        let left = this.parseUnary();
        while (this.isOp('**')) {
            const t = this.next();
            left = { t: 'binop', op: '**', left, right: this.parseUnary(), pos: t.pos };
        }
        return left;
    }
    parseUnary(withFilter = true) {
        const t = this.cur;
        let node;
        if (this.isOp('-') || this.isOp('+')) {
            this.next();
            node = { t: 'unary', op: t.value, operand: this.parseUnary(false), pos: t.pos };
        }
        else {
            node = this.parsePrimary();
        }
        node = this.parsePostfix(node);
        return withFilter ? this.parseFilterExpr(node) : node;
    }
    parsePrimary() {
        const t = this.cur;
        const pos = t.pos;
        if (t.type === 'name') {
            this.next();
            const v = t.value;
            if (v === 'true' || v === 'True')
                return { t: 'const', value: true, pos };
            if (v === 'false' || v === 'False')
                return { t: 'const', value: false, pos };
            if (v === 'none' || v === 'None')
                return { t: 'const', value: null, pos };
            return { t: 'name', name: v, pos };
        }
        if (t.type === 'string') {
            let value = '';
            while (this.cur.type === 'string')
                value += this.next().value;
            return { t: 'const', value, pos };
        }
        if (t.type === 'integer' || t.type === 'float') {
            this.next();
            return { t: 'const', value: t.value, pos };
        }
        if (this.isOp('(')) {
            this.next();
            const node = this.parseTuple({ explicitParens: true });
            this.expect('op:)');
            return node;
        }
        if (this.isOp('['))
            return this.parseList();
        if (this.isOp('{'))
            return this.parseDict();
        this.fail(`unexpected '${(0,lexer/* describeToken */.dE)(t)}'`);
    }
    parseList() {
        const pos = this.expect('op:[').pos;
        const items = [];
        while (!this.isOp(']')) {
            if (items.length)
                this.expect('op:,');
            if (this.isOp(']'))
                break;
            items.push(this.parseExpression());
        }
        this.expect('op:]');
        return { t: 'list', items, pos };
    }
    parseDict() {
        const pos = this.expect('op:{').pos;
        const items = [];
        while (!this.isOp('}')) {
            if (items.length)
                this.expect('op:,');
            if (this.isOp('}'))
                break;
            const key = this.parseExpression();
            this.expect('op::');
            items.push([key, this.parseExpression()]);
        }
        this.expect('op:}');
        return { t: 'dict', items, pos };
    }
    parsePostfix(node) {
        for (;;) {
            if (this.isOp('.') || this.isOp('['))
                node = this.parseSubscript(node);
            else if (this.isOp('('))
                node = this.parseCall(node);
            else
                return node;
        }
    }
    parseFilterExpr(node) {
        for (;;) {
            if (this.isOp('|'))
                node = this.parseFilter(node);
            else if (this.isName('is'))
                node = this.parseTest(node);
            else if (this.isOp('('))
                node = this.parseCall(node);
            else
                return node;
        }
    }
    parseSubscript(node) {
        const t = this.next();
        if (this.isOp('.', t)) {
            const attr = this.next();
            if (attr.type === 'name')
                return { t: 'getattr', obj: node, attr: attr.value, pos: t.pos };
            if (attr.type !== 'integer')
                this.fail('expected name or number', attr.pos);
            return {
                t: 'getitem',
                obj: node,
                key: { t: 'const', value: attr.value, pos: attr.pos },
                pos: t.pos
            };
        }
        const args = [];
        while (!this.isOp(']')) {
            if (args.length)
                this.expect('op:,');
            args.push(this.parseSubscribed());
        }
        this.expect('op:]');
        const key = args.length === 1 ? args[0] : { t: 'tuple', items: args, pos: t.pos };
        return { t: 'getitem', obj: node, key, pos: t.pos };
    }
    parseSubscribed() {
        const pos = this.cur.pos;
        const parts = [];
        if (this.isOp(':')) {
            this.next();
            parts.push(undefined);
        }
        else {
            const node = this.parseExpression();
            if (!this.isOp(':'))
                return node;
            this.next();
            parts.push(node);
        }
        const endOfPart = () => this.isOp(']') || this.isOp(',');
        if (this.isOp(':'))
            parts.push(undefined);
        else
            parts.push(endOfPart() ? undefined : this.parseExpression());
        if (this.skipOp(':'))
            parts.push(endOfPart() ? undefined : this.parseExpression());
        const [start, stop, step] = parts;
        return {
            t: 'slice',
            ...(start ? { start } : {}),
            ...(stop ? { stop } : {}),
            ...(step ? { step } : {}),
            pos
        };
    }
    parseCallArgs() {
        const open = this.expect('op:(');
        const out = { args: [], kwargs: [] };
        const ensure = (ok) => {
            if (!ok)
                this.fail('invalid syntax for function call expression', open.pos);
        };
        let requireComma = false;
        while (!this.isOp(')')) {
            if (requireComma) {
                this.expect('op:,');
                if (this.isOp(')'))
                    break;
            }
            if (this.isOp('*')) {
                ensure(!out.dynArgs && !out.dynKwargs);
                this.next();
                out.dynArgs = this.parseExpression();
            }
            else if (this.isOp('**')) {
                ensure(!out.dynKwargs);
                this.next();
                out.dynKwargs = this.parseExpression();
            }
            else if (this.cur.type === 'name' && this.isOp('=', this.look())) {
                ensure(!out.dynKwargs);
                const key = this.next().value;
                this.next();
                out.kwargs.push([key, this.parseExpression()]);
            }
            else {
                ensure(!out.dynArgs && !out.dynKwargs && !out.kwargs.length);
                out.args.push(this.parseExpression());
            }
            requireComma = true;
        }
        this.expect('op:)');
        return out;
    }
    parseCall(node) {
        const pos = this.cur.pos;
        return { t: 'call', fn: node, ...this.parseCallArgs(), pos };
    }
    parseFilter(node, startInline = false) {
        while (this.isOp('|') || startInline) {
            if (!startInline)
                this.next();
            const t = this.expect('name');
            const name = this.dottedName(t.value);
            if (UNSUPPORTED_FILTERS.has(name))
                this.fail(`the '${name}' filter is not supported by this renderer`, t.pos);
            if (!DEFAULT_ENVIRONMENT.filters.has(name))
                this.fail(`No filter named '${name}'.`, t.pos);
            const args = this.isOp('(') ? this.parseCallArgs() : { args: [], kwargs: [] };
            node = { t: 'filter', node, name, ...args, pos: t.pos };
            startInline = false;
        }
        return node;
    }
    parseTest(node) {
        const pos = this.next().pos;
        const negated = this.skipName('not');
        const t = this.expect('name');
        const name = this.dottedName(t.value);
        if (!DEFAULT_ENVIRONMENT.tests.has(name))
            this.fail(`No test named '${name}'.`, t.pos);
        let args = { args: [], kwargs: [] };
        const c = this.cur;
        if (this.isOp('(')) {
            args = this.parseCallArgs();
        }
        else if ((['name', 'string', 'integer', 'float'].includes(c.type) ||
            this.isOp('(') ||
            this.isOp('[') ||
            this.isOp('{')) &&
            !['else', 'or', 'and'].some((n) => this.isName(n))) {
            if (this.isName('is'))
                this.fail('You cannot chain multiple tests with is');
            args = { args: [this.parsePostfix(this.parsePrimary())], kwargs: [] };
        }
        const test = { t: 'test', node, name, ...args, pos };
        return negated ? { t: 'unary', op: 'not', operand: test, pos } : test;
    }
    dottedName(name) {
        while (this.skipOp('.'))
            name += '.' + this.expect('name').value;
        return name;
    }
}
/** Names an AST references (used to decide whether a macro takes `varargs`/`kwargs`). */
function collectNames(node, out) {
    if (Array.isArray(node)) {
        for (const x of node)
            collectNames(x, out);
    }
    else if (node && typeof node === 'object') {
        const n = node;
        if (n.t === 'name' && typeof n.name === 'string')
            out.add(n.name);
        for (const v of Object.values(node))
            if (v && typeof v === 'object')
                collectNames(v, out);
    }
}

;// CONCATENATED MODULE: ./packages/core/dist/engine/template/symbols.js
class Symbols {
    parent;
    loads = new Map();
    stores = new Set();
    constructor(parent) {
        this.parent = parent;
    }
    findRef(name) {
        return this.loads.has(name) || (this.parent?.findRef(name) ?? false);
    }
    store(name) {
        this.stores.add(name);
        if (!this.loads.has(name))
            this.loads.set(name, this.parent?.findRef(name) ? 'alias' : 'undefined');
    }
    param(name) {
        this.stores.add(name);
        this.loads.set(name, 'param');
    }
    load(name) {
        if (!this.findRef(name))
            this.loads.set(name, 'resolve');
    }
    copy() {
        const c = new Symbols(this.parent);
        c.loads = new Map(this.loads);
        c.stores = new Set(this.stores);
        return c;
    }
    /** After an `if`: names stored in a branch are resolved (or aliased), not missing. */
    branchUpdate(branches) {
        const stored = new Set();
        for (const b of branches)
            for (const n of b.stores)
                if (!this.stores.has(n))
                    stored.add(n);
        for (const b of branches) {
            for (const [k, v] of b.loads)
                this.loads.set(k, v);
            for (const n of b.stores)
                this.stores.add(n);
        }
        for (const n of stored)
            this.loads.set(n, this.parent?.findRef(n) ? 'alias' : 'resolve');
    }
    undefinedNames() {
        return [...this.loads].filter(([, kind]) => kind === 'undefined').map(([name]) => name);
    }
}
/** For each frame body: the names that start out missing when the frame is entered. */
const FRAME_UNDEFINED = new WeakMap();
function undefinedAtEntry(body) {
    return FRAME_UNDEFINED.get(body) ?? [];
}
function visitExpr(e, sym) {
    if (!e)
        return;
    if (e.t === 'name') {
        sym.load(e.name);
        return;
    }
    for (const child of Object.values(e)) {
        if (Array.isArray(child)) {
            for (const item of child) {
                if (Array.isArray(item))
                    item.forEach((x) => typeof x === 'object' && visitExpr(x, sym));
                else if (item && typeof item === 'object')
                    visitExpr(item, sym);
            }
        }
        else if (child && typeof child === 'object' && 't' in child) {
            visitExpr(child, sym);
        }
    }
}
function visitTarget(t, sym, asParam = false) {
    if (t.t === 'name') {
        if (asParam)
            sym.param(t.name);
        else
            sym.store(t.name);
    }
    else if (t.t === 'nsref') {
        sym.load(t.name);
    }
    else {
        for (const item of t.items)
            visitTarget(item, sym, asParam);
    }
}
/** The symbols a statement contributes to its own frame (child frames are analyzed later). */
function visitStmt(s, sym) {
    switch (s.t) {
        case 'output':
            for (const item of s.items)
                if (typeof item !== 'string')
                    visitExpr(item, sym);
            return;
        case 'if': {
            visitExpr(s.test, sym);
            const branch = (body) => {
                const copy = sym.copy();
                for (const x of body)
                    visitStmt(x, copy);
                return copy;
            };
            sym.branchUpdate([branch(s.body), branch(s.else)]);
            return;
        }
        case 'for':
            visitExpr(s.iter, sym);
            return;
        case 'set':
            visitExpr(s.value, sym);
            visitTarget(s.target, sym);
            return;
        case 'setblock':
            visitTarget(s.target, sym);
            return;
        case 'macro':
            sym.store(s.name);
            return;
        case 'filterblock':
            visitExpr(s.filter, sym);
            return;
        case 'with':
            for (const v of s.values)
                visitExpr(v, sym);
            return;
    }
}
/** Analyzes one frame, then the frames nested in it (which see the complete parent frame). */
function analyzeFrame(body, sym, prelude, after = []) {
    prelude?.(sym);
    for (const s of body)
        visitStmt(s, sym);
    for (const s of after)
        visitStmt(s, sym);
    FRAME_UNDEFINED.set(body, sym.undefinedNames());
    analyzeChildren(body, sym);
}
function analyzeChildren(body, sym) {
    for (const s of body) {
        switch (s.t) {
            case 'if':
                analyzeChildren(s.body, sym);
                analyzeChildren(s.else, sym);
                break;
            case 'for':
                analyzeFrame(s.body, new Symbols(sym), (f) => {
                    visitTarget(s.target, f, true);
                    f.param('loop');
                });
                if (s.else.length)
                    analyzeFrame(s.else, new Symbols(sym));
                break;
            case 'macro':
                analyzeFrame(s.body, new Symbols(sym), (f) => {
                    for (const p of s.params)
                        f.param(p);
                    for (const d of s.defaults)
                        visitExpr(d, f);
                    for (const special of ['caller', 'kwargs', 'varargs'])
                        f.param(special);
                });
                break;
            case 'with':
                analyzeFrame(s.body, new Symbols(sym), (f) => s.targets.forEach((t) => visitTarget(t, f, true)));
                break;
            case 'setblock':
                analyzeFrame(s.body, new Symbols(sym));
                break;
            case 'filterblock':
                analyzeFrame(s.body, new Symbols(sym), undefined, [{ t: 'output', items: [s.filter], pos: s.pos }]);
                break;
        }
    }
}
/** Runs Jinja's scope analysis over a parsed template. */
function analyzeScopes(body) {
    analyzeFrame(body, new Symbols());
}

;// CONCATENATED MODULE: ./packages/core/dist/engine/template/builtins.js
/** Jinja2's default globals: range, dict, namespace, cycler, joiner (and lipsum, refused). */


function range(args, kwargs) {
    if (kwargs.size)
        throw typeError('range() takes no keyword arguments');
    if (!args.length || args.length > 3)
        throw typeError(`range expected at most 3 arguments, got ${args.length}`);
    const ints = args.map((a) => BigInt(asInt(a)));
    const [start, stop, step] = ints.length === 1 ? [0n, ints[0], 1n] : [ints[0], ints[1], ints[2] ?? 1n];
    if (step === 0n)
        throw new PyError('ValueError', 'range() arg 3 must not be zero');
    return new PyRange(start, stop, step);
}
function dict(args, kwargs) {
    if (args.length > 1)
        throw typeError(`dict expected at most 1 argument, got ${args.length}`);
    const d = new PyDict();
    const src = args[0];
    if (src instanceof PyDict)
        for (const [k, v] of src.entries())
            d.set(k, v);
    else if (src !== undefined) {
        for (const pair of iterate(src)) {
            const kv = Array.from(iterate(pair));
            if (kv.length !== 2)
                throw new PyError('ValueError', `dictionary update sequence element has length ${kv.length}; 2 is required`);
            d.set(kv[0], kv[1]);
        }
    }
    for (const [k, v] of kwargs)
        d.set(k, v);
    return d;
}
function namespace(args, kwargs) {
    const ns = new PyNamespace();
    for (const [k, v] of dict(args, kwargs).entries())
        ns.attrs.set(k, v);
    return ns;
}
class Cycler extends PyObject {
    items;
    typeName = 'Cycler';
    pos = 0;
    constructor(items) {
        super();
        this.items = items;
    }
    getAttr(name) {
        if (name === 'current')
            return this.items[this.pos];
        if (name === 'items')
            return this.items;
        if (name === 'reset')
            return new PyCallable('reset', () => ((this.pos = 0), null));
        if (name === 'next') {
            return new PyCallable('next', () => {
                const v = this.items[this.pos];
                this.pos = (this.pos + 1) % this.items.length;
                return v;
            });
        }
        return undefined;
    }
    repr() {
        return '<jinja2.utils.Cycler object>';
    }
}
class Joiner extends PyObject {
    sep;
    typeName = 'Joiner';
    used = false;
    constructor(sep) {
        super();
        this.sep = sep;
    }
    call() {
        if (this.used)
            return this.sep;
        this.used = true;
        return '';
    }
    repr() {
        return '<jinja2.utils.Joiner object>';
    }
}
function makeGlobals() {
    return new Map([
        ['range', new PyCallable('range', range, "<class 'range'>", 'type')],
        ['dict', new PyCallable('dict', dict, "<class 'dict'>", 'type')],
        ['namespace', new PyCallable('namespace', namespace, "<class 'jinja2.utils.Namespace'>", 'type')],
        [
            'cycler',
            new PyCallable('cycler', (args, kwargs) => {
                bindArgs('Cycler', [], 0, [], kwargs);
                if (!args.length)
                    throw typeError('at least one item has to be provided');
                return new Cycler(args);
            }, "<class 'jinja2.utils.Cycler'>", 'type')
        ],
        [
            'joiner',
            new PyCallable('joiner', (args, kwargs) => {
                const [sep] = bindArgs('Joiner', ['sep'], 0, args, kwargs);
                return new Joiner(sep === undefined ? ', ' : str(sep));
            }, "<class 'jinja2.utils.Joiner'>", 'type')
        ],
        [
            'lipsum',
            new PyCallable('lipsum', () => {
                throw new PyError('NotSupportedError', 'lipsum() produces random text and is not supported by this renderer');
            })
        ]
    ]);
}

;// CONCATENATED MODULE: ./packages/core/dist/engine/template/render.js







/** A variable Jinja has declared in a frame but not assigned yet (reads give Undefined). */
const MISSING = Symbol('missing');
class Scope {
    parent;
    vars = new Map();
    constructor(parent) {
        this.parent = parent;
    }
    lookup(name) {
        const v = this.vars.get(name);
        return v !== undefined || !this.parent ? v : this.parent.lookup(name);
    }
    set(name, value) {
        this.vars.set(name, value);
    }
    declareMissing(name) {
        this.vars.set(name, MISSING);
    }
}
/** Enters a frame: the names Jinja's compiler declares in it without a value start out missing. */
function render_frame(parent, body) {
    const scope = new Scope(parent);
    for (const name of undefinedAtEntry(body))
        scope.declareMissing(name);
    return scope;
}
const GLOBALS = new Scope();
for (const [k, v] of makeGlobals())
    GLOBALS.set(k, v);
/** The template's root frame, over the render variables, over Jinja's globals. */
function rootScope(vars, body) {
    const context = new Scope(GLOBALS);
    for (const [k, v] of vars)
        context.set(k, v);
    return render_frame(context, body);
}
class LoopContext extends PyObject {
    items;
    depth0;
    recurse;
    typeName = 'LoopContext';
    index0 = -1;
    lastChanged;
    constructor(items, depth0, recurse) {
        super();
        this.items = items;
        this.depth0 = depth0;
        this.recurse = recurse;
    }
    getAttr(name) {
        const n = this.items.length;
        const i = this.index0;
        switch (name) {
            case 'index':
                return BigInt(i + 1);
            case 'index0':
                return BigInt(i);
            case 'revindex':
                return BigInt(n - i);
            case 'revindex0':
                return BigInt(n - i - 1);
            case 'first':
                return i === 0;
            case 'last':
                return i === n - 1;
            case 'length':
                return BigInt(n);
            case 'depth':
                return BigInt(this.depth0 + 1);
            case 'depth0':
                return BigInt(this.depth0);
            case 'previtem':
                return i > 0 ? this.items[i - 1] : new Undefined('there is no previous item');
            case 'nextitem':
                return i < n - 1 ? this.items[i + 1] : new Undefined('there is no next item');
            case 'cycle':
                return new PyCallable('cycle', (args) => {
                    if (!args.length)
                        throw typeError('no items for cycling given');
                    return args[i % args.length];
                });
            case 'changed':
                return new PyCallable('changed', (args) => {
                    const value = new PyTuple(args);
                    if (this.lastChanged !== undefined && pyEquals(this.lastChanged, value))
                        return false;
                    this.lastChanged = value;
                    return true;
                });
        }
        return undefined;
    }
    call(args) {
        if (!this.recurse)
            throw typeError("The loop must have the 'recursive' marker to be called recursively.");
        return this.recurse(args[0] ?? null, this.depth0 + 1);
    }
    len() {
        return this.items.length;
    }
    repr() {
        return `<LoopContext ${this.index0 + 1}/${this.items.length}>`;
    }
}
function unpack(target, value, scope) {
    if (target.t === 'name') {
        scope.set(target.name, value);
    }
    else if (target.t === 'nsref') {
        const ns = scope.lookup(target.name);
        if (!(ns instanceof PyNamespace))
            throw new PyError('TemplateRuntimeError', 'cannot assign attribute on non-namespace object');
        ns.attrs.set(target.attr, value);
    }
    else {
        const items = toList(value);
        const n = target.items.length;
        if (items.length < n)
            throw new PyError('ValueError', `not enough values to unpack (expected ${n}, got ${items.length})`);
        if (items.length > n)
            throw new PyError('ValueError', `too many values to unpack (expected ${n})`);
        target.items.forEach((t, i) => unpack(t, items[i], scope));
    }
}
/** Attaches the position of the innermost node that failed. */
function locate(e, pos) {
    if (e instanceof PyError && e.templatePos === undefined)
        e.templatePos = pos;
    throw e;
}
function evalExpr(e, scope) {
    try {
        return evalNode(e, scope);
    }
    catch (err) {
        locate(err, e.pos);
    }
}
function evalArgs(c, scope) {
    const args = c.args.map((a) => evalExpr(a, scope));
    if (c.dynArgs)
        args.push(...iterate(evalExpr(c.dynArgs, scope)));
    const kwargs = new Map(c.kwargs.map(([k, v]) => [k, evalExpr(v, scope)]));
    if (c.dynKwargs) {
        const d = evalExpr(c.dynKwargs, scope);
        if (!(d instanceof PyDict))
            throw typeError('argument after ** must be a mapping');
        for (const [k, v] of d.entries()) {
            if (typeof k !== 'string')
                throw typeError('keywords must be strings');
            kwargs.set(k, v);
        }
    }
    return [args, kwargs];
}
/** Applies a filter node; `input` replaces the innermost missing operand (filter blocks). */
function applyFilter(e, scope, input) {
    if (e.t !== 'filter')
        return evalExpr(e, scope);
    try {
        const value = e.node ? applyFilter(e.node, scope, input) : input;
        const [args, kwargs] = evalArgs(e, scope);
        return DEFAULT_ENVIRONMENT.filters.get(e.name)(value, args, kwargs, DEFAULT_ENVIRONMENT);
    }
    catch (err) {
        locate(err, e.pos);
    }
}
function evalNode(e, scope) {
    switch (e.t) {
        case 'const':
            return e.value;
        case 'name': {
            const v = scope.lookup(e.name);
            return v === undefined || v === MISSING ? Undefined.named(e.name) : v;
        }
        case 'list':
            return e.items.map((x) => evalExpr(x, scope));
        case 'tuple':
            return new PyTuple(e.items.map((x) => evalExpr(x, scope)));
        case 'dict':
            return PyDict.from(e.items.map(([k, v]) => [evalExpr(k, scope), evalExpr(v, scope)]));
        case 'getattr':
            return getAttr(evalExpr(e.obj, scope), e.attr);
        case 'getitem': {
            const obj = evalExpr(e.obj, scope);
            const key = evalExpr(e.key, scope);
            return key instanceof PySlice ? sliceValue(obj, key) : getItem(obj, key);
        }
        case 'slice': {
            const part = (x) => (x ? evalExpr(x, scope) : null);
            return new PySlice(part(e.start), part(e.stop), part(e.step));
        }
        case 'call': {
            const fn = evalExpr(e.fn, scope);
            const [args, kwargs] = evalArgs(e, scope);
            return callValue(fn, args, kwargs);
        }
        case 'filter':
            return applyFilter(e, scope, null);
        case 'test': {
            const value = evalExpr(e.node, scope);
            const [args, kwargs] = evalArgs(e, scope);
            return DEFAULT_ENVIRONMENT.tests.get(e.name)(value, args, kwargs, DEFAULT_ENVIRONMENT);
        }
        case 'binop': {
            const left = evalExpr(e.left, scope);
            const right = evalExpr(e.right, scope);
            if (e.op === '**' && isNegativeNumber(left) && isFoldable(e.left) && !isFoldable(e.right)) {
                // Jinja writes a folded negative constant without parentheses: `-2 ** x` runs as -(2 ** x).
                return unaryOp('-', binaryOp('**', unaryOp('-', left), right));
            }
            return binaryOp(e.op, left, right);
        }
        case 'concat':
            return e.items.map((x) => str(evalExpr(x, scope))).join('');
        case 'unary':
            if (e.op === 'not')
                return !truthy(evalExpr(e.operand, scope));
            return unaryOp(e.op, evalExpr(e.operand, scope));
        case 'and': {
            const left = evalExpr(e.left, scope);
            return truthy(left) ? evalExpr(e.right, scope) : left;
        }
        case 'or': {
            const left = evalExpr(e.left, scope);
            return truthy(left) ? left : evalExpr(e.right, scope);
        }
        case 'compare': {
            let left = evalExpr(e.first, scope);
            for (const [op, rightExpr] of e.ops) {
                const right = evalExpr(rightExpr, scope);
                if (!compare(op, left, right))
                    return false;
                left = right;
            }
            return true;
        }
        case 'cond':
            if (truthy(evalExpr(e.test, scope)))
                return evalExpr(e.then, scope);
            if (e.else)
                return evalExpr(e.else, scope);
            return new Undefined('the inline if-expression evaluated to false and no else section was defined.');
    }
}
function isNegativeNumber(v) {
    return (typeof v === 'bigint' && v < 0n) || (typeof v === 'number' && (v < 0 || Object.is(v, -0)));
}
/** Filters Jinja never folds at compile time (they need the render context). */
const CONTEXT_FILTERS = new Set(['map', 'select', 'reject', 'selectattr', 'rejectattr', 'random']);
/** Whether Jinja's optimizer folds this expression into a constant at compile time. */
function isFoldable(e) {
    if (!e)
        return true;
    switch (e.t) {
        case 'const':
            return true;
        case 'list':
        case 'tuple':
        case 'concat':
            return e.items.every(isFoldable);
        case 'dict':
            return e.items.every(([k, v]) => isFoldable(k) && isFoldable(v));
        case 'getattr':
            return isFoldable(e.obj);
        case 'getitem':
            return isFoldable(e.obj) && isFoldable(e.key);
        case 'slice':
            return isFoldable(e.start) && isFoldable(e.stop) && isFoldable(e.step);
        case 'binop':
        case 'and':
        case 'or':
            return isFoldable(e.left) && isFoldable(e.right);
        case 'unary':
            return isFoldable(e.operand);
        case 'compare':
            return isFoldable(e.first) && e.ops.every(([, x]) => isFoldable(x));
        case 'cond':
            return isFoldable(e.test) && isFoldable(e.then) && e.else !== undefined && isFoldable(e.else);
        case 'filter':
        case 'test':
            return (!(e.t === 'filter' && CONTEXT_FILTERS.has(e.name)) &&
                e.node !== null &&
                isFoldable(e.node) &&
                e.args.every(isFoldable) &&
                e.kwargs.every(([, v]) => isFoldable(v)) &&
                !e.dynArgs &&
                !e.dynKwargs);
        default:
            return false;
    }
}
function compare(op, a, b) {
    switch (op) {
        case 'eq':
            return pyEquals(a, b);
        case 'ne':
            return !pyEquals(a, b);
        case 'lt':
            return pyCompare(a, b, 'lt') < 0;
        case 'lteq':
            return pyCompare(a, b, 'le') <= 0;
        case 'gt':
            return pyCompare(a, b, 'gt') > 0;
        case 'gteq':
            return pyCompare(a, b, 'ge') >= 0;
        case 'in':
            return contains(b, a);
        default:
            return !contains(b, a);
    }
}
function execBody(body, scope, out) {
    for (const s of body) {
        try {
            execStmt(s, scope, out);
        }
        catch (err) {
            locate(err, s.pos);
        }
    }
}
function renderToString(body, scope) {
    const out = [];
    execBody(body, scope, out);
    return out.join('');
}
function execStmt(s, scope, out) {
    switch (s.t) {
        case 'output':
            for (const item of s.items)
                out.push(typeof item === 'string' ? item : str(evalExpr(item, scope)));
            return;
        case 'if':
            execBody(truthy(evalExpr(s.test, scope)) ? s.body : s.else, scope, out);
            return;
        case 'for':
            out.push(runFor(s, evalExpr(s.iter, scope), scope, 0));
            return;
        case 'set':
            unpack(s.target, evalExpr(s.value, scope), scope);
            return;
        case 'setblock': {
            const inner = render_frame(scope, s.body);
            const text = renderToString(s.body, inner);
            unpack(s.target, s.filter ? applyFilter(s.filter, inner, text) : text, scope);
            return;
        }
        case 'filterblock': {
            const inner = render_frame(scope, s.body);
            out.push(str(applyFilter(s.filter, inner, renderToString(s.body, inner))));
            return;
        }
        case 'with': {
            const inner = render_frame(scope, s.body);
            s.targets.forEach((t, i) => unpack(t, evalExpr(s.values[i], scope), inner));
            execBody(s.body, inner, out);
            return;
        }
        case 'macro':
            scope.set(s.name, makeMacro(s, scope));
            return;
    }
}
/** The value of an assignment target after unpacking (`a, b` gives the tuple `(a, b)`). */
function targetValue(target, scope) {
    if (target.t === 'tuple')
        return new PyTuple(target.items.map((t) => targetValue(t, scope)));
    const v = scope.lookup(target.name);
    return v === undefined || v === MISSING ? null : v;
}
function runFor(s, iterable, scope, depth0) {
    let items = toList(iterable);
    if (s.test) {
        // Jinja filters with a generator that yields the loop target, so unpacked items become tuples.
        const test = s.test;
        const kept = [];
        for (const item of items) {
            const probe = new Scope(scope);
            unpack(s.target, item, probe);
            if (truthy(evalExpr(test, probe)))
                kept.push(targetValue(s.target, probe));
        }
        items = kept;
    }
    const out = [];
    if (!items.length) {
        execBody(s.else, render_frame(scope, s.else), out);
        return out.join('');
    }
    const loop = new LoopContext(items, depth0, s.recursive ? (it, d) => runFor(s, it, scope, d) : undefined);
    for (const item of items) {
        loop.index0++;
        const iterScope = render_frame(scope, s.body);
        iterScope.set('loop', loop);
        unpack(s.target, item, iterScope);
        execBody(s.body, iterScope, out);
    }
    return out.join('');
}
function makeMacro(s, defScope) {
    const { name, params, defaults } = s;
    const firstDefault = params.length - defaults.length;
    const call = (args, kw) => {
        const kwargs = new Map(kw);
        const given = args.slice(0, params.length);
        for (const p of params.slice(given.length)) {
            given.push(kwargs.get(p));
            kwargs.delete(p);
        }
        const scope = render_frame(defScope, s.body);
        if (s.usesCaller) {
            scope.set('caller', kwargs.get('caller') ?? new Undefined('No caller defined'));
            kwargs.delete('caller');
        }
        if (s.usesKwargs)
            scope.set('kwargs', PyDict.from(kwargs));
        else if (kwargs.size)
            throw typeError(`macro '${name}' takes no keyword argument '${[...kwargs.keys()][0]}'`);
        if (s.usesVarargs)
            scope.set('varargs', new PyTuple(args.slice(params.length)));
        else if (args.length > params.length)
            throw typeError(`macro '${name}' takes not more than ${params.length} argument(s)`);
        params.forEach((p, i) => {
            let v = given[i];
            if (v === undefined) {
                v =
                    i >= firstDefault
                        ? evalExpr(defaults[i - firstDefault], scope)
                        : new Undefined(`parameter '${p}' was not provided`);
            }
            scope.set(p, v);
        });
        return renderToString(s.body, scope);
    };
    return new PyCallable(name, call, `<Macro ${repr(name)}>`, 'Macro');
}

;// CONCATENATED MODULE: ./packages/core/dist/engine/template/template.js
/** Compiling and rendering templates; errors become UserErrors that point into the template. */







function template_location(source, pos) {
    const before = source.slice(0, pos);
    const lineStart = before.lastIndexOf('\n') + 1;
    return { line: before.split('\n').length, column: (0,pystr/* pyLen */.lO)(before.slice(lineStart)) + 1 };
}
function userError(file, source, pos, message) {
    return new errors/* UserError */.yo([{ file, ...template_location(source, pos), message }]);
}
/**
 * Parses a Jinja2 template once; the returned function renders it exactly as
 * `jinja2.Environment(trim_blocks=True, keep_trailing_newline=True)` would.
 */
function compileTemplate(source, opts = {}) {
    const file = opts.file ?? '<template>';
    const text = (0,lexer/* normalizeNewlines */.jN)(source);
    let body;
    try {
        body = new Parser((0,lexer/* tokenize */.qw)(text)).parse();
        analyzeScopes(body);
    }
    catch (e) {
        if (e instanceof lexer/* TemplateSyntaxError */.Cb)
            throw userError(file, text, e.pos, `template syntax error: ${e.message}`);
        throw e;
    }
    return (variables) => {
        const scope = rootScope(Object.entries(variables)
            .filter(([, v]) => v !== undefined)
            .map(([k, v]) => [k, fromJS(v)]), body);
        const out = [];
        try {
            execBody(body, scope, out);
        }
        catch (e) {
            if (e instanceof PyError) {
                const pos = e.templatePos ?? 0;
                throw userError(file, text, pos, `failed to render the template: ${e.pyType}: ${e.message}`);
            }
            if (e instanceof RangeError && /call stack/i.test(e.message)) {
                throw new errors/* UserError */.yo([
                    { file, message: 'failed to render the template: maximum recursion depth exceeded' }
                ]);
            }
            throw e;
        }
        return out.join('');
    };
}
function renderTemplate(source, variables, opts = {}) {
    return compileTemplate(source, opts)(variables);
}

;// CONCATENATED MODULE: ./packages/core/dist/engine/template/chat.js
/**
 * Prompt flow's chat prompt format (promptflow-tools `parse_chat`): the rendered prompt is split at
 * role lines (`system:`, `# user:`, `Assistant :` …, case-insensitive, alone on their line) and
 * each message's content is stripped. `function` messages need `name:`/`content:` sections, `tool`
 * messages `tool_call_id:`/`content:`; an assistant message may carry a `tool_calls:` list (a
 * Python literal). Any other message may also start with `name:`/`content:` sections.
 */





const CHAT_ROLES = ['system', 'user', 'assistant', 'function', 'tool'];
const S = `[${pystr/* PY_WS_CLASS */.ud}]`;
const NS = `[^${pystr/* PY_WS_CLASS */.ud}]`;
// Python: (?i)^\s*#?\s*(system|user|assistant|function|tool)\s*:\s*\n  with re.MULTILINE
const ROLE_SOURCE = `(?<![^\\n])${S}*#?${S}*(${CHAT_ROLES.join('|')})${S}*:${S}*\\n`;
const ROLE_LINE = new RegExp(ROLE_SOURCE, 'iu');
const ROLE_SPLIT = new RegExp(ROLE_SOURCE, 'giu');
const section = (key, value) => new RegExp(`\\n*#{0,2}${S}*${key}${S}*:${S}*\\n+${S}*${value}`, 's');
const NAME_AND_CONTENT = section('name', `(${NS}+)${S}*\\n*#{0,2}${S}*content${S}*:${S}*\\n?(.*)`);
const TOOL_CALL_ID_AND_CONTENT = section('tool_call_id', `(${NS}+)${S}*\\n*#{0,2}${S}*content${S}*:${S}*\\n?(.*)`);
const TOOL_CALLS = section('tool_calls', '(\\[.*?\\])');
/** True when the text (a template or a rendered prompt) has at least one chat role line. */
function usesChatRoles(text) {
    return ROLE_LINE.test(normalizeNewlines(text));
}
/** Splits a rendered chat prompt into messages, the way prompt flow's LLM tool does. */
function parseChatMessages(rendered, opts = {}) {
    const file = opts.file ?? '<prompt>';
    const fail = (message) => {
        throw new errors/* UserError */.yo([{ file, message }]);
    };
    const chunks = rendered.split(ROLE_SPLIT);
    const messages = [];
    for (const chunk of chunks) {
        const last = messages.at(-1);
        const open = last !== undefined && last.content === undefined && last.tool_calls === undefined;
        if (open && last.role === 'tool') {
            const m = TOOL_CALL_ID_AND_CONTENT.exec(chunk);
            if (!m) {
                fail("a 'tool' message must be written as 'tool_call_id:' and the id on the next line, then 'content:' and the content");
            }
            last.tool_call_id = m[1];
            last.content = (0,pystr/* pyStrip */.m0)(m[2], null);
            continue;
        }
        if (last?.role === 'assistant') {
            const calls = parseToolCalls(chunk);
            if (calls !== undefined) {
                last.tool_calls = calls;
                continue;
            }
        }
        if (open) {
            const m = NAME_AND_CONTENT.exec(chunk);
            if (m) {
                last.name = m[1];
                last.content = (0,pystr/* pyStrip */.m0)(m[2], null);
            }
            else if (last.role === 'function') {
                fail("a 'function' message must be written as 'name:' and the function name on the next line, then 'content:' and the content");
            }
            else {
                last.content = (0,pystr/* pyStrip */.m0)(chunk, null);
            }
            continue;
        }
        const text = (0,pystr/* pyStrip */.m0)(chunk, null);
        if (!text)
            continue;
        const role = text.toLowerCase();
        if (!CHAT_ROLES.includes(role)) {
            const found = text.length > 60 ? `${text.slice(0, 60)}…` : text;
            fail(`a chat prompt must start with a role line (${CHAT_ROLES.map((r) => `'${r}:'`).join(', ')} alone on its line); ` +
                `found text before the first role line: ${JSON.stringify(found)}`);
        }
        messages.push({ role: role });
    }
    return messages.map((m) => ({ ...m, content: m.content ?? '' }));
}
/** `ast.literal_eval` of the `tool_calls:` list, or undefined when prompt flow would not parse it. */
function parseToolCalls(chunk) {
    const m = TOOL_CALLS.exec(chunk);
    if (!m)
        return undefined;
    try {
        const tokens = (0,lexer/* tokenize */.qw)(`{{ ${(0,lexer/* normalizeNewlines */.jN)(m[1])} }}`);
        if (tokens.some((t) => t.type === 'name' && !['True', 'False', 'None'].includes(t.value)))
            return undefined;
        const [output] = new Parser(tokens).parse();
        if (!output || output.t !== 'output' || output.items.length !== 1 || typeof output.items[0] === 'string')
            return undefined;
        const value = literal(output.items[0]);
        return Array.isArray(value) ? value.map(toJS) : undefined;
    }
    catch {
        return undefined;
    }
}
function literal(e) {
    switch (e.t) {
        case 'const':
            return e.value;
        case 'list':
            return e.items.map(literal);
        case 'tuple':
            return new PyTuple(e.items.map(literal));
        case 'dict':
            return PyDict.from(e.items.map(([k, v]) => [literal(k), literal(v)]));
        case 'unary': {
            const v = literal(e.operand);
            if (e.op === '-' && (typeof v === 'bigint' || typeof v === 'number'))
                return -v;
            if (e.op === '+' && (typeof v === 'bigint' || typeof v === 'number'))
                return v;
            break;
        }
    }
    throw new Error('not a literal');
}
function toJS(v) {
    if (typeof v === 'bigint')
        return Number(v);
    if (Array.isArray(v))
        return v.map(toJS);
    if (v instanceof PyTuple)
        return v.items.map(toJS);
    if (v instanceof PyDict)
        return Object.fromEntries(v.entries().map(([k, x]) => [String(k), toJS(x)]));
    return v;
}

;// CONCATENATED MODULE: ./packages/core/dist/engine/template/index.js
/**
 * Jinja2 templating for llm and prompt nodes: byte-for-byte the output of
 * `jinja2.Environment(trim_blocks=True, keep_trailing_newline=True)`, and prompt flow's chat format.
 */




/***/ }),

/***/ 39838:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Cb: () => (/* binding */ TemplateSyntaxError),
/* harmony export */   dE: () => (/* binding */ describeToken),
/* harmony export */   jN: () => (/* binding */ normalizeNewlines),
/* harmony export */   qw: () => (/* binding */ tokenize)
/* harmony export */ });
/* harmony import */ var _pystr_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(34618);
/**
 * Jinja2's lexer for `Environment(trim_blocks=True, keep_trailing_newline=True)`, default
 * delimiters, no line statements. Follows jinja2/lexer.py rule by rule: `-` strips whitespace
 * (Python's definition) on that side of a tag, a block or comment end swallows one following
 * newline (trim_blocks) unless written `+%}`/`+#}`, `{% raw %}` sections pass through verbatim.
 */

/** A syntax error at an offset of the normalized source. */
class TemplateSyntaxError extends Error {
    pos;
    constructor(message, pos) {
        super(message);
        this.pos = pos;
    }
}
const WS = `[${_pystr_js__WEBPACK_IMPORTED_MODULE_0__/* .PY_WS_CLASS */ .ud}]`;
const ROOT = new RegExp(`\\{%(-|\\+|)${WS}*raw${WS}*(?:-%\\}${WS}*|%\\})|\\{#(-|\\+|)|\\{%(-|\\+|)|\\{\\{(-|\\+|)`, 'g');
const END_RAW = new RegExp(`\\{%(-|\\+|)${WS}*endraw${WS}*(?:\\+%\\}|-%\\}${WS}*|%\\}\\n?)`, 'g');
const END_COMMENT = new RegExp(`\\+#\\}|-#\\}${WS}*|#\\}\\n?`, 'g');
const END_BLOCK = new RegExp(`\\+%\\}|-%\\}${WS}*|%\\}\\n?`, 'y');
const END_VARIABLE = new RegExp(`-\\}\\}${WS}*|\\}\\}`, 'y');
const WHITESPACE = new RegExp(`${WS}+`, 'y');
const FLOAT = /(?<!\.)(?:\d+_)*\d+(?:(?:\.(?:\d+_)*\d+)?[eE][+-]?(?:\d+_)*\d+|\.(?:\d+_)*\d+)/y;
const INTEGER = /0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|0[xX](?:_?[\da-fA-F])+|[1-9](?:_?\d)*|0(?:_?0)*/y;
const NAME = /[\p{XID_Continue}]+/uy;
const IDENTIFIER = /^[\p{XID_Start}_][\p{XID_Continue}]*$/u;
const STRING = /'([^'\\]*(?:\\.[^'\\]*)*)'|"([^"\\]*(?:\\.[^"\\]*)*)"/sy;
const OPERATOR = /\/\/|\*\*|==|!=|>=|<=|[+\-/*%~[\](){}<>=.:|,;]/y;
const CLOSING = { '(': ')', '[': ']', '{': '}' };
/** Jinja normalizes every newline sequence to `\n` before lexing. */
function normalizeNewlines(source) {
    return source.replace(/\r\n|\r/g, '\n');
}
function rstripIf(text, sign) {
    return sign === '-' ? (0,_pystr_js__WEBPACK_IMPORTED_MODULE_0__/* .pyStrip */ .m0)(text, null, false, true) : text;
}
function sticky(re, source, pos) {
    re.lastIndex = pos;
    return re.exec(source);
}
function parseInteger(text) {
    const t = text.replace(/_/g, '').toLowerCase();
    if (/^0[box]/.test(t))
        return BigInt(t);
    return BigInt(t.replace(/^0+(?=\d)/, ''));
}
/** Tokenizes a newline-normalized template. */
function tokenize(source) {
    const tokens = [];
    let pos = 0;
    while (pos < source.length) {
        ROOT.lastIndex = pos;
        const m = ROOT.exec(source);
        if (!m) {
            tokens.push({ type: 'data', value: source.slice(pos), pos });
            break;
        }
        const [, rawSign, commentSign, blockSign, varSign] = m;
        const sign = rawSign ?? commentSign ?? blockSign ?? varSign;
        const text = rstripIf(source.slice(pos, m.index), sign);
        if (text)
            tokens.push({ type: 'data', value: text, pos });
        pos = m.index + m[0].length;
        if (rawSign !== undefined)
            pos = lexRaw(source, pos, m.index, tokens);
        else if (commentSign !== undefined)
            pos = lexComment(source, pos, m.index);
        else
            pos = lexTag(source, pos, m.index, blockSign !== undefined ? 'block' : 'variable', tokens);
    }
    tokens.push({ type: 'eof', value: '', pos: source.length });
    return tokens;
}
function lexRaw(source, pos, start, tokens) {
    END_RAW.lastIndex = pos;
    const m = END_RAW.exec(source);
    if (!m)
        throw new TemplateSyntaxError('Missing end of raw directive', start);
    const text = rstripIf(source.slice(pos, m.index), m[1]);
    if (text)
        tokens.push({ type: 'data', value: text, pos });
    return m.index + m[0].length;
}
function lexComment(source, pos, start) {
    END_COMMENT.lastIndex = pos;
    const m = END_COMMENT.exec(source);
    if (!m)
        throw new TemplateSyntaxError('Missing end of comment tag', start);
    return m.index + m[0].length;
}
function lexTag(source, pos, start, kind, tokens) {
    tokens.push({ type: kind === 'block' ? 'block_begin' : 'variable_begin', value: '', pos: start });
    const end = kind === 'block' ? END_BLOCK : END_VARIABLE;
    const balance = [];
    while (pos < source.length) {
        let m;
        if (!balance.length && (m = sticky(end, source, pos))) {
            tokens.push({ type: kind === 'block' ? 'block_end' : 'variable_end', value: '', pos });
            return pos + m[0].length;
        }
        if ((m = sticky(WHITESPACE, source, pos))) {
            pos += m[0].length;
            continue;
        }
        if ((m = sticky(FLOAT, source, pos))) {
            tokens.push({ type: 'float', value: Number(m[0].replace(/_/g, '')), pos });
        }
        else if ((m = sticky(INTEGER, source, pos))) {
            tokens.push({ type: 'integer', value: parseInteger(m[0]), pos });
        }
        else if ((m = sticky(NAME, source, pos))) {
            if (!IDENTIFIER.test(m[0]))
                throw new TemplateSyntaxError('Invalid character in identifier', pos);
            tokens.push({ type: 'name', value: m[0], pos });
        }
        else if ((m = sticky(STRING, source, pos))) {
            let value;
            try {
                value = (0,_pystr_js__WEBPACK_IMPORTED_MODULE_0__/* .decodeStringLiteral */ .lG)(m[1] ?? m[2] ?? '');
            }
            catch (e) {
                if (e instanceof _pystr_js__WEBPACK_IMPORTED_MODULE_0__/* .PyStrError */ .xQ)
                    throw new TemplateSyntaxError(e.message, pos);
                throw e;
            }
            tokens.push({ type: 'string', value, pos });
        }
        else if ((m = sticky(OPERATOR, source, pos))) {
            const op = m[0];
            if (CLOSING[op])
                balance.push(CLOSING[op]);
            else if (op === ')' || op === ']' || op === '}') {
                const expected = balance.pop();
                if (!expected)
                    throw new TemplateSyntaxError(`unexpected '${op}'`, pos);
                if (expected !== op)
                    throw new TemplateSyntaxError(`unexpected '${op}', expected '${expected}'`, pos);
            }
            tokens.push({ type: 'op', value: op, pos });
        }
        else {
            const ch = String.fromCodePoint(source.codePointAt(pos));
            throw new TemplateSyntaxError(`unexpected character '${ch}'`, pos);
        }
        pos += m[0].length;
    }
    return pos;
}
/** How Jinja names a token in error messages. */
function describeToken(t) {
    switch (t.type) {
        case 'name':
        case 'op':
            return String(t.value);
        case 'data':
            return 'template data / text';
        case 'variable_begin':
            return 'begin of print statement';
        case 'variable_end':
            return 'end of print statement';
        case 'block_begin':
            return 'begin of statement block';
        case 'block_end':
            return 'end of statement block';
        case 'eof':
            return 'end of template';
        default:
            return t.type;
    }
}


/***/ }),

/***/ 70657:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AT: () => (/* binding */ parsePyInt),
/* harmony export */   Fh: () => (/* binding */ parsePyFloat),
/* harmony export */   H1: () => (/* binding */ intTrueDiv),
/* harmony export */   Hn: () => (/* binding */ floatPow),
/* harmony export */   K9: () => (/* binding */ groupDigits),
/* harmony export */   KL: () => (/* binding */ floatRepr),
/* harmony export */   Rj: () => (/* binding */ fixedDigits),
/* harmony export */   Xd: () => (/* binding */ expString),
/* harmony export */   bs: () => (/* binding */ roundFloat),
/* harmony export */   cK: () => (/* binding */ generalString)
/* harmony export */ });
/* unused harmony exports scaledRound, expParts */
/**
 * Python number semantics: Python `int` is a JS `bigint`, Python `float` a JS `number`.
 * Decimal conversions are exact (BigInt arithmetic on the binary value), so rounding matches
 * CPython's correctly rounded, round-half-even results.
 */
/** `repr(float)`: shortest round-trip digits, exponent form below 1e-4 and from 1e16 on. */
function floatRepr(x) {
    if (Number.isNaN(x))
        return 'nan';
    if (x === Infinity)
        return 'inf';
    if (x === -Infinity)
        return '-inf';
    if (x === 0)
        return Object.is(x, -0) ? '-0.0' : '0.0';
    const sign = x < 0 ? '-' : '';
    const [mant, expText] = Math.abs(x).toExponential().split('e');
    const exp = Number(expText);
    const digits = mant.replace('.', '');
    if (exp < -4 || exp >= 16) {
        const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
        return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
    }
    if (exp < 0)
        return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
    const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
    return `${sign}${intPart}.${digits.slice(exp + 1) || '0'}`;
}
/** The exact value of a finite double as `m * 2**e` (m >= 0). */
function exactParts(x) {
    const buf = new DataView(new ArrayBuffer(8));
    buf.setFloat64(0, Math.abs(x));
    const hi = buf.getUint32(0);
    const lo = buf.getUint32(4);
    const biased = (hi >>> 20) & 0x7ff;
    let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
    if (biased)
        m |= 1n << 52n;
    return { m, e: (biased || 1) - 1075 };
}
function pow10(n) {
    return 10n ** BigInt(n);
}
/** round_half_even(|x| * 10**p) as an exact integer (p may be negative). */
function scaledRound(x, p) {
    const { m, e } = exactParts(x);
    let num = m;
    let den = 1n;
    if (e >= 0)
        num <<= BigInt(e);
    else
        den <<= BigInt(-e);
    if (p >= 0)
        num *= pow10(p);
    else
        den *= pow10(-p);
    const q = num / den;
    const r2 = (num % den) * 2n;
    if (r2 > den || (r2 === den && q % 2n === 1n))
        return q + 1n;
    return q;
}
/** Floor of log10(|x|) for a finite non-zero x, exactly. */
function decimalExponent(x) {
    const { m, e } = exactParts(x);
    let est = Math.floor(Math.log10(Math.abs(x)));
    // Compare |x| = m*2^e with 10^est exactly and adjust.
    const cmp = (k) => {
        let a = m;
        let b = 1n;
        if (e >= 0)
            a <<= BigInt(e);
        else
            b <<= BigInt(-e);
        if (k >= 0)
            b *= pow10(k);
        else
            a *= pow10(-k);
        return a < b ? -1 : a === b ? 0 : 1;
    };
    while (cmp(est) < 0)
        est--;
    while (cmp(est + 1) >= 0)
        est++;
    return est;
}
/** Python's `'%.{prec}f' % x` without sign handling (x finite). */
function fixedDigits(x, prec) {
    const n = scaledRound(x, prec).toString();
    if (prec === 0)
        return n;
    const padded = n.padStart(prec + 1, '0');
    return `${padded.slice(0, -prec)}.${padded.slice(-prec)}`;
}
/** Python's `'%.{prec}e' % |x|` digits and exponent (x finite). */
function expParts(x, prec) {
    if (x === 0)
        return { digits: '0'.repeat(prec + 1), exp: 0 };
    let exp = decimalExponent(x);
    let n = scaledRound(x, prec - exp);
    if (n >= pow10(prec + 1)) {
        exp++;
        n = scaledRound(x, prec - exp);
    }
    return { digits: n.toString(), exp };
}
function expString(x, prec, upper = false, alt = false) {
    const { digits, exp } = expParts(x, prec);
    const mant = digits.length > 1 || alt ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = `${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
    return `${mant}${upper ? 'E' : 'e'}${e}`;
}
/** Python's `%g` body for |x| (x finite): `alt` keeps trailing zeros. */
function generalString(x, prec, upper = false, alt = false) {
    if (prec === 0)
        prec = 1;
    const exp = x === 0 ? 0 : expParts(x, prec - 1).exp;
    let s;
    if (exp >= -4 && exp < prec)
        s = fixedDigits(x, prec - 1 - exp);
    else
        s = expString(x, prec - 1, upper, alt);
    if (!alt) {
        const [mant, tail] = s.split(/(?=[eE])/);
        const trimmed = mant.includes('.') ? mant.replace(/0+$/, '').replace(/\.$/, '') : mant;
        s = trimmed + (tail ?? '');
    }
    else if (!s.includes('.')) {
        s = s.replace(/(?=[eE])|$/, '.');
    }
    return s;
}
function bitLength(n) {
    return n.toString(2).length;
}
/** The double nearest to num * 2**exp2 (num > 0), ties to even; `sticky` marks a nonzero remainder below num. */
function roundToDouble(num, exp2, sticky = false) {
    const extra = bitLength(num) - 53;
    let mant = num;
    if (extra > 0) {
        mant = num >> BigInt(extra);
        const rest = num - (mant << BigInt(extra));
        const half = 1n << BigInt(extra - 1);
        if (rest > half || (rest === half && (sticky || (mant & 1n) === 1n)))
            mant += 1n;
        exp2 += extra;
    }
    // Scale in two steps so that neither factor overflows or underflows on its own.
    const e1 = Math.trunc(exp2 / 2);
    return Number(mant) * 2 ** e1 * 2 ** (exp2 - e1);
}
/** a ** n for a finite float and an integer n, correctly rounded (as C's pow is in practice). */
function intPow(a, n) {
    if (a === 0 || !Number.isFinite(a) || Math.abs(n) > 4096)
        return a ** n;
    const { m, e } = exactParts(a);
    const k = BigInt(Math.abs(n));
    const sign = a < 0 && n % 2 !== 0 ? -1 : 1;
    if (n >= 0)
        return sign * roundToDouble(m ** k, e * Math.abs(n));
    // 1 / (m**|n| * 2**(e*|n|)): divide with enough quotient bits, keep the remainder as a sticky bit.
    const den = m ** k;
    const shift = bitLength(den) + 60;
    const num = 1n << BigInt(shift);
    const q = num / den;
    return sign * roundToDouble(q, -shift - e * Math.abs(n), num % den !== 0n);
}
/** Python's `int / int`: the exact quotient rounded once (undefined when it overflows a float). */
function intTrueDiv(a, b) {
    const limit = 1n << 53n;
    if (a < limit && a > -limit && b < limit && b > -limit)
        return Number(a) / Number(b);
    const neg = a < 0n !== b < 0n;
    const x = a < 0n ? -a : a;
    const y = b < 0n ? -b : b;
    if (x === 0n)
        return neg ? -0 : 0;
    const shift = Math.max(0, bitLength(y) - bitLength(x) + 60);
    const num = x << BigInt(shift);
    const q = roundToDouble(num / y, -shift, num % y !== 0n);
    if (!Number.isFinite(q))
        return undefined;
    return neg ? -q : q;
}
/** Python's `float ** float` for finite results: integer exponents exact, `** 0.5` as sqrt. */
function floatPow(a, b) {
    if (Number.isInteger(b))
        return intPow(a, b);
    if (b === 0.5 && a >= 0 && Number.isFinite(a))
        return Math.sqrt(a);
    return a ** b;
}
/** Python's `round(x, ndigits)` for a float. */
function roundFloat(x, ndigits) {
    if (!Number.isFinite(x) || x === 0)
        return x;
    if (ndigits > 323)
        return x;
    if (ndigits < -308)
        return 0 * Math.sign(x);
    const n = scaledRound(x, ndigits);
    const text = `${n.toString()}e${-ndigits}`;
    const y = Number(text);
    return x < 0 ? -y : y;
}
/** Python's `float(str)`, or undefined when Python would raise ValueError. */
function parsePyFloat(text) {
    const t = text.replace(/^[\s\x1c-\x1f\x85]+|[\s\x1c-\x1f\x85]+$/g, '').toLowerCase();
    const m = /^([+-]?)(inf|infinity|nan)$/.exec(t);
    if (m)
        return m[2] === 'nan' ? NaN : m[1] === '-' ? -Infinity : Infinity;
    if (!/^[+-]?((\d(_?\d)*)?\.\d(_?\d)*|\d(_?\d)*\.?)(e[+-]?\d(_?\d)*)?$/.test(t))
        return undefined;
    return Number(t.replace(/_/g, ''));
}
/** Python's `int(str, base)`, or undefined when Python would raise ValueError. */
function parsePyInt(text, base = 10) {
    let t = text.replace(/^[\s\x1c-\x1f\x85]+|[\s\x1c-\x1f\x85]+$/g, '').toLowerCase();
    let neg = false;
    if (t[0] === '+' || t[0] === '-') {
        neg = t[0] === '-';
        t = t.slice(1);
    }
    const prefixes = { '0x': 16, '0o': 8, '0b': 2 };
    const prefix = prefixes[t.slice(0, 2)];
    if (base === 0) {
        base = prefix ?? 10;
        if (prefix)
            t = t.slice(2).replace(/^_/, '');
        else if (/^0+[1-9]/.test(t.replace(/_/g, '')))
            return undefined;
    }
    else if (prefix === base) {
        t = t.slice(2).replace(/^_/, '');
    }
    if (!t || t.startsWith('_') || t.endsWith('_') || t.includes('__'))
        return undefined;
    t = t.replace(/_/g, '');
    let value = 0n;
    for (const ch of t) {
        const d = parseInt(ch, 36);
        if (Number.isNaN(d) || d >= base)
            return undefined;
        value = value * BigInt(base) + BigInt(d);
    }
    return neg ? -value : value;
}
/** Python's `str(int)` with an optional thousands separator. */
function groupDigits(digits, sep, every = 3) {
    let out = '';
    for (let i = digits.length; i > 0; i -= every) {
        const chunk = digits.slice(Math.max(0, i - every), i);
        out = out ? `${chunk}${sep}${out}` : chunk;
    }
    return out;
}


/***/ }),

/***/ 34618:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BH: () => (/* binding */ codePoints),
/* harmony export */   BS: () => (/* binding */ pySwapcase),
/* harmony export */   DM: () => (/* binding */ pyIsLower),
/* harmony export */   Ey: () => (/* binding */ pyIsUpper),
/* harmony export */   FF: () => (/* binding */ compareStr),
/* harmony export */   GX: () => (/* binding */ pySplit),
/* harmony export */   Nv: () => (/* binding */ pyCenter),
/* harmony export */   Os: () => (/* binding */ pyCapitalize),
/* harmony export */   Yp: () => (/* binding */ pyTitle),
/* harmony export */   ZV: () => (/* binding */ unitToCpIndex),
/* harmony export */   Ze: () => (/* binding */ pySplitLines),
/* harmony export */   lG: () => (/* binding */ decodeStringLiteral),
/* harmony export */   lO: () => (/* binding */ pyLen),
/* harmony export */   m0: () => (/* binding */ pyStrip),
/* harmony export */   m_: () => (/* binding */ pyRSplit),
/* harmony export */   oA: () => (/* binding */ pyReplace),
/* harmony export */   ow: () => (/* binding */ pyStrRepr),
/* harmony export */   ud: () => (/* binding */ PY_WS_CLASS),
/* harmony export */   xQ: () => (/* binding */ PyStrError)
/* harmony export */ });
/* unused harmony exports isPySpace, isCased, titleChar */
/**
 * Python `str` semantics on JS strings. Python strings are sequences of code points, JS strings of
 * UTF-16 units: everything that counts, indexes or slices goes through code points here.
 */
/** The characters for which Python's `str.isspace()` is true (also what `re`'s `\s` matches). */
const PY_WS_CLASS = '\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const WS_CHAR = new RegExp(`^[${PY_WS_CLASS}]$`);
const WS_RUN = new RegExp(`[${PY_WS_CLASS}]+`, 'g');
const LEADING_WS = new RegExp(`^[${PY_WS_CLASS}]+`);
const TRAILING_WS = new RegExp(`[${PY_WS_CLASS}]+$`);
const SURROGATE = /[\uD800-\uDFFF]/;
function isPySpace(ch) {
    return WS_CHAR.test(ch);
}
/** Code points of `s` (one array element per Python character). */
function codePoints(s) {
    return SURROGATE.test(s) ? Array.from(s) : s.split('');
}
function pyLen(s) {
    if (!SURROGATE.test(s))
        return s.length;
    let n = 0;
    for (const _ of s)
        n++;
    return n;
}
/** Converts a UTF-16 index in `s` to a code point index. */
function unitToCpIndex(s, unit) {
    return SURROGATE.test(s) ? pyLen(s.slice(0, unit)) : unit;
}
/** Compares by code point, like Python (JS `<` compares UTF-16 units). */
function compareStr(a, b) {
    if (a === b)
        return 0;
    if (!SURROGATE.test(a) && !SURROGATE.test(b))
        return a < b ? -1 : 1;
    const x = codePoints(a);
    const y = codePoints(b);
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const d = x[i].codePointAt(0) - y[i].codePointAt(0);
        if (d)
            return d < 0 ? -1 : 1;
    }
    return x.length - y.length < 0 ? -1 : x.length === y.length ? 0 : 1;
}
function pyStrip(s, chars, left = true, right = true) {
    if (chars === null) {
        if (left)
            s = s.replace(LEADING_WS, '');
        if (right)
            s = s.replace(TRAILING_WS, '');
        return s;
    }
    const set = new Set(codePoints(chars));
    const cps = codePoints(s);
    let i = 0;
    let j = cps.length;
    if (left)
        while (i < j && set.has(cps[i]))
            i++;
    if (right)
        while (j > i && set.has(cps[j - 1]))
            j--;
    return cps.slice(i, j).join('');
}
/** `str.split(sep=None, maxsplit=-1)`. */
function pySplit(s, sep, maxsplit = -1) {
    if (sep === null) {
        const out = [];
        let rest = s.replace(LEADING_WS, '');
        while (rest) {
            if (maxsplit >= 0 && out.length >= maxsplit) {
                out.push(rest);
                break;
            }
            WS_RUN.lastIndex = 0;
            const m = WS_RUN.exec(rest);
            if (!m) {
                out.push(rest);
                break;
            }
            out.push(rest.slice(0, m.index));
            rest = rest.slice(m.index + m[0].length);
        }
        return out;
    }
    if (sep === '')
        throw new PyStrError('ValueError', 'empty separator');
    const parts = s.split(sep);
    if (maxsplit < 0 || parts.length <= maxsplit + 1)
        return parts;
    return [...parts.slice(0, maxsplit), parts.slice(maxsplit).join(sep)];
}
/** `str.rsplit(sep=None, maxsplit=-1)`. */
function pyRSplit(s, sep, maxsplit = -1) {
    if (maxsplit < 0)
        return pySplit(s, sep);
    if (sep === null) {
        const out = [];
        let rest = s.replace(TRAILING_WS, '');
        while (rest) {
            if (out.length >= maxsplit) {
                out.unshift(rest);
                break;
            }
            const m = new RegExp(`[${PY_WS_CLASS}]+(?=[^${PY_WS_CLASS}]*$)`).exec(rest);
            if (!m) {
                out.unshift(rest);
                break;
            }
            out.unshift(rest.slice(m.index + m[0].length));
            rest = rest.slice(0, m.index);
        }
        return out;
    }
    if (sep === '')
        throw new PyStrError('ValueError', 'empty separator');
    const parts = s.split(sep);
    if (parts.length <= maxsplit + 1)
        return parts;
    const cut = parts.length - maxsplit;
    return [parts.slice(0, cut).join(sep), ...parts.slice(cut)];
}
const LINE_BREAK = /\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]/g;
/** `str.splitlines(keepends=False)`. */
function pySplitLines(s, keepends = false) {
    const out = [];
    let last = 0;
    for (const m of s.matchAll(LINE_BREAK)) {
        out.push(s.slice(last, keepends ? m.index + m[0].length : m.index));
        last = m.index + m[0].length;
    }
    if (last < s.length)
        out.push(s.slice(last));
    return out;
}
/** `str.replace(old, new, count=-1)`, including the empty-`old` case. */
function pyReplace(s, old, rep, count = -1) {
    if (count < 0)
        count = Infinity;
    if (old === '') {
        const cps = codePoints(s);
        let out = '';
        for (let i = 0; i <= cps.length; i++) {
            if (i <= count - 1)
                out += rep;
            if (i < cps.length)
                out += cps[i];
        }
        return out;
    }
    let out = '';
    let pos = 0;
    let n = 0;
    while (n < count) {
        const i = s.indexOf(old, pos);
        if (i < 0)
            break;
        out += s.slice(pos, i) + rep;
        pos = i + old.length;
        n++;
    }
    return out + s.slice(pos);
}
/** `str.center(width, fillchar)`, with CPython's placement of the odd padding character. */
function pyCenter(s, width, fill = ' ') {
    const len = pyLen(s);
    if (width <= len)
        return s;
    const marg = width - len;
    const left = Math.floor(marg / 2) + (marg & width & 1);
    return fill.repeat(left) + s + fill.repeat(marg - left);
}
// --- case mapping -------------------------------------------------------------------------
const CASED = /[\p{Lowercase}\p{Uppercase}\p{Lt}]/u;
const CASE_IGNORABLE = /[\p{Mn}\p{Me}\p{Cf}\p{Lm}\p{Sk}'.:\u00b7\u0387\u05f4\u2018\u2019\u2024\u2027\ufe13\ufe52\ufe55\uff07\uff0e\uff1a]/u;
const SPECIAL_TITLE = {
    ß: 'Ss',
    ﬀ: 'Ff',
    ﬁ: 'Fi',
    ﬂ: 'Fl',
    ﬃ: 'Ffi',
    ﬄ: 'Ffl',
    ﬅ: 'St',
    ﬆ: 'St',
    և: 'Եւ',
    ﬓ: 'Մն',
    ﬔ: 'Մե',
    ﬕ: 'Մի',
    ﬖ: 'Վն',
    ﬗ: 'Մխ',
    Ǆ: 'ǅ',
    ǅ: 'ǅ',
    ǆ: 'ǅ',
    Ǉ: 'ǈ',
    ǈ: 'ǈ',
    ǉ: 'ǈ',
    Ǌ: 'ǋ',
    ǋ: 'ǋ',
    ǌ: 'ǋ',
    Ǳ: 'ǲ',
    ǲ: 'ǲ',
    ǳ: 'ǲ',
    ᾳ: 'ᾼ',
    ῃ: 'ῌ',
    ῳ: 'ῼ'
};
function isCased(ch) {
    return CASED.test(ch);
}
/** Title-case mapping of one code point (JS has no `toTitleCase`). */
function titleChar(ch) {
    const special = SPECIAL_TITLE[ch];
    if (special)
        return special;
    const cp = ch.codePointAt(0);
    if (cp >= 0x1f80 && cp <= 0x1faf)
        return String.fromCodePoint(cp | 0x08);
    return ch.toUpperCase();
}
/** Lower-cases code point `i` of `cps` the way Python does, including the final-sigma rule. */
function lowerAt(cps, i) {
    const ch = cps[i];
    if (ch !== 'Σ')
        return ch.toLowerCase();
    let j = i - 1;
    while (j >= 0 && CASE_IGNORABLE.test(cps[j]))
        j--;
    const before = j >= 0 && isCased(cps[j]);
    let k = i + 1;
    while (k < cps.length && CASE_IGNORABLE.test(cps[k]))
        k++;
    const after = k < cps.length && isCased(cps[k]);
    return before && !after ? 'ς' : 'σ';
}
/** Python's `str.capitalize()` (3.8+: first character in title case, the rest lower case). */
function pyCapitalize(s) {
    const cps = codePoints(s);
    if (!cps.length)
        return s;
    let out = titleChar(cps[0]);
    for (let i = 1; i < cps.length; i++)
        out += lowerAt(cps, i);
    return out;
}
/** Python's `str.title()`. */
function pyTitle(s) {
    const cps = codePoints(s);
    let out = '';
    let prevCased = false;
    for (let i = 0; i < cps.length; i++) {
        const ch = cps[i];
        out += prevCased ? lowerAt(cps, i) : titleChar(ch);
        prevCased = isCased(ch);
    }
    return out;
}
/** Python's `str.swapcase()`: title-case letters stay, Σ lower-cases with the final-sigma rule. */
function pySwapcase(s) {
    const cps = codePoints(s);
    return cps
        .map((ch, i) => /\p{Uppercase}/u.test(ch) ? lowerAt(cps, i) : /\p{Lowercase}/u.test(ch) ? ch.toUpperCase() : ch)
        .join('');
}
function pyIsLower(s) {
    return /\p{Lowercase}/u.test(s) && !/[\p{Uppercase}\p{Lt}]/u.test(s);
}
function pyIsUpper(s) {
    return /\p{Uppercase}/u.test(s) && !/[\p{Lowercase}\p{Lt}]/u.test(s);
}
// --- repr -----------------------------------------------------------------------------------
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;
function hex(n, width) {
    return n.toString(16).padStart(width, '0');
}
/** Python's `repr(str)`: quote choice, backslash escapes, non-printable characters escaped. */
function pyStrRepr(s) {
    const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
    let out = quote;
    for (const ch of s) {
        const cp = ch.codePointAt(0);
        if (ch === quote || ch === '\\')
            out += '\\' + ch;
        else if (ch === '\t')
            out += '\\t';
        else if (ch === '\n')
            out += '\\n';
        else if (ch === '\r')
            out += '\\r';
        else if (cp < 0x20 || cp === 0x7f)
            out += '\\x' + hex(cp, 2);
        else if (cp < 0x7f || !NON_PRINTABLE.test(ch))
            out += ch;
        else if (cp <= 0xff)
            out += '\\x' + hex(cp, 2);
        else if (cp <= 0xffff)
            out += '\\u' + hex(cp, 4);
        else
            out += '\\U' + hex(cp, 8);
    }
    return out + quote;
}
// --- string literals ----------------------------------------------------------------------
class PyStrError extends Error {
    pyType;
    constructor(pyType, message) {
        super(message);
        this.pyType = pyType;
    }
}
/**
 * Decodes the body of a Jinja string literal the way Jinja does:
 * `body.encode('ascii', 'backslashreplace').decode('unicode-escape')`.
 */
function decodeStringLiteral(body) {
    // Step 1: non-ASCII characters become backslash escapes (so `\` + `é` turns into `\` + `\xe9`).
    let ascii = '';
    for (const ch of body) {
        const cp = ch.codePointAt(0);
        if (cp < 0x80)
            ascii += ch;
        else if (cp <= 0xff)
            ascii += '\\x' + hex(cp, 2);
        else if (cp <= 0xffff)
            ascii += '\\u' + hex(cp, 4);
        else
            ascii += '\\U' + hex(cp, 8);
    }
    // Step 2: unicode-escape decoding.
    let out = '';
    for (let i = 0; i < ascii.length; i++) {
        const ch = ascii[i];
        if (ch !== '\\') {
            out += ch;
            continue;
        }
        const next = ascii[i + 1];
        if (next === undefined)
            throw new PyStrError('SyntaxError', '\\ at end of string');
        i++;
        const simple = {
            '\n': '',
            '\\': '\\',
            "'": "'",
            '"': '"',
            a: '\x07',
            b: '\b',
            f: '\f',
            n: '\n',
            r: '\r',
            t: '\t',
            v: '\x0b'
        };
        if (next in simple) {
            out += simple[next];
        }
        else if (next >= '0' && next <= '7') {
            let digits = next;
            while (digits.length < 3 && /[0-7]/.test(ascii[i + 1] ?? ''))
                digits += ascii[++i];
            out += String.fromCodePoint(parseInt(digits, 8));
        }
        else if (next === 'x' || next === 'u' || next === 'U') {
            const width = next === 'x' ? 2 : next === 'u' ? 4 : 8;
            const digits = ascii.slice(i + 1, i + 1 + width);
            if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(digits)) {
                throw new PyStrError('SyntaxError', `truncated \\${next}${'X'.repeat(width)} escape`);
            }
            const cp = parseInt(digits, 16);
            if (cp > 0x10ffff)
                throw new PyStrError('SyntaxError', 'illegal Unicode character');
            out += String.fromCodePoint(cp);
            i += width;
        }
        else if (next === 'N') {
            throw new PyStrError('SyntaxError', 'named Unicode escapes (\\N{...}) are not supported');
        }
        else {
            out += '\\' + next;
        }
    }
    return out;
}


/***/ }),

/***/ 71403:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   W8: () => (/* binding */ throwIfProblems),
/* harmony export */   iU: () => (/* binding */ isUserError),
/* harmony export */   yo: () => (/* binding */ UserError)
/* harmony export */ });
/* unused harmony export formatProblem */
function formatProblem(p) {
    const pos = p.line ? `${p.file}:${p.line}:${p.column ?? 1}` : p.file;
    return p.path ? `${pos}: ${p.path}: ${p.message}` : `${pos}: ${p.message}`;
}
/**
 * A mistake in the user's input (config, flow, data, arguments). The CLI and the actions print its
 * message without a stack trace and exit 1; anything else that is thrown is our bug (exit 2).
 */
class UserError extends Error {
    problems;
    constructor(problems) {
        const list = typeof problems === 'string' ? [] : problems;
        super(typeof problems === 'string' ? problems : list.map(formatProblem).join('\n'));
        this.name = 'UserError';
        this.problems = list;
    }
}
function isUserError(e) {
    return e instanceof UserError;
}
/** Throws one UserError holding every problem, if there are any. */
function throwIfProblems(problems) {
    if (problems.length)
        throw new UserError(problems);
}


/***/ }),

/***/ 22207:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   WR: () => (/* binding */ checkVariantSelection),
/* harmony export */   _o: () => (/* binding */ topologicalOrder),
/* harmony export */   hl: () => (/* binding */ resolveNode),
/* harmony export */   y: () => (/* binding */ nodeDependencies)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(71403);
/* harmony import */ var _shape_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(37994);
/** Execution order of a DAG flow for one variant selection. */


/**
 * The effective definition of `nodeName`: the node itself, or for a `use_variants` node the selected
 * variant's body (default when the selection does not name the node) with the node's name and
 * `variantId` set.
 */
function resolveNode(flow, nodeName, selection = {}) {
    const node = flow.nodes.find((n) => n.name === nodeName);
    if (!node) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo([
            {
                file: flow.displayFile,
                message: `unknown node "${nodeName}"${(0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .hint */ .aK)(nodeName, flow.nodes.map((n) => n.name), 'the flow has no nodes')}`
            }
        ]);
    }
    if (!node.useVariants)
        return node;
    const variants = flow.nodeVariants[nodeName];
    if (!variants)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo([
            {
                file: flow.displayFile,
                message: `node "${nodeName}" uses variants, but node_variants has no "${nodeName}" entry`
            }
        ]);
    const id = selection[nodeName] ?? variants.defaultVariantId;
    const body = variants.variants[id];
    if (!body) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo([
            {
                file: flow.displayFile,
                message: `node "${nodeName}" has no variant "${id}"${(0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .hint */ .aK)(id, variants.variantIds)}`
            }
        ]);
    }
    return { ...body, name: nodeName, useVariants: false, variantId: id };
}
/** Problems with a variant selection: nodes without variants, unknown variant ids. */
function checkVariantSelection(flow, selection) {
    const withVariants = Object.keys(flow.nodeVariants);
    const problems = [];
    for (const [node, id] of Object.entries(selection)) {
        const variants = flow.nodeVariants[node];
        const text = `\${${node}.${id}}`;
        if (!variants) {
            const why = flow.nodes.some((n) => n.name === node)
                ? `node "${node}" has no variants`
                : `unknown node "${node}"`;
            problems.push({
                file: flow.displayFile,
                message: `variant ${text}: ${why}${(0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .hint */ .aK)(node, withVariants, 'no node has variants')}`
            });
        }
        else if (!variants.variantIds.includes(id)) {
            problems.push({
                file: flow.displayFile,
                message: `variant ${text}: node "${node}" has no variant "${id}"${(0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .hint */ .aK)(id, variants.variantIds)}`
            });
        }
    }
    return problems;
}
/** Names of the nodes whose outputs `body` uses (inputs and activate condition), in order, without repeats. */
function nodeDependencies(body) {
    const deps = [];
    const refs = [...Object.values(body.inputs), ...(body.activate ? [body.activate.when] : [])];
    for (const r of refs)
        if (r.kind === 'node-output' && !deps.includes(r.node))
            deps.push(r.node);
    return deps;
}
/**
 * Nodes grouped into levels: every node's dependencies are in earlier levels, so the nodes of one
 * level can run in parallel. Within a level, nodes keep file order. Throws a UserError for a bad
 * selection.
 */
function topologicalOrder(flow, selection = {}, opts = {}) {
    const problems = checkVariantSelection(flow, selection);
    if (problems.length)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(problems);
    let nodes = flow.nodes.map((n) => resolveNode(flow, n.name, selection));
    if (opts.only === 'line')
        nodes = nodes.filter((n) => !n.aggregation);
    if (opts.only === 'aggregation')
        nodes = nodes.filter((n) => n.aggregation);
    const included = new Set(nodes.map((n) => n.name));
    const deps = new Map(nodes.map((n) => [n.name, nodeDependencies(n).filter((d) => included.has(d))]));
    const levels = [];
    const placed = new Set();
    let remaining = nodes;
    while (remaining.length) {
        const level = remaining.filter((n) => deps.get(n.name).every((d) => placed.has(d)));
        if (!level.length)
            throw new Error(`flow ${flow.displayFile}: cycle among ${remaining.map((n) => n.name).join(', ')}`);
        for (const n of level)
            placed.add(n.name);
        levels.push(level);
        remaining = remaining.filter((n) => !placed.has(n.name));
    }
    return levels;
}


/***/ }),

/***/ 16686:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   _X: () => (/* binding */ checkCommon),
/* harmony export */   bm: () => (/* binding */ readDag),
/* harmony export */   nl: () => (/* binding */ INPUT_TYPES),
/* harmony export */   vV: () => (/* binding */ COMMON_TOP_KEYS)
/* harmony export */ });
/* unused harmony export DAG_TOP_KEYS */
/* harmony import */ var _util_describe_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4894);
/* harmony import */ var _references_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(53553);
/* harmony import */ var _shape_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(37994);
/* harmony import */ var _source_files_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(25784);
/** Reading `flow.dag.yaml` into the DAG model. Problems are collected in the YamlSource. */




const COMMON_TOP_KEYS = [
    '$schema',
    'inputs',
    'outputs',
    'environment',
    'environment_variables',
    'additional_includes',
    'description',
    'display_name',
    'tags',
    'language',
    'type',
    // Read by prompt flow's Flow contract (id/name fall back to defaults there); kept as metadata.
    'id',
    'name',
    'version',
    'message_format'
];
const DAG_TOP_KEYS = [...COMMON_TOP_KEYS, 'nodes', 'node_variants'];
const INPUT_TYPES = [
    'string',
    'int',
    'double',
    'bool',
    'list',
    'object',
    'image'
];
const INPUT_KEYS = ['type', 'default', 'description', 'enum', 'is_chat_input', 'is_chat_history'];
const OUTPUT_KEYS = ['type', 'reference', 'description', 'is_chat_output', 'evaluation_only'];
const NODE_KEYS = [
    'name',
    'type',
    'source',
    'inputs',
    'connection',
    'api',
    'provider',
    'module',
    'activate',
    'aggregation',
    'reduce',
    'enable_cache',
    'use_variants',
    'comment',
    // Older flows' conditional skip; today's prompt flow ignores it (see checkSkip).
    'skip'
];
const SUPPORTED_NODE_TYPES = ['python', 'llm', 'prompt'];
/** Node types prompt flow has that the local engine does not run. */
const OTHER_NODE_TYPES = ['custom_llm', 'csharp', '_action'];
const LLM_APIS = ['chat', 'completion'];
const FLOW_TYPES = ['standard', 'evaluation', 'chat'];
/** prompt flow's MessageFormatType. */
const MESSAGE_FORMATS = ['basic', 'openai-vision'];
function readDag(src, raw, common, opts) {
    (0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .checkKeys */ .L)(src, [], raw, DAG_TOP_KEYS, {
        entry: 'unknown key ("entry" belongs in flow.flex.yaml; a DAG flow lists nodes instead)',
        init: 'unknown key ("init" belongs in flow.flex.yaml)',
        sample: 'unknown key ("sample" belongs in flow.flex.yaml)'
    });
    checkCommon(src, raw);
    const ctx = { src, dir: common.dir, includes: common.additionalIncludes, opts, sites: [] };
    const inputs = readInputs(src, raw.inputs);
    const { nodes, nodeIndex } = readNodes(ctx, raw.nodes);
    const nodeVariants = readNodeVariants(ctx, raw.node_variants, nodes, nodeIndex);
    const outputs = readOutputs(src, raw.outputs);
    return {
        flow: { kind: 'dag', ...common, inputs, outputs, nodes, nodeVariants },
        sites: ctx.sites,
        nodeIndex
    };
}
/** Checks shared by DAG and flex files: language, type, tags… (the values are kept raw). */
function checkCommon(src, raw) {
    const language = (0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .optionalString */ .sx)(src, ['language'], raw.language);
    if (language !== undefined && language !== 'python' && language !== 'csharp') {
        src.error(['language'], `unknown language "${language}" (expected python, or csharp with --backend azure)`);
    }
    const format = (0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .optionalString */ .sx)(src, ['message_format'], raw.message_format);
    if (format !== undefined && !MESSAGE_FORMATS.includes(format))
        src.error(['message_format'], `unknown message_format "${format}"${(0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .hint */ .aK)(format, MESSAGE_FORMATS)}`);
    const type = (0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .optionalString */ .sx)(src, ['type'], raw.type);
    if (type !== undefined && !FLOW_TYPES.includes(type))
        src.error(['type'], `unknown flow type "${type}"${(0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .hint */ .aK)(type, FLOW_TYPES)}`);
    (0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .optionalRecord */ .oN)(src, ['environment'], raw.environment, 'a mapping (python_requirements_txt, image)');
    (0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .optionalRecord */ .oN)(src, ['environment_variables'], raw.environment_variables, 'a mapping of variable names to values');
    (0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .optionalRecord */ .oN)(src, ['tags'], raw.tags, 'a mapping of tag names to values');
    (0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .optionalString */ .sx)(src, ['description'], raw.description);
    (0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .optionalString */ .sx)(src, ['display_name'], raw.display_name);
}
function readInputs(src, value) {
    const out = {};
    const inputs = (0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .optionalRecord */ .oN)(src, ['inputs'], value, 'a mapping of input names to definitions');
    for (const [name, def] of Object.entries(inputs ?? {})) {
        const path = ['inputs', name];
        if (!(0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .isRecord */ .u4)(def)) {
            src.error(path, `expected an input definition with a type (e.g. type: string), found ${(0,_util_describe_js__WEBPACK_IMPORTED_MODULE_3__/* .describe */ .q)(def)}`);
            continue;
        }
        (0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .checkKeys */ .L)(src, path, def, INPUT_KEYS);
        if (def.type === undefined) {
            src.error(path, `missing type (expected ${INPUT_TYPES.join(', ')})`);
            continue;
        }
        if (typeof def.type !== 'string' || !INPUT_TYPES.includes(def.type)) {
            src.error([...path, 'type'], (0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .unknownType */ .p2)(def.type, INPUT_TYPES));
            continue;
        }
        const input = {
            name,
            type: def.type,
            isChatInput: (0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .optionalBool */ .RO)(src, [...path, 'is_chat_input'], def.is_chat_input) ?? false,
            isChatHistory: (0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .optionalBool */ .RO)(src, [...path, 'is_chat_history'], def.is_chat_history) ?? false,
            at: src.at(path)
        };
        if ('default' in def)
            input.default = def.default;
        const description = (0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .optionalString */ .sx)(src, [...path, 'description'], def.description);
        if (description !== undefined)
            input.description = description;
        if (def.enum !== undefined && def.enum !== null) {
            if (Array.isArray(def.enum))
                input.enum = def.enum;
            else
                src.error([...path, 'enum'], `expected a list of allowed values, found ${(0,_util_describe_js__WEBPACK_IMPORTED_MODULE_3__/* .describe */ .q)(def.enum)}`);
        }
        out[name] = input;
    }
    return out;
}
function readOutputs(src, value) {
    const out = {};
    const outputs = (0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .optionalRecord */ .oN)(src, ['outputs'], value, 'a mapping of output names to definitions');
    for (const [name, def] of Object.entries(outputs ?? {})) {
        const path = ['outputs', name];
        if (!(0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .isRecord */ .u4)(def)) {
            src.error(path, `expected an output definition with a reference (e.g. reference: \${node.output}), found ${(0,_util_describe_js__WEBPACK_IMPORTED_MODULE_3__/* .describe */ .q)(def)}`);
            continue;
        }
        (0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .checkKeys */ .L)(src, path, def, OUTPUT_KEYS);
        if (def.reference === undefined || def.reference === null || def.reference === '') {
            src.error(path, 'missing reference (expected e.g. reference: ${node.output})');
            continue;
        }
        const reference = readFlowReference(src, [...path, 'reference'], def.reference);
        if (!reference)
            continue;
        const output = {
            name,
            reference,
            isChatOutput: (0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .optionalBool */ .RO)(src, [...path, 'is_chat_output'], def.is_chat_output) ?? false,
            at: src.at(path)
        };
        const type = (0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .optionalString */ .sx)(src, [...path, 'type'], def.type);
        if (type !== undefined)
            output.type = type;
        const description = (0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .optionalString */ .sx)(src, [...path, 'description'], def.description);
        if (description !== undefined)
            output.description = description;
        out[name] = output;
    }
    return out;
}
/** A value that must be a `${inputs.x}` / `${node.output…}` reference. */
function readFlowReference(src, path, value) {
    if (!(0,_references_js__WEBPACK_IMPORTED_MODULE_0__/* .isReference */ .A_)(value)) {
        src.error(path, `expected a reference such as \${node.output} or \${inputs.name}, found ${(0,_util_describe_js__WEBPACK_IMPORTED_MODULE_3__/* .describe */ .q)(value)}`);
        return undefined;
    }
    const r = (0,_references_js__WEBPACK_IMPORTED_MODULE_0__/* .tryParseReference */ .WF)(value, 'flow');
    if (!r.ok) {
        src.error(path, `invalid reference ${value}: ${r.reason}`);
        return undefined;
    }
    return r.reference;
}
function readNodes(ctx, value) {
    const { src } = ctx;
    const nodes = [];
    const nodeIndex = new Map();
    if (value === undefined || value === null)
        return { nodes, nodeIndex };
    if (!Array.isArray(value)) {
        src.error(['nodes'], `expected a list of nodes, found ${(0,_util_describe_js__WEBPACK_IMPORTED_MODULE_3__/* .describe */ .q)(value)}`);
        return { nodes, nodeIndex };
    }
    value.forEach((raw, i) => {
        const path = ['nodes', i];
        if (!(0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .isRecord */ .u4)(raw)) {
            src.error(path, `expected a node (a mapping with name, type, source and inputs), found ${(0,_util_describe_js__WEBPACK_IMPORTED_MODULE_3__/* .describe */ .q)(raw)}`);
            return;
        }
        (0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .checkKeys */ .L)(src, path, raw, NODE_KEYS);
        const name = readNodeName(src, path, raw.name);
        if (name === undefined)
            return;
        const first = nodeIndex.get(name);
        if (first !== undefined) {
            const firstAt = src.at(['nodes', first]);
            src.error([...path, 'name'], `duplicate node name "${name}" (first defined at line ${firstAt.line})`);
            return;
        }
        nodeIndex.set(name, nodes.length);
        const useVariants = (0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .optionalBool */ .RO)(src, [...path, 'use_variants'], raw.use_variants) ?? false;
        if (useVariants) {
            nodes.push({ name, useVariants: true, at: src.at(path) });
            return;
        }
        const body = readBody(ctx, path, raw, name);
        if (body)
            nodes.push({ name, useVariants: false, ...body });
    });
    return { nodes, nodeIndex };
}
const RESERVED_NODE_NAMES = ['inputs', 'flow'];
function readNodeName(src, path, value) {
    if (value === undefined) {
        src.error(path, 'missing name');
        return undefined;
    }
    if (typeof value !== 'string' || value === '') {
        src.error([...path, 'name'], `expected a node name, found ${(0,_util_describe_js__WEBPACK_IMPORTED_MODULE_3__/* .describe */ .q)(value)}`);
        return undefined;
    }
    if (/[\s.${}]/.test(value)) {
        src.error([...path, 'name'], `a node name cannot contain spaces, ".", "$", "{" or "}" (references split on "."), found "${value}"`);
        return undefined;
    }
    if (RESERVED_NODE_NAMES.includes(value)) {
        src.error([...path, 'name'], `"${value}" is reserved: \${${value}.x} refers to a flow input`);
        return undefined;
    }
    return value;
}
/** The definition of a node or of a variant (`node_variants.n.variants.v.node`). */
function readBody(ctx, path, raw, node, variantId) {
    const { src, opts } = ctx;
    let valid = true;
    const bad = (p, message) => {
        src.error(p, message);
        valid = false;
    };
    let type;
    if (raw.type === undefined)
        bad(path, `missing type (expected ${SUPPORTED_NODE_TYPES.join(', ')})`);
    else if (typeof raw.type === 'string' && SUPPORTED_NODE_TYPES.includes(raw.type))
        type = raw.type;
    else if (raw.type === 'custom_llm' && opts.allowPackageTools)
        type = 'custom_llm';
    else if (typeof raw.type === 'string' && OTHER_NODE_TYPES.includes(raw.type)) {
        bad([...path, 'type'], `node type "${raw.type}" is not supported (supported: ${SUPPORTED_NODE_TYPES.join(', ')})`);
    }
    else if (typeof raw.type === 'string') {
        bad([...path, 'type'], `unknown node type "${raw.type}"${(0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .hint */ .aK)(raw.type, SUPPORTED_NODE_TYPES)}`);
    }
    else
        bad([...path, 'type'], `expected a node type (${SUPPORTED_NODE_TYPES.join(', ')}), found ${(0,_util_describe_js__WEBPACK_IMPORTED_MODULE_3__/* .describe */ .q)(raw.type)}`);
    const source = readSource(ctx, path, raw.source, type, () => (valid = false));
    const inputs = {};
    const rawInputs = (0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .optionalRecord */ .oN)(src, [...path, 'inputs'], raw.inputs, 'a mapping of input names to values or references');
    if (raw.inputs !== undefined && raw.inputs !== null && !rawInputs)
        valid = false;
    for (const [key, value] of Object.entries(rawInputs ?? {})) {
        if (!(0,_references_js__WEBPACK_IMPORTED_MODULE_0__/* .isReference */ .A_)(value)) {
            inputs[key] = { kind: 'literal', value };
            continue;
        }
        const r = (0,_references_js__WEBPACK_IMPORTED_MODULE_0__/* .tryParseReference */ .WF)(value, 'flow');
        if (r.ok)
            inputs[key] = r.reference;
        else
            bad([...path, 'inputs', key], `invalid reference ${value}: ${r.reason}`);
    }
    const connection = (0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .optionalString */ .sx)(src, [...path, 'connection'], raw.connection, 'a connection name');
    let api;
    if (type === 'llm') {
        if (connection === undefined && raw.connection === undefined)
            bad(path, 'an llm node needs a connection (the name of the connection to the model)');
        if (raw.api === undefined)
            bad(path, `an llm node needs an api (expected ${LLM_APIS.join(' or ')})`);
        else if (typeof raw.api === 'string' && LLM_APIS.includes(raw.api))
            api = raw.api;
        else if (typeof raw.api === 'string')
            bad([...path, 'api'], `unknown api "${raw.api}"${(0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .hint */ .aK)(raw.api, LLM_APIS)}`);
        else
            bad([...path, 'api'], `expected chat or completion, found ${(0,_util_describe_js__WEBPACK_IMPORTED_MODULE_3__/* .describe */ .q)(raw.api)}`);
    }
    else if (typeof raw.api === 'string')
        api = LLM_APIS.includes(raw.api) ? raw.api : undefined;
    let activate;
    const rawActivate = (0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .optionalRecord */ .oN)(src, [...path, 'activate'], raw.activate, 'a mapping with "when" and "is"');
    if (raw.activate !== undefined && raw.activate !== null && !rawActivate)
        valid = false;
    if (rawActivate) {
        (0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .checkKeys */ .L)(src, [...path, 'activate'], rawActivate, ['when', 'is']);
        const hasWhen = 'when' in rawActivate;
        const hasIs = 'is' in rawActivate;
        if (!hasWhen || !hasIs) {
            const found = hasWhen ? 'only "when"' : hasIs ? 'only "is"' : 'neither';
            bad([...path, 'activate'], `expected both "when" (a reference) and "is" (the value that activates the node), found ${found}`);
        }
        else {
            const when = (0,_references_js__WEBPACK_IMPORTED_MODULE_0__/* .isReference */ .A_)(rawActivate.when)
                ? readFlowReference(src, [...path, 'activate', 'when'], rawActivate.when)
                : { kind: 'literal', value: rawActivate.when };
            if (when)
                activate = { when, is: rawActivate.is };
            else
                valid = false;
        }
    }
    const aggregation = ((0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .optionalBool */ .RO)(src, [...path, 'aggregation'], raw.aggregation) ?? false) ||
        ((0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .optionalBool */ .RO)(src, [...path, 'reduce'], raw.reduce) ?? false);
    const enableCache = (0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .optionalBool */ .RO)(src, [...path, 'enable_cache'], raw.enable_cache) ?? false;
    const provider = (0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .optionalString */ .sx)(src, [...path, 'provider'], raw.provider);
    const module = (0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .optionalString */ .sx)(src, [...path, 'module'], raw.module);
    (0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .optionalString */ .sx)(src, [...path, 'comment'], raw.comment);
    if (raw.skip !== undefined)
        src.warn([...path, 'skip'], 'skip is ignored (prompt flow no longer reads it); use activate: {when, is} to bypass a node');
    ctx.sites.push({
        node,
        ...(variantId !== undefined ? { variantId } : {}),
        path,
        inputs,
        aggregation,
        ...(activate ? { activate } : {})
    });
    if (!valid || !type || !source)
        return undefined;
    const body = { type, source, inputs, aggregation, enableCache, at: src.at(path) };
    if (connection !== undefined)
        body.connection = connection;
    if (api !== undefined)
        body.api = api;
    if (provider !== undefined)
        body.provider = provider;
    if (module !== undefined)
        body.module = module;
    if (activate)
        body.activate = activate;
    return body;
}
function readSource(ctx, nodePath, value, type, invalid) {
    const { src, opts } = ctx;
    const path = [...nodePath, 'source'];
    const bad = (p, message) => {
        src.error(p, message);
        invalid();
        return undefined;
    };
    const what = type === 'python' ? 'the .py file of the tool' : 'the .jinja2 prompt template';
    if (value === undefined)
        return bad(nodePath, `missing source (expected source: {type: code, path: <${what}>})`);
    if (!(0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .isRecord */ .u4)(value))
        return bad(path, `expected a mapping with type and path, found ${(0,_util_describe_js__WEBPACK_IMPORTED_MODULE_3__/* .describe */ .q)(value)}`);
    (0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .checkKeys */ .L)(src, path, value, ['type', 'path', 'tool']);
    const sourceType = value.type ?? 'code';
    if (sourceType === 'package' || sourceType === 'package_with_prompt') {
        const tool = typeof value.tool === 'string' ? value.tool : undefined;
        if (!opts.allowPackageTools) {
            return bad(path, `package tool${tool ? ` "${tool}"` : ''} is not run by the local engine${packageHint(tool)}; use --backend azure, or a code tool (source.type: code with a .py file or a .jinja2 template)`);
        }
        if (!tool)
            return bad(path, `a ${sourceType} source needs a tool (the tool's full name), found none`);
        const pkg = { type: sourceType, tool };
        if (typeof value.path === 'string') {
            pkg.path = value.path;
            const found = (0,_source_files_js__WEBPACK_IMPORTED_MODULE_2__/* .resolveFlowFile */ .p)(ctx.dir, value.path, ctx.includes);
            if ('file' in found)
                pkg.file = found.file;
            else
                return bad([...path, 'path'], found.problem);
        }
        return pkg;
    }
    if (sourceType !== 'code')
        return bad([...path, 'type'], `unknown source type ${(0,_util_describe_js__WEBPACK_IMPORTED_MODULE_3__/* .describe */ .q)(sourceType)} (expected code)`);
    if (value.path === undefined)
        return bad(path, `missing path (expected ${what})`);
    if (typeof value.path !== 'string' || value.path === '')
        return bad([...path, 'path'], `expected ${what}, found ${(0,_util_describe_js__WEBPACK_IMPORTED_MODULE_3__/* .describe */ .q)(value.path)}`);
    const rel = value.path;
    if (type === 'python' && !rel.endsWith('.py'))
        return bad([...path, 'path'], `a python node runs a .py file, found "${rel}"`);
    if ((type === 'llm' || type === 'prompt') && rel.endsWith('.py')) {
        return bad([...path, 'path'], `an ${type} node renders a prompt template (.jinja2), found "${rel}"`);
    }
    const found = (0,_source_files_js__WEBPACK_IMPORTED_MODULE_2__/* .resolveFlowFile */ .p)(ctx.dir, rel, ctx.includes);
    if ('problem' in found)
        return bad([...path, 'path'], found.problem);
    return { type: 'code', path: rel, file: found.file };
}
/** Which pip package provides a package tool, as far as its module name tells. */
function packageHint(tool) {
    if (!tool)
        return '';
    if (tool.startsWith('promptflow.tools.'))
        return ' (it comes from the pip package promptflow-tools)';
    const root = tool.split('.')[0];
    return ` (it comes from the pip package that provides the module "${root}")`;
}
function readNodeVariants(ctx, value, nodes, nodeIndex) {
    const { src } = ctx;
    const out = {};
    const all = (0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .optionalRecord */ .oN)(src, ['node_variants'], value, 'a mapping of node names to their variants');
    const variantNodes = nodes.filter((n) => n.useVariants).map((n) => n.name);
    for (const node of src.keys(['node_variants'])) {
        const def = all?.[node];
        const path = ['node_variants', node];
        const index = nodeIndex.get(node);
        if (index === undefined) {
            src.error(path, `no node "${node}" in nodes${(0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .hint */ .aK)(node, variantNodes, 'no node uses variants')}`);
            continue;
        }
        if (!nodes[index]?.useVariants) {
            src.warn(path, `node "${node}" does not set use_variants: true, so these variants are ignored`);
            continue;
        }
        if (!(0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .isRecord */ .u4)(def)) {
            src.error(path, `expected default_variant_id and variants, found ${(0,_util_describe_js__WEBPACK_IMPORTED_MODULE_3__/* .describe */ .q)(def)}`);
            continue;
        }
        (0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .checkKeys */ .L)(src, path, def, ['default_variant_id', 'variants']);
        const variants = {};
        const variantIds = [];
        let complete = true;
        const rawVariants = def.variants;
        if (rawVariants === undefined || rawVariants === null) {
            src.error(path, 'missing variants (expected variants: {<id>: {node: ...}})');
            continue;
        }
        if (!(0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .isRecord */ .u4)(rawVariants)) {
            src.error([...path, 'variants'], `expected a mapping of variant ids to {node: ...}, found ${(0,_util_describe_js__WEBPACK_IMPORTED_MODULE_3__/* .describe */ .q)(rawVariants)}`);
            continue;
        }
        for (const id of src.keys([...path, 'variants'])) {
            const vPath = [...path, 'variants', id];
            const v = rawVariants[id];
            variantIds.push(id);
            if (!(0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .isRecord */ .u4)(v) || !(0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .isRecord */ .u4)(v.node)) {
                src.error(vPath, `expected {node: <node definition>}, found ${(0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .isRecord */ .u4)(v) ? `no node` : (0,_util_describe_js__WEBPACK_IMPORTED_MODULE_3__/* .describe */ .q)(v)}`);
                complete = false;
                continue;
            }
            (0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .checkKeys */ .L)(src, vPath, v, ['node', 'description']);
            const bodyPath = [...vPath, 'node'];
            (0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .checkKeys */ .L)(src, bodyPath, v.node, NODE_KEYS.filter((k) => k !== 'use_variants'));
            const body = readBody(ctx, bodyPath, v.node, node, id);
            if (!body) {
                complete = false;
                continue;
            }
            variants[id] = body;
        }
        if (variantIds.length === 0) {
            src.error([...path, 'variants'], 'expected at least one variant, found none');
            continue;
        }
        const defaultId = def.default_variant_id;
        if (defaultId === undefined) {
            src.error(path, `missing default_variant_id (expected one of ${variantIds.join(', ')})`);
            continue;
        }
        if (typeof defaultId !== 'string' || !variantIds.includes(defaultId)) {
            const found = typeof defaultId === 'string' ? `"${defaultId}"` : (0,_util_describe_js__WEBPACK_IMPORTED_MODULE_3__/* .describe */ .q)(defaultId);
            src.error([...path, 'default_variant_id'], `${found} is not one of the variants${(0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .hint */ .aK)(String(defaultId), variantIds)}`);
            continue;
        }
        if (complete)
            out[node] = { node, defaultVariantId: defaultId, variantIds, variants, at: src.at(path) };
    }
    for (const n of nodes) {
        if (n.useVariants && !(n.name in out) && !src.keys(['node_variants']).includes(n.name)) {
            const path = ['nodes', nodeIndex.get(n.name) ?? 0, 'use_variants'];
            src.error(path, `node "${n.name}" uses variants, but node_variants has no "${n.name}" entry${variantEntryHint(src, n.name)}`);
        }
    }
    return out;
}
function variantEntryHint(src, name) {
    const keys = src.keys(['node_variants']);
    const h = (0,_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .hint */ .aK)(name, keys);
    return h.startsWith(' (did you mean') ? h : '';
}


/***/ }),

/***/ 77579:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   K9: () => (/* binding */ readPrompty),
/* harmony export */   iq: () => (/* binding */ splitPrompty)
/* harmony export */ });
/* unused harmony export PROMPTY_NODE */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var _util_describe_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4894);
/* harmony import */ var _load_dag_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(16686);
/* harmony import */ var _shape_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(37994);
/* harmony import */ var _source_files_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(25784);
/* harmony import */ var _yaml_source_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(68372);
/**
 * Reading a `.prompty` file (prompt flow's single-file prompt: YAML front matter between `---` lines,
 * then a Jinja2 template) as a flow of one llm node, so the DAG executor runs it, records it and
 * serves it like any flow. Front matter keys follow prompt flow's Prompty: `model.api`,
 * `model.configuration` (azure_openai / openai, `${env:VAR}`, or a `connection`),
 * `model.parameters`, `model.response`, `inputs`, `outputs`, `sample`.
 */






const TOP_KEYS = [
    '$schema',
    'name',
    'description',
    'version',
    'authors',
    'tags',
    'model',
    'inputs',
    'outputs',
    'sample',
    'template'
];
const MODEL_KEYS = ['api', 'configuration', 'parameters', 'response'];
const CONFIG_TYPES = ['azure_openai', 'openai'];
/** The node a prompty becomes; its name shows in run records. */
const PROMPTY_NODE = 'prompty';
/** Splits a prompty file; undefined when it does not start with a `---` front matter block. */
function splitPrompty(text) {
    // Blank lines may come first (prompt flow's own examples have one).
    const m = /^\uFEFF?((?:[ \t]*\r?\n)*)---[ \t]*\r?\n([\s\S]*?)^---[ \t]*(?:\r?\n|$)/m.exec(text);
    if (!m || m.index !== 0)
        return undefined;
    const before = m[1].split('\n').length; // the blank lines and the opening `---`
    return { frontMatter: '\n'.repeat(before) + m[2], body: text.slice(m[0].length) };
}
/** Reads the prompty at `file`; problems (with lines in the file) are collected in the returned source. */
function readPrompty(displayFile, text, common) {
    const parts = splitPrompty(text);
    if (!parts) {
        const src = _yaml_source_js__WEBPACK_IMPORTED_MODULE_4__/* .YamlSource */ .r.parse(displayFile, '{}');
        src.problems.push({
            file: displayFile,
            line: 1,
            column: 1,
            message: 'expected a prompty: front matter between two "---" lines (name, model, inputs …), then the prompt template'
        });
        return { src };
    }
    const src = _yaml_source_js__WEBPACK_IMPORTED_MODULE_4__/* .YamlSource */ .r.parse(displayFile, parts.frontMatter);
    if (src.problems.length)
        return { src };
    const raw = (0,_shape_js__WEBPACK_IMPORTED_MODULE_2__/* .isRecord */ .u4)(src.value) ? src.value : {};
    if (!(0,_shape_js__WEBPACK_IMPORTED_MODULE_2__/* .isRecord */ .u4)(src.value) && src.value !== null && src.value !== undefined)
        src.error([], `expected the front matter to be a mapping (name, model, inputs …), found ${(0,_util_describe_js__WEBPACK_IMPORTED_MODULE_5__/* .describe */ .q)(src.value)}`);
    (0,_shape_js__WEBPACK_IMPORTED_MODULE_2__/* .checkKeys */ .L)(src, [], raw, TOP_KEYS);
    const model = (0,_shape_js__WEBPACK_IMPORTED_MODULE_2__/* .optionalRecord */ .oN)(src, ['model'], raw.model, 'a mapping (api, configuration, parameters, response)') ?? {};
    (0,_shape_js__WEBPACK_IMPORTED_MODULE_2__/* .checkKeys */ .L)(src, ['model'], model, MODEL_KEYS);
    const api = model.api ?? 'chat';
    if (api !== 'chat' && api !== 'completion')
        src.error(['model', 'api'], `unknown api ${(0,_util_describe_js__WEBPACK_IMPORTED_MODULE_5__/* .describe */ .q)(api)}${typeof api === 'string' ? (0,_shape_js__WEBPACK_IMPORTED_MODULE_2__/* .hint */ .aK)(api, ['chat', 'completion']) : ''}`);
    const response = model.response ?? 'first';
    if (response !== 'first' && response !== 'all')
        src.error(['model', 'response'], `expected first or all, found ${(0,_util_describe_js__WEBPACK_IMPORTED_MODULE_5__/* .describe */ .q)(response)}`);
    const configuration = (0,_shape_js__WEBPACK_IMPORTED_MODULE_2__/* .optionalRecord */ .oN)(src, ['model', 'configuration'], model.configuration, 'a mapping (type, azure_deployment …)') ?? {};
    const type = (0,_shape_js__WEBPACK_IMPORTED_MODULE_2__/* .optionalString */ .sx)(src, ['model', 'configuration', 'type'], configuration.type);
    if (type !== undefined && !CONFIG_TYPES.includes(type))
        src.error(['model', 'configuration', 'type'], `unknown configuration type "${type}"${(0,_shape_js__WEBPACK_IMPORTED_MODULE_2__/* .hint */ .aK)(type, CONFIG_TYPES)}`);
    const connection = (0,_shape_js__WEBPACK_IMPORTED_MODULE_2__/* .optionalString */ .sx)(src, ['model', 'configuration', 'connection'], configuration.connection, 'a connection name');
    const parameters = (0,_shape_js__WEBPACK_IMPORTED_MODULE_2__/* .optionalRecord */ .oN)(src, ['model', 'parameters'], model.parameters, 'a mapping of model parameters') ?? {};
    const inputs = readInputs(src, raw.inputs);
    const outputsRaw = (0,_shape_js__WEBPACK_IMPORTED_MODULE_2__/* .optionalRecord */ .oN)(src, ['outputs'], raw.outputs, 'a mapping of output names to definitions');
    if (raw.sample !== undefined && raw.sample !== null && !(0,_shape_js__WEBPACK_IMPORTED_MODULE_2__/* .isRecord */ .u4)(raw.sample)) {
        const ref = typeof raw.sample === 'string' ? /^\$\{file:(.+)\}$/.exec(raw.sample.trim()) : null;
        if (!ref)
            src.error(['sample'], `expected a mapping of input values or \${file:<name>.json}, found ${(0,_util_describe_js__WEBPACK_IMPORTED_MODULE_5__/* .describe */ .q)(raw.sample)}`);
        else {
            const found = (0,_source_files_js__WEBPACK_IMPORTED_MODULE_3__/* .resolveFlowFile */ .p)(common.dir, ref[1], common.additionalIncludes);
            if ('problem' in found)
                src.error(['sample'], found.problem);
        }
    }
    if (src.problems.length)
        return { src };
    const deployment = configuration.azure_deployment ?? configuration.model;
    const nodeInputs = {};
    for (const name of Object.keys(inputs))
        nodeInputs[name] = { kind: 'flow-input', name, text: `\${inputs.${name}}` };
    for (const [k, v] of Object.entries(parameters))
        nodeInputs[k] = { kind: 'literal', value: v };
    if (typeof deployment === 'string')
        nodeInputs[(type ?? 'azure_openai') === 'openai' ? 'model' : 'deployment_name'] = {
            kind: 'literal',
            value: deployment
        };
    const settings = { response: response };
    if (connection === undefined)
        settings.configuration = configuration;
    if (outputsRaw)
        settings.outputs = Object.keys(outputsRaw);
    const at = src.at([]);
    const node = {
        name: PROMPTY_NODE,
        useVariants: false,
        type: 'llm',
        api: api,
        source: { type: 'code', path: node_path__WEBPACK_IMPORTED_MODULE_0__.basename(common.file), file: common.file },
        inputs: nodeInputs,
        aggregation: false,
        enableCache: false,
        prompty: settings,
        at,
        ...(connection !== undefined ? { connection } : {})
    };
    const outputNames = settings.outputs ?? ['output'];
    const outputs = {};
    for (const name of outputNames) {
        const text = settings.outputs ? `\${${PROMPTY_NODE}.output.${name}}` : `\${${PROMPTY_NODE}.output}`;
        outputs[name] = {
            name,
            reference: { kind: 'node-output', node: PROMPTY_NODE, path: settings.outputs ? [name] : [], text },
            isChatOutput: false,
            at: src.at(['outputs', name])
        };
    }
    const flow = {
        kind: 'dag',
        ...common,
        displayFile,
        raw,
        warnings: src.warnings,
        inputs,
        outputs,
        nodes: [node],
        nodeVariants: {},
        prompty: raw.sample !== undefined && raw.sample !== null ? { sample: raw.sample } : {},
        ...(typeof raw.description === 'string' ? { description: raw.description } : {}),
        ...(typeof raw.name === 'string' ? { displayName: raw.name } : {})
    };
    return { src, flow };
}
function readInputs(src, value) {
    const out = {};
    const inputs = (0,_shape_js__WEBPACK_IMPORTED_MODULE_2__/* .optionalRecord */ .oN)(src, ['inputs'], value, 'a mapping of input names to definitions') ?? {};
    for (const [name, def] of Object.entries(inputs)) {
        const p = ['inputs', name];
        // prompt flow also takes `name: <default value>` for an input.
        const d = (0,_shape_js__WEBPACK_IMPORTED_MODULE_2__/* .isRecord */ .u4)(def) && ('type' in def || 'default' in def || 'description' in def) ? def : { default: def };
        if ((0,_shape_js__WEBPACK_IMPORTED_MODULE_2__/* .isRecord */ .u4)(def))
            (0,_shape_js__WEBPACK_IMPORTED_MODULE_2__/* .checkKeys */ .L)(src, p, def, ['type', 'default', 'description', 'is_chat_input', 'is_chat_history']);
        const type = d.type ?? inferType(d.default);
        if (typeof type !== 'string' || !_load_dag_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT_TYPES */ .nl.includes(normalType(type))) {
            src.error([...p, 'type'], (0,_shape_js__WEBPACK_IMPORTED_MODULE_2__/* .unknownType */ .p2)(type, _load_dag_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT_TYPES */ .nl));
            continue;
        }
        const input = {
            name,
            type: normalType(type),
            isChatInput: d.is_chat_input === true,
            isChatHistory: d.is_chat_history === true || (name === 'chat_history' && normalType(type) === 'list'),
            at: src.at(p)
        };
        if ('default' in d && d.default !== undefined)
            input.default = d.default;
        if (typeof d.description === 'string')
            input.description = d.description;
        out[name] = input;
    }
    return out;
}
/** Prompty also writes `number`/`float` for a float and `str` for a string. */
function normalType(t) {
    return ({
        number: 'double',
        float: 'double',
        str: 'string',
        integer: 'int',
        boolean: 'bool',
        array: 'list',
        dict: 'object'
    }[t] ?? t);
}
function inferType(v) {
    if (typeof v === 'number')
        return Number.isInteger(v) ? 'int' : 'double';
    if (typeof v === 'boolean')
        return 'bool';
    if (Array.isArray(v))
        return 'list';
    if ((0,_shape_js__WEBPACK_IMPORTED_MODULE_2__/* .isRecord */ .u4)(v))
        return 'object';
    return 'string';
}


/***/ }),

/***/ 68718:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  j7: () => (/* binding */ loadFlow)
});

// UNUSED EXPORTS: DAG_FILES, FLEX_FILES

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./packages/core/dist/errors.js
var errors = __webpack_require__(71403);
// EXTERNAL MODULE: ./packages/core/dist/util/describe.js
var describe = __webpack_require__(4894);
// EXTERNAL MODULE: ./packages/core/dist/util/paths.js
var paths = __webpack_require__(55103);
// EXTERNAL MODULE: ./packages/core/dist/flow/load-dag.js
var load_dag = __webpack_require__(16686);
// EXTERNAL MODULE: ./packages/core/dist/util/did-you-mean.js
var did_you_mean = __webpack_require__(33188);
// EXTERNAL MODULE: ./packages/core/dist/flow/shape.js
var shape = __webpack_require__(37994);
// EXTERNAL MODULE: ./packages/core/dist/flow/source-files.js
var source_files = __webpack_require__(25784);
;// CONCATENATED MODULE: ./packages/core/dist/flow/load-flex.js
/** Reading `flow.flex.yaml` (a Python function or class as the flow) into the model. */







const FLEX_TOP_KEYS = [...load_dag/* COMMON_TOP_KEYS */.vV, 'entry', 'init', 'sample'];
/** Types prompt flow allows for flex inputs and outputs. */
const FLEX_VALUE_TYPES = ['string', 'int', 'double', 'bool', 'list', 'object'];
const PORT_KEYS = [
    'type',
    'default',
    'description',
    'enum',
    'is_chat_input',
    'is_chat_history',
    'is_chat_output',
    'reference'
];
function readFlex(src, raw, common) {
    (0,shape/* checkKeys */.L)(src, [], raw, FLEX_TOP_KEYS, {
        nodes: 'unknown key ("nodes" belongs in flow.dag.yaml; a flex flow has an entry instead)',
        node_variants: 'unknown key ("node_variants" belongs in flow.dag.yaml; a flex flow has no variants)'
    });
    (0,load_dag/* checkCommon */._X)(src, raw);
    const entry = readEntry(src, common.dir, common.additionalIncludes, raw.entry);
    const inputs = readPorts(src, ['inputs'], raw.inputs, 'input');
    const outputs = readPorts(src, ['outputs'], raw.outputs, 'output');
    const init = readPorts(src, ['init'], raw.init, 'init');
    if (init && entry?.kind === 'function') {
        src.error(['init'], `entry "${entry.name}" is a function; init parameters are for a class entry (its __init__)`);
    }
    let sample;
    if (raw.sample !== undefined && raw.sample !== null) {
        if (typeof raw.sample === 'string') {
            const found = (0,source_files/* resolveFlowFile */.p)(common.dir, raw.sample, common.additionalIncludes);
            if ('problem' in found)
                src.error(['sample'], found.problem);
        }
        else if (!(0,shape/* isRecord */.u4)(raw.sample)) {
            src.error(['sample'], `expected a sample file name or a mapping (inputs, init), found ${(0,describe/* describe */.q)(raw.sample)}`);
        }
        sample = raw.sample;
    }
    if (!entry)
        return undefined;
    const flow = { kind: 'flex', ...common, entry };
    if (inputs)
        flow.inputs = inputs;
    if (outputs)
        flow.outputs = outputs;
    if (init)
        flow.init = init;
    if (sample !== undefined)
        flow.sample = sample;
    return flow;
}
const ENTRY_FORM = /^([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*):([A-Za-z_]\w*)$/;
function readEntry(src, dir, includes, value) {
    if (value === undefined) {
        src.error([], 'missing entry (expected entry: <module>:<function or class>, e.g. flow_entry:my_flow)');
        return undefined;
    }
    const m = typeof value === 'string' ? ENTRY_FORM.exec(value.trim()) : null;
    if (!m) {
        src.error(['entry'], `expected <module>:<function or class> (e.g. flow_entry:my_flow), found ${(0,describe/* describe */.q)(value)}`);
        return undefined;
    }
    const [text, module, name] = m;
    const modulePath = module.split('.').join('/');
    let file;
    for (const candidate of [`${modulePath}.py`, `${modulePath}/__init__.py`]) {
        const found = (0,source_files/* resolveFlowFile */.p)(dir, candidate, includes);
        if ('file' in found) {
            file = found.file;
            break;
        }
    }
    if (!file) {
        src.error(['entry'], `module "${module}" not found: expected ${modulePath}.py (or ${modulePath}/__init__.py) in the flow folder`);
        return undefined;
    }
    const kind = findDefinition((0,external_node_fs_.readFileSync)(file, 'utf8'), name);
    if (typeof kind !== 'string') {
        const shown = external_node_path_.relative(dir, file).split(external_node_path_.sep).join('/');
        const c = (0,did_you_mean/* closest */.k)(name, kind.candidates);
        src.error(['entry'], `"${name}" is not defined in ${shown}${c ? ` (did you mean "${c}"?)` : ''}`);
        return undefined;
    }
    return { text, module, name, file, kind };
}
/**
 * What `name` is at the top level of a Python module, from a plain text scan: a `def` or `class`,
 * or `unknown` when it is imported or assigned. Otherwise the top-level names, for a did-you-mean.
 */
function findDefinition(code, name) {
    const candidates = [];
    for (const m of code.matchAll(/^(?:async\s+def|def|class)\s+([A-Za-z_]\w*)/gm)) {
        if (m[1] === name)
            return m[0].startsWith('class') ? 'class' : 'function';
        candidates.push(m[1]);
    }
    const word = name.replace(/[^\w]/g, '');
    const imported = new RegExp(`^(?:from\\s+\\S+\\s+)?import\\b[^\\n]*\\b${word}\\b`, 'm');
    const assigned = new RegExp(`^${word}\\s*(?::[^=\\n]*)?=(?!=)`, 'm');
    if (imported.test(code) || assigned.test(code))
        return 'unknown';
    return { candidates };
}
function readPorts(src, path, value, what) {
    const ports = (0,shape/* optionalRecord */.oN)(src, path, value, `a mapping of ${what} names to definitions`);
    if (!ports)
        return undefined;
    const out = {};
    for (const [name, def] of Object.entries(ports)) {
        const p = [...path, name];
        if (!(0,shape/* isRecord */.u4)(def)) {
            src.error(p, `expected a definition with a type (e.g. type: string), found ${(0,describe/* describe */.q)(def)}`);
            continue;
        }
        (0,shape/* checkKeys */.L)(src, p, def, PORT_KEYS);
        if (def.type === undefined) {
            src.error(p, `missing type (expected ${FLEX_VALUE_TYPES.join(', ')}${what === 'init' ? ', or a connection or model configuration class' : ''})`);
            continue;
        }
        const type = def.type;
        const ok = typeof type === 'string' &&
            (FLEX_VALUE_TYPES.includes(type) ||
                (what === 'init' && /^[A-Z]\w*(Connection|ModelConfiguration)$/.test(type)));
        if (!ok) {
            src.error([...p, 'type'], (0,shape/* unknownType */.p2)(type, FLEX_VALUE_TYPES));
            continue;
        }
        const port = { name, type: type, at: src.at(p) };
        if ('default' in def)
            port.default = def.default;
        const description = (0,shape/* optionalString */.sx)(src, [...p, 'description'], def.description);
        if (description !== undefined)
            port.description = description;
        out[name] = port;
    }
    return out;
}

// EXTERNAL MODULE: ./packages/core/dist/flow/load-prompty.js
var load_prompty = __webpack_require__(77579);
;// CONCATENATED MODULE: ./packages/core/dist/flow/validate-dag.js

function checkDagGraph(src, read) {
    const { flow, sites, nodeIndex } = read;
    const inputNames = src.keys(['inputs']);
    const nodeNames = [...nodeIndex.keys()];
    const aggregationNodes = new Set(sites.filter((s) => s.aggregation).map((s) => s.node));
    const edges = [];
    /** Reports a reference to something that does not exist; true when the reference is sound. */
    const checkTarget = (ref, path) => {
        if (ref.kind === 'flow-input') {
            if (inputNames.includes(ref.name))
                return true;
            src.error(path, `unknown flow input "${ref.name}" in ${ref.text}${(0,shape/* hint */.aK)(ref.name, inputNames, 'the flow has no inputs')}`);
            return false;
        }
        if (nodeIndex.has(ref.node))
            return true;
        src.error(path, `unknown node "${ref.node}" in ${ref.text}${(0,shape/* hint */.aK)(ref.node, nodeNames, 'the flow has no nodes')}`);
        return false;
    };
    for (const site of sites) {
        const refs = [];
        for (const [key, value] of Object.entries(site.inputs)) {
            if (value.kind !== 'literal')
                refs.push({ ref: value, path: [...site.path, 'inputs', key], activate: false });
        }
        if (site.activate && site.activate.when.kind !== 'literal')
            refs.push({ ref: site.activate.when, path: [...site.path, 'activate', 'when'], activate: true });
        for (const { ref, path, activate } of refs) {
            if (ref.kind === 'node-output' && ref.node === site.node) {
                src.error(path, `node "${site.node}" references its own output in ${ref.text}`);
                continue;
            }
            if (!checkTarget(ref, path) || ref.kind !== 'node-output')
                continue;
            edges.push({ from: site.node, to: ref.node, path });
            const targetIsAggregation = aggregationNodes.has(ref.node);
            if (!activate && !site.aggregation && targetIsAggregation) {
                src.error(path, `node "${site.node}" is not an aggregation node, so it cannot use the output of aggregation node "${ref.node}" in ${ref.text} (aggregation nodes run once, after all lines)`);
            }
            if (activate && site.aggregation && !targetIsAggregation) {
                src.error(path, `aggregation node "${site.node}" cannot be activated by non-aggregation node "${ref.node}" in ${ref.text}`);
            }
        }
    }
    checkOutputs(src, flow, checkTarget, aggregationNodes);
    checkCycles(src, nodeNames, edges);
}
function checkOutputs(src, flow, checkTarget, aggregationNodes) {
    for (const [name, output] of Object.entries(flow.outputs)) {
        const path = ['outputs', name, 'reference'];
        if (!checkTarget(output.reference, path))
            continue;
        if (output.reference.kind === 'node-output' && aggregationNodes.has(output.reference.node)) {
            src.warn(path, `output "${name}" references aggregation node "${output.reference.node}", which has no per-line output: the output is left out`);
            delete flow.outputs[name];
        }
    }
}
/** Finds strongly connected components (Tarjan) and names one cycle in each, from its first node in file order. */
function checkCycles(src, nodeNames, edges) {
    const out = new Map(nodeNames.map((n) => [n, []]));
    for (const e of edges)
        out.get(e.from)?.push(e);
    const index = new Map();
    const low = new Map();
    const onStack = new Set();
    const stack = [];
    const components = [];
    let counter = 0;
    const visit = (v) => {
        index.set(v, counter);
        low.set(v, counter++);
        stack.push(v);
        onStack.add(v);
        for (const { to } of out.get(v) ?? []) {
            if (!index.has(to)) {
                visit(to);
                low.set(v, Math.min(low.get(v), low.get(to)));
            }
            else if (onStack.has(to))
                low.set(v, Math.min(low.get(v), index.get(to)));
        }
        if (low.get(v) === index.get(v)) {
            const component = [];
            let w;
            do {
                w = stack.pop();
                onStack.delete(w);
                component.push(w);
            } while (w !== v);
            if (component.length > 1)
                components.push(component);
        }
    };
    for (const n of nodeNames)
        if (!index.has(n))
            visit(n);
    const order = new Map(nodeNames.map((n, i) => [n, i]));
    const firstOf = (c) => c.reduce((a, b) => (order.get(a) <= order.get(b) ? a : b));
    components.sort((a, b) => order.get(firstOf(a)) - order.get(firstOf(b)));
    for (const component of components) {
        const members = new Set(component);
        const start = firstOf(component);
        // Shortest way back to `start` (breadth first, edges in file order).
        const via = new Map();
        const queue = [start];
        let closing;
        while (queue.length && !closing) {
            const v = queue.shift();
            for (const e of out.get(v) ?? []) {
                if (!members.has(e.to))
                    continue;
                if (e.to === start) {
                    closing = e;
                    break;
                }
                if (!via.has(e.to)) {
                    via.set(e.to, e);
                    queue.push(e.to);
                }
            }
        }
        if (!closing)
            continue; // cannot happen in a component of two or more
        const chain = [closing];
        while (chain[0].from !== start)
            chain.unshift(via.get(chain[0].from));
        const names = [start, ...chain.map((e) => e.to)];
        src.error(chain[0].path, `cycle: ${names.join(' → ')} (each node uses the output of the next)`);
    }
}

// EXTERNAL MODULE: ./packages/core/dist/flow/yaml-source.js
var yaml_source = __webpack_require__(68372);
;// CONCATENATED MODULE: ./packages/core/dist/flow/load.js












const DAG_FILES = ['flow.dag.yaml', 'flow.dag.yml'];
const FLEX_FILES = ['flow.flex.yaml', 'flow.flex.yml'];
/**
 * Reads and validates the flow in `dirOrFile` (a flow folder holding flow.dag.yaml / flow.dag.yml /
 * flow.flex.yaml, or the YAML file itself). Every problem found is reported in one UserError.
 */
function loadFlow(dirOrFile, opts = {}) {
    const root = external_node_path_.resolve(opts.displayRoot ?? process.cwd());
    const display = (p) => (0,paths/* toPosixRelative */.T)(root, p);
    const target = external_node_path_.resolve(dirOrFile);
    const { dir, file } = findFlowFile(target, display);
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)(file, 'utf8');
    }
    catch (e) {
        throw new errors/* UserError */.yo([
            { file: display(file), message: `cannot read the file (${e.code ?? e})` }
        ]);
    }
    if (file.endsWith('.prompty'))
        return loadPrompty(file, text, dir, display);
    const src = yaml_source/* YamlSource */.r.parse(display(file), text);
    (0,errors/* throwIfProblems */.W8)(src.problems);
    const raw = src.value;
    if (!(0,shape/* isRecord */.u4)(raw)) {
        const found = raw === null || raw === undefined ? 'an empty file' : (0,describe/* describe */.q)(raw);
        throw new errors/* UserError */.yo([
            {
                file: display(file),
                line: 1,
                column: 1,
                message: `expected a mapping of flow keys (inputs, outputs, nodes …), found ${found}`
            }
        ]);
    }
    if (raw.language === 'csharp') {
        // Checked first: the rest of a csharp flow (its node types) means nothing to the local engine.
        src.error(['language'], 'a csharp flow is not supported by the local backend; use --backend azure');
        (0,errors/* throwIfProblems */.W8)(src.problems);
    }
    const additionalIncludes = [];
    if (raw.additional_includes !== undefined && raw.additional_includes !== null) {
        if (!Array.isArray(raw.additional_includes)) {
            src.error(['additional_includes'], `expected a list of paths, found ${(0,describe/* describe */.q)(raw.additional_includes)}`);
        }
        else {
            raw.additional_includes.forEach((inc, i) => {
                if (typeof inc !== 'string' || inc === '')
                    src.error(['additional_includes', i], `expected a path, found ${(0,describe/* describe */.q)(inc)}`);
                else if (!exists(external_node_path_.resolve(dir, inc)))
                    src.error(['additional_includes', i], `"${inc}" not found (paths are relative to the flow folder)`);
                else
                    additionalIncludes.push(inc);
            });
        }
    }
    const common = {
        dir,
        file,
        displayFile: display(file),
        additionalIncludes,
        warnings: src.warnings,
        raw,
        ...(typeof raw.description === 'string' ? { description: raw.description } : {}),
        ...(typeof raw.display_name === 'string' ? { displayName: raw.display_name } : {}),
        ...((0,shape/* isRecord */.u4)(raw.tags) ? { tags: raw.tags } : {}),
        ...((0,shape/* isRecord */.u4)(raw.environment) ? { environment: raw.environment } : {}),
        ...((0,shape/* isRecord */.u4)(raw.environment_variables) ? { environmentVariables: raw.environment_variables } : {})
    };
    const isFlex = FLEX_FILES.includes(external_node_path_.basename(file)) ||
        (!DAG_FILES.includes(external_node_path_.basename(file)) && 'entry' in raw && !('nodes' in raw));
    if (isFlex) {
        const flow = readFlex(src, raw, common);
        (0,errors/* throwIfProblems */.W8)(sortProblems(src.problems));
        return flow;
    }
    const read = (0,load_dag/* readDag */.bm)(src, raw, common, { allowPackageTools: opts.allowPackageTools ?? false });
    checkDagGraph(src, read);
    (0,errors/* throwIfProblems */.W8)(sortProblems(src.problems));
    return read.flow;
}
function loadPrompty(file, text, dir, display) {
    const { src, flow } = (0,load_prompty/* readPrompty */.K9)(display(file), text, { dir, file, additionalIncludes: [] });
    (0,errors/* throwIfProblems */.W8)(sortProblems(src.problems));
    return flow;
}
/** Problems in file order (line, then column), which is how a reader fixes them. */
function sortProblems(problems) {
    return problems
        .map((p, i) => ({ p, i }))
        .sort((a, b) => (a.p.line ?? 0) - (b.p.line ?? 0) || (a.p.column ?? 0) - (b.p.column ?? 0) || a.i - b.i)
        .map(({ p }) => p);
}
function exists(p) {
    try {
        (0,external_node_fs_.statSync)(p);
        return true;
    }
    catch {
        return false;
    }
}
function findFlowFile(target, display) {
    let stat;
    try {
        stat = (0,external_node_fs_.statSync)(target);
    }
    catch {
        throw new errors/* UserError */.yo([{ file: display(target), message: 'flow folder not found' }]);
    }
    if (stat.isFile())
        return { dir: external_node_path_.dirname(target), file: target };
    if (!(0,source_files/* isDirectory */.w)(target))
        throw new errors/* UserError */.yo([{ file: display(target), message: 'expected a flow folder' }]);
    const present = [...DAG_FILES, ...FLEX_FILES].filter((f) => exists(external_node_path_.join(target, f)));
    if (present.length === 0) {
        throw new errors/* UserError */.yo([
            {
                file: display(target),
                message: `no flow here: expected ${DAG_FILES[0]} or ${FLEX_FILES[0]} in this folder`
            }
        ]);
    }
    if (present.length > 1) {
        throw new errors/* UserError */.yo([
            { file: display(target), message: `more than one flow file here (${present.join(', ')}): keep one` }
        ]);
    }
    return { dir: target, file: external_node_path_.join(target, present[0]) };
}


/***/ }),

/***/ 53553:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A_: () => (/* binding */ isReference),
/* harmony export */   F2: () => (/* binding */ parseReference),
/* harmony export */   QG: () => (/* binding */ resolveFieldPath),
/* harmony export */   WF: () => (/* binding */ tryParseReference)
/* harmony export */ });
/* unused harmony export parseValue */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(71403);
/**
 * `${...}` references. Inside a flow: `${inputs.x}` (also the legacy `${flow.x}`), `${node.output}`,
 * `${node.output.field.sub}`. In run column mappings: `${data.col}`, `${run.outputs.col}`,
 * `${run.inputs.col}`. As in prompt flow, only a whole value is a reference: `"Hi ${inputs.x}"` is a
 * literal string.
 */

/** True when `value` is a string that is a whole `${...}` (well formed or not: see `tryParseReference`). */
function isReference(value) {
    return typeof value === 'string' && value.length >= 3 && value.startsWith('${') && value.endsWith('}');
}
const MAPPING_FORMS = '${data.<column>}, ${run.outputs.<name>} or ${run.inputs.<name>}';
/** Parses a reference; on failure says why, in words fit for a "…: invalid reference X: <reason>" message. */
function tryParseReference(text, context = 'any') {
    if (!isReference(text))
        return { ok: false, reason: 'expected a whole value of the form ${...}' };
    const body = text.slice(2, -1);
    const fail = (reason) => ({ ok: false, reason });
    if (body.trim() === '')
        return fail('it is empty');
    if (/[{}$]/.test(body))
        return fail('a reference is one ${...} with no nested braces');
    if (context !== 'flow') {
        const column = (prefix) => body.startsWith(prefix) ? body.slice(prefix.length) : undefined;
        const data = column('data.');
        if (data !== undefined)
            return data ? ok({ kind: 'data', text, column: data }) : fail('expected ${data.<column>}');
        const runOut = column('run.outputs.');
        if (runOut !== undefined)
            return runOut
                ? ok({ kind: 'run-output', text, column: runOut })
                : fail('expected ${run.outputs.<name>}');
        const runIn = column('run.inputs.');
        if (runIn !== undefined)
            return runIn ? ok({ kind: 'run-input', text, column: runIn }) : fail('expected ${run.inputs.<name>}');
        if (body === 'data' || body === 'run' || body.startsWith('run.'))
            return fail(`expected ${MAPPING_FORMS}`);
        if (context === 'mapping')
            return fail(`expected ${MAPPING_FORMS}`);
    }
    if (/\s/.test(body))
        return fail('a reference has no spaces');
    const segments = body.split('.');
    if (segments.some((s) => s === ''))
        return fail('it has an empty name between dots');
    const [head, ...rest] = segments;
    if (head === 'inputs' || head === 'flow') {
        if (rest.length === 0)
            return fail(`expected \${${head}.<input name>}`);
        if (rest.length > 1)
            return fail(`a flow input is referenced as a whole (\${${head}.${rest[0]}}), not by field`);
        return ok({ kind: 'flow-input', text, name: rest[0] });
    }
    // `${node}` is prompt flow's shorthand for `${node.output}`.
    if (rest.length === 0)
        return ok({ kind: 'node-output', text, node: head, path: [] });
    if (rest[0] !== 'output' && (head === 'data' || head === 'run')) {
        return fail("column mappings (${data.…}, ${run.…}) belong in a run's mappings; inside a flow use ${inputs.<name>} or ${<node>.output}");
    }
    if (rest[0] !== 'output') {
        return fail(`expected \${${head}.output} or \${${head}.output.<field>}, found "${rest[0]}" after the node name`);
    }
    return ok({ kind: 'node-output', text, node: head, path: rest.slice(1) });
}
function ok(reference) {
    return { ok: true, reference };
}
/** Parses a reference or throws a UserError saying what is wrong with it. */
function parseReference(text, context = 'any') {
    const r = tryParseReference(text, context);
    if (!r.ok)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`invalid reference ${JSON.stringify(text)}: ${r.reason}`);
    return r.reference;
}
/** A node input / mapping value: a literal, or a parsed reference when the value is a whole `${...}`. */
function parseValue(value, context = 'any') {
    return isReference(value) ? parseReference(value, context) : { kind: 'literal', value };
}
/**
 * Follows `path` (e.g. ['answer', 'score'] for `${node.output.answer.score}`) into `value`: object
 * keys (own properties only), and array indexes for numeric segments.
 */
function resolveFieldPath(value, path) {
    let current = value;
    for (let i = 0; i < path.length; i++) {
        const key = path[i];
        let next;
        if (Array.isArray(current)) {
            if (/^\d+$/.test(key) && Number(key) < current.length)
                next = { v: current[Number(key)] };
        }
        else if (current !== null &&
            typeof current === 'object' &&
            Object.prototype.hasOwnProperty.call(current, key)) {
            next = { v: current[key] };
        }
        if (!next)
            return { found: false, missing: key, parentPath: path.slice(0, i), parent: current };
        current = next.v;
    }
    return { found: true, value: current };
}


/***/ }),

/***/ 37994:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ checkKeys),
/* harmony export */   RO: () => (/* binding */ optionalBool),
/* harmony export */   aK: () => (/* binding */ hint),
/* harmony export */   oN: () => (/* binding */ optionalRecord),
/* harmony export */   p2: () => (/* binding */ unknownType),
/* harmony export */   sx: () => (/* binding */ optionalString),
/* harmony export */   u4: () => (/* binding */ isRecord)
/* harmony export */ });
/* unused harmony export orList */
/* harmony import */ var _util_describe_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4894);
/* harmony import */ var _util_did_you_mean_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(33188);
/** Small helpers for checking the shape of YAML values and phrasing what was expected. */


function isRecord(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
}
/** ` (did you mean "x"?)` when a candidate is close, else ` (expected a, b or c)` / ` (<none>)`. */
function hint(word, candidates, none = 'there are none') {
    const c = (0,_util_did_you_mean_js__WEBPACK_IMPORTED_MODULE_0__/* .closest */ .k)(word, candidates);
    if (c)
        return ` (did you mean "${c}"?)`;
    return candidates.length ? ` (expected ${orList(candidates)})` : ` (${none})`;
}
/** `a`, `a or b`, `a, b or c`. */
function orList(items) {
    return items.length <= 1
        ? (items[0] ?? '')
        : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
/**
 * Checks the keys of `obj` against `allowed`. Prompt flow ignores keys it does not know, so an unknown
 * key is only a warning; one close to a known key is a likely typo and an error ("did you mean").
 * `elsewhere` gives a better message (an error) for known misplaced keys.
 */
function checkKeys(src, path, obj, allowed, elsewhere = {}) {
    for (const key of Object.keys(obj)) {
        if (allowed.includes(key))
            continue;
        if (Object.prototype.hasOwnProperty.call(elsewhere, key)) {
            src.error([...path, key], elsewhere[key]);
            continue;
        }
        const typo = (0,_util_did_you_mean_js__WEBPACK_IMPORTED_MODULE_0__/* .closest */ .k)(key, allowed);
        if (typo)
            src.error([...path, key], `unknown key (did you mean "${typo}"?)`);
        else
            src.warn([...path, key], `unknown key, ignored as prompt flow ignores it (known: ${orList(allowed)})`);
    }
}
/** A mapping at `path`, or undefined (absent or null); anything else is reported. */
function optionalRecord(src, path, value, expected) {
    if (value === undefined || value === null)
        return undefined;
    if (isRecord(value))
        return value;
    src.error(path, `expected ${expected}, found ${(0,_util_describe_js__WEBPACK_IMPORTED_MODULE_1__/* .describe */ .q)(value)}`);
    return undefined;
}
/** A string at `path`, or undefined (absent); anything else is reported. */
function optionalString(src, path, value, expected = 'a string') {
    if (value === undefined)
        return undefined;
    if (typeof value === 'string')
        return value;
    src.error(path, `expected ${expected}, found ${(0,_util_describe_js__WEBPACK_IMPORTED_MODULE_1__/* .describe */ .q)(value)}`);
    return undefined;
}
function optionalBool(src, path, value) {
    if (value === undefined || value === null)
        return undefined;
    if (typeof value === 'boolean')
        return value;
    src.error(path, `expected true or false, found ${(0,_util_describe_js__WEBPACK_IMPORTED_MODULE_1__/* .describe */ .q)(value)}`);
    return undefined;
}
/** Common value-type aliases people write from other languages. */
const TYPE_ALIASES = {
    str: 'string',
    text: 'string',
    integer: 'int',
    float: 'double',
    number: 'double',
    boolean: 'bool',
    array: 'list',
    dict: 'object',
    map: 'object'
};
/** Message for an unknown type name: alias hint, did-you-mean, or the list. */
function unknownType(found, allowed) {
    if (typeof found !== 'string')
        return `expected a type (${orList(allowed)}), found ${(0,_util_describe_js__WEBPACK_IMPORTED_MODULE_1__/* .describe */ .q)(found)}`;
    const alias = TYPE_ALIASES[found.toLowerCase()];
    if (alias && allowed.includes(alias))
        return `unknown type "${found}" (did you mean "${alias}"?)`;
    return `unknown type "${found}"${hint(found, allowed)}`;
}


/***/ }),

/***/ 25784:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   p: () => (/* binding */ resolveFlowFile),
/* harmony export */   w: () => (/* binding */ isDirectory)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var _util_paths_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(55103);
/* harmony import */ var _util_did_you_mean_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(33188);
/** Finding the files a flow names (tool sources, the flex entry module), inside the flow folder. */




function isFile(p) {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(p).isFile();
    }
    catch {
        return false;
    }
}
function isDirectory(p) {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(p).isDirectory();
    }
    catch {
        return false;
    }
}
/**
 * Resolves `relative` (as written in the flow) to a file inside `dir`. As prompt flow does when it
 * builds a snapshot, `additional_includes` entries count as if copied into the flow folder under
 * their base name (a file include as `name`, a folder include as `name/...`).
 */
function resolveFlowFile(dir, relative, additionalIncludes = []) {
    const rel = relative.replace(/\\/g, '/');
    const inside = (0,_util_paths_js__WEBPACK_IMPORTED_MODULE_2__/* .resolveInside */ .L)(dir, rel);
    if (!inside) {
        return {
            problem: `"${relative}" is outside the flow folder (paths stay inside it; share files with additional_includes)`
        };
    }
    if (isFile(inside))
        return { file: inside };
    for (const include of additionalIncludes) {
        const abs = node_path__WEBPACK_IMPORTED_MODULE_1__.resolve(dir, include);
        const base = node_path__WEBPACK_IMPORTED_MODULE_1__.basename(abs);
        if (rel === base && isFile(abs))
            return { file: abs };
        if (rel.startsWith(base + '/') && isDirectory(abs)) {
            const candidate = node_path__WEBPACK_IMPORTED_MODULE_1__.join(node_path__WEBPACK_IMPORTED_MODULE_1__.dirname(abs), rel);
            if (isFile(candidate))
                return { file: candidate };
        }
    }
    return { problem: `file "${relative}" not found in the flow folder${siblingHint(inside, rel)}` };
}
/** ` (did you mean "x"?)` from the files next to where `missing` was expected. */
function siblingHint(missing, rel) {
    let names;
    try {
        names = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(node_path__WEBPACK_IMPORTED_MODULE_1__.dirname(missing));
    }
    catch {
        return '';
    }
    const c = (0,_util_did_you_mean_js__WEBPACK_IMPORTED_MODULE_3__/* .closest */ .k)(node_path__WEBPACK_IMPORTED_MODULE_1__.basename(missing), names);
    if (!c)
        return '';
    const relDir = node_path__WEBPACK_IMPORTED_MODULE_1__.posix.dirname(rel);
    return ` (did you mean "${relDir === '.' ? c : `${relDir}/${c}`}"?)`;
}


/***/ }),

/***/ 68372:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   r: () => (/* binding */ YamlSource)
/* harmony export */ });
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(38815);
/* harmony import */ var _util_json_document_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83151);


/**
 * A parsed YAML file that can say where any value in it is, and collects problems found in it.
 * Locations point at the key of a mapping entry and at the start of a sequence item; for a path that
 * does not exist (a missing key), at its closest existing parent.
 */
class YamlSource {
    file;
    value;
    doc;
    lines;
    problems = [];
    warnings = [];
    constructor(file, value, doc, lines) {
        this.file = file;
        this.value = value;
        this.doc = doc;
        this.lines = lines;
    }
    /** Parses `text`; a syntax error is recorded as a problem (with line and column) and the value is undefined. */
    static parse(file, text) {
        const lines = new yaml__WEBPACK_IMPORTED_MODULE_0__/* .LineCounter */ .HN();
        const doc = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .parseDocument */ .Tp)(text.replace(/^\uFEFF/, ''), {
            lineCounter: lines,
            prettyErrors: true,
            uniqueKeys: true
        });
        if (doc.errors.length) {
            const e = doc.errors[0];
            const src = new YamlSource(file, undefined, undefined, lines);
            const pos = e.linePos?.[0] ?? lines.linePos(e.pos[0]);
            const what = e.message.split(/ at line \d+, column \d+/)[0];
            src.problems.push({
                file,
                line: pos.line,
                column: pos.col,
                message: `invalid YAML: ${lowerFirst(what)}`
            });
            return src;
        }
        return new YamlSource(file, doc.toJS({ maxAliasCount: 1000 }), doc, lines);
    }
    locate(path) {
        if (!this.doc)
            return {};
        let node = this.doc.contents;
        let offset = rangeStart(node);
        for (const seg of path) {
            if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(node)) {
                const pair = node.items.find((p) => keyText(p.key) === String(seg));
                if (!pair)
                    break;
                offset = rangeStart(pair.key) ?? offset;
                node = pair.value;
            }
            else if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isSeq */ .oP)(node) && typeof seg === 'number' && seg < node.items.length) {
                node = node.items[seg];
                offset = rangeStart(node) ?? offset;
            }
            else
                break;
        }
        if (offset === undefined)
            return {};
        const { line, col } = this.lines.linePos(offset);
        return { line, column: col };
    }
    /** Keys of the mapping at `path`, in document order (JS objects put integer-like keys first). */
    keys(path) {
        const node = this.node(path);
        return (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(node) ? node.items.map((p) => keyText(p.key)) : [];
    }
    node(path) {
        let node = this.doc?.contents;
        for (const seg of path) {
            if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(node))
                node = node.items.find((p) => keyText(p.key) === String(seg))?.value;
            else if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isSeq */ .oP)(node) && typeof seg === 'number')
                node = node.items[seg];
            else
                return undefined;
        }
        return node;
    }
    at(path) {
        const p = (0,_util_json_document_js__WEBPACK_IMPORTED_MODULE_1__/* .formatPath */ .j)(path);
        return { file: this.file, ...(p ? { path: p } : {}), ...this.locate(path) };
    }
    problem(path, message) {
        return { ...this.at(path), message };
    }
    error(path, message) {
        this.problems.push(this.problem(path, message));
    }
    warn(path, message) {
        this.warnings.push(this.problem(path, message));
    }
}
function keyText(key) {
    return (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(key) ? String(key.value) : String(key);
}
function rangeStart(node) {
    const r = node?.range;
    return r ? r[0] : undefined;
}
function lowerFirst(s) {
    return /^[A-Z][a-z]/.test(s) ? s[0].toLowerCase() + s.slice(1) : s;
}


/***/ }),

/***/ 91568:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  G4X: () => (/* reexport */ RunsFailedError),
  M2L: () => (/* reexport */ secret_masker/* SecretMasker */.M),
  yot: () => (/* reexport */ errors/* UserError */.yo),
  Qlj: () => (/* reexport */ commentMarker),
  pd3: () => (/* reexport */ defaultBuildId),
  ggh: () => (/* reexport */ deploy),
  _3z: () => (/* reexport */ evaluate),
  y10: () => (/* reexport */ experiment),
  IwH: () => (/* reexport */ integrationTestHook),
  iU5: () => (/* reexport */ errors/* isUserError */.iU),
  _Nf: () => (/* reexport */ server_process/* maybeRunEndpointServer */._N),
  dmy: () => (/* reexport */ monitor),
  ZM7: () => (/* reexport */ monitorFailure),
  ptB: () => (/* reexport */ promote),
  kz9: () => (/* reexport */ register),
  HKA: () => (/* reexport */ renderCommentMarkdown),
  dU9: () => (/* reexport */ rollback),
  JFH: () => (/* reexport */ endpoints/* setEndpointServerEntry */.JF),
  KHr: () => (/* reexport */ smokeTest)
});

// UNUSED EXPORTS: ALWAYS_IGNORED, AzureRunBackend, CHAT_ROLES, CLAMP_CHARS, COMMENT_LIMIT, CONFIG_FILE, DAG_FILES, DEFAULT_AZURE_API_VERSION, DEFAULT_COMPARE_LINES, DEFAULT_CONCURRENCY, DEFAULT_DOWNLOADS_DIR, DEFAULT_EVALUATION_MANIFEST, DEFAULT_HISTORY_DIR, DEFAULT_HISTORY_LIMIT, DEFAULT_LINE_CONCURRENCY, DEFAULT_LINE_TIMEOUT_MS, DEFAULT_LIVENESS_PROBE, DEFAULT_LLM_CONCURRENCY, DEFAULT_LLM_RETRY, DEFAULT_LLM_TIMEOUT_MS, DEFAULT_OPENAI_API_BASE, DEFAULT_READINESS_PROBE, DEFAULT_REQUEST_LOG_FILES, DEFAULT_REQUEST_LOG_MAX_BYTES, DEFAULT_REQUEST_SETTINGS, DEFAULT_RUNS_DIR, DEFAULT_RUN_MANIFEST, DEFAULT_SHARED_GLOBS, DEFAULT_SMOKE_RETRY, DEPLOYMENT_HEADER, ENDPOINTS_DIR, ENDPOINT_FILE, ENDPOINT_SERVER_FLAG, EVALUATOR_KINDS, FLEX_FILES, FLOW_KINDS, HASH_TAG, IGNORE_FILES, LEGACY_BACKUP, LEGACY_FILES, LOCK_DIR, LineInputError, LineNumberCursor, LlmClient, LlmRequestError, LocalEndpoints, LocalRegistry, LocalRunBackend, MANIFEST_VERSION, MASK, MOCK_CONNECTION_JSON, MemoryReporter, Pfazure, PythonWorkerError, PythonWorkerPool, REGISTRY_DIR, RELEASED_TAG, REPORT_FILE_NAMES, REQUEST_LOG_FILE, RUN_FILES, RequestLog, SERVER_FILE, SERVER_LOG, SPEC_TAG, Semaphore, TERMINAL_STATUSES, ToolError, UsageTally, WarnOnceReporter, WeightedPicker, appendHistory, applyMapping, barChartSvg, bestVariant, buildComparisons, cellText, changedUseCases, checkDeploymentInput, checkGateMetrics, checkLegacyFile, checkMappingColumns, checkResponse, checkScoring, checkVariantSelection, cloudRunError, coerceLlmParameters, compileColumnMapping, compileGlobs, compileTemplate, connectionArg, connectionSecrets, createExecutor, createLocalTarget, createTarget, csvField, csvRecord, declaredOutputs, deploymentViews, describeDeployments, describeLineError, detailsTable, directionFromName, effectiveDeployment, effectiveGates, endpointDir, endpointSecretsFile, endpointsRoot, environmentSecrets, evaluateGates, evaluationFailure, execFile, experimentSummary, findOnPath, flowConnectionNames, flowInputNames, flowModelName, flowSnapshot, formatCost, formatDelta, formatNumber, formatProblem, formatTraffic, generateRunName, globToRegExp, groupRows, hashFile, historyEntry, historyFile, initUseCase, integrationTest, isAlive, isIgnored, isMockConnectionText, isReference, isValidEndpointName, lineColumns, listEndpointNames, listLocalEndpoints, listRuns, liveDeployment, llmParameterNames, llmopsConfigSchema, loadFlow, loadUseCase, mapConcurrent, mdText, metricDirection, metricsCsv, migrateUseCase, mockConnectionNames, mockReply, mockWarning, modelConfigArg, newKey, nodeDependencies, normalizeRepoPath, openStage, outputLayout, parseChatMessages, parseConnection, parseDotenv, parseGatesInput, parseIgnore, parsePfJson, parseReference, parseValue, parseVariantOption, percentile, planEnvironment, planPromote, planRelease, planRollback, pollUntil, preflight, priceOf, promptflowModelMetadata, pyJson, readBaseline, readDotenv, readDownloadedRun, readEndpointFile, readEndpointSecrets, readHistory, readJsonlRows, readLines, readRequestLog, readRunManifest, readRunRecord, readSampleRequest, readServerInfo, readUseCaseConfig, redact, releaseReport, releaseTable, removeEndpointSecrets, renderHtml, renderHtmlReport, renderSummaryMarkdown, renderTemplate, requestLogLine, requiredInputs, resolveConnection, resolveFieldPath, resolveFlowFile, resolveNode, resolvePfazure, resolveTargetKind, runBulk, runCreateArgs, runDir, runDownloadArgs, runEndpointServerProcess, runExists, runListArgs, runName, runShowArgs, runShowMetricsArgs, runsRoot, scanJsonl, sentText, shortName, showDetails, showMetrics, showRun, slug, smokeSummary, sparklineSvg, sparklineText, specHash, splitLlmNodeInputs, startEndpointServer, staticLoggedMetrics, stopLocalEndpoint, testFlow, throwIfProblems, toCurrentForm, topologicalOrder, trendSeries, tryParseReference, updateEndpointSecrets, useCaseDirsOf, usesChatRoles, validateUseCase, variantCombinations, variantLabel, variantNodes, variantUsage, withMockConnections, workspaceArgs, writeEndpointFile, writeLinesCsv, writeReports

// EXTERNAL MODULE: ./packages/core/dist/errors.js
var errors = __webpack_require__(71403);
// EXTERNAL MODULE: ./packages/core/dist/util/secret-masker.js
var secret_masker = __webpack_require__(6335);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./packages/core/dist/util/did-you-mean.js
var did_you_mean = __webpack_require__(33188);
;// CONCATENATED MODULE: ./packages/core/dist/util/env-vars.js
/** `${NAME}` or `${NAME:-default}`; names have no dots, so `${data.x}` and `${run.outputs.y}` are left alone. */
const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;
/** Fills `${NAME}` in every string of a JSON value from `env`, recording variables that are unset. */
function substituteEnv(value, env, path = []) {
    const missing = [];
    const walk = (v, at) => {
        if (typeof v === 'string')
            return v.replace(VARIABLE, (whole, name, fallback) => {
                const found = env[name];
                if (found !== undefined && found !== '')
                    return found;
                if (fallback !== undefined)
                    return fallback;
                missing.push({ name, path: at });
                return whole;
            });
        if (Array.isArray(v))
            return v.map((x, i) => walk(x, [...at, i]));
        if (v && typeof v === 'object')
            return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, [...at, k])]));
        return v;
    };
    return { value: walk(value, path), missing };
}

// EXTERNAL MODULE: ./packages/core/dist/util/json-document.js
var json_document = __webpack_require__(83151);
// EXTERNAL MODULE: ./packages/core/node_modules/ajv/dist/ajv.js
var ajv = __webpack_require__(1169);
// EXTERNAL MODULE: ./packages/core/dist/util/describe.js
var describe = __webpack_require__(4894);
;// CONCATENATED MODULE: ./packages/core/dist/util/schema-check.js



const Ajv = ajv["default"];
/** Compiles a JSON Schema into a checker that returns our Problems (file, path, line, expected/found). */
function schemaChecker(schema) {
    // Compiled on first use: compiling costs tens of ms, and an action's start-up should not pay for
    // schemas it never needs (the legacy ones, in most repositories).
    let compiled;
    return (doc) => {
        const validate = (compiled ??= new Ajv({ allErrors: true, verbose: true, strict: false }).compile(schema));
        if (validate(doc.value))
            return [];
        const seen = new Set();
        const problems = [];
        for (const err of validate.errors ?? []) {
            const { path, message } = explain(err);
            if (message === undefined)
                continue;
            const p = doc.problem(path, message);
            const key = `${p.path}|${p.message}`;
            if (!seen.has(key)) {
                seen.add(key);
                problems.push(p);
            }
        }
        return problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    };
}
function pointerToPath(pointer) {
    if (!pointer)
        return [];
    return pointer
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
        .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}
const article = (t) => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`);
function explain(err) {
    const path = pointerToPath(err.instancePath);
    const schema = (err.parentSchema ?? {});
    const p = err.params;
    switch (err.keyword) {
        case 'type':
            return { path, message: `expected ${article(String(p.type))}, found ${(0,describe/* describe */.q)(err.data)}` };
        case 'required':
            return { path, message: `missing required key "${p.missingProperty}"` };
        case 'additionalProperties': {
            const key = String(p.additionalProperty);
            const known = Object.keys(schema.properties ?? {});
            return { path: [...path, key], message: `unknown key "${key}"${(0,did_you_mean/* didYouMean */.a)(key, known)}` };
        }
        case 'enum': {
            const allowed = p.allowedValues.map((v) => JSON.stringify(v));
            const hint = typeof err.data === 'string' ? (0,did_you_mean/* didYouMean */.a)(err.data, p.allowedValues) : '';
            return { path, message: `expected one of ${allowed.join(', ')}, found ${(0,describe/* describe */.q)(err.data)}${hint}` };
        }
        case 'minimum':
        case 'maximum': {
            const kind = schema.type === 'integer' ? 'an integer' : 'a number';
            const range = schema.minimum !== undefined && schema.maximum !== undefined
                ? `from ${schema.minimum} to ${schema.maximum}`
                : schema.minimum !== undefined
                    ? `of at least ${schema.minimum}`
                    : `of at most ${schema.maximum}`;
            return { path, message: `expected ${kind} ${range}, found ${(0,describe/* describe */.q)(err.data)}` };
        }
        case 'minLength':
            return { path, message: `expected a non-empty string, found ${(0,describe/* describe */.q)(err.data)}` };
        case 'minItems':
            return { path, message: `expected at least ${p.limit} item${p.limit === 1 ? '' : 's'}, found none` };
        case 'minProperties':
            return { path, message: `expected at least ${p.limit} entr${p.limit === 1 ? 'y' : 'ies'}, found none` };
        case 'uniqueItems': {
            const later = Math.max(p.i, p.j);
            return {
                path: [...path, later],
                message: `${(0,describe/* describe */.q)(err.data[later])} is listed twice`
            };
        }
        default:
            return { path, message: err.message };
    }
}

// EXTERNAL MODULE: ./packages/core/dist/util/paths.js
var paths = __webpack_require__(55103);
;// CONCATENATED MODULE: ./packages/core/dist/config/monitor-checks.js


const DATA_MAPPING = /^\$\{data\.[^}]+\}$/;
/**
 * An environment's monitor section: where production lines come from (its datasets, or the request
 * log of its deployment, not both) and evaluation flows that read only `${data.<column>}`.
 */
function checkMonitor(config, envName, locate, checkPath) {
    const problems = [];
    const add = (at, message) => problems.push({ ...locate(at), message });
    const env = config.environments[envName];
    const monitor = env.monitor;
    const at = ['environments', envName, 'monitor'];
    const names = Object.keys(config.datasets);
    if (!!monitor.datasets === !!monitor.requestLog)
        add(at, 'expected exactly one source of production lines: "datasets" (files or registered data) or "requestLog": true (the deployment\'s request log)');
    if (monitor.requestLog && !env.deployment)
        add([...at, 'requestLog'], 'the request log is the deployment\'s: this environment has no "deployment"');
    monitor.datasets?.forEach((name, j) => {
        if (!config.datasets[name])
            add([...at, 'datasets', j], `unknown dataset "${name}"${(0,did_you_mean/* didYouMean */.a)(name, names)}`);
    });
    const seen = new Set();
    monitor.evaluators.forEach((e, i) => {
        const eat = [...at, 'evaluators', i];
        if (seen.has(e.name))
            add([...eat, 'name'], `evaluator "${e.name}" is defined twice`);
        seen.add(e.name);
        checkPath([...eat, 'flow'], e.flow, 'flow');
        for (const [input, value] of Object.entries(e.mappings))
            if (value.includes('${') && !DATA_MAPPING.test(value))
                add([...eat, 'mappings', input], `expected \${data.<column>} (a monitor evaluates production lines, there is no run to join), found ${(0,describe/* describe */.q)(value)}`);
        for (const [metric, gate] of Object.entries(e.gates))
            if (gate.min !== undefined && gate.max !== undefined && gate.min > gate.max)
                add([...eat, 'gates', metric], `expected min ≤ max, found min ${gate.min} > max ${gate.max}`);
    });
    return problems;
}

;// CONCATENATED MODULE: ./packages/core/dist/config/checks.js








const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/;
// Azure ML online endpoint and deployment names: 3–32 characters, a letter first, letters, digits and '-'.
const ENDPOINT_NAME = /^[A-Za-z][A-Za-z0-9-]{1,30}[A-Za-z0-9]$/;
const checks_DATA_MAPPING = /^\$\{data\.[^}]+\}$/;
const EVAL_MAPPING = /^\$\{(data|run\.outputs|run\.inputs)\.[^}]+\}$/;
/**
 * Checks what a JSON Schema cannot: names, references between sections, paths that must stay
 * inside the use-case folder and exist, and rules that depend on the backend or target.
 */
function checkUseCase(config, dir, locate) {
    const problems = [];
    const add = (at, message) => problems.push({ ...locate(at), message });
    const datasetNames = Object.keys(config.datasets);
    const checkPath = (at, rel, kind) => {
        const abs = (0,paths/* resolveInside */.L)(dir, rel);
        if (!abs) {
            add(at, `expected a path inside the use-case folder, found ${(0,describe/* describe */.q)(rel)}`);
            return undefined;
        }
        const isDir = (0,external_node_fs_.existsSync)(abs) && (0,external_node_fs_.statSync)(abs).isDirectory();
        if (!(0,external_node_fs_.existsSync)(abs) || (kind === 'file' && isDir) || (kind !== 'file' && !isDir)) {
            add(at, `${kind === 'file' ? 'file' : 'folder'} "${rel}" not found in the use-case folder`);
            return undefined;
        }
        if (kind === 'flow' &&
            !['flow.dag.yaml', 'flow.dag.yml', 'flow.flex.yaml'].some((f) => (0,external_node_fs_.existsSync)(external_node_path_.join(abs, f))))
            add(at, `expected a flow folder (with flow.dag.yaml or flow.flex.yaml), found none in "${rel}"`);
        return abs;
    };
    const checkMappings = (at, mappings, allowed, expected) => {
        for (const [input, value] of Object.entries(mappings))
            if (value.includes('${') && !allowed.test(value))
                add([...at, input], `expected ${expected}, found ${(0,describe/* describe */.q)(value)}`);
    };
    if (!NAME.test(config.name))
        add(['name'], `expected letters, digits, '-', '_' or '.', found ${(0,describe/* describe */.q)(config.name)}`);
    checkPath(['flow'], config.flow, 'flow');
    for (const [name, d] of Object.entries(config.datasets)) {
        if (!NAME.test(name))
            add(['datasets', name], `expected a dataset name of letters, digits, '-', '_' or '.', found ${(0,describe/* describe */.q)(name)}`);
        checkPath(['datasets', name, 'source'], d.source, 'file');
        checkMappings(['datasets', name, 'mappings'], d.mappings, checks_DATA_MAPPING, '${data.<column>}');
        if (d.reference === undefined)
            continue;
        const target = config.datasets[d.reference];
        if (!target)
            add(['datasets', name, 'reference'], `unknown dataset "${d.reference}"${(0,did_you_mean/* didYouMean */.a)(d.reference, datasetNames)}`);
        else if (d.reference === name)
            add(['datasets', name, 'reference'], 'a dataset cannot reference itself');
        else if (target.reference !== undefined)
            add(['datasets', name, 'reference'], `expected an experiment dataset, found evaluation dataset "${d.reference}"`);
    }
    const evaluatorNames = new Set();
    config.evaluators.forEach((e, i) => {
        if (evaluatorNames.has(e.name))
            add(['evaluators', i, 'name'], `evaluator "${e.name}" is defined twice`);
        evaluatorNames.add(e.name);
        checkPath(['evaluators', i, 'flow'], e.flow, 'flow');
        checkMappings(['evaluators', i, 'mappings'], e.mappings, EVAL_MAPPING, '${data.<column>}, ${run.outputs.<output>} or ${run.inputs.<input>}');
        e.datasets?.forEach((name, j) => {
            const d = config.datasets[name];
            if (!d)
                add(['evaluators', i, 'datasets', j], `unknown dataset "${name}"${(0,did_you_mean/* didYouMean */.a)(name, datasetNames)}`);
            else if (d.reference === undefined)
                add(['evaluators', i, 'datasets', j], `expected an evaluation dataset (one with "reference"), found experiment dataset "${name}"`);
        });
        for (const [metric, gate] of Object.entries(e.gates))
            if (gate.min !== undefined && gate.max !== undefined && gate.min > gate.max)
                add(['evaluators', i, 'gates', metric], `expected min ≤ max, found min ${gate.min} > max ${gate.max}`);
    });
    for (const [envName, env] of Object.entries(config.environments)) {
        const at = ['environments', envName];
        if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(envName))
            add(at, `expected an environment name of letters, digits, '-' or '_', found ${(0,describe/* describe */.q)(envName)}`);
        env.datasets.forEach((name, j) => {
            const d = config.datasets[name];
            if (!d)
                return add([...at, 'datasets', j], `unknown dataset "${name}"${(0,did_you_mean/* didYouMean */.a)(name, datasetNames)}`);
            if (d.reference !== undefined && config.datasets[d.reference] && !env.datasets.includes(d.reference))
                add([...at, 'datasets', j], `evaluation dataset "${name}" references "${d.reference}", which this environment does not list`);
        });
        if (env.datasets.every((name) => config.datasets[name]?.reference !== undefined))
            add([...at, 'datasets'], 'expected at least one experiment dataset (one without "reference"), found none');
        if (env.backend === 'azure' && !env.azure)
            add([...at, 'backend'], 'backend "azure" needs an "azure" section with resourceGroup and workspace');
        if (env.flow !== undefined)
            checkPath([...at, 'flow'], env.flow, 'flow');
        const evaluatorList = config.evaluators.map((e) => e.name);
        env.evaluators?.forEach((name, j) => {
            if (!evaluatorList.includes(name))
                add([...at, 'evaluators', j], `unknown evaluator "${name}"${(0,did_you_mean/* didYouMean */.a)(name, evaluatorList)}`);
        });
        if (env.monitor)
            problems.push(...checkMonitor(config, envName, locate, checkPath));
        env.integrationTest?.datasets?.forEach((name, j) => {
            if (config.datasets[name]?.reference === undefined || !env.datasets.includes(name))
                add([...at, 'integrationTest', 'datasets', j], `expected an evaluation dataset of this environment (${env.datasets.filter((d) => config.datasets[d]?.reference !== undefined).join(', ') || 'none'}), found "${name}"`);
        });
        const deployments = [env.deployment, ...(env.alternateDeployments ?? [])];
        deployments.forEach((dep, k) => {
            if (!dep)
                return;
            const dat = k === 0 ? [...at, 'deployment'] : [...at, 'alternateDeployments', k - 1];
            if (deployments.slice(0, k).some((other) => other?.target === dep.target))
                add([...dat, 'target'], `expected one deployment per target, found a second "${dep.target}" deployment`);
            checkDeployment(dep, dat, env);
        });
    }
    return problems;
    function checkDeployment(dep, dat, env) {
        // A blank endpoint name is a block not filled in yet: the deploy stage refuses it, validate warns.
        if (dep.endpoint !== '' && !ENDPOINT_NAME.test(dep.endpoint))
            add([...dat, 'endpoint'], `expected 3–32 letters, digits or '-', starting with a letter, found ${(0,describe/* describe */.q)(dep.endpoint)}`);
        for (const key of ['deployment', 'previous']) {
            const value = dep[key];
            if (value !== undefined && value !== '' && !ENDPOINT_NAME.test(value))
                add([...dat, key], `expected 3–32 letters, digits or '-', starting with a letter, found ${(0,describe/* describe */.q)(value)}`);
        }
        if (dep.previous === dep.deployment)
            add([...dat, 'previous'], `expected a deployment other than "${dep.deployment}", found the same name`);
        if (dep.previous === undefined && dep.traffic !== 100)
            add([...dat, 'traffic'], `traffic ${dep.traffic} leaves ${100 - dep.traffic}% to no deployment: set "previous" or make it 100`);
        if (dep.target === 'managed' && !dep.instanceType && dep.endpoint !== '')
            add(dat, 'a managed deployment needs "instanceType" (e.g. "Standard_DS3_v2")');
        if (dep.target === 'kubernetes' && !dep.compute && dep.endpoint !== '')
            add(dat, 'a kubernetes deployment needs "compute" (the attached Kubernetes compute name)');
        if (dep.target !== 'local' && !env.azure && env.backend !== 'azure')
            add([...dat, 'target'], `target "${dep.target}" deploys to Azure ML and needs an "azure" section in this environment`);
        const sample = checkPath([...dat, 'sampleRequest'], dep.sampleRequest, 'file');
        if (sample) {
            try {
                const body = json_document/* JsonDocument */.q.parse(dep.sampleRequest, (0,external_node_fs_.readFileSync)(sample, 'utf8')).value;
                if (!body || typeof body !== 'object' || Array.isArray(body))
                    add([...dat, 'sampleRequest'], `expected a JSON object in "${dep.sampleRequest}", found ${(0,describe/* describe */.q)(body)}`);
            }
            catch (e) {
                if (!(e instanceof errors/* UserError */.yo))
                    throw e;
                const { line, column, message } = e.problems[0];
                add([...dat, 'sampleRequest'], `expected a JSON object in "${dep.sampleRequest}", found ${message} at ${line}:${column}`);
            }
        }
    }
}

;// CONCATENATED MODULE: ./packages/core/dist/config/legacy-schema.js
// JSON Schemas of the Python GenAIOps template's config files, so that the legacy layout gets the
// same precise messages (unknown key with a suggestion, wrong type) as the current one. The keys are
// every key the template's published use-case folders carried on its main branch, in every version
// (microsoft/llmops-promptflow-template); keys it never had stay errors.
const numberLike = { type: ['number', 'string'] };
const str = { type: 'string' };
const stringMap = { type: 'object', additionalProperties: { type: 'string' } };
const legacyConfigSchema = {
    type: 'object',
    additionalProperties: false,
    required: ['envs'],
    properties: {
        $schema: str,
        envs: {
            type: 'array',
            minItems: 1,
            items: {
                type: 'object',
                additionalProperties: false,
                required: ['ENV_NAME', 'STANDARD_FLOW_PATH'],
                properties: {
                    ENV_NAME: { type: 'string', minLength: 1 },
                    RESOURCE_GROUP_NAME: str,
                    WORKSPACE_NAME: str,
                    RUNTIME_NAME: str,
                    KEYVAULT_NAME: str,
                    STANDARD_FLOW_PATH: { type: 'string', minLength: 1 },
                    EVALUATION_FLOW_PATH: str
                }
            }
        }
    }
};
const legacyDataSchema = {
    type: 'object',
    additionalProperties: false,
    required: ['datasets'],
    properties: {
        datasets: {
            type: 'array',
            items: {
                type: 'object',
                additionalProperties: false,
                required: ['ENV_NAME', 'DATA_PURPOSE', 'DATA_PATH', 'DATASET_NAME'],
                properties: {
                    // read by neither the template nor genaiops: the use-case (folder) name, the pipeline's service connection
                    PROMPT_FLOW_CONFIG_NAME: str,
                    AZURE_RM_SVC_CONNECTION: str,
                    ENV_NAME: str,
                    // "pr": an early spelling of pr_data in the template's history
                    DATA_PURPOSE: {
                        enum: ['pr_data', 'pr', 'training_data', 'test_data', 'post_production_eval_data']
                    },
                    DATA_PATH: { type: 'string', minLength: 1 },
                    DATASET_NAME: { type: 'string', minLength: 1 },
                    RELATED_EXP_DATASET: str,
                    DATASET_DESC: str
                }
            }
        }
    }
};
const legacyMappingSchema = {
    type: 'object',
    additionalProperties: false,
    properties: {
        experiment: stringMap,
        evaluation: { type: 'object', additionalProperties: stringMap }
    }
};
const endpointProperties = {
    PROMPT_FLOW_CONFIG_NAME: str,
    AZURE_RM_SVC_CONNECTION: str,
    ENV_NAME: str,
    TEST_FILE_PATH: str,
    ENDPOINT_NAME: str,
    ENDPOINT_DESC: str,
    DEPLOYMENT_DESC: str,
    PRIOR_DEPLOYMENT_NAME: str,
    PRIOR_DEPLOYMENT_TRAFFIC_ALLOCATION: numberLike,
    CURRENT_DEPLOYMENT_NAME: str,
    CURRENT_DEPLOYMENT_TRAFFIC_ALLOCATION: numberLike,
    DEPLOYMENT_VM_SIZE: str,
    DEPLOYMENT_INSTANCE_COUNT: numberLike,
    ENVIRONMENT_VARIABLES: stringMap,
    PUBLIC_ACCESS: { type: ['boolean', 'string'] },
    DEPLOYMENT_CONDA_PATH: str,
    DEPLOYMENT_BASE_IMAGE_NAME: str
};
const endpointList = (extra) => ({
    type: 'array',
    items: {
        type: 'object',
        additionalProperties: false,
        required: ['ENV_NAME', 'ENDPOINT_NAME', 'CURRENT_DEPLOYMENT_NAME'],
        properties: { ...endpointProperties, ...extra }
    }
});
const legacyDeploymentSchema = {
    type: 'object',
    additionalProperties: false,
    properties: {
        azure_managed_endpoint: endpointList({}),
        kubernetes_endpoint: endpointList({ COMPUTE_NAME: str, CPU_ALLOCATION: str, MEMORY_ALLOCATION: str }),
        webapp_endpoint: {
            type: 'array',
            items: {
                type: 'object',
                additionalProperties: false,
                required: ['ENV_NAME'],
                properties: {
                    ENV_NAME: str,
                    TEST_FILE_PATH: str,
                    CONNECTION_NAMES: { type: 'array', items: str },
                    REGISTRY_NAME: str,
                    REGISTRY_RG_NAME: str,
                    APP_PLAN_NAME: str,
                    WEB_APP_NAME: str,
                    WEB_APP_RG_NAME: str,
                    WEB_APP_SKU: str,
                    USER_MANAGED_ID: str
                }
            }
        }
    }
};

;// CONCATENATED MODULE: ./packages/core/dist/config/legacy.js







const evaluationFlowPaths = (e) => (e.EVALUATION_FLOW_PATH ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
function isLegacyConfig(value) {
    return !!value && typeof value === 'object' && 'envs' in value && !('environments' in value);
}
const checkers = {
    config: schemaChecker(legacyConfigSchema),
    data: schemaChecker(legacyDataSchema),
    mapping: schemaChecker(legacyMappingSchema),
    deployment: schemaChecker(legacyDeploymentSchema)
};
/** The template's file a legacy config file is, by its name. */
const LEGACY_FILES = {
    'llmops_config.json': 'config',
    'data_config.json': 'data',
    'mapping_config.json': 'mapping',
    'deployment_config.json': 'deployment'
};
/** Checks one file of the legacy layout against the keys and types the template's files have. */
function checkLegacyFile(doc, kind) {
    return checkers[kind](doc);
}
/** Reads the legacy layout into the raw current-form shape, remembering where each value came from. */
function readLegacyUseCase(root, configDoc, display) {
    const origins = new Map();
    const from = (model, doc, at) => origins.set((0,json_document/* formatPath */.j)(model) ?? '', { doc, at });
    const locate = (model) => {
        for (let n = model.length; n >= 0; n--) {
            const o = origins.get((0,json_document/* formatPath */.j)(model.slice(0, n)) ?? '');
            if (o)
                return { file: o.doc.file, path: (0,json_document/* formatPath */.j)(o.at), ...o.doc.locate(o.at) };
        }
        return { file: configDoc.file };
    };
    const optionalDoc = (name, check) => {
        const file = external_node_path_.join(root, 'configs', name);
        if (!(0,external_node_fs_.existsSync)(file))
            return undefined;
        const doc = json_document/* JsonDocument */.q.read(file, display(file));
        (0,errors/* throwIfProblems */.W8)(check(doc));
        return doc;
    };
    (0,errors/* throwIfProblems */.W8)(checkers.config(configDoc));
    const dataDoc = optionalDoc('data_config.json', checkers.data);
    const mappingDoc = optionalDoc('mapping_config.json', checkers.mapping);
    const deploymentDoc = optionalDoc('deployment_config.json', checkers.deployment);
    const problems = [];
    const envs = configDoc.value.envs;
    // The use-case's flow is the first env's; an env with another STANDARD_FLOW_PATH (the template's
    // postprodeval env runs its post-production evaluation flow) keeps its own.
    const flow = envs[0].STANDARD_FLOW_PATH;
    from(['flow'], configDoc, ['envs', 0, 'STANDARD_FLOW_PATH']);
    const mapping = (mappingDoc?.value ?? {});
    const evaluators = [];
    envs.forEach((e, i) => evaluationFlowPaths(e).forEach((flowPath) => {
        if (evaluators.some((x) => x.flow === flowPath))
            return;
        const name = external_node_path_.posix.basename(flowPath);
        const idx = evaluators.length;
        from(['evaluators', idx], configDoc, ['envs', i, 'EVALUATION_FLOW_PATH']);
        if (mapping.evaluation?.[name])
            from(['evaluators', idx, 'mappings'], mappingDoc, ['evaluation', name]);
        evaluators.push({ name, flow: flowPath, mappings: mapping.evaluation?.[name] ?? {}, gates: {} });
    }));
    const datasets = {};
    const envDatasets = new Map();
    const envProductionLogs = new Map();
    (dataDoc?.value?.datasets ?? []).forEach((d, i) => {
        const name = d.DATASET_NAME;
        const reference = d.DATA_PURPOSE === 'test_data' && d.RELATED_EXP_DATASET ? d.RELATED_EXP_DATASET : undefined;
        const dataset = {
            source: d.DATA_PATH,
            description: d.DATASET_DESC || undefined,
            mappings: reference === undefined ? (mapping.experiment ?? {}) : {},
            reference
        };
        const seen = datasets[name];
        if (seen && (seen.source !== dataset.source || seen.reference !== dataset.reference))
            problems.push(dataDoc.problem(['datasets', i, 'DATASET_NAME'], `dataset "${name}" is defined twice with different paths or references`));
        if (!seen) {
            datasets[name] = dataset;
            from(['datasets', name], dataDoc, ['datasets', i]);
            from(['datasets', name, 'source'], dataDoc, ['datasets', i, 'DATA_PATH']);
            from(['datasets', name, 'reference'], dataDoc, ['datasets', i, 'RELATED_EXP_DATASET']);
            if (reference === undefined && mapping.experiment)
                from(['datasets', name, 'mappings'], mappingDoc, ['experiment']);
        }
        const list = envDatasets.get(d.ENV_NAME) ?? [];
        if (!list.includes(name))
            list.push(name);
        envDatasets.set(d.ENV_NAME, list);
        if (d.DATA_PURPOSE === 'post_production_eval_data') {
            const logs = envProductionLogs.get(d.ENV_NAME) ?? [];
            if (!logs.includes(name))
                logs.push(name);
            envProductionLogs.set(d.ENV_NAME, logs);
        }
        from(['environments', d.ENV_NAME, 'datasets', list.indexOf(name)], dataDoc, ['datasets', i]);
    });
    const endpoints = (deploymentDoc?.value ?? {});
    const webApps = deploymentDoc?.value?.webapp_endpoint;
    const environments = {};
    envs.forEach((e, i) => {
        const at = ['envs', i];
        const envAt = ['environments', e.ENV_NAME];
        from(envAt, configDoc, at);
        from([...envAt, 'azure'], configDoc, at);
        from([...envAt, 'azure', 'resourceGroup'], configDoc, [...at, 'RESOURCE_GROUP_NAME']);
        from([...envAt, 'azure', 'workspace'], configDoc, [...at, 'WORKSPACE_NAME']);
        // Blank names are the template's "fill in" fields: kept blank, they validate (with a warning)
        // and fail only where Azure needs them.
        const env = {
            backend: 'azure',
            datasets: envDatasets.get(e.ENV_NAME) ?? [],
            azure: {
                resourceGroup: e.RESOURCE_GROUP_NAME ?? '',
                workspace: e.WORKSPACE_NAME ?? '',
                runtime: e.RUNTIME_NAME || undefined,
                keyVault: e.KEYVAULT_NAME || undefined
            },
            environmentVariables: {}
        };
        if (e.STANDARD_FLOW_PATH !== flow) {
            env.flow = e.STANDARD_FLOW_PATH;
            from([...envAt, 'flow'], configDoc, [...at, 'STANDARD_FLOW_PATH']);
        }
        const own = evaluationFlowPaths(e);
        if (own.length !== evaluators.length) {
            env.evaluators = evaluators.filter((x) => own.includes(x.flow)).map((x) => x.name);
            from([...envAt, 'evaluators'], configDoc, [...at, 'EVALUATION_FLOW_PATH']);
        }
        const logs = envProductionLogs.get(e.ENV_NAME);
        if (logs) {
            // The template's post-production evaluation: the env's flow over its post_production_eval_data,
            // with the experiment mapping (llmops/common/prompt_pipeline.py with --data_purpose).
            const flowPath = env.flow ?? flow;
            env.monitor = {
                datasets: logs,
                evaluators: [
                    {
                        name: external_node_path_.posix.basename(flowPath),
                        flow: flowPath,
                        mappings: mapping.experiment ?? {},
                        gates: {}
                    }
                ]
            };
            from([...envAt, 'monitor'], configDoc, [...at, 'STANDARD_FLOW_PATH']);
            if (mapping.experiment)
                from([...envAt, 'monitor', 'evaluators', 0, 'mappings'], mappingDoc, ['experiment']);
        }
        if (!envDatasets.has(e.ENV_NAME))
            from([...envAt, 'datasets'], dataDoc ?? configDoc, dataDoc ? ['datasets'] : at);
        const blocks = [];
        for (const [list, target] of [
            ['azure_managed_endpoint', 'managed'],
            ['kubernetes_endpoint', 'kubernetes']
        ]) {
            const j = (endpoints[list] ?? []).findIndex((x) => x.ENV_NAME === e.ENV_NAME);
            if (j < 0)
                continue;
            const dep = blocks.length
                ? [...envAt, 'alternateDeployments', blocks.length - 1]
                : [...envAt, 'deployment'];
            blocks.push(readEndpoint(endpoints[list][j], target, [list, j], dep));
        }
        if (blocks.length)
            env.deployment = blocks[0];
        if (blocks.length > 1)
            env.alternateDeployments = blocks.slice(1);
        const w = (webApps ?? []).findIndex((x) => x.ENV_NAME === e.ENV_NAME);
        if (w >= 0) {
            const { ENV_NAME: _env, ...webApp } = webApps[w];
            env.webApp = webApp;
            from([...envAt, 'webApp'], deploymentDoc, ['webapp_endpoint', w]);
        }
        environments[e.ENV_NAME] = env;
    });
    (0,errors/* throwIfProblems */.W8)(problems);
    function readEndpoint(ep, target, epAt, dep) {
        from(dep, deploymentDoc, epAt);
        for (const [field, key] of [
            ['traffic', 'CURRENT_DEPLOYMENT_TRAFFIC_ALLOCATION'],
            ['instanceCount', 'DEPLOYMENT_INSTANCE_COUNT'],
            ['sampleRequest', 'TEST_FILE_PATH'],
            ['endpoint', 'ENDPOINT_NAME'],
            ['deployment', 'CURRENT_DEPLOYMENT_NAME'],
            ['previous', 'PRIOR_DEPLOYMENT_NAME'],
            ['compute', 'COMPUTE_NAME'],
            ['instanceType', 'DEPLOYMENT_VM_SIZE']
        ])
            from([...dep, field], deploymentDoc, [...epAt, key]);
        const num = (key, fallback) => {
            const v = ep[key];
            if (v === undefined || v === '')
                return fallback;
            const n = typeof v === 'number' ? v : Number(v);
            if (!Number.isInteger(n)) {
                problems.push(deploymentDoc.problem([...epAt, key], `expected a whole number (or a numeric string), found ${(0,describe/* describe */.q)(v)}`));
                return fallback;
            }
            return n;
        };
        const text = (key) => typeof ep[key] === 'string' && ep[key] !== '' ? ep[key] : undefined;
        const deployment = {
            target,
            endpoint: text('ENDPOINT_NAME') ?? '',
            endpointDescription: text('ENDPOINT_DESC'),
            deployment: text('CURRENT_DEPLOYMENT_NAME') ?? '',
            description: text('DEPLOYMENT_DESC'),
            previous: text('PRIOR_DEPLOYMENT_NAME'),
            traffic: num('CURRENT_DEPLOYMENT_TRAFFIC_ALLOCATION', 100),
            keepPrevious: true, // the template has no such setting: keep, as it does
            instanceType: text('DEPLOYMENT_VM_SIZE'),
            instanceCount: num('DEPLOYMENT_INSTANCE_COUNT', 1),
            compute: text('COMPUTE_NAME'),
            cpu: text('CPU_ALLOCATION'),
            memory: text('MEMORY_ALLOCATION'),
            environmentVariables: ep.ENVIRONMENT_VARIABLES ?? {},
            sampleRequest: text('TEST_FILE_PATH') ?? 'sample-request.json'
        };
        if (deployment.traffic < 0 || deployment.traffic > 100)
            problems.push(deploymentDoc.problem([...epAt, 'CURRENT_DEPLOYMENT_TRAFFIC_ALLOCATION'], `expected a whole number from 0 to 100, found ${(0,describe/* describe */.q)(ep.CURRENT_DEPLOYMENT_TRAFFIC_ALLOCATION)}`));
        const prior = ep.PRIOR_DEPLOYMENT_TRAFFIC_ALLOCATION;
        if (deployment.previous &&
            prior !== undefined &&
            prior !== '' &&
            Number(prior) !== 100 - deployment.traffic)
            problems.push(deploymentDoc.problem([...epAt, 'PRIOR_DEPLOYMENT_TRAFFIC_ALLOCATION'], `expected ${100 - deployment.traffic} (100 − CURRENT_DEPLOYMENT_TRAFFIC_ALLOCATION), found ${(0,describe/* describe */.q)(prior)}`));
        return deployment;
    }
    const raw = {
        name: external_node_path_.basename(root),
        flow,
        variants: 'one-at-a-time',
        datasets,
        evaluators,
        environments
    };
    return { raw, locate };
}

;// CONCATENATED MODULE: ./packages/core/dist/config/normalize.js
const stripUndefined = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== ''));
/** Applies defaults so every consumer sees one shape, whichever layout the file had. */
function normalizeConfig(raw) {
    const datasets = {};
    for (const [name, d] of Object.entries(raw.datasets ?? {}))
        datasets[name] = stripUndefined({
            source: d.source,
            description: d.description,
            mappings: d.mappings ?? {},
            reference: d.reference,
            maxBadLines: d.maxBadLines
        });
    const environments = {};
    for (const [name, e] of Object.entries(raw.environments ?? {}))
        environments[name] = stripUndefined({
            backend: e.backend,
            flow: e.flow,
            datasets: e.datasets ?? [],
            evaluators: e.evaluators,
            // a blank resource group or workspace stays blank (not filled in yet) rather than absent
            azure: e.azure && {
                ...stripUndefined({ ...e.azure }),
                resourceGroup: e.azure.resourceGroup ?? '',
                workspace: e.azure.workspace ?? ''
            },
            environmentVariables: e.environmentVariables ?? {},
            connections: e.connections,
            deployment: e.deployment && normalizeDeployment(e.deployment),
            alternateDeployments: e.alternateDeployments?.map(normalizeDeployment),
            monitor: e.monitor && normalizeMonitor(e.monitor),
            integrationTest: e.integrationTest && stripUndefined({ ...e.integrationTest }),
            webApp: e.webApp
        });
    return stripUndefined({
        name: raw.name,
        description: raw.description,
        flow: raw.flow,
        variants: raw.variants ?? 'one-at-a-time',
        allowSymlinks: raw.allowSymlinks,
        requestTimeout: raw.requestTimeout,
        datasets,
        evaluators: (raw.evaluators ?? []).map(normalizeEvaluator),
        environments,
        pricing: raw.pricing && { currency: raw.pricing.currency ?? 'USD', models: raw.pricing.models ?? {} }
    });
}
function normalizeEvaluator(e) {
    return stripUndefined({
        name: e.name,
        flow: e.flow,
        datasets: e.datasets,
        mappings: e.mappings ?? {},
        gates: e.gates ?? {},
        higherIsBetter: e.higherIsBetter
    });
}
function normalizeMonitor(m) {
    return stripUndefined({
        datasets: m.datasets,
        requestLog: m.requestLog,
        windowHours: m.windowHours,
        evaluators: (m.evaluators ?? []).map(normalizeEvaluator),
        schedule: m.schedule
    });
}
function normalizeDeployment(d) {
    const out = stripUndefined({
        target: d.target,
        endpoint: d.endpoint,
        endpointDescription: d.endpointDescription,
        deployment: d.deployment,
        description: d.description,
        previous: d.previous,
        traffic: d.traffic ?? 100,
        keepPrevious: d.keepPrevious ?? true,
        instanceType: d.instanceType,
        instanceCount: d.instanceCount ?? 1,
        compute: d.compute,
        cpu: d.cpu,
        memory: d.memory,
        environmentVariables: d.environmentVariables ?? {},
        sampleRequest: d.sampleRequest,
        image: d.image,
        appInsights: d.appInsights,
        requestLog: d.requestLog && {
            enabled: d.requestLog.enabled ?? true,
            sampleRate: d.requestLog.sampleRate ?? 1
        }
    });
    // blank names are "not filled in yet" (the template ships them blank): kept, not dropped
    return { ...out, endpoint: d.endpoint ?? '', deployment: d.deployment ?? '' };
}

;// CONCATENATED MODULE: ./packages/core/dist/config/schema.js
// The JSON Schema of llmops_config.json. schemas/llmops_config.schema.json is written from this
// object by `npm run build` (scripts/write-schema.mjs); a test fails when the two drift.
const llmopsConfigSchema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/genaiops/genaiops-actions/schemas/llmops_config.schema.json',
    title: 'GenAIOps use-case configuration (llmops_config.json)',
    description: 'One file per use-case. Paths are relative to the use-case folder and may not leave it. ${NAME} and ${NAME:-default} in strings are filled from the environment.',
    type: 'object',
    additionalProperties: false,
    required: ['name', 'flow', 'datasets', 'environments'],
    properties: {
        $schema: { type: 'string', description: 'Path or URL of this schema, for editor autocomplete.' },
        name: {
            type: 'string',
            minLength: 1,
            description: "Use-case name; prefix of run names and the registered flow's model name."
        },
        description: { type: 'string', description: 'Free text shown in reports.' },
        flow: {
            type: 'string',
            minLength: 1,
            description: 'Folder of the standard flow (holds flow.dag.yaml or flow.flex.yaml).'
        },
        variants: {
            enum: ['one-at-a-time', 'all-combinations'],
            default: 'one-at-a-time',
            description: 'one-at-a-time: one run per variant of each node, other nodes on their default (the all-defaults run once). all-combinations: the cartesian product.'
        },
        allowSymlinks: {
            type: 'boolean',
            default: false,
            description: 'Follow symbolic links in the flow folder when hashing, registering and deploying it, as long as they stay inside the use-case folder (by default any link is refused).'
        },
        requestTimeout: {
            type: 'number',
            exclusiveMinimum: 0,
            default: 120,
            description: 'Local runs: seconds one model call attempt may take before it is abandoned and retried (the --request-timeout flag wins).'
        },
        datasets: {
            type: 'object',
            minProperties: 1,
            description: 'Datasets by name. Without `reference` a dataset feeds experiment runs; with `reference` it is an evaluation dataset joined line by line with the runs on the referenced dataset.',
            additionalProperties: { $ref: '#/definitions/dataset' }
        },
        evaluators: {
            type: 'array',
            description: 'Evaluation flows run against every experiment run whose dataset an evaluation dataset of the environment references.',
            items: { $ref: '#/definitions/evaluator' }
        },
        pricing: {
            type: 'object',
            additionalProperties: false,
            required: ['models'],
            description: 'Model prices for the reports\' estimated cost per variant, per 1M tokens. A call\'s model (as the service names it) takes the price of the same key, else of the longest key it starts with, else of "*".',
            properties: {
                currency: { type: 'string', minLength: 1, default: 'USD', description: 'Shown after every cost.' },
                models: {
                    type: 'object',
                    minProperties: 1,
                    additionalProperties: {
                        type: 'object',
                        additionalProperties: false,
                        required: ['input', 'output'],
                        properties: {
                            input: { type: 'number', minimum: 0, description: 'Price of 1M prompt tokens.' },
                            output: { type: 'number', minimum: 0, description: 'Price of 1M completion tokens.' }
                        }
                    }
                }
            }
        },
        environments: {
            type: 'object',
            minProperties: 1,
            description: 'Environments by name (pr, dev, prod…): which backend, which datasets, where to deploy.',
            additionalProperties: { $ref: '#/definitions/environment' }
        }
    },
    definitions: {
        stringMap: { type: 'object', additionalProperties: { type: 'string' } },
        dataset: {
            type: 'object',
            additionalProperties: false,
            required: ['source'],
            properties: {
                source: { type: 'string', minLength: 1, description: 'JSONL file, relative to the use-case folder.' },
                description: { type: 'string', description: 'Stored on the registered data asset.' },
                mappings: {
                    $ref: '#/definitions/stringMap',
                    description: 'Flow input → ${data.column} (experiment datasets).'
                },
                reference: {
                    type: 'string',
                    minLength: 1,
                    description: 'Makes this an evaluation dataset for runs on the named experiment dataset.'
                },
                maxBadLines: {
                    type: 'integer',
                    minimum: 0,
                    description: 'Malformed lines (not a JSON object) this dataset may have; more fail validate and every stage that reads it. Each one is a failed line of its runs. Default 0.'
                }
            }
        },
        gate: {
            type: 'object',
            additionalProperties: false,
            minProperties: 1,
            properties: {
                min: { type: 'number', description: 'The metric must be at least this.' },
                max: { type: 'number', description: 'The metric must be at most this.' }
            }
        },
        evaluator: {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'flow'],
            properties: {
                name: { type: 'string', minLength: 1, description: 'Unique evaluator name.' },
                flow: { type: 'string', minLength: 1, description: 'Folder of the evaluation flow.' },
                datasets: {
                    type: 'array',
                    items: { type: 'string' },
                    uniqueItems: true,
                    description: 'Evaluation datasets this evaluator runs on (default: every evaluation dataset of the environment).'
                },
                mappings: {
                    $ref: '#/definitions/stringMap',
                    description: 'Evaluation-flow input → ${data.column}, ${run.outputs.x} or ${run.inputs.x}.'
                },
                gates: {
                    type: 'object',
                    additionalProperties: { $ref: '#/definitions/gate' },
                    description: 'Metric name → { min, max }. A missed gate fails the evaluate step.'
                },
                higherIsBetter: {
                    type: 'object',
                    additionalProperties: { type: 'boolean' },
                    description: 'Metric name → whether a higher value is better (which variant the reports star). Without it: a gate with only min (higher) or only max (lower), else a guess from the name, which the report states.'
                }
            }
        },
        azure: {
            type: 'object',
            additionalProperties: false,
            required: ['resourceGroup', 'workspace'],
            properties: {
                subscriptionId: {
                    type: 'string',
                    description: 'Default: the AZURE_SUBSCRIPTION_ID environment variable.'
                },
                resourceGroup: {
                    type: 'string',
                    description: 'Resource group of the Azure ML workspace (blank: not filled in yet; Azure stages refuse it).'
                },
                workspace: {
                    type: 'string',
                    description: 'Azure ML workspace name (blank: not filled in yet; Azure stages refuse it).'
                },
                runtime: { type: 'string', description: 'Prompt flow runtime name, or `automatic` for serverless.' },
                keyVault: { type: 'string', description: 'Key vault the endpoint identity may read.' }
            }
        },
        deployment: {
            type: 'object',
            additionalProperties: false,
            required: ['target', 'endpoint', 'deployment', 'sampleRequest'],
            properties: {
                target: {
                    enum: ['local', 'managed', 'kubernetes'],
                    description: 'local endpoint server, Azure ML managed online endpoint, or Kubernetes online endpoint.'
                },
                endpoint: {
                    type: 'string',
                    description: "Online endpoint name (3–32 characters: letters, digits, '-'). Blank: not filled in yet (validate warns, deploy refuses)."
                },
                endpointDescription: { type: 'string', description: 'Stored on the endpoint when it is created.' },
                deployment: {
                    type: 'string',
                    description: 'One of the two deployment slots: the first release goes here; later releases alternate with `previous`, always into the slot that is not live (blank: not filled in yet).'
                },
                description: { type: 'string', description: 'Stored on the deployment.' },
                previous: {
                    type: 'string',
                    description: 'The other deployment slot (A/B): a release goes to whichever of `deployment` / `previous` is not live, and the live one keeps the rest of the traffic. Empty or absent: one slot, updated in place (not safe).'
                },
                traffic: {
                    type: 'integer',
                    minimum: 0,
                    maximum: 100,
                    default: 100,
                    description: 'Percent of traffic for the new release once its smoke test passed; the live deployment keeps 100 − traffic until `promote` or `rollback`.'
                },
                keepPrevious: {
                    type: 'boolean',
                    default: true,
                    description: 'After `promote`: keep the older deployment at 0 % (a rollback stays one command away; it still costs its instances on Azure) or delete it (false).'
                },
                instanceType: {
                    type: 'string',
                    minLength: 1,
                    description: 'VM size of a managed deployment (e.g. Standard_DS3_v2), or the Kubernetes instance type.'
                },
                instanceCount: { type: 'integer', minimum: 1, default: 1, description: 'Number of instances.' },
                compute: {
                    type: 'string',
                    minLength: 1,
                    description: 'Attached Kubernetes compute name (kubernetes target).'
                },
                cpu: {
                    type: 'string',
                    minLength: 1,
                    description: 'CPU request of a Kubernetes deployment, e.g. 500m.'
                },
                memory: {
                    type: 'string',
                    minLength: 1,
                    description: 'Memory request of a Kubernetes deployment, e.g. 1Gi.'
                },
                environmentVariables: {
                    $ref: '#/definitions/stringMap',
                    description: 'Environment variables of the deployment.'
                },
                sampleRequest: { type: 'string', minLength: 1, description: 'JSON file sent by the smoke test.' },
                image: {
                    type: 'string',
                    minLength: 1,
                    description: "Azure: serving image, used as it is. Default: prompt flow's runtime image, with the flow's requirements.txt (or environment.python_requirements_txt) built into an Azure ML environment."
                },
                appInsights: {
                    type: 'boolean',
                    description: "Azure: log the deployment's requests to the workspace's Application Insights."
                },
                requestLog: {
                    type: 'object',
                    additionalProperties: false,
                    description: 'What the endpoint records for `monitor`: the local endpoint appends scored requests to a JSONL log; Azure deployments turn on model data collection.',
                    properties: {
                        enabled: { type: 'boolean', default: true, description: 'false: record nothing (opt-out).' },
                        sampleRate: {
                            type: 'number',
                            minimum: 0,
                            maximum: 1,
                            default: 1,
                            description: 'Share of scored requests recorded.'
                        }
                    }
                }
            }
        },
        monitor: {
            type: 'object',
            additionalProperties: false,
            required: ['evaluators'],
            description: 'Post-production evaluation (`genaiops monitor`): evaluation flows over production inputs and answers, with gates.',
            properties: {
                datasets: {
                    type: 'array',
                    minItems: 1,
                    uniqueItems: true,
                    items: { type: 'string' },
                    description: 'Datasets holding production lines (inputs and outputs), e.g. an exported log.'
                },
                requestLog: {
                    type: 'boolean',
                    description: "Read the environment deployment's request log (local endpoint log, or Azure data collection)."
                },
                windowHours: {
                    type: 'number',
                    exclusiveMinimum: 0,
                    default: 24,
                    description: 'How far back the request log is read.'
                },
                evaluators: {
                    type: 'array',
                    minItems: 1,
                    items: { $ref: '#/definitions/evaluator' },
                    description: 'Evaluation flows over the production lines; mappings read ${data.<column>}.'
                },
                schedule: { type: 'string', description: 'Cron hint for the scheduled monitor workflow.' }
            }
        },
        environment: {
            type: 'object',
            additionalProperties: false,
            required: ['backend', 'datasets'],
            properties: {
                backend: {
                    enum: ['local', 'azure'],
                    description: 'Where flows run: the embedded engine, or Azure ML prompt flow.'
                },
                datasets: {
                    type: 'array',
                    minItems: 1,
                    uniqueItems: true,
                    items: { type: 'string' },
                    description: 'Every dataset this environment uses: experiment datasets and the evaluation datasets that reference them.'
                },
                flow: {
                    type: 'string',
                    minLength: 1,
                    description: "This environment's standard flow, when it is not the use-case's."
                },
                evaluators: {
                    type: 'array',
                    uniqueItems: true,
                    items: { type: 'string' },
                    description: 'Names of the evaluators this environment runs (default: every evaluator).'
                },
                azure: { $ref: '#/definitions/azure' },
                environmentVariables: { $ref: '#/definitions/stringMap', description: 'Passed to flow runs.' },
                connections: {
                    type: 'object',
                    description: 'Connection name → settings for this environment. {"provider": "mock"}: the connection runs on the mock provider (local backend only; every output says so).',
                    additionalProperties: {
                        type: 'object',
                        additionalProperties: false,
                        required: ['provider'],
                        properties: {
                            provider: { enum: ['mock'], description: 'mock: no model; answers echo the prompt.' }
                        }
                    }
                },
                deployment: { $ref: '#/definitions/deployment' },
                alternateDeployments: {
                    type: 'array',
                    items: { $ref: '#/definitions/deployment' },
                    description: 'Deployments to other targets, chosen with --target (one per target).'
                },
                monitor: { $ref: '#/definitions/monitor' },
                integrationTest: {
                    type: 'object',
                    additionalProperties: false,
                    description: "Endpoint integration tests: after the deploy's smoke test, the evaluation datasets go through the new deployment alone and are evaluated with the evaluators and gates; a failure rolls the release back.",
                    properties: {
                        datasets: {
                            type: 'array',
                            minItems: 1,
                            uniqueItems: true,
                            items: { type: 'string' },
                            description: 'Evaluation datasets to send (default: every evaluation dataset of the environment).'
                        },
                        concurrency: {
                            type: 'integer',
                            minimum: 1,
                            default: 4,
                            description: 'Requests in flight at once.'
                        },
                        attempts: {
                            type: 'integer',
                            minimum: 1,
                            default: 4,
                            description: 'Attempts of a request answered 429 or 5xx (with backoff).'
                        },
                        maxFailedLines: {
                            type: 'integer',
                            minimum: 0,
                            default: 0,
                            description: 'Lines that may still fail after the retries.'
                        }
                    }
                },
                webApp: {
                    type: 'object',
                    additionalProperties: { type: ['string', 'array'], items: { type: 'string' } },
                    description: "The template's webapp_endpoint block, carried over (not deployed by genaiops)."
                }
            }
        }
    }
};

;// CONCATENATED MODULE: ./packages/core/dist/config/load.js











const load_CONFIG_FILE = 'llmops_config.json';
const checkSchema = schemaChecker(llmopsConfigSchema);
function load_readUseCaseConfig(dir, opts = {}) {
    const root = external_node_path_.resolve(dir);
    const display = (p) => external_node_path_.relative(opts.displayRoot ?? process.cwd(), p) || '.';
    if (!(0,external_node_fs_.existsSync)(root) || !(0,external_node_fs_.statSync)(root).isDirectory())
        throw new errors/* UserError */.yo(`${dir}: use-case folder not found`);
    const configFile = external_node_path_.join(root, load_CONFIG_FILE);
    if (!(0,external_node_fs_.existsSync)(configFile))
        throw new errors/* UserError */.yo(`${display(configFile)}: not found (every use-case folder has one)`);
    const doc = json_document/* JsonDocument */.q.read(configFile, display(configFile));
    let raw;
    let locate;
    const legacy = isLegacyConfig(doc.value);
    if (legacy) {
        ({ raw, locate } = readLegacyUseCase(root, doc, display));
    }
    else {
        (0,errors/* throwIfProblems */.W8)(checkSchema(doc));
        raw = doc.value;
        locate = (p) => ({ file: doc.file, path: (0,json_document/* formatPath */.j)(p), ...doc.locate(p) });
    }
    return { root, configFile, legacy, config: normalizeConfig(raw), locate };
}
/** Reads a use-case folder in either layout into the one model, or throws a UserError listing every problem. */
function load_loadUseCase(dir, opts = {}) {
    const read = load_readUseCaseConfig(dir, opts);
    const { root, configFile, legacy } = read;
    let { config, locate } = read;
    if (opts.env !== undefined)
        ({ config, locate } = selectEnvironment(config, opts.env, locate));
    const { value, missing } = substituteEnv(config, opts.environ ?? process.env);
    (0,errors/* throwIfProblems */.W8)(missing.map(({ name, path: at }) => ({
        ...locate(at),
        message: `environment variable ${name} is not set (set it, or write \${${name}:-default} to give a default)`
    })));
    (0,errors/* throwIfProblems */.W8)(checkUseCase(value, root, locate));
    return { dir: root, configFile, layout: legacy ? 'legacy' : 'current', config: value, locate };
}
/**
 * Keeps one environment and applies its own flow and evaluator list to the use-case, so every stage
 * sees the flow and evaluators of the environment it runs; messages still point where things are written.
 */
function selectEnvironment(config, env, locate) {
    const names = Object.keys(config.environments);
    if (!config.environments[env])
        throw new errors/* UserError */.yo([
            {
                ...locate(['environments']),
                message: `unknown environment "${env}"${(0,did_you_mean/* didYouMean */.a)(env, names)}; defined: ${names.join(', ')}`
            }
        ]);
    const e = config.environments[env];
    const kept = config.evaluators
        .map((evaluator, index) => ({ evaluator, index }))
        .filter(({ evaluator }) => !e.evaluators || e.evaluators.includes(evaluator.name));
    return {
        config: {
            ...config,
            flow: e.flow ?? config.flow,
            evaluators: kept.map((k) => k.evaluator),
            environments: { [env]: e }
        },
        locate: (p) => {
            if (p[0] === 'evaluators' && typeof p[1] === 'number' && kept[p[1]])
                return locate(['evaluators', kept[p[1]].index, ...p.slice(2)]);
            if (p[0] === 'flow' && p.length === 1 && e.flow)
                return locate(['environments', env, 'flow']);
            return locate(p);
        }
    };
}

;// CONCATENATED MODULE: ./packages/core/dist/config/migrate.js




const LEGACY_BACKUP = 'llmops_config.legacy.json';
/**
 * Writes the current-form llmops_config.json for a legacy use-case. The legacy file is kept as
 * llmops_config.legacy.json and configs/ is left as it was, so nothing is lost; `${NAME}`
 * placeholders are carried over unfilled.
 */
function migrateUseCase(dir, opts = {}) {
    const raw = readUseCaseConfig(dir, opts);
    if (!raw.legacy)
        throw new UserError(`${path.relative(opts.displayRoot ?? process.cwd(), raw.configFile)}: already in the current layout; nothing to migrate`);
    // Refuse to write a config that would not load: the same checks as any run.
    loadUseCase(dir, { environ: opts.environ, displayRoot: opts.displayRoot });
    const text = JSON.stringify(toCurrentForm(raw.config, schemaRef(raw.root)), null, 2) + '\n';
    if (opts.dryRun)
        return { text, written: [] };
    const backup = path.join(raw.root, LEGACY_BACKUP);
    if (existsSync(backup))
        throw new UserError(`${LEGACY_BACKUP} already exists in ${dir}: remove it first`);
    renameSync(raw.configFile, backup);
    writeFileSync(raw.configFile, text);
    return { text, written: [LEGACY_BACKUP, CONFIG_FILE] };
}
/** The config as a user would write it: defaults and empty maps left out. */
function toCurrentForm(config, schema) {
    const drop = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && !(v && typeof v === 'object' && !Array.isArray(v) && !Object.keys(v).length)));
    return drop({
        $schema: schema,
        name: config.name,
        description: config.description,
        flow: config.flow,
        variants: config.variants,
        datasets: Object.fromEntries(Object.entries(config.datasets).map(([k, d]) => [k, drop(d)])),
        evaluators: config.evaluators.map(drop),
        environments: Object.fromEntries(Object.entries(config.environments).map(([k, e]) => [
            k,
            drop({
                ...e,
                deployment: e.deployment &&
                    drop({ ...e.deployment, keepPrevious: e.deployment.keepPrevious ? undefined : false })
            })
        ]))
    });
}
/** A relative `$schema` when this repository's schema is found above the use-case, for editor autocomplete. */
function schemaRef(root) {
    for (let dir = root;; dir = path.dirname(dir)) {
        const candidate = path.join(dir, 'schemas', 'llmops_config.schema.json');
        if (existsSync(candidate))
            return path.relative(root, candidate).split(path.sep).join('/');
        if (path.dirname(dir) === dir)
            return undefined;
    }
}

;// CONCATENATED MODULE: ./packages/core/dist/config/index.js






// EXTERNAL MODULE: ./packages/core/dist/flow/load.js + 2 modules
var load = __webpack_require__(68718);
// EXTERNAL MODULE: ./packages/core/dist/flow/references.js
var references = __webpack_require__(53553);
// EXTERNAL MODULE: ./packages/core/dist/flow/graph.js
var graph = __webpack_require__(22207);
;// CONCATENATED MODULE: ./packages/core/dist/flow/variants.js
/** Variant selections: which runs an experiment makes, the `--variant` option, and run labels. */


/** The nodes that have variants, in the order of `nodes` in the file. */
function variantNodes(flow) {
    if (flow.kind !== 'dag')
        return [];
    return flow.nodes
        .filter((n) => n.useVariants && flow.nodeVariants[n.name])
        .map((n) => flow.nodeVariants[n.name]);
}
/**
 * The variant selections an experiment runs. Every selection names every node with variants.
 * - `one-at-a-time`: all defaults first; then, for each node with variants (file order), each of its
 *   other variants (file order) with every other node on its default.
 * - `all-combinations`: the cartesian product, all defaults first, the first node varying slowest,
 *   each node's default first and then its other variants in file order.
 * A flow without variants gives one empty selection.
 */
function variantCombinations(flow, strategy) {
    const nodes = variantNodes(flow);
    if (!nodes.length)
        return [{}];
    const defaults = Object.fromEntries(nodes.map((n) => [n.node, n.defaultVariantId]));
    const ordered = (n) => [
        n.defaultVariantId,
        ...n.variantIds.filter((id) => id !== n.defaultVariantId)
    ];
    if (strategy === 'one-at-a-time') {
        const out = [defaults];
        for (const n of nodes)
            for (const id of ordered(n).slice(1))
                out.push({ ...defaults, [n.node]: id });
        return out;
    }
    if (strategy !== 'all-combinations')
        throw new errors/* UserError */.yo(`unknown variant strategy "${String(strategy)}" (expected one-at-a-time or all-combinations)`);
    let out = [{}];
    for (const n of nodes)
        out = out.flatMap((sel) => ordered(n).map((id) => ({ ...sel, [n.node]: id })));
    return out;
}
const VARIANT_OPTION = /^\$\{([^.{}$\s]+)\.([^.{}$\s]+)\}$/;
/**
 * Parses the pf CLI `--variant` syntax, `${node.variant_id}`, into a one-node selection. With a flow,
 * also checks that the node has that variant.
 */
function parseVariantOption(text, flow) {
    const m = VARIANT_OPTION.exec(text.trim());
    if (!m)
        throw new errors/* UserError */.yo(`invalid variant "${text}": expected \${<node>.<variant id>}, e.g. \${classify.variant_1}`);
    const selection = { [m[1]]: m[2] };
    if (flow?.kind === 'flex')
        throw new errors/* UserError */.yo([
            { file: flow.displayFile, message: `variant ${text.trim()}: a flex flow has no variants` }
        ]);
    if (flow) {
        const problems = (0,graph/* checkVariantSelection */.WR)(flow, selection);
        if (problems.length)
            throw new errors/* UserError */.yo(problems);
    }
    return selection;
}
/**
 * A short, deterministic label of a selection: the non-default choices in node file order, joined
 * by "+" (`classify.variant_1+summarize.variant_2`), or `defaults`.
 */
function variantLabel(selection, flow) {
    const parts = variantNodes(flow)
        .filter((n) => selection[n.node] !== undefined && selection[n.node] !== n.defaultVariantId)
        .map((n) => `${n.node}.${selection[n.node]}`);
    return parts.length ? parts.join('+') : 'defaults';
}

// EXTERNAL MODULE: ./packages/core/dist/flow/source-files.js
var source_files = __webpack_require__(25784);
;// CONCATENATED MODULE: ./packages/core/dist/flow/index.js






;// CONCATENATED MODULE: ./packages/core/dist/plan/plan.js






/** Run names: Azure ML accepts letters, digits, '_' and '-'. */
const slug = (s) => s.replace(/[^A-Za-z0-9_-]+/g, '_');
/**
 * Every run an environment makes: one experiment run per (variant selection × experiment dataset),
 * and one evaluation run per (evaluator × evaluation dataset × experiment run on the dataset it
 * references). Also checks the mappings against the flows' inputs and outputs.
 */
function plan_planEnvironment(useCase, env, opts = {}) {
    const { config } = useCase;
    const envConfig = config.environments[env];
    if (!envConfig)
        throw new errors/* UserError */.yo(`${useCase.configFile}: unknown environment "${env}"${(0,did_you_mean/* didYouMean */.a)(env, Object.keys(config.environments))}`);
    const backend = opts.backend ?? envConfig.backend;
    const flowOpts = { displayRoot: opts.displayRoot, allowPackageTools: backend === 'azure' };
    const flow = (0,load/* loadFlow */.j7)(external_node_path_.join(useCase.dir, config.flow), flowOpts);
    const problems = [];
    const warnings = [];
    const experimentDatasets = envConfig.datasets.filter((d) => config.datasets[d].reference === undefined);
    const selections = variantCombinations(flow, config.variants);
    const experiments = [];
    for (const dataset of experimentDatasets) {
        const mappings = config.datasets[dataset].mappings;
        checkInputs(flow, mappings, ['datasets', dataset, 'mappings'], useCase, problems);
        for (const variants of selections) {
            const label = variantLabel(variants, flow);
            experiments.push({
                name: slug(`${config.name}_${env}_${dataset}_${label}`),
                dataset,
                variants,
                label,
                mappings
            });
        }
    }
    const evaluations = [];
    const evalDatasets = envConfig.datasets.filter((d) => config.datasets[d].reference !== undefined);
    config.evaluators.forEach((evaluator, i) => {
        const evalFlow = (0,load/* loadFlow */.j7)(external_node_path_.join(useCase.dir, evaluator.flow), flowOpts);
        checkInputs(evalFlow, evaluator.mappings, ['evaluators', i, 'mappings'], useCase, problems);
        checkRunColumns(flow, evaluator.mappings, ['evaluators', i, 'mappings'], useCase, problems);
        const datasets = evalDatasets.filter((d) => !evaluator.datasets || evaluator.datasets.includes(d));
        if (!datasets.length)
            warnings.push(`evaluator "${evaluator.name}" has no evaluation dataset in environment "${env}"; it will not run there`);
        for (const dataset of datasets)
            for (const run of experiments.filter((r) => r.dataset === config.datasets[dataset].reference))
                evaluations.push({
                    name: slug(`${config.name}_${env}_${evaluator.name}_${dataset}_${run.label}`),
                    evaluator: evaluator.name,
                    dataset,
                    experimentRun: run.name,
                    mappings: evaluator.mappings
                });
    });
    (0,errors/* throwIfProblems */.W8)(problems);
    // `--target` picks the environment's deployment for that target when it has one (the template's
    // managed and Kubernetes blocks of one env), else retargets its deployment.
    const chosen = [envConfig.deployment, ...(envConfig.alternateDeployments ?? [])].find((d) => d && opts.target && d.target === opts.target) ?? envConfig.deployment;
    const deployment = chosen && { ...chosen, target: opts.target ?? chosen.target };
    if (deployment && (deployment.endpoint === '' || deployment.deployment === ''))
        warnings.push(`the ${deployment.target} deployment's endpoint or deployment name is blank: fill it in before deploying`);
    const azure = envConfig.azure;
    if (backend === 'azure' && azure && (!azure.resourceGroup || !azure.workspace))
        warnings.push('the Azure resource group or workspace name is blank: fill it in before running on Azure');
    if (backend === 'azure' && !envConfig.azure)
        throw new errors/* UserError */.yo([
            {
                ...useCase.locate(['environments', env]),
                message: `backend "azure" needs an "azure" section in environment "${env}"`
            }
        ]);
    return {
        useCase: config.name,
        env,
        backend,
        flow: config.flow,
        experiments,
        evaluations,
        deployment,
        warnings
    };
}
/** Mapping keys must be inputs of the flow they feed. */
function checkInputs(flow, mappings, at, uc, problems) {
    const inputs = flowInputs(flow);
    if (!inputs)
        return;
    for (const key of Object.keys(mappings))
        if (!inputs.includes(key))
            problems.push({
                ...uc.locate([...at, key]),
                message: `"${key}" is not an input of ${flow.displayFile}${(0,did_you_mean/* didYouMean */.a)(key, inputs)}; its inputs: ${inputs.join(', ') || 'none'}`
            });
}
/** `${run.outputs.x}` / `${run.inputs.x}` must name an output / input of the standard flow. */
function checkRunColumns(flow, mappings, at, uc, problems) {
    for (const [key, value] of Object.entries(mappings)) {
        if (!value.startsWith('${run.'))
            continue;
        const ref = (0,references/* parseReference */.F2)(value, 'mapping');
        const [names, what] = ref.kind === 'run-output'
            ? [flowOutputs(flow), 'output']
            : ref.kind === 'run-input'
                ? [flowInputs(flow), 'input']
                : [undefined, ''];
        if (!names || (ref.kind !== 'run-output' && ref.kind !== 'run-input'))
            continue;
        if (!names.includes(ref.column))
            problems.push({
                ...uc.locate([...at, key]),
                message: `"${ref.column}" is not an ${what} of the standard flow ${flow.displayFile}${(0,did_you_mean/* didYouMean */.a)(ref.column, names)}; its ${what}s: ${names.join(', ')}`
            });
    }
}
const flowInputs = (flow) => flow.kind === 'dag' ? Object.keys(flow.inputs) : flow.inputs && Object.keys(flow.inputs);
const flowOutputs = (flow) => flow.kind === 'dag' ? Object.keys(flow.outputs) : flow.outputs && Object.keys(flow.outputs);

;// CONCATENATED MODULE: ./packages/core/dist/plan/index.js


// EXTERNAL MODULE: ./packages/core/dist/engine/llm/connection.js
var connection = __webpack_require__(27805);
// EXTERNAL MODULE: ./packages/core/dist/engine/llm/dotenv.js
var dotenv = __webpack_require__(31987);
// EXTERNAL MODULE: ./packages/core/dist/engine/llm/parameters.js
var parameters = __webpack_require__(94145);
// EXTERNAL MODULE: ./packages/core/dist/engine/llm/retry.js
var retry = __webpack_require__(3595);
// EXTERNAL MODULE: ./packages/core/dist/engine/llm/client.js + 1 modules
var client = __webpack_require__(69091);
// EXTERNAL MODULE: ./packages/core/dist/engine/llm/mock.js
var llm_mock = __webpack_require__(23423);
;// CONCATENATED MODULE: ./packages/core/dist/engine/llm/index.js








// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: ./packages/core/dist/engine/python/pool.js + 3 modules
var pool = __webpack_require__(42917);
// EXTERNAL MODULE: ./packages/core/dist/engine/executor/connections.js
var executor_connections = __webpack_require__(71038);
;// CONCATENATED MODULE: ./packages/core/dist/engine/runs/flow-env.js
/**
 * A flow's `environment_variables`, as prompt flow applies them to `flow test` and bulk runs: a
 * string is taken as written, `${env:X}` reads the environment, `${conn.key}` reads a field of the
 * connection `conn` (a missing connection or key is an error), and any other value is written as JSON.
 */


function flow_env_flowEnvironment(flow, opts) {
    const out = {};
    const vars = flow.environmentVariables ?? {};
    if (!Object.keys(vars).length)
        return out;
    const connections = new executor_connections/* ConnectionStore */.U(opts);
    for (const [name, value] of Object.entries(vars)) {
        if (value === null || value === undefined)
            continue;
        if (typeof value !== 'string') {
            out[name] = JSON.stringify(value);
            continue;
        }
        const env = /^\$\{env:(.+)\}$/.exec(value);
        const conn = /^\$\{([^.{}]+)\.([^.{}]+)\}$/.exec(value);
        if (env)
            out[name] = opts.environ[env[1]] ?? '';
        else if (conn)
            out[name] = connectionField(connections, flow, name, conn[1], conn[2], opts);
        else
            out[name] = value;
    }
    return out;
}
function connectionField(connections, flow, variable, conn, key, opts) {
    const where = `${flow.displayFile}: environment_variables.${variable}`;
    const text = connections.text(conn);
    if (text === undefined)
        throw new errors/* UserError */.yo(`${where}: connection "${conn}" is not configured: set the environment variable "${conn}" to the connection as JSON`);
    let obj;
    try {
        obj = JSON.parse(text);
    }
    catch {
        throw new errors/* UserError */.yo(`${where}: the environment variable "${conn}" must hold the connection as JSON`);
    }
    const nested = (k) => (obj[k] ?? {});
    const found = obj[key] ?? nested('secrets')[key] ?? nested('configs')[key];
    if (found === undefined || found === null)
        throw new errors/* UserError */.yo(`${where}: connection "${conn}" has no "${key}"`);
    const s = typeof found === 'string' ? found : JSON.stringify(found);
    if ((/key|secret|token|password/i.test(key) || key in nested('secrets')) && s.length >= executor_connections/* MIN_SECRET_LENGTH */.v)
        opts.onSecret?.(s);
    return s;
}

// EXTERNAL MODULE: ./packages/core/dist/engine/executor/create.js + 9 modules
var create = __webpack_require__(46087);
;// CONCATENATED MODULE: ./packages/core/dist/engine/executor/index.js
/**
 * The local flow engine: runs a prompt flow DAG or flex flow line by line, and its aggregation.
 *
 * What it does, in prompt flow's terms (details at each function):
 * - inputs: defaults for missing inputs, conversion to the declared types (`inputs.ts`); unknown
 *   extra inputs are dropped; a problem fails the line with an `InputError`;
 * - nodes start as soon as their dependencies are settled (independent nodes run concurrently);
 *   the first failure fails the line, running nodes finish, no new node starts (`schedule.ts`);
 * - `activate` and bypassing follow prompt flow's DAGManager; a flow output from a bypassed
 *   node is `null` (`schedule.ts`);
 * - python nodes run in the shared worker pool; a literal input names a connection when the
 *   tool's parameter is annotated with a connection class, or (unannotated parameter) when an
 *   environment variable / .env entry of that name holds connection JSON (`nodes.ts`);
 * - llm and prompt nodes render their Jinja2 template (compiled once per file), chat prompts
 *   with prompt flow's role escaping; connections are read once per executor and their secrets
 *   reported through `onSecret` at once (`prompts.ts`, `connections.ts`);
 * - aggregation nodes take lists over the completed lines, read from the lines' node records
 *   (`dag.ts`); flex classes aggregate through `__aggregate__` (`flex.ts`);
 * - `executeLine(inputs, n, { node })` runs one DAG node alone (`flow test --node`; see
 *   `DagExecutor.executeSingleNode`).
 *
 * Error types in `LineErrorInfo.type`: InputError, ReferenceError, ConnectionError,
 * TemplateError, LlmError, ToolExecutionError / ToolLoadError (python tools),
 * ScriptExecutionError / FlowEntryInitializationError (flex), PythonWorkerError, UserError,
 * SystemError.
 */


// EXTERNAL MODULE: external "node:readline"
var external_node_readline_ = __webpack_require__(80481);
;// CONCATENATED MODULE: ./packages/core/dist/engine/runs/utf8.js
/**
 * Data files must be UTF-8: a byte sequence that is not would otherwise be read as U+FFFD and the
 * flow would run on text the user never wrote.
 */


const NEWLINE = 0x0a;
/** Throws a UserError naming `display:line:column` and the byte when `file` is not valid UTF-8. */
async function checkUtf8File(file, display = file) {
    let line = 1;
    let carry = Buffer.alloc(0);
    for await (const chunk of (0,external_node_fs_.createReadStream)(file)) {
        const data = carry.length ? Buffer.concat([carry, chunk]) : chunk;
        let start = 0;
        for (let nl = data.indexOf(NEWLINE); nl >= 0; nl = data.indexOf(NEWLINE, start)) {
            checkLine(data.subarray(start, nl), display, line++);
            start = nl + 1;
        }
        carry = Buffer.from(data.subarray(start));
    }
    if (carry.length)
        checkLine(carry, display, line);
}
function checkLine(bytes, display, line) {
    try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    }
    catch {
        const at = firstInvalid(bytes);
        const column = new TextDecoder('utf-8').decode(bytes.subarray(0, at)).length + 1;
        throw new errors/* UserError */.yo(`${display}:${line}:${column}: not UTF-8 text (byte 0x${bytes[at].toString(16).padStart(2, '0')}); save the file as UTF-8`);
    }
}
/** Offset of the first byte that does not start (or continue) a valid UTF-8 sequence. */
function firstInvalid(bytes) {
    let lo = 0;
    let hi = bytes.length;
    // the longest valid prefix, by bisection on whole-prefix validity
    while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (valid(bytes.subarray(0, mid), true))
            lo = mid;
        else
            hi = mid - 1;
    }
    // that prefix may end in the first bytes of the broken sequence: it starts where a complete prefix ends
    let start = lo;
    while (start > 0 && !valid(bytes.subarray(0, start), false))
        start--;
    return Math.min(start, bytes.length - 1);
}
/** `stream`: an unfinished sequence at the end is not (yet) an error. */
function valid(bytes, stream) {
    try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream });
        return true;
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: ./packages/core/dist/engine/runs/jsonl.js
/**
 * Streaming JSON Lines: one record at a time from a file stream (never the whole file in memory).
 * Blank lines are skipped and take no line number, as in prompt flow (pandas `lines=True`); a
 * line that is not a JSON object still takes its line number, so the rest of the run lines up.
 */





/** Throws a UserError when `file` is not a readable regular file. */
function checkReadableFile(file, display, what = 'data file') {
    let isFile = false;
    try {
        isFile = (0,external_node_fs_.statSync)(file).isFile();
    }
    catch {
        throw new errors/* UserError */.yo(`${display}: ${what} not found`);
    }
    if (!isFile)
        throw new errors/* UserError */.yo(`${display}: expected a ${what} (JSON Lines), found a folder`);
}
/**
 * Reads `file` line by line. Malformed lines are yielded with `error` set (the caller fails that
 * line and goes on). `display` is the file name used in messages.
 */
async function* jsonl_readJsonlRows(file, display = file) {
    checkReadableFile(file, display);
    const stream = (0,external_node_fs_.createReadStream)(file, { encoding: 'utf8' });
    const lines = (0,external_node_readline_.createInterface)({ input: stream, crlfDelay: Infinity });
    let fileLine = 0;
    let lineNumber = 0;
    try {
        for await (const raw of lines) {
            fileLine++;
            const text = fileLine === 1 ? raw.replace(/^\uFEFF/, '') : raw;
            if (text.trim() === '')
                continue;
            yield { lineNumber: lineNumber++, fileLine, ...parseRow(text, display, fileLine) };
        }
    }
    finally {
        lines.close();
        stream.destroy();
    }
}
function parseRow(text, display, fileLine) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (e) {
        return { error: `${display}:${fileLine}: not valid JSON (${e.message})` };
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value))
        return { error: `${display}:${fileLine}: expected a JSON object, found ${(0,describe/* describe */.q)(value)}` };
    return { value: value };
}
/**
 * One streaming pass over a JSONL file: how many rows, and which columns appear on any line. Used
 * to size progress and to check column mappings before any line runs. An empty file is a UserError.
 */
async function scanJsonl(file, display = file, what = 'data file') {
    checkReadableFile(file, display);
    await checkUtf8File(file, display);
    const columns = new Set();
    let rows = 0;
    let malformed = 0;
    for await (const row of jsonl_readJsonlRows(file, display)) {
        rows++;
        if (row.value)
            for (const k of Object.keys(row.value))
                columns.add(k);
        else
            malformed++;
    }
    if (rows === 0)
        throw new errors/* UserError */.yo(`${display}: the ${what} is empty (expected one JSON object per line)`);
    return { rows, malformed, columns: [...columns] };
}
/**
 * Reads a JSONL file whose records carry ascending `line_number`s (a run's inputs.jsonl /
 * outputs.jsonl) as a merge-join cursor: `get(n)` with non-decreasing `n` returns the record of
 * line n, or undefined when the file has none. Only one record is held at a time.
 */
class LineNumberCursor {
    rows;
    current;
    done = false;
    constructor(file, display = file) {
        this.rows = jsonl_readJsonlRows(file, display);
    }
    async get(lineNumber) {
        while (!this.done && (!this.current || this.current.n < lineNumber)) {
            const next = await this.rows.next();
            if (next.done) {
                this.done = true;
                this.current = undefined;
                break;
            }
            const v = next.value.value;
            const n = v?.line_number;
            if (v && typeof n === 'number')
                this.current = { n, value: v };
        }
        if (this.current?.n !== lineNumber)
            return undefined;
        const { line_number: _ln, ...rest } = this.current.value;
        return rest;
    }
    async close() {
        await this.rows.return(undefined);
    }
}

;// CONCATENATED MODULE: ./packages/core/dist/engine/runs/mapping.js
/**
 * Column mappings of a bulk run: which value each flow input takes on each line. `${data.col}` reads
 * the data line, `${run.outputs.col}` / `${run.inputs.col}` the same line number of an earlier run,
 * anything else is a literal. A flow input without a mapping takes the data column of the same name
 * when the data has one (prompt flow's default), else its default in the flow.
 */



/** Input names of a flow, or undefined when the flow does not declare them (flex flow without `inputs`). */
function flowInputNames(flow) {
    if (flow.kind === 'dag')
        return Object.keys(flow.inputs);
    return flow.inputs ? Object.keys(flow.inputs) : undefined;
}
/** Formats a mapping entry as the user wrote it, for messages: `prediction=${run.outputs.category}`. */
const entry = (key, text) => `column mapping ${key}=${text}`;
/**
 * Parses and checks a column mapping against the flow. Malformed references and `${run.*}` without
 * an earlier run are UserErrors.
 */
function compileColumnMapping(flow, mapping, opts = {}) {
    const names = flowInputNames(flow);
    const inputs = {};
    const ignored = [];
    const problems = [];
    let usesRun = false;
    for (const [key, value] of Object.entries(mapping ?? {})) {
        if (names && !names.includes(key)) {
            ignored.push(key);
            continue;
        }
        if (!(0,references/* isReference */.A_)(value)) {
            inputs[key] = { kind: 'literal', value };
            continue;
        }
        const parsed = (0,references/* tryParseReference */.WF)(value, 'mapping');
        if (!parsed.ok) {
            problems.push(`${entry(key, value)}: invalid reference: ${parsed.reason}`);
            continue;
        }
        const ref = parsed.reference;
        if (ref.kind === 'data')
            inputs[key] = { kind: 'data', column: ref.column, text: value };
        else if (ref.kind === 'run-output' || ref.kind === 'run-input') {
            usesRun = true;
            if (!opts.previousRun)
                problems.push(`${entry(key, value)}: ${value} reads an earlier run, but no run was given (--run <name>)`);
            inputs[key] = { kind: ref.kind, column: ref.column, text: value };
        }
        else
            problems.push(`${entry(key, value)}: expected \${data.<column>}, \${run.outputs.<name>} or \${run.inputs.<name>}`);
    }
    if (problems.length)
        throw new errors/* UserError */.yo(problems.join('\n'));
    for (const name of names ?? [])
        if (!(name in inputs))
            inputs[name] = { kind: 'data', column: name, text: `\${data.${name}}`, implicit: true };
    return { inputs, passAllColumns: names === undefined, ignored, usesRun };
}
const list = (cols) => (cols.length ? cols.join(', ') : 'none');
/**
 * Checks, before any line runs, that every column the mapping reads exists on some line. An
 * implicit (default) mapping to a column the data lacks is dropped instead: the flow default applies.
 */
function checkMappingColumns(mapping, columns) {
    const problems = [];
    const inputs = {};
    for (const [key, src] of Object.entries(mapping.inputs)) {
        if (src.kind === 'data') {
            const data = columns.data;
            const has = data?.columns.includes(src.column) ?? false;
            if (!has && src.implicit)
                continue;
            if (!has) {
                const where = data ? data.display : 'the data';
                problems.push(`${entry(key, src.text)}: no line of ${where} has a column "${src.column}"${(0,did_you_mean/* didYouMean */.a)(src.column, data?.columns ?? [])}; its columns are: ${list(data?.columns ?? [])}`);
            }
        }
        else if (src.kind === 'run-output' || src.kind === 'run-input') {
            const run = columns.run;
            const cols = src.kind === 'run-output' ? (run?.outputs ?? []) : (run?.inputs ?? []);
            if (run && !cols.includes(src.column)) {
                const what = src.kind === 'run-output' ? 'output' : 'input';
                const state = run.status && run.status !== 'Completed' ? ` (that run is ${run.status})` : '';
                problems.push(`${entry(key, src.text)}: no line of run "${run.name}" has an ${what} "${src.column}"${(0,did_you_mean/* didYouMean */.a)(src.column, cols)}${state}; its ${what}s are: ${list(cols)}`);
            }
        }
        inputs[key] = src;
    }
    if (problems.length)
        throw new errors/* UserError */.yo(problems.join('\n'));
    return { ...mapping, inputs };
}
/** Thrown by `applyMapping` for one line (the line fails; the run goes on). */
class LineInputError extends Error {
    constructor(message) {
        super(message);
        this.name = 'LineInputError';
    }
}
/**
 * The flow inputs of one line. A column that an explicit mapping reads and this line lacks fails
 * the line, as prompt flow's input mapping does ("Couldn't find these mapping relations"); a column
 * only the default mapping reads is left out (the flow's default applies, or the executor reports
 * the missing input).
 */
function applyMapping(mapping, lineNumber, data, previous) {
    const out = mapping.passAllColumns && data ? { ...data } : {};
    const missing = [];
    for (const [key, src] of Object.entries(mapping.inputs)) {
        if (src.kind === 'literal')
            out[key] = src.value;
        else if (src.kind === 'data') {
            if (data && Object.prototype.hasOwnProperty.call(data, src.column))
                out[key] = data[src.column];
            else if (!src.implicit)
                missing.push(`${key}=${src.text}`);
        }
        else {
            const prev = previous?.line;
            const name = previous?.name ?? '?';
            if (!prev?.present)
                throw new LineInputError(`${entry(key, src.text)}: run "${name}" has no line ${lineNumber}`);
            const values = src.kind === 'run-output' ? prev.outputs : prev.inputs;
            if (!values)
                throw new LineInputError(`${entry(key, src.text)}: line ${lineNumber} failed in run "${name}", so it has no outputs to read`);
            if (Object.prototype.hasOwnProperty.call(values, src.column))
                out[key] = values[src.column];
            else
                missing.push(`${key}=${src.text}`);
        }
    }
    if (missing.length)
        throw new LineInputError(`line ${lineNumber}: couldn't find these mapping relations: ${missing.join(', ')} (the line has no such ${missing.length === 1 ? 'column' : 'columns'})`);
    return out;
}

;// CONCATENATED MODULE: ./packages/core/dist/engine/runs/run-log.js


/** `logs.txt` of a run: timestamped lines, appended; secrets are masked before anything is written. */
class RunLog {
    masker;
    stream;
    constructor(file, masker = new secret_masker/* SecretMasker */.M()) {
        this.masker = masker;
        this.stream = (0,external_node_fs_.createWriteStream)(file, { flags: 'a', encoding: 'utf8' });
        this.stream.on('error', () => undefined);
    }
    secret(value) {
        this.masker.add(value);
    }
    mask(text) {
        return this.masker.mask(text);
    }
    write(message) {
        const stamp = new Date().toISOString();
        const text = this.mask(message).replace(/\s+$/, '');
        this.stream.write(text
            .split('\n')
            .map((l) => `[${stamp}] ${l}`)
            .join('\n') + '\n');
    }
    close() {
        return new Promise((resolve) => this.stream.end(() => resolve()));
    }
}

;// CONCATENATED MODULE: ./packages/core/dist/engine/runs/usage.js
/** Nearest-rank percentile of sorted values (p in (0, 100]). */
function percentile(sorted, p) {
    if (!sorted.length)
        return NaN;
    return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1];
}
const round = (v) => Math.round(v * 10) / 10;
const percentiles = (values) => {
    if (!values.length)
        return undefined;
    const sorted = [...values].sort((a, b) => a - b);
    return { p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)) };
};
/** Collects line results one at a time (8 bytes per line and call kept, for the percentiles). */
class UsageTally {
    byModel = {};
    callMs = [];
    lineMs = [];
    promptTokens = 0;
    completionTokens = 0;
    add(line) {
        if (line.status !== 'Completed')
            return;
        this.lineMs.push(line.durationMs);
        for (const n of line.nodes) {
            const call = n.llm;
            if (!call)
                continue;
            const m = (this.byModel[call.model] ??= { calls: 0, prompt_tokens: 0, completion_tokens: 0 });
            m.calls++;
            m.prompt_tokens += call.promptTokens;
            m.completion_tokens += call.completionTokens;
            this.promptTokens += call.promptTokens;
            this.completionTokens += call.completionTokens;
            this.callMs.push(call.latencyMs);
        }
    }
    summary() {
        const out = {
            lines: this.lineMs.length,
            calls: this.callMs.length,
            prompt_tokens: this.promptTokens,
            completion_tokens: this.completionTokens,
            by_model: this.byModel
        };
        const llm = percentiles(this.callMs);
        const line = percentiles(this.lineMs);
        if (llm)
            out.llm_latency_ms = llm;
        if (line)
            out.line_duration_ms = line;
        return out;
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
;// CONCATENATED MODULE: ./packages/core/dist/engine/runs/store.js
/**
 * The local run store: one folder per run under `.genaiops/runs/<name>/`.
 *
 * - `run.json`      the run record (see {@link RunRecord}), rewritten atomically at each status change;
 * - `inputs.jsonl`  every line's flow inputs, `{"line_number": n, ...inputs}`, in line order;
 * - `outputs.jsonl` every completed line's flow outputs, `{"line_number": n, ...outputs}`, in line order;
 * - `details.jsonl` every line's {@link LineResult} (status, error, node records with outputs and logs), in line order;
 * - `metrics.json`  the aggregation's `log_metric` values;
 * - `logs.txt`      the run's log.
 *
 * While a run executes, line results are appended to `details.partial.jsonl` as they complete (in
 * completion order) with a small index of byte offsets; at the end the three ordered files are
 * written from it by positioned reads, so the run is never held in memory.
 */






const DEFAULT_RUNS_DIR = external_node_path_.join('.genaiops', 'runs');
const store_RUN_FILES = {
    record: 'run.json',
    inputs: 'inputs.jsonl',
    outputs: 'outputs.jsonl',
    details: 'details.jsonl',
    partial: 'details.partial.jsonl',
    metrics: 'metrics.json',
    logs: 'logs.txt'
};
/** Resolves the store root: `root` or `.genaiops/runs` under `cwd`. */
function runsRoot(root, cwd = process.cwd()) {
    return external_node_path_.resolve(cwd, root ?? DEFAULT_RUNS_DIR);
}
const store_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
function checkRunName(name) {
    if (!store_NAME.test(name) || name.length > 255)
        throw new errors/* UserError */.yo(`invalid run name "${name}": use letters, digits, "_", "-" and "." (not first), at most 255 characters`);
}
function store_runDir(root, name) {
    checkRunName(name);
    return external_node_path_.join(root, name);
}
/** Names of the runs in the store (folders holding a run.json). */
function store_runNames(root) {
    if (!(0,external_node_fs_.existsSync)(root))
        return [];
    return (0,external_node_fs_.readdirSync)(root, { withFileTypes: true })
        .filter((d) => d.isDirectory() && (0,external_node_fs_.existsSync)(external_node_path_.join(root, d.name, store_RUN_FILES.record)))
        .map((d) => d.name);
}
function store_readRunRecord(root, name) {
    const file = external_node_path_.join(store_runDir(root, name), store_RUN_FILES.record);
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)(file, 'utf8');
    }
    catch {
        throw new errors/* UserError */.yo(`run "${name}" not found in ${root}${(0,did_you_mean/* didYouMean */.a)(name, store_runNames(root))}`);
    }
    try {
        return JSON.parse(text);
    }
    catch (e) {
        throw new errors/* UserError */.yo(`${file}: not valid JSON (${e.message})`);
    }
}
/** Writes `run.json` atomically (a reader never sees half a file). */
function writeRunRecord(dir, record) {
    writeJsonFile(external_node_path_.join(dir, store_RUN_FILES.record), record);
}
/** Writes JSON through a temporary file of its own (pid and random part) and a rename. */
function writeJsonFile(file, value) {
    const tmp = `${file}.${process.pid}.${(0,external_node_crypto_.randomBytes)(4).toString('hex')}.tmp`;
    try {
        (0,external_node_fs_.writeFileSync)(tmp, JSON.stringify(value, null, 2) + '\n');
        (0,external_node_fs_.renameSync)(tmp, file);
    }
    catch (e) {
        (0,external_node_fs_.rmSync)(tmp, { force: true });
        throw e;
    }
}
/** Appends line results as they complete and, at the end, writes the ordered files. */
class LineSink {
    dir;
    mask;
    partial;
    handle;
    offset = 0;
    chain = Promise.resolve();
    slots = new Map();
    completed = 0;
    failed = 0;
    /** `mask` hides secrets in what is written (node logs may print a key). */
    constructor(dir, mask = (t) => t) {
        this.dir = dir;
        this.mask = mask;
        this.partial = external_node_path_.join(dir, store_RUN_FILES.partial);
    }
    async open() {
        this.handle = await (0,promises_.open)(this.partial, 'w+');
    }
    /** Records a line (a later record of the same line replaces an earlier one). Writes are serialised. */
    add(result) {
        return this.addRaw(result.lineNumber, result.status === 'Completed', this.mask(JSON.stringify(result)));
    }
    /** Records an already serialised LineResult (kept lines of a resumed run). */
    addRaw(lineNumber, completed, json) {
        const buf = Buffer.from(json + '\n', 'utf8');
        const slot = { offset: this.offset, length: buf.length - 1, completed };
        this.offset += buf.length;
        const old = this.slots.get(lineNumber);
        if (old) {
            if (old.completed)
                this.completed--;
            else
                this.failed--;
        }
        this.slots.set(lineNumber, slot);
        if (completed)
            this.completed++;
        else
            this.failed++;
        const write = this.chain.then(async () => {
            await this.handle.write(buf, 0, buf.length, slot.offset);
        });
        this.chain = write.catch(() => undefined);
        return write;
    }
    has(lineNumber) {
        return this.slots.has(lineNumber);
    }
    /**
     * Writes inputs.jsonl, outputs.jsonl and details.jsonl in line order, then removes the partial
     * file. `onCompleted` sees each completed line's result in order (for aggregation).
     */
    async finish(onCompleted) {
        await this.chain;
        const order = [...this.slots.entries()].sort((a, b) => a[0] - b[0]);
        // each file is written aside and renamed into place: a reader (or a kill) never sees half of one
        const final = {
            inputs: external_node_path_.join(this.dir, store_RUN_FILES.inputs),
            outputs: external_node_path_.join(this.dir, store_RUN_FILES.outputs),
            details: external_node_path_.join(this.dir, store_RUN_FILES.details)
        };
        const suffix = `.${process.pid}.${(0,external_node_crypto_.randomBytes)(4).toString('hex')}.tmp`;
        const files = {
            inputs: streamTo(final.inputs + suffix),
            outputs: streamTo(final.outputs + suffix),
            details: streamTo(final.details + suffix)
        };
        try {
            for (const [lineNumber, slot] of order) {
                const buf = Buffer.alloc(slot.length);
                await this.handle.read(buf, 0, slot.length, slot.offset);
                const text = buf.toString('utf8');
                const result = JSON.parse(text);
                await write(files.details, text + '\n');
                await write(files.inputs, JSON.stringify({ line_number: lineNumber, ...result.inputs }) + '\n');
                if (result.status === 'Completed') {
                    await write(files.outputs, JSON.stringify({ line_number: lineNumber, ...result.outputs }) + '\n');
                    onCompleted?.(result);
                }
            }
        }
        catch (e) {
            await Promise.all(Object.values(files).map(end));
            for (const f of Object.values(final))
                (0,external_node_fs_.rmSync)(f + suffix, { force: true });
            throw e;
        }
        await Promise.all(Object.values(files).map(end));
        for (const f of Object.values(final))
            (0,external_node_fs_.renameSync)(f + suffix, f);
        await this.close();
        (0,external_node_fs_.rmSync)(this.partial, { force: true });
    }
    async close() {
        const h = this.handle;
        this.handle = undefined;
        await h?.close();
    }
}
function streamTo(file) {
    return (0,external_node_fs_.createWriteStream)(file, { encoding: 'utf8' });
}
function write(stream, text) {
    if (!stream.write(text))
        return new Promise((resolve) => stream.once('drain', () => resolve()));
}
function end(stream) {
    return new Promise((resolve, reject) => {
        stream.once('error', reject);
        stream.end(() => resolve());
    });
}
/** Moves a run's line files aside before a resume; returns the files to read the kept lines from. */
function setAsideLineFiles(dir) {
    const out = [];
    for (const f of [store_RUN_FILES.details, store_RUN_FILES.partial]) {
        const from = external_node_path_.join(dir, f);
        if (!(0,external_node_fs_.existsSync)(from))
            continue;
        const to = `${from}.resume`;
        (0,external_node_fs_.renameSync)(from, to);
        out.push(to);
    }
    for (const f of [store_RUN_FILES.inputs, store_RUN_FILES.outputs])
        (0,external_node_fs_.rmSync)(external_node_path_.join(dir, f), { force: true });
    return out;
}
function makeRunDir(dir) {
    (0,external_node_fs_.mkdirSync)(dir, { recursive: true });
}
/** Whether the store holds a run of this name (e.g. to decide between a new run and a resume). */
function runExists(name, opts = {}) {
    return (0,external_node_fs_.existsSync)(external_node_path_.join(store_runDir(runsRoot(opts.storeRoot, opts.cwd), name), store_RUN_FILES.record));
}

;// CONCATENATED MODULE: ./packages/core/dist/engine/runs/bulk.js
/**
 * Bulk runs on the local engine: a flow over every line of a JSONL data file (and/or an earlier
 * run), with bounded concurrency, results streamed to the run store, then aggregation and metrics.
 */

















const DEFAULT_LINE_CONCURRENCY = 16;
const DEFAULT_LINE_TIMEOUT_MS = 600_000;
const DEFAULT_LLM_CONCURRENCY = 32;
const silent = {
    info() { },
    warn() { },
    error() { },
    group: (_t, fn) => fn(),
    progress() { },
    summary() { },
    secret() { }
};
async function runBulk(opts) {
    const cwd = external_node_path_.resolve(opts.cwd ?? process.cwd());
    const reporter = opts.reporter ?? silent;
    const root = runsRoot(opts.storeRoot, cwd);
    const show = (p) => (0,paths/* toPosixRelative */.T)(cwd, p);
    const concurrency = positiveInt(opts.concurrency, DEFAULT_LINE_CONCURRENCY, 'concurrency');
    const pythonWorkers = positiveInt(opts.pythonWorkers, external_node_os_.availableParallelism(), 'python workers');
    const llmConcurrency = positiveInt(opts.llmConcurrency, DEFAULT_LLM_CONCURRENCY, 'LLM concurrency');
    const lineTimeoutMs = positiveInt(opts.lineTimeoutMs, DEFAULT_LINE_TIMEOUT_MS, 'line timeout');
    const requestTimeoutMs = positiveInt(opts.requestTimeoutMs, client/* DEFAULT_LLM_TIMEOUT_MS */.RV, 'request timeout');
    // ---- what to run ---------------------------------------------------------------------------
    let existing;
    if (opts.resume) {
        if (!opts.name)
            throw new errors/* UserError */.yo('resuming a run needs its name (--name <run>)');
        existing = store_readRunRecord(root, opts.name);
        if (existing.status === 'Running' || existing.status === 'Preparing')
            reporter.warn(`run "${existing.name}" is marked ${existing.status}: the process that ran it stopped before the end; resuming it`);
    }
    const flowPath = opts.flow ?? existing?.properties.flow_path;
    if (!flowPath)
        throw new errors/* UserError */.yo('no flow given (--flow <folder>)');
    const prepared = bulk_prepareFlow((0,load/* loadFlow */.j7)(external_node_path_.resolve(cwd, flowPath), { displayRoot: cwd }), opts.variant ?? existing?.properties.node_variant ?? existing?.variants);
    // a resumed run keeps its record's --variant text (or its absence)
    if (opts.variant === undefined && existing)
        prepared.variantText = existing.properties.node_variant;
    const { flow } = prepared;
    const previousName = opts.run ?? existing?.properties.run;
    const columnMapping = opts.columnMapping ?? existing?.column_mapping ?? {};
    const dataPath = opts.data !== undefined ? external_node_path_.resolve(cwd, opts.data) : (existing?.data ?? undefined);
    if (!dataPath && !previousName)
        throw new errors/* UserError */.yo('no data: give a data file (--data <file.jsonl>) or an earlier run (--run <name>)');
    const mapping0 = compileColumnMapping(flow, columnMapping, { previousRun: previousName });
    if (mapping0.ignored.length)
        reporter.warn(`column mapping: ${mapping0.ignored.map((k) => `"${k}"`).join(', ')} ${mapping0.ignored.length === 1 ? 'is not an input' : 'are not inputs'} of ${flow.displayFile}; ignored`);
    // The earlier run: its line files, read by merge-join on line_number.
    let previous;
    let previousColumns;
    if (previousName) {
        const record = store_readRunRecord(root, previousName);
        if (record.status === 'Running' || record.status === 'Preparing')
            throw new errors/* UserError */.yo(`run "${previousName}" is still ${record.status}; wait for it to finish`);
        const dir = store_runDir(root, previousName);
        previous = {
            record,
            dir,
            inputs: external_node_path_.join(dir, store_RUN_FILES.inputs),
            outputs: external_node_path_.join(dir, store_RUN_FILES.outputs)
        };
        for (const f of [previous.inputs, previous.outputs])
            checkReadableFile(f, show(f), `file of run "${previousName}"`);
        previousColumns = {
            inputs: await columnsOf(previous.inputs),
            outputs: await columnsOf(previous.outputs)
        };
    }
    // The data: one streaming pass to count lines and collect columns.
    const dataDisplay = dataPath ? show(dataPath) : `the inputs of run "${previousName}"`;
    const dataFile = dataPath ?? previous.inputs;
    const scan = await scanJsonl(dataFile, dataPath ? dataDisplay : show(dataFile));
    const dataColumns = dataPath ? scan.columns : scan.columns.filter((c) => c !== 'line_number');
    const mapping = checkMappingColumns(mapping0, {
        data: { display: dataDisplay, columns: dataColumns },
        run: previous && {
            name: previous.record.name,
            status: previous.record.status,
            inputs: previousColumns.inputs,
            outputs: previousColumns.outputs
        }
    });
    // ---- the run folder ------------------------------------------------------------------------
    const name = opts.name ?? generateRunName(flow, prepared, root);
    const dir = store_runDir(root, name);
    if (!opts.resume && (0,external_node_fs_.existsSync)(dir)) {
        if (!opts.overwrite)
            throw new errors/* UserError */.yo(`run "${name}" already exists in ${show(root)}: resume it (--resume) or choose another name`);
        (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
    }
    makeRunDir(dir);
    const now = new Date().toISOString();
    const record = {
        name,
        created_on: existing?.created_on ?? now,
        status: 'Preparing',
        display_name: opts.displayName ?? existing?.display_name ?? name,
        description: opts.description ?? existing?.description ?? null,
        tags: opts.tags ?? existing?.tags ?? null,
        properties: {
            flow_path: posix(flow.dir),
            output_path: posix(dir),
            ...(prepared.variantText ? { node_variant: prepared.variantText } : {}),
            ...(previousName ? { run: previousName } : {}),
            system_metrics: existing?.properties.system_metrics ?? {
                total_tokens: 0,
                prompt_tokens: 0,
                completion_tokens: 0,
                llm_calls: 0,
                llm_retries: 0
            }
        },
        flow_name: external_node_path_.basename(flow.dir),
        data: dataPath ? posix(dataPath) : null,
        output: posix(dir),
        ...(previousName ? { run: previousName } : {}),
        start_time: null,
        end_time: null,
        duration: null,
        variants: prepared.fullSelection,
        variant_label: variantLabel(prepared.fullSelection, flow),
        column_mapping: columnMapping,
        line_count: { total: scan.rows, completed: 0, failed: 0 },
        concurrency,
        ...(existing ? { resumed: (existing.resumed ?? 0) + 1 } : {})
    };
    writeRunRecord(dir, record);
    const log = new RunLog(external_node_path_.join(dir, store_RUN_FILES.logs));
    const sink = new LineSink(dir, (t) => log.mask(t));
    let python;
    const started = Date.now();
    try {
        // Kept lines of a resumed run: set aside before the sink opens (and truncates) the partial file,
        // which after a kill holds the only record of the finished lines.
        const asideFiles = existing ? setAsideLineFiles(dir) : [];
        await sink.open();
        for (const f of asideFiles)
            await keepCompletedLines(f, sink, scan.rows);
        const kept = sink.completed;
        log.write(existing
            ? `resuming run ${name}: ${kept} of ${scan.rows} lines kept, ${scan.rows - kept} to run`
            : `run ${name}: flow ${flow.displayFile}, data ${dataDisplay}, ${scan.rows} lines`);
        // ---- engine ------------------------------------------------------------------------------
        const environ = opts.environ ?? process.env;
        const dotenvFile = opts.dotenvFile
            ? external_node_path_.resolve(cwd, opts.dotenvFile)
            : (0,external_node_fs_.existsSync)(external_node_path_.join(cwd, '.env'))
                ? external_node_path_.join(cwd, '.env')
                : undefined;
        const onSecret = (v) => {
            reporter.secret(v);
            log.secret(v);
        };
        const llm = new client/* LlmClient */.l3({
            concurrency: llmConcurrency,
            timeoutMs: requestTimeoutMs,
            onRetry: (e) => log.write(`LLM ${e.target}: attempt ${e.attempt} failed (${e.reason}); retrying in ${Math.round(e.waitMs)} ms`)
        });
        python = new pool/* PythonWorkerPool */.FN({
            size: pythonWorkers,
            cwd: flow.dir,
            env: poolEnv(flow, opts.environ, { dotenvFile, onSecret }),
            onStderr: (t) => log.write(`python: ${t}`)
        });
        python.warmUp();
        const factory = opts.createExecutor ?? create/* createExecutor */.U;
        const executor = await factory({
            flow,
            variants: prepared.selection,
            llm,
            python,
            environ,
            dotenvFile,
            onSecret,
            ...(opts.init ? { init: opts.init } : {})
        });
        // ---- lines -------------------------------------------------------------------------------
        record.status = 'Running';
        record.start_time = new Date().toISOString();
        writeRunRecord(dir, record);
        reporter.info(existing
            ? `resuming run ${name}: ${scan.rows - kept} of ${scan.rows} lines to run`
            : `run ${name}: ${scan.rows} lines of ${dataDisplay} through ${flow.displayFile}`);
        const toRun = scan.rows - kept;
        const label = `run ${name}`;
        let done = 0;
        let firstError;
        let warned = 0;
        let stop = false;
        reporter.progress(label, 0, toRun);
        const source = dataPath
            ? jsonl_readJsonlRows(dataPath, dataDisplay)
            : previousInputsAsData(previous.inputs, show(previous.inputs));
        const items = workItems(source, sink, mapping, previous, () => stop || !!opts.signal?.aborted);
        const onResult = async (result) => {
            await sink.add(result);
            done++;
            if (result.status === 'Failed') {
                const message = describeLineError(result.error);
                log.write(`line ${result.lineNumber} failed: ${message}${result.error?.traceback ? '\n' + result.error.traceback : ''}`);
                if (!firstError || result.lineNumber < firstError.line)
                    firstError = { line: result.lineNumber, message };
                if (warned < 5)
                    reporter.warn(`${label}: line ${result.lineNumber} failed: ${log.mask(message)}`);
                else if (warned === 5)
                    reporter.warn(`${label}: more lines failed; see ${show(external_node_path_.join(dir, store_RUN_FILES.logs))}`);
                warned++;
            }
            else
                log.write(`line ${result.lineNumber} completed in ${Math.round(result.durationMs)} ms`);
            for (const n of result.nodes)
                if (n.logs)
                    log.write(`line ${result.lineNumber}, node ${n.node}:\n${n.logs}`);
            reporter.progress(label, done, toRun);
            opts.onLine?.(result, done, toRun);
        };
        const workers = Array.from({ length: Math.min(concurrency, Math.max(toRun, 1)) }, async () => {
            for (;;) {
                const next = await items.next();
                if (next.done)
                    return;
                const item = next.value;
                const result = 'failure' in item
                    ? failedLine(item.lineNumber, item.inputs, item.failure)
                    : await runLine(executor, item.lineNumber, item.inputs, lineTimeoutMs);
                await onResult(result);
            }
        });
        const settled = await Promise.allSettled(workers);
        const failure = settled.find((s) => s.status === 'rejected');
        if (failure) {
            stop = true;
            throw failure.reason;
        }
        const canceled = !!opts.signal?.aborted;
        // ---- ordered files, aggregation, metrics -------------------------------------------------
        const aggregate = !canceled && needsAggregation(flow);
        const keepNodes = aggregationInputs(flow);
        const completedLines = [];
        const usage = new UsageTally();
        await sink.finish((r) => {
            usage.add(r);
            if (aggregate)
                completedLines.push(trimForAggregation(r, keepNodes));
        });
        record.llm_usage = usage.summary();
        for (const f of asideFiles)
            (0,external_node_fs_.rmSync)(f, { force: true });
        let metrics = {};
        if (aggregate && completedLines.length) {
            log.write(`aggregation over ${completedLines.length} completed lines`);
            const agg = await executor.executeAggregation(completedLines);
            metrics = agg.metrics ?? {};
            for (const n of agg.nodes)
                if (n.logs)
                    log.write(`aggregation node ${n.node}:\n${n.logs}`);
            writeJsonFile(external_node_path_.join(dir, 'aggregation.json'), agg);
            if (agg.error) {
                record.aggregation_error = agg.error;
                const message = describeLineError(agg.error);
                log.write(`aggregation failed: ${message}${agg.error.traceback ? '\n' + agg.error.traceback : ''}`);
                reporter.warn(`${label}: aggregation failed: ${log.mask(message)}`);
            }
        }
        writeJsonFile(external_node_path_.join(dir, store_RUN_FILES.metrics), metrics);
        const stats = llm.stats();
        const sm = record.properties.system_metrics;
        sm.total_tokens += stats.totalTokens;
        sm.prompt_tokens += stats.promptTokens;
        sm.completion_tokens += stats.completionTokens;
        sm.llm_calls += stats.calls;
        sm.llm_retries += stats.retries;
        record.line_count = { total: scan.rows, completed: sink.completed, failed: sink.failed };
        if (canceled)
            record.status = 'Canceled';
        else if (sink.completed === 0) {
            record.status = 'Failed';
            record.error = {
                type: 'BulkRunError',
                message: `all ${scan.rows} lines failed${firstError ? `; line ${firstError.line}: ${log.mask(firstError.message)}` : ''}`
            };
        }
        else {
            record.status = 'Completed';
            delete record.error;
        }
        finish(record, started);
        writeRunRecord(dir, record);
        log.write(`run ${name} ${record.status}: ${record.line_count.completed} completed, ${record.line_count.failed} failed of ${scan.rows}` +
            (Object.keys(metrics).length ? `; metrics ${JSON.stringify(metrics)}` : ''));
        reporter.info(`run ${name} ${record.status}: ${record.line_count.completed}/${scan.rows} lines completed` +
            (record.line_count.failed ? `, ${record.line_count.failed} failed` : '') +
            (Object.keys(metrics).length
                ? `; ${Object.entries(metrics)
                    .map(([k, v]) => `${k}=${v}`)
                    .join(', ')}`
                : ''));
        return { record, metrics, dir };
    }
    catch (e) {
        record.status = 'Failed';
        record.error = {
            type: (0,errors/* isUserError */.iU)(e) ? 'UserError' : 'SystemError',
            message: e?.message ?? String(e)
        };
        record.line_count = { total: scan.rows, completed: sink.completed, failed: sink.failed };
        finish(record, started);
        writeRunRecord(dir, record);
        log.write(`run ${name} failed: ${record.error.message}`);
        throw e;
    }
    finally {
        await sink.close().catch(() => undefined);
        await python?.close().catch(() => undefined);
        await log.close();
    }
}
function finish(record, started) {
    record.end_time = new Date().toISOString();
    record.duration = (Date.now() - started) / 1000;
    record.properties.system_metrics.duration = record.duration;
}
function posix(p) {
    return p.split(external_node_path_.sep).join('/');
}
function positiveInt(value, fallback, what) {
    if (value === undefined)
        return fallback;
    if (!Number.isInteger(value) || value < 1)
        throw new errors/* UserError */.yo(`${what} must be a positive whole number, got ${value}`);
    return value;
}
/** Resolves the variant option against the flow (every variant node → its chosen id, for the record). */
function bulk_prepareFlow(flow, variant) {
    let selection = {};
    let variantText;
    if (typeof variant === 'string' && variant.trim() !== '') {
        selection = parseVariantOption(variant, flow);
        variantText = variant.trim();
    }
    else if (variant && typeof variant === 'object' && Object.keys(variant).length) {
        if (flow.kind === 'flex')
            throw new errors/* UserError */.yo(`${flow.displayFile}: a flex flow has no variants`);
        const problems = (0,graph/* checkVariantSelection */.WR)(flow, variant);
        if (problems.length)
            throw new errors/* UserError */.yo(problems);
        selection = { ...variant };
        const entries = Object.entries(selection);
        if (entries.length === 1)
            variantText = `\${${entries[0][0]}.${entries[0][1]}}`;
    }
    const fullSelection = {};
    for (const n of variantNodes(flow))
        fullSelection[n.node] = selection[n.node] ?? n.defaultVariantId;
    return { flow, selection, fullSelection, variantText };
}
/** pf's run name: `<flow folder>_<variant id or "default">_<YYYYMMDD_HHMMSS_ffffff>`, made unique in the store. */
function generateRunName(flow, prepared, root) {
    const ids = Object.values(prepared.selection);
    const variant = ids.length ? ids.join('_') : 'default';
    const d = new Date();
    const p = (n, w = 2) => String(n).padStart(w, '0');
    const micro = p(d.getMilliseconds(), 3) + p(Number(process.hrtime.bigint() % 1000n), 3);
    const stamp = `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}_${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}_${micro}`;
    const base = `${external_node_path_.basename(flow.dir)}_${variant}_${stamp}`.replace(/[^A-Za-z0-9_]/g, '_');
    let name = base;
    for (let i = 2; (0,external_node_fs_.existsSync)(external_node_path_.join(root, name)); i++)
        name = `${base}_${i}`;
    return name;
}
/** Column names any line of a run file has (without `line_number`); a missing file has none. */
async function columnsOf(file) {
    const cols = new Set();
    for await (const row of jsonl_readJsonlRows(file))
        if (row.value)
            for (const k of Object.keys(row.value))
                cols.add(k);
    cols.delete('line_number');
    return [...cols];
}
/** An earlier run's inputs.jsonl as data rows, numbered by their own `line_number`. */
async function* previousInputsAsData(file, display) {
    for await (const row of jsonl_readJsonlRows(file, display)) {
        if (!row.value) {
            yield row;
            continue;
        }
        const { line_number, ...rest } = row.value;
        yield { ...row, lineNumber: typeof line_number === 'number' ? line_number : row.lineNumber, value: rest };
    }
}
async function keepCompletedLines(file, sink, rows) {
    for await (const row of jsonl_readJsonlRows(file)) {
        const r = row.value;
        if (!r || r.status !== 'Completed' || typeof r.lineNumber !== 'number' || r.lineNumber >= rows)
            continue;
        await sink.addRaw(r.lineNumber, true, JSON.stringify(r));
    }
}
/** The lines to run, in order, with their inputs resolved (or why they cannot run). */
async function* workItems(rows, sink, mapping, previous, stopped) {
    const cursors = previous && mapping.usesRun
        ? { inputs: new LineNumberCursor(previous.inputs), outputs: new LineNumberCursor(previous.outputs) }
        : undefined;
    try {
        for await (const row of rows) {
            if (stopped())
                return;
            if (sink.has(row.lineNumber))
                continue; // kept from before a resume
            if (row.error) {
                yield { lineNumber: row.lineNumber, inputs: {}, failure: { type: 'DataError', message: row.error } };
                continue;
            }
            let prevLine;
            if (cursors) {
                const inputs = await cursors.inputs.get(row.lineNumber);
                const outputs = await cursors.outputs.get(row.lineNumber);
                prevLine = { present: inputs !== undefined || outputs !== undefined, inputs, outputs };
            }
            try {
                const inputs = applyMapping(mapping, row.lineNumber, row.value, previous ? { name: previous.record.name, line: prevLine } : undefined);
                yield { lineNumber: row.lineNumber, inputs };
            }
            catch (e) {
                if (!(e instanceof LineInputError))
                    throw e;
                yield { lineNumber: row.lineNumber, inputs: {}, failure: { type: 'InputError', message: e.message } };
            }
        }
    }
    finally {
        await cursors?.inputs.close();
        await cursors?.outputs.close();
    }
}
function failedLine(lineNumber, inputs, error) {
    return { lineNumber, status: 'Failed', inputs, outputs: {}, nodes: [], error, durationMs: 0 };
}
async function runLine(executor, lineNumber, inputs, timeoutMs) {
    const t0 = Date.now();
    let timer;
    // at the timeout the line's model calls are aborted and its python calls' workers killed
    const abort = new AbortController();
    const timeout = new Promise((resolve) => {
        timer = setTimeout(() => {
            resolve({
                ...failedLine(lineNumber, inputs, {
                    type: 'LineTimeoutError',
                    message: `line ${lineNumber} did not finish within the line timeout (${timeoutMs / 1000} s)`
                }),
                durationMs: Date.now() - t0
            });
            abort.abort(new Error('line timeout'));
        }, timeoutMs);
    });
    const run = Promise.resolve()
        .then(() => executor.executeLine(inputs, lineNumber, { signal: abort.signal }))
        .catch((e) => ({
        ...failedLine(lineNumber, inputs, {
            type: (0,errors/* isUserError */.iU)(e) ? 'UserError' : 'SystemError',
            message: e?.message ?? String(e)
        }),
        durationMs: Date.now() - t0
    }));
    try {
        return await Promise.race([run, timeout]);
    }
    finally {
        clearTimeout(timer);
    }
}
function describeLineError(error) {
    if (!error)
        return 'failed (no error recorded)';
    return `${error.node ? `node ${error.node}: ` : ''}${error.type}: ${error.message}`;
}
/** Aggregation nodes' bodies (plain nodes and variants). */
function aggregationBodies(flow) {
    if (flow.kind !== 'dag')
        return [];
    const bodies = [];
    for (const n of flow.nodes) {
        if (!n.useVariants) {
            if (n.aggregation)
                bodies.push(n);
        }
        else
            for (const b of Object.values(flow.nodeVariants[n.name]?.variants ?? {}))
                if (b.aggregation)
                    bodies.push(b);
    }
    return bodies;
}
function needsAggregation(flow) {
    if (flow.kind === 'flex')
        return flow.entry.kind !== 'function';
    return aggregationBodies(flow).length > 0;
}
/** Nodes whose outputs aggregation reads; undefined = keep all (flex). */
function aggregationInputs(flow) {
    if (flow.kind !== 'dag')
        return undefined;
    return new Set(aggregationBodies(flow).flatMap(graph/* nodeDependencies */.y));
}
/** What aggregation needs of a line: inputs, outputs and the outputs of the nodes it reads (no logs). */
function trimForAggregation(r, keep) {
    return {
        ...r,
        nodes: r.nodes.filter((n) => !keep || keep.has(n.node)).map(({ logs: _logs, ...n }) => n)
    };
}
/** Environment of the python workers: the caller's environ, and the flow's literal environment_variables. */
function poolEnv(flow, environ, resolve) {
    const env = flow_env_flowEnvironment(flow, { environ: environ ?? process.env, ...resolve });
    if (environ && environ !== process.env)
        for (const [k, v] of Object.entries(environ))
            if (v !== undefined)
                env[k] = v;
    return env;
}

// EXTERNAL MODULE: ./packages/core/dist/flow/shape.js
var shape = __webpack_require__(37994);
;// CONCATENATED MODULE: ./packages/core/dist/flow/sample.js
/**
 * A flow's own sample values, used by `flow test` when no inputs (or init) are given, as `pf flow
 * test` does: flex `sample: {inputs, init}` (or a JSON file holding that), and a prompty's `sample`
 * (its input values, inline or `${file:sample.json}`).
 */




function sample_flowSample(flow) {
    const raw = flow.kind === 'flex' ? flow.sample : flow.prompty?.sample;
    if (raw === undefined)
        return {};
    const value = typeof raw === 'string' ? readSampleFile(flow.dir, raw, flow.displayFile) : raw;
    if (!isRecord(value))
        return {};
    if (flow.kind === 'dag')
        return { inputs: value };
    return {
        ...(isRecord(value.inputs) ? { inputs: value.inputs } : {}),
        ...(isRecord(value.init) ? { init: value.init } : {})
    };
}
function readSampleFile(dir, ref, shown) {
    const name = /^\$\{file:(.+)\}$/.exec(ref.trim())?.[1] ?? ref;
    const file = path.resolve(dir, name);
    try {
        return JSON.parse(readFileSync(file, 'utf8'));
    }
    catch (e) {
        throw new UserError([
            { file: shown, path: 'sample', message: `cannot read sample ${name}: ${e.message}` }
        ]);
    }
}

;// CONCATENATED MODULE: ./packages/core/dist/engine/runs/flow-test.js
/** `pf flow test`: one line of a flow (or one node), with the flow's defaults overridden by the given inputs. */









/** Runs one line; never throws for the line's failure (see `status` / `error`). */
async function testFlow(opts) {
    const cwd = path.resolve(opts.cwd ?? process.cwd());
    const { flow, selection } = prepareFlow(loadFlow(path.resolve(cwd, opts.flow), { displayRoot: cwd }), opts.variant);
    const dotenvFile = opts.dotenvFile
        ? path.resolve(cwd, opts.dotenvFile)
        : existsSync(path.join(cwd, '.env'))
            ? path.join(cwd, '.env')
            : undefined;
    // As `pf flow test`: with no inputs (or init) given, the flow's own sample is used.
    const sample = opts.node ? {} : flowSample(flow);
    const init = opts.init ?? sample.init;
    const environ = opts.environ ?? process.env;
    const onSecret = (v) => opts.reporter?.secret(v);
    // The worker sees the given environment and the flow's environment_variables, as in bulk runs.
    const env = {
        ...(environ !== process.env ? environ : {}),
        ...flowEnvironment(flow, { environ, dotenvFile, onSecret })
    };
    const python = new PythonWorkerPool({ size: 1, cwd: flow.dir, env: env });
    try {
        const factory = opts.createExecutor ?? createExecutor;
        const executor = await factory({
            flow,
            variants: selection,
            llm: new LlmClient({ concurrency: 4 }),
            python,
            environ,
            dotenvFile,
            onSecret,
            ...(init ? { init } : {})
        });
        const inputs = opts.inputs && Object.keys(opts.inputs).length ? opts.inputs : (sample.inputs ?? {});
        return await executor.executeLine(inputs, 0, opts.node ? { node: opts.node } : undefined);
    }
    finally {
        await python.close();
    }
}

;// CONCATENATED MODULE: ./packages/core/dist/engine/runs/show.js
/** Reading runs back from the store: `pf run show`, `show-details`, `show-metrics`, `list`. */





const rootOf = (o) => runsRoot(o.storeRoot, o.cwd);
/**
 * The run record (`run.json`). A run still marked Running (or killed while it ran) has its line
 * counts from the partial records: the lines that finished are not lost with the process.
 */
function showRun(name, opts = {}) {
    const root = rootOf(opts);
    const record = readRunRecord(root, name);
    if (record.status !== 'Running' && record.status !== 'Preparing')
        return record;
    const partial = path.join(runDir(root, name), RUN_FILES.partial);
    if (!existsSync(partial))
        return record;
    const status = new Map();
    for (const text of readFileSync(partial, 'utf8').split('\n')) {
        try {
            const r = JSON.parse(text);
            if (typeof r.lineNumber === 'number' && typeof r.status === 'string')
                status.set(r.lineNumber, r.status);
        }
        catch {
            // a record cut short by a kill
        }
    }
    const completed = [...status.values()].filter((s) => s === 'Completed').length;
    return { ...record, line_count: { ...record.line_count, completed, failed: status.size - completed } };
}
/** The run's metrics (`metrics.json`); {} when the run has none (yet). */
function showMetrics(name, opts = {}) {
    const root = rootOf(opts);
    store_readRunRecord(root, name);
    const file = external_node_path_.join(store_runDir(root, name), store_RUN_FILES.metrics);
    if (!(0,external_node_fs_.existsSync)(file))
        return {};
    try {
        return JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8'));
    }
    catch (e) {
        throw new errors/* UserError */.yo(`${file}: not valid JSON (${e.message})`);
    }
}
/** Run records, newest first. */
function listRuns(opts = {}) {
    const root = rootOf(opts);
    const records = [];
    for (const name of runNames(root)) {
        try {
            records.push(readRunRecord(root, name));
        }
        catch {
            // a run folder being written or broken: not listed
        }
    }
    const list = records
        .filter((r) => !opts.status || r.status === opts.status)
        .sort((a, b) => (b.created_on ?? '').localeCompare(a.created_on ?? '') || a.name.localeCompare(b.name));
    return opts.all ? list : list.slice(0, opts.maxResults ?? 50);
}
/** Every line's inputs, outputs, status and error, in line order (streams details.jsonl). */
async function showDetails(name, opts = {}) {
    const root = rootOf(opts);
    const record = readRunRecord(root, name);
    const dir = runDir(root, name);
    const finalFile = path.join(dir, RUN_FILES.details);
    const partial = path.join(dir, RUN_FILES.partial);
    const file = existsSync(finalFile) ? finalFile : existsSync(partial) ? partial : undefined;
    if (!file) {
        if (record.status === 'Preparing')
            return [];
        throw new UserError(`run "${name}" has no line details (${RUN_FILES.details} is missing in ${dir})`);
    }
    const max = opts.all ? Infinity : (opts.maxResults ?? 100);
    // the partial file may hold a line twice (a later record replaces an earlier one)
    const byLine = new Map();
    for await (const row of readJsonlRows(file)) {
        const r = row.value;
        if (!r || typeof r.lineNumber !== 'number')
            continue;
        byLine.set(r.lineNumber, {
            lineNumber: r.lineNumber,
            status: r.status,
            inputs: r.inputs ?? {},
            outputs: r.outputs ?? {},
            ...(r.error ? { error: r.error } : {}),
            durationMs: r.durationMs,
            ...(opts.nodes ? { nodes: r.nodes } : {})
        });
        // the partial file is in completion order: read it all, then sort
        if (file === finalFile && byLine.size >= max)
            break;
    }
    const rows = [...byLine.values()].sort((a, b) => a.lineNumber - b.lineNumber);
    return rows.slice(0, max);
}
/**
 * The details as `pf run show-details` tabulates them: one flat object per line with
 * `inputs.<name>`, `inputs.line_number` and `outputs.<name>`; a failed line's outputs read "(Failed)".
 */
function detailsTable(rows) {
    const outputNames = [];
    for (const r of rows)
        for (const k of Object.keys(r.outputs))
            if (!outputNames.includes(k))
                outputNames.push(k);
    return rows.map((r) => {
        const flat = {};
        for (const [k, v] of Object.entries(r.inputs))
            flat[`inputs.${k}`] = v;
        flat['inputs.line_number'] = r.lineNumber;
        for (const k of outputNames)
            flat[`outputs.${k}`] = r.status === 'Completed' ? (r.outputs[k] ?? null) : '(Failed)';
        return flat;
    });
}

;// CONCATENATED MODULE: ./packages/core/dist/engine/runs/index.js








;// CONCATENATED MODULE: ./packages/core/dist/engine/python/index.js


// EXTERNAL MODULE: ./packages/core/dist/engine/template/index.js + 16 modules
var template = __webpack_require__(27058);
;// CONCATENATED MODULE: ./packages/core/dist/workflows/changed-use-cases.js
// Which use-cases a push or a pull request touched: the input of the reusable workflows' matrix.
// Pure functions over path lists (no git, no file system); `genaiops changed` feeds them.

/**
 * Files outside every use-case folder that count as shared code (a change to one re-runs every
 * use-case) when no list is given: everything except Markdown under `docs/`.
 */
const DEFAULT_SHARED_GLOBS = (/* unused pure expression or super */ null && (['**', '!docs/**/*.md']));
/**
 * The use-case folders to run, sorted: each use-case holding a changed file (a file belongs to the
 * deepest use-case folder around it), or every use-case when shared code changed. Files of a deleted
 * use-case (its `llmops_config.json` is among the changed files but the folder is not in
 * `useCaseDirs`) select nothing.
 */
function changedUseCases(opts) {
    const dirs = [...new Set(opts.useCaseDirs.map(normalizeRepoPath))];
    const byDepth = [...dirs].sort((a, b) => depth(b) - depth(a));
    const shared = compileGlobs(opts.sharedGlobs ?? DEFAULT_SHARED_GLOBS);
    const files = opts.changedFiles.map(normalizeRepoPath).filter((f) => f !== '.');
    // Folders whose config was changed but which no longer are use-cases: deleted (or renamed away).
    const dirSet = new Set(dirs);
    const removed = files
        .filter((f) => f === CONFIG_FILE || f.endsWith(`/${CONFIG_FILE}`))
        .map(parentDir)
        .filter((d) => !dirSet.has(d));
    const selected = new Set();
    for (const file of files) {
        const owner = byDepth.find((d) => isInside(file, d));
        const removedOwner = removed.filter((d) => isInside(file, d)).sort((a, b) => depth(b) - depth(a))[0];
        // A file in a deleted use-case nested inside a live one belongs to the deleted one.
        if (removedOwner !== undefined && (owner === undefined || depth(removedOwner) > depth(owner)))
            continue;
        if (owner !== undefined)
            selected.add(owner);
        else if (shared(file))
            return dirs.sort();
    }
    return [...selected].sort();
}
/** Use-case folders from a list of the repository's files: the folders holding an `llmops_config.json`. */
function useCaseDirsOf(files, roots = []) {
    const under = roots.map(normalizeRepoPath);
    return [
        ...new Set(files
            .map(normalizeRepoPath)
            .filter((f) => f === CONFIG_FILE || f.endsWith(`/${CONFIG_FILE}`))
            .map(parentDir)
            .filter((d) => under.length === 0 || under.some((root) => isInside(d, root))))
    ].sort();
}
/**
 * A predicate for a list of globs: true when a path matches a pattern and no later exclusion.
 * Later patterns win, as in `.gitignore`: `['**', '!docs/**', 'docs/api/**']` keeps docs/api.
 */
function compileGlobs(globs) {
    const rules = globs
        .map((g) => g.trim())
        .filter((g) => g !== '' && !g.startsWith('#'))
        .map((g) => g.startsWith('!')
        ? { exclude: true, re: globToRegExp(g.slice(1)) }
        : { exclude: false, re: globToRegExp(g) });
    return (file) => {
        const path = normalizeRepoPath(file);
        let hit = false;
        for (const rule of rules)
            if (rule.re.test(path))
                hit = !rule.exclude;
        return hit;
    };
}
/**
 * A glob as a regular expression over a whole path with `/` separators: `**` any number of
 * folders (as a whole segment), `*` any characters but `/`, `?` one character but `/`,
 * `{a,b}` alternatives, `[abc]` / `[!abc]` a character class. A trailing `/` means everything under.
 */
function globToRegExp(glob) {
    let g = normalizeRepoPath(glob);
    if (glob.trim().endsWith('/') && g !== '.')
        g += '/**';
    let re = '';
    let braces = 0;
    for (let i = 0; i < g.length; i++) {
        const c = g[i];
        if (c === '*' && g[i + 1] === '*') {
            const atStart = i === 0 || g[i - 1] === '/';
            const atEnd = i + 2 === g.length || g[i + 2] === '/';
            if (atStart && atEnd) {
                // `**/` matches zero or more whole folders; a final `**` anything, including nothing below.
                if (i + 2 === g.length)
                    re += '.*';
                else {
                    re += '(?:[^/]+/)*';
                    i++; // the slash
                }
                i++;
                continue;
            }
            re += '[^/]*';
            i++;
        }
        else if (c === '*')
            re += '[^/]*';
        else if (c === '?')
            re += '[^/]';
        else if (c === '{') {
            braces++;
            re += '(?:';
        }
        else if (c === '}' && braces > 0) {
            braces--;
            re += ')';
        }
        else if (c === ',' && braces > 0)
            re += '|';
        else if (c === '[') {
            const end = g.indexOf(']', i + 2);
            if (end === -1)
                re += '\\[';
            else {
                let body = g.slice(i + 1, end);
                const negate = body.startsWith('!') || body.startsWith('^');
                if (negate)
                    body = body.slice(1);
                re += `[${negate ? '^/' : ''}${body.replace(/[\\\]]/g, '\\$&')}]`;
                i = end;
            }
        }
        else
            re += c.replace(/[.+^$()|\\\]]/g, '\\$&');
    }
    return new RegExp(`^${re}$`);
}
/** `./a\\b/` → `a/b`; the root is `.`. */
function normalizeRepoPath(p) {
    const s = p
        .trim()
        .replace(/\\/g, '/')
        .replace(/\/{2,}/g, '/')
        .replace(/^(\.\/)+/, '')
        .replace(/\/(\.\/)+/g, '/')
        .replace(/\/$/, '');
    return s === '' ? '.' : s;
}
function parentDir(file) {
    const i = file.lastIndexOf('/');
    return i === -1 ? '.' : file.slice(0, i);
}
function isInside(file, dir) {
    return dir === '.' || file === dir || file.startsWith(`${dir}/`);
}
function depth(dir) {
    return dir === '.' ? 0 : dir.split('/').length;
}

;// CONCATENATED MODULE: ./packages/core/dist/workflows/index.js


;// CONCATENATED MODULE: ./packages/core/dist/stages/concurrency.js
/** Small async helpers the stages share: a bounded parallel map and backoff waits. */
/**
 * Calls `fn` on every item with at most `limit` calls in flight; results in item order. A rejection
 * does not stop the others (they all settle first), then the first rejection is thrown.
 */
async function mapConcurrent(items, limit, fn) {
    const results = new Array(items.length);
    let next = 0;
    let failure;
    const worker = async () => {
        for (;;) {
            const i = next++;
            if (i >= items.length)
                return;
            try {
                results[i] = await fn(items[i], i);
            }
            catch (e) {
                failure ??= { error: e };
            }
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
    if (failure)
        throw failure.error;
    return results;
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/**
 * Polls `check` until it returns a value (not undefined): the first interval is `initialMs`, each
 * next one `factor` times longer, at most `maxMs` (intervals count from the start of a poll). Throws
 * when `timeoutMs` passes first.
 */
async function pollUntil(check, opts = {}, what = 'the run') {
    const { initialMs = 2000, maxMs = 30_000, factor = 1.5, timeoutMs = 24 * 3600_000 } = opts;
    const started = Date.now();
    let wait = initialMs;
    for (;;) {
        const polled = Date.now();
        const value = await check();
        if (value !== undefined)
            return value;
        if (Date.now() - started + wait > timeoutMs)
            throw new Error(`gave up waiting for ${what} after ${Math.round((Date.now() - started) / 1000)} s`);
        // the interval runs from the start of one poll to the next (a slow check does not stretch it)
        await sleep(Math.max(0, polled + wait - Date.now()));
        wait = Math.min(maxMs, Math.max(1, Math.round(wait * factor)));
    }
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
;// CONCATENATED MODULE: ./packages/core/dist/azure/pf/exec.js
/** A small child-process wrapper: run a command with an argument list, collect its output. */



/** Runs `command args…` without a shell (arguments reach it exactly as given). Never rejects on a non-zero exit. */
function execFile(command, args, opts = {}) {
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_.spawn)(command, args, {
            cwd: opts.cwd,
            env: opts.env,
            stdio: ['ignore', 'pipe', 'pipe'],
            windowsHide: true
        });
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
        child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
        let timer;
        if (opts.timeoutMs)
            timer = setTimeout(() => {
                stderr += `\n(killed after ${Math.round(opts.timeoutMs / 1000)} s)`;
                child.kill('SIGKILL');
            }, opts.timeoutMs);
        child.on('error', (e) => {
            clearTimeout(timer);
            reject(e);
        });
        child.on('close', (code, signal) => {
            clearTimeout(timer);
            resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
        });
    });
}
/** The executable `name` on the PATH of `env` (PATHEXT on Windows), or undefined. */
function findOnPath(name, env = process.env) {
    const dirs = (env.PATH ?? env.Path ?? '').split(external_node_path_.delimiter).filter(Boolean);
    const exts = process.platform === 'win32' ? ['', ...(env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';')] : [''];
    for (const dir of dirs)
        for (const ext of exts) {
            const file = external_node_path_.join(dir, name + ext);
            if (isExecutable(file))
                return file;
        }
    return undefined;
}
function isExecutable(file) {
    try {
        if (!(0,external_node_fs_.statSync)(file).isFile())
            return false;
        (0,external_node_fs_.accessSync)(file, external_node_fs_.constants.X_OK);
        return true;
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: ./packages/core/dist/azure/pf/pfazure.js
/**
 * The Azure backend's runs go through the official `pfazure` CLI (`pip install promptflow[azure]`).
 * Argument lists follow promptflow's own parser definitions
 * (`promptflow/azure/_cli/_run.py`, `promptflow/_cli/_pf/_run.py`, `promptflow/_cli/_params.py`):
 *
 * - `run create`: `--flow`, `--data` (a local file or `azureml:<name>:<version>`), `--run`,
 *   `--column-mapping k=v …` and `--environment-variables k=v …` and `--connections node.key=v …`
 *   (argparse `nargs="+"`: one flag, then every pair), `--variant '${node.variant}'` (one node),
 *   `--name`, `--set display_name=… description=… tags.<k>=<v> …` (pfazure has no --display-name or
 *   --tags flags), `--runtime`, and the workspace: `--subscription`, `--resource-group`,
 *   `--workspace-name`. Without `--stream` it returns once the run is submitted and prints it as JSON.
 * - `run show --name N`: the run as JSON (`Run._to_dict()`); status NotStarted … Completed/Failed/Canceled.
 * - `run list --max-results K`: the newest K runs as a JSON array (one call per poll for all the
 *   runs a stage waits for; a run not in the list is asked for with `run show`).
 * - `run show-metrics --name N`: the metrics as a JSON object.
 * - `run download --name N --output DIR --overwrite`: the run's line results into `DIR/N/`
 *   (`flow_outputs/output.jsonl`, `flow_artifacts/*.jsonl`, `metrics.json`, `logs.txt`, …); the
 *   stages read the metrics from there (one call fewer per run), show-metrics is the fallback.
 *   (`run show-details` prints a terminal-width grid table, not JSON, so it is not parsed.)
 */





const TERMINAL_STATUSES = ['Completed', 'Failed', 'Canceled'];
const pairs = (flag, values) => {
    const entries = Object.entries(values ?? {});
    return entries.length ? [flag, ...entries.map(([k, v]) => `${k}=${v}`)] : [];
};
/** `--subscription S --resource-group G --workspace-name W` (subscription omitted when not set: az's default applies). */
function workspaceArgs(ws) {
    return [
        ...(ws.subscriptionId ? ['--subscription', ws.subscriptionId] : []),
        '--resource-group',
        ws.resourceGroup,
        '--workspace-name',
        ws.workspace
    ];
}
/** The exact argument list of `pfazure run create …`. */
function runCreateArgs(spec, ws) {
    const set = {};
    if (spec.displayName)
        set.display_name = spec.displayName;
    if (spec.description)
        set.description = spec.description;
    for (const [k, v] of Object.entries(spec.tags ?? {}))
        set[`tags.${k}`] = v;
    return [
        'run',
        'create',
        '--flow',
        spec.flow,
        '--data',
        spec.data,
        ...(spec.run ? ['--run', spec.run] : []),
        ...pairs('--column-mapping', spec.columnMapping),
        ...(spec.variant ? ['--variant', spec.variant] : []),
        '--name',
        spec.name,
        ...pairs('--set', set),
        ...pairs('--environment-variables', spec.environmentVariables),
        ...pairs('--connections', spec.connections),
        ...(spec.runtime ? ['--runtime', spec.runtime] : []),
        ...workspaceArgs(ws)
    ];
}
const runShowArgs = (name, ws) => [
    'run',
    'show',
    '--name',
    name,
    ...workspaceArgs(ws)
];
/** `run list` prints JSON by default (`--output json`); the newest runs of the workspace first. */
const runListArgs = (maxResults, ws) => [
    'run',
    'list',
    '--max-results',
    String(maxResults),
    ...workspaceArgs(ws)
];
const runShowMetricsArgs = (name, ws) => [
    'run',
    'show-metrics',
    '--name',
    name,
    ...workspaceArgs(ws)
];
const runDownloadArgs = (name, output, ws) => [
    'run',
    'download',
    '--name',
    name,
    '--output',
    output,
    '--overwrite',
    ...workspaceArgs(ws)
];
/**
 * The JSON a pf command printed on stdout. pf prints `json.dumps(…, indent=4)`; anything before it
 * (a warning printed to stdout) is skipped.
 */
function parsePfJson(stdout, what) {
    const text = stdout.trim();
    try {
        return JSON.parse(text);
    }
    catch {
        const start = text.search(/^[{[]/m);
        const end = Math.max(text.lastIndexOf('}'), text.lastIndexOf(']'));
        if (start >= 0 && end > start)
            try {
                return JSON.parse(text.slice(start, end + 1));
            }
            catch {
                // fall through
            }
    }
    throw new Error(`${what}: expected JSON on stdout, found ${JSON.stringify(text.slice(0, 300))}`);
}
/**
 * One `pfazure` executable bound to a workspace. Every call is a fresh process. The subscription is
 * always passed: the workspace's, else `AZURE_SUBSCRIPTION_ID` (never the Azure CLI's default one).
 */
class Pfazure {
    opts;
    constructor(opts) {
        const subscriptionId = opts.workspace.subscriptionId || opts.env.AZURE_SUBSCRIPTION_ID?.trim();
        if (!subscriptionId)
            throw new errors/* UserError */.yo(`workspace ${opts.workspace.workspace}: no Azure subscription id for pfazure (set azure.subscriptionId or AZURE_SUBSCRIPTION_ID)`);
        this.opts = { ...opts, workspace: { ...opts.workspace, subscriptionId } };
    }
    async call(args) {
        return execFile(this.opts.command, args, {
            cwd: this.opts.cwd,
            env: this.opts.env,
            timeoutMs: this.opts.timeoutMs ?? 15 * 60_000
        });
    }
    fail(args, r) {
        const detail = (r.stderr.trim() || r.stdout.trim()).split('\n').slice(-15).join('\n');
        throw new errors/* UserError */.yo(`pfazure ${args.slice(0, 2).join(' ')} failed (exit ${r.code}): ${detail}`);
    }
    /** Submits a run; returns what pfazure printed (status NotStarted/Preparing/Running …). */
    async create(spec) {
        const args = runCreateArgs(spec, this.opts.workspace);
        const r = await this.call(args);
        if (r.code !== 0)
            this.fail(args, r);
        return parsePfJson(r.stdout, 'pfazure run create');
    }
    /** The run, or undefined when the workspace has no run of that name. */
    async show(name) {
        const args = runShowArgs(name, this.opts.workspace);
        const r = await this.call(args);
        if (r.code !== 0) {
            if (/not found|RunNotFound/i.test(r.stderr + r.stdout))
                return undefined;
            this.fail(args, r);
        }
        return parsePfJson(r.stdout, 'pfazure run show');
    }
    /** The newest `maxResults` runs of the workspace (name, status, …; no properties). */
    async list(maxResults) {
        const args = runListArgs(maxResults, this.opts.workspace);
        const r = await this.call(args);
        if (r.code !== 0)
            this.fail(args, r);
        const value = parsePfJson(r.stdout, 'pfazure run list');
        if (!Array.isArray(value))
            throw new Error(`pfazure run list: expected a JSON array, found ${JSON.stringify(value).slice(0, 200)}`);
        return value;
    }
    async showMetrics(name) {
        const args = runShowMetricsArgs(name, this.opts.workspace);
        const r = await this.call(args);
        if (r.code !== 0)
            this.fail(args, r);
        const value = parsePfJson(r.stdout, 'pfazure run show-metrics');
        const out = {};
        if (value && typeof value === 'object' && !Array.isArray(value))
            for (const [k, v] of Object.entries(value))
                if (typeof v === 'number')
                    out[k] = v;
        return out;
    }
    /**
     * Downloads a completed run's results into `outputDir/<name>/` and converts its line results to
     * the local run store's files (`outputs.jsonl`, `inputs.jsonl`, with `line_number`).
     */
    async download(name, outputDir) {
        (0,external_node_fs_.mkdirSync)(external_node_path_.resolve(this.opts.cwd, outputDir), { recursive: true });
        const args = runDownloadArgs(name, outputDir, this.opts.workspace);
        const r = await this.call(args);
        if (r.code !== 0)
            this.fail(args, r);
        return readDownloadedRun(external_node_path_.resolve(this.opts.cwd, outputDir, name));
    }
}
/**
 * Reads a downloaded run folder. Line records come from `flow_artifacts/*.jsonl` (one object per
 * line with `line_number` and `run_info` {inputs, output, status}); without them, from
 * `flow_outputs/output.jsonl`. Writes `outputs.jsonl` / `inputs.jsonl` next to them.
 */
function readDownloadedRun(dir) {
    const outputs = [];
    const inputs = [];
    let total = 0;
    let failed = 0;
    const artifacts = external_node_path_.join(dir, 'flow_artifacts');
    if ((0,external_node_fs_.existsSync)(artifacts)) {
        const files = (0,external_node_fs_.readdirSync)(artifacts)
            .filter((f) => f.endsWith('.jsonl'))
            .sort();
        const lines = [];
        for (const f of files)
            for (const l of (0,external_node_fs_.readFileSync)(external_node_path_.join(artifacts, f), 'utf8').split('\n')) {
                if (!l.trim())
                    continue;
                const rec = JSON.parse(l);
                const info = rec.run_info ?? {};
                lines.push({
                    n: Number(rec.line_number ?? info.index ?? lines.length),
                    info,
                    status: String(info.status ?? rec.status ?? '')
                });
            }
        lines.sort((a, b) => a.n - b.n);
        for (const { n, info, status } of lines) {
            total++;
            inputs.push({ line_number: n, ...(info.inputs ?? {}) });
            if (status === 'Completed')
                outputs.push({ line_number: n, ...(info.output ?? {}) });
            else
                failed++;
        }
    }
    else {
        const file = external_node_path_.join(dir, 'flow_outputs', 'output.jsonl');
        if ((0,external_node_fs_.existsSync)(file))
            for (const l of (0,external_node_fs_.readFileSync)(file, 'utf8').split('\n'))
                if (l.trim())
                    outputs.push(JSON.parse(l));
        total = outputs.length;
    }
    const outputsFile = external_node_path_.join(dir, 'outputs.jsonl');
    (0,external_node_fs_.writeFileSync)(outputsFile, outputs.map((o) => JSON.stringify(o) + '\n').join(''));
    let inputsFile;
    if (inputs.length) {
        inputsFile = external_node_path_.join(dir, 'inputs.jsonl');
        (0,external_node_fs_.writeFileSync)(inputsFile, inputs.map((o) => JSON.stringify(o) + '\n').join(''));
    }
    let metrics;
    const metricsFile = external_node_path_.join(dir, 'metrics.json');
    if ((0,external_node_fs_.existsSync)(metricsFile)) {
        metrics = {};
        const value = JSON.parse((0,external_node_fs_.readFileSync)(metricsFile, 'utf8'));
        for (const [k, v] of Object.entries(value ?? {}))
            if (typeof v === 'number')
                metrics[k] = v;
    }
    return {
        dir,
        outputsFile,
        inputsFile,
        lines: { total, completed: outputs.length, failed },
        ...(metrics ? { metrics } : {})
    };
}
/** Message of a failed cloud run (`error.error.message` in run history's shape). */
function cloudRunError(run) {
    const e = run.error;
    if (!e)
        return undefined;
    return e.error?.message ?? e.message ?? JSON.stringify(e);
}
/** The promptflow[azure] release installed when pfazure is missing: pinned, so every job drives the CLI shape we parse. */
const PROMPTFLOW_AZURE_VERSION = '1.18.5';
const PROMPTFLOW_AZURE_REQUIREMENT = `promptflow[azure]==${PROMPTFLOW_AZURE_VERSION}`;
/** Where pip puts the venv's scripts (`bin/`, or `Scripts\` on Windows). */
function venvExecutable(venv, name) {
    return process.platform === 'win32'
        ? external_node_path_.join(venv, 'Scripts', `${name}.exe`)
        : external_node_path_.join(venv, 'bin', name);
}
/**
 * The pfazure executable: `command`, `$GENAIOPS_PFAZURE`, or `pfazure` on PATH. When there is none,
 * installs the pinned `promptflow[azure]` into its own virtual environment (created once per version
 * and reused), so the job's Python and the flow's dependencies are left alone.
 */
async function resolvePfazure(opts) {
    const explicit = opts.command ?? opts.env.GENAIOPS_PFAZURE;
    if (explicit)
        return explicit;
    const found = findOnPath('pfazure', opts.env);
    if (found)
        return found;
    if (opts.install === false)
        throw new errors/* UserError */.yo(`pfazure not found on PATH: install it with \`pip install "${PROMPTFLOW_AZURE_REQUIREMENT}"\``);
    const venv = opts.venvDir ??
        (opts.env.GENAIOPS_PFAZURE_VENV?.trim() ||
            external_node_path_.join(opts.env.RUNNER_TOOL_CACHE || external_node_path_.join(external_node_os_.homedir(), '.cache'), 'genaiops', `pfazure-${PROMPTFLOW_AZURE_VERSION}`));
    const pfazure = venvExecutable(venv, 'pfazure');
    if ((0,external_node_fs_.existsSync)(pfazure)) {
        opts.reporter.info(`pfazure: ${PROMPTFLOW_AZURE_REQUIREMENT} from ${venv}`);
        return pfazure;
    }
    const python = findOnPath('python3', opts.env) ?? findOnPath('python', opts.env);
    if (!python)
        throw new errors/* UserError */.yo(`pfazure not found on PATH, and no python3 to install it with: install "${PROMPTFLOW_AZURE_REQUIREMENT}"`);
    opts.reporter.info(`pfazure not found on PATH: installing ${PROMPTFLOW_AZURE_REQUIREMENT} into its own virtual environment ${venv}`);
    const made = await execFile(python, ['-m', 'venv', venv], { env: opts.env });
    if (made.code !== 0)
        throw new errors/* UserError */.yo(`creating the virtual environment ${venv} failed (exit ${made.code}): ${made.stderr.trim().split('\n').slice(-5).join('\n')}`);
    const pip = await execFile(venvExecutable(venv, 'python'), ['-m', 'pip', 'install', '--disable-pip-version-check', PROMPTFLOW_AZURE_REQUIREMENT], { env: opts.env });
    if (pip.code !== 0)
        throw new errors/* UserError */.yo(`pip install "${PROMPTFLOW_AZURE_REQUIREMENT}" into ${venv} failed (exit ${pip.code}): ${pip.stderr.trim().split('\n').slice(-10).join('\n')}`);
    if (!(0,external_node_fs_.existsSync)(pfazure))
        throw new errors/* UserError */.yo(`installed ${PROMPTFLOW_AZURE_REQUIREMENT} into ${venv}, but ${pfazure} is not there`);
    return pfazure;
}

;// CONCATENATED MODULE: ./packages/core/dist/stages/backends.js
/**
 * Where the stages' runs execute. Both backends take the same run spec and give the same outcome
 * shape; both reuse a run that already completed under the same name (same build id).
 */










/** The embedded engine: `runBulk` into the local run store. */
class LocalRunBackend {
    o;
    kind = 'local';
    root;
    pythonWorkers;
    llmConcurrency;
    constructor(o) {
        this.o = o;
        this.root = runsRoot(o.storeRoot, o.cwd);
        const k = Math.max(1, o.parallelRuns);
        // every run has its own pool and LLM client: give each its share, so k runs at once use about
        // what one run alone would (CPUs for python, 32 LLM calls in flight)
        this.pythonWorkers = o.pythonWorkers ?? Math.max(1, Math.floor(external_node_os_.availableParallelism() / k));
        this.llmConcurrency = o.llmConcurrency ?? Math.max(4, Math.floor(32 / k));
    }
    /** The run store, relative to the workspace. */
    get store() {
        return (0,paths/* toPosixRelative */.T)(this.o.cwd, this.root);
    }
    async run(spec) {
        const store = { storeRoot: this.root, cwd: this.o.cwd };
        let existing;
        if (runExists(spec.name, store))
            try {
                existing = store_readRunRecord(this.root, spec.name);
            }
            catch {
                existing = undefined;
            }
        if (existing?.status === 'Completed') {
            this.o.reporter.info(`run ${spec.name}: already completed (same build id), reused`);
            return this.outcome(existing, showMetrics(spec.name, store), true);
        }
        const interrupted = existing && ['Running', 'Preparing', 'Canceled'].includes(existing.status);
        const common = {
            name: spec.name,
            storeRoot: this.root,
            cwd: this.o.cwd,
            environ: { ...this.o.environ, ...spec.environmentVariables },
            reporter: this.o.reporter,
            pythonWorkers: this.pythonWorkers,
            llmConcurrency: this.llmConcurrency,
            concurrency: this.o.lineConcurrency,
            requestTimeoutMs: this.o.requestTimeoutMs,
            signal: this.o.signal
        };
        try {
            const result = interrupted
                ? await runBulk({ ...common, resume: true })
                : await runBulk({
                    ...common,
                    flow: spec.flowDir,
                    data: spec.dataFile,
                    run: spec.baseRun,
                    columnMapping: spec.columnMapping,
                    variant: spec.variants,
                    displayName: spec.displayName,
                    tags: spec.tags,
                    overwrite: existing !== undefined
                });
            return this.outcome(result.record, result.metrics, false);
        }
        catch (e) {
            const message = e?.message ?? String(e);
            if (!(0,errors/* isUserError */.iU)(e))
                this.o.reporter.warn(`run ${spec.name}: ${e?.stack ?? message}`);
            let record;
            try {
                record = store_readRunRecord(this.root, spec.name);
            }
            catch {
                record = undefined;
            }
            if (record)
                return { ...this.outcome(record, {}, false), status: 'Failed', error: message };
            return { name: spec.name, status: 'Failed', reused: false, metrics: {}, error: message };
        }
    }
    async lookup(name) {
        const store = { storeRoot: this.root, cwd: this.o.cwd };
        if (!runExists(name, store))
            return undefined;
        const record = store_readRunRecord(this.root, name);
        return this.outcome(record, record.status === 'Completed' ? showMetrics(name, store) : {}, true);
    }
    outcome(record, metrics, reused) {
        const dir = store_runDir(this.root, record.name);
        const rel = (f) => (0,paths/* toPosixRelative */.T)(this.o.cwd, external_node_path_.join(dir, f));
        const status = record.status === 'Preparing' ? 'NotStarted' : record.status;
        return {
            name: record.name,
            status,
            reused,
            lines: record.line_count,
            metrics,
            error: record.error?.message,
            runDir: (0,paths/* toPosixRelative */.T)(this.o.cwd, dir),
            outputsFile: (0,external_node_fs_.existsSync)(external_node_path_.join(dir, store_RUN_FILES.outputs)) ? rel(store_RUN_FILES.outputs) : undefined,
            inputsFile: (0,external_node_fs_.existsSync)(external_node_path_.join(dir, store_RUN_FILES.inputs)) ? rel(store_RUN_FILES.inputs) : undefined,
            startTime: record.start_time ?? undefined,
            endTime: record.end_time ?? undefined,
            duration: record.duration ?? undefined
        };
    }
}
const DEFAULT_DOWNLOADS_DIR = '.genaiops/azure-runs';
/** Azure ML prompt flow runs through `pfazure`, polled with backoff until they end. */
class AzureRunBackend {
    o;
    kind = 'azure';
    pf;
    watcher;
    constructor(o) {
        this.o = o;
        this.pf = new Pfazure({ command: o.pfazure, workspace: o.workspace, cwd: o.cwd, env: o.env });
        this.watcher = new RunWatcher(this.pf, o.poll);
    }
    async lookup(name) {
        const r = await this.pf.show(name);
        if (!r)
            return undefined;
        const status = r.status;
        return {
            name,
            status,
            reused: true,
            metrics: {},
            error: status === 'Completed' ? undefined : (cloudRunError(r) ?? `run ${status}`),
            portalUrl: r.portal_url,
            startTime: r.start_time ?? undefined,
            endTime: r.end_time ?? undefined,
            duration: durationSeconds(r)
        };
    }
    async run(spec) {
        const { reporter } = this.o;
        try {
            // Optimistic submission: `run create` under the build's name; when the workspace already has
            // a run of that name (a rerun with the same build id), `run show` says what it is: completed →
            // reused; still going → waited for; failed or canceled → the retry gets the next
            // `_attempt<n>` name (run names are unique in a workspace).
            let name = spec.name;
            let final;
            let reused = false;
            let portalUrl;
            for (let attempt = 2;; attempt++) {
                const submitted = await this.submit(spec, name);
                if (typeof submitted === 'string' || submitted === undefined) {
                    portalUrl = submitted;
                    break;
                }
                const existing = await this.pf.show(name);
                if (!existing)
                    throw submitted;
                portalUrl = existing.portal_url;
                if (existing.status === 'Completed') {
                    reporter.info(`run ${name}: already completed (same build id), reused`);
                    reused = true;
                    final = existing;
                    break;
                }
                if (existing.status !== 'Failed' && existing.status !== 'Canceled') {
                    reporter.info(`run ${name} is already ${existing.status}: waiting for it`);
                    break;
                }
                name = `${spec.name}_attempt${attempt}`;
            }
            final ??= await this.watcher.wait(name);
            const status = final.status;
            const outcome = {
                name,
                status,
                reused,
                metrics: {},
                error: status === 'Completed' ? undefined : (cloudRunError(final) ?? `run ${status}`),
                portalUrl: final.portal_url ?? portalUrl,
                startTime: final.start_time ?? undefined,
                endTime: final.end_time ?? undefined,
                duration: durationSeconds(final)
            };
            if (status !== 'Completed') {
                reporter.info(`run ${name} ${status}: ${outcome.error}`);
                return outcome;
            }
            // the download holds the line results and metrics.json; show-metrics only when it fails
            const downloads = this.o.downloadsDir ?? DEFAULT_DOWNLOADS_DIR;
            try {
                const local = external_node_path_.resolve(this.o.cwd, downloads, name);
                const d = reused &&
                    (0,external_node_fs_.existsSync)(external_node_path_.join(local, 'metrics.json')) &&
                    (0,external_node_fs_.existsSync)(external_node_path_.join(local, 'outputs.jsonl'))
                    ? readDownloadedRun(local)
                    : await this.pf.download(name, downloads);
                outcome.lines = d.lines;
                outcome.outputsFile = (0,paths/* toPosixRelative */.T)(this.o.cwd, d.outputsFile);
                outcome.inputsFile = d.inputsFile && (0,paths/* toPosixRelative */.T)(this.o.cwd, d.inputsFile);
                outcome.metrics = d.metrics ?? (await this.pf.showMetrics(name));
            }
            catch (e) {
                reporter.warn(`run ${name}: could not download its line results (${e.message}); reports will lack its lines`);
                outcome.metrics = await this.pf.showMetrics(name);
            }
            reporter.info(`run ${name} Completed` +
                (outcome.lines ? `: ${outcome.lines.completed}/${outcome.lines.total} lines completed` : '') +
                (Object.keys(outcome.metrics).length
                    ? `; ${Object.entries(outcome.metrics)
                        .map(([k, v]) => `${k}=${v}`)
                        .join(', ')}`
                    : ''));
            return outcome;
        }
        catch (e) {
            const message = e?.message ?? String(e);
            if (!(0,errors/* isUserError */.iU)(e))
                reporter.warn(`run ${spec.name}: ${e?.stack ?? message}`);
            return { name: spec.name, status: 'Failed', reused: false, metrics: {}, error: message };
        }
    }
    /** `run create`; the portal URL (or undefined) when submitted, else the error (the caller checks whether the name exists). */
    async submit(spec, name) {
        try {
            const created = await this.pf.create({
                flow: (0,paths/* toPosixRelative */.T)(this.o.cwd, spec.flowDir),
                data: spec.registeredData ?? (0,paths/* toPosixRelative */.T)(this.o.cwd, spec.dataFile),
                run: spec.baseRun,
                columnMapping: spec.columnMapping,
                variant: spec.variantOption,
                name,
                displayName: spec.displayName,
                tags: spec.tags,
                environmentVariables: spec.environmentVariables,
                connections: this.o.connections,
                runtime: this.o.runtime
            });
            this.o.reporter.info(`run ${name}: submitted${created.portal_url ? ` (${created.portal_url})` : ''}`);
            return created.portal_url;
        }
        catch (e) {
            if (!(0,errors/* isUserError */.iU)(e))
                throw e;
            return e;
        }
    }
}
/**
 * Waits for many cloud runs with one poller: each tick is one `pfazure run list` (the newest runs,
 * enough to hold every run waited for): a run it lists as Completed is done; `run show` asks for
 * the record (with its error) of a run it lists as Failed or Canceled, and for a run it does not
 * list (just submitted, or a busy workspace). Ticks back off from `initialMs` to `maxMs`; each waiter has its own timeout.
 */
class RunWatcher {
    pf;
    poll;
    waiters = new Map();
    running = false;
    constructor(pf, poll = {}) {
        this.pf = pf;
        this.poll = poll;
    }
    wait(name) {
        return new Promise((resolve, reject) => {
            const list = this.waiters.get(name) ?? [];
            list.push({ since: Date.now(), resolve, reject });
            this.waiters.set(name, list);
            if (!this.running) {
                this.running = true;
                void this.loop();
            }
        });
    }
    settle(name, run) {
        for (const w of this.waiters.get(name) ?? []) {
            if (run instanceof Error)
                w.reject(run);
            else
                w.resolve(run);
        }
        this.waiters.delete(name);
    }
    async loop() {
        const { initialMs = 2000, maxMs = 30_000, factor = 1.5, timeoutMs = 24 * 3600_000 } = this.poll;
        let wait = initialMs;
        let next = Date.now() + wait;
        try {
            while (this.waiters.size) {
                await sleep(Math.max(0, next - Date.now()));
                const tick = Date.now();
                const names = [...this.waiters.keys()];
                let listed;
                try {
                    const runs = await this.pf.list(Math.max(50, names.length * 4));
                    listed = new Map(runs.map((r) => [r.name, r]));
                }
                catch {
                    listed = undefined; // no list: show every run
                }
                // completed in the list: done (the list has status and times); failed or canceled: `show`
                // for the error; not in the list: `show`
                for (const n of names)
                    if (listed?.get(n)?.status === 'Completed')
                        this.settle(n, listed.get(n));
                const ask = names.filter((n) => this.waiters.has(n) && (!listed?.has(n) || TERMINAL_STATUSES.includes(listed.get(n).status)));
                await mapConcurrent(ask, 4, async (name) => {
                    try {
                        const r = await this.pf.show(name);
                        if (r && TERMINAL_STATUSES.includes(r.status))
                            this.settle(name, r);
                    }
                    catch (e) {
                        this.settle(name, e);
                    }
                });
                for (const [name, ws] of this.waiters)
                    if (Date.now() - Math.min(...ws.map((w) => w.since)) > timeoutMs)
                        this.settle(name, new Error(`gave up waiting for run ${name} after ${Math.round(timeoutMs / 1000)} s`));
                // intervals count from the start of a tick: a slow pfazure call does not stretch them
                wait = Math.min(maxMs, Math.max(1, Math.round(wait * factor)));
                next = tick + wait;
            }
        }
        finally {
            this.running = false;
            // a waiter added while the last tick ended
            if (this.waiters.size) {
                this.running = true;
                void this.loop();
            }
        }
    }
}
function durationSeconds(run) {
    const d = run.duration;
    if (typeof d === 'number')
        return d;
    if (typeof d === 'string') {
        // run history gives "HH:MM:SS.ffffff"
        const m = /^(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(d);
        if (m)
            return Number(m[1] ?? 0) * 86400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]);
        const n = Number(d);
        if (Number.isFinite(n))
            return n;
    }
    if (run.start_time && run.end_time)
        return (Date.parse(run.end_time) - Date.parse(run.start_time)) / 1000;
    return undefined;
}

;// CONCATENATED MODULE: ./packages/core/dist/stages/gates.js
/**
 * Metric gates: the config's evaluator `gates`, overridden by a `gates` input, checked against the
 * metric rows (and a baseline's values when one is given).
 */






const GATE_KEYS = ['min', 'max', 'maxRegression'];
const gates_isRecord = (v) => !!v && typeof v === 'object' && !Array.isArray(v);
function isGate(v) {
    return (gates_isRecord(v) &&
        Object.keys(v).length > 0 &&
        Object.entries(v).every(([k, x]) => GATE_KEYS.includes(k) && (x === null || typeof x === 'number')));
}
/**
 * Parses the `gates` input: `{"evaluator": {"metric": {"min": 0.7}}}` or `{"metric": {"min": 0.7}}`
 * (every evaluator). A value whose keys are all gate keys (min, max, maxRegression) is a gate; any
 * other object is an evaluator's gates. `null` removes a bound.
 */
function parseGatesInput(input, evaluators) {
    const out = { all: {}, byEvaluator: {} };
    if (input === undefined || (typeof input === 'string' && input.trim() === ''))
        return out;
    let value = input;
    if (typeof input === 'string')
        try {
            value = JSON.parse(input);
        }
        catch (e) {
            throw new errors/* UserError */.yo(`gates: not valid JSON (${e.message}); expected {"metric": {"min": 0.7}} or {"evaluator": {"metric": {"min": 0.7}}}`);
        }
    if (!gates_isRecord(value))
        throw new errors/* UserError */.yo(`gates: expected a JSON object, found ${(0,describe/* describe */.q)(value)}`);
    const gateShape = '{"min": <number>, "max": <number>, "maxRegression": <number>}';
    for (const [key, v] of Object.entries(value)) {
        if (isGate(v)) {
            checkOrder(`gates.${key}`, v);
            out.all[key] = v;
            continue;
        }
        if (!gates_isRecord(v))
            throw new errors/* UserError */.yo(`gates.${key}: expected a gate ${gateShape} or an evaluator's gates, found ${(0,describe/* describe */.q)(v)}`);
        if (!evaluators.includes(key))
            throw new errors/* UserError */.yo(`gates.${key}: expected a gate ${gateShape}, or the name of an evaluator${(0,did_you_mean/* didYouMean */.a)(key, evaluators)} (evaluators: ${evaluators.join(', ') || 'none'})`);
        for (const [metric, g] of Object.entries(v)) {
            if (!isGate(g))
                throw new errors/* UserError */.yo(`gates.${key}.${metric}: expected a gate ${gateShape}, found ${(0,describe/* describe */.q)(g)}`);
            checkOrder(`gates.${key}.${metric}`, g);
        }
        out.byEvaluator[key] = v;
    }
    return out;
}
function checkOrder(at, g) {
    if (typeof g.min === 'number' && typeof g.max === 'number' && g.min > g.max)
        throw new errors/* UserError */.yo(`${at}: expected min ≤ max, found min ${g.min} > max ${g.max}`);
    if (typeof g.maxRegression === 'number' && g.maxRegression < 0)
        throw new errors/* UserError */.yo(`${at}: expected maxRegression ≥ 0, found ${g.maxRegression}`);
}
/** The config's gates with the input's overrides applied (key by key; `null` removes a bound). */
function effectiveGates(useCase, input = { all: {}, byEvaluator: {} }) {
    const table = {};
    useCase.config.evaluators.forEach((evaluator, i) => {
        const gates = {};
        for (const [metric, g] of Object.entries(evaluator.gates))
            gates[metric] = { ...g, where: useCase.locate(['evaluators', i, 'gates', metric]), fromInput: false };
        const apply = (metric, o) => {
            const spec = gates[metric] ?? {
                where: useCase.locate(Object.keys(evaluator.gates).length ? ['evaluators', i, 'gates'] : ['evaluators', i]),
                fromInput: true
            };
            spec.fromInput = true;
            for (const k of GATE_KEYS) {
                if (!(k in o))
                    continue;
                const v = o[k];
                if (v === null || v === undefined)
                    delete spec[k];
                else
                    spec[k] = v;
            }
            gates[metric] = spec;
        };
        for (const [metric, o] of Object.entries(input.all))
            apply(metric, o);
        for (const [metric, o] of Object.entries(input.byEvaluator[evaluator.name] ?? {}))
            apply(metric, o);
        for (const [metric, g] of Object.entries(gates))
            if (g.min === undefined && g.max === undefined && g.maxRegression === undefined)
                delete gates[metric];
        table[evaluator.name] = gates;
    });
    return table;
}
/**
 * The metric names a flow's aggregation code logs, read statically from `log_metric("name", …)`
 * calls; undefined when a call's name is not a string literal (or the code cannot be read), since
 * then only the run can tell.
 */
function staticLoggedMetrics(flow) {
    if (flow.kind !== 'dag')
        return undefined;
    const bodies = [];
    for (const n of flow.nodes) {
        if (!n.useVariants)
            bodies.push(n);
        else
            bodies.push(...Object.values(flow.nodeVariants[n.name]?.variants ?? {}));
    }
    const names = new Set();
    let sawAggregation = false;
    for (const b of bodies) {
        if (!b.aggregation)
            continue;
        sawAggregation = true;
        if (b.source.type !== 'code' || !b.source.file.endsWith('.py'))
            return undefined;
        let code;
        try {
            code = (0,external_node_fs_.readFileSync)(b.source.file, 'utf8');
        }
        catch {
            return undefined;
        }
        const code2 = code.replace(/^\s*(from|import)\s.*$/gm, '').replace(/^\s*def\s+log_metric\b.*$/gm, '');
        for (const m of code2.matchAll(/\blog_metric\s*\(\s*(?:key\s*=\s*)?([^,)]*)/g)) {
            const lit = /^(?:[rRuU]?)(['"])(.*)\1$/.exec(m[1].trim());
            if (!lit)
                return undefined;
            names.add(lit[2]);
        }
    }
    return sawAggregation ? names : new Set();
}
/**
 * A gate on a metric the evaluation flow can be seen never to log is a mistake: say so before any
 * run is submitted. (Flows whose metric names are computed are checked after the runs.)
 */
function checkGateMetrics(useCase, table, evaluatorsInUse, displayRoot) {
    throwIfProblems(gateMetricProblems(useCase, table, evaluatorsInUse, displayRoot));
}
function gateMetricProblems(useCase, table, evaluatorsInUse, displayRoot) {
    const problems = [];
    for (const evaluator of useCase.config.evaluators) {
        if (!evaluatorsInUse.includes(evaluator.name))
            continue;
        const gates = table[evaluator.name] ?? {};
        if (!Object.keys(gates).length)
            continue;
        const flow = (0,load/* loadFlow */.j7)(external_node_path_.join(useCase.dir, evaluator.flow), { displayRoot });
        const logged = staticLoggedMetrics(flow);
        if (!logged)
            continue;
        for (const [metric, g] of Object.entries(gates))
            if (!logged.has(metric))
                problems.push({
                    ...(g.where ?? { file: useCase.configFile }),
                    message: `gate on metric "${metric}" of evaluator "${evaluator.name}"${g.fromInput ? ' (gates input)' : ''}: ${flow.displayFile} never logs it${(0,did_you_mean/* didYouMean */.a)(metric, [...logged])}; it logs: ${[...logged].join(', ') || 'no metric'} (gate a logged metric, or add log_metric("${metric}", …) to its aggregation node)`
                });
    }
    return problems;
}
const fmt = (n) => String(Math.round(n * 1e6) / 1e6);
/**
 * One result per (row × gated metric), and per metric with a baseline value when a regression
 * limit applies. A metric the run did not log fails its gate.
 */
function evaluateGates(rows, table, opts = {}) {
    const results = [];
    for (const row of rows) {
        const gates = table[row.evaluator] ?? {};
        const metrics = new Set(Object.keys(gates));
        if (opts.maxRegression !== undefined && row.baseline)
            for (const m of Object.keys(row.baseline))
                metrics.add(m);
        const context = `evaluator ${row.evaluator}, run ${row.evaluationRun}: ${row.label} on ${row.dataset}`;
        for (const metric of metrics) {
            const g = gates[metric];
            const value = row.metrics[metric];
            const baseline = row.baseline?.[metric];
            const maxRegression = baseline !== undefined ? (g?.maxRegression ?? opts.maxRegression) : undefined;
            const lowerIsBetter = g !== undefined && g.max !== undefined && g.min === undefined;
            const result = {
                evaluator: row.evaluator,
                metric,
                run: row.evaluationRun,
                label: row.label,
                ...(value !== undefined ? { value } : {}),
                ...(g?.min !== undefined ? { min: g.min } : {}),
                ...(g?.max !== undefined ? { max: g.max } : {}),
                ...(maxRegression !== undefined ? { maxRegression } : {}),
                ...(baseline !== undefined ? { baseline } : {}),
                passed: true,
                message: '',
                where: g?.where
            };
            const bounds = [
                g?.min !== undefined ? `min ${fmt(g.min)}` : '',
                g?.max !== undefined ? `max ${fmt(g.max)}` : '',
                maxRegression !== undefined
                    ? `max regression ${fmt(maxRegression)} from baseline ${fmt(baseline)}`
                    : ''
            ].filter(Boolean);
            if (value === undefined) {
                result.passed = false;
                const error = opts.runErrors?.[row.evaluationRun];
                const logged = Object.keys(row.metrics);
                result.message = error
                    ? `${metric}: no value, the evaluation run failed (${error}); gate ${bounds.join(', ')} (${context})`
                    : `${metric} was not logged by the run (it logged: ${logged.join(', ') || 'no metric'}); gate ${bounds.join(', ')} (${context})`;
            }
            else if (g?.min !== undefined && value < g.min) {
                result.passed = false;
                result.message = `${metric} = ${fmt(value)} is below the gate min ${fmt(g.min)} (${context})`;
            }
            else if (g?.max !== undefined && value > g.max) {
                result.passed = false;
                result.message = `${metric} = ${fmt(value)} is above the gate max ${fmt(g.max)} (${context})`;
            }
            else if (maxRegression !== undefined &&
                (lowerIsBetter ? value - baseline : baseline - value) > maxRegression + 1e-12) {
                result.passed = false;
                const delta = value - baseline;
                result.message = `${metric} = ${fmt(value)} ${delta < 0 ? 'dropped' : 'rose'} ${fmt(Math.abs(delta))} from the baseline ${fmt(baseline)}, more than the max regression ${fmt(maxRegression)} (${context})`;
            }
            else {
                result.message = `${metric} = ${fmt(value)} meets ${bounds.join(', ') || 'no bound'} (${context})`;
            }
            results.push(result);
        }
    }
    return results;
}

;// CONCATENATED MODULE: ./packages/core/dist/stages/preflight.js
/**
 * One definition of "valid" for a use-case environment: every check that needs no model call.
 * `genaiops validate` runs it for every environment, and each stage runs it for its own before
 * anything is submitted, so a use-case that validates does not fail later for these reasons.
 *
 * - every dataset file has lines, and no more malformed lines than its `maxBadLines` (default 0);
 * - every `${data.col}` mapping names a column some line of its dataset has;
 * - every required flow input (no default) is provided: mapped, or a same-named data column;
 * - every evaluator has something to evaluate in the environment;
 * - every gate names a metric its evaluation flow logs (when the flow's code says so statically);
 * - the deployment's sample request gives the flow's required inputs and nothing else.
 * Each finding names the file and the place in it (file:line:col) and the fix.
 */











/** All problems of the environment, in one list (empty: valid). */
async function preflight(input, opts) {
    const { useCase, plan, flow, cwd } = input;
    const { config } = useCase;
    const envConfig = config.environments[plan.env];
    const rel = (p) => (0,paths/* toPosixRelative */.T)(cwd, p);
    const problems = [];
    const scans = new Map();
    for (const name of envConfig.datasets) {
        const d = config.datasets[name];
        const file = external_node_path_.join(useCase.dir, d.source);
        const display = rel(file);
        const at = useCase.locate(['datasets', name, 'source']);
        let scan;
        try {
            scan = await scanDataset(file, display);
        }
        catch (e) {
            if (!(e instanceof errors/* UserError */.yo))
                throw e;
            problems.push({ ...at, message: `dataset "${name}": ${e.message}` });
            continue;
        }
        if (scan.lines === 0) {
            problems.push({
                ...at,
                message: `dataset "${name}": ${display} is empty (expected JSON Lines, one object per line)`
            });
            continue;
        }
        const allowed = d.maxBadLines ?? 0;
        if (scan.bad.length > allowed)
            for (const b of scan.bad.slice(0, 10))
                problems.push({
                    file: display,
                    line: b.line,
                    column: b.column,
                    message: `dataset "${name}": ${b.message}; fix or remove the line${allowed ? '' : `, or allow it with "maxBadLines": ${scan.bad.length} on dataset "${name}" (it then counts as a failed line)`} (${scan.bad.length} malformed, ${allowed} allowed)`
                });
        scans.set(name, scan);
    }
    const checkMappings = (dataset, target, mappings, at, who) => {
        const scan = scans.get(dataset);
        if (!scan)
            return;
        const display = rel(external_node_path_.join(useCase.dir, config.datasets[dataset].source));
        const columns = [...scan.columns];
        for (const [input, value] of Object.entries(mappings)) {
            const column = /^\$\{data\.([^}]+)\}$/.exec(value)?.[1];
            if (column === undefined || scan.columns.has(column))
                continue;
            problems.push({
                ...useCase.locate([...at, input]),
                message: `${who}maps "${input}" to column "${column}", but no line of ${display} (dataset "${dataset}") has it${(0,did_you_mean/* didYouMean */.a)(column, columns)}; its columns: ${columns.join(', ') || 'none'}`
            });
        }
        for (const input of requiredInputs(target)) {
            if (input in mappings || scan.columns.has(input))
                continue;
            problems.push({
                ...useCase.locate(Object.keys(mappings).length ? at : at.slice(0, -1)),
                message: `${who}provides nothing for input "${input}" of ${target.displayFile} (it has no default): no mapping for it, and ${display} (dataset "${dataset}") has no column "${input}"; add "${input}": "\${data.<column>}" to the mappings`
            });
        }
    };
    for (const name of new Set(plan.experiments.map((e) => e.dataset)))
        checkMappings(name, flow, config.datasets[name].mappings, ['datasets', name, 'mappings'], '');
    if (opts.evaluators) {
        const experimentDatasets = envConfig.datasets.filter((d) => config.datasets[d].reference === undefined);
        config.evaluators.forEach((evaluator, i) => {
            const evaluations = plan.evaluations.filter((e) => e.evaluator === evaluator.name);
            const evalFlow = (0,load/* loadFlow */.j7)(external_node_path_.join(useCase.dir, evaluator.flow), { displayRoot: cwd });
            for (const dataset of new Set(evaluations.map((e) => e.dataset)))
                checkMappings(dataset, evalFlow, evaluator.mappings, ['evaluators', i, 'mappings'], `evaluator "${evaluator.name}" `);
            if (evaluations.length)
                return;
            const own = (evaluator.datasets ?? Object.keys(config.datasets)).filter((d) => config.datasets[d]?.reference !== undefined);
            const refs = own.map((d) => `${d} → ${config.datasets[d].reference}`);
            problems.push({
                ...useCase.locate(['evaluators', i]),
                message: `evaluator "${evaluator.name}" has nothing to evaluate in environment "${plan.env}": none of its evaluation datasets (${refs.join(', ') || 'none'}) references an experiment dataset of the environment (${experimentDatasets.join(', ')}); add one to the environment's "datasets"`
            });
        });
        const inUse = [...new Set(plan.evaluations.map((e) => e.evaluator))];
        problems.push(...gateMetricProblems(useCase, opts.gates ?? effectiveGates(useCase), inUse, cwd));
    }
    if (opts.deployment && plan.deployment)
        problems.push(...sampleRequestProblems(useCase, plan, flow, rel));
    return problems;
}
/** Inputs a flow cannot run without: declared, no default. */
function requiredInputs(flow) {
    const inputs = flow.kind === 'dag' ? flow.inputs : (flow.inputs ?? {});
    return Object.values(inputs)
        .filter((i) => !('default' in i))
        .map((i) => i.name);
}
/** The sample request: a JSON object whose keys are the flow's inputs, with every required one. */
function sampleRequestProblems(useCase, plan, flow, rel) {
    const file = external_node_path_.join(useCase.dir, plan.deployment.sampleRequest);
    let doc;
    try {
        doc = json_document/* JsonDocument */.q.parse(rel(file), (0,external_node_fs_.readFileSync)(file, 'utf8'));
    }
    catch {
        return []; // checkUseCase reports a missing or broken file
    }
    const body = doc.value;
    if (!body || typeof body !== 'object' || Array.isArray(body))
        return [];
    const names = flow.kind === 'dag' ? Object.keys(flow.inputs) : flow.inputs && Object.keys(flow.inputs);
    if (!names)
        return [];
    const problems = [];
    for (const key of Object.keys(body))
        if (!names.includes(key))
            problems.push(doc.problem([key], `"${key}" is not an input of ${flow.displayFile}${(0,did_you_mean/* didYouMean */.a)(key, names)}; the endpoint takes: ${names.join(', ') || 'nothing'} (remove it or rename it)`));
    const missing = requiredInputs(flow).filter((n) => !(n in body));
    if (missing.length)
        problems.push({
            ...useCase.locate(['environments', plan.env, 'deployment', 'sampleRequest']),
            message: `the sample request ${rel(file)} lacks input${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} of ${flow.displayFile} (no default): add ${missing.map((m) => `"${m}": …`).join(', ')} to it`
        });
    return problems;
}
/** One pass over a dataset: lines, the columns of any line, the malformed lines with their place. */
async function scanDataset(file, display) {
    const scan = { lines: 0, columns: new Set(), bad: [] };
    for await (const row of jsonl_readJsonlRows(file, display)) {
        scan.lines++;
        if (row.value)
            for (const k of Object.keys(row.value))
                scan.columns.add(k);
        else if (row.error) {
            const position = /at position (\d+)/.exec(row.error)?.[1];
            scan.bad.push({
                line: row.fileLine,
                column: position !== undefined ? Number(position) + 1 : 1,
                message: row.error.replace(/^.*?:\d+: /, 'line ')
            });
        }
    }
    return scan;
}
/**
 * `genaiops validate`: plans every environment (or one) and runs every check of `preflight` on
 * each; throws one UserError with every problem found (each once), else returns the plans.
 */
async function validateUseCase(dir, opts = {}) {
    const cwd = path.resolve(opts.cwd ?? process.cwd());
    const environ = opts.environ ?? process.env;
    const first = loadUseCase(dir, { env: opts.env, environ, displayRoot: cwd });
    const envs = opts.env ? [opts.env] : Object.keys(first.config.environments);
    const plans = [];
    const problems = new Map();
    for (const env of envs) {
        const useCase = loadUseCase(dir, { env, environ, displayRoot: cwd });
        const plan = planEnvironment(useCase, env, {
            backend: opts.backend,
            target: opts.target,
            displayRoot: cwd
        });
        const flow = loadFlow(path.join(useCase.dir, useCase.config.flow), {
            displayRoot: cwd,
            allowPackageTools: plan.backend === 'azure'
        });
        for (const p of await preflight({ useCase, plan, flow, cwd }, { evaluators: true, deployment: true }))
            problems.set(formatProblem(p), p);
        plans.push(plan);
    }
    throwIfProblems([...problems.values()]);
    return plans;
}

;// CONCATENATED MODULE: ./packages/core/dist/stages/context.js
/**
 * What every run stage does first: load the use-case for the environment, plan it, check the
 * inputs that would only fail later (empty data, unmapped columns, evaluators with nothing to
 * evaluate), and set up the backend.
 */












const DEFAULT_CONCURRENCY = 8;
function prepareStage(opts, reporter) {
    const cwd = external_node_path_.resolve(opts.cwd ?? process.cwd());
    let environ = opts.environ ?? process.env;
    const concurrency = opts.concurrency ?? DEFAULT_CONCURRENCY;
    if (!Number.isInteger(concurrency) || concurrency < 1)
        throw new errors/* UserError */.yo(`concurrency must be a positive whole number, got ${concurrency}`);
    const useCase = load_loadUseCase(external_node_path_.resolve(cwd, opts.useCase), { env: opts.env, environ, displayRoot: cwd });
    const plan = plan_planEnvironment(useCase, opts.env, {
        backend: opts.backend,
        target: opts.target,
        displayRoot: cwd
    });
    const flow = (0,load/* loadFlow */.j7)(external_node_path_.join(useCase.dir, useCase.config.flow), {
        displayRoot: cwd,
        allowPackageTools: plan.backend === 'azure'
    });
    const names = useCaseConnectionNames(useCase, flow, {
        displayRoot: cwd,
        allowPackageTools: plan.backend === 'azure'
    });
    const configured = Object.entries(useCase.config.environments[opts.env].connections ?? {})
        .filter(([, c]) => c.provider === 'mock')
        .map(([n]) => n);
    environ = (0,llm_mock/* withMockConnections */.QF)(environ, opts.mock ? names : configured);
    const mock = (0,llm_mock/* mockConnectionNames */.rV)(environ, names);
    if (mock.length) {
        if (plan.backend !== 'local')
            throw new errors/* UserError */.yo(`the mock provider (connection ${mock.join(', ')}) runs on the local backend only; environment "${opts.env}" uses the ${plan.backend} backend (add --backend local to rehearse it)`);
        reporter?.warn(mockWarning(mock, opts.mock === true));
    }
    return {
        cwd,
        environ,
        useCase,
        envConfig: useCase.config.environments[opts.env],
        plan,
        flow,
        concurrency,
        mock,
        rel: (p) => (0,paths/* toPosixRelative */.T)(cwd, p)
    };
}
/** LLM connections of the standard flow and every evaluation flow of a use-case. */
function useCaseConnectionNames(useCase, flow, flowOptions) {
    const evaluators = useCase.config.evaluators.map((e) => (0,load/* loadFlow */.j7)(external_node_path_.join(useCase.dir, e.flow), flowOptions));
    return [...new Set([flow, ...evaluators].flatMap(llm_mock/* flowConnectionNames */.j))];
}
/** Said every time the mock is used: never silently. */
function mockWarning(names, flag) {
    return (`MOCK PROVIDER: connection ${names.map((n) => `"${n}"`).join(', ')} ${flag ? 'runs on the mock provider (--mock)' : 'is set to the mock provider (provider "mock" in the config, or {"api_type":"mock"})'}: ` +
        'no model is called, answers echo the prompt, and the metrics are NOT MEANINGFUL');
}
/** `<planned name>_<build id>`. */
const runName = (planned, buildId) => slug(`${planned}_${buildId}`);
/**
 * A build id when none is given: the workflow run id, else the time and a random part (a new id each
 * invocation: two experiments started in the same second in one folder must not share run names).
 */
function defaultBuildId(environ) {
    // a re-run of a workflow keeps its run id, so it reuses what the first attempt completed
    if (environ.GITHUB_RUN_ID)
        return environ.GITHUB_RUN_ID;
    const d = new Date();
    const p = (n) => String(n).padStart(2, '0');
    const time = `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
    return `${time}-${(0,external_node_crypto_.randomBytes)(3).toString('hex')}`;
}
function checkBuildId(buildId) {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(buildId))
        throw new errors/* UserError */.yo(`build id "${buildId}": expected 1–64 letters, digits, '-' or '_'`);
    return buildId;
}
/** pf's `--variant` text for a selection: the one non-default node, or none. */
function variantOption(flow, selection) {
    const changed = variantNodes(flow).filter((n) => selection[n.node] !== undefined && selection[n.node] !== n.defaultVariantId);
    if (changed.length > 1)
        throw new errors/* UserError */.yo(`${flow.displayFile}: pfazure runs one node's variant at a time (--variant \${node.variant}); the selection ${changed.map((n) => `${n.node}.${selection[n.node]}`).join('+')} changes ${changed.length} nodes — use "variants": "one-at-a-time" or the local backend`);
    return changed.length ? `\${${changed[0].node}.${selection[changed[0].node]}}` : undefined;
}
/**
 * The checks of `validate` for this stage's environment (see preflight.ts), before any run is
 * submitted: all problems in one UserError.
 */
async function checkStageInputs(ctx, opts) {
    const { useCase, plan, flow, cwd } = ctx;
    (0,errors/* throwIfProblems */.W8)(await preflight({ useCase, plan, flow, cwd }, opts));
}
/** The backend of the plan, ready to run. */
async function createBackend(ctx, opts, reporter, parallelRuns) {
    if (ctx.plan.backend === 'local')
        return new LocalRunBackend({
            cwd: ctx.cwd,
            storeRoot: opts.storeRoot,
            environ: ctx.environ,
            reporter,
            parallelRuns,
            signal: opts.signal,
            requestTimeoutMs: ctx.useCase.config.requestTimeout !== undefined
                ? Math.round(ctx.useCase.config.requestTimeout * 1000)
                : undefined,
            ...opts.local
        });
    const azure = ctx.envConfig.azure;
    if (!azure)
        throw new errors/* UserError */.yo(`environment "${ctx.plan.env}" has no "azure" section: the azure backend needs one`);
    for (const key of ['resourceGroup', 'workspace'])
        if (!azure[key])
            throw new errors/* UserError */.yo([
                {
                    ...ctx.useCase.locate(['environments', ctx.plan.env, 'azure', key]),
                    message: `the azure backend needs the ${key === 'workspace' ? 'workspace' : 'resource group'} name of environment "${ctx.plan.env}", found it blank`
                }
            ]);
    const pfazure = await resolvePfazure({
        env: ctx.environ,
        reporter,
        command: opts.azure?.pfazure,
        install: opts.azure?.install
    });
    return new AzureRunBackend({
        cwd: ctx.cwd,
        pfazure,
        workspace: {
            subscriptionId: azure.subscriptionId,
            resourceGroup: azure.resourceGroup,
            workspace: azure.workspace
        },
        env: ctx.environ,
        reporter,
        runtime: azure.runtime,
        connections: opts.azure?.connections,
        poll: opts.azure?.poll,
        downloadsDir: opts.azure?.downloadsDir
    });
}
/** `azureml:<name>:<version>` of a registered dataset, when the options name one. */
function registeredDataRef(dataset, registered) {
    const v = registered?.[dataset];
    if (!v)
        return undefined;
    if (v.startsWith('azureml:'))
        return v;
    return v.includes(':') ? `azureml:${v}` : `azureml:${dataset}:${v}`;
}

;// CONCATENATED MODULE: ./packages/core/dist/stages/manifest.js
/**
 * The hand-over files between stages. `run-manifest.json` (experiment → evaluate) lists every
 * experiment run with its variant, dataset, backend, id and status; the evaluation manifest adds
 * the evaluation runs, the metric rows and the gate results. Paths in them are relative to the
 * workspace (forward slashes) so a later job on another runner can read them.
 */




const DEFAULT_RUN_MANIFEST = '.genaiops/run-manifest.json';
const DEFAULT_EVALUATION_MANIFEST = '.genaiops/evaluation-manifest.json';
const MANIFEST_VERSION = 1;
/** Writes JSON atomically (a reader never sees half a file), creating the folder. */
function writeJson(file, value) {
    (0,external_node_fs_.mkdirSync)(external_node_path_.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${(0,external_node_crypto_.randomBytes)(4).toString('hex')}.tmp`;
    (0,external_node_fs_.writeFileSync)(tmp, JSON.stringify(value, null, 2) + '\n');
    (0,external_node_fs_.renameSync)(tmp, file);
}
/** Reads a run manifest (or an evaluation manifest), checking its shape enough to use it. */
function readRunManifest(file, display = file) {
    if (!(0,external_node_fs_.existsSync)(file))
        throw new errors/* UserError */.yo(`${display}: run manifest not found (the experiment stage writes it)`);
    let value;
    try {
        value = JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8'));
    }
    catch (e) {
        throw new errors/* UserError */.yo(`${display}: not valid JSON (${e.message})`);
    }
    const m = value;
    if (!m ||
        typeof m !== 'object' ||
        !Array.isArray(m.runs) ||
        typeof m.useCase !== 'string' ||
        typeof m.env !== 'string')
        throw new errors/* UserError */.yo(`${display}: expected a run manifest (an object with useCase, env and runs), found something else`);
    if (m.version !== MANIFEST_VERSION)
        throw new errors/* UserError */.yo(`${display}: manifest version ${String(m.version)} is not supported (expected ${MANIFEST_VERSION})`);
    return m;
}
/** A manifest entry from a backend's outcome; optional fields left out when unknown. */
function manifestRun(base, o) {
    const entry = { ...base, ...o, id: o.name };
    for (const key of Object.keys(entry))
        if (entry[key] === undefined)
            delete entry[key];
    return entry;
}
/**
 * The one layout of outputs the CLI commands share: manifests under `.genaiops/<use-case>/`,
 * reports under `reports/<use-case>/<env>/` (relative to the workspace).
 */
function outputLayout(useCase, env) {
    return {
        manifest: path.join('.genaiops', useCase, 'run-manifest.json'),
        evaluationManifest: path.join('.genaiops', useCase, 'evaluation-manifest.json'),
        reportsDir: path.join('reports', useCase, env)
    };
}

;// CONCATENATED MODULE: ./packages/core/dist/stages/experiment.js
/**
 * The experiment stage: every experiment run of the environment's plan (variant selection ×
 * experiment dataset), submitted concurrently to the backend, written to `run-manifest.json`.
 */





/** Runs failed: the stage's result is attached (the manifest is written before this is thrown). */
class RunsFailedError extends errors/* UserError */.yo {
    result;
    constructor(message, result) {
        super(message);
        this.result = result;
        this.name = 'RunsFailedError';
    }
}
function runTags(ctx, buildId, extra) {
    return { use_case: ctx.plan.useCase, env: ctx.plan.env, build_id: buildId, ...extra };
}
function describeRun(r) {
    return `${r.name} (${r.label} on ${r.dataset})`;
}
async function experiment(opts, reporter) {
    const ctx = prepareStage(opts, reporter);
    const { plan, useCase, cwd } = ctx;
    for (const w of plan.warnings)
        reporter.warn(w);
    const buildId = checkBuildId(opts.buildId ?? defaultBuildId(ctx.environ));
    await checkStageInputs(ctx, { evaluators: true });
    const specs = plan.experiments.map((exp) => ({
        kind: 'experiment',
        name: runName(exp.name, buildId),
        displayName: `${plan.useCase} ${plan.env} ${exp.dataset} ${exp.label} (build ${buildId})`,
        flowDir: external_node_path_.join(useCase.dir, useCase.config.flow),
        dataFile: external_node_path_.join(useCase.dir, useCase.config.datasets[exp.dataset].source),
        registeredData: plan.backend === 'azure' ? registeredDataRef(exp.dataset, opts.azure?.registeredData) : undefined,
        columnMapping: exp.mappings,
        variants: exp.variants,
        variantOption: plan.backend === 'azure' ? variantOption(ctx.flow, exp.variants) : undefined,
        tags: runTags(ctx, buildId, { stage: 'experiment', dataset: exp.dataset, variant: exp.label }),
        environmentVariables: ctx.envConfig.environmentVariables ?? {}
    }));
    const parallel = Math.min(ctx.concurrency, Math.max(1, specs.length));
    const backend = await createBackend(ctx, opts, reporter, parallel);
    reporter.info(`${plan.useCase} · ${plan.env}: ${specs.length} experiment run(s) on the ${backend.kind} backend, ${parallel} at a time, build ${buildId}`);
    const started = Date.now();
    const runs = await mapConcurrent(plan.experiments, ctx.concurrency, async (exp, i) => {
        const o = await backend.run(specs[i]);
        return manifestRun({
            planned: exp.name,
            kind: 'experiment',
            dataset: exp.dataset,
            variants: exp.variants,
            label: exp.label,
            backend: backend.kind,
            buildId
        }, { ...o, metrics: undefined });
    });
    const azure = ctx.envConfig.azure;
    const manifest = {
        version: MANIFEST_VERSION,
        kind: 'experiment',
        useCase: plan.useCase,
        useCaseDir: ctx.rel(useCase.dir),
        env: plan.env,
        backend: plan.backend,
        buildId,
        createdAt: new Date().toISOString(),
        ...(plan.backend === 'local' && 'store' in backend
            ? { runStore: backend.store }
            : {}),
        ...(plan.backend === 'azure' && azure
            ? {
                azure: {
                    subscriptionId: azure.subscriptionId,
                    resourceGroup: azure.resourceGroup,
                    workspace: azure.workspace
                }
            }
            : {}),
        ...(ctx.mock.length ? { mock: ctx.mock } : {}),
        runs
    };
    const manifestFile = opts.manifest ?? DEFAULT_RUN_MANIFEST;
    writeJson(external_node_path_.resolve(cwd, manifestFile), manifest);
    const failed = runs.filter((r) => r.status !== 'Completed');
    const succeeded = runs.length - failed.length;
    const reused = runs.filter((r) => r.reused).length;
    reporter.info(`${succeeded} of ${runs.length} experiment run(s) completed${reused ? ` (${reused} reused)` : ''} in ${Math.round((Date.now() - started) / 100) / 10} s; manifest ${manifestFile}`);
    reporter.summary(experimentSummary(manifest));
    const result = {
        plan,
        buildId,
        manifest,
        manifestFile,
        runs,
        succeeded,
        failed: failed.length
    };
    if (failed.length) {
        const list = failed
            .map((r) => `- ${describeRun(r)}: ${r.status}${r.error ? `: ${r.error}` : ''}`)
            .join('\n');
        if (!opts.allowFailedRuns)
            throw new RunsFailedError(`${failed.length} of ${runs.length} experiment run(s) failed (manifest ${manifestFile}):\n${list}`, result);
        for (const r of failed)
            reporter.warn(`experiment run ${describeRun(r)} ${r.status}${r.error ? `: ${r.error}` : ''} (allowed)`);
    }
    return result;
}
const cell = (s) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
/** The job summary of the experiment stage: one row per run. */
function experimentSummary(m) {
    const lines = [
        `### Experiment runs: ${m.useCase} · ${m.env}`,
        '',
        `Backend \`${m.backend}\`, build \`${m.buildId ?? '-'}\`: ${m.runs.filter((r) => r.status === 'Completed').length} of ${m.runs.length} run(s) completed.`,
        '',
        '| run | dataset | variant | status | lines | |',
        '|---|---|---|---|---|---|'
    ];
    for (const r of m.runs) {
        const lineText = r.lines
            ? `${r.lines.completed}/${r.lines.total}${r.lines.failed ? ` (${r.lines.failed} failed)` : ''}`
            : '—';
        const name = r.portalUrl ? `[${r.name}](${r.portalUrl})` : `\`${r.name}\``;
        lines.push(`| ${name} | ${cell(r.dataset)} | ${cell(r.label)} | ${r.status}${r.error ? `: ${cell(r.error.slice(0, 200))}` : ''} | ${lineText} | ${r.reused ? 'reused' : ''} |`);
    }
    return lines.join('\n') + '\n';
}

;// CONCATENATED MODULE: ./packages/core/dist/report/csv.js
/**
 * CSV files of a report.
 *
 * Format (RFC 4180): fields separated by `,`, records end with CRLF, the first record is the
 * header; a field is enclosed in double quotes when it contains `,`, `"`, CR or LF, and a `"`
 * inside it is doubled. UTF-8 without a byte-order mark.
 *
 * Formula injection (CWE-1236): a spreadsheet runs a cell that begins with `=`, `+`, `-`, `@`, tab
 * or CR as a formula, and model outputs are attacker-controlled text. Such a TEXT cell gets a
 * leading `'` (`=HYPERLINK(…)` → `'=HYPERLINK(…)`), as OWASP recommends; the quote shows in the
 * cell, so the text is still readable and nothing runs. Numbers (JSON numbers, and text that is
 * entirely a decimal number such as `-0.5` or `+3`) are written as they are, so metric columns
 * stay numeric. Tools that read the CSV back should strip one leading `'` from a text cell that
 * starts with `'=`, `'+`, `'-`, `'@`, `'\t` or `'\r`.
 *
 * Line results: nested values are flattened one level — each top-level key of a line's inputs and
 * outputs is a column (`inputs.text`, `outputs.entities`); a value that is an object or an array is
 * written as its JSON text. `null` and missing values are empty cells.
 */


const NUMERIC = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const FORMULA_START = /^[=+\-@\t\r]/;
/** One cell's text (before RFC 4180 quoting): numbers as they are, text made formula-safe. */
function cellText(value) {
    if (value === undefined || value === null)
        return '';
    if (typeof value === 'number')
        return Number.isFinite(value) ? String(value) : String(value);
    if (typeof value === 'boolean')
        return String(value);
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (FORMULA_START.test(text) && !NUMERIC.test(text))
        return `'${text}`;
    return text;
}
/** RFC 4180 field: quoted when it holds a comma, a double quote, CR or LF. */
function csvField(value) {
    const text = cellText(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
/** One CSV record, CRLF-terminated. */
function csvRecord(values) {
    return values.map(csvField).join(',') + '\r\n';
}
/** Variant, metric, baseline and delta column names of the metrics CSV. */
function metricsColumns(rows) {
    const nodes = [];
    const metrics = [];
    let baseline = false;
    for (const r of rows) {
        for (const n of Object.keys(r.variants))
            if (!nodes.includes(n))
                nodes.push(n);
        for (const m of Object.keys(r.metrics))
            if (!metrics.includes(m))
                metrics.push(m);
        if (r.baseline && Object.keys(r.baseline).length)
            baseline = true;
    }
    return { nodes, metrics, baseline };
}
const USAGE_COLUMNS = [
    'prompt_tokens',
    'completion_tokens',
    'line_ms.p50',
    'line_ms.p95',
    'llm_call_ms.p50',
    'llm_call_ms.p95',
    'cost',
    'currency'
];
/**
 * The metrics CSV: one record per evaluator × variant combination × dataset. Columns: `evaluator`,
 * `dataset`, `label`, `experiment_run`, `evaluation_run`, `variant.<node>` for every variant node,
 * then for every metric `<metric>` and, when any row has a baseline, `<metric>.baseline` and
 * `<metric>.delta` (value − baseline); then, when the experiment runs recorded LLM usage, its
 * tokens, latencies and estimated cost.
 */
function metricsCsv(rows, usage = {}) {
    const { nodes, metrics, baseline } = metricsColumns(rows);
    const withUsage = rows.some((r) => usage[r.experimentRun]);
    const header = ['evaluator', 'dataset', 'label', 'experiment_run', 'evaluation_run'];
    header.push(...nodes.map((n) => `variant.${n}`));
    for (const m of metrics)
        header.push(...(baseline ? [m, `${m}.baseline`, `${m}.delta`] : [m]));
    if (withUsage)
        header.push(...USAGE_COLUMNS);
    let out = csvRecord(header);
    for (const r of rows) {
        const rec = [r.evaluator, r.dataset, r.label, r.experimentRun, r.evaluationRun];
        rec.push(...nodes.map((n) => r.variants[n]));
        for (const m of metrics) {
            const v = r.metrics[m];
            rec.push(v);
            if (baseline) {
                const b = r.baseline?.[m];
                rec.push(b, typeof v === 'number' && typeof b === 'number' ? v - b : undefined);
            }
        }
        if (withUsage) {
            const u = usage[r.experimentRun];
            rec.push(u?.promptTokens, u?.completionTokens, u?.lineP50, u?.lineP95, u?.llmP50, u?.llmP95, u?.cost, u?.currency);
        }
        out += csvRecord(rec);
    }
    return out;
}
const withoutLineNumber = (v) => {
    const { line_number: _ln, ...rest } = v;
    return rest;
};
/**
 * Streams the lines of a source in line order, joining `inputsFile` and `outputsFile` on
 * `line_number` (one record of each file in memory at a time). Lines come from `inputsFile` when
 * there is one (a failed line has inputs but no outputs), otherwise from `outputsFile`. A missing
 * file yields nothing. Stops after `limit` lines.
 */
async function* readLines(source, limit = Infinity) {
    if (limit <= 0)
        return;
    const hasOutputs = (0,external_node_fs_.existsSync)(source.outputsFile);
    const hasInputs = source.inputsFile !== undefined && (0,external_node_fs_.existsSync)(source.inputsFile);
    let count = 0;
    if (hasInputs) {
        const outputs = hasOutputs ? new LineNumberCursor(source.outputsFile) : undefined;
        try {
            for await (const row of jsonl_readJsonlRows(source.inputsFile)) {
                if (!row.value)
                    continue;
                const n = typeof row.value.line_number === 'number' ? row.value.line_number : row.lineNumber;
                yield { lineNumber: n, inputs: withoutLineNumber(row.value), outputs: await outputs?.get(n) };
                if (++count >= limit)
                    return;
            }
        }
        finally {
            await outputs?.close();
        }
    }
    else if (hasOutputs) {
        for await (const row of jsonl_readJsonlRows(source.outputsFile)) {
            if (!row.value)
                continue;
            const n = typeof row.value.line_number === 'number' ? row.value.line_number : row.lineNumber;
            yield { lineNumber: n, outputs: withoutLineNumber(row.value) };
            if (++count >= limit)
                return;
        }
    }
}
/** Input and output column names across all sources (first-seen order): one streaming pass. */
async function lineColumns(sources) {
    const inputs = new Set();
    const outputs = new Set();
    for (const s of sources)
        for await (const line of readLines(s)) {
            for (const k of Object.keys(line.inputs ?? {}))
                inputs.add(k);
            for (const k of Object.keys(line.outputs ?? {}))
                outputs.add(k);
        }
    return { inputs: [...inputs], outputs: [...outputs] };
}
/**
 * Writes the line-results CSV to `file`: `run`, `label`, `dataset`, `kind`, `evaluator`,
 * `line_number`, then `inputs.<key>` and `outputs.<key>` columns. Two streaming passes over the
 * JSONL files (the first finds the columns), so no run is held in memory. Returns the line count.
 */
async function writeLinesCsv(sources, file) {
    const { inputs, outputs } = await lineColumns(sources);
    const out = (0,external_node_fs_.createWriteStream)(file, { encoding: 'utf8' });
    let count = 0;
    try {
        await csv_write(out, csvRecord([
            'run',
            'label',
            'dataset',
            'kind',
            'evaluator',
            'line_number',
            ...inputs.map((k) => `inputs.${k}`),
            ...outputs.map((k) => `outputs.${k}`)
        ]));
        for (const s of sources)
            for await (const line of readLines(s)) {
                count++;
                await csv_write(out, csvRecord([
                    s.run,
                    s.label,
                    s.dataset,
                    s.kind,
                    s.evaluator,
                    line.lineNumber,
                    ...inputs.map((k) => line.inputs?.[k]),
                    ...outputs.map((k) => line.outputs?.[k])
                ]));
            }
    }
    finally {
        await new Promise((resolve, reject) => {
            out.once('error', reject);
            out.end(() => resolve());
        });
    }
    return count;
}
function csv_write(stream, text) {
    if (!stream.write(text))
        return new Promise((resolve) => stream.once('drain', () => resolve()));
}

;// CONCATENATED MODULE: ./packages/core/dist/report/history.js
/**
 * Metric history: one JSONL file per use-case and environment (`<dir>/<use-case>/<env>.jsonl`,
 * default dir `.genaiops/history`), one entry per report written. It lives in `.genaiops/` next to
 * the evaluation manifest that later builds take as their baseline, so it travels with it (the
 * workflows keep `.genaiops/`). Both evaluate and monitor write reports through `writeReports`,
 * which appends here; `kind` tells their entries apart.
 */



const DEFAULT_HISTORY_DIR = external_node_path_.join('.genaiops', 'history');
const DEFAULT_HISTORY_LIMIT = 20;
const safe = (s) => s.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^\.+/, '_');
function historyFile(dir, useCase, env) {
    return external_node_path_.join(dir, safe(useCase), `${safe(env)}.jsonl`);
}
function historyEntry(input, kind) {
    const gates = new Map();
    for (const g of input.gates)
        if (g.min !== undefined || g.max !== undefined)
            gates.set(`${g.evaluator}\0${g.metric}`, {
                evaluator: g.evaluator,
                metric: g.metric,
                ...(g.min !== undefined ? { min: g.min } : {}),
                ...(g.max !== undefined ? { max: g.max } : {})
            });
    return {
        kind,
        useCase: input.useCase,
        env: input.env,
        ...(input.buildId ? { buildId: input.buildId } : {}),
        at: input.generatedAt,
        rows: input.rows.map((r) => ({
            evaluator: r.evaluator,
            dataset: r.dataset,
            label: r.label,
            metrics: r.metrics
        })),
        gates: [...gates.values()]
    };
}
/** Entries of the file, oldest first; lines that are not entries are skipped. */
async function readHistory(file) {
    if (!(0,external_node_fs_.existsSync)(file))
        return [];
    const out = [];
    for (const line of (await (0,promises_.readFile)(file, 'utf8')).split('\n')) {
        if (!line.trim())
            continue;
        try {
            const e = JSON.parse(line);
            if (e && typeof e.at === 'string' && Array.isArray(e.rows))
                out.push(e);
        }
        catch {
            // a line cut short by a killed job: the others still make a trend
        }
    }
    return out;
}
/**
 * Appends this report's entry (a rerun of the same build and kind replaces nothing: each report is
 * a point in time) and returns the last `limit` entries of the same kind, this one last.
 */
async function appendHistory(input, opts) {
    const file = historyFile(opts.dir, input.useCase, input.env);
    const entry = historyEntry(input, opts.kind);
    const before = (await readHistory(file)).filter((e) => e.kind === opts.kind);
    (0,external_node_fs_.mkdirSync)(external_node_path_.dirname(file), { recursive: true });
    await (0,promises_.appendFile)(file, JSON.stringify(entry) + '\n', 'utf8');
    return [...before, entry].slice(-(opts.limit ?? DEFAULT_HISTORY_LIMIT));
}

;// CONCATENATED MODULE: ./packages/core/dist/report/model.js
const LOWER_EXACT = new Set(['mae', 'mse', 'rmse', 'wer', 'cer', 'perplexity', 'loss', 'error', 'errors']);
const LOWER_SUFFIX = ['error', 'errors', 'loss', 'duration', 'cost'];
/** Direction from the metric's name alone (rule 2 above). */
function directionFromName(metric) {
    const name = metric.toLowerCase();
    if (name.includes('error_rate') || name.includes('latency'))
        return 'lower';
    const parts = name.split(/[_\-. ]+/).filter(Boolean);
    const last = parts[parts.length - 1] ?? '';
    if (LOWER_EXACT.has(name) || LOWER_SUFFIX.includes(last))
        return 'lower';
    return 'higher';
}
/** Direction of `metric` of `evaluator`, from its gates first, then from its name. */
function metricDirection(metric, evaluator, gates) {
    const own = gates.filter((g) => g.metric === metric && (evaluator === undefined || g.evaluator === evaluator));
    const hasMin = own.some((g) => g.min !== undefined);
    const hasMax = own.some((g) => g.max !== undefined);
    if (hasMin && !hasMax)
        return 'higher';
    if (hasMax && !hasMin)
        return 'lower';
    return directionFromName(metric);
}
const isBetter = (a, b, d) => (d === 'higher' ? a > b : a < b);
function groupRows(rows, gates, opts = {}) {
    const groups = new Map();
    for (const row of rows) {
        const key = `${row.evaluator}\u0000${row.dataset}`;
        let g = groups.get(key);
        if (!g) {
            g = {
                key,
                evaluator: row.evaluator,
                dataset: row.dataset,
                rows: [],
                metrics: [],
                nodes: [],
                directions: {},
                guessed: [],
                best: {},
                hasBaseline: false
            };
            groups.set(key, g);
        }
        g.rows.push(row);
        for (const m of Object.keys(row.metrics))
            if (!g.metrics.includes(m))
                g.metrics.push(m);
        for (const n of Object.keys(row.variants))
            if (!g.nodes.includes(n))
                g.nodes.push(n);
        if (row.baseline && Object.keys(row.baseline).length)
            g.hasBaseline = true;
    }
    for (const g of groups.values()) {
        for (const m of g.metrics) {
            const configured = opts.higherIsBetter?.[g.evaluator]?.[m];
            const d = configured === undefined ? metricDirection(m, g.evaluator, gates) : configured ? 'higher' : 'lower';
            g.directions[m] = d;
            if (configured === undefined && !gates.some((x) => x.metric === m && x.evaluator === g.evaluator))
                g.guessed.push(m);
            const idx = g.rows.map((r, i) => [r.metrics[m], i]).filter(([v]) => isFiniteNumber(v));
            if (idx.length < 2 || opts.mock)
                continue;
            let best = idx[0][0];
            for (const [v] of idx)
                if (isBetter(v, best, d))
                    best = v;
            g.best[m] = idx.filter(([v]) => v === best).map(([, i]) => i);
        }
    }
    return [...groups.values()];
}
const isFiniteNumber = (v) => typeof v === 'number' && Number.isFinite(v);
/** `value − baseline`, when both are numbers. */
function delta(row, metric) {
    const v = row.metrics[metric];
    const b = row.baseline?.[metric];
    return isFiniteNumber(v) && isFiniteNumber(b) ? v - b : undefined;
}
/** Whether a delta is an improvement, a regression or neither, for the metric's direction. */
function deltaKind(d, dir) {
    if (d === undefined)
        return undefined;
    if (Math.abs(d) < 1e-12)
        return 'same';
    return (dir === 'higher') === d > 0 ? 'better' : 'worse';
}
/** A number for people: integers as is, otherwise 4 significant digits (no exponent for usual sizes). */
function formatNumber(v) {
    if (v === undefined || v === null)
        return '';
    if (!Number.isFinite(v))
        return String(v);
    if (Number.isInteger(v))
        return String(v);
    const abs = Math.abs(v);
    if (abs >= 1e-4 && abs < 1e15)
        return String(Number(v.toPrecision(4)));
    return v.toPrecision(4);
}
function formatDelta(d) {
    if (d === undefined)
        return '';
    const s = formatNumber(d);
    return d > 0 ? `+${s}` : d === 0 ? '±0' : s.replace(/^-/, '−');
}
/** `node=variant, …` of a row, or the label when there are no variant nodes. */
function describeVariants(row) {
    const entries = Object.entries(row.variants);
    return entries.length ? entries.map(([n, v]) => `${n}=${v}`).join(', ') : row.label;
}
function gateBound(g) {
    const parts = [];
    if (g.min !== undefined)
        parts.push(`≥ ${formatNumber(g.min)}`);
    if (g.max !== undefined)
        parts.push(`≤ ${formatNumber(g.max)}`);
    if (g.maxRegression !== undefined)
        parts.push(`regression ≤ ${formatNumber(g.maxRegression)}`);
    return parts.join(', ');
}
/** `<!-- genaiops:<use-case> -->`, with characters that could end an HTML comment replaced. */
function commentMarker(useCase) {
    return `<!-- genaiops:${useCase.replace(/[^A-Za-z0-9_.:/-]/g, '_').replace(/-{2,}/g, '-')} -->`;
}
/** The warning every report format shows when the mock provider answered. */
const mockNotice = (names) => `MOCK PROVIDER: connection ${names.join(', ')} ran on the mock provider (answers echo the prompt): these metrics are not meaningful, and no variant is marked best.`;
/** One sentence per run with failed lines. */
const failedLinesNotice = (f) => `${f.failed} of ${f.total} lines failed in ${f.kind} run ${f.run} (${f.label} on ${f.dataset}); its metrics cover only the other lines.`;
/**
 * The variant holding the most ★ across all groups; a tie goes to the cheaper one (by the summed
 * estimated cost of its experiment runs), then to the first seen. Undefined when nothing has a ★.
 */
function bestVariant(groups, usage = {}) {
    const stars = new Map();
    const cost = new Map();
    let of = 0;
    let currency;
    for (const g of groups) {
        for (const r of g.rows) {
            if (!stars.has(r.label))
                stars.set(r.label, 0);
            const u = usage[r.experimentRun];
            currency ??= u?.currency;
            const seen = cost.has(r.label) ? cost.get(r.label) : 0;
            cost.set(r.label, seen === undefined || u?.cost === undefined ? undefined : seen + u.cost);
        }
        for (const idx of Object.values(g.best)) {
            of++;
            for (const label of new Set(idx.map((i) => g.rows[i].label)))
                stars.set(label, stars.get(label) + 1);
        }
    }
    if (!of)
        return undefined;
    const top = Math.max(...stars.values());
    const tied = [...stars].filter(([, s]) => s === top).map(([l]) => l);
    const byCost = (a, b) => (cost.get(a) ?? Infinity) - (cost.get(b) ?? Infinity);
    const label = [...tied].sort(byCost)[0];
    const others = tied.filter((l) => l !== label).sort(byCost);
    const shown = others.slice(0, 3).map((l) => ({ label: l, cost: cost.get(l) }));
    return {
        label,
        stars: top,
        of,
        cost: cost.get(label),
        currency,
        tied: shown,
        moreTied: others.length - shown.length
    };
}

;// CONCATENATED MODULE: ./packages/core/dist/report/chart.js
/**
 * A grouped bar chart as inline SVG (no script, no external resource): one group per metric, one
 * bar per variant (series) in each group, a y axis with ticks, metric names under the groups, a
 * legend, and `<title>`s for assistive technology and hover (the chart's and one per bar).
 *
 * Scale: when the metrics are of comparable size (all in [0, 1], or the largest magnitudes within
 * 10× of each other) the groups share one y axis; otherwise each group gets its own axis, so a
 * latency in milliseconds does not flatten a rate in [0, 1] to nothing.
 */

/** Colour-blind-friendly palette (Tableau 10); cycles beyond ten series. */
const PALETTE = [
    '#4e79a7',
    '#f28e2b',
    '#e15759',
    '#76b7b2',
    '#59a14f',
    '#edc948',
    '#b07aa1',
    '#ff9da7',
    '#9c755f',
    '#bab0ac'
];
function escapeXml(text) {
    return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"';
const CHAR_W = 6.2; // average width of an 11px character
function truncate(text, maxChars) {
    return text.length <= maxChars ? text : text.slice(0, Math.max(1, maxChars - 1)) + '…';
}
const valueLabel = (v, best) => typeof v === 'number' && Number.isFinite(v) ? formatNumber(v) + (best ? ' ★' : '') : '';
/** Rounds a step to 1, 2 or 5 × 10^k. */
function niceStep(raw) {
    if (!(raw > 0))
        return 1;
    const p = Math.pow(10, Math.floor(Math.log10(raw)));
    const f = raw / p;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}
function scaleFor(values) {
    let lo = Math.min(0, ...values);
    let hi = Math.max(0, ...values);
    if (values.length && values.every((v) => v >= 0 && v <= 1))
        hi = 1;
    if (hi === lo)
        hi = lo + 1;
    const step = niceStep((hi - lo) / 4);
    lo = Math.floor(lo / step) * step;
    hi = Math.ceil(hi / step) * step;
    const ticks = [];
    for (let t = lo; t <= hi + step / 2; t += step)
        ticks.push(Number(t.toPrecision(12)));
    return { lo, hi, ticks };
}
/** Whether all groups can share one axis. */
function sharedScale(groups) {
    const all = groups.flatMap((g) => g.values.filter((v) => typeof v === 'number' && Number.isFinite(v)));
    if (all.every((v) => v >= 0 && v <= 1))
        return true;
    const mags = groups
        .map((g) => Math.max(0, ...g.values.filter((v) => typeof v === 'number').map(Math.abs)))
        .filter((m) => m > 0);
    return mags.length === 0 || Math.max(...mags) / Math.min(...mags) <= 10;
}
/** Renders the chart; empty string when there is nothing to draw. */
function barChartSvg(opts) {
    const { id, title, series, groups } = opts;
    if (!series.length || !groups.length)
        return '';
    const plotH = opts.plotHeight ?? 220;
    const shared = sharedScale(groups);
    const finite = (vs) => vs.filter((v) => typeof v === 'number' && Number.isFinite(v));
    const globalScale = scaleFor(groups.flatMap((g) => finite(g.values)));
    const scales = groups.map((g) => (shared ? globalScale : scaleFor(finite(g.values))));
    const barW = series.length > 8 ? 14 : series.length > 4 ? 20 : 28;
    const valueFont = barW < 20 ? 8 : 10;
    // Each bar gets a slot as wide as the widest value label, so labels of neighbouring bars (equal
    // values put them at the same height) can never overlap.
    const labelW = Math.max(...groups.flatMap((g) => g.values.map((v, i) => valueLabel(v, g.best?.includes(i) ?? false).length * valueFont * 0.62 + 4)));
    const barGap = 3;
    const slot = Math.max(barW + barGap, Math.ceil(labelW));
    const axisW = 48; // room for tick labels
    const groupPad = 16;
    const bars = series.length * slot - barGap;
    const groupW = Math.max(bars + 2 * groupPad, 90) + (shared ? 0 : axisW);
    const left = shared ? axisW + 8 : 8;
    const top = 36;
    const labelH = 34;
    const plotW = groups.length * groupW;
    // Legend: swatch + label, wrapped into rows.
    const legendItems = series.map((s) => truncate(s, 48));
    const titleText = truncate(title, 90);
    const totalW = Math.ceil(Math.max(left + plotW + 16, 360, left + titleText.length * 8 + 8));
    const legendRows = [[]];
    let lx = 0;
    for (let i = 0; i < legendItems.length; i++) {
        const w = 18 + legendItems[i].length * CHAR_W + 18;
        if (lx > 0 && lx + w > totalW - left - 8) {
            legendRows.push([]);
            lx = 0;
        }
        legendRows[legendRows.length - 1].push({ x: lx, i });
        lx += w;
    }
    const legendTop = top + plotH + labelH + 8;
    const height = legendTop + legendRows.length * 18 + 8;
    const y = (s, v) => top + plotH - ((v - s.lo) / (s.hi - s.lo)) * plotH;
    const out = [];
    const desc = `Grouped bar chart: ${groups.length} metric(s) × ${series.length} variant(s). ${shared ? 'One shared y axis.' : 'Each metric has its own y axis.'}`;
    out.push(`<svg class="chart" role="img" width="${totalW}" height="${height}" viewBox="0 0 ${totalW} ${height}" aria-labelledby="${id}-title ${id}-desc" ${FONT} font-size="11">`, `<title id="${id}-title">${escapeXml(title)}</title>`, `<desc id="${id}-desc">${escapeXml(desc)}</desc>`, `<text x="${left}" y="18" font-size="13" font-weight="600" fill="#1f2328">${escapeXml(titleText)}</text>`);
    const axis = (s, x0, width) => {
        for (const t of s.ticks) {
            const ty = y(s, t).toFixed(1);
            out.push(`<line x1="${x0}" x2="${x0 + width}" y1="${ty}" y2="${ty}" stroke="${t === 0 ? '#8c959f' : '#d0d7de'}" stroke-width="1"${t === 0 ? '' : ' stroke-dasharray="2 3"'}/>`, `<text x="${x0 - 6}" y="${ty}" class="muted" text-anchor="end" dominant-baseline="middle" fill="#57606a">${escapeXml(formatNumber(t))}</text>`);
        }
        out.push(`<line x1="${x0}" x2="${x0}" y1="${top}" y2="${top + plotH}" stroke="#8c959f" stroke-width="1"/>`);
    };
    if (shared)
        axis(globalScale, left, plotW);
    groups.forEach((g, gi) => {
        const s = scales[gi];
        const gx = left + gi * groupW + (shared ? 0 : axisW);
        const inner = groupW - (shared ? 0 : axisW);
        if (!shared)
            axis(s, gx, inner - 8);
        const dirText = g.direction ? ` (${g.direction} is better)` : '';
        out.push(`<g class="group" data-metric="${escapeXml(g.metric)}"><title>${escapeXml(g.metric + dirText)}</title>`);
        const x0 = gx + (inner - bars) / 2;
        const zero = y(s, Math.min(Math.max(0, s.lo), s.hi));
        series.forEach((name, si) => {
            const v = g.values[si];
            if (typeof v !== 'number' || !Number.isFinite(v))
                return;
            const bx = x0 + si * slot + (slot - barGap - barW) / 2;
            const vy = y(s, v);
            const ry = Math.min(vy, zero);
            const rh = Math.max(Math.abs(zero - vy), 0.5);
            const best = g.best?.includes(si) ?? false;
            const label = `${name} — ${g.metric}: ${formatNumber(v)}${best ? ' (best)' : ''}`;
            out.push(`<rect class="bar${best ? ' best' : ''}" data-metric="${escapeXml(g.metric)}" data-series="${escapeXml(name)}" x="${bx.toFixed(1)}" y="${ry.toFixed(1)}" width="${barW}" height="${rh.toFixed(1)}" fill="${PALETTE[si % PALETTE.length]}"${best ? ' stroke="#1f2328" stroke-width="1.5"' : ''}><title>${escapeXml(label)}</title></rect>`);
            const ty = v >= 0 ? ry - 4 : ry + rh + 11;
            out.push(`<text class="value" x="${(bx + barW / 2).toFixed(1)}" y="${ty.toFixed(1)}" text-anchor="middle" font-size="${valueFont}" fill="#1f2328" aria-hidden="true">${escapeXml(valueLabel(v, best))}</text>`);
        });
        const maxChars = Math.floor(inner / CHAR_W);
        out.push(`<text x="${(gx + inner / 2).toFixed(1)}" y="${top + plotH + 16}" text-anchor="middle" fill="#1f2328" font-weight="600">${escapeXml(truncate(g.metric, maxChars))}</text>`);
        if (g.direction)
            out.push(`<text x="${(gx + inner / 2).toFixed(1)}" y="${top + plotH + 29}" class="muted" text-anchor="middle" fill="#57606a" font-size="10">${g.direction === 'higher' ? '↑ higher is better' : '↓ lower is better'}</text>`);
        out.push('</g>');
    });
    legendRows.forEach((row, ri) => {
        for (const { x, i } of row) {
            const ly = legendTop + ri * 18;
            out.push(`<g class="legend-item"><title>${escapeXml(series[i])}</title><rect x="${left + x}" y="${ly}" width="12" height="12" fill="${PALETTE[i % PALETTE.length]}"/><text x="${left + x + 17}" y="${ly + 10}" fill="#1f2328">${escapeXml(legendItems[i])}</text></g>`);
        }
    });
    out.push('</svg>');
    return out.join('\n');
}

;// CONCATENATED MODULE: ./packages/core/dist/report/names.js
/** Short forms of long names (run names, variant labels) for where space is tight. */
/**
 * `name` cut in the middle to at most `max` characters (`ticket_cl…variant_1_b42`): the end of a
 * run name tells variants and builds apart, so it is kept. The full name goes in a tooltip and
 * the CSV files.
 */
function shortName(name, max = 28) {
    if (name.length <= max)
        return name;
    const tail = Math.ceil((max - 1) / 2);
    return `${name.slice(0, max - 1 - tail)}…${name.slice(name.length - tail)}`;
}
/**
 * Short forms of names that share a long beginning and end (`<use-case>_<env>_…_<build>` run
 * names): what they share is left out, at `_`/`-`/`.` boundaries, so the part that tells them apart
 * is what shows; then each is cut to `max`. One name alone is just cut.
 */
function distinctShortNames(names, max = 28) {
    const unique = [...new Set(names)];
    if (unique.length < 2)
        return names.map((n) => shortName(n, max));
    let pre = 0;
    while (unique.every((n) => n.length > pre && n[pre] === unique[0][pre]))
        pre++;
    let suf = 0;
    const minLen = Math.min(...unique.map((n) => n.length));
    while (suf < minLen - pre &&
        unique.every((n) => n[n.length - 1 - suf] === unique[0][unique[0].length - 1 - suf]))
        suf++;
    const sep = /[_.-]/;
    while (pre > 0 && !sep.test(unique[0][pre - 1]))
        pre--;
    while (suf > 0 && !sep.test(unique[0][unique[0].length - suf]))
        suf--;
    return names.map((n) => {
        const middle = n.slice(pre, n.length - suf).replace(/^[_.-]+|[_.-]+$/g, '') || n;
        return shortName((pre ? '…' : '') + middle + (suf ? '…' : ''), max);
    });
}

;// CONCATENATED MODULE: ./packages/core/dist/report/compare.js
/**
 * The comparison view's model: for each experiment dataset, one row per dataset line and one column
 * per variant (experiment run), with the variant's outputs and each evaluator's line scores, the
 * line's inputs and its ground truth (the evaluation inputs taken from the data, `${data.*}`).
 *
 * - A variant **fails** a line when its run failed the line, or when one of its line scores says
 *   so: a boolean score that is `false` (`true` for a lower-is-better name such as `error`), or a
 *   number ≤ 0 for a higher-is-better name.
 * - Variants **disagree** on a line when their line scores differ (every evaluator output
 *   compared as text), or, without scores, when their outputs differ, or when some fail it and
 *   others do not.
 * - Lines are sorted by disagreement first (most failing variants first), then by line number.
 */



const DEFAULT_COMPARE_LINES = 5000;
/** A value as text: strings as they are, anything else as JSON, cut past `max` characters. */
function valueText(v, max = 4000) {
    if (v === undefined || v === null)
        return '';
    const text = typeof v === 'string' ? v : JSON.stringify(v);
    return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
}
function scoreFails(name, v) {
    const lower = directionFromName(name) === 'lower';
    if (typeof v === 'boolean')
        return lower ? v : !v;
    if (typeof v === 'number' && !lower)
        return v <= 0;
    return false;
}
async function readAll(source, max) {
    const out = new Map();
    for await (const line of readLines(source, max))
        out.set(line.lineNumber, line);
    return out;
}
const entries = (o, max) => Object.entries(o ?? {}).map(([key, v]) => ({ key, text: valueText(v, max) }));
/** Builds one comparison per experiment dataset of `sources` (streaming reads, `maxLines` per run). */
async function buildComparisons(sources, opts = {}) {
    const maxLines = opts.maxLines ?? DEFAULT_COMPARE_LINES;
    const maxText = opts.maxTextChars ?? 4000;
    const datasets = [...new Set(sources.filter((s) => s.kind === 'experiment').map((s) => s.dataset))];
    const out = [];
    for (const dataset of datasets) {
        const experiments = sources.filter((s) => s.kind === 'experiment' && s.dataset === dataset);
        const evaluations = sources.filter((s) => s.kind === 'evaluation' && s.dataset === dataset);
        const runs = await Promise.all(experiments.map((s) => readAll(s, maxLines + 1)));
        const evals = await Promise.all(experiments.map((exp) => Promise.all(evaluations
            .filter((e) => (e.experimentRun ? e.experimentRun === exp.run : e.label === exp.label))
            .map(async (e) => ({ source: e, lines: await readAll(e, maxLines) })))));
        const truncated = runs.some((r) => r.size > maxLines);
        const numbers = [...new Set(runs.flatMap((r) => [...r.keys()]))].sort((a, b) => a - b).slice(0, maxLines);
        const lines = numbers.map((n) => {
            const first = runs.map((r) => r.get(n)).find((l) => l?.inputs);
            const truth = new Map();
            const cells = runs.map((r, ci) => {
                const line = r.get(n);
                const scores = [];
                for (const { source, lines: el } of evals[ci]) {
                    const e = el.get(n);
                    for (const k of source.referenceInputs ?? [])
                        if (e?.inputs && k in e.inputs && !truth.has(k))
                            truth.set(k, valueText(e.inputs[k], maxText));
                    for (const [name, v] of Object.entries(e?.outputs ?? {}))
                        scores.push({
                            evaluator: source.evaluator ?? '',
                            name,
                            text: valueText(v, 200),
                            fails: scoreFails(name, v)
                        });
                }
                const status = !line ? 'missing' : line.outputs ? 'completed' : 'failed';
                return {
                    status,
                    outputs: entries(line?.outputs, maxText),
                    scores,
                    fails: status !== 'completed' || scores.some((s) => s.fails)
                };
            });
            return {
                lineNumber: n,
                inputs: entries(first?.inputs, maxText),
                truth: [...truth].map(([key, text]) => ({ key, text })),
                cells,
                disagree: cells.length > 1 && disagree(cells)
            };
        });
        const failCount = (l) => l.cells.filter((c) => c.fails).length;
        lines.sort((a, b) => Number(b.disagree) - Number(a.disagree) || failCount(b) - failCount(a) || a.lineNumber - b.lineNumber);
        out.push({
            dataset,
            columns: experiments.map((s) => ({ run: s.run, label: s.label, short: shortName(s.label) })),
            lines,
            disagreeing: lines.filter((l) => l.disagree).length,
            failing: experiments.map((_, ci) => lines.filter((l) => l.cells[ci].fails).length),
            truncated,
            maxLines
        });
    }
    return out;
}
function disagree(cells) {
    const differ = (key) => new Set(cells.map(key)).size > 1;
    if (differ((c) => String(c.fails)))
        return true;
    if (cells.some((c) => c.scores.length))
        return differ((c) => JSON.stringify(c.scores.map((s) => [s.evaluator, s.name, s.text])));
    return differ((c) => JSON.stringify(c.outputs));
}

;// CONCATENATED MODULE: ./packages/core/dist/report/cost.js
function priceOf(model, pricing) {
    const models = pricing?.models ?? {};
    if (models[model])
        return models[model];
    const prefix = Object.keys(models)
        .filter((k) => k !== '*' && model.startsWith(k))
        .sort((a, b) => b.length - a.length)[0];
    return prefix ? models[prefix] : models['*'];
}
function variantUsage(summary, pricing) {
    const u = {
        lines: summary.lines,
        calls: summary.calls,
        promptTokens: summary.prompt_tokens,
        completionTokens: summary.completion_tokens,
        lineP50: summary.line_duration_ms?.p50,
        lineP95: summary.line_duration_ms?.p95,
        llmP50: summary.llm_latency_ms?.p50,
        llmP95: summary.llm_latency_ms?.p95
    };
    if (!pricing)
        return u;
    let cost = 0;
    const unpriced = [];
    for (const [model, m] of Object.entries(summary.by_model)) {
        const p = priceOf(model, pricing);
        if (!p)
            unpriced.push(model);
        else
            cost += (m.prompt_tokens * p.input + m.completion_tokens * p.output) / 1e6;
    }
    u.currency = pricing.currency;
    if (unpriced.length)
        u.unpriced = unpriced;
    else
        u.cost = cost;
    return u;
}
/** `0.0123 USD`, with 3 significant digits (costs of a PR run are often fractions of a cent). */
function formatCost(cost, currency = '') {
    if (cost === undefined)
        return '';
    const text = cost === 0 ? '0' : cost >= 100 ? cost.toFixed(0) : String(Number(cost.toPrecision(3)));
    return currency ? `${text} ${currency}` : text;
}
/** `1,234` */
const formatCount = (n) => n.toLocaleString('en-US');
const formatMs = (ms) => ms === undefined ? '' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
/** The three figures shown per variant: total tokens, line latency p50 / p95, cost. */
function usageText(u) {
    return {
        tokens: formatCount(u.promptTokens + u.completionTokens),
        latency: u.lineP50 === undefined ? '' : `${formatMs(u.lineP50)} / ${formatMs(u.lineP95)}`,
        cost: u.cost === undefined ? (u.unpriced ? 'no price' : '') : formatCost(u.cost, u.currency)
    };
}

;// CONCATENATED MODULE: ./packages/core/dist/report/templates.js
/**
 * Handlebars templates of the HTML report, as string constants: the actions are bundled by ncc into
 * one file, so nothing is read from disk at run time.
 *
 * Everything from the run (labels, prompts, outputs) goes through `{{…}}`, which HTML-escapes.
 * The only `{{{…}}}` are the CSS constant and the SVGs, built by chart.ts / trends.ts with every
 * text escaped there.
 * The page is self-contained and has no script at all: inline CSS only, no external font, image or
 * stylesheet, and a Content-Security-Policy that forbids all of them (scripts included) should
 * anything slip through. The comparison view's filters are radio buttons read by CSS (`:has`), so
 * they work, by keyboard too, with scripts off; a browser without `:has` shows every line.
 */
const REPORT_CSS = `
:root { color-scheme: light dark; --fg: #1f2328; --muted: #57606a; --bg: #f6f8fa; --panel: #fff; --line: #d0d7de;
  --head: #f6f8fa; --ok-bg: #dafbe1; --ok: #116329; --bad-bg: #ffebe9; --bad: #a40e26; --none-bg: #eaeef2;
  --best-bg: #dafbe1; --star: #7d5800; --link: #0550ae; --focus: #0969da; --fail-row: #fff5f5; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --panel: #151b23; --line: #3d444d; --head: #1c232c;
    --ok-bg: #12361f; --ok: #56d364; --bad-bg: #3c1618; --bad: #ff8182; --none-bg: #262c36; --best-bg: #12361f;
    --star: #e3b341; --link: #6cb6ff; --focus: #6cb6ff; --fail-row: #2a1517; }
}
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--link); }
:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
header, section { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; margin-bottom: 20px; min-width: 0; }
header { padding: 16px 20px; }
section { padding: 4px 20px 16px; }
h1 { font-size: 22px; margin: 0 0 8px; overflow-wrap: anywhere; }
h2 { font-size: 18px; margin: 20px 0 10px; }
h3 { font-size: 15px; margin: 18px 0 8px; overflow-wrap: anywhere; }
dl.meta { display: grid; grid-template-columns: max-content 1fr max-content 1fr max-content 1fr; gap: 4px 12px; margin: 0; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; overflow-wrap: anywhere; }
.best-line { margin: 10px 0 0; }
.status { display: inline-block; white-space: nowrap; padding: 2px 10px; border-radius: 12px; font-weight: 600; font-size: 13px; }
.status.pass { background: var(--ok-bg); color: var(--ok); }
.status.fail { background: var(--bad-bg); color: var(--bad); }
.status.none { background: var(--none-bg); color: var(--muted); }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; margin: 6px 0 10px; font-size: 13px; }
caption { text-align: left; color: var(--muted); padding: 2px 0 4px; caption-side: top; }
th, td { border: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; overflow-wrap: break-word; }
td.msg, td.runs, table.compare td, table.compare th { overflow-wrap: anywhere; }
thead th { background: var(--head); font-weight: 600; }
table.metrics thead th, table.gates thead th { white-space: normal; overflow-wrap: anywhere; }
td.wrap { white-space: normal; }
tbody th { font-weight: 400; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.gate-fail td { background: var(--fail-row); }
td.best { background: var(--best-bg); font-weight: 700; }
.star { color: var(--star); }
.badge { display: inline-block; font-size: 11px; font-weight: 600; padding: 0 6px; border-radius: 8px; background: var(--ok-bg); color: var(--ok); }
p.notice { background: var(--bad-bg); color: var(--bad); border: 1px solid var(--bad); padding: 6px 10px; font-weight: 600; }
.delta { display: block; font-size: 11px; font-weight: 400; }
.delta.better { color: var(--ok); }
.delta.worse { color: var(--bad); }
.delta.same, .muted { color: var(--muted); }
.nowrap { white-space: nowrap; }
.mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
.chart { display: block; margin: 8px 0; max-width: 100%; height: auto; }
.chart text { fill: var(--fg); }
.chart text.muted { fill: var(--muted); }
.spark polyline { stroke: var(--link); }
.spark circle { fill: var(--link); }
.spark .gate { stroke: var(--bad); stroke-width: 1; }
table.gates, table.metrics, table.trends { width: 100%; }
/* below these widths a table scrolls in its box rather than squeezing its text into a column of letters */
table.gates { min-width: 720px; }
td.msg { min-width: 18em; }
table.metrics { min-width: 560px; }
table.trends { min-width: 520px; }
.filters { border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; margin: 8px 0; display: flex; flex-wrap: wrap; gap: 6px 14px; }
.filters legend { padding: 0 4px; font-weight: 600; }
.filters label { white-space: nowrap; cursor: pointer; }
table.compare { table-layout: fixed; width: 100%; min-width: calc(260px + var(--cols) * 150px); }
table.compare col.ln { width: 52px; }
table.compare col.in { width: 26%; }
table.compare col.gt { width: 12%; }
table.compare td.failed, table.compare td.missing { color: var(--bad); }
table.compare td.fails { background: var(--fail-row); }
.kv + .kv { margin-top: 2px; }
.txt { white-space: pre-wrap; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; margin: 0; }
.clip .txt { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 4; line-clamp: 4; overflow: hidden; }
.clip:has(details[open]) .txt { display: block; -webkit-line-clamp: none; line-clamp: none; overflow: visible; }
.clip summary { cursor: pointer; list-style: none; color: var(--link); text-decoration: underline; font-size: 11px; width: max-content; }
.clip summary::-webkit-details-marker { display: none; }
.clip details[open] summary::after { content: " (less)"; }
.key { color: var(--muted); font-size: 11px; font-family: system-ui, sans-serif; }
.scores { margin-top: 4px; display: flex; flex-wrap: wrap; gap: 4px; }
.score { font-size: 11px; border: 1px solid var(--line); border-radius: 8px; padding: 0 6px; }
.score.fail { border-color: var(--bad); color: var(--bad); font-weight: 600; }
.usage { font-size: 11px; font-weight: 400; color: var(--muted); }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
footer { color: var(--muted); font-size: 12px; }
@media (max-width: 800px) {
  body { padding: 12px; }
  dl.meta { grid-template-columns: max-content 1fr; }
  header, section { padding-left: 10px; padding-right: 10px; }
  /* narrow: tables keep whole words and scroll sideways in their box */
  table.metrics thead th, table.gates thead th, td.runs { overflow-wrap: normal; }
}
@media print {
  :root { color-scheme: light; --fg: #000; --muted: #333; --bg: #fff; --panel: #fff; --line: #999; --head: #eee; }
  body { padding: 0; font-size: 11px; }
  header, section { border: 0; padding: 0; margin-bottom: 12px; }
  .filters, .clip details { display: none; }
  .clip .txt { display: block; -webkit-line-clamp: none; line-clamp: none; overflow: visible; }
  .cmp tbody tr { display: table-row !important; }
  .scroll { overflow: visible; }
  table.compare { min-width: 0; }
  tr, .chart { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  a[href]::after { content: " (" attr(href) ")"; font-size: 10px; }
}
`;
/** The comparison filters: the checked radio of a comparison hides the rows it does not select. */
function filterCss(columns) {
    const rules = ['.cmp:has(.f-dis:checked) tbody tr:not(.dis) { display: none; }'];
    for (let i = 0; i < columns; i++)
        rules.push(`.cmp:has(.f-fail-${i}:checked) tbody tr:not(.fail-${i}) { display: none; }`);
    return rules.join('\n') + '\n';
}
// A long text is written once and clamped by CSS to a few lines; the disclosure after it lifts the
// clamp (keyboard-operable, no script; screen readers read the whole text either way).
const TEXT = `{{#if text.long}}<div class="clip"><span class="txt">{{text.full}}</span><details><summary>show all</summary></details></div>{{else}}<span class="txt">{{text.full}}</span>{{/if}}`;
const REPORT_TEMPLATE = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="genaiops">
<title>{{useCase}} · {{env}} — GenAIOps report</title>
<style>{{{css}}}</style>
</head>
<body>
<header>
<h1>{{useCase}} <span class="muted">· {{env}}</span>
{{#if gateSummary.total}}{{#if gateSummary.ok}}<span class="status pass">✓ gates passed</span>{{else}}<span class="status fail">✗ {{gateSummary.failed}} gate(s) failed</span>{{/if}}{{else}}<span class="status none">no gates</span>{{/if}}</h1>
<dl class="meta">
<dt>use-case</dt><dd>{{useCase}}</dd>
<dt>environment</dt><dd>{{env}}</dd>
<dt>backend</dt><dd>{{backend}}</dd>
<dt>build</dt><dd>{{#if buildId}}{{buildId}}{{else}}—{{/if}}</dd>
<dt>generated</dt><dd>{{generatedAt}}</dd>
<dt>runs</dt><dd>{{rowCount}} evaluated</dd>
</dl>
{{#each notices}}<p class="notice" role="alert">⚠ {{this}}</p>{{/each}}
{{#if best}}<p class="best-line">Best variant: <strong title="{{best.label.full}}">{{best.label.short}}</strong> <span class="muted">(★ in {{best.stars}} of {{best.of}} metric(s){{#if best.cost}}, {{best.cost}}{{/if}})</span>{{#if best.tied.length}} · as good:{{#each best.tied}} <span title="{{label.full}}">{{label.short}}</span>{{#if cost}} <span class="muted">({{cost}})</span>{{/if}}{{/each}}{{#if best.moreTied}} and {{best.moreTied}} more{{/if}}{{/if}}</p>{{/if}}
{{#if links}}<p>{{#if links.run}}<a href="{{links.run}}">workflow run</a>{{/if}}{{#if links.artifact}} · <a href="{{links.artifact}}">reports artifact</a>{{/if}}</p>{{/if}}
</header>

<section id="gates" aria-labelledby="gates-h">
<h2 id="gates-h">Gates</h2>
{{#if gates.length}}
<div class="scroll">
<table class="gates">
<thead><tr><th scope="col">result</th><th scope="col">evaluator</th><th scope="col">metric</th><th scope="col">variant</th><th scope="col" class="num">value</th><th scope="col">gate</th><th scope="col" class="num">baseline</th><th scope="col">message</th></tr></thead>
<tbody>
{{#each gates}}
<tr class="{{#if passed}}gate-pass{{else}}gate-fail{{/if}}"><td>{{#if passed}}<span class="status pass">✓ pass</span>{{else}}<span class="status fail">✗ fail</span>{{/if}}</td><td>{{evaluator}}</td><td>{{metric}}</td><td><span title="{{label.full}}">{{label.short}}</span><div class="muted mono" title="{{run.full}}">{{run.short}}</div></td><td class="num">{{value}}</td><td class="nowrap">{{bound}}</td><td class="num">{{baseline}}</td><td class="msg">{{message}}</td></tr>
{{/each}}
</tbody>
</table>
</div>
{{else}}
<p class="muted">No gates are configured for this environment.</p>
{{/if}}
</section>

<section id="metrics" aria-labelledby="metrics-h">
<h2 id="metrics-h">Metrics</h2>
<p class="muted">★ marks the best variant of each metric within an evaluator and dataset (higher is better unless the metric's name or its gate says lower is better: {{lowerRule}}).{{#if anyBaseline}} The small figure under a value is its change against the baseline (better / worse by colour and by its sign against the arrow in the header).{{/if}}{{#if guessed}} Direction guessed from the name for {{guessed}}: set "higherIsBetter" on the evaluator to say it.{{/if}}</p>
{{#each groups}}
<h3>{{evaluator}} <span class="muted">on {{dataset}}</span></h3>
{{{chart}}}
<div class="scroll">
<table class="metrics">
<caption>{{evaluator}} on {{dataset}}: one row per variant{{#if hasUsage}}; tokens and latency per line (p50 / p95) of its experiment run{{#if hasCost}}, and its estimated cost{{else}} (no cost: the config has no "pricing"){{/if}}{{/if}}</caption>
<thead><tr><th scope="col">variant</th>{{#each nodes}}<th scope="col">{{this}}</th>{{/each}}{{#each metrics}}<th scope="col" class="num">{{name}} <span class="muted" aria-label="{{#if (eq arrow '↓')}}lower is better{{else}}higher is better{{/if}}">{{arrow}}</span></th>{{/each}}{{#if hasUsage}}<th scope="col" class="num">tokens</th><th scope="col" class="num">latency p50 / p95</th>{{#if hasCost}}<th scope="col" class="num">cost</th>{{/if}}{{/if}}<th scope="col">runs</th></tr></thead>
<tbody>
{{#each rows}}
<tr data-label="{{label.full}}"><th scope="row" title="{{label.full}}">{{label.short}}</th>{{#each variants}}<td class="mono">{{this}}</td>{{/each}}{{#each cells}}<td class="num{{#if best}} best{{/if}}"{{#if best}} data-best="true"{{/if}}>{{text}}{{#if best}} <span class="star" title="best">★</span>{{/if}}{{#if delta}}<span class="delta {{deltaKind}}" title="baseline {{baseline}}">{{delta}}</span>{{/if}}</td>{{/each}}{{#if ../hasUsage}}{{#if usage}}<td class="num" title="{{usage.tokensTitle}}">{{usage.tokens}}</td><td class="num wrap" title="{{usage.latencyTitle}}">{{usage.latency}}</td>{{#if ../hasCost}}<td class="num wrap" title="{{usage.costTitle}}">{{usage.cost}}{{#if usage.cheapest}} <span class="badge">lowest</span>{{/if}}</td>{{/if}}{{else}}<td></td><td></td>{{#if ../hasCost}}<td></td>{{/if}}{{/if}}{{/if}}<td class="mono muted runs"><span title="{{experimentRun.full}}">{{experimentRun.short}}</span><br><span title="{{evaluationRun.full}}">{{evaluationRun.short}}</span></td></tr>
{{/each}}
</tbody>
</table>
</div>
{{else}}
<p class="muted">No metrics were recorded.</p>
{{/each}}
</section>

{{#if firstBuild}}<section id="trends" aria-labelledby="trends-h"><h2 id="trends-h">Trends</h2><p class="muted">This is the first build in the metric history (.genaiops/history): trends show from the next one on.</p></section>{{/if}}
{{#if trends.length}}
<section id="trends" aria-labelledby="trends-h">
<h2 id="trends-h">Trends</h2>
<p class="muted">Each metric's best variant over the last builds (this one last); dashed: the gate.</p>
<div class="scroll">
<table class="trends">
<thead><tr><th scope="col">evaluator</th><th scope="col">dataset</th><th scope="col">metric</th><th scope="col">last {{trends.0.builds}} build(s)</th><th scope="col" class="num">now</th><th scope="col">gate</th></tr></thead>
<tbody>
{{#each trends}}
<tr><td>{{evaluator}}</td><td>{{dataset}}</td><th scope="row">{{metric}} <span class="muted">{{#if (eq direction 'lower')}}↓{{else}}↑{{/if}}</span></th><td>{{{svg}}}</td><td class="num">{{last}}</td><td class="nowrap">{{gate}}</td></tr>
{{/each}}
</tbody>
</table>
</div>
</section>
{{/if}}

<section id="compare" aria-labelledby="compare-h">
<h2 id="compare-h">Compare variants line by line</h2>
{{#if comparisons.length}}
<p class="muted">One row per dataset line, one column per variant: its output and each evaluator's line score (a red score or cell: the variant fails the line). Lines where the variants disagree come first.</p>
{{#each comparisons}}
<div class="cmp" id="{{id}}" style="--cols: {{columns.length}}">
<h3>{{dataset}} <span class="muted">· {{count}} line(s) · the variants disagree on {{disagreeing}}</span></h3>
{{#if truncated}}<p class="muted">The first {{maxLines}} lines of each run; every line is in the line-results CSV.</p>{{/if}}
<fieldset class="filters">
<legend>Show</legend>
<label><input type="radio" name="{{id}}-filter" class="f-all" checked> all lines ({{count}})</label>
<label><input type="radio" name="{{id}}-filter" class="f-dis"> the variants disagree ({{disagreeing}})</label>
{{#each columns}}<label><input type="radio" name="{{../id}}-filter" class="f-fail-{{index}}"> <span title="{{label}}">{{short}}</span> fails ({{failing}})</label>
{{/each}}
</fieldset>
<div class="scroll">
<table class="compare">
<caption class="sr-only">{{dataset}}: line inputs, ground truth, and each variant's output and line scores</caption>
<colgroup><col class="ln"><col class="in">{{#if hasTruth}}<col class="gt">{{/if}}{{#each columns}}<col>{{/each}}</colgroup>
<thead><tr><th scope="col">line</th><th scope="col">input</th>{{#if hasTruth}}<th scope="col">ground truth</th>{{/if}}{{#each columns}}<th scope="col" title="{{label}} — run {{run}}">{{short}}{{#if usage}}<div class="usage" title="{{usage.tokensTitle}}">{{usage.tokens}} tokens{{#if usage.latency}} · {{usage.latency}}{{/if}}{{#if usage.cost}} · {{usage.cost}}{{/if}}</div>{{/if}}</th>{{/each}}</tr></thead>
<tbody>
{{#each lines}}
<tr class="{{classes}}"><th scope="row" class="num">{{lineNumber}}</th><td>{{#each inputs}}<div class="kv"><span class="key">{{key}}</span> ${TEXT}</div>{{/each}}</td>{{#if ../hasTruth}}<td>{{#each truth}}<div class="kv">${TEXT}</div>{{/each}}</td>{{/if}}{{#each cells}}<td class="{{status}}{{#if fails}} fails{{/if}}">{{#if (eq status 'failed')}}✗ the line failed{{else}}{{#if (eq status 'missing')}}— no result{{/if}}{{/if}}{{#each outputs}}<div class="kv">{{#unless ../single}}<span class="key">{{key}}</span> {{/unless}}${TEXT}</div>{{/each}}{{#if scores.length}}<div class="scores">{{#each scores}}<span class="score{{#if fails}} fail{{/if}}" title="{{evaluator}}">{{#if fails}}✗ {{/if}}{{name}}: {{text}}</span>{{/each}}</div>{{/if}}</td>{{/each}}</tr>
{{/each}}
</tbody>
</table>
</div>
</div>
{{/each}}
{{else}}
<p class="muted">No line results.</p>
{{/if}}
</section>

<footer>Generated by genaiops at {{generatedAt}}. Also written: the metrics and line-results CSV files (full run names, every line) and the markdown summary.</footer>
</body>
</html>
`;

;// CONCATENATED MODULE: ./packages/core/dist/report/trends.js
/**
 * Trends of each metric across the last builds (from history.ts): per evaluator × dataset × metric,
 * the best variant's value of each build, drawn as a small inline SVG line with the gate bounds
 * (HTML report), or as a row of block characters (markdown: GitHub strips SVG from summaries).
 */


function trendSeries(history) {
    const last = history[history.length - 1];
    if (!last)
        return [];
    const out = [];
    const seen = new Set();
    for (const row of last.rows)
        for (const metric of Object.keys(row.metrics)) {
            const key = `${row.evaluator}\0${row.dataset}\0${metric}`;
            if (seen.has(key))
                continue;
            seen.add(key);
            const gate = last.gates.find((g) => g.evaluator === row.evaluator && g.metric === metric);
            const direction = gate?.min !== undefined && gate.max === undefined
                ? 'higher'
                : gate?.max !== undefined && gate.min === undefined
                    ? 'lower'
                    : directionFromName(metric);
            const points = history.map((e) => {
                let value;
                for (const r of e.rows) {
                    const v = r.metrics[metric];
                    if (r.evaluator !== row.evaluator || r.dataset !== row.dataset || !isFiniteNumber(v))
                        continue;
                    if (value === undefined || isBetter(v, value, direction))
                        value = v;
                }
                return { buildId: e.buildId, at: e.at, value };
            });
            out.push({
                evaluator: row.evaluator,
                dataset: row.dataset,
                metric,
                direction,
                points,
                ...(gate?.min !== undefined ? { min: gate.min } : {}),
                ...(gate?.max !== undefined ? { max: gate.max } : {})
            });
        }
    return out;
}
const W = 160;
const H = 40;
const PAD = 4;
/** A sparkline with its gate bounds (dashed) and the last value marked; '' with no value. */
function sparklineSvg(s) {
    const values = s.points.map((p) => p.value);
    const finite = values.filter(isFiniteNumber);
    if (!finite.length)
        return '';
    const bounds = [s.min, s.max].filter(isFiniteNumber);
    let lo = Math.min(...finite, ...bounds);
    let hi = Math.max(...finite, ...bounds);
    if (hi === lo)
        [lo, hi] = [lo - 1, hi + 1];
    const n = values.length;
    const x = (i) => PAD + (n === 1 ? (W - 2 * PAD) / 2 : (i * (W - 2 * PAD)) / (n - 1));
    const y = (v) => PAD + (1 - (v - lo) / (hi - lo)) * (H - 2 * PAD);
    const pts = values
        .map((v, i) => (isFiniteNumber(v) ? `${x(i).toFixed(1)},${y(v).toFixed(1)}` : ''))
        .filter(Boolean)
        .join(' ');
    const label = `${s.metric} (${s.evaluator} on ${s.dataset}) over the last ${n} build(s): ` +
        values
            .map((v, i) => `${s.points[i].buildId ?? i + 1}: ${v === undefined ? '—' : formatNumber(v)}`)
            .join(', ') +
        (bounds.length
            ? `; gate ${[s.min !== undefined ? `≥ ${s.min}` : '', s.max !== undefined ? `≤ ${s.max}` : ''].filter(Boolean).join(', ')}`
            : '');
    const gate = bounds
        .map((b) => `<line class="gate" x1="0" x2="${W}" y1="${y(b).toFixed(1)}" y2="${y(b).toFixed(1)}" stroke-dasharray="3 2"/>`)
        .join('');
    const lastIdx = values
        .map((v, i) => (isFiniteNumber(v) ? i : -1))
        .filter((i) => i >= 0)
        .pop();
    return (`<svg class="spark" role="img" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}"><title>${escapeXml(label)}</title>` +
        gate +
        `<polyline points="${pts}" fill="none" stroke-width="1.5"/>` +
        `<circle cx="${x(lastIdx).toFixed(1)}" cy="${y(values[lastIdx]).toFixed(1)}" r="2.5"/></svg>`);
}
const BLOCKS = '▁▂▃▄▅▆▇█';
/** `▁▃▅█` for markdown; `·` where a build has no value. */
function sparklineText(values) {
    const finite = values.filter(isFiniteNumber);
    if (!finite.length)
        return '';
    const lo = Math.min(...finite);
    const hi = Math.max(...finite);
    return values
        .map((v) => !isFiniteNumber(v) ? '·' : hi === lo ? BLOCKS[3] : BLOCKS[Math.round(((v - lo) / (hi - lo)) * 7)])
        .join('');
}

;// CONCATENATED MODULE: ./packages/core/dist/report/html.js







/** Past this many characters (or 4 lines) a text is clamped, with a control to show it all. */
const CLAMP_CHARS = 120;
let compiled;
/**
 * The compiled page template. Handlebars is imported on first use, not when core loads: every action
 * bundles core, and only the evaluate stage renders HTML (ncc puts it in a chunk of its own; this
 * saves ~20 ms of start-up in the other actions, see bench/b6-action-start.mjs).
 */
function html_template() {
    compiled ??= __webpack_require__.e(/* import() */ 508).then(__webpack_require__.t.bind(__webpack_require__, 88508, 19)).then(({ default: hbs }) => {
        // An isolated environment: no helper or partial registered elsewhere can change the output.
        const env = hbs.create();
        env.registerHelper('eq', (a, b) => a === b);
        return env.compile(REPORT_TEMPLATE, { strict: false, preventIndent: true });
    });
    return compiled;
}
/** A text for a cell, and whether it is long enough to be clamped. */
const clamp = (text) => ({
    full: text,
    long: text.length > CLAMP_CHARS || text.split('\n', 5).length > 4
});
const named = (name, max) => ({ full: name, short: shortName(name, max) });
function usageView(u, cheapest) {
    if (!u)
        return undefined;
    return {
        ...usageText(u),
        tokensTitle: `${formatCount(u.promptTokens)} prompt + ${formatCount(u.completionTokens)} completion tokens in ${formatCount(u.calls)} LLM call(s) over ${formatCount(u.lines)} line(s)`,
        latencyTitle: u.llmP50 === undefined
            ? 'per line, end to end'
            : `per line, end to end; per LLM call: p50 ${formatMs(u.llmP50)}, p95 ${formatMs(u.llmP95)}`,
        costTitle: u.unpriced
            ? `no price in llmops_config.json "pricing" for ${u.unpriced.join(', ')}`
            : 'estimated from the config price table',
        cheapest
    };
}
function groupView(g, index, usage) {
    const chart = barChartSvg({
        id: `chart-${index}`,
        title: `${g.evaluator} on ${g.dataset}: variants compared`,
        series: g.rows.map((r) => r.label),
        groups: g.metrics.map((m) => ({
            metric: m,
            values: g.rows.map((r) => r.metrics[m]),
            best: g.best[m],
            direction: g.directions[m]
        }))
    });
    const costs = g.rows.map((r) => usage[r.experimentRun]?.cost);
    const known = costs.filter((c) => c !== undefined);
    const minCost = known.length > 1 ? Math.min(...known) : undefined;
    const expShort = distinctShortNames(g.rows.map((r) => r.experimentRun), 22);
    const evalShort = distinctShortNames(g.rows.map((r) => r.evaluationRun), 22);
    return {
        evaluator: g.evaluator,
        dataset: g.dataset,
        chart,
        nodes: g.nodes,
        hasUsage: g.rows.some((r) => usage[r.experimentRun]),
        hasCost: g.rows.some((r) => usage[r.experimentRun]?.currency !== undefined),
        metrics: g.metrics.map((m) => ({ name: m, arrow: g.directions[m] === 'lower' ? '↓' : '↑' })),
        rows: g.rows.map((r, ri) => ({
            label: named(r.label),
            experimentRun: { full: r.experimentRun, short: expShort[ri] },
            evaluationRun: { full: r.evaluationRun, short: evalShort[ri] },
            variants: g.nodes.map((n) => r.variants[n] ?? ''),
            usage: usageView(usage[r.experimentRun], minCost !== undefined && costs[ri] === minCost),
            cells: g.metrics.map((m) => {
                const d = delta(r, m);
                return {
                    text: formatNumber(r.metrics[m]),
                    best: g.best[m]?.includes(ri) ?? false,
                    delta: formatDelta(d),
                    deltaKind: deltaKind(d, g.directions[m]),
                    baseline: formatNumber(r.baseline?.[m])
                };
            })
        }))
    };
}
function comparisonView(c, index, usage) {
    return {
        id: `cmp-${index}`,
        dataset: c.dataset,
        count: c.lines.length,
        disagreeing: c.disagreeing,
        truncated: c.truncated,
        maxLines: c.maxLines,
        hasTruth: c.lines.some((l) => l.truth.length),
        columns: c.columns.map((col, i) => ({
            ...col,
            index: i,
            failing: c.failing[i],
            usage: usageView(usage[col.run], false)
        })),
        lines: c.lines.map((l) => ({
            lineNumber: l.lineNumber,
            classes: [
                l.disagree ? 'dis' : 'agree',
                ...l.cells.flatMap((cell, i) => (cell.fails ? [`fail-${i}`] : []))
            ].join(' '),
            inputs: l.inputs.map((e) => ({ key: e.key, text: clamp(e.text) })),
            truth: l.truth.map((e) => ({ key: e.key, text: clamp(e.text) })),
            cells: l.cells.map((cell) => ({
                status: cell.status,
                fails: cell.fails,
                single: cell.outputs.length === 1,
                outputs: cell.outputs.map((e) => ({ key: e.key, text: clamp(e.text) })),
                scores: cell.scores
            }))
        }))
    };
}
/** Renders the report page from the input and its comparisons (see buildComparisons). */
async function renderHtml(input, comparisons = []) {
    const usage = input.usage ?? {};
    const groups = groupRows(input.rows, input.gates, {
        mock: !!input.mock?.length,
        higherIsBetter: input.higherIsBetter
    });
    const failed = input.gates.filter((g) => !g.passed).length;
    const best = bestVariant(groups, usage);
    const trends = trendSeries(input.history ?? []);
    const gateRuns = distinctShortNames(input.gates.map((g) => g.run));
    const maxColumns = Math.max(0, ...comparisons.map((c) => c.columns.length));
    const view = {
        notices: [
            ...(input.mock?.length ? [mockNotice(input.mock)] : []),
            ...(input.failedLines ?? []).map(failedLinesNotice)
        ],
        css: REPORT_CSS + filterCss(maxColumns),
        useCase: input.useCase,
        env: input.env,
        buildId: input.buildId,
        backend: input.backend,
        generatedAt: input.generatedAt,
        rowCount: input.rows.length,
        links: input.links,
        gateSummary: { total: input.gates.length, failed, ok: failed === 0 },
        best: best && {
            ...best,
            label: named(best.label),
            cost: formatCost(best.cost, best.currency),
            tied: best.tied.map((t) => ({ label: named(t.label), cost: formatCost(t.cost, best.currency) }))
        },
        lowerRule: 'error_rate, *_error, *latency*, *loss, *duration, *cost, or a gate with only a max',
        anyBaseline: groups.some((g) => g.hasBaseline),
        guessed: [...new Set(groups.flatMap((g) => g.guessed))].join(', '),
        gates: input.gates.map((g, i) => ({
            ...g,
            label: named(g.label),
            run: { full: g.run, short: gateRuns[i] },
            value: formatNumber(g.value),
            baseline: formatNumber(g.baseline),
            bound: gateBound(g)
        })),
        groups: groups.map((g, i) => groupView(g, i, usage)),
        // a trend needs two builds; until then the section says where the history is kept
        firstBuild: (input.history?.length ?? 0) === 1,
        trends: (input.history?.length ?? 0) < 2
            ? []
            : trends.map((s) => ({
                ...s,
                svg: sparklineSvg(s),
                builds: s.points.length,
                last: formatNumber(s.points[s.points.length - 1]?.value),
                gate: gateBound({ min: s.min, max: s.max })
            })),
        comparisons: comparisons.map((c, i) => comparisonView(c, i, usage))
    };
    return (await html_template())(view);
}
/** Reads the line results for the comparison view and renders the page. */
async function renderHtmlReport(input, opts = {}) {
    return renderHtml(input, await buildComparisons(input.lines, opts));
}

;// CONCATENATED MODULE: ./packages/core/dist/report/markdown.js
/**
 * Markdown for the job summary and the pull-request comment (GitHub-flavoured: tables, emoji).
 *
 * Every text from the run goes through {@link mdText}: HTML is escaped (GitHub renders raw HTML in
 * markdown), `|` and newlines cannot break a table, and markdown punctuation is backslashed.
 */




/** GitHub rejects comment bodies over 65,536 characters. */
const COMMENT_LIMIT = 65_536;
/** A step summary may hold 1 MiB; stay well under it. */
const SUMMARY_LIMIT = 512 * 1024;
/** Text safe inside a markdown table cell. */
function mdText(text) {
    return text
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/([\\`*_[\]|~])/g, '\\$1')
        .replace(/\r?\n|\r/g, ' ');
}
/** A code span (its content is literal; a backtick or pipe could still end it or the cell). */
const code = (text) => text ? '`' + text.replace(/`/g, "'").replace(/\|/g, '\\|').replace(/\s+/g, ' ') + '`' : '';
function table(header, rows, align) {
    const sep = header.map((_, i) => (align?.[i] === 'r' ? '---:' : '---'));
    return [header, sep, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n') + '\n';
}
function gateStatus(gates) {
    const failed = gates.filter((g) => !g.passed).length;
    if (!gates.length)
        return { icon: 'ℹ️', text: 'no gates' };
    if (failed)
        return { icon: '❌', text: `${failed} of ${gates.length} gate(s) failed` };
    return { icon: '✅', text: `all ${gates.length} gate(s) passed` };
}
function gatesTable(gates) {
    if (!gates.length)
        return '_No gates are configured for this environment._\n';
    const ordered = [...gates.filter((g) => !g.passed), ...gates.filter((g) => g.passed)];
    return table(['', 'evaluator', 'metric', 'variant', 'value', 'gate', 'baseline', 'message'], ordered.map((g) => [
        g.passed ? '✅' : '❌',
        mdText(g.evaluator),
        mdText(g.metric),
        mdText(g.label),
        formatNumber(g.value),
        mdText(gateBound(g)),
        formatNumber(g.baseline),
        mdText(g.message)
    ]), ['l', 'l', 'l', 'l', 'r', 'l', 'r', 'l']);
}
const DELTA_MARK = { better: ' ✔', worse: ' ✖', same: '' };
/** A value with its ★ and its change against the baseline; `✔`/`✖` say better/worse by shape, not colour. */
function metricCell(g, ri, m) {
    const r = g.rows[ri];
    const v = formatNumber(r.metrics[m]);
    if (!v)
        return '—';
    const best = g.best[m]?.includes(ri);
    const d = delta(r, m);
    const kind = deltaKind(d, g.directions[m]);
    const dText = d === undefined ? '' : ` (Δ ${formatDelta(d)}${kind ? DELTA_MARK[kind] : ''})`;
    return `${best ? `**${v}** ★` : v}${dText}`;
}
/** Tokens, latency and (with a price table) cost of a row's experiment run. */
function usageCells(u, withCost) {
    const t = u ? usageText(u) : { tokens: '', latency: '', cost: '' };
    return withCost ? [t.tokens, t.latency, t.cost] : [t.tokens, t.latency];
}
/** Row indexes by ★ held (most first), then as given: what stays when a table is folded. */
function rankRows(g) {
    const stars = g.rows.map((_, i) => Object.values(g.best).filter((b) => b.includes(i)).length);
    return g.rows.map((_, i) => i).sort((a, b) => stars[b] - stars[a] || a - b);
}
function metricsTable(g, opts) {
    const withUsage = g.rows.some((r) => opts.usage[r.experimentRun]);
    const withCost = g.rows.some((r) => opts.usage[r.experimentRun]?.currency !== undefined);
    const usageHeader = withCost ? ['tokens', 'latency p50 / p95', 'cost'] : ['tokens', 'latency p50 / p95'];
    const header = [
        'variant',
        ...g.metrics.map((m) => `${mdText(m)} ${g.directions[m] === 'lower' ? '↓' : '↑'}`)
    ];
    if (withUsage)
        header.push(...usageHeader);
    if (opts.runs)
        header.push('evaluation run');
    const shown = opts.maxRows !== undefined && opts.maxRows < g.rows.length
        ? rankRows(g)
            .slice(0, opts.maxRows)
            .sort((a, b) => a - b)
        : g.rows.map((_, i) => i);
    const rows = shown.map((ri) => {
        const r = g.rows[ri];
        const row = [mdText(shortName(r.label, 40)), ...g.metrics.map((m) => metricCell(g, ri, m))];
        if (withUsage)
            row.push(...usageCells(opts.usage[r.experimentRun], withCost));
        if (opts.runs)
            row.push(code(r.evaluationRun));
        return row;
    });
    const align = ['l', ...g.metrics.map(() => 'r'), ...(withUsage ? usageHeader.map(() => 'r') : []), 'l'];
    const more = g.rows.length - shown.length;
    return (table(header, rows, align) +
        (more ? `\n_… and ${more} more variant(s) with fewer ★: see the HTML report._\n` : ''));
}
function metricsSection(input, level, opts) {
    const groups = groupRows(input.rows, input.gates, {
        mock: !!input.mock?.length,
        higherIsBetter: input.higherIsBetter
    });
    if (!groups.length)
        return `${level} Metrics\n\n_No metrics were recorded._\n`;
    let out = '';
    const usage = input.usage ?? {};
    for (const g of groups) {
        out += `${level} ${mdText(g.evaluator)} on ${mdText(g.dataset)}\n\n${metricsTable(g, { ...opts, usage })}\n`;
    }
    const lower = groups.some((g) => Object.values(g.directions).includes('lower'));
    const guessed = [...new Set(groups.flatMap((g) => g.guessed))];
    out += `<sub>★ best variant per metric (↑ higher is better${lower ? ', ↓ lower is better' : ''})${groups.some((g) => g.hasBaseline) ? '; Δ change against the baseline: ✔ better, ✖ worse' : ''}${Object.keys(usage).length ? '; latency per line; cost estimated from the config price table' : ''}.${guessed.length ? ` Direction guessed from the name for ${guessed.map(mdText).join(', ')}: set "higherIsBetter" on the evaluator to say it.` : ''}</sub>\n`;
    return out;
}
function bestLine(input) {
    const best = bestVariant(groupRows(input.rows, input.gates, { mock: !!input.mock?.length, higherIsBetter: input.higherIsBetter }), input.usage);
    if (!best)
        return '';
    const cost = (c) => (c === undefined ? '' : `, ${formatCost(c, best.currency)}`);
    const tied = best.tied.length
        ? ` · as good: ${best.tied.map((t) => `${mdText(shortName(t.label, 40))}${t.cost === undefined ? '' : ` (${formatCost(t.cost, best.currency)})`}`).join(', ')}${best.moreTied ? ` and ${best.moreTied} more` : ''}`
        : '';
    return `**Best variant:** ${mdText(shortName(best.label, 40))} (★ in ${best.stars} of ${best.of} metric(s)${cost(best.cost)})${tied}\n\n`;
}
function linksLine(input) {
    const l = input.links;
    const parts = [
        l?.run ? `[workflow run](${encodeURI(l.run)})` : '',
        l?.artifact ? `[reports artifact](${encodeURI(l.artifact)})` : ''
    ].filter(Boolean);
    return parts.length ? parts.join(' · ') + '\n\n' : '';
}
function trendsSection(input, level) {
    const series = trendSeries(input.history ?? []);
    if ((input.history?.length ?? 0) < 2 || !series.length)
        return '';
    const rows = series.map((s) => [
        mdText(s.evaluator),
        mdText(s.dataset),
        `${mdText(s.metric)} ${s.direction === 'lower' ? '↓' : '↑'}`,
        sparklineText(s.points.map((p) => p.value)),
        formatNumber(s.points[s.points.length - 1]?.value),
        mdText(gateBound({ min: s.min, max: s.max }))
    ]);
    return (`${level} Trends (last ${input.history.length} builds, best variant)\n\n` +
        table(['evaluator', 'dataset', 'metric', 'trend', 'now', 'gate'], rows, ['l', 'l', 'l', 'l', 'r', 'l']) +
        '\n');
}
/** Warnings that change what the numbers mean: the mock provider, failed lines. */
function notices(input) {
    const list = [
        ...(input.mock?.length ? [mockNotice(input.mock)] : []),
        ...(input.failedLines ?? []).map(failedLinesNotice)
    ];
    return list.map((n) => `> ⚠️ **${mdText(n)}**\n\n`).join('');
}
function metaLine(input) {
    const parts = [`backend ${code(input.backend)}`];
    if (input.buildId)
        parts.push(`build ${code(input.buildId)}`);
    parts.push(`generated ${mdText(input.generatedAt)}`);
    return parts.join(' · ');
}
/** Cuts `md` to `limit` characters at a line break, saying so. */
function fit(md, limit, note) {
    if (md.length <= limit)
        return md;
    const cut = md.lastIndexOf('\n', limit - note.length - 2);
    return md.slice(0, Math.max(0, cut)) + '\n\n' + note + '\n';
}
/** The job summary: status, best variant, gates, one metrics table per evaluator × dataset, trends. */
function renderSummaryMarkdown(input) {
    const s = gateStatus(input.gates);
    const md = `## ${s.icon} GenAIOps · ${mdText(input.useCase)} · ${mdText(input.env)}\n\n` +
        `${metaLine(input)} · **${s.text}**\n\n` +
        notices(input) +
        bestLine(input) +
        linksLine(input) +
        `### Gates\n\n${gatesTable(input.gates)}\n` +
        `### Metrics\n\n${metricsSection(input, '####', { runs: true })}\n` +
        trendsSection(input, '###') +
        `<sub>The HTML report (with the line-by-line comparison of the variants), the metrics CSV and the line-results CSV are in the workflow's reports artifact.</sub>\n`;
    return fit(md, SUMMARY_LIMIT, '_… cut to fit the job summary; see the reports artifact for everything._');
}
/**
 * The pull-request comment: the same content, more compact, starting with the invisible marker
 * (default `<!-- genaiops:<use-case> -->`) by which the next run finds and updates it. Deltas are
 * against the baseline (the base branch's evaluation, when the workflow passes it). With many
 * variants the tables fold: each keeps its variants with the most ★ and counts the rest, halving
 * until the comment fits GitHub's limit.
 */
function renderCommentMarkdown(input, opts = {}) {
    const marker = opts.marker ?? commentMarker(input.useCase);
    const s = gateStatus(input.gates);
    const render = (maxRows) => `${marker}\n` +
        `### ${s.icon} GenAIOps · ${mdText(input.useCase)} · ${mdText(input.env)} — ${s.text}\n\n` +
        `${metaLine(input)}\n\n` +
        notices(input) +
        bestLine(input) +
        (input.gates.length
            ? `<details${input.gates.some((g) => !g.passed) ? ' open' : ''}><summary>Gates</summary>\n\n${gatesTable(input.gates)}\n</details>\n\n`
            : '') +
        metricsSection(input, '####', { runs: false, maxRows }) +
        `\n${linksLine(input)}<sub>Updated on every push. Full HTML report and CSV files: the workflow run's reports artifact.</sub>\n`;
    const limit = COMMENT_LIMIT - 100;
    let md = render();
    for (let rows = Math.max(1, ...groupRows(input.rows, input.gates).map((g) => g.rows.length)); md.length > limit && rows > 1;) {
        rows = Math.floor(rows / 2);
        md = render(rows);
    }
    return fit(md, limit, '_… cut to fit a GitHub comment; see the reports artifact for everything._');
}


;// CONCATENATED MODULE: ./packages/core/dist/report/index.js
/**
 * Reports of an evaluation (or a monitoring pass): metrics CSV, line-results CSV, one self-contained
 * HTML page, and the markdown job summary; plus the pull-request comment body. `writeReports` is
 * the one path every stage writes them through, so the metric history (trends) is kept for all.
 */
















/** File names inside the report folder. */
const REPORT_FILE_NAMES = {
    metricsCsv: 'metrics.csv',
    linesCsv: 'lines.csv',
    html: 'report.html',
    markdown: 'summary.md'
};
/**
 * Writes the four report files into `dir` (created if needed; one folder per use-case and
 * environment, since the names are fixed) and returns their paths. The line files are streamed.
 */
async function writeReports(input, dir, opts = {}) {
    await (0,promises_.mkdir)(dir, { recursive: true });
    const full = opts.history
        ? { ...input, history: await appendHistory(input, opts.history) }
        : input;
    const files = {
        metricsCsv: external_node_path_.join(dir, REPORT_FILE_NAMES.metricsCsv),
        linesCsv: external_node_path_.join(dir, REPORT_FILE_NAMES.linesCsv),
        html: external_node_path_.join(dir, REPORT_FILE_NAMES.html),
        markdown: external_node_path_.join(dir, REPORT_FILE_NAMES.markdown)
    };
    await (0,promises_.writeFile)(files.metricsCsv, metricsCsv(full.rows, full.usage), 'utf8');
    await writeLinesCsv(full.lines, files.linesCsv);
    await (0,promises_.writeFile)(files.html, await renderHtmlReport(full, opts), 'utf8');
    await (0,promises_.writeFile)(files.markdown, renderSummaryMarkdown(full), 'utf8');
    return { ...files, input: full };
}

;// CONCATENATED MODULE: ./packages/core/dist/stages/baseline.js
/**
 * A baseline to compare metrics with: a previous evaluation manifest, a run manifest whose runs
 * carry metrics, the `metrics` output (a JSON array of rows), or a plain metrics.json
 * (`{"accuracy": 0.8}`, applied to every row).
 */


const baseline_isRecord = (v) => !!v && typeof v === 'object' && !Array.isArray(v);
function numbers(v) {
    const out = {};
    if (baseline_isRecord(v))
        for (const [k, x] of Object.entries(v))
            if (typeof x === 'number' && Number.isFinite(x))
                out[k] = x;
    return out;
}
function asRow(v) {
    if (!baseline_isRecord(v) || !baseline_isRecord(v.metrics))
        return undefined;
    const str = (x) => (typeof x === 'string' ? x : undefined);
    return {
        evaluator: str(v.evaluator),
        dataset: str(v.experimentDataset) ?? str(v.dataset),
        label: str(v.label),
        metrics: numbers(v.metrics)
    };
}
function readBaseline(file, display = file) {
    if (!(0,external_node_fs_.existsSync)(file))
        throw new errors/* UserError */.yo(`baseline ${display}: file not found`);
    let value;
    try {
        value = JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8'));
    }
    catch (e) {
        throw new errors/* UserError */.yo(`baseline ${display}: not valid JSON (${e.message})`);
    }
    let rows;
    if (Array.isArray(value))
        rows = value.map(asRow).filter((r) => !!r);
    else if (baseline_isRecord(value) && Array.isArray(value.rows))
        rows = value.rows.map(asRow).filter((r) => !!r);
    else if (baseline_isRecord(value) && Array.isArray(value.runs))
        rows = value.runs
            .filter((r) => baseline_isRecord(r) && r.kind === 'evaluation' && baseline_isRecord(r.metrics))
            .map(asRow)
            .filter((r) => !!r);
    else if (baseline_isRecord(value) && Object.keys(numbers(value)).length) {
        const flat = numbers(value);
        return { lookup: () => flat, size: 1 };
    }
    if (!rows || !rows.length)
        throw new errors/* UserError */.yo(`baseline ${display}: expected an evaluation manifest, a run manifest with metrics, an array of metric rows or a metrics object ({"accuracy": 0.8}), found none of them`);
    const all = rows;
    return {
        size: all.length,
        lookup(row) {
            const same = (r) => r.evaluator === undefined || r.evaluator === row.evaluator;
            const exact = all.find((r) => same(r) && r.label === row.label && r.dataset === row.dataset);
            if (exact)
                return exact.metrics;
            const byLabel = all.filter((r) => same(r) && r.label === row.label);
            if (byLabel.length === 1)
                return byLabel[0].metrics;
            const byEvaluator = all.filter(same);
            if (byEvaluator.length === 1)
                return byEvaluator[0].metrics;
            return undefined;
        }
    };
}

;// CONCATENATED MODULE: ./packages/core/dist/stages/evaluate.js
/**
 * The evaluate stage: every evaluation flow against every completed experiment run whose dataset
 * its evaluation dataset references (joined line by line through `${run.outputs.*}`), run
 * concurrently; then the metrics table, the gates, the reports and the evaluation manifest.
 */











async function evaluate(opts, reporter) {
    const cwd = external_node_path_.resolve(opts.cwd ?? process.cwd());
    const manifestPath = opts.manifest ?? DEFAULT_RUN_MANIFEST;
    const manifestAbs = external_node_path_.resolve(cwd, manifestPath);
    const runManifest = (0,external_node_fs_.existsSync)(manifestAbs)
        ? readRunManifest(manifestAbs, manifestPath)
        : undefined;
    const ctx = prepareStage({ ...opts, cwd, backend: opts.backend ?? runManifest?.backend }, reporter);
    const mock = [...new Set([...(runManifest?.mock ?? []), ...ctx.mock])];
    const { plan, useCase } = ctx;
    for (const w of plan.warnings)
        reporter.warn(w);
    if (runManifest && (runManifest.useCase !== plan.useCase || runManifest.env !== plan.env))
        throw new errors/* UserError */.yo(`${manifestPath}: written for use-case "${runManifest.useCase}" environment "${runManifest.env}", not "${plan.useCase}" environment "${plan.env}"`);
    if (runManifest && runManifest.backend !== plan.backend)
        throw new errors/* UserError */.yo(`${manifestPath}: its runs are on the ${runManifest.backend} backend, not ${plan.backend}`);
    const givenBuildId = opts.buildId ?? runManifest?.buildId;
    if (!givenBuildId)
        throw new errors/* UserError */.yo(`no run manifest at ${manifestPath}: run the experiment stage first, or give the build id of its runs to find them`);
    const buildId = checkBuildId(givenBuildId);
    // ---- checks before any run ----------------------------------------------------------------
    const gatesInput = parseGatesInput(opts.gates, useCase.config.evaluators.map((e) => e.name));
    const table = effectiveGates(useCase, gatesInput);
    await checkStageInputs(ctx, { evaluators: true, gates: table });
    if (opts.maxRegression !== undefined && !(Number.isFinite(opts.maxRegression) && opts.maxRegression >= 0))
        throw new errors/* UserError */.yo(`max regression: expected a number ≥ 0, found ${opts.maxRegression}`);
    const baseline = opts.baseline
        ? readBaseline(external_node_path_.resolve(cwd, opts.baseline), opts.baseline)
        : undefined;
    const parallel = Math.min(ctx.concurrency, Math.max(1, plan.evaluations.length));
    const backend = await createBackend(ctx, opts, reporter, parallel);
    // ---- the experiment runs ------------------------------------------------------------------
    const experiments = new Map();
    if (runManifest) {
        for (const r of runManifest.runs)
            if (r.kind === 'experiment')
                experiments.set(r.planned, r);
    }
    else
        for (const exp of plan.experiments) {
            const name = runName(exp.name, buildId);
            const found = await backend.lookup(name);
            if (!found)
                throw new errors/* UserError */.yo(`no run manifest at ${manifestPath}, and experiment run ${name} (${exp.label} on ${exp.dataset}) is not in the ${backend.kind} backend: run the experiment stage first`);
            experiments.set(exp.name, manifestRun({
                planned: exp.name,
                kind: 'experiment',
                dataset: exp.dataset,
                variants: exp.variants,
                label: exp.label,
                backend: backend.kind,
                buildId
            }, { ...found, reused: true, metrics: undefined }));
        }
    const todo = plan.evaluations.flatMap((ev) => {
        const exp = experiments.get(ev.experimentRun);
        if (!exp) {
            reporter.warn(`experiment run ${ev.experimentRun} is not in ${manifestPath}: evaluator "${ev.evaluator}" skips it`);
            return [];
        }
        if (exp.status !== 'Completed') {
            reporter.warn(`experiment run ${describeRun(exp)} is ${exp.status}: evaluator "${ev.evaluator}" skips it`);
            return [];
        }
        return [{ ev, exp }];
    });
    if (!todo.length)
        throw new errors/* UserError */.yo(`nothing to evaluate: no completed experiment run${runManifest ? ` in ${manifestPath}` : ''} for the ${plan.evaluations.length} planned evaluation(s)`);
    // ---- evaluation runs ----------------------------------------------------------------------
    const evaluatorIndex = new Map(useCase.config.evaluators.map((e) => [e.name, e]));
    reporter.info(`${plan.useCase} · ${plan.env}: ${todo.length} evaluation run(s) on the ${backend.kind} backend, ${parallel} at a time, build ${buildId}`);
    const runs = await mapConcurrent(todo, ctx.concurrency, async ({ ev, exp }) => {
        const evaluator = evaluatorIndex.get(ev.evaluator);
        const spec = {
            kind: 'evaluation',
            name: runName(ev.name, buildId),
            displayName: `${plan.useCase} ${plan.env} ${ev.evaluator} ${exp.label} on ${exp.dataset} (build ${buildId})`,
            flowDir: external_node_path_.join(useCase.dir, evaluator.flow),
            dataFile: external_node_path_.join(useCase.dir, useCase.config.datasets[ev.dataset].source),
            registeredData: plan.backend === 'azure' ? registeredDataRef(ev.dataset, opts.azure?.registeredData) : undefined,
            columnMapping: ev.mappings,
            variants: {},
            baseRun: exp.name,
            tags: runTags(ctx, buildId, {
                stage: 'evaluation',
                evaluator: ev.evaluator,
                dataset: ev.dataset,
                variant: exp.label,
                experiment_run: exp.name
            }),
            environmentVariables: ctx.envConfig.environmentVariables ?? {}
        };
        const o = await backend.run(spec);
        return manifestRun({
            planned: ev.name,
            kind: 'evaluation',
            dataset: ev.dataset,
            variants: exp.variants,
            label: exp.label,
            backend: backend.kind,
            buildId,
            evaluator: ev.evaluator,
            experimentRun: exp.name,
            experimentDataset: exp.dataset
        }, o);
    });
    // ---- metrics, gates -----------------------------------------------------------------------
    const rows = runs.map((r) => {
        const row = {
            evaluator: r.evaluator,
            dataset: r.experimentDataset,
            experimentRun: r.experimentRun,
            evaluationRun: r.name,
            variants: r.variants,
            label: r.label,
            metrics: r.metrics ?? {}
        };
        const base = baseline?.lookup(row);
        if (base)
            row.baseline = base;
        return row;
    });
    if (baseline && !rows.some((r) => r.baseline))
        reporter.warn(`baseline ${opts.baseline}: no row of it matches this evaluation (evaluator, label, dataset)`);
    const failedRuns = runs.filter((r) => r.status !== 'Completed');
    const runErrors = Object.fromEntries(failedRuns.map((r) => [r.name, r.error ?? r.status]));
    const located = evaluateGates(rows, table, {
        maxRegression: opts.maxRegression,
        runErrors
    });
    const gates = located.map(({ where: _where, ...g }) => g);
    const gatesPassed = gates.every((g) => g.passed);
    for (const r of failedRuns)
        reporter.error(`evaluation run ${describeRun(r)} ${r.status}${r.error ? `: ${r.error}` : ''}`);
    for (const g of located)
        if (!g.passed)
            reporter.error(`gate failed: ${g.message}`, g.where);
    for (const g of located)
        if (g.passed)
            reporter.info(`gate passed: ${g.message}`);
    // ---- reports ------------------------------------------------------------------------------
    const abs = (p) => external_node_path_.resolve(cwd, p);
    const lines = [];
    for (const exp of experiments.values())
        if (exp.status === 'Completed' && exp.outputsFile && (0,external_node_fs_.existsSync)(abs(exp.outputsFile)))
            lines.push({
                run: exp.name,
                label: exp.label,
                dataset: exp.dataset,
                kind: 'experiment',
                outputsFile: abs(exp.outputsFile),
                ...(exp.inputsFile && (0,external_node_fs_.existsSync)(abs(exp.inputsFile)) ? { inputsFile: abs(exp.inputsFile) } : {})
            });
    const planned = new Map(plan.evaluations.map((ev) => [ev.name, ev]));
    for (const r of runs)
        if (r.status === 'Completed' && r.outputsFile && (0,external_node_fs_.existsSync)(abs(r.outputsFile)))
            lines.push({
                run: r.name,
                label: r.label,
                dataset: r.experimentDataset ?? r.dataset,
                kind: 'evaluation',
                evaluator: r.evaluator,
                experimentRun: r.experimentRun,
                referenceInputs: Object.entries(planned.get(r.planned)?.mappings ?? {})
                    .filter(([, v]) => typeof v === 'string' && v.trim().startsWith('${data.'))
                    .map(([k]) => k),
                outputsFile: abs(r.outputsFile),
                ...(r.inputsFile && (0,external_node_fs_.existsSync)(abs(r.inputsFile)) ? { inputsFile: abs(r.inputsFile) } : {})
            });
    const failedLines = [...experiments.values(), ...runs]
        .filter((r) => r.lines?.failed)
        .map((r) => ({
        run: r.name,
        kind: r.kind,
        label: r.label,
        dataset: r.dataset,
        failed: r.lines.failed,
        total: r.lines.total
    }));
    const reportInput = {
        useCase: plan.useCase,
        env: plan.env,
        buildId,
        backend: plan.backend,
        generatedAt: new Date().toISOString(),
        rows,
        gates,
        lines,
        ...(mock.length ? { mock } : {}),
        ...(failedLines.length ? { failedLines } : {}),
        higherIsBetter: Object.fromEntries(useCase.config.evaluators.filter((e) => e.higherIsBetter).map((e) => [e.name, e.higherIsBetter])),
        usage: runUsage([...experiments.values()], abs, useCase.config.pricing),
        ...(opts.links ? { links: opts.links } : {})
    };
    const reportsDir = opts.reportsDir ?? 'reports';
    const written = await writeReports(reportInput, abs(reportsDir), {
        history: { dir: abs(opts.historyDir ?? DEFAULT_HISTORY_DIR), kind: 'evaluate' }
    });
    const reports = {
        metricsCsv: ctx.rel(written.metricsCsv),
        linesCsv: ctx.rel(written.linesCsv),
        html: ctx.rel(written.html),
        markdown: ctx.rel(written.markdown)
    };
    const summaryMarkdown = renderSummaryMarkdown(written.input);
    reporter.summary(summaryMarkdown);
    const azure = ctx.envConfig.azure;
    const manifest = {
        version: MANIFEST_VERSION,
        kind: 'evaluation',
        useCase: plan.useCase,
        useCaseDir: ctx.rel(useCase.dir),
        env: plan.env,
        backend: plan.backend,
        buildId,
        createdAt: reportInput.generatedAt,
        ...(runManifest ? { runManifest: manifestPath } : {}),
        ...(runManifest?.runStore ? { runStore: runManifest.runStore } : {}),
        ...(plan.backend === 'azure' && azure
            ? {
                azure: {
                    subscriptionId: azure.subscriptionId,
                    resourceGroup: azure.resourceGroup,
                    workspace: azure.workspace
                }
            }
            : {}),
        ...(mock.length ? { mock } : {}),
        runs,
        rows,
        gates,
        gatesPassed,
        reports
    };
    const manifestFile = opts.evaluationManifest ?? DEFAULT_EVALUATION_MANIFEST;
    writeJson(abs(manifestFile), manifest);
    const passed = gatesPassed && failedRuns.length === 0;
    const failedGates = gates.filter((g) => !g.passed).length;
    reporter.info(`${runs.length - failedRuns.length} of ${runs.length} evaluation run(s) completed; ${gates.length - failedGates} of ${gates.length} gate(s) passed; reports in ${reportsDir}; manifest ${manifestFile}`);
    return {
        plan,
        buildId,
        manifestFile,
        manifest,
        runs,
        rows,
        gates,
        gatesPassed,
        failedRuns,
        passed,
        reports,
        reportInput: written.input,
        summaryMarkdown
    };
}
/** Tokens, latency and cost of the experiment runs that recorded them (local run store). */
function runUsage(experiments, abs, pricing) {
    const out = {};
    for (const exp of experiments) {
        const file = exp.runDir && abs(external_node_path_.join(exp.runDir, store_RUN_FILES.record));
        if (!file || !(0,external_node_fs_.existsSync)(file))
            continue;
        try {
            const record = JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8'));
            if (record.llm_usage)
                out[exp.name] = variantUsage(record.llm_usage, pricing);
        }
        catch {
            // a run record being rewritten or damaged: the report goes without its usage
        }
    }
    return out;
}
/** One line per failed gate / failed evaluation run: what the CLI and the action fail with. */
function evaluationFailure(result) {
    const failedGates = result.gates.filter((g) => !g.passed);
    const parts = [];
    if (failedGates.length)
        parts.push(`${failedGates.length} of ${result.gates.length} gate(s) failed`);
    if (result.failedRuns.length)
        parts.push(`${result.failedRuns.length} evaluation run(s) did not complete`);
    return (parts.join('; ') + (failedGates.length ? ':\n' + failedGates.map((g) => `- ${g.message}`).join('\n') : ''));
}

;// CONCATENATED MODULE: ./packages/core/dist/stages/targets.js
/**
 * Opening a deployment target for a stage: which target (decided once, from the options and the
 * plan), its implementation, and the stage's context. The contract every target implements is in
 * `target-contract.ts`.
 */




/**
 * `local` → the local registry and endpoint server; `managed` / `kubernetes` → Azure ML. The
 * implementation is imported when asked for (the Azure SDKs load only when used).
 */
async function createTarget(kind, opts) {
    if (kind === 'local') {
        const { createLocalTarget } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 16049));
        return createLocalTarget(opts);
    }
    const { createAzureTarget } = await Promise.all(/* import() */[__webpack_require__.e(989), __webpack_require__.e(862), __webpack_require__.e(534)]).then(__webpack_require__.bind(__webpack_require__, 71534));
    return createAzureTarget({ ...opts, kind });
}
/**
 * Which target a stage uses: an explicit `target` override wins; a `backend: local` override
 * (rehearsing an Azure environment locally) means `local`; else the deployment's target; an
 * environment without a deployment registers where its backend is (`local` or Azure).
 */
function resolveTargetKind(o) {
    if (o.target)
        return o.target;
    if (o.backendOverride === 'local')
        return 'local';
    if (o.configTarget)
        return o.configTarget;
    return o.backend === 'local' ? 'local' : 'managed';
}
/** Loads the use-case for the environment, plans it (validating config and flows) and opens the target. */
async function openStage(opts, reporter) {
    const environ = opts.environ ?? process.env;
    const root = external_node_path_.resolve(opts.cwd ?? process.cwd());
    const useCase = load_loadUseCase(external_node_path_.resolve(root, opts.useCase), {
        env: opts.env,
        environ,
        displayRoot: root
    });
    const plan = plan_planEnvironment(useCase, opts.env, {
        backend: opts.backend,
        target: opts.target,
        displayRoot: root
    });
    for (const w of plan.warnings)
        reporter.warn(w);
    const envConfig = useCase.config.environments[opts.env];
    const kind = resolveTargetKind({
        target: opts.target,
        backendOverride: opts.backend,
        configTarget: envConfig.deployment?.target,
        backend: plan.backend
    });
    if (plan.deployment)
        plan.deployment = { ...plan.deployment, target: kind };
    const target = opts.targetImpl ??
        (await createTarget(kind, {
            useCase,
            env: opts.env,
            root,
            azure: envConfig.azure,
            credentials: opts.credentials,
            environ,
            reporter
        }));
    return {
        useCase,
        plan,
        kind,
        target,
        root,
        environ,
        close: async () => {
            if (!opts.targetImpl)
                await target.dispose?.();
        }
    };
}
/** The model name a use-case's flow is registered under in an environment (as the Python template names it). */
function flowModelName(useCase, env) {
    return `${useCase}_${env}`;
}

;// CONCATENATED MODULE: ./packages/core/dist/stages/flow-hash.js
/**
 * Content hashes for registration: a data file's SHA-256, and a flow folder's hash over its
 * relative paths and bytes, so that a registered version is reused exactly when nothing changed.
 */




/** SHA-256 (hex) of a file's bytes. */
async function hashFile(file) {
    const h = (0,external_node_crypto_.createHash)('sha256');
    await new Promise((resolve, reject) => (0,external_node_fs_.createReadStream)(file)
        .on('data', (chunk) => h.update(chunk))
        .on('error', reject)
        .on('end', () => resolve()));
    return h.digest('hex');
}
/** Always left out of a flow's snapshot (run outputs, caches, tool metadata prompt flow regenerates). */
const ALWAYS_IGNORED = ['.promptflow/', '__pycache__/', '.runs/'];
/** Ignore files read from the flow folder, in this order (`.amlignore` is what Azure ML reads). */
const IGNORE_FILES = ['.amlignore', '.gitignore'];
/**
 * The files of a flow folder that a registration keeps, and their hash.
 *
 * - paths are relative to the folder with `/` separators, sorted, so the hash does not depend on
 *   the order the file system lists them (a different checkout order gives the same hash);
 * - each file contributes its path and its bytes (length-prefixed), so renaming a file, or moving
 *   bytes from one file to another, changes the hash;
 * - `.promptflow/`, `__pycache__/`, `.runs/` and the patterns of `.amlignore` / `.gitignore` in
 *   the folder are left out (the ignore files themselves stay in);
 * - `additional_includes` (file or folder, relative to the flow folder) are taken in under their
 *   base name, as prompt flow's snapshot does;
 * - what is hashed is what gets registered, uploaded and deployed, so nothing may come from outside:
 *   a symbolic link is refused unless `allowSymlinks` (and then must stay inside the use-case
 *   folder), an include must stay inside the repository, and a link loop is an error.
 */
function flowSnapshot(dir, additionalIncludes = [], opts = {}) {
    if (!(0,external_node_fs_.existsSync)(dir) || !(0,external_node_fs_.statSync)(dir).isDirectory())
        throw new errors/* UserError */.yo(`${dir}: flow folder not found`);
    const ignore = readIgnorePatterns(dir);
    const files = [];
    const links = { allow: opts.allowSymlinks === true, boundary: (0,external_node_fs_.realpathSync)(opts.useCaseDir ?? dir) };
    walk(dir, '', ignore, files, links);
    for (const include of additionalIncludes) {
        const abs = external_node_path_.resolve(dir, include);
        const base = external_node_path_.basename(abs);
        if (!(0,external_node_fs_.existsSync)(abs))
            throw new errors/* UserError */.yo(`${dir}: additional_includes entry "${include}" not found`);
        const real = (0,external_node_fs_.realpathSync)(abs);
        const repo = opts.repoRoot && (0,external_node_fs_.realpathSync)(opts.repoRoot);
        if (repo && !flow_hash_isInside(real, repo))
            throw new errors/* UserError */.yo(`${dir}: additional_includes entry "${include}" resolves to ${real}, outside the repository ${repo}; include only files of the repository`);
        if (real !== abs && !links.allow)
            throw new errors/* UserError */.yo(`${dir}: additional_includes entry "${include}" is a symbolic link (to ${real}): ${SWITCH}`);
        if ((0,external_node_fs_.statSync)(abs).isDirectory())
            walk(abs, base, [], files, { ...links, boundary: repo ?? real });
        else
            files.push({ rel: base, abs });
    }
    const seen = new Set();
    const unique = files.filter((f) => (seen.has(f.rel) ? false : (seen.add(f.rel), true)));
    unique.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
    const h = (0,external_node_crypto_.createHash)('sha256');
    for (const f of unique) {
        const bytes = (0,external_node_fs_.readFileSync)(f.abs);
        const name = Buffer.from(f.rel, 'utf8');
        h.update(`${name.length}:`).update(name).update(`${bytes.length}:`).update(bytes);
    }
    return { files: unique, hash: h.digest('hex') };
}
const SWITCH = 'symbolic links are refused; set "allowSymlinks": true in llmops_config.json to follow those that stay inside the use-case folder';
const flow_hash_isInside = (p, root) => p === root || p.startsWith(root.endsWith(external_node_path_.sep) ? root : root + external_node_path_.sep);
function walk(root, prefix, ignore, out, links) {
    // real paths of the folders being walked: meeting one again through a link is a loop
    const open = new Set();
    const recurse = (abs, rel) => {
        const real = (0,external_node_fs_.realpathSync)(abs);
        if (open.has(real))
            throw new errors/* UserError */.yo(`${abs}: symbolic link loop (it leads back to ${real}, a folder that contains it)`);
        open.add(real);
        for (const entry of (0,external_node_fs_.readdirSync)(abs, { withFileTypes: true })) {
            const childRel = rel ? `${rel}/${entry.name}` : entry.name;
            const childAbs = external_node_path_.join(abs, entry.name);
            let isDir = entry.isDirectory();
            let isFile = entry.isFile();
            if (entry.isSymbolicLink()) {
                let target;
                try {
                    target = (0,external_node_fs_.realpathSync)(childAbs);
                }
                catch (e) {
                    if (e.code === 'ELOOP')
                        throw new errors/* UserError */.yo(`${childAbs}: symbolic link loop (it never resolves to a file)`);
                    continue; // dangling link
                }
                if (isIgnored(childRel, (0,external_node_fs_.statSync)(target).isDirectory(), ignore))
                    continue;
                if (!flow_hash_isInside(target, links.boundary))
                    throw new errors/* UserError */.yo(`${childAbs}: symbolic link to ${target}, outside ${links.boundary}; nothing outside the use-case folder is registered or deployed`);
                if (!links.allow)
                    throw new errors/* UserError */.yo(`${childAbs}: symbolic link (to ${target}): ${SWITCH}`);
                const st = (0,external_node_fs_.statSync)(target);
                isDir = st.isDirectory();
                isFile = st.isFile();
            }
            if (!isDir && !isFile)
                continue;
            if (isIgnored(childRel, isDir, ignore))
                continue;
            if (isDir)
                recurse(childAbs, childRel);
            else
                out.push({ rel: prefix ? `${prefix}/${childRel}` : childRel, abs: childAbs });
        }
        open.delete(real);
    };
    recurse(root, '');
}
function readIgnorePatterns(dir) {
    const lines = [...ALWAYS_IGNORED];
    for (const name of IGNORE_FILES) {
        const file = external_node_path_.join(dir, name);
        if ((0,external_node_fs_.existsSync)(file))
            lines.push(...(0,external_node_fs_.readFileSync)(file, 'utf8').split(/\r?\n/));
    }
    return parseIgnore(lines);
}
/**
 * gitignore-style patterns: `#` comments, `!` negation, trailing `/` for folders only, a leading or
 * inner `/` anchors to the flow folder, `*` and `?` within a path segment, `**` across segments.
 * A folder that is ignored is not entered (as git does).
 */
function parseIgnore(lines) {
    const rules = [];
    for (let line of lines) {
        line = line.replace(/\s+$/, '');
        if (!line || line.startsWith('#'))
            continue;
        let negate = false;
        if (line.startsWith('!')) {
            negate = true;
            line = line.slice(1);
        }
        if (line.startsWith('\\'))
            line = line.slice(1);
        let dirOnly = false;
        if (line.endsWith('/')) {
            dirOnly = true;
            line = line.slice(0, -1);
        }
        const anchored = line.includes('/');
        if (line.startsWith('/'))
            line = line.slice(1);
        if (!line)
            continue;
        rules.push({ regex: globToRegex(line), negate, dirOnly, anchored });
    }
    return rules;
}
function isIgnored(rel, isDir, rules) {
    const base = rel.slice(rel.lastIndexOf('/') + 1);
    let ignored = false;
    for (const r of rules) {
        if (r.dirOnly && !isDir)
            continue;
        if (r.regex.test(r.anchored ? rel : base))
            ignored = !r.negate;
    }
    return ignored;
}
function globToRegex(glob) {
    let re = '';
    for (let i = 0; i < glob.length; i++) {
        const c = glob[i];
        if (c === '*') {
            if (glob[i + 1] === '*') {
                // `**/` any leading folders, `/**` everything inside, `**` anything
                i++;
                if (glob[i + 1] === '/') {
                    i++;
                    re += '(?:.*/)?';
                }
                else
                    re += '.*';
            }
            else
                re += '[^/]*';
        }
        else if (c === '?')
            re += '[^/]';
        else if (c === '[') {
            const end = glob.indexOf(']', i + 1);
            if (end > i) {
                re +=
                    '[' +
                        glob
                            .slice(i + 1, end)
                            .replace(/^!/, '^')
                            .replace(/\\/g, '\\\\') +
                        ']';
                i = end;
            }
            else
                re += '\\[';
        }
        else
            re += c.replace(/[.+^${}()|\\]/g, '\\$&');
    }
    return new RegExp(`^${re}$`);
}

;// CONCATENATED MODULE: ./packages/core/dist/stages/register.js
/**
 * The register stage: the environment's datasets and the standard flow as new versions, each only
 * when its content hash differs from the latest version's (or there is none).
 */






/**
 * The properties and tags prompt flow deployments (and the Azure ML studio's flow gallery) expect
 * on a model holding a flow folder, plus where it came from.
 */
function promptflowModelMetadata(useCase, env, flow, extra = {}) {
    const description = useCase.config.description ?? flow.description ?? `${useCase.config.name} flow`;
    const properties = {
        'is-promptflow': 'true',
        'azureml.promptflow.section': 'gallery',
        'azureml.promptflow.type': flowType(flow),
        'azureml.promptflow.name': useCase.config.name,
        'azureml.promptflow.description': description,
        'azureml.promptflow.source_flow_id': useCase.config.name
    };
    const tags = {
        usecase: useCase.config.name,
        env,
        flow: useCase.config.flow,
        kind: flow.kind
    };
    if (extra.buildId)
        tags.build_id = extra.buildId;
    if (extra.commit)
        tags.commit = extra.commit;
    return { properties, tags };
}
/** `chat` when an input is the chat input, `evaluate` for flows that aggregate metrics only, else `standard`. */
function flowType(flow) {
    const inputs = (flow.raw.inputs ?? {});
    if (Object.values(inputs).some((i) => typeof i === 'object' && i !== null && i.is_chat_input === true))
        return 'chat';
    return 'standard';
}
async function register(opts, reporter) {
    const what = opts.what ?? 'all';
    if (!['data', 'flow', 'all'].includes(what))
        throw new errors/* UserError */.yo(`what: expected data, flow or all, found "${what}"`);
    const ctx = await openStage(opts, reporter);
    try {
        const { useCase, plan, target, root } = ctx;
        const registry = target.registry;
        const result = { plan, target: ctx.kind, datasets: [] };
        const buildId = opts.buildId ?? ctx.environ.GITHUB_RUN_ID;
        if (what !== 'flow') {
            const names = useCase.config.environments[opts.env].datasets;
            await reporter.group(`register data (${names.length} dataset(s), ${ctx.kind} target)`, async () => {
                for (const name of names) {
                    const ds = useCase.config.datasets[name];
                    const file = external_node_path_.join(useCase.dir, ds.source);
                    const item = await registerOne(registry, 'data', name, await hashFile(file), reporter, (hash) => registry.createDataVersion({
                        name,
                        file,
                        description: ds.description,
                        hash,
                        tags: {
                            usecase: useCase.config.name,
                            env: opts.env,
                            source: (0,paths/* toPosixRelative */.T)(useCase.dir, file)
                        }
                    }));
                    result.datasets.push(item);
                }
            });
        }
        if (what !== 'data') {
            const flow = (0,load/* loadFlow */.j7)(external_node_path_.join(useCase.dir, useCase.config.flow), {
                displayRoot: root,
                allowPackageTools: true
            });
            const snapshot = flowSnapshot(flow.dir, flow.additionalIncludes, {
                useCaseDir: useCase.dir,
                repoRoot: root,
                allowSymlinks: useCase.config.allowSymlinks
            });
            const name = opts.modelName ?? flowModelName(useCase.config.name, opts.env);
            const meta = promptflowModelMetadata(useCase, opts.env, flow, {
                buildId,
                commit: ctx.environ.GITHUB_SHA
            });
            result.model = await reporter.group(`register flow ${name} (${snapshot.files.length} file(s))`, () => registerOne(registry, 'flow', name, snapshot.hash, reporter, (hash) => registry.createFlowVersion({
                name,
                dir: flow.dir,
                files: snapshot.files,
                hash,
                description: meta.properties['azureml.promptflow.description'],
                tags: meta.tags,
                properties: meta.properties
            })));
        }
        reporter.summary(registerSummary(result));
        return result;
    }
    finally {
        await ctx.close();
    }
}
async function registerOne(registry, kind, name, hash, reporter, create) {
    const latest = kind === 'data' ? await registry.latestDataVersion(name) : await registry.latestFlowVersion(name);
    if (latest && latest.hash === hash) {
        reporter.info(`${kind} ${name}: unchanged (hash ${hash.slice(0, 12)}), reusing version ${latest.version}`);
        return { name, version: latest.version, created: false, hash };
    }
    const why = !latest
        ? 'first version'
        : latest.hash
            ? `hash changed from ${latest.hash.slice(0, 12)}`
            : `version ${latest.version} has no hash tag`;
    const made = await create(hash);
    reporter.info(made.created
        ? `${kind} ${name}: registered version ${made.version} (${why}; hash ${hash.slice(0, 12)})`
        : `${kind} ${name}: registered meanwhile by another job as version ${made.version}; reusing it`);
    return { name, version: made.version, created: made.created, hash };
}
function registerSummary(r) {
    const rows = [
        ...r.datasets.map((d) => ({ kind: 'data', ...d })),
        ...(r.model ? [{ kind: 'flow', ...r.model }] : [])
    ];
    return [
        `### Register · ${r.plan.useCase} · ${r.plan.env} (${r.target})`,
        '',
        '| kind | name | version | |',
        '|---|---|---|---|',
        ...rows.map((x) => `| ${x.kind} | ${x.name} | ${x.version} | ${x.created ? 'new' : 'unchanged'} |`),
        ''
    ].join('\n');
}

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(57975);
;// CONCATENATED MODULE: ./packages/core/dist/stages/expected-match.js
/**
 * How the smoke test's `expected` outputs are matched against an answer, so free text can be
 * checked too. Per output:
 * - `{"$contains": "text"}`: a string that contains the text (an array: that has the element);
 * - `{"$regex": "pattern"}` (optionally `"$flags": "i"`): a string the regular expression matches;
 * - an object: a JSON subset: every key it gives matches in the answer (recursively), others are free;
 * - anything else: equal (deep equality for arrays).
 */


const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v) => JSON.stringify(v)?.slice(0, 200);
/** Throws a UserError for a malformed pattern (before any request is sent). */
function checkExpected(expected, where = 'expected') {
    const walk = (v, at) => {
        if (!isObject(v))
            return;
        if ('$regex' in v) {
            if (typeof v.$regex !== 'string')
                throw new errors/* UserError */.yo(`${at}.$regex: expected a string pattern, found ${show(v.$regex)}`);
            try {
                new RegExp(v.$regex, typeof v.$flags === 'string' ? v.$flags : undefined);
            }
            catch (e) {
                throw new errors/* UserError */.yo(`${at}.$regex: not a valid regular expression (${e.message})`);
            }
            return;
        }
        if ('$contains' in v)
            return;
        for (const [k, x] of Object.entries(v))
            walk(x, `${at}.${k}`);
    };
    for (const [k, v] of Object.entries(expected))
        walk(v, `${where}.${k}`);
}
/** What does not match (empty: it matches). `at` names the output, e.g. `output "answer"`. */
function matchExpected(got, want, at) {
    if (isObject(want) && '$regex' in want) {
        const re = new RegExp(String(want.$regex), typeof want.$flags === 'string' ? want.$flags : undefined);
        return typeof got === 'string' && re.test(got)
            ? []
            : [`${at}: expected text matching /${re.source}/${re.flags}, got ${show(got)}`];
    }
    if (isObject(want) && '$contains' in want) {
        const part = want.$contains;
        const ok = typeof got === 'string' && typeof part === 'string'
            ? got.includes(part)
            : Array.isArray(got) && got.some((x) => (0,external_node_util_.isDeepStrictEqual)(x, part));
        return ok ? [] : [`${at}: expected it to contain ${show(part)}, got ${show(got)}`];
    }
    if (isObject(want)) {
        if (!isObject(got))
            return [`${at}: expected an object with ${show(want)}, got ${show(got)}`];
        return Object.entries(want).flatMap(([k, w]) => matchExpected(got[k], w, `${at}.${k}`));
    }
    return (0,external_node_util_.isDeepStrictEqual)(got, want) ? [] : [`${at}: expected ${show(want)}, got ${show(got)}`];
}

;// CONCATENATED MODULE: ./packages/core/dist/stages/smoke-test.js
/**
 * The smoke-test stage: the use-case's sample request to the deployed endpoint (or one of its
 * deployments), checked: status 200, a JSON object, every declared flow output present, optional
 * expected values; optionally N requests with p50/p95 latency. Deploy runs the same check against
 * the new deployment alone before it gets traffic.
 */






const DEFAULT_SMOKE_RETRY = { attempts: 8, initialDelayMs: 500, maxDelayMs: 8000 };
/** Statuses that mean "not ready yet" (retried on the first request), besides network errors. */
const NOT_READY = new Set([404, 408, 429, 502, 503, 504]);
/** Sends the request(s) and checks the answers. Never throws for a failed check. */
async function checkScoring(endpoints, endpoint, opts, reporter) {
    const retry = { ...DEFAULT_SMOKE_RETRY, ...opts.retry };
    const wait = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    const total = Math.max(1, opts.requests ?? 1);
    const failures = [];
    const latencies = [];
    const answeredBy = {};
    const target = opts.deployment ? `deployment ${endpoint}/${opts.deployment}` : `endpoint ${endpoint}`;
    let succeeded = 0;
    let sent = 0;
    let firstBody;
    const send = () => endpoints.scoringRequest(endpoint, {
        deployment: opts.deployment,
        body: opts.body,
        timeoutMs: opts.timeoutMs
    });
    const record = (i, res) => {
        sent++;
        if (i === 0)
            firstBody = res.body;
        if (res.deployment)
            answeredBy[res.deployment] = (answeredBy[res.deployment] ?? 0) + 1;
        const problems = checkResponse(res, opts.outputs, opts.expected);
        if (problems.length)
            failures.push(`request ${i + 1}: ${problems.join('; ')}`);
        else {
            succeeded++;
            latencies.push(res.latencyMs);
        }
    };
    // the first request: retried (bounded, with backoff) while the endpoint is not ready
    let delay = retry.initialDelayMs;
    for (let attempt = 1;; attempt++) {
        let res;
        let why;
        try {
            res = await send();
            why = `HTTP ${res.status}${errorText(res)}`;
        }
        catch (e) {
            why = describeNetworkError(e);
        }
        if (res && !NOT_READY.has(res.status)) {
            record(0, res);
            break;
        }
        if (attempt >= retry.attempts) {
            sent++;
            failures.push(`request 1: ${target} not ready after ${attempt} attempt(s): ${why}`);
            break;
        }
        reporter.info(`${target} not ready (${why}); retrying in ${Math.round(delay)} ms (attempt ${attempt}/${retry.attempts})`);
        await wait(delay);
        delay = Math.min(delay * 2, retry.maxDelayMs);
    }
    if (total > 1 && failures.length === 0) {
        let next = 1;
        const worker = async () => {
            while (next < total) {
                const i = next++;
                try {
                    record(i, await send());
                }
                catch (e) {
                    sent++;
                    failures.push(`request ${i + 1}: ${describeNetworkError(e)}`);
                }
                reporter.progress(`smoke test ${target}`, i + 1, total);
            }
        };
        await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 1, total - 1)) }, worker));
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
        passed: failures.length === 0,
        failures,
        requests: total,
        sent,
        succeeded,
        p50Ms: sorted.length ? smoke_test_round(smoke_test_percentile(sorted, 50)) : undefined,
        p95Ms: sorted.length ? smoke_test_round(smoke_test_percentile(sorted, 95)) : undefined,
        response: firstBody,
        answeredBy
    };
}
/** What is wrong with one answer (empty when nothing). */
function checkResponse(res, outputs, expected) {
    if (res.status !== 200)
        return [`expected status 200, got ${res.status}${errorText(res)}`];
    if (!res.json)
        return [`expected a JSON body, got ${JSON.stringify(String(res.body).slice(0, 200))}`];
    const body = res.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body))
        return [`expected a JSON object, got ${JSON.stringify(body)?.slice(0, 200)}`];
    const out = body;
    const problems = [];
    const missing = outputs.filter((o) => !(o in out));
    if (missing.length)
        problems.push(`missing flow output(s) ${missing.map((m) => `"${m}"`).join(', ')} (answer has ${Object.keys(out)
            .map((k) => `"${k}"`)
            .join(', ') || 'no keys'})`);
    for (const [key, want] of Object.entries(expected ?? {}))
        problems.push(...matchExpected(out[key], want, `output "${key}"`));
    return problems;
}
function errorText(res) {
    if (res.status === 200)
        return '';
    const b = res.body;
    if (b && typeof b === 'object' && b.error)
        return ` ${b.error.code ?? ''}: ${b.error.message ?? ''}`.replace(/\s+:/, ':');
    return typeof b === 'string' && b ? ` ${b.slice(0, 200)}` : '';
}
function describeNetworkError(e) {
    const err = e;
    if (err?.name === 'TimeoutError')
        return 'timed out';
    return err?.cause?.code
        ? `connection error (${err.cause.code})`
        : `connection error (${err?.message ?? e})`;
}
function smoke_test_percentile(sorted, p) {
    if (!sorted.length)
        return NaN;
    const rank = Math.ceil((p / 100) * sorted.length) - 1;
    return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}
const smoke_test_round = (n) => Math.round(n * 10) / 10;
/** The sample request of a deployment config (a JSON object), or a UserError naming the file. */
function readSampleRequest(useCase, file) {
    const abs = external_node_path_.resolve(useCase.dir, file);
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)(abs, 'utf8');
    }
    catch {
        throw new errors/* UserError */.yo(`sample request ${file}: file not found in ${useCase.dir}`);
    }
    let body;
    try {
        body = JSON.parse(text);
    }
    catch (e) {
        throw new errors/* UserError */.yo(`sample request ${file}: not JSON (${e.message})`);
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body))
        throw new errors/* UserError */.yo(`sample request ${file}: expected a JSON object of flow inputs`);
    return body;
}
/** Names of the flow outputs an answer must carry (declared outputs of the use-case's flow). */
function declaredOutputs(useCase, displayRoot) {
    const flow = (0,load/* loadFlow */.j7)(external_node_path_.join(useCase.dir, useCase.config.flow), {
        displayRoot,
        allowPackageTools: true
    });
    return Object.keys((flow.kind === 'dag' ? flow.outputs : flow.outputs) ?? {});
}
/** `20`, or `1 of 20 (the first failed: the rest were not sent)`. */
const sentText = (r) => r.sent === r.requests
    ? `${r.sent}`
    : `${r.sent} of ${r.requests} (the first failed: the rest were not sent)`;
/** Markdown table of a smoke check. */
function smokeSummary(title, r) {
    const fmt = (n) => (n === undefined ? '–' : `${n}`);
    const lines = [
        `### ${title}`,
        '',
        '| status | sent | succeeded | p50 ms | p95 ms |',
        '|---|---|---|---|---|',
        `| ${r.passed ? 'passed' : 'failed'} | ${sentText(r)} | ${r.succeeded} | ${fmt(r.p50Ms)} | ${fmt(r.p95Ms)} |`
    ];
    if (r.failures.length)
        lines.push('', ...r.failures.slice(0, 10).map((f) => `- ${f}`));
    return lines.join('\n') + '\n';
}
/**
 * Calls the environment's endpoint with its sample request. Returns `status: 'failed'` with the
 * reasons rather than throwing when a check fails; throws a UserError for bad input.
 */
async function smokeTest(opts, reporter) {
    const requests = opts.requests ?? 1;
    if (!Number.isInteger(requests) || requests < 1 || requests > 100_000)
        throw new errors/* UserError */.yo(`requests: expected a whole number from 1 to 100000, found ${requests}`);
    if (opts.expected !== undefined &&
        (typeof opts.expected !== 'object' || opts.expected === null || Array.isArray(opts.expected)))
        throw new errors/* UserError */.yo('expected: expected a JSON object of output values');
    if (opts.expected)
        checkExpected(opts.expected);
    const ctx = await openStage(opts, reporter);
    try {
        const d = ctx.plan.deployment;
        const endpoint = opts.endpoint ?? d?.endpoint;
        const sample = opts.sampleRequest ?? d?.sampleRequest;
        if (!endpoint || !sample)
            throw new errors/* UserError */.yo(`environment "${opts.env}" of ${ctx.useCase.config.name} has no deployment section (endpoint and sampleRequest)`);
        const body = readSampleRequest(ctx.useCase, sample);
        const outputs = declaredOutputs(ctx.useCase, ctx.root);
        const state = await ctx.target.endpoints.getEndpoint(endpoint);
        if (!state)
            throw new errors/* UserError */.yo(`endpoint "${endpoint}" does not exist (${ctx.kind} target); deploy first`);
        if (opts.deployment && !state.deployments.some((x) => x.name === opts.deployment))
            throw new errors/* UserError */.yo(`deployment "${opts.deployment}" does not exist on endpoint "${endpoint}"; deployments: ${state.deployments.map((x) => x.name).join(', ') || 'none'}`);
        const label = opts.deployment ? `${endpoint}/${opts.deployment}` : endpoint;
        const r = await reporter.group(`smoke test ${label} (${requests} request(s))`, () => checkScoring(ctx.target.endpoints, endpoint, {
            deployment: opts.deployment,
            body,
            outputs,
            expected: opts.expected,
            requests,
            concurrency: opts.concurrency,
            retry: opts.retry
        }, reporter));
        if (r.passed)
            reporter.info(`smoke test ${label}: passed (${r.succeeded}/${r.sent} sent${r.p95Ms !== undefined ? `, p50 ${r.p50Ms} ms, p95 ${r.p95Ms} ms` : ''})`);
        else {
            for (const f of r.failures.slice(0, 20))
                reporter.error(`smoke test ${label}: ${f}`);
            reporter.error(`smoke test ${label}: failed; requests sent: ${sentText(r)}, succeeded: ${r.succeeded}`);
        }
        reporter.summary(smokeSummary(`Smoke test · ${label} (${ctx.kind})`, r));
        return {
            ...r,
            status: r.passed ? 'passed' : 'failed',
            plan: ctx.plan,
            endpoint,
            deployment: opts.deployment
        };
    }
    finally {
        await ctx.close();
    }
}

// EXTERNAL MODULE: ./packages/core/dist/local/endpoint-state.js
var endpoint_state = __webpack_require__(22453);
// EXTERNAL MODULE: ./packages/core/dist/local/fs-util.js
var fs_util = __webpack_require__(9036);
;// CONCATENATED MODULE: ./packages/core/dist/stages/deploy-guard.js
/**
 * What keeps two deploys of one endpoint from undoing each other:
 *
 * - a deploy lease per endpoint (`DeployLease`): a lock file with its owner and an expiry, renewed
 *   while the deploy runs; a second deploy waits for it (bounded) or fails saying who holds it. A
 *   lease whose holder died (expired, or its pid gone on this host) is taken over;
 * - a compare-and-set rollback (`rollbackTraffic`): a failed deploy puts back only the traffic
 *   entries it changed, and only when the traffic is still what it set; if anyone changed it since,
 *   the rollback leaves it alone and says so.
 */







const DEPLOY_LOCKS_DIR = external_node_path_.join('.genaiops', 'deploy-locks');
const DEFAULT_TTL_MS = 120_000;
const DEFAULT_WAIT_MS = 600_000;
/** A held lease: renew it while working, release it when done. */
class DeployLease {
    file;
    record;
    ttlMs;
    timer;
    lost = false;
    constructor(file, record, ttlMs) {
        this.file = file;
        this.record = record;
        this.ttlMs = ttlMs;
    }
    /** Takes the endpoint's lease, waiting (bounded) while another deploy holds it. */
    static async acquire(o) {
        const ttlMs = o.ttlMs ?? DEFAULT_TTL_MS;
        const waitMs = o.waitMs ?? DEFAULT_WAIT_MS;
        (0,external_node_fs_.mkdirSync)(o.dir, { recursive: true });
        const file = external_node_path_.join(o.dir, `${o.endpoint}.json`);
        const deadline = Date.now() + waitMs;
        let told = false;
        for (let attempt = 0;; attempt++) {
            const now = Date.now();
            const record = {
                owner: o.owner,
                token: (0,external_node_crypto_.randomBytes)(8).toString('hex'),
                pid: process.pid,
                host: external_node_os_.hostname(),
                acquiredAt: new Date(now).toISOString(),
                expiresAt: new Date(now + ttlMs).toISOString()
            };
            if (deploy_guard_create(file, record)) {
                const lease = new DeployLease(file, record, ttlMs);
                lease.keepAlive();
                return lease;
            }
            const holder = readLease(file);
            if (!holder)
                continue; // released between our attempt and the read
            if (isStale(holder)) {
                breakStale(file, holder);
                continue;
            }
            if (Date.now() >= deadline)
                throw new errors/* UserError */.yo(`endpoint "${o.endpoint}" is being deployed by ${holder.owner} (since ${holder.acquiredAt}, lease until ${holder.expiresAt})` +
                    `${waitMs ? `; waited ${Math.round(waitMs / 1000)} s` : ''}: one deploy per endpoint at a time; retry when it is done`);
            if (!told)
                o.onWait?.(holder);
            told = true;
            await (0,fs_util/* sleep */.yy)(Math.min(1000, 50 * 2 ** Math.min(attempt, 5)) * (0.5 + Math.random()));
        }
    }
    get holder() {
        return this.record;
    }
    /** Throws when the lease was lost (it expired and another deploy took it): stop changing things. */
    check() {
        const now = readLease(this.file);
        if (this.lost || now?.token !== this.record.token)
            throw new errors/* UserError */.yo(`the deploy lease of ${external_node_path_.basename(this.file, '.json')} was lost${now ? ` to ${now.owner}` : ''}: stopped before changing anything more`);
    }
    async release() {
        clearInterval(this.timer);
        if (readLease(this.file)?.token === this.record.token)
            (0,external_node_fs_.rmSync)(this.file, { force: true });
    }
    keepAlive() {
        this.timer = setInterval(() => {
            if (readLease(this.file)?.token !== this.record.token) {
                this.lost = true;
                return clearInterval(this.timer);
            }
            this.record = { ...this.record, expiresAt: new Date(Date.now() + this.ttlMs).toISOString() };
            writeAtomic(this.file, this.record);
        }, Math.max(10, Math.floor(this.ttlMs / 3)));
        this.timer.unref();
    }
}
/** A lease file for this deploy: owner and pid say who holds it in the message of whoever waits. */
function defaultOwner(environ) {
    const run = environ.GITHUB_RUN_ID
        ? ` in workflow run ${environ.GITHUB_RUN_ID}${environ.GITHUB_JOB ? ` job ${environ.GITHUB_JOB}` : ''}`
        : '';
    return `genaiops deploy (pid ${process.pid} on ${external_node_os_.hostname()}${run})`;
}
/** Creates the lease file whole or not at all: written aside, then hard-linked (fails if it exists). */
function deploy_guard_create(file, record) {
    const tmp = `${file}.${process.pid}.${(0,external_node_crypto_.randomBytes)(4).toString('hex')}.tmp`;
    (0,external_node_fs_.writeFileSync)(tmp, JSON.stringify(record, null, 2) + '\n');
    try {
        (0,external_node_fs_.linkSync)(tmp, file);
        return true;
    }
    catch (e) {
        if (e.code === 'EEXIST')
            return false;
        throw e;
    }
    finally {
        (0,external_node_fs_.rmSync)(tmp, { force: true });
    }
}
function readLease(file) {
    try {
        return JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8'));
    }
    catch (e) {
        if (e.code === 'ENOENT')
            return undefined;
        // unreadable (not ours to judge): treated as expired
        return { owner: 'an unknown deploy', token: '', pid: 0, host: '', acquiredAt: '?', expiresAt: '' };
    }
}
function isStale(l) {
    const expires = Date.parse(l.expiresAt);
    if (!Number.isFinite(expires) || expires < Date.now())
        return true;
    return l.host === external_node_os_.hostname() && l.pid > 0 && l.pid !== process.pid && !(0,endpoint_state/* isAlive */._n)(l.pid);
}
/** Removes a stale lease only if it is still the one we judged stale (another waiter may have taken it). */
function breakStale(file, seen) {
    const aside = `${file}.${(0,external_node_crypto_.randomBytes)(4).toString('hex')}.stale`;
    try {
        (0,external_node_fs_.renameSync)(file, aside);
    }
    catch {
        return; // gone already
    }
    const moved = readLease(aside);
    // we moved a fresh lease taken meanwhile: put it back (unless yet another one is there)
    if (moved && moved.token !== seen.token)
        deploy_guard_create(file, moved);
    (0,external_node_fs_.rmSync)(aside, { force: true });
}
function writeAtomic(file, value) {
    const tmp = `${file}.${process.pid}.${(0,external_node_crypto_.randomBytes)(4).toString('hex')}.tmp`;
    (0,external_node_fs_.writeFileSync)(tmp, JSON.stringify(value, null, 2) + '\n');
    (0,external_node_fs_.renameSync)(tmp, file);
}
const share = (t, k) => t[k] ?? 0;
/** Same split (a missing deployment counts as 0 %). */
function sameTraffic(a, b) {
    return [...new Set([...Object.keys(a), ...Object.keys(b)])].every((k) => share(a, k) === share(b, k));
}
/**
 * What a failed deploy's rollback may do. `before`: the traffic when it started; `ours`: the
 * traffic it last set (or found after its own change); `now`: the traffic read just before the
 * rollback. Restores only the entries this deploy changed, and only when `now` is still `ours`.
 */
function planRollback(before, ours, now) {
    if (sameTraffic(before, now))
        return { action: 'none' };
    if (!sameTraffic(ours, now))
        return { action: 'conflict', now };
    const traffic = { ...now };
    for (const k of new Set([...Object.keys(before), ...Object.keys(ours)]))
        if (share(before, k) !== share(ours, k))
            traffic[k] = share(before, k);
    return { action: 'restore', traffic };
}

;// CONCATENATED MODULE: ./packages/core/dist/stages/release-plan.js
/**
 * The release strategy: two alternating slots, named by the deployment's `deployment` and
 * `previous` (the Python template's CURRENT_DEPLOYMENT_NAME / PRIOR_DEPLOYMENT_NAME).
 *
 * Why slots and not version-named deployments: the names stay those the user wrote (dashboards,
 * alerts and `azureml-model-deployment` headers keep working), an endpoint never holds more than
 * two of our deployments (quota and cost stay bounded: Azure bills a deployment at 0 % too), and
 * nothing needs collecting later.
 *
 * - release: the new version goes to the slot that is NOT live (live = the deployment serving the
 *   most traffic), at 0 %; it is smoke-tested alone, then takes the configured share beside the
 *   live one. A canary that still holds a share (an unpromoted earlier release) gives it back to
 *   the live deployment first, and is replaced.
 * - promote: the newest release takes 100 %; the other slot is kept at 0 % (quick rollback) or
 *   deleted, per `keepPrevious`.
 * - rollback: the deployment the newest release displaced takes 100 % again; the newest is kept at
 *   0 % (the next release replaces it).
 *
 * Each deployment carries two tags: `SPEC_TAG`, a hash of what it serves (model version and
 * settings), which makes a release of what is already live a no-op, and `RELEASED_TAG`, when it
 * was released, which says which slot holds the newest release.
 *
 * Everything here is pure: it reads an endpoint's state and says what to do.
 */


const SPEC_TAG = 'genaiops.spec';
const RELEASED_TAG = 'genaiops.released';
/** Hash of what a deployment serves (not its name, tags or description): equal hashes serve the same. */
function specHash(spec) {
    const served = {
        model: spec.model,
        environmentVariables: spec.environmentVariables,
        instanceType: spec.instanceType,
        instanceCount: spec.instanceCount,
        kubernetes: spec.kubernetes,
        requestSettings: spec.requestSettings,
        livenessProbe: spec.livenessProbe,
        readinessProbe: spec.readinessProbe
    };
    return (0,external_node_crypto_.createHash)('sha256').update(stableJson(served)).digest('hex').slice(0, 16);
}
function stableJson(v) {
    if (Array.isArray(v))
        return `[${v.map(stableJson).join(',')}]`;
    if (v && typeof v === 'object')
        return `{${Object.keys(v)
            .sort()
            .filter((k) => v[k] !== undefined)
            .map((k) => `${JSON.stringify(k)}:${stableJson(v[k])}`)
            .join(',')}}`;
    return JSON.stringify(v);
}
function deploymentViews(state) {
    return (state?.deployments ?? []).map((d) => ({
        name: d.name,
        model: d.model ? `${d.model.name}:${d.model.version}` : undefined,
        traffic: state?.traffic[d.name] ?? 0,
        state: d.provisioningState
    }));
}
const formatTraffic = (t) => Object.keys(t).length
    ? `{${Object.entries(t)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ')}}`
    : '{} (no deployments)';
/** Deployments, newest release first: release time tag, then model version, then less traffic. */
function newestFirst(deps, traffic) {
    const version = (d) => Number(d.model?.version ?? NaN);
    return [...deps].sort((a, b) => {
        const ta = a.tags?.[RELEASED_TAG] ?? '';
        const tb = b.tags?.[RELEASED_TAG] ?? '';
        if (ta !== tb)
            return ta < tb ? 1 : -1;
        const va = version(a);
        const vb = version(b);
        if (va !== vb && !Number.isNaN(va) && !Number.isNaN(vb))
            return vb - va;
        return (traffic[a.name] ?? 0) - (traffic[b.name] ?? 0);
    });
}
/** The deployment serving the most traffic (on a tie, the older release), or undefined when none serves any. */
function liveDeployment(state) {
    if (!state)
        return undefined;
    const serving = state.deployments.filter((d) => (state.traffic[d.name] ?? 0) > 0);
    const most = Math.max(0, ...serving.map((d) => state.traffic[d.name]));
    const top = serving.filter((d) => state.traffic[d.name] === most);
    return newestFirst(top, state.traffic).at(-1);
}
const release_plan_describe = (d, traffic) => `"${d.name}"${d.model ? ` (${d.model.name}:${d.model.version})` : ''} at ${traffic[d.name] ?? 0}%`;
const release_plan_sameTraffic = (now, want) => Object.keys({ ...now, ...want }).every((k) => (now[k] ?? 0) === (want[k] ?? 0));
/** What a release of `hash` does on an endpoint in `state` (undefined: the endpoint does not exist). */
function planRelease(state, slots, share, hash, force = false) {
    const traffic = state?.traffic ?? {};
    const deps = state?.deployments ?? [];
    const live = liveDeployment(state);
    if (!force && live && live.tags?.[SPEC_TAG] === hash)
        return {
            kind: 'none',
            deployment: live.name,
            reason: `this release is already live: ${release_plan_describe(live, traffic)} serves the same version and settings; nothing to do`
        };
    let target = slots.deployment;
    if (slots.previous !== undefined) {
        const free = [slots.deployment, slots.previous].filter((n) => n !== live?.name);
        // the slot with less traffic (config order on a tie): the live one is never chosen
        target = free.sort((a, b) => (traffic[a] ?? 0) - (traffic[b] ?? 0))[0];
    }
    const inPlace = target === live?.name;
    const beside = inPlace ? undefined : live?.name;
    const final = beside && share < 100 ? { [target]: share, [beside]: 100 - share } : { [target]: 100 };
    const current = deps.find((d) => d.name === target);
    if (!force &&
        current?.tags?.[SPEC_TAG] === hash &&
        current.provisioningState === 'Succeeded' &&
        release_plan_sameTraffic(traffic, final))
        return {
            kind: 'none',
            deployment: target,
            reason: `this release is already out: ${release_plan_describe(current, traffic)}${beside ? ` beside "${beside}" at ${traffic[beside]}%` : ''}; nothing to do`
        };
    const held = traffic[target] ?? 0;
    const drain = beside && held > 0 ? { ...traffic, [target]: 0, [beside]: (traffic[beside] ?? 0) + held } : undefined;
    return { kind: 'release', target, live: beside, inPlace, drain, final };
}
/** The slot deployments that exist, newest release first. */
function slotDeployments(state, slots, what) {
    const names = [slots.deployment, slots.previous].filter((n) => !!n);
    const found = newestFirst(state.deployments.filter((d) => names.includes(d.name)), state.traffic);
    if (!found.length)
        throw new errors/* UserError */.yo(`endpoint "${state.name}" has no deployment ${names.map((n) => `"${n}"`).join(' or ')}: nothing to ${what}; release first`);
    return found;
}
function requireReady(d, what) {
    if (d.provisioningState !== 'Succeeded')
        throw new errors/* UserError */.yo(`cannot ${what}: deployment "${d.name}" is ${d.provisioningState}; release again or fix it first`);
}
/** Promote: the newest release takes 100 %; the other slot is kept at 0 % or deleted. */
function planPromote(state, slots, opts) {
    const [newest, other] = slotDeployments(state, slots, 'promote');
    const t = state.traffic;
    const remove = !opts.keepPrevious && other ? other.name : undefined;
    if ((t[newest.name] ?? 0) === 100)
        return {
            kind: 'none',
            deployment: newest.name,
            remove,
            reason: `${release_plan_describe(newest, t)} already serves all the traffic; nothing to promote`
        };
    requireReady(newest, 'promote');
    if ((t[newest.name] ?? 0) === 0 && opts.share > 0)
        throw new errors/* UserError */.yo(`cannot promote ${release_plan_describe(newest, t)}: the newest release holds no traffic (its release did not finish, or it was rolled back); release again`);
    return { kind: 'switch', deployment: newest.name, final: { [newest.name]: 100 }, remove };
}
/** Rollback: the deployment the newest release displaced takes 100 % again. */
function release_plan_planRollback(state, slots) {
    const [newest] = slotDeployments(state, slots, 'roll back');
    const t = state.traffic;
    const others = state.deployments.filter((d) => d.name !== newest.name);
    const serving = others.filter((d) => (t[d.name] ?? 0) > 0);
    const back = serving.length
        ? serving.sort((a, b) => t[b.name] - t[a.name])[0]
        : newestFirst(others.filter((d) => d.name === slots.deployment || d.name === slots.previous), t)[0];
    if (!back)
        throw new errors/* UserError */.yo(`cannot roll back: endpoint "${state.name}" has no deployment besides ${release_plan_describe(newest, t)} (the previous one was deleted at promote, or there was only one release)`);
    if ((t[newest.name] ?? 0) === 0 && (t[back.name] ?? 0) === 100)
        return {
            kind: 'none',
            deployment: back.name,
            reason: `${release_plan_describe(back, t)} already serves all the traffic and the newest release ${release_plan_describe(newest, t)} none; nothing to roll back`
        };
    requireReady(back, 'roll back');
    return { kind: 'switch', deployment: back.name, final: { [back.name]: 100 } };
}

;// CONCATENATED MODULE: ./packages/core/dist/stages/release-report.js

/** One line: `blue (flow:1) 80%, green (flow:2) 20%`. */
function describeDeployments(state) {
    const views = deploymentViews(state);
    if (!state)
        return 'does not exist';
    if (!views.length)
        return 'no deployments';
    return views
        .map((v) => `${v.name} (${v.model ?? 'model unknown'}${v.state === 'Succeeded' ? '' : `, ${v.state}`}) ${v.traffic}%`)
        .join(', ');
}
/** A markdown table of the deployments before and after. */
function releaseTable(before, after) {
    const names = [...new Set([...before.map((v) => v.name), ...after.map((v) => v.name)])].sort();
    const cell = (views, n) => {
        const v = views.find((x) => x.name === n);
        return v ? `${v.model ?? '?'} · ${v.traffic}%${v.state === 'Succeeded' ? '' : ` (${v.state})`}` : '–';
    };
    return [
        '| deployment | before | after |',
        '|---|---|---|',
        ...names.map((n) => `| ${n} | ${cell(before, n)} | ${cell(after, n)} |`)
    ].join('\n');
}
/** Logs the state after, writes the summary and builds the stage result. */
function releaseReport(reporter, r) {
    const deploymentsBefore = deploymentViews(r.before);
    const deploymentsAfter = deploymentViews(r.after);
    if (r.changed)
        reporter.info(`endpoint ${r.endpoint} after: ${describeDeployments(r.after)}`);
    reporter.summary([
        `### ${r.operation[0].toUpperCase()}${r.operation.slice(1)} · ${r.endpoint} (${r.target})`,
        '',
        r.message,
        '',
        releaseTable(deploymentsBefore, deploymentsAfter),
        ''
    ].join('\n'));
    return {
        plan: r.plan,
        target: r.target,
        operation: r.operation,
        changed: r.changed,
        message: r.message,
        endpoint: r.endpoint,
        deployment: r.deployment,
        model: r.model,
        scoringUri: r.after?.scoringUri ?? r.before?.scoringUri ?? '',
        trafficBefore: { ...r.before?.traffic },
        traffic: { ...r.after?.traffic },
        deploymentsBefore,
        deploymentsAfter,
        smoke: r.smoke,
        endpointCreated: r.endpointCreated
    };
}

;// CONCATENATED MODULE: ./packages/core/dist/stages/deploy.js
/**
 * The deploy stage: a release of the registered flow version to an online endpoint (the strategy
 * is in `release-plan.ts`; `promote` and `rollback` finish it, in `promote-rollback.ts`).
 *
 * 1. Everything is checked before any change: names, traffic, instance settings, the sample
 *    request, the model version. A release of what is already out does nothing and says so.
 * 2. The endpoint is created when missing (key auth, system-assigned identity), access granted.
 * 3. The new version goes to the slot that is not live, at 0 % traffic; the live deployment is
 *    never touched.
 * 4. It is smoke-tested alone (deployment header).
 * 5. Only then it takes its configured share beside the live deployment (all of it on a first release).
 * If 3–5 fail, the traffic entries this deploy changed are put back, unless someone changed the
 * traffic since (compare-and-set, deploy-guard.ts), and the stage throws a UserError saying what
 * failed and what the traffic is now. On the local target one deploy per endpoint runs at a time
 * (a lease file); a second one waits.
 */







const DEFAULT_REQUEST_SETTINGS = { requestTimeoutMs: 90_000, maxConcurrentRequestsPerInstance: 10 };
/** Azure ML's defaults for online deployments. */
const DEFAULT_LIVENESS_PROBE = {
    initialDelaySeconds: 10,
    periodSeconds: 10,
    timeoutSeconds: 2,
    failureThreshold: 30,
    successThreshold: 1
};
const DEFAULT_READINESS_PROBE = {
    initialDelaySeconds: 10,
    periodSeconds: 10,
    timeoutSeconds: 2,
    failureThreshold: 30,
    successThreshold: 1
};
const deploy_NAME = /^[A-Za-z][A-Za-z0-9-]{1,31}$/;
/** Checks a deployment (config plus overrides) for what the stage needs; every problem in one UserError. */
function checkDeploymentInput(d, kind) {
    const problems = [];
    const name = (what, v, required) => {
        if (v === undefined || v.trim() === '') {
            if (required)
                problems.push(`${what} name is missing`);
        }
        else if (!deploy_NAME.test(v) || v.endsWith('-'))
            problems.push(`${what} name "${v}": expected 3–32 letters, digits or '-', starting with a letter`);
    };
    name('endpoint', d.endpoint, true);
    name('deployment', d.deployment, true);
    name('previous deployment', d.previous, false);
    if (d.previous && d.previous === d.deployment)
        problems.push(`previous deployment "${d.previous}" is also "deployment": the two slots need two names (e.g. "blue" and "green")`);
    if (typeof d.traffic !== 'number' || !Number.isInteger(d.traffic) || d.traffic < 0 || d.traffic > 100)
        problems.push(`traffic ${JSON.stringify(d.traffic)} is out of range: expected a whole percent from 0 to 100`);
    else if (!d.previous && d.traffic !== 100)
        problems.push(`traffic ${d.traffic} with no previous deployment does not sum to 100 (${100 - d.traffic}% would go nowhere): set "previous" or make it 100`);
    if (d.instanceType !== undefined && d.instanceType.trim() === '')
        problems.push('instance type is empty: give a VM size such as "Standard_DS3_v2"');
    if (kind === 'managed' && !d.instanceType)
        problems.push('a managed deployment needs an instance type (e.g. "Standard_DS3_v2")');
    if (kind === 'kubernetes' && !d.compute)
        problems.push('a kubernetes deployment needs "compute" (the attached Kubernetes compute)');
    if (!Number.isInteger(d.instanceCount) || d.instanceCount < 1)
        problems.push(`instance count ${JSON.stringify(d.instanceCount)}: expected a whole number ≥ 1`);
    if (!d.sampleRequest || d.sampleRequest.trim() === '')
        problems.push('sample request file is missing');
    if (problems.length)
        throw new errors/* UserError */.yo(`deployment refused before any change:\n- ${problems.join('\n- ')}`);
}
/** The environment's deployment with the caller's overrides applied (`previous: ''` means none). */
function effectiveDeployment(ctx, opts) {
    if (!ctx.plan.deployment)
        throw new errors/* UserError */.yo(`environment "${opts.env}" of ${ctx.useCase.config.name} has no "deployment" section`);
    const d = {
        ...ctx.plan.deployment,
        ...Object.fromEntries(Object.entries({ ...opts.overrides }).filter(([, v]) => v !== undefined))
    };
    if (d.previous === '')
        d.previous = undefined;
    return d;
}
/**
 * A release (see `release-plan.ts`): the new version into the slot that is not live, at 0 %,
 * smoke-tested alone, then at its configured share. Checks everything before any change; on a
 * failure after a change, the traffic is put back (the live deployment's share as before, a
 * replaced canary's share with the live one) and a UserError says what failed and the traffic now.
 */
async function deploy(opts, reporter) {
    const ctx = await openStage(opts, reporter);
    let lease;
    try {
        const { plan, useCase, kind } = ctx;
        const d = effectiveDeployment(ctx, opts);
        const envConfig = useCase.config.environments[opts.env];
        const endpoints = ctx.target.endpoints;
        // ---- 1. checks, before any change ------------------------------------------------------------
        checkDeploymentInput(d, kind);
        const body = readSampleRequest(useCase, d.sampleRequest);
        const outputs = declaredOutputs(useCase, ctx.root);
        const modelName = opts.modelName ?? flowModelName(useCase.config.name, opts.env);
        const version = await resolveVersion(ctx, modelName, opts.modelVersion);
        const model = { name: modelName, version };
        // named after the slot once the plan has chosen it (the name is not part of the spec hash)
        const spec = {
            endpoint: d.endpoint,
            name: d.deployment,
            description: d.description,
            model,
            environmentVariables: {
                ...envConfig.environmentVariables,
                ...d.environmentVariables,
                PROMPTFLOW_RUN_MODE: 'serving'
            },
            instanceType: d.instanceType,
            instanceCount: d.instanceCount,
            kubernetes: kind === 'kubernetes' ? { compute: d.compute, cpu: d.cpu, memory: d.memory } : undefined,
            requestSettings: { ...DEFAULT_REQUEST_SETTINGS, ...opts.requestSettings },
            requestLog: d.requestLog,
            livenessProbe: opts.livenessProbe ?? DEFAULT_LIVENESS_PROBE,
            readinessProbe: opts.readinessProbe ?? DEFAULT_READINESS_PROBE,
            tags: { usecase: useCase.config.name, env: opts.env, model: `${modelName}:${version}` }
        };
        const hash = specHash(spec);
        // one deploy per endpoint at a time from here on: the endpoint's state is read under the lease
        if (kind === 'local')
            lease = await DeployLease.acquire({
                dir: external_node_path_.join(ctx.root, DEPLOY_LOCKS_DIR),
                endpoint: d.endpoint,
                owner: defaultOwner(ctx.environ),
                waitMs: opts.lockWaitMs,
                onWait: (h) => reporter.info(`endpoint ${d.endpoint} is being deployed by ${h.owner}: waiting`)
            });
        const existing = await endpoints.getEndpoint(d.endpoint);
        const step = planRelease(existing, { deployment: d.deployment, previous: d.previous }, d.traffic, hash, opts.force);
        const report = (changed, message, after = existing, smoke) => releaseReport(reporter, {
            plan,
            target: kind,
            operation: 'release',
            changed,
            message,
            endpoint: d.endpoint,
            deployment: step.kind === 'none' ? step.deployment : step.target,
            model,
            before: existing,
            after,
            smoke,
            endpointCreated: !existing
        });
        reporter.info(`endpoint ${d.endpoint} before: ${describeDeployments(existing)}`);
        if (step.kind === 'none') {
            reporter.info(step.reason);
            return report(false, step.reason);
        }
        if (step.inPlace)
            reporter.warn(`"${step.target}" is live and there is no second slot ("previous") to release into: it is updated in place, and a failure cannot give its old version back`);
        if (!liveDeployment(existing))
            reporter.info(`first release on endpoint ${d.endpoint} (no deployment serves traffic): "${step.target}" takes all of it once its smoke test passes`);
        reporter.info(`releasing flow ${modelName}:${version} to ${kind} endpoint ${d.endpoint} as "${step.target}"${step.live ? ` beside the live "${step.live}"` : ''}; target traffic ${formatTraffic(step.final)}`);
        // ---- 2. the endpoint -----------------------------------------------------------------------------
        const ep = await reporter.group(`endpoint ${d.endpoint}`, async () => {
            const state = await endpoints.ensureEndpoint({
                name: d.endpoint,
                description: d.endpointDescription,
                authMode: 'key',
                identity: 'SystemAssigned',
                tags: { usecase: useCase.config.name, env: opts.env }
            });
            if (endpoints.grantAccess)
                await endpoints.grantAccess(d.endpoint);
            return state;
        });
        const before = { ...ep.traffic };
        // ---- 3–5. rollout, with rollback --------------------------------------------------------------
        // What to put back on a failure: the traffic as it was until the target is touched; after
        // that, the drained map (a replaced canary must not get its share back with a new version).
        let restoreTo;
        let ours = { ...before }; // the traffic this deploy last set
        let attempted; // a change that failed, and may have applied
        const setTraffic = async (t) => {
            lease?.check();
            attempted = t;
            await endpoints.setTraffic(d.endpoint, t);
            ours = t;
            attempted = undefined;
        };
        const fail = async (what) => {
            let restored;
            if (!restoreTo)
                restored = `traffic unchanged: ${formatTraffic(before)}`;
            else
                try {
                    // compare-and-set: only what this deploy changed, only if no one changed it since
                    const found = (await endpoints.getEndpoint(d.endpoint))?.traffic ?? {};
                    const mine = attempted && sameTraffic(attempted, found) ? attempted : ours;
                    const undo = planRollback(restoreTo, mine, found);
                    if (undo.action === 'conflict')
                        restored = `traffic NOT restored: it was changed by someone else since this deploy set it (now ${formatTraffic(undo.now)})`;
                    else {
                        if (undo.action === 'restore')
                            await endpoints.setTraffic(d.endpoint, undo.traffic);
                        const now = (await endpoints.getEndpoint(d.endpoint))?.traffic ?? {};
                        restored = `traffic restored to ${formatTraffic(pick(now, before))}`;
                    }
                }
                catch (e) {
                    restored = `COULD NOT restore the traffic (${e.message}); set it back by hand to ${formatTraffic(restoreTo)}`;
                }
            reporter.error(`${what}; ${restored}`);
            throw new errors/* UserError */.yo(`deploy ${d.endpoint}/${step.target} failed: ${what}; ${restored}`);
        };
        if (step.drain) {
            reporter.info(`"${step.target}" holds ${before[step.target]}% from an unpromoted release and is replaced: its share goes back to "${step.live}" first: ${formatTraffic(step.drain)}`);
            restoreTo = before;
            try {
                await setTraffic(step.drain);
            }
            catch (e) {
                await fail(`moving traffic off "${step.target}" failed: ${e.message}`);
            }
        }
        restoreTo = step.drain ?? before; // a target might route to a new deployment on its own
        try {
            await reporter.group(`deployment ${step.target} (${modelName}:${version}) at 0% traffic`, () => endpoints.createOrUpdateDeployment({
                ...spec,
                name: step.target,
                tags: { ...spec.tags, [SPEC_TAG]: hash, [RELEASED_TAG]: new Date().toISOString() }
            }));
        }
        catch (e) {
            await fail(`deployment "${step.target}" could not be created: ${e.message}`);
        }
        const smoke = await reporter.group(`smoke test of "${step.target}" alone`, () => checkScoring(endpoints, d.endpoint, { deployment: step.target, body, outputs, expected: opts.expected, retry: opts.smokeRetry }, reporter));
        reporter.summary(smokeSummary(`Smoke test of the new deployment ${d.endpoint}/${step.target}`, smoke));
        if (!smoke.passed)
            await fail(`smoke test of "${step.target}" failed: ${smoke.failures.join('; ')}`);
        if (opts.afterSmokeTest) {
            const check = await opts
                .afterSmokeTest({ endpoints, endpoint: d.endpoint, deployment: step.target })
                .catch((e) => ({ passed: false, failures: [e.message] }));
            if (!check.passed)
                await fail(`integration test of "${step.target}" failed: ${check.failures.join('; ')}`);
        }
        try {
            await setTraffic(step.final);
        }
        catch (e) {
            await fail(`traffic update to ${formatTraffic(step.final)} failed: ${e.message}`);
        }
        const after = await endpoints.getEndpoint(d.endpoint);
        return report(true, `released ${modelName}:${version} as "${step.target}": traffic ${formatTraffic(after?.traffic ?? step.final)}`, after ?? ep, smoke);
    }
    finally {
        await lease?.release();
        await ctx.close();
    }
}
async function resolveVersion(ctx, modelName, wanted) {
    const version = wanted?.trim() || undefined;
    const registry = ctx.target.registry;
    if (version) {
        if (await registry.getFlowVersion(modelName, version))
            return version;
        const latest = await registry.latestFlowVersion(modelName);
        throw new errors/* UserError */.yo(`unknown model version: flow ${modelName} has no version "${version}" (${latest ? `latest is ${latest.version}` : 'none is registered; run register first'})`);
    }
    const latest = await registry.latestFlowVersion(modelName);
    if (!latest)
        throw new errors/* UserError */.yo(`flow ${modelName} has no registered version (${ctx.kind} target): run register first`);
    return latest.version;
}
/** `now` restricted to the deployments that had traffic entries before, plus any with traffic now. */
function pick(now, before) {
    const out = {};
    for (const [k, v] of Object.entries(now))
        if (k in before || v > 0)
            out[k] = v;
    return out;
}

;// CONCATENATED MODULE: ./packages/core/dist/stages/promote-rollback.js
/**
 * `promote` and `rollback`: finish a release (see `release-plan.ts`). Both only move traffic (and
 * promote may delete the older slot), so both are safe to run again: a second run finds nothing to
 * do and says so.
 */








/** The newest release takes 100 % (after a smoke test of it alone); the older slot is kept at 0 % or deleted (`keepPrevious`). */
function promote(opts, reporter) {
    return switchTraffic('promote', opts, reporter);
}
/** The deployment the newest release displaced takes 100 % again; the newest stays at 0 %. */
function rollback(opts, reporter) {
    return switchTraffic('rollback', opts, reporter);
}
async function switchTraffic(operation, opts, reporter) {
    const ctx = await openStage(opts, reporter);
    let lease;
    try {
        const d = effectiveDeployment(ctx, opts);
        checkDeploymentInput(d, ctx.kind);
        const endpoints = ctx.target.endpoints;
        // a promote or rollback is a deploy too: one per endpoint at a time (local target)
        if (ctx.kind === 'local')
            lease = await DeployLease.acquire({
                dir: external_node_path_.join(ctx.root, DEPLOY_LOCKS_DIR),
                endpoint: d.endpoint,
                owner: defaultOwner(ctx.environ),
                onWait: (h) => reporter.info(`endpoint ${d.endpoint} is being deployed by ${h.owner}: waiting`)
            });
        const before = await endpoints.getEndpoint(d.endpoint);
        if (!before)
            throw new errors/* UserError */.yo(`endpoint "${d.endpoint}" does not exist (${ctx.kind} target): nothing to ${operation}; release first`);
        reporter.info(`endpoint ${d.endpoint} before: ${describeDeployments(before)}`);
        const slots = { deployment: d.deployment, previous: d.previous };
        const step = operation === 'promote'
            ? planPromote(before, slots, { keepPrevious: d.keepPrevious, share: d.traffic })
            : release_plan_planRollback(before, slots);
        const done = [];
        let smoke;
        if (step.kind === 'none')
            reporter.info(step.reason);
        else {
            if (operation === 'promote') {
                // cheap, and the last chance to refuse before it takes everything
                const body = readSampleRequest(ctx.useCase, d.sampleRequest);
                const outputs = declaredOutputs(ctx.useCase, ctx.root);
                smoke = await reporter.group(`smoke test of "${step.deployment}" alone`, () => checkScoring(endpoints, d.endpoint, { deployment: step.deployment, body, outputs, expected: opts.expected, retry: opts.smokeRetry }, reporter));
                reporter.summary(smokeSummary(`Smoke test of ${d.endpoint}/${step.deployment}`, smoke));
                if (!smoke.passed)
                    throw new errors/* UserError */.yo(`promote of ${d.endpoint}/${step.deployment} refused: its smoke test failed: ${smoke.failures.join('; ')}; traffic unchanged: ${formatTraffic(before.traffic)}`);
            }
            try {
                await endpoints.setTraffic(d.endpoint, step.final);
            }
            catch (e) {
                const now = (await endpoints.getEndpoint(d.endpoint).catch(() => undefined))?.traffic;
                throw new errors/* UserError */.yo(`${operation} of ${d.endpoint} failed: traffic update to ${formatTraffic(step.final)}: ${e.message}; traffic now ${now ? formatTraffic(now) : 'unknown'}; run ${operation} again`);
            }
            done.push(`"${step.deployment}" serves all the traffic`);
        }
        if (step.remove) {
            try {
                await endpoints.deleteDeployment(d.endpoint, step.remove);
                done.push(`"${step.remove}" deleted (keepPrevious is false)`);
            }
            catch (e) {
                reporter.warn(`could not delete "${step.remove}" (${e.message}); run promote again to delete it`);
            }
        }
        const after = done.length ? await endpoints.getEndpoint(d.endpoint) : before;
        return releaseReport(reporter, {
            plan: ctx.plan,
            target: ctx.kind,
            operation,
            changed: done.length > 0,
            message: done.length
                ? `${operation === 'promote' ? 'promoted' : 'rolled back'}: ${done.join('; ')}`
                : step.kind === 'none'
                    ? step.reason
                    : '',
            endpoint: d.endpoint,
            deployment: step.deployment,
            before,
            after,
            smoke,
            endpointCreated: false
        });
    }
    finally {
        await lease?.release();
        await ctx.close();
    }
}

// EXTERNAL MODULE: ./packages/core/dist/local/registry.js
var registry = __webpack_require__(83091);
// EXTERNAL MODULE: ./packages/core/dist/local/endpoints.js
var endpoints = __webpack_require__(28740);
// EXTERNAL MODULE: ./packages/core/dist/local/server.js + 1 modules
var server = __webpack_require__(75996);
// EXTERNAL MODULE: ./packages/core/dist/local/server-process.js
var server_process = __webpack_require__(66187);
// EXTERNAL MODULE: ./packages/core/dist/local/target.js
var target = __webpack_require__(16049);
// EXTERNAL MODULE: ./packages/core/dist/local/request-log.js
var request_log = __webpack_require__(28928);
// EXTERNAL MODULE: ./packages/core/dist/local/endpoint-secrets.js
var endpoint_secrets = __webpack_require__(56709);
;// CONCATENATED MODULE: ./packages/core/dist/local/index.js









;// CONCATENATED MODULE: ./packages/core/dist/azure/data-collection.js

const DATA_COLLECTOR_ROOT = 'modelDataCollector';
/** The deployment's `dataCollector` (ARM OnlineDeployment, api-version 2023-04-01 and later). */
function dataCollectorFor(log) {
    if (!log?.enabled)
        return undefined;
    const mode = { dataCollectionMode: 'Enabled' };
    return {
        collections: { request: mode, response: mode },
        rollingRate: 'Hour',
        samplingRate: log.sampleRate
    };
}
const pad = (n) => String(n).padStart(2, '0');
/** `<yyyy>/<MM>/<dd>/<HH>/` of each hour from `since` to `until` (UTC). */
function hourFolders(since, until) {
    const out = [];
    const t = new Date(since);
    t.setUTCMinutes(0, 0, 0);
    for (; t <= until; t.setUTCHours(t.getUTCHours() + 1))
        out.push(`${t.getUTCFullYear()}/${pad(t.getUTCMonth() + 1)}/${pad(t.getUTCDate())}/${pad(t.getUTCHours())}/`);
    return out;
}
/** A payload as the flow saw it: JSON text is parsed, a one-row table is its row. */
function payload(data) {
    let v = data;
    if (typeof v === 'string')
        try {
            v = JSON.parse(v);
        }
        catch {
            return undefined;
        }
    if (Array.isArray(v) && v.length === 1)
        v = v[0];
    return v && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
}
async function readCollection(container, prefix, since, until) {
    const out = new Map();
    for (const hour of hourFolders(since, until))
        for await (const blob of container.listBlobsFlat({ prefix: prefix + hour })) {
            const text = (await container.getBlobClient(blob.name).downloadToBuffer()).toString('utf8');
            for (const raw of text.split('\n')) {
                if (!raw.trim())
                    continue;
                let line;
                try {
                    line = JSON.parse(raw);
                }
                catch {
                    continue; // a line being written while we read
                }
                const t = Date.parse(line.time ?? '');
                if (!line.correlationid || !(t >= since.getTime() && t <= until.getTime()))
                    continue;
                out.set(line.correlationid, line);
            }
        }
    return out;
}
/**
 * The collected requests of a deployment between `since` and `until`, each joined with its response
 * into a dataset line (inputs and outputs as columns, as the local request log gives them).
 */
async function readCollectedLines(container, opts) {
    const base = `${DATA_COLLECTOR_ROOT}/${opts.endpoint}/${opts.deployment}/`;
    const requests = await readCollection(container, `${base}request/`, opts.since, opts.until);
    const responses = await readCollection(container, `${base}response/`, opts.since, opts.until);
    const lines = [];
    for (const [id, req] of requests) {
        const inputs = payload(req.data);
        const outputs = payload(responses.get(id)?.data);
        if (!inputs || !outputs)
            continue; // a request that failed, or whose answer is not collected yet
        lines.push({
            time: req.time,
            line: (0,request_log/* requestLogLine */.yn)({
                time: req.time,
                endpoint: opts.endpoint,
                deployment: opts.deployment,
                inputs,
                outputs
            })
        });
    }
    return lines.sort((a, b) => a.time.localeCompare(b.time)).map((l) => l.line);
}

;// CONCATENATED MODULE: ./packages/core/dist/reporter.js

/**
 * A reporter that keeps everything in memory: for tests and for callers that print later. It masks
 * as the terminal and the runner do, so what it holds is what a user would see.
 */
class MemoryReporter {
    lines = [];
    warnings = [];
    errors = [];
    summaries = [];
    secrets = [];
    masker = new secret_masker/* SecretMasker */.M();
    info(m) {
        this.lines.push(this.masker.mask(m));
    }
    warn(m) {
        this.warnings.push(this.masker.mask(m));
    }
    error(m) {
        this.errors.push(this.masker.mask(m));
    }
    async group(title, fn) {
        this.lines.push(`## ${this.masker.mask(title)}`);
        return fn();
    }
    progress() { }
    summary(md) {
        this.summaries.push(this.masker.mask(md));
    }
    secret(v) {
        this.secrets.push(v);
        this.masker.add(v);
    }
    mask(text) {
        return this.masker.mask(text);
    }
}

;// CONCATENATED MODULE: ./packages/core/dist/stages/monitor.js
/**
 * The monitor stage (post-production evaluation): the environment's monitor evaluators run over
 * production lines (its log datasets, or its deployment's request log for a time window), write
 * the same reports as evaluate (kind `monitor`), and check their gates. A breached gate says which
 * metric moved and by how much since the previous monitor run.
 */















const REQUEST_LOG_SOURCE = 'request-log';
const monitor_fmt = (n) => String(Math.round(n * 1e6) / 1e6);
async function monitor(opts, reporter) {
    const ctx = prepareStage(opts);
    const { plan, useCase, envConfig } = ctx;
    const config = envConfig.monitor;
    if (!config)
        throw new errors/* UserError */.yo([
            {
                ...useCase.locate(['environments', plan.env]),
                message: `environment "${plan.env}" has no "monitor" section (production lines and the evaluators to run over them)`
            }
        ]);
    const buildId = checkBuildId(opts.buildId ?? defaultBuildId(ctx.environ));
    const abs = (p) => external_node_path_.resolve(ctx.cwd, p);
    const manifestFile = opts.manifest ?? external_node_path_.posix.join(monitorDir(ctx), 'monitor-manifest.json');
    const previous = readPrevious(abs(manifestFile), plan.useCase, plan.env);
    const sources = await collectSources(ctx, config, opts, buildId);
    const table = Object.fromEntries(config.evaluators.map((e, i) => [
        e.name,
        Object.fromEntries(Object.entries(e.gates).map(([metric, g]) => [
            metric,
            {
                ...g,
                fromInput: false,
                where: useCase.locate(['environments', plan.env, 'monitor', 'evaluators', i, 'gates', metric])
            }
        ]))
    ]));
    const todo = config.evaluators.flatMap((evaluator) => sources.map((source) => ({ evaluator, source })));
    const backend = await createBackend(ctx, opts, reporter, Math.min(ctx.concurrency, todo.length));
    reporter.info(`${plan.useCase} · ${plan.env}: monitor, ${todo.length} evaluation run(s) over ${sources.map((s) => `${s.name}${s.lines !== undefined ? ` (${s.lines} lines)` : ''}`).join(', ')} on the ${backend.kind} backend, build ${buildId}`);
    const runs = await mapConcurrent(todo, ctx.concurrency, async ({ evaluator, source }) => {
        const planned = slug(`${plan.useCase}_${plan.env}_monitor_${evaluator.name}_${source.name}`);
        const o = await backend.run({
            kind: 'evaluation',
            name: runName(planned, buildId),
            displayName: `${plan.useCase} ${plan.env} monitor ${evaluator.name} on ${source.name} (build ${buildId})`,
            flowDir: external_node_path_.join(useCase.dir, evaluator.flow),
            dataFile: source.file,
            registeredData: source.registeredData,
            columnMapping: evaluator.mappings,
            variants: {},
            tags: runTags(ctx, buildId, { stage: 'monitor', evaluator: evaluator.name, dataset: source.name }),
            environmentVariables: envConfig.environmentVariables ?? {}
        });
        return manifestRun({
            planned,
            kind: 'evaluation',
            dataset: source.name,
            variants: {},
            label: 'production',
            backend: backend.kind,
            buildId,
            evaluator: evaluator.name
        }, o);
    });
    const rows = runs.map((r) => {
        const row = {
            evaluator: r.evaluator,
            dataset: r.dataset,
            experimentRun: '',
            evaluationRun: r.name,
            variants: {},
            label: r.label,
            metrics: r.metrics ?? {}
        };
        const before = previous?.rows.find((p) => p.evaluator === row.evaluator && p.dataset === row.dataset);
        if (before)
            row.baseline = before.metrics;
        return row;
    });
    const failedRuns = runs.filter((r) => r.status !== 'Completed');
    const located = evaluateGates(rows, table, {
        runErrors: Object.fromEntries(failedRuns.map((r) => [r.name, r.error ?? r.status]))
    });
    // a breach says how far the metric moved since the previous monitor run
    for (const g of located)
        if (!g.passed && g.value !== undefined && g.baseline !== undefined)
            g.message += `; it moved ${g.value - g.baseline >= 0 ? '+' : ''}${monitor_fmt(g.value - g.baseline)} since the previous monitor run (build ${previous.buildId}: ${monitor_fmt(g.baseline)})`;
        else if (!g.passed && g.value !== undefined)
            g.message += '; no earlier monitor run to compare with';
    const gates = located.map(({ where: _where, ...g }) => g);
    for (const r of failedRuns)
        reporter.error(`monitor run ${describeRun(r)} ${r.status}${r.error ? `: ${r.error}` : ''}`);
    for (const g of located)
        if (!g.passed)
            reporter.error(`gate failed: ${g.message}`, g.where);
    for (const g of located)
        if (g.passed)
            reporter.info(`gate passed: ${g.message}`);
    const lines = runs
        .filter((r) => r.status === 'Completed' && r.outputsFile && (0,external_node_fs_.existsSync)(abs(r.outputsFile)))
        .map((r) => ({
        run: r.name,
        label: r.label,
        dataset: r.dataset,
        kind: 'evaluation',
        evaluator: r.evaluator,
        outputsFile: abs(r.outputsFile),
        ...(r.inputsFile && (0,external_node_fs_.existsSync)(abs(r.inputsFile)) ? { inputsFile: abs(r.inputsFile) } : {})
    }));
    const reportInput = {
        kind: 'monitor',
        useCase: plan.useCase,
        env: plan.env,
        buildId,
        backend: plan.backend,
        generatedAt: (opts.now ?? new Date()).toISOString(),
        rows,
        gates,
        lines
    };
    const reportsDir = opts.reportsDir ?? external_node_path_.posix.join('reports', 'monitor');
    // the trend across monitor runs: the same history as evaluate, kind monitor
    const written = await writeReports(reportInput, abs(reportsDir), {
        history: { dir: abs(DEFAULT_HISTORY_DIR), kind: 'monitor' }
    });
    const reports = {
        metricsCsv: ctx.rel(written.metricsCsv),
        linesCsv: ctx.rel(written.linesCsv),
        html: ctx.rel(written.html),
        markdown: ctx.rel(written.markdown)
    };
    const summaryMarkdown = renderSummaryMarkdown(reportInput);
    reporter.summary(summaryMarkdown);
    const gatesPassed = gates.every((g) => g.passed);
    const manifest = {
        version: MANIFEST_VERSION,
        kind: 'monitor',
        useCase: plan.useCase,
        env: plan.env,
        backend: plan.backend,
        buildId,
        createdAt: reportInput.generatedAt,
        sources: sources.map((s) => ({ ...s, file: ctx.rel(s.file) })),
        runs,
        rows,
        gates,
        gatesPassed,
        reports
    };
    writeJson(abs(manifestFile), manifest);
    return {
        buildId,
        manifestFile,
        sources: manifest.sources,
        runs,
        rows,
        gates,
        failedRuns,
        passed: gatesPassed && failedRuns.length === 0,
        reports,
        summaryMarkdown
    };
}
/** One line per failed gate / failed run: what the CLI and the action fail with. */
function monitorFailure(result) {
    const failed = result.gates.filter((g) => !g.passed);
    const parts = [];
    if (failed.length)
        parts.push(`${failed.length} of ${result.gates.length} monitor gate(s) failed`);
    if (result.failedRuns.length)
        parts.push(`${result.failedRuns.length} monitor run(s) did not complete`);
    return parts.join('; ') + (failed.length ? ':\n' + failed.map((g) => `- ${g.message}`).join('\n') : '');
}
/** Data collection of an Azure deployment, read from the workspace's default blob datastore. */
function collectedOnAzure(opts, deployment) {
    return async (window) => {
        const stage = await openStage({ ...opts, target: deployment.target }, new MemoryReporter());
        try {
            const { container } = await stage.target.datastore();
            return await readCollectedLines(container, {
                endpoint: deployment.endpoint,
                deployment: deployment.deployment,
                ...window
            });
        }
        finally {
            await stage.close();
        }
    };
}
function readPrevious(file, useCase, env) {
    if (!(0,external_node_fs_.existsSync)(file))
        return undefined;
    try {
        const m = JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8'));
        return m.kind === 'monitor' && m.useCase === useCase && m.env === env ? m : undefined;
    }
    catch {
        return undefined; // an unreadable earlier manifest only loses the comparison
    }
}
/** The production lines to evaluate: the monitor's datasets, or the request log written to a JSONL file. */
async function collectSources(ctx, config, opts, buildId) {
    const { useCase, plan } = ctx;
    if (config.datasets)
        return config.datasets.map((name) => ({
            name,
            file: external_node_path_.join(useCase.dir, useCase.config.datasets[name].source),
            registeredData: plan.backend === 'azure' ? registeredDataRef(name, opts.azure?.registeredData) : undefined
        }));
    const deployment = plan.deployment;
    const until = opts.now ?? new Date();
    const hours = opts.windowHours ?? config.windowHours ?? 24;
    if (!(hours > 0))
        throw new errors/* UserError */.yo(`window: expected a number of hours > 0, found ${hours}`);
    const since = new Date(until.getTime() - hours * 3600_000);
    let lines;
    if (deployment.target === 'local') {
        const dir = external_node_path_.join((0,endpoint_state/* endpointsRoot */.N4)(ctx.cwd), deployment.endpoint);
        lines = (0,request_log/* readRequestLog */.Oi)(dir, { since, until }).map(request_log/* requestLogLine */.yn);
    }
    else
        lines = await (opts.collectedLines ?? collectedOnAzure(opts, deployment))({ since, until });
    if (!lines.length)
        throw new errors/* UserError */.yo(`no production lines: endpoint "${deployment.endpoint}" (${deployment.target}) logged no request between ${since.toISOString()} and ${until.toISOString()} (is its request log on, and has it been called?)`);
    const file = external_node_path_.resolve(ctx.cwd, monitorDir(ctx), `${buildId}.jsonl`);
    (0,external_node_fs_.mkdirSync)(external_node_path_.dirname(file), { recursive: true });
    (0,external_node_fs_.writeFileSync)(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    return [{ name: REQUEST_LOG_SOURCE, file, lines: lines.length }];
}
/** Where a use-case environment's monitor keeps its manifest and request-log extracts (workspace-relative). */
const monitorDir = ({ plan }) => external_node_path_.posix.join('.genaiops', 'monitor', slug(plan.useCase), slug(plan.env));

;// CONCATENATED MODULE: ./packages/core/dist/stages/integration-test.js
/**
 * Endpoint integration tests: the environment's evaluation datasets go through one deployment of
 * the endpoint (bounded concurrency, retries on 429 and 5xx), the answers are joined with the
 * evaluation lines as a run would be, and the configured evaluators and gates judge them. The deploy
 * stage runs this after the smoke test of the new deployment alone, so a failure rolls it back.
 */












const DATA_REF = /^\$\{data\.([^}]+)\}$/;
const RUN_REF = /^\$\{run\.(outputs|inputs)\.([^}]+)\}$/;
const RETRYABLE = (status) => status === 429 || status >= 500;
const integration_test_sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function integrationTest(opts, reporter) {
    const ctx = prepareStage(opts);
    const { useCase, envConfig, plan } = ctx;
    const settings = { ...envConfig.integrationTest, ...opts.settings };
    const { datasets: all } = useCase.config;
    const evaluationSets = (settings.datasets ?? envConfig.datasets).filter((d) => all[d]?.reference !== undefined);
    if (!evaluationSets.length)
        throw new errors/* UserError */.yo(`environment "${plan.env}" has no evaluation dataset to send through the endpoint (datasets with "reference")`);
    const attempts = settings.attempts ?? 4;
    const failures = [];
    const lineFailures = [];
    let total = 0;
    let failed = 0;
    const workDir = external_node_path_.join(ctx.cwd, '.genaiops', 'integration', slug(plan.useCase), slug(plan.env), opts.buildId);
    (0,external_node_fs_.mkdirSync)(workDir, { recursive: true });
    // ---- every line through the deployment -------------------------------------------------------
    const joined = new Map();
    for (const name of evaluationSets) {
        const reference = all[all[name].reference];
        const requests = [];
        for await (const row of jsonl_readJsonlRows(external_node_path_.join(useCase.dir, reference.source), reference.source))
            requests.push(Object.fromEntries(Object.entries(reference.mappings).map(([input, m]) => {
                const col = DATA_REF.exec(m)?.[1];
                return [input, col === undefined ? m : row.value?.[col]];
            })));
        const answers = await mapConcurrent(requests, settings.concurrency ?? 4, async (body, i) => {
            for (let attempt = 1;; attempt++) {
                const r = await opts.endpoints
                    .scoringRequest(opts.endpoint, { deployment: opts.deployment, body })
                    .catch((e) => ({ status: 0, body: e.message, json: false, latencyMs: 0 }));
                if (r.status === 200 && r.json)
                    return r.body;
                if (attempt >= attempts || !(r.status === 0 || RETRYABLE(r.status))) {
                    lineFailures.push(`${name} line ${i + 1}: ${r.status || 'no answer'} ${typeof r.body === 'string' ? r.body : JSON.stringify(r.body)}`.slice(0, 300));
                    return undefined;
                }
                await integration_test_sleep((opts.initialDelayMs ?? 500) * 2 ** (attempt - 1));
            }
        });
        total += answers.length;
        failed += answers.filter((a) => a === undefined).length;
        // the evaluation lines with the answers as columns `run_outputs_<name>` / `run_inputs_<name>`: the
        // join by line number that `${run.outputs.x}` makes, done here, so any backend evaluates the file
        const lines = [];
        let i = 0;
        for await (const row of jsonl_readJsonlRows(external_node_path_.join(useCase.dir, all[name].source), all[name].source)) {
            const answer = answers[i];
            if (answer !== undefined) {
                const line = { ...row.value };
                for (const [k, v] of Object.entries(answer))
                    line[`run_outputs_${k}`] = v;
                for (const [k, v] of Object.entries(requests[i] ?? {}))
                    line[`run_inputs_${k}`] = v;
                lines.push(JSON.stringify(line));
            }
            i++;
        }
        const file = external_node_path_.join(workDir, `${slug(name)}.jsonl`);
        (0,external_node_fs_.writeFileSync)(file, lines.join('\n') + '\n');
        joined.set(name, file);
    }
    reporter.info(`integration test of ${opts.endpoint}/${opts.deployment}: ${total - failed} of ${total} line(s) answered`);
    if (failed > (settings.maxFailedLines ?? 0))
        failures.push(`${failed} of ${total} line(s) got no answer after ${attempts} attempt(s)`, ...lineFailures.slice(0, 5));
    else
        for (const f of lineFailures)
            reporter.warn(`integration test: ${f}`);
    // ---- evaluated with the environment's evaluators and gates ----------------------------------
    const todo = useCase.config.evaluators.flatMap((evaluator) => evaluationSets
        .filter((d) => !evaluator.datasets || evaluator.datasets.includes(d))
        .map((dataset) => ({ evaluator, dataset })));
    const backend = await createBackend(ctx, opts, reporter, Math.max(1, todo.length));
    const runs = await mapConcurrent(todo, ctx.concurrency, async ({ evaluator, dataset }) => {
        const planned = slug(`${plan.useCase}_${plan.env}_integration_${evaluator.name}_${dataset}`);
        const mapping = Object.fromEntries(Object.entries(evaluator.mappings).map(([input, m]) => {
            const run = RUN_REF.exec(m);
            return [input, run ? `\${data.run_${run[1]}_${run[2]}}` : m];
        }));
        const o = await backend.run({
            kind: 'evaluation',
            name: runName(planned, opts.buildId),
            displayName: `${plan.useCase} ${plan.env} integration test ${evaluator.name} on ${dataset} via ${opts.endpoint}/${opts.deployment}`,
            flowDir: external_node_path_.join(useCase.dir, evaluator.flow),
            dataFile: joined.get(dataset),
            columnMapping: mapping,
            variants: {},
            tags: runTags(ctx, opts.buildId, { stage: 'integration-test', evaluator: evaluator.name, dataset }),
            environmentVariables: envConfig.environmentVariables ?? {}
        });
        return manifestRun({
            planned,
            kind: 'evaluation',
            dataset,
            variants: {},
            label: opts.deployment,
            backend: backend.kind,
            buildId: opts.buildId,
            evaluator: evaluator.name
        }, o);
    });
    const rows = runs.map((r) => ({
        evaluator: r.evaluator,
        dataset: r.dataset,
        experimentRun: `${opts.endpoint}/${opts.deployment}`,
        evaluationRun: r.name,
        variants: {},
        label: r.label,
        metrics: r.metrics ?? {}
    }));
    const failedRuns = runs.filter((r) => r.status !== 'Completed');
    for (const r of failedRuns)
        failures.push(`evaluation run ${describeRun(r)} ${r.status}${r.error ? `: ${r.error}` : ''}`);
    const table = effectiveGates(useCase, parseGatesInput(undefined, []));
    const gates = evaluateGates(rows, table, {
        runErrors: Object.fromEntries(failedRuns.map((r) => [r.name, r.error ?? r.status]))
    }).map(({ where: _where, ...g }) => g);
    for (const g of gates)
        if (!g.passed)
            failures.push(`gate failed: ${g.message}`);
    const written = await writeReports({
        useCase: plan.useCase,
        env: plan.env,
        buildId: opts.buildId,
        backend: plan.backend,
        generatedAt: new Date().toISOString(),
        rows,
        gates,
        lines: runs
            .filter((r) => r.status === 'Completed' && r.outputsFile)
            .map((r) => ({
            run: r.name,
            label: r.label,
            dataset: r.dataset,
            kind: 'evaluation',
            evaluator: r.evaluator,
            outputsFile: external_node_path_.resolve(ctx.cwd, r.outputsFile)
        }))
    }, external_node_path_.resolve(ctx.cwd, opts.reportsDir ?? external_node_path_.posix.join('reports', 'integration')));
    return {
        passed: failures.length === 0,
        lines: { total, failed },
        rows,
        gates,
        runs,
        failures,
        reports: {
            metricsCsv: ctx.rel(written.metricsCsv),
            linesCsv: ctx.rel(written.linesCsv),
            html: ctx.rel(written.html),
            markdown: ctx.rel(written.markdown)
        }
    };
}
/**
 * The deploy stage's `afterSmokeTest` for an environment with an `integrationTest` section (or
 * explicit settings); undefined when there is nothing to run.
 */
function integrationTestHook(opts, reporter) {
    const cwd = external_node_path_.resolve(opts.cwd ?? process.cwd());
    const uc = load_loadUseCase(external_node_path_.resolve(cwd, opts.useCase), {
        env: opts.env,
        environ: opts.environ,
        displayRoot: cwd
    });
    if (!uc.config.environments[opts.env].integrationTest && !opts.settings)
        return undefined;
    return (call) => reporter.group(`integration test of "${call.deployment}" alone`, () => integrationTest({ ...opts, ...call }, reporter));
}

;// CONCATENATED MODULE: ./packages/core/dist/stages/index.js








// register / deploy / smoke-test, the deployment target interface and the local target













;// CONCATENATED MODULE: ./packages/core/dist/azure/pf/index.js



;// CONCATENATED MODULE: ./packages/core/dist/init/templates.js
const templates_CONNECTION = 'aoai';
/**
 * The dataset: answers restate their question, so an answer in one full sentence (what the prompts
 * ask for) shares most of its words with the ground truth.
 */
const templates_DATASET = [
    { question: 'What is the capital of France?', ground_truth: 'The capital of France is Paris.' },
    { question: 'How many legs does a spider have?', ground_truth: 'A spider has eight legs.' },
    {
        question: 'What is the boiling point of water at sea level?',
        ground_truth: 'The boiling point of water at sea level is 100 degrees Celsius.'
    },
    {
        question: 'Who wrote the play Romeo and Juliet?',
        ground_truth: 'The play Romeo and Juliet was written by William Shakespeare.'
    },
    {
        question: 'What is the largest planet in the solar system?',
        ground_truth: 'The largest planet in the solar system is Jupiter.'
    }
];
const templates_jsonl = (rows) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
const templates_standardFlow = (connection) => `$schema: https://azuremlschemas.azureedge.net/promptflow/latest/Flow.schema.json
inputs:
  question:
    type: string
outputs:
  answer:
    type: string
    reference: \${answer.output}
nodes:
- name: answer
  use_variants: true
node_variants:
  answer:
    default_variant_id: concise
    variants:
${['concise', 'detailed']
    .map((v) => `      ${v}:
        node:
          type: llm
          source:
            type: code
            path: answer_${v}.jinja2
          inputs:
            deployment_name: gpt-4o-mini
            temperature: ${v === 'concise' ? 0 : 0.3}
            max_tokens: ${v === 'concise' ? 60 : 200}
            question: \${inputs.question}
          connection: ${connection}
          api: chat`)
    .join('\n')}
`;
const templates_PROMPTS = {
    concise: `# system:
You answer general-knowledge questions in one full sentence that restates the question.

# user:
{{ question }}
`,
    detailed: `# system:
You answer general-knowledge questions. Start with one full sentence that restates the question
and answers it, then add at most two sentences of context.

# user:
{{ question }}
`
};
/** The evaluation flow: a python node per line and an aggregation node that logs the metric. */
function templates_evaluationFlow(kind, connection) {
    const metric = templates_METRIC[kind];
    const line = kind === 'llm-judge'
        ? `- name: judge
  type: llm
  source:
    type: code
    path: judge.jinja2
  inputs:
    deployment_name: gpt-4o-mini
    temperature: 0
    max_tokens: 5
    question: \${inputs.question}
    answer: \${inputs.answer}
    ground_truth: \${inputs.ground_truth}
  connection: ${connection}
  api: chat
- name: score
  type: python
  source:
    type: code
    path: score.py
  inputs:
    judgement: \${judge.output}`
        : `- name: score
  type: python
  source:
    type: code
    path: score.py
  inputs:
    answer: \${inputs.answer}
    ground_truth: \${inputs.ground_truth}`;
    const files = {
        'flow.dag.yaml': `$schema: https://azuremlschemas.azureedge.net/promptflow/latest/Flow.schema.json
inputs:
${kind === 'llm-judge' ? '  question:\n    type: string\n' : ''}  answer:
    type: string
  ground_truth:
    type: string
outputs:
  score:
    type: double
    reference: \${score.output}
nodes:
${line}
- name: aggregate
  type: python
  source:
    type: code
    path: aggregate.py
  inputs:
    scores: \${score.output}
  aggregation: true
`,
        'score.py': SCORE[kind],
        'aggregate.py': `"""Aggregation node: gets every line's score at once and logs the run's metric."""
from typing import List

from promptflow import log_metric, tool


@tool
def aggregate(scores: List[float]) -> dict:
    values = [float(s) for s in scores if s is not None]
    ${metric} = round(sum(values) / len(values), 4) if values else 0.0
    log_metric("${metric}", ${metric})
    return {"${metric}": ${metric}, "lines": len(values)}
`
    };
    if (kind === 'llm-judge')
        files['judge.jinja2'] = `# system:
You grade answers. Reply with one digit from 1 (wrong) to 5 (correct and complete), nothing else.

# user:
Question: {{ question }}
Reference answer: {{ ground_truth }}
Answer to grade: {{ answer }}
`;
    return files;
}
const templates_METRIC = {
    f1: 'f1_score',
    exact: 'exact_match_rate',
    'llm-judge': 'judge_score'
};
const SCORE = {
    f1: `"""Per-line score: the F1 overlap of the answer's words with the ground truth's words."""
import re
from collections import Counter

from promptflow import tool


def words(text: str) -> list:
    return re.findall(r"[a-z0-9]+", (text or "").lower())


@tool
def score(answer: str, ground_truth: str) -> float:
    a, g = words(answer), words(ground_truth)
    common = sum((Counter(a) & Counter(g)).values())
    if not a or not g or not common:
        return 0.0
    precision, recall = common / len(a), common / len(g)
    return 2 * precision * recall / (precision + recall)
`,
    exact: `"""Per-line score: 1.0 when the answer equals the ground truth (case and spaces ignored)."""
from promptflow import tool


def norm(text: str) -> str:
    return " ".join((text or "").lower().split()).rstrip(".")


@tool
def score(answer: str, ground_truth: str) -> float:
    return 1.0 if norm(answer) == norm(ground_truth) else 0.0
`,
    'llm-judge': `"""Per-line score: the judge's digit (1-5) scaled to 0-1; 0 when it gave none."""
import re

from promptflow import tool


@tool
def score(judgement: str) -> float:
    found = re.search(r"[1-5]", judgement or "")
    return (int(found.group(0)) - 1) / 4 if found else 0.0
`
};
const templates_TEST_SCORE = (kind) => `"""Unit test of the evaluation flow's python: runs with the standard library only."""
import importlib.util
import os
import sys
import types
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
LOGGED = {}
fake = types.ModuleType("promptflow")
fake.tool = lambda f: f
fake.log_metric = lambda key, value: LOGGED.__setitem__(key, value)
sys.modules["promptflow"] = fake


def load(name):
    path = os.path.join(HERE, "..", "flows", "evaluation", name + ".py")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class EvaluationTest(unittest.TestCase):
    def test_score(self):
        score = load("score").score
${kind === 'llm-judge'
    ? `        self.assertEqual(score("5"), 1.0)
        self.assertEqual(score("1"), 0.0)
        self.assertEqual(score("no idea"), 0.0)`
    : `        self.assertEqual(score("The capital of France is Paris.", "The capital of France is Paris."), 1.0)
        self.assertEqual(score("Berlin", "The capital of France is Paris."), 0.0)`}

    def test_aggregate_logs_the_metric(self):
        load("aggregate").aggregate([1.0, 0.0])
        self.assertEqual(LOGGED, {"${templates_METRIC[kind]}": 0.5})


if __name__ == "__main__":
    unittest.main()
`;

;// CONCATENATED MODULE: ./packages/core/dist/init/init.js
/**
 * `genaiops init <folder>`: writes a complete use-case that validates and runs green through
 * `pipeline` on the mock provider at once, or (`from`) wraps an existing prompt flow folder.
 */






const FLOW_KINDS = (/* unused pure expression or super */ null && (['dag', 'flex', 'prompty']));
const EVALUATOR_KINDS = (/* unused pure expression or super */ null && (['f1', 'exact', 'llm-judge']));
const GATE_MIN = { f1: 0.5, exact: 0.6, 'llm-judge': 0.6 };
function initUseCase(opts) {
    const dir = path.resolve(opts.folder);
    if (existsSync(dir) && readdirSync(dir).length)
        throw new UserError(`${opts.folder}: the folder exists and is not empty; init writes a new use-case folder`);
    const flowKind = opts.flow ?? 'dag';
    if (!FLOW_KINDS.includes(flowKind))
        throw new UserError(`--flow ${flowKind}: expected one of ${FLOW_KINDS.join(', ')}`);
    if (flowKind !== 'dag' && !opts.from)
        throw new UserError(`--flow ${flowKind}: init writes a DAG flow (flow.dag.yaml) for now; wrap your own ${flowKind} flow with --from <flow folder>`);
    const evaluator = opts.evaluator ?? 'f1';
    if (!EVALUATOR_KINDS.includes(evaluator))
        throw new UserError(`--evaluator ${evaluator}: expected one of ${EVALUATOR_KINDS.join(', ')}`);
    const envs = opts.envs?.length ? opts.envs : ['pr', 'dev'];
    for (const e of envs)
        if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(e))
            throw new UserError(`--envs: expected environment names of letters, digits, '-' or '_', found "${e}"`);
    const name = path.basename(dir).replace(/[^A-Za-z0-9_.-]+/g, '_');
    const files = {};
    const notes = [];
    let inputs;
    let output;
    let connections;
    let sample;
    let rows;
    if (opts.from) {
        const source = path.resolve(opts.from);
        let flow;
        try {
            flow = loadFlow(source, { displayRoot: process.cwd() });
        }
        catch (e) {
            throw new UserError(`--from ${opts.from}: ${e.message}`);
        }
        const declared = flow.kind === 'dag' ? flow.inputs : (flow.inputs ?? {});
        const outs = Object.keys(flow.kind === 'dag' ? flow.outputs : (flow.outputs ?? {}));
        inputs = Object.keys(declared);
        if (!inputs.length || !outs.length)
            throw new UserError(`--from ${opts.from}: the flow must declare its inputs and outputs for init to map them`);
        output = outs[0];
        connections = flowConnectionNames(flow);
        sample = Object.fromEntries(Object.values(declared).map((i) => [i.name, i.default ?? `example ${i.name}`]));
        rows = [1, 2, 3].map((n) => ({ ...sample, ground_truth: `expected ${output} ${n}` }));
        copyFlow(source, path.join(dir, 'flows', 'standard'));
        notes.push(`data/data.jsonl holds placeholder lines: put real inputs and a "ground_truth" for "${output}" in it, then add a gate on "${METRIC[evaluator]}" to the evaluator`);
    }
    else {
        inputs = ['question'];
        output = 'answer';
        connections = [CONNECTION];
        sample = { question: 'What is the capital of Italy?' };
        rows = DATASET;
        files['flows/standard/flow.dag.yaml'] = standardFlow(CONNECTION);
        files['flows/standard/answer_concise.jinja2'] = PROMPTS.concise;
        files['flows/standard/answer_detailed.jinja2'] = PROMPTS.detailed;
        if (evaluator !== 'f1')
            notes.push(`the "${METRIC[evaluator]}" gate fails on the mock provider (it echoes the prompt): run with a real connection "${CONNECTION}" to pass it`);
    }
    for (const [file, text] of Object.entries(evaluationFlow(evaluator, CONNECTION)))
        files[`flows/evaluation/${file}`] = text;
    files['data/data.jsonl'] = jsonl(rows);
    files['sample-request.json'] = JSON.stringify(sample, null, 2) + '\n';
    files['tests/test_evaluation.py'] = TEST_SCORE(evaluator);
    const config = {
        ...init_schemaRef(dir),
        name,
        description: `Created by genaiops init${opts.from ? ` from ${path.basename(opts.from)}` : ''}.`,
        flow: 'flows/standard',
        variants: 'one-at-a-time',
        datasets: {
            data: {
                source: 'data/data.jsonl',
                mappings: Object.fromEntries(inputs.map((i) => [i, `\${data.${i}}`]))
            },
            data_eval: { source: 'data/data.jsonl', reference: 'data' }
        },
        evaluators: [
            {
                name: evaluator,
                flow: 'flows/evaluation',
                mappings: {
                    ...(evaluator === 'llm-judge' && inputs.includes('question')
                        ? { question: '${data.question}' }
                        : {}),
                    answer: `\${run.outputs.${output}}`,
                    ground_truth: '${data.ground_truth}'
                },
                gates: opts.from ? {} : { [METRIC[evaluator]]: { min: GATE_MIN[evaluator] } },
                higherIsBetter: { [METRIC[evaluator]]: true }
            }
        ],
        environments: Object.fromEntries(envs.map((env) => [
            env,
            {
                backend: 'local',
                datasets: ['data', 'data_eval'],
                ...(env === 'pr'
                    ? {}
                    : {
                        deployment: {
                            target: 'local',
                            endpoint: endpointName(name, env),
                            deployment: 'blue',
                            previous: 'green',
                            traffic: 20,
                            instanceCount: 1,
                            sampleRequest: 'sample-request.json'
                        }
                    })
            }
        ]))
    };
    if (evaluator === 'llm-judge' && !inputs.includes('question'))
        throw new UserError('--evaluator llm-judge: the judge needs a "question" input in the flow; use f1 or exact');
    files['llmops_config.json'] = JSON.stringify(config, null, 2) + '\n';
    files['README.md'] = readme(name, connections, envs);
    for (const [file, text] of Object.entries(files)) {
        const abs = path.join(dir, file);
        mkdirSync(path.dirname(abs), { recursive: true });
        writeFileSync(abs, text);
    }
    return { name, dir, files: Object.keys(files).sort(), notes };
}
/** `<name>-<env>` as an endpoint name: letters, digits and '-', 3–32, a letter first. */
function endpointName(name, env) {
    const slug = `${name}-${env}`
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, '-')
        .replace(/^[^a-z]+/, '')
        .replace(/-+/g, '-');
    const cut = slug.slice(0, 32).replace(/-+$/, '');
    return cut.length >= 3 ? cut : `ep-${env}`.slice(0, 32);
}
/** `$schema` pointing at the repository's schema, when the folder is inside this repository layout. */
function init_schemaRef(dir) {
    for (let d = path.dirname(dir);; d = path.dirname(d)) {
        const schema = path.join(d, 'schemas', 'llmops_config.schema.json');
        if (existsSync(schema))
            return { $schema: path.relative(dir, schema).split(path.sep).join('/') };
        if (path.dirname(d) === d)
            return {};
    }
}
function copyFlow(source, target) {
    cpSync(source, target, {
        recursive: true,
        filter: (p) => !/(^|[\\/])(\.promptflow|__pycache__|\.runs|node_modules)([\\/]|$)/.test(path.relative(source, p))
    });
}
function readme(name, connections, envs) {
    const deployEnv = envs.find((e) => e !== 'pr');
    return `# ${name}

Made with \`genaiops init\`. Try it without a model:

\`\`\`sh
npx genaiops validate ${name}
npx genaiops pipeline ${name} --mock${deployEnv && deployEnv !== 'dev' ? ` --deploy-env ${deployEnv}` : ''}
\`\`\`

The mock provider echoes each prompt: it checks the wiring, and its metrics are not meaningful
(every report says so). For real answers, set the connection${connections.length > 1 ? 's' : ''} ${connections.map((c) => `\`${c}\``).join(', ') || '(none)'} (environment or \`.env\`), e.g.
\`${connections[0] ?? CONNECTION}={"api_type":"azure","api_base":"https://<resource>.openai.azure.com/","api_key":"<key>","api_version":"2024-02-01"}\`.

- \`flows/standard\`: the flow, with two prompt variants.
- \`flows/evaluation\`: scores each line, and its aggregation node logs the metric the gate checks.
- \`data/data.jsonl\`: the inputs and the \`ground_truth\` of each line.
- \`sample-request.json\`: what the smoke test sends to the deployed endpoint (the flow's inputs).
- \`tests/\`: \`python3 -m unittest discover -s tests\`.
`;
}

;// CONCATENATED MODULE: ./packages/core/dist/init/index.js


;// CONCATENATED MODULE: ./packages/core/dist/index.js




















/***/ }),

/***/ 56709:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Fk: () => (/* binding */ readEndpointSecrets),
/* harmony export */   T: () => (/* binding */ endpointSecretsFile),
/* harmony export */   ku: () => (/* binding */ updateEndpointSecrets)
/* harmony export */ });
/* unused harmony export removeEndpointSecrets */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(48161);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(76760);
/* harmony import */ var _fs_util_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9036);
/**
 * What a local endpoint needs but must never keep in its state folder (which workflows upload with
 * `.genaiops/`): its keys and the JSON of the connections its deployments name. They live in one
 * file per endpoint outside the project, readable only by the user (0600 in a 0700 folder):
 * `$GENAIOPS_SECRETS_DIR` (default `~/.genaiops/secrets`)`/<hash of the project folder>/<endpoint>.json`.
 * The process that deploys writes it from its environment or `.env`; the server reads it (its own
 * environment wins).
 */





/** The secrets file of endpoint `name` of the project at `root`. */
function endpointSecretsFile(root, name, environ) {
    const base = environ.GENAIOPS_SECRETS_DIR?.trim() || node_path__WEBPACK_IMPORTED_MODULE_3__.join(environ.HOME || node_os__WEBPACK_IMPORTED_MODULE_2__.homedir(), '.genaiops', 'secrets');
    const project = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(node_path__WEBPACK_IMPORTED_MODULE_3__.resolve(root)).digest('hex').slice(0, 16);
    return node_path__WEBPACK_IMPORTED_MODULE_3__.join(base, project, `${name}.json`);
}
function readEndpointSecrets(file) {
    const found = (0,_fs_util_js__WEBPACK_IMPORTED_MODULE_4__/* .readJson */ .Vh)(file);
    return { keys: found?.keys, connections: found?.connections ?? {} };
}
/** Merges `update` into the file (owner-only). */
function updateEndpointSecrets(file, update) {
    const dir = node_path__WEBPACK_IMPORTED_MODULE_3__.dirname(file);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.mkdirSync)(dir, { recursive: true, mode: 0o700 });
    (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.chmodSync)(dir, 0o700);
    const current = readEndpointSecrets(file);
    const next = {
        keys: update.keys ?? current.keys,
        connections: { ...current.connections, ...update.connections }
    };
    (0,_fs_util_js__WEBPACK_IMPORTED_MODULE_4__/* .writeJsonAtomic */ .ZJ)(file, next, 0o600);
    return next;
}
function removeEndpointSecrets(file) {
    rmSync(file, { force: true });
}


/***/ }),

/***/ 22453:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Fz: () => (/* binding */ SERVER_LOG),
/* harmony export */   Gb: () => (/* binding */ DEPLOYMENT_HEADER),
/* harmony export */   Gv: () => (/* binding */ readServerInfo),
/* harmony export */   N4: () => (/* binding */ endpointsRoot),
/* harmony export */   UE: () => (/* binding */ LOCK_DIR),
/* harmony export */   V$: () => (/* binding */ endpointDir),
/* harmony export */   X4: () => (/* binding */ writeEndpointFile),
/* harmony export */   _n: () => (/* binding */ isAlive),
/* harmony export */   b6: () => (/* binding */ ENDPOINT_FILE),
/* harmony export */   j8: () => (/* binding */ isValidEndpointName),
/* harmony export */   mJ: () => (/* binding */ readEndpointFile),
/* harmony export */   r$: () => (/* binding */ SERVER_FILE),
/* harmony export */   uM: () => (/* binding */ newKey)
/* harmony export */ });
/* unused harmony exports ENDPOINTS_DIR, listEndpointNames */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var _fs_util_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9036);
/**
 * Local endpoints on disk, under `<root>/.genaiops/endpoints/<name>/`:
 *
 *   endpoint.json  what the endpoint serves: traffic, deployments (with the environment each
 *                  deployment runs with, and the names of the connections it needs). No secret:
 *                  keys and connection values are in the endpoint's secrets file, outside the
 *                  project (see endpoint-secrets.ts). Written by the local target (atomically,
 *                  under `.lock`), read by the server on every change.
 *   server.json    written by the server once it listens: pid, port, url.
 *   server.log     the server's stdout/stderr.
 */




const ENDPOINTS_DIR = node_path__WEBPACK_IMPORTED_MODULE_2__.join('.genaiops', 'endpoints');
const ENDPOINT_FILE = 'endpoint.json';
const SERVER_FILE = 'server.json';
const SERVER_LOG = 'server.log';
const LOCK_DIR = '.lock';
/** The header that sends a request to one deployment (as Azure ML online endpoints). */
const DEPLOYMENT_HEADER = 'azureml-model-deployment';
const endpointsRoot = (root) => node_path__WEBPACK_IMPORTED_MODULE_2__.join(node_path__WEBPACK_IMPORTED_MODULE_2__.resolve(root), ENDPOINTS_DIR);
const endpointDir = (root, name) => node_path__WEBPACK_IMPORTED_MODULE_2__.join(endpointsRoot(root), name);
function newKey() {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(32).toString('base64url');
}
function readEndpointFile(dir) {
    return (0,_fs_util_js__WEBPACK_IMPORTED_MODULE_3__/* .readJson */ .Vh)(node_path__WEBPACK_IMPORTED_MODULE_2__.join(dir, ENDPOINT_FILE));
}
/** Owner-only, though it holds no secret: it says which connections a deployment uses. */
function writeEndpointFile(dir, state) {
    (0,_fs_util_js__WEBPACK_IMPORTED_MODULE_3__/* .writeJsonAtomic */ .ZJ)(node_path__WEBPACK_IMPORTED_MODULE_2__.join(dir, ENDPOINT_FILE), state, 0o600);
}
function readServerInfo(dir) {
    try {
        return (0,_fs_util_js__WEBPACK_IMPORTED_MODULE_3__/* .readJson */ .Vh)(node_path__WEBPACK_IMPORTED_MODULE_2__.join(dir, SERVER_FILE));
    }
    catch {
        return undefined;
    }
}
/** Whether a process with this pid exists (signal 0 checks without signalling). */
function isAlive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (e) {
        return e.code === 'EPERM';
    }
}
/** Names of the endpoints under `root`. */
function listEndpointNames(root) {
    try {
        return readdirSync(endpointsRoot(root), { withFileTypes: true })
            .filter((d) => d.isDirectory())
            .map((d) => d.name)
            .sort();
    }
    catch {
        return [];
    }
}
/** Endpoint names: as Azure ML allows (letters, digits, '-'; 3–32; start with a letter). */
function isValidEndpointName(name) {
    return /^[A-Za-z][A-Za-z0-9-]{1,31}$/.test(name) && !name.endsWith('-');
}


/***/ }),

/***/ 28740:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CL: () => (/* binding */ LocalEndpoints),
/* harmony export */   JF: () => (/* binding */ setEndpointServerEntry)
/* harmony export */ });
/* unused harmony exports listLocalEndpoints, stopLocalEndpoint */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(31421);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(73136);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(71403);
/* harmony import */ var _engine_llm_connection_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(27805);
/* harmony import */ var _engine_llm_dotenv_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(31987);
/* harmony import */ var _flow_load_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(68718);
/* harmony import */ var _endpoint_state_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(22453);
/* harmony import */ var _endpoint_secrets_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(56709);
/* harmony import */ var _fs_util_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(9036);
/* harmony import */ var _registry_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(83091);
/* harmony import */ var _server_process_js__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(66187);
/**
 * The local target's endpoints: state files under `<root>/.genaiops/endpoints/<name>/`, served by a
 * detached endpoint server process per endpoint (see `server.ts`), started when needed.
 */













let entryOverride;
/**
 * Declares how to start an endpoint server process: `node <args…> --genaiops-endpoint-server <dir>`.
 * A bundled action calls it with its own entry (`[process.argv[1]]`) and serves when it sees the
 * flag; elsewhere the compiled `server-main.js` of this package is used.
 */
function setEndpointServerEntry(args) {
    entryOverride = args;
}
function serverEntry() {
    if (entryOverride)
        return entryOverride;
    if (process.env.GENAIOPS_ENDPOINT_SERVER_ENTRY)
        return [process.env.GENAIOPS_ENDPOINT_SERVER_ENTRY];
    let here;
    try {
        here = node_path__WEBPACK_IMPORTED_MODULE_2__.dirname((0,node_url__WEBPACK_IMPORTED_MODULE_3__.fileURLToPath)(import.meta.url));
    }
    catch {
        here = undefined;
    }
    // compiled package: next to this file; sources (tests): the compiled copy under dist/
    const candidates = here
        ? [node_path__WEBPACK_IMPORTED_MODULE_2__.join(here, 'server-main.js'), node_path__WEBPACK_IMPORTED_MODULE_2__.resolve(here, '..', '..', 'dist', 'local', 'server-main.js')]
        : [];
    const found = candidates.find((c) => (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(c));
    if (!found)
        throw new Error(`cannot find the endpoint server entry (looked for ${candidates.join(', ') || 'server-main.js'}); build the packages (npx tsc -b tsconfig.build.json)`);
    return [found];
}
/** Variables a server process inherits from the process that starts it; everything else comes per deployment. */
const INHERITED = /^(PATH|HOME|USER|USERNAME|LOGNAME|SHELL|TMPDIR|TMP|TEMP|LANG|LANGUAGE|LC_.*|TZ|SYSTEMROOT|SystemRoot|COMSPEC|PATHEXT|WINDIR|APPDATA|LOCALAPPDATA|PROGRAMDATA|USERPROFILE|VIRTUAL_ENV|CONDA_PREFIX|PYTHONPATH|PYTHONHOME|GENAIOPS_.*|HTTPS?_PROXY|https?_proxy|NO_PROXY|no_proxy|SSL_CERT_FILE|NODE_EXTRA_CA_CERTS|REQUESTS_CA_BUNDLE)$/;
class LocalEndpoints {
    opts;
    root;
    registry;
    timeoutMs;
    constructor(root, opts) {
        this.opts = opts;
        this.root = node_path__WEBPACK_IMPORTED_MODULE_2__.resolve(root);
        this.registry = new _registry_js__WEBPACK_IMPORTED_MODULE_11__/* .LocalRegistry */ .p(this.root);
        this.timeoutMs = opts.timeoutMs ?? 30_000;
    }
    dir(name) {
        return (0,_endpoint_state_js__WEBPACK_IMPORTED_MODULE_8__/* .endpointDir */ .V$)(this.root, name);
    }
    lock(name, fn) {
        return (0,_fs_util_js__WEBPACK_IMPORTED_MODULE_10__/* .withLock */ .kK)(node_path__WEBPACK_IMPORTED_MODULE_2__.join(this.dir(name), _endpoint_state_js__WEBPACK_IMPORTED_MODULE_8__/* .LOCK_DIR */ .UE), fn, this.timeoutMs * 2);
    }
    toState(file, server) {
        return {
            name: file.name,
            scoringUri: server ? `${server.url}/score` : '',
            traffic: Object.fromEntries(Object.keys(file.deployments).map((d) => [d, file.traffic[d] ?? 0])),
            deployments: Object.values(file.deployments).map((d) => ({
                name: d.name,
                model: d.model,
                provisioningState: 'Succeeded',
                tags: d.tags
            })),
            authMode: 'key'
        };
    }
    async getEndpoint(name) {
        const file = (0,_endpoint_state_js__WEBPACK_IMPORTED_MODULE_8__/* .readEndpointFile */ .mJ)(this.dir(name));
        if (!file)
            return undefined;
        const server = this.runningServer(name);
        return this.toState(file, server ?? (0,_endpoint_state_js__WEBPACK_IMPORTED_MODULE_8__/* .readServerInfo */ .Gv)(this.dir(name)));
    }
    /** The endpoint's secrets file (keys, connection values): outside the project, owner-only. */
    secretsFile(name) {
        return (0,_endpoint_secrets_js__WEBPACK_IMPORTED_MODULE_9__/* .endpointSecretsFile */ .T)(this.root, name, this.opts.environ);
    }
    /** The endpoint's keys (for callers of the endpoint; masked through the reporter). */
    keys(name) {
        if (!(0,_endpoint_state_js__WEBPACK_IMPORTED_MODULE_8__/* .readEndpointFile */ .mJ)(this.dir(name)))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`local endpoint "${name}" not found under ${node_path__WEBPACK_IMPORTED_MODULE_2__.relative(process.cwd(), node_path__WEBPACK_IMPORTED_MODULE_2__.dirname(this.dir(name))) || '.'}`);
        const keys = (0,_endpoint_secrets_js__WEBPACK_IMPORTED_MODULE_9__/* .readEndpointSecrets */ .Fk)(this.secretsFile(name)).keys;
        if (!keys)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`the keys of local endpoint "${name}" are not in ${this.secretsFile(name)} (made on another machine, or removed): deploy it again`);
        this.opts.reporter?.secret(keys.primary);
        this.opts.reporter?.secret(keys.secondary);
        return keys;
    }
    /**
     * Keys in the secrets file (new ones when there are none; those of an older endpoint.json are
     * moved there), and no secret in endpoint.json. Returns whether endpoint.json changed.
     */
    secureState(name, file) {
        const secrets = (0,_endpoint_secrets_js__WEBPACK_IMPORTED_MODULE_9__/* .readEndpointSecrets */ .Fk)(this.secretsFile(name));
        const made = !secrets.keys;
        if (made)
            (0,_endpoint_secrets_js__WEBPACK_IMPORTED_MODULE_9__/* .updateEndpointSecrets */ .ku)(this.secretsFile(name), {
                keys: file.keys ?? { primary: (0,_endpoint_state_js__WEBPACK_IMPORTED_MODULE_8__/* .newKey */ .uM)(), secondary: (0,_endpoint_state_js__WEBPACK_IMPORTED_MODULE_8__/* .newKey */ .uM)() }
            });
        const moved = file.keys !== undefined;
        delete file.keys;
        // a running server reloads its keys with the next revision
        return made || moved;
    }
    async ensureEndpoint(e) {
        if (!(0,_endpoint_state_js__WEBPACK_IMPORTED_MODULE_8__/* .isValidEndpointName */ .j8)(e.name))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`endpoint name "${e.name}": 3 to 32 letters, digits and '-', starting with a letter`);
        const dir = this.dir(e.name);
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.mkdirSync)(dir, { recursive: true });
        await this.lock(e.name, () => {
            const existing = (0,_endpoint_state_js__WEBPACK_IMPORTED_MODULE_8__/* .readEndpointFile */ .mJ)(dir);
            if (existing) {
                if (this.secureState(e.name, existing)) {
                    existing.revision++;
                    (0,_endpoint_state_js__WEBPACK_IMPORTED_MODULE_8__/* .writeEndpointFile */ .X4)(dir, existing);
                }
                return;
            }
            (0,_endpoint_secrets_js__WEBPACK_IMPORTED_MODULE_9__/* .updateEndpointSecrets */ .ku)(this.secretsFile(e.name), { keys: { primary: (0,_endpoint_state_js__WEBPACK_IMPORTED_MODULE_8__/* .newKey */ .uM)(), secondary: (0,_endpoint_state_js__WEBPACK_IMPORTED_MODULE_8__/* .newKey */ .uM)() } });
            (0,_endpoint_state_js__WEBPACK_IMPORTED_MODULE_8__/* .writeEndpointFile */ .X4)(dir, {
                name: e.name,
                description: e.description,
                authMode: 'key',
                tags: e.tags,
                createdAt: new Date().toISOString(),
                revision: 1,
                traffic: {},
                deployments: {}
            });
            this.opts.reporter?.info(`local endpoint ${e.name}: created (key auth)`);
        });
        this.keys(e.name);
        const server = await this.ensureServer(e.name);
        return this.toState((0,_endpoint_state_js__WEBPACK_IMPORTED_MODULE_8__/* .readEndpointFile */ .mJ)(dir), server);
    }
    async createOrUpdateDeployment(d) {
        const dir = this.dir(d.endpoint);
        const flowDir = this.registry.flowDir(d.model.name, d.model.version);
        if (!(await this.registry.getFlowVersion(d.model.name, d.model.version)))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`flow ${d.model.name} version ${d.model.version} is not in the local registry`);
        // connection values go to the secrets file; the state names them only
        const connections = this.connectionVariables(flowDir);
        for (const v of Object.values(connections))
            this.opts.reporter?.secret(v);
        const mocked = Object.keys(connections).filter((n) => (0,_engine_llm_connection_js__WEBPACK_IMPORTED_MODULE_5__/* .isMockConnectionText */ .ui)(connections[n]));
        if (mocked.length)
            this.opts.reporter?.warn(`deployment ${d.endpoint}/${d.name} serves with the MOCK provider (connection ${mocked.join(', ')}): its answers echo the prompt`);
        const revision = await this.lock(d.endpoint, () => {
            const file = (0,_endpoint_state_js__WEBPACK_IMPORTED_MODULE_8__/* .readEndpointFile */ .mJ)(dir);
            if (!file)
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`local endpoint "${d.endpoint}" does not exist`);
            this.secureState(d.endpoint, file);
            (0,_endpoint_secrets_js__WEBPACK_IMPORTED_MODULE_9__/* .updateEndpointSecrets */ .ku)(this.secretsFile(d.endpoint), { connections });
            file.deployments[d.name] = {
                name: d.name,
                description: d.description,
                model: d.model,
                flowDir,
                environmentVariables: d.environmentVariables,
                connections: Object.keys(connections),
                instanceCount: d.instanceCount,
                requestTimeoutMs: d.requestSettings.requestTimeoutMs,
                requestLog: d.requestLog,
                tags: d.tags,
                updatedAt: new Date().toISOString()
            };
            file.traffic[d.name] ??= 0;
            file.revision++;
            (0,_endpoint_state_js__WEBPACK_IMPORTED_MODULE_8__/* .writeEndpointFile */ .X4)(dir, file);
            return file.revision;
        });
        const health = await this.waitForRevision(d.endpoint, revision);
        const state = health.deployments?.[d.name];
        if (!state || state.state === 'Failed')
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`deployment ${d.endpoint}/${d.name} ended Failed: ${state?.error ?? 'the server did not load it'}`);
    }
    async setTraffic(endpoint, traffic) {
        const dir = this.dir(endpoint);
        const revision = await this.lock(endpoint, () => {
            const file = (0,_endpoint_state_js__WEBPACK_IMPORTED_MODULE_8__/* .readEndpointFile */ .mJ)(dir);
            if (!file)
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`local endpoint "${endpoint}" does not exist`);
            for (const name of Object.keys(traffic))
                if (!file.deployments[name])
                    throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`traffic names deployment "${name}", which endpoint "${endpoint}" does not have`);
            file.traffic = Object.fromEntries(Object.keys(file.deployments).map((n) => [n, traffic[n] ?? 0]));
            file.revision++;
            (0,_endpoint_state_js__WEBPACK_IMPORTED_MODULE_8__/* .writeEndpointFile */ .X4)(dir, file);
            return file.revision;
        });
        await this.waitForRevision(endpoint, revision);
    }
    async deleteDeployment(endpoint, name) {
        const dir = this.dir(endpoint);
        const revision = await this.lock(endpoint, () => {
            const file = (0,_endpoint_state_js__WEBPACK_IMPORTED_MODULE_8__/* .readEndpointFile */ .mJ)(dir);
            if (!file?.deployments[name])
                return undefined;
            if ((file.traffic[name] ?? 0) > 0)
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`deployment ${endpoint}/${name} holds ${file.traffic[name]}% of the traffic: set it to 0 before deleting it`);
            delete file.deployments[name];
            delete file.traffic[name];
            file.revision++;
            (0,_endpoint_state_js__WEBPACK_IMPORTED_MODULE_8__/* .writeEndpointFile */ .X4)(dir, file);
            return file.revision;
        });
        if (revision !== undefined)
            await this.waitForRevision(endpoint, revision);
    }
    async scoringRequest(endpoint, req) {
        const { primary } = this.keys(endpoint);
        const server = await this.ensureServer(endpoint);
        const headers = {
            'content-type': 'application/json',
            authorization: `Bearer ${primary}`
        };
        if (req.deployment)
            headers[_endpoint_state_js__WEBPACK_IMPORTED_MODULE_8__/* .DEPLOYMENT_HEADER */ .Gb] = req.deployment;
        const started = performance.now();
        const res = await fetch(`${server.url}/score`, {
            method: 'POST',
            headers,
            body: JSON.stringify(req.body),
            signal: AbortSignal.timeout(req.timeoutMs ?? 120_000)
        });
        const text = await res.text();
        const latencyMs = performance.now() - started;
        let body = text;
        let json = false;
        try {
            body = JSON.parse(text);
            json = true;
        }
        catch {
            /* not JSON */
        }
        return {
            status: res.status,
            body,
            json,
            deployment: res.headers.get(_endpoint_state_js__WEBPACK_IMPORTED_MODULE_8__/* .DEPLOYMENT_HEADER */ .Gb) ?? undefined,
            latencyMs
        };
    }
    // ---- the server process ---------------------------------------------------------------------
    /** server.json of a live server of this endpoint, or undefined. */
    runningServer(name) {
        const info = (0,_endpoint_state_js__WEBPACK_IMPORTED_MODULE_8__/* .readServerInfo */ .Gv)(this.dir(name));
        return info && (0,_endpoint_state_js__WEBPACK_IMPORTED_MODULE_8__/* .isAlive */ ._n)(info.pid) ? info : undefined;
    }
    /** Starts the endpoint's server unless one is running; resolves once it answers /health. */
    async ensureServer(name) {
        const running = this.runningServer(name);
        if (running && (await this.health(running)))
            return running;
        return this.lock(name, async () => {
            const again = this.runningServer(name);
            if (again && (await this.health(again)))
                return again;
            return this.startServer(name);
        });
    }
    async startServer(name) {
        const dir = this.dir(name);
        const state = (0,_endpoint_state_js__WEBPACK_IMPORTED_MODULE_8__/* .readEndpointFile */ .mJ)(dir);
        if (!state)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`local endpoint "${name}" does not exist`);
        this.refreshConnections(name, state);
        const logFile = node_path__WEBPACK_IMPORTED_MODULE_2__.join(dir, _endpoint_state_js__WEBPACK_IMPORTED_MODULE_8__/* .SERVER_LOG */ .Fz);
        const out = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.openSync)(logFile, 'a');
        const env = {};
        for (const [k, v] of Object.entries(this.opts.environ))
            if (v !== undefined && INHERITED.test(k))
                env[k] = v;
        let child;
        try {
            child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(process.execPath, [...serverEntry(), _server_process_js__WEBPACK_IMPORTED_MODULE_12__/* .ENDPOINT_SERVER_FLAG */ .x, dir], {
                cwd: this.root,
                env,
                detached: true,
                stdio: ['ignore', out, out],
                windowsHide: true
            });
        }
        finally {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.closeSync)(out);
        }
        let exited;
        child.on('exit', (code) => (exited = code ?? -1));
        child.on('error', () => (exited = -1));
        child.unref();
        const pid = child.pid;
        const deadline = Date.now() + this.timeoutMs;
        while (Date.now() < deadline) {
            if (exited !== undefined)
                throw new Error(`the endpoint server of "${name}" exited (code ${exited}) while starting:\n${tail(logFile)}`);
            const info = (0,_endpoint_state_js__WEBPACK_IMPORTED_MODULE_8__/* .readServerInfo */ .Gv)(dir);
            if (info?.pid === pid && (await this.health(info))) {
                this.opts.reporter?.info(`local endpoint ${name}: server listening on ${info.url} (pid ${pid}, log ${node_path__WEBPACK_IMPORTED_MODULE_2__.relative(this.root, logFile)})`);
                return info;
            }
            await (0,_fs_util_js__WEBPACK_IMPORTED_MODULE_10__/* .sleep */ .yy)(50);
        }
        try {
            process.kill(pid, 'SIGKILL');
        }
        catch {
            /* gone */
        }
        throw new Error(`the endpoint server of "${name}" did not start within ${this.timeoutMs} ms:\n${tail(logFile)}`);
    }
    /** /health of the server; with the endpoint's key it tells the deployments' states too. */
    async health(info, key) {
        try {
            const res = await fetch(`${info.url}/health`, {
                signal: AbortSignal.timeout(2000),
                headers: key ? { authorization: `Bearer ${key}` } : {}
            });
            if (!res.ok)
                return undefined;
            const body = (await res.json());
            return body.pid === info.pid ? body : undefined;
        }
        catch {
            return undefined;
        }
    }
    /** Waits until the server has loaded endpoint.json revision `revision` (or later). */
    async waitForRevision(name, revision) {
        const deadline = Date.now() + this.timeoutMs;
        let server = await this.ensureServer(name);
        const key = (0,_endpoint_secrets_js__WEBPACK_IMPORTED_MODULE_9__/* .readEndpointSecrets */ .Fk)(this.secretsFile(name)).keys?.primary;
        for (;;) {
            const h = await this.health(server, key);
            if (h && h.revision >= revision)
                return h;
            if (Date.now() > deadline)
                throw new Error(`the endpoint server of "${name}" did not apply revision ${revision} within ${this.timeoutMs} ms`);
            await (0,_fs_util_js__WEBPACK_IMPORTED_MODULE_10__/* .sleep */ .yy)(25);
            if (!h)
                server = await this.ensureServer(name);
        }
    }
    /**
     * Connections the flow names (`connection:` keys; literals that name a variable holding
     * connection JSON), read from this process's environment or `<root>/.env`: a local deployment
     * carries them, as an Azure deployment carries its workspace connections.
     */
    connectionVariables(flowDir) {
        const flow = (0,_flow_load_js__WEBPACK_IMPORTED_MODULE_7__/* .loadFlow */ .j7)(flowDir, { displayRoot: flowDir });
        const names = new Set();
        const scan = (v, key) => {
            if (typeof v === 'string') {
                if (key === 'connection' ||
                    (/^[A-Za-z_][A-Za-z0-9_]*$/.test(v) && this.lookup(v)?.trim().startsWith('{')))
                    names.add(v);
            }
            else if (Array.isArray(v))
                v.forEach((x) => scan(x));
            else if (v && typeof v === 'object')
                for (const [k, x] of Object.entries(v))
                    scan(x, k);
        };
        scan(flow.raw);
        const out = {};
        for (const n of names) {
            const value = this.lookup(n);
            if (value !== undefined)
                out[n] = value;
            else
                this.opts.reporter?.warn(`connection "${n}" of the flow is not set (environment variable or .env): the deployment will fail calls that need it`);
        }
        return out;
    }
    /** Connection values this process knows (environment, .env) for what the deployments name. */
    refreshConnections(name, state) {
        const known = {};
        for (const d of Object.values(state.deployments))
            for (const n of d.connections ?? []) {
                const v = this.lookup(n);
                if (v !== undefined)
                    known[n] = v;
            }
        if (Object.keys(known).length)
            (0,_endpoint_secrets_js__WEBPACK_IMPORTED_MODULE_9__/* .updateEndpointSecrets */ .ku)(this.secretsFile(name), { connections: known });
    }
    dotenv;
    lookup(name) {
        const v = this.opts.environ[name];
        if (v !== undefined && v.trim() !== '')
            return v;
        const file = node_path__WEBPACK_IMPORTED_MODULE_2__.join(this.root, '.env');
        if (this.dotenv === undefined)
            this.dotenv = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(file) ? (0,_engine_llm_dotenv_js__WEBPACK_IMPORTED_MODULE_6__/* .readDotenv */ .J)(file) : {};
        return this.dotenv[name];
    }
}
function tail(file, lines = 20) {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(file, 'utf8').split('\n').slice(-lines).join('\n');
    }
    catch {
        return '(no log)';
    }
}
/** Every local endpoint under `root`, with whether its server runs. */
function listLocalEndpoints(root) {
    return listEndpointNames(root).flatMap((name) => {
        const dir = endpointDir(root, name);
        const file = readEndpointFile(dir);
        if (!file)
            return [];
        const info = readServerInfo(dir);
        const running = !!info && isAlive(info.pid);
        return [
            {
                name,
                running,
                pid: running ? info.pid : undefined,
                url: running ? info.url : undefined,
                scoringUri: running ? `${info.url}/score` : undefined,
                traffic: file.traffic,
                deployments: Object.fromEntries(Object.values(file.deployments).map((d) => [d.name, `${d.model.name}:${d.model.version}`])),
                dir
            }
        ];
    });
}
/**
 * Stops an endpoint's server (SIGTERM, then SIGKILL after `graceMs`); `remove` also deletes its
 * state (keys, deployments). Returns whether a server was running.
 */
async function stopLocalEndpoint(root, name, opts = {}) {
    const dir = endpointDir(root, name);
    if (!existsSync(dir))
        throw new UserError(`local endpoint "${name}" not found (see genaiops endpoint list)`);
    const info = readServerInfo(dir);
    let wasRunning = false;
    if (info && isAlive(info.pid) && (await isEndpointServer(info))) {
        wasRunning = true;
        try {
            process.kill(info.pid, 'SIGTERM');
        }
        catch {
            /* gone */
        }
        const deadline = Date.now() + (opts.graceMs ?? 5000);
        while (isAlive(info.pid) && Date.now() < deadline)
            await sleep(25);
        if (isAlive(info.pid))
            try {
                process.kill(info.pid, 'SIGKILL');
            }
            catch {
                /* gone */
            }
    }
    rmSync(path.join(dir, SERVER_FILE), { force: true });
    if (opts.remove) {
        rmSync(dir, { recursive: true, force: true });
        removeEndpointSecrets(endpointSecretsFile(root, name, opts.environ ?? process.env));
    }
    return wasRunning;
}
/** Whether `info.pid` is really this endpoint's server (not a recycled pid): it answers /health, or its command line says so. */
async function isEndpointServer(info) {
    try {
        const res = await fetch(`${info.url}/health`, { signal: AbortSignal.timeout(2000) });
        if (res.ok && (await res.json()).pid === info.pid)
            return true;
    }
    catch {
        /* not answering */
    }
    try {
        return readFileSync(`/proc/${info.pid}/cmdline`, 'utf8').includes(ENDPOINT_SERVER_FLAG);
    }
    catch {
        return false;
    }
}


/***/ }),

/***/ 9036:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Vh: () => (/* binding */ readJson),
/* harmony export */   ZJ: () => (/* binding */ writeJsonAtomic),
/* harmony export */   kK: () => (/* binding */ withLock),
/* harmony export */   yy: () => (/* binding */ sleep)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/** Small file-system helpers of the local target: atomic JSON writes and a cross-process lock. */



const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Writes JSON through a temporary file and a rename, so readers never see half a file. */
function writeJsonAtomic(file, value, mode = 0o644) {
    (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.mkdirSync)(node_path__WEBPACK_IMPORTED_MODULE_2__.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(4).toString('hex')}.tmp`;
    (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.writeFileSync)(tmp, JSON.stringify(value, null, 2) + '\n', { mode });
    (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.renameSync)(tmp, file);
}
function readJson(file) {
    let text;
    try {
        text = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(file, 'utf8');
    }
    catch (e) {
        if (e.code === 'ENOENT')
            return undefined;
        throw e;
    }
    return JSON.parse(text);
}
/** A lock older than this (longer than any wait inside one) is taken to be left over by a process that died holding it. */
const STALE_LOCK_MS = 90_000;
/**
 * Runs `fn` holding a lock shared by every process on this machine: the lock is a folder made with
 * `mkdir` (atomic: exactly one caller creates it). Waits (bounded) for a held lock; breaks one
 * that is older than 90 s (its holder died).
 */
async function withLock(lockDir, fn, timeoutMs = 60_000) {
    (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.mkdirSync)(node_path__WEBPACK_IMPORTED_MODULE_2__.dirname(lockDir), { recursive: true });
    const deadline = Date.now() + timeoutMs;
    for (let attempt = 0;; attempt++) {
        try {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.mkdirSync)(lockDir);
            break;
        }
        catch (e) {
            if (e.code !== 'EEXIST')
                throw e;
            try {
                if (Date.now() - (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.statSync)(lockDir).mtimeMs > STALE_LOCK_MS)
                    (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.rmSync)(lockDir, { recursive: true, force: true });
            }
            catch {
                /* released meanwhile */
            }
            if (Date.now() > deadline)
                throw new Error(`timed out waiting for the lock ${lockDir}`);
            await sleep(Math.min(200, 5 + attempt * 5) * (0.5 + Math.random()));
        }
    }
    try {
        return await fn();
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.rmSync)(lockDir, { recursive: true, force: true });
    }
}


/***/ }),

/***/ 83091:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   p: () => (/* binding */ LocalRegistry)
/* harmony export */ });
/* unused harmony export REGISTRY_DIR */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(71403);
/* harmony import */ var _stages_target_contract_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5514);
/* harmony import */ var _fs_util_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9036);
/**
 * The local registry: data and flow versions as folders under `<root>/.genaiops/registry/`.
 *
 *   data/<name>/<version>/<file>      a copy of the registered file
 *   data/<name>/<version>/meta.json   { name, version, hash, tags, description, file, createdAt }
 *   flows/<name>/<version>/flow/      a copy of the flow snapshot
 *   flows/<name>/<version>/meta.json  { name, version, hash, tags, properties, description, createdAt }
 *
 * A version number is claimed by creating its folder with `mkdir` (atomic: one process wins; the
 * loser takes the next number), and a version exists for readers once its meta.json is written
 * (last, by rename), so concurrent registrations never collide and never see half a version.
 */





const REGISTRY_DIR = node_path__WEBPACK_IMPORTED_MODULE_1__.join('.genaiops', 'registry');
const META = 'meta.json';
const MAX_ATTEMPTS = 1000;
/** Names become folder names: refuse what could escape or clash on a case-insensitive disk. */
function checkName(name, what) {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/.test(name) || name.includes('..'))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${what} name "${name}": use letters, digits, '_', '-' and '.' (starting with a letter or digit)`);
}
class LocalRegistry {
    dir;
    constructor(root) {
        this.dir = node_path__WEBPACK_IMPORTED_MODULE_1__.join(node_path__WEBPACK_IMPORTED_MODULE_1__.resolve(root), REGISTRY_DIR);
    }
    /** Folder of one version. */
    versionDir(kind, name, version) {
        return node_path__WEBPACK_IMPORTED_MODULE_1__.join(this.dir, kind, name, version);
    }
    /** Folder holding a registered flow version's files. */
    flowDir(name, version) {
        return node_path__WEBPACK_IMPORTED_MODULE_1__.join(this.versionDir('flows', name, version), 'flow');
    }
    /** Every complete version, oldest first. */
    list(kind, name) {
        const base = node_path__WEBPACK_IMPORTED_MODULE_1__.join(this.dir, kind, name);
        let entries;
        try {
            entries = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(base);
        }
        catch {
            return [];
        }
        const out = [];
        for (const v of entries.filter((e) => /^\d+$/.test(e)).sort((a, b) => Number(a) - Number(b))) {
            const meta = (0,_fs_util_js__WEBPACK_IMPORTED_MODULE_3__/* .readJson */ .Vh)(node_path__WEBPACK_IMPORTED_MODULE_1__.join(base, v, META));
            if (meta)
                out.push(meta);
        }
        return out;
    }
    /** Registered names of a kind. */
    names(kind) {
        try {
            return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(node_path__WEBPACK_IMPORTED_MODULE_1__.join(this.dir, kind)).sort();
        }
        catch {
            return [];
        }
    }
    info(meta, kind) {
        if (!meta)
            return undefined;
        return {
            version: meta.version,
            hash: meta.hash,
            tags: meta.tags,
            location: kind === 'flows'
                ? this.flowDir(meta.name, meta.version)
                : node_path__WEBPACK_IMPORTED_MODULE_1__.join(this.versionDir(kind, meta.name, meta.version), meta.file ?? '')
        };
    }
    latest(kind, name) {
        checkName(name, kind === 'data' ? 'data asset' : 'flow');
        return this.info(this.list(kind, name).at(-1), kind);
    }
    /**
     * Claims the next free version number with `mkdir` (EEXIST: someone else has it, try the next),
     * lets `fill` write the content, then publishes meta.json.
     */
    claim(kind, name, fill) {
        checkName(name, kind === 'data' ? 'data asset' : 'flow');
        const base = node_path__WEBPACK_IMPORTED_MODULE_1__.join(this.dir, kind, name);
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(base, { recursive: true });
        const highest = () => (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(base)
            .filter((e) => /^\d+$/.test(e))
            .reduce((m, e) => Math.max(m, Number(e)), 0);
        let next = highest() + 1;
        for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            const version = String(next);
            const dir = node_path__WEBPACK_IMPORTED_MODULE_1__.join(base, version);
            try {
                (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(dir);
            }
            catch (e) {
                if (e.code !== 'EEXIST')
                    throw e;
                next = Math.max(next + 1, highest() + 1);
                continue;
            }
            const meta = { name, version, createdAt: new Date().toISOString(), ...fill(dir) };
            (0,_fs_util_js__WEBPACK_IMPORTED_MODULE_3__/* .writeJsonAtomic */ .ZJ)(node_path__WEBPACK_IMPORTED_MODULE_1__.join(dir, META), meta);
            return { version, created: true };
        }
        throw new Error(`could not claim a version number for ${kind}/${name} after ${MAX_ATTEMPTS} attempts`);
    }
    async latestDataVersion(name) {
        return this.latest('data', name);
    }
    async createDataVersion(d) {
        return this.claim('data', d.name, (dir) => {
            const file = node_path__WEBPACK_IMPORTED_MODULE_1__.basename(d.file);
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.copyFileSync)(d.file, node_path__WEBPACK_IMPORTED_MODULE_1__.join(dir, file));
            return { hash: d.hash, description: d.description, tags: { ...d.tags, [_stages_target_contract_js__WEBPACK_IMPORTED_MODULE_4__/* .HASH_TAG */ .i]: d.hash }, file };
        });
    }
    async latestFlowVersion(name) {
        return this.latest('flows', name);
    }
    async createFlowVersion(f) {
        return this.claim('flows', f.name, (dir) => {
            const target = node_path__WEBPACK_IMPORTED_MODULE_1__.join(dir, 'flow');
            for (const file of f.files) {
                const dest = node_path__WEBPACK_IMPORTED_MODULE_1__.join(target, ...file.rel.split('/'));
                (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(node_path__WEBPACK_IMPORTED_MODULE_1__.dirname(dest), { recursive: true });
                (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.copyFileSync)(file.abs, dest);
            }
            return {
                hash: f.hash,
                description: f.description,
                tags: { ...f.tags, [_stages_target_contract_js__WEBPACK_IMPORTED_MODULE_4__/* .HASH_TAG */ .i]: f.hash },
                properties: f.properties
            };
        });
    }
    async getFlowVersion(name, version) {
        checkName(name, 'flow');
        if (!/^\d+$/.test(version))
            return undefined;
        return this.info((0,_fs_util_js__WEBPACK_IMPORTED_MODULE_3__/* .readJson */ .Vh)(node_path__WEBPACK_IMPORTED_MODULE_1__.join(this.versionDir('flows', name, version), META)), 'flows');
    }
}


/***/ }),

/***/ 28928:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Oi: () => (/* binding */ readRequestLog),
/* harmony export */   Pm: () => (/* binding */ environmentSecrets),
/* harmony export */   wZ: () => (/* binding */ RequestLog),
/* harmony export */   yn: () => (/* binding */ requestLogLine)
/* harmony export */ });
/* unused harmony exports REQUEST_LOG_FILE, DEFAULT_REQUEST_LOG_MAX_BYTES, DEFAULT_REQUEST_LOG_FILES, redact */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/**
 * The local endpoint's request log: every scored request and its answer, one JSON line each, in
 * `<endpoint dir>/requests.jsonl`, for `genaiops monitor`. The file rotates at a size limit
 * (`requests.1.jsonl` is the newest older one), a share of requests can be sampled, and secret values
 * (endpoint keys, connection keys) and secret-named fields never reach the disk.
 */


const REQUEST_LOG_FILE = 'requests.jsonl';
const DEFAULT_REQUEST_LOG_MAX_BYTES = 10 * 1024 * 1024;
const DEFAULT_REQUEST_LOG_FILES = 5;
const MASK = '***';
// field names whose values are credentials, whatever they hold
const SECRET_NAME = /(^|_|-)(api_?key|key|token|secret|password|authorization|connection_string)$/i;
const logFile = (dir, n) => node_path__WEBPACK_IMPORTED_MODULE_1__.join(dir, n === 0 ? REQUEST_LOG_FILE : REQUEST_LOG_FILE.replace('.jsonl', `.${n}.jsonl`));
/** Secret values in a deployment's environment: the keys inside connection JSON (`{"api_key": …}`). */
function environmentSecrets(environment) {
    const out = [];
    for (const v of Object.values(environment)) {
        if (!v.startsWith('{'))
            continue;
        try {
            for (const [k, x] of Object.entries(JSON.parse(v)))
                if (SECRET_NAME.test(k) && typeof x === 'string' && x)
                    out.push(x);
        }
        catch {
            // not JSON: nothing to find
        }
    }
    return out;
}
/** Replaces secret values and secret-named fields in a JSON value. */
function redact(value, secrets) {
    const known = secrets.filter((s) => s.length >= 4);
    const walk = (v) => {
        if (typeof v === 'string')
            return known.reduce((s, secret) => s.split(secret).join(MASK), v);
        if (Array.isArray(v))
            return v.map(walk);
        if (v && typeof v === 'object')
            return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, SECRET_NAME.test(k) && x !== null && x !== '' ? MASK : walk(x)]));
        return v;
    };
    return walk(value);
}
class RequestLog {
    opts;
    maxBytes;
    maxFiles;
    size;
    constructor(opts) {
        this.opts = opts;
        this.maxBytes = opts.maxBytes ?? DEFAULT_REQUEST_LOG_MAX_BYTES;
        this.maxFiles = Math.max(1, opts.maxFiles ?? DEFAULT_REQUEST_LOG_FILES);
        const current = logFile(opts.dir, 0);
        this.size = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(current) ? (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(current).size : 0;
    }
    /** Writes the entry unless sampling leaves it out; true when written. */
    append(entry, sampleRate = this.opts.sampleRate ?? 1) {
        const rate = sampleRate;
        if (rate <= 0 || (rate < 1 && (this.opts.random ?? Math.random)() >= rate))
            return false;
        const line = JSON.stringify(redact(entry, this.opts.secrets?.() ?? [])) + '\n';
        const bytes = Buffer.byteLength(line);
        if (this.size > 0 && this.size + bytes > this.maxBytes)
            this.rotate();
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.appendFileSync)(logFile(this.opts.dir, 0), line, { mode: 0o600 });
        this.size += bytes;
        return true;
    }
    rotate() {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(logFile(this.opts.dir, this.maxFiles - 1), { force: true });
        for (let n = this.maxFiles - 2; n >= 0; n--)
            if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(logFile(this.opts.dir, n)))
                (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.renameSync)(logFile(this.opts.dir, n), logFile(this.opts.dir, n + 1));
        this.size = 0;
    }
}
/** The logged requests of an endpoint folder from `since` on, oldest first, across rotated files. */
function readRequestLog(dir, opts = {}) {
    const out = [];
    for (let n = 99; n >= 0; n--) {
        const file = logFile(dir, n);
        if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(file))
            continue;
        for (const line of (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(file, 'utf8').split('\n')) {
            if (!line.trim())
                continue;
            let entry;
            try {
                entry = JSON.parse(line);
            }
            catch {
                continue; // a line cut short by a crash mid-write
            }
            const t = Date.parse(entry.time);
            if (opts.since && t < opts.since.getTime())
                continue;
            if (opts.until && t > opts.until.getTime())
                continue;
            out.push(entry);
        }
    }
    return out;
}
/**
 * A logged request as a dataset line: its inputs and its answer's outputs as columns (an output
 * named like an input becomes `output_<name>`), plus `_time` and `_deployment`.
 */
function requestLogLine(entry) {
    const line = { ...entry.inputs };
    const outputs = entry.outputs && typeof entry.outputs === 'object' && !Array.isArray(entry.outputs)
        ? entry.outputs
        : { output: entry.outputs };
    for (const [k, v] of Object.entries(outputs))
        line[k in entry.inputs ? `output_${k}` : k] = v;
    line._time = entry.time;
    line._deployment = entry.deployment;
    return line;
}


/***/ }),

/***/ 66187:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   _N: () => (/* binding */ maybeRunEndpointServer),
/* harmony export */   x: () => (/* binding */ ENDPOINT_SERVER_FLAG)
/* harmony export */ });
/* unused harmony export runEndpointServerProcess */
/* harmony import */ var _server_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(75996);
/** Running an endpoint server as its own (detached) process. */

/** argv flag that turns an action's (or any entry's) process into an endpoint server: `<entry> --genaiops-endpoint-server <dir>`. */
const ENDPOINT_SERVER_FLAG = '--genaiops-endpoint-server';
/** Serves the endpoint in `dir` until SIGTERM / SIGINT or until its endpoint.json is removed. */
async function runEndpointServerProcess(dir, port) {
    const server = await (0,_server_js__WEBPACK_IMPORTED_MODULE_0__/* .startEndpointServer */ .TR)({ dir, port, onRemoved: () => process.exit(0) });
    const stop = (signal) => {
        process.stdout.write(`${new Date().toISOString()} ${signal}: stopping\n`);
        void server.close().then(() => process.exit(0));
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
}
/** If argv asks for it (`… --genaiops-endpoint-server <dir>`), serves and returns true. */
async function maybeRunEndpointServer(argv = process.argv) {
    const i = argv.indexOf(ENDPOINT_SERVER_FLAG);
    if (i < 0)
        return false;
    const dir = argv[i + 1];
    if (!dir)
        throw new Error(`${ENDPOINT_SERVER_FLAG} needs the endpoint folder`);
    try {
        await runEndpointServerProcess(dir);
    }
    catch (e) {
        process.stderr.write(`endpoint server failed to start: ${e?.stack ?? e}\n`);
        process.exit(1);
    }
    return true;
}


/***/ }),

/***/ 75996:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  TR: () => (/* binding */ startEndpointServer)
});

// UNUSED EXPORTS: REQUEST_ID_HEADER, WeightedPicker

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./packages/core/dist/local/request-log.js
var request_log = __webpack_require__(28928);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(37067);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./packages/core/dist/engine/executor/create.js + 9 modules
var create = __webpack_require__(46087);
// EXTERNAL MODULE: ./packages/core/dist/engine/llm/client.js + 1 modules
var client = __webpack_require__(69091);
// EXTERNAL MODULE: ./packages/core/dist/engine/python/pool.js + 3 modules
var pool = __webpack_require__(42917);
// EXTERNAL MODULE: ./packages/core/dist/flow/load.js + 2 modules
var load = __webpack_require__(68718);
// EXTERNAL MODULE: ./packages/core/dist/util/secret-masker.js
var secret_masker = __webpack_require__(6335);
// EXTERNAL MODULE: ./packages/core/dist/local/fs-util.js
var fs_util = __webpack_require__(9036);
// EXTERNAL MODULE: ./packages/core/dist/local/endpoint-state.js
var endpoint_state = __webpack_require__(22453);
;// CONCATENATED MODULE: ./packages/core/dist/local/request-gate.js
class RequestGate {
    options;
    running = 0;
    waiting = [];
    constructor(options) {
        this.options = options;
    }
    get inFlight() {
        return this.running;
    }
    get queued() {
        return this.waiting.length;
    }
    /**
     * A release function once the request may run, or undefined when the deployment is full (the
     * caller answers 503). A queued request that is abandoned (`signal` aborts) leaves the queue.
     */
    async enter(signal) {
        if (this.running < this.options.concurrency) {
            this.running++;
            return this.release();
        }
        if (this.waiting.length >= this.options.queue)
            return undefined;
        await new Promise((resolve, reject) => {
            const go = () => {
                signal?.removeEventListener('abort', abandon);
                resolve();
            };
            const abandon = () => {
                const i = this.waiting.indexOf(go);
                if (i >= 0)
                    this.waiting.splice(i, 1);
                reject(signal.reason);
            };
            signal?.addEventListener('abort', abandon, { once: true });
            this.waiting.push(go);
        });
        return this.release(); // the slot was handed over by the request that left
    }
    /** Frees the slot once: it goes straight to the first waiting request, if any. */
    release() {
        let released = false;
        return () => {
            if (released)
                return;
            released = true;
            const next = this.waiting.shift();
            if (next)
                next();
            else
                this.running--;
        };
    }
}

// EXTERNAL MODULE: ./packages/core/dist/local/endpoint-secrets.js
var endpoint_secrets = __webpack_require__(56709);
;// CONCATENATED MODULE: ./packages/core/dist/local/server.js
/**
 * The local endpoint server: serves the deployments of one local endpoint with the flow engine.
 *
 * - `POST /score` (JSON flow inputs → JSON flow outputs), `Authorization: Bearer <key>` (either
 *   key of endpoint.json), routed by the `azureml-model-deployment` header when given, else by the
 *   traffic weights (smooth weighted round robin: the observed split follows the weights exactly
 *   over any window of a few dozen requests); the answering deployment is in the same response
 *   header;
 * - `GET /health`: liveness (status, pid, loaded revision) to anyone; with a key also the traffic
 *   and each deployment's state;
 * - errors are JSON: `{ "error": { "code", "message" } }` (401, 404, 400 bad input, 408 timeout,
 *   413 body too large, 502 flow failure, 503 no deployment takes traffic or the deployment is full);
 *   a flow's failure is answered with a correlation id only: its detail (model errors, tracebacks)
 *   goes to the server log, masked, never to the caller;
 * - each deployment runs at most `concurrency` requests at once with a short queue; a request over
 *   the timeout is cancelled (its model calls aborted, its python worker killed and replaced);
 * - endpoint.json is re-read when it changes (deploys update traffic and deployments without a
 *   restart); the server exits when it is deleted, or on SIGTERM / SIGINT.
 *
 * One executor per deployment, created on its first request and dropped when the deployment
 * changes; the python worker pool and the LLM client are shared by all deployments.
 */















const MAX_BODY = 10 * 1024 * 1024;
/** Seconds a refused caller is told to wait (Retry-After). */
const RETRY_AFTER_S = 1;
const REQUEST_ID_HEADER = 'x-request-id';
class HttpError extends Error {
    status;
    code;
    headers;
    constructor(status, code, message, headers = {}) {
        super(message);
        this.status = status;
        this.code = code;
        this.headers = headers;
    }
}
/** Smooth weighted round robin (as nginx): deterministic, and the split follows the weights closely. */
class WeightedPicker {
    weights;
    current = new Map();
    constructor(weights) {
        this.weights = weights;
    }
    setWeights(weights) {
        this.weights = weights;
        this.current = new Map();
    }
    pick() {
        let total = 0;
        let best;
        let bestValue = -Infinity;
        for (const [name, w] of Object.entries(this.weights)) {
            if (!(w > 0))
                continue;
            total += w;
            const v = (this.current.get(name) ?? 0) + w;
            this.current.set(name, v);
            if (v > bestValue) {
                bestValue = v;
                best = name;
            }
        }
        if (best !== undefined)
            this.current.set(best, bestValue - total);
        return best;
    }
}
async function startEndpointServer(opts) {
    const dir = external_node_path_.resolve(opts.dir);
    const stateFile = external_node_path_.join(dir, endpoint_state/* ENDPOINT_FILE */.b6);
    const print = opts.log ?? ((l) => process.stdout.write(`${new Date().toISOString()} ${l}\n`));
    const masker = secret_masker/* SecretMasker */.M.fromEnvironment(process.env);
    const log = (line) => print(masker.mask(line));
    const initial = (0,endpoint_state/* readEndpointFile */.mJ)(dir);
    if (!initial)
        throw new Error(`${stateFile}: not found`);
    const maxBody = opts.maxBodyBytes ?? MAX_BODY;
    const perInstance = opts.concurrency ?? (Number(process.env.GENAIOPS_ENDPOINT_CONCURRENCY) || 8);
    let state = initial;
    const runtimes = new Map();
    const picker = new WeightedPicker(state.traffic);
    const llm = new client/* LlmClient */.l3({ concurrency: 256 });
    const workers = opts.pythonWorkers ??
        (Number(process.env.GENAIOPS_ENDPOINT_WORKERS) || Math.min(external_node_os_.availableParallelism(), 8));
    const python = new pool/* PythonWorkerPool */.FN({
        size: workers,
        cwd: dir,
        onStderr: (t) => log(`python: ${t.trimEnd()}`)
    });
    const requestLog = new request_log/* RequestLog */.wZ({
        dir,
        secrets: () => [
            ...Object.values(secrets.keys ?? state.keys ?? {}),
            ...Object.values(secrets.connections),
            ...Object.values(state.deployments).flatMap((d) => (0,request_log/* environmentSecrets */.Pm)(d.environmentVariables))
        ]
    });
    const rootDir = external_node_path_.resolve(dir, '..', '..', '..');
    const dotenvFile = (0,external_node_fs_.existsSync)(external_node_path_.join(rootDir, '.env')) ? external_node_path_.join(rootDir, '.env') : undefined;
    const secretsFile = (0,endpoint_secrets/* endpointSecretsFile */.T)(rootDir, external_node_path_.basename(dir), process.env);
    let secrets = (0,endpoint_secrets/* readEndpointSecrets */.Fk)(secretsFile);
    /** A deployment's connections: the secrets file's values, under this process's environment. */
    const connectionsOf = (record) => Object.fromEntries((record.connections ?? []).flatMap((n) => secrets.connections[n] !== undefined ? [[n, secrets.connections[n]]] : []));
    const apply = (next) => {
        state = next;
        try {
            secrets = (0,endpoint_secrets/* readEndpointSecrets */.Fk)(secretsFile);
        }
        catch (e) {
            log(`cannot read the secrets file ${secretsFile}: ${e.message}`);
        }
        const keys = secrets.keys ?? next.keys;
        if (keys)
            masker.add(keys.primary).add(keys.secondary);
        for (const c of Object.values(secrets.connections))
            masker.addEnvironment({ connection: c });
        for (const name of [...runtimes.keys()])
            if (!next.deployments[name])
                runtimes.delete(name);
        for (const record of Object.values(next.deployments)) {
            const key = JSON.stringify([record, connectionsOf(record)]);
            if (runtimes.get(record.name)?.key === key)
                continue;
            masker.addEnvironment(record.environmentVariables);
            const concurrency = perInstance * Math.max(1, record.instanceCount || 1);
            const gate = new RequestGate({ concurrency, queue: opts.queue ?? concurrency });
            const rt = { record, key, gate, lines: 0 };
            try {
                rt.flow = (0,load/* loadFlow */.j7)(record.flowDir, { displayRoot: record.flowDir });
            }
            catch (e) {
                rt.error = e.message;
                log(`deployment ${record.name}: flow ${record.model.name}:${record.model.version} cannot be loaded: ${rt.error}`);
            }
            runtimes.set(record.name, rt);
            log(`deployment ${record.name}: serving ${record.model.name}:${record.model.version}${rt.error ? ' (FAILED)' : ''}`);
        }
        picker.setWeights(next.traffic);
        log(`revision ${next.revision}: traffic ${JSON.stringify(next.traffic)}`);
    };
    apply(initial);
    let lastStat = (0,external_node_fs_.statSync)(stateFile).mtimeMs;
    let closing = false;
    const onChange = () => {
        if (closing)
            return;
        if (!(0,external_node_fs_.existsSync)(stateFile)) {
            log('endpoint.json was removed: stopping');
            void close().then(() => opts.onRemoved?.());
            return;
        }
        try {
            const m = (0,external_node_fs_.statSync)(stateFile).mtimeMs;
            const next = (0,endpoint_state/* readEndpointFile */.mJ)(dir);
            if (next && (next.revision !== state.revision || m !== lastStat))
                apply(next);
            lastStat = m;
        }
        catch (e) {
            log(`cannot reload endpoint.json: ${e.message}`);
        }
    };
    (0,external_node_fs_.watchFile)(stateFile, { interval: opts.pollMs ?? 100 }, onChange);
    const executorOf = (rt) => {
        rt.executor ??= Promise.resolve().then(() => (0,create/* createExecutor */.U)({
            flow: rt.flow,
            llm,
            python,
            environ: { ...connectionsOf(rt.record), ...process.env, ...rt.record.environmentVariables },
            dotenvFile,
            onSecret: (v) => masker.add(v)
        }));
        // a failed creation is retried on the next request
        rt.executor.catch(() => {
            rt.executor = undefined;
        });
        return rt.executor;
    };
    /** Liveness for anyone (the local client matches the pid and waits for a revision); the rest needs a key. */
    const health = (req) => {
        const live = { status: 'Healthy', pid: process.pid, revision: state.revision };
        return authorized(req) ? { ...live, ...details() } : live;
    };
    const details = () => ({
        endpoint: state.name,
        traffic: state.traffic,
        deployments: Object.fromEntries([...runtimes.values()].map((rt) => [
            rt.record.name,
            {
                state: rt.error ? 'Failed' : 'Succeeded',
                model: `${rt.record.model.name}:${rt.record.model.version}`,
                ...(rt.error ? { error: rt.error } : {})
            }
        ]))
    });
    const authorized = (req) => {
        const auth = req.headers.authorization ?? '';
        const m = /^Bearer\s+(.+)$/i.exec(auth);
        if (!m)
            return false;
        const given = Buffer.from(m[1].trim());
        const keys = secrets.keys ?? state.keys;
        if (!keys)
            return false;
        return [keys.primary, keys.secondary].some((k) => {
            const want = Buffer.from(k);
            return want.length === given.length && (0,external_node_crypto_.timingSafeEqual)(want, given);
        });
    };
    const score = async (req, res, requestId) => {
        if (!authorized(req))
            throw new HttpError(401, 'Unauthorized', 'missing or invalid key (send Authorization: Bearer <key>)');
        const asked = headerValue(req.headers[endpoint_state/* DEPLOYMENT_HEADER */.Gb]);
        let name;
        if (asked) {
            if (!runtimes.has(asked))
                throw new HttpError(404, 'DeploymentNotFound', `deployment "${asked}" not found on endpoint "${state.name}"; deployments: ${[...runtimes.keys()].join(', ') || 'none'}`);
            name = asked;
        }
        else {
            name = picker.pick();
            if (!name)
                throw new HttpError(503, 'NoTrafficDeployment', `no deployment of endpoint "${state.name}" takes traffic; send the ${endpoint_state/* DEPLOYMENT_HEADER */.Gb} header to call one`);
        }
        const rt = runtimes.get(name);
        res.setHeader(endpoint_state/* DEPLOYMENT_HEADER */.Gb, name);
        const declared = Number(req.headers['content-length']);
        if (declared > maxBody)
            throw tooLarge(maxBody); // before reading any of it
        const gone = new AbortController();
        res.on('close', () => gone.abort(new Error('the caller went away')));
        const release = await rt.gate.enter(gone.signal);
        if (!release)
            throw new HttpError(503, 'TooManyRequests', `deployment "${name}" is busy (${rt.gate.inFlight} requests running, ${rt.gate.queued} waiting); retry later`, { 'retry-after': String(RETRY_AFTER_S) });
        try {
            await run(req, res, rt, name, requestId, gone.signal);
        }
        finally {
            release();
        }
    };
    const failed = (requestId, name, detail) => {
        log(`request ${requestId}: deployment ${name}: ${detail}`);
        return new HttpError(502, 'FlowFailed', `deployment "${name}" could not answer; the endpoint's log has the detail under request id ${requestId}`);
    };
    const run = async (req, res, rt, name, requestId, gone) => {
        const body = await readBody(req, maxBody);
        let inputs;
        try {
            inputs = JSON.parse(body.toString('utf8'));
        }
        catch {
            throw new HttpError(400, 'BadRequest', 'the request body is not JSON');
        }
        if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs))
            throw new HttpError(400, 'BadRequest', 'the request body must be a JSON object of flow inputs');
        if (rt.error)
            throw failed(requestId, name, `cannot serve: ${rt.error}`);
        let executor;
        try {
            executor = await executorOf(rt);
        }
        catch (e) {
            throw failed(requestId, name, e.message);
        }
        const timeoutMs = rt.record.requestTimeoutMs;
        // the work stops with the request: at the timeout, or when the caller goes away
        const cancel = new AbortController();
        const timer = setTimeout(() => cancel.abort(new Error('request timeout')), timeoutMs);
        const onGone = () => cancel.abort(gone.reason);
        gone.addEventListener('abort', onGone, { once: true });
        const timedOut = new Promise((_, reject) => cancel.signal.addEventListener('abort', () => reject(new HttpError(408, 'RequestTimeout', `the flow did not answer within ${timeoutMs} ms`))));
        timedOut.catch(() => undefined);
        let result;
        try {
            result = await Promise.race([
                executor.executeLine(inputs, rt.lines++, { signal: cancel.signal }),
                timedOut
            ]);
        }
        finally {
            clearTimeout(timer);
            gone.removeEventListener('abort', onGone);
        }
        if (result.status !== 'Completed') {
            const err = result.error;
            const detail = `${err?.node ? `node "${err.node}": ` : ''}${err?.type ?? 'SystemError'}: ${err?.message ?? 'the flow failed'}`;
            // the caller's own input is theirs to see; anything else may carry what the model or a tool said
            if (err?.type === 'InputError')
                throw new HttpError(400, 'InputError', masker.mask(detail));
            throw failed(requestId, name, `${detail}${err?.traceback ? `\n${err.traceback}` : ''}`);
        }
        const logging = rt.record.requestLog ?? { enabled: true, sampleRate: 1 };
        if (logging.enabled)
            try {
                requestLog.append({
                    time: new Date().toISOString(),
                    endpoint: state.name,
                    deployment: name,
                    inputs: inputs,
                    outputs: result.outputs
                }, logging.sampleRate);
            }
            catch (e) {
                log(`request log: ${e.message}`); // logging never fails a request
            }
        // logged before the answer is sent: a caller that got its answer finds it in the log
        send(res, 200, result.outputs);
    };
    const server = (0,external_node_http_.createServer)((req, res) => {
        const url = (req.url ?? '/').split('?')[0].replace(/\/+$/, '') || '/';
        const requestId = (0,external_node_crypto_.randomUUID)();
        res.setHeader(REQUEST_ID_HEADER, requestId);
        const handle = async () => {
            if (url === '/health' || url === '/') {
                if (req.method !== 'GET' && req.method !== 'HEAD')
                    throw new HttpError(405, 'MethodNotAllowed', 'use GET');
                onChange(); // a caller waiting for a revision sees it without waiting for the next poll
                return send(res, 200, health(req));
            }
            if (url === '/score') {
                if (req.method !== 'POST')
                    throw new HttpError(405, 'MethodNotAllowed', 'use POST');
                return score(req, res, requestId);
            }
            throw new HttpError(404, 'NotFound', `no route ${req.method} ${url} (POST /score, GET /health)`);
        };
        handle().catch((e) => {
            if (e instanceof HttpError)
                return send(res, e.status, { error: { code: e.code, message: e.message } }, e.headers);
            log(`request ${requestId}: internal error: ${e?.stack ?? e}`);
            send(res, 500, {
                error: {
                    code: 'SystemError',
                    message: `internal error; the endpoint's log has it under request id ${requestId}`
                }
            });
        });
    });
    server.keepAliveTimeout = 30_000;
    const host = opts.host ?? '127.0.0.1';
    const previous = opts.port ?? readPreviousPort(dir);
    const port = await listen(server, host, previous).catch((e) => {
        if (opts.port === undefined && previous)
            return listen(server, host, 0);
        throw e;
    });
    const url = `http://${host}:${port}`;
    const info = { pid: process.pid, host, port, url, startedAt: new Date().toISOString() };
    (0,fs_util/* writeJsonAtomic */.ZJ)(external_node_path_.join(dir, endpoint_state/* SERVER_FILE */.r$), info);
    log(`endpoint ${state.name} listening on ${url} (pid ${process.pid})`);
    let closed;
    const close = () => (closed ??= (async () => {
        closing = true;
        (0,external_node_fs_.unwatchFile)(stateFile, onChange);
        await new Promise((r) => {
            server.close(() => r());
            server.closeAllConnections();
        });
        await python.close().catch(() => undefined);
    })());
    return { url, port, close };
}
function readPreviousPort(dir) {
    return (0,endpoint_state/* readServerInfo */.Gv)(dir)?.port;
}
function listen(server, host, port) {
    return new Promise((resolve, reject) => {
        const onError = (e) => {
            server.off('listening', onListening);
            reject(e);
        };
        const onListening = () => {
            server.off('error', onError);
            resolve(server.address().port);
        };
        server.once('error', onError);
        server.once('listening', onListening);
        server.listen(port ?? 0, host);
    });
}
function headerValue(v) {
    const s = Array.isArray(v) ? v[0] : v;
    return s?.trim() || undefined;
}
function tooLarge(max) {
    // the rest of the body is not read: the connection closes after the answer
    return new HttpError(413, 'PayloadTooLarge', `the request body exceeds ${max} bytes`, {
        connection: 'close'
    });
}
/** The body, up to `max` bytes; past that it stops reading and rejects with a 413 (chunked bodies too). */
function readBody(req, max) {
    return new Promise((resolve, reject) => {
        const chunks = [];
        let size = 0;
        const onData = (c) => {
            size += c.length;
            if (size <= max)
                return void chunks.push(c);
            req.off('data', onData);
            req.pause();
            reject(tooLarge(max));
        };
        req.on('data', onData);
        req.on('end', () => resolve(Buffer.concat(chunks)));
        req.on('error', reject);
    });
}
function send(res, status, body, headers = {}) {
    if (res.headersSent)
        return;
    const text = JSON.stringify(body);
    res.writeHead(status, {
        ...headers,
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(text)
    });
    res.end(text);
}


/***/ }),

/***/ 16049:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createLocalTarget: () => (/* binding */ createLocalTarget)
/* harmony export */ });
/* harmony import */ var _endpoints_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(28740);
/* harmony import */ var _registry_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83091);


function createLocalTarget(opts) {
    return {
        kind: 'local',
        registry: new _registry_js__WEBPACK_IMPORTED_MODULE_1__/* .LocalRegistry */ .p(opts.root),
        endpoints: new _endpoints_js__WEBPACK_IMPORTED_MODULE_0__/* .LocalEndpoints */ .CL(opts.root, { environ: opts.environ, reporter: opts.reporter })
    };
}


/***/ }),

/***/ 5514:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   i: () => (/* binding */ HASH_TAG)
/* harmony export */ });
// ---------------------------------------------------------------------------------------------
// Registry
// ---------------------------------------------------------------------------------------------
/** Tag holding the content hash (SHA-256 hex) on data and flow versions. */
const HASH_TAG = 'content_hash';


/***/ }),

/***/ 4894:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   q: () => (/* binding */ describe)
/* harmony export */ });
/** A short, human description of a JSON value for "found …" messages. */
function describe(value) {
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return `an array of ${value.length}`;
    switch (typeof value) {
        case 'string':
            return value === '' ? 'an empty string' : `"${value.length > 60 ? value.slice(0, 57) + '...' : value}"`;
        case 'number':
        case 'boolean':
            return String(value);
        case 'object':
            return 'an object';
        default:
            return typeof value;
    }
}


/***/ }),

/***/ 33188:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   a: () => (/* binding */ didYouMean),
/* harmony export */   k: () => (/* binding */ closest)
/* harmony export */ });
/** Levenshtein distance, small inputs only (config keys). */
function distance(a, b) {
    const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        let diag = prev[0];
        prev[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const next = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
            diag = prev[j];
            prev[j] = next;
        }
    }
    return prev[b.length];
}
/** The closest candidate when it is close enough to be a likely typo, else undefined. */
function closest(word, candidates) {
    const w = word.toLowerCase();
    // A shortening or lengthening of a known word ("minimum" for "min") counts as close too.
    const affix = [...candidates].find((c) => c.length > 1 && (w.startsWith(c.toLowerCase()) || c.toLowerCase().startsWith(w)));
    if (affix && w.length > 1)
        return affix;
    let best;
    let bestD = Infinity;
    for (const c of candidates) {
        const d = distance(w, c.toLowerCase());
        if (d < bestD)
            [best, bestD] = [c, d];
    }
    return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}
function didYouMean(word, candidates) {
    const c = closest(word, candidates);
    return c ? ` (did you mean "${c}"?)` : '';
}


/***/ }),

/***/ 83151:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   j: () => (/* binding */ formatPath),
/* harmony export */   q: () => (/* binding */ JsonDocument)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var jsonc_parser__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(99547);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(71403);



/** A parsed JSON file that can say where any value in it is (for error messages). */
class JsonDocument {
    file;
    value;
    text;
    tree;
    constructor(file, value, text, tree) {
        this.file = file;
        this.value = value;
        this.text = text;
        this.tree = tree;
    }
    /**
     * Parses `text` (JSON; comments and trailing commas are tolerated since editors add them).
     * A syntax error is a UserError with its line and column.
     */
    static parse(file, text) {
        const errors = [];
        const tree = (0,jsonc_parser__WEBPACK_IMPORTED_MODULE_1__.parseTree)(text, errors, { allowTrailingComma: true, disallowComments: false });
        if (errors.length || !tree) {
            const e = errors[0];
            const at = e ? lineColumn(text, e.offset) : { line: 1, column: 1 };
            const what = e ? (0,jsonc_parser__WEBPACK_IMPORTED_MODULE_1__.printParseErrorCode)(e.error) : 'EmptyDocument';
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo([{ file, ...at, message: `invalid JSON: ${humanize(what)}` }]);
        }
        return new JsonDocument(file, nodeValue(tree), text, tree);
    }
    static read(file, displayName = file) {
        let text;
        try {
            text = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(file, 'utf8');
        }
        catch (e) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo([
                { file: displayName, message: `cannot read the file (${e.code ?? e})` }
            ]);
        }
        return JsonDocument.parse(displayName, text.replace(/^\uFEFF/, ''));
    }
    /** Line and column of the value at `path`, or of its closest existing parent. */
    locate(path) {
        if (!this.tree)
            return {};
        for (let n = path.length; n >= 0; n--) {
            const node = (0,jsonc_parser__WEBPACK_IMPORTED_MODULE_1__.findNodeAtLocation)(this.tree, path.slice(0, n));
            if (node) {
                // Point at the key of a property rather than its value: that is what a reader looks for.
                const target = n > 0 && node.parent?.type === 'property' ? node.parent : node;
                return lineColumn(this.text, target.offset);
            }
        }
        return {};
    }
    problem(path, message) {
        return { file: this.file, path: formatPath(path), ...this.locate(path), message };
    }
}
/** `environments.dev.datasets[0]`; keys that are not identifiers are quoted. */
function formatPath(path) {
    if (!path.length)
        return undefined;
    let out = '';
    for (const p of path) {
        if (typeof p === 'number')
            out += `[${p}]`;
        else if (/^[A-Za-z_$][\w$-]*$/.test(p))
            out += out ? `.${p}` : p;
        else
            out += `[${JSON.stringify(p)}]`;
    }
    return out;
}
function lineColumn(text, offset) {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < offset && i < text.length; i++) {
        if (text.charCodeAt(i) === 10) {
            line++;
            lineStart = i + 1;
        }
    }
    return { line, column: offset - lineStart + 1 };
}
function humanize(code) {
    return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
// jsonc-parser's getNodeValue keeps the last of duplicate keys silently; we do the same as JSON.parse.
function nodeValue(node) {
    switch (node.type) {
        case 'object': {
            const out = {};
            for (const prop of node.children ?? []) {
                const [k, v] = prop.children ?? [];
                if (k && v)
                    out[k.value] = nodeValue(v);
            }
            return out;
        }
        case 'array':
            return (node.children ?? []).map(nodeValue);
        default:
            return node.value;
    }
}


/***/ }),

/***/ 55103:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ resolveInside),
/* harmony export */   T: () => (/* binding */ toPosixRelative)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);

/**
 * Resolves a path written in a use-case's config against the use-case folder, refusing absolute
 * paths and any that climb out of the folder. Returns undefined when refused.
 */
function resolveInside(root, relative) {
    if (relative === '' ||
        node_path__WEBPACK_IMPORTED_MODULE_0__.isAbsolute(relative) ||
        /^[a-zA-Z]:[\\/]/.test(relative) ||
        relative.startsWith('\\'))
        return undefined;
    const resolved = node_path__WEBPACK_IMPORTED_MODULE_0__.resolve(root, relative);
    const rel = node_path__WEBPACK_IMPORTED_MODULE_0__.relative(root, resolved);
    if (rel === '..' || rel.startsWith('..' + node_path__WEBPACK_IMPORTED_MODULE_0__.sep) || node_path__WEBPACK_IMPORTED_MODULE_0__.isAbsolute(rel))
        return undefined;
    return resolved;
}
/** A path relative to `from`, with forward slashes, for messages and models that travel across OSes. */
function toPosixRelative(from, to) {
    return node_path__WEBPACK_IMPORTED_MODULE_0__.relative(from, to).split(node_path__WEBPACK_IMPORTED_MODULE_0__.sep).join('/') || '.';
}


/***/ }),

/***/ 6335:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   M: () => (/* binding */ SecretMasker)
/* harmony export */ });
/* unused harmony export MASK */
/**
 * The one secret masker: every string that comes from outside (model errors, endpoint answers,
 * python tracebacks) passes through `mask` before it reaches a log line, an HTTP body, a report, a
 * summary or a PR comment. Secrets are registered as they are learned (connection keys, endpoint
 * keys, tokens); `fromEnvironment` seeds one with what a process's environment holds.
 */
const MASK = '***';
/** Fields of a connection's JSON whose values are secrets (as the connection store reads them). */
const SECRET_FIELD = /key|secret|password|token|credential/i;
/** Environment variables whose values are secrets: `…_KEY`, `…_SECRET`, `…_TOKEN`, … (not `KEYVAULT_NAME`). */
const SECRET_VARIABLE = /(^|_)(API_?KEY|KEY|SECRET|PASSWORD|PASSWD|TOKEN|CONNECTION_STRING)$/i;
/** Values shorter than this are not secrets worth masking (and would mask every "1" or "id"). */
const MIN_LENGTH = 6;
/** Credentials that announce themselves, masked whoever's they are. */
const SELF_EVIDENT = [/\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, /\b(sk-)[A-Za-z0-9_-]{16,}/g];
class SecretMasker {
    values = new Set();
    sorted;
    /** Registers a secret, with the forms it takes when it is quoted in JSON or a URL. */
    add(value) {
        if (typeof value !== 'string')
            return this;
        const v = value.trim();
        if (v.length < MIN_LENGTH)
            return this;
        for (const form of [v, JSON.stringify(v).slice(1, -1), encodeURIComponent(v)])
            if (!this.values.has(form)) {
                this.values.add(form);
                this.sorted = undefined;
            }
        return this;
    }
    has(value) {
        return this.values.has(value.trim());
    }
    get size() {
        return this.values.size;
    }
    /** The text with every registered secret (longest first) and every self-evident credential hidden. */
    mask(text) {
        if (!text)
            return text;
        this.sorted ??= [...this.values].sort((a, b) => b.length - a.length);
        let out = text;
        for (const s of this.sorted)
            if (out.includes(s))
                out = out.split(s).join(MASK);
        for (const re of SELF_EVIDENT)
            out = out.replace(re, `$1${MASK}`);
        return out;
    }
    /** A JSON value with every string masked (keys too), for bodies and records. */
    maskValue(value) {
        return JSON.parse(this.mask(JSON.stringify(value) ?? 'null'));
    }
    /**
     * Registers the secrets an environment holds: variables named like a secret, and the secret
     * fields of connections given as JSON (`aoai={"api_key": …}`, the local-run convention).
     */
    addEnvironment(environ) {
        for (const [name, value] of Object.entries(environ)) {
            if (!value)
                continue;
            if (SECRET_VARIABLE.test(name))
                this.add(value);
            const text = value.trimStart();
            if (!text.startsWith('{'))
                continue;
            let obj;
            try {
                obj = JSON.parse(text);
            }
            catch {
                continue;
            }
            this.addSecretFields(obj);
        }
        return this;
    }
    /** Registers the secret-named string fields of an object (and of its `secrets` object). */
    addSecretFields(obj) {
        if (!obj || typeof obj !== 'object' || Array.isArray(obj))
            return this;
        for (const [k, v] of Object.entries(obj)) {
            if (k === 'secrets')
                this.addAll(v);
            else if (typeof v === 'string' && SECRET_FIELD.test(k))
                this.add(v);
        }
        return this;
    }
    addAll(v) {
        if (v && typeof v === 'object')
            for (const s of Object.values(v))
                if (typeof s === 'string')
                    this.add(s);
    }
    static fromEnvironment(environ) {
        return new SecretMasker().addEnvironment(environ);
    }
}


/***/ })

};
