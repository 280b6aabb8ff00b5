// Writes the GitHub Enterprise Server variants of the reusable workflows (genaiops-<x>-ghes.yml)
// from the github.com ones. `--check` exits 1 when a variant on disk is not what this writes.
//
// Why separate files and not an input on the same ones: GHES has no self-repository syntax, and a
// workflow naming `uses: $/…` does not load there at all ("Expected format {org}/{repo}[/path]@ref"),
// whatever `if:` the step has. So each variant replaces every `uses: $/X` with
// `uses: ./.genaiops-actions/X`: a sparse checkout of this repository at the `actions-sha` input,
// whose file tree is recorded before anything of the caller runs and checked unchanged right
// before each of those steps. The steps, ids and outputs stay those of the github.com file.
import { readFileSync, writeFileSync } from 'node:fs';

const DIR = '.github/workflows';
export const SOURCES = [
  'genaiops-pr',
  'genaiops-dev',
  'genaiops-prod',
  'genaiops-monitor',
  'genaiops-changed'
];
export const ACTIONS_DIR = '.genaiops-actions';

const CHECKOUT = 'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2';
const APP_TOKEN = 'actions/create-github-app-token@1b10c78c7865c340bc4f6099eb2f838309f1e8c3 # v3.1.1';

// The same digest after the checkout and before each use: every file but .git, names and contents.
const TREE =
  'tree=$(find . -path ./.git -prune -o -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum)';

const header = (
  source
) => `# GENERATED from ${source}.yml by scripts/ghes-workflows.mjs: do not edit, change ${source}.yml
# and run \`npm run -s ghes-workflows\` (a test fails when this file is not what it writes).
#
# The GitHub Enterprise Server variant: GHES has no \`uses: $/…\` (a workflow naming it does not load
# there), so each job that runs our actions checks out this repository at the \`actions-sha\` input
# (sparse: only dist/, action-*/action.yml and .github/actions/), records the file tree before
# anything of the caller runs, and checks it unchanged right before each \`uses: ./${ACTIONS_DIR}/…\`.
# See docs/workflows.md (GitHub Enterprise Server).
#
`;

const INPUTS = `      actions-sha:
        description: 'The 40-hex commit of this repository that your \`uses:\` line names (GHES has no \`$/\`): our actions are checked out at it.'
        type: string
        required: true
      actions-repository:
        description: owner/name of this repository, when the runner does not tell (job.workflow_repository).
        type: string
        default: ''
`;

const APP_SECRETS = `      GENAIOPS_APP_CLIENT_ID:
        description: Client id of a GitHub App that can read this workflow's repository, when it is private (the GHES variant checks it out).
        required: false
      GENAIOPS_APP_PRIVATE_KEY:
        description: Private key of that GitHub App.
        required: false
`;

