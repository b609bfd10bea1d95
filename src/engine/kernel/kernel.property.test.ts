import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeLatencyModel, type LatencyModelConfig } from '../exchange/latency-models.js';
import type { MarketEvent } from '../model/events.js';
import { SeededRandom } from '../random/seeded-random.js';
import type { NewOrder } from '../strategy.js';
import { ask, bid, snapshot, trade } from '../../../test/support/engine-fixtures.js';
import type { RunResult } from './kernel.js';
import { kernelConfig, run, scripted, type Seen, type Step } from '../../../test/support/kernel-fixtures.js';

// Random market streams and random order flows through the whole kernel.

const gap = fc.bigInt({ min: 0n, max: 3000n });
const marketArb = fc.oneof(
  fc.tuple(fc.integer({ min: 90, max: 99 }), fc.integer({ min: 0, max: 20 })).map(([p, q]) => (t: bigint) => bid(p, q, t)),
  fc.tuple(fc.integer({ min: 100, max: 109 }), fc.integer({ min: 0, max: 20 })).map(([p, q]) => (t: bigint) => ask(p, q, t)),
  fc
    .tuple(fc.constantFrom('buy' as const, 'sell' as const), fc.integer({ min: 92, max: 107 }), fc.integer({ min: 1, max: 15 }))
    .map(([s, p, q]) => (t: bigint) => trade(s, p, q, t)),
);

const streamArb = fc.array(fc.tuple(gap, marketArb), { minLength: 20, maxLength: 80 }).map((xs) => {
  let t = 0n;
  const events: MarketEvent[] = [
    ...snapshot(
      [
        [99, 10],
        [98, 10],
      ],
      [
        [100, 10],
        [101, 10],
      ],
      0n,
    ),
  ];
  for (const [dt, make] of xs) {
    t += dt;
    events.push(make(t));
  }
  return events;
});

const orderArb: fc.Arbitrary<NewOrder> = fc
  .record({
    side: fc.constantFrom('buy' as const, 'sell' as const),
    type: fc.constantFrom('market' as const, 'limit' as const, 'limit' as const, 'stop' as const, 'stop_limit' as const, 'trailing_stop' as const),
    qty: fc.integer({ min: 1, max: 25 }),
    price: fc.integer({ min: 94, max: 105 }),
    offset: fc.integer({ min: 1, max: 4 }),
    tif: fc.constantFrom('GTC' as const, 'IOC' as const, 'FOK' as const, 'DAY' as const),
    postOnly: fc.boolean(),
    oco: fc.constantFrom(undefined, undefined, 'g1', 'g2'),
    bracket: fc.boolean(),
  })
  .map(({ side, type, qty, price, offset, tif, postOnly, oco, bracket }): NewOrder => {
    const ocoGroup = oco === undefined ? {} : { ocoGroup: oco };
    const sgn = side === 'buy' ? 1 : -1;
    if (type === 'market') return { side, type, qty, ...ocoGroup, ...(bracket ? { bracket: { takeProfit: price + sgn * offset, stopLoss: price - sgn * offset } } : {}) };
    if (type === 'stop') return { side, type, qty, stop: price, ...ocoGroup };
    if (type === 'stop_limit') return { side, type, qty, stop: price, limit: price + sgn * offset, ...ocoGroup };
    if (type === 'trailing_stop') return { side, type, qty, trail: offset, ...ocoGroup };
    return { side, type, qty, limit: price, tif, postOnly: postOnly && tif === 'GTC', ...ocoGroup };
  });

type Action = { at: bigint; order: NewOrder } | { at: bigint; cancel: number } | { at: bigint; replace: number; qty: number };

/** Times within the shortest stream (20 steps of 1500 ns on average), so timers do fire. */
const at = fc.bigInt({ min: 0n, max: 29_999n });
const actionsArb = fc.array(
  fc.oneof(
    { weight: 4, arbitrary: fc.record({ at, order: orderArb }) },
    { weight: 1, arbitrary: fc.record({ at, cancel: fc.nat(10) }) },
    { weight: 1, arbitrary: fc.record({ at, replace: fc.nat(10), qty: fc.integer({ min: 1, max: 30 }) }) },
  ),
  { minLength: 3, maxLength: 30 },
);

const latencyArb: fc.Arbitrary<LatencyModelConfig> = fc.oneof(
  fc.record({ name: fc.constant('constant' as const), entryNs: fc.integer({ min: 0, max: 2000 }), responseNs: fc.integer({ min: 0, max: 2000 }) }),
  fc.record({ name: fc.constant('uniform' as const), min: fc.constant(0), max: fc.integer({ min: 0, max: 5000 }) }),
);

function steps(actions: Action[]): Step[] {
  const ids: string[] = [];
  return actions.map((a) => ({
    at: a.at,
    run: (ctx) => {
      if ('order' in a) ids.push(ctx.submit(a.order));
      else if ('cancel' in a) ctx.cancel(ids[a.cancel] ?? `missing${a.cancel}`);
      else ctx.replace(ids[a.replace] ?? `missing${a.replace}`, { qty: a.qty });
    },
  }));
}

