import { Command } from 'commander';
import { UsageError } from '../errors.js';
import { wholeNumber } from '../cli-support/args.js';
import { renderTable, writeJson } from '../cli-support/output.js';
import { findAccount } from '../store/accounts.js';
import { parseSpeed } from '../services/pacing.js';
import { InProcessBus } from '../live/in-process-bus.js';
import { busFeed, kafkaFeed, type LiveFeed } from '../live/feeds.js';
import { parseBrokers } from '../live/kafka.js';
import { busNavSink, redisNavSink, type NavSink, type NavSnapshot } from '../live/nav-fanout.js';
import { publishRecording } from '../live/feed-publish.js';
import { runLive } from '../live/live-run.js';
import { LiveDriver, liveSession } from '../tui/session/live-driver.js';
import { runTui } from '../tui/run-tui.js';
import { dbGameSource } from '../tui/game-source.js';
import { copilotFor } from './replay-tui.js';
import { writeLiveOutputs } from '../live/live-outputs.js';
import type { FeedRecord } from '../live/wire.js';
import { openFromFlags, reportWarnings, withDataOptions, type DataFlags } from './data-options.js';
import { runConfigFromFlags, withModelOptions, type ModelFlags } from './model-options.js';
import { openDbFromFlags, withDbOption } from './db-option.js';
import { syncRedisAfterRun } from '../services/leaderboard-sync.js';
import { resumeOrAbandon, type Resuming } from './live-resume.js';
import { ingestAfterRun } from '../services/game-ingest.js';

export interface LiveFlags extends DataFlags, ModelFlags {
  brokers?: string;
  topic?: string;
  from: string;
  data?: string;
  speed: string;
  symbol?: string;
  account?: string;
  strategy?: string;
  seed: string;
  out?: string;
  untilIdle?: string;
  redis?: string;
  db?: string;
  json?: boolean;
  tui?: boolean;
  plain?: boolean;
  resume?: boolean;
  abandon?: boolean;
}

export function liveCommand(): Command {
  const cmd = new Command('live')
    .description('run a strategy on a live feed (Kafka, or a recording on the in-process bus) through the same engine as a backtest')
    .option('--brokers <list>', 'Kafka brokers, host:port[,host:port...]')
    .option('--topic <name>', 'the feed topic (vtrade feed publish writes one)')
    .option('--from <where>', 'earliest (the whole topic) or latest (only what arrives from now on)', 'earliest')
    .option('--data <file>', 'without --brokers: play this recording on the in-process bus instead')
    .option('--speed <s>', 'with --data: data time per wall time, 1x, 10x, max', 'max')
    .option('--symbol <sym>', 'the instrument to trade (default: the first the feed carries)')
    .option('--account <name>', 'the paper account that trades; fills are booked in SQLite as they happen')
    .option('--strategy <file>', 'strategy file (.ts or .js)')
    .option('--seed <N>', 'seed for latency draws and the strategy generator', '1')
    .option('--out <dir>', 'write report.json, fills.jsonl, orders.csv and manifest.json here, as a backtest does')
    .option('--until-idle <seconds>', 'stop once the feed has been quiet this long')
    .option('--redis <url>', 'publish NAV updates on Redis (redis://host:port): channel vtrade:nav:<name>, hash vtrade:nav:<name>:latest; with --account also the leaderboard at the end')
    .option('--resume', "with --account: finish the account's interrupted live run (killed): the topic is read again from where it started, no fill lost, none booked twice, then the run tails on")
    .option('--abandon', "with --account: close the account's interrupted live run as failed; its booked fills stay")
    .option('--json', 'print the result as JSON')
    .option('--tui', 'full-screen terminal UI over the run: book, orders, position; trade from the keyboard (with --data: speed 1x unless --speed)')
    .option('--plain', 'with --tui: a line-by-line feed of orders, fills and status instead of redrawing');
  withDataOptions(cmd);
  withModelOptions(cmd);
  withDbOption(cmd);
  return cmd
    .addHelpText(
      'after',
      `
The feed goes through the very engine a backtest uses: the same recording, seed and models give
the same fills, byte for byte. Without --brokers and --redis no server is needed: --data plays a
recording on the in-process bus and the account lives in SQLite. Ctrl-C stops the run cleanly
(in-flight orders drain, outputs are written). A run killed outright stays unfinished on its
account: --resume finishes it from its recorded seed, config, strategy and feed position.
Topology and record format: docs/live.md.

Examples:
  $ vtrade live --brokers 127.0.0.1:9092 --topic md --strategy fixtures/strategies/market-maker.ts --until-idle 5 --out runs/live
  $ vtrade live --brokers 127.0.0.1:9092 --topic md --account alice --strategy fixtures/strategies/market-maker.ts --redis redis://127.0.0.1:6379
  $ vtrade live --data fixtures/synth/syn-seed42-5min.csv.gz --speed 10x --strategy fixtures/strategies/market-maker.ts
  $ vtrade live --account alice --resume --until-idle 5`,
    )
    .action(async (flags: LiveFlags, cmd: Command) => {
      if (flags.resume || flags.abandon) {
        const r = resumeOrAbandon(flags);
        if (!r) return;
        // The interrupted run's feed, strategy and seed replace the flags' (a copy: flags stay as given).
        return runLiveCommand({ ...flags, ...r.flags }, cmd, r);
      }
      return runLiveCommand(flags, cmd);
    });
}

