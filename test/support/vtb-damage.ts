import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MarketEvent } from '../../src/engine/model/events.js';
import { openTardis } from '../../src/data/tardis/index.js';
import { openVtb, writeVtb } from '../../src/data/vtb/index.js';
import { dataDir } from './data-dir.js';
import { collect, tempDir } from './data-helpers.js';

/** Tardis book snapshots (peers' test data): a recording with many levels and blocks to damage. */
const SNAPSHOTS = join(dataDir(), 'parsers/nautilus-tardis/binance-futures_book_snapshot_25_BTCUSDT.csv');

/** The snapshots written as a .vtb cache of the given format version, with the events written. */
export async function snapshotCache(version: 2 | 3, blockEvents = 100): Promise<{ file: string; events: MarketEvent[] }> {
  const source = await openTardis(SNAPSHOTS);
  const file = join(tempDir(), `snap${version}.vtb`);
  await writeVtb(source, file, blockEvents, { version });
  return { file, events: await collect(source) };
}

/** A copy of a file with its bytes edited. */
export function copyWith(file: string, edit: (bytes: Buffer) => void): string {
  const bytes = readFileSync(file);
  edit(bytes);
  const out = join(tempDir(), 'edited.vtb');
  writeFileSync(out, bytes);
  return out;
}

/** Reads a cache's events until it stops: what was delivered, and the error it stopped with. */
export async function readUntilError(file: string): Promise<{ delivered: MarketEvent[]; error: unknown }> {
  const delivered: MarketEvent[] = [];
  try {
    for await (const batch of openVtb(file).events()) delivered.push(...batch);
  } catch (error) {
    return { delivered, error };
  }
  return { delivered, error: undefined };
}
