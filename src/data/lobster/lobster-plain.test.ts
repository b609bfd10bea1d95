import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { drain, lobsterZips as zips, textToNs, unzipPair, verify, writePair, type Pair } from '../../../test/support/lobster-samples.js';
import { openLobster } from './index.js';

// LOBSTER days as plain (or gzip) message/orderbook pairs instead of the sample zips.

const tmp = mkdtempSync(join(tmpdir(), 'vtrade-lobster-plain-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('LOBSTER plain files', () => {
  const zip = zips.find((z) => z.includes('AMZN_2012-06-21_1'))!;

  it('reads an unzipped pair, from either file, plain or gzip, exactly as the zip', async () => {
    const pair = unzipPair(zip);
    const fromZip = await drain(await openLobster(zip));
    const messagePath = writePair(tmp, 'AMZN_2012-06-21_34200000_57600000', pair.message, pair.orderbook);
    const plain = await openLobster(messagePath);
    expect(plain.messageFile).toBe(messagePath);
    expect(await drain(plain)).toEqual(fromZip);
    const fromOrderbook = await openLobster(messagePath.replace('_message_', '_orderbook_'));
    expect(fromOrderbook.messageFile).toBe(messagePath);

    const gzDir = mkdtempSync(join(tmp, 'gz-'));
    const gzPath = writePair(gzDir, 'AMZN_2012-06-21_34200000_57600000', pair.message, pair.orderbook, true);
    expect(await drain(await openLobster(gzPath))).toEqual(fromZip);
  });

  it('uses the New York offset of the file date (winter: UTC-5)', async () => {
    const pair = unzipPair(zip);
    const dir = mkdtempSync(join(tmp, 'winter-'));
    const path = writePair(dir, 'AMZN_2012-01-03_34200000_57600000', pair.message.slice(0, 20), pair.orderbook.slice(0, 20));
    const events = await drain(await openLobster(path));
    const [time] = pair.message[0].split(',');
    expect(events[0].tsExch).toBe(BigInt(Date.parse('2012-01-03T00:00:00-05:00')) * 1_000_000n + textToNs(time));
  });

  it('infers a one-cent tick when every price is whole cents, and still matches every row', async () => {
    const pair = unzipPair(zip);
    const keep = pair.message.map((l, i) => i).filter((i) => Number(pair.message[i].split(',')[4]) % 100 === 0).slice(0, 3000);
    const sub: Pair = { ...pair, message: keep.map((i) => pair.message[i]), orderbook: keep.map((i) => pair.orderbook[i]) };
    const dir = mkdtempSync(join(tmp, 'cents-'));
    const md = await openLobster(writePair(dir, 'AMZN_2012-06-21_34200000_57600000', sub.message, sub.orderbook));
    expect(md.instrument.tickSize).toBe('0.01');
    const report = await verify(md, sub, 1, '2012-06-21');
    expect(report.firstProblems).toEqual([]);
    expect(report.records).toBe(sub.orderbook.length);
  });

  it('follows empty levels, levels rising from below the top N, and halts', async () => {
    // A two-level book written by hand; each orderbook row is the book after its message.
    const E = '9999999999,0';
    const B = '-9999999999,0';
    const message = [
      '34200.000000001,1,1,100,1000000,1', // bid 100 @ 100.00
      '34200.000000002,1,2,50,1010000,-1', // ask 50 @ 101.00
      '34200.000000003,1,3,10,990000,1', // bid 10 @ 99.00
      '34200.000000004,3,1,100,1000000,1', // bid 100.00 gone
      '34200.000000005,1,4,5,980000,1', // bid 5 @ 98.00, level 2
      '34200.000000006,1,5,7,995000,1', // bid 7 @ 99.50 pushes 98.00 out of view
      '34200.000000007,3,5,7,995000,1', // 99.50 gone: 98.00 was cancelled unseen, 97.50 rises
      '34200.000000008,7,0,0,-1,-1', // halt
      '34200.000000009,7,0,0,1,-1', // resume
      '34200.000000010,4,2,50,1010000,-1', // the whole ask executes
      '34200.000000011,5,0,3,1005000,-1', // hidden execution
    ];
    const orderbook = [
      `${E},1000000,100,${E},${B}`,
      `1010000,50,1000000,100,${E},${B}`,
      `1010000,50,1000000,100,${E},990000,10`,
      `1010000,50,990000,10,${E},${B}`,
      `1010000,50,990000,10,${E},980000,5`,
      `1010000,50,995000,7,${E},990000,10`,
      `1010000,50,990000,10,${E},975000,3`,
      `1010000,50,990000,10,${E},975000,3`,
      `1010000,50,990000,10,${E},975000,3`,
      `${E},990000,10,${E},975000,3`,
      `${E},990000,10,${E},975000,3`,
    ];
    const dir = mkdtempSync(join(tmp, 'hand-'));
    const md = await openLobster(writePair(dir, 'TEST_2012-06-21_34200000_57600000', message, orderbook));
    const report = await verify(md, { messageName: '', orderbookName: '', message, orderbook }, 2, '2012-06-21');
    expect(report.firstProblems).toEqual([]);
    expect(report.records).toBe(message.length);
    // Row 6 drops 98.00 as it falls out of view (the view is exactly the top N); row 7 sets
    // 97.50 as it rises into view; nothing else needs the orderbook file.
    expect(md.stats.rowsCorrected).toBe(2);
    expect(md.stats.correctionLevels).toBe(2);
    expect(md.warnings.filter((w) => w.includes('halt') || w.includes('resumes'))).toHaveLength(2);
  });
});
