import { Decimal } from 'decimal.js';
import { L2Book } from '../book/l2-book.js';
import { EventKind, Side, type MarketEvent } from '../model/events.js';
import type { Instrument } from '../model/instrument.js';
import type { RejectReason, OrderSide } from '../model/orders.js';
import type { FeeModel, FillModel, ImpactModel, LevelTake, QueueModel } from './models.js';
import { LevelQueues, remainingOf, type LevelQueue } from './level-queues.js';
import { isOpenStatus, type FillRecord, type VenueOrder, type VenueReport } from './venue-types.js';
import { MarketStats } from './market-stats.js';
import { ClientIdIndex } from './client-id-index.js';
import { newVenueOrder } from './venue-order.js';
import { noFeeModel } from './fee-models.js';
import { isL3QueueModel, type L3QueueModel, type QueueFill } from './l3-queue.js';

/** Our buys before our sells; buys highest price first, sells lowest first: the order a sweep meets them. */
const byFillPriority = (a: LevelQueue, b: LevelQueue): number => (a.side !== b.side ? (a.side === 'buy' ? -1 : 1) : a.side === 'buy' ? b.price - a.price : a.price - b.price);

/** A report as it is held: every field of every kind of report (see pushReport). */
interface AnyReport {
  type: VenueReport['type'];
  order: VenueOrder | undefined;
  reason: RejectReason | undefined;
  fill: FillRecord | undefined;
  clientId: string | undefined;
  ts: bigint;
}

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
 * How the account's orders meet the recorded market: aggressive orders take from the book
 * through the fill model, resting orders wait in per-level queues that the queue model (L2) or
 * exact FIFO (order-level data) advances as trades print, levels change and the other side
 * crosses; each fill is priced, charged its fee and reported, and sets off what it must (an OCO
 * sibling's cancel, a bracket's children). SimulatedVenue (venue.ts) adds what reaches the venue.
 */
export abstract class VenueMatching {
  readonly book = new L2Book();
  readonly reports: VenueReport[] = [];
  private readonly spareReports: AnyReport[] = [];
  protected readonly queues: LevelQueues;
  protected readonly waiting: VenueOrder[] = [];
  protected readonly orders = new ClientIdIndex<VenueOrder>();
  protected readonly stats = new MarketStats();
  /** Scratch for onTradeForQueues: the queues a print reaches, best-priced first. */
  private readonly hitQueues: LevelQueue[] = [];
  private readonly tick: Decimal;
  private readonly lot: Decimal;
  /** One lot at one tick, exact. */
  private readonly unit: Decimal;
  protected lastTrade: number | undefined;
  /** Exactly one of these is set: the queue model is either L2 or order-level. */
  protected readonly l2: QueueModel | undefined;
  protected readonly l3: L3QueueModel | undefined;
  /**
   * Exact FIFO: the price and time of the queue the order-level model is filling, read by the
   * one callback it is handed (a closure made per event near our orders cost an allocation each).
   */
  private fillPrice = 0;
  private fillNow = 0n;
  private readonly queueFill: QueueFill = (order, lots, outsideWindow) =>
    this.recordFill(order, this.fillPrice, lots, 'maker', this.fillNow, { queueAheadAtEntry: order.queueAheadAtEntry, impactTicks: 0, outsideWindow });

  constructor(
    readonly instrument: Instrument,
    readonly models: VenueModels,
    protected readonly counters: VenueCounters = { lastOrderId: 0, fillSeq: 0 },
  ) {
    const queue = models.queue;
    this.l3 = isL3QueueModel(queue) ? queue : undefined;
    this.l2 = isL3QueueModel(queue) ? undefined : queue;
    this.queues = new LevelQueues(this.l2 ? (size) => this.l2!.enter(size) : (size) => ({ ahead: size }));
    this.tick = new Money(instrument.tickSize);
    this.lot = new Money(instrument.lotSize);
    this.unit = this.tick.times(this.lot);
  }

