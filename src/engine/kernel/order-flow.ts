import { Decimal } from 'decimal.js';
import { RejectReason, type OrderRequest } from '../model/orders.js';
import { Account } from '../portfolio/account.js';
import { SeededRandom } from '../random/seeded-random.js';
import { checkOrder } from '../risk/pre-trade.js';
import type { VenueCounters } from '../exchange/venue.js';
import { isOpenStatus, type VenueOrder, type VenueReport } from '../exchange/venue-types.js';
import type { NewOrder, OrderView, Strategy, StrategyContext } from '../strategy.js';
import type { DeliveredFill, KernelConfig, RunResult, StrategyOrder } from './kernel-types.js';
import { MarketSlot, type MarketConfig } from './market-slot.js';
import { Scheduler } from './scheduler.js';
import { makeContext, type ContextHost } from './strategy-context.js';

/** Decimal is immutable: every order starts its running totals from this one zero. */
const ZERO = new Decimal(0);

/** The venue's request for a strategy's order: its fields without `instrument`, with its id and time in force. */
function requestOf(o: NewOrder, clientId: string): OrderRequest {
  // Object.assign is the spread's copy (own enumerable keys) at a small part of its cost in V8
  // (measured ~0.3 against ~8 us an order); taking a key out while copying is slow too, so that
  // is kept for orders that name an instrument.
  if (!('instrument' in o)) {
    const req = Object.assign({}, o) as OrderRequest;
    req.clientId = clientId;
    req.tif = o.tif ?? 'GTC';
    return req;
  }
  const { instrument: _named, ...fields } = o;
  return { ...fields, clientId, tif: o.tif ?? 'GTC' };
}

/**
 * The kernel's order side: the instruments of the run (one MarketSlot each), the account, and the
 * strategy's orders from submission (risk checks, entry latency, the trading session) through
 * the venue's reports back (response latency) to the strategy's callbacks. The event loop that
 * drives it is the Kernel, which extends it.
 */
export abstract class OrderFlow implements ContextHost {
  readonly account: Account;
  readonly slots: readonly MarketSlot[];
  readonly params: Readonly<Record<string, unknown>>;
  protected readonly slotById = new Map<string, MarketSlot>();
  protected readonly scheduler = new Scheduler();
  protected readonly modelRng: SeededRandom;
  /** Feed latency a constant 0: the strategy is called as each event is processed, not once the clock moves on. */
  protected readonly sharedBook: boolean;
  protected readonly ctx: StrategyContext;
  protected readonly orders = new Map<string, StrategyOrder>();
  /** The strategy's orders not yet in a final state: kept apart so lookups stay O(open). */
  protected readonly live = new Map<string, StrategyOrder>();
  /** Bumped whenever an open order or the set of them changes; the copies openOrders hands out were made at openCopiesOf. */
  private orderChanges = 0;
  private openCopiesOf = -1;
  private readonly openCopies: OrderView[] = [];
  private readonly openSlots: (MarketSlot | undefined)[] = [];
  protected readonly venueOrders: VenueOrder[] = [];
  protected readonly fills: DeliveredFill[] = [];
  protected readonly rejects: RunResult['rejects'] = [];
  /** Marks of every instrument, reused by each risk check and equity sample of a run over several. */
  protected readonly marks: (number | undefined)[];
  /** The venues' clock (exchange time, never going back) and the strategy's (local time). */
  protected now = 0n;
  protected strategyNow = 0n;
  /**
   * Something was scheduled before `now` (an order sent from outside a callback, or by a callback
   * running behind the venues' clock): the loop must look for due work even when the clock does
   * not move. Otherwise everything waiting is due at `now` or later, and an event at `now` need
   * not look at all.
   */
  protected overdue = false;
  private idSeq = 0;

