/** Record counts, unsynchronised books, time units and unknown files, through the command line. */
import { describe, it, expect } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { dataDir } from './support/data-dir.js';
import { runCli } from './support/run-cli.js';
import { collect, rejection, tempDir } from './support/data-helpers.js';
import { openNative } from '../src/data/native/index.js';

const binance = (name: string): string => join(dataDir(), 'binance', name);
const tardisDir = join(dataDir(), 'parsers/nautilus-tardis');

/** Lines of a gzip file, counted independently of vtrade's readers. */
function gzipLines(path: string): string[] {
  const text = gunzipSync(readFileSync(path)).toString('utf8');
  return text.split('\n').filter((_, i, all) => i < all.length - 1 || all[i] !== '');
}

describe('records are source records', () => {
  const eth = binance('spot/ethusdt_20240808.gz');
  const lines = gzipLines(eth);

  it('--after N answers index N, also when the last line (a ticker) changes nothing; past the end is an error naming the count', () => {
    expect(lines.length).toBe(33_618);
    expect(lines[lines.length - 1]).toContain('@bookTicker');
    const r = runCli(['book', eth, '--after', `${lines.length - 1},${lines.length}`, '--depth', '3', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const [before, last] = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { index: number; bids: unknown; asks: unknown; synced: boolean });
    expect([before.index, last.index]).toEqual([lines.length - 1, lines.length]);
    expect(last.bids).toEqual(before.bids);
    expect(last.synced).toBe(true);
    for (const n of [lines.length + 1, 999_999]) {
      const past = runCli(['book', eth, '--after', String(n)]);
      expect(past.code).toBe(2);
      expect(past.stderr).toContain(`--after ${n} is past the end: ${eth} has 33,618 records`);
      expect(past.stdout).toBe('');
    }
  });

  it('a session of several files counts records across them', () => {
    const day1 = binance('usdm_2024-07/btcusdt_20240718.gz');
    const day2 = binance('usdm_2024-07/btcusdt_20240719.gz');
    const total = gzipLines(day1).length + gzipLines(day2).length;
    const r = runCli(['book', day1, day2, '--after', String(total + 1)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`is past the end: the 2 files from ${day1} have ${total.toLocaleString('en-US')} records`);
  });

  it('inspect counts every line of a recording as a record', () => {
    const r = runCli(['data', 'inspect', eth, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { records: number }).records).toBe(lines.length);
  });
});

describe('an unsynchronised book says so', () => {
  it('a next-day Binance file has no snapshot: the book is empty, synced false, and stderr says why at once', () => {
    const path = binance('spot/ethusdt_20240809.gz');
    expect(gzipLines(path).some((l) => l.includes('"lastUpdateId"'))).toBe(false);
    const r = runCli(['book', path, '--after', '5000', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ index: 5000, synced: false, bids: [], asks: [] });
    expect(r.stderr).toContain(`the book after record 5000 (${path}:5000) is not synchronised: no book snapshot before it`);
    const table = runCli(['book', path, '--after', '5000']);
    expect(table.stdout).toContain('after record 5000');
    expect(table.stdout).toContain('(not synchronised)');
  });

  it('after the snapshot line of the first day the book is synchronised', () => {
    const path = binance('spot/ethusdt_20240808.gz');
    const snapshotLine = gzipLines(path).findIndex((l) => l.includes('"lastUpdateId"')) + 1;
    expect(snapshotLine).toBeGreaterThan(1);
    const r = runCli(['book', path, '--after', `${snapshotLine - 1},${snapshotLine}`, '--json']);
    const [before, at] = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { synced: boolean; bids: unknown[] });
    expect(before.synced).toBe(false);
    expect(at.synced).toBe(true);
    expect(at.bids.length).toBe(10);
  });
});

describe('--at takes explicit units and ISO times', () => {
  // Tardis files stamp microseconds; row 1 of the excerpt is 2020-04-01T00:00:00.245Z.
  const l2 = join(tardisDir, 'deribit_incremental_book_L2_BTC-PERPETUAL.csv');
  const firstUs = readFileSync(l2, 'utf8').split('\n')[1].split(',')[2];

  it('microseconds, milliseconds, nanoseconds and ISO give the same book', () => {
    const ms = (BigInt(firstUs) / 1000n).toString();
    const forms = [`${firstUs}us`, `${firstUs}µs`, `${ms}.${firstUs.slice(-3)}ms`, `${firstUs}000ns`, `${firstUs}000`, '2020-04-01T00:00:00.245Z'];
    const outs = forms.map((at) => runCli(['book', l2, '--at', at, '--json']));
    for (const [i, r] of outs.entries()) expect(r.code, `${forms[i]}: ${r.stderr}`).toBe(0);
    const first = JSON.parse(outs[0].stdout) as { index: number; asks: unknown[] };
    expect(first.index).toBe(15);
    expect(first.asks.length).toBe(10);
    for (const r of outs) expect(r.stdout).toBe(outs[0].stdout);
  });

  it('a bare number far from the data is an error with the reading that fits', () => {
    const r = runCli(['book', l2, '--at', firstUs]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--at ${firstUs} read as epoch nanoseconds is 1970-01-19`);
    expect(r.stderr).toContain(`as microseconds it is 2020-04-01T00:00:00.245000000Z: write ${firstUs}us`);
    expect(r.stdout).toBe('');
  });

  it('a time before the data warns that the book is empty', () => {
    const r = runCli(['book', l2, '--at', '2020-03-31T00:00:00Z', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('is before the first event');
  });

  it('a Tardis file stamped in nanoseconds fails with a hint about the unit', () => {
    const dir = tempDir('vtrade-units-');
    const path = join(dir, 'ns.csv');
    const rows = readFileSync(l2, 'utf8').trim().split('\n');
    writeFileSync(path, [rows[0], ...rows.slice(1).map((l) => l.replace(/^([^,]*,[^,]*),(\d+),(\d+),/, '$1,$2000,$3000,'))].join('\n'));
    const r = runCli(['data', 'inspect', path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${path}:2 (timestamp)`);
    expect(r.stderr).toContain('19 digits looks like nanoseconds');
  });
});

describe('timestamps that are not there', () => {
  it('an empty ts_exch on the first native row is an error, not the epoch', async () => {
    const dir = tempDir('vtrade-empty-ts-');
    const csv = join(dir, 'empty.csv');
    writeFileSync(`${csv}.instrument.json`, JSON.stringify({ symbol: 'X', venue: 'T', assetClass: 'equity', currency: 'USD', tickSize: '0.01', lotSize: '1' }));
    writeFileSync(csv, 'ts_exch,ts_local,kind,side,price,qty,order_id\n,,level,bid,10.00,5,\n');
    const err = await rejection(collect(await openNative(csv)));
    expect([err.file, err.line, err.field]).toEqual([csv, 2, 'ts_exch']);
  });
});

describe('files that are not what they are said to be', () => {
  const trades = join(tardisDir, 'bitmex_trades_XBTUSD.csv');

  it('--format binance or native on a Tardis CSV says what the file looks like, before asking for an instrument', () => {
    for (const format of ['binance', 'native']) {
      const r = runCli(['data', 'inspect', trades, '--format', format]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${trades}:1: not ${format} data`);
      expect(r.stderr).toContain('line 1 is "exchange,symbol,timestamp,local_timestamp,id,side,price,amount"');
      expect(r.stderr).toContain('it looks like tardis data');
      expect(r.stderr).not.toContain('instrument');
    }
  });

  it('a file of no known format is compared against every format vtrade reads', () => {
    const depth = join(dataDir(), 'parsers/nautilus-binance-depth/btcusdt-depth-snap.csv');
    const r = runCli(['book', depth, '--after', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${depth}:1: cannot tell the format: line 1 is "symbol,timestamp,first_update_id`);
    for (const f of ['lobster', 'binance', 'native', 'tardis', 'ohlcv', 'vtb']) expect(r.stderr).toMatch(new RegExp(`^ +${f} +\\S`, 'm'));
  });

  it('a daily OHLCV header with spaces and capitals is still told apart', () => {
    const path = join(tempDir('vtrade-ohlcv-'), 'XYZ_data.csv');
    writeFileSync(path, 'Date, Open, High, Low, Close, Volume\n2020-01-02,1.00,1.10,0.90,1.05,100\n2020-01-03,1.05,1.20,1.00,1.15,200\n');
    const r = runCli(['data', 'inspect', path, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ format: 'ohlcv', records: 2, events: 2 });
  });

  it('Binance files given newest first: the error says to give them oldest first', () => {
    const day1 = binance('usdm_2024-07/btcusdt_20240718.gz');
    const day2 = binance('usdm_2024-07/btcusdt_20240719.gz');
    const r = runCli(['data', 'inspect', day2, day1]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${day1}:1 (local_ts)`);
    expect(r.stderr).toContain('give the files oldest first');
  });
});
