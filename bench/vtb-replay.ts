/**
 * Replay speed of the .vtb fast path (book only) on real streams.
 *
 * For each recording (LOBSTER GOOG 2012-06-21 L10: L3 messages plus the level corrections that
 * make the book match the orderbook file; Binance USD-M BTCUSDT 2024-08-08: a 5,000-level book of
 * depth diffs) it builds a cache of the day repeated with a Clear between copies, so it is long
 * enough to time, and replays it into an L2Book with and without checksum verification: median
 * of 3, as wall time and as the process's CPU time (steadier on a shared machine). On GOOG it
 * also times the loop into a no-op sink, the book alone from memory and the generic openVtb stream.
 *
 *   npx tsx bench/vtb-replay.ts
 */
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { L2Book } from '../src/engine/book/l2-book.js';
import { EventKind, Side, type MarketEvent } from '../src/engine/model/events.js';
import { dataDir } from '../test/support/data-dir.js';
import { openMarketData } from '../src/data/open.js';
import { openVtb, replayVtbBook, writeVtb } from '../src/data/vtb/index.js';

const SOURCES = [
  { id: 'goog-l10', path: 'lobster/LOBSTER_SampleFile_GOOG_2012-06-21_10.zip', copies: 40, target: 50e6, extras: true },
  { id: 'btc', path: 'binance/usdm/btcusdt_20240808.gz', copies: 20, target: 25e6, extras: false },
];

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x: number): string => `${(x / 1e6).toFixed(1)}M`;

/** Three timed runs; prints and returns the median rates (events per wall and per CPU second). */
function runs(id: string, label: string, run: () => number): void {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < 3; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const n = run();
    const t = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    wall.push(n / t);
    cpu.push(n / ((c.user + c.system) / 1e6));
  }
  console.log(`${label}: median ${fmt(median(wall))} events/s wall, ${fmt(median(cpu))} per CPU second (runs: ${wall.map(fmt).join(', ')}; CPU ${cpu.map(fmt).join(', ')})`);
  console.log(JSON.stringify({ bench: 'vtb-replay', id: `${id}/${label.trim()}`, events_per_second: Math.round(median(wall)), cpu_events_per_second: Math.round(median(cpu)) }));
}

for (const src of SOURCES) {
  const day = await openMarketData([join(dataDir(), src.path)]);
  const events: MarketEvent[] = [];
  for await (const batch of day.events()) for (const e of batch) events.push(e);
  async function* repeated(): AsyncGenerator<MarketEvent[]> {
    for (let c = 0; c < src.copies; c++) {
      yield [{ kind: EventKind.Clear, side: Side.None, price: 0, qty: 0, orderId: 0, tsExch: events[0].tsExch, tsLocal: events[0].tsLocal, record: 1 }];
      for (let i = 0; i < events.length; i += 65536) yield events.slice(i, i + 65536);
    }
  }
  const file = join(tmpdir(), `vtb-replay-bench-${process.pid}-${src.id}.vtb`);
  try {
    const t = performance.now();
    const written = await writeVtb({ instrument: day.instrument, events: repeated() }, file);
    console.log(`\n${src.path}: ${events.length} events a day x ${src.copies} = ${written.events} events, ${(statSync(file).size / 1e6).toFixed(1)} MB cache, written in ${(performance.now() - t).toFixed(0)} ms; target ${fmt(src.target)} events/s`);

    replayVtbBook(file, new L2Book(), undefined, { verify: false }); // warm-up (page cache, JIT)
    runs(src.id, 'replayVtbBook, no verification         ', () => replayVtbBook(file, new L2Book(), undefined, { verify: false }).events);
    runs(src.id, 'replayVtbBook, checksum verified       ', () => replayVtbBook(file, new L2Book()).events);
    if (!src.extras) continue;

    // The same loop into a sink that only sums its arguments: what reading the cache costs
    // without the book, i.e. the ceiling the format and loop allow.
    let sum = 0;
    const sink = { applyFields: (k: number, s: number, p: number, q: number): void => void (sum += k + s + p + q) } as unknown as L2Book;
    runs(src.id, 'replay loop into a no-op sink, no verify', () => replayVtbBook(file, sink, undefined, { verify: false }).events);
    if (sum === 0.5) console.log(sum); // keeps the sink's work observable

    // The book alone, from columns already in memory (no file, no checksum).
    const k = Uint8Array.from(events, (e) => e.kind);
    const sd = Uint8Array.from(events, (e) => e.side);
    const p = Float64Array.from(events, (e) => e.price);
    const q = Float64Array.from(events, (e) => e.qty);
    runs(src.id, 'L2Book.applyFields alone, from memory   ', () => {
      const book = new L2Book();
      for (let c = 0; c < src.copies; c++) {
        book.clear();
        for (let i = 0; i < k.length; i++) book.applyFields(k[i], sd[i], p[i], q[i]);
      }
      return src.copies * k.length;
    });

    const rates: number[] = [];
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      const book = new L2Book();
      let n = 0;
      for await (const batch of openVtb(file).events()) {
        for (const e of batch) book.apply(e);
        n += batch.length;
      }
      rates.push(n / ((performance.now() - t0) / 1000));
    }
    console.log(`openVtb events() + book.apply: median ${fmt(median(rates))} events/s wall`);
  } finally {
    rmSync(file, { force: true });
  }
}