  constructor(
    readonly config: KernelConfig,
    readonly strategy: Strategy,
    log: (message: string) => void,
  ) {
    const specs: MarketConfig[] = [{ instrument: config.instrument, models: config.models, risk: config.risk, session: config.session }, ...(config.others ?? [])];
    this.sharedBook = config.feedLatency.kind === 'constant' && config.feedLatency.ns === 0n;
    const counters: VenueCounters = { lastOrderId: 0, fillSeq: 0 };
    this.slots = specs.map((m, i) => new MarketSlot(i, m.instrument, m, counters));
    const watches = typeof strategy.onBook === 'function' || typeof strategy.onTrade === 'function';
    for (const slot of this.slots) {
      if (this.slotById.has(slot.id)) throw new Error(`instrument ${slot.id} is in the run twice`);
      this.slotById.set(slot.id, slot);
      slot.subscribed = slot.index === 0 || strategy.markets === 'all';
      slot.observed = slot.subscribed && watches;
    }
    this.account = new Account(specs.map((m) => m.instrument), config.startingCash);
    if (config.startingPosition) this.account.carryPosition(config.startingPosition.lots, config.startingPosition.costBasis);
    this.marks = this.slots.map(() => undefined);
    this.params = config.params;
    this.modelRng = new SeededRandom(config.seed);
    this.ctx = makeContext(this, new SeededRandom(config.seed + 0x9e3779b1), log);
  }

  // ---- the strategy's context ------------------------------------------------------------------

  clock(): bigint {
    return this.strategyNow;
  }

  position(slot: MarketSlot): number {
    return this.account.holdings[slot.index].lots;
  }

  cash(): string {
    return this.account.cash.toFixed();
  }

  /**
   * Copies of the open orders. Strategies ask for them on every event, and the copies change only
   * when an order does: they are made once per change (frozen, so that no caller can alter what
   * the next one reads) and each call gets its own array of them.
   */
  openOrders(slot: MarketSlot | undefined): OrderView[] {
    if (this.openCopiesOf !== this.orderChanges) {
      this.openCopiesOf = this.orderChanges;
      this.openCopies.length = 0;
      this.openSlots.length = 0;
      for (const o of this.live.values()) {
        this.openCopies.push(Object.freeze(Object.assign({}, o.view)));
        this.openSlots.push(o.slot);
      }
    }
    const all = this.openCopies;
    if (slot === undefined) return all.slice();
    const out: OrderView[] = [];
    for (let i = 0; i < all.length; i++) if (this.openSlots[i] === slot) out.push(all[i]);
    return out;
  }

  setTimer(at: bigint, name: string): void {
    this.schedule(at > this.strategyNow ? at : this.strategyNow, () => {
      if (at > this.strategyNow) this.strategyNow = at;
      this.strategy.onTimer?.(this.ctx, name);
    }, true);
  }

  cancel(clientId: string): void {
    const slot = this.slotOfOrder(clientId);
    this.afterEntryLatency(slot, (at) => slot.venue.cancel(clientId, at));
  }

  replace(clientId: string, changes: { qty?: number; limit?: number }): void {
    const slot = this.slotOfOrder(clientId);
    this.afterEntryLatency(slot, (at) => slot.venue.replace(clientId, changes, at));
  }

  /** The venue that knows an order; an id nobody knows goes to the first, which answers unknown_order. */
  private slotOfOrder(clientId: string): MarketSlot {
    return this.orders.get(clientId)?.slot ?? this.slots[0];
  }

  // ---- orders ----------------------------------------------------------------------------------

