import { describe, expect, it } from 'vitest';
import { makeLatencyModel } from '../exchange/latency-models.js';
import type { MarketEvent } from '../model/events.js';
import { usEquitySession } from '../risk/sessions.js';
import { ask, bid, snapshot, tinyInstrument, trade } from '../../../test/support/engine-fixtures.js';
import { kernelConfig, run, scripted } from '../../../test/support/kernel-fixtures.js';
import { Kernel } from './kernel.js';

/*
 * What a run reports through the kernel's public API: fills as they reach the account, marks,
 * expiries, order updates, the feed over a long stream, orders on their way to the venue (risk,
 * sessions, several instruments). The run's life (warm-up, time without data) is in
 * kernel-lifecycle.test.ts.
 */

const latency = (entryNs: number, responseNs: number) => makeLatencyModel({ name: 'constant', entryNs, responseNs });
const HISTORY = () => snapshot([[99, 5]], [[100, 5]], 0n);

describe('what the run reports', () => {
  it('onFill is told of every fill as it reaches the account, as the result lists them', () => {
    const told: unknown[] = [];
    const s = scripted([{ at: 100n, run: (ctx) => void ctx.submit({ side: 'buy', type: 'market', qty: 7 }) }]);
    const events = [...snapshot([[99, 5]], [[100, 5], [101, 5]], 0n), bid(90, 1, 1000n)];
    const r = run(kernelConfig({ latency: latency(10, 40), onFill: (f) => void told.push(f) }), s, events);
    expect(told).toEqual(r.fills);
    expect(r.fills.map((f) => [f.qty, f.price, f.tsVenue, f.tsDelivered, f.responseLatencyNs, f.market])).toEqual([
      [5, 100, 110n, 150n, 40n, 0],
      [2, 101, 110n, 150n, 40n, 0],
    ]);
  });

  it("an order's arrival mid is the venue's mid when it arrives, half a tick where it falls", () => {
    const s = scripted([
      { at: 100n, run: (ctx) => void ctx.submit({ side: 'buy', type: 'limit', qty: 1, limit: 90 }) },
      { at: 1500n, run: (ctx) => void ctx.submit({ side: 'buy', type: 'limit', qty: 1, limit: 90 }) },
    ]);
    const r = run(kernelConfig(), s, [...HISTORY(), ask(100, 0, 1000n), bid(91, 1, 2000n)]);
    expect(r.orders.map((o) => o.arrivalMid)).toEqual([99.5, undefined]);
  });

  it('the mark is the rounded mid, else the one side left, else the last trade', () => {
    const mark = (events: MarketEvent[]) => run(kernelConfig(), scripted([]), events).lastMark;
    expect(mark(snapshot([[99, 5]], [[102, 5]], 0n))).toBe(101); // 100.5 rounds up
    expect(mark(snapshot([[99, 5]], [], 0n))).toBe(99);
    expect(mark(snapshot([], [[102, 5]], 0n))).toBe(102);
    expect(mark([trade('buy', 97, 1, 0n)])).toBe(97);
    expect(mark([bid(99, 5, 0n), bid(99, 0, 1n)])).toBeUndefined();
  });

  it('an order filled on arrival has no expiry; one that rests expires at its time', () => {
    const s = scripted([
      { at: 100n, run: (ctx) => void ctx.submit({ clientId: 'now', side: 'buy', type: 'limit', qty: 1, limit: 100, tif: 'GTD', expireAt: 500n }) },
      { at: 100n, run: (ctx) => void ctx.submit({ clientId: 'rest', side: 'buy', type: 'limit', qty: 1, limit: 90, tif: 'GTD', expireAt: 500n }) },
    ]);
    const r = run(kernelConfig(), s, [...HISTORY(), bid(91, 1, 1000n)]);
    expect(r.orders.map((o) => [o.req.clientId, o.status, o.expireAt])).toEqual([
      ['now', 'filled', undefined],
      ['rest', 'expired', 500n],
    ]);
  });

  it('a stop order waits as triggered_wait until its price trades', () => {
    const s = scripted([
      { at: 100n, run: (ctx) => void ctx.submit({ clientId: 's', side: 'buy', type: 'stop', qty: 1, stop: 105 }) },
      { at: 200n, run: (ctx) => void ctx.submit({ clientId: 'l', side: 'buy', type: 'limit', qty: 1, limit: 90 }) },
    ]);
    const r = run(kernelConfig(), s, [...HISTORY(), bid(91, 1, 1000n)]);
    expect(s.seen.updates.map((u) => [u.clientId, u.status, u.remaining])).toEqual([
      ['s', 'triggered_wait', 1],
      ['l', 'open', 1],
    ]);
    expect(r.orders.map((o) => o.status)).toEqual(['triggered_wait', 'open']);
  });

  it('a partly filled order stays partially_filled through a replace; a cancel by the venue says why', () => {
    const s = scripted([
      { at: 100n, run: (ctx) => void ctx.submit({ clientId: 'p', side: 'buy', type: 'limit', qty: 8, limit: 100 }) },
      { at: 200n, run: (ctx) => ctx.replace('p', { qty: 7 }) },
      { at: 300n, run: (ctx) => ctx.cancel('p') },
      { at: 400n, run: (ctx) => void ctx.submit({ clientId: 'm', side: 'sell', type: 'market', qty: 7 }) },
    ]);
    run(kernelConfig(), s, [...HISTORY(), bid(91, 1, 1000n)]);
    expect(s.seen.updates.map((u) => [u.clientId, u.status, u.filled, u.remaining, u.reason])).toEqual([
      ['p', 'open', 0, 8, undefined],
      ['p', 'partially_filled', 5, 3, undefined],
      ['p', 'partially_filled', 5, 2, undefined],
      ['p', 'cancelled', 5, 2, undefined],
      ['m', 'open', 0, 7, undefined],
      ['m', 'partially_filled', 5, 2, undefined],
      ['m', 'cancelled', 5, 2, 'no_liquidity'],
    ]);
  });
});

