import { EventKind } from '../engine/model/events.js';
import type { MarketData } from '../data/market-data.js';
import { UsageError } from '../errors.js';
import type { RunConfig } from './run-config.js';

/** Where a user who has only what vtrade ships finds order-level data. */
export const ORDER_LEVEL_EXAMPLE = 'fixtures/synth/syn-seed42-5min-orders.csv.gz';

/**
 * Why a data set cannot show the true (FIFO) queue, or undefined when it can: it must carry
 * order-level events (add, cancel, delete, execute with order ids), as a LOBSTER day does.
 * Native CSV and .vtb may hold either kind: they are read until the first such event.
 */
export async function whyNotOrderLevel(data: MarketData): Promise<string | undefined> {
  if (data.format === 'lobster') return undefined;
  const l2Only: Record<string, string> = {
    binance: 'Binance depth recordings carry price levels, not orders',
    tardis: 'Tardis incremental L2 carries price levels, not orders',
    ohlcv: 'OHLCV bars carry no book at all',
  };
  const why = l2Only[data.format];
  if (why !== undefined) return why;
  for await (const batch of data.events()) {
    if (batch.some((e) => e.orderId > 0 && e.kind !== EventKind.Trade && e.kind !== EventKind.Level)) return undefined;
  }
  return 'it holds no order-level events (add, cancel, delete, execute with order ids), only price levels and trades';
}

/**
 * --queue fifo keeps each resting order's exact place among the orders of the data: on data of
 * price levels there are none, and the run would quietly never queue behind anyone. Refused
 * before the run, naming the data and what FIFO needs.
 */
export async function assertQueueFitsData(config: RunConfig, parts: readonly MarketData[]): Promise<void> {
  if (config.models.queue.name !== 'fifo') return;
  for (const data of parts) {
    const why = await whyNotOrderLevel(data);
    if (why === undefined) continue;
    throw new UsageError(
      `--queue fifo needs order-level data (every resting order with its id, as in a LOBSTER day), and ${data.path} has none: ${why}`,
      `on this data use an L2 queue model (--queue risk-averse, power, power:N or log); for FIFO try ${ORDER_LEVEL_EXAMPLE}`,
    );
  }
}
