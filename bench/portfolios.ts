/**
 * Many portfolios marked to market on every tick: 10,000 portfolios of 20 positions over the
 * 100 S&P 500 symbols of the daily data, positions drawn from a seeded generator, then the daily
 * closes replayed in date order, each day-to-day move cut into K linear intraday steps, so
 * every symbol ticks K times a day. Each tick revalues every holding of its symbol (~2,000).
 * Two sizes (K = 6 and K = 24) show the memory does not grow with the tick count; median of 3
 * runs each.
 *
 *   npx tsx bench/portfolios.ts
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { openOhlcv } from '../src/data/ohlcv/index.js';
import { dataDir } from '../test/support/data-dir.js';
import { type Instrument, ticksToPrice } from '../src/engine/model/instrument.js';
import { LedgerDecimal } from '../src/engine/portfolio/lots.js';
import { Portfolio } from '../src/engine/portfolio/portfolio.js';
import { PortfolioSet } from '../src/engine/portfolio/portfolio-set.js';
import { SeededRandom } from '../src/engine/random/seeded-random.js';
import { median } from './median.js';

const PORTFOLIOS = 10_000;
const POSITIONS = 20;
const CASH = 1_000_000;
const SEED = 20180207;
const RUNS = 3;
const SIZES = [6, 24];

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
const maxRssBytes = () => process.resourceUsage().maxRSS * 1024;

/** The daily closes as a dense date x symbol matrix (NaN where a symbol has no bar that day). */
async function loadCloses(): Promise<{ instruments: Instrument[]; days: number; closes: Float64Array }> {
  const dir = join(dataDir(), 'sp500/daily');
  const files = readdirSync(dir).filter((f) => f.endsWith('.csv')).sort();
  const instruments: Instrument[] = [];
  const series: Map<string, number>[] = [];
  for (const f of files) {
    const data = await openOhlcv(join(dir, f));
    const byDate = new Map<string, number>();
    for await (const batch of data.bars()) for (const b of batch) byDate.set(b.date, Number(ticksToPrice(data.instrument, b.close)));
    instruments.push(data.instrument);
    series.push(byDate);
  }
  const dates = [...new Set(series.flatMap((m) => [...m.keys()]))].sort();
  const n = instruments.length;
  const closes = new Float64Array(dates.length * n).fill(Number.NaN);
  dates.forEach((date, d) => series.forEach((m, s) => (closes[d * n + s] = m.get(date) ?? Number.NaN)));
  return { instruments, days: dates.length, closes };
}

function firstCloses(closes: Float64Array, days: number, n: number): Float64Array {
  const first = new Float64Array(n).fill(Number.NaN);
  for (let d = 0; d < days; d++) for (let s = 0; s < n; s++) if (Number.isNaN(first[s])) first[s] = closes[d * n + s];
  return first;
}

/** 10,000 portfolios: 20 distinct symbols each (partial Fisher-Yates), 10% of holdings short. */
function build(symbols: string[], first: Float64Array): PortfolioSet {
  const set = new PortfolioSet(symbols);
  const rng = new SeededRandom(SEED);
  const perm = Int32Array.from(symbols.keys());
  for (let p = 0; p < PORTFOLIOS; p++) {
    const id = set.addPortfolio(CASH);
    for (let k = 0; k < POSITIONS; k++) {
      const j = k + rng.int(symbols.length - k);
      [perm[k], perm[j]] = [perm[j], perm[k]];
      const s = perm[k];
      const qty = (rng.next() < 0.1 ? -1 : 1) * (1 + rng.int(1000));
      set.setPosition(id, s, qty, first[s]);
    }
  }
  return set;
}

/** Replays the closes in date order, each day's move in `steps` linear steps; returns the work done. */
function replay(set: PortfolioSet, closes: Float64Array, days: number, n: number, steps: number): { ticks: number; revaluations: number } {
  const prev = new Float64Array(n).fill(Number.NaN);
  for (let s = 0; s < n; s++) prev[s] = closes[s];
  let ticks = 0;
  let revaluations = 0;
  for (let d = 1; d < days; d++) {
    const row = d * n;
    for (let k = 1; k <= steps; k++) {
      const f = k / steps;
      for (let s = 0; s < n; s++) {
        const c1 = closes[row + s];
        if (Number.isNaN(c1)) continue;
        const c0 = Number.isNaN(prev[s]) ? c1 : prev[s];
        revaluations += set.onTick(s, c0 + (c1 - c0) * f);
        ticks++;
      }
    }
    for (let s = 0; s < n; s++) if (!Number.isNaN(closes[row + s])) prev[s] = closes[row + s];
  }
  return { ticks, revaluations };
}

