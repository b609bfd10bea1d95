import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { SeededRandom } from '../../src/engine/random/seeded-random.js';
import { dataDir } from './data-dir.js';

/**
 * Ground truth for TCA on the LOBSTER samples, built from the raw CSV text alone: a seeded
 * order list, and an independent book walk of each order over the orderbook file. Nothing here
 * uses the LOBSTER reader, the engine's book or its fill models.
 */

export const lobsterDir = (): string => join(dataDir(), 'lobster');

export function lobsterZips(): string[] {
  return readdirSync(lobsterDir())
    .filter((n) => n.endsWith('.zip'))
    .sort()
    .map((n) => join(lobsterDir(), n));
}

/** One visible level: LOBSTER price (dollars x 10000) and size in shares. */
export interface Level {
  price: number;
  size: number;
}

export interface Row {
  asks: Level[];
  bids: Level[];
}

export interface LobsterDay {
  zip: string;
  levels: number;
  /** Epoch ns of each message row, in file order. */
  times: bigint[];
  /** Orderbook lines, row i after message i. */
  book: string[];
}

const NS = 1_000_000_000n;

/**
 * New York midnight of 2012-06-21 as a fixed offset: summer time, UTC-4. The offset is checked
 * against the platform's zone rules below, so a wrong constant cannot pass silently.
 */
export const NY_MIDNIGHT_2012_06_21 = BigInt(Date.UTC(2012, 5, 21, 4, 0, 0)) * 1_000_000n;

/** The regular session of that day, 09:30-16:00 New York time. */
export const SESSION_OPEN = NY_MIDNIGHT_2012_06_21 + 34_200n * NS;
export const SESSION_CLOSE = NY_MIDNIGHT_2012_06_21 + 57_600n * NS;

/** Wall-clock text of an instant in New York, for checking the fixed offset. */
export function newYorkWallClock(epochMs: number): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/New_York',
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(new Date(epochMs));
}

/** "34200.004241176" -> ns after midnight; digits past the ninth decimal round half up on the tenth. */
export function secondsTextToNs(text: string): bigint {
  const [secs, frac = ''] = text.split('.');
  const round = frac.length > 9 && frac.charCodeAt(9) >= 53 ? 1n : 0n;
  return BigInt(secs) * NS + BigInt(frac.padEnd(9, '0').slice(0, 9)) + round;
}

function lines(text: string): string[] {
  const out = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (out[out.length - 1] === '') out.pop();
  return out;
}

export function loadDay(zip: string): LobsterDay {
  const m = /_(\d{4}-\d{2}-\d{2})_(\d+)\.zip$/.exec(zip);
  if (!m || m[1] !== '2012-06-21') throw new Error(`unexpected sample ${zip}`);
  const files = unzipSync(readFileSync(zip), { filter: (f) => /_(message|orderbook)_\d+\.csv$/.test(f.name) });
  const names = Object.keys(files);
  const message = lines(strFromU8(files[names.find((n) => n.includes('_message_'))!]));
  const book = lines(strFromU8(files[names.find((n) => n.includes('_orderbook_'))!]));
  if (message.length !== book.length) throw new Error(`${zip}: ${message.length} messages, ${book.length} book rows`);
  const times = message.map((l) => NY_MIDNIGHT_2012_06_21 + secondsTextToNs(l.slice(0, l.indexOf(','))));
  return { zip, levels: Number(m[2]), times, book };
}

export function parseRow(line: string): Row {
  const cols = line.split(',').map(Number);
  const asks: Level[] = [];
  const bids: Level[] = [];
  for (let c = 0; c + 3 < cols.length; c += 4) {
    // Empty levels carry size 0 (and price +-9999999999).
    if (cols[c + 1] > 0) asks.push({ price: cols[c], size: cols[c + 1] });
    if (cols[c + 3] > 0) bids.push({ price: cols[c + 2], size: cols[c + 3] });
  }
  return { asks, bids };
}

