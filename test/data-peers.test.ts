/**
 * Choices where other readers of the same kind of data differ, written down so they stay made.
 * Every file here is small data of our own; the peers' behaviour is stated in words.
 */
import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openTardis } from '../src/data/tardis/index.js';
import { L2Book } from '../src/engine/book/l2-book.js';
import { EventKind } from '../src/engine/model/events.js';
import type { MarketEvent } from '../src/engine/model/events.js';
import { runCli } from './support/run-cli.js';
import { collect, tempDir } from './support/data-helpers.js';

const HEADER = 'exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount';

/** A Tardis incremental_book_L2 file from rows "µs,snapshot?,side,price,amount". */
function tardisFile(rows: string[]): string {
  const dir = tempDir('vtrade-peers-');
  const path = join(dir, 'l2.csv');
  const body = rows.map((r) => {
    const [us, snap, side, price, amount] = r.split(',');
    return `testex,ABC-USD,${us},${BigInt(us) + 150n},${snap},${side},${price},${amount}`;
  });
  writeFileSync(path, [HEADER, ...body].join('\n') + '\n');
  return path;
}

/** Best-first [price, size] per side after applying events up to and including a record. */
function bookAfter(events: MarketEvent[], record: number, tick: number): { bids: number[][]; asks: number[][] } {
  const book = new L2Book();
  for (const e of events) if (e.record <= record) book.apply(e);
  const { bids, asks } = book.levels(10);
  const scale = ([p, q]: [number, number]): number[] => [Math.round(p * tick * 1e6) / 1e6, q];
  return { bids: bids.map(scale), asks: asks.map(scale) };
}

// Two full books in a row, as venues that send every message as a snapshot write them: the
// market moved up a whole point between them, so merging the two gives a crossed book.
const BACK_TO_BACK = [
  '1700000000000000,true,bid,100.0,2',
  '1700000000000000,true,ask,100.5,3',
  '1700000000500000,true,bid,101.0,1',
  '1700000000500000,true,ask,101.5,4',
];

describe('back-to-back snapshots (Tardis incremental_book_L2)', () => {
  it('NautilusTrader starts a new book when the timestamp changes inside a snapshot run, tardis-node clears on every snapshot message: vtrade starts a new snapshot at a new timestamp', async () => {
    const data = await openTardis(tardisFile(BACK_TO_BACK));
    const events = await collect(data);
    expect(events.filter((e) => e.kind === EventKind.Clear).map((e) => e.record)).toEqual([1, 3]);
    expect(bookAfter(events, 2, 0.1)).toEqual({ bids: [[100, 2]], asks: [[100.5, 3]] });
    expect(bookAfter(events, 4, 0.1)).toEqual({ bids: [[101, 1]], asks: [[101.5, 4]] });
  });

  it('rows of one snapshot message (same timestamps) stay one book', async () => {
    const data = await openTardis(tardisFile(BACK_TO_BACK.slice(0, 2)));
    const events = await collect(data);
    expect(events.filter((e) => e.kind === EventKind.Clear)).toHaveLength(1);
    expect(bookAfter(events, 2, 0.1)).toEqual({ bids: [[100, 2]], asks: [[100.5, 3]] });
  });

  it('book prints the second snapshot alone, synchronised and not crossed', () => {
    const r = runCli(['book', tardisFile(BACK_TO_BACK), '--after', '4', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ index: 4, synced: true, crossed: false, bids: [['101', '1']], asks: [['101.5', '4']] });
    expect(r.stderr).not.toContain('crossed');
  });
});

// Two incremental rows, then a snapshot, then one more incremental row.
const BEFORE_SNAPSHOT = [
  '1700000000000000,false,bid,99.0,5',
  '1700000000100000,false,ask,100.5,1',
  '1700000000200000,true,bid,100.0,2',
  '1700000000200000,true,ask,100.5,3',
  '1700000000300000,false,bid,100.0,7',
];

describe('updates before the first snapshot (Tardis incremental_book_L2)', () => {
  it('NautilusTrader applies them to an empty book, tardis-node leaves the book empty until the snapshot: vtrade does as tardis-node, and counts them', async () => {
    const path = tardisFile(BEFORE_SNAPSHOT);
    const data = await openTardis(path);
    const events = await collect(data);
    // Nothing before the snapshot reaches the book; the rows still count as records.
    expect(events.filter((e) => e.record < 3)).toEqual([]);
    expect(events.map((e) => e.kind)).toEqual([EventKind.Clear, EventKind.Level, EventKind.Level, EventKind.Level]);
    expect(data.recordCount).toBe(5);
    expect(data.warnings).toContain(`${path}: 2 incremental rows before the first snapshot (lines 2-3) were not applied: the book is unknown until a snapshot`);
    expect(data.unsyncedAt?.(2)).toContain('no snapshot');
    expect(data.unsyncedAt?.(3)).toBeUndefined();
    expect(bookAfter(events, 5, 0.1)).toEqual({ bids: [[100, 7]], asks: [[100.5, 3]] });
  });

  it('book before the snapshot is empty and says it is not synchronised, in the JSON and on stderr', () => {
    const path = tardisFile(BEFORE_SNAPSHOT);
    const before = runCli(['book', path, '--after', '2', '--json']);
    expect(before.code, before.stderr).toBe(0);
    expect(JSON.parse(before.stdout)).toMatchObject({ index: 2, synced: false, bids: [], asks: [] });
    expect(before.stderr).toContain(`${path}:3) is not synchronised`);
    const after = runCli(['book', path, '--after', '5', '--json']);
    expect(JSON.parse(after.stdout)).toMatchObject({ index: 5, synced: true, bids: [['100', '7']], asks: [['100.5', '3']] });
    expect(after.stderr).not.toContain('not synchronised');
  });

  it('inspect counts every row as a record and reports the rows left out', () => {
    const path = tardisFile(BEFORE_SNAPSHOT);
    const r = runCli(['data', 'inspect', path, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as { records: number; events: number; warnings: string[] };
    expect(s.records).toBe(5);
    expect(s.events).toBe(4);
    expect(s.warnings.join('\n')).toContain('2 incremental rows before the first snapshot');
  });
});

describe('a crossed book is never shown silently', () => {
  it('book flags it in the JSON and warns with the file and line', () => {
    const dir = tempDir('vtrade-crossed-');
    const csv = join(dir, 'crossed.csv');
    writeFileSync(`${csv}.instrument.json`, JSON.stringify({ symbol: 'X', venue: 'T', assetClass: 'equity', currency: 'USD', tickSize: '0.01', lotSize: '1' }));
    // Native rows mean what they say: a bid above the ask is kept, and pointed out.
    writeFileSync(csv, 'ts_exch,ts_local,kind,side,price,qty,order_id\n1000,,level,bid,10.00,5,\n1000,,level,ask,10.02,5,\n2000,,level,bid,10.03,1,\n');
    const ok = runCli(['book', csv, '--after', '2', '--json']);
    expect(JSON.parse(ok.stdout)).toMatchObject({ crossed: false, synced: true });
    expect(ok.stderr).toBe('');
    const r = runCli(['book', csv, '--after', '3', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ index: 3, crossed: true, bids: [['10.03', '1'], ['10', '5']], asks: [['10.02', '5']] });
    expect(r.stderr).toContain(`${csv}:4) is crossed: best bid 10.03 >= best ask 10.02`);
  });
});