  submit(o: NewOrder, given: MarketSlot | undefined): string {
    const clientId = o.clientId ?? `o${++this.idSeq}`;
    if (this.orders.has(clientId)) return clientId; // idempotent: the first order stands
    const named = o.instrument;
    const slot = given ?? (named === undefined ? this.slots[0] : this.slotById.get(named));
    const req = requestOf(o, clientId);
    const instrument = slot?.id ?? String(named);
    const view: OrderView = { clientId, instrument, side: req.side, type: req.type, tif: req.tif, qty: req.qty, filled: 0, limit: req.limit, stop: req.stop, status: 'pending' };
    this.orders.set(clientId, { view, req, slot });
    const reason = slot === undefined ? RejectReason.UnknownInstrument : this.riskCheck(req, slot, clientId);
    if (reason) {
      view.status = 'rejected';
      this.rejects.push({ clientId, reason, ts: this.strategyNow });
      // The refusal is local and immediate, but still reaches the strategy as an update.
      this.schedule(this.strategyNow, () => this.strategy.onOrderUpdate?.(this.ctx, { clientId, instrument, status: 'rejected', reason, filled: 0, remaining: req.qty }));
      return clientId;
    }
    this.live.set(clientId, this.orders.get(clientId)!);
    this.orderChanges++;
    let arrival = this.entryTime(slot!);
    const entry = arrival - this.strategyNow;
    if (!slot!.session.isOpen(arrival)) arrival = slot!.session.nextOpen(arrival);
    slot!.lastEntry = arrival;
    const order: VenueOrder = {
      // From the venue, which also numbers the orders it places itself (bracket children).
      id: slot!.venue.nextOrderId(),
      req,
      status: 'pending',
      filled: 0,
      armed: true,
      entryLatencyNs: entry,
      notionalSoFar: ZERO,
      unitsSoFar: ZERO,
    };
    if (slot!.index > 0) order.market = slot!.index;
    this.venueOrders.push(order);
    this.schedule(arrival, () => {
      order.arrivalMid = slot!.exactMid();
      slot!.venue.arrive(order, arrival);
      this.scheduleExpiry(slot!, order, arrival);
      this.flushReports(slot!);
    });
    return clientId;
  }

  private riskCheck(req: OrderRequest, slot: MarketSlot, clientId: string): RejectReason | undefined {
    const book = slot.book.current();
    const price = req.limit ?? (req.side === 'buy' ? book.bestAsk() : book.bestBid());
    const several = this.slots.length > 1;
    if (several) for (let i = 0; i < this.slots.length; i++) this.marks[i] = this.slots[i].mark();
    return checkOrder(req, slot.risk, {
      account: this.account,
      priceTicks: price,
      markTicks: slot.mark(),
      openSameSide: this.openLots(slot, req.side, clientId),
      market: slot.index,
      marks: several ? this.marks : undefined,
    });
  }

  private scheduleExpiry(slot: MarketSlot, order: VenueOrder, arrival: bigint): void {
    const r = order.req;
    if (r.tif === 'IOC' || r.tif === 'FOK' || !isOpenStatus(order.status)) return;
    let at = r.tif === 'DAY' ? slot.session.dayEnd(arrival) : r.tif === 'GTD' && r.expireAt !== undefined ? r.expireAt : arrival + this.config.gtcLifetimeNs;
    // An expiry already past when the order arrives takes effect on arrival, not back in time.
    if (at < arrival) at = arrival;
    order.expireAt = at;
    this.schedule(at, () => {
      slot.venue.expire(r.clientId, at);
      this.flushReports(slot);
    }, true);
  }

  /**
   * When a message sent now reaches the venue: after the entry latency, and never before an
   * earlier message on the instrument's session (one order-entry session delivers in order, so
   * a cancel cannot overtake the order it cancels).
   */
  private entryTime(slot: MarketSlot): bigint {
    const at = this.strategyNow + this.config.latency.entryNs(this.modelRng);
    return at > slot.lastEntry ? at : slot.lastEntry;
  }

  private afterEntryLatency(slot: MarketSlot, action: (at: bigint) => void): void {
    const at = this.entryTime(slot);
    slot.lastEntry = at;
    this.schedule(at, () => {
      action(at);
      this.flushReports(slot);
    });
  }

  private openLots(slot: MarketSlot, side: 'buy' | 'sell', except: string): number {
    let n = 0;
    for (const o of this.live.values()) {
      if (o.slot === slot && o.view.clientId !== except && o.view.side === side && isOpenStatus(o.view.status)) n += o.view.qty - o.view.filled;
    }
    return n;
  }

