import { describe, expect, it } from 'vitest';
import { makeLatencyModel } from '../exchange/latency-models.js';
import type { Strategy, StrategyContext } from '../strategy.js';
import { ask, bid, snapshot } from '../../../test/support/engine-fixtures.js';
import { kernelConfig, run, scripted } from '../../../test/support/kernel-fixtures.js';
import { Kernel } from './kernel.js';

/*
 * A run's life through the kernel's public API: history taken in before the run (warmUp), time
 * passing without data (advanceTo), a run with no data at all, and what the strategy's context
 * answers along the way. Timing and matching are in kernel.test.ts, several instruments in
 * kernel-multi.test.ts.
 */

const latency = (entryNs: number, responseNs: number) => makeLatencyModel({ name: 'constant', entryNs, responseNs });
const HISTORY = () => snapshot([[99, 5]], [[100, 5]], 0n);

/** A strategy that logs what it is called with, on its own clock. */
function logging(log: string[], extra: Partial<Strategy> = {}): Strategy {
  return {
    onStart: (ctx) => {
      log.push(`start ${ctx.now()}`);
      extra.onStart?.(ctx);
    },
    onBook: (ctx, e) => void log.push(`book ${ctx.now()} ${e.price} sees ${ctx.book.bestBid()}/${ctx.book.bestAsk()}`),
    onTrade: (ctx, e) => void log.push(`trade ${ctx.now()} ${e.price}`),
    onTimer: (ctx, name) => {
      log.push(`timer ${name} ${ctx.now()} sees ${ctx.book.bestBid()}/${ctx.book.bestAsk()}`);
      extra.onTimer?.(ctx, name);
    },
    onOrderUpdate: (ctx, u) => void log.push(`update ${u.clientId} ${u.status} ${ctx.now()}`),
    onFill: (ctx, f) => void log.push(`fill ${f.clientId} ${f.qty}@${f.price} ${ctx.now()}`),
    onEnd: (ctx) => {
      log.push(`end ${ctx.now()}`);
      extra.onEnd?.(ctx);
    },
  };
}

describe('warmUp: market history before the run', () => {
  for (const feed of [0n, 500n]) {
    it(`the venue and the strategy's book start from it; the strategy is not started and sees none of it (feed latency ${feed})`, () => {
      const log: string[] = [];
      const s = logging(log, { onTimer: (ctx) => void ctx.submit({ side: 'buy', type: 'market', qty: 2 }) });
      const k = new Kernel(kernelConfig({ feedLatency: { kind: 'constant', ns: feed } }), {
        ...s,
        onStart: (ctx) => {
          s.onStart!(ctx);
          ctx.setTimer(1000n, 'buy');
        },
      });
      k.warmUp(HISTORY());
      expect(log).toEqual([]);
      k.onBatch([bid(98, 1, 1000n)]);
      const r = k.finish();
      // the market order fills against the book from before the run
      expect(r.fills.map((f) => [f.price, f.qty, f.tsVenue])).toEqual([[100, 2, 1000n]]);
      expect(log[0]).toBe('start 1000');
      expect(log).toContain(`book ${1000n + feed} 98 sees 99/100`);
      expect(log.filter((l) => l.startsWith('book'))).toHaveLength(1);
      // the clock ends at the last delivery to the strategy
      expect([r.marketEvents, r.firstTs, r.lastTs]).toEqual([1, 1000n, 1000n + feed]);
    });
  }

  it('warms the instrument it names', () => {
    const other = { instrument: kernelConfig().instrument, models: kernelConfig().models, risk: kernelConfig().risk, session: kernelConfig().session };
    const B = { ...other, instrument: { ...other.instrument, symbol: 'BBB' } };
    let seen: (number | undefined)[] = [];
    const k = new Kernel(kernelConfig({ others: [B] }), { markets: 'all', onEnd: (ctx) => void (seen = ctx.markets.map((m) => m.book.bestAsk())) });
    k.warmUp(snapshot([[49, 1]], [[50, 1]], 0n), 1);
    const r = k.finish();
    expect(seen).toEqual([undefined, 50]);
    expect(r.marks).toEqual([undefined, 50]);
  });

  it('comes before the run or not at all', () => {
    const k = new Kernel(kernelConfig(), {});
    k.onBatch(HISTORY());
    expect(() => k.warmUp(HISTORY())).toThrow('warmUp must come before the run starts');
    const k2 = new Kernel(kernelConfig(), {});
    k2.advanceTo(5n);
    expect(() => k2.warmUp(HISTORY())).toThrow('warmUp must come before the run starts');
  });
});

