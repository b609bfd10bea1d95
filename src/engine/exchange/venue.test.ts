import { describe, expect, it } from 'vitest';
import { makeInstrument } from '../model/instrument.js';
import { makeFillModel } from './fill-models.js';
import { makeQueueModel } from './queue-models.js';
import { ask, bid, drain, feed, fillsOf, makeVenue, snapshot, trade, typesOf, venueOrder } from '../../../test/support/engine-fixtures.js';
import type { VenueReport } from './venue-types.js';

// Prices are ticks of 0.01, sizes lots of 1 share: ask 100 means $1.00.

/** bids 99x10, 98x20; asks 100x5, 101x10, 102x20 */
const BOOK = snapshot(
  [
    [99, 10],
    [98, 20],
  ],
  [
    [100, 5],
    [101, 10],
    [102, 20],
  ],
);

function withBook(models: Parameters<typeof makeVenue>[0] = {}) {
  const venue = makeVenue(models);
  feed(venue, BOOK);
  return venue;
}

const rejectReason = (rs: VenueReport[]) => rs.flatMap((r) => (r.type === 'rejected' ? [r.reason] : []));
const cancelReports = (rs: VenueReport[]) => rs.filter((r) => r.type === 'cancelled');

describe('aggressive orders', () => {
  it('a market buy walks the asks best first', () => {
    const venue = withBook();
    const o = venueOrder({ side: 'buy', type: 'market', qty: 12 });
    venue.arrive(o, 1n);
    const rs = drain(venue);
    // 12 lots: all 5 at 100, then 7 of the 10 at 101.
    const fills = fillsOf(rs);
    expect(fills.map((f) => [f.price, f.qty, f.liquidity])).toEqual([
      [100, 5, 'taker'],
      [101, 7, 'taker'],
    ]);
    // notional 5 x 1.00 = 5, 7 x 1.01 = 7.07
    expect(fills.map((f) => f.notional)).toEqual(['5', '7.07']);
    expect(fills[0].levels).toEqual([
      { price: 100, qty: 5 },
      { price: 101, qty: 7 },
    ]);
    expect(o.status).toBe('filled');
    expect(o.filled).toBe(12);
    expect(typesOf(rs)).toEqual(['accepted', 'fill', 'fill']);
  });

  it('a market sell hits the bids', () => {
    const venue = withBook();
    venue.arrive(venueOrder({ side: 'sell', type: 'market', qty: 15 }), 1n);
    // 10 at 99, 5 of 20 at 98
    expect(fillsOf(drain(venue)).map((f) => [f.price, f.qty])).toEqual([
      [99, 10],
      [98, 5],
    ]);
  });

  it('a market order larger than the book fills what is there and cancels the rest (no_liquidity)', () => {
    const venue = withBook();
    const o = venueOrder({ side: 'buy', type: 'market', qty: 40 });
    venue.arrive(o, 1n);
    const rs = drain(venue);
    // the asks hold 5 + 10 + 20 = 35
    expect(fillsOf(rs).reduce((n, f) => n + f.qty, 0)).toBe(35);
    expect(o.status).toBe('cancelled');
    expect(cancelReports(rs)).toHaveLength(1);
    expect(cancelReports(rs)[0]).toMatchObject({ reason: 'no_liquidity' });
  });

  it('a market order on an empty side is rejected no_liquidity', () => {
    const venue = makeVenue();
    feed(venue, snapshot([[99, 10]], []));
    const o = venueOrder({ side: 'buy', type: 'market', qty: 1 });
    venue.arrive(o, 1n);
    const rs = drain(venue);
    expect(rejectReason(rs)).toEqual(['no_liquidity']);
    expect(o.status).toBe('rejected');
  });

  it('a marketable limit takes within its limit and rests the remainder at the limit', () => {
    const venue = withBook();
    const o = venueOrder({ side: 'buy', type: 'limit', qty: 30, limit: 101 });
    venue.arrive(o, 1n);
    // within 101: 5 at 100 + 10 at 101 = 15; 15 left rest at 101 (no bids there: 0 ahead)
    expect(fillsOf(drain(venue)).map((f) => [f.price, f.qty])).toEqual([
      [100, 5],
      [101, 10],
    ]);
    expect(o.status).toBe('partially_filled');
    expect(o.queueAheadAtEntry).toBe(0);
    expect(venue.idle).toBe(false);
  });

  it('IOC cancels the remainder without a reason', () => {
    const venue = withBook();
    const o = venueOrder({ side: 'buy', type: 'limit', qty: 30, limit: 101, tif: 'IOC' });
    venue.arrive(o, 1n);
    const rs = drain(venue);
    expect(fillsOf(rs).reduce((n, f) => n + f.qty, 0)).toBe(15);
    expect(o.status).toBe('cancelled');
    expect(cancelReports(rs)[0]).toMatchObject({ reason: undefined });
    expect(venue.idle).toBe(true);
  });

  it('IOC that cannot take at all is cancelled with nothing filled', () => {
    const venue = withBook();
    const o = venueOrder({ side: 'buy', type: 'limit', qty: 3, limit: 99, tif: 'IOC' });
    venue.arrive(o, 1n);
    expect(typesOf(drain(venue))).toEqual(['accepted', 'cancelled']);
    expect(venue.idle).toBe(true);
  });

  it('FOK is all or nothing', () => {
    const venue = withBook();
    // within 101 there are 15: 16 cannot fill in full
    const tooBig = venueOrder({ side: 'buy', type: 'limit', qty: 16, limit: 101, tif: 'FOK' });
    venue.arrive(tooBig, 1n);
    let rs = drain(venue);
    expect(fillsOf(rs)).toEqual([]);
    expect(rejectReason(rs)).toEqual(['fok_unfillable']);
    const exact = venueOrder({ side: 'buy', type: 'limit', qty: 15, limit: 101, tif: 'FOK' });
    venue.arrive(exact, 2n);
    rs = drain(venue);
    expect(fillsOf(rs).reduce((n, f) => n + f.qty, 0)).toBe(15);
    expect(exact.status).toBe('filled');
    // market FOK beyond the whole side (35)
    const market = venueOrder({ side: 'buy', type: 'market', qty: 36, tif: 'FOK' });
    venue.arrive(market, 3n);
    expect(rejectReason(drain(venue))).toEqual(['fok_unfillable']);
  });

  it('post-only is rejected when it would take and rests otherwise', () => {
    const venue = withBook();
    const taking = venueOrder({ side: 'buy', type: 'limit', qty: 1, limit: 100, postOnly: true });
    venue.arrive(taking, 1n);
    expect(rejectReason(drain(venue))).toEqual(['post_only_would_take']);
    const resting = venueOrder({ side: 'buy', type: 'limit', qty: 1, limit: 99, postOnly: true });
    venue.arrive(resting, 2n);
    expect(typesOf(drain(venue))).toEqual(['accepted']);
    expect(resting.status).toBe('open');
    // behind the 10 lots at 99
    expect(resting.queueAheadAtEntry).toBe(10);
  });

  it('validates orders', () => {
    const venue = withBook();
    const cases: [Parameters<typeof venueOrder>[0], string][] = [
      [{ side: 'buy', type: 'market', qty: 0 }, 'invalid_qty'],
      [{ side: 'buy', type: 'market', qty: 1.5 }, 'invalid_qty'],
      [{ side: 'buy', type: 'limit', qty: 1 }, 'missing_price'],
      [{ side: 'buy', type: 'stop', qty: 1 }, 'missing_price'],
      [{ side: 'buy', type: 'stop_limit', qty: 1, stop: 101 }, 'missing_price'],
      [{ side: 'buy', type: 'trailing_stop', qty: 1 }, 'missing_price'],
      [{ side: 'buy', type: 'limit', qty: 1, limit: 0 }, 'invalid_price'],
      [{ side: 'buy', type: 'limit', qty: 1, limit: 99.5 }, 'invalid_price'],
    ];
    for (const [fields, reason] of cases) {
      venue.arrive(venueOrder(fields), 1n);
      expect(rejectReason(drain(venue))).toEqual([reason]);
    }
  });
});

