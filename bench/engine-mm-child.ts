/**
 * The timed side of bench/engine-mm.ts: one case in a fresh process, as one `vtrade backtest`
 * runs one strategy, printing one JSON line: the events and fills, the warm-up, and the wall and
 * CPU time of each timed run.
 *
 *   npx tsx bench/engine-mm-child.ts CASE_ID
 *
 * A process of its own per case: in a process shared with other cases, the later ones ran code
 * compiled with the earlier ones' type feedback, and the first one was timed while the
 * optimising compiler (a thread of its own) was still landing code for it.
 *
 * The Binance cases read their recording through the Binance reader alone. Under tsx, importing a
 * CommonJS package (yauzl, which the LOBSTER reader and so openMarketData import) detaches an
 * ArrayBuffer, after which V8 checks every typed-array access of optimised code for a detached
 * buffer (`node --trace-protector-invalidation`: "ArrayBufferDetaching"); the built CLI detaches
 * nothing. The LOBSTER cases still import it.
 */
import { join } from 'node:path';
import type { MarketEvent } from '../src/engine/model/events.js';
import type { Instrument } from '../src/engine/model/instrument.js';
import { dataDir } from '../test/support/data-dir.js';
import { makeKernel } from '../src/services/backtest.js';
import { parseRunConfig } from '../src/services/run-config.js';
import { CASES } from './engine-mm-cases.js';

export const RUNS = 5;
/**
 * Warm-up: at least WARM_MIN_RUNS runs and WARM_MIN_MS of CPU, then on until a run is within
 * STEADY of the one before it (at most WARM_MAX_MS of CPU). Six runs were not enough: the
 * timer-driven maker's first case of a process went 215, 176, 100, 75, 62, 45 ms over its
 * warm-up and its timed runs still 44, 45, 38, 34, 36; alone, it settled at 28-32 ms after about
 * twelve runs (deoptimisations on type feedback the first runs had not seen yet, then the
 * recompiled code).
 */
const WARM_MIN_RUNS = 8;
const WARM_MIN_MS = 1200;
const WARM_MAX_MS = 5000;
const STEADY = 0.05;

const id = process.argv[2];
const c = CASES.find((x) => x.id === id);
if (c === undefined) throw new Error(`no engine-mm case "${id}"; cases: ${CASES.map((x) => x.id).join(', ')}`);

async function load(path: string): Promise<{ instrument: Instrument; batches: MarketEvent[][]; events: number }> {
  const { events: source, instrument } = path.startsWith('binance/') ? await openBinanceOnly(path) : await openAny(path);
  const batches: MarketEvent[][] = [];
  let events = 0;
  for await (const b of source()) {
    batches.push(b);
    events += b.length;
  }
  return { instrument, batches, events };
}

async function openBinanceOnly(path: string): Promise<{ events: () => AsyncIterable<MarketEvent[]>; instrument: Instrument }> {
  const { openBinance } = await import('../src/data/binance/index.js');
  const s = await openBinance(join(dataDir(), path));
  return { events: () => s.events(), instrument: s.instrument };
}

async function openAny(path: string): Promise<{ events: () => AsyncIterable<MarketEvent[]>; instrument: Instrument }> {
  const { openMarketData } = await import('../src/data/open.js');
  const d = await openMarketData([join(dataDir(), path)]);
  return { events: () => d.events(), instrument: d.instrument };
}

const { instrument, batches, events } = await load(c.path);
const config = parseRunConfig({ models: c.models, feedLatency: 'data' });

function time(): { wall: number; cpu: number; fills: number } {
  const kernel = makeKernel({ strategy: c!.make(), config, seed: 1, instrument });
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (const b of batches) kernel.onBatch(b);
  const result = kernel.finish();
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(c0);
  return { wall, cpu: (cpu.user + cpu.system) / 1e6, fills: result.fills.length };
}

// The reading's garbage is collected before anything is timed (run with --expose-gc).
(globalThis as { gc?: () => void }).gc?.();
let warmRuns = 0;
let warmCpu = 0;
let last = Infinity;
for (;;) {
  const r = time();
  warmRuns++;
  warmCpu += r.cpu;
  const steady = Math.abs(r.cpu - last) <= STEADY * last;
  last = r.cpu;
  if (warmCpu * 1000 >= WARM_MAX_MS) break;
  if (warmRuns >= WARM_MIN_RUNS && warmCpu * 1000 >= WARM_MIN_MS && steady) break;
}
const runs: { wall: number; cpu: number }[] = [];
let fills = 0;
for (let i = 0; i < RUNS; i++) {
  const r = time();
  runs.push({ wall: r.wall, cpu: r.cpu });
  fills = r.fills;
}
console.log(JSON.stringify({ id, events, fills, warm: { runs: warmRuns, cpu: warmCpu }, runs }));
