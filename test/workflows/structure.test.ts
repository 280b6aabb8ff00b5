// What actionlint cannot know: our actions' inputs and outputs, our reusable workflows' interface,
// the cross-repository ref rule, least privilege and script-injection hygiene.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  ACTIONS_DIR,
  allExpressions,
  expressionsIn,
  isReusable,
  jobsOf,
  loadAction,
  loadAll,
  loadWorkflow,
  maxLevel,
  needsOf,
  OUR_REPO,
  ourActionOf,
  ourWorkflowOf,
  permissionsOf,
  refs,
  repoRoot,
  steps,
  workflowCall,
  type WorkflowFile,
  type Yaml
} from './helpers.js';

const files = loadAll();
const reusable = files.filter(isReusable);
const byFile = new Map(files.map((f) => [f.file, f]));
const eachFile = files.map((f) => [f.file, f] as const);
const eachReusable = reusable.map((f) => [f.file, f] as const);

/** Problems are collected as lines, so one failure shows every mistake of a file. */
const ok = (problems: string[]) => expect(problems.join('\n')).toBe('');

describe('our actions, used from the workflows', () => {
  test.each(eachFile)(
    '%s: every use of our actions passes declared inputs and every required one',
    (_n, w) => {
      const problems: string[] = [];
      for (const [jobId, job] of jobsOf(w))
        steps(job).forEach((step, i) => {
          const ours = typeof step.uses === 'string' ? ourActionOf(step.uses) : undefined;
          if (!ours) return;
          const where = `jobs.${jobId}.steps[${i}] (${step.uses})`;
          if (!existsSync(path.join(repoRoot, ours.action, 'action.yml')))
            return problems.push(`${where}: no ${ours.action}/action.yml`);
          const spec = loadAction(ours.action);
          const given = Object.keys(step.with ?? {});
          for (const k of given)
            if (!(k in spec.inputs))
              problems.push(`${where}: input "${k}" is not declared in ${ours.action}/action.yml`);
          for (const [k, input] of Object.entries(spec.inputs))
            if (input.required && input.default === undefined && !given.includes(k))
              problems.push(`${where}: required input "${k}" missing`);
        });
      ok(problems);
    }
  );

  test.each(eachReusable)(
    '%s: actions come from the workflow’s own commit, never from the caller’s checkout',
    (_n, w) => {
      const problems: string[] = [];
      for (const [jobId, job] of jobsOf(w)) {
        const list = steps(job);
        const uses = list.map((s) => (typeof s.uses === 'string' ? ourActionOf(s.uses) : undefined));
        uses.forEach((u, i) => {
          if (u && u.form !== 'self-checkout')
            problems.push(
              `jobs.${jobId}.steps[${i}]: "${list[i].uses}" — inside a reusable workflow use ./${ACTIONS_DIR}/${u.action}`
            );
        });
        const first = uses.findIndex((u) => u !== undefined);
        const usesCli = list.some((s) => typeof s.run === 'string' && s.run.includes(`${ACTIONS_DIR}/`));
        if (first === -1 && !usesCli) continue;
        const self = list.findIndex(
          (s) =>
            typeof s.uses === 'string' &&
            s.uses.startsWith('actions/checkout@') &&
            s.with?.repository === '${{ steps.actions-ref.outputs.repository }}' &&
            s.with?.ref === '${{ steps.actions-ref.outputs.sha }}' &&
            s.with?.path === ACTIONS_DIR
        );
        const workspace = list.findIndex(
          (s) => typeof s.uses === 'string' && s.uses.startsWith('actions/checkout@') && !s.with?.path
        );
        const guard = list.findIndex(
          (s) =>
            s.id === 'actions-ref' &&
            s.env?.JOB_CONTEXT === '${{ toJSON(job) }}' &&
            typeof s.run === 'string' &&
            s.run.includes('.workflow_sha') &&
            s.run.includes('exit 1')
        );
        if (self === -1)
          problems.push(
            `jobs.${jobId}: no checkout of job.workflow_repository@job.workflow_sha into ${ACTIONS_DIR}`
          );
        else {
          if (first !== -1 && self > first)
            problems.push(`jobs.${jobId}: the actions are used before they are checked out`);
          if (workspace === -1 || workspace > self)
            problems.push(
              `jobs.${jobId}: check out the caller's repository first (its clean-up would delete ${ACTIONS_DIR})`
            );
          if (guard === -1 || guard > self)
            problems.push(`jobs.${jobId}: no step failing on an empty job.workflow_sha before the checkout`);
          if (list[self].with?.['persist-credentials'] !== false)
            problems.push(`jobs.${jobId}: the actions checkout should not persist credentials`);
        }
      }
      ok(problems);
    }
  );

  test.each(eachFile)('%s: every use of this repository names one ref', (_n, w) => {
    const refsUsed = [...w.text.matchAll(new RegExp(`uses:\\s*${OUR_REPO}/[^@\\s]+@(\\S+)`, 'g'))].map(
      (m) => m[1]
    );
    expect([...new Set(refsUsed)].length).toBeLessThanOrEqual(1);
  });
});