const { instruments, days, closes } = await loadCloses();
const symbols = instruments.map((i) => i.symbol);
const n = symbols.length;
const first = firstCloses(closes, days, n);
console.log(`data: ${n} symbols, ${days} trading days of daily closes (sp500/daily)`);
const rssLoaded = process.memoryUsage().rss;
const set = build(symbols, first);
let holdings = 0;
for (let s = 0; s < n; s++) holdings += set.holderCount(s);
const rssBuilt = process.memoryUsage().rss;
console.log(`book: ${PORTFOLIOS} portfolios x ${POSITIONS} positions = ${holdings} holdings, ${(holdings / n).toFixed(0)} holders per symbol on average; rss ${mib(rssLoaded)} MiB loaded -> ${mib(rssBuilt)} MiB built`);

replay(set, closes, Math.min(days, 50), n, 2); // warm-up
for (const steps of SIZES) {
  const secs: number[] = [];
  let work = { ticks: 0, revaluations: 0 };
  const heapBefore = process.memoryUsage().heapUsed;
  for (let r = 0; r < RUNS; r++) {
    const t0 = process.hrtime.bigint();
    work = replay(set, closes, days, n, steps);
    secs.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  const heapAfter = process.memoryUsage().heapUsed;
  const drift = set.resync();
  const s = median(secs);
  const rate = work.revaluations / s;
  console.log(
    `${steps} ticks per symbol-day: ${(work.ticks / 1e6).toFixed(2)} M ticks, ${(work.revaluations / 1e9).toFixed(2)} G revaluations, median ${s.toFixed(2)} s ` +
      `= ${(rate / 1e6).toFixed(0)} M revaluations/s, ${(work.ticks / s / 1e6).toFixed(2)} M ticks/s (runs s: ${secs.map((x) => x.toFixed(2)).join(', ')}); ` +
      `rss ${mib(process.memoryUsage().rss)} MiB, peak rss ${mib(maxRssBytes())} MiB, heap ${mib(heapBefore)} -> ${mib(heapAfter)} MiB; NAV drift at resync ${drift.toExponential(1)}`,
  );
  console.log(
    JSON.stringify({
      bench: 'portfolios',
      portfolios: PORTFOLIOS,
      holdings,
      ticks: work.ticks,
      revaluations: work.revaluations,
      seconds: s,
      revaluations_per_second: Math.round(rate),
      peak_rss_mib: Math.round(maxRssBytes() / 2 ** 20),
    }),
  );
}

// Cross-check portfolio 0 against the exact-books Portfolio at the final prices, with the GICS
// sectors the reader took from the constituents list, and show its allocation.
const bySymbol = new Map(instruments.map((i) => [i.symbol, i]));
const rng = new SeededRandom(SEED);
const perm = Int32Array.from(symbols.keys());
const mirror = new Portfolio(0);
for (let k = 0; k < POSITIONS; k++) {
  const j = k + rng.int(n - k);
  [perm[k], perm[j]] = [perm[j], perm[k]];
  const s = perm[k];
  const qty = (rng.next() < 0.1 ? -1 : 1) * (1 + rng.int(1000));
  mirror.addInstrument(bySymbol.get(symbols[s]) as Instrument);
  mirror.fill(symbols[s], qty > 0 ? 'buy' : 'sell', Math.abs(qty), first[s]);
  mirror.mark(symbols[s], set.lastPrice(s));
}
mirror.deposit(new LedgerDecimal(CASH).minus(mirror.cash));
console.log(
  `portfolio 0: NAV ${set.nav(0).toFixed(2)} (set) vs ${mirror.nav.toFixed(2)} (Portfolio), relative difference ${(Math.abs(set.nav(0) - mirror.nav) / Math.abs(mirror.nav)).toExponential(1)}; ` +
    `unrealized ${set.unrealized(0).toFixed(2)} vs ${mirror.unrealized().avg.toFixed(2)}`,
);
const alloc = [...mirror.allocationBySector()].sort((a, b) => b[1].weight - a[1].weight);
console.log(`portfolio 0 by sector (of gross): ${alloc.map(([k, v]) => `${k} ${(v.weight * 100).toFixed(1)}%`).join(', ')}`);
