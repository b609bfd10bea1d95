import { describe, expect, it } from 'vitest';
import { EventKind, Side } from '../model/events.js';
import { ask, bid, drain, feed, fillsOf, l3, makeVenue, snapshot, trade, withStandardBook, typesOf, venueOrder, type OrderFields, placeOrder, fillsSince } from '../../../test/support/engine-fixtures.js';

// The simulated venue at its edges, each expected fill worked out by hand: order entry and its
// reports, replace and cancel, stops, impact and limits, which prints and book changes reach
// resting orders and in what order (FIFO, brackets, shared liquidity: exchange-venue-matching).

type Venue = ReturnType<typeof makeVenue>;

const withBook = withStandardBook;

const prices = (venue: Venue) => fillsOf(drain(venue)).map((f) => [f.price, f.qty]);

describe('order entry', () => {
  it('a rejection withdraws only that order’s acceptance from the reports', () => {
    const venue = withBook();
    const resting = venueOrder({ side: 'buy', type: 'limit', qty: 1, limit: 95 });
    venue.arrive(resting, 1n);
    const postOnly = venueOrder({ side: 'buy', type: 'limit', qty: 1, limit: 100, postOnly: true }); // at the ask: it would take
    venue.arrive(postOnly, 1n);
    const rs = drain(venue);
    expect(rs.map((r) => [r.type, r.type === 'rejected' || r.type === 'accepted' ? r.order.req.clientId : ''])).toEqual([
      ['accepted', resting.req.clientId],
      ['rejected', postOnly.req.clientId],
    ]);
    // Refused before acceptance: nothing else is withdrawn.
    venue.arrive(venueOrder({ side: 'buy', type: 'limit', qty: 1, limit: 94 }), 1n);
    venue.arrive(venueOrder({ side: 'buy', type: 'limit', qty: 0, limit: 94 }), 1n);
    expect(typesOf(drain(venue))).toEqual(['accepted', 'rejected']);
    // Alone in the reports, the acceptance is the first of them.
    venue.arrive(venueOrder({ side: 'buy', type: 'limit', qty: 30, limit: 101, tif: 'FOK' }), 2n);
    expect(typesOf(drain(venue))).toEqual(['rejected']);
  });

  it('post-only rests when the other side is empty, and is refused at the touch', () => {
    const venue = makeVenue();
    feed(venue, snapshot([[99, 10]], []));
    const o = venueOrder({ side: 'buy', type: 'limit', qty: 2, limit: 99, postOnly: true });
    venue.arrive(o, 1n);
    expect(typesOf(drain(venue))).toEqual(['accepted']);
    expect(o.status).toBe('open');
    const s = venueOrder({ side: 'sell', type: 'limit', qty: 2, limit: 99, postOnly: true });
    venue.arrive(s, 1n);
    expect(drain(venue).map((r) => (r.type === 'rejected' ? r.reason : r.type))).toEqual(['post_only_would_take']);
  });

  it('a limit at the touch takes', () => {
    const venue = withBook();
    const o = placeOrder(venue, { side: 'buy', type: 'limit', qty: 2, limit: 100 });
    expect(o.status).toBe('filled');
  });

  it('refuses a stop-limit without its stop and post-only on an order without a limit', () => {
    const venue = withBook();
    const reasons = (fields: OrderFields) => {
      venue.arrive(venueOrder(fields), 1n);
      return drain(venue).map((r) => (r.type === 'rejected' ? r.reason : r.type));
    };
    expect(reasons({ side: 'buy', type: 'stop_limit', qty: 1, limit: 100 })).toEqual(['missing_price']);
    expect(reasons({ side: 'buy', type: 'market', qty: 1, postOnly: true })).toEqual(['invalid_price']);
    expect(reasons({ side: 'buy', type: 'stop', qty: 1, stop: 105, postOnly: true })).toEqual(['invalid_price']);
  });

  it('order ids handed out by the venue stay above every id it has seen', () => {
    const venue = withBook();
    venue.arrive({ ...venueOrder({ side: 'buy', type: 'limit', qty: 1, limit: 90 }), id: 50 }, 1n);
    expect(venue.nextOrderId()).toBe(51);
    venue.arrive({ ...venueOrder({ side: 'buy', type: 'limit', qty: 1, limit: 90 }), id: 10 }, 1n);
    expect(venue.nextOrderId()).toBe(52);
    venue.arrive({ ...venueOrder({ side: 'buy', type: 'limit', qty: 1, limit: 90 }), id: 52 }, 1n);
    expect(venue.nextOrderId()).toBe(53);
  });

  it('keeps the last trade price', () => {
    const venue = withBook();
    expect(venue.lastTradePrice).toBeUndefined();
    feed(venue, [trade('buy', 100, 1), trade('sell', 99, 2)]);
    expect(venue.lastTradePrice).toBe(99);
  });
});

