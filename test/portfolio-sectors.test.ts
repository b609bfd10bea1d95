import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSector } from '../src/data/ohlcv/sector.js';
import { dataDir } from './support/data-dir.js';
import { makeInstrument, type AssetClass } from '../src/engine/model/instrument.js';
import { Portfolio } from '../src/engine/portfolio/portfolio.js';

const inst = (symbol: string, assetClass: AssetClass, sector?: string) =>
  makeInstrument({ symbol, venue: 'T', assetClass, currency: 'USD', tickSize: '0.01', lotSize: '0.0001', ...(sector === undefined ? {} : { sector }) });

describe('Portfolio: sectors from the S&P constituents list', () => {
  it('allocates by the GICS sector the constituents file gives each daily symbol', () => {
    const daily = join(dataDir(), 'sp500/daily');
    const files = readdirSync(daily).filter((f) => f.endsWith('_data.csv')).sort().slice(0, 12);
    expect(files.length).toBe(12);
    const p = new Portfolio('0');
    const sectorOf = new Map<string, string>();
    files.forEach((f, i) => {
      const symbol = f.replace(/_data\.csv$/, '');
      const found = findSector(join(daily, f), symbol);
      if (found !== undefined) sectorOf.set(symbol, found.sector);
      p.addInstrument(inst(symbol, 'equity', found?.sector));
      p.fill(symbol, i % 3 === 0 ? 'sell' : 'buy', 10 + i, 100 + i);
    });
    expect(sectorOf.size).toBeGreaterThan(6);
    const alloc = p.allocationBySector();
    const expected = new Map<string, number>();
    files.forEach((f, i) => {
      const key = sectorOf.get(f.replace(/_data\.csv$/, '')) ?? 'unknown';
      expected.set(key, (expected.get(key) ?? 0) + (10 + i) * (100 + i));
    });
    expect(new Map([...alloc].map(([k, s]) => [k, s.gross]))).toEqual(expected);
  });
});
