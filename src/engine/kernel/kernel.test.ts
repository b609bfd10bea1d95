import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { makeLatencyModel } from '../exchange/latency-models.js';
import { usEquitySession } from '../risk/sessions.js';
import { defaultRisk } from '../risk/pre-trade.js';
import { ask, bid, snapshot, tinyInstrument, trade } from '../../../test/support/engine-fixtures.js';
import { kernelConfig, run, scripted } from '../../../test/support/kernel-fixtures.js';

/** t=0: bids 99x5, asks 100x5; t=1000: the ask moves to 101; t=2000 and 3000: quiet updates. */
const STEP_BOOK = [
  ...snapshot([[99, 5]], [[100, 5]], 0n),
  ask(100, 0, 1000n),
  ask(101, 5, 1000n),
  bid(90, 1, 2000n),
  bid(91, 1, 3000n),
];

const latency = (entryNs: number, responseNs: number) => makeLatencyModel({ name: 'constant', entryNs, responseNs });

describe('Kernel timing', () => {
  it('an order reaches the venue after entry latency; events at exactly that time come first', () => {
    // submitted at 500: with 500 ns entry it arrives at 1000, after the ask moved to 101
    const at1000 = scripted([{ at: 500n, run: (ctx) => ctx.submit({ side: 'buy', type: 'market', qty: 1 }) }]);
    const r1 = run(kernelConfig({ latency: latency(500, 7) }), at1000, STEP_BOOK);
    expect(r1.fills.map((f) => [f.price, f.tsVenue, f.entryLatencyNs, f.tsDelivered, f.responseLatencyNs])).toEqual([[101, 1000n, 500n, 1007n, 7n]]);
    // the strategy hears of it after the response latency
    expect(at1000.seen.fills.map((f) => [f.price, f.now])).toEqual([[101, 1007n]]);
    // with 499 ns it arrives at 999, while 100 is still offered
    const at999 = scripted([{ at: 500n, run: (ctx) => ctx.submit({ side: 'buy', type: 'market', qty: 1 }) }]);
    const r2 = run(kernelConfig({ latency: latency(499, 0) }), at999, STEP_BOOK);
    expect(r2.fills.map((f) => [f.price, f.tsVenue])).toEqual([[100, 999n]]);
  });

  it('an order sent from a book update sees later updates at the same instant first', () => {
    let sent = false;
    const s = scripted([], {
      onBook(ctx) {
        if (!sent && ctx.book.bestAsk() === 100) {
          sent = true;
          ctx.submit({ side: 'buy', type: 'market', qty: 1 });
        }
      },
    });
    // the snapshot's last event at t=0 shows ask 100; with 0 entry latency the order arrives at 0
    // but after every event stamped 0, including this replacement of 100 by 102
    const events = [...snapshot([[99, 5]], [[100, 5]], 0n), ask(102, 5, 0n), ask(100, 0, 0n), bid(90, 1, 5n)];
    const r = run(kernelConfig(), s, events, 1);
    expect(r.fills.map((f) => [f.price, f.tsVenue])).toEqual([[102, 0n]]);
  });

  it('feed latency from the data: ts_local - ts_exch, never below 0', () => {
    const s = scripted([]);
    const events = [bid(99, 5, 100n, 400n), ask(100, 5, 200n, 150n), bid(98, 5, 300n, 900n)];
    run(kernelConfig({ feedLatency: { kind: 'data' } }), s, events);
    // 100 + 300; 200 + max(0, -50) would be 200, but a feed arrives in order: not before 400; 300 + 600
    expect(s.seen.book.map((b) => b.now)).toEqual([400n, 400n, 900n]);
    // the strategy's book is the one delivered so far
    expect(s.seen.book.map((b) => [b.bestBid, b.bestAsk])).toEqual([
      [99, undefined],
      [99, 100],
      [99, 100],
    ]);
  });

  it('constant feed latency delays the strategy, not the venue', () => {
    // the strategy sees the t=0 book at 600 and buys at once: the order arrives at 600 (entry 0),
    // before the t=1000 move, so it pays 100
    let sent = false;
    const s = scripted([], {
      onBook(ctx) {
        if (!sent && ctx.book.bestAsk() === 100) {
          sent = true;
          ctx.submit({ side: 'buy', type: 'market', qty: 1 });
        }
      },
    });
    const r = run(kernelConfig({ feedLatency: { kind: 'constant', ns: 600n } }), s, STEP_BOOK);
    expect(s.seen.book[0].now).toBe(600n);
    expect(r.fills.map((f) => [f.price, f.tsVenue])).toEqual([[100, 600n]]);
    // with 1000 ns of feed latency it sees the book at 1000, after the venue moved
    let sent2 = false;
    const s2 = scripted([], {
      onBook(ctx) {
        if (!sent2 && ctx.book.bestAsk() === 100) {
          sent2 = true;
          ctx.submit({ side: 'buy', type: 'market', qty: 1 });
        }
      },
    });
    const r2 = run(kernelConfig({ feedLatency: { kind: 'constant', ns: 1000n } }), s2, STEP_BOOK);
    expect(r2.fills.map((f) => [f.price, f.tsVenue])).toEqual([[101, 1000n]]);
  });

  it("the strategy's clock starts at the first data", () => {
    const s = scripted([]);
    run(kernelConfig(), s, [bid(99, 5, 5000n), ask(100, 5, 6000n)]);
    expect(s.seen.startNow).toBe(5000n);
  });

  it('reports reach the strategy in the order the venue sent them, whatever the random latency', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const s = scripted([
        { at: 100n, run: (ctx) => ctx.submit({ side: 'buy', type: 'market', qty: 7 }) },
        { at: 200n, run: (ctx) => ctx.submit({ side: 'buy', type: 'limit', qty: 3, limit: 98 }) },
      ]);
      const events = [...snapshot([[99, 5]], [[100, 2], [101, 2], [102, 2]], 0n), trade('sell', 97, 3, 5000n), bid(90, 1, 10_000n)];
      run(kernelConfig({ seed, latency: makeLatencyModel({ name: 'uniform', min: 0, max: 2000 }) }), s, events);
      const times = [...s.seen.updates.map((u) => u.now)];
      expect([...times].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(times);
      // the market order: accepted, three partial fills, then the no-liquidity cancel (6 of 7 filled)
      const first = s.seen.updates.filter((u) => u.clientId === 'o1').map((u) => u.status);
      expect(first).toEqual(['open', 'partially_filled', 'partially_filled', 'partially_filled', 'cancelled']);
      const second = s.seen.updates.filter((u) => u.clientId === 'o2').map((u) => u.status);
      expect(second).toEqual(['open', 'filled']);
    }
  });

  it('a cancel never overtakes the order it cancels', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const s = scripted([
        {
          at: 100n,
          run: (ctx) => {
            const id = ctx.submit({ side: 'buy', type: 'limit', qty: 1, limit: 95 });
            ctx.cancel(id);
          },
        },
      ]);
      const r = run(kernelConfig({ seed, latency: makeLatencyModel({ name: 'uniform', min: 0, max: 5000 }) }), s, [...STEP_BOOK, bid(92, 1, 20_000n)]);
      expect(r.orders.map((o) => o.status)).toEqual(['cancelled']);
      expect(r.rejects).toEqual([]);
    }
  });
});

