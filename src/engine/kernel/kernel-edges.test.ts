import { describe, expect, it } from 'vitest';
import { EventKind, Side, type MarketEvent } from '../model/events.js';
import type { Strategy } from '../strategy.js';
import { ask, bid, clear, snapshot, trade } from '../../../test/support/engine-fixtures.js';
import { kernelConfig, run, scripted } from '../../../test/support/kernel-fixtures.js';
import { Kernel } from './kernel.js';

/*
 * The kernel at its edges, through its public API: a strategy that implements no callbacks, the
 * end of a run, equity sampling before there is a price and across gaps, feed times from data
 * stamps that run backwards, order-level history, and orders whose time in force has no
 * expiry of its own.
 */

const HISTORY = () => snapshot([[99, 5]], [[100, 5]], 0n);

describe('a strategy that implements only what it needs', () => {
  it('is not called for what it does not implement: trades, timers, updates, fills', () => {
    // submits from onStart, sets a timer, and has no other callback
    const s: Strategy = {
      onStart: (ctx) => {
        ctx.setTimer(5n, 'unheard');
        ctx.submit({ side: 'buy', type: 'market', qty: 1 });
        ctx.submit({ side: 'buy', type: 'market', qty: 0 });
        ctx.submit({ side: 'buy', type: 'limit', qty: 1, limit: 100, postOnly: true });
      },
    };
    const r = run(kernelConfig(), s, [...HISTORY(), trade('buy', 100, 1, 10n), bid(98, 1, 20n)]);
    expect(r.fills.map((f) => [f.price, f.qty])).toEqual([[100, 1]]);
    expect(r.rejects.map((x) => x.reason)).toEqual(['invalid_qty', 'post_only_would_take']);
  });
});

describe('the end of a run', () => {
  it('a timer set in onEnd never fires: the strategy has ended', () => {
    const fired: string[] = [];
    const s = scripted([], { onEnd: (ctx) => ctx.setTimer(ctx.now(), 'after the end') });
    s.onTimer = (_ctx, name) => void fired.push(name);
    run(kernelConfig(), s, HISTORY());
    expect(fired).toEqual([]);
  });

  it('onEnd sees the clock where time was last advanced to, with nothing due then', () => {
    let end: bigint | undefined;
    const k = new Kernel(kernelConfig(), { onEnd: (ctx) => void (end = ctx.now()) });
    k.onBatch(HISTORY());
    k.advanceTo(2500n);
    // a time behind the clock does not turn it back
    k.advanceTo(1500n);
    const r = k.finish();
    expect([end, r.lastTs]).toEqual([2500n, 2500n]);
    expect(r.nav.at(-1)?.ts).toBe(2500n);
  });
});

describe('equity samples', () => {
  it('none before there is a price: the first comes with the first mark', () => {
    // a clear at 0 and a trade-less empty book until 1500; interval 1000
    const r = run(kernelConfig(), scripted([]), [clear(0n), bid(99, 5, 1500n), ask(101, 5, 1600n), bid(98, 1, 2600n)], 1);
    expect(r.nav.map((p) => p.ts)).toEqual([1500n, 2600n, 2600n]);
  });

  it('none before there is a price in any instrument of several', () => {
    const c = kernelConfig();
    const k = new Kernel(kernelConfig({ others: [{ instrument: { ...c.instrument, symbol: 'BBB' }, models: c.models, risk: c.risk, session: c.session }] }), {});
    k.onEvents(1, [clear(0n)], 0, 1);
    k.onEvents(0, [clear(500n)], 0, 1);
    k.onEvents(1, [bid(49, 1, 1500n)], 0, 1);
    const r = k.finish();
    expect(r.nav.map((p) => p.ts)).toEqual([1500n, 1500n]);
  });

  it('after a gap, on the interval grid: the next sample is the first grid time after the gap', () => {
    // interval 1000 from 0: a sample at 0, then at 2500 (the grid moves on to 3000), 3100 is not on it, 3600 neither, 4200 is
    const events = [...HISTORY(), bid(98, 1, 2500n), bid(97, 1, 3100n), bid(96, 1, 3600n), bid(95, 1, 4200n)];
    const r = run(kernelConfig(), scripted([]), events, 1);
    expect(r.nav.map((p) => p.ts)).toEqual([0n, 2500n, 3100n, 4200n, 4200n]);
  });
});

