// A self-audit of the workflows, in the spirit of zizmor's audits (template-injection,
// excessive-permissions, artipacked, unpinned-uses, self-repository, secrets-outside-environment,
// cache-poisoning) plus the rules of this suite's threat model (docs/workflows.md): re-runnable
// artifacts, a guarded GitHub Environment, ordered deployments, one identity per stage. Each rule
// is a function of a parsed file, so a test can show it catching a bad workflow.
import {
  ACTIONS_DIR,
  allExpressions,
  expressionsIn,
  isGhesVariant,
  isReusable,
  jobsOf,
  ourActionOf,
  ourWorkflowOf,
  permissionsOf,
  sourceOf,
  steps,
  workflowCall,
  type WorkflowFile,
  type Yaml
} from './helpers.js';

export interface Finding {
  rule: string;
  where: string;
  message: string;
}
/** What a rule may look up: the workflows a file calls. */
export interface AuditContext {
  workflow(file: string): WorkflowFile | undefined;
}
export type Rule = (w: WorkflowFile, ctx: AuditContext) => Finding[];

const WRITE = 2;
const uses = (s: Yaml) => (typeof s.uses === 'string' ? s.uses : '');
const isAction = (s: Yaml, name: string) => uses(s).startsWith(`${name}@`);
const isCheckout = (s: Yaml) => isAction(s, 'actions/checkout');
/** Steps that run the use-case's code or install what it asks for: python, pip, our stage actions. */
const runsUseCaseCode = (s: Yaml) =>
  isAction(s, 'actions/setup-python') ||
  /\b(pip|python3?|pytest)\b/.test(String(s.run ?? '')) ||
  ourActionOf(uses(s))?.action.startsWith('action-') === true;
const signsIn = (s: Yaml) => isAction(s, 'azure/login');
const GUARD = '.github/actions/release-guard';
/** The GHES variants' sparse checkout of this repository (scripts/ghes-workflows.mjs). */
const isActionsCheckout = (s: Yaml) =>
  isCheckout(s) && typeof s.with?.repository === 'string' && s.with?.path === ACTIONS_DIR;
/** The digest command of a GHES tree step: the `tree=$(…)` line of its script. */
const treeDigest = (s: Yaml) => /^\s*(tree=\$\(.*\))$/m.exec(String(s.run ?? ''))?.[1];
/** A GHES variant's check, before a `uses: ./.genaiops-actions/…`, that the checkout is unchanged. */
const isTreeCheck = (s: Yaml, record: Yaml | undefined) =>
  s.id === undefined &&
  s['working-directory'] === ACTIONS_DIR &&
  s.env?.ACTIONS_SHA === '${{ inputs.actions-sha }}' &&
  s.env?.ACTIONS_TREE === '${{ steps.actions-tree.outputs.tree }}' &&
  treeDigest(s) !== undefined &&
  treeDigest(s) === (record && treeDigest(record)) &&
  /"\$\(git rev-parse HEAD\)" != "\$ACTIONS_SHA"/.test(String(s.run)) &&
  /-n "\$\(git status --porcelain --ignored\)"/.test(String(s.run)) &&
  /exit 1/.test(String(s.run));
const SETUP_IDS = ['actions-ref', 'app-token', 'actions-tree'];
/** What may run before the release guard in a GHES variant: checkouts and the actions checkout's setup. */
const beforeGuardOk = (s: Yaml) =>
  (isCheckout(s) && s.with?.['persist-credentials'] === false) ||
  SETUP_IDS.includes(String(s.id)) ||
  (s.id === undefined && s['working-directory'] === ACTIONS_DIR);

function finder(rule: string) {
  const out: Finding[] = [];
  return { out, add: (where: string, message: string) => out.push({ rule, where, message }) };
}

/** zizmor template-injection: no `${{ }}` inside a script; values reach it through env:. */
export const templateInjection: Rule = (w) => {
  const { out, add } = finder('template-injection');
  for (const [id, job] of jobsOf(w))
    steps(job).forEach((s, i) => {
      for (const e of expressionsIn(s.run))
        add(`jobs.${id}.steps[${i}]`, `\${{ ${e} }} in run: — pass it through env:`);
    });
  return out;
};

