#!/usr/bin/env node
// Prints the public surface of @genaiops/core: how many names each entry point of its package.json
// "exports" gives (values and types), read by the TypeScript checker from the sources.
// Usage: node scripts/surface.mjs [--names]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const core = path.join(root, 'packages', 'core');
const pkg = JSON.parse(readFileSync(path.join(core, 'package.json'), 'utf8'));
const entries = Object.entries(pkg.exports).map(([sub, target]) => {
  const dist = typeof target === 'string' ? target : target.types;
  const src = dist.replace(/^\.\/dist\//, './src/').replace(/\.d\.ts$/, '.ts');
  return { sub, file: path.join(core, src) };
});
const program = ts.createProgram(
  entries.map((e) => e.file),
  {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    noEmit: true
  }
);
const checker = program.getTypeChecker();
let total = 0;
for (const { sub, file } of entries) {
  const sf = program.getSourceFile(file);
  const names = checker
    .getExportsOfModule(checker.getSymbolAtLocation(sf))
    .map((s) => s.name)
    .sort();
  total += names.length;
  console.log(`${sub.padEnd(12)} ${String(names.length).padStart(4)} names`);
  if (process.argv.includes('--names')) console.log('  ' + names.join(' '));
}
console.log(`${'total'.padEnd(12)} ${String(total).padStart(4)} names`);