describe('Kernel tie-break: a feed delivery and a timer at the same instant', () => {
  // With 500 ns of feed latency the three updates reach the strategy at 500, 1500 and 3500.
  // Timers at 1500 (in the middle of the data) and 3500 (the last delivery, drained at the end)
  // tie with a delivery: the delivery goes first, as the data was on the wire before the timer
  // fired, and the timer sees the book that delivery made.
  const events = () => [bid(97, 5, 0n), bid(98, 5, 1000n), bid(99, 5, 3000n)];

  function trace(timers: bigint[]): string[] {
    const log: string[] = [];
    const s = scripted(
      timers.map((at) => ({ at, run: (ctx) => log.push(`timer ${ctx.now()} sees ${ctx.book.bestBid()}`) })),
      { onBook: (ctx, e) => log.push(`book ${ctx.now()} bid ${e.price}`) },
    );
    run(kernelConfig({ feedLatency: { kind: 'constant', ns: 500n } }), s, events(), 1);
    return log;
  }

  it('the delivery runs first, during the data and when the data has ended', () => {
    expect(trace([1500n, 3500n])).toEqual(['book 500 bid 97', 'book 1500 bid 98', 'timer 1500 sees 98', 'book 3500 bid 99', 'timer 3500 sees 99']);
  });

  it('a timer one nanosecond earlier runs before the delivery, and one later after it', () => {
    expect(trace([1499n, 1501n])).toEqual(['book 500 bid 97', 'timer 1499 sees 97', 'book 1500 bid 98', 'timer 1501 sees 98', 'book 3500 bid 99']);
  });
});