/**
 * zizmor excessive-permissions: `permissions: {}` (or read-only) at the top, every job explicit;
 * the only write scopes are id-token (a job that signs in to Azure), pull-requests (a job that
 * posts the comment and runs nothing of the caller's repository) and issues (a job that runs
 * `gh issue`, or the call of a reusable workflow whose job does).
 */
export const excessivePermissions: Rule = (w, ctx) => {
  const { out, add } = finder('excessive-permissions');
  const top = permissionsOf(w.doc.permissions);
  if (!top) add('permissions', 'no top-level permissions');
  else if (Object.values(top).some((l) => l >= WRITE)) add('permissions', 'the top level grants write');
  for (const [id, job] of jobsOf(w)) {
    const where = `jobs.${id}`;
    const p = permissionsOf(job.permissions);
    if (!p) {
      add(where, 'no permissions: the job would get the default token');
      continue;
    }
    if (typeof job.permissions === 'string' && job.permissions !== 'read-all')
      add(where, `permissions: ${job.permissions}`);
    const called = typeof job.uses === 'string' ? ourWorkflowOf(job.uses) : undefined;
    const calledJobs = called ? jobsOf(ctx.workflow(called) ?? ({ doc: {} } as WorkflowFile)) : [];
    const needs = (scope: string) =>
      calledJobs.some(([, cj]) => permissionsOf(cj.permissions)?.[scope] === WRITE);
    const list = steps(job);
    for (const [scope, level] of Object.entries(p)) {
      if (level < WRITE) continue;
      if (scope === 'id-token') {
        if (!list.some(signsIn) && !needs('id-token')) add(where, 'id-token: write without an Azure sign-in');
      } else if (scope === 'pull-requests') {
        if (called) {
          if (!needs('pull-requests')) add(where, 'pull-requests: write the called workflow does not use');
        } else if (!list.some((s) => ourActionOf(uses(s))?.action === '.github/actions/post-comment'))
          add(where, 'pull-requests: write without the comment step');
        else if (list.some((s) => (isCheckout(s) && !isActionsCheckout(s)) || runsUseCaseCode(s)))
          add(where, 'pull-requests: write in a job that checks out or runs the caller’s code');
      } else if (scope === 'issues') {
        if (called ? !needs('issues') : !list.some((s) => /\bgh\s+issue\b/.test(String(s.run ?? ''))))
          add(where, 'issues: write without gh issue');
      } else add(where, `${scope}: write`);
    }
  }
  return out;
};

/** zizmor artipacked: no checkout keeps its credentials; no artifact holds the whole workspace or .git. */
export const artipacked: Rule = (w) => {
  const { out, add } = finder('artipacked');
  for (const [id, job] of jobsOf(w))
    steps(job).forEach((s, i) => {
      const where = `jobs.${id}.steps[${i}]`;
      if (isCheckout(s) && s.with?.['persist-credentials'] !== false)
        add(where, 'checkout without persist-credentials: false');
      if (isAction(s, 'actions/upload-artifact'))
        for (const line of String(s.with?.path ?? '')
          .split('\n')
          .map((l) => l.trim()))
          if (['.', './', '${{ github.workspace }}'].includes(line) || /(^|\/)\.git(\/|$)/.test(line))
            add(where, `uploads ${line}`);
    });
  return out;
};

