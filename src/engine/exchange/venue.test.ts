import { describe, expect, it } from 'vitest';
import { ask, bid, drain, feed, fillsOf, makeVenue, snapshot, trade, withStandardBook, typesOf, venueOrder } from '../../../test/support/engine-fixtures.js';
import type { VenueReport } from './venue-types.js';

// Prices are ticks of 0.01, sizes lots of 1 share: ask 100 means $1.00.

const withBook = withStandardBook;

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