describe('advanceTo: time passing without data', () => {
  it('before any data, starts the strategy then: what it schedules before the data happens against an empty book', () => {
    const log: string[] = [];
    const k = new Kernel(kernelConfig({ latency: latency(10, 5) }), logging(log, {
      onStart: (ctx) => {
        ctx.setTimer(600n, 'early');
        ctx.setTimer(2000n, 'late');
      },
      onTimer: (ctx, name) => void (name === 'early' && ctx.submit({ clientId: 'e', side: 'buy', type: 'limit', qty: 1, limit: 95 })),
    }));
    k.advanceTo(500n);
    k.onBatch([bid(99, 5, 1000n), ask(100, 5, 1000n)]);
    const r = k.finish();
    expect(log).toEqual([
      'start 500',
      'timer early 600 sees undefined/undefined',
      'update e open 615',
      'book 1000 99 sees 99/undefined',
      'book 1000 100 sees 99/100',
      'end 1000',
    ]);
    // the run's data still begins at its first event
    expect([r.firstTs, r.lastTs, r.marketEvents]).toEqual([1000n, 1000n, 2]);
    expect(r.orders.map((o) => [o.req.clientId, o.status])).toEqual([['e', 'open']]);
  });

  it('after the data, runs everything due up to and including the time; later timers lapse', () => {
    const log: string[] = [];
    const k = new Kernel(kernelConfig(), logging(log, {
      onStart: (ctx) => {
        for (const t of [1999n, 2000n, 2001n]) ctx.setTimer(t, String(t));
      },
    }));
    k.onBatch(HISTORY());
    k.advanceTo(2000n);
    expect(log.filter((l) => l.startsWith('timer'))).toEqual(['timer 1999 1999 sees 99/100', 'timer 2000 2000 sees 99/100']);
    // a time behind the clock does nothing
    k.advanceTo(1500n);
    k.advanceTo(2000n);
    const r = k.finish();
    expect(log.filter((l) => l.startsWith('timer'))).toHaveLength(2);
    expect(log.at(-1)).toBe('end 2000');
    expect(r.lastTs).toBe(2000n);
    // the equity is sampled at the end of the time passed
    expect(r.nav.at(-1)).toEqual({ ts: 2000n, equity: '1000' });
  });

  it('delivers data in flight up to the time, not after it', () => {
    const log: string[] = [];
    const k = new Kernel(kernelConfig({ feedLatency: { kind: 'constant', ns: 100n } }), logging(log));
    k.onBatch([bid(99, 5, 1000n), bid(98, 5, 1050n)]);
    k.advanceTo(1100n);
    expect(log.filter((l) => l.startsWith('book'))).toEqual(['book 1100 99 sees 99/undefined']);
    k.finish();
    expect(log.filter((l) => l.startsWith('book'))).toEqual(['book 1100 99 sees 99/undefined', 'book 1150 98 sees 99/undefined']);
  });

  it('starts the strategy once, whether time or data comes first', () => {
    const log: string[] = [];
    const k = new Kernel(kernelConfig(), logging(log));
    k.advanceTo(10n);
    k.advanceTo(20n);
    k.onBatch([bid(99, 1, 30n)]);
    k.finish();
    expect(log).toEqual(['start 10', 'book 30 99 sees 99/undefined', 'end 30']);
  });
});