  /** Sends an instrument's venue reports back to the strategy after response latency. */
  protected flushReports(slot: MarketSlot): void {
    const reports = slot.venue.reports.splice(0);
    for (const r of reports) {
      // Reports come back over one session, in the order the venue sent them.
      let at = r.ts + this.config.latency.responseNs(this.modelRng);
      if (at < slot.lastReport) at = slot.lastReport;
      slot.lastReport = at;
      // A fill is recorded as delivered now, in the venue's order; the account and the strategy learn of it at `at`.
      // (Object.assign, not a spread: the same copy, many times faster in V8.)
      const delivered: DeliveredFill | undefined = r.type === 'fill' ? Object.assign({}, r.fill, { tsDelivered: at, responseLatencyNs: at - r.ts, market: slot.index }) : undefined;
      if (delivered) this.fills.push(delivered);
      this.schedule(at, () => this.deliverReport(r, at, slot, delivered));
    }
  }

  /** Every scheduled item goes through here, so that one due before the clock is noticed. */
  protected schedule(at: bigint, run: () => void, lapses = false): void {
    if (at < this.now) this.overdue = true;
    this.scheduler.at(at, run, lapses);
  }

  private deliverReport(r: VenueReport, at: bigint, slot: MarketSlot, delivered: DeliveredFill | undefined): void {
    if (at > this.strategyNow) this.strategyNow = at;
    if (r.type === 'cancel_rejected') {
      this.rejects.push({ clientId: r.clientId, reason: r.reason, ts: r.ts });
      return;
    }
    const known = this.orders.get(r.order.req.clientId) ?? this.adopt(r.order, slot);
    const v = known.view;
    this.orderChanges++;
    if (r.type === 'fill') {
      const f = r.fill;
      this.account.applyFill(f.side, f.price, f.qty, new Decimal(f.fee), slot.index);
      this.config.onFill?.(delivered!);
      v.filled += f.qty;
      v.status = v.filled >= v.qty ? 'filled' : 'partially_filled';
      this.strategy.onFill?.(this.ctx, { clientId: f.clientId, instrument: slot.id, side: f.side, price: f.price, qty: f.qty, liquidity: f.liquidity, fee: f.fee });
    } else {
      v.status = r.type === 'accepted' ? (v.filled > 0 ? 'partially_filled' : r.order.status === 'triggered_wait' ? 'triggered_wait' : 'open') : r.type === 'rejected' ? 'rejected' : r.type === 'expired' ? 'expired' : 'cancelled';
      v.qty = r.order.req.qty;
      v.limit = r.order.req.limit;
      if (r.type === 'rejected') this.rejects.push({ clientId: v.clientId, reason: r.reason, ts: r.ts });
    }
    if (isOpenStatus(v.status)) this.live.set(v.clientId, known);
    else this.live.delete(v.clientId);
    // Again: onFill above may have asked for copies while the order was still among the open ones.
    this.orderChanges++;
    this.strategy.onOrderUpdate?.(this.ctx, {
      clientId: v.clientId,
      instrument: slot.id,
      status: v.status,
      reason: r.type === 'rejected' || r.type === 'cancelled' ? r.reason : undefined,
      filled: v.filled,
      remaining: v.qty - v.filled,
    });
  }

  /** Orders the venue made itself (bracket children) become known on their first report. */
  private adopt(order: VenueOrder, slot: MarketSlot): StrategyOrder {
    const req = order.req;
    const view: OrderView = { clientId: req.clientId, instrument: slot.id, side: req.side, type: req.type, tif: req.tif, qty: req.qty, filled: 0, limit: req.limit, stop: req.stop, status: 'open' };
    const so = { view, req, slot };
    this.orders.set(req.clientId, so);
    if (slot.index > 0) order.market = slot.index;
    if (!this.venueOrders.includes(order)) this.venueOrders.push(order);
    return so;
  }
}
