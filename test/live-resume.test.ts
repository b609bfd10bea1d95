import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Producer } from 'kafkajs';
import { idempotentProducer, kafkaClient, toKafkaMessage } from '../src/live/kafka.js';
import { eventsRecord, wallMicros } from '../src/live/wire.js';
import { runCli } from './support/run-cli.js';
import { startKafka, type KafkaBroker } from './support/servers.js';
import { checkLedger, fillCount } from './support/live-ledger.js';
import { startCli, stopCli, waitUntil, type Running } from './support/processes.js';
import { dataDir } from './support/data-dir.js';

/**
 * A live run killed outright (SIGKILL) leaves its run unfinished on the account. `live --resume`
 * finishes it: the topic is read again from the record the run started at (here not the start
 * of the topic: the run joined at the latest offset, after an earlier copy of the session), the
 * engine starts from the run's recorded state, and every fill ends up booked exactly once,
 * exactly the backtest's. A run over two instruments (Binance BTCUSDT spot and USD-M perpetual)
 * resumes the same way, each instrument from the position it started with, and ends with the
 * account of a run that was never cut. Two instruments on two partitions (LOBSTER AMZN and GOOG
 * on a topic of three) arrive in an order of their own: the resume meets them in the order the
 * run kept, and so makes again, fill for fill, the fills it had booked. A recording played on the
 * in-process bus is played again from its files, once they are checked unchanged.
 */