/** Index of the last message with time <= t, or -1 when t is before the first. */
export function lastRowAtOrBefore(times: bigint[], t: bigint): number {
  let lo = 0;
  let hi = times.length; // first index with time > t lies in [lo, hi]
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

export function bookAt(day: LobsterDay, t: bigint): Row {
  const i = lastRowAtOrBefore(day.times, t);
  return i < 0 ? { asks: [], bids: [] } : parseRow(day.book[i]);
}

export interface TestOrder {
  id: string;
  ts: bigint;
  side: 'buy' | 'sell';
  type: 'market' | 'limit';
  qty: number;
  /** Whole cents. */
  limitCents?: number;
  tif: 'IOC' | 'FOK';
}

export const centsText = (c: number): string => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;

export function ordersCsv(orders: TestOrder[]): string {
  const rows = orders.map((o) => [o.id, String(o.ts), o.side, o.type, String(o.qty), o.limitCents === undefined ? '' : centsText(o.limitCents), o.tif].join(','));
  return ['id,ts,side,type,qty,limit,tif', ...rows].join('\n') + '\n';
}

export function writeOrders(path: string, orders: TestOrder[]): void {
  writeFileSync(path, ordersCsv(orders));
}

/** Message times shared by two or more messages: the book must be the one after the last of them. */
function sharedTimes(times: bigint[]): bigint[] {
  const out: bigint[] = [];
  for (let i = 1; i < times.length; i++) if (times[i] === times[i - 1] && out[out.length - 1] !== times[i]) out.push(times[i]);
  return out;
}

/**
 * A seeded order list over the day: market and limit IOC orders and FOK orders, at random ns
 * times between the first and the last message, at message times (often ones shared by several
 * messages) and a nanosecond before them; sizes drawn against the book the order will meet so
 * that fills inside the top level, sweeps across levels and orders larger than the whole
 * visible book all occur.
 */
export function generateOrders(day: LobsterDay, seed: number, count = 200): TestOrder[] {
  const rng = new SeededRandom(seed);
  const times = day.times;
  const first = times[0];
  const last = times[times.length - 1];
  const shared = sharedTimes(times);
  const pickTime = (): bigint => {
    const u = rng.next();
    if (u < 0.15 && shared.length > 0) return shared[rng.int(shared.length)];
    if (u < 0.25) return times[rng.int(times.length)];
    if (u < 0.3) return times[1 + rng.int(times.length - 1)] - 1n;
    return first + BigInt(Math.floor(rng.next() * Number(last - first)));
  };
  const between = (a: bigint, b: bigint): bigint => (b > a ? a + BigInt(Math.floor(rng.next() * Number(b - a))) : pickTime());
  const out: TestOrder[] = [];
  for (let n = 0; n < count; n++) {
    // Edges worth one order each: the first and last message times, a time in the session
    // before the first message (an empty book) and one after the last (the final book).
    const ts = n === 0 ? first : n === 1 ? last : n === 2 ? between(SESSION_OPEN, first) : n === 3 ? between(last + 1n, SESSION_CLOSE) : pickTime();
    const side = rng.next() < 0.5 ? 'buy' : 'sell';
    const row = bookAt(day, ts);
    const opp = side === 'buy' ? row.asks : row.bids;
    const own = side === 'buy' ? row.bids : row.asks;
    const top = opp[0]?.size ?? 0;
    const total = opp.reduce((s, l) => s + l.size, 0);
    const u = rng.next();
    let qty: number;
    if (top === 0 || u < 0.1) qty = 1 + rng.int(1000);
    else if (u < 0.35) qty = 1 + rng.int(top);
    else if (u < 0.75 && total > top) qty = top + 1 + rng.int(total - top);
    else qty = total + 1 + rng.int(total);
    const k = rng.next();
    const tif: 'IOC' | 'FOK' = k < 0.7 ? 'IOC' : 'FOK';
    const type: 'market' | 'limit' = k < 0.35 || k >= 0.85 ? 'market' : 'limit';
    let limitCents: number | undefined;
    if (type === 'limit') limitCents = pickLimit(rng, side, opp, own);
    out.push({ id: `o${n + 1}`, ts, side, type, qty, limitCents, tif });
  }
  return out;
}

/** Limits inside the spread, at the touch, through a few levels, and away from the market. */
function pickLimit(rng: SeededRandom, side: 'buy' | 'sell', opp: Level[], own: Level[]): number {
  const dir = side === 'buy' ? 1 : -1;
  const cents = (raw: number): number => Math.round(raw / 100);
  const touch = opp[0] ? cents(opp[0].price) : own[0] ? cents(own[0].price) + dir : 10000;
  const ownBest = own[0] ? cents(own[0].price) : touch - dir * 5;
  const u = rng.next();
  let c: number;
  if (u < 0.2) {
    // Strictly inside the spread when there is room, else at our own best.
    const gap = Math.abs(touch - ownBest);
    c = gap > 1 ? ownBest + dir * (1 + rng.int(gap - 1)) : ownBest;
  } else if (u < 0.35) c = touch;
  else if (u < 0.7 && opp.length > 0) {
    // Exactly at a deeper level, or a cent short of it.
    const lvl = opp[rng.int(opp.length)];
    c = cents(lvl.price) - (rng.next() < 0.5 ? dir : 0);
  } else if (u < 0.85) c = touch + dir * (1 + rng.int(50));
  else c = ownBest - dir * rng.int(20);
  return Math.max(1, c);
}

export interface WalkFill {
  /** Dollars x 10000. */
  price: number;
  qty: number;
}

/** The book walk: best level first, within the limit; FOK takes all or nothing. */
export function walk(row: Row, o: TestOrder): WalkFill[] {
  const opp = o.side === 'buy' ? row.asks : row.bids;
  const limit = o.limitCents === undefined ? undefined : o.limitCents * 100;
  const fills: WalkFill[] = [];
  let left = o.qty;
  for (const lvl of opp) {
    if (left === 0) break;
    if (limit !== undefined && (o.side === 'buy' ? lvl.price > limit : lvl.price < limit)) break;
    const q = Math.min(left, lvl.size);
    fills.push({ price: lvl.price, qty: q });
    left -= q;
  }
  if (o.tif === 'FOK' && left > 0) return [];
  return fills;
}

/** Exact decimal text to an integer count of 10^-scale units; undefined if it needs more digits. */
export function scaled(text: string, scale: number): bigint | undefined {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return undefined;
  const frac = (m[3] ?? '').replace(/0+$/, '');
  if (frac.length > scale) return undefined;
  const v = BigInt(m[2]) * 10n ** BigInt(scale) + BigInt(frac.padEnd(scale, '0') || '0');
  return m[1] ? -v : v;
}

/** a / b rounded half to even, both positive. */
function divHalfEven(a: bigint, b: bigint): bigint {
  const q = a / b;
  const r2 = (a % b) * 2n;
  if (r2 > b || (r2 === b && q % 2n === 1n)) return q + 1n;
  return q;
}

export interface TcaOrderJson {
  id: string;
  status: string;
  filled_qty: string;
  notional: string;
  avg_price: string | null;
  fills: { price: string; qty: string }[];
}

/** Differences between one reported order and the independent walk; empty when they agree. */
export function compareOrder(o: TestOrder, expected: WalkFill[], got: TcaOrderJson | undefined): string[] {
  if (!got) return [`${o.id}: missing from the output`];
  const bad: string[] = [];
  const qty = expected.reduce((s, f) => s + f.qty, 0);
  // Notional in units of $0.0001: every LOBSTER price is an integer there.
  const notional = expected.reduce((s, f) => s + BigInt(f.price) * BigInt(f.qty), 0n);
  if (got.filled_qty !== String(qty)) bad.push(`filled_qty ${got.filled_qty}, walk ${qty}`);
  if (scaled(got.notional, 4) !== notional) bad.push(`notional ${got.notional}, walk ${notional} x 1e-4`);
  const gotFills = got.fills.map((f) => `${String(scaled(f.price, 4))}x${f.qty}`).join(' ');
  const wantFills = expected.map((f) => `${f.price}x${f.qty}`).join(' ');
  if (gotFills !== wantFills) bad.push(`fills [${gotFills}], walk [${wantFills}]`);
  if (qty === 0) {
    if (got.avg_price !== null) bad.push(`avg_price ${got.avg_price} with no fill`);
  } else {
    // avg = notional / qty to 10 decimals, half even: notional x 10^6 / qty in 10^-10 units.
    const avg = divHalfEven(notional * 1_000_000n, BigInt(qty));
    if (got.avg_price === null || scaled(got.avg_price, 10) !== avg) bad.push(`avg_price ${got.avg_price}, walk ${avg} x 1e-10`);
  }
  if ((got.status === 'filled') !== (qty === o.qty)) bad.push(`status ${got.status} with ${qty} of ${o.qty} filled`);
  return bad.map((b) => `${o.id} (${o.side} ${o.type} ${o.tif} ${o.qty}${o.limitCents === undefined ? '' : ` @ ${centsText(o.limitCents)}`} at ${o.ts}): ${b}`);
}

export interface WalkTally {
  orders: number;
  filled: number;
  partial: number;
  unfilled: number;
  multiLevel: number;
  beyondBook: number;
  fokRejected: number;
  atMessageTime: number;
  atSharedTime: number;
  /** Orders at a shared time whose book after the first message of the group differs from after the last. */
  sharedBookChanged: number;
  beforeFirstMessage: number;
  afterLastMessage: number;
}

export function tally(day: LobsterDay, orders: TestOrder[]): WalkTally {
  const t: WalkTally = { orders: 0, filled: 0, partial: 0, unfilled: 0, multiLevel: 0, beyondBook: 0, fokRejected: 0, atMessageTime: 0, atSharedTime: 0, sharedBookChanged: 0, beforeFirstMessage: 0, afterLastMessage: 0 };
  for (const o of orders) {
    const row = bookAt(day, o.ts);
    const fills = walk(row, o);
    const q = fills.reduce((s, f) => s + f.qty, 0);
    const opp = o.side === 'buy' ? row.asks : row.bids;
    t.orders++;
    if (q === o.qty) t.filled++;
    else if (q > 0) t.partial++;
    else t.unfilled++;
    if (fills.length > 1) t.multiLevel++;
    if (o.qty > opp.reduce((s, l) => s + l.size, 0)) t.beyondBook++;
    if (o.tif === 'FOK' && q === 0 && walk(row, { ...o, tif: 'IOC' }).length > 0) t.fokRejected++;
    const i = lastRowAtOrBefore(day.times, o.ts);
    if (i < 0) t.beforeFirstMessage++;
    if (o.ts > day.times[day.times.length - 1]) t.afterLastMessage++;
    if (i >= 0 && day.times[i] === o.ts) {
      t.atMessageTime++;
      if (i > 0 && day.times[i - 1] === o.ts) {
        t.atSharedTime++;
        let j = i;
        while (j > 0 && day.times[j - 1] === o.ts) j--;
        if (day.book[j] !== day.book[i]) t.sharedBookChanged++;
      }
    }
  }
  return t;
}
