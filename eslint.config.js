// The engine must stay a pure function of (data, config, seed, strategy):
// no I/O, no wall clock, no randomness of its own. This rule enforces it.
import tseslint from 'typescript-eslint';

const ioModules = [
  'fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'net', 'node:net', 'http', 'node:http',
  'https', 'node:https', 'child_process', 'node:child_process', 'os', 'node:os', 'zlib', 'node:zlib',
  'process', 'node:process', 'readline', 'node:readline', 'worker_threads', 'node:worker_threads',
  'kafkajs', 'ioredis', 'better-sqlite3', 'ink', 'react', '@anthropic-ai/sdk',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**'] },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx', 'test/**/*.ts', 'bench/**/*.ts', 'fixtures/**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {},
  },
  {
    files: ['src/engine/**/*.ts'],
    ignores: ['src/engine/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ioModules.map((name) => ({ name, message: 'src/engine is pure: pass data in through a port.' })),
        patterns: [{ group: ['**/data/**', '**/tui/**', '**/commands/**', '**/store/**', '**/bus/**', '**/copilot/**', '**/services/**'], message: 'src/engine imports nothing outside the engine.' }],
      }],
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
      'no-restricted-syntax': ['error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'src/engine has no clock: inject a Clock.' },
      ],
    },
  },
);