const SETUP = `      # Our actions at actions-sha, from a sparse checkout (GHES has no \`$/\`): only what runs.
      - name: Find the commit of our actions
        id: actions-ref
        env:
          ACTIONS_SHA: \${{ inputs.actions-sha }}
          ACTIONS_REPOSITORY: \${{ inputs.actions-repository }}
          JOB_CONTEXT: \${{ toJSON(job) }}
          HAS_APP: \${{ secrets.GENAIOPS_APP_CLIENT_ID != '' }}
        run: |
          fail() { echo "::error title=GenAIOps actions::$1"; exit 1; }
          [[ "$ACTIONS_SHA" =~ ^[0-9a-f]{40}$ ]] ||
            fail "input actions-sha: expected the 40-hex commit of the GenAIOps actions repository that your uses: line names, found '$ACTIONS_SHA'"
          workflow_sha=$(jq -r '.workflow_sha // ""' <<< "$JOB_CONTEXT")
          [ -z "$workflow_sha" ] || [ "$workflow_sha" = "$ACTIONS_SHA" ] ||
            fail "input actions-sha is $ACTIONS_SHA, but this workflow runs at $workflow_sha: give the commit your uses: line names"
          repository=\${ACTIONS_REPOSITORY:-$(jq -r '.workflow_repository // ""' <<< "$JOB_CONTEXT")}
          [[ "$repository" =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]] ||
            fail "input actions-repository: expected owner/name of the GenAIOps actions repository (this runner does not tell), found '$repository'"
          {
            echo "repository=$repository"
            echo "owner=\${repository%%/*}"
            echo "name=\${repository#*/}"
            echo "app=$HAS_APP"
          } >> "$GITHUB_OUTPUT"
      - name: A read-only token for our actions (GitHub App, when the repository is private)
        id: app-token
        if: steps.actions-ref.outputs.app == 'true'
        uses: ${APP_TOKEN}
        with:
          client-id: \${{ secrets.GENAIOPS_APP_CLIENT_ID }}
          private-key: \${{ secrets.GENAIOPS_APP_PRIVATE_KEY }}
          owner: \${{ steps.actions-ref.outputs.owner }}
          repositories: \${{ steps.actions-ref.outputs.name }}
          permission-contents: read
      - name: Check out our actions at actions-sha (only what runs)
        uses: ${CHECKOUT}
        with:
          repository: \${{ steps.actions-ref.outputs.repository }}
          ref: \${{ inputs.actions-sha }}
          path: ${ACTIONS_DIR}
          token: \${{ steps.app-token.outputs.token || github.token }}
          persist-credentials: false
          sparse-checkout: |
            dist/
            action-*/action.yml
            .github/actions/
          sparse-checkout-cone-mode: false
      - name: Record the tree of our actions
        id: actions-tree
        env:
          ACTIONS_SHA: \${{ inputs.actions-sha }}
        working-directory: ${ACTIONS_DIR}
        run: |
          [ "$(git rev-parse HEAD)" = "$ACTIONS_SHA" ] || { echo "::error::${ACTIONS_DIR} is not at $ACTIONS_SHA"; exit 1; }
          ${TREE}
          echo "tree=\${tree%% *}" >> "$GITHUB_OUTPUT"
`;

const check = (cond) => `      - name: Check that our actions are unchanged
${cond ? `        if: ${cond}\n` : ''}        env:
          ACTIONS_SHA: \${{ inputs.actions-sha }}
          ACTIONS_TREE: \${{ steps.actions-tree.outputs.tree }}
        working-directory: ${ACTIONS_DIR}
        run: |
          ${TREE}
          if [ "$(git rev-parse HEAD)" != "$ACTIONS_SHA" ] || [ -n "$(git status --porcelain --ignored)" ] || [ "\${tree%% *}" != "$ACTIONS_TREE" ]; then
            echo "::error title=GenAIOps actions changed::an earlier step of this job changed ${ACTIONS_DIR} (our actions at $ACTIONS_SHA): refusing to run them"
            exit 1
          fi
`;

const indent = (line) => line.length - line.trimStart().length;
/** The value of a step's key, on its dash line or its own line. */
const keyOf = (step, key) => {
  for (const line of step.lines) {
    const m = new RegExp(`^ {6}(?:- | {2})${key}: ?(.*)$`).exec(line);
    if (m) return m[1];
  }
  return undefined;
};