describe('the feed', () => {
  it('delivers a long stream in order, each event once, at its own time, the book as delivered', () => {
    const events: MarketEvent[] = [];
    // levels come and go (every seventh update removes one), so the best bid moves both ways
    for (let i = 0; i < 10_000; i++) events.push(bid(50 + ((i * 17) % 40), i % 7 === 0 ? 0 : 1 + (i % 3), BigInt(i * 10)));
    const s = scripted([]);
    run(kernelConfig({ feedLatency: { kind: 'constant', ns: 25n } }), s, events, 1000);
    expect(s.seen.book.map((b) => b.record)).toEqual(events.map((e) => e.record));
    expect(s.seen.book.map((b) => b.now)).toEqual(events.map((e) => e.tsExch + 25n));
    const levels = new Map<number, number>();
    const best = events.map((e) => {
      if (e.qty === 0) levels.delete(e.price);
      else levels.set(e.price, e.qty);
      return levels.size === 0 ? undefined : Math.max(...levels.keys());
    });
    expect(s.seen.book.map((b) => b.bestBid)).toEqual(best);
  });

  it('an event stamped before the clock is processed at the clock; its data latency is added to that', () => {
    const s = scripted([]);
    // the second event's exchange time is behind the first's: it happens at 1000, and reaches the
    // strategy 600 ns later, as its own stamps say
    const r = run(kernelConfig({ feedLatency: { kind: 'data' } }), s, [bid(99, 1, 1000n, 1000n), bid(98, 1, 900n, 1500n)], 1);
    expect(s.seen.book.map((b) => b.now)).toEqual([1000n, 1600n]);
    expect([r.firstTs, r.lastTs]).toEqual([1000n, 1600n]);
  });
});

