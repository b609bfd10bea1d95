import { describe, expect, it } from 'vitest';
import type { Strategy, StrategyContext } from '../strategy.js';
import { bid, snapshot, trade } from '../../../test/support/engine-fixtures.js';
import { kernelConfig } from '../../../test/support/kernel-fixtures.js';
import { Kernel, type KernelConfig } from './kernel.js';

/*
 * ctx.marketDataCalls, case by case (kernel-market-calls.test.ts compares whole generated runs):
 * off, the strategy is not called for book updates or trades but still receives them, so the
 * book it reads from a timer is the book of every event up to its clock; on again, the calls
 * resume with the next event. Under every kind of feed latency.
 */

type Feed = KernelConfig['feedLatency'];
const FEEDS: [string, Feed][] = [
  ['no feed latency', { kind: 'constant', ns: 0n }],
  ['data latency, none on the events', { kind: 'data' }],
  ['a constant 100 ns', { kind: 'constant', ns: 100n }],
];

/** Logs its calls: book and trade events by price, timers with the best bid they read. */
function logged(log: string[], extra: Partial<Strategy>): Strategy {
  return {
    onBook: (ctx, e) => void log.push(`book ${e.price}`),
    onTrade: (ctx, e) => void log.push(`trade ${e.price}`),
    onTimer: (ctx, name) => void log.push(`timer ${name} ${ctx.now()} bid ${ctx.book.bestBid()}`),
    ...extra,
  };
}

describe('market-data calls turned off and on', () => {
  for (const [name, feedLatency] of FEEDS) {
    it(`off from the start: no calls, timers still read the book of every event (${name})`, () => {
      const log: string[] = [];
      const s = logged(log, {
        onStart: (ctx) => {
          ctx.marketDataCalls(false);
          ctx.setTimer(1500n, 'a');
        },
      });
      const k = new Kernel(kernelConfig({ feedLatency }), s);
      k.onBatch([...snapshot([[99, 5]], [[101, 5]], 0n), trade('sell', 99, 1, 1000n), bid(100, 2, 1000n), bid(98, 1, 3000n)]);
      k.finish();
      expect(log).toEqual(['timer a 1500 bid 100']);
    });

    it(`off in a call, on again from a timer: the calls resume with the next event (${name})`, () => {
      const log: string[] = [];
      const s = logged(log, {
        onStart: (ctx) => ctx.setTimer(1500n, 'on'),
        onBook: (ctx, e) => {
          log.push(`book ${e.price}`);
          if (e.price === 99) ctx.marketDataCalls(false);
        },
        onTimer: (ctx, n) => {
          log.push(`timer ${n} ${ctx.now()} bid ${ctx.book.bestBid()}`);
          ctx.marketDataCalls(true);
          // asking for what is already so changes nothing
          ctx.marketDataCalls(true);
        },
      });
      const k = new Kernel(kernelConfig({ feedLatency }), s);
      k.onBatch([bid(99, 5, 0n), bid(100, 1, 0n), bid(101, 1, 1000n), trade('sell', 101, 1, 2000n), bid(97, 1, 2000n)]);
      k.finish();
      expect(log).toEqual(['book 99', 'timer on 1500 bid 101', 'trade 101', 'book 97']);
    });
  }

  it('turned off between batches while events at one time wait: the book read before they are delivered is the book of what was', () => {
    const log: string[] = [];
    let ctx: StrategyContext | undefined;
    const s = logged(log, {
      onStart: (c) => {
        ctx = c;
        c.setTimer(1000n, 'after');
      },
    });
    const k = new Kernel(kernelConfig({ feedLatency: { kind: 'data' } }), s);
    k.onBatch([bid(90, 1, 0n), bid(91, 1, 1000n)]);
    // 91 waits for the clock to move on; the calls go off before it is delivered, and more
    // events at 1000 come while it waits
    ctx!.marketDataCalls(false);
    k.onBatch([bid(92, 1, 1000n)]);
    // a timer set now, at the strategy's clock (0), runs before the next event: only 90 was delivered
    ctx!.setTimer(0n, 'before');
    k.onBatch([bid(93, 1, 1000n), bid(92, 0, 1000n), bid(94, 1, 2000n)]);
    k.finish();
    // the timer at 1000 runs after every event at 1000 is delivered, silently
    expect(log).toEqual(['book 90', 'timer before 0 bid 90', 'timer after 1000 bid 93']);
  });

  it('a strategy with onBook alone, or onTrade alone, is called again once turned back on', () => {
    const events = () => [bid(99, 5, 0n), trade('sell', 99, 1, 500n), bid(98, 1, 2000n), trade('sell', 98, 1, 2000n), bid(97, 1, 3000n)];
    const calls = (only: 'onBook' | 'onTrade') => {
      const heard: string[] = [];
      const s: Strategy = {
        onStart: (ctx) => {
          ctx.marketDataCalls(false);
          ctx.setTimer(1000n, 'on');
        },
        onTimer: (ctx) => ctx.marketDataCalls(true),
        [only]: (ctx: StrategyContext, e: { price: number }) => void heard.push(`${ctx.now()} ${e.price}`),
      };
      const k = new Kernel(kernelConfig({ feedLatency: { kind: 'data' } }), s);
      k.onBatch(events());
      k.finish();
      return heard;
    };
    expect(calls('onBook')).toEqual(['2000 98', '3000 97']);
    expect(calls('onTrade')).toEqual(['2000 98']);
  });

  it('a strategy with no market-data callbacks is the same on or off', () => {
    const run = (off: boolean) => {
      const reads: string[] = [];
      const k = new Kernel(kernelConfig({ feedLatency: { kind: 'data' } }), {
        onStart: (ctx) => {
          if (off) ctx.marketDataCalls(false);
          ctx.setTimer(500n, 't');
        },
        onTimer: (ctx) => {
          reads.push(`${ctx.now()} ${ctx.book.bestBid()}`);
          if (ctx.now() < 2500n) ctx.setTimer(ctx.now() + 1000n, 't');
        },
      });
      k.onBatch([bid(90, 1, 0n), bid(91, 1, 1000n), bid(92, 1, 1000n), bid(93, 1, 2000n), bid(94, 1, 3000n)]);
      k.finish();
      return reads;
    };
    expect(run(false)).toEqual(['500 90', '1500 92', '2500 93']);
    expect(run(true)).toEqual(run(false));
  });
});
