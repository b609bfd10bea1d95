/**
 * The timed side of bench/engine-multi.ts: one case in a fresh process, printing one JSON line:
 * the events and fills, the warm-up, and the wall and CPU time of each timed run. Warm-up and
 * timed runs as in bench/engine-mm-child.ts (bench/engine-child-runs.ts: until steady, then RUNS
 * runs, for the reasons given there); the recordings are read through the Binance reader alone,
 * as there.
 *
 *   npx tsx bench/engine-multi-child.ts CASE_ID
 */
import { join } from 'node:path';
import type { MarketEvent } from '../src/engine/model/events.js';
import type { MarketData } from '../src/data/market-data.js';
import { mergeParts } from '../src/data/merge-parts.js';
import { openBinance } from '../src/data/binance/index.js';
import { dataDir } from '../test/support/data-dir.js';
import { makeKernel } from '../src/services/backtest.js';
import { parseRunConfig } from '../src/services/run-config.js';
import marketMaker from '../fixtures/strategies/market-maker.js';
import type { Strategy } from '../src/engine/strategy.js';
import { MULTI_CASES } from './engine-multi-cases.js';
import { timeRun, warmThenTime } from './engine-child-runs.js';

const id = process.argv[2];
const c = MULTI_CASES.find((x) => x.id === id);
if (c === undefined) throw new Error(`no engine-multi case "${id}"; cases: ${MULTI_CASES.map((x) => x.id).join(', ')}`);

/** A part read once into memory: every pass replays the same batches. */
async function load(paths: string[]): Promise<{ data: MarketData; events: number }> {
  const s = await openBinance(paths.map((p) => join(dataDir(), 'binance', p)));
  const batches: MarketEvent[][] = [];
  let events = 0;
  for await (const b of s.events()) {
    batches.push(b);
    events += b.length;
  }
  const data: MarketData = {
    path: paths[0],
    format: 'binance',
    instrument: s.instrument,
    warnings: [],
    async *events() {
      yield* batches;
    },
  };
  return { data, events };
}

const loaded = await Promise.all(c.parts.map((p) => load(p)));
const parts = loaded.map((l) => l.data);
const events = loaded.reduce((n, l) => n + l.events, 0);
const config = parseRunConfig({ feedLatency: 'data' });
const make = (): Strategy => (c.both ? { ...marketMaker({}), markets: 'all' } : marketMaker({}));

const time = () => {
  const kernel = makeKernel({ strategy: make(), config, seed: 1, instrument: parts[0].instrument, others: parts.slice(1).map((p) => ({ instrument: p.instrument })) });
  return timeRun(async () => {
    if (parts.length === 1) for await (const b of parts[0].events()) kernel.onBatch(b);
    else await mergeParts(parts, (m, batch, from, to) => kernel.onEvents(m, batch, from, to));
    return { fills: kernel.finish().fills.length };
  });
};

await warmThenTime(id, events, time);
