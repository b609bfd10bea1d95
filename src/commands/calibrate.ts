import { Command } from 'commander';
import { wholeNumber } from '../cli-support/args.js';
import { renderTable, writeJson } from '../cli-support/output.js';
import { sparkline } from '../cli-support/sparkline.js';
import { UsageError } from '../errors.js';
import { readOrdersCsv } from '../data/orders-csv.js';
import { calibrateQueue, POWER_FIT_GRID, type CalibrationResult } from '../services/calibrate-queue.js';
import { loadStrategy } from '../services/load-strategy.js';
import { scheduledOrders } from '../services/tca.js';
import type { ModelScore } from '../services/queue-score.js';
import { openFromFlags, reportWarnings, withDataOptions, type DataFlags } from './data-options.js';
import { runConfigFromFlags, type ModelFlags } from './model-options.js';

interface CalibrateQueueFlags extends DataFlags, Pick<ModelFlags, 'config' | 'latency' | 'feedLatency' | 'cash'> {
  data: string[];
  strategy?: string;
  orders?: string;
  seed: string;
  json?: boolean;
}

const L3 = 'fixtures/synth/syn-seed42-5min-orders.csv.gz';

export function calibrateCommand(): Command {
  const cmd = new Command('calibrate').description('measure the simulator against ground truth');
  cmd.addCommand(queueCommand());
  return cmd;
}

function queueCommand(): Command {
  const cmd = new Command('queue')
    .description('score every L2 queue model against exact FIFO on order-level data, order by order, and fit power:N')
    .requiredOption('--data <files...>', 'order-level market data (a LOBSTER day, or a native file with order ids)')
    .option('--strategy <file>', 'the strategy whose orders are scored (.ts or .js)')
    .option('--orders <file>', 'or: an orders CSV (id,ts,side,type,qty,limit,tif) to score instead of a strategy')
    .option('--seed <N>', 'seed for latency draws and the strategy generator', '1')
    .option('--config <file>', 'run config JSON (its queue model is ignored: every model is run)')
    .option('--latency <time>', 'constant order entry and response latency: 0 (default), 500us, 1ms')
    .option('--feed-latency <time>', 'feed latency: data (ts_local - ts_exch, default) or a constant')
    .option('--cash <amount>', 'starting cash of the FIFO run')
    .option('--json', 'print the result as JSON');
  withDataOptions(cmd);
  return cmd
    .addHelpText(
      'after',
      `
The strategy runs once under exact FIFO (the truth). The orders it sent, with their times,
cancels and replaces, are then played back open loop under FIFO again (which must score
perfectly) and under risk-averse, power:2, log and power:N for N in ${POWER_FIT_GRID.join(', ')}
(the N with the best F1 is shown as the fitted model). Scored: the orders that rested, by their
maker fills: filled or not (precision, recall, F1), the filled quantity, and the time of the
first fill. best is the top-scored L2 model. With --orders, risk limits are lifted as in tca.
Data without order ids is refused (exit 2).

Examples:
  $ vtrade calibrate queue --data ${L3} --strategy fixtures/strategies/market-maker.ts
  $ vtrade calibrate queue --data ${L3} --strategy fixtures/strategies/market-maker.ts --latency 1ms --json
  $ vtrade calibrate queue --data ${L3} --orders fixtures/orders/syn-queue.csv --latency 0 --feed-latency 0`,
    )
    .action(async (flags: CalibrateQueueFlags) => {
      if ((flags.strategy === undefined) === (flags.orders === undefined)) {
        throw new UsageError('calibrate queue needs one of --strategy or --orders', `e.g. --strategy fixtures/strategies/market-maker.ts`);
      }
      const config = runConfigFromFlags(flags);
      const seed = wholeNumber(flags.seed, '--seed');
      const data = await openFromFlags(flags.data, flags);
      const strategy = flags.strategy ? await loadStrategy(flags.strategy, config.params) : scheduledOrders(readOrdersCsv(flags.orders!, data.instrument));
      const tty = process.stderr.isTTY && process.env.CI !== 'true';
      const riskFree = flags.orders !== undefined;
      const result = await calibrateQueue({ data, strategy, config, seed, riskFree, onRun: tty ? (name) => process.stderr.write(`\rrunning ${name}...\x1b[K`) : undefined });
      if (tty) process.stderr.write('\r\x1b[K');
      reportWarnings(data);
      if (flags.json) return writeJson(result);
      process.stdout.write(render(result));
    });
}

const num = (x: number | null, digits = 3): string => (x === null ? '-' : x.toFixed(digits));

function bar(f1: number, width = 20): string {
  const n = Math.round(f1 * width);
  return '█'.repeat(n) + '·'.repeat(width - n);
}

function render(r: CalibrationResult): string {
  const headers = ['model', 'precision', 'recall', 'F1', 'F1 bar', 'filled', 'qty err %', 'first fill err ms (median / p90 / bias)'];
  const row = (m: ModelScore): string[] => [
    m.name + (m.fitted ? ' (fitted)' : ''),
    num(m.precision),
    num(m.recall),
    num(m.f1),
    bar(m.f1),
    String(m.filled_orders),
    (m.qty_error.relative * 100).toFixed(1),
    `${num(m.first_fill_error_ms.median)} / ${num(m.first_fill_error_ms.p90)} / ${num(m.first_fill_error_ms.bias)}`,
  ];
  const lines = [
    `truth: exact FIFO on ${r.data}`,
    `orders sent ${r.orders.sent}, rested (scored) ${r.orders.scored}, filled under FIFO ${r.orders.filled_by_fifo}`,
    '',
    renderTable(headers, r.models.map(row), new Set([1, 2, 3, 5, 6])).trimEnd(),
    '',
    `power:N fit, F1 over N = ${r.fit.grid.map((g) => g.n).join(', ')}:  ${sparkline(r.fit.grid.map((g) => g.f1), r.fit.grid.length)}  best N = ${r.fit.n}`,
    `best L2 model: ${r.best.name} (F1 ${num(r.best.f1)})`,
  ];
  return lines.join('\n') + '\n';
}
