import type { MarketData } from '../data/market-data.js';
import type { AccountRow } from '../store/accounts.js';
import type { Db } from '../store/database.js';
import type { RunRow } from '../store/runs.js';
import { syncRedisAfterRun } from '../services/leaderboard-sync.js';
import { speedLabel, type Speed } from '../services/pacing.js';
import type { RunConfig } from '../services/run-config.js';
import { assertQueueFitsData } from '../services/order-level.js';
import { publishRecording } from './feed-publish.js';
import { busFeed, kafkaFeed, type LiveFeed } from './feeds.js';
import { InProcessBus } from './in-process-bus.js';
import { writeLiveOutputs } from './live-outputs.js';
import { runLive, type LiveEngineHook, type LiveRunResult } from './live-run.js';
import { busNavSink, redisNavSink, type NavSink, type NavSnapshot } from './nav-fanout.js';
import { rejectCounts, type RejectCount } from '../services/reject-summary.js';
import type { FeedPosition, FeedRecord } from './wire.js';

/** Where the live session's market data comes from. */
export type LiveSource =
  | { kind: 'kafka'; brokers: string[]; topic: string; from: FeedPosition | FeedPosition[] | 'earliest' | 'latest' }
  /** A recording played on the in-process bus at a speed; the run stops when it is over. */
  | {
      kind: 'recording';
      data: MarketData;
      others?: MarketData[];
      /** The --data value, and each of its files: an account's run records them, with their hashes, for a resume. */
      label: string;
      files: string[];
      speed: Speed;
      /** Resuming: data time before which the recording plays without waiting (see publishRecording). */
      fastUntil?: bigint;
    };

export interface LiveSessionInput {
  source: LiveSource;
  symbol?: string;
  /** Several instruments on one clock (see LiveRunInput.symbols). */
  symbols?: string[];
  strategyPath: string;
  config: RunConfig;
  seed: number;
  untilIdleMs?: number;
  /** The paper account that trades, and its interrupted run when this finishes one. */
  account?: { db: Db; row: AccountRow };
  resume?: RunRow;
  /** NAV updates (and, with an account, the standings at the end) on Redis rather than in-process. */
  redisUrl?: string;
  /** Write report.json, fills.jsonl, orders.csv and manifest.json here, as a backtest does. */
  outDir?: string;
  log: (message: string) => void;
  warn: (message: string) => void;
  /** Stops the run (in-flight orders drain, outputs are written). */
  signal: AbortSignal;
  /** Something riding on the engine (the terminal UI). */
  engine?: LiveEngineHook;
  /** Called once the run is under way, with a way to stop it: a screen over the run returns when the user leaves. */
  attach?: (running: Promise<LiveRunResult>, stop: () => void) => Promise<void>;
  nowIso: () => string;
  /** Once the feed is over and before the game catches up: the command reports the data's warnings here. */
  onFeedDone?: () => void;
}

/** What a live session did, as the command prints it. */
export interface LiveSummary {
  source: string;
  symbol: string | null;
  /** Price and size units of the run's first instrument (null when the feed carried nothing): a strategy that thinks in cents needs to know. */
  instrument: { symbol: string; tick: string; lot: string } | null;
  events: number;
  records: number;
  fills: number;
  fills_booked: number;
  fills_already_booked: number;
  /** Orders refused, by reason, most frequent first. */
  rejects: RejectCount[];
  run: number | null;
  resumed: boolean;
  equity: string | null;
  stopped_by: string;
  feed_sha256: string;
}

/**
 * A live session from feed to outputs: the feed (Kafka, or a recording played on the in-process
 * bus), the NAV fan-out, the run through the engine, then the game's catch-up and the Redis
 * standings for the account, and the run's files. The game and Redis cannot fail the run.
 */
