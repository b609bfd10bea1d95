import { Side, EventKind, type MarketEvent } from '../model/events.js';
import { RejectReason, type OrderSide } from '../model/orders.js';
import { remainingOf } from './level-queues.js';
import { isL3Kind } from './l3-queue.js';
import { noImpactModel } from './impact-models.js';
import { isOpenStatus, type VenueOrder } from './venue-types.js';
import type { LevelTake } from './models.js';
import { VenueMatching } from './venue-matching.js';

export type { VenueCounters, VenueModels } from './venue-matching.js';

/** A price given that is no positive whole number of ticks. */
const badPrice = (p: number | undefined): boolean => p !== undefined && (!Number.isSafeInteger(p) || p <= 0);

const isStop = (o: VenueOrder): boolean => o.req.type === 'stop' || o.req.type === 'stop_limit' || o.req.type === 'trailing_stop';

/**
 * The simulated venue. It sees market data at exchange time, keeps the recorded book, and
 * matches the account's orders against it: aggressive orders walk the book through the fill
 * model; resting orders wait in a queue the queue model advances; stops wait for their trigger.
 * The recorded book is never altered by the account's orders; liquidity the account took is
 * remembered by the impact model instead.
 *
 * Reports (accepted, fills, cancels, ...) collect in `reports` for the kernel to deliver.
 */
export class SimulatedVenue extends VenueMatching {
  /** True when the account has nothing resting or waiting: market data can skip all checks. */
  get idle(): boolean {
    return this.queues.size === 0 && this.waiting.length === 0;
  }

  /**
   * Market data can change nothing but the book and the tape's statistics: nothing of the
   * account's rests or waits, and no order-level queue model follows the events. Nothing but
   * an order reaching the venue changes that.
   */
  get bookOnly(): boolean {
    return this.l3 === undefined && this.queues.size === 0 && this.waiting.length === 0;
  }

  /** onMarket while `bookOnly`: a book row goes straight to the book (small enough to be inlined in the kernel's loop). */
  onMarketBookOnly(e: MarketEvent, now: bigint): void {
    if (e.kind === (6 satisfies typeof EventKind.Trade)) this.onMarket(e, now);
    else this.book.apply(e);
  }

  order(clientId: string): VenueOrder | undefined {
    return this.orders.get(clientId);
  }

  onMarket(e: MarketEvent, now: bigint): void {
    // Every market event comes here while orders rest: kinds and sides are compared with
    // literals (an imported constant is loaded and checked on each use, see L2Book.applyFields).
    const queues = this.queues;
    queues.recycle();
    const l3 = this.l3;
    if (l3 !== undefined) l3.observe(e);
    const kind = e.kind;
    if (kind === (6 satisfies typeof EventKind.Trade)) {
      // The tape's statistics feed only an impact model's price shift: with none, nothing reads
      // them (no decay of the recent volume, a BigInt difference and a power, per print).
      if (this.models.impact !== noImpactModel) this.stats.onTrade(e.price, e.qty, now);
      this.lastTrade = e.price;
      if (queues.size > 0) this.onTradeForQueues(e, now);
      if (this.waiting.length > 0) this.checkStops(now, e.price);
      return;
    }
    if (l3 !== undefined && queues.size > 0 && isL3Kind(kind)) this.onOrderLevelEvent(e, now);
    if (queues.size === 0) {
      this.book.apply(e);
      if (this.waiting.length > 0) this.checkStops(now, undefined);
      return;
    }
    const price = e.price;
    const bid = e.side === (1 satisfies typeof Side.Bid);
    const q = kind === (0 satisfies typeof EventKind.Clear) ? undefined : queues.find(bid ? 'buy' : 'sell', price);
    const bookSide = bid ? this.book.bids : this.book.asks;
    const before = q !== undefined ? bookSide.sizeAt(price) : 0;
    this.book.apply(e);
    if (l3 !== undefined) {
      this.afterBookL3(bid, kind === (0 satisfies typeof EventKind.Clear));
    } else {
      // Executions are accounted for by the trade print that accompanies them.
      if (q !== undefined && kind !== (5 satisfies typeof EventKind.Execute)) this.l2!.onLevelChange(q.state, before, bookSide.sizeAt(price));
      this.checkCrossed(now);
    }
    if (this.waiting.length > 0) this.checkStops(now, undefined);
  }

  // ---- order entry ---------------------------------------------------------------------------

