/** What release, promote and rollback report: the endpoint's deployments, versions and traffic, before and after. */
import type { DeploymentTarget } from '../config/model.js';
import type { EnvironmentPlan } from '../plan/plan.js';
import type { SummaryTable } from '../summary.js';
import type { Reporter } from '../reporter.js';
import type { DeployResult } from './deploy.js';
import { deploymentViews, type DeploymentView } from './release-plan.js';
import type { SmokeCheckResult } from './smoke-test.js';
import type { EndpointState } from './targets.js';

/** One line: `blue (flow:1) 80%, green (flow:2) 20%`. */
export function describeDeployments(state: EndpointState | undefined): string {
  const views = deploymentViews(state);
  if (!state) return 'does not exist';
  if (!views.length) return 'no deployments';
  return views
    .map(
      (v) =>
        `${v.name} (${v.model ?? 'model unknown'}${v.state === 'Succeeded' ? '' : `, ${v.state}`}) ${v.traffic}%`
    )
    .join(', ');
}

/** A table of the deployments before and after. */
export function releaseTable(before: DeploymentView[], after: DeploymentView[]): SummaryTable {
  const names = [...new Set([...before.map((v) => v.name), ...after.map((v) => v.name)])].sort();
  const cell = (views: DeploymentView[], n: string) => {
    const v = views.find((x) => x.name === n);
    return v ? `${v.model ?? '?'} · ${v.traffic}%${v.state === 'Succeeded' ? '' : ` (${v.state})`}` : '–';
  };
  return {
    kind: 'table',
    headers: ['deployment', 'before', 'after'],
    rows: names.map((n) => [n, cell(before, n), cell(after, n)])
  };
}

export interface ReleaseReportInput {
  plan: EnvironmentPlan;
  target: DeploymentTarget;
  operation: DeployResult['operation'];
  changed: boolean;
  message: string;
  endpoint: string;
  deployment: string;
  model?: { name: string; version: string };
  before: EndpointState | undefined;
  after: EndpointState | undefined;
  smoke?: SmokeCheckResult;
  endpointCreated: boolean;
}

/** Logs the state after, writes the summary and builds the stage result. */
export function releaseReport(reporter: Reporter, r: ReleaseReportInput): DeployResult {
  const deploymentsBefore = deploymentViews(r.before);
  const deploymentsAfter = deploymentViews(r.after);
  if (r.changed) reporter.info(`endpoint ${r.endpoint} after: ${describeDeployments(r.after)}`);
  reporter.summary({
    blocks: [
      {
        kind: 'heading',
        text: `${r.operation[0].toUpperCase()}${r.operation.slice(1)} · ${r.endpoint} (${r.target})`
      },
      { kind: 'text', text: r.message },
      releaseTable(deploymentsBefore, deploymentsAfter)
    ]
  });
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