describe('impact', () => {
  it('none: every order sees the recorded book untouched by earlier orders', () => {
    const venue = withBook();
    venue.arrive(venueOrder({ side: 'buy', type: 'market', qty: 5 }), 1n);
    venue.arrive(venueOrder({ side: 'buy', type: 'market', qty: 5 }), 1n);
    expect(fillsOf(drain(venue)).map((f) => [f.price, f.qty, f.impactTicks])).toEqual([
      [100, 5, 0],
      [100, 5, 0],
    ]);
  });

  it('linear: taken liquidity is remembered and prices shift adversely', () => {
    const venue = withBook({ impact: { name: 'linear', k: 1, halfLifeNs: 1e9 } });
    // No trades yet: recent volume counts as 1 and volatility as 1 tick, so the shift is
    // k * qty / 1 * 1 = qty ticks.
    venue.arrive(venueOrder({ side: 'buy', type: 'market', qty: 2 }), 1n);
    // 2 at 100, shifted by 2 ticks -> 102
    // Second order at the same instant: 100 has 5 - 2 = 3 left; 4 lots = 3 at 100 + 1 at 101, shifted by 4.
    venue.arrive(venueOrder({ side: 'buy', type: 'market', qty: 4 }), 1n);
    expect(fillsOf(drain(venue)).map((f) => [f.price, f.qty, f.impactTicks])).toEqual([
      [102, 2, 2],
      [104, 3, 4],
      [105, 1, 4],
    ]);
  });

  it('linear: a sell shifts down', () => {
    const venue = withBook({ impact: { name: 'linear', k: 1 } });
    venue.arrive(venueOrder({ side: 'sell', type: 'market', qty: 3 }), 1n);
    // 3 at 99, shifted down by 3 -> 96
    expect(fillsOf(drain(venue)).map((f) => [f.price, f.qty])).toEqual([[96, 3]]);
  });

  it('a limit order never fills beyond its limit, impact included', () => {
    const venue = withBook({ impact: { name: 'linear', k: 1 } });
    // 3 lots at 100 would shift by 3 ticks to 103, past the limit 101
    venue.arrive(venueOrder({ side: 'buy', type: 'limit', qty: 3, limit: 101 }), 1n);
    const fills = fillsOf(drain(venue));
    expect(fills.map((f) => f.qty)).toEqual([3]);
    expect(fills[0].price).toBeLessThanOrEqual(101);
  });
});

