/**
 * Peak memory of a whole engine run as the data grows: the touch-joining market maker over one
 * or more parts read as a backtest reads them (streamed batch by batch, merged by exchange time,
 * nothing held in memory), in a fresh process; prints one JSON line with the events, fills, CPU
 * time and the process's peak RSS.
 *
 *   npx tsx bench/engine-rss-child.ts binance/spot/btcusdt_20240808.gz
 *   npx tsx bench/engine-rss-child.ts binance/usdm/btcusdt_20240808.gz binance/spot/btcusdt_20240808.gz,binance/spot/btcusdt_20240809.gz
 *
 * Each argument is a part (its files joined by commas, oldest first); the first is the strategy's.
 * To make the data grow, `--write N SOURCE OUT` writes SOURCE's day N times over as a .vtb cache,
 * each copy a day after the one before (so time runs on, as in a recording N days long):
 *
 *   npx tsx bench/engine-rss-child.ts --write 40 lobster/LOBSTER_SampleFile_GOOG_2012-06-21_10.zip /tmp/goog-40.vtb
 *   npx tsx bench/engine-rss-child.ts /tmp/goog-40.vtb
 */
import { join, isAbsolute } from 'node:path';
import type { MarketEvent } from '../src/engine/model/events.js';
import { writeVtb } from '../src/data/vtb/index.js';
import { mergeParts } from '../src/data/merge-parts.js';
import { openMarketData } from '../src/data/open.js';
import { dataDir } from '../test/support/data-dir.js';
import { makeKernel } from '../src/services/backtest.js';
import { parseRunConfig } from '../src/services/run-config.js';
import marketMaker from '../fixtures/strategies/market-maker.js';

if (process.argv[2] === '--write') {
  const [n, source, out] = process.argv.slice(3);
  const day = await openMarketData([join(dataDir(), source)]);
  const events: MarketEvent[] = [];
  for await (const b of day.events()) for (const e of b) events.push(e);
  const DAY = 86_400_000_000_000n;
  async function* copies(): AsyncGenerator<MarketEvent[]> {
    for (let c = 0n; c < BigInt(n); c++) {
      const shift = c * DAY;
      for (let i = 0; i < events.length; i += 65536) yield events.slice(i, i + 65536).map((e) => ({ ...e, tsExch: e.tsExch + shift, tsLocal: e.tsLocal + shift }));
    }
  }
  const written = await writeVtb({ instrument: day.instrument, events: copies() }, out);
  console.log(JSON.stringify({ written: written.events }));
  process.exit(0);
}

const parts = await Promise.all(process.argv.slice(2).map((a) => openMarketData(a.split(',').map((p) => (isAbsolute(p) ? p : join(dataDir(), p))))));
const config = parseRunConfig({ feedLatency: 'data' });
const kernel = makeKernel({ strategy: marketMaker({}), config, seed: 1, instrument: parts[0].instrument, others: parts.slice(1).map((p) => ({ instrument: p.instrument })) });
const c0 = process.cpuUsage();
if (parts.length === 1) for await (const b of parts[0].events()) kernel.onBatch(b);
else await mergeParts(parts, (m, batch, from, to) => kernel.onEvents(m, batch, from, to));
const result = kernel.finish();
const c = process.cpuUsage(c0);
// What the run's result holds (every fill, order and equity sample) grows with the data by design;
// the heap after a collection (run with --expose-gc) tells it from the rest.
(globalThis as { gc?: () => void }).gc?.();
const heapMib = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
console.log(
  JSON.stringify({ events: result.marketEvents, fills: result.fills.length, orders: result.orders.length, nav: result.nav.length, cpu_seconds: (c.user + c.system) / 1e6, max_rss_mib: Math.round(process.resourceUsage().maxRSS / 1024), heap_after_gc_mib: heapMib }),
);
