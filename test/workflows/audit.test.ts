// The self-audit (audit.ts) over every workflow of .github/workflows and examples/ (theirs too,
// whoever adds one), over the composite actions, and each rule shown catching its mistake.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { RULES, audit, templateInjection, unpinnedUses, type AuditContext, type Finding } from './audit.js';
import {
  loadAction,
  loadAll,
  ourCompositeActions,
  repoRoot,
  type WorkflowFile,
  type Yaml
} from './helpers.js';

const files = loadAll();
const byFile = new Map(files.map((f) => [f.file, f]));
const ctx: AuditContext = { workflow: (file) => byFile.get(file) };
const show = (fs: Finding[]) => fs.map((f) => `${f.rule} ${f.where}: ${f.message}`).join('\n');

test.each(files.map((f) => [f.file, f] as const))('%s passes the self-audit', (_n, w) => {
  expect(show(audit(w, ctx))).toBe('');
});

test.each(ourCompositeActions())('%s: no expression inside a script, pinned uses', (dir) => {
  const runs = loadAction(dir).runs;
  expect(runs.using).toBe('composite');
  const text = readFileSync(path.join(repoRoot, dir, 'action.yml'), 'utf8');
  const w: WorkflowFile = {
    file: `${dir}/action.yml`,
    text,
    doc: { jobs: { composite: { steps: runs.steps } } }
  };
  expect(show([...templateInjection(w, ctx), ...unpinnedUses(w, ctx)])).toBe('');
});

// Each rule against a small workflow that breaks it.
const CHECKOUT = 'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2';
const UPLOAD = 'actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2';
const PYTHON = 'actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065 # v5.6.0';
const NODE = 'actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020 # v4.4.0';
const reusable = (jobs: string, file = '.github/workflows/genaiops-x.yml'): WorkflowFile => {
  const text = `on:\n  workflow_call:\n    inputs:\n      require-approval: { type: boolean, default: false }\npermissions: {}\njobs:\n${jobs}`;
  return { file, text, doc: parse(text) as Yaml };
};
const guard = (extra = '') =>
  `      - id: guard\n        uses: $/.github/actions/release-guard\n        with:\n          environment: prod\n          require-reviewers: \${{ inputs.require-approval }}\n${extra}`;

