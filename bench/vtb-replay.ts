/**
 * Replay speed of the .vtb fast path on a LOBSTER-sized stream.
 *
 * Builds a cache from a real LOBSTER day (GOOG 2012-06-21, 10 levels: L3 messages plus the level
 * corrections that make the book match the orderbook file), repeated with a Clear between copies
 * so the cache is long enough to time, then replays it into an L2Book three times with and
 * without checksum verification and reports the median. Also times the generic openVtb stream.
 *
 *   npx tsx bench/vtb-replay.ts [lobster zip] [copies]
 */
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { L2Book } from '../src/engine/book/l2-book.js';
import { EventKind, Side, type MarketEvent } from '../src/engine/model/events.js';
import { dataDir } from '../test/support/data-dir.js';
import { openLobster } from '../src/data/lobster/index.js';
import { openVtb, replayVtbBook, writeVtb } from '../src/data/vtb/index.js';

const source = process.argv[2] ?? join(dataDir(), 'lobster/LOBSTER_SampleFile_GOOG_2012-06-21_10.zip');
const copies = Number(process.argv[3] ?? 40);

const day = await openLobster(source);
const events: MarketEvent[] = [];
for await (const batch of day.events()) for (const e of batch) events.push(e);

async function* repeated(): AsyncGenerator<MarketEvent[]> {
  for (let c = 0; c < copies; c++) {
    yield [{ kind: EventKind.Clear, side: Side.None, price: 0, qty: 0, orderId: 0, tsExch: events[0].tsExch, tsLocal: events[0].tsLocal, record: 1 }];
    for (let i = 0; i < events.length; i += 65536) yield events.slice(i, i + 65536);
  }
}

const file = join(tmpdir(), `vtb-replay-bench-${process.pid}.vtb`);
try {
  let t = performance.now();
  const written = await writeVtb({ instrument: day.instrument, events: repeated() }, file);
  const writeMs = performance.now() - t;
  console.log(`source: ${source}`);
  console.log(`stream: ${events.length} events a day x ${copies} = ${written.events} events, ${(statSync(file).size / 1e6).toFixed(1)} MB cache, written in ${writeMs.toFixed(0)} ms`);

  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const runs = (label: string, run: () => number): void => {
    const rates: number[] = [];
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      const n = run();
      rates.push(n / ((performance.now() - t0) / 1000));
    }
    const fmt = (x: number): string => `${(x / 1e6).toFixed(1)}M`;
    console.log(`${label}: median ${fmt(median(rates))} events/s (runs: ${rates.map(fmt).join(', ')})`);
  };

  replayVtbBook(file, new L2Book(), undefined, { verify: false }); // warm-up (page cache, JIT)
  runs('replayVtbBook, checksum verified       ', () => replayVtbBook(file, new L2Book()).events);
  runs('replayVtbBook, no verification         ', () => replayVtbBook(file, new L2Book(), undefined, { verify: false }).events);
  // The same loop into a sink that only sums its arguments: what reading the cache costs
  // without the book, i.e. the ceiling the format and loop allow.
  let sum = 0;
  const sink = { applyFields: (k: number, s: number, p: number, q: number): void => void (sum += k + s + p + q) } as unknown as L2Book;
  runs('replay loop into a no-op sink, verified ', () => replayVtbBook(file, sink).events);
  runs('replay loop into a no-op sink, no verify', () => replayVtbBook(file, sink, undefined, { verify: false }).events);
  if (sum === 0.5) console.log(sum); // keeps the sink's work observable

  // The book alone, from columns already in memory (no file, no checksum).
  const k = Uint8Array.from(events, (e) => e.kind);
  const sd = Uint8Array.from(events, (e) => e.side);
  const p = Float64Array.from(events, (e) => e.price);
  const q = Float64Array.from(events, (e) => e.qty);
  runs('L2Book.applyFields alone, from memory   ', () => {
    const book = new L2Book();
    for (let c = 0; c < copies; c++) {
      book.clear();
      for (let i = 0; i < k.length; i++) book.applyFields(k[i], sd[i], p[i], q[i]);
    }
    return copies * k.length;
  });

  const rates: number[] = [];
  for (let r = 0; r < 3; r++) {
    t = performance.now();
    const book = new L2Book();
    let n = 0;
    for await (const batch of openVtb(file).events()) {
      for (const e of batch) book.apply(e);
      n += batch.length;
    }
    rates.push(n / ((performance.now() - t) / 1000));
  }
  rates.sort((a, b) => a - b);
  console.log(`openVtb events() + book.apply: median ${(rates[1] / 1e6).toFixed(1)}M events/s`);
} finally {
  rmSync(file, { force: true });
}