describe('equity samples after time passed without data', () => {
  it('an event at the time advanced to is sampled when that time is on the grid, and not when it is off it', () => {
    const navAfter = (advance: bigint) => {
      const k = new Kernel(kernelConfig(), {});
      k.onBatch(HISTORY());
      k.advanceTo(advance);
      k.onBatch([bid(98, 1, advance)]);
      return k.finish().nav.map((p) => p.ts);
    };
    expect(navAfter(1000n)).toEqual([0n, 1000n, 1000n]);
    expect(navAfter(500n)).toEqual([0n, 500n]);
  });
});

describe('feed times from the data stamps', () => {
  it('a local time before the exchange time delivers at the exchange time, never earlier', () => {
    const s = scripted([]);
    run(kernelConfig({ feedLatency: { kind: 'data' } }), s, [bid(99, 5, 100n, 50n), ask(100, 5, 300n, 250n)], 1);
    expect(s.seen.book.map((b) => b.now)).toEqual([100n, 300n]);
  });
});

describe('market history', () => {
  it('order-level history warms the book once, whether or not the strategy shares the venue book', () => {
    let n = 0;
    const add = (side: Side, price: number, qty: number): MarketEvent => ({ kind: EventKind.Add, side, price, qty, orderId: ++n, tsExch: 0n, tsLocal: 0n, record: 9_000 + n });
    for (const ns of [0n, 100n]) {
      let levels: unknown;
      const k = new Kernel(kernelConfig({ feedLatency: { kind: 'constant', ns } }), { onEnd: (ctx) => void (levels = ctx.book.levels(5)) });
      k.warmUp([add(Side.Bid, 99, 5), add(Side.Bid, 99, 2), add(Side.Ask, 101, 3)]);
      k.onBatch([bid(90, 1, 10n)]);
      k.finish();
      expect(levels).toEqual({ bids: [[99, 7], [90, 1]], asks: [[101, 3]] });
    }
  });
});

describe('marks and mids with one side of the book', () => {
  it('an order arriving at a book with asks only has no arrival mid', () => {
    const s = scripted([{ at: 100n, run: (ctx) => void ctx.submit({ side: 'sell', type: 'limit', qty: 1, limit: 110 }) }]);
    const r = run(kernelConfig(), s, [...snapshot([], [[100, 5]], 0n), ask(101, 1, 1000n)]);
    expect(r.orders.map((o) => o.arrivalMid)).toEqual([undefined]);
  });
});

describe('time in force', () => {
  it('a stop order waiting for its trigger with IOC or FOK has no expiry; expireAt counts only for GTD', () => {
    const s = scripted([
      { at: 100n, run: (ctx) => void ctx.submit({ clientId: 'ioc', side: 'buy', type: 'stop', qty: 1, stop: 105, tif: 'IOC' }) },
      { at: 100n, run: (ctx) => void ctx.submit({ clientId: 'fok', side: 'buy', type: 'stop', qty: 1, stop: 105, tif: 'FOK' }) },
      { at: 100n, run: (ctx) => void ctx.submit({ clientId: 'gtc', side: 'buy', type: 'limit', qty: 1, limit: 90, tif: 'GTC', expireAt: 500n }) },
      { at: 100n, run: (ctx) => void ctx.submit({ clientId: 'gtd-none', side: 'buy', type: 'limit', qty: 1, limit: 90, tif: 'GTD' }) },
    ]);
    const r = run(kernelConfig({ gtcLifetimeNs: 2000n }), s, [...HISTORY(), bid(91, 1, 1000n), bid(92, 1, 3000n)]);
    expect(r.orders.map((o) => [o.req.clientId, o.status, o.expireAt])).toEqual([
      ['ioc', 'triggered_wait', undefined],
      ['fok', 'triggered_wait', undefined],
      ['gtc', 'expired', 2100n],
      ['gtd-none', 'expired', 2100n],
    ]);
  });
});

