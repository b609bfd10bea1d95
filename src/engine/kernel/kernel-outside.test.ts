import { describe, expect, it } from 'vitest';
import type { StrategyContext } from '../strategy.js';
import { ask, snapshot } from '../../../test/support/engine-fixtures.js';
import { kernelConfig, scripted } from '../../../test/support/kernel-fixtures.js';
import { Kernel, type KernelConfig } from './kernel.js';

/*
 * Orders and timers sent from outside any callback, between two batches of data, as the
 * terminal's keyboard sends them. The venue may then be ahead of the strategy: it has processed
 * data the strategy has not received yet (feed latency, or a run of events at one time still
 * being delivered). What is sent goes out at the strategy's clock, so it is due before the
 * venue's: it must reach the venue before any further data is processed, even data at the
 * venue's current time, and must not turn the venue's clock back.
 */

/** A kernel whose strategy hands its context out, and records what it sees with its clock. */
function outside(config: KernelConfig) {
  let ctx: StrategyContext | undefined;
  const s = scripted([], { onStart: (c) => void (ctx = c) });
  const k = new Kernel(config, s);
  return { k, s, ctx: () => ctx! };
}

const FEED_100 = kernelConfig({ feedLatency: { kind: 'constant', ns: 100n } });
const NO_FEED_LATENCY = kernelConfig({ feedLatency: { kind: 'data' } });

