// Shared by the workflow tests: the files, parsed, and the small model of GitHub Actions they check.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '../helpers/run-action.js';

export { repoRoot };

/** Where the reusable workflows live for callers (the placeholder in examples and docs). */
export const OUR_REPO = 'genaiops/genaiops-actions';
/** Where the GitHub Enterprise Server variants check out this repository (at the actions-sha input). */
export const ACTIONS_DIR = '.genaiops-actions';

/** A GitHub Enterprise Server variant (genaiops-<x>-ghes.yml, written by scripts/ghes-workflows.mjs). */
export const isGhesVariant = (file: string): boolean => /-ghes\.ya?ml$/.test(file);
/** The github.com workflow a file is or is generated from: genaiops-pr-ghes.yml → genaiops-pr.yml. */
export const sourceOf = (file: string): string => file.replace(/-ghes(\.ya?ml)$/, '$1');

export type Yaml = Record<string, any>;

export interface WorkflowFile {
  /** Relative to the repository root. */
  file: string;
  text: string;
  doc: Yaml;
}

const read = (rel: string): WorkflowFile => {
  const text = readFileSync(path.join(repoRoot, rel), 'utf8');
  return { file: rel, text, doc: parse(text) as Yaml };
};
const ymls = (dir: string) =>
  existsSync(path.join(repoRoot, dir))
    ? readdirSync(path.join(repoRoot, dir))
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((f) => `${dir}/${f}`)
    : [];

/** Every workflow of this repository and every example caller workflow. */
export const workflowFiles = (): string[] => [...ymls('.github/workflows'), ...ymls('examples')];
export const loadWorkflow = read;
export const loadAll = (): WorkflowFile[] => workflowFiles().map(read);

export const isReusable = (w: WorkflowFile): boolean =>
  w.doc.on !== null && typeof w.doc.on === 'object' && 'workflow_call' in w.doc.on;
export const workflowCall = (w: WorkflowFile): Yaml => (w.doc.on?.workflow_call ?? {}) as Yaml;

export interface ActionSpec {
  name: string;
  inputs: Record<string, { description?: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description?: string; value?: string }>;
  runs: Yaml;
}

/** The action.yml of one of our actions: `action-experiment`, `.github/actions/prepare-job`, … */
export function loadAction(dir: string): ActionSpec {
  const doc = parse(readFileSync(path.join(repoRoot, dir, 'action.yml'), 'utf8')) as Yaml;
  return { name: dir, inputs: doc.inputs ?? {}, outputs: doc.outputs ?? {}, runs: doc.runs ?? {} };
}
export const ourActions = (): string[] =>
  readdirSync(repoRoot)
    .filter((d) => d.startsWith('action-') && existsSync(path.join(repoRoot, d, 'action.yml')))
    .sort();
/** The composite actions the reusable workflows use (`.github/actions/*`). */
export const ourCompositeActions = (): string[] =>
  readdirSync(path.join(repoRoot, '.github/actions'))
    .map((d) => `.github/actions/${d}`)
    .filter((d) => existsSync(path.join(repoRoot, d, 'action.yml')))
    .sort();

export type UsesForm = 'self' | 'remote' | 'local';

/**
 * Which of our actions a step's `uses:` names, and how: `$/action-x` or `$/.github/actions/x`
 * (self-repository: this repository at the running workflow's commit), `genaiops/genaiops-actions/
 * action-x@ref` (a caller), or `./action-x`, `./.genaiops-actions/action-x` (a path in the
 * workspace — wrong inside a github.com reusable workflow: the caller's checkout, which its code can
 * rewrite; in a GHES variant, `./.genaiops-actions/…` is the checked checkout, see ghes-fallback).
 */
