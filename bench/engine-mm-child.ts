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
import { timeRun, warmThenTime } from './engine-child-runs.js';

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

const time = () => {
  const kernel = makeKernel({ strategy: c.make(), config, seed: 1, instrument });
  return timeRun(() => {
    for (const b of batches) kernel.onBatch(b);
    return { fills: kernel.finish().fills.length };
  });
};

await warmThenTime(id, events, time);
