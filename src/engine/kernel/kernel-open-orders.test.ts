import { describe, expect, it } from 'vitest';
import type { OrderView, StrategyContext } from '../strategy.js';
import { bid, snapshot, trade } from '../../../test/support/engine-fixtures.js';
import { kernelConfig, run, scripted } from '../../../test/support/kernel-fixtures.js';
import { Kernel } from './kernel.js';

/*
 * What `openOrders` answers inside the strategy's callbacks, however often it is asked: the
 * orders not yet in a final state, each as it stands after the report being delivered. (Strategies
 * ask on every event, so the kernel keeps copies between changes: these cases ask at the moments
 * a change happens.)
 */

const BOOK = () => snapshot([[99, 5]], [[101, 5]], 0n);
const brief = (orders: OrderView[]) => orders.map((o) => `${o.clientId} ${o.status} ${o.filled}/${o.qty}`);

describe('open orders as the strategy asks for them', () => {
  it('an order sent shows at once, pending, even when the orders were just asked for', () => {
    const seen: string[][] = [];
    const s = scripted([
      {
        at: 100n,
        run: (ctx) => {
          seen.push(brief(ctx.openOrders()));
          ctx.submit({ clientId: 'a', side: 'buy', type: 'limit', qty: 5, limit: 90 });
          seen.push(brief(ctx.openOrders()));
          ctx.submit({ clientId: 'b', side: 'sell', type: 'limit', qty: 2, limit: 120 });
          seen.push(brief(ctx.openOrders()));
        },
      },
    ]);
    run(kernelConfig(), s, [...BOOK(), bid(98, 1, 1000n)]);
    expect(seen).toEqual([[], ['a pending 0/5'], ['a pending 0/5', 'b pending 0/2']]);
  });

  it('in onFill the order shows that fill; in the update after its last fill it is gone', () => {
    // 5 bid at 99 behind 5 lots: prints of 7 and 3 at 99 fill 2, then 3
    const look = (where: string) => (ctx: StrategyContext) => void seen.push(`${where}: ${brief(ctx.openOrders()).join(', ')}`);
    const seen: string[] = [];
    const s = scripted([{ at: 100n, run: (ctx) => void ctx.submit({ clientId: 'r', side: 'buy', type: 'limit', qty: 5, limit: 99 }) }], {
      onOrderUpdate: (ctx, u) => look(`update ${u.status}`)(ctx),
      onFill: (ctx) => look('fill')(ctx),
    });
    const r = run(kernelConfig(), s, [...BOOK(), trade('sell', 99, 7, 1000n), trade('sell', 99, 3, 2000n)], 1);
    expect(r.fills.map((f) => f.qty)).toEqual([2, 3]);
    expect(seen).toEqual([
      'update open: r open 0/5',
      'fill: r partially_filled 2/5',
      'update partially_filled: r partially_filled 2/5',
      // the last fill is shown on the order while onFill runs; the update after it finds it closed
      'fill: r filled 5/5',
      'update filled: ',
    ]);
  });

  it('asked only in onOrderUpdate, the order shows the fill just reported', () => {
    const seen: string[] = [];
    const s = scripted([{ at: 100n, run: (ctx) => void ctx.submit({ clientId: 'r', side: 'buy', type: 'limit', qty: 5, limit: 99 }) }], {
      onOrderUpdate: (ctx, u) => void seen.push(`${u.status}: ${brief(ctx.openOrders()).join(', ')}`),
    });
    run(kernelConfig(), s, [...BOOK(), trade('sell', 99, 7, 1000n), trade('sell', 99, 3, 2000n)], 1);
    expect(seen).toEqual(['open: r open 0/5', 'partially_filled: r partially_filled 2/5', 'filled: ']);
  });

  it('each call gets its own list of frozen copies: what one caller does to them, the next does not see', () => {
    let second: string[] = [];
    let frozen = false;
    const s = scripted([
      { at: 100n, run: (ctx) => void ctx.submit({ clientId: 'a', side: 'buy', type: 'limit', qty: 5, limit: 90 }) },
      {
        at: 200n,
        run: (ctx) => {
          const first = ctx.openOrders();
          frozen = Object.isFrozen(first[0]);
          first.length = 0;
          first.push({ ...ctx.openOrders()[0], clientId: 'forged' });
          second = brief(ctx.openOrders());
        },
      },
    ]);
    run(kernelConfig(), s, [...BOOK(), bid(98, 1, 1000n)]);
    expect(frozen).toBe(true);
    expect(second).toEqual(['a open 0/5']);
  });

  it("an instrument's list is a new array each call too", () => {
    let second: string[] = [];
    const s = scripted([
      { at: 100n, run: (ctx) => void ctx.submit({ clientId: 'a', side: 'buy', type: 'limit', qty: 5, limit: 90 }) },
      {
        at: 200n,
        run: (ctx) => {
          ctx.markets[0].openOrders().length = 0;
          second = brief(ctx.markets[0].openOrders());
        },
      },
    ]);
    run(kernelConfig(), s, [...BOOK(), bid(98, 1, 1000n)]);
    expect(second).toEqual(['a open 0/5']);
  });
});

