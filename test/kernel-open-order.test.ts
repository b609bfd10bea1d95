import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openMarketData } from '../src/data/open.js';
import type { MarketEvent } from '../src/engine/model/events.js';
import type { OrderView, Strategy, StrategyContext } from '../src/engine/strategy.js';
import { makeKernel } from '../src/services/backtest.js';
import { parseRunConfig } from '../src/services/run-config.js';
import marketMaker from '../fixtures/strategies/market-maker.js';
import { dataDir } from './support/data-dir.js';

/*
 * ctx.openOrder(id) and ctx.isOpen(id) against ctx.openOrders() on real recordings: the shipped
 * touch-joining maker (which asks isOpen on every event) runs as it is, and around each of its callbacks every id
 * it has recently seen, the next generated id and an id nobody sent are looked up both ways. The
 * answers must agree field for field at every moment: orders pending, resting, partly filled,
 * filled while onFill runs, cancelled, and refused by the pre-trade check.
 */

const AMZN = join(dataDir(), 'lobster/LOBSTER_SampleFile_AMZN_2012-06-21_5.zip');
const BTC = join(dataDir(), 'binance/usdm/btcusdt_20240808.gz');

interface Tally {
  looks: number;
  open: number;
  statuses: Set<string>;
}

/** The maker, with openOrder and openOrders compared before and after each of its callbacks. */
function checked(inner: Strategy, tally: Tally): Strategy {
  const recent: string[] = [];
  let highest = 0;
  const note = (id: string) => {
    if (recent.includes(id)) return;
    recent.push(id);
    if (recent.length > 12) recent.shift();
    const n = Number(id.slice(1));
    if (n > highest) highest = n;
  };
  const compare = (ctx: StrategyContext) => {
    const list = ctx.openOrders();
    for (const o of list) note(o.clientId);
    for (const id of [...recent, `o${highest + 1}`, 'o0', 'nobody']) {
      const one = ctx.openOrder(id);
      const listed = list.find((o) => o.clientId === id);
      tally.looks++;
      if (ctx.isOpen(id) !== (listed !== undefined)) expect.fail(`isOpen(${id}) is ${ctx.isOpen(id)}, openOrders() ${listed === undefined ? 'has no such order' : 'lists it'}`);
      if (listed === undefined) {
        if (one !== undefined) expect.fail(`openOrder(${id}) gave ${JSON.stringify(one)}, openOrders() has no such order`);
        continue;
      }
      tally.open++;
      tally.statuses.add(listed.status);
      if (one === undefined) expect.fail(`openOrder(${id}) gave nothing, openOrders() has ${JSON.stringify(listed)}`);
      // Field for field (expect's deep equality per look would be most of the test's time).
      const keys = Object.keys(listed) as (keyof OrderView)[];
      if (Object.keys(one).length !== keys.length || keys.some((k) => one[k] !== listed[k])) expect.fail(`openOrder(${id}) gave ${JSON.stringify(one)}, openOrders() ${JSON.stringify(listed)}`);
      if (!Object.isFrozen(one)) expect.fail(`openOrder(${id}) is not frozen`);
      // No copy while the order does not change: asked twice, the same object.
      if (ctx.openOrder(id) !== one) expect.fail(`openOrder(${id}) made a new copy of an unchanged order`);
    }
  };
  return {
    onBook(ctx: StrategyContext, e: MarketEvent, m) {
      compare(ctx);
      inner.onBook!(ctx, e, m);
      compare(ctx);
    },
    onOrderUpdate(ctx, u) {
      note(u.clientId);
      compare(ctx);
      inner.onOrderUpdate!(ctx, u);
    },
    onFill(ctx, f) {
      compare(ctx);
      inner.onFill!(ctx, f);
      compare(ctx);
    },
    onEnd(ctx) {
      compare(ctx);
      inner.onEnd!(ctx);
      compare(ctx);
    },
  };
}

async function run(path: string, models: unknown, firstEvents: number) {
  const data = await openMarketData([path]);
  const tally: Tally = { looks: 0, open: 0, statuses: new Set() };
  const kernel = makeKernel({ strategy: checked(marketMaker({}), tally), config: parseRunConfig({ models }), seed: 1, instrument: data.instrument });
  let events = 0;
  for await (const batch of data.events()) {
    kernel.onBatch(batch);
    events += batch.length;
    if (events >= firstEvents) break;
  }
  const result = kernel.finish();
  return { tally, fills: result.fills.length, orders: result.orders.length };
}

describe('openOrder(id) and isOpen(id) answer as openOrders() does, on real recordings', () => {
  it('LOBSTER AMZN L5, the touch-joining maker, no latency', async () => {
    const { tally, fills, orders } = await run(AMZN, {}, 60_000);
    expect(fills).toBeGreaterThan(50);
    expect(orders).toBeGreaterThan(2000);
    expect(tally.open).toBeGreaterThan(100_000);
    expect([...tally.statuses].sort()).toEqual(['filled', 'open', 'partially_filled', 'pending']);
  });

  it('LOBSTER AMZN L5 with 250 us of latency each way: orders pending and cancels in flight', async () => {
    const { tally, fills } = await run(AMZN, { latency: { name: 'constant', entryNs: 250_000, responseNs: 250_000 } }, 60_000);
    expect(fills).toBeGreaterThan(20);
    expect(tally.statuses.has('pending')).toBe(true);
    expect(tally.open).toBeGreaterThan(100_000);
  });

  it('Binance USD-M BTCUSDT, the same maker', async () => {
    const { tally, fills } = await run(BTC, {}, 100_000);
    expect(fills).toBeGreaterThan(0);
    expect(tally.open).toBeGreaterThan(10_000);
  });
});
