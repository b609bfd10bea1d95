import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeededRandom } from '../src/engine/random/seeded-random.js';
import {
  bookAt,
  compareOrder,
  generateOrders,
  loadDay,
  lobsterDir,
  scaled,
  tally,
  walk,
  writeOrders,
  type LobsterDay,
  type TcaOrderJson,
  type TestOrder,
} from './support/lobster-walk.js';
import { runCli } from './support/run-cli.js';

// The tca command as a user runs it, checked against an independent walk of the LOBSTER
// orderbook file (see test/support/lobster-walk.ts), plus its input errors and the
// effect of each model flag.

const tmp = mkdtempSync(join(tmpdir(), 'vtrade-tca-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const busy = join(lobsterDir(), 'LOBSTER_SampleFile_AMZN_2012-06-21_5.zip');
const WALK_FLAGS = ['--fill', 'l2', '--latency', '0', '--impact', 'none', '--fees', 'none'];

interface TcaJson {
  orders: (TcaOrderJson & { fees: string })[];
}

function tca(orders: TestOrder[], name: string, flags: string[]): TcaJson {
  const path = join(tmp, `${name}.csv`);
  writeOrders(path, orders);
  const r = runCli(['tca', '--data', busy, '--orders', path, '--json', ...flags]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as TcaJson;
}

const byId = (out: TcaJson) => new Map(out.orders.map((o) => [o.id, o]));
const fillsText = (o: TcaOrderJson | undefined) => JSON.stringify(o?.fills);

let day: LobsterDay;
let orders: TestOrder[];
let atZero: TcaJson;

beforeAll(() => {
  day = loadDay(busy);
  orders = generateOrders(day, 424242);
  atZero = tca(orders, 'walk', WALK_FLAGS);
});

describe('vtrade tca --json on a LOBSTER sample', () => {
  it('matches the independent book walk for every order', () => {
    const got = byId(atZero);
    expect(atZero.orders.map((o) => o.id)).toEqual(orders.map((o) => o.id));
    const mismatches = orders.flatMap((o) => compareOrder(o, walk(bookAt(day, o.ts), o), got.get(o.id)));
    const t = tally(day, orders);
    console.log(`cli ${JSON.stringify({ ...t, mismatches: mismatches.length })}`);
    expect(mismatches.slice(0, 10)).toEqual([]);
    expect(t.multiLevel).toBeGreaterThan(0);
    expect(t.partial).toBeGreaterThan(0);
    expect(t.atSharedTime).toBeGreaterThan(0);
    for (const o of atZero.orders) expect(o.fees).toBe('0');
  });
});

describe('vtrade tca model flags', () => {
  it('--latency 5ms meets the book 5 ms later', () => {
    const late = byId(tca(orders, 'late', [...WALK_FLAGS, '--latency', '5ms']));
    const zero = byId(atZero);
    const shift = 5_000_000n;
    const mismatches = orders.flatMap((o) => compareOrder(o, walk(bookAt(day, o.ts + shift), o), late.get(o.id)));
    expect(mismatches.slice(0, 10)).toEqual([]);
    const changed = orders.filter((o) => fillsText(late.get(o.id)) !== fillsText(zero.get(o.id)));
    console.log(`--latency 5ms changed the fills of ${changed.length} of ${orders.length} orders`);
    expect(changed.length).toBeGreaterThan(0);
  });

  it('--fees per-share charges clamp(0.005 x shares, 1, 10) per order and leaves fills alone', () => {
    const out = byId(tca(orders, 'fees', [...WALK_FLAGS, '--fees', 'per-share']));
    const zero = byId(atZero);
    let charged = 0;
    let atMin = 0;
    let atMax = 0;
    for (const o of orders) {
      const got = out.get(o.id)!;
      expect(fillsText(got), o.id).toBe(fillsText(zero.get(o.id)));
      // In units of $0.0001: 0.005 per share is 50; the minimum $1 is 10000, the cap $10 is 100000.
      const shares = BigInt(got.filled_qty);
      const raw = 50n * shares;
      const want = shares === 0n ? 0n : raw < 10_000n ? 10_000n : raw > 100_000n ? 100_000n : raw;
      expect(scaled(got.fees, 4), `${o.id}: ${got.fees} for ${got.filled_qty} shares`).toBe(want);
      if (shares > 0n) charged++;
      if (shares > 0n && raw < 10_000n) atMin++;
      if (raw > 100_000n) atMax++;
    }
    console.log(`per-share fees: ${charged} orders charged, ${atMin} at the minimum, ${atMax} at the cap`);
    expect(atMin).toBeGreaterThan(0);
    expect(charged - atMin - atMax).toBeGreaterThan(0);
  });

  it('--impact sqrt makes the second of two identical orders pay at least as much; none gives identical fills', () => {
    const rng = new SeededRandom(77);
    const first = day.times[0];
    const span = Number(day.times[day.times.length - 1] - first);
    const pairs: TestOrder[] = [];
    for (let n = 0; pairs.length < 60 && n < 1000; n++) {
      const ts = first + BigInt(Math.floor(rng.next() * span));
      const side = rng.next() < 0.5 ? 'buy' : 'sell';
      const opp = side === 'buy' ? bookAt(day, ts).asks : bookAt(day, ts).bids;
      const total = opp.reduce((s, l) => s + l.size, 0);
      // Both must find something to take: at most half of the visible book each.
      if (opp.length < 2 || total < 4) continue;
      const qty = 1 + rng.int(Math.floor(total / 2));
      const o: TestOrder = { id: `p${pairs.length / 2}a`, ts, side, type: 'market', qty, tif: 'IOC' };
      pairs.push(o, { ...o, id: `p${pairs.length / 2}b` });
    }
    const none = byId(tca(pairs, 'pairs-none', WALK_FLAGS));
    const sqrt = byId(tca(pairs, 'pairs-sqrt', [...WALK_FLAGS, '--impact', 'sqrt']));
    let worse = 0;
    for (let i = 0; i < pairs.length; i += 2) {
      const [a, b] = [pairs[i], pairs[i + 1]];
      expect(fillsText(none.get(b.id)), b.id).toBe(fillsText(none.get(a.id)));
      expect(none.get(a.id)!.filled_qty).toBe(String(a.qty));
      const pa = sqrt.get(a.id)!.avg_price;
      const pb = sqrt.get(b.id)!.avg_price;
      expect(pa, a.id).not.toBeNull();
      expect(pb, b.id).not.toBeNull();
      const [ua, ub] = [scaled(pa!, 10)!, scaled(pb!, 10)!];
      // A buyer pays more, a seller receives less.
      const sign = a.side === 'buy' ? 1n : -1n;
      expect(sign * (ub - ua) >= 0n, `${b.id} ${a.side}: ${pb} after ${pa}`).toBe(true);
      if (sign * (ub - ua) > 0n) worse++;
      // The first order of a pair meets the recorded book: impact may shift its price, never improve it.
      const filled = Number(sqrt.get(a.id)!.filled_qty);
      const walked = walk(bookAt(day, a.ts), { ...a, qty: filled });
      const walkAvg = (walked.reduce((s, f) => s + BigInt(f.price) * BigInt(f.qty), 0n) * 1_000_000n) / BigInt(filled);
      expect(sign * (ua - walkAvg) >= -1n, a.id).toBe(true);
    }
    console.log(`--impact sqrt: the second order paid more in ${worse} of ${pairs.length / 2} pairs`);
    expect(pairs.length).toBe(60);
    expect(worse).toBeGreaterThan(0);
  });
});

describe('vtrade tca orders CSV errors', () => {
  const header = 'id,ts,side,type,qty,limit,tif';
  const good = 'a1,1340285500000000000,buy,market,100,,IOC';
  const cases: { name: string; text: string; line: number; field: string }[] = [
    { name: 'wrong header', text: `id,time,side,type,qty,limit,tif\n${good}\n`, line: 1, field: 'header' },
    { name: 'bad side', text: `${header}\n${good}\na2,1340285500000000000,long,market,100,,IOC\n`, line: 3, field: 'side' },
    { name: 'bad ts', text: `${header}\na2,2012-06-21 09:31:00,buy,market,100,,IOC\n`, line: 2, field: 'ts' },
    { name: 'off-tick limit', text: `${header}\n${good}\na2,1340285500000000000,buy,limit,100,222.50001,IOC\n`, line: 3, field: 'limit' },
    { name: 'duplicate id', text: `${header}\n${good}\n${good}\n`, line: 3, field: 'id' },
    { name: 'market with a limit', text: `${header}\na2,1340285500000000000,sell,market,100,222.5,IOC\n`, line: 2, field: 'limit' },
    { name: 'limit without a price', text: `${header}\n${good}\n\na2,1340285500000000000,sell,limit,100,,IOC\n`, line: 4, field: 'limit' },
    { name: 'zero qty', text: `${header}\na2,1340285500000000000,sell,market,0,,IOC\n`, line: 2, field: 'qty' },
    { name: 'bad tif', text: `${header}\na2,1340285500000000000,sell,limit,5,222.5,GFD\n`, line: 2, field: 'tif' },
  ];
  for (const c of cases) {
    it(`exits 2 naming file, line and field: ${c.name}`, () => {
      const path = join(tmp, `${c.name.replace(/ /g, '-')}.csv`);
      writeFileSync(path, c.text);
      const r = runCli(['tca', '--data', join(lobsterDir(), 'LOBSTER_SampleFile_AMZN_2012-06-21_1.zip'), '--orders', path, ...WALK_FLAGS]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`${path}:${c.line} (${c.field})`);
      expect(r.stdout).toBe('');
    });
  }
});
