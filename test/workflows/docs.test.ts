// The hand-written references must say what the code says: docs/actions.md against each action.yml,
// docs/workflows.md against the reusable workflows, docs/config-reference.md against the schema.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { llmopsConfigSchema } from '../../packages/core/src/config/schema.js';
import { loadAction, loadWorkflow, ourActions, repoRoot, workflowCall, type Yaml } from './helpers.js';

const doc = (name: string) => readFileSync(path.join(repoRoot, 'docs', name), 'utf8');

interface Table {
  /** The heading path above the table, e.g. ['`action-deploy`', 'Inputs']. */
  headings: string[];
  header: string[];
  rows: string[][];
}

/** Every markdown table with the headings it sits under (cells split on unescaped `|`). */
function tables(markdown: string): Table[] {
  const out: Table[] = [];
  const headings: string[] = [];
  const cells = (line: string) =>
    line
      .trim()
      .replace(/^\||\|$/g, '')
      .split(/(?<!\\)\|/)
      .map((c) => c.trim());
  const lines = markdown.split('\n');
  let fence = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('```')) fence = !fence;
    if (fence) continue;
    const h = /^(#{1,6})\s+(.*)$/.exec(line);
    if (h) {
      headings.length = h[1].length - 1;
      headings[h[1].length - 1] = h[2].trim();
      continue;
    }
    if (line.startsWith('|') && /^\|[\s:|-]+\|$/.test(lines[i + 1]?.trim() ?? '')) {
      const table: Table = {
        headings: headings.filter(Boolean),
        header: cells(line).map((c) => c.toLowerCase()),
        rows: []
      };
      for (i += 2; i < lines.length && lines[i].startsWith('|'); i++) table.rows.push(cells(lines[i]));
      i--;
      out.push(table);
    }
  }
  return out;
}

/** `` `a`, `b` `` → ['a', 'b']: the backticked names of a key cell. */
const names = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
const unquote = (cell: string) => {
  const m = /^`([^`]*)`/.exec(cell.trim());
  return m ? m[1] : cell.trim();
};

describe('docs/actions.md', () => {
  const all = tables(doc('actions.md'));
  test.each(ourActions())('%s: inputs and outputs as in action.yml (names, required, defaults)', (action) => {
    const spec = loadAction(action);
    const mine = all.filter((t) => t.headings.some((h) => h === `\`${action}\``));
    const inputs = mine.find((t) => t.header[0] === 'input');
    const outputs = mine.find((t) => t.header[0] === 'output');
    expect(inputs).toBeDefined();
    expect(outputs).toBeDefined();
    expect(inputs!.header).toEqual(['input', 'required', 'default', 'description']);

    const documented = inputs!.rows.map(([name, required, dflt]) => ({
      name: unquote(name),
      required: required === 'yes',
      default: dflt ? unquote(dflt) : undefined
    }));
    const declared = Object.entries(spec.inputs).map(([name, i]) => ({
      name,
      required: i.required === true,
      default: i.default === undefined ? undefined : String(i.default)
    }));
    expect(documented).toEqual(declared);
    expect(outputs!.rows.map(([name]) => unquote(name))).toEqual(Object.keys(spec.outputs));
    for (const row of [...inputs!.rows, ...outputs!.rows]) expect(row[row.length - 1]).not.toBe('');
  });
});

