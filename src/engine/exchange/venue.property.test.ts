import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { propertyRuns } from '../../../test/support/property-runs.js';
import { L2Book } from '../book/l2-book.js';
import { EventKind, type MarketEvent } from '../model/events.js';
import type { OrderRequest } from '../model/orders.js';
import { ask, bid, drain, makeVenue, snapshot, trade, venueOrder, type OrderFields } from '../../../test/support/engine-fixtures.js';
import type { ImpactModelConfig } from './impact-models.js';
import type { FillRecord, VenueOrder } from './venue-types.js';

// Random books around a 99/100 spread, random market updates and random orders; the venue is
// checked against an independent copy of the recorded book.

const level = (lo: number, hi: number) => fc.tuple(fc.integer({ min: lo, max: hi }), fc.integer({ min: 1, max: 20 }));
const bookArb = fc.record({ bids: fc.array(level(90, 99), { maxLength: 6 }), asks: fc.array(level(100, 110), { maxLength: 6 }) });

const orderArb: fc.Arbitrary<OrderFields> = fc
  .record({
    side: fc.constantFrom('buy' as const, 'sell' as const),
    type: fc.constantFrom('market' as const, 'limit' as const),
    qty: fc.integer({ min: 1, max: 40 }),
    limit: fc.integer({ min: 93, max: 107 }),
    tif: fc.constantFrom<OrderRequest['tif']>('GTC', 'IOC', 'FOK', 'GTC'),
    postOnly: fc.boolean(),
  })
  .map((o) => (o.type === 'market' ? { side: o.side, type: o.type, qty: o.qty, tif: o.tif === 'FOK' ? 'FOK' : 'GTC' } : { ...o, postOnly: o.postOnly && o.tif === 'GTC' }));

type Step = { kind: 'order'; order: OrderFields } | { kind: 'market'; event: MarketEvent };

const marketArb: fc.Arbitrary<MarketEvent> = fc.oneof(
  fc.tuple(fc.integer({ min: 88, max: 104 }), fc.integer({ min: 0, max: 25 })).map(([p, q]) => bid(p, q)),
  fc.tuple(fc.integer({ min: 95, max: 112 }), fc.integer({ min: 0, max: 25 })).map(([p, q]) => ask(p, q)),
  fc
    .tuple(fc.constantFrom('buy' as const, 'sell' as const), fc.integer({ min: 90, max: 110 }), fc.integer({ min: 1, max: 30 }))
    .map(([s, p, q]) => trade(s, p, q)),
);

const stepsArb = fc.array(
  fc.oneof(
    orderArb.map((order): Step => ({ kind: 'order', order })),
    marketArb.map((event): Step => ({ kind: 'market', event })),
  ),
  { maxLength: 40 },
);

/** Lots on the opposite side within the limit (all of it for a market order). */
function availableWithin(book: L2Book, o: OrderFields): number {
  const levels = o.side === 'buy' ? book.levels().asks : book.levels().bids;
  let n = 0;
  for (const [p, q] of levels) {
    if (o.type === 'limit' && (o.side === 'buy' ? p > o.limit! : p < o.limit!)) break;
    n += q;
  }
  return n;
}

interface Trace {
  orders: VenueOrder[];
  fills: FillRecord[];
}

/**
 * Replays the steps through a venue (one ns apart) with a copy of the book beside it, checking
 * every step's fills against what that book held at that moment.
 */
