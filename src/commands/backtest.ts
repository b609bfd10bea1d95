import { Command } from 'commander';
import { createHash } from 'node:crypto';
import { CheckFailedError, ManifestMismatchError, UsageError } from '../errors.js';
import { loadManifestRun } from '../services/verify-manifest.js';
import { wholeNumber } from '../cli-support/args.js';
import { renderTable, writeJson } from '../cli-support/output.js';
import { startProgress } from '../cli-support/progress.js';
import { withPreset, PRESET_NAMES } from '../engine/exchange/model-config.js';
import { runBacktest } from '../services/backtest.js';
import { loadStrategy } from '../services/load-strategy.js';
import { buildReport, type RunReport } from '../services/run-report.js';
import { buildManifest, fillsLog, ordersCsv, writeRunOutputs } from '../services/run-outputs.js';
import { evaluateAssertion, reportFigures, type AssertionResult } from '../services/assertions.js';
import { openFromFlags, reportWarnings, withDataOptions, type DataFlags } from './data-options.js';
import { runConfigFromFlags, withModelOptions, type ModelFlags } from './model-options.js';

interface BacktestFlags extends DataFlags, ModelFlags {
  data?: string[];
  strategy?: string;
  verifyManifest?: string;
  seed: string;
  out?: string;
  json?: boolean;
  assert: string[];
  band?: boolean;
}

export function backtestCommand(): Command {
  const cmd = new Command('backtest')
    .description('run a strategy over recorded data through the simulated venue')
    .option('--data <files...>', 'market data (several for consecutive Binance recordings)')
    .option('--strategy <file>', 'strategy file (.ts or .js) exporting a strategy or a factory')
    .option('--verify-manifest <file>', 'rerun a recorded run from its manifest.json; exit 5 unless data and fills match')
    .option('--seed <N>', 'seed for latency draws and the strategy generator', '1')
    .option('--out <dir>', 'write report.json, fills.jsonl, orders.csv and manifest.json here')
    .option('--json', 'print the report as JSON')
    .option('--assert <expr>', 'fail (exit 1) unless it holds, e.g. "sharpe>=1" (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--band', 'rerun under the pessimistic, base and optimistic presets and report P&L as a band');
  withDataOptions(cmd);
  withModelOptions(cmd);
  return cmd
    .addHelpText(
      'after',
      `
Examples:
  $ vtrade backtest --data ../shared/data/lobster/LOBSTER_SampleFile_AMZN_2012-06-21_5.zip --strategy fixtures/strategies/market-maker.ts
  $ vtrade backtest --data ../shared/data/binance/usdm/btcusdt_20240808.gz --strategy fixtures/strategies/momentum.ts --latency 1ms --impact sqrt --out runs/mom
  $ vtrade backtest --data fixtures/synth/syn-seed42-5min.csv --strategy fixtures/strategies/twap.ts --json --assert "fills>=10" --assert "max_drawdown<0.1"
  $ vtrade backtest --data fixtures/synth/syn-seed42-5min.csv --strategy fixtures/strategies/market-maker.ts --band`,
    )
    .action(async (flags: BacktestFlags) => {
      if (flags.verifyManifest) return verifyManifest(flags.verifyManifest, flags);
      if (!flags.data || !flags.strategy) {
        throw new UsageError('backtest needs --data and --strategy (or --verify-manifest)', 'vtrade backtest --data <file> --strategy <file>');
      }
      const seed = wholeNumber(flags.seed, '--seed');
      const config = runConfigFromFlags(flags);
      const data = await openFromFlags(flags.data, flags);
      const strategyPath = flags.strategy;
      const log = (m: string) => process.stderr.write(`strategy: ${m}\n`);

      if (flags.band) {
        const band: Record<string, RunReport> = {};
        for (const preset of PRESET_NAMES) {
          const presetConfig = { ...config, models: withPreset(preset, config.models) };
          const strategy = await loadStrategy(strategyPath, config.params);
          const result = await runBacktest({ data, strategy, config: presetConfig, seed, log });
          band[preset] = buildReport(result, data.instrument, presetConfig, seed);
        }
        reportWarnings(data);
        const out = { band: Object.fromEntries(PRESET_NAMES.map((p) => [p, { pnl: band[p].pnl.pnl, fills: band[p].counters.fills, sharpe: band[p].kpis.sharpe, fees: band[p].pnl.fees }])) };
        if (flags.json) return writeJson(out);
        process.stdout.write(
          renderTable(['preset', 'P&L', 'fills', 'fees', 'sharpe'], PRESET_NAMES.map((p) => [p, band[p].pnl.pnl, String(band[p].counters.fills), band[p].pnl.fees, band[p].kpis.sharpe.toFixed(2)]), new Set([1, 2, 3, 4])),
        );
        return;
      }

      const strategy = await loadStrategy(strategyPath, config.params);
      const progress = startProgress('backtest', 0);
      const result = await runBacktest({ data, strategy, config, seed, log, onProgress: (n) => progress.update(n) });
      progress.stop();
      reportWarnings(data);
      const report = buildReport(result, data.instrument, config, seed);
      if (flags.out) {
        const fills = fillsLog(result, data.instrument);
        const manifest = await buildManifest({ dataPaths: flags.data, strategyPath, seed, config, fills });
        writeRunOutputs(flags.out, { report, fills, orders: ordersCsv(result, data.instrument), manifest });
      }
      const checks = flags.assert.map((a) => evaluateAssertion(a, reportFigures(report)));
      if (flags.json) writeJson({ ...report, assertions: checks });
      else printSummary(report, checks);
      const failed = checks.filter((c) => !c.passed);
      if (failed.length > 0) {
        throw new CheckFailedError(failed.map((c) => `assertion failed: ${c.expr} (actual ${c.actual})`).join('\n'));
      }
    });
}

