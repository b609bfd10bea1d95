/**
 * Replay speed of the .vtb fast path (book only) on real streams.
 *
 * For each recording (LOBSTER GOOG 2012-06-21 L10: L3 messages plus the level corrections that
 * make the book match the orderbook file; Binance USD-M BTCUSDT 2024-08-08: a 5,000-level book of
 * depth diffs) it builds a cache of the day repeated with a Clear between copies, so it is long
 * enough to time, and replays it into an L2Book with its checksums verified (the default) and
 * without: median of 5, as wall time and as the process's CPU time (steadier on a shared
 * machine). These replays run in a fresh process each, as `vtrade data replay` does: in this
 * one, reading the recording first has run the book's code with the reader's arguments, and
 * the replay compiled after it was about 10-20 % slower (both formats alike). The cache is the format the writer writes (version 3); on GOOG the same copies are
 * also written as version 2 and the two replays timed in turn, round by round, so the formats are
 * compared under the same load. On GOOG it also times the loop into a no-op sink, the book alone
 * from memory and the generic openVtb stream, and replays a 10x and the 40x cache in fresh
 * processes to show that peak memory does not grow with the data.
 *
 *   npx tsx bench/vtb-replay.ts
 */
import { spawnSync } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { L2Book } from '../src/engine/book/l2-book.js';
import { EventKind, Side, type MarketEvent } from '../src/engine/model/events.js';
import { dataDir } from '../test/support/data-dir.js';
import { openMarketData } from '../src/data/open.js';
import { openVtb, replayVtbBook, writeVtb } from '../src/data/vtb/index.js';
import { median } from './median.js';

const RUNS = 5;

// A child run: replay one cache once after a warm-up, RUNS times, and print the times.
if (process.argv[2] === '--time') {
  const opts = { verify: process.argv[4] !== 'noverify' };
  replayVtbBook(process.argv[3], new L2Book(), undefined, opts); // warm-up (page cache, JIT)
  const times: { events: number; wall: number; cpu: number }[] = [];
  for (let r = 0; r < RUNS; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const events = replayVtbBook(process.argv[3], new L2Book(), undefined, opts).events;
    const wall = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    times.push({ events, wall, cpu: (c.user + c.system) / 1e6 });
  }
  console.log(JSON.stringify(times));
  process.exit(0);
}

// A child run: replay one cache once and print its peak RSS.
if (process.argv[2] === '--rss') {
  const c0 = process.cpuUsage();
  const { events } = replayVtbBook(process.argv[3], new L2Book());
  const c = process.cpuUsage(c0);
  console.log(JSON.stringify({ events, cpu_seconds: (c.user + c.system) / 1e6, max_rss_bytes: process.resourceUsage().maxRSS * 1024 }));
  process.exit(0);
}

const SOURCES = [
  { id: 'goog-l10', path: 'lobster/LOBSTER_SampleFile_GOOG_2012-06-21_10.zip', copies: 40, target: 50e6, extras: true },
  { id: 'btc', path: 'binance/usdm/btcusdt_20240808.gz', copies: 20, target: 25e6, extras: false },
];
const fmt = (x: number): string => `${(x / 1e6).toFixed(1)}M`;

/** Timed runs; prints the median rates (events per wall and per CPU second) and a JSON line. */
function runs(id: string, label: string, run: () => number): void {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const n = run();
    const t = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    wall.push(n / t);
    cpu.push(n / ((c.user + c.system) / 1e6));
  }
  report(id, label, wall, cpu);
}

/** The same, each replay of the cache in a fresh process (see the top of the file). */
function runsInChild(id: string, label: string, file: string, verify: boolean): void {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--time', file, verify ? 'verify' : 'noverify'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the --time child failed: ${r.stderr}`);
  const times = JSON.parse(r.stdout.trim().split('\n').pop()!) as { events: number; wall: number; cpu: number }[];
  report(id, label, times.map((t) => t.events / t.wall), times.map((t) => t.events / t.cpu));
}

function report(id: string, label: string, wall: number[], cpu: number[]): void {
  console.log(`${label}: median ${fmt(median(wall))} events/s wall, ${fmt(median(cpu))} per CPU second (runs: ${wall.map(fmt).join(', ')}; CPU ${cpu.map(fmt).join(', ')})`);
  console.log(JSON.stringify({ bench: 'vtb-replay', id: `${id}/${label.trim()}`, events_per_second: Math.round(median(wall)), cpu_events_per_second: Math.round(median(cpu)) }));
}

/** Sums what it is given in a field, so the loop's work stays observable without allocating. */
class Sink {
  sum = 0;
  applyFields(k: number, s: number, p: number, q: number): void {
    this.sum += k + s + p + q;
  }
}

/**
 * The book-alone loop in a function of its own, as the replay's is: compiled for its column types
 * once, rather than replaced on the stack halfway through the top-level loop (which swung the
 * figure between runs by a third).
 */
function applyAll(book: L2Book, k: Uint8Array, sd: Uint8Array, p: Int32Array, q: Int32Array): void {
  for (let i = 0; i < k.length; i++) book.applyFields(k[i], sd[i], p[i], q[i]);
}

