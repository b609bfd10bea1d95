import { createHash } from 'node:crypto';
import { Decimal } from 'decimal.js';
import { EventKind, Side, type MarketEvent } from '../engine/model/events.js';
import { lotsToQty, priceToTicks, qtyToLots, ticksToPrice } from '../engine/model/instrument.js';
import { ValueError } from '../engine/model/errors.js';
import type { Strategy } from '../engine/strategy.js';
import { accountMarket, isoOfNs, KEPT_DEPTH, type AccountMarket } from '../store/account-markets.js';
import { cashOf, findAccountById, positionOf } from '../store/accounts.js';
import type { Db } from '../store/database.js';
import { getRun } from '../store/runs.js';
import type { StagedOrder } from '../store/staged-orders.js';
import { makeKernel } from './backtest.js';
import { PaperRun } from './paper-run.js';
import { parseRunConfig, type RunConfig } from './run-config.js';

const Money = Decimal.clone({ precision: 80 });

/** Where an approved order finds the market it executes against: the account's own. */
export interface MarketSource {
  market(accountId: number, symbol: string): AccountMarket | undefined;
}

/** The account's markets as the database keeps them (the closing book of each latest run). */
export const dbMarkets = (db: Db): MarketSource => ({ market: (accountId, symbol) => accountMarket(db, accountId, symbol) });

export interface FillOutcome {
  status: 'executed' | 'unfilled';
  /** Average price of what filled. */
  price?: string;
  runId?: number;
  reason?: string;
  /** The book the order met: its instrument, data time, source and the run that left it. */
  book: string;
}

/** The book an order meets, as people read it. */
export function describeMarket(m: AccountMarket): string {
  return `${m.symbol} book at ${isoOfNs(m.tsNs)} from ${m.source} (end of run ${m.runId})`;
}

/** Why the account cannot execute an order for this symbol, with what to do about it. */
export function noMarketMessage(account: string, symbol: string): string {
  return `account "${account}" has no ${symbol} market: it executes only against data it trades. Replay (or run live) a recording of ${symbol} with --account ${account} first`;
}

/**
 * Executes an approved staged order through the engine against the account's market for its
 * instrument: the book its latest run ended with, at that run's data time, with that run's fill,
 * fee and latency models and the account's cash and position (risk checks included). The order
 * goes in as IOC: the book is a snapshot, nothing further will trade against a resting order.
 * Fills are booked through the paper-run lifecycle under a run of their own, so the account's
 * history shows where they came from. Call inside the executor's transaction.
 */
export function fillStagedOrder(db: Db, order: StagedOrder, market: AccountMarket, approvalDigest: string, nowIso: string): FillOutcome {
  const inst = market.instrument;
  const book = describeMarket(market);
  let lots: number;
  let limit: number | undefined;
  try {
    lots = qtyToLots(inst, order.qty, 'qty');
    if (order.order_type === 'limit') limit = priceToTicks(inst, order.limit_price ?? '', 'limit_price');
  } catch (err) {
    if (err instanceof ValueError) return { status: 'unfilled', reason: err.message, book };
    throw err;
  }
  const config = marketConfig(db, market);
  const held = positionOf(db, order.account_id, order.symbol);
  const account = findAccountById(db, order.account_id);
  const cash = cashOf(db, order.account_id);
  const submit: Strategy = {
    onStart: (ctx) => void ctx.submit({ clientId: `staged-${order.id}`, side: order.side, type: limit === undefined ? 'market' : 'limit', qty: lots, limit, tif: 'IOC' }),
  };
  const kernel = makeKernel({
    strategy: submit,
    config,
    seed: 0,
    instrument: inst,
    startingCash: cash,
    startingPosition: { lots: held?.lots ?? 0, costBasis: held?.cost_basis ?? '0' },
  });
  kernel.warmUp(bookEvents(market));
  kernel.advanceTo(market.tsNs);
  const result = kernel.finish();
  if (result.fills.length === 0) {
    const rejected = result.rejects[0]?.reason;
    const touch = order.side === 'buy' ? market.asks[0] : market.bids[0];
    const at = touch ? `best ${order.side === 'buy' ? 'ask' : 'bid'} ${ticksToPrice(inst, touch[0])}` : `no ${order.side === 'buy' ? 'asks' : 'bids'}`;
    return { status: 'unfilled', reason: rejected ? `refused: ${rejected} (${at})` : `nothing filled against the ${book} (${at})`, book };
  }

  const paper = PaperRun.start({
    db,
    account,
    instrument: inst,
    data: [{ path: market.source, sha256: createHash('sha256').update(JSON.stringify({ ts: market.tsNs.toString(), bids: market.bids, asks: market.asks })).digest('hex') }],
    strategy: { kind: 'orders', path: `staged-order:${order.id}`, sha256: approvalDigest },
    config: { ...config, staged_order: order.id, book: { run: market.runId, ts_ns: market.tsNs.toString(), source: market.source } },
    seed: 0,
    nowIso: () => nowIso,
    alongsideOpenRun: true,
  });
  let notional = new Money(0);
  let filled = 0;
  for (const f of result.fills) {
    paper.book(f);
    notional = notional.plus(f.notional);
    filled += f.qty;
  }
  // The market as the order left it is the account's market from now on, at the same data time:
  // the book as the engine holds it after the order (the recording's levels: what an order takes
  // from them is the impact model's to remember, not the book's), its last trade the order's own.
  // The position is marked in it.
  const after = kernel.venue.book.levels(KEPT_DEPTH);
  const lastTrade = result.fills[result.fills.length - 1].price;
  paper.close('done', [{ tsNs: market.tsNs, bids: after.bids, asks: after.asks, lastTrade, mark: kernel.slots[0].mark() ?? lastTrade }]);
  const avg = notional.dividedBy(new Money(filled).times(inst.lotSize));
  const partial = filled < lots ? `filled ${lotsToQty(inst, filled)} of ${order.qty}; ` : '';
  return { status: 'executed', price: avg.toDecimalPlaces(8).toFixed(), runId: paper.id, reason: partial ? `${partial}the rest found no liquidity` : undefined, book };
}

/** The models of the run that left the book; any trading hours (the book is at its own time). */
function marketConfig(db: Db, m: AccountMarket): RunConfig {
  const run = getRun(db, m.runId);
  let config: RunConfig;
  try {
    // A book left by an earlier approved order: its run's config is the market's, with what the order added.
    const { staged_order: _order, book: _book, ...recorded } = (run ? JSON.parse(run.config_json) : {}) as Record<string, unknown>;
    config = parseRunConfig(recorded);
  } catch {
    config = parseRunConfig({});
  }
  return { ...config, session: { preMarket: true, afterHours: true }, params: {} };
}

/** The kept book as market events at its time: a clear, then every level. */
function bookEvents(m: AccountMarket): MarketEvent[] {
  const at = m.tsNs;
  const ev = (kind: EventKind, side: Side, price: number, qty: number): MarketEvent => ({ kind, side, price, qty, orderId: 0, tsExch: at, tsLocal: at, record: 0 });
  return [ev(EventKind.Clear, Side.None, 0, 0), ...m.bids.map(([p, q]) => ev(EventKind.Level, Side.Bid, p, q)), ...m.asks.map(([p, q]) => ev(EventKind.Level, Side.Ask, p, q))];
}
