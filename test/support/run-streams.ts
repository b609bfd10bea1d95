import fc from 'fast-check';
import type { MarketEvent } from '../../src/engine/model/events.js';
import { ask, bid, snapshot, trade } from './engine-fixtures.js';

/** The shape of a generated stream of one instrument's events after an opening 99/100 book. */
export interface RunStreamShape {
  /** Steps of exchange time between events, drawn from the list: a 0 puts an event in the same run at one time. */
  gaps: bigint[];
  /** Each event's local time after its exchange time (feed latency from the data; negative: a local clock behind). */
  lates: bigint[];
  /** Price ranges of bid and ask levels, inclusive. */
  bids: [number, number];
  asks: [number, number];
  /** How many events follow the opening book. */
  minLength: number;
  maxLength: number;
}

/**
 * Level changes and prints around a 99/100 touch, mostly in runs of events at one time: what the
 * kernel's property tests hand over whole and one event at a time to compare the two.
 */
export function runStreamArb(shape: RunStreamShape): fc.Arbitrary<MarketEvent[]> {
  return fc
    .array(
      fc.tuple(
        fc.constantFrom(...shape.gaps),
        fc.constantFrom(...shape.lates),
        fc.oneof(
          fc.tuple(fc.integer({ min: shape.bids[0], max: shape.bids[1] }), fc.integer({ min: 0, max: 12 })).map(([p, q]) => ['bid', p, q] as const),
          fc.tuple(fc.integer({ min: shape.asks[0], max: shape.asks[1] }), fc.integer({ min: 0, max: 12 })).map(([p, q]) => ['ask', p, q] as const),
          fc.tuple(fc.constantFrom('buy' as const, 'sell' as const), fc.integer({ min: 96, max: 103 }), fc.integer({ min: 1, max: 8 })),
        ),
      ),
      { minLength: shape.minLength, maxLength: shape.maxLength },
    )
    .map((xs) => {
      let t = 1000n;
      const events: MarketEvent[] = [...snapshot([[99, 10], [98, 10]], [[100, 10], [101, 10]], t)];
      for (const [dt, late, [what, price, qty]] of xs) {
        t += dt;
        const local = t + late;
        if (what === 'bid') events.push(bid(price, qty, t, local));
        else if (what === 'ask') events.push(ask(price, qty, t, local));
        else events.push(trade(what, price, qty, t, local));
      }
      return events;
    });
}
