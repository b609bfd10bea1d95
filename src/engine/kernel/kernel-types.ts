/** The kernel's inputs and outputs: its config, the run's result, and the records in between. */
import type { Account } from '../portfolio/account.js';
import type { Instrument } from '../model/instrument.js';
import type { OrderRequest, RejectReason } from '../model/orders.js';
import type { RiskConfig } from '../risk/pre-trade.js';
import type { TradingSession } from '../risk/sessions.js';
import type { LatencyModel } from '../exchange/models.js';
import type { VenueModels } from '../exchange/venue.js';
import type { FillRecord, VenueOrder } from '../exchange/venue-types.js';
import type { OrderView } from '../strategy.js';
import type { MarketConfig, MarketSlot } from './market-slot.js';
import type { Scheduled } from './scheduler.js';

export interface KernelConfig {
  /** The run's first instrument (the only one of a single-instrument run), with its models, risk and session below. */
  instrument: Instrument;
  models: VenueModels;
  /** Further instruments, in the order of the run's data parts: each its own venue, models, risk and hours. */
  others?: MarketConfig[];
  latency: LatencyModel;
  /** Feed latency: from the data (ts_local - ts_exch, never below 0), or a constant. */
  feedLatency: { kind: 'data' } | { kind: 'constant'; ns: bigint };
  risk: RiskConfig;
  session: TradingSession;
  startingCash: string;
  seed: number;
  params: Record<string, unknown>;
  /** Equity is sampled at this interval of data time for the KPIs. */
  navIntervalNs: bigint;
  /** GTC orders expire after this long. */
  gtcLifetimeNs: bigint;
  /** A position in the first instrument carried in from earlier trading (a persistent account), in lots and its cost. */
  startingPosition?: { lots: number; costBasis: string };
  /** Called as each fill reaches the account, in order: where a paper account persists it. */
  onFill?: (fill: DeliveredFill) => void;
}

export interface NavPoint {
  ts: bigint;
  equity: string;
}

/** A fill as delivered: the venue's record plus when the strategy learned of it. */
export interface DeliveredFill extends FillRecord {
  tsDelivered: bigint;
  responseLatencyNs: bigint;
  /** The instrument's place in the run (0, the first, when not set). */
  market?: number;
}

export interface RunResult {
  /** Every instrument of the run, in part order; fills and orders name theirs by place (`market`). */
  instruments: Instrument[];
  account: Account;
  fills: DeliveredFill[];
  orders: VenueOrder[];
  rejects: { clientId: string; reason: RejectReason; ts: bigint }[];
  nav: NavPoint[];
  marketEvents: number;
  /** The first instrument's last mark. */
  lastMark: number | undefined;
  /** Every instrument's last mark, in part order. */
  marks: (number | undefined)[];
  firstTs: bigint | undefined;
  lastTs: bigint | undefined;
}

/**
 * The kernel's record of a strategy's order. It is its own view (the fields the strategy reads,
 * kept current as reports arrive; only frozen copies of it are handed out), so that an order is
 * one object fewer.
 */
export interface StrategyOrder extends OrderView {
  req: OrderRequest;
  /** Undefined only for an order refused because it named no instrument of the run. */
  slot: MarketSlot | undefined;
  /** The frozen copy openOrders hands out, made when first asked for after each change of the order. */
  copy: OrderView | undefined;
  /** Its place among the open orders, -1 when not among them (OpenOrders keeps this). */
  liveAt: number;
  /** The order as sent to the venue; undefined when it was refused before it was sent, or the venue made it. */
  order: VenueOrder | undefined;
  /** Its expiry while one is scheduled, and the seq it was scheduled with (the scheduler reuses its entries). */
  expiry: Scheduled | undefined;
  expirySeq: number;
}