describe('an order sent between batches while the venue is ahead of the strategy', () => {
  it('with feed latency: it fills before the next event at the venue clock, which keeps its time', () => {
    const { k, s, ctx } = outside(FEED_100);
    k.onBatch(snapshot([[99, 5]], [[101, 5]], 0n));
    // the venue moves to 1000 (a new ask at 102); the strategy has seen only the snapshot, at 100
    k.onBatch([ask(102, 5, 1000n)]);
    expect(ctx().now()).toBe(100n);
    ctx().submit({ clientId: 'm', side: 'buy', type: 'market', qty: 1 });
    // the 101 ask goes at the venue's current time: the order, sent at 100, meets it first
    k.onBatch([ask(101, 0, 1000n)]);
    const r = k.finish();
    expect(r.fills.map((f) => [f.clientId, f.price, f.qty])).toEqual([['m', 101, 1]]);
    // the event after the order was still processed at 1000, and reaches the strategy 100 ns later
    expect(s.seen.book.map((b) => [b.now, b.bestAsk])).toEqual([
      [100n, undefined],
      [100n, undefined],
      [100n, 101],
      [1100n, 101],
      [1100n, 102],
    ]);
    // the run ends at the last delivery
    expect(r.lastTs).toBe(1100n);
    // its reports come back at once (no response latency), before the data still in flight
    expect(s.seen.updates.map((u) => [u.clientId, u.status, u.now])).toEqual([
      ['m', 'open', 100n],
      ['m', 'filled', 100n],
    ]);
  });

  it('with no feed latency, while events at one time wait to be delivered', () => {
    const { k, s, ctx } = outside(NO_FEED_LATENCY);
    k.onBatch(snapshot([[99, 5]], [[101, 5]], 0n));
    k.onBatch([ask(102, 5, 1000n)]);
    // the event at 1000 waits for the clock to move on; the strategy is still at 0
    expect(ctx().now()).toBe(0n);
    ctx().submit({ clientId: 'm', side: 'buy', type: 'market', qty: 1 });
    k.onBatch([ask(101, 0, 1000n)]);
    const r = k.finish();
    expect(r.fills.map((f) => [f.clientId, f.price, f.qty])).toEqual([['m', 101, 1]]);
    expect(s.seen.book.map((b) => [b.now, b.bestAsk])).toEqual([
      [0n, undefined],
      [0n, undefined],
      [0n, 101],
      [1000n, 101],
      [1000n, 102],
    ]);
    expect(r.lastTs).toBe(1000n);
    // sent at 0, its reports are due at 0: heard before the events waiting at 1000
    expect(s.seen.updates.map((u) => [u.clientId, u.status, u.now])).toEqual([
      ['m', 'open', 0n],
      ['m', 'filled', 0n],
    ]);
  });

  it('a replace reaches the venue before the next event too', () => {
    const { k, s, ctx } = outside(FEED_100);
    k.onBatch(snapshot([[99, 5]], [[101, 5]], 0n));
    ctx().submit({ clientId: 'r', side: 'buy', type: 'limit', qty: 1, limit: 95 });
    k.onBatch([ask(102, 5, 1000n)]);
    // the bid is raised to the 101 ask, which goes at the venue's current time
    ctx().replace('r', { limit: 101 });
    k.onBatch([ask(101, 0, 1000n)]);
    const r = k.finish();
    expect(r.fills.map((f) => [f.clientId, f.price, f.qty])).toEqual([['r', 101, 1]]);
    expect(s.seen.updates.map((u) => [u.clientId, u.status])).toEqual([
      ['r', 'open'],
      ['r', 'open'],
      ['r', 'filled'],
    ]);
  });

  it('a refusal at submit reaches the strategy before the next event', () => {
    const { k, s, ctx } = outside(FEED_100);
    k.onBatch(snapshot([[99, 5]], [[101, 5]], 0n));
    k.onBatch([ask(102, 5, 1000n)]);
    ctx().submit({ clientId: 'zero', side: 'buy', type: 'market', qty: 0 });
    k.onBatch([ask(101, 0, 1000n)]);
    // the update is heard before the book event delivered at 1100
    const heard: string[] = [];
    const r = k.finish();
    for (const u of s.seen.updates) heard.push(`${u.clientId} ${u.status} ${u.now}`);
    expect(heard).toEqual(['zero rejected 100']);
    expect(r.rejects.map((x) => [x.clientId, x.reason, x.ts])).toEqual([['zero', 'invalid_qty', 100n]]);
  });

  it('when the run ends next, the order still arrives, and the clock stays at the last data', () => {
    for (const config of [FEED_100, NO_FEED_LATENCY]) {
      const { k, s, ctx } = outside(config);
      k.onBatch(snapshot([[99, 5]], [[101, 5]], 0n));
      k.onBatch([ask(101, 0, 1000n), ask(102, 5, 1000n)]);
      ctx().submit({ clientId: 'm', side: 'buy', type: 'market', qty: 1 });
      const r = k.finish();
      // the order reached the venue after everything it had processed: the 101 ask was gone
      expect(r.fills.map((f) => [f.clientId, f.price])).toEqual([['m', 102]]);
      const last = config === FEED_100 ? 1100n : 1000n;
      expect(s.seen.book.at(-1)!.now).toBe(last);
      expect(r.lastTs).toBe(last);
      expect(r.nav.at(-1)!.ts).toBe(last);
    }
  });
});

describe('a timer set between batches for a time the venue has passed', () => {
  it('fires before the next event, at its time or the strategy clock, and not after data in flight', () => {
    const log: string[] = [];
    let ctx: StrategyContext | undefined;
    const k = new Kernel(FEED_100, {
      onStart: (c) => void (ctx = c),
      onBook: (c, e) => void log.push(`book ${c.now()} ${e.price}`),
      onTimer: (c, name) => void log.push(`timer ${name} ${c.now()} sees ask ${c.book.bestAsk()}`),
    });
    k.onBatch(snapshot([[99, 5]], [[101, 5]], 0n));
    k.onBatch([ask(102, 5, 1000n)]);
    ctx!.setTimer(150n, 'a');
    k.onBatch([ask(103, 5, 1000n)]);
    ctx!.setTimer(120n, 'b');
    const r = k.finish();
    expect(log).toEqual([
      'book 100 0',
      'book 100 99',
      'book 100 101',
      'timer a 150 sees ask 101',
      // set for 120 once the strategy's clock was at 150: due at once, at 150, before the data
      // still in flight (which the venue has processed), and it does not lapse with the data
      'timer b 150 sees ask 101',
      'book 1100 102',
      'book 1100 103',
    ]);
    expect(r.lastTs).toBe(1100n);
  });
});