describe('resting limit orders', () => {
  it('advance on trades at their price and fill at the limit as maker', () => {
    const venue = withBook();
    const o = venueOrder({ side: 'buy', type: 'limit', qty: 5, limit: 99 });
    venue.arrive(o, 1n);
    drain(venue);
    expect(o.queueAheadAtEntry).toBe(10);
    // a sell of 8 at 99: 10 - 8 = 2 still ahead, nothing for us
    feed(venue, [trade('sell', 99, 8, 2n), bid(99, 2, 2n)]);
    expect(fillsOf(drain(venue))).toEqual([]);
    // a sell of 4 at 99: 2 clear the queue, 2 reach us
    feed(venue, [trade('sell', 99, 4, 3n)]);
    const fills = fillsOf(drain(venue));
    expect(fills.map((f) => [f.price, f.qty, f.liquidity, f.queueAheadAtEntry])).toEqual([[99, 2, 'maker', 10]]);
    expect(o.status).toBe('partially_filled');
  });

  it('only trades of the other side advance a queue', () => {
    const venue = withBook();
    const o = venueOrder({ side: 'buy', type: 'limit', qty: 5, limit: 99 });
    venue.arrive(o, 1n);
    // a buy aggressor printing at 99 cannot have hit our bid
    feed(venue, [trade('buy', 99, 50, 2n)]);
    expect(fillsOf(drain(venue))).toEqual([]);
  });

  it('advance on level decreases (risk-averse: never behind more than the level holds)', () => {
    const venue = withBook();
    const o = venueOrder({ side: 'buy', type: 'limit', qty: 5, limit: 99 });
    venue.arrive(o, 1n);
    // cancels bring the level from 10 to 3: at most 3 ahead of us
    feed(venue, [bid(99, 3, 2n)]);
    // additions behind us do not move us back
    feed(venue, [bid(99, 30, 3n)]);
    // a print of 7: 3 ahead, 4 for us
    feed(venue, [trade('sell', 99, 7, 4n)]);
    expect(fillsOf(drain(venue)).map((f) => f.qty)).toEqual([4]);
  });

  it('own orders at a level share one queue, later ones behind earlier ones', () => {
    const venue = withBook();
    const a = venueOrder({ side: 'buy', type: 'limit', qty: 3, limit: 99 });
    const b = venueOrder({ side: 'buy', type: 'limit', qty: 4, limit: 99 });
    venue.arrive(a, 1n);
    venue.arrive(b, 1n);
    expect(a.queueAheadAtEntry).toBe(10);
    // behind the 10 and a's 3
    expect(b.queueAheadAtEntry).toBe(13);
    // a print of 15: 10 clear the queue, a gets 3, b gets 2
    feed(venue, [trade('sell', 99, 15, 2n)]);
    const fills = fillsOf(drain(venue));
    expect(fills.map((f) => [f.clientId, f.qty])).toEqual([
      [a.req.clientId, 3],
      [b.req.clientId, 2],
    ]);
    expect(a.status).toBe('filled');
    expect(b.status).toBe('partially_filled');
  });

  it('a print through our price fills us up to the print size, at our price', () => {
    const venue = withBook();
    const o = venueOrder({ side: 'buy', type: 'limit', qty: 5, limit: 99 });
    venue.arrive(o, 1n);
    feed(venue, [trade('sell', 98, 3, 2n)]);
    expect(fillsOf(drain(venue)).map((f) => [f.price, f.qty, f.liquidity])).toEqual([[99, 3, 'maker']]);
    feed(venue, [trade('sell', 97, 30, 3n)]);
    // only the 2 that remain
    expect(fillsOf(drain(venue)).map((f) => [f.price, f.qty])).toEqual([[99, 2]]);
    expect(o.status).toBe('filled');
    expect(venue.idle).toBe(true);
  });

  it('one print fills resting orders by at most its size in all, the best-priced first', () => {
    const venue = withBook();
    const low = venueOrder({ side: 'buy', type: 'limit', qty: 2, limit: 95 });
    const high = venueOrder({ side: 'buy', type: 'limit', qty: 2, limit: 96 });
    venue.arrive(low, 1n);
    venue.arrive(high, 1n);
    // a sell of 3 printing at 94 went through both: 2 meet the bid at 96, 1 the bid at 95
    feed(venue, [trade('sell', 94, 3, 2n)]);
    expect(fillsOf(drain(venue)).map((f) => [f.price, f.qty])).toEqual([
      [96, 2],
      [95, 1],
    ]);
  });

  it('a resting sell fills on a buy print through its price', () => {
    const venue = withBook();
    const o = venueOrder({ side: 'sell', type: 'limit', qty: 4, limit: 101 });
    venue.arrive(o, 1n);
    feed(venue, [trade('buy', 102, 1, 2n)]);
    expect(fillsOf(drain(venue)).map((f) => [f.price, f.qty, f.side])).toEqual([[101, 1, 'sell']]);
  });

  it('the other side crossing through our price fills us up to the crossing size, once', () => {
    const venue = withBook();
    const o = venueOrder({ side: 'buy', type: 'limit', qty: 10, limit: 99 });
    venue.arrive(o, 1n);
    drain(venue);
    // the asks fall through our bid: 4 lots offered at 98 would have met us
    feed(venue, [ask(98, 4, 2n)]);
    expect(fillsOf(drain(venue)).map((f) => [f.price, f.qty])).toEqual([[99, 4]]);
    // an unrelated update: the same 4 lots must not fill us again
    feed(venue, [bid(90, 1, 3n)]);
    expect(fillsOf(drain(venue))).toEqual([]);
    // 3 more lots join at 98: they meet us too (4 -> 7 crossing)
    feed(venue, [ask(98, 7, 4n)]);
    expect(fillsOf(drain(venue)).map((f) => [f.price, f.qty])).toEqual([[99, 3]]);
    expect(o.filled).toBe(7);
  });

  it('a partly filled limit that rests is not filled again by the liquidity it already took', () => {
    const venue = withBook();
    const o = venueOrder({ side: 'buy', type: 'limit', qty: 30, limit: 102 });
    venue.arrive(o, 1n);
    // takes 5 + 10 + 15 of 20 at 102 -> filled in full here; use a larger one
    expect(o.status).toBe('filled');
    drain(venue);
    const big = venueOrder({ side: 'buy', type: 'limit', qty: 50, limit: 102 });
    venue.arrive(big, 2n);
    // 5 + 10 + 20 = 35 taken, 15 rest at 102 behind nothing
    expect(big.filled).toBe(35);
    drain(venue);
    // the recorded asks at 100 and 101 (below our 102) are the ones we just took
    feed(venue, [bid(90, 1, 3n), bid(91, 1, 4n)]);
    expect(fillsOf(drain(venue))).toEqual([]);
    expect(big.filled).toBe(35);
  });
});

