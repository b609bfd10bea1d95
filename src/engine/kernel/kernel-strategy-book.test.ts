import { describe, expect, it } from 'vitest';
import { EventKind, Side, type MarketEvent } from '../model/events.js';
import type { KernelConfig } from './kernel-types.js';
import type { Strategy, StrategyContext } from '../strategy.js';
import { kernelConfig } from '../../../test/support/kernel-fixtures.js';
import { Kernel } from './kernel.js';

/*
 * The book the strategy reads is the book of the events delivered to it so far, whatever the
 * feed latency: checked against a naive book (two maps) that applies each event as the strategy
 * receives it. Streams are generated (a fixed linear congruential sequence) with runs of events
 * at one timestamp, clears, trades, latencies that hold one event or tens of thousands in
 * flight, and a strategy that reads the book at some deliveries and timers and not at others.
 */

/** A fixed pseudo-random sequence in [0, 1): the same stream every run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

class NaiveBook {
  readonly bids = new Map<number, number>();
  readonly asks = new Map<number, number>();

  apply(e: MarketEvent): void {
    if (e.kind === EventKind.Clear) {
      this.bids.clear();
      this.asks.clear();
    } else if (e.kind === EventKind.Level) {
      const side = e.side === Side.Bid ? this.bids : this.asks;
      if (e.qty === 0) side.delete(e.price);
      else side.set(e.price, e.qty);
    }
  }

  levels(depth: number): { bids: [number, number][]; asks: [number, number][] } {
    const bids = [...this.bids].sort((a, b) => b[0] - a[0]).slice(0, depth);
    const asks = [...this.asks].sort((a, b) => a[0] - b[0]).slice(0, depth);
    return { bids, asks };
  }
}

interface StreamShape {
  events: number;
  /** Nanoseconds between timestamps; several events may share one. */
  step: number;
  /** Largest data latency (ts_local - ts_exch) in ns; 0 for none. */
  maxLag: number;
  seed: number;
}

let record = 0;

/** Level updates around 100 on both sides, runs at one timestamp, a clear now and then, trades. */
function stream(shape: StreamShape): MarketEvent[] {
  const rnd = lcg(shape.seed);
  const out: MarketEvent[] = [];
  let ts = 1_000n;
  for (let i = 0; i < shape.events; i++) {
    if (rnd() < 0.6) ts += BigInt(1 + Math.floor(rnd() * shape.step));
    const lag = BigInt(Math.floor(rnd() * (shape.maxLag + 1)));
    const r = rnd();
    const base = { orderId: 0, tsExch: ts, tsLocal: ts + lag, record: ++record };
    if (r < 0.003) out.push({ ...base, kind: EventKind.Clear, side: Side.None, price: 0, qty: 0 });
    else if (r < 0.05) out.push({ ...base, kind: EventKind.Trade, side: rnd() < 0.5 ? Side.Bid : Side.Ask, price: 95 + Math.floor(rnd() * 10), qty: 1 });
    else {
      const bid = rnd() < 0.5;
      const price = bid ? 80 + Math.floor(rnd() * 20) : 101 + Math.floor(rnd() * 20);
      const qty = rnd() < 0.25 ? 0 : 1 + Math.floor(rnd() * 9);
      out.push({ ...base, kind: EventKind.Level, side: bid ? Side.Bid : Side.Ask, price, qty });
    }
  }
  return out;
}

/**
 * Runs the stream through a kernel whose strategy keeps a naive book of what it was delivered,
 * and compares the two at about one delivery in `every` and at timers; returns how many checks
 * were made and the deliveries, in order.
 */
function check(config: KernelConfig, events: MarketEvent[], every: number, batch = 500): { checks: number; delivered: number[]; mismatches: string[] } {
  const naive = new NaiveBook();
  const rnd = lcg(7);
  const delivered: number[] = [];
  const mismatches: string[] = [];
  let checks = 0;
  const compare = (ctx: StrategyContext, where: string) => {
    checks++;
    const got = ctx.book.levels(40);
    const want = naive.levels(40);
    const best = [ctx.book.bestBid(), ctx.book.bestAsk()];
    const wantBest = [want.bids[0]?.[0], want.asks[0]?.[0]];
    if (JSON.stringify(got) !== JSON.stringify(want) || JSON.stringify(best) !== JSON.stringify(wantBest)) {
      if (mismatches.length < 3) mismatches.push(`${where}: got ${JSON.stringify(got)} want ${JSON.stringify(want)}`);
    }
  };
  const seen = (ctx: StrategyContext, e: MarketEvent) => {
    naive.apply(e);
    delivered.push(e.record);
    if (rnd() * every < 1) compare(ctx, `delivery of ${e.record} at ${ctx.now()}`);
  };
  const s: Strategy = {
    onStart: (ctx) => {
      for (let i = 1; i <= 40; i++) ctx.setTimer(events[0].tsExch + BigInt(i) * ((events.at(-1)!.tsExch - events[0].tsExch) / 40n), `t${i}`);
    },
    onBook: seen,
    onTrade: seen,
    onTimer: (ctx, name) => compare(ctx, `timer ${name} at ${ctx.now()}`),
    onEnd: (ctx) => compare(ctx, 'end'),
  };
  const k = new Kernel(config, s);
  for (let i = 0; i < events.length; i += batch) k.onBatch(events.slice(i, i + batch));
  k.finish();
  return { checks, delivered, mismatches };
}

describe("the strategy's book is the book of what it has been delivered", () => {
  it('with data latency, often none, over runs of events at one timestamp', () => {
    const events = stream({ events: 4_000, step: 50, maxLag: 0, seed: 11 }).map((e, i) => (i % 3 === 0 ? { ...e, tsLocal: e.tsExch + 30n } : e));
    const out = check(kernelConfig({ feedLatency: { kind: 'data' } }), events, 3);
    expect(out.mismatches).toEqual([]);
    expect(out.delivered).toEqual(events.map((e) => e.record));
    expect(out.checks).toBeGreaterThan(800);
  });

  it('with data latency that varies more than the gaps between events', () => {
    const events = stream({ events: 4_000, step: 20, maxLag: 400, seed: 12 });
    const out = check(kernelConfig({ feedLatency: { kind: 'data' } }), events, 5);
    expect(out.mismatches).toEqual([]);
    expect(out.delivered).toEqual(events.map((e) => e.record));
  });

  it('with a constant latency holding tens of thousands of events in flight, read rarely', () => {
    // at most 1 ns apart and 40,000 ns of latency: every event is in flight until the stream ends
    const events = stream({ events: 36_000, step: 1, maxLag: 0, seed: 13 });
    const out = check(kernelConfig({ feedLatency: { kind: 'constant', ns: 40_000n } }), events, 10_000, 4_000);
    expect(out.mismatches).toEqual([]);
    expect(out.delivered).toEqual(events.map((e) => e.record));
  });

  it('with no feed latency, when the strategy reads its book mid-way through a run at one timestamp', () => {
    const events = stream({ events: 1_000, step: 10, maxLag: 0, seed: 14 });
    for (const feed of [{ kind: 'constant', ns: 0n } as const, { kind: 'data' } as const]) {
      const out = check(kernelConfig({ feedLatency: feed }), events, 1);
      expect(out.mismatches).toEqual([]);
      expect(out.delivered).toEqual(events.map((e) => e.record));
    }
  });
});
