import { describe, expect, it } from 'vitest';
import type { Strategy, StrategyContext } from '../strategy.js';
import { ask, bid, snapshot } from '../../../test/support/engine-fixtures.js';
import { kernelConfig } from '../../../test/support/kernel-fixtures.js';
import { Kernel } from './kernel.js';

/*
 * The clocks at their edges: time passed to exactly the clock's time, deliveries due at one
 * instant on two instruments (one in flight, one waiting with no latency), and a strategy that is
 * not called for market data, whose clock and book follow the venue's as each event is
 * processed.
 */

describe('advanceTo the time the clock is at', () => {
  it('does nothing: a timer due then still waits for the rest of the events at that time', () => {
    const reads: string[] = [];
    const k = new Kernel(kernelConfig(), {
      onStart: (ctx) => ctx.setTimer(1000n, 't'),
      onTimer: (ctx) => void reads.push(`${ctx.now()} ask ${ctx.book.bestAsk()}`),
    });
    k.onBatch([...snapshot([[99, 5]], [[100, 5]], 0n), bid(98, 1, 1000n)]);
    k.advanceTo(1000n);
    expect(reads).toEqual([]);
    k.onBatch([ask(100, 0, 1000n), ask(101, 5, 1000n)]);
    k.finish();
    expect(reads).toEqual(['1000 ask 101']);
  });
});

describe('deliveries due at one instant on two instruments', () => {
  it('one in flight and one with no latency go in the order of the run', () => {
    const c = kernelConfig();
    const other = { instrument: { ...c.instrument, symbol: 'BBB' }, models: c.models, risk: c.risk, session: c.session };
    const heard: string[] = [];
    const k = new Kernel(kernelConfig({ others: [other], feedLatency: { kind: 'data' } }), {
      markets: 'all',
      onBook: (ctx, e, m) => void heard.push(`${ctx.now()} ${m.id} ${e.price}`),
    });
    // TINY's 1 is on the wire for 100 ns and due at 200, when BBB's 2 happens with no latency
    k.onEvents(0, [bid(1, 1, 100n, 200n)], 0, 1);
    k.onEvents(1, [bid(2, 1, 200n)], 0, 1);
    k.onEvents(0, [bid(3, 1, 300n)], 0, 1);
    k.finish();
    expect(heard).toEqual(['200 TINY.TEST 1', '200 BBB.TEST 2', '300 TINY.TEST 3']);
  });
});

describe('a strategy not called for market data, with data latency', () => {
  /** Timers only: it reads the book when told to. */
  function timerOnly(reads: string[], at: bigint[]): Strategy & { ctx?: StrategyContext } {
    const s: Strategy & { ctx?: StrategyContext } = {
      onStart: (ctx) => {
        s.ctx = ctx;
        for (const t of at) ctx.setTimer(t, 't');
      },
      onTimer: (ctx) => void reads.push(`${ctx.now()} bid ${ctx.book.bestBid()}`),
    };
    return s;
  }

  it('its clock is the venue time of each event processed with no latency: an order sent between batches goes out then', () => {
    const s = timerOnly([], []);
    const k = new Kernel(kernelConfig({ feedLatency: { kind: 'data' } }), s);
    k.onBatch([...snapshot([[90, 5]], [[110, 5]], 0n), bid(91, 1, 1000n)]);
    expect(s.ctx!.now()).toBe(1000n);
    s.ctx!.submit({ side: 'sell', type: 'market', qty: 1 });
    const r = k.finish();
    expect(r.fills.map((f) => [f.price, f.tsVenue])).toEqual([[91, 1000n]]);
  });

  it('the book it reads while an event is in flight holds every event before it, with latency or none', () => {
    const reads: string[] = [];
    const k = new Kernel(kernelConfig({ feedLatency: { kind: 'data' } }), timerOnly(reads, [60n, 250n, 400n]));
    // 90 arrives 50 ns late, 91 at once, 92 100 ns late (in flight at 250)
    k.onBatch([bid(90, 1, 0n, 50n), bid(91, 1, 100n), bid(92, 1, 200n, 300n), bid(80, 1, 500n)]);
    k.finish();
    expect(reads).toEqual(['60 bid 90', '250 bid 91', '400 bid 92']);
  });
});
