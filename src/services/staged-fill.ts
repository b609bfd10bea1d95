import { createHash } from 'node:crypto';
import { Decimal } from 'decimal.js';
import type { DeliveredFill } from '../engine/kernel/kernel.js';
import { makeInstrument, priceToTicks, qtyToLots, ticksToPrice, type Instrument, type InstrumentSpec } from '../engine/model/instrument.js';
import { ValueError } from '../engine/model/errors.js';
import { cashOf, positionOf } from '../store/accounts.js';
import type { Db } from '../store/database.js';
import { bookFill } from '../store/paper-fills.js';
import { createRun, finishRun } from '../store/runs.js';
import type { StagedOrder } from '../store/staged-orders.js';

const Money = Decimal.clone({ precision: 80 });

/** The latest known price of a symbol and where it came from. */
export interface Quote {
  symbol: string;
  price: string;
  instrument: Instrument;
  source: string;
  /** When that price was true (a date or an ISO time). */
  asOf: string;
}

export interface PriceSource {
  quote(symbol: string, accountId: number): Promise<Quote | undefined>;
}

export interface FillOutcome {
  status: 'executed' | 'unfilled';
  price?: string;
  runId?: number;
  reason?: string;
}

/**
 * Fills an approved staged order at once against the latest known price, or leaves it unfilled:
 * market orders take the price; limit orders fill only when the price is at or through the
 * limit. A buy needs the cash (no margin), a sell the shares (no shorting). The fill is booked
 * through the same ledger as replay fills, under a run of its own, so the account's history
 * shows where it came from. Call inside the executor's transaction.
 */
export function fillStagedOrder(db: Db, order: StagedOrder, quote: Quote, approvalDigest: string, nowIso: string, tsNs: bigint): FillOutcome {
  const held = positionOf(db, order.account_id, order.symbol);
  const inst = held ? makeInstrument(JSON.parse(held.instrument_json) as InstrumentSpec) : quote.instrument;
  let priceTicks: number;
  let lots: number;
  try {
    priceTicks = priceToTicks(inst, quote.price, 'price');
    lots = qtyToLots(inst, order.qty, 'qty');
  } catch (err) {
    if (err instanceof ValueError) return { status: 'unfilled', reason: err.message };
    throw err;
  }
  const price = new Money(ticksToPrice(inst, priceTicks));
  if (order.order_type === 'limit') {
    const limit = new Money(order.limit_price ?? 'NaN');
    const marketable = order.side === 'buy' ? price.lte(limit) : price.gte(limit);
    if (!marketable) return { status: 'unfilled', reason: `limit ${order.limit_price} not marketable at the last price ${price.toFixed()} (${quote.asOf})` };
  }
  const notional = price.times(inst.lotSize).times(lots);
  if (order.side === 'buy' && notional.gt(cashOf(db, order.account_id))) {
    return { status: 'unfilled', reason: `needs ${notional.toFixed()} cash, the account has ${cashOf(db, order.account_id)}` };
  }
  if (order.side === 'sell' && (held?.lots ?? 0) < lots) {
    return { status: 'unfilled', reason: `sells ${order.qty} but the account holds ${held?.qty ?? '0'} ${order.symbol}` };
  }
  const run = createRun(db, {
    accountId: order.account_id,
    symbol: order.symbol,
    data: [{ path: quote.source, sha256: createHash('sha256').update(`${quote.source}@${quote.asOf}:${quote.price}`).digest('hex') }],
    strategy: { kind: 'orders', path: `staged-order:${order.id}`, sha256: approvalDigest },
    config: { staged_order: order.id, quote: { price: quote.price, as_of: quote.asOf, source: quote.source } },
    seed: 0,
    startCash: cashOf(db, order.account_id),
    startPositionLots: held?.lots ?? 0,
    startCostBasis: held?.cost_basis ?? '0',
    nowIso,
  });
  const fill: DeliveredFill = {
    seq: 1,
    orderId: order.id,
    clientId: `staged-${order.id}`,
    side: order.side,
    price: priceTicks,
    qty: lots,
    liquidity: 'taker',
    fee: '0',
    notional: notional.toFixed(),
    tsVenue: tsNs,
    tsDelivered: tsNs,
    impactTicks: 0,
    entryLatencyNs: 0n,
    responseLatencyNs: 0n,
  };
  bookFill(db, { accountId: order.account_id, runId: run.id, instrument: inst, fill });
  finishRun(db, run.id, 'done', nowIso);
  return { status: 'executed', price: price.toFixed(), runId: run.id };
}
