/**
 * Orders as the engine sees them: integer ticks and lots, nanosecond times. Everything a user
 * can ask of the simulated venue, and every reason it can say no.
 */
export type OrderSide = 'buy' | 'sell';
export type OrderType = 'market' | 'limit' | 'stop' | 'stop_limit' | 'trailing_stop';
export type TimeInForce = 'GTC' | 'DAY' | 'IOC' | 'FOK' | 'GTD';

export interface OrderRequest {
  /** The client's id; resubmitting the same id is idempotent (the first order stands). */
  clientId: string;
  side: OrderSide;
  type: OrderType;
  /** Lots, > 0. */
  qty: number;
  /** Ticks; limit and stop_limit orders. */
  limit?: number;
  /** Ticks; stop and stop_limit trigger price. */
  stop?: number;
  /** Ticks; trailing_stop distance from the best price seen since entry. */
  trail?: number;
  tif: TimeInForce;
  /** GTD expiry, epoch ns. */
  expireAt?: bigint;
  postOnly?: boolean;
  reduceOnly?: boolean;
  /** Orders in one OCO group cancel each other when one fills. */
  ocoGroup?: string;
  /** Bracket children: placed when this order fills (take-profit limit, stop-loss stop). */
  bracket?: { takeProfit?: number; stopLoss?: number };
}

export const RejectReason = {
  InvalidQty: 'invalid_qty',
  InvalidPrice: 'invalid_price',
  MissingPrice: 'missing_price',
  PostOnlyWouldTake: 'post_only_would_take',
  FokUnfillable: 'fok_unfillable',
  ReduceOnlyWouldIncrease: 'reduce_only_would_increase',
  InsufficientBuyingPower: 'insufficient_buying_power',
  PositionLimit: 'position_limit',
  ShortNotLocated: 'short_not_located',
  UnknownOrder: 'unknown_order',
  OrderNotOpen: 'order_not_open',
  NoLiquidity: 'no_liquidity',
  Expired: 'expired',
  /** An order for an instrument the run does not hold. */
  UnknownInstrument: 'unknown_instrument',
} as const;
export type RejectReason = (typeof RejectReason)[keyof typeof RejectReason];

export type OrderStatus = 'pending' | 'open' | 'partially_filled' | 'filled' | 'cancelled' | 'rejected' | 'expired' | 'triggered_wait';

export const isBuy = (side: OrderSide): boolean => side === 'buy';
export const sign = (side: OrderSide): 1 | -1 => (side === 'buy' ? 1 : -1);
