/**
 * The full engine (kernel, venue, models, strategy) with a market maker over real recordings,
 * data held in memory so only the engine is timed. Median of 5 runs after six warm-up runs (V8
 * takes several passes to finish optimizing the loop: after three, the first case of a process
 * still ran its first timed runs at up to twice its later CPU time; hftbacktest's figures likewise
 * exclude its numba compilation), as wall time and as the process's CPU time (steadier when other
 * work shares the machine).
 *
 *   npx tsx bench/engine-mm.ts              every case
 *   npx tsx bench/engine-mm.ts reference    only the cases set beside hftbacktest (bench/hftbacktest)
 *   npx tsx bench/engine-mm.ts amzn-mm      one case, by its id
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
import { median } from './median.js';

const RUNS = 5;
const WARM_UP = 6;
const only = process.argv[2];

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

function time(data: MarketData, batches: MarketEvent[][], make: () => Strategy, models: unknown): { seconds: number; cpu: number; fills: number } {
  const config = parseRunConfig({ models, feedLatency: 'data' });
  const kernel = makeKernel({ strategy: make(), config, seed: 1, instrument: data.instrument });
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (const b of batches) kernel.onBatch(b);
  const result = kernel.finish();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  return { seconds, cpu: (c.user + c.system) / 1e6, fills: result.fills.length };
}

const BTC = 'binance/usdm/btcusdt_20240808.gz';
/** The hftbacktest reference set-up: 1 ms latency each way, 2 / 5 bps fees, risk-averse queue. */
const REFERENCE_MODELS = { latency: { name: 'constant', entryNs: 1_000_000, responseNs: 1_000_000 }, fees: { name: 'bps', makerBps: '2', takerBps: '5' } };

const cases = [
  { id: 'amzn-mm', name: 'LOBSTER AMZN 2012-06-21 L5, touch-joining market maker', path: 'lobster/LOBSTER_SampleFile_AMZN_2012-06-21_5.zip', make: () => marketMaker({}), models: {} },
  { id: 'goog-mm-fifo', name: 'LOBSTER GOOG 2012-06-21 L10, touch-joining market maker, fifo queue', path: 'lobster/LOBSTER_SampleFile_GOOG_2012-06-21_10.zip', make: () => marketMaker({}), models: { queue: { name: 'fifo' } } },
  { id: 'btc-mm', name: 'Binance USD-M BTCUSDT 2024-08-08, touch-joining market maker', path: BTC, make: () => marketMaker({}), models: {} },
  { id: 'btc-fixed-spread', reference: true, name: 'Binance USD-M BTCUSDT 2024-08-08, fixed-spread market maker (as the hftbacktest reference)', path: BTC, make: () => fixedSpreadMm({}), models: REFERENCE_MODELS },
  // The same maker called for every event (it returns at once): what a strategy that keeps its market-data calls costs.
  { id: 'btc-fixed-spread-every-event', reference: true, name: 'Binance USD-M BTCUSDT 2024-08-08, fixed-spread market maker called for every event', path: BTC, make: () => fixedSpreadMm({ everyEvent: true }), models: REFERENCE_MODELS },
  { id: 'btc-empty', reference: true, name: 'Binance USD-M BTCUSDT 2024-08-08, empty strategy (the kernel alone)', path: BTC, make: (): Strategy => ({}), models: REFERENCE_MODELS },
].filter((c) => only === undefined || (only === 'reference' ? c.reference : c.id === only));

const loaded = new Map<string, Awaited<ReturnType<typeof load>>>();
for (const c of cases) {
  if (!loaded.has(c.path)) loaded.set(c.path, await load(join(dataDir(), c.path)));
  const { data, batches, events } = loaded.get(c.path)!;
  for (let i = 0; i < WARM_UP; i++) time(data, batches, c.make, c.models);
  const walls: number[] = [];
  const cpus: number[] = [];
  let fills = 0;
  for (let i = 0; i < RUNS; i++) {
    const r = time(data, batches, c.make, c.models);
    walls.push(r.seconds);
    cpus.push(r.cpu);
    fills = r.fills;
  }
  const s = median(walls);
  const cpu = median(cpus);
  const ms = (x: number) => (x * 1000).toFixed(0);
  console.log(
    `${c.name}: ${events} events, ${fills} fills, median ${(s * 1000).toFixed(1)} ms = ${(events / s / 1e6).toFixed(2)} M events/s; CPU ${(cpu * 1000).toFixed(1)} ms = ${(events / cpu / 1e6).toFixed(2)} M events/s (runs ms: ${walls.map(ms).join(', ')}; CPU ${cpus.map(ms).join(', ')})`,
  );
  console.log(JSON.stringify({ bench: 'engine-mm', id: c.id, case: c.name, events, fills, seconds: s, cpu_seconds: cpu, events_per_second: Math.round(events / s), cpu_events_per_second: Math.round(events / cpu) }));
}
