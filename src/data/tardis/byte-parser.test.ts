import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MarketEvent } from '../../engine/model/events.js';
import { dataDir } from '../../../test/support/data-dir.js';
import { SyncLog } from '../sync-log.js';
import { inferTardisInstrument } from './infer.js';
import { tardisLayout } from './layout.js';
import { TardisRowParser } from './reader.js';
import { TardisByteParser } from './byte-parser.js';

const tardis = (name: string): string => join(dataDir(), 'parsers/nautilus-tardis', name);

/** Every data row through the string parser, or alternately through the byte parser (`mix`). */
async function read(path: string, lines: string[], mix: boolean): Promise<{ events: MarketEvent[]; byBytes: number; rows: TardisRowParser }> {
  const instrument = await inferTardisInstrument(path);
  const rows = new TardisRowParser(path, tardisLayout(path, lines[0]), instrument, true, new SyncLog());
  const bytes = new TardisByteParser(rows, instrument);
  const events: MarketEvent[] = [];
  let byBytes = 0;
  lines.slice(1).forEach((line, i) => {
    if (line.length === 0) return;
    const b = Buffer.from(line, 'utf8');
    if (mix && i % 3 !== 2 && bytes.parse(b, 0, b.length, i + 2, events)) byBytes++;
    else rows.parse(line, i + 2, events);
  });
  return { events, byBytes, rows };
}

describe('Tardis byte parser', () => {
  for (const name of ['deribit_incremental_book_L2_BTC-PERPETUAL.csv', 'bitmex_trades_XBTUSD.csv']) {
    it(`gives the string parser's events on ${name}, rows handed to either in turn`, async () => {
      const path = tardis(name);
      const text = readFileSync(path, 'utf8').split('\n');
      const careful = await read(path, text, false);
      const mixed = await read(path, text, true);
      expect(mixed.byBytes).toBeGreaterThan(text.length / 2);
      expect(mixed.events).toEqual(careful.events);
      expect([mixed.rows.beforeSnapshot, mixed.rows.sawSnapshot]).toEqual([careful.rows.beforeSnapshot, careful.rows.sawSnapshot]);
    });
  }

  it('leaves to the string parser the rows it cannot vouch for, changing nothing', async () => {
    const path = tardis('deribit_incremental_book_L2_BTC-PERPETUAL.csv');
    const [header, first] = readFileSync(path, 'utf8').split('\n');
    const instrument = await inferTardisInstrument(path);
    const cols = first.split(',');
    const variants = [
      cols.map((c, i) => (i === 4 ? 'yes' : c)), // is_snapshot
      cols.map((c, i) => (i === 5 ? 'Bid' : c)), // side
      cols.map((c, i) => (i === 6 ? `${c}5` + '1'.repeat(12) : c)), // off the grid
      cols.map((c, i) => (i === 7 ? `-${c}` : c)), // negative amount
      cols.map((c, i) => (i === 2 ? `${c}x` : c)), // timestamp
      [...cols, 'extra'],
    ];
    for (const v of variants) {
      const rows = new TardisRowParser(path, tardisLayout(path, header), instrument, false, new SyncLog());
      const bytes = new TardisByteParser(rows, instrument);
      const b = Buffer.from(v.join(','));
      const out: MarketEvent[] = [];
      expect(bytes.parse(b, 0, b.length, 2, out), v.join(',')).toBe(false);
      expect(out).toEqual([]);
      expect(rows.symbol).toBeUndefined();
      expect(() => rows.parse(v.join(','), 2, [])).toThrow(/:2/);
    }
  });
});