function replay(book0: { bids: [number, number][]; asks: [number, number][] }, steps: Step[], impact: ImpactModelConfig): Trace {
  const venue = makeVenue({ impact });
  const book = new L2Book();
  const trace: Trace = { orders: [], fills: [] };
  let t = 0n;
  for (const e of snapshot(book0.bids, book0.asks)) {
    venue.onMarket(e, t);
    book.apply(e);
  }
  // What this account took at each level at the current instant (the impact memory has not decayed yet).
  let takenAt = new Map<string, number>();
  for (const step of steps) {
    t++;
    takenAt = new Map();
    if (step.kind === 'market') {
      const e = { ...step.event, tsExch: t, tsLocal: t };
      venue.onMarket(e, t);
      book.apply(e);
      const fills = drainFills(venue, trace);
      expect(fills.every((f) => f.liquidity === 'maker')).toBe(true);
      if (e.kind === EventKind.Trade) {
        // a print can fill resting orders by at most its own size
        expect(fills.reduce((n, f) => n + f.qty, 0)).toBeLessThanOrEqual(e.qty);
      } else {
        // the other side standing through our price is all that can have met us
        for (const f of fills) {
          const through = f.side === 'buy' ? book.levels().asks.filter(([p]) => p < f.price) : book.levels().bids.filter(([p]) => p > f.price);
          expect(f.qty).toBeLessThanOrEqual(through.reduce((n, [, q]) => n + q, 0));
        }
      }
      continue;
    }
    const o = venueOrder(step.order);
    trace.orders.push(o);
    const within = availableWithin(book, step.order);
    const touch = o.req.side === 'buy' ? book.bestAsk() : book.bestBid();
    venue.arrive(o, t);
    const fills = drainFills(venue, trace);
    const own = fills.filter((f) => f.orderId === o.id);
    // at arrival the order only takes
    expect(own.every((f) => f.liquidity === 'taker')).toBe(true);
    for (const f of own) {
      const levels = f.levels!;
      for (const lv of levels) {
        const sideLevels = o.req.side === 'buy' ? book.levels().asks : book.levels().bids;
        const size = sideLevels.find(([p]) => p === lv.price)?.[1] ?? 0;
        expect(lv.qty).toBeLessThanOrEqual(size);
      }
      if (o.req.type === 'limit') expect(o.req.side === 'buy' ? f.price <= o.req.limit! : f.price >= o.req.limit!).toBe(true);
    }
    // never more than the recorded level at that moment, across the orders of one instant
    // when the impact model remembers what was taken
    const taken = own[0]?.levels ?? [];
    for (const lv of taken) {
      const key = `${o.req.side}:${lv.price}`;
      const sum = (takenAt.get(key) ?? 0) + lv.qty;
      takenAt.set(key, sum);
      const sideLevels = o.req.side === 'buy' ? book.levels().asks : book.levels().bids;
      if (impact.name !== 'none') expect(sum).toBeLessThanOrEqual(sideLevels.find(([p]) => p === lv.price)?.[1] ?? 0);
    }
    const filledNow = own.reduce((n, f) => n + f.qty, 0);
    if (o.req.tif === 'FOK') {
      // all or nothing, and all exactly when the book held enough within the limit
      expect(filledNow === 0 || filledNow === o.req.qty).toBe(true);
      if (impact.name === 'none') expect(filledNow === o.req.qty).toBe(within >= o.req.qty);
    }
    if (o.req.postOnly) {
      const wouldTake = touch !== undefined && (o.req.side === 'buy' ? touch <= o.req.limit! : touch >= o.req.limit!);
      expect(o.status).toBe(wouldTake ? 'rejected' : 'open');
    }
    if (impact.name === 'none') {
      const want = o.req.postOnly ? 0 : o.req.tif === 'FOK' ? (within >= o.req.qty ? o.req.qty : 0) : Math.min(o.req.qty, within);
      expect(filledNow).toBe(want);
    }
  }
  // every order: filled = sum of its fills, never more than its qty; FOK never partial; post-only never takes
  for (const o of trace.orders) {
    const mine = trace.fills.filter((f) => f.orderId === o.id);
    expect(mine.reduce((n, f) => n + f.qty, 0)).toBe(o.filled);
    expect(o.filled).toBeLessThanOrEqual(o.req.qty);
    if (o.req.tif === 'FOK') expect(o.filled === 0 || o.filled === o.req.qty).toBe(true);
    if (o.req.postOnly) expect(mine.every((f) => f.liquidity === 'maker')).toBe(true);
    if (o.req.tif === 'IOC' || o.req.tif === 'FOK' || o.req.type === 'market') expect(mine.every((f) => f.liquidity === 'taker')).toBe(true);
  }
  return trace;
}

function drainFills(venue: ReturnType<typeof makeVenue>, trace: Trace): FillRecord[] {
  const fills = drain(venue).flatMap((r) => (r.type === 'fill' ? [r.fill] : []));
  trace.fills.push(...fills);
  return fills;
}

describe('venue properties', () => {
  it('no impact: fills never exceed the recorded book; FOK all or nothing; post-only never takes', () => {
    fc.assert(
      fc.property(bookArb, stepsArb, (book0, steps) => {
        replay(book0, steps, { name: 'none' });
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it('linear impact: what one instant takes from a level never exceeds it', () => {
    fc.assert(
      fc.property(bookArb, stepsArb, (book0, steps) => {
        replay(book0, steps, { name: 'linear', k: 0.1 });
      }),
      { numRuns: propertyRuns(200) },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(bookArb, stepsArb, (book0, steps) => {
        const strip = (tr: Trace) => ({ fills: tr.fills.map((f) => ({ ...f, orderId: 0, clientId: '' })), status: tr.orders.map((o) => [o.status, o.filled]) });
        expect(strip(replay(book0, steps, { name: 'sqrt' }))).toEqual(strip(replay(book0, steps, { name: 'sqrt' })));
      }),
      { numRuns: propertyRuns(50) },
    );
  });
});
