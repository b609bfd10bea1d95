import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { dataDir } from '../../../test/support/data-dir.js';
import { InputError } from '../../errors.js';
import type { MarketEvent } from '../../engine/model/events.js';
import { makeInstrument } from '../../engine/model/instrument.js';
import { openBinance } from './index.js';
import { HlBookScan } from './hl-book-scan.js';
import type { BinanceReadOptions } from './reader.js';

/**
 * Hyperliquid's l2Book lines are read from their bytes when they have the collector's exact
 * shape, and with JSON.parse otherwise. The same line written with a space after its first "{"
 * (still the same JSON) takes the JSON.parse way: both ways must give the same instrument, the
 * same events and the same errors.
 */
const recording = join(dataDir(), 'binance/hyperliquid/btcusd_20250126.gz');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vtrade-hl-book-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The recording's lines, each l2Book line passed through `edit`, written as a new gzip file. */
function variant(name: string, edit: (json: string, line: number) => string): string {
  const lines = gunzipSync(readFileSync(recording)).toString('utf8').split('\n');
  const out = lines.map((l, i) => {
    const sp = l.indexOf(' ');
    if (sp < 0 || !l.includes('"channel":"l2Book"')) return l;
    return `${l.slice(0, sp)} ${edit(l.slice(sp + 1), i + 1)}`;
  });
  const path = join(dir, name);
  writeFileSync(path, gzipSync(out.join('\n')));
  return path;
}

const hlBtc = makeInstrument({ symbol: 'BTC', venue: 'hyperliquid', assetClass: 'crypto', currency: 'USD', tickSize: '1', lotSize: '0.00001' });

/** The same JSON, which the byte path does not take: JSON.parse reads it. */
const spaced = (json: string): string => `{ ${json.slice(1)}`;

async function read(path: string, opts: BinanceReadOptions = {}): Promise<{ events: MarketEvent[]; instrument: unknown; warnings: string[] }> {
  const md = await openBinance(path, opts);
  const events: MarketEvent[] = [];
  for await (const batch of md.events()) events.push(...batch);
  return { events, instrument: md.instrument, warnings: md.warnings.map((w) => w.replace(path, 'FILE')) };
}

async function failure(path: string, opts: BinanceReadOptions = {}): Promise<InputError> {
  try {
    await read(path, opts);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error(`${path} was read without an error`);
}

describe('Hyperliquid l2Book lines from their bytes', () => {
  it('give the instrument, events and warnings JSON.parse gives', async () => {
    const fast = await read(recording);
    const slow = await read(variant('spaced.gz', spaced));
    expect(fast.events.length).toBe(1920);
    expect(fast.instrument).toEqual(slow.instrument);
    expect(fast.events).toEqual(slow.events);
    expect(fast.warnings).toEqual(slow.warnings);
  });

  it('leave out levels of size zero, and do not read their price', async () => {
    // A zero size with a price off the grid: neither way reads that price. (The survey does see
    // it, so the instrument is given: the spaced lines are not surveyed as book lines.)
    const zero = (json: string): string => json.replace(/"px":"(\d+)\.0","sz":"[0-9.]+"\}\]\]/, '"px":"$1.05","sz":"0.0"}]]');
    const fast = await read(variant('zero.gz', zero), { instrument: hlBtc });
    const slow = await read(variant('zero-spaced.gz', (j) => spaced(zero(j))), { instrument: hlBtc });
    expect(fast.events).toEqual(slow.events);
    expect(fast.events.length).toBe(1920 - 46);
  });

  it('let the survey see every price and size of a book line', async () => {
    const finer = (json: string, line: number): string => (line === 30 ? json.replace(/"sz":"([0-9.]+)"\}\]\]/, '"sz":"$1001"}]]').replace('"px":"105055.0"', '"px":"105055.25"') : json);
    const md = await openBinance(variant('finer.gz', finer));
    expect([md.instrument.tickSize, md.instrument.lotSize]).toEqual(['0.01', '0.00000001']);
    expect([(await openBinance(recording)).instrument.tickSize, (await openBinance(recording)).instrument.lotSize]).toEqual(['1', '0.00001']);
  });

  it('take every book line of the recording, and no line of another shape', () => {
    const scan = new HlBookScan();
    const lines = gunzipSync(readFileSync(recording)).toString('utf8').split('\n').filter((l) => l !== '');
    const json = (l: string) => Buffer.from(l.slice(l.indexOf(' ') + 1));
    const taken = lines.filter((l) => scan.scan(json(l), 0, json(l).length, hlBtc.tick, hlBtc.lot));
    expect(taken.length).toBe(46);
    expect(taken.every((l) => l.includes('"channel":"l2Book"'))).toBe(true);
    expect(scan.coin()).toBe('BTC');
    expect(lines.filter((l) => scan.scan(json(spaced(l)), 0, json(spaced(l)).length, hlBtc.tick, hlBtc.lot)).length).toBe(0);
  });

  it('name the same line and field for a price off the grid', async () => {
    const inst = hlBtc;
    const offGrid = (json: string, line: number): string => (line === 4 ? json.replace('"px":"105055.0"', '"px":"105055.5"') : json);
    const fast = await failure(variant('off-grid.gz', offGrid), { instrument: inst });
    const slow = await failure(variant('off-grid-spaced.gz', (j, l) => spaced(offGrid(j, l))), { instrument: inst });
    expect(fast.line).toBe(4);
    expect(fast.field).toBe('px');
    expect(fast.message.replace('off-grid.gz', 'FILE')).toBe(slow.message.replace('off-grid-spaced.gz', 'FILE'));
  });

  it('name the same line and field for another coin', async () => {
    const other = (json: string, line: number): string => (line === 5 ? json.replace('"coin":"BTC"', '"coin":"ETH"') : json);
    const fast = await failure(variant('coin.gz', other));
    const slow = await failure(variant('coin-spaced.gz', (j, l) => spaced(other(j, l))));
    expect([fast.line, fast.field]).toEqual([5, 'coin']);
    expect(fast.message.replace('coin.gz', 'FILE')).toBe(slow.message.replace('coin-spaced.gz', 'FILE'));
  });

  it('leave a line of another shape to JSON.parse, which reports it', async () => {
    const broken = (json: string, line: number): string => (line === 2 ? json.replace('"time":', '"time":-') : json);
    const err = await failure(variant('time.gz', broken));
    expect([err.line, err.field]).toEqual([2, 'time']);
  });
});
