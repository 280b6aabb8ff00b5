/** Execution order of a DAG flow for one variant selection. */
import { UserError, type Problem } from '../errors.js';
import type { DagFlow, NodeBody, ToolNode, VariantSelection } from './model.js';
import { hint } from './shape.js';

/**
 * The effective definition of `nodeName`: the node itself, or for a `use_variants` node the selected
 * variant's body (default when the selection does not name the node) with the node's name and
 * `variantId` set.
 */
export function resolveNode(flow: DagFlow, nodeName: string, selection: VariantSelection = {}): ToolNode {
  const node = flow.nodes.find((n) => n.name === nodeName);
  if (!node) {
    throw new UserError([
      {
        file: flow.displayFile,
        message: `unknown node "${nodeName}"${hint(
          nodeName,
          flow.nodes.map((n) => n.name),
          'the flow has no nodes'
        )}`
      }
    ]);
  }
  if (!node.useVariants) return node;
  const variants = flow.nodeVariants[nodeName];
  if (!variants)
    throw new UserError([
      {
        file: flow.displayFile,
        message: `node "${nodeName}" uses variants, but node_variants has no "${nodeName}" entry`
      }
    ]);
  const id = selection[nodeName] ?? variants.defaultVariantId;
  const body = variants.variants[id];
  if (!body) {
    throw new UserError([
      {
        file: flow.displayFile,
        message: `node "${nodeName}" has no variant "${id}"${hint(id, variants.variantIds)}`
      }
    ]);
  }
  return { ...body, name: nodeName, useVariants: false, variantId: id };
}

/** Problems with a variant selection: nodes without variants, unknown variant ids. */
export function checkVariantSelection(flow: DagFlow, selection: VariantSelection): Problem[] {
  const withVariants = Object.keys(flow.nodeVariants);
  const problems: Problem[] = [];
  for (const [node, id] of Object.entries(selection)) {
    const variants = flow.nodeVariants[node];
    const text = `\${${node}.${id}}`;
    if (!variants) {
      const why = flow.nodes.some((n) => n.name === node)
        ? `node "${node}" has no variants`
        : `unknown node "${node}"`;
      problems.push({
        file: flow.displayFile,
        message: `variant ${text}: ${why}${hint(node, withVariants, 'no node has variants')}`
      });
    } else if (!variants.variantIds.includes(id)) {
      problems.push({
        file: flow.displayFile,
        message: `variant ${text}: node "${node}" has no variant "${id}"${hint(id, variants.variantIds)}`
      });
    }
  }
  return problems;
}

/** Names of the nodes whose outputs `body` uses (inputs and activate condition), in order, without repeats. */
export function nodeDependencies(body: NodeBody): string[] {
  const deps: string[] = [];
  const refs = [...Object.values(body.inputs), ...(body.activate ? [body.activate.when] : [])];
  for (const r of refs) if (r.kind === 'node-output' && !deps.includes(r.node)) deps.push(r.node);
  return deps;
}

export interface TopologicalOptions {
  /**
   * `line`: only per-line nodes; `aggregation`: only aggregation nodes (their dependencies on line
   * nodes are taken as already met). Default: all nodes (aggregation nodes never feed line nodes).
   */
  only?: 'line' | 'aggregation';
}

/**
 * Nodes grouped into levels: every node's dependencies are in earlier levels, so the nodes of one
 * level can run in parallel. Within a level, nodes keep file order. Throws a UserError for a bad
 * selection.
 */
export function topologicalOrder(
  flow: DagFlow,
  selection: VariantSelection = {},
  opts: TopologicalOptions = {}
): ToolNode[][] {
  const problems = checkVariantSelection(flow, selection);
  if (problems.length) throw new UserError(problems);
  let nodes = flow.nodes.map((n) => resolveNode(flow, n.name, selection));
  if (opts.only === 'line') nodes = nodes.filter((n) => !n.aggregation);
  if (opts.only === 'aggregation') nodes = nodes.filter((n) => n.aggregation);
  const included = new Set(nodes.map((n) => n.name));
  const deps = new Map(nodes.map((n) => [n.name, nodeDependencies(n).filter((d) => included.has(d))]));

  const levels: ToolNode[][] = [];
  const placed = new Set<string>();
  let remaining = nodes;
  while (remaining.length) {
    const level = remaining.filter((n) => deps.get(n.name)!.every((d) => placed.has(d)));
    if (!level.length)
      throw new Error(`flow ${flow.displayFile}: cycle among ${remaining.map((n) => n.name).join(', ')}`);
    for (const n of level) placed.add(n.name);
    levels.push(level);
    remaining = remaining.filter((n) => !placed.has(n.name));
  }
  return levels;
}
