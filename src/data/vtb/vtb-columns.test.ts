import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../errors.js';
import { L2Book } from '../../engine/book/l2-book.js';
import { EventKind, Side, type MarketEvent } from '../../engine/model/events.js';
import { dataDir } from '../../../test/support/data-dir.js';
import { collect, tempDir } from '../../../test/support/data-helpers.js';
import { copyWith, readUntilError, snapshotCache } from '../../../test/support/vtb-damage.js';
import { openTardis } from '../tardis/index.js';
import { openVtb, readVtbHeader, replayVtbBook, writeVtb } from './index.js';
import { COLUMNS, Col, NARROW, VTB_VERSION } from './format.js';

// Format version 2 (still read; written on request): int32 columns where the values allow, a
// CRC-32 per column per block, and a clear refusal of caches written in the older layout.
// Version 3 is in vtb-v3.test.ts.

const SNAPSHOTS = join(dataDir(), 'parsers/nautilus-tardis/binance-futures_book_snapshot_25_BTCUSDT.csv');

function bookOf(events: MarketEvent[]): L2Book {
  const book = new L2Book();
  for (const e of events) book.apply(e);
  return book;
}

describe('vtb column encodings', () => {
  it('a real recording gets int32 price, qty and order id columns, and replays the same book', async () => {
    const { file, events } = await snapshotCache(2, 200);
    const header = readVtbHeader(file);
    expect(header.blocks).toBeGreaterThan(1);
    expect(header.index.length).toBe(header.blocks);
    for (const block of header.index) expect(block.layout.narrow).toBe(NARROW.price | NARROW.qty | NARROW.orderId);
    // 4 + 4 + 1 + 1 + 4 + 4 + 8 + 8 bytes an event instead of 46.
    expect(header.index[0].layout.bytes).toBe(48 + 34 * 200);
    const book = new L2Book();
    replayVtbBook(file, book);
    expect(book.levels()).toEqual(bookOf(events).levels());
  });

  it('values int32 cannot hold keep a float64 column, in their block only, and round trip exactly', async () => {
    const source = await openTardis(SNAPSHOTS);
    const real = (await collect(source)).slice(0, 30);
    const odd = (e: MarketEvent, i: number): MarketEvent => {
      if (i === 12) return { ...e, price: 2 ** 40 + 1 }; // beyond int32
      if (i === 15) return { ...e, qty: 0.5 }; // not whole
      if (i === 17) return { ...e, orderId: -0 }; // -0 would come back as 0
      if (i === 18) return { ...e, qty: Number.NaN };
      return e;
    };
    const events = real.map(odd);
    const file = join(tempDir(), 'odd.vtb');
    await writeVtb({ instrument: source.instrument, events }, file, 10, { version: 2 });
    const narrow = readVtbHeader(file).index.map((b) => b.layout.narrow);
    expect(narrow).toEqual([NARROW.price | NARROW.qty | NARROW.orderId, 0, NARROW.price | NARROW.qty | NARROW.orderId]);
    const back = await collect(openVtb(file));
    expect(back).toEqual(events);
    expect(Object.is(back[17].orderId, -0)).toBe(true);
    expect(back[12].price).toBe(2 ** 40 + 1);
  });
});

