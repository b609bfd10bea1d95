// The venue after an order rests: stops, brackets and OCO, cancel, replace and expiry, fees and the fill record.
import { describe, expect, it } from 'vitest';
import { makeInstrument } from '../model/instrument.js';
import { makeFillModel } from './fill-models.js';
import { makeQueueModel } from './queue-models.js';
import { ask, bid, drain, feed, fillsOf, makeVenue,  trade, withStandardBook,  venueOrder } from '../../../test/support/engine-fixtures.js';

// Prices are ticks of 0.01, sizes lots of 1 share: ask 100 means $1.00.

const withBook = withStandardBook;


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
