import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { repoRoot, runCli } from './support/run-cli.js';

/** replay --json and live --json say the same things by the same names, snake_case as all of vtrade's JSON. */

const SYNTH = resolve(repoRoot, 'fixtures/synth/syn-seed42-5min.csv.gz');
const TWAP = resolve(repoRoot, 'fixtures/strategies/twap.ts');

/** Every key of a JSON value, at any depth. */
function keys(v: unknown): string[] {
  if (Array.isArray(v)) return v.flatMap(keys);
  if (v === null || typeof v !== 'object') return [];
  return Object.entries(v).flatMap(([k, x]) => [k, ...keys(x)]);
}

describe('the JSON of a paper run', () => {
  it('replay --json and live --json name the run, its units, its rejects and its booked fills alike, in snake_case', () => {
    const result = (cmd: string[]) => {
      const env = { VTRADE_DB: join(mkdtempSync(join(tmpdir(), 'vtrade-json-')), 'paper.db') };
      // Cash for a few of TWAP's slices: some fill, the rest are refused.
      expect(runCli(['account', 'create', 'jo', '--cash', '30000'], { env }).code).toBe(0);
      const r = runCli([...cmd, '--account', 'jo', '--strategy', TWAP, '--json'], { env });
      expect(r.code, r.stderr).toBe(0);
      const fills = (JSON.parse(runCli(['fills', 'jo', '--json'], { env }).stdout) as unknown[]).length;
      return { json: JSON.parse(r.stdout) as Record<string, unknown>, fills };
    };
    const replay = result(['replay', SYNTH]);
    const live = result(['live', '--data', SYNTH]);
    for (const { json, fills } of [replay, live]) {
      expect(keys(json).filter((k) => !/^[a-z0-9]+(_[a-z0-9]+)*$/.test(k))).toEqual([]);
      // The same run through the same engine: the same counts, the run first on a new account.
      expect(json).toMatchObject({ run: 1, resumed: false, fills, fills_booked: fills, fills_already_booked: 0 });
      expect(fills).toBeGreaterThan(0);
    }
    expect(replay.json.events).toBe(live.json.events);
    // Every run summary names the units and the refused orders by reason.
    expect(live.json.instrument).toEqual({ symbol: 'SYN', tick: '0.01', lot: '1' });
    expect(live.json.instrument).toEqual(replay.json.instrument);
    expect((live.json.rejects as unknown[]).length).toBeGreaterThan(0);
    expect(live.json.rejects).toEqual(replay.json.rejects);
  });

  it('the live table states the units and the rejects with a hint, as replay does', () => {
    const env = { VTRADE_DB: join(mkdtempSync(join(tmpdir(), 'vtrade-json-')), 'paper.db') };
    expect(runCli(['account', 'create', 'jo', '--cash', '100'], { env }).code).toBe(0);
    const r = runCli(['live', '--data', SYNTH, '--account', 'jo', '--strategy', TWAP], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/instrument\s+SYN: tick 0\.01, lot 1\n/);
    expect(r.stdout).toMatch(/rejects\s+\w+ 20 \(hint: .+\)\n/);
  });
});