export function ourActionOf(uses: string): { action: string; form: UsesForm } | undefined {
  const dir = '(action-[\\w-]+|\\.github/actions/[\\w-]+)';
  let m = new RegExp(`^\\$/${dir}/?$`).exec(uses);
  if (m) return { action: m[1], form: 'self' };
  m = new RegExp(`^${OUR_REPO}/${dir}@.+$`).exec(uses);
  if (m) return { action: m[1], form: 'remote' };
  m = new RegExp(`^\\./(?:${ACTIONS_DIR.replace('.', '\\.')}/)?${dir}/?$`).exec(uses);
  if (m) return { action: m[1], form: 'local' };
  return undefined;
}

/** The workflow file a job-level `uses:` calls, when it is one of ours (local path or our repo). */
export function ourWorkflowOf(uses: string): string | undefined {
  let m = /^\.\/(\.github\/workflows\/[\w.-]+\.ya?ml)$/.exec(uses);
  if (m) return m[1];
  m = new RegExp(`^${OUR_REPO}/(\\.github/workflows/[\\w.-]+\\.ya?ml)@.+$`).exec(uses);
  return m?.[1];
}

/** Every `${{ … }}` expression in a string; an `if:` value without `${{` is one expression. */
export function expressionsIn(value: unknown, isIf = false): string[] {
  if (typeof value !== 'string') return [];
  const found = [...value.matchAll(/\$\{\{([\s\S]*?)\}\}/g)].map((m) => m[1].trim());
  if (isIf && found.length === 0) return [value.trim()];
  return found;
}

/** Every expression anywhere under a node (with `if:` keys read as expressions). */
export function allExpressions(node: unknown, key = ''): string[] {
  if (typeof node === 'string') return expressionsIn(node, key === 'if');
  if (Array.isArray(node)) return node.flatMap((v) => allExpressions(v));
  if (node && typeof node === 'object') return Object.entries(node).flatMap(([k, v]) => allExpressions(v, k));
  return [];
}

export interface Ref {
  /** `ctx.<name>` */
  name: string;
  /** `ctx.<name>.<prop>` */
  prop?: string;
  /** `ctx.<name>.outputs.<output>` */
  output?: string;
}

/** `ctx.name[.prop[.x]]` references in expressions (not `github.event.inputs.x` for `inputs`). */
export function refs(expressions: string[], ctx: string): Ref[] {
  const id = '([A-Za-z_][\\w-]*)';
  const re = new RegExp(`(?<![\\w.-])${ctx}\\.${id}(?:\\.${id})?(?:\\.${id})?`, 'g');
  return expressions.flatMap((e) =>
    [...e.matchAll(re)].map((m) => ({
      name: m[1],
      prop: m[2],
      output: m[2] === 'outputs' ? m[3] : undefined
    }))
  );
}

export const steps = (job: Yaml): Yaml[] => (Array.isArray(job.steps) ? job.steps : []);
export const jobsOf = (w: WorkflowFile): Array<[string, Yaml]> =>
  Object.entries((w.doc.jobs ?? {}) as Record<string, Yaml>);
export const needsOf = (job: Yaml): string[] =>
  job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs];

/** Permission levels: what a `permissions:` block grants (a string form means every scope). */
const LEVEL = { none: 0, read: 1, write: 2 } as const;
export type Permissions = Record<string, number>;
export const SCOPES = [
  'actions',
  'attestations',
  'checks',
  'contents',
  'deployments',
  'discussions',
  'id-token',
  'issues',
  'models',
  'packages',
  'pages',
  'pull-requests',
  'repository-projects',
  'security-events',
  'statuses'
];
export function permissionsOf(p: unknown): Permissions | undefined {
  if (p === undefined || p === null) return undefined;
  if (typeof p === 'string') {
    const lvl = p === 'read-all' ? LEVEL.read : p === 'write-all' ? LEVEL.write : LEVEL.none;
    return Object.fromEntries(SCOPES.map((s) => [s, lvl]));
  }
  return Object.fromEntries(
    Object.entries(p as Record<string, string>).map(([k, v]) => [k, LEVEL[v as keyof typeof LEVEL] ?? -1])
  );
}
