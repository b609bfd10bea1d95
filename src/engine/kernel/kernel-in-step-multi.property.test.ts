import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeLatencyModel } from '../exchange/latency-models.js';
import type { MarketEvent } from '../model/events.js';
import { alwaysOpen } from '../risk/sessions.js';
import type { MarketView, Strategy, StrategyContext } from '../strategy.js';
import { tinyInstrument, venueModels } from '../../../test/support/engine-fixtures.js';
import { runStreamArb } from '../../../test/support/run-streams.js';
import { kernelConfig } from '../../../test/support/kernel-fixtures.js';
import { Kernel, type KernelConfig, type RunResult } from './kernel.js';

// A run of two instruments, merged by exchange time as the readers' merge hands them over: a
// stretch of one part's batch at a time. However the stretches come (whole, or one event at a
// time, when the kernel cannot see where a run at one time ends), the strategy of both
// instruments (and the strategy of the first alone) must see and do the same: the rest of a run
// going to its instrument's slot in one loop (MarketSlot.runAtNow) and a copy of the book kept
// for a strategy that reads it while events wait must not change what it is shown.

const RISK = { leverage: 1, maxPositionFraction: 0.5, locate: [], allowShort: false };
const A = tinyInstrument('crypto', 'AAA');
const B = tinyInstrument('crypto', 'BBB');

/** One part's events, mostly in runs at one time, some with feed latency; prices around a 99/100 touch. */
const partArb = runStreamArb({ gaps: [0n, 0n, 0n, 1n, 700n, 2500n], lates: [0n, 0n, 0n, 0n, 0n, 300n], bids: [94, 100], asks: [99, 105], minLength: 10, maxLength: 60 });

/** The parts in merged order as stretches [market, from, to) of each part's batch: by exchange time, the first part first at equal times. */
function stretches(parts: MarketEvent[][]): [number, number, number][] {
  const at = [0, 0];
  const out: [number, number, number][] = [];
  for (;;) {
    const a = parts[0][at[0]];
    const b = parts[1][at[1]];
    if (a === undefined && b === undefined) return out;
    const m = b === undefined || (a !== undefined && a.tsExch <= b.tsExch) ? 0 : 1;
    const last = out[out.length - 1];
    if (last !== undefined && last[0] === m && last[2] === at[m]) last[2]++;
    else out.push([m, at[m], at[m] + 1]);
    at[m]++;
  }
}

type Act = 'none' | 'join-bid' | 'join-ask' | 'market-buy' | 'cancel' | 'replace' | 'timer' | 'calls-off';
const actArb = fc.constantFrom<Act>('none', 'none', 'join-bid', 'join-ask', 'market-buy', 'cancel', 'replace', 'timer', 'calls-off');

/** A strategy that acts by a fixed script on the market it is called for, and writes down all it sees of both. */
function actor(acts: Act[], all: boolean): Strategy & { seen: string[] } {
  const seen: string[] = [];
  const ids: string[] = [];
  let n = 0;
  const look = (ctx: StrategyContext, what: string) => {
    const last = ids[ids.length - 1];
    const books = ctx.markets.map((m) => `${m.book.bestBid()}/${m.book.bestAsk()} pos ${m.position()}`).join(' ');
    const open = ctx.openOrders().map((o) => `${o.clientId}:${o.status}:${o.filled}/${o.qty}`);
    seen.push(`${what} @${ctx.now()} ${books} cash ${ctx.cash()} open ${open.join(',')} last ${last === undefined ? '-' : ctx.isOpen(last)}`);
  };
  const act = (ctx: StrategyContext, what: string, m: MarketView) => {
    look(ctx, what);
    const a = acts[n++ % acts.length];
    const last = ids[ids.length - 1];
    const bidPx = m.book.bestBid();
    const askPx = m.book.bestAsk();
    if (a === 'cancel' && last !== undefined) ctx.cancel(last);
    if (a === 'join-bid' && bidPx !== undefined) ids.push(m.submit({ side: 'buy', type: 'limit', qty: 1 + (n % 4), limit: bidPx }));
    if (a === 'join-ask' && askPx !== undefined) ids.push(m.submit({ side: 'sell', type: 'limit', qty: 1 + (n % 3), limit: askPx }));
    if (a === 'market-buy') ids.push(m.submit({ side: 'buy', type: 'market', qty: 1 + (n % 5) }));
    if (a === 'replace' && last !== undefined) ctx.replace(last, { qty: 1 + (n % 6) });
    if (a === 'timer') ctx.setTimer(ctx.now() + BigInt(n % 3) * 500n, `t${n}`);
    if (a === 'calls-off') ctx.marketDataCalls(false);
    look(ctx, `${what} after ${a}`);
  };
  return {
    seen,
    markets: all ? 'all' : 'first',
    onBook: (ctx, e, m) => act(ctx, `book ${m.index} ${e.record}`, m),
    onTrade: (ctx, e, m) => act(ctx, `trade ${m.index} ${e.record}`, m),
    onTimer(ctx, name) {
      look(ctx, `timer ${name}`);
      ctx.marketDataCalls(true);
    },
    onOrderUpdate: (ctx, u) => look(ctx, `update ${u.clientId} ${u.status} ${u.reason ?? ''}`),
    onFill: (ctx, f) => look(ctx, `fill ${f.clientId} ${f.price}x${f.qty}`),
  };
}

function config(latencyNs: number, cash: string): KernelConfig {
  return kernelConfig(
    {
      latency: makeLatencyModel(latencyNs >= 0 ? { name: 'constant', entryNs: latencyNs, responseNs: latencyNs } : { name: 'uniform', min: 0, max: -latencyNs }),
      feedLatency: { kind: 'data' },
      risk: RISK,
      startingCash: cash,
      navIntervalNs: 1500n,
      others: [{ instrument: B, models: venueModels(), risk: RISK, session: alwaysOpen }],
    },
    {},
    A,
  );
}

function run(parts: MarketEvent[][], acts: Act[], all: boolean, c: KernelConfig, oneByOne: boolean): [RunResult, string[]] {
  const s = actor(acts, all);
  const k = new Kernel(c, s);
  for (const [m, from, to] of stretches(parts)) {
    if (oneByOne) for (let i = from; i < to; i++) k.onEvents(m, parts[m], i, i + 1);
    else k.onEvents(m, parts[m], from, to);
  }
  return [k.finish(), s.seen];
}

describe('runs of events at one time, with two instruments', () => {
  it('give the strategy, the venues and the account the same run as events handed over one at a time', () => {
    let sent = 0;
    fc.assert(
      fc.property(partArb, partArb, fc.array(actArb, { minLength: 1, maxLength: 12 }), fc.boolean(), fc.constantFrom(0, 1, 900, -2000), fc.constantFrom('400', '5000'), (a, b, acts, all, latencyNs, cash) => {
        const c = config(latencyNs, cash);
        const [whole, seenWhole] = run([a, b], acts, all, c, false);
        const [single, seenSingle] = run([a, b], acts, all, c, true);
        expect(seenWhole).toEqual(seenSingle);
        expect(whole).toEqual(single);
        sent += whole.orders.length + whole.rejects.length;
      }),
      { numRuns: 300 },
    );
    expect(sent).toBeGreaterThan(1000);
  });
});
