import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Producer } from 'kafkajs';
import { idempotentProducer, kafkaClient, toKafkaMessage } from '../src/live/kafka.js';
import { eventsRecord, wallMicros } from '../src/live/wire.js';
import { runCli } from './support/run-cli.js';
import { startKafka, type KafkaBroker } from './support/servers.js';
import { checkLedger, fillCount } from './support/live-ledger.js';
import { startCli, stopCli, waitUntil, type Running } from './support/processes.js';

/**
 * A live run killed outright (SIGKILL) leaves its run unfinished on the account. `live --resume`
 * finishes it: the topic is read again from the record the run started at (here not the start
 * of the topic: the run joined at the latest offset, after an earlier copy of the session), the
 * engine starts from the run's recorded state, and every fill ends up booked exactly once,
 * exactly the backtest's.
 */
const SYN = 'fixtures/synth/syn-seed42-5min.csv.gz';
const MM = 'fixtures/strategies/market-maker.ts';
const env = { VTRADE_FROM_SOURCE: '1' };

function cli(args: string[]) {
  const r = runCli(args, { env });
  if (r.code !== 0) throw new Error(`vtrade ${args.join(' ')} exited ${r.code}\n${r.stderr}`);
  return r;
}

function runs(db: string): { id: number; status: string }[] {
  const h = new Database(db, { readonly: true });
  try {
    return h.prepare('SELECT id, status FROM runs ORDER BY id').all() as { id: number; status: string }[];
  } finally {
    h.close();
  }
}

describe('resuming a killed live run', () => {
  let kafka: KafkaBroker;
  let producer: Producer;
  const dir = mkdtempSync(join(tmpdir(), 'vtrade-live-resume-'));
  const procs: Running[] = [];
  beforeAll(async () => {
    kafka = await startKafka();
    producer = idempotentProducer(kafkaClient(kafka.brokers, 'vtrade-test'));
    await producer.connect();
  });
  afterAll(async () => {
    for (const p of procs) await stopCli(p, 'SIGKILL');
    await producer?.disconnect();
    await kafka?.stop();
  });

  it('reads the topic again from where the run started and books each missing fill once: the backtest fills exactly', async () => {
    const brokers = kafka.brokers.join(',');
    const db = join(dir, 'v.db');
    cli(['account', 'create', 'alice', '--cash', '100000', '--db', db]);
    cli(['backtest', '--data', SYN, '--strategy', MM, '--seed', '3', '--out', join(dir, 'bt')]);
    const expected = readFileSync(join(dir, 'bt/fills.jsonl'));
    const expectedCount = expected.toString().trim().split('\n').length;

    // A first copy of the session sits in the topic before the run joins at the latest offset.
    const first = JSON.parse(cli(['feed', 'publish', SYN, '--brokers', brokers, '--topic', 'md', '--json']).stdout);
    const live = startCli(['live', '--brokers', brokers, '--topic', 'md', '--from', 'latest', '--symbol', first.symbol, '--account', 'alice', '--db', db, '--strategy', MM, '--seed', '3']);
    procs.push(live);
    // The run reads from the end once it warns about a probe record sent after it joined.
    const probe = eventsRecord({ symbol: 'PROBE', venue: 'TEST', assetClass: 'equity', currency: 'USD', tickSize: '0.01', lotSize: '1' }, [], 'binary', wallMicros());
    for (let i = 0; i < 150 && !live.stderr().includes('PROBE'); i++) {
      await producer.send({ topic: 'md', messages: [toKafkaMessage(probe)] });
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(live.stderr()).toContain('PROBE');

    // The second copy, at 20x: the run is killed mid-way.
    const pub = startCli(['feed', 'publish', SYN, '--brokers', brokers, '--topic', 'md', '--speed', '20x']);
    procs.push(pub);
    await waitUntil('some fills booked', () => fillCount(db) >= 100, 60_000, () => live.stderr());
    await stopCli(live, 'SIGKILL');
    const before = fillCount(db);
    expect(before).toBeLessThan(expectedCount);
    expect(runs(db)).toEqual([{ id: 1, status: 'running' }]);

    // A new run on the account is refused, and so is a replay resume: the hint names live --resume.
    const again = runCli(['live', '--brokers', brokers, '--topic', 'md', '--account', 'alice', '--db', db, '--strategy', MM], { env });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('vtrade live --account alice --resume');
    const replay = runCli(['replay', '--account', 'alice', '--db', db, '--resume'], { env });
    expect(replay.code).toBe(2);
    expect(replay.stderr).toContain('vtrade live --account alice --resume');
    expect(await pub.exited).toBe(0);

    const resumed = JSON.parse(cli(['live', '--account', 'alice', '--db', db, '--resume', '--brokers', brokers, '--until-idle', '3', '--out', join(dir, 'resumed'), '--json']).stdout);
    expect(resumed.resumed).toBe(true);
    expect(resumed.run).toBe(1);
    expect(resumed.fills).toBe(expectedCount);
    expect(resumed.fills_already_booked).toBe(before);
    expect(resumed.fills_booked).toBe(expectedCount - before);
    // Read from where the run started (the second copy), the run is the backtest byte for byte.
    expect(readFileSync(join(dir, 'resumed/fills.jsonl')).equals(expected)).toBe(true);
    expect(runs(db)).toEqual([{ id: 1, status: 'done' }]);
    const ledger = checkLedger(db, 'alice');
    expect(ledger.fills.length).toBe(expectedCount);
    expect(new Set(ledger.fills.map((f) => f.event_id)).size).toBe(expectedCount);
    expect(ledger.balanced).toBe(true);
    expect(ledger.cash).toBe(ledger.expectedCash);
  });

  it('a killed run that played a recording on the in-process bus cannot be resumed: --abandon closes it, its fills stay', async () => {
    const db = join(dir, 'bus.db');
    cli(['account', 'create', 'bob', '--cash', '100000', '--db', db]);
    const live = startCli(['live', '--data', SYN, '--speed', '2x', '--account', 'bob', '--db', db, '--strategy', MM, '--seed', '3']);
    procs.push(live);
    await waitUntil('a fill booked', () => fillCount(db) >= 1, 120_000, () => live.stderr());
    await stopCli(live, 'SIGKILL');
    const booked = fillCount(db);
    const resume = runCli(['live', '--account', 'bob', '--db', db, '--resume'], { env });
    expect(resume.code).toBe(2);
    expect(resume.stderr).toContain('vtrade live --account bob --abandon');
    const closed = JSON.parse(cli(['live', '--account', 'bob', '--db', db, '--abandon', '--json']).stdout);
    expect(closed).toEqual({ run: 1, status: 'failed', fills_booked: booked });
    expect(runs(db)).toEqual([{ id: 1, status: 'failed' }]);
    expect(checkLedger(db, 'bob').balanced).toBe(true);
    // The account trades again.
    const after = runCli(['live', '--account', 'bob', '--db', db, '--resume'], { env });
    expect(after.stderr).toContain('no interrupted run');
  });
});
