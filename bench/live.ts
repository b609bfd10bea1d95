/**
 * Live feeds on a real single-node Kafka broker (started here, as the tests do; run
 * `bash .ci/setup.d/kafka.sh` once first):
 *
 * 1. Scale-out: events per second through the execution worker, one member against two in the
 *    same consumer group. Two instruments of equal load (the LOBSTER AMZN L5 recording published
 *    under two symbols, one per partition), the touch-joining market maker. The data is published
 *    first; the broker waits for every member before the first assignment, so no work is redone
 *    in a rebalance. Rate = events / (last record handled - first record handled), over all members.
 * 2. Latency: from the producer stamping a record to the engine having made its fill decisions
 *    on it (Kernel.onBatch returned), for a live run tailing Kafka on loopback while the
 *    recording is published at 10x. p50 / p99 over every record.
 *
 *   npx tsx bench/live.ts [--single-threaded-gc]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataDir } from '../test/support/data-dir.js';
import { openMarketData } from '../src/data/open.js';
import type { MarketData } from '../src/data/market-data.js';
import { makeInstrument, instrumentSpec } from '../src/engine/model/instrument.js';
import { publishRecording } from '../src/live/feed-publish.js';
import { ensureTopic, idempotentProducer, kafkaClient, toKafkaMessage } from '../src/live/kafka.js';
import { kafkaFeed, type LiveFeed } from '../src/live/feeds.js';
import { runLive } from '../src/live/live-run.js';
import { parseRunConfig } from '../src/services/run-config.js';
import { startKafka } from '../test/support/servers.js';
import { repoRoot } from '../test/support/run-cli.js';

const AMZN = join(dataDir(), 'lobster/LOBSTER_SampleFile_AMZN_2012-06-21_5.zip');
const MM = join(repoRoot, 'fixtures/strategies/market-maker.ts');
const REBALANCE_WAIT_MS = 8000;
const ROUNDS = 5;
/**
 * --single-threaded-gc: V8 does the workers' garbage collection on their own thread. By default a
 * lone worker also collects on the idle second core, which two workers on two cores cannot.
 */
const WORKER_NODE_FLAGS = process.argv.includes('--single-threaded-gc') ? ['--single-threaded-gc'] : [];

const kafka = await startKafka({ initialRebalanceDelayMs: REBALANCE_WAIT_MS });
const client = kafkaClient(kafka.brokers, 'vtrade-bench');
const producer = idempotentProducer(client);
await producer.connect();
const work = mkdtempSync(join(tmpdir(), 'vtrade-bench-live-'));

/** The recording under another symbol: a second instrument of exactly the same load. */
function renamed(data: MarketData, symbol: string): MarketData {
  return { ...data, instrument: makeInstrument({ ...instrumentSpec(data.instrument), symbol }), events: () => data.events() };
}

async function publishTo(topic: string, data: MarketData, partition: number | undefined, speed: 'max' | number, batch: number): Promise<number> {
  const r = await publishRecording({
    data,
    encoding: 'binary',
    speed,
    maxEventsPerRecord: batch,
    send: async (records) => {
      await producer.send({ topic, acks: -1, messages: records.map((m) => ({ ...toKafkaMessage(m), partition })) });
    },
  });
  return r.events;
}

interface WorkerStats {
  events: number;
  records: number;
  rewinds: number;
  firstAt: number;
  lastAt: number;
}

function worker(topic: string, group: string, db: string): Promise<WorkerStats> {
  return new Promise((resolve, reject) => {
    const args = ['worker', 'execution', '--brokers', kafka.brokers.join(','), '--group', group, '--topic', topic, '--fills-topic', `${topic}-fills`, '--account', 'bench', '--strategy', MM, '--db', db, '--until-idle', '3', '--json'];
    const child = spawn(process.execPath, [...WORKER_NODE_FLAGS, join(repoRoot, 'bin/vtrade'), ...args], { env: { ...process.env, VTRADE_FROM_SOURCE: '1' }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as WorkerStats) : reject(new Error(`worker exited ${code}`))));
  });
}

async function scaleOut(members: number, base: MarketData, round: number): Promise<{ events: number; seconds: number; rewinds: number; split: number[]; spans: string[] }> {
  const topic = `scale-${members}-${round}`;
  await ensureTopic(client, topic, 2);
  let events = 0;
  events += await publishTo(topic, renamed(base, 'AMZN-A'), 0, 'max', 1000);
  events += await publishTo(topic, renamed(base, 'AMZN-B'), 1, 'max', 1000);
  const runs = [];
  for (let i = 0; i < members; i++) runs.push(worker(topic, `bench-${members}-${round}`, join(work, `w${members}-${round}-${i}.db`)));
  const stats = await Promise.all(runs);
  const handled = stats.reduce((a, s) => a + s.events, 0);
  if (handled !== events) throw new Error(`the workers handled ${handled} events of ${events}`);
  const first = Math.min(...stats.map((s) => s.firstAt));
  const last = Math.max(...stats.map((s) => s.lastAt));
  // Per member: when it started handling records (after the first member did) and for how long it was busy.
  const spans = stats.map((s) => `+${((s.firstAt - first) / 1000).toFixed(2)} s, ${((s.lastAt - s.firstAt) / 1000).toFixed(2)} s`);
  return { events, seconds: (last - first) / 1000, rewinds: stats.reduce((a, s) => a + s.rewinds, 0), split: stats.map((s) => s.events), spans };
}

