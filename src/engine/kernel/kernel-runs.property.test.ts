import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeLatencyModel } from '../exchange/latency-models.js';
import type { MarketEvent } from '../model/events.js';
import type { NewOrder, Strategy } from '../strategy.js';
import { ask, bid, snapshot, trade } from '../../../test/support/engine-fixtures.js';
import { Kernel, type KernelConfig, type RunResult } from './kernel.js';
import { runStreamArb } from '../../../test/support/run-streams.js';
import { kernelConfig, scripted, type Seen } from '../../../test/support/kernel-fixtures.js';

// The kernel takes the rest of a run of events at one time in one loop (MarketSlot.runAtNow)
// once it has checked, at the run's first event, that nothing else needs looking at between
// them. Handed the same events one at a time, it checks everything at every event instead: both
// must give the same run, whatever the strategy watches, the feed latency, the orders resting
// and the reports coming back in the middle of a run.

/** Events mostly in runs at one time (gap 0), some with feed latency or a local time before the exchange's. */
const streamArb = runStreamArb({ gaps: [0n, 0n, 0n, 0n, 1n, 700n, 2500n], lates: [0n, 0n, 0n, 0n, 300n, 4000n, -50n], bids: [94, 99], asks: [100, 105], minLength: 30, maxLength: 120 });

const orderArb: fc.Arbitrary<NewOrder> = fc
  .record({ side: fc.constantFrom('buy' as const, 'sell' as const), qty: fc.integer({ min: 1, max: 6 }), price: fc.integer({ min: 96, max: 103 }), market: fc.boolean() })
  .map(({ side, qty, price, market }): NewOrder => (market ? { side, type: 'market', qty } : { side, type: 'limit', qty, limit: price }));

const actionsArb = fc.array(fc.record({ at: fc.bigInt({ min: 1000n, max: 40_000n }), order: orderArb, cancel: fc.boolean() }), { minLength: 1, maxLength: 12 });

/** How the strategy takes its market data: called for each event, never, or called until its first order. */
type Watch = 'every' | 'none' | 'until-order';

function strategyFor(actions: { at: bigint; order: NewOrder; cancel: boolean }[], watch: Watch): Strategy & { seen: Seen } {
  const ids: string[] = [];
  const s = scripted(
    actions.map((a) => ({
      at: a.at,
      run: (ctx) => {
        if (a.cancel && ids.length > 0) ctx.cancel(ids[ids.length - 1]);
        else ids.push(ctx.submit(a.order));
        if (watch === 'until-order') ctx.marketDataCalls(false);
      },
    })),
    { onBook: (ctx) => void ctx.book.bestBid() },
  );
  if (watch === 'none') {
    delete (s as Strategy).onBook;
    delete (s as Strategy).onTrade;
  }
  return s;
}

/** Order latency: constant (0 sends a report back at the venue's time), or drawn (the run's random draws must come in the same order). */
function config(latencyNs: number, dataFeed: boolean): KernelConfig {
  return kernelConfig({
    latency: makeLatencyModel(latencyNs >= 0 ? { name: 'constant', entryNs: latencyNs, responseNs: latencyNs } : { name: 'uniform', min: 0, max: -latencyNs }),
    feedLatency: dataFeed ? { kind: 'data' } : { kind: 'constant', ns: 200n },
    startingCash: '100000',
    navIntervalNs: 1500n,
  });
}

function runWhole(events: MarketEvent[], make: () => Strategy & { seen: Seen }, c: KernelConfig): [RunResult, Seen] {
  const s = make();
  const k = new Kernel(c, s);
  k.onBatch(events);
  return [k.finish(), s.seen];
}

function runOneByOne(events: MarketEvent[], make: () => Strategy & { seen: Seen }, c: KernelConfig): [RunResult, Seen] {
  const s = make();
  const k = new Kernel(c, s);
  for (let i = 0; i < events.length; i++) k.onEvents(0, events, i, i + 1);
  return [k.finish(), s.seen];
}

describe('runs of events at one time', () => {
  it('taken in one loop give the same run as events handed over one at a time', () => {
    fc.assert(
      fc.property(
        streamArb,
        actionsArb,
        fc.constantFrom<Watch>('every', 'none', 'until-order'),
        fc.constantFrom(0, 1, 900, -2000),
        fc.boolean(),
        (events, actions, watch, latencyNs, dataFeed) => {
          const make = () => strategyFor(actions, watch);
          const c = config(latencyNs, dataFeed);
          const [whole, seenWhole] = runWhole(events, make, c);
          const [single, seenSingle] = runOneByOne(events, make, c);
          expect(whole).toEqual(single);
          expect(seenWhole).toEqual(seenSingle);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a run the venue reports in the middle of is taken up again after the report', () => {
    // A resting bid at 99 fills when the ask comes down to it in the middle of a run at t = 5000.
    const events: MarketEvent[] = [...snapshot([[98, 10]], [[100, 10]], 1000n)];
    for (let i = 0; i < 6; i++) events.push(bid(97 - (i % 2), 5 + i, 5000n));
    events.push(trade('sell', 99, 3, 5000n), ask(99, 4, 5000n));
    for (let i = 0; i < 6; i++) events.push(ask(101 + (i % 3), 5 + i, 5000n));
    events.push(bid(98, 11, 9000n));
    const make = () => strategyFor([{ at: 2000n, order: { side: 'buy', type: 'limit', qty: 2, limit: 99 }, cancel: false }], 'none');
    const c = config(0, true);
    const [whole] = runWhole(events, make, c);
    const [single] = runOneByOne(events, make, c);
    expect(whole.fills.map((f) => [f.tsVenue, f.price, f.qty])).toEqual([[5000n, 99, 2]]);
    expect(whole).toEqual(single);
  });
});
