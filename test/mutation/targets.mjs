// What each mutation target mutates, and the tests that stand guard over it. Tests that start
// servers or the CLI are left out: they are slow, and a mutant in these files is theirs to
// catch only through the same unit-level behaviour the tests below already check.
const EXCHANGE_MODELS = [
  'src/engine/exchange/fee-models.ts',
  'src/engine/exchange/fill-models.ts',
  'src/engine/exchange/impact-models.ts',
  'src/engine/exchange/latency-models.ts',
  'src/engine/exchange/market-stats.ts',
  'src/engine/exchange/model-config.ts',
  'src/engine/exchange/models.ts',
];
const EXCHANGE_QUEUES = ['src/engine/exchange/queue-models.ts', 'src/engine/exchange/l3-queue.ts', 'src/engine/exchange/level-queues.ts'];

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
    // The book's own tests: a property test against a sorted map and hand-worked edges. The
    // LOBSTER messages-only test checks the same book over millions of rows; with the book
    // instrumented for mutants its first run alone passed Stryker's 5-minute limit.
    tests: ['src/engine/book/**/*.test.ts'],
  },
  kernel: {
    mutate: ['src/engine/kernel/**/*.ts', '!src/engine/kernel/**/*.test.ts'],
    // The kernel's property tests and the strategy-book comparison over generated streams run for
    // seconds per mutant; they check at scale what the unit tests here state case by case (the
    // strategy book's own property test makes it rebuild every few events). The files are named:
    // Stryker's testFiles takes no negated patterns.
    tests: ['src/engine/kernel/{kernel,kernel-multi,kernel-lifecycle,kernel-reports,kernel-edges,kernel-outside,kernel-nav,kernel-open-orders,kernel-data-calls,kernel-clock,kernel-order-ids,feed-queue,strategy-book,scheduler}.test.ts'],
  },
  // The exchange in three parts, each run against the fast tests that guard it: a part takes
  // minutes on two cores (the whole folder against all its tests was estimated at 11 hours). The
  // venue part is whatever the other two do not name, so files split out of venue.ts stay in it.
  'exchange-models': {
    mutate: EXCHANGE_MODELS,
    tests: [
      ...EXCHANGE_MODELS.filter((f) => !f.endsWith('/models.ts')).map((f) => f.replace(/\.ts$/, '.test.ts')),
      'src/engine/exchange/venue.test.ts',
      'src/engine/exchange/exchange-models.test.ts',
      'src/engine/exchange/exchange-venue.test.ts',
    ],
  },
  'exchange-queues': {
    mutate: EXCHANGE_QUEUES,
    tests: [
      'src/engine/exchange/queue-models.test.ts',
      'src/engine/exchange/l3-queue.test.ts',
      'src/engine/exchange/venue.test.ts',
      'src/engine/exchange/exchange-queues.test.ts',
      'src/engine/exchange/exchange-venue.test.ts',
    ],
  },
  'exchange-venue': {
    mutate: ['src/engine/exchange/**/*.ts', '!src/engine/exchange/**/*.test.ts', ...[...EXCHANGE_MODELS, ...EXCHANGE_QUEUES].map((f) => `!${f}`)],
    tests: [
      'src/engine/exchange/venue.test.ts',
      'src/engine/exchange/venue.property.test.ts',
      'src/engine/exchange/l3-queue.test.ts',
      'src/engine/exchange/exchange-queues.test.ts',
      'src/engine/exchange/exchange-venue.test.ts',
    ],
  },
};
