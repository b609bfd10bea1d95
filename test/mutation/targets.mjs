// What each mutation target mutates, and the tests that stand guard over it. Tests that start
// servers or the CLI are left out: they are slow, and a mutant in these files is theirs to
// catch only through the same unit-level behaviour the tests below already check.
export const targets = {
  airgap: {
    mutate: ['src/copilot/airgap/**/*.ts', '!src/copilot/airgap/**/*.test.ts'],
    tests: ['src/copilot/airgap/**/*.test.ts'],
  },
  'depth-sync': {
    mutate: ['src/data/binance/depth-sync.ts'],
    // The bookkeeping is pure: its unit tests decide. (binance.test.ts checks the same rules
    // through files, at many seconds a run.)
    tests: ['src/data/binance/depth-sync.test.ts'],
  },
  book: {
    mutate: ['src/engine/book/**/*.ts', '!src/engine/book/**/*.test.ts'],
    tests: ['src/engine/book/**/*.test.ts', 'src/data/lobster/lobster-messages-only.test.ts'],
  },
  kernel: {
    mutate: ['src/engine/kernel/**/*.ts', '!src/engine/kernel/**/*.test.ts'],
    tests: ['src/engine/kernel/**/*.test.ts'],
  },
  exchange: {
    mutate: ['src/engine/exchange/**/*.ts', '!src/engine/exchange/**/*.test.ts'],
    tests: ['src/engine/exchange/**/*.test.ts'],
  },
};