try {
  const base = await openMarketData([AMZN]);
  // Rounds alternate one and two members; the median of each is reported (the machine is shared).
  type Round = Awaited<ReturnType<typeof scaleOut>>;
  const ones: Round[] = [];
  const twos: Round[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    ones.push(await scaleOut(1, base, i));
    twos.push(await scaleOut(2, base, i));
  }
  const rate = (r: Round) => r.events / r.seconds;
  const median = (rs: Round[]) => [...rs].sort((a, b) => rate(a) - rate(b))[Math.floor(rs.length / 2)];
  const one = median(ones);
  const two = median(twos);
  console.log(`scale-out: execution worker${WORKER_NODE_FLAGS.length ? ' (node --single-threaded-gc)' : ''}, market maker, 2 instruments x 234,145 events (LOBSTER AMZN L5), median of ${ROUNDS}`);
  console.log(`  1 worker : ${one.events} events in ${one.seconds.toFixed(2)} s = ${(rate(one) / 1e3).toFixed(0)} k events/s (all rounds: ${ones.map((r) => (rate(r) / 1e3).toFixed(0)).join(', ')} k)`);
  console.log(`  2 workers: ${two.events} events in ${two.seconds.toFixed(2)} s = ${(rate(two) / 1e3).toFixed(0)} k events/s (all rounds: ${twos.map((r) => (rate(r) / 1e3).toFixed(0)).join(', ')} k; events per member ${two.split.join(' / ')}, rewinds ${two.rewinds})`);
  console.log(`  members of the median 2-worker round (start after the first, busy): ${two.spans.join('; ')}`);
  console.log(`  speed-up : ${(rate(two) / rate(one)).toFixed(2)}x (goal >= 1.8x)`);

  // Latency: a live run tails the topic while the recording is published at 10x.
  const topic = 'latency';
  await ensureTopic(client, topic, 1);
  const samples: number[] = [];
  const stop = new AbortController();
  // Publishing starts once the run has joined its group, so no record waits for the join.
  const inner = kafkaFeed({ brokers: kafka.brokers, topic, from: 'earliest', warn: () => {} });
  let joined: () => void = () => {};
  const ready = new Promise<void>((resolve) => (joined = resolve));
  const feed: LiveFeed = {
    source: inner.source,
    start: (h) => inner.start({ ...h, onReady: () => (h.onReady(), joined()) }),
    stop: () => inner.stop(),
  };
  const live = runLive({
    feed,
    strategyPath: MM,
    config: parseRunConfig({}),
    seed: 1,
    nav: { publish: () => {}, close: async () => {} },
    log: () => {},
    warn: (m) => console.error(m),
    signal: stop.signal,
    nowIso: () => new Date().toISOString(),
    onDecision: (sent, done) => {
      if (sent !== undefined) samples.push((done - sent) / 1000);
    },
  });
  await ready;
  // The first 5 minutes of the session at 10x: 30 s of feed, a record per slice of at most 50 ms of data time.
  const slice = await openMarketData([AMZN]);
  const window: MarketData = {
    ...slice,
    events: async function* () {
      let first: bigint | undefined;
      for await (const b of slice.events()) {
        first ??= b[0]?.tsExch;
        const keep = b.filter((e) => first !== undefined && e.tsExch - first < 300_000_000_000n);
        if (keep.length > 0) yield keep;
        if (keep.length < b.length) return;
      }
    },
  };
  const published = await publishTo(topic, window, undefined, 10, 1000);
  await new Promise((r) => setTimeout(r, 1000));
  stop.abort();
  const r = await live;
  samples.sort((a, b) => a - b);
  const pct = (p: number) => samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))];
  console.log(`latency: produce -> fill decision, live run on loopback, ${samples.length} records (${published} events, ${r.result?.fills.length ?? 0} fills), recording at 10x`);
  console.log(`  p50 ${pct(50).toFixed(2)} ms, p99 ${pct(99).toFixed(2)} ms, max ${samples[samples.length - 1].toFixed(2)} ms (goal p99 <= 20 ms)`);
} finally {
  await producer.disconnect();
  await kafka.stop();
}
