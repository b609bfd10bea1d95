import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { MarketEvent } from '../model/events.js';
import { alwaysOpen } from '../risk/sessions.js';
import type { MarketView, Strategy, StrategyContext } from '../strategy.js';
import { ask, bid, snapshot, tinyInstrument, trade, venueModels } from '../../../test/support/engine-fixtures.js';
import { kernelConfig, scripted } from '../../../test/support/kernel-fixtures.js';
import { Kernel, marketId, type KernelConfig, type RunResult } from './kernel.js';

const A = tinyInstrument('crypto', 'AAA');
const B = tinyInstrument('crypto', 'BBB');
const generous = { leverage: 1000, maxPositionFraction: 1000, locate: [], allowShort: true };

/** A config over A (first) and B. */
function twoConfig(over: Partial<KernelConfig> = {}): KernelConfig {
  return kernelConfig({ others: [{ instrument: B, models: venueModels(), risk: generous, session: alwaysOpen }], ...over }, {}, A);
}

/** Runs parts already in merged order: [market, event] pairs, one at a time. */
function runMerged(config: KernelConfig, strategy: Strategy, merged: [number, MarketEvent][]): RunResult {
  const k = new Kernel(config, strategy);
  for (const [m, e] of merged) k.onEvents(m, [e], 0, 1);
  return k.finish();
}

const A_BOOK = snapshot([[99, 5]], [[100, 5]], 0n);
const B_BOOK = snapshot([[499, 5]], [[500, 5]], 10n);
const merged = (a: MarketEvent[], b: MarketEvent[]): [number, MarketEvent][] => [...a.map((e): [number, MarketEvent] => [0, e]), ...b.map((e): [number, MarketEvent] => [1, e])];