describe('stops', () => {
  it('a sell stop triggers when the bid falls to it, then sells at market', () => {
    const venue = withBook();
    const o = venueOrder({ side: 'sell', type: 'stop', qty: 3, stop: 97 });
    venue.arrive(o, 1n);
    expect(o.status).toBe('triggered_wait');
    // best bid 98, then still 98 with 97x2 and 96x10 below: not yet
    feed(venue, [bid(99, 0, 2n), bid(97, 2, 2n), bid(96, 10, 2n)]);
    expect(fillsOf(drain(venue))).toEqual([]);
    // 98 goes: best bid 97 <= 97 fires; 3 lots sell 2 at 97 and 1 at 96
    feed(venue, [bid(98, 0, 3n)]);
    expect(fillsOf(drain(venue)).map((f) => [f.price, f.qty])).toEqual([
      [97, 2],
      [96, 1],
    ]);
    expect(o.status).toBe('filled');
  });

  it('a buy stop triggers on a trade at or above it', () => {
    const venue = withBook();
    const o = venueOrder({ side: 'buy', type: 'stop', qty: 2, stop: 103 });
    venue.arrive(o, 1n);
    feed(venue, [trade('buy', 102, 1, 2n)]);
    expect(o.status).toBe('triggered_wait');
    feed(venue, [trade('buy', 103, 1, 3n)]);
    // takes 2 at the best ask, 100
    expect(fillsOf(drain(venue)).map((f) => [f.price, f.qty])).toEqual([[100, 2]]);
  });

  it('a stop-limit becomes a limit and rests when not marketable', () => {
    const venue = withBook();
    const o = venueOrder({ side: 'sell', type: 'stop_limit', qty: 3, stop: 98, limit: 100 });
    venue.arrive(o, 1n);
    feed(venue, [bid(99, 0, 2n)]); // bid 98 <= 98: fires; a sell limit at 100 above the bid rests
    expect(fillsOf(drain(venue))).toEqual([]);
    expect(o.status).toBe('open');
    expect(o.queueAheadAtEntry).toBe(5); // behind the 5 asks at 100
    feed(venue, [trade('buy', 100, 8, 3n)]);
    // 5 ahead, 3 for us
    expect(fillsOf(drain(venue)).map((f) => [f.price, f.qty, f.liquidity])).toEqual([[100, 3, 'maker']]);
  });

  it('a trailing sell stop follows the best bid up and fires trail ticks below its high', () => {
    const venue = withBook();
    const o = venueOrder({ side: 'sell', type: 'trailing_stop', qty: 1, trail: 3 });
    venue.arrive(o, 1n);
    expect(o.trailAnchor).toBe(99);
    feed(venue, [ask(100, 0, 2n), ask(101, 0, 2n), ask(102, 0, 2n), ask(103, 9, 2n), bid(100, 5, 2n), bid(102, 5, 2n)]);
    expect(o.trailAnchor).toBe(102);
    // fires at 102 - 3 = 99: a bid of 100 does not, taking 102 and 100 away leaves 99
    feed(venue, [bid(102, 0, 3n)]);
    expect(o.status).toBe('triggered_wait');
    feed(venue, [bid(100, 0, 4n)]);
    expect(fillsOf(drain(venue)).map((f) => [f.price, f.qty])).toEqual([[99, 1]]);
  });

  it('a trailing buy stop follows the best ask down', () => {
    const venue = withBook();
    const o = venueOrder({ side: 'buy', type: 'trailing_stop', qty: 1, trail: 2 });
    venue.arrive(o, 1n);
    expect(o.trailAnchor).toBe(100);
    feed(venue, [bid(99, 0, 2n), bid(98, 0, 2n), ask(97, 1, 2n)]);
    expect(o.trailAnchor).toBe(97);
    // fires at 97 + 2 = 99
    feed(venue, [ask(97, 0, 3n)]); // best ask 100 >= 99
    expect(fillsOf(drain(venue)).map((f) => [f.price, f.qty])).toEqual([[100, 1]]);
  });
});