function runOnce(events: MarketEvent[], actions: Action[], latency: LatencyModelConfig, seed: number, impact: 'none' | 'linear' = 'none', seen?: Seen): RunResult {
  const config = kernelConfig(
    { latency: makeLatencyModel(latency), seed, startingCash: '100000.5' },
    { fees: { name: 'bps', makerBps: '1.5', takerBps: '7' }, impact: impact === 'none' ? { name: 'none' } : { name: 'linear', k: 0.5 } },
  );
  const strategy = scripted(steps(actions));
  const result = run(config, strategy, events, 7);
  if (seen) Object.assign(seen, strategy.seen);
  return result;
}

describe('kernel properties', () => {
  it('cash and position reconcile exactly with the fills and fees', () => {
    fc.assert(
      fc.property(streamArb, actionsArb, latencyArb, fc.integer({ min: 0, max: 1000 }), fc.boolean(), (events, actions, latency, seed, linear) => {
        const seen: Seen = { updates: [], fills: [], book: [] };
        const r = runOnce(events, actions, latency, seed, linear ? 'linear' : 'none', seen);
        // once an order is done (filled, cancelled, rejected, expired) nothing more happens to it
        const done = new Set<string>();
        for (const u of seen.updates) {
          expect(done.has(u.clientId)).toBe(false);
          if (['filled', 'cancelled', 'rejected', 'expired'].includes(u.status)) done.add(u.clientId);
        }
        let cash = new Decimal('100000.5');
        let fees = new Decimal(0);
        let position = 0;
        for (const f of r.fills) {
          // notional = price x qty exactly (tick 0.01, lot 1)
          expect(new Decimal(f.notional).eq(new Decimal(f.price).times('0.01').times(f.qty))).toBe(true);
          cash = f.side === 'buy' ? cash.minus(f.notional) : cash.plus(f.notional);
          cash = cash.minus(f.fee);
          fees = fees.plus(f.fee);
          position += f.side === 'buy' ? f.qty : -f.qty;
        }
        expect(r.account.cash.toFixed()).toBe(cash.toFixed());
        expect(r.account.fees.toFixed()).toBe(fees.toFixed());
        expect(r.account.position).toBe(position);
        // every order's fills add up to what it says it filled, never more than it asked for
        for (const o of r.orders) {
          expect(r.fills.filter((f) => f.clientId === o.req.clientId).reduce((n, f) => n + f.qty, 0)).toBe(o.filled);
          expect(o.filled).toBeLessThanOrEqual(o.req.qty);
          if (o.req.tif === 'FOK') expect(o.filled === 0 || o.filled === o.req.qty).toBe(true);
          if (o.req.postOnly) expect(r.fills.every((f) => f.clientId !== o.req.clientId || f.liquidity === 'maker')).toBe(true);
        }
        // bracket children are only placed for filled parents, with the parent's size
        for (const o of r.orders.filter((x) => x.req.clientId.includes(':'))) {
          const parent = r.orders.find((x) => x.req.clientId === o.req.clientId.split(':')[0])!;
          expect([parent.status, o.req.qty]).toEqual(['filled', parent.req.qty]);
        }
        // the strategy learns of each fill after it happened
        for (const f of r.fills) expect(f.tsDelivered).toBe(f.tsVenue + f.responseLatencyNs);
        // equity = cash + position at the mark
        if (r.lastMark !== undefined) expect(r.nav.at(-1)!.equity).toBe(cash.plus(new Decimal(r.lastMark).times('0.01').times(position)).toFixed());
      }),
      { numRuns: 200 },
    );
  });

  it('is deterministic: the same inputs twice give the same result', () => {
    fc.assert(
      fc.property(streamArb, actionsArb, latencyArb, fc.integer({ min: 0, max: 1000 }), (events, actions, latency, seed) => {
        expect(runOnce(events, actions, latency, seed, 'linear')).toEqual(runOnce(events, actions, latency, seed, 'linear'));
      }),
      { numRuns: 60 },
    );
  });

  it('another seed of a random latency model gives different fills on a busy stream', () => {
    // a busy two-sided market: a print and a quote change every 100 ns, the ask drifting
    const rng = new SeededRandom(7);
    const events: MarketEvent[] = [...snapshot([[99, 50]], [[100, 50]], 0n)];
    let mid = 100;
    for (let i = 1; i <= 4000; i++) {
      const t = BigInt(i) * 100n;
      mid += rng.int(3) - 1;
      events.push(ask(mid, 0, t), ask(mid + 1, 10 + rng.int(20), t), bid(mid - 1, 10 + rng.int(20), t));
      events.push(ask(mid + 2, 0, t), bid(mid - 2, 0, t), ask(mid, 0, t), bid(mid, 0, t));
      events.push(trade(rng.int(2) === 0 ? 'buy' : 'sell', mid, 1 + rng.int(5), t));
    }
    const actions: Action[] = [];
    for (let i = 0; i < 40; i++) actions.push({ at: BigInt(i) * 9_000n + 500n, order: { side: i % 2 === 0 ? 'buy' : 'sell', type: 'market', qty: 3 } });
    const latency: LatencyModelConfig = { name: 'uniform', min: 0, max: 5_000 };
    const fillsOf = (seed: number) => runOnce(events, actions, latency, seed).fills.map((f) => [f.price, f.qty, f.tsVenue]);
    const base = fillsOf(1);
    expect(base.length).toBeGreaterThan(0);
    expect(fillsOf(1)).toEqual(base);
    for (const seed of [2, 3, 4]) expect(fillsOf(seed)).not.toEqual(base);
  });
});