  /**
   * Appends a report, reusing one the kernel is done with (releaseReport): a market maker's every
   * order is reported accepted and cancelled, and nothing but the kernel ever holds a report.
   * Every report has one shape, all fields present (those its type does not use undefined).
   */
  private pushReport(type: VenueReport['type'], order: VenueOrder | undefined, reason: RejectReason | undefined, fill: FillRecord | undefined, clientId: string | undefined, ts: bigint): void {
    const r = this.spareReports.pop();
    if (r === undefined) {
      this.reports.push({ type, order, reason, fill, clientId, ts } as VenueReport);
      return;
    }
    r.type = type;
    r.order = order;
    r.reason = reason;
    r.fill = fill;
    r.clientId = clientId;
    r.ts = ts;
    this.reports.push(r as VenueReport);
  }

  /** Reports an order's change: accepted, cancelled, expired or rejected (with a reason). */
  protected report(type: 'accepted' | 'cancelled' | 'expired' | 'rejected', order: VenueOrder, reason: RejectReason | undefined, ts: bigint): void {
    this.pushReport(type, order, reason, undefined, undefined, ts);
  }

  /** Reports a cancel (or replace) that could not be done. */
  protected refuseCancel(clientId: string, reason: RejectReason, ts: bigint): void {
    this.pushReport('cancel_rejected', undefined, reason, undefined, clientId, ts);
  }

  /**
   * The kernel has delivered a report of this venue's and keeps nothing of it: it may be filled
   * again. (A caller that never gives reports back, as the venue's tests, costs a new one each.)
   */
  releaseReport(r: VenueReport): void {
    this.spareReports.push(r as AnyReport);
  }

  /** A fresh order id, above every id seen: orders the venue places itself (brackets) take these too. */
  nextOrderId(): number {
    return ++this.counters.lastOrderId;
  }

  // ---- resting orders against market data -------------------------------------------------

