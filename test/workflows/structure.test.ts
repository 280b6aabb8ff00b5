// What actionlint cannot know: our actions' inputs and outputs, our reusable workflows' interface,
// the cross-repository ref rule. The security rules are in audit.ts (audit.test.ts).
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  allExpressions,
  expressionsIn,
  isReusable,
  jobsOf,
  loadAction,
  loadAll,
  loadWorkflow,
  needsOf,
  OUR_REPO,
  ourActionOf,
  ourWorkflowOf,
  permissionsOf,
  refs,
  repoRoot,
  sourceOf,
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
        if (typeof step.run === 'string')
          return [...step.run.matchAll(/([A-Za-z_][\w-]*)=/g)].map((m) => m[1]); // `name=` in the script
        if (String(step.uses ?? '').startsWith('actions/upload-artifact@'))
          return ['artifact-id', 'artifact-url'];
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

describe('security (the rest is audit.test.ts)', () => {
  test('one version of each third-party action across every workflow', () => {
    const pins = new Map<string, Set<string>>();
    for (const w of files)
      for (const m of w.text.matchAll(/uses:\s*([\w.-]+\/[\w.-]+)@([0-9a-f]{40})/g))
        pins.set(m[1], (pins.get(m[1]) ?? new Set()).add(m[2]));
    ok([...pins].filter(([, shas]) => shas.size > 1).map(([a, shas]) => `${a}: ${[...shas].join(', ')}`));
  });

  test.each(eachReusable)('%s: pull-requests: write only in the comment job of the PR workflow', (_n, w) => {
    const writes = jobsOf(w).filter(([, j]) => permissionsOf(j.permissions)?.['pull-requests'] === 2);
    expect(writes.map(([id]) => `${w.file} ${id}`)).toEqual(
      sourceOf(w.file) === '.github/workflows/genaiops-pr.yml' ? [`${w.file} comment`] : []
    );
  });

  test('the job that runs the pull request’s code passes no token to the evaluate action', () => {
    const evaluate = byFile.get('.github/workflows/genaiops-pr.yml')!.doc.jobs.evaluate as Yaml;
    const step = steps(evaluate).find(
      (s) => ourActionOf(String(s.uses ?? ''))?.action === 'action-evaluate'
    )!;
    expect(step.with).toMatchObject({ comment: 'false', 'github-token': '' });
    expect(permissionsOf(evaluate.permissions)).toEqual({ contents: 1, 'id-token': 2 });
  });
});

describe('deployments', () => {
  const deployJobs = reusable.flatMap((w) =>
    jobsOf(w)
      .filter(([, j]) => steps(j).some((s) => ourActionOf(String(s.uses ?? ''))?.action === 'action-deploy'))
      .map(([id, j]) => [`${w.file} jobs.${id}`, j] as const)
  );

  test('dev and prod deploy (and their GHES variants)', () =>
    expect([...new Set(deployJobs.map(([n]) => n.split(' ')[0]))].sort()).toEqual([
      '.github/workflows/genaiops-dev-ghes.yml',
      '.github/workflows/genaiops-dev.yml',
      '.github/workflows/genaiops-prod-ghes.yml',
      '.github/workflows/genaiops-prod.yml'
    ]));

  test.each(deployJobs)(
    '%s runs in the GitHub Environment of the env, queued behind any other run of that env and use-case',
    (_n, job) => {
      expect(job.environment).toBe('${{ inputs.environment || inputs.env }}');
      expect(job.concurrency).toEqual({
        group: 'genaiops-${{ inputs.env }}-${{ inputs.use-case }}',
        'cancel-in-progress': false
      });
    }
  );

  test('genaiops-prod.yml is genaiops-dev.yml on env prod, with require-approval on', () => {
    const dev = byFile.get('.github/workflows/genaiops-dev.yml')!.doc;
    const prod = byFile.get('.github/workflows/genaiops-prod.yml')!.doc;
    expect(dev.on.workflow_call.inputs.env.default).toBe('dev');
    expect(prod.on.workflow_call.inputs.env.default).toBe('prod');
    expect(dev.on.workflow_call.inputs['require-approval'].default).toBe(false);
    expect(prod.on.workflow_call.inputs['require-approval'].default).toBe(true);
    const strip = (d: Yaml) => ({
      ...d,
      name: undefined,
      on: {
        workflow_call: {
          ...d.on.workflow_call,
          inputs: { ...d.on.workflow_call.inputs, env: undefined, 'require-approval': undefined }
        }
      }
    });
    expect(strip(prod)).toEqual(strip(dev));
  });

  // A promote acts on what the endpoint already serves: only the release needs the CI job's state.
  const releaseJobs = deployJobs.filter(([, j]) => !steps(j).some((s) => s.with?.operation === 'promote'));
  test('a promote job follows the release in dev and prod (and their GHES variants)', () =>
    expect(deployJobs.length - releaseJobs.length).toBe(4));

  test.each(releaseJobs)(
    '%s deploys what the CI job of the same run left, restored into .genaiops',
    (_n, job) => {
      const restore = steps(job).find((s) => String(s.uses ?? '').startsWith('actions/download-artifact@'))!;
      expect(restore.with).toEqual({ name: '${{ needs.ci.outputs.state-artifact }}', path: '.genaiops' });
    }
  );
});

