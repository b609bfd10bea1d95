import type { OrderRequest } from '../model/orders.js';
import type { TradingSession } from '../risk/sessions.js';
import type { NewOrder, OrderView } from '../strategy.js';
import type { StrategyOrder } from './kernel-types.js';
import type { MarketSlot } from './market-slot.js';

/**
 * The venue's request for a strategy's order: its fields without `instrument`, with its id and
 * time in force. Written out field by field, not copied with Object.assign or a spread: every
 * request then has one shape (the venue reads them monomorphically), and a literal of known
 * fields costs a small part of a copy of own keys (about 0.3 us an order). A field the strategy
 * left out is present as undefined, which nothing tells apart from absent.
 */
export function requestOf(o: NewOrder, clientId: string): OrderRequest {
  return {
    clientId,
    side: o.side,
    type: o.type,
    qty: o.qty,
    limit: o.limit,
    stop: o.stop,
    trail: o.trail,
    tif: o.tif ?? 'GTC',
    expireAt: o.expireAt,
    postOnly: o.postOnly,
    reduceOnly: o.reduceOnly,
    ocoGroup: o.ocoGroup,
    bracket: o.bracket,
  };
}

/** A new record of a strategy's order, every field present from the start (one shape). */
export function strategyOrder(clientId: string, instrument: string, req: OrderRequest, slot: MarketSlot | undefined, status: OrderView['status']): StrategyOrder {
  return {
    clientId,
    instrument,
    side: req.side,
    type: req.type,
    tif: req.tif,
    qty: req.qty,
    filled: 0,
    limit: req.limit,
    stop: req.stop,
    status,
    req,
    slot,
    copy: undefined,
    liveAt: -1,
    order: undefined,
    expiry: undefined,
    expirySeq: 0,
  };
}

/**
 * When an order that rests after its arrival expires: at its session's end (DAY), at the time it
 * names (GTD), or after the run's lifetime (GTC). An expiry already past when the order arrives
 * takes effect on arrival, not back in time.
 */
export function expiryTime(r: OrderRequest, arrival: bigint, session: TradingSession, gtcLifetimeNs: bigint): bigint {
  const at = r.tif === 'DAY' ? session.dayEnd(arrival) : r.tif === 'GTD' && r.expireAt !== undefined ? r.expireAt : arrival + gtcLifetimeNs;
  return at < arrival ? arrival : at;
}