describe('several instruments', () => {
  const other = () => {
    const c = kernelConfig();
    return { instrument: { ...c.instrument, symbol: 'BBB' }, models: c.models, risk: c.risk, session: c.session };
  };

  it('onEvents takes the events from..to of a batch, for the instrument named', () => {
    const heard: string[] = [];
    const k = new Kernel(kernelConfig({ others: [other()] }), { markets: 'all', onBook: (_ctx, e, m) => void heard.push(`${m.id} ${e.price}`) });
    const batch = [bid(1, 1, 10n), bid(2, 1, 20n), bid(3, 1, 30n), bid(4, 1, 40n)];
    k.onEvents(1, batch, 1, 3);
    const r = k.finish();
    expect(heard).toEqual(['BBB.TEST 2', 'BBB.TEST 3']);
    expect([r.marketEvents, r.firstTs, r.lastTs, r.marks]).toEqual([2, 20n, 30n, [undefined, 3]]);
  });

  it('deliveries due at the same time reach the strategy in the order of the run', () => {
    const heard: string[] = [];
    const k = new Kernel(kernelConfig({ others: [other()], feedLatency: { kind: 'constant', ns: 100n } }), {
      markets: 'all',
      onBook: (ctx, e, m) => void heard.push(`${ctx.now()} ${m.id} ${e.price}`),
    });
    k.onEvents(0, [bid(1, 1, 10n)], 0, 1);
    k.onEvents(1, [bid(2, 1, 10n)], 0, 1);
    k.onEvents(0, [bid(3, 1, 20n)], 0, 1);
    k.finish();
    expect(heard).toEqual(['110 TINY.TEST 1', '110 BBB.TEST 2', '120 TINY.TEST 3']);
  });

  it('equity is sampled once any instrument has a mark, counting every position', () => {
    const s = scripted([{ at: 20n, run: (ctx) => void ctx.markets[1].submit({ side: 'buy', type: 'market', qty: 2 }) }]);
    const k = new Kernel(kernelConfig({ others: [other()], navIntervalNs: 10n }), s);
    k.onEvents(1, snapshot([[49, 5]], [[51, 5]], 10n), 0, 3);
    k.onEvents(1, [bid(47, 5, 40n), bid(49, 0, 40n)], 0, 2);
    k.onEvents(0, [bid(10, 5, 45n)], 0, 1);
    const r = k.finish();
    // sampled at market events: the first instrument has no book until 45, B's mark counts alone.
    // Bought 2 at 0.51 for 1.02, marked at the mid 0.50, then 0.49 once 49 is gone; nothing
    // is held of the first.
    expect(r.nav).toEqual([
      { ts: 10n, equity: '1000' },
      { ts: 40n, equity: '999.98' },
      { ts: 45n, equity: '999.96' },
    ]);
  });
});

