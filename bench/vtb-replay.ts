/**
 * Replay speed of the .vtb fast path (book only) on real streams.
 *
 * For each recording (LOBSTER GOOG 2012-06-21 L10: L3 messages plus the level corrections that
 * make the book match the orderbook file; Binance USD-M BTCUSDT 2024-08-08: a 5,000-level book of
 * depth diffs) it builds a cache of the day repeated with a Clear between copies, so it is long
 * enough to time, and replays it into an L2Book with its checksums verified (the default) and
 * without, as the process's CPU time (steadier on a shared machine) and as wall time.
 *
 * Every timing runs in a fresh process (bench/vtb-replay-child.ts), as `vtrade data replay`
 * does: this one has read the recordings, which ran the book's code with the readers' arguments
 * (the replay compiled after that was 10-20 % slower) and, under tsx, detached an ArrayBuffer (see
 * the child). A process warms up until its replay rate is steady, then times 5 replays; the
 * figure is the median over PROCESSES processes of each one's median, because a whole process
 * can settle fast or slow: the median over fresh processes is the honest measure of what one
 * `data replay` gets, and each process's figure is printed beside it.
 *
 * The cache is the format the writer writes (version 3); on GOOG the same copies are also
 * written as version 2 and the two replays timed in turn, round by round, so the formats are
 * compared under the same load. On GOOG it also times the loop into a no-op sink, the book alone
 * from memory and the generic openVtb stream, and replays a 10x and the 40x cache to show that
 * peak memory does not grow with the data.
 *
 *   npx tsx bench/vtb-replay.ts
 */
import { spawnSync } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { EventKind, Side, type MarketEvent } from '../src/engine/model/events.js';
import { dataDir } from '../test/support/data-dir.js';
import { openMarketData } from '../src/data/open.js';
import { writeVtb } from '../src/data/vtb/index.js';
import { median } from './median.js';

/** Fresh processes per case (each: a warm-up until steady, then 5 timed replays). */
const PROCESSES = 5;
const child = join(dirname(fileURLToPath(import.meta.url)), 'vtb-replay-child.ts');
/** Protector invalidations a tsx child reports before any of ours: its loader thread's one. */
const TSX_OWN_INVALIDATIONS = 1;

const SOURCES = [
  { id: 'goog-l10', path: 'lobster/LOBSTER_SampleFile_GOOG_2012-06-21_10.zip', copies: 40, target: 50e6, extras: true },
  { id: 'btc', path: 'binance/usdm/btcusdt_20240808.gz', copies: 20, target: 25e6, extras: false },
];
const fmt = (x: number): string => `${(x / 1e6).toFixed(1)}M`;

interface Timed {
  events: number;
  wall: number;
  cpu: number;
}

