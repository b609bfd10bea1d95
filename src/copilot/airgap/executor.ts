import { createHash, verify, type KeyObject } from 'node:crypto';
import type { Db } from '../../store/database.js';
import { getStagedOrder, nonceUsed, settleStagedOrder, spendNonce } from '../../store/staged-orders.js';
import { fillStagedOrder, noMarketMessage, type FillOutcome, type MarketSource } from '../../services/staged-fill.js';
import { approvalMessage, approvalSchema, orderFields, sameFields, type Approval } from './canonical.js';

export type RejectReason =
  | 'malformed'
  | 'wrong_order'
  | 'bad_signature'
  | 'expired'
  | 'not_yet_valid'
  | 'replayed'
  | 'no_such_order'
  | 'record_changed'
  | 'not_staged'
  | 'no_market';

export class ApprovalRejected extends Error {
  constructor(
    readonly reason: RejectReason,
    message: string,
  ) {
    super(message);
    this.name = 'ApprovalRejected';
  }
}

export interface ExecutorOptions {
  clock?: () => number;
  /** The longest validity an approval may claim, whatever it says. */
  maxTtlMs?: number;
  /** Clock skew tolerated for an approval issued "in the future". */
  skewMs?: number;
}

export interface Execution extends FillOutcome {
  orderId: number;
}

/**
 * Executes staged orders, and only with a valid approval. It holds the keystroke handler's
 * public key and nothing that can sign. Every approval is checked for: shape, the order it
 * names, the Ed25519 signature over the canonical fields, expiry, single use of its nonce, and
 * that the stored record still has exactly the fields that were approved. The nonce is spent and
 * the order booked in one transaction, so two concurrent uses cannot both succeed.
 */
export class Executor {
  private readonly clock: () => number;
  private readonly maxTtlMs: number;
  private readonly skewMs: number;

  constructor(
    private readonly db: Db,
    private readonly publicKey: KeyObject,
    private readonly markets: MarketSource,
    opts: ExecutorOptions = {},
  ) {
    this.clock = opts.clock ?? Date.now;
    this.maxTtlMs = opts.maxTtlMs ?? 120_000;
    this.skewMs = opts.skewMs ?? 2_000;
  }

  async execute(orderId: number, approvalInput: unknown): Promise<Execution> {
    const approval = this.verify(orderId, approvalInput);
    const digest = createHash('sha256').update(approval.signature).digest('hex');
    const now = this.clock();
    return this.db.transaction((): Execution => {
      // Everything that matters is checked inside the transaction, the record or the nonce
      // table may have changed since the approval was verified.
      this.checkTime(approval);
      if (nonceUsed(this.db, approval.nonce)) {
        throw new ApprovalRejected('replayed', 'this approval was already used');
      }
      const order = getStagedOrder(this.db, orderId);
      if (!order) throw new ApprovalRejected('no_such_order', `order #${orderId} does not exist`);
      if (!sameFields(orderFields(order), approval.fields)) {
        throw new ApprovalRejected('record_changed', `order #${orderId} differs from what was approved: approve it again`);
      }
      if (order.status !== 'staged') throw new ApprovalRejected('not_staged', `order #${orderId} is ${order.status}, not staged`);
      const nowIso = new Date(now).toISOString();
      // Only the account's own market: an order never executes against research data. Without
      // one nothing is booked and the approval is not spent.
      const market = this.markets.market(order.account_id, order.symbol);
      if (!market) throw new ApprovalRejected('no_market', noMarketMessage(order.account, order.symbol));
      spendNonce(this.db, approval.nonce, orderId, nowIso);
      const out = fillStagedOrder(this.db, order, market, digest, nowIso);
      const result = out.status === 'executed' ? `filled at ${out.price} against the ${out.book}${out.reason ? `; ${out.reason}` : ''}` : (out.reason ?? 'not filled');
      settleStagedOrder(this.db, orderId, { status: out.status, nowIso, runId: out.runId ?? null, price: out.price ?? null, result });
      return { orderId, ...out };
    })();
  }

  /** The checks that need no database: shape, target, signature, time. */
  private verify(orderId: number, input: unknown): Approval {
    const parsed = approvalSchema.safeParse(input);
    if (!parsed.success) throw new ApprovalRejected('malformed', 'not an approval');
    const a = parsed.data;
    if (a.order_id !== orderId) throw new ApprovalRejected('wrong_order', `the approval is for order #${a.order_id}, not #${orderId}`);
    let ok = false;
    try {
      ok = verify(null, approvalMessage(a), this.publicKey, Buffer.from(a.signature, 'base64'));
    } catch {
      ok = false;
    }
    if (!ok) throw new ApprovalRejected('bad_signature', 'the approval signature does not verify');
    this.checkTime(a);
    return a;
  }

  private checkTime(a: Approval): void {
    const now = this.clock();
    if (a.expires_at - a.issued_at > this.maxTtlMs || a.expires_at <= a.issued_at) throw new ApprovalRejected('malformed', 'the approval claims an invalid validity window');
    if (now < a.issued_at - this.skewMs) throw new ApprovalRejected('not_yet_valid', 'the approval is issued in the future');
    if (now >= a.expires_at) throw new ApprovalRejected('expired', 'the approval has expired: approve again');
  }
}
