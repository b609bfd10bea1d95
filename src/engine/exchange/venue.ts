import { Decimal } from 'decimal.js';
import { L2Book } from '../book/l2-book.js';
import { EventKind, Side, type MarketEvent } from '../model/events.js';
import type { Instrument } from '../model/instrument.js';
import { RejectReason, type OrderSide } from '../model/orders.js';
import type { FeeModel, FillModel, ImpactModel, LevelTake, QueueModel } from './models.js';
import { LevelQueues, remainingOf, type LevelQueue } from './level-queues.js';
import { isOpenStatus, type FillRecord, type VenueOrder, type VenueReport } from './venue-types.js';
import { MarketStats } from './market-stats.js';
import { isL3Kind, isL3QueueModel, type L3QueueModel, type QueueFill } from './l3-queue.js';

/** Our buys before our sells; buys highest price first, sells lowest first: the order a sweep meets them. */
const byFillPriority = (a: LevelQueue, b: LevelQueue): number => (a.side !== b.side ? (a.side === 'buy' ? -1 : 1) : a.side === 'buy' ? b.price - a.price : a.price - b.price);

/** Exact money: notionals of fine ticks times large sizes exceed decimal.js's default 20 digits. */
const Money = Decimal.clone({ precision: 80 });

/**
 * Order ids and fill numbers. A run over several instruments has a venue per instrument, and
 * they share one of these so ids and fill numbers stay unique and in order over the whole run.
 */
export interface VenueCounters {
  lastOrderId: number;
  fillSeq: number;
}

export interface VenueModels {
  fill: FillModel;
  /** An L2 queue model, or exact FIFO on order-level data (its own interface: it needs order ids). */
  queue: QueueModel | L3QueueModel;
  impact: ImpactModel;
  fees: FeeModel;
}

/**
 * The simulated venue. It sees market data at exchange time, keeps the recorded book, and
 * matches the account's orders against it: aggressive orders walk the book through the fill
 * model; resting orders wait in a queue the queue model advances; stops wait for their trigger.
 * The recorded book is never altered by the account's orders; liquidity the account took is
 * remembered by the impact model instead.
 *
 * Reports (accepted, fills, cancels, ...) collect in `reports` for the kernel to deliver.
 */
export class SimulatedVenue {
  readonly book = new L2Book();
  readonly reports: VenueReport[] = [];
  private readonly queues: LevelQueues;
  private readonly waiting: VenueOrder[] = [];
  private readonly orders = new Map<string, VenueOrder>();
  private readonly stats = new MarketStats();
  /** Scratch for onTradeForQueues: the queues a print reaches, best-priced first. */
  private readonly hitQueues: LevelQueue[] = [];
  private readonly tick: Decimal;
  private readonly lot: Decimal;
  private lastTrade: number | undefined;
  /** Exactly one of these is set: the queue model is either L2 or order-level. */
  private readonly l2: QueueModel | undefined;
  private readonly l3: L3QueueModel | undefined;

  constructor(
    readonly instrument: Instrument,
    readonly models: VenueModels,
    private readonly counters: VenueCounters = { lastOrderId: 0, fillSeq: 0 },
  ) {
    const queue = models.queue;
    this.l3 = isL3QueueModel(queue) ? queue : undefined;
    this.l2 = isL3QueueModel(queue) ? undefined : queue;
    this.queues = new LevelQueues(this.l2 ? (size) => this.l2!.enter(size) : (size) => ({ ahead: size }));
    this.tick = new Money(instrument.tickSize);
    this.lot = new Money(instrument.lotSize);
  }

  /** True when the account has nothing resting or waiting: market data can skip all checks. */
  get idle(): boolean {
    return this.queues.size === 0 && this.waiting.length === 0;
  }

  order(clientId: string): VenueOrder | undefined {
    return this.orders.get(clientId);
  }

  /** A fresh order id, above every id seen: orders the venue places itself (brackets) take these too. */
  nextOrderId(): number {
    return ++this.counters.lastOrderId;
  }

  // ---- market data -------------------------------------------------------------------------

