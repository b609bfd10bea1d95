import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './support/run-cli.js';
import { startKafka, startRedis, type KafkaBroker, type RedisServer } from './support/servers.js';
import { checkLedger } from './support/live-ledger.js';
import { startCli, stopCli, waitUntil } from './support/processes.js';

const SYN = 'fixtures/synth/syn-seed42-5min.csv.gz';
const MM = 'fixtures/strategies/market-maker.ts';
const env = { VTRADE_FROM_SOURCE: '1' };

function cli(args: string[]) {
  const r = runCli(args, { env });
  if (r.code !== 0) throw new Error(`vtrade ${args.join(' ')} exited ${r.code}\n${r.stderr}`);
  return r;
}

describe('NAV fan-out on Redis', () => {
  let kafka: KafkaBroker;
  let redis: RedisServer;
  const dir = mkdtempSync(join(tmpdir(), 'vtrade-live-redis-'));
  beforeAll(async () => {
    [kafka, redis] = await Promise.all([startKafka(), startRedis()]);
  });
  afterAll(async () => {
    await kafka?.stop();
    await redis?.dispose();
  });

  it('Redis stopped during a live run: one warning, the run goes on, SQLite keeps every fill, fan-out resumes', async () => {
    const brokers = kafka.brokers.join(',');
    const db = join(dir, 'v.db');
    cli(['account', 'create', 'alice', '--cash', '100000', '--db', db]);
    cli(['backtest', '--data', SYN, '--strategy', MM, '--seed', '3', '--out', join(dir, 'bt')]);

    const sub = new Redis(redis.url, { retryStrategy: () => 200, maxRetriesPerRequest: null });
    sub.on('error', () => {});
    const received: { equity: string; fills: number; final: boolean }[] = [];
    sub.on('message', (_channel: string, text: string) => received.push(JSON.parse(text)));
    await sub.subscribe('vtrade:nav:alice');

    const pub = startCli(['feed', 'publish', SYN, '--brokers', brokers, '--topic', 'md', '--speed', '30x', '--batch', '200']);
    const live = startCli([
      'live', '--brokers', brokers, '--topic', 'md', '--account', 'alice', '--db', db, '--strategy', MM, '--seed', '3',
      '--until-idle', '3', '--redis', redis.url, '--out', join(dir, 'live'), '--json',
    ]);
    try {
      await waitUntil('NAV updates on Redis', () => received.length >= 5, 60_000, () => live.stderr());
      await redis.stop();
      const atStop = received.length;
      await new Promise((r) => setTimeout(r, 2000));
      expect(live.child.exitCode).toBe(null); // the run goes on without Redis
      await redis.start();
      await waitUntil('NAV updates after Redis came back', () => received.length > atStop + 3, 30_000, () => live.stderr());
      expect(await live.exited).toBe(0);
      expect(await pub.exited).toBe(0);
    } finally {
      await stopCli(live, 'SIGKILL');
      await stopCli(pub, 'SIGKILL');
    }

    // Exactly one warning for the outage, and one note that it is over.
    const stderr = live.stderr();
    expect(stderr.match(/^warning: Redis .* unreachable .*NAV fan-out paused/gm)?.length).toBe(1);
    expect(stderr.match(/^warning: Redis .* back: NAV fan-out resumed/gm)?.length).toBe(1);

    // The run itself lost nothing: the backtest's fills, all booked once, a balanced ledger.
    const fills = readFileSync(join(dir, 'live/fills.jsonl'));
    expect(fills.equals(readFileSync(join(dir, 'bt/fills.jsonl')))).toBe(true);
    const n = fills.toString().trim().split('\n').length;
    const ledger = checkLedger(db, 'alice');
    expect(ledger.fills.length).toBe(n);
    expect(ledger.balanced).toBe(true);
    expect(ledger.cash).toBe(ledger.expectedCash);

    // Late joiners read the latest snapshot: the final one, after every fill.
    const latest = await sub.duplicate().hgetall('vtrade:nav:alice:latest');
    expect(latest.final).toBe('true');
    expect(Number(latest.fills)).toBe(n);
    expect(received[received.length - 1].final).toBe(true);
    sub.disconnect();
  });

  it('a run of two instruments publishes each one\'s position, as the account books them', async () => {
    const db = join(dir, 'two.db');
    cli(['account', 'create', 'dan', '--cash', '100000', '--db', db]);
    // Buys 2 of the first instrument and 3 of the second once both books have asks, then holds.
    const strategy = join(dir, 'two.mjs');
    writeFileSync(
      strategy,
      `export default () => { let sent = false; return { markets: 'all', onBook(ctx) {
        if (sent || ctx.markets.some((m) => m.book.bestAsk() === undefined)) return;
        sent = true;
        ctx.markets.forEach((m, i) => m.submit({ side: 'buy', type: 'market', qty: i + 2 }));
      } }; };`,
    );
    cli(['live', '--data', `${SYN}+fixtures/synth/syx-seed7-5min.csv.gz`, '--account', 'dan', '--db', db, '--strategy', strategy, '--redis', redis.url, '--json']);
    const reader = new Redis(redis.url);
    try {
      const latest = await reader.hgetall('vtrade:nav:dan:latest');
      const account = JSON.parse(cli(['account', 'show', 'dan', '--db', db, '--json']).stdout) as { equity: string; positions: { symbol: string; qty: string }[] };
      expect(latest.final).toBe('true');
      expect(latest.equity).toBe(account.equity);
      expect([latest.symbol, latest.position]).toEqual(['SYN', '2']);
      const published = JSON.parse(latest.positions) as { instrument: string; symbol: string; qty: string }[];
      expect(published.map((p) => [p.symbol, p.qty])).toEqual(account.positions.map((p) => [p.symbol, p.qty]));
      expect(published.map((p) => [p.instrument.split('.')[0], p.qty])).toEqual([['SYN', '2'], ['SYX', '3']]);
    } finally {
      reader.disconnect();
    }
  });
});