  /** An order reaches the venue. */
  arrive(order: VenueOrder, now: bigint): void {
    if (order.id > this.counters.lastOrderId) this.counters.lastOrderId = order.id;
    this.orders.set(order.req.clientId, order);
    const reason = this.validate(order);
    if (reason) return this.reject(order, reason, now);
    order.status = 'open';
    const t = order.req.type;
    if (t === 'stop' || t === 'stop_limit' || t === 'trailing_stop') {
      // A stop is accepted as it starts to wait; should it fire at once and be refused, its
      // acceptance is withdrawn (see reject), since it never left the venue.
      this.report('accepted', order, undefined, now);
      order.status = 'triggered_wait';
      order.armed = false;
      this.waiting.push(order);
      this.checkStops(now, undefined);
      return;
    }
    this.execute(order, now, true);
  }

  cancel(clientId: string, now: bigint, reason?: RejectReason): void {
    const order = this.orders.get(clientId);
    if (!order) {
      this.refuseCancel(clientId, RejectReason.UnknownOrder, now);
      return;
    }
    if (!isOpenStatus(order.status)) {
      this.refuseCancel(clientId, RejectReason.OrderNotOpen, now);
      return;
    }
    this.detach(order);
    order.status = 'cancelled';
    this.report('cancelled', order, reason, now);
  }

  /** Changes qty and/or limit. Only a smaller qty at the same price keeps queue priority. */
  replace(clientId: string, changes: { qty?: number; limit?: number }, now: bigint): void {
    const order = this.orders.get(clientId);
    if (!order || !isOpenStatus(order.status)) {
      this.refuseCancel(clientId, order ? RejectReason.OrderNotOpen : RejectReason.UnknownOrder, now);
      return;
    }
    const qty = changes.qty ?? order.req.qty;
    const limit = changes.limit ?? order.req.limit;
    // A bad change is refused and the order stands as it was (it must not be cancelled or lost).
    const bad = !Number.isSafeInteger(qty) || qty < 0 ? RejectReason.InvalidQty : limit !== undefined && (!Number.isSafeInteger(limit) || limit <= 0) ? RejectReason.InvalidPrice : undefined;
    if (bad) {
      this.refuseCancel(clientId, bad, now);
      return;
    }
    if (qty <= order.filled) return this.cancel(clientId, now);
    const keepsPriority = limit === order.req.limit && qty <= order.req.qty && order.status !== 'triggered_wait';
    if (keepsPriority) {
      order.req = { ...order.req, qty };
      this.report('accepted', order, undefined, now);
      return;
    }
    this.detach(order);
    order.req = { ...order.req, qty, limit };
    const reason = this.validate(order);
    if (reason) return this.reject(order, reason, now);
    if (order.status === 'triggered_wait') {
      this.report('accepted', order, undefined, now);
      this.waiting.push(order);
      return;
    }
    this.execute(order, now, true);
  }

  expire(clientId: string, now: bigint): void {
    const order = this.orders.get(clientId);
    if (!order || !isOpenStatus(order.status)) return;
    this.detach(order);
    order.status = 'expired';
    this.report('expired', order, undefined, now);
  }

  // ---- matching ------------------------------------------------------------------------------

  private validate(order: VenueOrder): RejectReason | undefined {
    const r = order.req;
    if (!Number.isSafeInteger(r.qty) || r.qty <= 0) return RejectReason.InvalidQty;
    const needsLimit = r.type === 'limit' || r.type === 'stop_limit';
    const needsStop = r.type === 'stop' || r.type === 'stop_limit';
    if (needsLimit && r.limit === undefined) return RejectReason.MissingPrice;
    if (needsStop && r.stop === undefined) return RejectReason.MissingPrice;
    if (r.type === 'trailing_stop' && r.trail === undefined) return RejectReason.MissingPrice;
    if (badPrice(r.limit) || badPrice(r.stop) || badPrice(r.trail)) return RejectReason.InvalidPrice;
    if (r.postOnly && !needsLimit) return RejectReason.InvalidPrice;
    return undefined;
  }

  private reject(order: VenueOrder, reason: RejectReason, now: bigint): void {
    // A rejected order was never accepted. An order is refused before its acceptance is written
    // (execute decides first), except a stop that fires as it arrives: its acceptance, written as
    // it started to wait, has not left the venue yet and is withdrawn.
    if (isStop(order)) {
      const i = this.reports.findIndex((r) => r.type === 'accepted' && r.order === order);
      if (i >= 0) this.reports.splice(i, 1);
    }
    order.status = 'rejected';
    this.report('rejected', order, reason, now);
  }