describe('a run with no data', () => {
  it('still starts and ends the strategy, and its result says there was no data', () => {
    const log: string[] = [];
    const k = new Kernel(kernelConfig(), logging(log, { onStart: (ctx) => void ctx.submit({ side: 'buy', type: 'market', qty: 1 }) }));
    const r = k.finish();
    // the market order meets an empty book and is refused for want of liquidity
    expect(log).toEqual(['start 0', 'update o1 rejected 0', 'end 0']);
    expect(r.rejects).toEqual([{ clientId: 'o1', reason: 'no_liquidity', ts: 0n }]);
    expect([r.firstTs, r.lastTs, r.marketEvents, r.lastMark, r.marks]).toEqual([undefined, undefined, 0, undefined, [undefined]]);
    expect(r.nav).toEqual([{ ts: 0n, equity: '1000' }]);
    expect(r.fills).toEqual([]);
  });
});

describe("the strategy's context", () => {
  it('answers with cash, position, open orders and params as of the reports delivered', () => {
    const seen: unknown[] = [];
    const look = (ctx: StrategyContext) =>
      seen.push({ now: ctx.now(), cash: ctx.cash(), pos: ctx.position(), open: ctx.openOrders().map((o) => [o.clientId, o.status, o.qty, o.filled]) });
    const s = scripted(
      [
        { at: 100n, run: (ctx) => void ctx.submit({ clientId: 'b', side: 'buy', type: 'market', qty: 3 }) },
        { at: 100n, run: (ctx) => void ctx.submit({ clientId: 'r', side: 'buy', type: 'limit', qty: 2, limit: 90 }) },
        { at: 100n, run: look },
        { at: 200n, run: look },
      ],
      { onEnd: look },
    );
    const r = run(kernelConfig({ latency: latency(20, 30), params: { size: 3 } }), s, [...HISTORY(), bid(90, 1, 1000n)]);
    expect(seen).toEqual([
      { now: 100n, cash: '1000', pos: 0, open: [['b', 'pending', 3, 0], ['r', 'pending', 2, 0]] },
      // both arrived at 120 and were reported at 150: 3 bought at 1.00
      { now: 200n, cash: '997', pos: 3, open: [['r', 'open', 2, 0]] },
      { now: 1000n, cash: '997', pos: 3, open: [['r', 'open', 2, 0]] },
    ]);
    expect(r.account.position).toBe(3);
    let params: unknown;
    run(kernelConfig({ params: { size: 3 } }), scripted([], { onEnd: (ctx) => void (params = ctx.params) }), HISTORY());
    expect(params).toEqual({ size: 3 });
  });

  it('a carried-in position is the position from the start', () => {
    const seen: number[] = [];
    const s = scripted([{ at: 100n, run: (ctx) => void ctx.submit({ side: 'sell', type: 'market', qty: 4 }) }], {
      onStart: (ctx) => void seen.push(ctx.position()),
      onEnd: (ctx) => void seen.push(ctx.position()),
    });
    const r = run(kernelConfig({ startingPosition: { lots: 4, costBasis: '3.6' }, risk: { leverage: 1, maxPositionFraction: 1, locate: [], allowShort: false } }), s, [...HISTORY(), bid(90, 1, 1000n)]);
    expect(seen).toEqual([4, 0]);
    expect(r.rejects).toEqual([]);
    expect(r.account.cash.toFixed()).toBe('1003.96');
  });

  it('market(id) finds an instrument of the run and nothing else', () => {
    let found: unknown;
    run(kernelConfig(), scripted([], { onEnd: (ctx) => void (found = [ctx.market('TINY.TEST') === ctx.markets[0], ctx.market('TINY.ELSEWHERE'), ctx.instrument.symbol]) }), HISTORY());
    expect(found).toEqual([true, undefined, 'TINY']);
  });

  it('a timer set in the past fires at once, at the current time', () => {
    const log: string[] = [];
    const s = logging(log, {
      onStart: (ctx) => ctx.setTimer(500n, 'now'),
      onTimer: (ctx, name) => void (name === 'now' && ctx.setTimer(100n, 'past')),
    });
    run(kernelConfig(), s, [...HISTORY(), bid(90, 1, 1000n)], 100);
    expect(log.filter((l) => l.startsWith('timer'))).toEqual(['timer now 500 sees 99/100', 'timer past 500 sees 99/100']);
  });
});