const BAD: Array<[string, WorkflowFile, RegExp]> = [
  [
    'template-injection',
    reusable(
      `  a:\n    permissions: {}\n    steps:\n      - run: echo "\${{ github.event.pull_request.title }}"\n`
    ),
    /github\.event\.pull_request\.title/
  ],
  [
    'excessive-permissions',
    reusable(`  a:\n    permissions: { contents: write }\n    steps: []\n  b:\n    steps: []\n`),
    /contents: write[\s\S]*jobs\.b: no permissions/
  ],
  [
    'excessive-permissions',
    reusable(
      `  a:\n    permissions: { pull-requests: write }\n    steps:\n      - uses: ${CHECKOUT}\n        with: { persist-credentials: false }\n      - uses: ${PYTHON}\n      - uses: $/.github/actions/post-comment\n`
    ),
    /checks out or runs the caller/
  ],
  [
    'excessive-permissions',
    reusable(
      `  a:\n    permissions: { issues: write }\n    steps:\n      - run: gh pr list\n  b:\n    permissions: { issues: write }\n    uses: ./.github/workflows/genaiops-dev.yml\n`
    ),
    /jobs\.a: issues: write without gh issue[\s\S]*jobs\.b: issues: write without gh issue/
  ],
  [
    'artipacked',
    reusable(
      `  a:\n    permissions: {}\n    steps:\n      - uses: ${CHECKOUT}\n      - uses: ${UPLOAD}\n        with: { name: x, path: ., overwrite: true, retention-days: 1 }\n`
    ),
    /persist-credentials[\s\S]*uploads \./
  ],
  [
    'unpinned-uses',
    reusable(
      `  a:\n    permissions: {}\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n`
    ),
    /not pinned to a 40-hex sha: actions\/checkout@v4[\s\S]*no "# vX\.Y\.Z" comment/
  ],
  [
    'self-repository',
    reusable(
      `  a:\n    permissions: {}\n    steps:\n      - uses: ${CHECKOUT}\n        with: { repository: genaiops/genaiops-actions, path: .genaiops-actions, persist-credentials: false }\n      - uses: ./.genaiops-actions/action-experiment\n      - uses: ./scripts/mine\n`
    ),
    /use \$\/action-experiment[\s\S]*path in the caller’s workspace[\s\S]*checks out this repository in a job that runs/
  ],
  [
    'secrets-outside-environment',
    reusable(
      `  ci:\n    permissions: {}\n    steps:\n      - env: { S: "\${{ secrets.GENAIOPS_SECRETS }}" }\n        run: echo\n`
    ),
    /GENAIOPS_SECRETS outside a GitHub Environment/
  ],
  [
    'cache-poisoning',
    reusable(
      `  cd:\n    environment: prod\n    permissions: {}\n    steps:\n${guard()}      - uses: ${NODE}\n        with: { cache: npm }\n`
    ),
    /restores a cache in a privileged job/
  ],
  [
    'rerunnable-artifacts',
    reusable(
      `  a:\n    permissions: {}\n    steps:\n      - uses: ${UPLOAD}\n        with: { name: reports, path: reports/ }\n`
    ),
    /"reports" is named the same on a re-run[\s\S]*no retention-days/
  ],
  [
    'guarded-environment',
    reusable(
      `  cd:\n    environment: prod\n    permissions: {}\n    steps:\n      - uses: ${CHECKOUT}\n        with: { persist-credentials: false }\n`,
      '.github/workflows/genaiops-prod.yml'
    ),
    /first step is not the release guard[\s\S]*prod must require an approval/
  ],
  [
    'ordered-deployments',
    reusable(
      `  cd:\n    environment: prod\n    concurrency: { group: "deploy-\${{ inputs.use-case }}", cancel-in-progress: true }\n    permissions: {}\n    steps:\n${guard('          check-head: true\n')}      - uses: $/action-deploy\n        with: { use-case: x, env: prod }\n`
    ),
    /cancel-in-progress: false[\s\S]*runs even when the commit is no longer the head/
  ],
  [
    'stage-identities',
    reusable(
      `  pr:\n    permissions: {}\n    uses: ./.github/workflows/genaiops-pr.yml\n    secrets: { AZURE_CLIENT_ID: "\${{ secrets.AZURE_CLIENT_ID }}" }\n  dev:\n    permissions: {}\n    uses: ./.github/workflows/genaiops-dev.yml\n    secrets: { AZURE_CLIENT_ID: "\${{ secrets.AZURE_CLIENT_ID }}" }\n  prod:\n    permissions: {}\n    uses: ./.github/workflows/genaiops-prod.yml\n`,
      'examples/bad-caller.yml'
    ),
    /shares its client id with pr[\s\S]*names no client id of its own/
  ],
  [
    'ghes-fallback',
    reusable(
      `  a:\n    permissions: {}\n    steps:\n      - id: actions-ref\n        env: { ACTIONS_SHA: "\${{ inputs.actions-sha }}" }\n        run: echo ok\n      - uses: ${CHECKOUT}\n        with: { repository: o/r, ref: main, path: .genaiops-actions }\n      - id: actions-tree\n        working-directory: .genaiops-actions\n        run: tree=$(find . | sha256sum)\n      - uses: ./.genaiops-actions/action-experiment\n        with: { use-case: x, env: pr }\n      - uses: ${PYTHON}\n      - if: \${{ !cancelled() }}\n        uses: ./.genaiops-actions/action-evaluate\n        with: { use-case: x, env: pr }\n      - uses: ${CHECKOUT}\n        with: { persist-credentials: false }\n`,
      '.github/workflows/genaiops-x-ghes.yml'
    ),
    /actions-sha: a required string input[\s\S]*not at inputs\.actions-sha[\s\S]*keeps its credentials[\s\S]*not sparse[\s\S]*not checked to be 40 hex[\s\S]*would delete it[\s\S]*steps\[5\]: "\.\/\.genaiops-actions\/action-evaluate" is not right after a check[\s\S]*status function/
  ],
  [
    'ghes-fallback',
    reusable(
      `  a:\n    permissions: {}\n    steps:\n      - uses: ./.genaiops-actions/action-experiment\n        with: { use-case: x, env: pr }\n`,
      '.github/workflows/genaiops-x-ghes.yml'
    ),
    /0 checkouts of this repository into \.genaiops-actions/
  ]
];

test('every rule has a bad example', () => {
  expect([...new Set(BAD.map(([rule]) => rule))].sort()).toEqual(Object.keys(RULES).sort());
});

test.each(BAD)('%s catches its mistake', (rule, w, expected) => {
  const found = RULES[rule](w, ctx);
  expect(found.every((f) => f.rule === rule)).toBe(true);
  expect(show(found)).toMatch(expected);
});