describe('cancel and replace', () => {
  it('cancel reports the order cancelled with no reason', () => {
    const venue = withBook();
    const o = placeOrder(venue, { side: 'buy', type: 'limit', qty: 3, limit: 98 });
    venue.cancel(o.req.clientId, 5n);
    expect(drain(venue)).toEqual([{ type: 'cancelled', order: o, reason: undefined, ts: 5n }]);
    expect(venue.idle).toBe(true);
  });

  it('a replace with a negative qty or a zero limit is refused and the order rests as it was', () => {
    const venue = withBook();
    const o = placeOrder(venue, { side: 'buy', type: 'limit', qty: 3, limit: 99 });
    venue.replace(o.req.clientId, { qty: -1 }, 2n);
    venue.replace(o.req.clientId, { limit: 0 }, 2n);
    expect(drain(venue)).toEqual([
      { type: 'cancel_rejected', clientId: o.req.clientId, reason: 'invalid_qty', ts: 2n },
      { type: 'cancel_rejected', clientId: o.req.clientId, reason: 'invalid_price', ts: 2n },
    ]);
    expect([o.status, o.req.qty, o.req.limit]).toEqual(['open', 3, 99]);
    feed(venue, [trade('sell', 99, 12)]); // 10 ahead, then ours
    expect(prices(venue)).toEqual([[99, 2]]);
  });

  it('the same qty at the same price keeps the order’s place', () => {
    const venue = withBook();
    const a = placeOrder(venue, { side: 'buy', type: 'limit', qty: 3, limit: 99 });
    const b = placeOrder(venue, { side: 'buy', type: 'limit', qty: 4, limit: 99 });
    venue.replace(a.req.clientId, { qty: 3, limit: 99 }, 2n);
    expect(drain(venue)).toEqual([{ type: 'accepted', order: a, ts: 2n }]);
    feed(venue, [trade('sell', 99, 12)]); // 10 ahead of a, then a's 2 of 3
    expect(fillsSince(venue)).toEqual([[a.req.clientId, 99, 2]]);
    expect(b.filled).toBe(0);
  });

  it('a replace to a marketable price is accepted, then takes', () => {
    const venue = withBook();
    const a = placeOrder(venue, { side: 'buy', type: 'limit', qty: 3, limit: 99 });
    venue.replace(a.req.clientId, { limit: 100 }, 2n);
    const rs = drain(venue);
    expect(typesOf(rs)).toEqual(['accepted', 'fill']);
    expect(rs[0]).toEqual({ type: 'accepted', order: a, ts: 2n });
    expect(a.status).toBe('filled');
  });

  it('a waiting stop replaced with a larger qty keeps waiting for its trigger', () => {
    const venue = withBook();
    const o = placeOrder(venue, { side: 'sell', type: 'stop', qty: 2, stop: 97 });
    venue.replace(o.req.clientId, { qty: 5 }, 2n);
    expect(drain(venue)).toEqual([{ type: 'accepted', order: o, ts: 2n }]);
    expect([o.status, o.req.qty]).toEqual(['triggered_wait', 5]);
    feed(venue, [bid(97, 30), bid(99, 0), bid(98, 0)]); // best bid 97: fires, sells 5 at 97
    expect(prices(venue)).toEqual([[97, 5]]);
  });
});