describe('brackets and OCO', () => {
  it('a filled bracket parent places take-profit and stop-loss as an OCO pair', () => {
    const venue = withBook();
    const parent = venueOrder({ side: 'buy', type: 'market', qty: 5, bracket: { takeProfit: 105, stopLoss: 95 } });
    venue.arrive(parent, 1n);
    const tp = venue.order(`${parent.req.clientId}:tp`)!;
    const sl = venue.order(`${parent.req.clientId}:sl`)!;
    expect(tp.req).toMatchObject({ side: 'sell', type: 'limit', limit: 105, qty: 5 });
    expect(sl.req).toMatchObject({ side: 'sell', type: 'stop', stop: 95, qty: 5 });
    expect(tp.status).toBe('open');
    expect(sl.status).toBe('triggered_wait');
    // every order of a run has its own id
    expect(new Set([parent.id, tp.id, sl.id]).size).toBe(3);
    drain(venue);
    feed(venue, [trade('buy', 106, 5, 2n)]);
    const rs = drain(venue);
    expect(fillsOf(rs).map((f) => [f.clientId, f.price, f.qty])).toEqual([[tp.req.clientId, 105, 5]]);
    expect(sl.status).toBe('cancelled');
    expect(venue.idle).toBe(true);
  });

  it('a take-profit that fills on placement means no stop-loss', () => {
    const venue = withBook();
    // take profit at 98 is below the best bid 99: it sells at once
    const parent = venueOrder({ side: 'buy', type: 'market', qty: 2, bracket: { takeProfit: 98, stopLoss: 90 } });
    venue.arrive(parent, 1n);
    const tp = venue.order(`${parent.req.clientId}:tp`)!;
    const sl = venue.order(`${parent.req.clientId}:sl`)!;
    expect(tp.status).toBe('filled');
    expect(sl.status).not.toBe('triggered_wait');
    expect(venue.idle).toBe(true);
  });

  it('a stop cancelled by its OCO sibling firing at the same moment stays cancelled', () => {
    const venue = withBook();
    const a = venueOrder({ side: 'sell', type: 'stop', qty: 1, stop: 98, ocoGroup: 'g' });
    const b = venueOrder({ side: 'sell', type: 'stop', qty: 1, stop: 97, ocoGroup: 'g' });
    const other = venueOrder({ side: 'buy', type: 'stop', qty: 1, stop: 120 });
    for (const o of [a, b, other]) venue.arrive(o, 1n);
    drain(venue);
    // a print at 96 fires both stops; a goes first, sells at the best bid 99, and cancels b
    feed(venue, [trade('sell', 96, 1, 2n)]);
    const fills = fillsOf(drain(venue));
    expect(fills.map((f) => [f.clientId, f.price, f.qty])).toEqual([[a.req.clientId, 99, 1]]);
    expect([a.status, b.status, other.status]).toEqual(['filled', 'cancelled', 'triggered_wait']);
    expect(venue.idle).toBe(false);
  });

  it('a resting order cancelled by an OCO sibling in the same queue is not filled', () => {
    const venue = withBook();
    const a = venueOrder({ side: 'buy', type: 'limit', qty: 2, limit: 99, ocoGroup: 'g' });
    const b = venueOrder({ side: 'buy', type: 'limit', qty: 2, limit: 99, ocoGroup: 'g' });
    venue.arrive(a, 1n);
    venue.arrive(b, 1n);
    drain(venue);
    // a print through 99 for 10 would reach both; a's fill cancels b first
    feed(venue, [trade('sell', 98, 10, 2n)]);
    expect(fillsOf(drain(venue)).map((f) => [f.clientId, f.qty])).toEqual([[a.req.clientId, 2]]);
    expect([a.status, b.status, b.filled]).toEqual(['filled', 'cancelled', 0]);
  });

  it('a fill in an OCO group cancels its siblings', () => {
    const venue = withBook();
    const a = venueOrder({ side: 'buy', type: 'limit', qty: 2, limit: 99, ocoGroup: 'g' });
    const b = venueOrder({ side: 'sell', type: 'limit', qty: 2, limit: 101, ocoGroup: 'g' });
    venue.arrive(a, 1n);
    venue.arrive(b, 1n);
    drain(venue);
    feed(venue, [trade('sell', 98, 1, 2n)]);
    const rs = drain(venue);
    expect(fillsOf(rs).map((f) => [f.clientId, f.qty])).toEqual([[a.req.clientId, 1]]);
    expect(b.status).toBe('cancelled');
    // a keeps its remainder
    expect(a.status).toBe('partially_filled');
  });
});