describe('docs/workflows.md', () => {
  const all = tables(doc('workflows.md'));
  const documented = (file: string) => all.filter((t) => t.headings.some((h) => h.includes(`\`${file}\``)));

  test.each(['genaiops-pr.yml', 'genaiops-dev.yml', 'genaiops-prod.yml', 'genaiops-changed.yml'])(
    '%s: inputs, secrets and outputs as declared',
    (file) => {
      const call = workflowCall(loadWorkflow(`.github/workflows/${file}`));
      const mine = documented(file);
      const inputs = mine.find((t) => t.header[0] === 'input');
      const secrets = mine.find((t) => t.header[0] === 'secret');
      const outputs = mine.find((t) => t.header[0] === 'output');
      expect(inputs && secrets && outputs).toBeTruthy();
      expect(inputs!.header).toEqual(['input', 'type', 'required', 'default', 'description']);

      const shown = (v: unknown) => (v === undefined || v === '' ? undefined : String(v));
      const rows = inputs!.rows.map(([name, type, required, dflt]) => ({
        name: unquote(name),
        type,
        required: required === 'yes',
        default: dflt ? unquote(dflt) : undefined
      }));
      const declared = Object.entries((call.inputs ?? {}) as Record<string, Yaml>).map(([name, i]) => ({
        name,
        type: i.type,
        required: i.required === true,
        // genaiops-prod.yml shares the table of genaiops-dev.yml, which shows dev's defaults.
        default:
          file === 'genaiops-prod.yml' && name === 'env'
            ? 'dev'
            : file === 'genaiops-prod.yml' && name === 'require-approval'
              ? 'false'
              : shown(i.default)
      }));
      expect(rows).toEqual(declared);
      expect(secrets!.rows.map(([n]) => unquote(n))).toEqual(Object.keys(call.secrets ?? {}));
      expect(outputs!.rows.map(([n]) => unquote(n))).toEqual(Object.keys(call.outputs ?? {}));
    }
  );

  test('the links to workflows and examples lead somewhere', () => {
    for (const name of ['workflows.md', 'actions.md', 'setup.md', 'onboarding.md'])
      for (const m of doc(name).matchAll(/\]\((\.\.\/[^)#]+|[\w-]+\.md)(?:#[^)]*)?\)/g))
        expect([name, m[1], existsSync(path.join(repoRoot, 'docs', m[1]))]).toEqual([name, m[1], true]);
  });
});

describe('docs/config-reference.md and the JSON Schema', () => {
  const all = tables(doc('config-reference.md'));
  const schema = llmopsConfigSchema as unknown as Yaml;
  const props = (def: Yaml) => Object.keys(def.properties ?? {}).sort();
  const d = schema.definitions;
  /** Each reference section and the schema object it describes. */
  const sections: Array<[string, Yaml]> = [
    ['Top level', schema],
    ['`datasets.<name>`', d.dataset],
    ['`evaluators[]`', d.evaluator],
    ['`environments.<name>`', d.environment],
    ['`environments.<name>.deployment`', d.deployment],
    ['`environments.<name>.monitor`', d.monitor]
  ];

  test.each(sections)('%s: the table lists every property of the schema and no other', (heading, def) => {
    const table = all.find((t) => t.headings[t.headings.length - 1] === heading);
    expect(table).toBeDefined();
    expect(table!.header.slice(0, 3)).toEqual(['key', 'type', 'required']);
    const keys = table!.rows.flatMap(([key]) => names(key)).sort();
    expect(keys).toEqual(props(def));
  });

  test.each(sections)(
    '%s: "required" says yes exactly for the schema’s required properties',
    (heading, def) => {
      const table = all.find((t) => t.headings[t.headings.length - 1] === heading)!;
      const yes = table.rows
        .filter(([, , required]) => required === 'yes')
        .flatMap(([key]) => names(key))
        .sort();
      expect(yes).toEqual([...(def.required ?? [])].sort());
    }
  );

  test.each(sections)('%s: enums and defaults of the schema appear in their rows', (heading, def) => {
    const table = all.find((t) => t.headings[t.headings.length - 1] === heading)!;
    for (const [name, p] of Object.entries((def.properties ?? {}) as Record<string, Yaml>)) {
      const row = table.rows.find(([key]) => names(key).includes(name))!.join(' | ');
      for (const v of p.enum ?? []) expect([name, row.includes(`\`${v}\``)]).toEqual([name, true]);
      if (p.default !== undefined) expect([name, row.includes(String(p.default))]).toEqual([name, true]);
    }
  });

  test('objects described inside a row: `azure` (environments) and `gates` (evaluators)', () => {
    const row = (heading: string, key: string) =>
      all
        .find((t) => t.headings[t.headings.length - 1] === heading)!
        .rows.find(([k]) => names(k).includes(key))!
        .join(' | ');
    expect(props(d.azure).filter((p) => !names(row('`environments.<name>`', 'azure')).includes(p))).toEqual(
      []
    );
    expect(props(d.gate).filter((p) => !row('`evaluators[]`', 'gates').includes(`"${p}"`))).toEqual([]);
  });

  test('every definition of the schema is covered by a section', () => {
    const covered = new Set([...sections.map(([, def]) => def), d.azure, d.gate, d.stringMap]);
    expect(
      Object.entries(d)
        .filter(([, def]) => !covered.has(def))
        .map(([name]) => name)
    ).toEqual([]);
  });
});
