import { describe, expect, it } from 'vitest';
import { L2Book } from '../book/l2-book.js';
import { EventKind, Side, type MarketEvent } from '../model/events.js';
import { makeLatencyModel } from '../exchange/latency-models.js';
import type { KernelConfig } from './kernel-types.js';
import type { Strategy, StrategyContext } from '../strategy.js';
import { kernelConfig } from '../../../test/support/kernel-fixtures.js';
import { Kernel } from './kernel.js';

type FeedLatency = KernelConfig['feedLatency'];

/*
 * ctx.marketDataCalls(false): a strategy driven by its timers stops being called for every
 * event, and nothing else about the run changes: the same orders, fills, rejects and equity
 * samples as the same strategy called for every event, under every kind of feed latency; turned
 * back on, the calls resume and the book it reads is the book of every event it was given.
 */

/** A fixed pseudo-random sequence in [0, 1): the same stream every run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Levels around 100 a side, runs of events at one timestamp, trades through the touch, a clear now and then. */
function stream(n: number, seed: number, maxLag: number): MarketEvent[] {
  const rnd = lcg(seed);
  const out: MarketEvent[] = [];
  let ts = 1_000n;
  for (let i = 0; i < n; i++) {
    if (rnd() < 0.5) ts += BigInt(1 + Math.floor(rnd() * 40));
    const base = { orderId: 0, tsExch: ts, tsLocal: ts + BigInt(Math.floor(rnd() * (maxLag + 1))), record: i + 1 };
    const r = rnd();
    if (r < 0.002) out.push({ ...base, kind: EventKind.Clear, side: Side.None, price: 0, qty: 0 });
    else if (r < 0.1) out.push({ ...base, kind: EventKind.Trade, side: rnd() < 0.5 ? Side.Bid : Side.Ask, price: 96 + Math.floor(rnd() * 9), qty: 1 + Math.floor(rnd() * 3) });
    else {
      const bid = rnd() < 0.5;
      const price = bid ? 90 + Math.floor(rnd() * 10) : 101 + Math.floor(rnd() * 10);
      out.push({ ...base, kind: EventKind.Level, side: bid ? Side.Bid : Side.Ask, price, qty: rnd() < 0.2 ? 0 : 1 + Math.floor(rnd() * 9) });
    }
  }
  return out;
}

/** Quotes one lot a tick inside the touch on each side every 50 ns, re-quoting at a new touch; started by the first book event. */
function timerMaker(quiet: boolean): Strategy & { callsAfterStart: number } {
  let bid: string | undefined;
  let ask: string | undefined;
  let started = false;
  const self = {
    callsAfterStart: 0,
    onBook(ctx: StrategyContext) {
      if (started) {
        self.callsAfterStart++;
        return;
      }
      started = true;
      ctx.setTimer(ctx.now() + 50n, 'quote');
      if (quiet) ctx.marketDataCalls(false);
    },
    onTrade() {
      if (started) self.callsAfterStart++;
    },
    onTimer(ctx: StrategyContext) {
      const b = ctx.book.bestBid();
      const a = ctx.book.bestAsk();
      const open = new Set(ctx.openOrders().map((o) => o.clientId));
      if (bid !== undefined && open.has(bid)) ctx.cancel(bid);
      if (ask !== undefined && open.has(ask)) ctx.cancel(ask);
      bid = b === undefined ? undefined : ctx.submit({ side: 'buy', type: 'limit', qty: 1, limit: b + 1 });
      ask = a === undefined ? undefined : ctx.submit({ side: 'sell', type: 'limit', qty: 1, limit: a - 1 });
      ctx.setTimer(ctx.now() + 50n, 'quote');
    },
  };
  return self;
}

function run(feed: FeedLatency, events: MarketEvent[], quiet: boolean) {
  const strategy = timerMaker(quiet);
  const k = new Kernel(kernelConfig({ feedLatency: feed, latency: makeLatencyModel({ name: 'constant', entryNs: 3, responseNs: 2 }) }), strategy);
  for (let i = 0; i < events.length; i += 700) k.onBatch(events.slice(i, i + 700));
  const r = k.finish();
  const bigints = (_k: string, v: unknown) => (typeof v === 'bigint' ? v.toString() : v);
  return { calls: strategy.callsAfterStart, fills: JSON.stringify(r.fills, bigints), orders: JSON.stringify(r.orders, bigints), rejects: JSON.stringify(r.rejects, bigints), nav: JSON.stringify(r.nav, bigints), n: r.fills.length };
}

const FEEDS: [string, FeedLatency, number][] = [
  ['no feed latency (the venue and the strategy share a book)', { kind: 'constant', ns: 0n }, 0],
  ['data latency, none on any event (runs at one timestamp wait for the clock)', { kind: 'data' }, 0],
  ['data latency of up to 60 ns (events in flight)', { kind: 'data' }, 60],
  ['a constant 25 ns', { kind: 'constant', ns: 25n }, 0],
];

describe('ctx.marketDataCalls', () => {
  for (const [name, feed, lag] of FEEDS) {
    it(`off changes nothing but the calls: ${name}`, () => {
      for (const seed of [1, 2]) {
        const events = stream(3_000, seed, lag);
        const loud = run(feed, events, false);
        const quiet = run(feed, events, true);
        expect(loud.calls).toBeGreaterThan(2_500);
        expect(quiet.calls).toBe(0);
        expect(loud.n).toBeGreaterThan(20);
        expect(quiet.fills).toBe(loud.fills);
        expect(quiet.orders).toBe(loud.orders);
        expect(quiet.rejects).toBe(loud.rejects);
        expect(quiet.nav).toBe(loud.nav);
      }
    });
  }

  it('back on, the calls resume and the book read is the book of every event given, silently or not', () => {
    const events = stream(3_000, 9, 0);
    const mid = events[1_500].tsExch;
    const want = new L2Book();
    let applied = 0;
    const called: number[] = [];
    const mismatches: string[] = [];
    const strategy: Strategy = {
      onStart: (ctx) => ctx.setTimer(mid, 'on'),
      onBook(ctx, e) {
        if (called.length === 0) ctx.marketDataCalls(false);
        called.push(e.record);
        // Every event up to this one reached the strategy, with or without a call.
        while (applied < e.record) want.apply(events[applied++]);
        if (JSON.stringify(ctx.book.levels()) !== JSON.stringify(want.levels()) && mismatches.length < 3) mismatches.push(`at ${e.record}`);
      },
      onTimer: (ctx) => ctx.marketDataCalls(true),
    };
    const k = new Kernel(kernelConfig({ feedLatency: { kind: 'data' } }), strategy);
    k.onBatch(events);
    k.finish();
    const firstBook = events.find((e) => e.kind !== EventKind.Trade)!.record;
    const resumed = events.filter((e) => e.tsExch > mid && e.kind !== EventKind.Trade).map((e) => e.record);
    expect(called[0]).toBe(firstBook);
    expect(called.slice(1)).toEqual(resumed);
    expect(mismatches).toEqual([]);
  });
});