  /**
   * Matches a live (non-waiting) order: take what it can, then rest or cancel the rest. With
   * `accept` (an order arriving or re-entered) it reports the order accepted once it knows the
   * order is not refused (post-only, FOK, a market order with nothing to take), before any fill.
   */
  private execute(order: VenueOrder, now: bigint, accept = false): void {
    const r = order.req;
    const isLimit = r.type === 'limit' || r.type === 'stop_limit';
    const limit = isLimit ? r.limit : undefined;
    const buy = r.side === 'buy';
    const touch = buy ? this.book.bestAsk() : this.book.bestBid();
    const marketable = touch !== undefined && (limit === undefined || (buy ? touch <= limit : touch >= limit));
    if (r.postOnly && marketable) return this.reject(order, RejectReason.PostOnlyWouldTake, now);

    let takes: LevelTake[] | undefined;
    let total = 0;
    if (marketable) {
      const remaining = remainingOf(order);
      takes = this.take(r.side, remaining, limit, now);
      total = takes.reduce((n, t) => n + t.qty, 0);
      if (r.tif === 'FOK' && total < remaining) return this.reject(order, RejectReason.FokUnfillable, now);
    }
    // A market order that takes nothing is refused (any take fills it at least once).
    if (!isLimit && total === 0 && order.filled === 0) return this.reject(order, RejectReason.NoLiquidity, now);
    if (accept) this.report('accepted', order, undefined, now);
    if (total > 0) this.fillAggressive(order, takes!, total, now);
    if (order.status === 'filled' || !isOpenStatus(order.status)) return;
    if (!isLimit || r.tif === 'IOC' || r.tif === 'FOK') {
      order.status = 'cancelled';
      this.report('cancelled', order, isLimit ? undefined : RejectReason.NoLiquidity, now);
      return;
    }
    const side = this.book.side(buy ? Side.Bid : Side.Ask);
    order.queueAheadAtEntry = this.queues.join(order, limit!, side.sizeAt(limit!));
    // What stands through our price now is what this order just took (or, with no impact
    // memory, the recorded copy of it): only lots that cross later can meet it.
    const q = this.queues.find(r.side, limit!)!;
    q.crossed = Math.max(q.crossed, this.crossingSize(q));
    if (this.l3) {
      // Ahead of it: the recorded orders at its price now, then our own earlier orders there.
      let own = 0;
      for (const o of q.orders) if (o !== order) own += remainingOf(o);
      order.queueAheadAtEntry = this.l3.join(order, side, limit!) + own;
    }
  }

  /**
   * What the fill model takes for an order from the book, less what the account took before.
   * Its own method: the closure made here, in execute, would have every order allocate the
   * scope it captures, marketable or not.
   */
  private take(side: OrderSide, remaining: number, limit: number | undefined, now: bigint): LevelTake[] {
    const available = (price: number, size: number): number => this.models.impact.available(side, price, size, now);
    return this.models.fill.take(this.book, side, remaining, limit, available);
  }

  private checkStops(now: bigint, tradePrice: number | undefined): void {
    const bid = this.book.bestBid();
    const ask = this.book.bestAsk();
    for (const order of [...this.waiting]) {
      // An earlier stop's fill may have cancelled this one (OCO) during this pass.
      if (order.status !== 'triggered_wait') continue;
      const r = order.req;
      const buy = r.side === 'buy';
      let trigger: number | undefined = r.stop;
      if (r.type === 'trailing_stop') {
        const ref = buy ? ask : bid;
        if (ref !== undefined) {
          if (order.trailAnchor === undefined || (buy ? ref < order.trailAnchor : ref > order.trailAnchor)) order.trailAnchor = ref;
        }
        if (order.trailAnchor === undefined) continue;
        trigger = buy ? order.trailAnchor + r.trail! : order.trailAnchor - r.trail!;
      }
      const touch = buy ? ask : bid;
      const fired =
        trigger !== undefined &&
        ((tradePrice !== undefined && (buy ? tradePrice >= trigger : tradePrice <= trigger)) ||
          (touch !== undefined && (buy ? touch >= trigger : touch <= trigger)));
      if (!fired) continue;
      this.waiting.splice(this.waiting.indexOf(order), 1);
      order.armed = true;
      order.status = 'open';
      this.execute(order, now);
    }
  }

  /** The last trade price seen, ticks. */
  get lastTradePrice(): number | undefined {
    return this.lastTrade;
  }
}
