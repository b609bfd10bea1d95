import { Command } from 'commander';
import type { BacktestFlags } from './backtest-run.js';
import { collect, withRunOptions } from './flag-sets.js';

export function backtestCommand(): Command {
  const cmd = new Command('backtest')
    .description('run a strategy over recorded data through the simulated venue; several strategies, data files or windows make a matrix of cases')
    .option('--data <files...>', 'market data; each value is a case, a glob one case per match, a comma-joined list (a.gz,b.gz) ONE session of consecutive Binance files, and parts joined with + (a.gz+b.gz) ONE run over several instruments')
    .option('--strategy <files...>', 'strategy file(s) (.ts or .js) exporting a strategy or a factory; globs allowed, each one a case')
    .option('--verify-manifest <file>', 'rerun a recorded run from its manifest.json; exit 5 unless data and fills match')
    .option('--seed <N>', 'seed for latency draws and the strategy generator', '1')
    .option('--param <name=value>', 'set a strategy param, over the config file\'s params (repeatable)', collect, [] as string[])
    .option('--out <dir>', 'write report.json, fills.jsonl, orders.csv and manifest.json here (a matrix: one sub-folder per case and suite.json)')
    .option('--json', 'print the report as JSON (nothing else goes to stdout)')
    .option('--assert <expr>', 'fail (exit 1) unless it holds: "sharpe>=1", "max_drawdown<0.1", "trades in [40,60]" (repeatable)', collect, [] as string[])
    .option('--check-determinism <N>', 'run every case N times (N >= 2); exit 5 if any run fingerprint differs')
    .option('--snapshot <file>', 'compare figures with a stored golden snapshot (tolerances per figure); exit 1 when one is out of tolerance')
    .option('--update-snapshot', 'write the --snapshot file with the current values (keeps its figures and tolerances)')
    .option('--window <N>', 'split each recording into N walk-forward windows of equal time, each a case')
    .option('--shard <i/n>', 'run only the cases whose index modulo n is i-1 (parallel CI jobs)')
    .option('--reporter <name[=path]>', 'also report as junit, github or benchmark-json (repeatable; default file in --out)', collect, [] as string[])
    .option('--band', 'rerun under the pessimistic, base and optimistic presets and report P&L as a band');
  return withRunOptions(cmd)
    .addHelpText(
      'after',
      `
A matrix: every --strategy runs against every --data session (and every --window of it); each
is one case with its own report, assertions and snapshot entry. --data a.gz b.gz or a glob gives
one case per file; --data a.gz,b.gz replays the files as one session (consecutive Binance days).
--data "a.gz+b.gz" is one run over two instruments on one clock (the parts merged by exchange
time, the first part's instrument the primary one; each part may be a comma-joined session).
One case prints as before; several print a table (or JSON) with a row per case, and --out writes
a sub-folder per case plus suite.json. A case whose strategy throws reports its error and the
others still run.

Exit codes: 0 pass, 1 an assertion or snapshot figure failed, 2 usage, config or input error,
3 internal error, 4 a strategy threw, 5 a manifest or fingerprint mismatch.

Examples:
  $ vtrade backtest --data fixtures/synth/syn-seed42-5min.csv.gz --strategy fixtures/strategies/market-maker.ts
  $ vtrade backtest --data fixtures/synth/syn-seed42-5min.csv.gz --strategy fixtures/strategies/momentum.ts --latency 1ms --impact sqrt --out runs/mom
  $ vtrade backtest --data fixtures/synth/syn-seed42-5min.csv.gz --strategy fixtures/strategies/momentum.ts --param window=20 --param threshold=3
  $ vtrade backtest --data fixtures/synth/syn-seed42-5min.csv.gz --strategy fixtures/strategies/twap.ts --json --assert "fills>=5" --assert "trades in [1,100]"
  $ vtrade backtest --data fixtures/synth/syn-seed42-5min.csv.gz --strategy fixtures/strategies/twap.ts --check-determinism 3
  $ vtrade backtest --data fixtures/synth/syn-seed42-5min.csv.gz --strategy fixtures/strategies/twap.ts --snapshot twap.snap.json --update-snapshot
  $ vtrade backtest --data fixtures/synth/syn-seed42-5min.csv.gz --strategy 'fixtures/strategies/*.ts' --window 4 --shard 1/2 --reporter junit=reports/junit.xml
  $ vtrade backtest --data fixtures/synth/syn-seed42-5min-orders.csv.gz --strategy fixtures/strategies/market-maker.ts --queue fifo
  $ vtrade backtest --data fixtures/synth/syn-seed42-5min.csv.gz --strategy fixtures/strategies/market-maker.ts --band
  $ vtrade backtest --data "fixtures/synth/syn-seed42-5min.csv.gz+fixtures/synth/syx-seed7-5min.csv.gz" --strategy fixtures/strategies/momentum.ts`,
    )
    // The work loads only when the command runs: its help stays as light as the CLI's.
    .action(async (flags: BacktestFlags) => (await import('./backtest-run.js')).runBacktestCommand(flags));
}
