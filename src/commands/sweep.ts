import { Command } from 'commander';
import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { wholeNumber } from '../cli-support/args.js';
import { writeJson } from '../cli-support/output.js';
import { parseParamLists } from '../cli-support/params.js';
import { startProgress } from '../cli-support/progress.js';
import { UsageError } from '../errors.js';
import { parseBrokers } from '../live/kafka.js';
import { runSweepOnKafka } from '../live/sweep-kafka.js';
import { FIGURE_NAMES } from '../services/assertions.js';
import { oneInstrumentSessions, strategyFiles } from '../services/backtest-matrix.js';
import { paramSets } from '../services/sweep/grid.js';
import { runLocalPool } from '../services/sweep/local-pool.js';
import { DAY_NS, MINUTE_NS } from '../services/sweep/period-equity.js';
import { buildPlan } from '../services/sweep/plan.js';
import { runSweep } from '../services/sweep/run.js';
import { collect, withRunOptions, type RunFlags } from './flag-sets.js';
import { runConfigFromFlags } from './model-options.js';
import { sweepText } from './sweep-output.js';

interface SweepFlags extends RunFlags {
  data?: string[];
  strategy?: string[];
  param: string[];
  random?: string;
  seed: string;
  jobs?: string;
  out?: string;
  resume?: boolean;
  period?: string;
  cscvBlocks: string;
  walkForward?: string;
  top: string;
  heatmap?: string;
  metric: string;
  brokers?: string;
  topic: string;
  json?: boolean;
}

const BIN = fileURLToPath(new URL('../../bin/vtrade', import.meta.url));