describe('vtb checksums per column', () => {
  it('one flipped byte in any column of block 2: openVtb delivers block 1 and then refuses, naming the column', async () => {
    const { file, events } = await snapshotCache(2, 100);
    const block = readVtbHeader(file).index[1];
    for (const [c, name] of COLUMNS.entries()) {
      const out = copyWith(file, (b) => {
        b[block.at + block.layout.offset[c] + 3] ^= 0x10;
      });
      const { delivered, error } = await readUntilError(out);
      expect(error, name).toBeInstanceOf(InputError);
      expect((error as InputError).message).toContain(`checksum mismatch — the cache is damaged; rebuild it with vtrade data convert (block 2, ${name} column)`);
      expect(delivered).toEqual(events.slice(0, 100));
    }
  });

  it('the replay checks what it reads, before the damaged block touches the book', async () => {
    const { file, events } = await snapshotCache(2, 100);
    const block = readVtbHeader(file).index[1];
    const afterBlock1 = bookOf(events.slice(0, 100)).levels();
    for (const [c, name] of COLUMNS.entries()) {
      const out = copyWith(file, (b) => {
        b[block.at + block.layout.offset[c] + 3] ^= 0x10;
      });
      const book = new L2Book();
      if (c <= Col.side) {
        expect(() => replayVtbBook(out, book), name).toThrow(`(block 2, ${name} column)`);
        expect(book.levels()).toEqual(afterBlock1);
      } else if (c === Col.record) {
        expect(replayVtbBook(out, book).events).toBe(events.length); // not read without onRecord
        expect(() => replayVtbBook(out, new L2Book(), () => undefined)).toThrow('(block 2, record column)');
      } else {
        // Columns the book never reads: the replay is right whatever they hold; openVtb refuses them.
        expect(replayVtbBook(out, book).events, name).toBe(events.length);
        expect(book.levels()).toEqual(bookOf(events).levels());
      }
    }
  });

  it('damage in the header, the instrument or a block header is refused when the cache is opened', async () => {
    const { file } = await snapshotCache(2, 100);
    const header = readVtbHeader(file);
    const instrumentByte = copyWith(file, (b) => {
      b[70] ^= 0x01;
    });
    expect(() => openVtb(instrumentByte)).toThrow(/checksum mismatch .*\(header\)/);
    const countByte = copyWith(file, (b) => {
      b[16] ^= 0x01;
    });
    expect(() => replayVtbBook(countByte, new L2Book())).toThrow(InputError);
    const blockHeader = copyWith(file, (b) => {
      b[header.index[2].at + 8] ^= 0x01; // a stored column checksum
    });
    expect(() => openVtb(blockHeader)).toThrow('(header of block 3)');
  });
});

describe('vtb format versions', () => {
  it('a cache in the older layout (version 1) is refused with a message that says to rebuild it', async () => {
    const { file } = await snapshotCache(2, 100);
    const old = copyWith(file, (b) => b.writeUInt32LE(1, 4));
    let error: InputError | undefined;
    try {
      replayVtbBook(old, new L2Book());
    } catch (err) {
      error = err as InputError;
    }
    expect(error).toBeInstanceOf(InputError);
    expect(error!.exitCode).toBe(2);
    expect(error!.message).toBe(
      `${old} (version): cache format version 1; this vtrade reads versions 2 and ${VTB_VERSION} (written by an older vtrade; a cache is derived data, so rebuild it from its source)`,
    );
    expect(error!.hint).toBe(`rebuild it with vtrade data convert <source> --out ${old}`);
    expect(() => openVtb(old)).toThrow(/version 1; this vtrade reads versions 2 and 3/);
  });

  it('a version 2 cache says version 2 and replays Clear, Level and trade events as the book does', async () => {
    const { file } = await snapshotCache(2, 100);
    expect(readFileSync(file).readUInt32LE(4)).toBe(2);
    const source = await openTardis(SNAPSHOTS);
    const events: MarketEvent[] = [
      { kind: EventKind.Level, side: Side.Bid, price: 100, qty: 5, orderId: 0, tsExch: 1n, tsLocal: 1n, record: 1 },
      { kind: EventKind.Trade, side: Side.Ask, price: 100, qty: 2, orderId: 0, tsExch: 2n, tsLocal: 2n, record: 2 },
      { kind: EventKind.Clear, side: Side.None, price: 0, qty: 0, orderId: 0, tsExch: 3n, tsLocal: 3n, record: 3 },
      { kind: EventKind.Level, side: Side.Ask, price: 101, qty: 7, orderId: 0, tsExch: 3n, tsLocal: 3n, record: 3 },
    ];
    const small = join(tempDir(), 'small.vtb');
    await writeVtb({ instrument: source.instrument, events }, small, undefined, { version: 2 });
    expect(readFileSync(small).readUInt32LE(4)).toBe(2);
    const book = new L2Book();
    const records: number[] = [];
    replayVtbBook(small, book, (r) => records.push(r));
    expect(book.levels()).toEqual({ bids: [], asks: [[101, 7]] });
    expect(records).toEqual([1, 2, 3, 3]);
  });
});
