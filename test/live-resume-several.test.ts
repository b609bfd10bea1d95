import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/store/database.js';
import { createAccount } from '../src/store/accounts.js';
import { createRun, getRun } from '../src/store/runs.js';
import type { RunDataRef } from '../src/services/paper-run.js';
import { runCli } from './support/run-cli.js';

const env = { VTRADE_FROM_SOURCE: '1' };
const dir = mkdtempSync(join(tmpdir(), 'vtrade-resume-several-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A new account whose one run was started and never closed, as a killed run leaves it. */
function interruptedRun(db: string, name: string, symbol: string, data: RunDataRef[], strategy: string): { id: number } {
  const handle = openDatabase(db);
  const account = createAccount(handle, name, '100000', 'USD', '2026-01-01T00:00:00Z');
  const run = createRun(handle, {
    accountId: account.id,
    symbol,
    data,
    strategy: { kind: 'file', path: strategy, sha256: '' },
    config: {},
    seed: 1,
    startCash: '100000',
    startPositionLots: 0,
    startCostBasis: '0',
    nowIso: '2026-01-01T00:00:01Z',
  });
  handle.close();
  return run;
}

// A live run over instruments on several partitions keeps the order their records arrived in, so
// its resume meets them again in that order (live-resume.test.ts). A run recorded as an earlier
// vtrade did (no instrument named per source, no order kept) cannot be read again: its resume is
// refused before any broker is reached, with the way to close the run.
describe('an interrupted live run over instruments on several partitions', () => {
  const db = join(dir, 'accounts.db');
  const data: RunDataRef[] = [
    { path: 'kafka://127.0.0.1:1/md#AMZN', sha256: '', partition: 0, offset: '10', part: 0 },
    { path: 'kafka://127.0.0.1:1/md#GOOG', sha256: '', partition: 1, offset: '7', part: 1 },
  ];
  const run = interruptedRun(db, 'ann', 'AMZN', data, 'fixtures/strategies/basis.ts');

  it('is refused on --resume with a hint to --abandon, and a new run names --abandon too', () => {
    const resumed = runCli(['live', '--account', 'ann', '--db', db, '--resume'], { env });
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toContain(`run ${run.id} traded instruments on several partitions of its topic (AMZN on partition 0, GOOG on partition 1)`);
    expect(resumed.stderr).toContain('cannot be resumed');
    expect(resumed.stderr).toContain('vtrade live --account ann --abandon');
    const again = runCli(['replay', 'fixtures/synth/syn-seed42-5min.csv.gz', '--account', 'ann', '--db', db, '--strategy', 'fixtures/strategies/momentum.ts'], { env });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('so it cannot be resumed; close it with: vtrade live --account ann --abandon');
  });

  it('--abandon closes it as failed', () => {
    const closed = runCli(['live', '--account', 'ann', '--db', db, '--abandon', '--json'], { env });
    expect(closed.code).toBe(0);
    expect(JSON.parse(closed.stdout)).toEqual({ run: run.id, status: 'failed', fills_booked: 0 });
    const h = openDatabase(db);
    expect(getRun(h, run.id)?.status).toBe('failed');
    h.close();
  });
});

// A run that played a recording on the in-process bus is resumed from the files it recorded
// (live-resume.test.ts); one recorded without them (an earlier vtrade) can only be closed.
describe('an interrupted run on the in-process bus that recorded no files', () => {
  it('is refused on --resume with the --abandon hint', () => {
    const db = join(dir, 'bus.db');
    const data: RunDataRef[] = [{ path: 'bus:fixtures/synth/syn-seed42-5min.csv.gz#SYN', sha256: '' }];
    const run = interruptedRun(db, 'bo', 'SYN', data, 'fixtures/strategies/market-maker.ts');
    const resumed = runCli(['live', '--account', 'bo', '--db', db, '--resume'], { env });
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toContain(`run ${run.id} played a recording on the in-process bus, and an earlier vtrade did not record its files, so it cannot be resumed`);
    expect(resumed.stderr).toContain('vtrade live --account bo --abandon');
  });
});


// Closing a run for good still lets the game take the fills it booked (rewards included), as
// replay's --abandon does: the run was killed after booking them, before the game caught up.
describe('--abandon of a live run killed after booking its fills', () => {
  it('closes the run once the game has taken every booked fill', () => {
    const db = join(dir, 'abandon.db');
    const dbEnv = { ...env, VTRADE_DB: db };
    expect(runCli(['account', 'create', 'cy', '--cash', '100000'], { env: dbEnv }).code).toBe(0);
    const live = ['live', '--data', 'fixtures/synth/syn-seed42-5min.csv.gz', '--account', 'cy', '--strategy', 'fixtures/strategies/market-maker.ts'];
    const killed = runCli(live, { env: { ...dbEnv, VTRADE_FAILPOINT: 'run-fills-booked' } });
    expect(killed.code).toBe(-1);
    const gameFills = (): number => {
      const h = openDatabase(db);
      const n = (h.prepare("SELECT count(*) AS n FROM game_events WHERE kind = 'fill'").get() as { n: number }).n;
      h.close();
      return n;
    };
    const booked = (JSON.parse(runCli(['fills', 'cy', '--json'], { env: dbEnv }).stdout) as unknown[]).length;
    expect(booked).toBeGreaterThan(0);
    expect(gameFills()).toBe(0);
    const closed = runCli(['live', '--account', 'cy', '--abandon', '--json'], { env: dbEnv });
    expect(closed.code, closed.stderr).toBe(0);
    expect(JSON.parse(closed.stdout)).toMatchObject({ status: 'failed', fills_booked: booked });
    expect(gameFills()).toBe(booked);
  });
});
