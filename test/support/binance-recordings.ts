import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect } from 'vitest';
import { InputError } from '../../src/errors.js';
import type { MarketEvent } from '../../src/engine/model/events.js';
import { makeInstrument, priceToTicks, qtyToLots } from '../../src/engine/model/instrument.js';
import { dataDir } from './data-dir.js';

/** The Binance (and Hyperliquid) recordings of the hftbacktest collector. */
export const binanceRoot = join(dataDir(), 'binance');

/** Every session in the data folder: files of one symbol in one folder, in date order. */
export function sessions(): { name: string; paths: string[] }[] {
  const out: { name: string; paths: string[] }[] = [];
  for (const folder of readdirSync(binanceRoot, { withFileTypes: true })) {
    if (!folder.isDirectory() || folder.name === 'hyperliquid') continue;
    const bySymbol = new Map<string, string[]>();
    for (const f of readdirSync(join(binanceRoot, folder.name)).sort()) {
      const m = /^(.+)_\d{8}\.(dat\.)?gz$/.exec(f);
      if (!m) continue;
      const list = bySymbol.get(m[1]) ?? [];
      list.push(join(binanceRoot, folder.name, f));
      bySymbol.set(m[1], list);
    }
    for (const [symbol, paths] of bySymbol) out.push({ name: `${folder.name}/${symbol}`, paths });
  }
  return out;
}

/** The lines of a recording, read here with plain zlib and JSON.parse, apart from the reader. */
export function rawLines(path: string): { ts: string; msg: Record<string, any> }[] {
  return gunzipSync(readFileSync(path))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => {
      const sp = l.indexOf(' ');
      return { ts: l.slice(0, sp), msg: JSON.parse(l.slice(sp + 1)) };
    });
}

export async function collect(md: { events(): AsyncIterable<MarketEvent[]> }): Promise<MarketEvent[]> {
  const all: MarketEvent[] = [];
  for await (const batch of md.events()) all.push(...batch);
  return all;
}

export async function expectInputError(p: Promise<unknown>): Promise<InputError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InputError);
  return err as InputError;
}

/**
 * Builders of small recordings written for a test: lines of "<local ns> <json>", spot and
 * futures diffs, trades, gzip files in a temporary folder (made before the file's tests, removed
 * after), and the spot BTCUSDT instrument they use. Call at the top of a test file.
 */
export function writtenRecordings() {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vtrade-binance-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const T0 = 1723161254000000000n;
  const inst = makeInstrument({ symbol: 'BTCUSDT', venue: 'binance-spot', assetClass: 'crypto', currency: 'USDT', tickSize: '0.01', lotSize: '0.001' });
  return {
    T0,
    inst,
    dir: () => dir,
    line: (i: number, json: unknown): string => `${T0 + BigInt(i) * 1_000_000n} ${JSON.stringify(json)}`,
    spotDiff: (U: number, u: number, b: string[][], a: string[][]) => ({
      stream: 'btcusdt@depth@100ms',
      data: { e: 'depthUpdate', E: 1723161255000 + U, s: 'BTCUSDT', U, u, b, a },
    }),
    futDiff: (U: number, u: number, pu: number, b: string[][], a: string[][]) => ({
      stream: 'btcusdt@depth@0ms',
      data: { e: 'depthUpdate', E: 1723161255000 + U, T: 1723161255000 + U, s: 'BTCUSDT', U, u, pu, b, a },
    }),
    trade: (p: string) => ({
      stream: 'btcusdt@trade',
      data: { e: 'trade', E: 1723161255500, s: 'BTCUSDT', t: 1, p, q: '0.5', T: 1723161255500, m: true },
    }),
    write: (name: string, lines: string[]): string => {
      const path = join(dir, name);
      writeFileSync(path, gzipSync(lines.join('\n') + '\n'));
      return path;
    },
    tk: (p: string) => priceToTicks(inst, p),
    lt: (q: string) => qtyToLots(inst, q),
  };
}
