/**
 * Sweep throughput: cases per minute of `vtrade sweep` (the built CLI, whole command) on this
 * machine with --jobs 1 and --jobs 2, and on Kafka with two `vtrade worker backtest` members
 * (already running and joined, as a cluster's members would be), against the machine's
 * two-process ceiling (bench/two-cores.ts). The work: the market maker over the LOBSTER AMZN L5
 * recording (234,145 events) at 8 param sets. Median of ROUNDS rounds each.
 *
 *   npm run build && npx tsx bench/sweep.ts
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { dataDir } from '../test/support/data-dir.js';
import { repoRoot } from '../test/support/run-cli.js';
import { startKafka } from '../test/support/servers.js';
import { median } from './median.js';

const AMZN = join(dataDir(), 'lobster/LOBSTER_SampleFile_AMZN_2012-06-21_5.zip');
const BIN = join(repoRoot, 'bin/vtrade');
const ROUNDS = Number(process.env.SWEEP_BENCH_ROUNDS ?? 3);
const SWEEP = ['sweep', '--data', AMZN, '--strategy', 'fixtures/strategies/market-maker.ts', '--param', 'notional=1000,2000,4000,8000', '--param', 'maxInventory=2,4', '--json'];
const CASES = 8;

function vtrade(args: string[]): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, VTRADE_FROM_SOURCE: '0' } });
}

async function timed(args: string[]): Promise<number> {
  const t0 = performance.now();
  const c = vtrade(args);
  let err = '';
  c.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => c.once('exit', resolve));
  if (code !== 0) throw new Error(`vtrade ${args.join(' ')} exited ${code}\n${err}`);
  return (performance.now() - t0) / 1000;
}

const perMinute = (seconds: number) => (CASES / seconds) * 60;
const line = (label: string, secs: number[]) =>
  `  ${label.padEnd(22)}: ${perMinute(median(secs)).toFixed(1)} cases/min (median of ${secs.length}: ${median(secs).toFixed(1)} s a sweep; rounds ${secs.map((s) => s.toFixed(1)).join(', ')} s)`;

// Kafka and its members first, then the three ways in turn each round, so that a change in the
// machine's load during the run falls on all three alike.
const kafka = await startKafka();
const brokers = kafka.brokers.join(',');
const members = [0, 1].map(() => vtrade(['worker', 'backtest', '--brokers', brokers, '--group', 'bench', '--topic', 'bench-cases']));
const one: number[] = [];
const two: number[] = [];
const onKafka: number[] = [];
try {
  // A small sweep first: both members have joined the group and own their partitions before any timing.
  await timed(['sweep', '--data', 'fixtures/synth/syn-seed42-5min.csv.gz', '--strategy', 'fixtures/strategies/market-maker.ts', '--param', 'notional=1000,2000,3000,4000', '--brokers', brokers, '--topic', 'bench-cases', '--json']);
  await sleep(1000);
  for (let i = 0; i < ROUNDS; i++) {
    one.push(await timed([...SWEEP, '--jobs', '1']));
    two.push(await timed([...SWEEP, '--jobs', '2']));
    onKafka.push(await timed([...SWEEP, '--brokers', brokers, '--topic', 'bench-cases']));
  }
} finally {
  for (const m of members) m.kill('SIGTERM');
  await kafka.stop();
}

console.log(`sweep of ${CASES} cases (market maker, LOBSTER AMZN L5, 234,145 events a case), whole command, built CLI`);
console.log(line('--jobs 1', one));
console.log(line('--jobs 2', two));
console.log(line('2 Kafka members', onKafka));
console.log(`  speed-up --jobs 2 / 1: ${(median(one) / median(two)).toFixed(2)}x; 2 members / --jobs 1: ${(median(one) / median(onKafka)).toFixed(2)}x (compare the two-process ceiling of bench/two-cores.ts)`);
