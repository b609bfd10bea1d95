import { z } from 'zod';
import type { StagedOrder } from '../../store/staged-orders.js';

/** The order fields an approval covers: everything that decides what trades, for whom. */
export interface OrderFields {
  account_id: number;
  account: string;
  symbol: string;
  side: 'buy' | 'sell';
  qty: string;
  type: 'market' | 'limit';
  limit: string | null;
  tif: 'day' | 'ioc';
}

export interface ApprovalClaims {
  order_id: number;
  fields: OrderFields;
  /** 128 random bits, hex. */
  nonce: string;
  /** Milliseconds since the epoch on the approving process's clock. */
  issued_at: number;
  expires_at: number;
}

/** A signed approval: the claims and an Ed25519 signature over their canonical bytes, base64. */
export interface Approval extends ApprovalClaims {
  signature: string;
}

export function orderFields(o: StagedOrder): OrderFields {
  return {
    account_id: o.account_id,
    account: o.account,
    symbol: o.symbol,
    side: o.side,
    qty: o.qty,
    type: o.order_type,
    limit: o.limit_price,
    tif: o.tif,
  };
}

const DOMAIN = 'vtrade-order-approval-v1';

/**
 * The exact bytes signed: a domain tag, then a JSON array in a fixed order. An array of
 * JSON-encoded values cannot be re-split into different fields, and the tag keeps a signature
 * from meaning anything in another context.
 */
export function approvalMessage(c: ApprovalClaims): Buffer {
  const f = c.fields;
  const parts = [DOMAIN, c.order_id, f.account_id, f.account, f.symbol, f.side, f.qty, f.type, f.limit, f.tif, c.nonce, c.issued_at, c.expires_at];
  return Buffer.from(JSON.stringify(parts), 'utf8');
}

export function sameFields(a: OrderFields, b: OrderFields): boolean {
  return (
    a.account_id === b.account_id &&
    a.account === b.account &&
    a.symbol === b.symbol &&
    a.side === b.side &&
    a.qty === b.qty &&
    a.type === b.type &&
    a.limit === b.limit &&
    a.tif === b.tif
  );
}

/** The shape an approval must have before anything else is looked at. */
export const approvalSchema = z.strictObject({
  order_id: z.number().int().positive(),
  fields: z.strictObject({
    account_id: z.number().int().positive(),
    account: z.string(),
    symbol: z.string(),
    side: z.enum(['buy', 'sell']),
    qty: z.string(),
    type: z.enum(['market', 'limit']),
    limit: z.string().nullable(),
    tif: z.enum(['day', 'ioc']),
  }),
  nonce: z.string().regex(/^[0-9a-f]{32}$/),
  issued_at: z.number().int().nonnegative(),
  expires_at: z.number().int().nonnegative(),
  signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/),
});
