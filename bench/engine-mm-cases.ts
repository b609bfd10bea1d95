/** The cases of bench/engine-mm.ts: a recording, a strategy and the venue's models. */
import marketMaker from '../fixtures/strategies/market-maker.js';
import fixedSpreadMm from './strategies/fixed-spread-mm.js';
import type { Strategy } from '../src/engine/strategy.js';

export interface EngineCase {
  id: string;
  name: string;
  /** Under the data directory. */
  path: string;
  make: () => Strategy;
  models: unknown;
  /** Set beside hftbacktest (bench/hftbacktest). */
  reference?: boolean;
}

const BTC = 'binance/usdm/btcusdt_20240808.gz';
/** The hftbacktest reference set-up: 1 ms latency each way, 2 / 5 bps fees, risk-averse queue. */
const REFERENCE_MODELS = { latency: { name: 'constant', entryNs: 1_000_000, responseNs: 1_000_000 }, fees: { name: 'bps', makerBps: '2', takerBps: '5' } };

export const CASES: EngineCase[] = [
  { id: 'amzn-mm', name: 'LOBSTER AMZN 2012-06-21 L5, touch-joining market maker', path: 'lobster/LOBSTER_SampleFile_AMZN_2012-06-21_5.zip', make: () => marketMaker({}), models: {} },
  { id: 'goog-mm-fifo', name: 'LOBSTER GOOG 2012-06-21 L10, touch-joining market maker, fifo queue', path: 'lobster/LOBSTER_SampleFile_GOOG_2012-06-21_10.zip', make: () => marketMaker({}), models: { queue: { name: 'fifo' } } },
  { id: 'btc-mm', name: 'Binance USD-M BTCUSDT 2024-08-08, touch-joining market maker', path: BTC, make: () => marketMaker({}), models: {} },
  { id: 'btc-fixed-spread', reference: true, name: 'Binance USD-M BTCUSDT 2024-08-08, fixed-spread market maker (as the hftbacktest reference)', path: BTC, make: () => fixedSpreadMm({}), models: REFERENCE_MODELS },
  // The same maker called for every event (it returns at once): what a strategy that keeps its market-data calls costs.
  { id: 'btc-fixed-spread-every-event', reference: true, name: 'Binance USD-M BTCUSDT 2024-08-08, fixed-spread market maker called for every event', path: BTC, make: () => fixedSpreadMm({ everyEvent: true }), models: REFERENCE_MODELS },
  { id: 'btc-empty', reference: true, name: 'Binance USD-M BTCUSDT 2024-08-08, empty strategy (the kernel alone)', path: BTC, make: (): Strategy => ({}), models: REFERENCE_MODELS },
];
