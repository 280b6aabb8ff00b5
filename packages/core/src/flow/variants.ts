/** Variant selections: which runs an experiment makes, the `--variant` option, and run labels. */
import { UserError } from '../errors.js';
import { checkVariantSelection } from './graph.js';
import type { Flow, NodeVariants, VariantSelection } from './model.js';

/** The nodes that have variants, in the order of `nodes` in the file. */
export function variantNodes(flow: Flow): NodeVariants[] {
  if (flow.kind !== 'dag') return [];
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
export function variantCombinations(
  flow: Flow,
  strategy: 'one-at-a-time' | 'all-combinations'
): VariantSelection[] {
  const nodes = variantNodes(flow);
  if (!nodes.length) return [{}];
  const defaults: VariantSelection = Object.fromEntries(nodes.map((n) => [n.node, n.defaultVariantId]));
  const ordered = (n: NodeVariants): string[] => [
    n.defaultVariantId,
    ...n.variantIds.filter((id) => id !== n.defaultVariantId)
  ];
  if (strategy === 'one-at-a-time') {
    const out: VariantSelection[] = [defaults];
    for (const n of nodes) for (const id of ordered(n).slice(1)) out.push({ ...defaults, [n.node]: id });
    return out;
  }
  if (strategy !== 'all-combinations')
    throw new UserError(
      `unknown variant strategy "${String(strategy)}" (expected one-at-a-time or all-combinations)`
    );
  let out: VariantSelection[] = [{}];
  for (const n of nodes) out = out.flatMap((sel) => ordered(n).map((id) => ({ ...sel, [n.node]: id })));
  return out;
}

const VARIANT_OPTION = /^\$\{([^.{}$\s]+)\.([^.{}$\s]+)\}$/;

/**
 * Parses the pf CLI `--variant` syntax, `${node.variant_id}`, into a one-node selection. With a flow,
 * also checks that the node has that variant.
 */
export function parseVariantOption(text: string, flow?: Flow): VariantSelection {
  const m = VARIANT_OPTION.exec(text.trim());
  if (!m)
    throw new UserError(
      `invalid variant "${text}": expected \${<node>.<variant id>}, e.g. \${classify.variant_1}`
    );
  const selection = { [m[1]]: m[2] };
  if (flow?.kind === 'flex')
    throw new UserError([
      { file: flow.displayFile, message: `variant ${text.trim()}: a flex flow has no variants` }
    ]);
  if (flow) {
    const problems = checkVariantSelection(flow, selection);
    if (problems.length) throw new UserError(problems);
  }
  return selection;
}

/**
 * A short, deterministic label of a selection: the non-default choices in node file order, joined
 * by "+" (`classify.variant_1+summarize.variant_2`), or `defaults`.
 */
export function variantLabel(selection: VariantSelection, flow: Flow): string {
  const parts = variantNodes(flow)
    .filter((n) => selection[n.node] !== undefined && selection[n.node] !== n.defaultVariantId)
    .map((n) => `${n.node}.${selection[n.node]}`);
  return parts.length ? parts.join('+') : 'defaults';
}
