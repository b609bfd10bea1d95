import { describe, expect, it } from 'vitest';
import { EventKind, Side, type MarketEvent } from '../model/events.js';
import { ask, drain, feed, fillsOf, makeVenue, venueOrder } from '../../../test/support/engine-fixtures.js';
import { fifoQueueModel } from './l3-queue.js';

const l3 = (kind: number, side: number, price: number, qty: number, orderId: number): MarketEvent => ({
  kind: kind as MarketEvent['kind'],
  side: side as MarketEvent['side'],
  price,
  qty,
  orderId,
  tsExch: 0n,
  tsLocal: 0n,
  record: 0,
});
const add = (id: number, price: number, qty: number) => l3(EventKind.Add, Side.Bid, price, qty, id);
const cancel = (id: number, price: number, qty: number) => l3(EventKind.Cancel, Side.Bid, price, qty, id);
const del = (id: number, price: number, qty: number) => l3(EventKind.Delete, Side.Bid, price, qty, id);
const exec = (id: number, price: number, qty: number) => l3(EventKind.Execute, Side.Bid, price, qty, id);

describe('exact FIFO queue on order-level data', () => {
  it('stands behind exactly the orders resting at its price, and takes executions of later ones', () => {
    const venue = makeVenue({ queue: fifoQueueModel });
    // Bid 100: order 1 (5 lots) then order 2 (3 lots); an ask above keeps the book uncrossed.
    feed(venue, [add(1, 100, 5), add(2, 100, 3), ask(101, 50)]);
    const ours = venueOrder({ side: 'buy', type: 'limit', qty: 4, limit: 100 });
    venue.arrive(ours, 1n);
    drain(venue);
    expect(ours.queueAheadAtEntry).toBe(8); // 5 + 3 ahead

    feed(venue, [cancel(1, 100, 5)]); // ahead 8 - 5 = 3
    feed(venue, [exec(2, 100, 2)]); // ahead 3 - 2 = 1
    feed(venue, [add(3, 100, 10)]); // joins behind us
    expect(fillsOf(drain(venue))).toEqual([]);

    feed(venue, [del(2, 100, 1)]); // ahead 0
    feed(venue, [exec(3, 100, 3)]); // order 3 is behind us: those 3 lots were ours
    let fills = fillsOf(drain(venue));
    expect(fills.map((f) => [f.price, f.qty, f.liquidity])).toEqual([[100, 3, 'maker']]);

    feed(venue, [exec(3, 100, 2)]); // 1 lot left of ours
    fills = fillsOf(drain(venue));
    expect(fills.map((f) => [f.price, f.qty])).toEqual([[100, 1]]);
    expect(ours.status).toBe('filled');
  });

  it('partial cancels and executions of an order ahead move us by what they remove, no more', () => {
    const venue = makeVenue({ queue: fifoQueueModel });
    feed(venue, [add(7, 100, 10), ask(101, 50)]);
    const ours = venueOrder({ side: 'buy', type: 'limit', qty: 2, limit: 100 });
    venue.arrive(ours, 1n);
    drain(venue);
    feed(venue, [cancel(7, 100, 4), exec(7, 100, 5)]); // 10 - 4 - 5 = 1 still ahead
    expect(fillsOf(drain(venue))).toEqual([]);
    feed(venue, [exec(7, 100, 1)]); // order 7 done: we are first, nothing filled us yet
    expect(fillsOf(drain(venue))).toEqual([]);
    feed(venue, [add(8, 100, 6), exec(8, 100, 6)]); // a later order executes: 2 of those lots were ours
    expect(fillsOf(drain(venue)).map((f) => f.qty)).toEqual([2]);
  });
});
