import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { L2Book } from '../book/l2-book.js';
import { EventKind, Side, type MarketEvent } from '../model/events.js';
import { kernelConfig } from '../../../test/support/kernel-fixtures.js';
import { Kernel } from './kernel.js';
import { StrategyBook } from './strategy-book.js';
import type { Strategy, StrategyContext } from '../strategy.js';

// The book the strategy reads must be, at every moment, exactly a book that applied every event
// delivered so far: whether it is the venue's own, a copy replayed from the log, or a rebuilt one.

const levelArb = fc.record({
  side: fc.constantFrom(Side.Bid, Side.Ask),
  // Mostly near the touch, some far out, so that windows slide and far levels exist.
  price: fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 990, max: 1010 }) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 5000 }) }),
  qty: fc.integer({ min: 0, max: 9 }),
  kind: fc.constantFrom(EventKind.Level, EventKind.Level, EventKind.Level, EventKind.Add, EventKind.Cancel, EventKind.Trade, EventKind.Clear),
});

/** Prices far apart as well (a window is at most 65,536 ticks wide): levels kept outside it. */
const wide = fc.record({
  side: fc.constantFrom(Side.Bid, Side.Ask),
  price: fc.oneof(fc.integer({ min: 199_990, max: 200_010 }), fc.constantFrom(1, 2, 50_000, 350_000, 399_999)),
  qty: fc.integer({ min: 0, max: 9 }),
  kind: fc.constantFrom(EventKind.Level, EventKind.Level, EventKind.Add, EventKind.Cancel, EventKind.Trade, EventKind.Clear),
});

function event(l: { side: 1 | 2; price: number; qty: number; kind: EventKind }, record: number, tsExch = 0n, tsLocal = 0n): MarketEvent {
  return { kind: l.kind, side: l.kind === EventKind.Clear ? Side.None : l.side, price: l.kind === EventKind.Clear ? 0 : l.price, qty: l.qty, orderId: 0, tsExch, tsLocal, record };
}

describe('StrategyBook', () => {
  it('reads as a book of every delivered event, through lags, in-step runs and rebuilds', () => {
    const step = fc.oneof(
      fc.record({ op: fc.constant('lag' as const), l: fc.oneof(levelArb, wide) }),
      fc.record({ op: fc.constant('inStep' as const), l: fc.oneof(levelArb, wide) }),
      fc.record({ op: fc.constant('deliver' as const) }),
      fc.record({ op: fc.constant('read' as const) }),
    );
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 300 }), fc.integer({ min: 1, max: 12 }), (steps, rebuildAfter) => {
        const venue = new L2Book();
        const seen = new StrategyBook(venue, rebuildAfter);
        const reference = new L2Book();
        const inFlight: MarketEvent[] = [];
        let n = 0;
        for (const s of steps) {
          if (s.op === 'inStep' && inFlight.length === 0) {
            const e = event(s.l, ++n);
            seen.inStepEvent(e);
            venue.apply(e);
            reference.apply(e);
          } else if (s.op === 'lag' || s.op === 'inStep') {
            const e = event((s as { l: Parameters<typeof event>[0] }).l, ++n);
            seen.laggingEvent(e);
            venue.apply(e);
            inFlight.push(e);
          } else if (s.op === 'deliver' && inFlight.length > 0) {
            seen.deliver();
            reference.apply(inFlight.shift()!);
          } else expect(seen.current().levels()).toEqual(reference.levels());
        }
        expect(seen.current().levels()).toEqual(reference.levels());
      }),
      { numRuns: 300 },
    );
  });
});

describe('StrategyBook taking waiting events back', () => {
  it('restores levels outside the tick window and levels of L3 rows, latest first', () => {
    const level = (side: 1 | 2, price: number, qty: number, kind: EventKind = EventKind.Level) => event({ side, price, qty, kind }, 0);
    const venue = new L2Book();
    const seen = new StrategyBook(venue);
    // In step: a touch near 200,000 and far levels 199,990 and 350,000 ticks away from it.
    for (const e of [level(Side.Bid, 200_000, 1), level(Side.Bid, 1, 5), level(Side.Ask, 200_001, 2), level(Side.Ask, 550_000, 4)]) {
      seen.inStepEvent(e);
      venue.apply(e);
    }
    const shown = JSON.stringify(venue.levels());
    // Waiting: each far level changed twice, an L3 add and cancel at the touch, a trade.
    const waiting = [level(Side.Bid, 1, 7), level(Side.Ask, 550_000, 0), level(Side.Bid, 1, 0), level(Side.Ask, 550_000, 9), level(Side.Bid, 200_000, 3, EventKind.Add), level(Side.Ask, 200_001, 1, EventKind.Cancel), level(Side.Bid, 199_999, 2, EventKind.Trade)];
    for (const e of waiting) {
      seen.laggingEvent(e);
      venue.apply(e);
    }
    expect(JSON.stringify(seen.current().levels())).toBe(shown);
    const reference = new L2Book();
    for (const e of JSON.parse(shown).bids as [number, number][]) reference.bids.set(e[0], e[1]);
    for (const e of JSON.parse(shown).asks as [number, number][]) reference.asks.set(e[0], e[1]);
    for (const e of waiting) {
      seen.deliver();
      reference.apply(e);
      expect(seen.current().levels()).toEqual(reference.levels());
    }
    expect(seen.current()).toBe(venue);
  });
});