async function writeCopies(
  file: string, instrument: Parameters<typeof writeVtb>[0]['instrument'], events: MarketEvent[], copies: number, version?: 2 | 3,
): Promise<number> {
  async function* repeated(): AsyncGenerator<MarketEvent[]> {
    for (let c = 0; c < copies; c++) {
      yield [{ kind: EventKind.Clear, side: Side.None, price: 0, qty: 0, orderId: 0, tsExch: events[0].tsExch, tsLocal: events[0].tsLocal, record: 1 }];
      for (let i = 0; i < events.length; i += 65536) yield events.slice(i, i + 65536);
    }
  }
  return (await writeVtb({ instrument, events: repeated() }, file, undefined, { version })).events;
}

/** Peak RSS of a fresh process replaying the cache once. */
function peakRss(file: string): { events: number; max_rss_bytes: number } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--rss', file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the --rss child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as { events: number; max_rss_bytes: number };
}

for (const src of SOURCES) {
  const day = await openMarketData([join(dataDir(), src.path)]);
  const events: MarketEvent[] = [];
  for await (const batch of day.events()) for (const e of batch) events.push(e);
  const file = join(tmpdir(), `vtb-replay-bench-${process.pid}-${src.id}.vtb`);
  const small = join(tmpdir(), `vtb-replay-bench-${process.pid}-${src.id}-10.vtb`);
  const v2 = join(tmpdir(), `vtb-replay-bench-${process.pid}-${src.id}-v2.vtb`);
  try {
    const t = performance.now();
    const written = await writeCopies(file, day.instrument, events, src.copies);
    console.log(`\n${src.path}: ${events.length} events a day x ${src.copies} = ${written} events, ${(statSync(file).size / 1e6).toFixed(1)} MB cache, written in ${(performance.now() - t).toFixed(0)} ms; target ${fmt(src.target)} events/s`);

    runsInChild(src.id, 'replayVtbBook, checksums verified       ', file, true);
    runsInChild(src.id, 'replayVtbBook, no verification          ', file, false);
    replayVtbBook(file, new L2Book()); // warm-up for the runs in this process below (page cache, JIT)
    if (!src.extras) continue;

    // Version 2 against version 3 of the same copies, one replay of each in turn per round.
    await writeCopies(v2, day.instrument, events, src.copies, 2);
    replayVtbBook(v2, new L2Book());
    const cpuRate = (f: string): number => {
      const c0 = process.cpuUsage();
      const n = replayVtbBook(f, new L2Book()).events;
      const c = process.cpuUsage(c0);
      return n / ((c.user + c.system) / 1e6);
    };
    const r2: number[] = [];
    const r3: number[] = [];
    for (let r = 0; r < 2 * RUNS; r++) {
      if (r % 2 === 0) r2.push(cpuRate(v2));
      r3.push(cpuRate(file));
      if (r % 2 === 1) r2.push(cpuRate(v2));
    }
    console.log(`format version 2 against 3, verified, in turn: median ${fmt(median(r2))} against ${fmt(median(r3))} events per CPU second (v2 cache ${(statSync(v2).size / 1e6).toFixed(1)} MB; v2 ${r2.map(fmt).join(', ')}; v3 ${r3.map(fmt).join(', ')})`);
    console.log(JSON.stringify({ bench: 'vtb-replay', id: `${src.id}/version 2 against 3`, cpu_events_per_second_v2: Math.round(median(r2)), cpu_events_per_second_v3: Math.round(median(r3)) }));

    // The same loop into a sink that only sums its arguments: what reading the cache costs
    // without the book, i.e. the ceiling the format and loop allow.
    const sink = new Sink();
    runs(src.id, 'replay loop into a no-op sink, verified', () => replayVtbBook(file, sink as unknown as L2Book).events);
    if (sink.sum === 0.5) console.log(sink.sum); // keeps the sink's work observable

    // The book alone, from columns already in memory (no file, no checksum).
    const k = Uint8Array.from(events, (e) => e.kind);
    const sd = Uint8Array.from(events, (e) => e.side);
    const p = Int32Array.from(events, (e) => e.price);
    const q = Int32Array.from(events, (e) => e.qty);
    runs(src.id, 'L2Book.applyFields alone, from memory   ', () => {
      const book = new L2Book();
      for (let c = 0; c < src.copies; c++) {
        book.clear();
        applyAll(book, k, sd, p, q);
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

    // Peak memory as the data grows four-fold: each replay in a fresh process.
    await writeCopies(small, day.instrument, events, 10);
    const rss10 = peakRss(small);
    const rss40 = peakRss(file);
    const mib = (b: number): string => (b / 2 ** 20).toFixed(0);
    console.log(`peak RSS of a replay: ${mib(rss10.max_rss_bytes)} MiB at 10 copies (${rss10.events} events, ${(statSync(small).size / 1e6).toFixed(0)} MB), ${mib(rss40.max_rss_bytes)} MiB at ${src.copies} copies (${rss40.events} events)`);
    console.log(JSON.stringify({ bench: 'vtb-replay', id: `${src.id}/peak RSS`, rss_10x_bytes: rss10.max_rss_bytes, rss_40x_bytes: rss40.max_rss_bytes }));
  } finally {
    rmSync(file, { force: true });
    rmSync(small, { force: true });
    rmSync(v2, { force: true });
  }
}
