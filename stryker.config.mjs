// Mutation testing (npm run mutate): small deliberate bugs in the code that decides fills, books
// and approvals, each run against that code's own tests. A mutant that no test notices marks a
// place where the tests are thin. One target at a time (VTRADE_MUTATE names it), so a run fits
// a shared two-core machine; test/mutation/run.ts runs them in turn. See TESTING.md.
import { targets } from './test/mutation/targets.mjs';

const name = process.env.VTRADE_MUTATE;
const target = targets[name];
if (target === undefined) {
  throw new Error(`VTRADE_MUTATE must name a target: ${Object.keys(targets).join(', ')} (got ${name ?? 'nothing'})`);
}

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.config.ts', related: false },
  mutate: target.mutate,
  testFiles: target.tests,
  coverageAnalysis: 'perTest',
  // Mutants in code that runs once, at import (module constants, the approval schema), are not
  // re-evaluated between runs by this runner: they show as survived whatever the tests do (the
  // nonce pattern turned into its negation fails 12 air-gap tests by hand, and "survived" here).
  // They are left out rather than counted wrong; TESTING.md lists the ones checked by hand.
  ignoreStatic: true,
  concurrency: Number(process.env.VTRADE_MUTATE_CONCURRENCY ?? 2),
  incremental: true,
  incrementalFile: `reports/mutation/${name}.incremental.json`,
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  // The sandbox is a copy of the repository: leave out what no test here reads.
  ignorePatterns: ['dist', '.cache', 'reports', 'bench', 'docs', '*.log'],
  timeoutMS: 20_000,
  thresholds: { high: 90, low: 80, break: null },
};
