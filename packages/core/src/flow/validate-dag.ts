/**
 * Checks across a DAG flow: every reference points at something that exists, no node uses its own
 * output, no cycles, and the aggregation rules prompt flow enforces. Cycles and aggregation are
 * checked over the edges of every variant at once: a simple cycle uses one outgoing edge per node, so
 * any cycle found exists in at least one variant selection.
 */
import type { JsonPath } from '../util/json-document.js';
import type { DagFlow, FlowReference } from './model.js';
import type { DagRead } from './load-dag.js';
import { hint } from './shape.js';
import type { YamlSource } from './yaml-source.js';

interface Edge {
  from: string;
  to: string;
  path: JsonPath;
}

export function checkDagGraph(src: YamlSource, read: DagRead): void {
  const { flow, sites, nodeIndex } = read;
  const inputNames = src.keys(['inputs']);
  const nodeNames = [...nodeIndex.keys()];
  const aggregationNodes = new Set(sites.filter((s) => s.aggregation).map((s) => s.node));
  const edges: Edge[] = [];

  /** Reports a reference to something that does not exist; true when the reference is sound. */
  const checkTarget = (ref: FlowReference, path: JsonPath): boolean => {
    if (ref.kind === 'flow-input') {
      if (inputNames.includes(ref.name)) return true;
      src.error(
        path,
        `unknown flow input "${ref.name}" in ${ref.text}${hint(ref.name, inputNames, 'the flow has no inputs')}`
      );
      return false;
    }
    if (nodeIndex.has(ref.node)) return true;
    src.error(
      path,
      `unknown node "${ref.node}" in ${ref.text}${hint(ref.node, nodeNames, 'the flow has no nodes')}`
    );
    return false;
  };

  for (const site of sites) {
    const refs: { ref: FlowReference; path: JsonPath; activate: boolean }[] = [];
    for (const [key, value] of Object.entries(site.inputs)) {
      if (value.kind !== 'literal')
        refs.push({ ref: value, path: [...site.path, 'inputs', key], activate: false });
    }
    if (site.activate && site.activate.when.kind !== 'literal')
      refs.push({ ref: site.activate.when, path: [...site.path, 'activate', 'when'], activate: true });

    for (const { ref, path, activate } of refs) {
      if (ref.kind === 'node-output' && ref.node === site.node) {
        src.error(path, `node "${site.node}" references its own output in ${ref.text}`);
        continue;
      }
      if (!checkTarget(ref, path) || ref.kind !== 'node-output') continue;
      edges.push({ from: site.node, to: ref.node, path });
      const targetIsAggregation = aggregationNodes.has(ref.node);
      if (!activate && !site.aggregation && targetIsAggregation) {
        src.error(
          path,
          `node "${site.node}" is not an aggregation node, so it cannot use the output of aggregation node "${ref.node}" in ${ref.text} (aggregation nodes run once, after all lines)`
        );
      }
      if (activate && site.aggregation && !targetIsAggregation) {
        src.error(
          path,
          `aggregation node "${site.node}" cannot be activated by non-aggregation node "${ref.node}" in ${ref.text}`
        );
      }
    }
  }

  checkOutputs(src, flow, checkTarget, aggregationNodes);
  checkCycles(src, nodeNames, edges);
}

function checkOutputs(
  src: YamlSource,
  flow: DagFlow,
  checkTarget: (ref: FlowReference, path: JsonPath) => boolean,
  aggregationNodes: Set<string>
): void {
  for (const [name, output] of Object.entries(flow.outputs)) {
    const path = ['outputs', name, 'reference'];
    if (!checkTarget(output.reference, path)) continue;
    if (output.reference.kind === 'node-output' && aggregationNodes.has(output.reference.node)) {
      src.warn(
        path,
        `output "${name}" references aggregation node "${output.reference.node}", which has no per-line output: the output is left out`
      );
      delete flow.outputs[name];
    }
  }
}

/** Finds strongly connected components (Tarjan) and names one cycle in each, from its first node in file order. */
function checkCycles(src: YamlSource, nodeNames: string[], edges: Edge[]): void {
  const out = new Map<string, Edge[]>(nodeNames.map((n) => [n, []]));
  for (const e of edges) out.get(e.from)?.push(e);

  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const { to } of out.get(v) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(v, Math.min(low.get(v)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(v, Math.min(low.get(v)!, index.get(to)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) components.push(component);
    }
  };
  for (const n of nodeNames) if (!index.has(n)) visit(n);

  const order = new Map(nodeNames.map((n, i) => [n, i]));
  const firstOf = (c: string[]): string => c.reduce((a, b) => (order.get(a)! <= order.get(b)! ? a : b));
  components.sort((a, b) => order.get(firstOf(a))! - order.get(firstOf(b))!);
  for (const component of components) {
    const members = new Set(component);
    const start = firstOf(component);
    // Shortest way back to `start` (breadth first, edges in file order).
    const via = new Map<string, Edge>();
    const queue = [start];
    let closing: Edge | undefined;
    while (queue.length && !closing) {
      const v = queue.shift()!;
      for (const e of out.get(v) ?? []) {
        if (!members.has(e.to)) continue;
        if (e.to === start) {
          closing = e;
          break;
        }
        if (!via.has(e.to)) {
          via.set(e.to, e);
          queue.push(e.to);
        }
      }
    }
    if (!closing) continue; // cannot happen in a component of two or more
    const chain: Edge[] = [closing];
    while (chain[0].from !== start) chain.unshift(via.get(chain[0].from)!);
    const names = [start, ...chain.map((e) => e.to)];
    src.error(chain[0].path, `cycle: ${names.join(' → ')} (each node uses the output of the next)`);
  }
}
