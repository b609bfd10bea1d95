import { describe, expect, it } from 'vitest';
import { makeLatencyModel } from '../exchange/latency-models.js';
import { bid, snapshot } from '../../../test/support/engine-fixtures.js';
import { kernelConfig, run, scripted } from '../../../test/support/kernel-fixtures.js';

/*
 * The equity curve: a sample of the account's equity (cash plus positions at the mark) on the
 * first event at or after each interval (1,000 ns here), and one at the end. Equity is worked
 * out again only when what it depends on changed, so these cases change it in ways a cache
 * could miss.
 */

const BOOK = () => snapshot([[99, 5]], [[101, 5]], 0n);

describe('equity samples', () => {
  it('a round trip between two samples that ends flat shows its loss: the same position, other cash', () => {
    // buy 1 at 101, sell 1 at 99 (cash 1000 -> 998), both between the samples at 0 and 1500
    const s = scripted([
      { at: 100n, run: (ctx) => void ctx.submit({ side: 'buy', type: 'market', qty: 1 }) },
      { at: 200n, run: (ctx) => void ctx.submit({ side: 'sell', type: 'market', qty: 1 }) },
    ]);
    const r = run(kernelConfig(), s, [...BOOK(), bid(98, 1, 1500n)], 1);
    expect(r.fills.map((f) => [f.side, f.price])).toEqual([
      ['buy', 101],
      ['sell', 99],
    ]);
    // cash 1000 - 1.01 + 0.99
    expect(r.nav.map((p) => [p.ts, p.equity])).toEqual([
      [0n, '1000'],
      [1500n, '999.98'],
      [1500n, '999.98'],
    ]);
  });

  it('a position is valued at each sample at the mark of the moment, with no trade between', () => {
    // long 2 bought at 1.01 (cash 997.98); the mark, the mid rounded half up, goes 100 -> 101 -> 100 -> 101 ticks
    const s = scripted([{ at: 100n, run: (ctx) => void ctx.submit({ side: 'buy', type: 'market', qty: 2 }) }]);
    const events = [...BOOK(), bid(100, 5, 1000n), bid(100, 0, 2000n), bid(100, 5, 3000n)];
    const r = run(kernelConfig(), s, events, 1);
    expect(r.account.cash.toFixed()).toBe('997.98');
    expect(r.nav.map((p) => [p.ts, p.equity])).toEqual([
      [0n, '1000'],
      [1000n, '1000'],
      [2000n, '999.98'],
      [3000n, '1000'],
      [3000n, '1000'],
    ]);
  });
});

describe('the last equity sample', () => {
  it('is taken when the last report after the data has come back, and the run ends then', () => {
    // sent at the last event (1000): it reaches the venue at 1300 and its fill comes back at 1500
    const s = scripted([{ at: 1000n, run: (ctx) => void ctx.submit({ side: 'buy', type: 'market', qty: 1 }) }]);
    const config = kernelConfig({ latency: makeLatencyModel({ name: 'constant', entryNs: 300, responseNs: 200 }) });
    const r = run(config, s, [...BOOK(), bid(98, 1, 1000n)], 1);
    expect(r.fills.map((f) => [f.price, f.tsVenue, f.tsDelivered])).toEqual([[101, 1300n, 1500n]]);
    expect(s.seen.fills.map((f) => f.now)).toEqual([1500n]);
    expect(r.lastTs).toBe(1500n);
    // bought 1 at 1.01 and marked at the mid, 1.00
    expect(r.nav.at(-1)).toEqual({ ts: 1500n, equity: '999.99' });
  });
});