const local = (line) => line.replace(/^( {6}(?:- | {2})uses: )\$\//, `$1./${ACTIONS_DIR}/`);

/** Splits a job's step lines into steps: { lead: comment lines above, lines }. */
function splitSteps(lines) {
  const steps = [];
  let lead = [];
  for (const line of lines) {
    if (line.startsWith('      - ')) {
      steps.push({ lead, lines: [line] });
      lead = [];
    } else if (/^ {6}#/.test(line) || (line.trim() === '' && lead.length)) lead.push(line);
    else if (steps.length) steps[steps.length - 1].lines.push(line);
    else lead.push(line);
  }
  if (lead.length) steps.push({ lead, lines: [] }); // trailing comments
  return steps;
}

function transformSteps(lines, where) {
  const steps = splitSteps(lines);
  const ours = (s) => s.lines.some((l) => /^ {6}(?:- | {2})uses: \$\//.test(l));
  if (!steps.some(ours)) return lines;

  const callerCheckout = steps.findIndex(
    (s) =>
      (keyOf(s, 'uses') ?? '').startsWith('actions/checkout@') &&
      !s.lines.some((l) => /^ {10}repository:/.test(l))
  );
  const at = callerCheckout + 1; // after the caller's checkout (which would delete ours), or first
  // Ours that ran before the caller's checkout (the release guard) run after our checkout instead;
  // the steps they move past lose the condition on their output (the guard runs right after).
  const moved = steps.slice(0, at).filter(ours);
  const movedIds = moved.map((s) => keyOf(s, 'id')).filter(Boolean);
  const before = steps.slice(0, at).filter((s) => !ours(s));
  for (const s of before) {
    const cond = keyOf(s, 'if');
    if (cond && movedIds.some((id) => cond.includes(`steps.${id}.`))) {
      if (!/^steps\.[\w-]+\.outputs\.current == 'true'$/.test(cond))
        throw new Error(`${where}: cannot move the guard past a step with if: ${cond}`);
      s.lines = s.lines.filter((l) => !/^ {8}if: /.test(l));
    }
  }
  const setup = { lead: [], lines: SETUP.trimEnd().split('\n') };
  const all = [...before, setup, ...moved, ...steps.slice(at)];
  const out = all.flatMap((s, i) => {
    if (!ours(s)) return [...s.lead, ...s.lines];
    // right after the tree is recorded, nothing ran that could have changed it
    if (all[i - 1] === setup) return [...s.lead, ...s.lines.map(local)];
    const cond = keyOf(s, 'if');
    if (cond !== undefined && /\b(always|cancelled|failure|success)\(\)/.test(cond))
      throw new Error(
        `${where}: a step of ours with a status function in if: would run after a failed check`
      );
    return [...s.lead, ...check(cond).trimEnd().split('\n'), ...s.lines.map(local)];
  });
  return out;
}

/** The GHES variant of one reusable workflow's text. */
export function render(text, source) {
  const lines = text.split('\n');
  const out = [];
  let i = 0;
  let inCall = false;
  while (i < lines.length) {
    const line = lines[i];
    if (line === '  workflow_call:') inCall = true;
    else if (/^\S/.test(line)) inCall = false;
    if (/^name: /.test(line)) {
      out.push(`${line} (GHES)`);
      i++;
      continue;
    }
    if (inCall && line === '    inputs:') {
      out.push(line, ...INPUTS.trimEnd().split('\n'));
      i++;
      continue;
    }
    if (inCall && line === '    secrets:') {
      out.push(line);
      if (!text.includes('GENAIOPS_APP_CLIENT_ID:')) out.push(...APP_SECRETS.trimEnd().split('\n'));
      i++;
      continue;
    }
    if (line === '    steps:') {
      out.push(line);
      const job = [...out].reverse().find((l) => /^ {2}[\w-]+:$/.test(l));
      let j = i + 1;
      while (j < lines.length && (lines[j].trim() === '' || indent(lines[j]) >= 6)) j++;
      // blank lines before the next job stay outside the steps
      let end = j;
      while (end > i + 1 && lines[end - 1].trim() === '') end--;
      out.push(...transformSteps(lines.slice(i + 1, end), `${source}.yml ${job?.trim()}`));
      out.push(...lines.slice(end, j));
      i = j;
      continue;
    }
    out.push(line);
    i++;
  }
  const result = header(source) + out.join('\n');
  if (/^\s*(?:- )?uses:\s*\$\//m.test(result)) throw new Error(`${source}: a $/ use is left`);
  return result;
}

const target = (source) => `${DIR}/${source}-ghes.yml`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const checkOnly = process.argv.includes('--check');
  let stale = 0;
  for (const source of SOURCES) {
    const text = render(readFileSync(`${DIR}/${source}.yml`, 'utf8'), source);
    if (checkOnly) {
      let current = '';
      try {
        current = readFileSync(target(source), 'utf8');
      } catch {
        // missing: stale
      }
      if (current !== text) {
        console.error(
          `${target(source)} is not what scripts/ghes-workflows.mjs writes: run npm run -s ghes-workflows`
        );
        stale++;
      }
    } else {
      writeFileSync(target(source), text);
      console.log(`wrote ${target(source)}`);
    }
  }
  process.exit(stale ? 1 : 0);
}
