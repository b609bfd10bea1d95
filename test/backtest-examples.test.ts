import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import { unzipSync, strFromU8 } from 'fflate';
import { SYNTH, strategy, AMZN, BTC, runOut, runJson, expectReconciles, expectExplained, expectOrders } from './support/backtest-runs.js';

/**
 * The example strategies through the real bin/vtrade, on the shipped synthetic fixture and on
 * recorded data: fills that the recorded book and tape account for.
 */

/** LOBSTER: seconds after midnight as decimal text -> ns, rounding past the 9th decimal half up. */
function lobsterNs(text: string): bigint {
  const [whole, frac = ''] = text.split('.');
  let ns = BigInt(whole) * 1_000_000_000n + BigInt((frac + '000000000').slice(0, 9));
  if (frac.length > 9 && Number(frac[9]) >= 5) ns += 1n;
  return ns;
}

interface LobsterDay {
  /** Per message: time (ns after midnight), type, price (dollars x 10000), direction. */
  times: bigint[];
  types: number[];
  prices: number[];
  dirs: number[];
  /** Per message: the book after it, [ask price, ask size, bid price, bid size] x levels. */
  books: number[][];
}

function readLobster(zip: string): LobsterDay {
  const files = unzipSync(readFileSync(zip), { filter: (f) => f.name.endsWith('.csv') });
  const name = (part: string) => Object.keys(files).find((n) => n.includes(part))!;
  const messages = strFromU8(files[name('message')]).trimEnd().split('\n');
  const books = strFromU8(files[name('orderbook')]).trimEnd().split('\n');
  const day: LobsterDay = { times: [], types: [], prices: [], dirs: [], books: books.map((l) => l.split(',').map(Number)) };
  for (const line of messages) {
    const c = line.split(',');
    day.times.push(lobsterNs(c[0]));
    day.types.push(Number(c[1]));
    day.prices.push(Number(c[4]));
    day.dirs.push(Number(c[5]));
  }
  return day;
}

/** Index of the last message at or before `t` (ns after midnight). */
function lastAtOrBefore(day: LobsterDay, t: bigint): number {
  let lo = 0;
  let hi = day.times.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (day.times[mid] <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** New York midnight of 2012-06-21 (EDT, UTC-4) in epoch ns. */
const AMZN_MIDNIGHT = BigInt(Date.UTC(2012, 5, 21, 4)) * 1_000_000n;
const lobsterPrice = (p: string) => new Decimal(p).times(10000).toNumber();

describe('vtrade backtest: example strategies', () => {
  it('each example runs on the shipped synthetic fixture and fills', () => {
    const mm = runJson(['--data', SYNTH, '--strategy', strategy('market-maker')]);
    expect(mm.kpis.maker_fills).toBeGreaterThan(0);
    const twap = runJson(['--data', SYNTH, '--strategy', strategy('twap')]);
    expect(twap.kpis.taker_fills).toBeGreaterThan(0);
    const mom = runJson(['--data', SYNTH, '--strategy', strategy('momentum')]);
    expect(mom.kpis.taker_fills).toBeGreaterThan(0);
  });

  it('market maker and TWAP on LOBSTER AMZN: fills that the recorded book and tape account for', () => {
    const day = readLobster(AMZN);

    // The same check under an L2 queue model and under exact FIFO on LOBSTER's order ids.
    for (const queue of ['risk-averse', 'fifo']) {
      const mm = runOut(['--data', AMZN, '--strategy', strategy('market-maker'), '--queue', queue]);
      expect(mm.report.instrument.symbol).toBe('AMZN');
      expect(mm.report.models.queue.name).toBe(queue);
      expect(mm.report.kpis.maker_fills).toBeGreaterThan(0);
      expectReconciles(mm.report, mm.fills);
      // A resting order fills only when a recorded execution at that instant reached its price,
      // or when the recorded book then showed the other side through it; under exact FIFO also
      // when an order of the other side was added at or through its price (it met ours).
      for (const f of mm.fills) {
        const t = BigInt(f.ts_venue) - AMZN_MIDNIGHT;
        const p = lobsterPrice(f.price);
        const buy = f.side === 'buy';
        let i = lastAtOrBefore(day, t);
        expect(day.times[i], `fill ${f.seq} at a message time`).toBe(t);
        let explained = false;
        for (; i >= 0 && day.times[i] === t && !explained; i--) {
          const type = day.types[i];
          const execHere = (type === 4 || type === 5) && day.dirs[i] === (buy ? 1 : -1) && (buy ? day.prices[i] <= p : day.prices[i] >= p);
          const cross = type === 6 && (buy ? day.prices[i] <= p : day.prices[i] >= p);
          const reached = queue === 'fifo' && type === 1 && day.dirs[i] === (buy ? -1 : 1) && (buy ? day.prices[i] <= p : day.prices[i] >= p);
          const book = day.books[i];
          const through = buy ? book[0] > 0 && book[0] < p : book[2] > 0 && book[2] > p;
          explained = execHere || cross || through || reached;
        }
        expect(explained, `${queue}: maker fill ${f.seq} ${f.side} ${f.price} at ${t}`).toBe(true);
      }
    }

    const twap = runOut(['--data', AMZN, '--strategy', strategy('twap')]);
    expect(twap.report.kpis.taker_fills).toBeGreaterThan(0);
    expectExplained(twap.report, twap.fills);
    expectReconciles(twap.report, twap.fills);
    // An aggressive order takes the recorded book as it stood when it arrived: whole levels
    // from the touch outwards, the last one possibly in part.
    for (const f of twap.fills) {
      const book = day.books[lastAtOrBefore(day, BigInt(f.ts_venue) - AMZN_MIDNIGHT)];
      const off = f.side === 'buy' ? 0 : 2;
      f.levels!.forEach(([price, qty], k) => {
        expect(lobsterPrice(price), `fill ${f.seq} level ${k}`).toBe(book[4 * k + off]);
        const size = book[4 * k + off + 1];
        if (k < f.levels!.length - 1) expect(Number(qty)).toBe(size);
        else expect(Number(qty)).toBeLessThanOrEqual(size);
      });
    }
  });

  it('momentum and market maker on Binance USD-M BTCUSDT fill as takers and makers', () => {
    const mom = runOut(['--data', BTC, '--strategy', strategy('momentum')]);
    expect(mom.report.instrument.symbol).toBe('BTCUSDT');
    expect(mom.report.kpis.taker_fills).toBeGreaterThan(0);
    expectExplained(mom.report, mom.fills);
    expectReconciles(mom.report, mom.fills);

    const mm = runOut(['--data', BTC, '--strategy', strategy('market-maker')]);
    expect(mm.report.kpis.maker_fills).toBeGreaterThan(0);
    expectExplained(mm.report, mm.fills);
    expectOrders(mm.report, mm.orders, mm.fills);
    expectReconciles(mm.report, mm.fills);
  });
});
