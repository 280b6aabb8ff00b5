export type * from './model.js';
export { loadFlow, DAG_FILES, FLEX_FILES, type LoadFlowOptions } from './load.js';
export {
  isReference,
  parseReference,
  tryParseReference,
  parseValue,
  resolveFieldPath,
  type Reference,
  type ReferenceKind,
  type ReferenceContext,
  type ReferenceParse,
  type LiteralValue,
  type FieldLookup
} from './references.js';
export {
  resolveNode,
  topologicalOrder,
  nodeDependencies,
  checkVariantSelection,
  type TopologicalOptions
} from './graph.js';
export { variantCombinations, variantNodes, parseVariantOption, variantLabel } from './variants.js';
export { resolveFlowFile } from './source-files.js';