describe('L2Book.sizeBefore, what the strategy book takes events back with', () => {
  it('is the size the row\'s level had before it, inside the tick window and outside it', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(levelArb, wide), { minLength: 1, maxLength: 300 }), (rows) => {
        const book = new L2Book();
        book.keepSizeBefore(true);
        rows.forEach((l, i) => {
          const e = event(l, i + 1);
          const row = e.kind !== EventKind.Clear && e.kind !== EventKind.Trade;
          const before = row ? book.side(e.side).sizeAt(e.price) : book.sizeBefore(e.side);
          book.apply(e);
          expect(book.sizeBefore(e.side)).toBe(before);
        });
      }),
      { numRuns: 200 },
    );
  });
});

/** A strategy that keeps its own book of what it was shown and checks the kernel's against it whenever it runs. */
function checking(): Strategy & { mismatches: string[]; reads: number } {
  const own = new L2Book();
  const self = {
    mismatches: [] as string[],
    reads: 0,
    check(ctx: StrategyContext, where: string) {
      self.reads++;
      const got = ctx.book.levels();
      const want = own.levels();
      if (JSON.stringify(got) !== JSON.stringify(want)) self.mismatches.push(`${where} at ${ctx.now()}`);
    },
    onStart(ctx: StrategyContext) {
      ctx.setTimer(ctx.now() + 5n, 't');
    },
    onBook(ctx: StrategyContext, e: MarketEvent) {
      own.apply(e);
      self.check(ctx, `book ${e.record}`);
    },
    onTrade(ctx: StrategyContext) {
      self.check(ctx, 'trade');
    },
    onTimer(ctx: StrategyContext) {
      self.check(ctx, 'timer');
      ctx.setTimer(ctx.now() + 7n, 't');
    },
  };
  return self;
}

describe('the kernel shows the strategy the book of what it delivered', () => {
  it('with data latency: runs of events at one time, events in flight, and both mixed', () => {
    const item = fc.record({ l: levelArb, dt: fc.constantFrom(0n, 0n, 0n, 1n, 3n, 10n), lat: fc.constantFrom(0n, 0n, 0n, -2n, 4n, 25n) });
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 200 }), fc.integer({ min: 1, max: 7 }), (items, batch) => {
        let t = 1000n;
        const events = items.map((x, i) => {
          t += x.dt;
          return event(x.l, i + 1, t, t + x.lat);
        });
        const s = checking();
        const k = new Kernel(kernelConfig({ feedLatency: { kind: 'data' } }), s);
        for (let i = 0; i < events.length; i += batch) k.onBatch(events.slice(i, i + batch));
        k.finish();
        expect(s.mismatches).toEqual([]);
        expect(s.reads).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });
});

describe('StrategyBook over a long lag', () => {
  it('reads as a book of every delivered event while thousands stay in flight and the replayed ones are dropped from its log', () => {
    // 12,000 events, a varying number in flight (up to 300), read every few deliveries: the log
    // is trimmed many times over, and a rebuild never comes (nothing is ever fully delivered)
    const venue = new L2Book();
    const seen = new StrategyBook(venue);
    const reference = new L2Book();
    const inFlight: MarketEvent[] = [];
    let mismatches = 0;
    let reads = 0;
    for (let n = 1; n <= 12_000; n++) {
      const e = event({ side: n % 2 === 0 ? Side.Bid : Side.Ask, price: n % 2 === 0 ? 990 + (n % 7) : 1001 + (n % 5), qty: n % 4, kind: EventKind.Level }, n);
      seen.laggingEvent(e);
      venue.apply(e);
      inFlight.push(e);
      const deliver = n % 300 < 150 ? 1 : n % 2;
      for (let i = 0; i < deliver && inFlight.length > 1; i++) {
        seen.deliver();
        reference.apply(inFlight.shift()!);
      }
      if (n % 5 === 0) {
        reads++;
        if (JSON.stringify(seen.current().levels()) !== JSON.stringify(reference.levels())) mismatches++;
      }
    }
    expect([reads, mismatches]).toEqual([2400, 0]);
    while (inFlight.length > 0) {
      seen.deliver();
      reference.apply(inFlight.shift()!);
    }
    expect(seen.current().levels()).toEqual(reference.levels());
    // in step again: the strategy reads the venue's own book
    expect(seen.current()).toBe(venue);
  });
});
