import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeLatencyModel } from '../exchange/latency-models.js';
import type { MarketEvent } from '../model/events.js';
import type { Strategy, StrategyContext } from '../strategy.js';
import { runStreamArb } from '../../../test/support/run-streams.js';
import { kernelConfig } from '../../../test/support/kernel-fixtures.js';
import { Kernel, type KernelConfig, type RunResult } from './kernel.js';

// A run of events at one time, whole in a batch, is shown to the strategy as the venue processes
// each event (Kernel.runInStep); until the strategy sends something, when the venue first
// processes the rest of the run. The rule it must keep is the one for events at one time: the
// strategy is shown them as if only once the venue had processed them all. Handed one event at a
// time, the kernel never knows where a run ends and shows it that way. A strategy that sends,
// cancels, replaces, sets timers and turns its calls off from inside its market-data calls, with
// limits tight enough that the risk check's mark decides, must see and do the same either way.

/** Events mostly in runs at one time, some with feed latency; prices around a 99/100 touch. */
const streamArb = runStreamArb({ gaps: [0n, 0n, 0n, 1n, 700n, 2500n], lates: [0n, 0n, 0n, 0n, 0n, 300n, -50n], bids: [94, 100], asks: [99, 105], minLength: 20, maxLength: 100 });

type Act = 'none' | 'join-bid' | 'join-ask' | 'market-buy' | 'market-sell' | 'cancel' | 'replace' | 'timer' | 'calls-off' | 'cancel-then-join';
const actArb = fc.constantFrom<Act>('none', 'none', 'none', 'join-bid', 'join-ask', 'market-buy', 'market-sell', 'cancel', 'replace', 'timer', 'calls-off', 'cancel-then-join');

/** A strategy that acts on market data by a fixed script (one act per call, in turn) and writes down all it sees. */
function actor(acts: Act[]): Strategy & { seen: string[] } {
  const seen: string[] = [];
  const ids: string[] = [];
  let n = 0;
  const look = (ctx: StrategyContext, what: string) => {
    const last = ids[ids.length - 1];
    seen.push(
      `${what} @${ctx.now()} book ${ctx.book.bestBid()}/${ctx.book.bestAsk()} pos ${ctx.position()} cash ${ctx.cash()} open ${ctx
        .openOrders()
        .map((o) => `${o.clientId}:${o.status}:${o.filled}/${o.qty}`)
        .join(',')} last ${last === undefined ? '-' : ctx.isOpen(last)}`,
    );
  };
  const act = (ctx: StrategyContext, what: string) => {
    look(ctx, what);
    const a = acts[n++ % acts.length];
    const last = ids[ids.length - 1];
    const bidPx = ctx.book.bestBid();
    const askPx = ctx.book.bestAsk();
    if ((a === 'cancel' || a === 'cancel-then-join') && last !== undefined) ctx.cancel(last);
    if ((a === 'join-bid' || a === 'cancel-then-join') && bidPx !== undefined) ids.push(ctx.submit({ side: 'buy', type: 'limit', qty: 1 + (n % 4), limit: bidPx }));
    if (a === 'join-ask' && askPx !== undefined) ids.push(ctx.submit({ side: 'sell', type: 'limit', qty: 1 + (n % 3), limit: askPx }));
    if (a === 'market-buy') ids.push(ctx.submit({ side: 'buy', type: 'market', qty: 1 + (n % 5) }));
    if (a === 'market-sell') ids.push(ctx.submit({ side: 'sell', type: 'market', qty: 1 + (n % 5) }));
    if (a === 'replace' && last !== undefined) ctx.replace(last, { qty: 1 + (n % 6) });
    if (a === 'timer') ctx.setTimer(ctx.now() + BigInt(n % 3) * 500n, `t${n}`);
    if (a === 'calls-off') ctx.marketDataCalls(false);
    // Reads after sending: the book is still the one of the event being shown.
    look(ctx, `${what} after ${a}`);
  };
  return {
    seen,
    onBook: (ctx, e) => act(ctx, `book ${e.record}`),
    onTrade: (ctx, e) => act(ctx, `trade ${e.record}`),
    onTimer(ctx, name) {
      look(ctx, `timer ${name}`);
      ctx.marketDataCalls(true);
    },
    onOrderUpdate: (ctx, u) => look(ctx, `update ${u.clientId} ${u.status} ${u.reason ?? ''}`),
    onFill: (ctx, f) => look(ctx, `fill ${f.clientId} ${f.price}x${f.qty}`),
  };
}

/** Feed latency from the data; order latency constant (0: reports back at the venue's time) or drawn; limits that bind. */
function config(latencyNs: number, cash: string): KernelConfig {
  return kernelConfig({
    latency: makeLatencyModel(latencyNs >= 0 ? { name: 'constant', entryNs: latencyNs, responseNs: latencyNs } : { name: 'uniform', min: 0, max: -latencyNs }),
    feedLatency: { kind: 'data' },
    risk: { leverage: 1, maxPositionFraction: 0.5, locate: [], allowShort: false },
    startingCash: cash,
    navIntervalNs: 1500n,
  });
}

function run(events: MarketEvent[], acts: Act[], c: KernelConfig, oneByOne: boolean): [RunResult, string[]] {
  const s = actor(acts);
  const k = new Kernel(c, s);
  if (oneByOne) for (let i = 0; i < events.length; i++) k.onEvents(0, events, i, i + 1);
  else k.onBatch(events);
  return [k.finish(), s.seen];
}

describe('runs of events at one time shown as the venue processes them', () => {
  it('give the strategy, the venue and the account the same run as events handed over one at a time', () => {
    let sent = 0;
    fc.assert(
      fc.property(streamArb, fc.array(actArb, { minLength: 1, maxLength: 16 }), fc.constantFrom(0, 0, 1, 900, -2000), fc.constantFrom('400', '1000', '5000'), (events, acts, latencyNs, cash) => {
        const c = config(latencyNs, cash);
        const [whole, seenWhole] = run(events, acts, c, false);
        const [single, seenSingle] = run(events, acts, c, true);
        expect(seenWhole).toEqual(seenSingle);
        expect(whole).toEqual(single);
        sent += whole.orders.length + whole.rejects.length;
      }),
      { numRuns: 400 },
    );
    // The strategy did send (and had refused) orders from inside its calls.
    expect(sent).toBeGreaterThan(1000);
  });
});
