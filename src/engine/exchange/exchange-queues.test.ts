import { describe, expect, it } from 'vitest';
import { EventKind, Side } from '../model/events.js';
import { ValueError } from '../model/errors.js';
import { bid, clear, drain, feed, fillsOf, l3, l3Bids, makeVenue, snapshot, trade, venueOrder, fillsSince } from '../../../test/support/engine-fixtures.js';
import { fifoQueueModel } from './l3-queue.js';
import { logQueueModel, makeQueueModel, powerQueueModel, riskAverseQueueModel, type QueueModelName } from './queue-models.js';

// The queues of resting orders at their edges: the exact FIFO queue on order-level data rule by
// rule (which recorded order ids stand ahead, which events move or fill us, the echo of an
// execution, the visible window of a LOBSTER-style file), and the L2 queue models' guards.
// Every expected fill is worked out by hand in the comments.

const { add, cancel, del, exec, sellAdd, hitBid } = l3Bids;
/** A hidden print lifting asks. */
const liftAsk = (price: number, qty: number) => l3(EventKind.Trade, Side.Bid, price, qty, 0);

type Venue = ReturnType<typeof makeVenue>;

function resting(venue: Venue, side: 'buy' | 'sell', qty: number, limit: number) {
  const o = venueOrder({ side, type: 'limit', qty, limit });
  venue.arrive(o, 1n);
  drain(venue);
  expect(o.status).toBe('open');
  return o;
}

/** [clientId, qty, flagged outside the window] of the fills since the last look. */
const flagged = (venue: Venue) => fillsOf(drain(venue)).map((f) => [f.clientId, f.qty, f.outsideWindow === true]);

describe('exact FIFO: what moves us up the queue', () => {
  it('a delete of an order ahead moves us up by its size', () => {
    const venue = makeVenue({ queue: fifoQueueModel() });
    feed(venue, [sellAdd(1, 101, 50), add(2, 100, 5)]);
    const ours = resting(venue, 'buy', 4, 100); // 5 ahead
    feed(venue, [add(3, 100, 20), del(2, 100, 5)]); // nothing ahead; order 3 (behind) keeps the level at 20
    feed(venue, [hitBid(100, 2)]); // a hidden execution at our price meets us
    expect(fillsSince(venue)).toEqual([[ours.req.clientId, 100, 2]]);
  });

  it('the last recorded order before ours is ahead of it, and a later cancel of an older order does not change that', () => {
    const venue = makeVenue({ queue: fifoQueueModel() });
    // The cancel of order 5 comes after order 6: the highest id seen stays 6.
    feed(venue, [sellAdd(1, 101, 50), add(5, 100, 5), add(6, 100, 3), cancel(5, 100, 1)]);
    const ours = resting(venue, 'buy', 2, 100);
    expect(ours.queueAheadAtEntry).toBe(7); // 4 + 3
    feed(venue, [cancel(6, 100, 2)]); // order 6 was there first: 5 ahead
    feed(venue, [hitBid(100, 1)]);
    expect(fillsSince(venue)).toEqual([]);
    feed(venue, [add(7, 100, 10), exec(5, 100, 4), hitBid(100, 4, 5)]); // 1 ahead (order 6)
    feed(venue, [hitBid(100, 1)]);
    expect(fillsSince(venue)).toEqual([]);
    feed(venue, [exec(6, 100, 1), hitBid(100, 1, 6)]); // order 6 is ahead: its execution is not ours
    expect(fillsSince(venue)).toEqual([]);
    feed(venue, [hitBid(100, 1)]); // nothing ahead now
    expect(fillsSince(venue)).toEqual([[ours.req.clientId, 100, 1]]);
  });

  it('a level that shrinks below what is ahead of us caps it (orders the data never showed)', () => {
    const venue = makeVenue({ queue: fifoQueueModel() });
    feed(venue, [sellAdd(1, 101, 50), bid(100, 7)]); // 7 lots at 100 without order ids
    const ours = resting(venue, 'buy', 2, 100);
    feed(venue, [bid(100, 2)]); // at most 2 ahead now
    feed(venue, [hitBid(100, 1)]);
    expect(fillsSince(venue)).toEqual([]);
    feed(venue, [bid(100, 0)]); // nothing ahead
    feed(venue, [hitBid(100, 1)]);
    expect(fillsSince(venue)).toEqual([[ours.req.clientId, 100, 1]]);
  });
});