/** A member process on this machine; its own output (a strategy's console.log) goes to stderr: stdout is the sweep's. */
function spawnMember(): ChildProcess {
  const c = fork(BIN, ['worker', 'backtest', '--ipc'], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  c.stdout?.pipe(process.stderr, { end: false });
  return c;
}

/** "1m", "30s", "1h", "1d" to ns. */
export function parsePeriod(text: string): bigint {
  const m = /^(\d+)(s|m|h|d)$/.exec(text);
  if (!m || BigInt(m[1]) === 0n) throw new UsageError(`--period "${text}" is not a period`, 'for example --period 1m, 30s, 1h or 1d');
  const units: Record<string, bigint> = { s: 1_000_000_000n, m: MINUTE_NS, h: 60n * MINUTE_NS, d: DAY_NS };
  return BigInt(m[1]) * units[m[2]];
}

export function sweepCommand(): Command {
  const cmd = new Command('sweep')
    .description('run a strategy over a grid (or a random sample) of params, in parallel or on a Kafka group, and say how likely the best case is an artefact of the search')
    .option('--data <files...>', 'market data, as in backtest: each value a session, several multiply the cases')
    .option('--strategy <files...>', 'strategy file(s); several multiply the cases')
    .option('--param <name=v1,v2,...>', 'a strategy param and the values to try (repeatable; every combination is a case)', collect, [] as string[])
    .option('--random <N>', 'run N distinct combinations drawn with --seed instead of all of them')
    .option('--seed <N>', 'seed of every backtest (latency draws, strategy generator) and of --random', '1')
    .option('--jobs <N>', 'member processes on this machine (default: one per core)')
    .option('--out <dir>', 'write sweep.json, report.html and cases.jsonl (the finished cases) here')
    .option('--resume', 'keep the finished cases of --out and run only the others')
    .option('--period <p>', 'period of the returns: 30s, 1m, 1h, 1d (default 1m for intraday data, 1d otherwise)')
    .option('--cscv-blocks <S>', 'blocks of the PBO cross-validation (even)', '8')
    .option('--walk-forward <K>', 'also run every case on K consecutive windows and trade each window with the previous window\'s best params')
    .option('--top <N>', 'cases to list', '10')
    .option('--heatmap <x,y>', 'the two params of the report\'s heatmap (default the first two)')
    .option('--metric <name>', 'the metric the heatmap shows: sharpe_per_period or a backtest figure (pnl, sharpe, max_drawdown, fills...)', 'sharpe_per_period')
    .option('--brokers <list>', 'run the cases on Kafka: members are `vtrade worker backtest` processes anywhere')
    .option('--topic <name>', 'with --brokers: the cases topic (results come back on <topic>-results)', 'sweep-cases')
    .option('--json', 'print sweep.json to stdout (nothing else goes there)');
  return withRunOptions(cmd)
    .addHelpText(
      'after',
      `
Each case is exactly \`vtrade backtest\` with its params (--param name=value): the same run and
the same fingerprint. sweep.json holds the cases with their params, fingerprints and metrics,
their returns over consecutive periods, and the overfitting figures: PBO by combinatorially
symmetric cross-validation and the deflated Sharpe ratio of the best case (docs/sweep.md has
the exact conventions). On a terminal, a progress bar with an ETA goes to stderr.

Cases run in member processes: --jobs of them here, or with --brokers on a Kafka consumer group
of \`vtrade worker backtest\` members on any machines. A member runs a case only on the same
files: cases name data and strategy by path and sha256.

Exit codes: 0 every case ran, 2 usage or input error (a member without the identical file),
3 internal error, 4 a strategy threw.

Examples:
  $ vtrade sweep --data fixtures/synth/syn-seed42-5min.csv.gz --strategy fixtures/strategies/momentum.ts --param window=10,20,50 --param threshold=2,3,5 --jobs 2 --out sweeps/mom
  $ vtrade sweep --data fixtures/synth/syn-seed42-5min.csv.gz --strategy fixtures/strategies/momentum.ts --param window=10,20,50 --param threshold=2,3,5 --jobs 2 --out sweeps/mom --resume
  $ vtrade sweep --data fixtures/synth/syn-seed42-5min.csv.gz --strategy fixtures/strategies/momentum.ts --param window=5,10,15,20,30,40,50 --param threshold=1,2,3,4,5 --random 8 --seed 7 --period 30s --cscv-blocks 4 --json
  $ vtrade sweep --data fixtures/synth/syn-seed42-5min.csv.gz --strategy fixtures/strategies/momentum.ts --param window=10,20,50 --param threshold=2,3 --walk-forward 3
  $ vtrade sweep --data fixtures/synth/syn-seed42-5min.csv.gz --strategy fixtures/strategies/momentum.ts --param window=10,20,50 --brokers 127.0.0.1:9092
  $ vtrade worker backtest --brokers 127.0.0.1:9092 --group sweepers`,
    )
    .action(async (flags: SweepFlags) => {
      if (!flags.data || !flags.strategy) throw new UsageError('sweep needs --data and --strategy', 'vtrade sweep --data <file> --strategy <file> --param name=v1,v2');
      const axes = parseParamLists(flags.param);
      const seed = wholeNumber(flags.seed, '--seed');
      const random = flags.random !== undefined ? { count: wholeNumber(flags.random, '--random', 1), seed } : undefined;
      const processes = flags.jobs !== undefined ? wholeNumber(flags.jobs, '--jobs', 1) : availableParallelism();
      const blocks = wholeNumber(flags.cscvBlocks, '--cscv-blocks', 2);
      if (blocks % 2 !== 0) throw new UsageError(`--cscv-blocks ${blocks} must be even`, 'for example --cscv-blocks 8');
      const windows = flags.walkForward !== undefined ? wholeNumber(flags.walkForward, '--walk-forward', 2) : 0;
      const top = wholeNumber(flags.top, '--top', 1);
      if (flags.resume && !flags.out) throw new UsageError('--resume needs --out <dir> (where the finished cases are)');
      const heatAxes = flags.heatmap !== undefined ? (flags.heatmap.split(',') as [string, string?]) : undefined;
      for (const a of heatAxes ?? []) if (a !== undefined && !axes.some((p) => p.name === a)) throw new UsageError(`--heatmap names "${a}", which no --param sweeps`, `one of: ${axes.map((p) => p.name).join(', ') || '(no --param given)'}`);
      if (flags.metric !== 'sharpe_per_period' && !FIGURE_NAMES.includes(flags.metric)) throw new UsageError(`--metric "${flags.metric}" is not a case metric`, `sharpe_per_period or one of: ${FIGURE_NAMES.join(', ')}`);
      const brokers = flags.brokers !== undefined ? parseBrokers(flags.brokers) : undefined;
      const config = runConfigFromFlags(flags);
      const plan = await buildPlan({
        strategies: strategyFiles(flags.strategy),
        sessions: oneInstrumentSessions(flags.data, 'sweep'),
        paramSets: paramSets(axes, random),
        config,
        seed,
        periodNs: flags.period !== undefined ? parsePeriod(flags.period).toString() : 'auto',
        dataOptions: { format: flags.format, allowUnordered: flags.allowUnordered, instrument: flags.instrument },
        walkForward: windows,
      });

      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      let progress: ReturnType<typeof startProgress> | undefined;
      let outcome;
      try {
        outcome = await runSweep({
          plan,
          axes,
          seed,
          blocks,
          out: flags.out,
          resume: Boolean(flags.resume),
          heatmap: { axes: heatAxes, metric: flags.metric },
          execute: brokers
            ? (jobs, onResult, signal) => runSweepOnKafka({ brokers, topic: flags.topic, jobs, onResult, warn: (m) => process.stderr.write(`warning: ${m}\n`), signal })
            : (jobs, onResult, signal) => runLocalPool({ jobs, processes, spawn: spawnMember, onResult, signal }),
          signal: stop.signal,
          onStart: (resumed, todo) => {
            if (resumed > 0) process.stderr.write(`resuming: ${resumed} of ${plan.jobs.length} runs already in ${flags.out}\n`);
            progress = startProgress('sweep', todo);
          },
          onResult: (r, finished) => {
            progress?.update(finished);
            for (const w of new Set(r.warnings)) process.stderr.write(`warning: [${r.id}] ${w}\n`);
            if (r.error) process.stderr.write(`error: [${r.id}] ${r.error.message}\n${r.error.hint ? `  try: ${r.error.hint}\n` : ''}`);
          },
        });
      } finally {
        progress?.stop();
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      const { file, failure } = outcome;
      if (flags.json) writeJson(file);
      else {
        process.stdout.write(sweepText(file, top));
        if (flags.out) process.stdout.write(`wrote ${join(flags.out, 'sweep.json')} and ${join(flags.out, 'report.html')}\n`);
      }
      if (failure) throw failure;
    });
}
