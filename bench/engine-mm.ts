/**
 * The full engine (kernel, venue, models, strategy) with a market maker over real recordings,
 * data held in memory so only the engine is timed. Median of 5 runs after a warm-up.
 *
 *   npx tsx bench/engine-mm.ts
 */
import { join } from 'node:path';
import type { MarketEvent } from '../src/engine/model/events.js';
import type { MarketData } from '../src/data/market-data.js';
import { dataDir } from '../test/support/data-dir.js';
import { openMarketData } from '../src/data/open.js';
import { makeKernel } from '../src/services/backtest.js';
import { parseRunConfig } from '../src/services/run-config.js';
import marketMaker from '../fixtures/strategies/market-maker.js';
import fixedSpreadMm from './strategies/fixed-spread-mm.js';
import type { Strategy } from '../src/engine/strategy.js';

const RUNS = 5;

async function load(path: string): Promise<{ data: MarketData; batches: MarketEvent[][]; events: number }> {
  const data = await openMarketData([path]);
  const batches: MarketEvent[][] = [];
  let events = 0;
  for await (const b of data.events()) {
    batches.push(b);
    events += b.length;
  }
  return { data, batches, events };
}

function time(data: MarketData, batches: MarketEvent[][], make: () => Strategy, models: unknown): { seconds: number; fills: number } {
  const config = parseRunConfig({ models, feedLatency: 'data' });
  const kernel = makeKernel({ strategy: make(), config, seed: 1, instrument: data.instrument });
  const t0 = process.hrtime.bigint();
  for (const b of batches) kernel.onBatch(b);
  const result = kernel.finish();
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, fills: result.fills.length };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const cases = [
  { name: 'LOBSTER AMZN 2012-06-21 L5, touch-joining market maker', path: 'lobster/LOBSTER_SampleFile_AMZN_2012-06-21_5.zip', make: () => marketMaker({}), models: {} },
  { name: 'LOBSTER GOOG 2012-06-21 L10, touch-joining market maker, fifo queue', path: 'lobster/LOBSTER_SampleFile_GOOG_2012-06-21_10.zip', make: () => marketMaker({}), models: { queue: { name: 'fifo' } } },
  { name: 'Binance USD-M BTCUSDT 2024-08-08, touch-joining market maker', path: 'binance/usdm/btcusdt_20240808.gz', make: () => marketMaker({}), models: {} },
  {
    name: 'Binance USD-M BTCUSDT 2024-08-08, fixed-spread market maker (as the hftbacktest reference)',
    path: 'binance/usdm/btcusdt_20240808.gz',
    make: () => fixedSpreadMm({}),
    models: { latency: { name: 'constant', entryNs: 1_000_000, responseNs: 1_000_000 }, fees: { name: 'bps', makerBps: '2', takerBps: '5' } },
  },
];

for (const c of cases) {
  const { data, batches, events } = await load(join(dataDir(), c.path));
  time(data, batches, c.make, c.models); // warm-up
  const runs: number[] = [];
  let fills = 0;
  for (let i = 0; i < RUNS; i++) {
    const r = time(data, batches, c.make, c.models);
    runs.push(r.seconds);
    fills = r.fills;
  }
  const s = median(runs);
  console.log(`${c.name}: ${events} events, ${fills} fills, median ${(s * 1000).toFixed(1)} ms = ${(events / s / 1e6).toFixed(2)} M events/s (runs ms: ${runs.map((x) => (x * 1000).toFixed(0)).join(', ')})`);
  console.log(JSON.stringify({ bench: 'engine-mm', case: c.name, events, fills, seconds: s, events_per_second: Math.round(events / s) }));
}