describe('exact FIFO: what fills us', () => {
  it('an execution of a later order fills our orders oldest first, by its size in all', () => {
    const venue = makeVenue({ queue: fifoQueueModel() });
    feed(venue, [sellAdd(1, 101, 50), add(2, 100, 5)]);
    const a = resting(venue, 'buy', 2, 100);
    const b = resting(venue, 'buy', 2, 100);
    feed(venue, [add(3, 100, 10), exec(3, 100, 2)]); // 2 lots: all of a, none left for b
    expect(fillsSince(venue)).toEqual([[a.req.clientId, 100, 2]]);
    feed(venue, [exec(3, 100, 3)]); // 3 lots: b's 2
    expect(fillsSince(venue)).toEqual([[b.req.clientId, 100, 2]]);
  });

  it('a hidden print fills what the prints through our higher bids left of it', () => {
    const venue = makeVenue({ queue: fifoQueueModel() });
    feed(venue, [add(1, 100, 5), sellAdd(2, 102, 50)]);
    const low = resting(venue, 'buy', 10, 100);
    feed(venue, [del(1, 100, 5)]); // nothing ahead of low
    const high = resting(venue, 'buy', 3, 101);
    // 5 lots hit the bids down to 100: 3 meet high on the way, the 2 left reach low.
    feed(venue, [hitBid(100, 5)]);
    expect(fillsSince(venue)).toEqual([
      [high.req.clientId, 101, 3],
      [low.req.clientId, 100, 2],
    ]);
  });

  it('a print at our price fills our orders in turn, by its size in all', () => {
    const venue = makeVenue({ queue: fifoQueueModel() });
    feed(venue, [sellAdd(1, 101, 50)]);
    const a = resting(venue, 'buy', 2, 100);
    const b = resting(venue, 'buy', 2, 100);
    feed(venue, [hitBid(100, 3)]);
    expect(fillsSince(venue)).toEqual([
      [a.req.clientId, 100, 2],
      [b.req.clientId, 100, 1],
    ]);
  });

  it('an auction cross fills a bid at its price, then an ask through it, by the print size in all', () => {
    const venue = makeVenue({ queue: fifoQueueModel() });
    feed(venue, [add(1, 98, 5), sellAdd(2, 101, 5)]);
    const buy = resting(venue, 'buy', 3, 100);
    const sell = resting(venue, 'sell', 10, 99);
    // A cross (no aggressor) of 5 at 100: 3 to our bid there, the other 2 to our ask below it.
    feed(venue, [l3(EventKind.Trade, Side.None, 100, 5, 0)]);
    expect(fillsSince(venue)).toEqual([
      [buy.req.clientId, 100, 3],
      [sell.req.clientId, 99, 2],
    ]);
  });

  it('only the echo of the last execution, same order, price and size, is passed over', () => {
    const venue = makeVenue({ queue: fifoQueueModel() });
    feed(venue, [add(1, 100, 2), sellAdd(3, 101, 50)]);
    const ours = resting(venue, 'buy', 20, 100);
    feed(venue, [add(4, 100, 20), exec(1, 100, 2), hitBid(100, 2, 1)]); // the echo: nothing for us
    expect(fillsSince(venue)).toEqual([]);
    feed(venue, [hitBid(100, 2)]); // a hidden print of the same price and size is not the echo
    expect(fillsSince(venue)).toEqual([[ours.req.clientId, 100, 2]]);
    feed(venue, [hitBid(100, 3, 1)]); // nor one naming order 1 with another size
    expect(fillsSince(venue)).toEqual([[ours.req.clientId, 100, 3]]);
    feed(venue, [hitBid(100, 2, 4)]); // nor one naming another order
    expect(fillsSince(venue)).toEqual([[ours.req.clientId, 100, 2]]);
  });

  it('a print naming the last executed order at another price is not its echo', () => {
    const venue = makeVenue({ queue: fifoQueueModel() });
    feed(venue, [add(1, 100, 2), sellAdd(3, 101, 50)]);
    const ours = resting(venue, 'buy', 20, 99); // below the best bid, nothing ahead at 99
    feed(venue, [exec(1, 100, 2), hitBid(100, 2, 1)]); // above our price: not ours
    expect(fillsSince(venue)).toEqual([]);
    feed(venue, [hitBid(99, 2, 1)]);
    expect(fillsSince(venue)).toEqual([[ours.req.clientId, 99, 2]]);
  });
});