describe('open orders over a run', () => {
  it('the first look, after one order, shows it', () => {
    let seen: string[] = [];
    const s = scripted([
      {
        at: 100n,
        run: (ctx) => {
          ctx.submit({ clientId: 'a', side: 'buy', type: 'limit', qty: 5, limit: 90 });
          seen = brief(ctx.openOrders());
        },
      },
    ]);
    run(kernelConfig(), s, [...BOOK(), bid(98, 1, 1000n)]);
    expect(seen).toEqual(['a pending 0/5']);
  });

  it("a bracket's children are open orders once its entry has filled", () => {
    let seen: string[] = [];
    const s = scripted([
      { at: 100n, run: (ctx) => void ctx.submit({ clientId: 'b', side: 'buy', type: 'market', qty: 2, bracket: { takeProfit: 110, stopLoss: 95 } }) },
      { at: 200n, run: (ctx) => void (seen = ctx.openOrders().map((o) => `${o.type} ${o.side} ${o.qty} ${o.limit ?? o.stop}`)) },
    ]);
    run(kernelConfig(), s, [...BOOK(), bid(98, 1, 1000n)]);
    expect(seen.sort()).toEqual(['limit sell 2 110', 'stop sell 2 95']);
  });

  it('in a run of several instruments, the context lists every open order and each instrument its own', () => {
    const c = kernelConfig();
    const other = { instrument: { ...c.instrument, symbol: 'BBB' }, models: c.models, risk: c.risk, session: c.session };
    let all: string[] = [];
    let each: string[][] = [];
    const s = scripted([
      { at: 20n, run: (ctx) => void ctx.submit({ clientId: 'a', side: 'buy', type: 'limit', qty: 1, limit: 90 }) },
      { at: 20n, run: (ctx) => void ctx.markets[1].submit({ clientId: 'b', side: 'sell', type: 'limit', qty: 2, limit: 120 }) },
      // one more on each, and the first of TINY's cancelled: its place in the list is left empty
      { at: 20n, run: (ctx) => void ctx.submit({ clientId: 'c', side: 'buy', type: 'limit', qty: 1, limit: 91 }) },
      { at: 20n, run: (ctx) => void ctx.markets[1].submit({ clientId: 'd', side: 'buy', type: 'limit', qty: 1, limit: 91 }) },
      { at: 25n, run: (ctx) => ctx.cancel('a') },
      {
        at: 30n,
        run: (ctx) => {
          each = ctx.markets.map((m) => m.openOrders().map((o) => o.clientId));
          all = ctx.openOrders().map((o) => `${o.clientId} ${o.instrument}`);
        },
      },
    ]);
    const k = new Kernel(kernelConfig({ others: [other] }), s);
    k.onEvents(0, snapshot([[99, 5]], [[101, 5]], 10n), 0, 3);
    k.onEvents(1, snapshot([[99, 5]], [[101, 5]], 10n), 0, 3);
    k.onEvents(0, [bid(98, 1, 50n)], 0, 1);
    k.finish();
    expect(each).toEqual([['c'], ['b', 'd']]);
    expect(all).toEqual(['b BBB.TEST', 'c TINY.TEST', 'd BBB.TEST']);
  });
});

describe('messages about orders nobody knows', () => {
  it('a cancel or replace of an unknown id is refused as unknown_order, after the entry latency', () => {
    const s = scripted([
      { at: 100n, run: (ctx) => ctx.cancel('ghost') },
      { at: 200n, run: (ctx) => ctx.replace('phantom', { qty: 3 }) },
    ]);
    const r = run(kernelConfig(), s, [...BOOK(), bid(98, 1, 1000n)]);
    expect(r.rejects).toEqual([
      { clientId: 'ghost', reason: 'unknown_order', ts: 100n },
      { clientId: 'phantom', reason: 'unknown_order', ts: 200n },
    ]);
  });
});
