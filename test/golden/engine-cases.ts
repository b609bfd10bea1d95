import { join } from 'node:path';
import { dataDir } from '../support/data-dir.js';
import type { ModelFlags } from '../../src/commands/model-options.js';
import { repoRoot } from '../support/run-cli.js';

/**
 * Every single-instrument backtest the tests and benchmarks run, as `vtrade backtest` flags. The
 * golden orders.csv and fills.jsonl of each are recorded in test/golden/engine/ and every engine
 * change must reproduce them row for row (see README.md there).
 */
export interface GoldenCase {
  /** File-name stem of its golden logs. */
  name: string;
  data: string;
  strategy: string;
  flags: ModelFlags;
  /** `--window i/of`: the walk-forward path, where the history before the window warms the books up. */
  window?: { index: number; of: number };
  /** Compared with another case's golden logs: a path that must not change a fill. */
  sameAs?: string;
}

const SYNTH = join(repoRoot, 'fixtures/synth/syn-seed42-5min.csv.gz');
const AMZN = join(dataDir(), 'lobster/LOBSTER_SampleFile_AMZN_2012-06-21_5.zip');
const GOOG = join(dataDir(), 'lobster/LOBSTER_SampleFile_GOOG_2012-06-21_10.zip');
const BTC = join(dataDir(), 'binance/usdm/btcusdt_20240808.gz');
const example = (name: string) => join(repoRoot, 'fixtures/strategies', `${name}.ts`);
const FIXED_SPREAD = join(repoRoot, 'bench/strategies/fixed-spread-mm.ts');

export const GOLDEN_CASES: GoldenCase[] = [
  // The shipped synthetic fixture: each example strategy, and the option sets the CLI tests use.
  { name: 'synth-market-maker', data: SYNTH, strategy: example('market-maker'), flags: {} },
  { name: 'synth-market-maker-fees', data: SYNTH, strategy: example('market-maker'), flags: { fees: 'bps:1,5' } },
  { name: 'synth-twap', data: SYNTH, strategy: example('twap'), flags: {} },
  { name: 'synth-momentum', data: SYNTH, strategy: example('momentum'), flags: {} },
  { name: 'synth-momentum-impact-latency', data: SYNTH, strategy: example('momentum'), flags: { fees: 'bps:1,5', impact: 'linear', latency: '250us' } },
  // Feed latency 0: the strategy reads the venue's own book.
  { name: 'synth-market-maker-feed-0', data: SYNTH, strategy: example('market-maker'), flags: { feedLatency: '0' } },
  { name: 'synth-market-maker-window-2-of-3', data: SYNTH, strategy: example('market-maker'), flags: {}, window: { index: 2, of: 3 } },
  // LOBSTER AMZN level 5 (L3 messages): the touch-joining maker under every queue model and exact FIFO.
  { name: 'amzn-market-maker-risk-averse', data: AMZN, strategy: example('market-maker'), flags: {} },
  { name: 'amzn-market-maker-power', data: AMZN, strategy: example('market-maker'), flags: { queue: 'power' } },
  { name: 'amzn-market-maker-log', data: AMZN, strategy: example('market-maker'), flags: { queue: 'log' } },
  { name: 'amzn-market-maker-fifo', data: AMZN, strategy: example('market-maker'), flags: { queue: 'fifo' } },
  // LOBSTER's local time is its exchange time: a feed latency of 0 gives the same fills.
  { name: 'amzn-market-maker-fifo-feed-0', data: AMZN, strategy: example('market-maker'), flags: { queue: 'fifo', feedLatency: '0' }, sameAs: 'amzn-market-maker-fifo' },
  { name: 'amzn-twap', data: AMZN, strategy: example('twap'), flags: {} },
  // LOBSTER GOOG level 10 under exact FIFO (the engine benchmark's case).
  { name: 'goog-market-maker-fifo', data: GOOG, strategy: example('market-maker'), flags: { queue: 'fifo' } },
  // Binance USD-M BTCUSDT 2024-08-08 (depth diffs, snapshots and trades).
  { name: 'btc-market-maker', data: BTC, strategy: example('market-maker'), flags: {} },
  { name: 'btc-momentum', data: BTC, strategy: example('momentum'), flags: {} },
  // The hftbacktest reference set-up (bench/hftbacktest, bench/engine-mm.ts).
  { name: 'btc-fixed-spread-mm', data: BTC, strategy: FIXED_SPREAD, flags: { latency: '1ms', fees: 'bps:2,5' } },
];
