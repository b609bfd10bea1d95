import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SeededRandom } from '../src/engine/random/seeded-random.js';
import { dataDir } from './support/data-dir.js';
import { killAtFills } from './support/processes.js';
import { repoRoot, runCli } from './support/run-cli.js';

const DATA = join(dataDir(), 'lobster/LOBSTER_SampleFile_AMZN_2012-06-21_5.zip');
const STRATEGY = resolve(repoRoot, 'fixtures/strategies/market-maker.ts');
const REPLAY = ['replay', DATA, '--account', 'alice', '--strategy', STRATEGY, '--seed', '7', '--latency', '1ms', '--fees', 'per-share'];

interface FillRow {
  ts_ns: string;
  side: string;
  price: string;
  qty: string;
  fee: string;
  client_id: string;
}

function freshAccount(): Record<string, string> {
  const env = { VTRADE_DB: join(mkdtempSync(join(tmpdir(), 'vtrade-resume-')), 'paper.db') };
  expect(runCli(['account', 'create', 'alice', '--cash', '100000'], { env }).code).toBe(0);
  return env;
}

/**
 * The account as it stands, read without any game command (which would catch the game up):
 * whatever booked the fills must have left the game caught up, rewards credited included.
 */
function state(env: Record<string, string>) {
  const fills = JSON.parse(runCli(['fills', 'alice', '--json'], { env }).stdout) as FillRow[];
  const account = JSON.parse(runCli(['account', 'show', 'alice', '--json'], { env }).stdout) as { cash: string; equity: string; kpis: { rewards: string } };
  return { fills: fills.map((f) => `${f.ts_ns} ${f.client_id} ${f.side} ${f.price} ${f.qty} ${f.fee}`), cash: account.cash, equity: account.equity, rewards: account.kpis.rewards };
}

describe('a paper replay killed at any moment and resumed', () => {
  it('books every fill exactly once and ends with the cash of an uninterrupted run', async () => {
    const baselineEnv = freshAccount();
    const full = runCli(REPLAY, { env: baselineEnv });
    expect(full.code, full.stderr).toBe(0);
    const baseline = state(baselineEnv);
    const total = baseline.fills.length;
    expect(total).toBeGreaterThan(50);

    const rng = new SeededRandom(20261123);
    let interruptedMidRun = 0;
    for (let attempt = 0; attempt < 5; attempt++) {
      const env = freshAccount();
      // Kill the first run somewhere in its life: at start-up (attempt 0), mid-stream, near the end ...
      const killed = await killAtFills(env, REPLAY, attempt === 0 ? 0 : 1 + Math.floor(0.8 * total * rng.next()));
      const partial = state(env).fills.length;
      if (killed && partial > 0 && partial < total) interruptedMidRun++;
      // ... sometimes kill the resume as well, part of the way through what is left, then finish it.
      if (attempt % 2 === 1) await killAtFills(env, ['replay', '--account', 'alice', '--resume'], partial + 1 + Math.floor(0.5 * (total - partial) * rng.next()));
      const resumed = runCli(['replay', '--account', 'alice', '--resume', '--json'], { env });
      if (resumed.code !== 0) {
        // The kill landed before the run began, or after it had finished: nothing to resume.
        expect(resumed.stderr).toContain('no interrupted run');
        if (state(env).fills.length === 0) expect(runCli(REPLAY, { env }).code).toBe(0);
      }
      const after = state(env);
      expect(after.fills, `attempt ${attempt} (killed with ${partial} fills booked)`).toEqual(baseline.fills);
      expect(after.cash).toBe(baseline.cash);
      expect(after.equity).toBe(baseline.equity);
    }
    // The test means something only if kills landed while the replay was booking fills.
    // Attempt 0 dies at start-up; the four others are killed by the event, mid-run.
    expect(interruptedMidRun).toBe(4);
  }, 600_000);

  it("leaves the game caught up whenever the process dies: killed at each step of a run's close, then resumed", () => {
    const baselineEnv = freshAccount();
    expect(runCli(REPLAY, { env: baselineEnv }).code).toBe(0);
    const baseline = state(baselineEnv);
    // The run earns mission rewards: a game that missed its fills would show less cash.
    expect(Number(baseline.rewards)).toBeGreaterThan(0);
    // Missions as the game left them, without the wall-clock times at which they opened and closed.
    const missions = (env: Record<string, string>) => JSON.parse(runCli(['missions', 'alice', '--json'], { env }).stdout, (k, v: unknown) => (/^at$|At$|^deadline$|^ends$/.test(k) ? undefined : v)) as unknown;
    for (const point of ['run-fills-booked', 'run-market-kept', 'game-fills-taken', 'run-game-caught-up']) {
      const env = freshAccount();
      const killed = runCli(REPLAY, { env: { ...env, VTRADE_FAILPOINT: point } });
      // Killed by its own failpoint: no exit status at all.
      expect(killed.code, `${point}: ${killed.stderr}`).toBe(-1);
      // Every point is before the run closes: the run is open and its resume finishes it.
      const resumed = runCli(['replay', '--account', 'alice', '--resume', '--json'], { env });
      expect(resumed.code, `${point}: ${resumed.stderr}`).toBe(0);
      expect(JSON.parse(resumed.stdout).fills_booked, point).toBe(0);
      expect(state(env), point).toEqual(baseline);
      expect(missions(env), point).toEqual(missions(baselineEnv));
    }
  }, 600_000);
});