describe('Kernel orders', () => {
  it('client ids are idempotent: the first order stands', () => {
    const s = scripted([
      {
        at: 100n,
        run: (ctx) => {
          expect(ctx.submit({ clientId: 'x', side: 'buy', type: 'market', qty: 1 })).toBe('x');
          expect(ctx.submit({ clientId: 'x', side: 'buy', type: 'market', qty: 4 })).toBe('x');
        },
      },
    ]);
    const r = run(kernelConfig(), s, STEP_BOOK);
    expect(r.orders).toHaveLength(1);
    expect(r.fills.map((f) => [f.clientId, f.qty])).toEqual([['x', 1]]);
  });

  it('generated client ids are o1, o2, ... and order ids unique, bracket children included', () => {
    const s = scripted([
      { at: 100n, run: (ctx) => ctx.submit({ side: 'buy', type: 'market', qty: 2, bracket: { takeProfit: 110, stopLoss: 95 } }) },
      { at: 200n, run: (ctx) => ctx.submit({ side: 'buy', type: 'limit', qty: 1, limit: 90 }) },
    ]);
    const r = run(kernelConfig(), s, STEP_BOOK);
    expect(r.orders.map((o) => o.req.clientId).sort()).toEqual(['o1', 'o1:sl', 'o1:tp', 'o2']);
    expect(new Set(r.orders.map((o) => o.id)).size).toBe(4);
    // the children became known to the strategy
    expect(s.seen.updates.some((u) => u.clientId === 'o1:tp' && u.status === 'open')).toBe(true);
  });

  it('rejects at submit reach the strategy and the run result', () => {
    const s = scripted([{ at: 100n, run: (ctx) => ctx.submit({ side: 'sell', type: 'market', qty: 1 }) }]);
    // crypto defaults forbid shorting
    const r = run(kernelConfig({ risk: defaultRisk('crypto') }), s, STEP_BOOK);
    expect(r.rejects).toEqual([{ clientId: 'o1', reason: 'short_not_located', ts: 100n }]);
    expect(s.seen.updates).toMatchObject([{ clientId: 'o1', status: 'rejected', reason: 'short_not_located' }]);
    expect(r.orders).toEqual([]);
  });

  it('venue rejects are reported too', () => {
    const s = scripted([{ at: 100n, run: (ctx) => ctx.submit({ side: 'buy', type: 'limit', qty: 1, limit: 100, postOnly: true }) }]);
    const r = run(kernelConfig(), s, STEP_BOOK);
    expect(r.rejects).toEqual([{ clientId: 'o1', reason: 'post_only_would_take', ts: 100n }]);
    expect(s.seen.updates.map((u) => u.status)).toEqual(['rejected']);
  });

  it('replace and cancel go through entry latency', () => {
    const s = scripted([
      { at: 100n, run: (ctx) => ctx.submit({ clientId: 'a', side: 'buy', type: 'limit', qty: 5, limit: 95 }) },
      { at: 200n, run: (ctx) => ctx.replace('a', { qty: 3 }) },
      { at: 300n, run: (ctx) => expect(ctx.openOrders().map((o) => [o.clientId, o.qty, o.status])).toEqual([['a', 3, 'open']]) },
      { at: 400n, run: (ctx) => ctx.cancel('a') },
      { at: 500n, run: (ctx) => ctx.cancel('nope') },
    ]);
    const r = run(kernelConfig({ latency: latency(50, 10) }), s, STEP_BOOK);
    expect(r.orders[0].status).toBe('cancelled');
    expect(r.rejects).toEqual([{ clientId: 'nope', reason: 'unknown_order', ts: 550n }]);
    expect(s.seen.updates.map((u) => [u.status, u.now])).toEqual([
      ['open', 160n],
      ['open', 260n],
      ['cancelled', 460n],
    ]);
  });
});

