import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openMarketData } from '../src/data/open.js';
import { dataDir } from './support/data-dir.js';
import type { ListedOrder } from '../src/data/orders-csv.js';
import type { DeliveredFill } from '../src/engine/kernel/kernel.js';
import { priceToTicks, qtyToLots } from '../src/engine/model/instrument.js';
import { parseRunConfig } from '../src/services/run-config.js';
import { runTca } from '../src/services/tca.js';

/**
 * The rules of exact FIFO (docs/execution-models.md), each on real messages: resting buys placed
 * on LOBSTER AMZN level 5 with no latency, as `vtrade replay <zip> --orders o.csv --queue fifo
 * --latency 0 --feed-latency 0` would place them.
 *
 * The expected fills come from an independent reference, written apart from the engine
 * (test/support/fifo-reference.py: price-time priority by order id over the message and orderbook
 * files; `python3 test/support/fifo-reference.py <epoch ns> <price x 10000> <shares>` prints them).
 * The orders rest at different times, so they never share a queue or a print.
 */

const AMZN = join(dataDir(), 'lobster', 'LOBSTER_SampleFile_AMZN_2012-06-21_5.zip');
const MIDNIGHT = 1340251200000000000n; // 2012-06-21 00:00 New York, epoch ns

interface Case {
  id: string;
  ts: bigint;
  /** Dollars x 10000, as in the LOBSTER files. */
  price: number;
  qty: number;
}

const CASES: Case[] = [
  { id: 'emptied-ahead', ts: 1340300411210314505n, price: 2221000, qty: 244 },
  { id: 'opposite-add', ts: 1340291840343875471n, price: 2245200, qty: 130 },
  { id: 'behind-exec', ts: 1340304775053818628n, price: 2215500, qty: 100 },
  { id: 'hidden-after-ahead', ts: 1340285900124421505n, price: 2238600, qty: 100 },
  { id: 'hidden-at-price', ts: 1340290147676520749n, price: 2242700, qty: 100 },
  { id: 'deep', ts: 1340296350994188328n, price: 2222800, qty: 100 },
  { id: 'deep-through', ts: 1340288694566815632n, price: 2237100, qty: 100 },
];

/** [ns after midnight, shares, outside the window] per fill. */
type Fill = [string, number, boolean];

let fills: Map<string, DeliveredFill[]>;
let aheadAtEntry: Map<string, number | undefined>;

beforeAll(async () => {
  const data = await openMarketData([AMZN]);
  const inst = data.instrument;
  const orders: ListedOrder[] = CASES.map((c, i) => ({
    id: c.id,
    ts: c.ts,
    side: 'buy',
    type: 'limit',
    qty: qtyToLots(inst, String(c.qty), 'qty'),
    limit: priceToTicks(inst, (c.price / 10000).toFixed(4), 'limit'),
    tif: 'GTC',
    line: i + 2,
  }));
  const config = parseRunConfig({ models: { queue: { name: 'fifo' }, latency: { name: 'constant', entryNs: 0, responseNs: 0 } }, feedLatency: { constantNs: 0 } });
  const { result } = await runTca(data, orders, config, 1);
  fills = new Map(CASES.map((c) => [c.id, result.fills.filter((f) => f.clientId === c.id)]));
  aheadAtEntry = new Map(result.orders.map((o) => [o.req.clientId, o.queueAheadAtEntry]));
}, 60_000);

const of = (id: string): Fill[] => fills.get(id)!.map((f) => [String(f.tsVenue - MIDNIGHT), f.qty, f.outsideWindow === true]);

describe('exact FIFO on LOBSTER AMZN level 5 messages', () => {
  it('ahead of an order on arrival: everything the book shows at its price', () => {
    expect(aheadAtEntry.get('emptied-ahead')).toBe(422); // order 160335933, added before the file shows it
    expect(aheadAtEntry.get('behind-exec')).toBe(227);
    expect(aheadAtEntry.get('hidden-after-ahead')).toBe(200);
  });

  it('an execution of the orders ahead that empties the level does not fill the order', () => {
    // At 49230.198406396 the 422 shares ahead execute and 222.10 empties: nothing reached ours.
    // Its fills are sells below its price, which met it first.
    expect(of('emptied-ahead')).toEqual([
      ['49230211519053', 100, false],
      ['49233622665977', 100, false],
      ['49233622665977', 20, false],
      ['49233624299473', 24, false],
    ]);
  });

  it('a sell added at the price of a resting buy fills it; then a sell below its price fills the rest', () => {
    // Sell 100 at 224.52 (id 108234937) added at 40640.603204054 would have traded with ours.
    expect(of('opposite-add')).toEqual([
      ['40640603204054', 100, false],
      ['40640609024507', 30, false],
    ]);
  });

  it('an execution of an order behind fills the order first', () => {
    // A hidden execution below its price, then an execution of an order added after ours at
    // its price (the four deletes of orders ahead in between move it up), then one below.
    expect(of('behind-exec')).toEqual([
      ['53583096237311', 72, false],
      ['53587336063398', 10, false],
      ['53588266226088', 18, false],
    ]);
  });

  it('a hidden execution at its price fills it once the orders ahead have gone', () => {
    // 200 ahead, executed in two messages; then a hidden execution at 223.86, then an
    // execution of an order behind.
    expect(of('hidden-after-ahead')).toEqual([
      ['34712617720000', 10, false],
      ['34712737681831', 90, false],
    ]);
    expect(of('hidden-at-price')).toEqual([
      ['38956161750584', 1, false],
      ['38975824990889', 40, false],
      ['38975825326863', 59, false],
    ]);
  });

  it('fills of an order whose price was outside the five visible levels say so', () => {
    // A bid one cent below the fifth level: the file shows nothing at its price until it rises
    // into view, so its queue is unknown and each of its fills is flagged.
    expect(aheadAtEntry.get('deep')).toBe(0);
    expect(of('deep')).toEqual([
      ['46123510912146', 4, true],
      ['46123510912146', 96, true],
    ]);
    expect(of('deep-through')).toEqual([['37551164075085', 100, true]]);
  });
});
