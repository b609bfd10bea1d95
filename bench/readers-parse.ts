/**
 * Parse throughput of every reader, in MB of source text per second (goal: >= 100 MB/s per core).
 * Each figure is a whole open (instrument inference included) plus one full events() pass, the
 * median of RUNS runs after warm-up runs (at least WARM_MS of CPU and two runs, so the figure is
 * the reader's steady speed, not the JIT compiling it; set-up garbage is collected once, before the
 * warm-up), as CPU time of this process (user + system: what one core spends, robust
 * on a shared machine) and as wall time. Source text is the uncompressed bytes; decompression of
 * gzip and zip inputs is included in the time.
 *
 * Small inputs (the Hyperliquid recording, 94 KB of text) are read REPEAT times per run, so that a run is long
 * enough to time.
 *
 * Inputs: real recordings from the data folder, and, for the formats with no large real sample,
 * the same real Binance USD-M session written in that format (native CSV, Tardis incremental_book_L2
 * and trades) in a temporary folder before anything is timed.
 *
 *   npx tsx bench/readers-parse.ts [filter]     only the cases whose name contains filter
 *   npm run bench -- readers [filter]           the same, through bench/run.ts
 *   READERS_PROCESSES=N                          fresh processes per case (default 5)
 *
 * A case's inputs are written only when the case runs, so one case alone starts quickly.
 *
 * Each case is timed in a process of its own (this script again, with --case), as one read in
 * a CLI run is: in one shared process a case's figure depended on the cases before it. Tardis
 * trades ran on code the Tardis L2 case had warmed; Hyperliquid and daily OHLCV were once timed
 * at 64 and 92 MB/s after the large cases against 136 and 116-119 alone, which six rounds of
 * each way in one quarter hour did not repeat (the small cases swing by 30% with the load). The
 * readers keep no memory once a pass is done: after gc() the heap is back within 2.5 MB of where it
 * started, for the Binance, Hyperliquid, LOBSTER and OHLCV readers.
 *
 * And each case is timed in PROCESSES fresh processes, taken in rounds (every case once, then
 * again), and the figure is the median over those processes, each process's own figure listed
 * beside it: one process's median of unchanged code has differed by up to 1.6x from the next's on
 * this machine (the whole bench once showed native CSV at 108 MB/s and at 156-180 in the runs
 * around it), so a single process per case decided the result by its luck. Rounds, not a case's
 * processes back to back, so that a change in the machine's load falls on every case alike.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import yauzl from 'yauzl';
import { EventKind, Side } from '../src/engine/model/events.js';
import { ticksToPrice, lotsToQty } from '../src/engine/model/instrument.js';
import type { MarketData } from '../src/data/market-data.js';
import { openBinance } from '../src/data/binance/index.js';
import { openLobster } from '../src/data/lobster/index.js';
import { openNative, writeNative } from '../src/data/native/index.js';
import { openOhlcv } from '../src/data/ohlcv/index.js';
import { openTardis } from '../src/data/tardis/index.js';
import { openVtb, writeVtb } from '../src/data/vtb/index.js';
import { dataDir } from '../test/support/data-dir.js';
import { median } from './median.js';

const RUNS = 5;
/** Fresh processes per case; the figure is their median. */
const PROCESSES = Math.max(1, Number(process.env.READERS_PROCESSES ?? 5));
/**
 * Warm-up runs go on until this much CPU time is spent: in a fresh process one run of a small
 * input (Tardis trades, 12 ms) left its timed runs paying for the optimising compiler, which
 * works on a thread of its own and so counts in the process's CPU time.
 */
const WARM_MS = 300;
/** `--case N --work DIR`: time case N alone (its inputs already written in DIR); else the parent. */
const caseArg = process.argv.indexOf('--case');
const only = caseArg >= 0 ? Number(process.argv[caseArg + 1]) : undefined;
const filter = only === undefined ? process.argv[2] : undefined;
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

interface Case {
  name: string;
  /** Bytes of source text (uncompressed) one run reads. */
  bytes: () => number | Promise<number>;
  open: () => Promise<MarketData[]>;
  /** Writes the case's inputs (once, before its warm-up). */
  setup?: () => Promise<unknown>;
  /** Opens and passes per run (default 1). */
  repeat?: number;
}

/** What a case's process reports to the parent (one JSON line on its stdout). */
interface Figure {
  mb: number;
  events: number;
  cpuMbS: number;
  wallMbS: number;
}

