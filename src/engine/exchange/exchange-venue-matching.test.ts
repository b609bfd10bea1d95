// The venue at its edges, continued: exact FIFO on both sides, brackets and the fill record, liquidity
// shared by several of our prices, stops refused as they fire.
import { describe, expect, it } from 'vitest';
import { EventKind, Side } from '../model/events.js';
import { ask, bid, drain, feed, fillsOf, l3, makeVenue, snapshot, trade, withStandardBook, typesOf, venueOrder, placeOrder, fillsSince } from '../../../test/support/engine-fixtures.js';
import { fifoQueueModel } from './l3-queue.js';

const withBook = withStandardBook;

describe('exact FIFO in the venue', () => {
  const add = (id: number, side: number, price: number, qty: number) => l3(EventKind.Add, side, price, qty, id);

  it('our later order at a price stands behind the recorded lots and our earlier orders there', () => {
    const venue = makeVenue({ queue: fifoQueueModel() });
    feed(venue, [add(1, Side.Ask, 101, 50), add(2, Side.Bid, 100, 5)]);
    const a = placeOrder(venue, { side: 'buy', type: 'limit', qty: 2, limit: 100 });
    const b = placeOrder(venue, { side: 'buy', type: 'limit', qty: 3, limit: 100 });
    expect([a.queueAheadAtEntry, b.queueAheadAtEntry]).toEqual([5, 7]);
  });

  it('ask-side events move our resting sell', () => {
    const venue = makeVenue({ queue: fifoQueueModel() });
    feed(venue, [add(1, Side.Bid, 99, 50), add(2, Side.Ask, 101, 5)]);
    const o = placeOrder(venue, { side: 'sell', type: 'limit', qty: 3, limit: 101 }); // 5 ahead
    feed(venue, [add(3, Side.Ask, 101, 9), l3(EventKind.Cancel, Side.Ask, 101, 5, 2)]); // nothing ahead
    feed(venue, [l3(EventKind.Trade, Side.Bid, 101, 1, 0)]); // a hidden buy at our price
    expect(fillsSince(venue)).toEqual([[o.req.clientId, 101, 1]]);
  });

  it('a shrinking ask level caps what is ahead of our sell, and other events do not', () => {
    const venue = makeVenue({ queue: fifoQueueModel() });
    feed(venue, [add(1, Side.Bid, 99, 50), ask(101, 7)]);
    const o = placeOrder(venue, { side: 'sell', type: 'limit', qty: 2, limit: 101 }); // 7 ahead
    feed(venue, [add(3, Side.Bid, 98, 1), l3(EventKind.Trade, Side.Bid, 101, 1, 0)]);
    expect(fillsSince(venue)).toEqual([]);
    feed(venue, [ask(101, 0), l3(EventKind.Trade, Side.Bid, 101, 1, 0)]);
    expect(fillsSince(venue)).toEqual([[o.req.clientId, 101, 1]]);
  });

  it('a recorded order added through our prices fills our orders on the other side only, best first, and only when added', () => {
    const venue = makeVenue({ queue: fifoQueueModel() });
    feed(venue, [add(1, Side.Bid, 98, 5), add(2, Side.Ask, 103, 50)]);
    const low = placeOrder(venue, { side: 'buy', type: 'limit', qty: 4, limit: 100 });
    const high = placeOrder(venue, { side: 'buy', type: 'limit', qty: 4, limit: 101 });
    const sell = placeOrder(venue, { side: 'sell', type: 'limit', qty: 4, limit: 102 });
    feed(venue, [add(3, Side.Ask, 100, 6)]); // reaches both bids: 4 at 101, then 2 at 100
    expect(fillsSince(venue)).toEqual([
      [high.req.clientId, 101, 4],
      [low.req.clientId, 100, 2],
    ]);
    feed(venue, [l3(EventKind.Cancel, Side.Ask, 100, 6, 3)]); // its cancel fills nothing
    feed(venue, [add(4, Side.Ask, 103, 1), add(5, Side.Bid, 101, 1)]); // neither reaches an order of ours
    expect(fillsSince(venue)).toEqual([]);
    feed(venue, [add(6, Side.Bid, 102, 3)]); // a bid at our ask
    expect(fillsSince(venue)).toEqual([[sell.req.clientId, 102, 3]]);
    const higher = placeOrder(venue, { side: 'sell', type: 'limit', qty: 2, limit: 104 });
    const lower = placeOrder(venue, { side: 'sell', type: 'limit', qty: 2, limit: 103 });
    feed(venue, [add(7, Side.Bid, 104, 5)]); // through all three asks: lowest first
    expect(fillsSince(venue)).toEqual([
      [sell.req.clientId, 102, 1],
      [lower.req.clientId, 103, 2],
      [higher.req.clientId, 104, 2],
    ]);
  });
});