describe('cancel, replace, expire', () => {
  it('cancel: unknown and not-open orders are refused', () => {
    const venue = withBook();
    venue.cancel('nope', 1n);
    expect(drain(venue)).toMatchObject([{ type: 'cancel_rejected', reason: 'unknown_order' }]);
    const o = venueOrder({ side: 'buy', type: 'market', qty: 1 });
    venue.arrive(o, 1n);
    drain(venue);
    venue.cancel(o.req.clientId, 2n);
    expect(drain(venue)).toMatchObject([{ type: 'cancel_rejected', reason: 'order_not_open' }]);
  });

  it('cancel takes a resting order off its queue', () => {
    const venue = withBook();
    const o = venueOrder({ side: 'buy', type: 'limit', qty: 1, limit: 99 });
    venue.arrive(o, 1n);
    venue.cancel(o.req.clientId, 2n);
    expect(o.status).toBe('cancelled');
    expect(venue.idle).toBe(true);
    feed(venue, [trade('sell', 90, 100, 3n)]);
    expect(fillsOf(drain(venue))).toEqual([]);
  });

  it('a smaller qty at the same price keeps queue priority', () => {
    const venue = withBook();
    const a = venueOrder({ side: 'buy', type: 'limit', qty: 5, limit: 99 });
    const b = venueOrder({ side: 'buy', type: 'limit', qty: 5, limit: 99 });
    venue.arrive(a, 1n);
    venue.arrive(b, 1n);
    venue.replace(a.req.clientId, { qty: 3 }, 2n);
    expect(a.req.qty).toBe(3);
    // 10 ahead, then a (3), then b: a print of 12 gives a 2
    feed(venue, [trade('sell', 99, 12, 3n)]);
    expect(fillsOf(drain(venue)).map((f) => [f.clientId, f.qty])).toEqual([[a.req.clientId, 2]]);
  });

  it('a larger qty loses priority: it rejoins behind everything at the level', () => {
    const venue = withBook();
    const a = venueOrder({ side: 'buy', type: 'limit', qty: 5, limit: 99 });
    const b = venueOrder({ side: 'buy', type: 'limit', qty: 5, limit: 99 });
    venue.arrive(a, 1n);
    venue.arrive(b, 1n);
    venue.replace(a.req.clientId, { qty: 6 }, 2n);
    // now 10 ahead, b (5), a (6): a print of 16 reaches b first
    feed(venue, [trade('sell', 99, 16, 3n)]);
    expect(fillsOf(drain(venue)).map((f) => [f.clientId, f.qty])).toEqual([
      [b.req.clientId, 5],
      [a.req.clientId, 1],
    ]);
  });

  it('a price change re-queues, and may take', () => {
    const venue = withBook();
    const a = venueOrder({ side: 'buy', type: 'limit', qty: 5, limit: 98 });
    venue.arrive(a, 1n);
    expect(a.queueAheadAtEntry).toBe(20);
    venue.replace(a.req.clientId, { limit: 99 }, 2n);
    expect(a.queueAheadAtEntry).toBe(10);
    venue.replace(a.req.clientId, { limit: 100 }, 3n);
    // marketable now: takes 5 at 100
    expect(fillsOf(drain(venue)).map((f) => [f.price, f.qty])).toEqual([[100, 5]]);
    expect(a.status).toBe('filled');
  });

  it('a replace with a bad qty or price is refused and leaves the order as it was', () => {
    const venue = withBook();
    const o = venueOrder({ side: 'buy', type: 'limit', qty: 5, limit: 98 });
    venue.arrive(o, 1n);
    drain(venue);
    venue.replace(o.req.clientId, { qty: 1.5 }, 2n);
    venue.replace(o.req.clientId, { limit: -3 }, 3n);
    expect(drain(venue)).toMatchObject([
      { type: 'cancel_rejected', reason: 'invalid_qty' },
      { type: 'cancel_rejected', reason: 'invalid_price' },
    ]);
    expect([o.status, o.req.qty, o.req.limit, o.queueAheadAtEntry]).toEqual(['open', 5, 98, 20]);
    // a qty down to what is filled (here 0) cancels
    venue.replace(o.req.clientId, { qty: 0 }, 4n);
    expect(o.status).toBe('cancelled');
  });

  it('replace of an unknown or closed order is refused', () => {
    const venue = withBook();
    venue.replace('nope', { qty: 1 }, 1n);
    expect(drain(venue)).toMatchObject([{ type: 'cancel_rejected', reason: 'unknown_order' }]);
  });

  it('expire ends an open order and ignores a closed one', () => {
    const venue = withBook();
    const o = venueOrder({ side: 'buy', type: 'limit', qty: 1, limit: 99 });
    venue.arrive(o, 1n);
    drain(venue);
    venue.expire(o.req.clientId, 5n);
    expect(o.status).toBe('expired');
    expect(drain(venue)).toMatchObject([{ type: 'expired', ts: 5n }]);
    venue.expire(o.req.clientId, 6n);
    expect(drain(venue)).toEqual([]);
    expect(venue.idle).toBe(true);
  });
});