async function time(c: Case): Promise<void> {
  const cpu: number[] = [];
  const wall: number[] = [];
  let events = 0;
  const repeat = c.repeat ?? 1;
  const bytes = await c.bytes();
  // Set-up garbage is collected once, before the warm-up: a gc() forced before each timed run
  // also throws away compiled code and type feedback, so a small input was timed half cold
  // (Tardis trades: 80-110 ms of CPU a run after a forced gc(), 14-20 ms without).
  (globalThis as { gc?: () => void }).gc?.();
  const warmFrom = cpuMs();
  let warmRuns = 0;
  for (let run = -1; run < RUNS; run++) {
    const w0 = performance.now();
    const c0 = cpuMs();
    events = 0;
    for (let r = 0; r < repeat; r++) {
      for (const data of await c.open()) for await (const batch of data.events()) events += batch.length;
    }
    if (run < 0) {
      // Warm-up: repeated until two runs and WARM_MS of CPU time are done.
      if (cpuMs() - warmFrom < WARM_MS || warmRuns++ < 1) run--;
      continue;
    }
    cpu.push(cpuMs() - c0);
    wall.push(performance.now() - w0);
  }
  events /= repeat;
  const mb = (bytes * repeat) / 1e6;
  const figure: Figure = { mb, events, cpuMbS: mb / (median(cpu) / 1000), wallMbS: mb / (median(wall) / 1000) };
  console.log(JSON.stringify(figure));
}

const data = dataDir();
const usdm = join(data, 'binance/usdm/btcusdt_20240808.gz');
const hyperliquid = join(data, 'binance/hyperliquid/btcusd_20250126.gz');
const lobsterZip = join(data, 'lobster/LOBSTER_SampleFile_GOOG_2012-06-21_10.zip');
const dailyDir = join(data, 'sp500/daily');
const work = only === undefined ? mkdtempSync(join(tmpdir(), 'vtrade-readers-bench-')) : process.argv[process.argv.indexOf('--work') + 1];
const tardisL2 = join(work, 'binance-futures_incremental_book_L2_BTCUSDT.csv');
const tardisTrades = join(work, 'binance-futures_trades_BTCUSDT.csv');

async function zipTextBytes(zipPath: string): Promise<number> {
  const zip = await yauzl.openPromise(zipPath, { lazyEntries: true, autoClose: false });
  let bytes = 0;
  for await (const entry of zip.eachEntry()) if (/_(message|orderbook)_\d+\.csv$/.test(entry.fileName)) bytes += entry.uncompressedSize;
  zip.close();
  return bytes;
}

/** The real USD-M session as Tardis incremental_book_L2 and trades files (microsecond stamps). */
async function writeTardis(): Promise<void> {
  const src = await openBinance(usdm);
  const inst = src.instrument;
  const l2: string[] = ['exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount'];
  const trades: string[] = ['exchange,symbol,timestamp,local_timestamp,id,side,price,amount'];
  let snapshotTs = -1n;
  let id = 0;
  for await (const batch of src.events()) {
    for (const e of batch) {
      const us = e.tsExch / 1000n;
      const local = e.tsLocal / 1000n;
      if (e.kind === EventKind.Clear) snapshotTs = e.tsExch;
      else if (e.kind === EventKind.Level) {
        const snap = e.tsExch === snapshotTs;
        l2.push(`binance-futures,BTCUSDT,${us},${local},${snap},${e.side === Side.Bid ? 'bid' : 'ask'},${ticksToPrice(inst, e.price)},${lotsToQty(inst, e.qty)}`);
      } else if (e.kind === EventKind.Trade) {
        trades.push(`binance-futures,BTCUSDT,${us},${local},${++id},${e.side === Side.Bid ? 'buy' : 'sell'},${ticksToPrice(inst, e.price)},${lotsToQty(inst, e.qty)}`);
      }
    }
  }
  writeFileSync(tardisL2, l2.join('\n') + '\n');
  writeFileSync(tardisTrades, trades.join('\n') + '\n');
}