  /** Exact FIFO: a recorded order-level event at one of our prices, or an opposite order reaching them. */
  protected onOrderLevelEvent(e: MarketEvent, now: bigint): void {
    if (e.kind === EventKind.Clear) return;
    const ownSide: OrderSide = e.side === Side.Bid ? 'buy' : 'sell';
    const q = this.queues.find(ownSide, e.price);
    if (q) {
      this.fillPrice = q.price;
      this.fillNow = now;
      this.l3!.onOwnLevel(e, q.orders, this.queueFill);
    }
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

  /**
   * Exact FIFO: after the recorded book changed on one side (`bid`; both for a clear), each queue
   * of that side learns whether its price is still in view. A queue of the other side has nothing
   * to learn: that side is as it was when the queue last looked (or joined), and looking again
   * changes nothing.
   */
  protected afterBookL3(bid: boolean, both: boolean): void {
    const all = this.queues.all;
    const l3 = this.l3!;
    for (let i = 0; i < all.length; i++) {
      const q = all[i];
      const buy = q.side === 'buy';
      if (both || buy === bid) l3.afterBook(buy ? this.book.bids : this.book.asks, q.price, q.orders);
    }
  }

  protected fillAggressive(order: VenueOrder, takes: LevelTake[], total: number, now: bigint): void {
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

  protected onTradeForQueues(e: MarketEvent, now: bigint): void {
    // A buy aggressor lifts asks (our sells); a sell aggressor hits bids (our buys).
    const hitsSells = e.side !== Side.Ask;
    const hitsBuys = e.side !== Side.Bid;
    // One print fills our orders by at most its size in all, best-priced first: an aggressor
    // sweeping down to the print's price would have met our highest bid first.
    const queues = this.hitQueues;
    // Emptied by pops: `length = 0` would give up the scratch array's storage each print.
    while (queues.length > 0) queues.pop();
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
          this.fillPrice = q.price;
          this.fillNow = now;
          left -= this.l3.onPrintAt(e, q.orders, left, this.queueFill);
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
  protected checkCrossed(now: bigint): void {
    const all = this.queues.all;
    const bestBid = this.book.bids.priceAt(0);
    const bestAsk = this.book.asks.priceAt(0);
    for (let i = 0; i < all.length; i++) {
      const q = all[i];
      // The usual event: nothing of the other side through our price, before or now (the walk
      // below would stop at its best level and credit nothing).
      if (q.crossed === 0 && (q.side === 'buy' ? bestAsk === undefined || bestAsk >= q.price : bestBid === undefined || bestBid <= q.price)) continue;
      const size = this.crossingSize(q);
      // Only lots that newly cross can fill us; the ones counted before already did.
      const fresh = size - q.crossed;
      q.crossed = size;
      if (fresh > 0) {
        // A fill may remove queues (or add them, with a bracket): the rest are taken as they
        // stood before it. Until a fill nothing changes, so no copy is made on the usual event.
        const crossing: [LevelQueue, number][] = [[q, fresh]];
        for (const r of all.slice(i + 1)) {
          const s = this.crossingSize(r);
          const f = s - r.crossed;
          r.crossed = s;
          if (f > 0) crossing.push([r, f]);
        }
        // The same lots cross every one of our prices they pass: they meet the best-priced of
        // our orders first, and what those took does not reach the orders behind them.
        crossing.sort((a, b) => byFillPriority(a[0], b[0]));
        const taken = { buy: 0, sell: 0 };
        for (const [r, f] of crossing) {
          const n = Math.min(f - taken[r.side], this.queues.totalRemaining(r));
          if (n <= 0) continue;
          taken[r.side] += n;
          this.fillQueue(r, n, now);
        }
        return;
      }
    }
  }

  /** Lots of the other side strictly through a queue's price in the recorded book. */
  protected crossingSize(q: LevelQueue): number {
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
    // tick x lot x (price x qty) where that product is an exact integer: the same value, one product fewer.
    const n = price * qty;
    const notional = Number.isSafeInteger(n) && Number.isInteger(price) && Number.isInteger(qty) ? this.unit.times(n) : this.tick.times(price).times(units);
    const notionalText = notional.toFixed();
    // The default model charges nothing and reads nothing: no text of the order's totals is made for it.
    const fees = this.models.fees;
    const fee = fees === noFeeModel ? '0' : fees.fee({
      notional: notionalText,
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
      notional: notionalText,
      tsVenue: now,
      impactTicks: explain.impactTicks,
      entryLatencyNs: order.entryLatencyNs,
    };
    if (explain.levels) fill.levels = explain.levels;
    if (explain.queueAheadAtEntry !== undefined) fill.queueAheadAtEntry = explain.queueAheadAtEntry;
    if (explain.outsideWindow) fill.outsideWindow = true;
    this.pushReport('fill', order, undefined, fill, undefined, now);
    if (order.req.ocoGroup) this.cancelOcoSiblings(order, now);
    if (done && order.req.bracket) this.spawnBracket(order, now);
  }

  private cancelOcoSiblings(order: VenueOrder, now: bigint): void {
    // By index, as a map's iterator would go: it would also visit orders added meanwhile.
    const all = this.orders.values();
    for (let i = 0; i < all.length; i++) {
      const other = all[i];
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
    const child = (suffix: string, fields: Partial<VenueOrder['req']>): VenueOrder =>
      newVenueOrder(this.nextOrderId(), { clientId: `${parent.req.clientId}:${suffix}`, side, qty: parent.filled, tif: 'GTC', type: 'limit', ocoGroup: group, ...fields }, 0n, parent.market);
    const children: VenueOrder[] = [];
    if (takeProfit !== undefined) children.push(child('tp', { type: 'limit', limit: takeProfit }));
    if (stopLoss !== undefined) children.push(child('sl', { type: 'stop', stop: stopLoss }));
    // Both are known before either arrives, so a child that fills on placement cancels its
    // sibling instead of leaving it to be placed afterwards, unpaired.
    for (const c of children) this.orders.set(c.req.clientId, c);
    for (const c of children) if (c.status === 'pending') this.arrive(c, now);
  }

  /** Takes an order out of whichever queue or waiting list holds it. */
  protected detach(order: VenueOrder): void {
    this.queues.remove(order);
    this.l3?.leave(order);
    const w = this.waiting.indexOf(order);
    if (w >= 0) this.waiting.splice(w, 1);
  }

  /** Cancels an open order (an OCO sibling of one that filled). */
  abstract cancel(clientId: string, now: bigint, reason?: RejectReason): void;

  /** An order reaches the venue (a bracket's child, placed when its parent fills). */
  abstract arrive(order: VenueOrder, now: bigint): void;
}
