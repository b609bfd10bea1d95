import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { openLobster } from '../src/data/lobster/index.js';
import { dataDir } from './support/data-dir.js';
import { makeFeeModel } from '../src/engine/exchange/fee-models.js';
import { makeFillModel } from '../src/engine/exchange/fill-models.js';
import { makeImpactModel } from '../src/engine/exchange/impact-models.js';
import { makeLatencyModel } from '../src/engine/exchange/latency-models.js';
import { makeQueueModel } from '../src/engine/exchange/queue-models.js';
import { priceToTicks } from '../src/engine/model/instrument.js';
import { usEquitySession } from '../src/engine/risk/sessions.js';
import { Kernel, type KernelConfig } from '../src/engine/kernel/kernel.js';
import { scripted } from './support/kernel-fixtures.js';

// Ground truth: the sample's orderbook file, parsed here on its own. Row i is the book after
// message i; a market buy sent at T with no latency must fill like a walk up the asks of the
// last row whose message time is <= T.

const zipPath = join(dataDir(), 'lobster', 'LOBSTER_SampleFile_AMZN_2012-06-21_5.zip');
const MIDNIGHT_NS = BigInt(Date.parse('2012-06-21T00:00:00-04:00')) * 1_000_000n;

function lines(text: string): string[] {
  const out = text.split('\n');
  if (out[out.length - 1] === '') out.pop();
  return out;
}

/** "34200.004241176" -> ns after midnight (the sample has at most 9 decimals). */
function secondsToNs(text: string): bigint {
  const [s, frac = ''] = text.split('.');
  return BigInt(s) * 1_000_000_000n + BigInt(frac.padEnd(9, '0').slice(0, 9));
}

/** LOBSTER integer price (dollars x 10000) as decimal text: 2238200 -> "223.8200". */
const dollars = (raw: string) => `${raw.slice(0, -4)}.${raw.slice(-4)}`;

describe('market buys on LOBSTER AMZN level 5', () => {
  it('fill like a walk up the recorded asks at the order time', async () => {
    const files = unzipSync(readFileSync(zipPath));
    const names = Object.keys(files);
    const messages = lines(strFromU8(files[names.find((n) => n.includes('_message_5'))!]));
    const orderbook = lines(strFromU8(files[names.find((n) => n.includes('_orderbook_5'))!]));
    expect(messages.length).toBe(orderbook.length);
    const times = messages.map((m) => MIDNIGHT_NS + secondsToNs(m.slice(0, m.indexOf(','))));

    const data = await openLobster(zipPath);
    const inst = data.instrument;
    // Order times: two exactly at a message's time (every message at that instant counts), two between.
    const orderTimes = [times[20_000], MIDNIGHT_NS + 39_600_000_000_000n, MIDNIGHT_NS + 45_296_789_000_123n, times[150_000]];
    const QTY = 100;

    const strategy = scripted(orderTimes.map((at) => ({ at, run: (ctx) => ctx.submit({ side: 'buy', type: 'market', qty: QTY }) })));
    const config: KernelConfig = {
      instrument: inst,
      models: { fill: makeFillModel('l2'), queue: makeQueueModel({ name: 'risk-averse' }), impact: makeImpactModel({ name: 'none' }), fees: makeFeeModel({ name: 'none' }) },
      latency: makeLatencyModel({ name: 'constant', entryNs: 0, responseNs: 0 }),
      feedLatency: { kind: 'data' },
      risk: { leverage: 1000, maxPositionFraction: 1000, locate: [], allowShort: true },
      session: usEquitySession(),
      startingCash: '10000000',
      seed: 1,
      params: {},
      navIntervalNs: 60_000_000_000n,
      gtcLifetimeNs: 10n ** 15n,
    };
    const kernel = new Kernel(config, strategy);
    for await (const batch of data.events()) kernel.onBatch(batch);
    const result = kernel.finish();

    expect(result.orders).toHaveLength(orderTimes.length);
    let shares = 0;
    let cost = 0n;
    result.orders.forEach((order, k) => {
      const t = orderTimes[k];
      // the last row whose message time is <= t
      let lo = 0;
      let hi = times.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (times[mid] <= t) lo = mid;
        else hi = mid - 1;
      }
      const row = orderbook[lo].split(',');
      const walk: [number, number][] = [];
      let left = QTY;
      for (let level = 0; level < 5 && left > 0; level++) {
        const size = Number(row[4 * level + 1]);
        if (size === 0) break;
        const take = Math.min(left, size);
        walk.push([priceToTicks(inst, dollars(row[4 * level])), take]);
        left -= take;
      }
      expect(left).toBe(0); // five levels always held 100 shares here
      const fills = result.fills.filter((f) => f.clientId === order.req.clientId);
      expect(fills.map((f) => [f.price, f.qty])).toEqual(walk);
      expect(fills.every((f) => f.tsVenue === t && f.liquidity === 'taker')).toBe(true);
      expect(order.status).toBe('filled');
      shares += QTY;
      for (const [p, q] of walk) cost += BigInt(p) * BigInt(q);
    });
    // the account paid exactly the walked notional: cost in ticks x tick size
    expect(result.account.position).toBe(shares);
    expect(result.account.startingCash.minus(result.account.cash).toFixed()).toBe(result.account.price(1).times(cost.toString()).toFixed());
  }, 120_000);
});