async function main(): Promise<void> {
  const nativePath = join(work, 'usdm.csv');
  const vtbPath = join(work, 'goog10.vtb');
  let tardisWritten = false;
  const writeTardisOnce = async (): Promise<void> => {
    if (!tardisWritten) await writeTardis();
    tardisWritten = true;
  };
  const daily = readdirSync(dailyDir).filter((f) => f.endsWith('.csv')).map((f) => join(dailyDir, f));
  const gunzipped = (path: string) => () => gunzipSync(readFileSync(path)).length;

  const cases: Case[] = [
    { name: 'LOBSTER GOOG 2012-06-21, 10 levels (zip; message + orderbook)', bytes: () => zipTextBytes(lobsterZip), open: async () => [await openLobster(lobsterZip)] },
    { name: 'Binance USD-M BTCUSDT 2024-08-08 (gzip), instrument inferred', bytes: gunzipped(usdm), open: async () => [await openBinance(usdm)] },
    // The survey keeps the text it decompressed for the first pass up to 64 MiB: a longer session
    // is decompressed twice, as this case (nothing kept) shows.
    { name: 'Binance USD-M, as a session too long to keep (decompressed twice)', bytes: gunzipped(usdm), open: async () => [await openBinance(usdm, { keepBytes: 0 })] },
    { name: 'Hyperliquid BTC 2025-01-26 (gzip), instrument inferred', bytes: gunzipped(hyperliquid), open: async () => [await openBinance(hyperliquid)], repeat: 50 },
    {
      name: 'native CSV (the same USD-M session, plain)',
      setup: async () => writeNative(await openBinance(usdm), nativePath),
      bytes: () => statSync(nativePath).size,
      open: async () => [await openNative(nativePath, { allowUnordered: true })],
    },
    {
      name: 'Tardis incremental_book_L2 (the same session, plain), instrument inferred',
      setup: writeTardisOnce,
      bytes: () => statSync(tardisL2).size,
      open: async () => [await openTardis(tardisL2, { allowUnordered: true })],
    },
    {
      name: 'Tardis trades (the same session, plain), instrument inferred',
      setup: writeTardisOnce,
      bytes: () => statSync(tardisTrades).size,
      open: async () => [await openTardis(tardisTrades, { allowUnordered: true })],
    },
    {
      name: `daily OHLCV, ${daily.length} S&P 500 files, instrument inferred`,
      bytes: () => daily.reduce((n, f) => n + statSync(f).size, 0),
      open: async () => Promise.all(daily.map((f) => openOhlcv(f))),
    },
    {
      name: '.vtb cache of LOBSTER GOOG 10 levels (file bytes)',
      setup: async () => writeVtb(await openLobster(lobsterZip), vtbPath),
      bytes: () => statSync(vtbPath).size,
      open: async () => [openVtb(vtbPath)],
    },
  ];
  if (only !== undefined) return time(cases[only]);
  const chosen = [...cases.keys()].filter((i) => !filter || cases[i].name.toLowerCase().includes(filter.toLowerCase()));
  for (const i of chosen) await cases[i].setup?.();
  const figures = new Map<number, Figure[]>(chosen.map((i) => [i, []]));
  for (let round = 0; round < PROCESSES; round++) {
    for (const i of chosen) {
      const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1], '--case', String(i), '--work', work], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
      const line = (child.stdout ?? '').split('\n').find((l) => l.startsWith('{'));
      if (child.status !== 0 || line === undefined) {
        process.exitCode = 1;
        continue;
      }
      figures.get(i)?.push(JSON.parse(line) as Figure);
    }
  }
  console.log(`each case in ${PROCESSES} fresh processes, taken in rounds; a process's figure is the median of ${RUNS} runs after warm-up runs (${WARM_MS} ms of CPU or more); the figure is the median over the processes. MB of source text; CPU = user + system time of the process`);
  console.log('| input | text | events | per CPU second (median of processes) | each process, CPU | per wall second |');
  console.log('|---|---|---|---|---|---|');
  for (const i of chosen) {
    const fs = figures.get(i) ?? [];
    if (fs.length === 0) continue;
    const cpu = median(fs.map((f) => f.cpuMbS));
    const wall = median(fs.map((f) => f.wallMbS));
    const each = fs.map((f) => f.cpuMbS.toFixed(0)).join(', ');
    console.log(`| ${cases[i].name} | ${fs[0].mb.toFixed(1)} MB | ${fs[0].events.toLocaleString('en-US')} | **${cpu.toFixed(0)} MB/s** | ${each} | ${wall.toFixed(0)} MB/s |`);
  }
}

try {
  await main();
} finally {
  if (only === undefined) rmSync(work, { recursive: true, force: true });
}
