import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../errors.js';
import { EventKind, type MarketEvent } from '../../engine/model/events.js';
import { makeInstrument } from '../../engine/model/instrument.js';
import { dataDir } from '../../../test/support/data-dir.js';
import { collect, rejection, tempDir } from '../../../test/support/data-helpers.js';
import { openTardis } from '../tardis/index.js';
import { openOhlcv } from '../ohlcv/index.js';
import { openNative, writeNative, NATIVE_HEADER } from './index.js';

const tardisDir = (): string => join(dataDir(), 'parsers/nautilus-tardis');
const TARDIS_FILES = [
  'deribit_incremental_book_L2_BTC-PERPETUAL.csv',
  'bitmex_trades_XBTUSD.csv',
  'binance-futures_book_snapshot_25_BTCUSDT.csv',
  'huobi-dm-swap_quotes_BTC-USD.csv',
];

/** The native format has no record column: a re-read numbers events by data row instead. */
const withoutRecord = (events: MarketEvent[]): Omit<MarketEvent, 'record'>[] =>
  events.map(({ record: _record, ...rest }) => rest);

/** A real native file made from the Deribit excerpt, for the error tests to damage. */
async function realNativeFile(dir: string): Promise<string> {
  const out = join(dir, 'deribit.csv');
  await writeNative(await openTardis(join(tardisDir(), TARDIS_FILES[0])), out);
  return out;
}