/** Reruns a recorded run and insists on the same fills, byte for byte. */
async function verifyManifest(path: string, flags: BacktestFlags): Promise<void> {
  const run = await loadManifestRun(path);
  const data = await openFromFlags(run.dataPaths, flags);
  const strategy = await loadStrategy(run.strategyPath, run.config.params);
  const result = await runBacktest({ data, strategy, config: run.config, seed: run.seed });
  const fills = fillsLog(result, data.instrument);
  const hash = createHash('sha256').update(fills).digest('hex');
  const ok = hash === run.manifest.fills_sha256;
  if (flags.json) writeJson({ manifest: path, fills_sha256: hash, expected_fills_sha256: run.manifest.fills_sha256, fills: result.fills.length, match: ok });
  else process.stdout.write(`${ok ? 'match' : 'MISMATCH'}: fills sha256 ${hash} (manifest ${run.manifest.fills_sha256}), ${result.fills.length} fills\n`);
  if (!ok) throw new ManifestMismatchError(`${path}: the rerun's fills differ from the recorded run`, 'the engine version, data or strategy changed');
}

function printSummary(r: RunReport, checks: AssertionResult[]): void {
  const rows = [
    ['instrument', `${r.instrument.symbol} (${r.instrument.venue})`],
    ['events', String(r.counters.events)],
    ['orders / fills / rejects', `${r.counters.orders} / ${r.counters.fills} / ${r.counters.rejects}`],
    ['maker / taker fills', `${r.kpis.maker_fills} / ${r.kpis.taker_fills}`],
    ['P&L', `${r.pnl.pnl} ${r.instrument.currency}`],
    ['  realized / unrealized', `${r.pnl.realized} / ${r.pnl.unrealized}`],
    ['fees', r.pnl.fees],
    ['slippage vs arrival mid', r.slippage.bps === null ? '-' : `${r.slippage.bps} bps (${r.slippage.cost})`],
    ['position', `${r.position.qty} @ ${r.position.avg_price}`],
    ['total return', `${(r.kpis.total_return * 100).toFixed(4)} %`],
    ['sharpe / sortino', `${r.kpis.sharpe.toFixed(2)} / ${r.kpis.sortino.toFixed(2)}`],
    ['max drawdown', `${(r.kpis.max_drawdown * 100).toFixed(4)} %`],
    ...checks.map((c) => [`assert ${c.expr}`, `${c.passed ? 'pass' : 'FAIL'} (actual ${c.actual})`]),
  ];
  process.stdout.write(renderTable(['figure', 'value'], rows));
}
