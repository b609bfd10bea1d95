import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { repoRoot, runCli } from './support/run-cli.js';
import { cutExcerpt, EXCERPTS, sharedData } from './support/excerpts.js';

/**
 * The recorded excerpts in fixtures/ are what their cutter makes from the recordings, and vtrade
 * reads the same market from them as from the whole recordings: the same instrument, and the
 * same book, every level of it, at times across the excerpt.
 */

const fixture = (p: string) => join(repoRoot, 'fixtures', p);
const shared = (p: string) => join(sharedData, p);

/** The book at a time, every level, without the record index (an excerpt has fewer records before it). */
function book(files: string[], at: string): unknown {
  const r = runCli(['book', ...files, '--at', at, '--depth', '100000', '--json']);
  expect(r.code, r.stderr).toBe(0);
  const { index: _index, ...rest } = JSON.parse(r.stdout) as Record<string, unknown>;
  return rest;
}

function instrument(files: string[]): unknown {
  const r = runCli(['data', 'inspect', ...files, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { instrument: unknown }).instrument;
}

const SPOT = ['binance/spot/btcusdt_20240808.gz', 'binance/spot/btcusdt_20240809.gz'];
const USDM = ['binance/usdm/btcusdt_20240808.gz'];
const AMZN = 'lobster/AMZN_2012-06-21_34200000_36000000_message_5.csv.gz';

describe('the recorded excerpts that ship', () => {
  it('are what the cutter makes from the recordings, byte for byte once unzipped', () => {
    for (const e of EXCERPTS) {
      for (const f of cutExcerpt(e)) {
        const shipped = gunzipSync(readFileSync(fixture(f.target))).toString('latin1');
        expect(shipped === f.text, `fixtures/${f.target} differs from a fresh cut of ${e.source}: run npx tsx test/support/excerpts.ts`).toBe(true);
      }
    }
  });

  it('hold the market of the whole recordings: instrument, and the whole book at times across the excerpt', () => {
    const cases = [
      { whole: SPOT.map(shared), part: SPOT.map(fixture), at: ['2024-08-08T23:59:40Z', '2024-08-09T00:00:00.5Z', '2024-08-09T00:00:25Z'] },
      { whole: USDM.map(shared), part: USDM.map(fixture), at: ['2024-08-08T23:59:40Z', '2024-08-08T23:59:59Z'] },
      { whole: [shared('lobster/LOBSTER_SampleFile_AMZN_2012-06-21_5.zip')], part: [fixture(AMZN)], at: ['2012-06-21T09:30:05-04:00', '2012-06-21T09:45:00-04:00', '2012-06-21T09:59:59-04:00'] },
    ];
    for (const c of cases) {
      expect(instrument(c.part)).toEqual(instrument(c.whole));
      for (const at of c.at) {
        const part = book(c.part, at) as { synced: boolean; bids: unknown[] };
        expect(part.synced, `${c.part.join(',')} at ${at}`).toBe(true);
        expect(part.bids.length).toBeGreaterThan(0);
        expect(part, `${c.part.join(',')} at ${at}`).toEqual(book(c.whole, at));
      }
    }
  }, 600_000);

  it('stay small: each excerpt under 400 KB, the whole fixtures folder under 4 MB', () => {
    const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : [join(dir, d.name)]));
    const sizes = files(join(repoRoot, 'fixtures')).map((f) => ({ f, bytes: statSync(f).size }));
    const excerpts = EXCERPTS.flatMap((e) => cutExcerpt(e).map((f) => fixture(f.target)));
    expect(excerpts.map((f) => ({ f, bytes: statSync(f).size })).filter((s) => s.bytes > 400_000)).toEqual([]);
    expect(sizes.reduce((a, s) => a + s.bytes, 0)).toBeLessThan(4_000_000);
  });
});
