import fc from 'fast-check';

/**
 * Property tests draw the same cases on every run, so a test run is repeatable like everything
 * else in vtrade (a failure in CI is the same failure on a laptop). VTRADE_PROPERTY_SEED picks
 * another seed, to explore more cases on purpose; a failing run prints its seed.
 */
const seed = Number(process.env.VTRADE_PROPERTY_SEED ?? 20261123);
fc.configureGlobal({ seed });