  onMarket(e: MarketEvent, now: bigint): void {
    this.l3?.observe(e);
    if (e.kind === EventKind.Trade) {
      this.stats.onTrade(e.price, e.qty, now);
      this.lastTrade = e.price;
      if (this.queues.size > 0) this.onTradeForQueues(e, now);
      if (this.waiting.length > 0) this.checkStops(now, e.price);
      return;
    }
    if (this.l3 && this.queues.size > 0 && isL3Kind(e.kind)) this.onOrderLevelEvent(e, now);
    if (this.queues.size === 0) {
      this.book.apply(e);
      if (this.waiting.length > 0) this.checkStops(now, undefined);
      return;
    }
    const ownSide: OrderSide = e.side === Side.Bid ? 'buy' : 'sell';
    const q = e.kind === EventKind.Clear ? undefined : this.queues.find(ownSide, e.price);
    const bookSide = this.book.side(e.side);
    const before = q ? bookSide.sizeAt(e.price) : 0;
    this.book.apply(e);
    if (this.l3) {
      this.afterBookL3();
    } else {
      // Executions are accounted for by the trade print that accompanies them.
      if (q && e.kind !== EventKind.Execute) this.l2!.onLevelChange(q.state, before, bookSide.sizeAt(e.price));
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
    this.reports.push({ type: 'accepted', order, ts: now });
    const t = order.req.type;
    if (t === 'stop' || t === 'stop_limit' || t === 'trailing_stop') {
      order.status = 'triggered_wait';
      order.armed = false;
      this.waiting.push(order);
      this.checkStops(now, undefined);
      return;
    }
    this.execute(order, now);
  }

  cancel(clientId: string, now: bigint, reason?: RejectReason): void {
    const order = this.orders.get(clientId);
    if (!order) {
      this.reports.push({ type: 'cancel_rejected', clientId, reason: RejectReason.UnknownOrder, ts: now });
      return;
    }
    if (!isOpenStatus(order.status)) {
      this.reports.push({ type: 'cancel_rejected', clientId, reason: RejectReason.OrderNotOpen, ts: now });
      return;
    }
    this.detach(order);
    order.status = 'cancelled';
    this.reports.push({ type: 'cancelled', order, reason, ts: now });
  }

  /** Changes qty and/or limit. Only a smaller qty at the same price keeps queue priority. */
  replace(clientId: string, changes: { qty?: number; limit?: number }, now: bigint): void {
    const order = this.orders.get(clientId);
    if (!order || !isOpenStatus(order.status)) {
      this.reports.push({ type: 'cancel_rejected', clientId, reason: order ? RejectReason.OrderNotOpen : RejectReason.UnknownOrder, ts: now });
      return;
    }
    const qty = changes.qty ?? order.req.qty;
    const limit = changes.limit ?? order.req.limit;
    // A bad change is refused and the order stands as it was (it must not be cancelled or lost).
    const bad = !Number.isSafeInteger(qty) || qty < 0 ? RejectReason.InvalidQty : limit !== undefined && (!Number.isSafeInteger(limit) || limit <= 0) ? RejectReason.InvalidPrice : undefined;
    if (bad) {
      this.reports.push({ type: 'cancel_rejected', clientId, reason: bad, ts: now });
      return;
    }
    if (qty <= order.filled) return this.cancel(clientId, now);
    const keepsPriority = limit === order.req.limit && qty <= order.req.qty && order.status !== 'triggered_wait';
    if (keepsPriority) {
      order.req = { ...order.req, qty };
      this.reports.push({ type: 'accepted', order, ts: now });
      return;
    }
    this.detach(order);
    order.req = { ...order.req, qty, limit };
    const reason = this.validate(order);
    if (reason) return this.reject(order, reason, now);
    this.reports.push({ type: 'accepted', order, ts: now });
    if (order.status === 'triggered_wait') {
      this.waiting.push(order);
      return;
    }
    this.execute(order, now);
  }

  expire(clientId: string, now: bigint): void {
    const order = this.orders.get(clientId);
    if (!order || !isOpenStatus(order.status)) return;
    this.detach(order);
    order.status = 'expired';
    this.reports.push({ type: 'expired', order, ts: now });
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
    for (const p of [r.limit, r.stop, r.trail]) {
      if (p !== undefined && (!Number.isSafeInteger(p) || p <= 0)) return RejectReason.InvalidPrice;
    }
    if (r.postOnly && !needsLimit) return RejectReason.InvalidPrice;
    return undefined;
  }

  private reject(order: VenueOrder, reason: RejectReason, now: bigint): void {
    // A rejected order was never accepted: withdraw the acceptance sent in the same step
    // (post-only, FOK and market orders are refused only once matching has looked at them).
    const i = this.reports.findIndex((r) => r.type === 'accepted' && r.order === order);
    if (i >= 0) this.reports.splice(i, 1);
    order.status = 'rejected';
    this.reports.push({ type: 'rejected', order, reason, ts: now });
  }

  /** Matches a live (non-waiting) order: take what it can, then rest or cancel the rest. */
  private execute(order: VenueOrder, now: bigint): void {
    const r = order.req;
    const isLimit = r.type === 'limit' || r.type === 'stop_limit';
    const limit = isLimit ? r.limit : undefined;
    const buy = r.side === 'buy';
    const touch = buy ? this.book.bestAsk() : this.book.bestBid();
    const marketable = touch !== undefined && (limit === undefined || (buy ? touch <= limit : touch >= limit));
    if (r.postOnly && marketable) return this.reject(order, RejectReason.PostOnlyWouldTake, now);

    if (marketable) {
      const available = (price: number, size: number): number => this.models.impact.available(r.side, price, size, now);
      const remaining = remainingOf(order);
      const takes = this.models.fill.take(this.book, r.side, remaining, limit, available);
      const total = takes.reduce((n, t) => n + t.qty, 0);
      if (r.tif === 'FOK' && total < remaining) return this.reject(order, RejectReason.FokUnfillable, now);
      if (total > 0) this.fillAggressive(order, takes, total, now);
    }
    if (order.status === 'filled' || !isOpenStatus(order.status)) return;
    if (!isLimit || r.tif === 'IOC' || r.tif === 'FOK') {
      if (order.filled === 0 && !isLimit) return this.reject(order, RejectReason.NoLiquidity, now);
      order.status = 'cancelled';
      this.reports.push({ type: 'cancelled', order, reason: isLimit ? undefined : RejectReason.NoLiquidity, ts: now });
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

  /** Exact FIFO: a recorded order-level event at one of our prices, or an opposite order reaching them. */
  private onOrderLevelEvent(e: MarketEvent, now: bigint): void {
    if (e.kind === EventKind.Clear) return;
    const ownSide: OrderSide = e.side === Side.Bid ? 'buy' : 'sell';
    const q = this.queues.find(ownSide, e.price);
    if (q) this.l3!.onOwnLevel(e, q.orders, this.queueFill(q.price, now));
    if (e.kind === EventKind.Add) this.fillReached(e, now);
  }

  /**
   * A recorded order added at or through the price of our resting orders on the other side
   * would have traded with them: it fills them, best-priced first, by at most its size.
   */
  private fillReached(e: MarketEvent, now: bigint): void {
    const sellAdded = e.side === Side.Ask;
    const reached = this.queues.all
      .filter((q) => (sellAdded ? q.side === 'buy' && q.price >= e.price : q.side === 'sell' && q.price <= e.price))
      .sort((a, b) => (sellAdded ? b.price - a.price : a.price - b.price));
    let left = e.qty;
    for (const q of reached) {
      if (left <= 0) break;
      const n = Math.min(this.queues.totalRemaining(q), left);
      left -= n;
      this.fillQueue(q, n, now);
    }
  }

  private queueFill(price: number, now: bigint): QueueFill {
    return (order, lots, outsideWindow) =>
      this.recordFill(order, price, lots, 'maker', now, { queueAheadAtEntry: order.queueAheadAtEntry, impactTicks: 0, outsideWindow });
  }

  /** Exact FIFO: after the recorded book changed, each queue learns whether its price is still in view. */
  private afterBookL3(): void {
    for (const q of this.queues.all) this.l3!.afterBook(this.book.side(q.side === 'buy' ? Side.Bid : Side.Ask), q.price, q.orders);
  }

  private fillAggressive(order: VenueOrder, takes: LevelTake[], total: number, now: bigint): void {
    const r = order.req;
    const impact = this.models.impact.priceImpactTicks(total, this.stats.recentVolume(now), this.stats.volatilityTicks());
    const shift = r.side === 'buy' ? impact : -impact;
    const limit = r.type === 'limit' || r.type === 'stop_limit' ? r.limit : undefined;
    for (const t of takes) {
      this.models.impact.consume(r.side, t.price, t.qty, now);
      // Impact worsens the price, but a limit order never pays more (or receives less) than its limit.
      let price = t.price + shift;
      if (limit !== undefined) price = r.side === 'buy' ? Math.min(price, limit) : Math.max(price, limit);
      this.recordFill(order, price, t.qty, 'taker', now, { levels: takes, impactTicks: impact });
      if (!isOpenStatus(order.status)) break; // an OCO sibling's fill may not stop this one, but a full fill does
    }
  }

  private onTradeForQueues(e: MarketEvent, now: bigint): void {
    // A buy aggressor lifts asks (our sells); a sell aggressor hits bids (our buys).
    const hitsSells = e.side !== Side.Ask;
    const hitsBuys = e.side !== Side.Bid;
    // One print fills our orders by at most its size in all, best-priced first: an aggressor
    // sweeping down to the print's price would have met our highest bid first.
    const queues = this.hitQueues;
    queues.length = 0;
    for (const q of this.queues.all) if (q.side === 'sell' ? hitsSells : hitsBuys) queues.push(q);
    if (queues.length > 1) queues.sort(byFillPriority);
    let left = e.qty;
    for (const q of queues) {
      const through = q.side === 'buy' ? e.price < q.price : e.price > q.price;
      let n = 0;
      if (through) {
        // The print went through our price: it would have met our order first.
        n = Math.min(this.queues.totalRemaining(q), left);
      } else if (e.price === q.price) {
        if (this.l3) {
          // Exact FIFO fills at its price itself, order by order.
          left -= this.l3.onPrintAt(e, q.orders, left, this.queueFill(q.price, now));
          continue;
        }
        // The queue ahead of us advances by the whole print; we get what passes us, within what is left of it.
        n = Math.min(this.l2!.onTrade(q.state, e.qty, this.queues.totalRemaining(q)), left);
      }
      if (n <= 0) continue;
      left -= n;
      this.fillQueue(q, n, now);
    }
  }

  /** The book shows the other side through our resting price: those sellers would have met us. */
  private checkCrossed(now: bigint): void {
    const all = this.queues.all;
    for (let i = 0; i < all.length; i++) {
      const q = all[i];
      const size = this.crossingSize(q);
      // Only lots that newly cross can fill us; the ones counted before already did.
      const fresh = size - q.crossed;
      q.crossed = size;
      if (fresh > 0) {
        // A fill may remove queues (or add them, with a bracket): the rest are taken as they
        // stood before it. Until a fill nothing changes, so no copy is made on the usual event.
        const rest = all.slice(i + 1);
        this.fillQueue(q, Math.min(fresh, this.queues.totalRemaining(q)), now);
        for (const r of rest) {
          const s = this.crossingSize(r);
          const f = s - r.crossed;
          r.crossed = s;
          if (f > 0) this.fillQueue(r, Math.min(f, this.queues.totalRemaining(r)), now);
        }
        return;
      }
    }
  }

  /** Lots of the other side strictly through a queue's price in the recorded book. */
  private crossingSize(q: LevelQueue): number {
    const other = q.side === 'buy' ? this.book.asks : this.book.bids;
    let size = 0;
    for (let lvl = 0; lvl < other.depth; lvl++) {
      const p = other.priceAt(lvl)!;
      if (q.side === 'buy' ? p >= q.price : p <= q.price) break;
      size += other.sizeAtLevel(lvl);
    }
    return size;
  }

  /** Fills `qty` lots across a level's own orders, oldest first, at the level's price. */
  private fillQueue(q: LevelQueue, qty: number, now: bigint): void {
    let left = qty;
    for (const order of [...q.orders]) {
      if (left <= 0) break;
      // An earlier order's fill may have cancelled this one (OCO) during this pass.
      if (!isOpenStatus(order.status)) continue;
      const n = Math.min(left, remainingOf(order));
      left -= n;
      const outsideWindow = this.l3?.outsideWindow(order);
      this.recordFill(order, q.price, n, 'maker', now, { queueAheadAtEntry: order.queueAheadAtEntry, impactTicks: 0, outsideWindow });
    }
  }

  private recordFill(
    order: VenueOrder,
    price: number,
    qty: number,
    liquidity: 'maker' | 'taker',
    now: bigint,
    explain: { levels?: LevelTake[]; queueAheadAtEntry?: number; impactTicks: number; outsideWindow?: boolean },
  ): void {
    const units = this.lot.times(qty);
    const notional = this.tick.times(price).times(units);
    const fee = this.models.fees.fee({
      notional: notional.toFixed(),
      units: units.toFixed(),
      liquidity,
      orderNotionalBefore: order.notionalSoFar.toFixed(),
      orderUnitsBefore: order.unitsSoFar.toFixed(),
    });
    order.notionalSoFar = notional.plus(order.notionalSoFar);
    order.unitsSoFar = units.plus(order.unitsSoFar);
    order.filled += qty;
    const done = order.filled >= order.req.qty;
    order.status = done ? 'filled' : 'partially_filled';
    if (done) this.detach(order);
    const fill: FillRecord = {
      seq: ++this.counters.fillSeq,
      orderId: order.id,
      clientId: order.req.clientId,
      side: order.req.side,
      price,
      qty,
      liquidity,
      fee,
      notional: notional.toFixed(),
      tsVenue: now,
      impactTicks: explain.impactTicks,
      entryLatencyNs: order.entryLatencyNs,
    };
    if (explain.levels) fill.levels = explain.levels;
    if (explain.queueAheadAtEntry !== undefined) fill.queueAheadAtEntry = explain.queueAheadAtEntry;
    if (explain.outsideWindow) fill.outsideWindow = true;
    this.reports.push({ type: 'fill', order, fill, ts: now });
    if (order.req.ocoGroup) this.cancelOcoSiblings(order, now);
    if (done && order.req.bracket) this.spawnBracket(order, now);
  }

  private cancelOcoSiblings(order: VenueOrder, now: bigint): void {
    for (const other of this.orders.values()) {
      if (other !== order && other.req.ocoGroup === order.req.ocoGroup && isOpenStatus(other.status)) {
        this.cancel(other.req.clientId, now);
      }
    }
  }

  /** A filled bracket parent places its take-profit and stop-loss as one OCO pair. */
  private spawnBracket(parent: VenueOrder, now: bigint): void {
    const { takeProfit, stopLoss } = parent.req.bracket!;
    const side: OrderSide = parent.req.side === 'buy' ? 'sell' : 'buy';
    const group = `bracket:${parent.req.clientId}`;
    const child = (suffix: string, fields: Partial<VenueOrder['req']>): VenueOrder => ({
      id: this.nextOrderId(),
      req: { clientId: `${parent.req.clientId}:${suffix}`, side, qty: parent.filled, tif: 'GTC', type: 'limit', ocoGroup: group, ...fields },
      status: 'pending',
      filled: 0,
      armed: true,
      entryLatencyNs: 0n,
      notionalSoFar: new Decimal(0),
      unitsSoFar: new Decimal(0),
    });
    const children: VenueOrder[] = [];
    if (takeProfit !== undefined) children.push(child('tp', { type: 'limit', limit: takeProfit }));
    if (stopLoss !== undefined) children.push(child('sl', { type: 'stop', stop: stopLoss }));
    // Both are known before either arrives, so a child that fills on placement cancels its
    // sibling instead of leaving it to be placed afterwards, unpaired.
    for (const c of children) this.orders.set(c.req.clientId, c);
    for (const c of children) if (c.status === 'pending') this.arrive(c, now);
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

  /** Takes an order out of whichever queue or waiting list holds it. */
  private detach(order: VenueOrder): void {
    this.queues.remove(order);
    this.l3?.leave(order);
    const w = this.waiting.indexOf(order);
    if (w >= 0) this.waiting.splice(w, 1);
  }

  /** The last trade price seen, ticks. */
  get lastTradePrice(): number | undefined {
    return this.lastTrade;
  }
}
