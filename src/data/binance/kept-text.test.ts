import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDir } from '../../../test/support/data-dir.js';
import { collect } from '../../../test/support/data-helpers.js';
import { expectInputError, writtenRecordings } from '../../../test/support/binance-recordings.js';
import { openBinance } from './index.js';

const spot = (day: string): string => join(dataDir(), 'binance/spot', `btcusdt_${day}.gz`);

describe('Binance text kept from the instrument survey', () => {
  it('gives the first pass the same events, records and warnings as reading the files again, and later passes too', async () => {
    const files = [spot('20240808'), spot('20240809')];
    const kept = await openBinance(files);
    const reread = await openBinance(files, { keepBytes: 0 });
    expect(kept.instrument).toEqual(reread.instrument);
    const first = await collect(kept);
    const expected = await collect(reread);
    expect(first.length).toBeGreaterThan(100_000);
    expect(first).toEqual(expected);
    expect([kept.recordCount, kept.warnings, kept.stats]).toEqual([reread.recordCount, reread.warnings, reread.stats]);
    expect(kept.locate(kept.recordCount!)).toBe(reread.locate(reread.recordCount!));
    // The kept text is let go after the first pass: the second reads the files.
    expect(await collect(kept)).toEqual(expected);
  });

  // The survey marks the plain bookTicker lines of the text it keeps, and the first pass then
  // checks only their symbol and local time: what they say must not change.
  const { line, spotDiff, trade, write } = writtenRecordings();
  const ticker = (symbol: string, u: number) => ({
    stream: 'btcusdt@bookTicker',
    data: { u, s: symbol, b: '10.00', B: '1.000', a: '11.00', A: '2.000' },
  });
  const snapshot = { lastUpdateId: 100, bids: [['10.00', '1']], asks: [['11.00', '2']] };

  it('reports a bookTicker line of another symbol, or out of time order, as reading the file again does', async () => {
    const diff = spotDiff(101, 101, [['10.00', '3']], []);
    const cases = [
      ['other-symbol.gz', [line(1, ticker('BTCUSDT', 1)), line(2, snapshot), line(3, diff), line(4, ticker('ETHUSDT', 2))], 4],
      ['first-ticker.gz', [line(1, ticker('ETHUSDT', 1)), line(2, snapshot), line(3, diff)], 3],
      ['backwards.gz', [line(2, snapshot), line(3, diff), line(4, trade('10.00')), line(1, ticker('BTCUSDT', 2))], 4],
    ] as const;
    for (const [name, lines, at] of cases) {
      const path = write(name, [...lines]);
      const kept = await expectInputError(collect(await openBinance(path)));
      const reread = await expectInputError(collect(await openBinance(path, { keepBytes: 0 })));
      expect([kept.file, kept.line, kept.field, kept.message]).toEqual([reread.file, reread.line, reread.field, reread.message]);
      expect([name, kept.line]).toEqual([name, at]);
    }
  });

  it('counts the tickers and reads the rest as reading the file again does', async () => {
    const diff = spotDiff(101, 101, [['10.00', '3']], []);
    const path = write('tickers.gz', [line(1, ticker('BTCUSDT', 1)), line(2, snapshot), line(3, ticker('BTCUSDT', 2)), line(4, diff), line(5, ticker('BTCUSDT', 101))]);
    const kept = await openBinance(path);
    const reread = await openBinance(path, { keepBytes: 0 });
    expect(await collect(kept)).toEqual(await collect(reread));
    expect([kept.stats, kept.warnings]).toEqual([reread.stats, reread.warnings]);
    expect(kept.stats.bookTicker).toBe(3);
  });
});
