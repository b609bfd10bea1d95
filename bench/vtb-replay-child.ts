/**
 * The timed side of bench/vtb-replay.ts: one fresh process per call, as `vtrade data replay`
 * runs, printing one JSON line.
 *
 *   --time FILE verify|noverify   warm-up until steady, then RUNS timed replays of FILE
 *   --turn V2FILE V3FILE          both warmed, then one replay of each in turn, 2 x RUNS
 *   --sink FILE                   the replay loop into a no-op sink, verified
 *   --book FILE COPIES            L2Book.applyFields alone, from columns in memory
 *   --events FILE                 openVtb events() + book.apply
 *   --rss FILE                    one replay, and the process's peak RSS
 *
 * This file imports only the .vtb code and the book, all ES modules, and must stay so. Under
 * tsx, importing a CommonJS package (yauzl, through the readers) detaches an ArrayBuffer in this
 * thread, and from then on V8 checks every typed-array access of optimised code for a detached
 * buffer (the "ArrayBufferDetaching" protector, `node --trace-protector-invalidation`): the
 * replay settles about 10 % slower (55 against 61 M events/s on GOOG, CPU, in turn). The built
 * CLI (plain node) detaches nothing before a replay. The parent counts the invalidations its
 * children report and says so when there is more than tsx's own loader thread's one.
 */
import { L2Book } from '../src/engine/book/l2-book.js';
import { openVtb, replayVtbBook } from '../src/data/vtb/index.js';
import { EventKind } from '../src/engine/model/events.js';

export const RUNS = 5;
/**
 * Warm-up: at least this many replays and this much CPU time, then on until one replay's rate is
 * within STEADY of the one before it (at most WARM_MAX_MS of CPU). After one replay of the 40-copy
 * GOOG cache, the next ran at 85-90 % of the steady rate on a quiet machine, and on a busy one the
 * optimising compiler (a thread of its own, waiting for a core) landed its code several replays
 * later still: one bench's timed runs climbed 27 -> 38 -> 46 -> 55 -> 54 M/s.
 */
const WARM_MIN_RUNS = 3;
const WARM_MIN_MS = 1000;
const WARM_MAX_MS = 6000;
const STEADY = 0.03;

const cpuSeconds = (c0: NodeJS.CpuUsage): number => {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
};

interface Timed {
  events: number;
  wall: number;
  cpu: number;
}

function timed(run: () => number): Timed {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const events = run();
  const wall = (performance.now() - t0) / 1000;
  return { events, wall, cpu: cpuSeconds(c0) };
}

/** Runs `run` until it is steady (see WARM_*); returns how many runs and CPU seconds that took. */
function warm(run: () => number): { runs: number; cpu: number } {
  const c0 = process.cpuUsage();
  let runs = 0;
  let last = 0;
  for (;;) {
    const t = timed(run);
    runs++;
    const rate = t.events / t.cpu;
    const spent = cpuSeconds(c0) * 1000;
    if (spent >= WARM_MAX_MS) break;
    if (runs >= WARM_MIN_RUNS && spent >= WARM_MIN_MS && Math.abs(rate - last) <= STEADY * last) break;
    last = rate;
  }
  return { runs, cpu: cpuSeconds(c0) };
}

function timeRuns(run: () => number): void {
  const warmed = warm(run);
  const times: Timed[] = [];
  for (let r = 0; r < RUNS; r++) times.push(timed(run));
  console.log(JSON.stringify({ warm: warmed, times }));
}

/** Sums what it is given in a field, so the loop's work stays observable without allocating. */
class Sink {
  sum = 0;
  applyFields(k: number, s: number, p: number, q: number): void {
    this.sum += k + s + p + q;
  }
}

/** The book-alone loop in a function of its own, compiled for its column types once. */
function applyAll(book: L2Book, k: Uint8Array, sd: Uint8Array, p: Int32Array, q: Int32Array): void {
  for (let i = 0; i < k.length; i++) book.applyFields(k[i], sd[i], p[i], q[i]);
}

/** The first copy of a bench cache (up to its second Clear) as columns. */
async function firstCopy(file: string): Promise<{ k: Uint8Array; sd: Uint8Array; p: Int32Array; q: Int32Array }> {
  const k: number[] = [];
  const sd: number[] = [];
  const p: number[] = [];
  const q: number[] = [];
  read: for await (const batch of openVtb(file).events()) {
    for (const e of batch) {
      if (e.kind === EventKind.Clear && k.length > 0) break read;
      k.push(e.kind);
      sd.push(e.side);
      p.push(e.price);
      q.push(e.qty);
    }
  }
  return { k: Uint8Array.from(k), sd: Uint8Array.from(sd), p: Int32Array.from(p), q: Int32Array.from(q) };
}

async function main(): Promise<void> {
  const [mode, a, b] = process.argv.slice(2);
  if (mode === '--time') {
    const opts = { verify: b !== 'noverify' };
    timeRuns(() => replayVtbBook(a, new L2Book(), undefined, opts).events);
  } else if (mode === '--turn') {
    const run = (f: string) => () => replayVtbBook(f, new L2Book()).events;
    const warmed = [warm(run(a)), warm(run(b))];
    const v2: Timed[] = [];
    const v3: Timed[] = [];
    for (let r = 0; r < 2 * RUNS; r++) {
      if (r % 2 === 0) v2.push(timed(run(a)));
      v3.push(timed(run(b)));
      if (r % 2 === 1) v2.push(timed(run(a)));
    }
    console.log(JSON.stringify({ warm: warmed, v2, v3 }));
  } else if (mode === '--sink') {
    const sink = new Sink();
    timeRuns(() => replayVtbBook(a, sink as unknown as L2Book).events);
    if (sink.sum === 0.5) console.error(sink.sum); // keeps the sink's work observable
  } else if (mode === '--book') {
    const { k, sd, p, q } = await firstCopy(a);
    const copies = Number(b);
    timeRuns(() => {
      const book = new L2Book();
      for (let c = 0; c < copies; c++) {
        book.clear();
        applyAll(book, k, sd, p, q);
      }
      return copies * k.length;
    });
  } else if (mode === '--events') {
    const times: Timed[] = [];
    for (let r = 0; r < 3; r++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const book = new L2Book();
      let events = 0;
      for await (const batch of openVtb(a).events()) {
        for (const e of batch) book.apply(e);
        events += batch.length;
      }
      times.push({ events, wall: (performance.now() - t0) / 1000, cpu: cpuSeconds(c0) });
    }
    console.log(JSON.stringify({ times }));
  } else if (mode === '--rss') {
    const t = timed(() => replayVtbBook(a, new L2Book()).events);
    console.log(JSON.stringify({ events: t.events, cpu_seconds: t.cpu, max_rss_bytes: process.resourceUsage().maxRSS * 1024 }));
  } else throw new Error(`unknown mode ${mode}`);
}

await main();