describe('brackets and the fill record', () => {
  it('a filled sell parent places a buy take-profit and a buy stop-loss, good till cancelled', () => {
    const venue = withBook();
    const parent = venueOrder({ side: 'sell', type: 'market', qty: 2, bracket: { takeProfit: 95, stopLoss: 103 } });
    venue.arrive(parent, 1n);
    const tp = venue.order(`${parent.req.clientId}:tp`)!;
    const sl = venue.order(`${parent.req.clientId}:sl`)!;
    expect(tp.req).toEqual({ clientId: `${parent.req.clientId}:tp`, side: 'buy', qty: 2, tif: 'GTC', type: 'limit', limit: 95, ocoGroup: `bracket:${parent.req.clientId}` });
    expect(sl.req).toEqual({ clientId: `${parent.req.clientId}:sl`, side: 'buy', qty: 2, tif: 'GTC', type: 'stop', stop: 103, ocoGroup: `bracket:${parent.req.clientId}` });
    expect([tp.status, tp.armed, sl.status, sl.armed]).toEqual(['open', true, 'triggered_wait', false]);
  });

  it('a bracket with only a stop-loss places only that', () => {
    const venue = withBook();
    const parent = venueOrder({ side: 'buy', type: 'market', qty: 1, bracket: { stopLoss: 95 } });
    venue.arrive(parent, 1n);
    expect(typesOf(drain(venue))).toEqual(['accepted', 'fill', 'accepted']);
    expect(venue.order(`${parent.req.clientId}:tp`)).toBeUndefined();
    const other = venueOrder({ side: 'buy', type: 'market', qty: 1, bracket: { takeProfit: 110 } });
    venue.arrive(other, 1n);
    expect(typesOf(drain(venue))).toEqual(['accepted', 'fill', 'accepted']);
    expect(venue.order(`${other.req.clientId}:sl`)).toBeUndefined();
  });

  it('a taker fill explains the levels it took, a maker fill the queue it stood in', () => {
    const venue = withBook();
    venue.arrive(venueOrder({ side: 'buy', type: 'market', qty: 1 }), 1n);
    const [taker] = fillsOf(drain(venue));
    expect(Object.keys(taker).sort()).toEqual(
      ['seq', 'orderId', 'clientId', 'side', 'price', 'qty', 'liquidity', 'fee', 'notional', 'tsVenue', 'impactTicks', 'entryLatencyNs', 'levels'].sort(),
    );
    placeOrder(venue, { side: 'buy', type: 'limit', qty: 1, limit: 99 });
    feed(venue, [trade('sell', 98, 1)]);
    const [maker] = fillsOf(drain(venue));
    expect(Object.keys(maker).sort()).toEqual(
      ['seq', 'orderId', 'clientId', 'side', 'price', 'qty', 'liquidity', 'fee', 'notional', 'tsVenue', 'impactTicks', 'entryLatencyNs', 'queueAheadAtEntry'].sort(),
    );
    expect(maker.queueAheadAtEntry).toBe(10);
  });
});