describe('references resolve', () => {
  test.each(eachFile)(
    '%s: steps.<id>.outputs and needs.<job>.outputs name something that exists',
    (_n, w) => {
      const problems: string[] = [];
      const jobs = new Map(jobsOf(w));
      const jobOutputs = (jobId: string): string[] | undefined => {
        const job = jobs.get(jobId);
        if (!job) return undefined;
        const called = typeof job.uses === 'string' ? ourWorkflowOf(job.uses) : undefined;
        if (called) return Object.keys(workflowCall(loadWorkflow(called)).outputs ?? {});
        return Object.keys(job.outputs ?? {});
      };
      const stepOutputs = (step: Yaml): string[] | undefined => {
        const ours = typeof step.uses === 'string' ? ourActionOf(step.uses) : undefined;
        if (ours) return Object.keys(loadAction(ours.action).outputs);
        if (typeof step.run === 'string') {
          // A run step's outputs: `name=` written by the script (inline or a file of this repository).
          const script = /(?:bash|sh)\s+(\S+\.sh)/.exec(step.run)?.[1]?.replace(`${ACTIONS_DIR}/`, '');
          const text =
            step.run +
            (script && existsSync(path.join(repoRoot, script))
              ? readFileSync(path.join(repoRoot, script), 'utf8')
              : '');
          return [...text.matchAll(/([A-Za-z_][\w-]*)=/g)].map((m) => m[1]);
        }
        return undefined; // a third-party action: not checked
      };

      for (const [jobId, job] of jobs) {
        const list = steps(job);
        const ids = list.map((s) => s.id as string | undefined);
        const checkSteps = (exprs: string[], where: string, visible: number) => {
          for (const r of refs(exprs, 'steps')) {
            const at = ids.indexOf(r.name);
            if (at === -1 || at >= visible) {
              problems.push(`${where}: steps.${r.name} is not an earlier step of jobs.${jobId}`);
              continue;
            }
            if (r.prop === 'outputs') {
              const outs = stepOutputs(list[at]);
              if (outs && (!r.output || !outs.includes(r.output)))
                problems.push(`${where}: steps.${r.name}.outputs.${r.output} — the step has no such output`);
            }
          }
        };
        list.forEach((s, i) => checkSteps(allExpressions(s), `jobs.${jobId}.steps[${i}]`, i));
        checkSteps(allExpressions(job.outputs ?? {}), `jobs.${jobId}.outputs`, list.length);

        const exprs = allExpressions(job);
        for (const r of refs(exprs, 'needs')) {
          if (!needsOf(job).includes(r.name))
            problems.push(`jobs.${jobId}: needs.${r.name} but the job does not need it`);
          if (r.prop === 'outputs') {
            const outs = jobOutputs(r.name);
            if (!outs || !r.output || !outs.includes(r.output))
              problems.push(
                `jobs.${jobId}: needs.${r.name}.outputs.${r.output} is not an output of that job`
              );
          }
        }
        for (const n of needsOf(job))
          if (!jobs.has(n)) problems.push(`jobs.${jobId}: needs an unknown job "${n}"`);
      }
      if (isReusable(w))
        for (const [name, out] of Object.entries((workflowCall(w).outputs ?? {}) as Record<string, Yaml>))
          for (const r of refs(expressionsIn(out.value), 'jobs')) {
            const outs = jobOutputs(r.name);
            if (!outs || !r.output || !outs.includes(r.output))
              problems.push(`outputs.${name}: jobs.${r.name}.outputs.${r.output} does not exist`);
          }
      ok(problems);
    }
  );

  test.each(eachReusable)('%s: every inputs.x and secrets.X used is declared in workflow_call', (_n, w) => {
    const call = workflowCall(w);
    const inputs = Object.keys(call.inputs ?? {});
    const secrets = Object.keys(call.secrets ?? {});
    const exprs = allExpressions(w.doc.jobs);
    const problems = [
      ...refs(exprs, 'inputs')
        .filter((r) => !inputs.includes(r.name))
        .map((r) => `inputs.${r.name} is not declared`),
      ...refs(exprs, 'secrets')
        .filter((r) => r.name !== 'GITHUB_TOKEN' && !secrets.includes(r.name))
        .map((r) => `secrets.${r.name} is not declared`)
    ];
    ok([...new Set(problems)]);
  });

  test.each(eachReusable)('%s: every declared input is used', (_n, w) => {
    const used = new Set(refs(allExpressions(w.doc.jobs), 'inputs').map((r) => r.name));
    ok(
      Object.keys(workflowCall(w).inputs ?? {})
        .filter((k) => !used.has(k))
        .map((k) => `input "${k}" is never used`)
    );
  });
});

