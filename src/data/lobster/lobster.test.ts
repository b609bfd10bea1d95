import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { unzipSync, zipSync, strToU8, strFromU8 } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { L2Book } from '../../engine/book/l2-book.js';
import { EventKind, Side, type MarketEvent } from '../../engine/model/events.js';
import { makeInstrument, priceToTicks } from '../../engine/model/instrument.js';
import { InputError } from '../../errors.js';
import { dataDir } from '../../../test/support/data-dir.js';
import { inferLobsterInstrument, nyMidnightEpochNs, openLobster, type LobsterData } from './index.js';

// Ground truth is the orderbook file of each LOBSTER sample: the book after every message.
// Everything here parses the CSV text on its own (split, Number, BigInt), not with the reader.

const lobsterDir = join(dataDir(), 'lobster');
const zips = readdirSync(lobsterDir)
  .filter((n) => n.endsWith('.zip'))
  .sort()
  .map((n) => join(lobsterDir, n));

const tmp = mkdtempSync(join(tmpdir(), 'vtrade-lobster-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Pair {
  messageName: string;
  orderbookName: string;
  message: string[];
  orderbook: string[];
}

/** Both CSVs of a sample zip, unzipped in memory with fflate, as lines. */
function unzipPair(zipPath: string): Pair {
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

function toLines(text: string): string[] {
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
function textToNs(text: string): bigint {
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
async function verify(md: LobsterData, pair: Pair, levels: number, date: string): Promise<Report> {
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

function levelsOf(name: string): number {
  return Number(/_(\d+)\.csv/.exec(name)![1]);
}

async function thrown(p: Promise<unknown>): Promise<InputError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError');
}

/** Errors may surface when the instrument is inferred (at open) or while streaming. */
async function openAndDrain(path: string): Promise<MarketEvent[]> {
  return drain(await openLobster(path));
}

async function drain(md: LobsterData): Promise<MarketEvent[]> {
  const all: MarketEvent[] = [];
  for await (const batch of md.events()) all.push(...batch);
  return all;
}

/**
 * What the reader had to take from the orderbook file, per sample: rows that needed a Level
 * event, the Level events in all, and those of row 1 (the opening book). The counts follow from
 * the data and the documented rules (the view is exactly the file's top N; levels rising into
 * it are set, levels falling out of it removed), so a change in the message path, the book or
 * the corrector moves them even when every row still matches after correction.
 */
const CORRECTIONS: Record<string, { rowsCorrected: number; correctionLevels: number; openingLevels: number }> = {
  'LOBSTER_SampleFile_AAPL_2012-06-21_1.zip': { rowsCorrected: 64351, correctionLevels: 64351, openingLevels: 1 },
  'LOBSTER_SampleFile_AMZN_2012-06-21_1.zip': { rowsCorrected: 27558, correctionLevels: 27559, openingLevels: 2 },
  'LOBSTER_SampleFile_AMZN_2012-06-21_5.zip': { rowsCorrected: 69227, correctionLevels: 69236, openingLevels: 10 },
  'LOBSTER_SampleFile_GOOG_2012-06-21_1.zip': { rowsCorrected: 24085, correctionLevels: 24086, openingLevels: 2 },
  'LOBSTER_SampleFile_GOOG_2012-06-21_10.zip': { rowsCorrected: 89560, correctionLevels: 89579, openingLevels: 20 },
  'LOBSTER_SampleFile_GOOG_2012-06-21_5.zip': { rowsCorrected: 65993, correctionLevels: 66002, openingLevels: 10 },
};

describe('LOBSTER samples against their orderbook files', () => {
  it('finds the six sample zips', () => {
    expect(zips.map((z) => basename(z))).toHaveLength(6);
  });

  for (const zip of zips) {
    it(`rebuilds every row of ${basename(zip)}`, async () => {
      const pair = unzipPair(zip);
      const levels = levelsOf(pair.orderbookName);
      const md = await openLobster(zip);
      expect(md.format).toBe('lobster');
      expect(md.levels).toBe(levels);
      expect(md.messageFile).toBe(`${zip}:${pair.messageName}`);
      expect(pair.message.length).toBe(pair.orderbook.length);

      const report = await verify(md, pair, levels, '2012-06-21');
      expect(report.firstProblems).toEqual([]);
      expect(report.bookMismatches).toBe(0);
      expect(report.messageMismatches).toBe(0);
      expect(report.records).toBe(pair.orderbook.length);
      expect(md.stats.rows).toBe(pair.orderbook.length);
      expect(report.typesFromEvents).toEqual(report.typesFromFile);
      expect(md.stats.messagesByType).toEqual(report.typesFromFile);
      expect(md.stats.rowsClean + md.stats.rowsCorrected).toBe(pair.orderbook.length);
      const { rowsCorrected, correctionLevels, openingLevels } = md.stats;
      expect({ rowsCorrected, correctionLevels, openingLevels }).toEqual(CORRECTIONS[basename(zip)]);

      const s = md.stats;
      console.log(
        `${basename(zip)}: ${s.rows} rows, ${s.events} events; ${s.correctionLevels} level corrections ` +
          `(${s.openingLevels} for the opening book) on ${s.rowsCorrected} rows; ` +
          `${s.rowsClean} rows (${((100 * s.rowsClean) / s.rows).toFixed(1)}%) matched from the message alone; ` +
          `warnings: ${md.warnings.length}`,
      );
    });
  }

  it('infers the instrument from the file name and the message prices', async () => {
    for (const zip of zips) {
      const pair = unzipPair(zip);
      const wholeCents = pair.message.every((l) => {
        const f = l.split(',');
        return Number(f[1]) === 7 || Number(f[4]) % 100 === 0;
      });
      const inst = await inferLobsterInstrument(zip);
      expect(inst).toMatchObject({
        symbol: pair.messageName.split('_')[0],
        venue: 'NASDAQ',
        assetClass: 'equity',
        currency: 'USD',
        lotSize: '1',
        tickSize: wholeCents ? '0.01' : '0.0001',
      });
    }
  });

  it('reports float noise past the nanosecond and rounds it in the text', async () => {
    const zip = zips.find((z) => z.includes('AMZN_2012-06-21_5'))!;
    const pair = unzipPair(zip);
    const noisy = pair.message.map((l, i) => [l, i + 1] as const).filter(([l]) => (l.split(',')[0].split('.')[1] ?? '').length > 9);
    const md = await openLobster(zip);
    await drain(md);
    expect(md.warnings).toHaveLength(noisy.length);
    for (const [, line] of noisy) expect(md.warnings.some((w) => w.includes(`:${line}:`))).toBe(true);
  });
});

describe('LOBSTER times', () => {
  it('turns the first AAPL message into exact epoch nanoseconds', async () => {
    const zip = zips.find((z) => z.includes('AAPL'))!;
    const md = await openLobster(zip);
    let first: MarketEvent | undefined;
    for await (const batch of md.events()) {
      first = batch[0];
      break;
    }
    // 2012-06-21T09:30:00.004241176-04:00
    const expected = BigInt(Date.parse('2012-06-21T09:30:00.004-04:00')) * 1_000_000n + 241_176n;
    expect(first!.tsExch).toBe(expected);
    expect(first!.tsLocal).toBe(expected);
    expect(first!.record).toBe(1);
  });

  it('finds New York midnight from the zone rules, daylight saving included', () => {
    const ms = (iso: string): bigint => BigInt(Date.parse(iso)) * 1_000_000n;
    expect(nyMidnightEpochNs('2012-06-21')).toBe(ms('2012-06-21T00:00:00-04:00'));
    expect(nyMidnightEpochNs('2012-01-03')).toBe(ms('2012-01-03T00:00:00-05:00'));
    // Clocks change at 02:00, so midnight keeps the offset of the day before.
    expect(nyMidnightEpochNs('2012-03-11')).toBe(ms('2012-03-11T00:00:00-05:00'));
    expect(nyMidnightEpochNs('2012-03-12')).toBe(ms('2012-03-12T00:00:00-04:00'));
    expect(nyMidnightEpochNs('2012-11-04')).toBe(ms('2012-11-04T00:00:00-04:00'));
    expect(nyMidnightEpochNs('2012-11-05')).toBe(ms('2012-11-05T00:00:00-05:00'));
  });
});

/** Writes a plain message/orderbook pair into the temp folder; returns the message path. */
function writePair(dir: string, name: string, message: string[], orderbook: string[], gzip = false): string {
  const ext = gzip ? '.csv.gz' : '.csv';
  const body = (lines: string[]): Buffer | string => (gzip ? gzipSync(lines.join('\n') + '\n') : lines.join('\n') + '\n');
  const levels = orderbook[0].split(',').length / 4;
  const messagePath = join(dir, `${name}_message_${levels}${ext}`);
  writeFileSync(messagePath, body(message));
  writeFileSync(messagePath.replace('_message_', '_orderbook_'), body(orderbook));
  return messagePath;
}

describe('LOBSTER plain files', () => {
  const zip = zips.find((z) => z.includes('AMZN_2012-06-21_1'))!;

  it('reads an unzipped pair, from either file, plain or gzip, exactly as the zip', async () => {
    const pair = unzipPair(zip);
    const fromZip = await drain(await openLobster(zip));
    const messagePath = writePair(tmp, 'AMZN_2012-06-21_34200000_57600000', pair.message, pair.orderbook);
    const plain = await openLobster(messagePath);
    expect(plain.messageFile).toBe(messagePath);
    expect(await drain(plain)).toEqual(fromZip);
    const fromOrderbook = await openLobster(messagePath.replace('_message_', '_orderbook_'));
    expect(fromOrderbook.messageFile).toBe(messagePath);

    const gzDir = mkdtempSync(join(tmp, 'gz-'));
    const gzPath = writePair(gzDir, 'AMZN_2012-06-21_34200000_57600000', pair.message, pair.orderbook, true);
    expect(await drain(await openLobster(gzPath))).toEqual(fromZip);
  });

  it('uses the New York offset of the file date (winter: UTC-5)', async () => {
    const pair = unzipPair(zip);
    const dir = mkdtempSync(join(tmp, 'winter-'));
    const path = writePair(dir, 'AMZN_2012-01-03_34200000_57600000', pair.message.slice(0, 20), pair.orderbook.slice(0, 20));
    const events = await drain(await openLobster(path));
    const [time] = pair.message[0].split(',');
    expect(events[0].tsExch).toBe(BigInt(Date.parse('2012-01-03T00:00:00-05:00')) * 1_000_000n + textToNs(time));
  });

  it('infers a one-cent tick when every price is whole cents, and still matches every row', async () => {
    const pair = unzipPair(zip);
    const keep = pair.message.map((l, i) => i).filter((i) => Number(pair.message[i].split(',')[4]) % 100 === 0).slice(0, 3000);
    const sub: Pair = { ...pair, message: keep.map((i) => pair.message[i]), orderbook: keep.map((i) => pair.orderbook[i]) };
    const dir = mkdtempSync(join(tmp, 'cents-'));
    const md = await openLobster(writePair(dir, 'AMZN_2012-06-21_34200000_57600000', sub.message, sub.orderbook));
    expect(md.instrument.tickSize).toBe('0.01');
    const report = await verify(md, sub, 1, '2012-06-21');
    expect(report.firstProblems).toEqual([]);
    expect(report.records).toBe(sub.orderbook.length);
  });

  it('follows empty levels, levels rising from below the top N, and halts', async () => {
    // A two-level book written by hand; each orderbook row is the book after its message.
    const E = '9999999999,0';
    const B = '-9999999999,0';
    const message = [
      '34200.000000001,1,1,100,1000000,1', // bid 100 @ 100.00
      '34200.000000002,1,2,50,1010000,-1', // ask 50 @ 101.00
      '34200.000000003,1,3,10,990000,1', // bid 10 @ 99.00
      '34200.000000004,3,1,100,1000000,1', // bid 100.00 gone
      '34200.000000005,1,4,5,980000,1', // bid 5 @ 98.00, level 2
      '34200.000000006,1,5,7,995000,1', // bid 7 @ 99.50 pushes 98.00 out of view
      '34200.000000007,3,5,7,995000,1', // 99.50 gone: 98.00 was cancelled unseen, 97.50 rises
      '34200.000000008,7,0,0,-1,-1', // halt
      '34200.000000009,7,0,0,1,-1', // resume
      '34200.000000010,4,2,50,1010000,-1', // the whole ask executes
      '34200.000000011,5,0,3,1005000,-1', // hidden execution
    ];
    const orderbook = [
      `${E},1000000,100,${E},${B}`,
      `1010000,50,1000000,100,${E},${B}`,
      `1010000,50,1000000,100,${E},990000,10`,
      `1010000,50,990000,10,${E},${B}`,
      `1010000,50,990000,10,${E},980000,5`,
      `1010000,50,995000,7,${E},990000,10`,
      `1010000,50,990000,10,${E},975000,3`,
      `1010000,50,990000,10,${E},975000,3`,
      `1010000,50,990000,10,${E},975000,3`,
      `${E},990000,10,${E},975000,3`,
      `${E},990000,10,${E},975000,3`,
    ];
    const dir = mkdtempSync(join(tmp, 'hand-'));
    const md = await openLobster(writePair(dir, 'TEST_2012-06-21_34200000_57600000', message, orderbook));
    const report = await verify(md, { messageName: '', orderbookName: '', message, orderbook }, 2, '2012-06-21');
    expect(report.firstProblems).toEqual([]);
    expect(report.records).toBe(message.length);
    // Row 6 drops 98.00 as it falls out of view (the view is exactly the top N); row 7 sets
    // 97.50 as it rises into view; nothing else needs the orderbook file.
    expect(md.stats.rowsCorrected).toBe(2);
    expect(md.stats.correctionLevels).toBe(2);
    expect(md.warnings.filter((w) => w.includes('halt') || w.includes('resumes'))).toHaveLength(2);
  });
});

describe('LOBSTER bad input', () => {
  const zip = zips.find((z) => z.includes('AMZN_2012-06-21_1'))!;
  const pair = unzipPair(zip);
  const head = (n: number): Pair => ({ ...pair, message: pair.message.slice(0, n), orderbook: pair.orderbook.slice(0, n) });
  const withLine = (lines: string[], line: number, edit: (fields: string[]) => void): string[] =>
    lines.map((l, i) => {
      if (i !== line - 1) return l;
      const f = l.split(',');
      edit(f);
      return f.join(',');
    });
  const plain = (name: string, message: string[], orderbook: string[]): string =>
    writePair(mkdtempSync(join(tmp, `${name}-`)), 'AMZN_2012-06-21_34200000_57600000', message, orderbook);

  it('names the zip entry, line and field of a broken price', async () => {
    const p = head(50);
    const message = withLine(p.message, 3, (f) => (f[4] = '22x8200'));
    const badZip = join(tmp, 'broken.zip');
    writeFileSync(
      badZip,
      zipSync({
        [p.messageName]: strToU8(message.join('\n') + '\n'),
        [p.orderbookName]: strToU8(p.orderbook.join('\n') + '\n'),
      }),
    );
    const md = await openLobster(badZip, { instrument: makeInstrument({ symbol: 'AMZN', venue: 'NASDAQ', assetClass: 'equity', currency: 'USD', tickSize: '0.0001', lotSize: '1' }) });
    const err = await thrown(drain(md));
    expect(err).toMatchObject({ file: `${badZip}:${p.messageName}`, line: 3, field: 'price' });
    // Inferring the instrument scans the same file and fails the same way.
    expect(await thrown(openLobster(badZip))).toMatchObject({ file: `${badZip}:${p.messageName}`, line: 3, field: 'price' });
  });

  it('rejects an unknown message type', async () => {
    const p = head(30);
    const path = plain('type', withLine(p.message, 5, (f) => (f[1] = '9')), p.orderbook);
    expect(await thrown(openAndDrain(path))).toMatchObject({ file: path, line: 5, field: 'type' });
  });

  it('rejects a line with a missing field and a non-numeric size', async () => {
    const p = head(30);
    const short = plain('short', withLine(p.message, 4, (f) => f.pop()), p.orderbook);
    expect(await thrown(openAndDrain(short))).toMatchObject({ file: short, line: 4, field: 'direction' });
    const text = plain('size', withLine(p.message, 6, (f) => (f[3] = 'ten')), p.orderbook);
    expect(await thrown(openAndDrain(text))).toMatchObject({ file: text, line: 6, field: 'size' });
  });

  it('rejects row-count mismatches between the two files', async () => {
    const p = head(40);
    const fewerBook = plain('fewer-book', p.message, p.orderbook.slice(0, 39));
    expect(await thrown(openAndDrain(fewerBook))).toMatchObject({ file: fewerBook, line: 40, field: 'row' });
    const fewerMsg = plain('fewer-msg', p.message.slice(0, 39), p.orderbook);
    expect(await thrown(openAndDrain(fewerMsg))).toMatchObject({
      file: fewerMsg.replace('_message_', '_orderbook_'),
      line: 40,
      field: 'row',
    });
  });

  it('rejects a broken orderbook row, naming the orderbook file and column', async () => {
    const p = head(30);
    const path = plain('book', p.message, withLine(p.orderbook, 7, (f) => (f[2] = '22.5')));
    expect(await thrown(openAndDrain(path))).toMatchObject({
      file: path.replace('_message_', '_orderbook_'),
      line: 7,
      field: 'BidPrice1',
    });
    const cols = plain('cols', p.message, withLine(p.orderbook, 8, (f) => f.push('1')));
    expect(await thrown(openAndDrain(cols))).toMatchObject({ file: cols.replace('_message_', '_orderbook_'), line: 8 });
  });

  it('rejects time going backwards unless unordered rows are allowed', async () => {
    const p = head(30);
    const message = withLine(p.message, 10, (f) => (f[0] = '34199.5'));
    const path = plain('time', message, p.orderbook);
    expect(await thrown(openAndDrain(path))).toMatchObject({ file: path, line: 10, field: 'time' });
    const md = await openLobster(path, { allowUnordered: true });
    const events = await drain(md);
    expect(events[events.length - 1].record).toBe(30);
    expect(md.warnings.some((w) => w.includes(`${path}:10:`))).toBe(true);
  });

  it('rejects a given instrument whose tick does not fit the prices', async () => {
    const aapl = zips.find((z) => z.includes('AAPL'))!;
    const firstSubPenny = unzipPair(aapl).message.findIndex((l) => Number(l.split(',')[4]) % 100 !== 0) + 1;
    const cent = makeInstrument({ symbol: 'AAPL', venue: 'NASDAQ', assetClass: 'equity', currency: 'USD', tickSize: '0.01', lotSize: '1' });
    const md = await openLobster(aapl, { instrument: cent });
    expect(md.instrument).toBe(cent);
    expect(await thrown(drain(md))).toMatchObject({ line: firstSubPenny, field: 'price' });
  });

  it('reads CRLF line ends and a last line without a newline', async () => {
    const p = head(30);
    const unix = await openAndDrain(plain('unix', p.message, p.orderbook));
    const dir = mkdtempSync(join(tmp, 'crlf-'));
    const path = join(dir, 'AMZN_2012-06-21_34200000_57600000_message_1.csv');
    writeFileSync(path, p.message.join('\r\n'));
    writeFileSync(path.replace('_message_', '_orderbook_'), p.orderbook.join('\r\n'));
    expect(await openAndDrain(path)).toEqual(unix);
  });

  it('names the file and line where a gzip file is cut short', async () => {
    const p = head(2000);
    const dir = mkdtempSync(join(tmp, 'cut-'));
    const path = join(dir, 'AMZN_2012-06-21_34200000_57600000_message_1.csv.gz');
    const gz = gzipSync(p.message.join('\n') + '\n');
    writeFileSync(path, gz.subarray(0, Math.floor(gz.length / 2)));
    writeFileSync(path.replace('_message_', '_orderbook_'), gzipSync(p.orderbook.join('\n') + '\n'));
    const err = await thrown(openAndDrain(path));
    expect(err.file).toBe(path);
    expect(err.line).toBeGreaterThan(1);
    expect(err.line).toBeLessThanOrEqual(2000);
  });

  it('rejects a file that is not a zip archive', async () => {
    const path = join(tmp, 'not-a.zip');
    writeFileSync(path, 'hello');
    expect(await thrown(openLobster(path))).toMatchObject({ file: path });
  });

  it('names the missing orderbook file of a message file', async () => {
    const dir = mkdtempSync(join(tmp, 'alone-'));
    const path = join(dir, 'AMZN_2012-06-21_34200000_57600000_message_1.csv');
    writeFileSync(path, pair.message.slice(0, 5).join('\n'));
    const err = await thrown(openLobster(path));
    expect(err.file).toBe(path.replace('_message_', '_orderbook_'));
  });
});
