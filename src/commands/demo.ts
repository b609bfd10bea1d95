import { Command } from 'commander';
import { fileURLToPath } from 'node:url';
import { wholeNumber } from '../cli-support/args.js';
import { renderTable, writeJson } from '../cli-support/output.js';
import { sparkline } from '../cli-support/sparkline.js';
import { openMarketData } from '../data/open.js';
import { loadStrategy } from '../services/load-strategy.js';
import { buildReport } from '../services/run-report.js';
import { parseRunConfig } from '../services/run-config.js';
import { runStrategy } from '../services/strategy-run.js';
import { synthData } from '../services/synth-data.js';
import { replaySession } from '../tui/session/replay-session.js';
import { runTui } from '../tui/run-tui.js';

const shipped = (rel: string) => fileURLToPath(new URL(`../../${rel}`, import.meta.url));
export const DEMO_DATA = 'fixtures/synth/syn-seed42-5min.csv.gz';
export const DEMO_STRATEGY = 'fixtures/strategies/market-maker.ts';

/**
 * The main job on shipped data with no server: the example market maker over the shipped
 * synthetic session, through the full engine, with the report a backtest gives.
 */
export function demoCommand(): Command {
  return new Command('demo')
    .description('backtest the example market maker on shipped data: no downloads, no servers')
    .option('--seed <N>', 'use a freshly generated synthetic market with this seed instead of the shipped one')
    .option('--minutes <M>', 'minutes of the generated market (with --seed)', '5')
    .option('--json', 'print the backtest report as JSON')
    .option('--plain', 'on a terminal: a line-by-line feed instead of the full-screen UI')
    .addHelpText('after', `
On a terminal the demo opens the full-screen UI over the same market and strategy (press ? for
the keys); piped or with --json it prints the backtest summary.

Examples:
  $ vtrade demo
  $ vtrade demo --json
  $ vtrade demo --seed 7 --minutes 30`)
    .action(async (flags: { seed?: string; minutes: string; json?: boolean; plain?: boolean }) => {
      const data =
        flags.seed !== undefined
          ? synthData(wholeNumber(flags.seed, '--seed'), wholeNumber(flags.minutes, '--minutes', 1))
          : await openMarketData([shipped(DEMO_DATA)]);
      const config = parseRunConfig({ models: { latency: { name: 'constant', entryNs: 500_000, responseNs: 500_000 } } });
      if (process.stdout.isTTY && !flags.json) {
        const strategy = await loadStrategy(shipped(DEMO_STRATEGY), config.params);
        // A person at a terminal: watch the market maker trade, and trade beside it.
        // No paper account: the demo trades a scratch account, and the header says so as the panes do.
        const session = replaySession({ data, strategy, config, seed: 1, speed: 1, account: 'scratch' });
        await runTui(session, { plain: flags.plain === true });
        await session.done;
        return;
      }
      const { result } = await runStrategy([data], { strategyPath: shipped(DEMO_STRATEGY), config, seed: 1 });
      const report = buildReport(result, data.instrument, config, 1);
      if (flags.json) return writeJson(report);
      const out = process.stdout;
      out.write(`vtrade demo: the example market maker on ${report.instrument.symbol} (${data.format === 'synth' ? data.path : DEMO_DATA})\n`);
      out.write('models: fill l2, queue risk-averse, impact none, latency 0.5 ms each way, fees none\n\n');
      out.write(
        renderTable(
          ['figure', 'value'],
          [
            ['market events', String(report.counters.events)],
            ['orders / fills', `${report.counters.orders} / ${report.counters.fills}`],
            ['P&L', `${report.pnl.pnl} ${report.instrument.currency}`],
            ['max drawdown', `${(report.kpis.max_drawdown * 100).toFixed(4)} %`],
            ['final position', report.position.qty],
          ],
        ),
      );
      const equity = result.nav.map((p) => Number(p.equity));
      out.write(`\nequity  ${sparkline(equity, 60)}\n`);
      out.write('\nnext: vtrade backtest --help, vtrade tca --help, docs/strategies.md\n');
    });
}
