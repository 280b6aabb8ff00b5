// Gates guard everything after them: in the dev and prod workflows, a failed evaluate step (a red
// gate fails it) leaves the flow unregistered and nothing deployed.
import { jobsOf, loadWorkflow, needsOf, steps, type Yaml } from './helpers.js';

const uses = (s: Yaml, action: string) => typeof s.uses === 'string' && s.uses.endsWith(`/${action}`);
/** An `if:` that would run a step after an earlier one failed. */
const runsAfterFailure = (s: Yaml) => /always\(\)|failure\(\)|!\s*cancelled\(\)/.test(String(s.if ?? ''));

test.each(['.github/workflows/genaiops-dev.yml', '.github/workflows/genaiops-prod.yml'])(
  '%s registers the flow only after the evaluate step, and deploys only after that job',
  (file) => {
    const w = loadWorkflow(file);
    const jobs = jobsOf(w);
    const [ciName, ci] = jobs.find(([, j]) => steps(j).some((s) => uses(s, 'action-evaluate')))!;
    const list = steps(ci);
    const evaluateAt = list.findIndex((s) => uses(s, 'action-evaluate'));
    expect(evaluateAt).toBeGreaterThanOrEqual(0);
    expect(list[evaluateAt].with?.['continue-on-error']).toBeUndefined();
    expect(list[evaluateAt]['continue-on-error']).toBeUndefined();
    const registerFlow = list.findIndex((s, i) => i > evaluateAt && uses(s, 'action-register'));
    expect(registerFlow).toBeGreaterThan(evaluateAt);
    for (const s of list
      .slice(evaluateAt + 1)
      .filter((s) => uses(s, 'action-register') || uses(s, 'action-deploy')))
      expect(runsAfterFailure(s)).toBe(false);
    // every deploying job needs the CI job, directly or through the jobs it needs
    const upstream = (id: string, seen = new Set<string>()): Set<string> => {
      for (const n of needsOf(w.doc.jobs[id] as Yaml)) if (!seen.has(n)) upstream(n, seen.add(n));
      return seen;
    };
    for (const [id, job] of jobs.filter(([, j]) => steps(j).some((s) => uses(s, 'action-deploy')))) {
      expect([...upstream(id)]).toContain(ciName);
      expect(String(job.if ?? '')).not.toMatch(/always\(\)|failure\(\)/);
    }
  }
);