/** Copies the real native file with line `lineNo` (1-based) replaced, and its instrument. */
function damaged(src: string, dir: string, lineNo: number, edit: (line: string) => string): string {
  const lines = readFileSync(src, 'utf8').split('\n');
  lines[lineNo - 1] = edit(lines[lineNo - 1]);
  const out = join(dir, `damaged-${lineNo}-${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(out, lines.join('\n'));
  copyFileSync(`${src}.instrument.json`, `${out}.instrument.json`);
  return out;
}

async function inputError(p: Promise<unknown>): Promise<InputError> {
  const err = await rejection(p);
  expect(err).toBeInstanceOf(InputError);
  return err as unknown as InputError;
}

describe('native CSV round trips with real data', () => {
  for (const name of TARDIS_FILES) {
    it(`Tardis ${name} -> native -> the same events`, async () => {
      const dir = tempDir();
      const source = await openTardis(join(tardisDir(), name));
      const original = await collect(source);
      const out = join(dir, 'out.csv');
      const result = await writeNative(source, out);
      expect(result.events).toBe(original.length);
      expect(existsSync(`${out}.instrument.json`)).toBe(true);
      const back = await openNative(out);
      expect(back.format).toBe('native');
      expect(back.instrument).toEqual(source.instrument);
      const events = await collect(back);
      expect(withoutRecord(events)).toEqual(withoutRecord(original));
      // record = data row number: first row after the header is 1, and so on.
      expect(events.map((e) => e.record)).toEqual(events.map((_, i) => i + 1));
    });
  }

  it('daily OHLCV -> gzip native -> the same events', async () => {
    const dir = tempDir();
    const source = await openOhlcv(join(dataDir(), 'sp500/daily/AAPL_data.csv'));
    const out = join(dir, 'aapl.csv.gz');
    await writeNative(source, out);
    expect(readFileSync(out).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(withoutRecord(await collect(await openNative(out)))).toEqual(withoutRecord(await collect(source)));
  });

  it('writes ts_local empty when equal to ts_exch, and normalised decimals', async () => {
    const dir = tempDir();
    const out = join(dir, 'aapl.csv');
    await writeNative(await openOhlcv(join(dataDir(), 'sp500/daily/AAPL_data.csv')), out);
    const lines = readFileSync(out, 'utf8').split('\n');
    expect(lines[0]).toBe(NATIVE_HEADER);
    // AAPL 2013-02-08 closed at 67.8542 on 158168416 shares (first row of the source file).
    const src = readFileSync(join(dataDir(), 'sp500/daily/AAPL_data.csv'), 'utf8').split('\n')[1].split(',');
    const row = lines[1].split(',');
    expect(row[1]).toBe('');
    expect(row.slice(2)).toEqual(['trade', '', String(Number(src[4])), src[5], '']);
  });
});

describe('native CSV instrument lookup', () => {
  it('uses instrument.json in the same folder when <file>.instrument.json is absent', async () => {
    const dir = tempDir();
    const src = await realNativeFile(dir);
    const other = join(dir, 'sub');
    mkdirSync(other);
    copyFileSync(src, join(other, 'data.csv'));
    copyFileSync(`${src}.instrument.json`, join(other, 'instrument.json'));
    const data = await openNative(join(other, 'data.csv'));
    expect(data.instrument.symbol).toBe('BTC-PERPETUAL');
  });

  it('fails without an instrument, pointing to --instrument', async () => {
    const dir = tempDir();
    const src = await realNativeFile(dir);
    const lone = join(tempDir(), 'lone.csv');
    copyFileSync(src, lone);
    const err = await inputError(openNative(lone));
    expect(err.file).toBe(lone);
    expect(err.hint).toContain('--instrument');
  });

  it('prefers opts.instrument', async () => {
    const dir = tempDir();
    const src = await realNativeFile(dir);
    const instrument = makeInstrument({ symbol: 'X', venue: 'v', assetClass: 'crypto', currency: 'USD', tickSize: '0.05', lotSize: '1' });
    const data = await openNative(src, { instrument });
    expect(data.instrument.symbol).toBe('X');
    expect((await collect(data))[1].price).toBe(6421.5 / 0.05);
  });
});

describe('native CSV bad input names file, line and field', () => {
  const cases: [string, number, (l: string) => string, string][] = [
    ['unknown kind', 3, (l) => l.replace(',level,', ',levle,'), 'kind'],
    ['bad side', 3, (l) => l.replace(',ask,', ',buy,'), 'side'],
    ['off-tick price', 4, (l) => l.replace(',6422,', ',6422.05,'), 'price'],
    ['price not a number', 4, (l) => l.replace(',6422,', ',64x22,'), 'price'],
    ['non-integer ts', 5, (l) => l.replace(/^(\d+)/, '$1.5'), 'ts_exch'],
    ['bad ts_local', 5, (l) => l.replace(/^(\d+),(\d+)/, '$1,12e9'), 'ts_local'],
    ['arrival out of order', 6, (l) => l.replace(/^\d+,\d+/, '1585699200244999999,1585699200244999999'), 'ts_local'],
    ['arrival out of order, no ts_local', 6, (l) => l.replace(/^\d+,\d+/, '1585699200244999999,'), 'ts_exch'],
    ['negative qty', 6, (l) => l.replace(/,(\d+),$/, ',-$1,'), 'qty'],
    ['missing header', 1, () => '1585699200245000000,,clear,,,,', 'header'],
    ['L3 row without order_id', 3, (l) => l.replace(',level,', ',add,'), 'order_id'],
    ['L3 row without side', 3, (l) => l.replace(',level,ask,', ',cancel,,').replace(/,$/, ',7'), 'side'],
    ['clear with a price', 2, (l) => l.replace(',clear,,,,', ',clear,,1,,'), 'price'],
  ];
  for (const [what, line, edit, field] of cases) {
    it(what, async () => {
      const dir = tempDir();
      const bad = damaged(await realNativeFile(dir), dir, line, edit);
      const data = await openNative(bad);
      const err = await inputError(collect(data));
      expect({ file: err.file, line: err.line, field: err.field }).toEqual({ file: bad, line, field });
      expect(err.message).toContain(`${bad}:${line}`);
    });
  }

  it('a row with too few fields', async () => {
    const dir = tempDir();
    const bad = damaged(await realNativeFile(dir), dir, 7, (l) => l.slice(0, l.lastIndexOf(',')));
    const err = await inputError(collect(await openNative(bad)));
    expect([err.file, err.line]).toEqual([bad, 7]);
  });

  it('an empty file is a missing header', async () => {
    const dir = tempDir();
    const src = await realNativeFile(dir);
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    copyFileSync(`${src}.instrument.json`, `${empty}.instrument.json`);
    const err = await inputError(collect(await openNative(empty)));
    expect([err.line, err.field]).toEqual([1, 'header']);
  });

  it('allowUnordered keeps file order with a warning', async () => {
    const dir = tempDir();
    const bad = damaged(await realNativeFile(dir), dir, 6, (l) => l.replace(/^\d+,\d+/, '1585699200244999999,'));
    const data = await openNative(bad, { allowUnordered: true });
    const events = await collect(data);
    expect(events[4].tsExch).toBe(1585699200244999999n);
    expect(data.warnings).toHaveLength(1);
    expect(data.warnings[0]).toContain('line 6');
  });
});

describe('native writer', () => {
  it('leaves no file behind when the source fails midway', async () => {
    const dir = tempDir();
    const source = await openTardis(join(tardisDir(), TARDIS_FILES[2]));
    const real = await collect(source);
    async function* failing(): AsyncGenerator<MarketEvent[]> {
      yield real.slice(0, 20);
      throw new Error('source broke');
    }
    const out = join(dir, 'out.csv');
    const err = await rejection(writeNative({ instrument: source.instrument, events: failing() }, out));
    expect(err.message).toBe('source broke');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('accepts single events and writes order ids for L3 rows', async () => {
    const dir = tempDir();
    const source = await openTardis(join(tardisDir(), TARDIS_FILES[0]));
    const real = await collect(source);
    const l3: MarketEvent[] = real.filter((e) => e.kind === EventKind.Level).map((e, i) => ({ ...e, kind: EventKind.Add, orderId: i }));
    const out = join(dir, 'l3.csv');
    await writeNative({ instrument: source.instrument, events: l3 }, out);
    expect(readFileSync(out, 'utf8').split('\n')[1].endsWith(',0')).toBe(true);
    expect(withoutRecord(await collect(await openNative(out)))).toEqual(withoutRecord(l3));
  });
});
