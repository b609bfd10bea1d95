import { readFileSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../errors.js';
import { EventKind } from '../../engine/model/events.js';
import { dataDir } from '../../../test/support/data-dir.js';
import { collect, rejection, tempDir } from '../../../test/support/data-helpers.js';
import { openOhlcv, readOhlcv, type OhlcvBar } from './index.js';

const sp500 = (): string => join(dataDir(), 'sp500');
const daily = (sym: string): string => join(sp500(), 'daily', `${sym}_data.csv`);

/** Independent reading: data rows of a daily file, split on commas. */
function dataRows(path: string): string[][] {
  return readFileSync(path, 'utf8').split(/\r?\n/).slice(1).filter((l) => l.length > 0).map((l) => l.split(','));
}

async function allBars(path: string): Promise<OhlcvBar[]> {
  const out: OhlcvBar[] = [];
  for await (const b of readOhlcv(path)) out.push(b);
  return out;
}

describe('daily OHLCV', () => {
  it('AAPL: every row read, prices exact', async () => {
    const rows = dataRows(daily('AAPL'));
    const bars = await allBars(daily('AAPL'));
    expect(bars).toHaveLength(rows.length);
    bars.forEach((b, i) => {
      const r = rows[i];
      expect(b.date).toBe(r[0]);
      expect(b.close / 10000).toBeCloseTo(Number(r[4]), 9);
      expect(b.high / 10000).toBeCloseTo(Number(r[2]), 9);
      expect(b.volume).toBe(Number(r[5]));
      expect(b.record).toBe(i + 1);
    });
  });

  it('AAPL instrument: sector from the constituents list beside the data', async () => {
    const data = await openOhlcv(daily('AAPL'));
    const [head, ...lines] = readFileSync(join(sp500(), 'constituents.csv'), 'utf8').split('\n');
    const sectorCol = head.split(',').indexOf('GICS Sector');
    const aapl = lines.find((l) => l.startsWith('AAPL,'))!.split(',');
    expect(data.instrument.sector).toBe(aapl[sectorCol]);
    expect(data.instrument.sector).toBe('Information Technology');
    expect(data.instrument).toMatchObject({ symbol: 'AAPL', assetClass: 'equity', currency: 'USD', lotSize: '1' });
    // AAPL prices carry up to 4 decimals (67.7142), so the tick is finer than a cent.
    expect(data.instrument.tickSize).toBe('0.0001');
  });

  it('bars are stamped at 16:00 New York time, winter and summer', async () => {
    const bars = await allBars(daily('AAPL'));
    const at = (date: string): bigint => bars.find((b) => b.date === date)!.ts;
    expect(at('2013-02-08')).toBe(BigInt(Date.parse('2013-02-08T21:00:00Z')) * 1_000_000n);
    expect(at('2013-07-08')).toBe(BigInt(Date.parse('2013-07-08T20:00:00Z')) * 1_000_000n);
  });

  it('as MarketData: one trade a bar at the close, qty = volume', async () => {
    const data = await openOhlcv(daily('ABBV'));
    const events = await collect(data);
    const bars = await allBars(daily('ABBV'));
    expect(data.format).toBe('ohlcv');
    expect(events).toHaveLength(bars.length);
    events.forEach((e, i) => {
      expect(e.kind).toBe(EventKind.Trade);
      expect([e.price, e.qty, e.tsExch, e.record]).toEqual([bars[i].close, bars[i].volume, bars[i].ts, bars[i].record]);
    });
  });

  it('BHF: the row with empty open/high/low is skipped with a warning', async () => {
    const rows = dataRows(daily('BHF'));
    const emptyAt = rows.findIndex((r) => r.slice(1, 6).some((v) => v === ''));
    expect(emptyAt).toBeGreaterThanOrEqual(0);
    const data = await openOhlcv(daily('BHF'));
    const bars: OhlcvBar[] = [];
    for await (const batch of data.bars()) bars.push(...batch);
    expect(bars).toHaveLength(rows.length - 1);
    expect(bars.map((b) => b.date)).not.toContain(rows[emptyAt][0]);
    expect(data.warnings).toEqual([expect.stringContaining(`BHF_data.csv:${emptyAt + 2}`)]);
  });

  it('a malformed value is an InputError naming file, line and field', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'daily'));
    const lines = readFileSync(daily('AAPL'), 'utf8').split('\n');
    lines[10] = lines[10].split(',').map((v, i) => (i === 3 ? `${v}x` : v)).join(',');
    const path = join(dir, 'daily', 'AAPL_data.csv');
    writeFileSync(path, lines.join('\n'));
    copyFileSync(join(sp500(), 'constituents.csv'), join(dir, 'constituents.csv'));
    const data = await openOhlcv(path);
    expect(data.instrument.sector).toBe('Information Technology');
    const err = await rejection(collect(data));
    expect(err).toBeInstanceOf(InputError);
    expect([err.file, err.line, err.field]).toEqual([path, 11, 'low']);
  });

  it('dates out of order are an InputError', async () => {
    const lines = readFileSync(daily('AAPL'), 'utf8').split('\n');
    [lines[5], lines[6]] = [lines[6], lines[5]];
    const path = join(tempDir(), 'AAPL_data.csv');
    writeFileSync(path, lines.join('\n'));
    const data = await openOhlcv(path);
    expect(data.warnings[0]).toContain('no sector');
    const err = await rejection(collect(data));
    expect([err.line, err.field]).toEqual([7, 'date']);
  });

  it('the tick is the finest of the open, high, low and close decimals, trailing zeros aside', async () => {
    const dir = tempDir();
    const write = (name: string, rows: string[]): string => {
      const path = join(dir, name);
      writeFileSync(path, ['date,open,high,low,close,volume,Name', ...rows].join('\n'));
      return path;
    };
    // Dots in the date, the volume or the name say nothing; nor do zeros at the end.
    const rows = ['2020.01.02,1.5,2.25,1.1,2.0,100.12345,BRK.B', '2020-01-03,1.50000,2.2,1.125,2,100,BRK.B'];
    expect((await openOhlcv(write('BRK_a.csv', rows))).instrument.tickSize).toBe('0.001');
    expect((await openOhlcv(write('BRK_b.csv', [...rows, '2020-01-06,1,1,1,1.123450,5,BRK.B']))).instrument.tickSize).toBe('0.00001');
    expect((await openOhlcv(write('BRK_c.csv', ['2020-01-02,1,2,3,4,5', '2020-01-03']))).instrument.tickSize).toBe('0.01');
  });
});
