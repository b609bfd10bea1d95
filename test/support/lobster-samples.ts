import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { unzipSync, strFromU8 } from 'fflate';
import { expect } from 'vitest';
import { L2Book } from '../../src/engine/book/l2-book.js';
import { EventKind, Side, type MarketEvent } from '../../src/engine/model/events.js';
import { priceToTicks } from '../../src/engine/model/instrument.js';
import { InputError } from '../../src/errors.js';
import { openLobster, type LobsterData } from '../../src/data/lobster/index.js';
import { dataDir } from './data-dir.js';

// Helpers of the LOBSTER reader's tests. Ground truth is the orderbook file of each LOBSTER
// sample: the book after every message. Everything here parses the CSV text on its own (split,
// Number, BigInt), not with the reader.

/** The six LOBSTER sample zips of the data folder, by name. */
export const lobsterZips = readdirSync(join(dataDir(), 'lobster'))
  .filter((n) => n.endsWith('.zip'))
  .sort()
  .map((n) => join(dataDir(), 'lobster', n));

export interface Pair {
  messageName: string;
  orderbookName: string;
  message: string[];
  orderbook: string[];
}

/** Both CSVs of a sample zip, unzipped in memory with fflate, as lines. */
export function unzipPair(zipPath: string): Pair {
  const files = unzipSync(readFileSync(zipPath), { filter: (f) => /_(message|orderbook)_\d+\.csv$/.test(f.name) });
  const names = Object.keys(files);
  const messageName = names.find((n) => n.includes('_message_'))!;
  const orderbookName = names.find((n) => n.includes('_orderbook_'))!;
  return {
    messageName,
    orderbookName,
    message: toLines(strFromU8(files[messageName])),
    orderbook: toLines(strFromU8(files[orderbookName])),
  };
}

