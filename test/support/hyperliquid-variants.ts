import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect } from 'vitest';
import fc from 'fast-check';
import { InputError } from '../../src/errors.js';
import type { MarketEvent } from '../../src/engine/model/events.js';
import { openBinance, type BinanceReadOptions } from '../../src/data/binance/index.js';
import { dataDir } from './data-dir.js';

/**
 * Variants of the real Hyperliquid recordings, for tests that the reader's byte paths give
 * what its JSON.parse path gives: lines of one channel edited, and a whole read compared three
 * ways (see agree()).
 */

export const hyperliquidFolder = join(dataDir(), 'binance/hyperliquid');
/** Every Hyperliquid recording in the data folder. */
export const hyperliquidRecordings = readdirSync(hyperliquidFolder)
  .filter((f) => f.endsWith('.gz'))
  .map((f) => join(hyperliquidFolder, f));
export const hyperliquidBtc = join(hyperliquidFolder, 'btcusd_20250126.gz');

/** The lines of a gzip recording (a final empty string when it ends with a newline). */
export const textLines = (path: string): string[] => gunzipSync(readFileSync(path)).toString('utf8').split('\n');

/** A temporary folder for the variants of one test file, removed after it. */
export function variantFolder(): { write(name: string, lines: string[]): string } {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vtrade-hl-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    write(name: string, lines: string[]): string {
      const path = join(dir, name);
      writeFileSync(path, gzipSync(lines.join('\n')));
      return path;
    },
  };
}

/** Each line of `channel` with its JSON through `edit` (line numbers from 1). */
export const editChannel = (lines: string[], channel: string, edit: (json: string, line: number) => string): string[] =>
  lines.map((l, i) => {
    const sp = l.indexOf(' ');
    return sp < 0 || !l.includes(`"channel":"${channel}"`) ? l : `${l.slice(0, sp)} ${edit(l.slice(sp + 1), i + 1)}`;
  });

/** The same JSON, which no byte path takes: JSON.parse reads it. */
export const spaced = (json: string): string => `{ ${json.slice(1)}`;

/** What a whole read gives: everything it reports, the file names made alike. */
export async function outcome(paths: string[], opts: BinanceReadOptions = {}): Promise<unknown> {
  const same = (text: string): string => paths.reduce((t, p, i) => t.split(p).join(`FILE${i}`), text);
  try {
    const md = await openBinance(paths, opts);
    const events: MarketEvent[] = [];
    for await (const batch of md.events()) events.push(...batch);
    return { instrument: md.instrument, events, warnings: md.warnings.map(same), stats: md.stats, records: md.recordCount };
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return { error: same(err.message), line: err.line, field: err.field };
  }
}

/**
 * Reads a session written as `files` (lines per file) three ways and expects one outcome: as
 * is (the survey's text kept for the first pass), with nothing kept (keepBytes 0: the pass
 * reads the files itself), and with the lines of `channel` spaced (JSON.parse), given the
 * instrument the survey of the plain lines inferred (the survey does not read spaced lines).
 * Where JSON.parse stops is a byte later in a spaced line, so its positions are not compared.
 */
export async function agree(folder: { write(name: string, lines: string[]): string }, name: string, channel: string, files: string[][]): Promise<unknown> {
  const paths = files.map((lines, i) => folder.write(`${name}-${i}.gz`, lines));
  const spacedPaths = files.map((lines, i) => folder.write(`${name}-${i}-spaced.gz`, editChannel(lines, channel, spaced)));
  const plain = await outcome(paths);
  expect(await outcome(paths, { keepBytes: 0 }), name).toEqual(plain);
  const instrument = (await openBinance(paths)).instrument;
  const alike = (o: unknown): string => JSON.stringify(o, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)).replace(/position \d+/g, 'position N');
  expect(alike(await outcome(spacedPaths, { instrument })), name).toBe(alike(plain));
  return plain;
}

/**
 * Copies of `lines` with one to three random edits on the lines at `targets`: a short run of
 * `alphabet` put in, and up to 3 characters cut, somewhere between `skip` characters past the
 * line's JSON start and `tail` characters before its end (where the values are).
 */
export function damagedCopies(lines: readonly string[], targets: readonly number[], alphabet: readonly string[], skip: number, tail: number): fc.Arbitrary<string[]> {
  const hit = fc.record({
    line: fc.constantFrom(...targets),
    at: fc.nat(),
    text: fc.string({ unit: fc.constantFrom(...alphabet), minLength: 1, maxLength: 3 }),
    cut: fc.nat({ max: 3 }),
  });
  return fc.array(hit, { minLength: 1, maxLength: 3 }).map((hits) => {
    const out = [...lines];
    for (const { line, at, text, cut } of hits) {
      const l = out[line];
      const json = l.indexOf(' ') + 1;
      const k = json + skip + (at % (l.length - json - tail));
      out[line] = l.slice(0, k) + text + l.slice(k + cut);
    }
    return out;
  });
}
