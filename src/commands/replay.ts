import { Command } from 'commander';
import { UsageError } from '../errors.js';
import { wholeNumber } from '../cli-support/args.js';
import { renderTable, writeJson } from '../cli-support/output.js';
import { startProgress } from '../cli-support/progress.js';
import { findAccount } from '../store/accounts.js';
import { paperReplay, type PaperReplayResult } from '../services/paper-replay.js';
import { parseSpeed } from '../services/pacing.js';
import { syncRedisAfterRun } from '../services/leaderboard-sync.js';
import { ingestAfterRun } from '../services/game-ingest.js';
import { dataParts, openFromFlags, openPartsFromFlags, reportWarnings, type DataFlags } from './data-options.js';
import { withRunOptions } from './flag-sets.js';
import { runConfigFromFlags, type ModelFlags } from './model-options.js';
import { openDbFromFlags, withDbOption } from './db-option.js';
import { replayTui } from './replay-tui.js';
import { rejectLine } from '../services/reject-summary.js';
import { abandonRun } from '../services/paper-run.js';

interface ReplayFlags extends DataFlags, ModelFlags {
  account?: string;
  strategy?: string;
  orders?: string;
  speed: string;
  seed: string;
  resume?: boolean;
  abandon?: boolean;
  db?: string;
  json?: boolean;
  tui?: boolean;
  plain?: boolean;
  redis?: string;
}

export function replayCommand(): Command {
  const cmd = new Command('replay')
    .description('replay recorded data through the engine, trading a persistent paper account')
    .argument('[data...]', 'market data (not needed with --resume); "A+B" trades several instruments on one clock')
    .option('--account <name>', 'the paper account that trades (vtrade account create <name>)')
    .option('--strategy <file>', 'strategy file (.ts or .js)')
    .option('--orders <file>', 'or: an orders CSV (id,ts,side,type,qty,limit,tif) to submit at their times')
    .option('--speed <s>', 'data time per wall time: 1x, 10x, max', 'max')
    .option('--seed <N>', 'seed for latency draws and the strategy generator', '1')
    .option('--resume', "finish the account's interrupted run: no fill lost, none booked twice")
    .option('--abandon', "close the account's interrupted run without finishing it (its booked fills stay)")
    .option('--json', 'print the result as JSON')
    .option('--tui', 'full-screen terminal UI: the book, orders, position; trade from the keyboard (speed 1x unless --speed)')
    .option('--plain', 'with --tui: a line-by-line feed of orders, fills and status instead of redrawing')
    .option('--redis <url>', 'after the run, bring the Redis leaderboard at this URL up to date (a failure only warns)');
  withRunOptions(cmd);
  withDbOption(cmd);
  return cmd
    .addHelpText(
      'after',
      `
Every fill is booked in the account database as it happens. A replay killed at any moment is
finished with --resume, which replays the same run again and skips the fills already booked.
--json prints run, resumed, events, fills, fills_booked, fills_already_booked, cash, rejects,
instrument and instruments (and a warning when parts do not overlap): snake_case, as every
JSON vtrade prints, the names live --json uses.

Examples:
  $ vtrade account create alice --cash 100000
  $ vtrade replay fixtures/synth/syn-seed42-5min.csv.gz --account alice --strategy fixtures/strategies/market-maker.ts
  $ vtrade replay fixtures/synth/syn-seed42-5min.csv.gz --account alice --orders fixtures/orders/syn-sample.csv --speed 60x
  $ vtrade replay --account alice --resume
  $ vtrade replay --account alice --abandon
  $ vtrade replay fixtures/synth/syn-seed42-5min.csv.gz --tui
  $ vtrade replay fixtures/synth/syn-seed42-5min.csv.gz --account alice --strategy fixtures/strategies/market-maker.ts --tui --speed 10x`,
    )
    .action(async (data: string[], flags: ReplayFlags, cmd: Command) => {
      if (flags.abandon) return abandon(flags, data);
      if (flags.tui) {
        if (flags.resume) throw new UsageError('--resume does not go with --tui', 'resume without --tui, then start a new --tui run');
        if (!flags.plain && (!process.stdin.isTTY || !process.stdout.isTTY)) {
          throw new UsageError('replay --tui needs a terminal (stdin and stdout)', 'run it in an interactive terminal, or add --plain for a line-by-line feed');
        }
        if (data.length === 0) throw new UsageError('replay --tui needs a data file');
        const [opened, ...others] = await openPartsFromFlags(dataParts(data), flags);
        const speed = cmd.getOptionValueSource('speed') === 'default' ? 1 : parseSpeed(flags.speed);
        if (flags.redis && !flags.account) throw new UsageError('--redis needs --account: the leaderboard ranks accounts');
        const db = flags.account ? openDbFromFlags(flags) : undefined;
        try {
          await replayTui({
            data: opened,
            others,
            strategyPath: flags.strategy,
            ordersPath: flags.orders,
            config: runConfigFromFlags(flags),
            seed: wholeNumber(flags.seed, '--seed'),
            speed,
            plain: flags.plain === true,
            account: db ? { db, name: flags.account! } : undefined,
          });
          if (db && flags.redis) {
            await ingestAfterRun(db);
            await syncRedisAfterRun(db, flags.redis, (m) => process.stderr.write(`warning: ${m}\n`));
          }
        } finally {
          db?.close();
        }
        for (const part of [opened, ...others]) reportWarnings(part);
        return;
      }
      if (!flags.account) throw new UsageError('replay needs --account', 'create one: vtrade account create alice --cash 10000');
      if (!flags.resume && data.length === 0) throw new UsageError('replay needs a data file (or --resume)');
      const db = openDbFromFlags(flags);
      const account = findAccount(db, flags.account);
      const progress = startProgress('replay', 0);
      const opened: Awaited<ReturnType<typeof openFromFlags>>[] = [];
      const result = await paperReplay({
        db,
        account,
        dataPaths: data,
        dataParts: data.length > 0 ? dataParts(data) : undefined,
        open: async (paths) => {
          const part = await openFromFlags(paths, flags);
          opened.push(part);
          return part;
        },
        strategyPath: flags.strategy,
        ordersPath: flags.orders,
        config: runConfigFromFlags(flags),
        seed: wholeNumber(flags.seed, '--seed'),
        speed: parseSpeed(flags.speed),
        resume: flags.resume === true,
        nowIso: () => new Date().toISOString(),
        log: (m) => process.stderr.write(`strategy: ${m}\n`),
        onProgress: (n) => progress.update(n),
      });
      progress.stop();
      for (const part of opened) reportWarnings(part);
      if (result.warning) process.stderr.write(`warning: ${result.warning}\n`);
      if (flags.redis) await syncRedisAfterRun(db, flags.redis, (m) => process.stderr.write(`warning: ${m}\n`));
      db.close();
      if (flags.json) return writeJson(replayJson(result));
      process.stdout.write(
        renderTable(['figure', 'value'], [
          ['run', `${result.runId}${result.resumed ? ' (resumed)' : ''}`],
          ...result.instruments.map((i): [string, string] => ['instrument', `${result.instruments.length > 1 ? i.id : i.symbol}: tick ${i.tick}, lot ${i.lot}`]),
          ['events', String(result.events)],
          ['fills', String(result.fills)],
          ...(result.instruments.length > 1 ? result.instruments.map((i): [string, string] => [`  ${i.id}`, String(i.fills)]) : []),
          ['rejects', rejectLine(result.rejects)],
          ['  booked now', String(result.fillsBooked)],
          ['  already booked', String(result.fillsAlreadyBooked)],
          ['cash', result.cash],
        ]),
      );
    });
}

