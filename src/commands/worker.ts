import { Command, Option } from 'commander';
import { UsageError } from '../errors.js';
import { wholeNumber } from '../cli-support/args.js';
import { writeJson } from '../cli-support/output.js';
import { parseBrokers } from '../live/kafka.js';
import { runExecutionWorker } from '../live/workers/execution.js';
import { runPortfolioWorker } from '../live/workers/portfolio.js';
import { runMissionsWorker } from '../live/workers/missions.js';
import { runBacktestWorker } from '../live/workers/backtest.js';
import { serveIpc } from '../services/sweep/local-pool.js';
import { openFromFlags } from './data-options.js';
import { openDbFromFlags, withDbOption } from './db-option.js';
import { runConfigFromFlags, withModelOptions, type ModelFlags } from './model-options.js';

interface WorkerFlags extends ModelFlags {
  brokers?: string;
  group?: string;
  topic?: string;
  fillsTopic: string;
  fillsPartitions: string;
  account?: string;
  strategy?: string;
  seed: string;
  untilIdle?: string;
  db?: string;
  redis?: string;
  json?: boolean;
  ipc?: boolean;
}

const ROLES = ['execution', 'portfolio', 'missions', 'backtest'] as const;

export function workerCommand(): Command {
  const cmd = new Command('worker')
    .description('run a service as a member of a Kafka consumer group: execution, portfolio, missions, or backtest (runs sweep cases)')
    .argument('<role>', ROLES.join(' | '))
    .option('--brokers <list>', 'Kafka brokers, host:port[,host:port...]')
    .option('--group <id>', 'the consumer group; members of one group share the partitions')
    .option('--topic <name>', 'execution: the market data topic (default md); backtest: the sweep cases topic (default sweep-cases)')
    .option('--fills-topic <name>', 'the fills topic (execution writes it, portfolio and missions read it)', 'fills')
    .option('--fills-partitions <n>', 'partitions of the fills topic when execution creates it', '4')
    .option('--account <name>', 'execution: the account the strategy trades for')
    .option('--strategy <file>', 'execution: strategy file (.ts or .js)')
    .option('--seed <N>', 'execution: seed for latency draws and the strategy generator', '1')
    .option('--redis <url>', 'missions: keep the Redis leaderboard (redis://host:port) up to date as well as the embedded one')
    .option('--until-idle <seconds>', 'stop once nothing has arrived for this long (default: run until stopped)')
    .option('--json', 'print what the worker did as JSON when it stops')
    // A sweep's own member processes on this machine take their cases over an IPC channel.
    .addOption(new Option('--ipc').hideHelp());
  withModelOptions(cmd);
  withDbOption(cmd);
  return cmd
    .addHelpText(
      'after',
      `
Market data is keyed by instrument and fills by account, so each partition has one owner at a
time. The missions worker scores fills once the portfolio worker has booked them (missions, XP,
badges, standings; rewards credited through the ledger). Handlers are idempotent by event id and offsets are committed only once SQLite holds what
a batch produced: a crash or a rebalance loses nothing and counts nothing twice. SIGINT or
SIGTERM stops a worker cleanly. Topology: docs/live.md.

Examples:
  $ vtrade worker execution --brokers 127.0.0.1:9092 --group exec --topic md --account alice --strategy fixtures/strategies/market-maker.ts
  $ vtrade worker portfolio --brokers 127.0.0.1:9092 --group books
  $ vtrade worker missions --brokers 127.0.0.1:9092 --group missions --redis redis://127.0.0.1:6379
  $ vtrade worker backtest --brokers 127.0.0.1:9092 --group sweepers`,
    )
    .action(async (role: string, flags: WorkerFlags) => {
      if (!(ROLES as readonly string[]).includes(role)) throw new UsageError(`unknown worker "${role}"`, `one of: ${ROLES.join(', ')}`);
      const openData = (paths: string[], o: { format?: string; allowUnordered?: boolean; instrument?: string }) => openFromFlags(paths, o);
      const strategyLog = (m: string) => process.stderr.write(`strategy: ${m}\n`);
      if (role === 'backtest' && flags.ipc) return serveIpc(openData, strategyLog);
      if (!flags.brokers || !flags.group) throw new UsageError('worker needs --brokers and --group', `vtrade worker ${role} --brokers 127.0.0.1:9092 --group ${role}`);
      const brokers = parseBrokers(flags.brokers);
      const untilIdleMs = flags.untilIdle !== undefined ? Math.round(Number(flags.untilIdle) * 1000) : undefined;
      if (untilIdleMs !== undefined && !(untilIdleMs > 0)) throw new UsageError(`--until-idle "${flags.untilIdle}" is not a number of seconds`);
      const warn = (m: string) => process.stderr.write(`warning: ${m}\n`);
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const db = openDbFromFlags(flags);
      const common = { brokers, group: flags.group, fillsTopic: flags.fillsTopic, db, untilIdleMs, signal: stop.signal, warn };
      try {
        let stats: object;
        if (role === 'execution') {
          if (!flags.account || !flags.strategy) throw new UsageError('the execution worker needs --account and --strategy');
          const { performance } = globalThis;
          const t0 = performance.now();
          const s = await runExecutionWorker({
            ...common,
            topic: flags.topic ?? 'md',
            fillsPartitions: wholeNumber(flags.fillsPartitions, '--fills-partitions', 1),
            account: flags.account,
            strategyPath: flags.strategy,
            config: runConfigFromFlags(flags),
            seed: wholeNumber(flags.seed, '--seed'),
            log: (m) => process.stderr.write(`strategy: ${m}\n`),
          });
          const busy = s.firstAt !== undefined && s.lastAt !== undefined ? (s.lastAt - s.firstAt) / 1000 : 0;
          stats = { role, ...s, busySeconds: busy, seconds: (performance.now() - t0) / 1000 };
        } else if (role === 'backtest') {
          stats = { role, ...(await runBacktestWorker({ brokers, group: flags.group, topic: flags.topic ?? 'sweep-cases', open: openData, untilIdleMs, signal: stop.signal, warn, log: strategyLog })) };
        } else if (role === 'portfolio') {
          stats = { role, ...(await runPortfolioWorker({ ...common, nowIso: () => new Date().toISOString() })) };
        } else {
          stats = { role, ...(await runMissionsWorker({ ...common, redisUrl: flags.redis })) };
        }
        if (flags.json) writeJson(stats);
        else process.stderr.write(`worker ${role}: ${JSON.stringify(stats)}\n`);
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        db.close();
      }
    });
}
