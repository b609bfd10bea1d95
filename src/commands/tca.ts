import { Command } from 'commander';
import { wholeNumber } from '../cli-support/args.js';
import { outputFormat, renderCsv, renderTable, writeJson } from '../cli-support/output.js';
import { readOrdersCsv } from '../data/orders-csv.js';
import { runTca } from '../services/tca.js';
import { dataParts, openPartsFromFlags } from './data-options.js';
import { withRunOptions, type RunFlags } from './flag-sets.js';
import { runConfigFromFlags } from './model-options.js';

interface TcaFlags extends RunFlags {
  data: string[];
  orders: string;
  seed: string;
  output?: string;
  json?: boolean;
}

export function tcaCommand(): Command {
  const cmd = new Command('tca')
    .description('replay a list of orders against history: fills, VWAP, slippage against the arrival mid, fees')
    .requiredOption('--data <files...>', 'market data: consecutive files of one instrument, or instruments joined with + ("a.gz+b.gz", each part a,b of consecutive files)')
    .requiredOption('--orders <file>', 'orders CSV with header id,ts,side,type,qty,limit,tif (and ,instrument naming symbol.venue when the data has several)')
    .option('--seed <N>', 'seed for random latency models', '1')
    .option('-o, --output <format>', 'table, json or csv', 'table')
    .option('--json', 'shorthand for -o json');
  return withRunOptions(cmd)
    .addHelpText(
      'after',
      `
With --fill l2 --latency 0 --impact none --fees none, an order at time t meets the book after every
event with ts_exch <= t, walks it best level first (within its limit), and IOC cancels the rest;
every order sees the recorded book, untouched by earlier orders.

With several instruments (--data "a.gz+b.gz"), the parts are merged by exchange time and each
order names its instrument in an eighth column (symbol.venue, e.g. BTCUSDT.binance-usdm; empty
means the first part's); an order for an instrument not in the run is rejected:unknown_instrument.

Examples:
  $ vtrade tca --data fixtures/synth/syn-seed42-5min.csv.gz --orders fixtures/orders/syn-sample.csv
  $ vtrade tca --data fixtures/synth/syn-seed42-5min.csv.gz --orders fixtures/orders/syn-sample.csv --latency 2ms --impact sqrt --fees bps:2,5 --json`,
    )
    .action(async (flags: TcaFlags) => {
      const format = outputFormat(flags);
      const seed = wholeNumber(flags.seed, '--seed');
      const config = runConfigFromFlags(flags);
      const parts = await openPartsFromFlags(dataParts(flags.data), flags);
      const [data, ...others] = parts;
      const orders = readOrdersCsv(flags.orders, parts.map((p) => p.instrument));
      const { orders: results } = await runTca(data, orders, config, seed, others);
      for (const w of new Set(parts.flatMap((p) => p.warnings))) process.stderr.write(`warning: ${w}\n`);
      if (format === 'json') return writeJson({ orders: results });
      if (others.length > 0) {
        const headers = ['id', 'instrument', 'status', 'filled_qty', 'avg_price', 'arrival_mid', 'slippage_bps', 'notional', 'fees', 'levels'];
        const rows = results.map((r) => [r.id, r.instrument, r.status, r.filled_qty, r.avg_price ?? '-', r.arrival_mid ?? '-', r.slippage_bps ?? '-', r.notional, r.fees, String(r.fills.length)]);
        process.stdout.write(format === 'csv' ? renderCsv(headers, rows) : renderTable(headers, rows, new Set([3, 4, 5, 6, 7, 8, 9])));
        return;
      }
      const headers = ['id', 'status', 'filled_qty', 'avg_price', 'arrival_mid', 'slippage_bps', 'notional', 'fees', 'levels'];
      const rows = results.map((r) => [r.id, r.status, r.filled_qty, r.avg_price ?? '-', r.arrival_mid ?? '-', r.slippage_bps ?? '-', r.notional, r.fees, String(r.fills.length)]);
      process.stdout.write(format === 'csv' ? renderCsv(headers, rows) : renderTable(headers, rows, new Set([2, 3, 4, 5, 6, 7, 8])));
    });
}
