import type { Command } from 'commander';

/**
 * The flag sets several commands share, defined with nothing but commander: a command's help
 * loads this, while what the flags mean (readers, run config, zod) loads only when it runs
 * (data-options.ts, model-options.ts).
 */

/** Commander's accumulator for a repeatable flag: every value, in the order given. */
export const collect = (value: string, previous: string[]): string[] => [...previous, value];

export interface DataFlags {
  instrument?: string;
  format?: string;
  allowUnordered?: boolean;
}

/** The flags every command that reads market data shares. */
export function withDataOptions(cmd: Command): Command {
  return cmd
    .option('--instrument <file>', 'instrument JSON (symbol, tick and lot size); LOBSTER and Binance infer it')
    .option('--format <name>', 'force the input format: lobster, binance, native, tardis, ohlcv, vtb')
    .option('--allow-unordered', 'accept timestamps that go backwards, with a warning');
}

export interface ModelFlags {
  config?: string;
  fill?: string;
  queue?: string;
  impact?: string;
  latency?: string;
  fees?: string;
  cash?: string;
  feedLatency?: string;
}

/** The venue model flags that backtest, tca and replay share. Flags override the config file. */
export function withModelOptions(cmd: Command): Command {
  return cmd
    .option('--config <file>', 'run config JSON: models, risk, starting cash, params')
    .option('--fill <model>', 'fill model: l1 or l2 (default); order-level queues are --queue fifo')
    .option('--queue <model>', 'queue model: risk-averse (default), power, power:N, log, or fifo (exact order-level queues, on L3 data such as LOBSTER)')
    .option('--impact <model>', 'impact model: none (default), linear, sqrt')
    .option('--latency <time>', 'constant order entry and response latency: 0, 500us, 1ms, or normal:MEAN,SD (ns)')
    .option('--fees <model>', 'fees: none, bps:MAKER,TAKER, per-share, percent')
    .option('--feed-latency <time>', 'feed latency: data (ts_local - ts_exch, default) or a constant')
    .option('--cash <amount>', 'starting cash');
}

/** The flags of a command that runs the engine over market data: what data, and under which venue models. */
export interface RunFlags extends DataFlags, ModelFlags {}

/** The data flags, then the model flags: backtest, sweep, tca and live declare them alike. */
export function withRunOptions(cmd: Command): Command {
  return withModelOptions(withDataOptions(cmd));
}
