/**
 * Does a second instrument cost more per event than one? The touch-joining market maker on Binance
 * USD-M BTCUSDT 2024-08-08 alone, then the same run with Binance spot BTCUSDT (2024-08-08 and -09)
 * as a second part, merged by exchange time (the merge is timed with the engine); and a strategy
 * of both instruments (markets 'all', requoting on each). Data held in memory; runs interleaved;
 * medians of 5 after a warm-up, as wall time and as the process's CPU time (steadier when other
 * work shares the machine).
 *
 *   npx tsx bench/engine-multi.ts
 */
import { join } from 'node:path';
import type { MarketEvent } from '../src/engine/model/events.js';
import type { MarketData } from '../src/data/market-data.js';
import { mergeParts } from '../src/data/merge-parts.js';
import { dataDir } from '../test/support/data-dir.js';
import { openMarketData } from '../src/data/open.js';
import { makeKernel } from '../src/services/backtest.js';
import { parseRunConfig } from '../src/services/run-config.js';
import marketMaker from '../fixtures/strategies/market-maker.js';
import type { Strategy } from '../src/engine/strategy.js';
import { median } from './median.js';

const RUNS = 5;

/** A part read once into memory: every pass replays the same batches. */
async function load(paths: string[]): Promise<{ data: MarketData; events: number }> {
  const data = await openMarketData(paths);
  const batches: MarketEvent[][] = [];
  let events = 0;
  for await (const b of data.events()) {
    batches.push(b);
    events += b.length;
  }
  const inMemory: MarketData = {
    path: data.path,
    format: data.format,
    instrument: data.instrument,
    warnings: [],
    async *events() {
      yield* batches;
    },
  };
  return { data: inMemory, events };
}

async function time(parts: MarketData[], make: () => Strategy): Promise<{ seconds: number; cpu: number; fills: number }> {
  const config = parseRunConfig({ feedLatency: 'data' });
  const kernel = makeKernel({ strategy: make(), config, seed: 1, instrument: parts[0].instrument, others: parts.slice(1).map((p) => ({ instrument: p.instrument })) });
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  if (parts.length === 1) for await (const b of parts[0].events()) kernel.onBatch(b);
  else await mergeParts(parts, (m, batch, from, to) => kernel.onEvents(m, batch, from, to));
  const result = kernel.finish();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  return { seconds, cpu: (c.user + c.system) / 1e6, fills: result.fills.length };
}

const bin = (p: string) => join(dataDir(), 'binance', p);
const perp = await load([bin('usdm/btcusdt_20240808.gz')]);
const spot = await load([bin('spot/btcusdt_20240808.gz'), bin('spot/btcusdt_20240809.gz')]);
const both = (): Strategy => ({ ...marketMaker({}), markets: 'all' });

const cases = [
  { name: 'one instrument: USD-M BTCUSDT, market maker', parts: [perp.data], events: perp.events, make: () => marketMaker({}) },
  { name: 'two instruments: USD-M + spot BTCUSDT, market maker on the first', parts: [perp.data, spot.data], events: perp.events + spot.events, make: () => marketMaker({}) },
  { name: "two instruments: USD-M + spot BTCUSDT, markets 'all' (called for both)", parts: [perp.data, spot.data], events: perp.events + spot.events, make: both },
];

for (const c of cases) await time(c.parts, c.make); // warm-up
const runs = cases.map(() => [] as number[]);
const cpus = cases.map(() => [] as number[]);
const fills = cases.map(() => 0);
for (let i = 0; i < RUNS; i++) {
  for (let k = 0; k < cases.length; k++) {
    const r = await time(cases[k].parts, cases[k].make);
    runs[k].push(r.seconds);
    cpus[k].push(r.cpu);
    fills[k] = r.fills;
  }
}
cases.forEach((c, k) => {
  const s = median(runs[k]);
  const cpu = median(cpus[k]);
  const ms = (x: number) => (x * 1000).toFixed(0);
  console.log(
    `${c.name}: ${c.events} events, ${fills[k]} fills, median ${(s * 1000).toFixed(1)} ms = ${((s / c.events) * 1e9).toFixed(0)} ns/event; CPU ${(cpu * 1000).toFixed(1)} ms = ${((cpu / c.events) * 1e9).toFixed(0)} ns/event (runs ms: ${runs[k].map(ms).join(', ')}; CPU ${cpus[k].map(ms).join(', ')})`,
  );
  console.log(JSON.stringify({ bench: 'engine-multi', case: c.name, events: c.events, fills: fills[k], seconds: s, cpu_seconds: cpu, ns_per_event: Math.round((s / c.events) * 1e9), cpu_ns_per_event: Math.round((cpu / c.events) * 1e9) }));
});
