import tseslint from 'typescript-eslint';

// The layers of src/, low to high (docs/architecture.md). A file may import its own layer and
// any layer below, never one above. A name is a folder of src/, or a file at its top.
const LAYERS = [
  ['engine', 'errors.ts'],
  ['data', 'game', 'store', 'config', 'cli-support'],
  ['services'],
  ['live', 'copilot'],
  ['tui'],
  ['commands'],
  ['cli.ts', 'main.ts'],
];

// The engine must stay a pure function of (data, config, seed, strategy): no I/O, no wall
// clock, no randomness of its own.
const ioModules = [
  'fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'net', 'node:net', 'http', 'node:http',
  'https', 'node:https', 'child_process', 'node:child_process', 'os', 'node:os', 'zlib', 'node:zlib',
  'process', 'node:process', 'readline', 'node:readline', 'worker_threads', 'node:worker_threads',
  'kafkajs', 'ioredis', 'better-sqlite3', 'ink', 'react', '@anthropic-ai/sdk',
];

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const isFile = (name) => name.endsWith('.ts');
// An import specifier from `depth` folders below src/ that lands in one of `names`.
function reaching(names, depth) {
  const up = depth === 0 ? '\\./' : `(?:\\.\\./){${depth}}`;
  const folders = names.filter((n) => !isFile(n)).map(escape);
  const files = names.filter(isFile).map((n) => escape(n.replace(/\.ts$/, '.js')));
  const alternatives = [...(folders.length ? [`(?:${folders.join('|')})/`] : []), ...(files.length ? [`(?:${files.join('|')})$`] : [])];
  return `^${up}(?:${alternatives.join('|')})`;
}

// The rule is written per folder depth, because no-restricted-imports sees the import as
// written ("../../live/x.js"), not the file it resolves to. Dynamic import() is held to the same
// rule through no-restricted-syntax (esquery's regex cannot hold a "/": \x2F stands for it).
// Tests are exempt: they may drive a layer from above. Deep enough for src/<layer>/a/b/c/d/file.ts.
const MAX_DEPTH = 5;
const linted = ['src/**/*.{ts,tsx}', 'test/**/*.ts', 'bench/**/*.ts', 'fixtures/**/*.ts'];
const engineClock = { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'src/engine has no clock: inject a Clock.' };
const layerBlocks = LAYERS.flatMap((names, rank) => {
  const above = LAYERS.slice(rank + 1).flat();
  const message = `src/${names.join(', src/')} sits below ${above.join(', ')}: it may not import them (docs/architecture.md).`;
  return names.flatMap((name) => {
    const depths = isFile(name) ? [0] : Array.from({ length: MAX_DEPTH }, (_, i) => i + 1);
    return depths.map((depth) => {
      const patterns = [{ regex: `^(?:\\.\\./){${depth + 1}}test/`, message: 'src/ never imports test code: it would ship in the package.' }];
      if (above.length) patterns.unshift({ regex: reaching(above, depth), message });
      const paths = name === 'engine' ? ioModules.map((m) => ({ name: m, message: 'src/engine is pure: pass data in through a port.' })) : [];
      const dynamic = patterns.map((p) => ({ selector: `ImportExpression > Literal.source[value=/${p.regex.replaceAll('/', '\\x2F')}/]`, message: p.message }));
      const files = isFile(name) ? [`src/${name}`] : [`src/${name}/${'*/'.repeat(depth - 1)}*.{ts,tsx}`];
      return {
        files,
        ignores: ['src/**/*.test.{ts,tsx}'],
        rules: {
          'no-restricted-imports': ['error', { paths, patterns }],
          'no-restricted-syntax': ['error', ...dynamic, ...(name === 'engine' ? [engineClock] : [])],
        },
      };
    });
  });
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**'] },
  // typescript-eslint's type-checked recommendations, everywhere: floating and misused promises,
  // awaits of non-promises, unsafe any, unbound methods. One TypeScript program (the typecheck's)
  // serves every file, which keeps the lint to one type-check's time.
  ...tseslint.configs.recommendedTypeChecked.map((c) => ({ ...c, files: linted })),
  {
    files: linted,
    languageOptions: { parserOptions: { project: './tsconfig.test.json', tsconfigRootDir: import.meta.dirname } },
    rules: {
      // An async function without await is how a port's embedded implementation keeps its
      // promise contract (a throw becomes a rejection) and how an async generator serves
      // in-memory data; dropping the async would change what callers see.
      '@typescript-eslint/require-await': 'off',
      // A leading underscore marks a parameter or binding kept for its position.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    // Tests read the CLI's JSON output and drive fake SDK clients: the value is `any` by nature,
    // and the assertion that follows is the check of its shape. The promise and method rules
    // above still hold in tests.
    files: ['test/**/*.ts', 'src/**/*.test.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  ...layerBlocks,
  {
    files: ['src/engine/**/*.ts'],
    ignores: ['src/engine/**/*.test.ts'],
    rules: {
      'no-restricted-globals': ['error',
        { name: 'process', message: 'src/engine is pure: no process access.' },
        { name: 'performance', message: 'src/engine has no clock: inject a Clock.' },
        { name: 'setTimeout', message: 'src/engine has no timers: use the kernel.' },
        { name: 'setInterval', message: 'src/engine has no timers: use the kernel.' },
        { name: 'fetch', message: 'src/engine does no I/O.' },
        { name: 'crypto', message: 'src/engine has no randomness: inject a seeded generator.' },
      ],
      'no-restricted-properties': ['error',
        { object: 'Date', property: 'now', message: 'src/engine has no clock: inject a Clock.' },
        { object: 'Math', property: 'random', message: 'src/engine has no randomness: inject a seeded generator.' },
      ],
    },
  },
);