/** zizmor unpinned-uses: a third-party action is pinned to a full commit sha, its version in a comment. */
export const unpinnedUses: Rule = (w) => {
  const { out, add } = finder('unpinned-uses');
  w.text.split('\n').forEach((line, n) => {
    const m = /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/.exec(line);
    if (
      !m ||
      ourActionOf(m[1]) ||
      ourWorkflowOf(m[1]) ||
      m[1].startsWith('./') ||
      m[1].startsWith('docker://')
    )
      return;
    if (!/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(m[1]))
      add(`line ${n + 1}`, `not pinned to a 40-hex sha: ${m[1]}`);
    else if (!/^\s*#\s*v\d+\.\d+\.\d+\s*$/.test(m[2])) add(`line ${n + 1}`, `no "# vX.Y.Z" comment: ${m[1]}`);
  });
  return out;
};

/**
 * self-repository: inside a reusable workflow our actions are `$/…` (this repository at the
 * running commit, nothing in the workspace to rewrite), no step uses a workspace path, and a
 * checkout of this repository only happens in a job that runs none of the use-case's code.
 */
export const selfRepository: Rule = (w) => {
  const { out, add } = finder('self-repository');
  if (!isReusable(w)) return out;
  const ghes = isGhesVariant(w.file); // checked by the ghes-fallback rule instead
  for (const [id, job] of jobsOf(w)) {
    const list = steps(job);
    list.forEach((s, i) => {
      const where = `jobs.${id}.steps[${i}]`;
      const ours = ourActionOf(uses(s));
      if (ghes) {
        if (ours?.form === 'self') add(where, `"${uses(s)}": GitHub Enterprise Server does not load $/`);
        else if (uses(s).startsWith('./') && !uses(s).startsWith(`./${ACTIONS_DIR}/`))
          add(where, `"${uses(s)}" is a path in the caller’s workspace`);
      } else if (ours && ours.form !== 'self') add(where, `"${uses(s)}": use $/${ours.action}`);
      else if (!ours && uses(s).startsWith('./'))
        add(where, `"${uses(s)}" is a path in the caller’s workspace`);
    });
    const ownCheckout = list.some((s) => isCheckout(s) && typeof s.with?.repository === 'string');
    if (!ghes && ownCheckout && list.some(runsUseCaseCode))
      add(`jobs.${id}`, 'checks out this repository in a job that runs the use-case’s code');
  }
  return out;
};

/**
 * zizmor secrets-outside-environment: a job of a reusable workflow that uses secrets runs in a
 * GitHub Environment. Exceptions, by design: the PR workflow (its identity trusts the
 * `pull_request` subject, which an Environment would replace) and the read-only GitHub App that
 * reads this repository for the GHES variants' checkout.
 */
export const secretsOutsideEnvironment: Rule = (w) => {
  const { out, add } = finder('secrets-outside-environment');
  if (!isReusable(w) || sourceOf(w.file).endsWith('/genaiops-pr.yml')) return out;
  for (const [id, job] of jobsOf(w)) {
    const used = [
      ...new Set(allExpressions(job).flatMap((e) => [...e.matchAll(/secrets\.(\w+)/g)].map((m) => m[1])))
    ];
    const needing = used.filter((s) => !s.startsWith('GENAIOPS_APP_'));
    if (needing.length && !job.environment)
      add(`jobs.${id}`, `uses ${needing.join(', ')} outside a GitHub Environment`);
  }
  return out;
};

/** zizmor cache-poisoning: no cache restored in a job that signs in, deploys or runs in an Environment. */
export const cachePoisoning: Rule = (w) => {
  const { out, add } = finder('cache-poisoning');
  for (const [id, job] of jobsOf(w)) {
    const list = steps(job);
    const privileged =
      job.environment !== undefined ||
      list.some(signsIn) ||
      list.some((s) => ourActionOf(uses(s))?.action === 'action-deploy');
    if (!privileged) continue;
    list.forEach((s, i) => {
      if (isAction(s, 'actions/cache') || (uses(s).startsWith('actions/setup-') && s.with?.cache))
        add(`jobs.${id}.steps[${i}]`, 'restores a cache in a privileged job');
    });
  }
  return out;
};

/**
 * Re-runnable: upload-artifact v4 answers 409 to a name the run already holds, so every name
 * carries the run attempt (prepare-job's artifact-suffix does) or the upload overwrites; every
 * upload says how long it is kept.
 */
export const rerunnableArtifacts: Rule = (w) => {
  const { out, add } = finder('rerunnable-artifacts');
  for (const [id, job] of jobsOf(w))
    steps(job).forEach((s, i) => {
      if (!isAction(s, 'actions/upload-artifact')) return;
      const where = `jobs.${id}.steps[${i}]`;
      const name = String(s.with?.name ?? '');
      if (
        !/github\.run_attempt|steps\.prepare\.outputs\.artifact-suffix/.test(name) &&
        s.with?.overwrite !== true
      )
        add(where, `artifact "${name}" is named the same on a re-run (409)`);
      if (s.with?.['retention-days'] === undefined) add(where, 'no retention-days');
    });
  return out;
};

/**
 * Guarded Environment: a job in a GitHub Environment starts with the release guard for that
 * Environment, requiring reviewers or following `require-approval` (which the prod workflow turns
 * on): it refuses to run in an Environment without required reviewers.
 */
export const guardedEnvironment: Rule = (w) => {
  const { out, add } = finder('guarded-environment');
  for (const [id, job] of jobsOf(w)) {
    if (job.environment === undefined) continue;
    const list = steps(job);
    // GHES: the caller's checkout and the actions checkout come first (the guard is loaded from it)
    const at = isGhesVariant(w.file) ? list.findIndex((s) => ourActionOf(uses(s))) : 0;
    const first = list[at] ?? {};
    if (ourActionOf(uses(first))?.action !== GUARD || !list.slice(0, at).every(beforeGuardOk))
      add(`jobs.${id}`, 'the first step is not the release guard');
    else {
      if (first.with?.environment !== job.environment)
        add(
          `jobs.${id}`,
          `the guard checks "${first.with?.environment}", the job runs in "${job.environment}"`
        );
      const reviewers = first.with?.['require-reviewers'];
      if (reviewers !== true && reviewers !== '${{ inputs.require-approval }}')
        add(`jobs.${id}`, 'the guard neither requires reviewers nor follows the require-approval input');
    }
  }
  if (
    sourceOf(w.file).endsWith('/genaiops-prod.yml') &&
    workflowCall(w).inputs?.['require-approval']?.default !== true
  )
    add('on.workflow_call.inputs.require-approval', 'prod must require an approval by default');
  return out;
};

/**
 * Ordered deployments, in a workflow that deploys: its jobs in an Environment share one
 * concurrency group per env and use-case that never cancels a running one; the deploying job
 * checks it is still the head of its branch and every later step depends on that.
 */
export const orderedDeployments: Rule = (w) => {
  const { out, add } = finder('ordered-deployments');
  const deploys = (j: Yaml) => steps(j).some((s) => ourActionOf(uses(s))?.action === 'action-deploy');
  if (!jobsOf(w).some(([, j]) => deploys(j))) return out;
  const envJobs = jobsOf(w).filter(([, j]) => j.environment !== undefined);
  const groups = new Set(envJobs.map(([, j]) => JSON.stringify(j.concurrency ?? null)));
  if (groups.size > 1) add('jobs', 'the jobs in an Environment do not share one concurrency group');
  for (const [id, job] of envJobs) {
    const c = job.concurrency ?? {};
    if (!String(c.group ?? '').includes('inputs.use-case') || c['cancel-in-progress'] !== false)
      add(`jobs.${id}`, 'concurrency: one group per env and use-case, cancel-in-progress: false');
    const list = steps(job);
    if (!deploys(job)) continue;
    const at = Math.max(
      0,
      list.findIndex((s) => ourActionOf(uses(s))?.action === GUARD)
    );
    const guard = list[at] ?? {};
    if (guard.with?.['check-head'] !== true || !guard.id) {
      add(`jobs.${id}`, 'the deploying job does not check that its commit is the head of the branch');
      continue;
    }
    const current = `steps.${guard.id}.outputs.current == 'true'`;
    list.slice(at + 1).forEach((s, i) => {
      const cond = String(s.if ?? '');
      if (!cond.includes(current) && !/steps\.prepare\.outputs\./.test(cond))
        add(
          `jobs.${id}.steps[${at + i + 1}]`,
          `runs even when the commit is no longer the head (if: ${cond || 'none'})`
        );
    });
  }
  return out;
};

/**
 * One identity per stage: a caller gives the PR, dev and prod workflows different client ids, and
 * one that calls more than one of them names one for each.
 */
export const stageIdentities: Rule = (w) => {
  const { out, add } = finder('stage-identities');
  const ids = new Map<string, string>();
  for (const [id, job] of jobsOf(w)) {
    const called = typeof job.uses === 'string' ? ourWorkflowOf(job.uses) : undefined;
    const stage = /genaiops-(pr|dev|prod)\.yml$/.exec(called ?? '')?.[1];
    if (!stage) continue;
    const client = String(job.with?.['client-id'] ?? job.secrets?.AZURE_CLIENT_ID ?? '');
    if (!client) continue;
    for (const [other, c] of ids)
      if (c === client) add(`jobs.${id}`, `the ${stage} call shares its client id with ${other} (${client})`);
    ids.set(stage, client);
  }
  const stages = jobsOf(w).filter(([, j]) =>
    /genaiops-(pr|dev|prod)\.yml$/.test(ourWorkflowOf(String(j.uses ?? '')) ?? '')
  );
  if (stages.length > 1 && ids.size < stages.length)
    add('jobs', 'a stage call names no client id of its own');
  return out;
};

/**
 * ghes-fallback, in a GitHub Enterprise Server variant (genaiops-<x>-ghes.yml): it takes a required
 * `actions-sha`; each job that uses our actions validates it as 40 hex, checks this repository out
 * at it after the caller's checkout (which would delete it), sparse (only what runs) and without
 * credentials, records the tree, and every `uses: ./.genaiops-actions/…` comes right after a check
 * of that tree (or right after the record), under the same `if:` and with no status function in it
 * (a failed check then skips it).
 */
export const ghesFallback: Rule = (w) => {
  const { out, add } = finder('ghes-fallback');
  if (!isGhesVariant(w.file)) return out;
  const input = workflowCall(w).inputs?.['actions-sha'];
  if (input?.type !== 'string' || input?.required !== true)
    add('on.workflow_call.inputs.actions-sha', 'a required string input');
  for (const [id, job] of jobsOf(w)) {
    const list = steps(job);
    const locals = list.flatMap((s, i) => (ourActionOf(uses(s))?.form === 'local' ? [i] : []));
    if (!locals.length) continue;
    const where = `jobs.${id}`;
    const checkouts = list.flatMap((s, i) => (isActionsCheckout(s) ? [i] : []));
    if (checkouts.length !== 1) {
      add(where, `${checkouts.length} checkouts of this repository into ${ACTIONS_DIR}, expected one`);
      continue;
    }
    const c = checkouts[0];
    const co = list[c];
    if (co.with.ref !== '${{ inputs.actions-sha }}')
      add(where, 'the actions checkout is not at inputs.actions-sha');
    if (co.with['persist-credentials'] !== false) add(where, 'the actions checkout keeps its credentials');
    const sparse = String(co.with['sparse-checkout'] ?? '')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .sort();
    if (
      JSON.stringify(sparse) !== JSON.stringify(['.github/actions/', 'action-*/action.yml', 'dist/']) ||
      co.with['sparse-checkout-cone-mode'] !== false
    )
      add(where, `the actions checkout is not sparse on what runs (found ${JSON.stringify(sparse)})`);
    const ref = list.findIndex((s) => s.id === 'actions-ref');
    if (
      ref === -1 ||
      ref > c ||
      list[ref].env?.ACTIONS_SHA !== '${{ inputs.actions-sha }}' ||
      !String(list[ref].run ?? '').includes('[[ "$ACTIONS_SHA" =~ ^[0-9a-f]{40}$ ]] ||')
    )
      add(where, 'actions-sha is not checked to be 40 hex before the checkout');
    if (list.slice(c + 1).some((s) => isCheckout(s) && !isActionsCheckout(s)))
      add(where, 'a checkout after the actions checkout (it would delete it)');
    const record = list[c + 1];
    if (record?.id !== 'actions-tree' || record['working-directory'] !== ACTIONS_DIR || !treeDigest(record))
      add(where, 'the step after the actions checkout does not record its tree');
    for (const i of locals) {
      const prev = list[i - 1] ?? {};
      const cond = list[i].if;
      if (i <= c) add(`${where}.steps[${i}]`, `"${uses(list[i])}" before the actions checkout`);
      else if (prev !== record && !(isTreeCheck(prev, record) && prev.if === cond))
        add(
          `${where}.steps[${i}]`,
          `"${uses(list[i])}" is not right after a check of the tree (with its if:)`
        );
      if (/\b(always|cancelled|failure|success)\(\)/.test(String(cond ?? '')))
        add(`${where}.steps[${i}]`, 'a status function in if: would run it after a failed check');
    }
  }
  return out;
};

export const RULES: Record<string, Rule> = {
  'template-injection': templateInjection,
  'excessive-permissions': excessivePermissions,
  artipacked,
  'unpinned-uses': unpinnedUses,
  'self-repository': selfRepository,
  'secrets-outside-environment': secretsOutsideEnvironment,
  'cache-poisoning': cachePoisoning,
  'rerunnable-artifacts': rerunnableArtifacts,
  'guarded-environment': guardedEnvironment,
  'ordered-deployments': orderedDeployments,
  'stage-identities': stageIdentities,
  'ghes-fallback': ghesFallback
};

export const audit = (w: WorkflowFile, ctx: AuditContext): Finding[] =>
  Object.values(RULES).flatMap((rule) => rule(w, ctx));