/** The --json result, in the snake_case of every JSON vtrade prints (live --json's names). */
export function replayJson(r: PaperReplayResult): Record<string, unknown> {
  return {
    run: r.runId,
    resumed: r.resumed,
    events: r.events,
    fills: r.fills,
    fills_booked: r.fillsBooked,
    fills_already_booked: r.fillsAlreadyBooked,
    cash: r.cash,
    rejects: r.rejects,
    instrument: r.instrument,
    instruments: r.instruments,
    ...(r.warning !== undefined ? { warning: r.warning } : {}),
  };
}

/** --abandon: closes the account's interrupted replay for good (its booked fills stay). */
async function abandon(flags: ReplayFlags, data: string[]): Promise<void> {
  if (flags.resume) throw new UsageError('give --resume or --abandon, not both');
  if (!flags.account) throw new UsageError('--abandon needs --account', 'vtrade replay --account alice --abandon');
  if (data.length > 0 || flags.strategy || flags.orders || flags.tui) throw new UsageError('--abandon closes the interrupted run: drop the data, --strategy, --orders and --tui');
  const db = openDbFromFlags(flags);
  try {
    const out = await abandonRun(db, findAccount(db, flags.account), new Date().toISOString());
    if (flags.json) writeJson({ run: out.run, status: 'failed', fills_booked: out.fillsBooked });
    else process.stdout.write(`run ${out.run} closed as failed; its ${out.fillsBooked} booked fills stay on the account\n`);
  } finally {
    db.close();
  }
}
