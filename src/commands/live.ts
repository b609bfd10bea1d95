import { Command } from 'commander';
import { UsageError } from '../errors.js';
import { wholeNumber } from '../cli-support/args.js';
import { renderTable, writeJson } from '../cli-support/output.js';
import { findAccount } from '../store/accounts.js';
import { parseSpeed } from '../services/pacing.js';
import { parseBrokers } from '../live/kafka.js';
import { runLiveSession, type LiveSource, type LiveSummary } from '../live/live-session.js';
import { rejectLine } from '../services/reject-summary.js';
import { LiveDriver, liveSession } from '../tui/session/live-driver.js';
import { runTui } from '../tui/run-tui.js';
import { dbGameSource } from '../tui/game-source.js';
import { copilotFor } from './replay-tui.js';
import { dataParts, openPartsFromFlags, reportWarnings, type openFromFlags } from './data-options.js';
import { instrumentId } from '../engine/model/instrument.js';
import { withRunOptions, type RunFlags } from './flag-sets.js';
import { runConfigFromFlags } from './model-options.js';
import { openDbFromFlags, withDbOption } from './db-option.js';
import { resumeOrAbandon, type Resuming } from './live-resume.js';

export interface LiveFlags extends RunFlags {
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
    .option('--data <file>', 'without --brokers: play this recording on the in-process bus instead; "A+B" plays several instruments on one clock')
    .option('--speed <s>', 'with --data: data time per wall time, 1x, 10x, max', 'max')
    .option('--symbol <sym>', 'the instrument to trade (default: the first the feed carries); "A+B" trades several on one clock (symbol or symbol.venue)')
    .option('--account <name>', 'the paper account that trades; fills are booked in SQLite as they happen')
    .option('--strategy <file>', 'strategy file (.ts or .js)')
    .option('--seed <N>', 'seed for latency draws and the strategy generator', '1')
    .option('--out <dir>', 'write report.json, fills.jsonl, orders.csv and manifest.json here, as a backtest does')
    .option('--until-idle <seconds>', 'stop once the feed has been quiet this long')
    .option('--redis <url>', 'publish NAV updates on Redis (redis://host:port): channel vtrade:nav:<name>, hash vtrade:nav:<name>:latest; with --account also the leaderboard at the end')
    .option('--resume', "with --account: finish the account's interrupted live run (killed): the topic (or the recording, played at once up to the last fill booked) is read again from where it started, each instrument from the position it held, no fill lost, none booked twice, then the run goes on")
    .option('--abandon', "with --account: close the account's interrupted live run as failed; its booked fills stay")
    .option('--json', 'print the result as JSON')
    .option('--tui', 'full-screen terminal UI over the run: book, orders, position; trade from the keyboard (with --data: speed 1x unless --speed)')
    .option('--plain', 'with --tui: a line-by-line feed of orders, fills and status instead of redrawing');
  withRunOptions(cmd);
  withDbOption(cmd);
  return cmd
    .addHelpText(
      'after',
      `
The feed goes through the very engine a backtest uses: the same recording, seed and models give
the same fills, byte for byte. Without --brokers and --redis no server is needed: --data plays a
recording on the in-process bus and the account lives in SQLite. Ctrl-C stops the run cleanly
(in-flight orders drain, outputs are written). A run killed outright stays unfinished on its
account: --resume finishes it from its recorded seed, config, strategy and feed position (a
recording played with --data is played again from its files, which must be unchanged).
Topology and record format: docs/live.md.

Examples:
  $ vtrade live --brokers 127.0.0.1:9092 --topic md --strategy fixtures/strategies/market-maker.ts --until-idle 5 --out runs/live
  $ vtrade live --brokers 127.0.0.1:9092 --topic md --account alice --strategy fixtures/strategies/market-maker.ts --redis redis://127.0.0.1:6379
  $ vtrade live --data fixtures/synth/syn-seed42-5min.csv.gz --speed 60x --strategy fixtures/strategies/market-maker.ts
  $ vtrade live --account alice --resume --until-idle 5`,
    )
    .action(async (flags: LiveFlags, cmd: Command) => {
      if (flags.resume || flags.abandon) {
        const r = await resumeOrAbandon(flags);
        if (!r) return;
        // The interrupted run's feed, strategy and seed replace the flags' (a copy: flags stay as given);
        // a recording plays at the run's speed unless --speed says otherwise.
        const speed = cmd.getOptionValueSource('speed') === 'cli' ? { speed: flags.speed } : {};
        return runLiveCommand({ ...flags, ...r.flags, ...speed }, cmd, r);
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
  const strategyPath = flags.strategy;
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
  try {
    let source: LiveSource;
    let parts: Awaited<ReturnType<typeof openFromFlags>>[] = [];
    let symbols = flags.symbol?.includes('+') ? flags.symbol.split('+').map((x) => x.trim()).filter((x) => x !== '') : undefined;
    if (flags.brokers) {
      source = { kind: 'kafka', brokers: parseBrokers(flags.brokers), topic: flags.topic!, from: resuming?.from ?? flags.from };
    } else {
      const files = dataParts([flags.data!]);
      parts = await openPartsFromFlags(files, flags);
      const speed = parseSpeed(flags.tui && cmd.getOptionValueSource('speed') === 'default' ? '1x' : flags.speed);
      source = { kind: 'recording', data: parts[0], others: parts.slice(1), label: flags.data!, files: files.flat(), speed, fastUntil: resuming?.fastUntil };
      // Several recordings played together: the run trades them all, unless --symbol says otherwise.
      if (parts.length > 1 && !flags.symbol) symbols = parts.map((p) => instrumentId(p.instrument));
    }
    const driver = flags.tui ? new LiveDriver() : undefined;
    const out = await runLiveSession({
      source,
      symbol: symbols ? undefined : flags.symbol,
      symbols,
      strategyPath,
      config,
      seed,
      untilIdleMs,
      account,
      resume: resuming?.run,
      redisUrl: flags.redis,
      outDir: flags.out,
      log: fullScreen ? () => {} : (m) => process.stderr.write(`strategy: ${m}\n`),
      warn,
      signal: stop.signal,
      nowIso: () => new Date().toISOString(),
      engine: driver,
      attach: driver
        ? async (running, stopRun) => {
            process.stderr.write(`waiting for the feed (${flags.brokers ? `${flags.topic} on ${flags.brokers}` : flags.data})...\n`);
            const attached = await Promise.race([driver.attached.then(() => true), running.then(() => false, () => false)]);
            if (attached) {
              const session = liveSession({ driver, account: flags.account ?? 'scratch', source: flags.topic ?? flags.data!.split('/').pop()!, run: running, stop: stopRun });
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
            stopRun();
          }
        : undefined,
      onFeedDone: () => {
        for (const part of parts) reportWarnings(part);
      },
    });
    if (flags.json) return writeJson(out);
    process.stdout.write(renderTable(['figure', 'value'], Object.entries(out).map(([k, v]) => [k, summaryText(out, k, v)])));
  } finally {
    screenDone = true;
    for (const m of held.splice(0)) warn(m);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    db?.close();
  }
}

function parseSeconds(text: string): number {
  const n = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || n <= 0) throw new UsageError(`--until-idle "${text}" is not a number of seconds`, 'for example --until-idle 5');
  return Math.round(n * 1000);
}

/** A summary figure as people read it: the units and the refused orders in words. */
function summaryText(out: LiveSummary, key: string, value: unknown): string {
  if (key === 'instrument') return out.instrument ? `${out.instrument.symbol}: tick ${out.instrument.tick}, lot ${out.instrument.lot}` : '-';
  if (key === 'rejects') return rejectLine(out.rejects);
  return String(value);
}