export async function runLiveSession(input: LiveSessionInput): Promise<LiveSummary> {
  // A recording can be checked before it plays; a Kafka feed's records are not known in advance.
  if (input.source.kind === 'recording') await assertQueueFitsData(input.config, [input.source.data, ...(input.source.others ?? [])]);
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  if (input.signal.aborted) stop.abort();
  else input.signal.addEventListener('abort', onAbort, { once: true });
  const { feed, publishing } = openSource(input.source, stop, input.warn);
  const navBus = new InProcessBus<NavSnapshot>();
  const nav: NavSink = input.redisUrl ? redisNavSink(input.redisUrl, input.warn) : busNavSink(navBus);
  try {
    const running = runLive({
      feed,
      symbol: input.symbol,
      symbols: input.symbols,
      strategyPath: input.strategyPath,
      config: input.config,
      seed: input.seed,
      untilIdleMs: input.untilIdleMs,
      account: input.account,
      resume: input.resume,
      recording: input.source.kind === 'recording' ? { data: input.source.label, files: input.source.files, speed: speedLabel(input.source.speed) } : undefined,
      nav,
      log: input.log,
      warn: input.warn,
      signal: stop.signal,
      nowIso: input.nowIso,
      engine: input.engine,
    });
    if (input.attach) {
      running.catch(() => {}); // awaited below
      await input.attach(running, () => stop.abort());
    }
    const live = await running;
    await publishing;
    input.onFeedDone?.();
    const db = input.account?.db;
    // The run's own close has caught the game up with its fills (missions, XP, standings); the
    // Redis standings follow. Neither can fail the run: the fills are booked; they catch up next time.
    if (db && input.redisUrl) await syncRedisAfterRun(db, input.redisUrl, input.warn);
    if (!live.result) {
      const named = input.symbols?.join(', ') ?? input.symbol;
      input.warn(`the feed carried no events${named ? ` for ${named}` : ''}: nothing ran`);
    } else if (input.outDir) {
      await writeLiveOutputs(input.outDir, live, { strategyPath: input.strategyPath, seed: input.seed, config: input.config });
    }
    return {
      source: live.feed.source,
      symbol: live.instruments.length > 0 ? live.instruments.map((i) => i.symbol).join('+') : null,
      instrument: live.instruments.length > 0 ? { symbol: live.instruments[0].symbol, tick: live.instruments[0].tickSize, lot: live.instruments[0].lotSize } : null,
      events: live.events,
      records: live.records,
      fills: live.result?.fills.length ?? 0,
      fills_booked: live.fillsBooked,
      fills_already_booked: live.fillsAlreadyBooked,
      rejects: live.result ? rejectCounts(live.result) : [],
      run: live.runId ?? null,
      resumed: input.resume !== undefined,
      equity: live.result ? live.result.account.equity(live.result.marks).toFixed() : null,
      stopped_by: live.stoppedBy,
      feed_sha256: live.feed.sha256,
    };
  } finally {
    input.signal.removeEventListener('abort', onAbort);
    await nav.close();
  }
}

/** The feed to run on; a recording also starts playing once the run listens, and stops the run when it is over. */
function openSource(source: LiveSource, stop: AbortController, warn: (message: string) => void): { feed: LiveFeed; publishing?: Promise<void> } {
  if (source.kind === 'kafka') return { feed: kafkaFeed({ brokers: source.brokers, topic: source.topic, from: source.from, warn }) };
  const bus = new InProcessBus<FeedRecord>();
  let played: () => void = () => {};
  const listening = new Promise<void>((resolve) => (played = resolve));
  const feed = busFeed(bus, 'market', `bus:${source.label}`, () => played());
  // A stopped run stops the playing too (at its next send), rather than waiting out the recording.
  const quit = new Error('stopped');
  const send = async (rs: FeedRecord[]) => {
    if (stop.signal.aborted) throw quit;
    rs.forEach((r) => bus.publish('market', r));
  };
  const publishing = listening
    .then(async () => {
      await publishRecording({ data: source.data, others: source.others, speed: source.speed, fastUntil: source.fastUntil, encoding: 'binary', end: true, send });
      stop.abort('end');
    })
    .catch((err: unknown) => {
      if (err === quit) return;
      stop.abort();
      throw err;
    });
  publishing.catch(() => {}); // awaited after the run
  return { feed, publishing };
}