const SYN = 'fixtures/synth/syn-seed42-5min.csv.gz';
const MM = 'fixtures/strategies/market-maker.ts';
const env = { VTRADE_FROM_SOURCE: '1' };
const BIN = (p: string) => join(dataDir(), 'binance', p);
const PAIR = `${BIN('spot/btcusdt_20240808.gz')}+${BIN('usdm/btcusdt_20240808.gz')}`;
const BASIS = 'fixtures/strategies/basis.ts';
const LOB = (name: string) => join(dataDir(), 'lobster', `LOBSTER_SampleFile_${name}_2012-06-21_1.zip`);

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

  it('a run over two instruments killed mid-way and resumed ends with the account of an uninterrupted run: each position, the cash, every fill once', async () => {
    const brokers = kafka.brokers.join(',');
    const both = 'BTCUSDT.binance-spot+BTCUSDT.binance-usdm';
    // Two databases with one account each, of one name (the game's missions follow the name),
    // holding a position from an earlier run of the pair (the perpetual short), so the live run
    // starts each instrument from a position of its own.
    const account = (db: string) => {
      cli(['account', 'create', 'eve', '--cash', '100000', '--db', db]);
      cli(['replay', PAIR, '--account', 'eve', '--db', db, '--strategy', BASIS]);
      return db;
    };
    const [wholeDb, cutDb] = [account(join(dir, 'whole.db')), account(join(dir, 'cut.db'))];
    const liveArgs = (topic: string, db: string) => ['live', '--brokers', brokers, '--topic', topic, '--symbol', both, '--account', 'eve', '--db', db, '--strategy', BASIS];
    const show = (db: string) => JSON.parse(cli(['account', 'show', 'eve', '--db', db, '--json']).stdout) as { cash: string; equity: string; positions: Record<string, string>[] };
    const started = show(cutDb).positions;
    expect(started.map((p) => p.symbol)).toEqual(['BTCUSDT', 'BTCUSDT.binance-usdm']);
    expect(Number(started[1].qty)).toBeLessThan(0);

    // The uninterrupted run, on the pair published in full.
    cli(['feed', 'publish', PAIR, '--brokers', brokers, '--topic', 'pair']);
    const whole = JSON.parse(cli([...liveArgs('pair', wholeDb), '--until-idle', '3', '--json']).stdout);
    expect(whole.symbol).toBe('BTCUSDT+BTCUSDT');
    expect(whole.fills).toBeGreaterThan(10);

    // The same pair published at 40x while the run tails it, killed once part of its fills are booked.
    const before = fillCount(cutDb);
    const live = startCli(liveArgs('pair-paced', cutDb));
    procs.push(live);
    const pub = startCli(['feed', 'publish', PAIR, '--brokers', brokers, '--topic', 'pair-paced', '--speed', '40x']);
    procs.push(pub);
    await waitUntil('half the fills booked', () => fillCount(cutDb) - before >= whole.fills / 2, 120_000, () => live.stderr());
    await stopCli(live, 'SIGKILL');
    const cut = fillCount(cutDb) - before;
    expect(cut).toBeLessThan(whole.fills);
    expect(await pub.exited).toBe(0);

    const resumed = JSON.parse(cli(['live', '--account', 'eve', '--db', cutDb, '--resume', '--until-idle', '3', '--json']).stdout);
    expect(resumed.resumed).toBe(true);
    expect(resumed.symbol).toBe('BTCUSDT+BTCUSDT');
    expect(resumed.fills).toBe(whole.fills);
    expect(resumed.fills_already_booked).toBe(cut);
    expect(resumed.fills_booked).toBe(whole.fills - cut);
    // The same fills in the same order, per instrument, and the same cash and positions.
    const rows = (db: string) => checkLedger(db, 'eve').fills.map((f) => [f.client_id, f.side, f.price, f.qty, f.fee, f.ts_ns]);
    const symbols = (db: string) => {
      const h = new Database(db, { readonly: true });
      try {
        return (h.prepare('SELECT symbol FROM fills ORDER BY id').all() as { symbol: string }[]).map((r) => r.symbol);
      } finally {
        h.close();
      }
    };
    expect(rows(cutDb)).toEqual(rows(wholeDb));
    expect(symbols(cutDb)).toEqual(symbols(wholeDb));
    expect(new Set(symbols(cutDb))).toEqual(new Set(['BTCUSDT', 'BTCUSDT.binance-usdm']));
    const [a, b] = [show(cutDb), show(wholeDb)];
    expect([a.cash, a.equity]).toEqual([b.cash, b.equity]);
    // Everything of each position but the topic it was marked from (the two runs read two topics).
    const held = (ps: Record<string, string>[]) => ps.map(({ mark_source: _, ...p }) => p);
    expect(held(a.positions)).toEqual(held(b.positions));
    expect(a.positions.map((p) => p.mark_source)).toEqual([expect.stringMatching(/pair-paced#BTCUSDT$/), expect.stringMatching(/pair-paced#BTCUSDT$/)]);
    expect(checkLedger(cutDb, 'eve').balanced).toBe(true);
    expect(runs(cutDb).map((r) => r.status)).toEqual(['done', 'done']);
  });

  it('two instruments on two partitions: the resume meets the records in the order the killed run met them', async () => {
    const brokers = kafka.brokers.join(',');
    const db = join(dir, 'split.db');
    const config = join(dir, 'lobster-basis.json');
    writeFileSync(config, JSON.stringify({ params: { size: 1, entryBps: 3 }, risk: { locate: ['GOOG'] } }));
    cli(['account', 'create', 'ann', '--cash', '100000', '--db', db]);
    const live = startCli(['live', '--brokers', brokers, '--topic', 'split', '--symbol', 'AMZN+GOOG', '--account', 'ann', '--db', db, '--strategy', BASIS, '--config', config]);
    procs.push(live);
    // Keyed by symbol, AMZN and GOOG land on partitions 2 and 0 of three; published at a pace, the
    // run meets them interleaved as they come, while a resume reading the whole topic at once
    // would fetch long runs of each partition.
    const pub = startCli(['feed', 'publish', `${LOB('AMZN')}+${LOB('GOOG')}`, '--brokers', brokers, '--topic', 'split', '--partitions', '3', '--speed', '2000x']);
    procs.push(pub);
    await waitUntil('fills booked', () => fillCount(db) >= 120, 120_000, () => live.stderr());
    await stopCli(live, 'SIGKILL');
    expect(await pub.exited).toBe(0);
    const before = checkLedger(db, 'ann').fills;
    const h = new Database(db, { readonly: true });
    const recorded = (h.prepare('SELECT data_json FROM runs').get() as { data_json: string }).data_json;
    const segments = (h.prepare('SELECT COUNT(*) AS n FROM run_feed_order').get() as { n: number }).n;
    h.close();
    expect(JSON.parse(recorded).map((d: { instrument: string; partition: number }) => [d.instrument, d.partition])).toEqual([
      ['AMZN.NASDAQ', 2],
      ['GOOG.NASDAQ', 0],
    ]);
    expect(segments).toBeGreaterThan(1);

    const resumed = JSON.parse(cli(['live', '--account', 'ann', '--db', db, '--resume', '--until-idle', '3', '--out', join(dir, 'split-resumed'), '--json']).stdout);
    expect(resumed.fills_already_booked).toBe(before.length);
    expect(resumed.fills_booked).toBe(resumed.fills - before.length);
    // The resumed run made the booked fills again, one for one, before going on.
    const made = readFileSync(join(dir, 'split-resumed/fills.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { client_id: string; side: string; price: string; qty: string; fee: string; ts_delivered: string });
    expect(made.length).toBe(resumed.fills);
    const row = (f: { client_id: string; side: string; price: string; qty: string; fee: string }, ts: string) => [f.client_id, f.side, f.price, f.qty, f.fee, ts];
    expect(made.slice(0, before.length).map((f) => row(f, f.ts_delivered))).toEqual(before.map((f) => row(f, f.ts_ns)));
    const after = checkLedger(db, 'ann');
    expect(after.fills.map((f) => row(f, f.ts_ns))).toEqual(made.map((f) => row(f, f.ts_delivered)));
    expect(after.balanced).toBe(true);
    expect(after.cash).toBe(after.expectedCash);
    expect(runs(db)).toEqual([{ id: 1, status: 'done' }]);
  });

  it('a killed run that played a recording on the in-process bus resumes from its unchanged files: the backtest fills exactly, each once', async () => {
    const db = join(dir, 'bus.db');
    const data = join(dir, 'syn.csv.gz');
    const bytes = readFileSync(SYN);
    writeFileSync(data, bytes);
    writeFileSync(`${data}.instrument.json`, readFileSync(`${SYN}.instrument.json`));
    cli(['account', 'create', 'bob', '--cash', '100000', '--db', db]);
    cli(['backtest', '--data', SYN, '--strategy', MM, '--seed', '3', '--out', join(dir, 'bt-bus')]);
    const expected = readFileSync(join(dir, 'bt-bus/fills.jsonl'));
    const expectedCount = expected.toString().trim().split('\n').length;
    const live = startCli(['live', '--data', data, '--speed', '60x', '--account', 'bob', '--db', db, '--strategy', MM, '--seed', '3']);
    procs.push(live);
    await waitUntil('a third of the fills booked', () => fillCount(db) >= expectedCount / 3, 120_000, () => live.stderr());
    await stopCli(live, 'SIGKILL');
    const before = fillCount(db);
    expect(before).toBeLessThan(expectedCount);

    // The recording changed since: refused, naming the file; put back, the resume goes on.
    writeFileSync(data, Buffer.concat([bytes, Buffer.from([0])]));
    const changed = runCli(['live', '--account', 'bob', '--db', db, '--resume'], { env });
    expect(changed.code).toBe(5);
    expect(changed.stderr).toContain(`${data}: the data changed since run 1 started`);
    writeFileSync(data, bytes);
    // So did its instrument: another tick size makes other fills from the same records.
    const spec = readFileSync(`${data}.instrument.json`, 'utf8');
    writeFileSync(`${data}.instrument.json`, spec.replace('"tickSize": "0.01"', '"tickSize": "0.005"'));
    const respecified = runCli(['live', '--account', 'bob', '--db', db, '--resume'], { env });
    expect(respecified.code).toBe(5);
    expect(respecified.stderr).toContain("the feed's SYN.SYNTH records: the instrument changed since run 1 started (tickSize 0.005, was 0.01)");
    writeFileSync(`${data}.instrument.json`, spec);
    const resumed = JSON.parse(cli(['live', '--account', 'bob', '--db', db, '--resume', '--out', join(dir, 'bus-resumed'), '--json']).stdout);
    expect(resumed.resumed).toBe(true);
    expect(resumed.stopped_by).toBe('end');
    expect(resumed.fills).toBe(expectedCount);
    expect(resumed.fills_already_booked).toBe(before);
    expect(resumed.fills_booked).toBe(expectedCount - before);
    expect(readFileSync(join(dir, 'bus-resumed/fills.jsonl')).equals(expected)).toBe(true);
    expect(runs(db)).toEqual([{ id: 1, status: 'done' }]);
    const ledger = checkLedger(db, 'bob');
    expect(ledger.fills.length).toBe(expectedCount);
    expect(ledger.balanced).toBe(true);
    expect(ledger.cash).toBe(ledger.expectedCash);
  });
});
