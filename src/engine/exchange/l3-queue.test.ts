import { describe, expect, it } from 'vitest';
import { ask, bid, drain, feed, fillsOf, l3Bids, makeVenue, venueOrder } from '../../../test/support/engine-fixtures.js';
import { fifoQueueModel } from './l3-queue.js';

const { add, cancel, del, exec, sellAdd, hitBid } = l3Bids;

function restingBuy(venue: ReturnType<typeof makeVenue>, qty: number, limit: number) {
  const ours = venueOrder({ side: 'buy', type: 'limit', qty, limit });
  venue.arrive(ours, 1n);
  drain(venue);
  return ours;
}

describe('exact FIFO queue on order-level data', () => {
  it('stands behind exactly the orders resting at its price, and takes executions of later ones', () => {
    const venue = makeVenue({ queue: fifoQueueModel() });
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
    const venue = makeVenue({ queue: fifoQueueModel() });
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

describe('exact FIFO: the rules by order id', () => {
  it('an execution of an order ahead never fills us, even when it empties the level', () => {
    const venue = makeVenue({ queue: fifoQueueModel() });
    // Order 2 rests at 100 but the data never showed its add (it came while 100 was out of view).
    feed(venue, [add(1, 100, 5), sellAdd(3, 101, 50), bid(100, 7)]);
    const ours = restingBuy(venue, 3, 100);
    expect(ours.queueAheadAtEntry).toBe(7);
    feed(venue, [exec(1, 100, 5), hitBid(100, 5, 1)]);
    expect(fillsOf(drain(venue))).toEqual([]);
    // Its id is below the highest seen when we joined: it was there first, and its execution
    // empties the level without reaching us.
    feed(venue, [exec(2, 100, 2), hitBid(100, 2, 2)]);
    expect(fillsOf(drain(venue))).toEqual([]);
    expect(ours.filled).toBe(0);
  });

  it('an order of the other side added at or through our price fills us by its size, best price first', () => {
    const venue = makeVenue({ queue: fifoQueueModel() });
    feed(venue, [add(1, 100, 5), sellAdd(2, 103, 50)]);
    const high = restingBuy(venue, 4, 101);
    const low = restingBuy(venue, 4, 100);
    feed(venue, [sellAdd(3, 102, 9)]); // above both bids: rests
    expect(fillsOf(drain(venue))).toEqual([]);
    feed(venue, [sellAdd(4, 100, 6)]); // reaches both: 101 first (4 lots), then 2 at 100
    expect(fillsOf(drain(venue)).map((f) => [f.clientId, f.price, f.qty])).toEqual([
      [high.req.clientId, 101, 4],
      [low.req.clientId, 100, 2],
    ]);
  });

  it('a hidden execution at our price fills us once nothing recorded is ahead; the echo of an execution does not', () => {
    const venue = makeVenue({ queue: fifoQueueModel() });
    feed(venue, [add(1, 100, 5), sellAdd(2, 101, 50)]);
    restingBuy(venue, 4, 100);
    feed(venue, [hitBid(100, 3)]); // 5 lots still ahead: the hidden order behind them traded
    expect(fillsOf(drain(venue))).toEqual([]);
    feed(venue, [exec(1, 100, 5), hitBid(100, 5, 1)]); // the order ahead executes; its echo is not ours
    expect(fillsOf(drain(venue))).toEqual([]);
    feed(venue, [hitBid(100, 3)]);
    expect(fillsOf(drain(venue)).map((f) => f.qty)).toEqual([3]);
  });

  it('a cancel or delete of an order behind us does not move us', () => {
    const venue = makeVenue({ queue: fifoQueueModel() });
    feed(venue, [add(1, 100, 5), sellAdd(2, 101, 50)]);
    restingBuy(venue, 4, 100);
    feed(venue, [add(3, 100, 10), add(4, 100, 2), cancel(3, 100, 6), del(4, 100, 2)]); // 5 still ahead
    feed(venue, [hitBid(100, 1)]);
    expect(fillsOf(drain(venue))).toEqual([]);
  });

  it('a partial cancel of an order ahead moves us up by the size it removes', () => {
    const venue = makeVenue({ queue: fifoQueueModel() });
    feed(venue, [add(1, 100, 8), sellAdd(2, 101, 50)]);
    restingBuy(venue, 4, 100);
    // Order 3 behind us holds the level up, so the level's size cannot stand in for the cancel.
    feed(venue, [add(3, 100, 20), cancel(1, 100, 5)]); // 3 ahead
    feed(venue, [exec(1, 100, 3), hitBid(100, 3, 1)]); // the rest of order 1: nothing ahead now
    expect(fillsOf(drain(venue))).toEqual([]);
    feed(venue, [hitBid(100, 1)]); // a hidden execution at our price meets us
    expect(fillsOf(drain(venue)).map((f) => f.qty)).toEqual([1]);
  });

  it('flags fills that depend on a price outside the visible window', () => {
    const venue = makeVenue({ queue: fifoQueueModel({ visibleLevels: 2 }) });
    feed(venue, [add(1, 100, 5), add(2, 99, 5), sellAdd(3, 101, 50)]);
    const seen = restingBuy(venue, 2, 100);
    const deep = restingBuy(venue, 2, 98); // the third bid level of a two-level file: not seen
    feed(venue, [add(4, 98, 7), exec(4, 98, 1), add(5, 100, 3), exec(5, 100, 1)]);
    const fills = fillsOf(drain(venue));
    expect(fills.map((f) => [f.clientId, f.qty, f.outsideWindow === true])).toEqual([
      [deep.req.clientId, 1, true],
      [seen.req.clientId, 1, false],
    ]);
  });
});
