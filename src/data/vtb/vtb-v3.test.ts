import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../errors.js';
import { L2Book } from '../../engine/book/l2-book.js';
import { EventKind, Side, type MarketEvent } from '../../engine/model/events.js';
import { dataDir } from '../../../test/support/data-dir.js';
import { collect, tempDir } from '../../../test/support/data-helpers.js';
import { copyWith, readUntilError, snapshotCache } from '../../../test/support/vtb-damage.js';
import { openMarketData } from '../open.js';
import { openTardis } from '../tardis/index.js';
import { openVtb, readVtbHeader, replayVtbBook, writeVtb } from './index.js';
import { COLUMNS_V3, ColV3, NARROW, NARROW16 } from './format.js';

// Format version 3, what the writer writes: kind and side in one byte, and uint16 price (a base
// and a step per block) and qty columns where a block's values allow. Version 2 files are still
// read (vtb-columns.test.ts covers them on their own).

const SNAPSHOTS = join(dataDir(), 'parsers/nautilus-tardis/binance-futures_book_snapshot_25_BTCUSDT.csv');
const GOOG = join(dataDir(), 'lobster/LOBSTER_SampleFile_GOOG_2012-06-21_10.zip');

/** What a book shows after an event: the touch and the depth of each side. */
function touch(book: L2Book): string {
  return `${book.bestBid()}@${book.bids.sizeAtLevel(0)}/${book.bids.depth} ${book.bestAsk()}@${book.asks.sizeAtLevel(0)}/${book.asks.depth}`;
}

/** The replay's book after every event, against a book fed the source's events one by one. */
function expectSameBookAfterEveryEvent(file: string, events: MarketEvent[]): void {
  const reference = new L2Book();
  const book = new L2Book();
  let i = 0;
  let differences = 0;
  replayVtbBook(file, book, (record) => {
    const e = events[i++];
    reference.apply(e);
    if (record !== e.record || touch(book) !== touch(reference)) differences++;
  });
  expect(i).toBe(events.length);
  expect(differences).toBe(0);
  expect(book.levels()).toEqual(reference.levels());
}

describe('vtb version 3', () => {
  it('the writer writes version 3; a real snapshot file gets uint16 prices and sizes, and the same book after every event', async () => {
    const { file, events } = await snapshotCache(3, 200);
    expect(readFileSync(file).readUInt32LE(4)).toBe(3);
    const header = readVtbHeader(file);
    expect(header.version).toBe(3);
    for (const block of header.index) {
      expect(block.layout.narrow).toBe(NARROW16.price | NARROW16.qty | NARROW.orderId);
      expect(block.step).toBeGreaterThanOrEqual(1);
    }
    // 2 + 2 + 1 + 4 + 4 + 8 + 8 bytes an event (v2: 34), each column padded to 8.
    expect(header.index[0].layout.bytes).toBe(48 + 400 + 400 + 200 + 800 + 800 + 1600 + 1600);
    expect(await collect(openVtb(file))).toEqual(events);
    expectSameBookAfterEveryEvent(file, events);
  });

  it('a LOBSTER day (prices in 0.0001 on a 0.005 grid): step 50, 5 bytes an event to replay, and the same book after every event as version 2', async () => {
    const source = await openMarketData([GOOG]);
    const events = await collect(source);
    const v3 = join(tempDir(), 'goog3.vtb');
    const v2 = join(tempDir(), 'goog2.vtb');
    await writeVtb({ instrument: source.instrument, events }, v3);
    await writeVtb({ instrument: source.instrument, events }, v2, undefined, { version: 2 });
    const header = readVtbHeader(v3);
    expect(header.index.map((b) => [b.layout.narrow, b.step])).toEqual(header.index.map(() => [NARROW16.price | NARROW16.qty | NARROW.orderId, 50]));
    const bookBytes = (h: typeof header): number => h.index.reduce((s, b) => s + b.layout.offset[ColV3.kindSide] + b.layout.length[ColV3.kindSide] - b.layout.offset[0], 0);
    expect(bookBytes(header) / header.count).toBeLessThan(5.01);
    expect(await collect(openVtb(v3))).toEqual(await collect(openVtb(v2)));
    expectSameBookAfterEveryEvent(v3, events);
    expectSameBookAfterEveryEvent(v2, events);
  });

  it('values a narrow column cannot hold keep a wider one, in their block only, and round trip exactly', async () => {
    const source = await openTardis(SNAPSHOTS);
    const real = (await collect(source)).slice(0, 70);
    const odd = (e: MarketEvent, i: number): MarketEvent => {
      if (i === 12) return { ...e, price: 2 ** 40 + 1 }; // beyond int32: float64 price
      if (i === 15) return { ...e, qty: 70000 }; // int32 but not uint16
      if (i === 22) return { ...e, price: e.price + 70000 * 7 }; // 70,000 steps of 7 from the rest: int32 price
      if (i === 23) return { ...e, price: e.price + 7 };
      if (i === 31) return { ...e, qty: -5 }; // int32
      if (i === 33) return { ...e, price: -0, orderId: -0 }; // -0 would come back as 0 from an integer column
      if (i === 44) return { ...e, qty: 0.5 };
      if (i === 45) return { ...e, qty: Number.NaN };
      if (i === 52) return { ...e, kind: EventKind.Clear, side: Side.None, price: 0, qty: 0 }; // a Clear's 0 is not stored
      if (i === 62) return { ...e, kind: EventKind.Clear, side: Side.None, price: 5, qty: 0 }; // but a Clear at 5 is
      return e;
    };
    const events = real.map(odd);
    const file = join(tempDir(), 'odd3.vtb');
    await writeVtb({ instrument: source.instrument, events }, file, 10);
    const narrow = readVtbHeader(file).index.map((b) => b.layout.narrow);
    const u16 = NARROW16.price | NARROW16.qty | NARROW.orderId;
    expect(narrow).toEqual([
      u16,
      NARROW.qty | NARROW.orderId, // float64 price
      NARROW.price | NARROW16.qty | NARROW.orderId,
      NARROW.qty, // float64 price and order id (-0)
      NARROW16.price | NARROW.orderId, // float64 qty
      u16,
      NARROW.price | NARROW16.qty | NARROW.orderId,
    ]);
    const back = await collect(openVtb(file));
    expect(back).toEqual(events);
    expect(Object.is(back[33].price, -0) && Object.is(back[33].orderId, -0)).toBe(true);
    expect(back[12].price).toBe(2 ** 40 + 1);
    expect([back[52].price, back[62].price]).toEqual([0, 5]);
    const book = new L2Book();
    replayVtbBook(file, book);
    const reference = new L2Book();
    for (const e of events) reference.apply(e);
    expect(book.levels()).toEqual(reference.levels());
  });

  it('Clear, Level and trade events replay as the book does; a kind or side beyond 15 is refused by the writer', async () => {
    const source = await openTardis(SNAPSHOTS);
    const events: MarketEvent[] = [
      { kind: EventKind.Level, side: Side.Bid, price: 100, qty: 5, orderId: 0, tsExch: 1n, tsLocal: 1n, record: 1 },
      { kind: EventKind.Trade, side: Side.Ask, price: 100, qty: 2, orderId: 0, tsExch: 2n, tsLocal: 2n, record: 2 },
      { kind: EventKind.Clear, side: Side.None, price: 0, qty: 0, orderId: 0, tsExch: 3n, tsLocal: 3n, record: 3 },
      { kind: EventKind.Level, side: Side.Ask, price: 101, qty: 7, orderId: 0, tsExch: 3n, tsLocal: 3n, record: 3 },
    ];
    const small = join(tempDir(), 'small3.vtb');
    await writeVtb({ instrument: source.instrument, events }, small);
    const book = new L2Book();
    const records: number[] = [];
    replayVtbBook(small, book, (r) => records.push(r));
    expect(book.levels()).toEqual({ bids: [], asks: [[101, 7]] });
    expect(records).toEqual([1, 2, 3, 3]);
    const bad = { ...events[0], side: 16 as Side };
    await expect(writeVtb({ instrument: source.instrument, events: [bad] }, join(tempDir(), 'bad.vtb'))).rejects.toThrow('kind 1 and side 16 do not fit');
  });
});

