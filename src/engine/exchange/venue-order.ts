import { Decimal } from 'decimal.js';
import type { OrderRequest } from '../model/orders.js';
import type { VenueOrder } from './venue-types.js';

/** A Decimal never changes in place: one zero serves every new order's running totals. */
const ZERO = new Decimal(0);

/**
 * A new, pending venue order. Every field it may be given later in its life is present from the
 * start, so that every order (the strategy's and the venue's own bracket children alike) keeps
 * one shape and the code that reads orders stays monomorphic.
 */
export function newVenueOrder(id: number, req: OrderRequest, entryLatencyNs: bigint, market: number | undefined): VenueOrder {
  return {
    id,
    req,
    status: 'pending',
    filled: 0,
    armed: true,
    entryLatencyNs,
    notionalSoFar: ZERO,
    unitsSoFar: ZERO,
    trailAnchor: undefined,
    queueAheadAtEntry: undefined,
    expireAt: undefined,
    arrivalMid: undefined,
    market,
  };
}
