import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../errors.js';
import { L2Book } from '../../engine/book/l2-book.js';
import type { MarketEvent } from '../../engine/model/events.js';
import { dataDir } from '../../../test/support/data-dir.js';
import { collect, rejection, tempDir } from '../../../test/support/data-helpers.js';
import { openTardis } from '../tardis/index.js';
import { openNative, writeNative } from '../native/index.js';
import { openOhlcv } from '../ohlcv/index.js';
import { openVtb, readVtbHeader, replayVtbBook, writeVtb } from './index.js';

const tardis = (name: string): string => join(dataDir(), 'parsers/nautilus-tardis', name);
const TARDIS_FILES = [
  'deribit_incremental_book_L2_BTC-PERPETUAL.csv',
  'bitmex_trades_XBTUSD.csv',
  'binance-futures_book_snapshot_25_BTCUSDT.csv',
  'huobi-dm-swap_quotes_BTC-USD.csv',
];

function bookOf(events: MarketEvent[]): L2Book {
  const book = new L2Book();
  for (const e of events) book.apply(e);
  return book;
}

async function cacheOf(path: string, blockEvents?: number): Promise<{ file: string; events: MarketEvent[] }> {
  const source = await openTardis(path);
  const file = join(tempDir(), 'cache.vtb');
  await writeVtb(source, file, blockEvents);
  return { file, events: await collect(source) };
}

describe('vtb round trips with real data', () => {
  for (const name of TARDIS_FILES) {
    for (const blockEvents of [undefined, 7]) {
      it(`Tardis ${name} -> vtb -> identical events (block ${blockEvents ?? 'default'})`, async () => {
        const source = await openTardis(tardis(name));
        const original = await collect(source);
        const file = join(tempDir(), 'x.vtb');
        const result = await writeVtb(source, file, blockEvents);
        expect(result.events).toBe(original.length);
        const back = openVtb(file);
        expect(back.format).toBe('vtb');
        expect(back.instrument).toEqual(source.instrument);
        expect(await collect(back)).toEqual(original);
        // A second pass yields the same again.
        expect(await collect(back)).toEqual(original);
      });
    }
  }

  it('native -> vtb -> identical events', async () => {
    const dir = tempDir();
    const nativePath = join(dir, 'snap.csv');
    await writeNative(await openTardis(tardis(TARDIS_FILES[2])), nativePath);
    const native = await openNative(nativePath);
    const file = join(dir, 'snap.vtb');
    await writeVtb(native, file, 64);
    expect(await collect(openVtb(file))).toEqual(await collect(native));
  });

  it('daily OHLCV (1259 real bars, several blocks) -> vtb -> identical events', async () => {
    const source = await openOhlcv(join(dataDir(), 'sp500/daily/AAPL_data.csv'));
    const file = join(tempDir(), 'aapl.vtb');
    await writeVtb(source, file, 500);
    expect(readVtbHeader(file).blocks).toBe(3);
    const back = openVtb(file);
    expect(back.instrument.sector).toBe(source.instrument.sector);
    expect(await collect(back)).toEqual(await collect(source));
  });

  it('an empty stream makes a valid empty cache', async () => {
    const source = await openTardis(tardis(TARDIS_FILES[0]));
    const file = join(tempDir(), 'empty.vtb');
    await writeVtb({ instrument: source.instrument, events: [] }, file);
    expect(await collect(openVtb(file))).toEqual([]);
    expect(replayVtbBook(file, new L2Book())).toEqual({ events: 0 });
  });
});

describe('vtb fast book replay', () => {
  for (const name of TARDIS_FILES) {
    it(`${name}: the same final book as applying openVtb's events`, async () => {
      const { file } = await cacheOf(tardis(name), 16);
      const viaEvents = await collect(openVtb(file));
      const expected = bookOf(viaEvents).levels();
      const book = new L2Book();
      const records: number[] = [];
      const result = replayVtbBook(file, book, (r) => records.push(r));
      expect(result.events).toBe(viaEvents.length);
      expect(book.levels()).toEqual(expected);
      expect(records).toEqual(viaEvents.map((e) => e.record));
    });
  }

  it('the replayed snapshot book matches the last row of the Tardis file', async () => {
    const path = tardis(TARDIS_FILES[2]);
    const { file } = await cacheOf(path);
    const book = new L2Book();
    replayVtbBook(file, book);
    // Independent parse of the last row: asks[i].price, asks[i].amount, bids[i].price, bids[i].amount.
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    const last = lines[lines.length - 1].split(',').slice(4).map(Number);
    const levels = book.levels();
    for (let i = 0; i < 25; i++) {
      expect(levels.asks[i][0] / 100).toBeCloseTo(last[4 * i], 6);
      expect(levels.asks[i][1] / 1000).toBeCloseTo(last[4 * i + 1], 6);
      expect(levels.bids[i][0] / 100).toBeCloseTo(last[4 * i + 2], 6);
      expect(levels.bids[i][1] / 1000).toBeCloseTo(last[4 * i + 3], 6);
    }
  });
});

describe('vtb damage is detected', () => {
  async function damagedCopy(edit: (bytes: Buffer) => void): Promise<string> {
    const { file } = await cacheOf(tardis(TARDIS_FILES[2]), 100);
    const bytes = readFileSync(file);
    edit(bytes);
    const out = join(tempDir(), 'damaged.vtb');
    writeFileSync(out, bytes);
    return out;
  }

  it('a one-byte change in the body -> checksum InputError (events and fast replay)', async () => {
    const { file } = await cacheOf(tardis(TARDIS_FILES[2]), 100);
    const header = readVtbHeader(file);
    const out = await damagedCopy((b) => {
      b[header.headerBytes + 200] ^= 0x01;
    });
    const err = await rejection(collect(openVtb(out)));
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toContain('checksum mismatch — the cache is damaged; rebuild it with vtrade data convert');
    expect(err.file).toBe(out);
    expect(() => replayVtbBook(out, new L2Book())).toThrow(/checksum mismatch/);
    // Without verification the replay runs (the caller chose to trust the file).
    expect(replayVtbBook(out, new L2Book(), undefined, { verify: false }).events).toBe(header.count);
  });

  it('wrong magic -> InputError', async () => {
    const out = await damagedCopy((b) => b.write('XTB1', 0, 'latin1'));
    expect(() => openVtb(out)).toThrow(InputError);
    expect(() => openVtb(out)).toThrow(/not a \.vtb cache/);
    expect(() => replayVtbBook(out, new L2Book())).toThrow(InputError);
  });

  it('unknown version -> InputError', async () => {
    const out = await damagedCopy((b) => b.writeUInt32LE(99, 4));
    expect(() => openVtb(out)).toThrow(/version 99/);
  });

  it('a truncated file -> InputError', async () => {
    const { file } = await cacheOf(tardis(TARDIS_FILES[2]), 100);
    const bytes = readFileSync(file);
    const out = join(tempDir(), 'short.vtb');
    writeFileSync(out, bytes.subarray(0, bytes.length - 8));
    expect(() => openVtb(out)).toThrow(InputError);
  });

  it('the writer leaves no file behind when the source fails midway', async () => {
    const source = await openTardis(tardis(TARDIS_FILES[2]));
    const real = await collect(source);
    async function* failing(): AsyncGenerator<MarketEvent[]> {
      yield real;
      throw new Error('source broke');
    }
    const dir = tempDir();
    const err = await rejection(writeVtb({ instrument: source.instrument, events: failing() }, join(dir, 'x.vtb'), 16));
    expect(err.message).toBe('source broke');
    expect(readdirSync(dir)).toEqual([]);
  });
});
