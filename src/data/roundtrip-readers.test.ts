import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { L2Book } from '../engine/book/l2-book.js';
import { dataDir } from '../../test/support/data-dir.js';
import { firstDifference, tempDir } from '../../test/support/data-helpers.js';
import type { MarketData } from './market-data.js';
import { openLobster } from './lobster/index.js';
import { openBinance } from './binance/index.js';
import { openNative, writeNative } from './native/index.js';
import { openVtb, replayVtbBook, writeVtb } from './vtb/index.js';

/** Real recordings through the native CSV and the binary cache and back. */
async function roundTrip(source: MarketData): Promise<void> {
  const dir = tempDir();
  const nativePath = join(dir, 'day.csv.gz');
  await writeNative(source, nativePath);
  const native = await openNative(nativePath);
  expect(native.instrument).toEqual(source.instrument);
  const viaNative = await firstDifference(source, native, { ignoreRecord: true });
  expect(viaNative).toHaveProperty('count');
  expect((viaNative as { count: number }).count).toBeGreaterThan(1000);
  // Rows are written in arrival order, so reading them back needs no --allow-unordered.
  expect(native.warnings).toEqual([]);

  const vtbPath = join(dir, 'day.vtb');
  await writeVtb(source, vtbPath);
  expect(await firstDifference(source, openVtb(vtbPath))).toEqual(viaNative);
  expect(openVtb(vtbPath).instrument).toEqual(source.instrument);

  const book = new L2Book();
  for await (const batch of openVtb(vtbPath).events()) for (const e of batch) book.apply(e);
  const fast = new L2Book();
  replayVtbBook(vtbPath, fast);
  expect(fast.levels()).toEqual(book.levels());
}

describe('round trips of other readers through native CSV and .vtb', () => {
  it('LOBSTER AAPL 2012-06-21 level 1', async () => {
    await roundTrip(await openLobster(join(dataDir(), 'lobster/LOBSTER_SampleFile_AAPL_2012-06-21_1.zip')));
  });

  it('Binance spot BTCUSDT 2024-08-08', async () => {
    await roundTrip(await openBinance(join(dataDir(), 'binance/spot/btcusdt_20240808.gz')));
  });
});
