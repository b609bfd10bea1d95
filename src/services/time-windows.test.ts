import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { EventKind, Side, type MarketEvent } from '../engine/model/events.js';
import type { MarketData } from '../data/market-data.js';
import { eventTimes, scanTimeSpan, splitWindows } from './time-windows.js';

const ev = (t: bigint): MarketEvent => ({ kind: EventKind.Trade, side: Side.Bid, price: 1, qty: 1, orderId: 0, tsExch: t, tsLocal: t, record: 1 });

describe('time windows', () => {
  it('every time in [first, last] falls in exactly one window, and the windows are in order', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 18n }), fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 1, max: 50 }), fc.bigInt({ min: 0n, max: 10n ** 12n }), (first, len, n, off) => {
        const last = first + len;
        const w = splitWindows({ first, last }, n);
        expect(w.length).toBe(n);
        expect(w[0].from).toBe(first);
        expect(w[n - 1].to).toBe(last + 1n);
        for (let i = 1; i < n; i++) expect(w[i].from).toBe(w[i - 1].to);
        const t = first + (off % (len + 1n));
        expect(w.filter((x) => x.from <= t && t < x.to).length).toBe(1);
      }),
    );
  });

  it('windows are of equal length to the nanosecond', () => {
    const w = splitWindows({ first: 100n, last: 399n }, 3);
    expect(w.map((x) => [x.index, x.of, x.from, x.to])).toEqual([[1, 3, 100n, 200n], [2, 3, 200n, 300n], [3, 3, 300n, 400n]]);
  });

  it('the clock never goes back, and the scan finds the first and last time and the count', async () => {
    const clock = eventTimes();
    expect([5n, 3n, 7n, 6n].map((t) => clock(ev(t)))).toEqual([5n, 5n, 7n, 7n]);
    const data = { events: async function* () { yield [ev(10n), ev(12n)]; yield []; yield [ev(11n), ev(20n)]; } } as unknown as MarketData;
    expect(await scanTimeSpan(data)).toEqual({ first: 10n, last: 20n, events: 4 });
    const empty = { events: async function* () { yield []; } } as unknown as MarketData;
    expect(await scanTimeSpan(empty)).toBeUndefined();
  });
});