describe('time in force and sessions', () => {
  const ny = (iso: string): bigint => BigInt(Date.parse(`2012-06-21T${iso}-04:00`)) * 1_000_000n;
  const equity = tinyInstrument('equity');
  const book = (t: bigint) => snapshot([[99, 5]], [[100, 5]], t);

  it('orders outside trading hours are held to the next open', () => {
    // sent at 09:29:59.9; the book changes at exactly 09:30:00, which the order sees first
    const s = scripted([{ at: ny('09:29:59.900'), run: (ctx) => ctx.submit({ side: 'buy', type: 'market', qty: 1 }) }]);
    const events = [...book(ny('09:29:00')), ask(100, 0, ny('09:30:00')), ask(103, 5, ny('09:30:00')), bid(90, 1, ny('09:31:00'))];
    const r = run(kernelConfig({ session: usEquitySession(), risk: { ...defaultRisk('equity'), maxPositionFraction: 1 } }, {}, equity), s, events);
    expect(r.fills.map((f) => [f.price, f.tsVenue])).toEqual([[103, ny('09:30:00')]]);
  });

  it('DAY orders expire at the session end', () => {
    const s = scripted([{ at: ny('10:00:00'), run: (ctx) => ctx.submit({ side: 'buy', type: 'limit', qty: 1, limit: 90, tif: 'DAY' }) }]);
    const events = [...book(ny('09:31:00')), bid(91, 1, ny('15:00:00')), bid(92, 1, ny('16:00:01'))];
    const r = run(kernelConfig({ session: usEquitySession() }, {}, equity), s, events);
    expect(r.orders[0].status).toBe('expired');
    expect(r.orders[0].expireAt).toBe(ny('16:00:00'));
    expect(s.seen.updates.map((u) => [u.status, u.now])).toEqual([
      ['open', ny('10:00:00')],
      ['expired', ny('16:00:00')],
    ]);
  });

  it('GTC orders expire after the configured lifetime, GTD at their time; expiries past the data lapse', () => {
    const s = scripted([
      { at: 100n, run: (ctx) => ctx.submit({ clientId: 'gtc', side: 'buy', type: 'limit', qty: 1, limit: 90 }) },
      { at: 100n, run: (ctx) => ctx.submit({ clientId: 'gtd', side: 'buy', type: 'limit', qty: 1, limit: 90, tif: 'GTD', expireAt: 1500n }) },
      { at: 100n, run: (ctx) => ctx.submit({ clientId: 'late', side: 'buy', type: 'limit', qty: 1, limit: 90, tif: 'GTD', expireAt: 10_000n }) },
    ]);
    const r = run(kernelConfig({ gtcLifetimeNs: 2500n }), s, STEP_BOOK);
    const status = Object.fromEntries(r.orders.map((o) => [o.req.clientId, [o.status, o.expireAt]]));
    expect(status).toEqual({ gtc: ['expired', 2600n], gtd: ['expired', 1500n], late: ['open', 10_000n] });
  });

  it('a GTD time already past when the order arrives expires it on arrival', () => {
    const s = scripted([{ at: 100n, run: (ctx) => ctx.submit({ side: 'buy', type: 'limit', qty: 1, limit: 90, tif: 'GTD', expireAt: 50n }) }]);
    const r = run(kernelConfig(), s, STEP_BOOK);
    expect([r.orders[0].status, r.orders[0].expireAt]).toEqual(['expired', 100n]);
    expect(s.seen.updates.map((u) => [u.status, u.now])).toEqual([
      ['open', 100n],
      ['expired', 100n],
    ]);
  });

  it('IOC and FOK never rest', () => {
    const s = scripted([
      { at: 100n, run: (ctx) => ctx.submit({ side: 'buy', type: 'limit', qty: 9, limit: 100, tif: 'IOC' }) },
      { at: 100n, run: (ctx) => ctx.submit({ side: 'buy', type: 'limit', qty: 9, limit: 100, tif: 'FOK' }) },
    ]);
    const r = run(kernelConfig(), s, STEP_BOOK);
    expect(r.orders.map((o) => [o.status, o.filled, o.expireAt])).toEqual([
      ['cancelled', 5, undefined],
      ['rejected', 0, undefined],
    ]);
  });
});

