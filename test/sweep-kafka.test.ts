import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, runCli } from './support/run-cli.js';
import { startKafka, type KafkaBroker } from './support/servers.js';
import { startCli, stopCli, waitUntil, type Running } from './support/processes.js';

/**
 * A sweep on Kafka: `vtrade worker backtest` members take the cases, one is killed mid-sweep
 * (its partitions move to the other: a rebalance), and the sweep's sweep.json is byte for byte
 * the one the same sweep writes on this machine alone: every case there once, with the same
 * fingerprint and returns. A member whose strategy file differs from the sweep's refuses its
 * cases, and the sweep says which file, where, and exits 2.
 */
const SYN = 'fixtures/synth/syn-seed42-5min.csv.gz';
const MM = 'fixtures/strategies/market-maker.ts';
const GRID = ['--data', SYN, '--strategy', MM, '--param', 'notional=1000,4000', '--param', 'maxInventory=1,3,6,9', '--period', '5s', '--cscv-blocks', '6'];

describe('sweep on a Kafka consumer group', () => {
  let kafka: KafkaBroker;
  const dir = mkdtempSync(join(tmpdir(), 'vtrade-sweep-kafka-'));
  const procs: Running[] = [];
  let local: string;
  beforeAll(async () => {
    kafka = await startKafka();
    const r = runCli(['sweep', ...GRID, '--jobs', '2', '--out', join(dir, 'local')]);
    if (r.code !== 0) throw new Error(r.stderr);
    local = readFileSync(join(dir, 'local/sweep.json'), 'utf8');
  });
  afterAll(async () => {
    for (const p of procs) await stopCli(p, 'SIGKILL');
    await kafka?.stop();
  });
  const brokers = () => kafka.brokers.join(',');
  const member = (group: string, topic: string, cwd?: string) => {
    const p = startCli(['worker', 'backtest', '--brokers', brokers(), '--group', group, '--topic', topic], {}, { cwd });
    procs.push(p);
    return p;
  };

  it('collects each case exactly once when a member is killed mid-sweep', async () => {
    // One member holds every partition until it has delivered a case of its own; then a second
    // member joins and the first is killed at once, busy with its next case: its work must move
    // (a rebalance), whatever the machine's speed.
    const a = member('sweepers', 'cases-a');
    const out = join(dir, 'kafka');
    const sweep = startCli(['sweep', ...GRID, '--brokers', brokers(), '--topic', 'cases-a', '--out', out]);
    procs.push(sweep);
    const journal = join(out, 'cases.jsonl');
    const lines = () => (existsSync(journal) ? readFileSync(journal, 'utf8').trim().split('\n').filter(Boolean) : []);
    const ranByA = () => lines().some((l) => (JSON.parse(l) as { member: string }).member.endsWith(`:${a.child.pid}`));
    await waitUntil('a result from the first member', ranByA, 200_000, () => sweep.stderr() + a.stderr());
    const b = member('sweepers', 'cases-a');
    // Killed without a chance to finish its case or commit.
    await stopCli(a, 'SIGKILL');
    expect(await sweep.exited, sweep.stderr() + b.stderr()).toBe(0);
    expect(readFileSync(join(out, 'sweep.json'), 'utf8')).toBe(local);
    const results = lines().map((l) => JSON.parse(l) as { id: string; member: string });
    expect(results.map((r) => r.id).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `c${i}`).sort());
    // Both members ran cases: the kill moved work, it did not find an idle member.
    expect(new Set(results.map((r) => r.member.split(':')[1])).size).toBe(2);
    expect(sweep.stdout()).toMatch(/top 8 of 8 cases/);
  }, 400_000);

  it('reports a member that refuses a case for lack of the identical file', async () => {
    // A member working in another folder, whose copy of the strategy has a local edit.
    const elsewhere = join(dir, 'elsewhere');
    mkdirSync(join(elsewhere, 'fixtures/strategies'), { recursive: true });
    mkdirSync(join(elsewhere, 'fixtures/synth'), { recursive: true });
    writeFileSync(join(elsewhere, MM), readFileSync(join(repoRoot, MM), 'utf8') + '\n// tuned by hand\n');
    copyFileSync(join(repoRoot, SYN), join(elsewhere, SYN));
    copyFileSync(join(repoRoot, `${SYN}.instrument.json`), join(elsewhere, `${SYN}.instrument.json`));
    member('refusers', 'cases-b', elsewhere);
    const r = startCli(['sweep', '--data', SYN, '--strategy', MM, '--param', 'notional=1000,2000', '--brokers', brokers(), '--topic', 'cases-b', '--out', join(dir, 'refused')]);
    procs.push(r);
    expect(await r.exited, r.stderr()).toBe(2);
    expect(r.stderr()).toMatch(/error: \[c0\] fixtures\/strategies\/market-maker\.ts \(strategy\): member \S+ \(pid \d+\) has different bytes: sha256 [0-9a-f]{64}, the case wants [0-9a-f]{64}/);
    expect(r.stderr()).toMatch(/2 of 2 runs failed/);
    const s = JSON.parse(readFileSync(join(dir, 'refused/sweep.json'), 'utf8')) as { cases: { error?: { exit_code: number } }[] };
    expect(s.cases.map((c) => c.error?.exit_code)).toEqual([2, 2]);
  }, 200_000);
});
