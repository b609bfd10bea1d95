import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataDir } from './support/data-dir.js';
import { runCli } from './support/run-cli.js';
import { startKafka, type KafkaBroker } from './support/servers.js';
import { checkGame, checkLedger } from './support/live-ledger.js';

const AMZN = join(dataDir(), 'lobster/LOBSTER_SampleFile_AMZN_2012-06-21_5.zip');
const SYN = 'fixtures/synth/syn-seed42-5min.csv.gz';
const MM = 'fixtures/strategies/market-maker.ts';
const env = { VTRADE_FROM_SOURCE: '1' };

let synBacktest: Buffer | undefined;
/** The backtest of the synthetic session, seed 3: the fills every run of it must reproduce. */
function synFills(dir: string): Buffer {
  if (!synBacktest) {
    cli(['backtest', '--data', SYN, '--strategy', MM, '--seed', '3', '--out', join(dir, 'bt-syn')]);
    synBacktest = readFileSync(join(dir, 'bt-syn/fills.jsonl'));
  }
  return synBacktest;
}

function cli(args: string[]) {
  const r = runCli(args, { env });
  if (r.code !== 0) throw new Error(`vtrade ${args.join(' ')} exited ${r.code}\n${r.stderr}`);
  return r;
}

describe('live on Kafka is the backtest engine', () => {
  let kafka: KafkaBroker;
  const dir = mkdtempSync(join(tmpdir(), 'vtrade-live-e2e-'));
  beforeAll(async () => {
    kafka = await startKafka();
  });
  afterAll(async () => {
    await kafka?.stop();
  });

  it('a LOBSTER recording published into Kafka and run live through the market maker makes exactly the backtest fills', () => {
    const brokers = kafka.brokers.join(',');
    const db = join(dir, 'v.db');
    cli(['account', 'create', 'alice', '--cash', '100000', '--db', db]);
    const pub = JSON.parse(cli(['feed', 'publish', AMZN, '--brokers', brokers, '--topic', 'amzn', '--json']).stdout);
    expect(pub.symbol).toBe('AMZN');
    const live = JSON.parse(
      cli(['live', '--brokers', brokers, '--topic', 'amzn', '--account', 'alice', '--db', db, '--strategy', MM, '--seed', '7', '--until-idle', '3', '--out', join(dir, 'live'), '--json']).stdout,
    );
    cli(['backtest', '--data', AMZN, '--strategy', MM, '--seed', '7', '--out', join(dir, 'bt')]);

    expect(live.events).toBe(pub.events);
    expect(live.stopped_by).toBe('idle');
    const liveFills = readFileSync(join(dir, 'live/fills.jsonl'));
    const btFills = readFileSync(join(dir, 'bt/fills.jsonl'));
    expect(btFills.length).toBeGreaterThan(0);
    expect(liveFills.equals(btFills)).toBe(true);
    expect(readFileSync(join(dir, 'live/orders.csv')).equals(readFileSync(join(dir, 'bt/orders.csv')))).toBe(true);
    const lm = JSON.parse(readFileSync(join(dir, 'live/manifest.json'), 'utf8'));
    const bm = JSON.parse(readFileSync(join(dir, 'bt/manifest.json'), 'utf8'));
    expect(lm.fingerprint).toBe(bm.fingerprint);
    expect(lm.data[0].path).toContain('#AMZN');

    // The account booked every fill once, and its ledger balances.
    const fills = btFills.toString().trim().split('\n').length;
    expect(live.fills).toBe(fills);
    expect(live.fills_booked).toBe(fills);
    const ledger = checkLedger(db, 'alice');
    expect(ledger.fills.length).toBe(fills);
    expect(ledger.balanced).toBe(true);
    expect(ledger.cash).toBe(ledger.expectedCash);
    // When the run stopped the game took in every fill once, and paid each reward once.
    const game = checkGame(db, 'alice');
    expect([...game.gameFills].sort()).toEqual([...game.fills].sort());
    expect(game.storedState.totals.fills).toBe(fills);
    expect([...game.rewardRows].sort()).toEqual([...game.paidMissions].sort());
  });

  it('the JSON encoding over several partitions carries the same events', () => {
    const brokers = kafka.brokers.join(',');
    cli(['feed', 'publish', SYN, '--brokers', brokers, '--topic', 'syn-json', '--encoding', 'json', '--partitions', '3', '--batch', '250']);
    cli(['live', '--brokers', brokers, '--topic', 'syn-json', '--strategy', MM, '--seed', '3', '--until-idle', '3', '--out', join(dir, 'live-json')]);
    const live = readFileSync(join(dir, 'live-json/fills.jsonl'));
    expect(live.length).toBeGreaterThan(0);
    expect(live.equals(synFills(dir))).toBe(true);
  });

  it('without --brokers a recording plays on the in-process bus, same fills again', () => {
    cli(['live', '--data', SYN, '--strategy', MM, '--seed', '3', '--out', join(dir, 'live-bus')]);
    expect(readFileSync(join(dir, 'live-bus/fills.jsonl')).equals(synFills(dir))).toBe(true);
  });

  it('two instruments published into one topic and run live on an account make exactly the backtest of "A+B"; each keeps its market', () => {
    const brokers = kafka.brokers.join(',');
    const lob = (name: string) => join(dataDir(), 'lobster', name);
    const pair = `${lob('LOBSTER_SampleFile_AMZN_2012-06-21_1.zip')}+${lob('LOBSTER_SampleFile_GOOG_2012-06-21_1.zip')}`;
    const config = join(dir, 'basis.json');
    writeFileSync(config, JSON.stringify({ params: { size: 1, entryBps: 3 }, risk: { locate: ['GOOG'] } }));
    const basis = ['--strategy', 'fixtures/strategies/basis.ts', '--config', config];
    const db = join(dir, 'pair.db');
    cli(['account', 'create', 'eve', '--cash', '100000', '--db', db]);
    const pub = JSON.parse(cli(['feed', 'publish', pair, '--brokers', brokers, '--topic', 'pair', '--json']).stdout);
    expect(pub.symbol).toBe('AMZN+GOOG');
    const live = JSON.parse(cli(['live', '--brokers', brokers, '--topic', 'pair', '--symbol', 'AMZN+GOOG.NASDAQ', '--account', 'eve', '--db', db, ...basis, '--until-idle', '3', '--out', join(dir, 'live-pair'), '--json']).stdout);
    cli(['backtest', '--data', pair, ...basis, '--out', join(dir, 'bt-pair')]);
    expect(live.symbol).toBe('AMZN+GOOG');
    expect(live.events).toBe(pub.events);
    const btFills = readFileSync(join(dir, 'bt-pair/fills.jsonl'));
    const rows = btFills.toString().trim().split('\n').map((l) => JSON.parse(l) as { instrument: string });
    expect(new Set(rows.map((f) => f.instrument))).toEqual(new Set(['AMZN.NASDAQ', 'GOOG.NASDAQ']));
    expect(readFileSync(join(dir, 'live-pair/fills.jsonl')).equals(btFills)).toBe(true);
    expect(live.fills_booked).toBe(rows.length);
    const ledger = checkLedger(db, 'eve');
    expect(ledger.fills.length).toBe(rows.length);
    expect(ledger.balanced).toBe(true);
    const markets = JSON.parse(cli(['account', 'show', 'eve', '--db', db, '--json']).stdout).positions.map((p: { symbol: string; mark_source: string }) => [p.symbol, p.mark_source]);
    expect(markets).toEqual([
      ['AMZN', expect.stringMatching(/\/pair#AMZN$/)],
      ['GOOG', expect.stringMatching(/\/pair#GOOG$/)],
    ]);
    // The same pair played on the in-process bus: the same fills again.
    cli(['live', '--data', pair, ...basis, '--out', join(dir, 'live-pair-bus')]);
    expect(readFileSync(join(dir, 'live-pair-bus/fills.jsonl')).equals(btFills)).toBe(true);
  });
});
