import type { Decimal } from 'decimal.js';
import type { OrderRequest, OrderStatus, RejectReason } from '../model/orders.js';
import type { LevelTake } from './models.js';

/** An order as the simulated venue holds it. */
export interface VenueOrder {
  /** Venue-assigned sequence number, unique in a run. */
  id: number;
  req: OrderRequest;
  status: OrderStatus;
  filled: number;
  /** For stop orders: false until the trigger fires. */
  armed: boolean;
  /** Trailing stops: the best price seen since entry (ticks). */
  trailAnchor?: number;
  /** Lots ahead of this order when it started resting (for the fills log). */
  queueAheadAtEntry?: number;
  /** Entry latency applied on the way in (ns), echoed in the fills log. */
  entryLatencyNs: bigint;
  /** Cumulative notional and units already filled (for per-order fee minimums and caps). */
  notionalSoFar: Decimal;
  unitsSoFar: Decimal;
  expireAt?: bigint;
  /** Mid price (ticks) when the order reached the venue: the benchmark for slippage. */
  arrivalMid?: number;
  /** The instrument's place in a run over several (0, the first, when not set). */
  market?: number;
}

/** One execution, explained: the fills log writes one of these per line. */
export interface FillRecord {
  seq: number;
  orderId: number;
  clientId: string;
  side: 'buy' | 'sell';
  /** Execution price, ticks (including any impact shift). */
  price: number;
  qty: number;
  liquidity: 'maker' | 'taker';
  fee: string;
  notional: string;
  tsVenue: bigint;
  /** For taker fills: every level the sweep took (ticks, lots), best first. */
  levels?: LevelTake[];
  /** For maker fills: lots ahead of the order when it started resting. */
  queueAheadAtEntry?: number;
  /**
   * Exact FIFO: the queue that decided this fill stood, at some moment since the order joined,
   * at a price outside the data's visible window (LOBSTER's N levels), where it cannot be known.
   */
  outsideWindow?: boolean;
  impactTicks: number;
  entryLatencyNs: bigint;
}

export type VenueReport =
  | { type: 'accepted'; order: VenueOrder; ts: bigint }
  | { type: 'rejected'; order: VenueOrder; reason: RejectReason; ts: bigint }
  | { type: 'fill'; order: VenueOrder; fill: FillRecord; ts: bigint }
  | { type: 'cancelled'; order: VenueOrder; reason?: RejectReason; ts: bigint }
  | { type: 'expired'; order: VenueOrder; ts: bigint }
  | { type: 'cancel_rejected'; clientId: string; reason: RejectReason; ts: bigint };

export function isOpenStatus(s: OrderStatus): boolean {
  return s === 'open' || s === 'partially_filled' || s === 'pending' || s === 'triggered_wait';
}
