import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MarketEvent } from '../../engine/model/events.js';
import { drain, levelsOf, lobsterZips as zips, unzipPair, verify } from '../../../test/support/lobster-samples.js';
import { inferLobsterInstrument, nyMidnightEpochNs, openLobster } from './index.js';

// Every LOBSTER sample rebuilt row by row against its own orderbook file, and the times.

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