describe('orders on their way', () => {
  /** Half the equity in one instrument at most: 500 lots at 1.00 on 1000 of cash. */
  const half = { leverage: 1000, maxPositionFraction: 0.5, locate: [], allowShort: true };
  const outcome = (s: ReturnType<typeof scripted>, id: string) => s.seen.updates.filter((u) => u.clientId === id).map((u) => u.reason ?? u.status);

  it('a market order is checked at the price it would pay: the ask to buy, the bid to sell', () => {
    const s = scripted([
      { at: 100n, run: (ctx) => void ctx.submit({ clientId: 'buy', side: 'buy', type: 'market', qty: 300 }) },
      { at: 100n, run: (ctx) => void ctx.submit({ clientId: 'sell', side: 'sell', type: 'market', qty: 300 }) },
    ]);
    // the ask at 2.00 makes 300 lots 600, over the cap; the bid at 1.00 makes them 300
    run(kernelConfig({ risk: half }), s, [...snapshot([[100, 1000]], [[200, 1000]], 0n), bid(90, 1, 1000n)]);
    expect(outcome(s, 'buy')).toEqual(['position_limit']);
    expect(outcome(s, 'sell')).toEqual(['open', 'filled']);
  });

  it("the cap counts the unfilled part of the same side's open orders on the same instrument", () => {
    const s = scripted([
      // 100 of 300 fill at 1.00, 200 rest; a sell rests far away
      { at: 100n, run: (ctx) => void ctx.submit({ clientId: 'rest', side: 'buy', type: 'limit', qty: 300, limit: 100 }) },
      { at: 100n, run: (ctx) => void ctx.submit({ clientId: 'far', side: 'sell', type: 'limit', qty: 300, limit: 150 }) },
      // 100 held + 200 open + 250 = 550 lots at 0.95: 522.5, over 500
      { at: 200n, run: (ctx) => void ctx.submit({ clientId: 'over', side: 'buy', type: 'limit', qty: 250, limit: 95 }) },
      // 100 + 200 + 150 = 450 at 0.95 fits (the open sell does not count toward a buy)
      { at: 300n, run: (ctx) => void ctx.submit({ clientId: 'fits', side: 'buy', type: 'limit', qty: 150, limit: 95 }) },
    ]);
    run(kernelConfig({ risk: half }), s, [...snapshot([[90, 1000]], [[100, 100]], 0n), bid(91, 1, 1000n)]);
    expect(outcome(s, 'rest')).toEqual(['open', 'partially_filled']);
    // and the open buy does not count against a sell: 300 short at 1.50 is 450
    expect(outcome(s, 'far')).toEqual(['open']);
    expect(outcome(s, 'over')).toEqual(['position_limit']);
    expect(outcome(s, 'fits')).toEqual(['open']);
  });

  it("a replace's new limit shows in the open orders", () => {
    let seen: unknown;
    const s = scripted([
      { at: 100n, run: (ctx) => void ctx.submit({ clientId: 'a', side: 'buy', type: 'limit', qty: 5, limit: 95 }) },
      { at: 200n, run: (ctx) => ctx.replace('a', { limit: 96 }) },
      { at: 300n, run: (ctx) => void (seen = ctx.openOrders().map((o) => [o.clientId, o.qty, o.limit, o.status])) },
    ]);
    run(kernelConfig(), s, [...HISTORY(), bid(90, 1, 1000n)]);
    expect(seen).toEqual([['a', 5, 96, 'open']]);
  });

  it('a cancel sent while an order waits for the open follows it in, and cancels it', () => {
    const ny = (iso: string): bigint => BigInt(Date.parse(`2012-06-21T${iso}-04:00`)) * 1_000_000n;
    const s = scripted([
      {
        at: ny('09:29:00'),
        run: (ctx) => {
          const id = ctx.submit({ side: 'buy', type: 'limit', qty: 1, limit: 90 });
          ctx.cancel(id);
        },
      },
    ]);
    const config = kernelConfig({ session: usEquitySession(), latency: latency(1000, 0) }, {}, tinyInstrument('equity'));
    const r = run(config, s, [...snapshot([[99, 5]], [[100, 5]], ny('09:28:00')), bid(91, 1, ny('09:31:00'))]);
    expect(r.rejects).toEqual([]);
    expect(r.orders.map((o) => [o.status, o.entryLatencyNs])).toEqual([['cancelled', 1000n]]);
    expect(s.seen.updates.map((u) => [u.status, u.now])).toEqual([
      ['open', ny('09:30:00')],
      ['cancelled', ny('09:30:00')],
    ]);
  });

  it("orders, cancels and bracket children of another instrument go to that instrument's venue", () => {
    const c = kernelConfig();
    const B = { instrument: { ...c.instrument, symbol: 'BBB' }, models: c.models, risk: c.risk, session: c.session };
    const s = scripted([
      { at: 20n, run: (ctx) => void ctx.markets[1].submit({ clientId: 'r', side: 'buy', type: 'limit', qty: 1, limit: 40 }) },
      { at: 20n, run: (ctx) => void ctx.markets[1].submit({ clientId: 'b', side: 'buy', type: 'market', qty: 1, bracket: { takeProfit: 60, stopLoss: 45 } }) },
      { at: 30n, run: (ctx) => ctx.cancel('r') },
    ]);
    const k = new Kernel(kernelConfig({ others: [B] }), s);
    k.onEvents(1, snapshot([[49, 5]], [[51, 5]], 10n), 0, 3);
    k.onEvents(0, [bid(10, 1, 50n)], 0, 1);
    const r = k.finish();
    expect(r.rejects).toEqual([]);
    expect(r.orders.map((o) => [o.req.clientId, o.status, o.market])).toEqual([
      ['r', 'cancelled', 1],
      ['b', 'filled', 1],
      ['b:tp', 'open', 1],
      ['b:sl', 'triggered_wait', 1],
    ]);
    expect(s.seen.updates.filter((u) => u.clientId.startsWith('b:')).map((u) => [u.clientId, u.instrument, u.status])).toEqual([
      ['b:tp', 'BBB.TEST', 'open'],
      ['b:sl', 'BBB.TEST', 'triggered_wait'],
    ]);
  });

  it("the strategy's log and book levels are its own", () => {
    const logged: string[] = [];
    let levels: unknown;
    const k = new Kernel(kernelConfig(), {
      onEnd: (ctx) => {
        ctx.log('done');
        levels = ctx.book.levels(1);
      },
    }, (m) => void logged.push(m));
    k.onBatch(snapshot([[99, 5], [98, 2]], [[100, 5]], 0n));
    k.finish();
    expect(logged).toEqual(['done']);
    expect(levels).toEqual({ bids: [[99, 5]], asks: [[100, 5]] });
  });
});