describe('crossing liquidity shared by several of our prices', () => {
  it('the lots that cross two of our bids fill the higher first and the lower only with what is left', () => {
    const venue = makeVenue();
    feed(venue, snapshot([[90, 5]], [[100, 5]]));
    const low = placeOrder(venue, { side: 'buy', type: 'limit', qty: 5, limit: 98 });
    const high = placeOrder(venue, { side: 'buy', type: 'limit', qty: 5, limit: 99 });
    // 6 lots offered at 97: 5 meet the bid at 99, the 6th the bid at 98 (not 5 + 5 from 6).
    feed(venue, [ask(97, 6)]);
    expect(fillsSince(venue)).toEqual([
      [high.req.clientId, 99, 5],
      [low.req.clientId, 98, 1],
    ]);
    // 3 more at 97: all for the bid at 98, which still wants 4.
    feed(venue, [ask(97, 9)]);
    expect(fillsSince(venue)).toEqual([[low.req.clientId, 98, 3]]);
  });

  it('lots already counted at a lower bid do not reach it again when new ones cross only the higher', () => {
    const venue = makeVenue();
    feed(venue, snapshot([[90, 5]], [[100, 5]]));
    const high = placeOrder(venue, { side: 'buy', type: 'limit', qty: 5, limit: 99 });
    const low = placeOrder(venue, { side: 'buy', type: 'limit', qty: 5, limit: 98 });
    feed(venue, [ask(97, 2)]); // 2 lots through both: the higher bid takes them
    expect(fillsSince(venue)).toEqual([[high.req.clientId, 99, 2]]);
    feed(venue, [ask(98, 3)]); // 3 more, through 99 only
    expect(fillsSince(venue)).toEqual([[high.req.clientId, 99, 3]]);
    expect(low.filled).toBe(0);
  });

  it('the same for asks', () => {
    const venue = makeVenue();
    feed(venue, snapshot([[90, 5]], [[110, 5]]));
    const high = placeOrder(venue, { side: 'sell', type: 'limit', qty: 4, limit: 103 });
    const low = placeOrder(venue, { side: 'sell', type: 'limit', qty: 4, limit: 102 });
    feed(venue, [bid(104, 5)]);
    expect(fillsSince(venue)).toEqual([
      [low.req.clientId, 102, 4],
      [high.req.clientId, 103, 1],
    ]);
  });
});

describe('stops refused as they fire', () => {
  it('a stop or stop-limit that fires on arrival and is refused was never accepted', () => {
    const venue = withBook();
    // Buy stop at 100 with the ask at 100: it fires at once; FOK for 50 against 35 on offer.
    venue.arrive(venueOrder({ side: 'buy', type: 'stop', qty: 50, stop: 100, tif: 'FOK' }), 1n);
    expect(drain(venue).map((r) => (r.type === 'rejected' ? r.reason : r.type))).toEqual(['fok_unfillable']);
    // A post-only stop-limit whose limit takes once it fires.
    venue.arrive(venueOrder({ side: 'buy', type: 'stop_limit', qty: 1, stop: 100, limit: 100, postOnly: true }), 1n);
    expect(drain(venue).map((r) => (r.type === 'rejected' ? r.reason : r.type))).toEqual(['post_only_would_take']);
  });

  it('a stop that fires later reports its fills, or its refusal, and withdraws nothing else', () => {
    const venue = withBook();
    placeOrder(venue, { side: 'sell', type: 'stop', qty: 1, stop: 97 });
    feed(venue, [bid(97, 5), bid(99, 0), bid(98, 0)]);
    expect(typesOf(drain(venue))).toEqual(['fill']);
    const empty = makeVenue();
    feed(empty, snapshot([], [[100, 5]]));
    const buy = placeOrder(empty, { side: 'buy', type: 'limit', qty: 1, limit: 95 });
    const stop = placeOrder(empty, { side: 'sell', type: 'stop', qty: 1, stop: 97 });
    // A sell print at 94 goes through our bid at 95, then fires the stop, which finds no bid.
    feed(empty, [trade('sell', 94, 1)]);
    expect(drain(empty).map((r) => [r.type, r.type === 'fill' || r.type === 'rejected' ? r.order.req.clientId : ''])).toEqual([
      ['fill', buy.req.clientId],
      ['rejected', stop.req.clientId],
    ]);
  });
});
