// Which use-cases a push or pull request changed: the pure function and its globs
// (changed-cli.test.ts runs `genaiops changed` on a real git repository).
import {
  changedUseCases,
  compileGlobs,
  globToRegExp,
  normalizeRepoPath,
  useCaseDirsOf
} from '../../packages/core/src/workflows/index.js';

const dirs = ['use-cases/ner', 'use-cases/math', 'use-cases/tickets'];
const ALL = [...dirs].sort();

describe('changedUseCases', () => {
  test.each<[string, string[], string[], string[] | undefined]>([
    ['one use-case changed', ['use-cases/ner/flows/standard/prompt.jinja2'], ['use-cases/ner'], undefined],
    [
      'two use-cases changed',
      ['use-cases/tickets/data/pr.jsonl', 'use-cases/math/flows/evaluation/flow.dag.yaml'],
      ['use-cases/math', 'use-cases/tickets'],
      undefined
    ],
    ['shared code → every use-case', ['use-cases/ner/README.md', 'shared/llm.py'], ALL, undefined],
    ['docs only → none', ['docs/setup.md', 'docs/guides/onboarding.md'], [], undefined],
    [
      'a deleted use-case is not returned',
      [
        'use-cases/old/llmops_config.json',
        'use-cases/old/flows/standard/flow.dag.yaml',
        'use-cases/old/data/pr.jsonl'
      ],
      [],
      undefined
    ],
    [
      'a deleted use-case next to a changed one',
      ['use-cases/old/llmops_config.json', 'use-cases/old/x.py', 'use-cases/math/x.py'],
      ['use-cases/math'],
      undefined
    ],
    [
      'a new use-case',
      ['use-cases/tickets/llmops_config.json', 'use-cases/tickets/flows/standard/flow.dag.yaml'],
      ['use-cases/tickets'],
      undefined
    ],
    [
      'a file in a nested folder of a use-case',
      ['use-cases/math/flows/standard/tools/deep/helper.py'],
      ['use-cases/math'],
      undefined
    ],
    ['a config-only change', ['use-cases/ner/llmops_config.json'], ['use-cases/ner'], undefined],
    [
      'legacy configs/ folder of a use-case',
      ['use-cases/ner/configs/deployment_config.json'],
      ['use-cases/ner'],
      undefined
    ],
    ['nothing changed', [], [], undefined],
    [
      'a name that only starts like a use-case folder is not in it',
      ['use-cases/ner-v2/notes.txt'],
      ALL,
      undefined
    ],
    [
      'custom shared globs: a file outside them selects nothing',
      ['scripts/release.sh', 'use-cases/ner/x.py'],
      ['use-cases/ner'],
      ['shared/**', 'requirements.txt']
    ],
    [
      'custom shared globs: a file matching them selects all',
      ['requirements.txt'],
      ALL,
      ['shared/**', 'requirements.txt']
    ],
    ['custom shared globs with an exclusion', ['shared/README.md'], [], ['shared/**', '!**/*.md']],
    ['a later glob re-includes', ['docs/api/schema.md'], ALL, ['**', '!docs/**', 'docs/api/**']],
    [
      'paths written with ./ and backslashes',
      ['./use-cases\\math\\data\\pr.jsonl'],
      ['use-cases/math'],
      undefined
    ]
  ])('%s', (_name, changedFiles, expected, sharedGlobs) => {
    expect(changedUseCases({ changedFiles, useCaseDirs: dirs, sharedGlobs })).toEqual(expected);
  });

  test('a file belongs to the deepest use-case around it', () => {
    const useCaseDirs = ['apps', 'apps/chat'];
    expect(changedUseCases({ changedFiles: ['apps/chat/flow.dag.yaml'], useCaseDirs })).toEqual([
      'apps/chat'
    ]);
    expect(changedUseCases({ changedFiles: ['apps/common.py'], useCaseDirs })).toEqual(['apps']);
  });

  test('a use-case at the repository root holds every file', () => {
    expect(changedUseCases({ changedFiles: ['flows/x.py', 'docs/a.md'], useCaseDirs: ['.'] })).toEqual(['.']);
  });

  test('every use-case is returned sorted, without duplicates', () => {
    expect(changedUseCases({ changedFiles: ['Makefile'], useCaseDirs: ['b', 'a', 'b/'] })).toEqual([
      'a',
      'b'
    ]);
  });
});

describe('globs', () => {
  test.each<[string, string, boolean]>([
    ['**', 'a/b/c.txt', true],
    ['docs/**/*.md', 'docs/setup.md', true],
    ['docs/**/*.md', 'docs/a/b/setup.md', true],
    ['docs/**/*.md', 'docs/setup.txt', false],
    ['docs/**/*.md', 'README.md', false],
    ['*.md', 'README.md', true],
    ['*.md', 'docs/README.md', false],
    ['**/*.md', 'docs/README.md', true],
    ['shared/', 'shared/x/y.py', true],
    ['shared/**', 'shared', false],
    ['shared/**', 'shared/x', true],
    ['src/*.{ts,js}', 'src/a.js', true],
    ['src/*.{ts,js}', 'src/a.py', false],
    ['file?.txt', 'file1.txt', true],
    ['file?.txt', 'file/.txt', false],
    ['[!a]*.txt', 'b.txt', true],
    ['[!a]*.txt', 'a.txt', false],
    ['a.b', 'axb', false],
    ['requirements.txt', 'requirements.txt', true]
  ])('%s matches %s: %s', (glob, file, expected) => {
    expect(globToRegExp(glob).test(normalizeRepoPath(file))).toBe(expected);
  });

  test('comments and blank lines are ignored', () => {
    const shared = compileGlobs(['# shared code', '', 'lib/**']);
    expect(shared('lib/a.py')).toBe(true);
    expect(shared('# shared code')).toBe(false);
  });
});

test('useCaseDirsOf finds the folders holding llmops_config.json, under the given roots', () => {
  const files = [
    'use-cases/a/llmops_config.json',
    'use-cases/a/flows/x.py',
    'other/b/llmops_config.json',
    'README.md'
  ];
  expect(useCaseDirsOf(files)).toEqual(['other/b', 'use-cases/a']);
  expect(useCaseDirsOf(files, ['use-cases/'])).toEqual(['use-cases/a']);
});