describe('the run result', () => {
  it('account, fills and nav reconcile', () => {
    const s = scripted([
      { at: 100n, run: (ctx) => ctx.submit({ side: 'buy', type: 'market', qty: 7 }) },
      { at: 1500n, run: (ctx) => ctx.submit({ side: 'sell', type: 'market', qty: 2 }) },
    ]);
    const events = [...snapshot([[99, 5]], [[100, 5], [101, 5]], 0n), bid(90, 1, 1000n), bid(91, 1, 2000n), bid(92, 1, 3000n)];
    const r = run(kernelConfig({ startingCash: '1000' }, { fees: { name: 'bps', makerBps: 0, takerBps: 10 } }), s, events);
    // buy 5 @ 1.00 + 2 @ 1.01 = 7.02; sell 2 @ 0.99 = 1.98; fees 10 bps of each: 0.005 + 0.00202 + 0.00198
    expect(r.fills.map((f) => [f.side, f.price, f.qty, f.fee])).toEqual([
      ['buy', 100, 5, '0.005'],
      ['buy', 101, 2, '0.00202'],
      ['sell', 99, 2, '0.00198'],
    ]);
    // 1000 - 7.02 + 1.98 - 0.009 = 994.951
    expect(r.account.cash.toFixed()).toBe('994.951');
    expect(r.account.position).toBe(5);
    expect(r.account.fees.toFixed()).toBe('0.009');
    // mark: mid of 99 and 101 = 100 -> equity 994.951 + 5 x 1.00
    expect(r.lastMark).toBe(100);
    expect(r.nav.at(-1)).toEqual({ ts: 3000n, equity: '999.951' });
    // nav sampled at the first event, then every 1000 ns of data time, then at the end
    expect(r.nav.map((p) => p.ts)).toEqual([0n, 1000n, 2000n, 3000n, 3000n]);
    expect([r.firstTs, r.lastTs, r.marketEvents]).toEqual([0n, 3000n, events.length]);
    const cash = r.fills.reduce((c, f) => c.minus(new Decimal(f.notional).times(f.side === 'buy' ? 1 : -1)).minus(f.fee), new Decimal('1000'));
    expect(cash.toFixed()).toBe(r.account.cash.toFixed());
  });

  it('nav sampling steps over a long gap in the data at once', () => {
    // a 1 ns interval across 10^15 ns (11 days) of silence
    const r = run(kernelConfig({ navIntervalNs: 1n }), scripted([]), [...snapshot([[99, 5]], [[101, 5]], 0n), bid(98, 1, 10n ** 15n)]);
    expect(r.nav.map((p) => p.ts)).toEqual([0n, 10n ** 15n, 10n ** 15n]);
  });

  it('orders sent in onEnd still reach the venue', () => {
    const s = scripted([], { onEnd: (ctx) => void ctx.submit({ side: 'buy', type: 'market', qty: 1 }) });
    const r = run(kernelConfig({ latency: latency(10, 10) }), s, STEP_BOOK);
    expect(r.fills.map((f) => [f.price, f.tsVenue])).toEqual([[101, 3010n]]);
    expect(r.account.position).toBe(1);
  });
});