describe('calls of our reusable workflows', () => {
  const callers = files.flatMap((w) =>
    jobsOf(w)
      .filter(([, job]) => typeof job.uses === 'string' && ourWorkflowOf(job.uses))
      .map(([jobId, job]) => [`${w.file} jobs.${jobId}`, w, jobId, job] as const)
  );

  test('the example caller and this repository call them', () => {
    const called = new Set(callers.map(([, , , job]) => ourWorkflowOf(job.uses)));
    for (const f of ['genaiops-changed', 'genaiops-pr', 'genaiops-dev', 'genaiops-prod'])
      expect(called).toContain(`.github/workflows/${f}.yml`);
    expect(callers.some(([name]) => name.startsWith('examples/genaiops-caller.yml'))).toBe(true);
  });

  test.each(callers)(
    '%s passes only declared inputs and secrets, and every required one',
    (_n, _w, _id, job) => {
      const called = byFile.get(ourWorkflowOf(job.uses)!);
      expect(called).toBeDefined();
      const call = workflowCall(called!);
      const problems: string[] = [];
      const inputs = (call.inputs ?? {}) as Record<string, Yaml>;
      for (const [k, v] of Object.entries((job.with ?? {}) as Record<string, unknown>)) {
        const decl = inputs[k];
        if (!decl) {
          problems.push(`input "${k}" is not declared by ${called!.file}`);
          continue;
        }
        const literal = !(typeof v === 'string' && v.includes('${{'));
        if (literal && decl.type !== typeof v)
          problems.push(`input "${k}" is a ${decl.type}, given ${JSON.stringify(v)}`);
      }
      for (const [k, decl] of Object.entries(inputs))
        if (decl.required && !(k in (job.with ?? {}))) problems.push(`required input "${k}" missing`);
      if (job.secrets !== 'inherit') {
        const secrets = (call.secrets ?? {}) as Record<string, Yaml>;
        for (const k of Object.keys(job.secrets ?? {}))
          if (!secrets[k]) problems.push(`secret "${k}" is not declared by ${called!.file}`);
        for (const [k, decl] of Object.entries(secrets))
          if (decl?.required && !(k in (job.secrets ?? {}))) problems.push(`required secret "${k}" missing`);
      }
      ok(problems);
    }
  );

  test.each(callers)('%s grants every permission the called workflow’s jobs ask for', (_n, _w, _id, job) => {
    const called = byFile.get(ourWorkflowOf(job.uses)!)!;
    const granted = permissionsOf(job.permissions);
    expect(granted).toBeDefined();
    const problems: string[] = [];
    for (const [calledJob, cj] of jobsOf(called))
      for (const [scope, lvl] of Object.entries(permissionsOf(cj.permissions) ?? {}))
        if ((granted![scope] ?? 0) < lvl)
          problems.push(`${called.file} jobs.${calledJob} needs ${scope}: ${['none', 'read', 'write'][lvl]}`);
    ok(problems);
  });
});