/** Runs the timing child once; its JSON line, and a warning when it ran with detached-buffer checks. */
function runChild<T>(...args: string[]): T {
  const r = spawnSync(process.execPath, ['--trace-protector-invalidation', '--import', 'tsx', child, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the ${args[0]} child failed: ${r.stderr}`);
  const invalidations = (r.stdout.match(/Invalidating protector cell ArrayBufferDetaching/g) ?? []).length;
  if (invalidations > TSX_OWN_INVALIDATIONS) {
    console.log(`warning: the ${args[0]} child detached an ArrayBuffer (${invalidations} protector invalidations): its typed-array accesses were checked, about 10 % slower`);
  }
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as T;
}

/**
 * The same measure in PROCESSES fresh processes: each process's median of its timed runs, and the
 * median of those. One process can settle fast or slow as a whole (code placement, what else the
 * machine's host runs), so the median over processes is the figure, and each is listed.
 */
function acrossProcesses(id: string, label: string, args: string[], processes = PROCESSES): void {
  const wall: number[] = [];
  const cpu: number[] = [];
  const warmRuns: number[] = [];
  for (let p = 0; p < processes; p++) {
    const { warm, times } = runChild<{ warm: { runs: number; cpu: number }; times: Timed[] }>(...args);
    wall.push(median(times.map((t) => t.events / t.wall)));
    cpu.push(median(times.map((t) => t.events / t.cpu)));
    warmRuns.push(warm.runs);
  }
  console.log(`${label}: median ${fmt(median(cpu))} events per CPU second, ${fmt(median(wall))} wall (${processes} processes, each the median of its 5 timed runs after ${warmRuns.join('/')} warm-up runs: CPU ${cpu.map(fmt).join(', ')}; wall ${wall.map(fmt).join(', ')})`);
  console.log(JSON.stringify({ bench: 'vtb-replay', id: `${id}/${label.trim()}`, events_per_second: Math.round(median(wall)), cpu_events_per_second: Math.round(median(cpu)), processes, cpu_per_process: cpu.map(Math.round) }));
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

    acrossProcesses(src.id, 'replayVtbBook, checksums verified       ', ['--time', file, 'verify']);
    acrossProcesses(src.id, 'replayVtbBook, no verification          ', ['--time', file, 'noverify'], 3);
    if (!src.extras) continue;

    // Version 2 against version 3 of the same copies, one replay of each in turn per round.
    await writeCopies(v2, day.instrument, events, src.copies, 2);
    const turn = runChild<{ v2: Timed[]; v3: Timed[] }>('--turn', v2, file);
    const rate = (t: Timed): number => t.events / t.cpu;
    const r2 = turn.v2.map(rate);
    const r3 = turn.v3.map(rate);
    console.log(`format version 2 against 3, verified, in turn: median ${fmt(median(r2))} against ${fmt(median(r3))} events per CPU second (v2 cache ${(statSync(v2).size / 1e6).toFixed(1)} MB; v2 ${r2.map(fmt).join(', ')}; v3 ${r3.map(fmt).join(', ')})`);
    console.log(JSON.stringify({ bench: 'vtb-replay', id: `${src.id}/version 2 against 3`, cpu_events_per_second_v2: Math.round(median(r2)), cpu_events_per_second_v3: Math.round(median(r3)) }));

    // The same loop into a sink that only sums its arguments: what reading the cache costs
    // without the book, i.e. the ceiling the format and loop allow.
    acrossProcesses(src.id, 'replay loop into a no-op sink, verified', ['--sink', file], 3);
    // The book alone, from columns already in memory (no file, no checksum).
    acrossProcesses(src.id, 'L2Book.applyFields alone, from memory   ', ['--book', file, String(src.copies)], 3);

    const stream = runChild<{ times: Timed[] }>('--events', file).times;
    console.log(`openVtb events() + book.apply: median ${fmt(median(stream.map((x) => x.events / x.cpu)))} events per CPU second, ${fmt(median(stream.map((x) => x.events / x.wall)))} wall (3 runs, no warm-up)`);

    // Peak memory as the data grows four-fold: each replay in a fresh process.
    await writeCopies(small, day.instrument, events, 10);
    const rss10 = runChild<{ events: number; max_rss_bytes: number }>('--rss', small);
    const rss40 = runChild<{ events: number; max_rss_bytes: number }>('--rss', file);
    const mib = (b: number): string => (b / 2 ** 20).toFixed(0);
    console.log(`peak RSS of a replay: ${mib(rss10.max_rss_bytes)} MiB at 10 copies (${rss10.events} events, ${(statSync(small).size / 1e6).toFixed(0)} MB), ${mib(rss40.max_rss_bytes)} MiB at ${src.copies} copies (${rss40.events} events)`);
    console.log(JSON.stringify({ bench: 'vtb-replay', id: `${src.id}/peak RSS`, rss_10x_bytes: rss10.max_rss_bytes, rss_40x_bytes: rss40.max_rss_bytes }));
  } finally {
    rmSync(file, { force: true });
    rmSync(small, { force: true });
    rmSync(v2, { force: true });
  }
}