async function runLiveCommand(flags: LiveFlags, cmd: Command, resuming?: Resuming): Promise<void> {
  if (!flags.strategy) throw new UsageError('live needs --strategy', 'vtrade live --brokers 127.0.0.1:9092 --topic md --strategy s.ts');
  if (flags.brokers && flags.data) throw new UsageError('give --brokers (a Kafka feed) or --data (a recording on the in-process bus), not both');
  if (!flags.brokers && !flags.data) throw new UsageError('live needs a feed: --brokers and --topic, or --data <file>');
  if (flags.brokers && !flags.topic) throw new UsageError('--brokers needs --topic');
  if (flags.from !== 'earliest' && flags.from !== 'latest') throw new UsageError(`--from "${flags.from}" is not earliest or latest`);
  const config = resuming?.config ?? runConfigFromFlags(flags);
  const seed = wholeNumber(flags.seed, '--seed');
  const untilIdleMs = flags.untilIdle !== undefined ? parseSeconds(flags.untilIdle) : undefined;
  if (flags.plain && !flags.tui) throw new UsageError('--plain goes with --tui');
  // Full screen: warnings would tear it; they are printed once the terminal is restored.
  const fullScreen = flags.tui === true && flags.plain !== true;
  const held: string[] = [];
  let screenDone = false;
  const warn = (m: string) => void (fullScreen && !screenDone ? held.push(m) : process.stderr.write(`warning: ${m}\n`));
  const db = resuming?.db ?? (flags.account ? openDbFromFlags(flags) : undefined);
  const account = db ? { db, row: findAccount(db, flags.account!) } : undefined;

  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  let feed: LiveFeed;
  let publishing: Promise<void> | undefined;
  let data: Awaited<ReturnType<typeof openFromFlags>> | undefined;
  const bus = new InProcessBus<FeedRecord>();
  if (flags.brokers) {
    feed = kafkaFeed({ brokers: parseBrokers(flags.brokers), topic: flags.topic!, from: resuming?.from ?? (flags.from), warn });
  } else {
    const opened = await openFromFlags([flags.data!], flags);
    data = opened;
    const speed = parseSpeed(flags.tui && cmd.getOptionValueSource('speed') === 'default' ? '1x' : flags.speed);
    // The recording plays once the run listens; when it is over the run stops.
    let played: () => void = () => {};
    const listening = new Promise<void>((resolve) => (played = resolve));
    feed = busFeed(bus, 'market', `bus:${flags.data}`, () => played());
    // A stopped run stops the playing too (at its next send), rather than waiting out the recording.
    const quit = new Error('stopped');
    const send = async (rs: FeedRecord[]) => {
      if (stop.signal.aborted) throw quit;
      rs.forEach((r) => bus.publish('market', r));
    };
    publishing = listening
      .then(async () => {
        await publishRecording({ data: opened, speed, encoding: 'binary', end: true, send });
        stop.abort('end');
      })
      .catch((err: unknown) => {
        if (err === quit) return;
        stop.abort();
        throw err;
      });
    publishing.catch(() => {}); // awaited after the run
  }
  const navBus = new InProcessBus<NavSnapshot>();
  const nav: NavSink = flags.redis ? redisNavSink(flags.redis, warn) : busNavSink(navBus);
  const driver = flags.tui ? new LiveDriver() : undefined;
  try {
    const running = runLive({
      feed,
      symbol: flags.symbol,
      strategyPath: flags.strategy,
      config,
      seed,
      untilIdleMs,
      account,
      resume: resuming?.run,
      nav,
      log: fullScreen ? () => {} : (m) => process.stderr.write(`strategy: ${m}\n`),
      warn,
      signal: stop.signal,
      nowIso: () => new Date().toISOString(),
      engine: driver,
    });
    if (driver) {
      running.catch(() => {}); // awaited below
      process.stderr.write(`waiting for the feed (${flags.brokers ? `${flags.topic} on ${flags.brokers}` : flags.data})...\n`);
      const attached = await Promise.race([driver.attached.then(() => true), running.then(() => false, () => false)]);
      if (attached) {
        const session = liveSession({ driver, account: flags.account ?? 'scratch', source: flags.topic ?? flags.data!.split('/').pop()!, run: running, stop: () => stop.abort() });
        try {
          // With an account, the missions, leaderboard and copilot panes follow it, as in a replay.
          const acct = db && flags.account ? { db, name: flags.account } : undefined;
          await runTui(session, {
            plain: flags.plain === true,
            game: acct ? dbGameSource(acct.db, acct.name) : undefined,
            copilot: acct && !flags.plain ? copilotFor(acct.db, acct.name) : undefined,
          });
        } finally {
          screenDone = true;
          for (const m of held.splice(0)) warn(m);
        }
      }
      stop.abort();
    }
    const live = await running;
    await publishing;
    if (data) reportWarnings(data);
    // Game progress (missions, XP, standings) from the fills the run booked, then the Redis
    // standings. Neither can fail the run: the fills are booked; they catch up next time.
    if (db) await ingestAfterRun(db);
    if (db && flags.redis) await syncRedisAfterRun(db, flags.redis, warn);
    if (!live.result) {
      warn(`the feed carried no events${flags.symbol ? ` for ${flags.symbol}` : ''}: nothing ran`);
    } else if (flags.out) {
      await writeLiveOutputs(flags.out, live, { strategyPath: flags.strategy, seed, config });
    }
    const out = {
      source: live.feed.source,
      symbol: live.instrument?.symbol ?? null,
      events: live.events,
      records: live.records,
      fills: live.result?.fills.length ?? 0,
      fills_booked: live.fillsBooked,
      fills_already_booked: live.fillsAlreadyBooked,
      run: live.runId ?? null,
      resumed: resuming !== undefined,
      equity: live.result ? live.result.account.equity(live.result.lastMark).toFixed() : null,
      stopped_by: live.stoppedBy,
      feed_sha256: live.feed.sha256,
    };
    if (flags.json) return writeJson(out);
    process.stdout.write(renderTable(['figure', 'value'], Object.entries(out).map(([k, v]) => [k, String(v)])));
  } finally {
    screenDone = true;
    for (const m of held.splice(0)) warn(m);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await nav.close();
    db?.close();
  }
}

function parseSeconds(text: string): number {
  const n = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || n <= 0) throw new UsageError(`--until-idle "${text}" is not a number of seconds`, 'for example --until-idle 5');
  return Math.round(n * 1000);
}