export function toLines(text: string): string[] {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** LOBSTER integer price (dollars x 10000) as decimal dollars text: "5853300" -> "585.3300". */
function dollars(raw: string): string {
  const neg = raw.startsWith('-');
  const digits = (neg ? raw.slice(1) : raw).padStart(5, '0');
  return `${neg ? '-' : ''}${digits.slice(0, -4)}.${digits.slice(-4)}`;
}

/** New York midnight of a summer day is 04:00 UTC (EDT). */
function edtMidnightNs(date: string): bigint {
  return BigInt(Date.parse(`${date}T00:00:00-04:00`)) * 1_000_000n;
}

/** "34200.004241176" -> ns after midnight; float noise past 9 decimals rounds half up. */
export function textToNs(text: string): bigint {
  const [secs, frac = ''] = text.split('.');
  const round = frac.length > 9 && frac.charCodeAt(9) >= 53 ? 1n : 0n;
  return BigInt(secs) * 1_000_000_000n + BigInt(frac.padEnd(9, '0').slice(0, 9)) + round;
}

interface Expected {
  kind: EventKind;
  side: Side;
}

/** The non-level events each LOBSTER message type must produce, from the format's ReadMe. */
function expectedFor(type: number, direction: number): Expected[] {
  const resting = direction === 1 ? Side.Bid : Side.Ask;
  const aggressor = direction === 1 ? Side.Ask : Side.Bid;
  switch (type) {
    case 1:
      return [{ kind: EventKind.Add, side: resting }];
    case 2:
      return [{ kind: EventKind.Cancel, side: resting }];
    case 3:
      return [{ kind: EventKind.Delete, side: resting }];
    case 4:
      return [
        { kind: EventKind.Execute, side: resting },
        { kind: EventKind.Trade, side: aggressor },
      ];
    case 5:
      return [{ kind: EventKind.Trade, side: aggressor }];
    case 6:
      return [{ kind: EventKind.Trade, side: Side.None }];
    default:
      return [];
  }
}

/** Which LOBSTER type a record's non-level events say it was. */
function typeOf(events: MarketEvent[]): number {
  const kinds = events.map((e) => e.kind);
  if (kinds.includes(EventKind.Add)) return 1;
  if (kinds.includes(EventKind.Cancel)) return 2;
  if (kinds.includes(EventKind.Delete)) return 3;
  if (kinds.includes(EventKind.Execute)) return 4;
  if (kinds.includes(EventKind.Trade)) return events[0].side === Side.None ? 6 : 5;
  return 7;
}

interface Report {
  rows: number;
  records: number;
  bookMismatches: number;
  messageMismatches: number;
  firstProblems: string[];
  typesFromEvents: number[];
  typesFromFile: number[];
}

/**
 * Streams every event into an engine L2Book and, after each record, compares the book's top N
 * with the orderbook row and the record's own events with the message row.
 */
export async function verify(md: LobsterData, pair: Pair, levels: number, date: string): Promise<Report> {
  const instrument = md.instrument;
  const tickCache = new Map<string, number>();
  const ticks = (raw: string): number => {
    let t = tickCache.get(raw);
    if (t === undefined) {
      t = priceToTicks(instrument, dollars(raw));
      tickCache.set(raw, t);
    }
    return t;
  };
  const midnight = edtMidnightNs(date);
  const book = new L2Book();
  const report: Report = {
    rows: pair.orderbook.length,
    records: 0,
    bookMismatches: 0,
    messageMismatches: 0,
    firstProblems: [],
    typesFromEvents: [0, 0, 0, 0, 0, 0, 0, 0],
    typesFromFile: [0, 0, 0, 0, 0, 0, 0, 0],
  };
  for (const line of pair.message) report.typesFromFile[Number(line.split(',')[1])]++;
  const problem = (text: string): void => {
    if (report.firstProblems.length < 5) report.firstProblems.push(text);
  };

  let checked = 0;
  let current = 0;
  let recordEvents: MarketEvent[] = [];
  let lastTs = -1n;

  const checkRecord = (r: number, events: MarketEvent[]): void => {
    // The book against the orderbook row.
    const cols = pair.orderbook[r - 1].split(',');
    const want = { asks: [] as [number, number][], bids: [] as [number, number][] };
    for (let j = 0; j < levels; j++) {
      const [ap, as, bp, bs] = cols.slice(4 * j, 4 * j + 4);
      if (ap !== '9999999999') want.asks.push([ticks(ap), Number(as)]);
      if (bp !== '-9999999999') want.bids.push([ticks(bp), Number(bs)]);
    }
    const got = book.levels(levels);
    if (!sameLevels(got.asks, want.asks) || !sameLevels(got.bids, want.bids)) {
      report.bookMismatches++;
      problem(`row ${r}: book ${JSON.stringify(got)} != file ${JSON.stringify(want)}`);
    }
    // The record's events against the message row.
    const [time, type, orderId, size, price, direction] = pair.message[r - 1].split(',');
    const ts = midnight + textToNs(time);
    const own = events.filter((e) => e.kind !== EventKind.Level);
    const expected = expectedFor(Number(type), Number(direction));
    report.typesFromEvents[typeOf(own)]++;
    const ok =
      own.length === expected.length &&
      own.every(
        (e, k) =>
          e.kind === expected[k].kind &&
          e.side === expected[k].side &&
          e.price === ticks(price) &&
          e.qty === Number(size) &&
          e.orderId === Number(orderId),
      ) &&
      events.every((e) => e.tsExch === ts && e.tsLocal === ts);
    if (!ok) {
      report.messageMismatches++;
      problem(`row ${r}: events ${JSON.stringify(events, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))} for "${pair.message[r - 1]}"`);
    }
  };
  const checkUpTo = (r: number): void => {
    while (checked < r) {
      checked++;
      checkRecord(checked, checked === current ? recordEvents : []);
    }
  };

  for await (const batch of md.events()) {
    for (const e of batch) {
      if (e.record !== current) {
        if (e.record < current) problem(`record ${e.record} after ${current}`);
        checkUpTo(e.record - 1);
        current = e.record;
        recordEvents = [];
        report.records = Math.max(report.records, e.record);
      }
      if (e.tsExch < lastTs) problem(`time goes back at record ${e.record}`);
      lastTs = e.tsExch;
      recordEvents.push(e);
      book.apply(e);
    }
  }
  checkUpTo(Math.max(report.rows, current));
  return report;
}

function sameLevels(a: [number, number][], b: [number, number][]): boolean {
  return a.length === b.length && a.every(([p, s], i) => p === b[i][0] && s === b[i][1]);
}

export function levelsOf(name: string): number {
  return Number(/_(\d+)\.csv/.exec(name)![1]);
}

export async function thrown(p: Promise<unknown>): Promise<InputError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError');
}

/** Errors may surface when the instrument is inferred (at open) or while streaming. */
export async function openAndDrain(path: string): Promise<MarketEvent[]> {
  return drain(await openLobster(path));
}

export async function drain(md: LobsterData): Promise<MarketEvent[]> {
  const all: MarketEvent[] = [];
  for await (const batch of md.events()) all.push(...batch);
  return all;
}

/** Writes a plain message/orderbook pair into the temp folder; returns the message path. */
export function writePair(dir: string, name: string, message: string[], orderbook: string[], gzip = false): string {
  const ext = gzip ? '.csv.gz' : '.csv';
  const body = (lines: string[]): Buffer | string => (gzip ? gzipSync(lines.join('\n') + '\n') : lines.join('\n') + '\n');
  const levels = orderbook[0].split(',').length / 4;
  const messagePath = join(dir, `${name}_message_${levels}${ext}`);
  writeFileSync(messagePath, body(message));
  writeFileSync(messagePath.replace('_message_', '_orderbook_'), body(orderbook));
  return messagePath;
}