describe('Kernel over several instruments', () => {
  it('keeps a book per instrument and names each instrument by symbol.venue', () => {
    let seen: { id: string; bid: number | undefined }[] = [];
    const s: Strategy = {
      markets: 'all',
      onEnd(ctx) {
        seen = ctx.markets.map((m) => ({ id: m.id, bid: m.book.bestBid() }));
      },
    };
    const r = runMerged(twoConfig(), s, merged(A_BOOK, B_BOOK));
    expect(seen).toEqual([
      { id: 'AAA.TEST', bid: 99 },
      { id: 'BBB.TEST', bid: 499 },
    ]);
    expect(r.instruments.map((i) => i.symbol)).toEqual(['AAA', 'BBB']);
    expect(r.marks).toEqual([100, 500]);
  });

  it("a strategy of one instrument hears only the first's market data; markets 'all' hears each, told which", () => {
    const first = scripted([]);
    runMerged(twoConfig(), first, merged(A_BOOK, B_BOOK));
    expect(first.seen.book.map((b) => b.record)).toEqual(A_BOOK.map((e) => e.record));

    const heard: string[] = [];
    const all: Strategy = {
      markets: 'all',
      onBook: (_ctx, _e, m) => void heard.push(m.id),
      onTrade: (_ctx, _e, m) => void heard.push(`trade ${m.id}`),
    };
    runMerged(twoConfig(), all, [...merged(A_BOOK, B_BOOK), [1, trade('buy', 500, 1, 20n)]]);
    expect(heard).toEqual([...A_BOOK.map(() => 'AAA.TEST'), ...B_BOOK.map(() => 'BBB.TEST'), 'trade BBB.TEST']);
  });

  it('routes an order to its instrument: its venue, its position; one cash balance pays for both', () => {
    const s = scripted([
      { at: 20n, run: (ctx) => ctx.submit({ side: 'buy', type: 'market', qty: 2 }) },
      { at: 20n, run: (ctx) => ctx.market('BBB.TEST')!.submit({ side: 'sell', type: 'market', qty: 3 }) },
      { at: 20n, run: (ctx) => ctx.submit({ side: 'buy', type: 'limit', qty: 1, limit: 400, instrument: 'BBB.TEST' }) },
    ]);
    let positions: number[] = [];
    let open: string[] = [];
    const r = runMerged(twoConfig(), { ...s, onEnd: (ctx) => ((positions = ctx.markets.map((m) => m.position())), (open = ctx.markets[1].openOrders().map((o) => o.instrument))) }, [...merged(A_BOOK, B_BOOK), [0, bid(98, 1, 30n)]]);
    expect(r.fills.map((f) => [f.market ?? 0, f.side, f.price, f.qty])).toEqual([
      [0, 'buy', 100, 2],
      [1, 'sell', 499, 3],
    ]);
    // one numbering over the run: order ids and fill numbers do not repeat across instruments
    expect(r.orders.map((o) => [o.id, o.market ?? 0])).toEqual([[1, 0], [2, 1], [3, 1]]);
    expect(r.fills.map((f) => f.seq)).toEqual([1, 2]);
    // the venue is sent the order's fields, its id and time in force (GTC when it names none);
    // the instrument, by view or by name, is the venue it goes to, not a field of the request
    expect(r.orders.map((o) => o.req)).toEqual([
      { clientId: 'o1', side: 'buy', type: 'market', qty: 2, tif: 'GTC' },
      { clientId: 'o2', side: 'sell', type: 'market', qty: 3, tif: 'GTC' },
      { clientId: 'o3', side: 'buy', type: 'limit', qty: 1, limit: 400, tif: 'GTC' },
    ]);
    expect(s.seen.fills.map((f) => f.instrument)).toEqual(['AAA.TEST', 'BBB.TEST']);
    // a record's market names its instrument in the result; none is the first
    expect([marketId(r, undefined), marketId(r, 0), marketId(r, 1)]).toEqual(['AAA.TEST', 'AAA.TEST', 'BBB.TEST']);
    expect(positions).toEqual([2, -3]);
    expect(open).toEqual(['BBB.TEST']);
    // 1000 - 2 x 1.00 + 3 x 4.99
    expect(r.account.cash.toFixed()).toBe(new Decimal(1000).minus(2).plus(14.97).toFixed());
    expect(r.account.holdings.map((h) => h.lots)).toEqual([2, -3]);
  });

  it('rejects an order for an instrument the run does not hold, with its own reason', () => {
    const s = scripted([{ at: 20n, run: (ctx) => ctx.submit({ side: 'buy', type: 'market', qty: 1, instrument: 'ZZZ.TEST' }) }]);
    const r = runMerged(twoConfig(), s, [...merged(A_BOOK, B_BOOK), [1, bid(498, 1, 30n)]]);
    expect(s.seen.updates.map((u) => [u.clientId, u.instrument, u.status, u.reason])).toEqual([['o1', 'ZZZ.TEST', 'rejected', 'unknown_instrument']]);
    expect(r.rejects.map((x) => x.reason)).toEqual(['unknown_instrument']);
    expect(r.orders).toEqual([]);
  });

  it('buying power is spent across instruments; the concentration cap is per instrument', () => {
    // cash 1000, leverage 1, cap 0.6 of equity per instrument: 500 of A fits (0.5), and so would
    // 500 of B alone, but not on top of A's 500 once gross exposure passes 1 x equity
    const risk = { leverage: 1, maxPositionFraction: 0.6, locate: [], allowShort: true };
    const config = kernelConfig({ risk, others: [{ instrument: B, models: venueModels(), risk, session: alwaysOpen }] }, {}, A);
    const deep = [...snapshot([[99, 1000]], [[100, 1000]], 0n), ...snapshot([[99, 1000]], [[100, 1000]], 10n)];
    const s = scripted([
      { at: 20n, run: (ctx) => ctx.submit({ side: 'buy', type: 'limit', qty: 500, limit: 100, tif: 'IOC' }) },
      { at: 30n, run: (ctx) => ctx.markets[1].submit({ side: 'buy', type: 'limit', qty: 700, limit: 100, tif: 'IOC' }) },
      { at: 40n, run: (ctx) => ctx.markets[1].submit({ side: 'buy', type: 'limit', qty: 550, limit: 100, tif: 'IOC' }) },
      { at: 50n, run: (ctx) => ctx.markets[1].submit({ side: 'buy', type: 'limit', qty: 400, limit: 100, tif: 'IOC' }) },
    ]);
    runMerged(config, s, [...deep.slice(0, 3).map((e): [number, MarketEvent] => [0, e]), ...deep.slice(3).map((e): [number, MarketEvent] => [1, e]), [0, ask(101, 1, 60n)]]);
    const outcome = (id: string) => s.seen.updates.filter((u) => u.clientId === id).map((u) => u.reason ?? u.status);
    expect(outcome('o1')).toEqual(['open', 'filled']);
    expect(outcome('o2')).toEqual(['position_limit']); // 700 > 0.6 x 1000 on its own
    expect(outcome('o3')).toEqual(['insufficient_buying_power']); // 500 + 550 > 1 x 1000
    expect(outcome('o4')).toEqual(['open', 'filled']); // 500 + 400 fits
  });

  it("each instrument's feed keeps its own order: a slow feed of one does not delay another", () => {
    // B's event arrives 1000 ns late; A's later event is not held behind it
    const seenAt: [string, bigint][] = [];
    const s: Strategy = { markets: 'all', onBook: (ctx: StrategyContext, _e, m: MarketView) => void seenAt.push([m.id, ctx.now()]) };
    const config = twoConfig({ feedLatency: { kind: 'data' } });
    runMerged(config, s, [
      [1, bid(499, 1, 10n, 1010n)],
      [0, bid(99, 1, 20n, 30n)],
    ]);
    expect(seenAt).toEqual([
      ['AAA.TEST', 30n],
      ['BBB.TEST', 1010n],
    ]);
  });

  it('an instrument twice in a run is an error', () => {
    expect(() => new Kernel(kernelConfig({ others: [{ instrument: A, models: venueModels(), risk: generous, session: alwaysOpen }] }, {}, A), {})).toThrow(/AAA.TEST is in the run twice/);
  });
});