describe('exact FIFO: the visible window of the file', () => {
  it('with the whole book in the data nothing is outside it', () => {
    const venue = makeVenue({ queue: fifoQueueModel() });
    feed(venue, [add(1, 100, 5), sellAdd(2, 101, 50)]);
    const ours = resting(venue, 'buy', 2, 99);
    feed(venue, [hitBid(99, 1)]);
    expect(flagged(venue)).toEqual([[ours.req.clientId, 1, false]]);
  });

  it('a side showing fewer levels than the window shows all of them', () => {
    const venue = makeVenue({ queue: fifoQueueModel({ visibleLevels: 5 }) });
    feed(venue, [add(1, 100, 5), add(2, 99, 5), sellAdd(3, 101, 50)]);
    const ours = resting(venue, 'buy', 2, 98);
    feed(venue, [hitBid(98, 1)]);
    expect(flagged(venue)).toEqual([[ours.req.clientId, 1, false]]);
  });

  it('bids: the worst visible level is inside, one below it outside, and prints through either say so', () => {
    const venue = makeVenue({ queue: fifoQueueModel({ visibleLevels: 2 }) });
    feed(venue, [add(1, 100, 5), add(2, 99, 5), sellAdd(3, 101, 50)]);
    const deep = resting(venue, 'buy', 5, 98);
    const edge = resting(venue, 'buy', 2, 99);
    // 3 lots down to 98: 2 meet edge on the way (inside), 1 meets deep at its price (outside).
    feed(venue, [hitBid(98, 3)]);
    expect(flagged(venue)).toEqual([
      [edge.req.clientId, 2, false],
      [deep.req.clientId, 1, true],
    ]);
    feed(venue, [hitBid(97, 1)]); // through deep
    expect(flagged(venue)).toEqual([[deep.req.clientId, 1, true]]);
  });

  it('asks: the same from the other side', () => {
    const venue = makeVenue({ queue: fifoQueueModel({ visibleLevels: 2 }) });
    feed(venue, [sellAdd(1, 101, 5), sellAdd(2, 102, 5), add(3, 99, 5)]);
    const deep = resting(venue, 'sell', 5, 103);
    const edge = resting(venue, 'sell', 2, 102);
    feed(venue, [liftAsk(103, 3)]);
    expect(flagged(venue)).toEqual([
      [edge.req.clientId, 2, false],
      [deep.req.clientId, 1, true],
    ]);
  });

  it('an order whose price leaves the window stays marked after it comes back', () => {
    const venue = makeVenue({ queue: fifoQueueModel({ visibleLevels: 2 }) });
    feed(venue, [add(1, 100, 5), sellAdd(2, 102, 50)]);
    const ours = resting(venue, 'buy', 3, 99); // one bid level shown: 99 is inside
    feed(venue, [add(3, 101, 5)]); // bids 101, 100: 99 is now below the window
    feed(venue, [del(3, 101, 5)]); // back in view, but what happened meanwhile is not known
    feed(venue, [hitBid(99, 1)]);
    expect(flagged(venue)).toEqual([[ours.req.clientId, 1, true]]);
  });

  it('a cleared book leaves every queue unknown', () => {
    const venue = makeVenue({ queue: fifoQueueModel() });
    feed(venue, [add(1, 100, 5), sellAdd(2, 101, 50)]);
    const ours = resting(venue, 'buy', 2, 100);
    feed(venue, [clear(), add(3, 100, 5), sellAdd(4, 101, 50)]);
    feed(venue, [hitBid(100, 1)]);
    expect(flagged(venue)).toEqual([[ours.req.clientId, 1, true]]);
  });
});

describe('own queues by side', () => {
  it('our bid and our ask at one price are separate queues', () => {
    const venue = makeVenue();
    feed(venue, snapshot([[98, 5]], [[101, 5]]));
    resting(venue, 'buy', 2, 99);
    const sell = resting(venue, 'sell', 2, 99);
    feed(venue, [trade('buy', 99, 1)]); // a buy aggressor at 99 meets our ask, not our bid
    expect(fillsSince(venue)).toEqual([[sell.req.clientId, 99, 1]]);
  });
});

describe('L2 queue models at their edges', () => {
  it('a print of no size, a negative or unknown one, or none of ours left, fills nothing and moves nothing', () => {
    for (const model of [riskAverseQueueModel, powerQueueModel(), logQueueModel]) {
      for (const [qty, remaining] of [
        [0, 5],
        [-2, 5],
        [Number.NaN, 5],
        [4, 0],
        [4, Number.NaN],
      ]) {
        const state = { ahead: 3 };
        expect(model.onTrade(state, qty, remaining)).toBe(0);
        expect(state.ahead).toBe(3);
      }
      const front = { ahead: 0 };
      expect(model.onTrade(front, 4, Number.NaN)).toBe(0);
    }
  });

  it('a level that empties leaves nothing ahead, never less than nothing', () => {
    // power, n = 2: 20 ahead and 10 behind; the whole level (30) goes. The split would put
    // 30 x 400 / 500 = 24 of it ahead of us, 4 more than stood there.
    const model = powerQueueModel(2);
    const state = { ahead: 20 };
    model.onLevelChange(state, 30, 0);
    expect(state.ahead).toBe(0);
    // A print of one lot after the level refills fills one lot, not five.
    model.onLevelChange(state, 0, 6);
    expect(model.onTrade(state, 1, 10)).toBe(1);
  });

  it('bad names and parameters say what is wrong', () => {
    const errorOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(ValueError);
        return [(e as ValueError).field, (e as ValueError).message];
      }
      throw new Error('expected a ValueError');
    };
    expect(errorOf(() => powerQueueModel(0))).toEqual(['queue.n', 'queue.n must be a positive number, got 0']);
    expect(errorOf(() => makeQueueModel({ name: 'fifo' }))).toEqual([
      'queue.name',
      'the fifo queue is exact L3 order tracking done by the venue, not an L2 queue model',
    ]);
    expect(errorOf(() => makeQueueModel({ name: 'lifo' as QueueModelName }))).toEqual([
      'queue.name',
      'unknown queue model "lifo"; expected one of risk-averse, power, log, fifo',
    ]);
  });
});
