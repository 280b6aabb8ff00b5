import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { UseCase } from '@genaiops/core';
import type { StubLlmCall, StubRule } from './stub-llm.js';

/**
 * A stand-in model for running the sample use-cases with no real endpoint: it recognises each
 * dataset line in the prompt and answers with that line's ground truth (the `${data.col}` the
 * evaluators compare with), but gets a deterministic share of prompts wrong, keyed on the whole
 * request, so variants with different prompts score differently, as real ones would.
 */
export function demoRules(useCase: UseCase, accuracy = 0.8): StubRule[] {
  const truthColumns = useCase.config.evaluators.flatMap((e) =>
    Object.values(e.mappings).flatMap((m) => /^\$\{data\.([^}]+)\}$/.exec(m)?.[1] ?? [])
  );
  const answers = new Map<string, unknown>();
  const files = new Set(Object.values(useCase.config.datasets).map((d) => path.join(useCase.dir, d.source)));
  for (const file of files)
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const row = JSON.parse(line) as Record<string, unknown>;
      const column = truthColumns.find((c) => c in row);
      const texts = Object.entries(row).filter(([k, v]) => typeof v === 'string' && k !== column) as [
        string,
        string
      ][];
      const key = texts.sort((a, b) => b[1].length - a[1].length)[0]?.[1].trim();
      if (key && column) answers.set(key, row[column]);
    }
  const find = (call: StubLlmCall) => {
    for (const [key, truth] of answers) if (call.text.includes(key)) return { truth };
    return undefined;
  };
  return [
    {
      match: (call) => find(call) !== undefined,
      reply: (call) => {
        const { truth } = find(call)!;
        const wrong = fnv1a(JSON.stringify(call.messages ?? call.prompt)) % 1000 >= accuracy * 1000;
        return render(wrong ? spoil(truth) : truth);
      }
    }
  ];
}

const render = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

function spoil(v: unknown): unknown {
  if (Array.isArray(v)) return v.length ? v.slice(0, -1) : ['none'];
  if (typeof v === 'number') return v + 1;
  return 'other';
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