describe('fees and the fill record', () => {
  it('charges maker and taker rates on exact notionals', () => {
    const venue = withBook({ fees: { name: 'bps', makerBps: '2', takerBps: '10' } });
    venue.arrive(venueOrder({ side: 'buy', type: 'market', qty: 12 }), 1n);
    // taker 10 bps: 5 x 0.001 = 0.005; 7.07 x 0.001 = 0.00707
    expect(fillsOf(drain(venue)).map((f) => f.fee)).toEqual(['0.005', '0.00707']);
    venue.arrive(venueOrder({ side: 'sell', type: 'limit', qty: 3, limit: 103 }), 2n);
    feed(venue, [trade('buy', 104, 3, 3n)]);
    // maker 2 bps of 3 x 1.03 = 3.09 -> 0.000618
    expect(fillsOf(drain(venue)).map((f) => [f.notional, f.fee])).toEqual([['3.09', '0.000618']]);
  });

  it('per-order fees see the order so far', () => {
    const venue = withBook({ fees: { name: 'per-share', perShare: '0.005', min: '1', max: '10' } });
    venue.arrive(venueOrder({ side: 'buy', type: 'market', qty: 12 }), 1n);
    // 12 shares x 0.005 = 0.06 < minimum 1: the whole minimum on the first fill, nothing after
    expect(fillsOf(drain(venue)).map((f) => f.fee)).toEqual(['1', '0']);
  });

  it('notionals are exact past 20 significant digits', () => {
    const inst = makeInstrument({ symbol: 'X', venue: 'T', assetClass: 'crypto', currency: 'USD', tickSize: '0.00000001', lotSize: '0.00000001' });
    const venue = makeVenue({}, inst);
    const price = 12345678901234;
    const lots = 123456789012;
    feed(venue, [ask(price, lots)]);
    const o = venueOrder({ side: 'buy', type: 'market', qty: lots });
    venue.arrive(o, 1n);
    // price x qty in units of 1e-16, by integer arithmetic
    const raw = (BigInt(price) * BigInt(lots)).toString().padStart(17, '0');
    const expected = `${raw.slice(0, -16)}.${raw.slice(-16)}`.replace(/0+$/, '').replace(/\.$/, '');
    expect(fillsOf(drain(venue)).map((f) => f.notional)).toEqual([expected]);
    expect(o.notionalSoFar.toFixed()).toBe(expected);
  });

  it('numbers fills in sequence across orders', () => {
    const venue = withBook();
    venue.arrive(venueOrder({ side: 'buy', type: 'market', qty: 6 }), 1n);
    venue.arrive(venueOrder({ side: 'sell', type: 'market', qty: 11 }), 1n);
    expect(fillsOf(drain(venue)).map((f) => f.seq)).toEqual([1, 2, 3, 4]);
  });

  it('l1 takes only the best level', () => {
    const venue = withBook({ fill: makeFillModel('l1'), queue: makeQueueModel({ name: 'log' }) });
    venue.arrive(venueOrder({ side: 'buy', type: 'market', qty: 12 }), 1n);
    expect(fillsOf(drain(venue)).map((f) => [f.price, f.qty])).toEqual([[100, 5]]);
  });
});
