import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OrderView } from '../strategy.js';
import { alwaysOpen } from '../risk/sessions.js';
import { bid, snapshot, tinyInstrument, venueModels } from '../../../test/support/engine-fixtures.js';
import { kernelConfig, run, scripted } from '../../../test/support/kernel-fixtures.js';
import { Kernel } from './kernel.js';

/*
 * Client ids, generated ('o1', 'o2', ...) and named by the strategy, mixed in one run: the first
 * order of a named id stands (a second is the same id back, not an order), a generated id passes
 * over ids the strategy named, and open orders list in the order they were sent
 * however many have come and gone.
 */

const BOOK = () => snapshot([[99, 5]], [[101, 5]], 0n);
const ids = (orders: OrderView[]) => orders.map((o) => `${o.clientId}:${o.qty}`);

describe('client ids and the open orders they name', () => {
  it('a named id that looks generated takes that id: generated ids pass over it, so every order sent without an id is sent', () => {
    const got: string[] = [];
    let open: string[] = [];
    const s = scripted([
      {
        at: 100n,
        run: (ctx) => {
          got.push(ctx.submit({ side: 'buy', type: 'limit', qty: 1, limit: 90 })); // o1
          got.push(ctx.submit({ clientId: 'o2', side: 'buy', type: 'limit', qty: 2, limit: 90 }));
          got.push(ctx.submit({ side: 'buy', type: 'limit', qty: 3, limit: 90 })); // o2 is taken: o3
          got.push(ctx.submit({ side: 'buy', type: 'limit', qty: 4, limit: 90 })); // o4
          got.push(ctx.submit({ clientId: 'o1', side: 'buy', type: 'limit', qty: 5, limit: 90 })); // taken
          got.push(ctx.submit({ clientId: 'o03', side: 'buy', type: 'limit', qty: 6, limit: 90 })); // not 'o3' (a generated id is a number without leading zeros)
          open = ids(ctx.openOrders());
        },
      },
      { at: 200n, run: (ctx) => ctx.cancel('o2') },
    ]);
    const r = run(kernelConfig(), s, [...BOOK(), bid(98, 1, 1000n)]);
    expect(got).toEqual(['o1', 'o2', 'o3', 'o4', 'o1', 'o03']);
    expect(open).toEqual(['o1:1', 'o2:2', 'o3:3', 'o4:4', 'o03:6']);
    expect(r.orders.map((o) => `${o.req.clientId}:${o.req.qty}`)).toEqual(['o1:1', 'o2:2', 'o3:3', 'o4:4', 'o03:6']);
    expect(s.seen.updates.filter((u) => u.status === 'cancelled').map((u) => u.clientId)).toEqual(['o2']);
  });

  it('open orders list in the order sent while orders are sent and cancelled at random', () => {
    // A step sends an order (true) or cancels the k-th order sent so far (a number). Each step
    // first looks at the open orders, which by then reflect every earlier step (no latency): the
    // orders sent and not cancelled, in the order sent.
    const step = fc.oneof(fc.constant(true as const), fc.nat(40));
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 80 }), (steps) => {
        const sent: string[] = [];
        const cancelled = new Set<string>();
        const seen: string[][] = [];
        const want: string[][] = [];
        const s = scripted(
          [...steps, 'end' as const].map((x, i) => ({
            at: 100n + BigInt(i) * 10n,
            run: (ctx) => {
              seen.push(ctx.openOrders().map((o) => o.clientId));
              want.push(sent.filter((id) => !cancelled.has(id)));
              if (x === true) sent.push(ctx.submit({ side: 'buy', type: 'limit', qty: 1, limit: 90 }));
              else if (x !== 'end' && sent.length > 0) {
                const id = sent[x % sent.length];
                ctx.cancel(id);
                cancelled.add(id);
              }
            },
          })),
        );
        run(kernelConfig(), s, [...BOOK(), bid(98, 1, 5000n)]);
        expect(seen).toEqual(want);
      }),
      { numRuns: 60 },
    );
  });

  it('the id of a final order stays taken and its instrument known: a named order of that id is not sent, a cancel of it goes to its venue', () => {
    const A = tinyInstrument('crypto', 'AAA');
    const B = tinyInstrument('crypto', 'BBB');
    const generous = { leverage: 1000, maxPositionFraction: 1000, locate: [], allowShort: true };
    const config = kernelConfig({ others: [{ instrument: B, models: venueModels(), risk: generous, session: alwaysOpen }] }, {}, A);
    const got: string[] = [];
    const s = scripted([
      { at: 20n, run: (ctx) => void got.push(ctx.markets[1].submit({ side: 'buy', type: 'limit', qty: 1, limit: 490 }), ctx.submit({ side: 'buy', type: 'limit', qty: 1, limit: 90 })) },
      { at: 30n, run: (ctx) => (ctx.cancel('o1'), ctx.cancel('o2')) },
      // Both final now: the same ids again, named, are the first orders back; cancels reach the venue that had each.
      { at: 40n, run: (ctx) => void got.push(ctx.submit({ clientId: 'o1', side: 'sell', type: 'limit', qty: 1, limit: 900 }), ctx.submit({ clientId: 'o2', side: 'sell', type: 'limit', qty: 1, limit: 900 })) },
      { at: 50n, run: (ctx) => (ctx.cancel('o1'), ctx.cancel('o2'), ctx.cancel('o9')) },
    ]);
    const k = new Kernel(config, s);
    const events = [...snapshot([[99, 5]], [[100, 5]], 0n).map((e) => [0, e] as const), ...snapshot([[499, 5]], [[500, 5]], 10n).map((e) => [1, e] as const), [0, bid(98, 1, 100n)] as const];
    for (const [m, e] of events) k.onEvents(m, [e], 0, 1);
    const r = k.finish();
    expect(got).toEqual(['o1', 'o2', 'o1', 'o2']);
    expect(r.orders.map((o) => `${o.req.clientId} ${o.market ?? 0} ${o.status}`)).toEqual(['o1 1 cancelled', 'o2 0 cancelled']);
    // o1 was BBB's: its venue knows it (not open); an id nobody had goes to the first venue (unknown).
    expect(r.rejects.map((x) => `${x.clientId} ${x.reason}`)).toEqual(['o1 order_not_open', 'o2 order_not_open', 'o9 unknown_order']);
  });
});