describe('vtb version 3 damage', () => {
  it('one flipped byte in any column of block 2: openVtb delivers block 1 and then refuses, naming the file and the column', async () => {
    const { file, events } = await snapshotCache(3, 100);
    const block = readVtbHeader(file).index[1];
    for (const [c, name] of COLUMNS_V3.entries()) {
      const out = copyWith(file, (b) => {
        b[block.at + block.layout.offset[c] + 1] ^= 0x10;
      });
      const { delivered, error } = await readUntilError(out);
      expect(error, name).toBeInstanceOf(InputError);
      expect((error as InputError).file).toBe(out);
      expect((error as InputError).field).toBe('checksum');
      expect((error as InputError).message).toBe(`${out} (checksum): checksum mismatch — the cache is damaged; rebuild it with vtrade data convert (block 2, ${name} column)`);
      expect(delivered).toEqual(events.slice(0, 100));
    }
  });

  it('the replay checks the price, qty and kind-and-side columns before the damaged block touches the book', async () => {
    const { file, events } = await snapshotCache(3, 100);
    const block = readVtbHeader(file).index[1];
    const afterBlock1 = new L2Book();
    for (const e of events.slice(0, 100)) afterBlock1.apply(e);
    for (const [c, name] of COLUMNS_V3.entries()) {
      const out = copyWith(file, (b) => {
        b[block.at + block.layout.offset[c]] ^= 0x01;
      });
      const book = new L2Book();
      if (c <= ColV3.kindSide) {
        expect(() => replayVtbBook(out, book), name).toThrow(`(block 2, ${name} column)`);
        expect(book.levels()).toEqual(afterBlock1.levels());
      } else if (c === ColV3.record) {
        expect(replayVtbBook(out, book).events).toBe(events.length); // not read without onRecord
        expect(() => replayVtbBook(out, new L2Book(), () => undefined)).toThrow('(block 2, record column)');
      } else expect(replayVtbBook(out, book).events, name).toBe(events.length); // never read by the book
    }
  });

  it('a block header with a damaged price base or step is refused when the cache is opened, naming file and field', async () => {
    const { file } = await snapshotCache(3, 100);
    const at = readVtbHeader(file).index[2].at;
    const flipped = copyWith(file, (b) => {
      b[at + 12] ^= 0x01; // the step
    });
    expect(() => openVtb(flipped)).toThrow(`${flipped} (checksum): checksum mismatch — the cache is damaged; rebuild it with vtrade data convert (header of block 3)`);
    // The same damage with the block header's checksum made to match: the scale itself is refused.
    const forged = copyWith(file, (b) => {
      b.writeUInt32LE(0, at + 12); // step 0
      b.writeUInt32LE(crc32(b.subarray(at, at + 44)), at + 44);
    });
    let error: InputError | undefined;
    try {
      replayVtbBook(forged, new L2Book());
    } catch (err) {
      error = err as InputError;
    }
    expect(error).toBeInstanceOf(InputError);
    expect(error!.exitCode).toBe(2);
    expect(error!.file).toBe(forged);
    expect(error!.field).toBe('block');
    expect(error!.message).toContain('block 3 of');
  });
});