describe('security', () => {
  test.each(eachFile)(
    '%s: third-party actions are pinned to a full commit sha with its version in a comment',
    (_n, w) => {
      const problems: string[] = [];
      for (const line of w.text.split('\n')) {
        const m = /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/.exec(line);
        if (!m || m[1].startsWith('./') || m[1].startsWith(`${OUR_REPO}/`) || m[1].startsWith('docker://'))
          continue;
        if (!/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(m[1]))
          problems.push(`not pinned to a 40-hex sha: ${m[1]}`);
        else if (!/^\s*#\s*v\d+\.\d+\.\d+\s*$/.test(m[2]))
          problems.push(`no "# vX.Y.Z" comment: ${line.trim()}`);
      }
      ok(problems);
    }
  );

  test('one version of each third-party action across every workflow', () => {
    const pins = new Map<string, Set<string>>();
    for (const w of files)
      for (const m of w.text.matchAll(/uses:\s*([\w.-]+\/[\w.-]+)@([0-9a-f]{40})/g))
        pins.set(m[1], (pins.get(m[1]) ?? new Set()).add(m[2]));
    ok([...pins].filter(([, shas]) => shas.size > 1).map(([a, shas]) => `${a}: ${[...shas].join(', ')}`));
  });

  test.each(eachFile)(
    '%s: no expression inside a run: script (untrusted values go through env:)',
    (_n, w) => {
      const problems: string[] = [];
      for (const [jobId, job] of jobsOf(w))
        steps(job).forEach((s, i) => {
          if (typeof s.run !== 'string') return;
          for (const e of expressionsIn(s.run)) {
            const untrusted =
              /github\.event|github\.head_ref|inputs\.|matrix\.|steps\.|needs\.|secrets\./.test(e);
            problems.push(
              `jobs.${jobId}.steps[${i}]: \${{ ${e} }} in run:${untrusted ? ' (untrusted)' : ''} — pass it through env:`
            );
          }
        });
      ok(problems);
    }
  );

  test.each(eachFile)('%s: least privilege — top level {} or read-only, every job explicit', (_n, w) => {
    const problems: string[] = [];
    const top = permissionsOf(w.doc.permissions);
    if (!top) problems.push('no top-level permissions');
    else if (maxLevel(top) > 1) problems.push('top-level permissions grant write');
    for (const [jobId, job] of jobsOf(w)) {
      const p = permissionsOf(job.permissions);
      if (!p) {
        problems.push(`jobs.${jobId}: no permissions`);
        continue;
      }
      if (typeof job.permissions === 'string' && job.permissions !== 'read-all' && job.permissions !== '{}')
        problems.push(`jobs.${jobId}: permissions: ${job.permissions}`);
      const stepUses = steps(job).map((s) => String(s.uses ?? ''));
      const called = typeof job.uses === 'string' ? ourWorkflowOf(job.uses) : undefined;
      const calledJobs = called ? jobsOf(byFile.get(called)!) : [];
      const wantsOidc =
        stepUses.some((u) => u.startsWith('azure/login@')) ||
        calledJobs.some(([, cj]) => permissionsOf(cj.permissions)?.['id-token'] === 2);
      const comments =
        stepUses.some((u) => ourActionOf(u)?.action === 'action-evaluate') ||
        calledJobs.some(([, cj]) => permissionsOf(cj.permissions)?.['pull-requests'] === 2);
      if (p['id-token'] === 2 && !wantsOidc)
        problems.push(`jobs.${jobId}: id-token: write without an Azure sign-in`);
      if (p['pull-requests'] === 2 && !comments)
        problems.push(`jobs.${jobId}: pull-requests: write without the evaluate comment`);
      // the monitor's failed-gate issues (gh issue) are the one other write
      const opensIssues =
        steps(job).some((s) => typeof s.run === 'string' && s.run.includes('gh issue ')) ||
        calledJobs.some(([, cj]) => permissionsOf(cj.permissions)?.issues === 2);
      if (p.issues === 2 && !opensIssues) problems.push(`jobs.${jobId}: issues: write without gh issue`);
      for (const [scope, lvl] of Object.entries(p))
        if (lvl === 2 && !['id-token', 'pull-requests', 'issues'].includes(scope))
          problems.push(`jobs.${jobId}: ${scope}: write`);
    }
    ok(problems);
  });

  test.each(eachReusable)('%s: pull-requests: write only in the PR workflow', (_n, w) => {
    const writes = jobsOf(w).filter(([, j]) => permissionsOf(j.permissions)?.['pull-requests'] === 2);
    if (w.file !== '.github/workflows/genaiops-pr.yml') expect(writes.map(([id]) => id)).toEqual([]);
  });

  test.each(eachFile)('%s: checkouts do not persist credentials', (_n, w) => {
    const problems: string[] = [];
    for (const [jobId, job] of jobsOf(w))
      steps(job).forEach((s, i) => {
        if (String(s.uses ?? '').startsWith('actions/checkout@') && s.with?.['persist-credentials'] !== false)
          problems.push(`jobs.${jobId}.steps[${i}]`);
      });
    ok(problems);
  });
});

describe('deployments', () => {
  const deployJobs = reusable.flatMap((w) =>
    jobsOf(w)
      .filter(([, j]) => steps(j).some((s) => ourActionOf(String(s.uses ?? ''))?.action === 'action-deploy'))
      .map(([id, j]) => [`${w.file} jobs.${id}`, j] as const)
  );

  test('dev and prod deploy', () =>
    expect(deployJobs.map(([n]) => n.split(' ')[0]).sort()).toEqual([
      '.github/workflows/genaiops-dev.yml',
      '.github/workflows/genaiops-prod.yml'
    ]));

  test.each(deployJobs)(
    '%s runs in the GitHub Environment of the env and never overlaps another deploy',
    (_n, job) => {
      expect(job.environment).toBe('${{ inputs.environment || inputs.env }}');
      expect(job.concurrency).toEqual({
        group: 'genaiops-deploy-${{ inputs.env }}-${{ inputs.use-case }}',
        'cancel-in-progress': false
      });
    }
  );

  test('genaiops-prod.yml is genaiops-dev.yml on env prod', () => {
    const dev = byFile.get('.github/workflows/genaiops-dev.yml')!.doc;
    const prod = byFile.get('.github/workflows/genaiops-prod.yml')!.doc;
    expect(dev.on.workflow_call.inputs.env.default).toBe('dev');
    expect(prod.on.workflow_call.inputs.env.default).toBe('prod');
    const strip = (d: Yaml) => ({
      ...d,
      name: undefined,
      on: {
        workflow_call: { ...d.on.workflow_call, inputs: { ...d.on.workflow_call.inputs, env: undefined } }
      }
    });
    expect(strip(prod)).toEqual(strip(dev));
  });
});

describe('the reports are kept', () => {
  test.each(eachReusable.filter(([n]) => !n.endsWith('genaiops-changed.yml')))(
    '%s uploads reports/ and the run (monitor) manifest',
    (_n, w: WorkflowFile) => {
      const uploads = jobsOf(w).flatMap(([, j]) =>
        steps(j).filter((s) => String(s.uses ?? '').startsWith('actions/upload-artifact@'))
      );
      expect(uploads.length).toBeGreaterThan(0);
      for (const u of uploads) {
        expect(u.with.path).toContain('reports/');
        expect(u.with.path).toContain(
          w.file.endsWith('genaiops-monitor.yml')
            ? '${{ steps.monitor.outputs.evaluation-manifest }}'
            : '${{ steps.experiment.outputs.run-manifest }}'
        );
        expect(u.with['include-hidden-files']).toBe(true); // .genaiops/ is a hidden folder
        expect(u.if).toContain('!cancelled()');
      }
    }
  );
});
