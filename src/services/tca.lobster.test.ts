import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runConfigFromFlags } from '../commands/model-options.js';
import { openLobster } from '../data/lobster/index.js';
import { readOrdersCsv } from '../data/orders-csv.js';
import { runTca } from './tca.js';
import {
  NY_MIDNIGHT_2012_06_21,
  bookAt,
  compareOrder,
  generateOrders,
  loadDay,
  lobsterZips,
  newYorkWallClock,
  tally,
  walk,
  writeOrders,
  type TestOrder,
} from '../../test/support/lobster-walk.js';

// Acceptance: TCA on the LOBSTER recordings matches an independent book walk over the
// orderbook file, order by order, exactly (--fill l2 --latency 0 --impact none --fees none).

const tmp = mkdtempSync(join(tmpdir(), 'vtrade-tca-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const zips = lobsterZips();
const walkConfig = () => runConfigFromFlags({ fill: 'l2', latency: '0', impact: 'none', fees: 'none' });

async function tcaOf(zip: string, orders: TestOrder[], name: string) {
  const path = join(tmp, `${name}.csv`);
  writeOrders(path, orders);
  const data = await openLobster(zip);
  return runTca(data, readOrdersCsv(path, data.instrument), walkConfig(), 1);
}

describe('TCA on the LOBSTER samples against an independent book walk', () => {
  it('uses New York midnight of 2012-06-21 = 04:00 UTC', () => {
    const ms = Number(NY_MIDNIGHT_2012_06_21 / 1_000_000n);
    expect(newYorkWallClock(ms)).toBe('06/21/2012, 00:00:00');
    expect(newYorkWallClock(ms - 1000)).toBe('06/20/2012, 23:59:59');
  });

  it('finds the six sample zips', () => {
    expect(zips).toHaveLength(6);
  });

  for (const zip of zips) {
    it(`matches the walk for every order on ${basename(zip)}`, async () => {
      const day = loadDay(zip);
      const orders = generateOrders(day, 20120621 + day.levels * 1000 + zips.indexOf(zip));
      const { orders: results } = await tcaOf(zip, orders, basename(zip));
      expect(results).toHaveLength(orders.length);
      const byId = new Map(results.map((r) => [r.id, r]));
      const mismatches = orders.flatMap((o) => compareOrder(o, walk(bookAt(day, o.ts), o), byId.get(o.id)));
      const t = tally(day, orders);
      console.log(`${basename(zip)}: ${JSON.stringify({ ...t, mismatches: mismatches.length })}`);
      expect(mismatches.slice(0, 10)).toEqual([]);
      // The list exercises what it is meant to.
      expect(t.orders).toBe(200);
      expect(t.partial).toBeGreaterThan(0);
      expect(t.filled).toBeGreaterThan(0);
      expect(t.unfilled).toBeGreaterThan(0);
      expect(t.beyondBook).toBeGreaterThan(0);
      expect(t.fokRejected).toBeGreaterThan(0);
      expect(t.atSharedTime).toBeGreaterThan(0);
      expect(t.beforeFirstMessage).toBe(1);
      expect(t.afterLastMessage).toBe(1);
      if (day.levels > 1) expect(t.multiLevel).toBeGreaterThan(0);
    });
  }
});