describe('artifacts', () => {
  const uploadsOf = (w: WorkflowFile) =>
    jobsOf(w).flatMap(([id, j]) =>
      steps(j)
        .filter((s) => String(s.uses ?? '').startsWith('actions/upload-artifact@'))
        .map((s) => ({ job: id, ...s }) as Yaml)
    );
  const named = (w: WorkflowFile, kind: string) =>
    uploadsOf(w).filter((u) => String(u.with.name).startsWith(`genaiops-${kind}-`));

  test.each(eachReusable.filter(([n]) => !sourceOf(n).endsWith('genaiops-changed.yml')))(
    '%s: the reports, kept inputs.retention-days, also when a gate fails; no line outputs unless asked',
    (_n, w: WorkflowFile) => {
      const [reports] = named(w, 'reports');
      expect(reports.with.path).toContain('reports/');
      expect(reports.with.path).toContain('!reports/**/lines.csv');
      // The monitor runs no experiment: its reports artifact holds the monitor manifest instead.
      const experiments = jobsOf(w).some(([, j]) => steps(j).some((s) => s.id === 'experiment'));
      expect(reports.with.path).toContain(
        experiments
          ? '${{ steps.experiment.outputs.run-manifest }}'
          : '${{ steps.monitor.outputs.evaluation-manifest }}'
      );
      expect(reports.with['retention-days']).toBe('${{ inputs.retention-days }}');
      expect(reports.if).toContain('!cancelled()');
      const [details] = named(w, 'run-details');
      expect(details.if).toContain('inputs.upload-run-details');
      expect(details.with['retention-days']).toBe(1);
      const others = uploadsOf(w).filter(
        (u) => u.with.name !== reports.with.name && u.with.name !== details.with.name
      );
      for (const u of others) {
        expect(u.with.path).not.toMatch(/\.genaiops\/(runs|azure-runs)|\.genaiops\/?$|registry\/data\/?$/m);
        expect(u.with['retention-days']).toBe(1);
      }
    }
  );

  test.each(['genaiops-dev.yml', 'genaiops-prod.yml'])(
    '%s: the CD job gets the manifests, the registry metadata and the flow snapshot only',
    (f) => {
      const [state] = named(byFile.get(`.github/workflows/${f}`)!, 'state');
      expect(String(state.with.path).trim().split('\n')).toEqual([
        '.genaiops/run-manifest.json',
        '.genaiops/evaluation-manifest.json',
        '.genaiops/registry/**/meta.json',
        '.genaiops/registry/flows/'
      ]);
    }
  );
});
