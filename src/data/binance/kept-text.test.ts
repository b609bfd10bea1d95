import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDir } from '../../../test/support/data-dir.js';
import { collect } from '../../../test/support/data-helpers.js';
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
});