describe('stops', () => {
  it('a stop-limit waits for its trigger, then is armed and takes within its limit', () => {
    const venue = withBook();
    const o = placeOrder(venue, { side: 'buy', type: 'stop_limit', qty: 2, stop: 103, limit: 104 });
    expect([o.status, o.armed]).toEqual(['triggered_wait', false]);
    feed(venue, [trade('buy', 102, 1)]);
    expect(prices(venue)).toEqual([]);
    feed(venue, [trade('buy', 103, 1)]);
    expect(prices(venue)).toEqual([[100, 2]]);
    expect(o.armed).toBe(true);
  });

  it('a sell stop fires on a trade at or below it, not above', () => {
    const venue = withBook();
    const o = placeOrder(venue, { side: 'sell', type: 'stop', qty: 1, stop: 97 });
    feed(venue, [trade('sell', 98, 1)]);
    expect(o.status).toBe('triggered_wait');
    feed(venue, [trade('sell', 97, 1)]);
    expect(prices(venue)).toEqual([[99, 1]]);
  });

  it('a buy stop fires when the best ask reaches it exactly', () => {
    const venue = withBook();
    placeOrder(venue, { side: 'buy', type: 'stop', qty: 1, stop: 101 });
    feed(venue, [ask(100, 0)]);
    expect(prices(venue)).toEqual([[101, 1]]);
  });

  it('stops are checked on book changes while other orders rest', () => {
    const venue = withBook();
    placeOrder(venue, { side: 'buy', type: 'limit', qty: 5, limit: 98 });
    const stop = placeOrder(venue, { side: 'sell', type: 'stop', qty: 3, stop: 97 });
    feed(venue, [bid(97, 5), bid(99, 0), bid(98, 0)]); // best bid 97
    expect(fillsSince(venue)).toEqual([[stop.req.clientId, 97, 3]]);
  });

  it('cancelling a resting order leaves the waiting stops alone; a cancelled stop no longer waits', () => {
    const venue = withBook();
    const buy = placeOrder(venue, { side: 'buy', type: 'limit', qty: 5, limit: 98 });
    const other = placeOrder(venue, { side: 'sell', type: 'stop', qty: 1, stop: 90 });
    const stop = placeOrder(venue, { side: 'sell', type: 'stop', qty: 3, stop: 97 });
    venue.cancel(buy.req.clientId, 2n);
    feed(venue, [bid(97, 5), bid(99, 0), bid(98, 0)]);
    expect(fillsSince(venue)).toEqual([[stop.req.clientId, 97, 3]]);
    venue.cancel(other.req.clientId, 3n);
    expect(venue.idle).toBe(true);
  });
});

describe('impact and limits', () => {
  it('a stop-limit never pays past its limit, impact included; a market order ignores a limit it carries', () => {
    // No trades yet: a take of q lots shifts the price by q ticks (k = 1).
    // The ask is at the stop already: it fires on arrival; 3 at 100 shifted to 103, held at 100.
    const v2 = withBook({ impact: { name: 'linear', k: 1 } });
    v2.arrive(venueOrder({ side: 'buy', type: 'stop_limit', qty: 3, stop: 100, limit: 100 }), 1n);
    expect(fillsOf(drain(v2)).map((f) => [f.price, f.qty, f.impactTicks])).toEqual([[100, 3, 3]]);
    const v3 = withBook({ impact: { name: 'linear', k: 1 } });
    v3.arrive(venueOrder({ side: 'buy', type: 'market', qty: 3, limit: 100 }), 1n);
    expect(prices(v3)).toEqual([[103, 3]]);
  });
});