describe('order updates', () => {
  it("a venue's refusal reaches the strategy with its reason", () => {
    const s = scripted([{ at: 100n, run: (ctx) => void ctx.submit({ side: 'buy', type: 'limit', qty: 1, limit: 100, postOnly: true }) }]);
    run(kernelConfig(), s, [...HISTORY(), bid(91, 1, 1000n)]);
    expect(s.seen.updates.map((u) => [u.status, u.reason, u.remaining])).toEqual([['rejected', 'post_only_would_take', 1]]);
  });
});

describe('fills caused by market data', () => {
  for (const lag of [0n, 40n]) {
    it(`a resting order filled by a print reaches the strategy, with data latency (${lag} ns of it)`, () => {
      const s = scripted([{ at: 100n, run: (ctx) => void ctx.submit({ clientId: 'r', side: 'buy', type: 'limit', qty: 2, limit: 99 }) }]);
      const events = [...HISTORY(), trade('sell', 99, 10, 1000n, 1000n + lag), bid(98, 1, 2000n, 2000n + lag)];
      const r = run(kernelConfig({ feedLatency: { kind: 'data' } }), s, events, 1);
      expect(r.fills.map((f) => [f.clientId, f.qty, f.price, f.tsVenue])).toEqual([['r', 2, 99, 1000n]]);
      expect(s.seen.fills.map((f) => [f.clientId, f.now])).toEqual([['r', 1000n]]);
    });
  }
});

describe('market data callbacks with data latency and none on the events', () => {
  it('a strategy with onBook alone, or onTrade alone, is called for each event', () => {
    const events = [bid(99, 5, 100n), trade('buy', 100, 1, 200n), ask(101, 5, 300n)];
    const books: bigint[] = [];
    const trades: bigint[] = [];
    run(kernelConfig({ feedLatency: { kind: 'data' } }), { onBook: (ctx) => void books.push(ctx.now()) }, events, 1);
    run(kernelConfig({ feedLatency: { kind: 'data' } }), { onTrade: (ctx) => void trades.push(ctx.now()) }, events, 1);
    expect([books, trades]).toEqual([[100n, 300n], [200n]]);
  });
});

describe('open orders per instrument', () => {
  it("an instrument's open orders are its own, and only they count toward its cap", () => {
    const c = kernelConfig();
    const B = { instrument: { ...c.instrument, symbol: 'BBB' }, models: c.models, risk: { leverage: 1000, maxPositionFraction: 0.5, locate: [], allowShort: true }, session: c.session };
    let views: unknown;
    const s = scripted([
      // 400 lots bid at 1.00 on the first instrument, resting
      { at: 20n, run: (ctx) => void ctx.submit({ clientId: 'a', side: 'buy', type: 'limit', qty: 400, limit: 90 }) },
      // 450 at 1.00 on B fits its cap of 500 on its own: A's open order does not count
      { at: 30n, run: (ctx) => void ctx.markets[1].submit({ clientId: 'b', side: 'buy', type: 'limit', qty: 450, limit: 100 }) },
      { at: 40n, run: (ctx) => void (views = [ctx.markets[0].openOrders(), ctx.markets[1].openOrders()].map((l) => l.map((o) => [o.clientId, o.instrument, o.tif]))) },
    ]);
    const k = new Kernel(kernelConfig({ others: [B] }), s);
    k.onEvents(0, snapshot([[89, 5]], [[101, 5]], 10n), 0, 3);
    k.onEvents(1, snapshot([[95, 5]], [[110, 5]], 10n), 0, 3);
    k.onEvents(0, [bid(88, 1, 50n)], 0, 1);
    k.finish();
    expect(s.seen.updates.map((u) => [u.clientId, u.status])).toEqual([
      ['a', 'open'],
      ['b', 'open'],
    ]);
    // an order sent without a time in force is GTC
    expect(views).toEqual([[['a', 'TINY.TEST', 'GTC']], [['b', 'BBB.TEST', 'GTC']]]);
  });
});