describe('resting orders and the market', () => {
  it('a level decrease on the ask side moves our sell up', () => {
    const venue = withBook();
    const o = placeOrder(venue, { side: 'sell', type: 'limit', qty: 4, limit: 101 }); // 10 ahead
    feed(venue, [ask(101, 3)]); // at most 3 ahead
    feed(venue, [trade('buy', 101, 5)]);
    expect(fillsSince(venue)).toEqual([[o.req.clientId, 101, 2]]);
  });

  it('a sell aggressor never fills our asks, and a print at our ask price goes through the queue', () => {
    const venue = withBook();
    placeOrder(venue, { side: 'sell', type: 'limit', qty: 2, limit: 101 }); // 10 ahead
    feed(venue, [trade('sell', 102, 5)]);
    feed(venue, [trade('buy', 101, 3)]); // 3 of the 10 ahead
    expect(fillsSince(venue)).toEqual([]);
  });

  it('a print that does not reach our price leaves the queue alone', () => {
    const venue = withBook();
    const o = placeOrder(venue, { side: 'sell', type: 'limit', qty: 2, limit: 103 }); // nothing ahead
    feed(venue, [trade('buy', 102, 3)]);
    expect(fillsSince(venue)).toEqual([]);
    feed(venue, [trade('buy', 103, 1)]);
    expect(fillsSince(venue)).toEqual([[o.req.clientId, 103, 1]]);
  });

  it('a print through several of our prices fills the best-priced first', () => {
    const venue = withBook();
    const [b96, b98, b97] = [96, 98, 97].map((p) => placeOrder(venue, { side: 'buy', type: 'limit', qty: 2, limit: p }));
    feed(venue, [trade('sell', 95, 5)]);
    expect(fillsSince(venue)).toEqual([
      [b98.req.clientId, 98, 2],
      [b97.req.clientId, 97, 2],
      [b96.req.clientId, 96, 1],
    ]);
    const [s104, s103, s105] = [104, 103, 105].map((p) => placeOrder(venue, { side: 'sell', type: 'limit', qty: 2, limit: p }));
    feed(venue, [trade('buy', 106, 5)]);
    expect(fillsSince(venue)).toEqual([
      [s103.req.clientId, 103, 2],
      [s104.req.clientId, 104, 2],
      [s105.req.clientId, 105, 1],
    ]);
  });

  it('a cross with no aggressor fills our bid at its price first, then our ask through it', () => {
    const venue = makeVenue();
    feed(venue, snapshot([[98, 5]], [[101, 5]]));
    const buy = placeOrder(venue, { side: 'buy', type: 'limit', qty: 3, limit: 100 });
    const sell = placeOrder(venue, { side: 'sell', type: 'limit', qty: 10, limit: 99 });
    feed(venue, [{ ...trade('buy', 100, 5), side: Side.None }]);
    expect(fillsSince(venue)).toEqual([
      [buy.req.clientId, 100, 3],
      [sell.req.clientId, 99, 2],
    ]);
  });

  it('a cross fills bids first whichever side rested first', () => {
    const venue = makeVenue();
    feed(venue, snapshot([[98, 5]], [[101, 5]]));
    const sell = placeOrder(venue, { side: 'sell', type: 'limit', qty: 10, limit: 99 });
    const buy = placeOrder(venue, { side: 'buy', type: 'limit', qty: 3, limit: 100 });
    feed(venue, [{ ...trade('buy', 100, 5), side: Side.None }]);
    expect(fillsSince(venue)).toEqual([
      [buy.req.clientId, 100, 3],
      [sell.req.clientId, 99, 2],
    ]);
  });

  it('only the other side strictly through our price fills us by crossing', () => {
    const venue = withBook();
    placeOrder(venue, { side: 'buy', type: 'limit', qty: 5, limit: 99 });
    feed(venue, [ask(99, 4)]); // at our price, not through it
    expect(fillsSince(venue)).toEqual([]);
    const s = placeOrder(venue, { side: 'sell', type: 'limit', qty: 5, limit: 103 });
    feed(venue, [bid(103, 3)]);
    expect(fillsSince(venue)).toEqual([]);
    feed(venue, [bid(104, 4)]); // 4 lots bid above our ask would have met it
    expect(fillsSince(venue)).toEqual([[s.req.clientId, 103, 4]]);
  });

  it('an L2 queue model on order-level data: cancels move us, an execution counts once, with its print', () => {
    const venue = makeVenue();
    feed(venue, [l3(EventKind.Add, Side.Ask, 101, 50, 1), l3(EventKind.Add, Side.Bid, 100, 5, 2)]);
    const o = placeOrder(venue, { side: 'buy', type: 'limit', qty: 4, limit: 100 }); // 5 ahead
    feed(venue, [l3(EventKind.Cancel, Side.Bid, 100, 2, 2)]); // 3 ahead
    feed(venue, [l3(EventKind.Execute, Side.Bid, 100, 3, 2), l3(EventKind.Trade, Side.Ask, 100, 3, 2)]); // the print clears the 3
    expect(fillsSince(venue)).toEqual([]);
    feed(venue, [l3(EventKind.Trade, Side.Ask, 100, 2, 0)]);
    expect(fillsSince(venue)).toEqual([[o.req.clientId, 100, 2]]);
  });
});
