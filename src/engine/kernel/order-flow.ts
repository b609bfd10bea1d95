import { RejectReason } from '../model/orders.js';
import { Account } from '../portfolio/account.js';
import { SeededRandom } from '../random/seeded-random.js';
import type { VenueCounters } from '../exchange/venue.js';
import { isOpenStatus, type VenueOrder, type VenueReport } from '../exchange/venue-types.js';
import { newVenueOrder } from '../exchange/venue-order.js';
import type { NewOrder, OrderUpdate, OrderView, Strategy, StrategyContext } from '../strategy.js';
import type { DeliveredFill, KernelConfig, RunResult, StrategyOrder } from './kernel-types.js';
import { MarketSlot, type MarketConfig } from './market-slot.js';
import { OpenOrders } from './open-orders.js';
import { OrdersById } from './orders-by-id.js';
import { PreTradeGate } from './pre-trade-gate.js';
import { RepeatedDecimal } from './repeated-decimal.js';
import { expiryTime, requestOf, strategyOrder } from './order-records.js';
import { Scheduler, type Scheduled, type TaskRunner } from './scheduler.js';
import { makeContext, type ContextHost } from './strategy-context.js';

/** What the order side schedules, as tasks (see runTask): no closure is made for any of these. */
const enum Task {
  /** a: the StrategyOrder whose venue order reaches the venue. */
  Arrive,
  /** a: the StrategyOrder whose venue order expires. */
  Expire,
  /** a: the client id to cancel, b: its MarketSlot. */
  Cancel,
  /** a: a VenueReport other than a fill, b: its MarketSlot: back at the strategy. */
  Report,
  /** a: the timer's name, b: the time asked for. */
  Timer,
  /** a: the update telling the strategy that the pre-trade check refused its order. */
  Refused,
  /** a: a fill's VenueReport, b: the DeliveredFill recorded for it (its `market` is the instrument's place). */
  Fill,
}

/**
 * The kernel's order side: the instruments of the run (one MarketSlot each), the account, and the
 * strategy's orders from submission (risk checks, entry latency, the trading session) through
 * the venue's reports back (response latency) to the strategy's callbacks. The event loop that
 * drives it, the Kernel, extends it through FeedDelivery (market data on its way to the strategy).
 */
export abstract class OrderFlow implements ContextHost, TaskRunner {
  readonly account: Account;
  readonly slots: readonly MarketSlot[];
  readonly params: Readonly<Record<string, unknown>>;
  protected readonly slotById = new Map<string, MarketSlot>();
  protected readonly scheduler = new Scheduler();
  protected readonly modelRng: SeededRandom;
  /** Feed latency a constant 0: the strategy is called as each event is processed, not once the clock moves on. */
  protected readonly sharedBook: boolean;
  protected readonly ctx: StrategyContext;
  protected readonly orders = new OrdersById();
  /** The strategy's orders not yet in a final state, and the copies of them it reads. */
  private readonly open = new OpenOrders();
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
  /** The strategy named an order's client id itself: a generated one may then be taken already. */
  private namedIds = false;
  private readonly preTrade: PreTradeGate;
  /** The strategy's orders by the venue's order id (ids are small, sequential numbers): reports find them without a lookup by client id. */
  private readonly byOrderId: (StrategyOrder | undefined)[] = [];
  /** Fills' fee text as decimals, parsed once while it repeats. */
  private readonly fees = new RepeatedDecimal();

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
    this.preTrade = new PreTradeGate(this.account, this.slots, this.open, this.marks);
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

  openOrders(slot: MarketSlot | undefined): OrderView[] {
    // A run of one instrument: its orders are all there are.
    return this.open.list(slot, this.slots.length === 1);
  }

  openOrder(clientId: string): OrderView | undefined {
    const o = this.orders.recent(clientId);
    return o === undefined ? undefined : this.open.copyIfOpen(o);
  }

  isOpen(clientId: string): boolean {
    const o = this.orders.recent(clientId);
    return o !== undefined && o.liveAt >= 0;
  }

  abstract marketDataCalls(on: boolean): void;

  /**
   * The strategy is about to send something (an order, a cancel, a replace, a timer): the venue
   * must first have processed every event at the clock's time, as it has when the strategy is
   * shown a run of events at one time only once the clock moves on (see Kernel.runInStep).
   */
  protected abstract catchUpVenue(): void;

  setTimer(at: bigint, name: string): void {
    this.catchUpVenue();
    this.scheduleTask(at > this.strategyNow ? at : this.strategyNow, Task.Timer, name, at, true);
  }

  cancel(clientId: string): void {
    this.catchUpVenue();
    const slot = this.slotOfOrder(clientId);
    this.scheduleTask(this.sendTime(slot), Task.Cancel, clientId, slot);
  }

  replace(clientId: string, changes: { qty?: number; limit?: number }): void {
    this.catchUpVenue();
    const slot = this.slotOfOrder(clientId);
    const at = this.sendTime(slot);
    this.schedule(at, () => {
      slot.venue.replace(clientId, changes, at);
      this.flushReports(slot);
    });
  }

  /** Runs what the order side scheduled as a task, at `time`. */
  runTask(kind: number, a: unknown, b: unknown, time: bigint): void {
    switch (kind as Task) {
      case Task.Arrive:
        return this.arrive(a as StrategyOrder, time);
      case Task.Expire: {
        const so = a as StrategyOrder;
        so.expiry = undefined;
        so.slot!.venue.expire(so.req.clientId, time);
        return this.flushReports(so.slot!);
      }
      case Task.Cancel: {
        const slot = b as MarketSlot;
        slot.venue.cancel(a as string, time);
        return this.flushReports(slot);
      }
      case Task.Report: {
        const slot = b as MarketSlot;
        this.deliverReport(a as VenueReport, time, slot, undefined);
        // Delivered: nothing keeps a report, and its venue may fill it again.
        return slot.venue.releaseReport(a as VenueReport);
      }
      case Task.Timer:
        if ((b as bigint) > this.strategyNow) this.strategyNow = b as bigint;
        this.strategy.onTimer?.(this.ctx, a as string);
        return;
      case Task.Refused:
        this.strategy.onOrderUpdate?.(this.ctx, a as OrderUpdate);
        return;
      case Task.Fill: {
        const delivered = b as DeliveredFill;
        const slot = this.slots[delivered.market ?? 0];
        this.deliverReport(a as VenueReport, time, slot, delivered);
        return slot.venue.releaseReport(a as VenueReport);
      }
    }
  }

  /** The venue that knows an order; an id nobody knows goes to the first, which answers unknown_order. */
  private slotOfOrder(clientId: string): MarketSlot {
    if (this.slots.length === 1) return this.slots[0];
    const m = this.orders.market(clientId);
    return this.slots[m > 0 ? m : 0];
  }

  // ---- orders ----------------------------------------------------------------------------------

  submit(o: NewOrder, given: MarketSlot | undefined): string {
    this.catchUpVenue();
    let clientId = o.clientId;
    let generated = 0;
    if (clientId === undefined) {
      // A generated id passes over ids the strategy has named ('o2' named, then o1, o3): an
      // order sent without an id is always sent. (The venue's own orders have a ':' in theirs.)
      do clientId = `o${(generated = this.orders.next())}`;
      while (this.namedIds && this.orders.taken(clientId));
    } else {
      this.namedIds = true;
      // Idempotent: the first order of a named id stands; a second is the same id back.
      if (this.orders.taken(clientId)) return clientId;
    }
    const named = o.instrument;
    const slot = given ?? (named === undefined ? this.slots[0] : this.slotById.get(named));
    const instrument = slot?.id ?? String(named);
    // The risk check reads the order as sent (a request has the same fields): an order it
    // refuses, nearly a third of a market maker's when it cannot sell short, makes no request
    // or record of its own.
    const reason = slot === undefined ? RejectReason.UnknownInstrument : this.preTrade.check(o, slot, clientId);
    if (reason) {
      // Its id is taken all the same, and a cancel of it goes to its instrument's venue.
      if (generated > 0) this.orders.reserve(generated, slot?.index ?? 0);
      else this.orders.set(strategyOrder(clientId, instrument, requestOf(o, clientId), slot, 'rejected'), 0);
      this.rejects.push({ clientId, reason, ts: this.strategyNow });
      // The refusal is local and immediate, but still reaches the strategy as an update.
      const update: OrderUpdate = { clientId, instrument, status: 'rejected', reason, filled: 0, remaining: o.qty };
      this.scheduleTask(this.strategyNow, Task.Refused, update, undefined);
      return clientId;
    }
    const req = requestOf(o, clientId);
    const so = strategyOrder(clientId, instrument, req, slot, 'pending');
    this.orders.set(so, generated);
    this.open.add(so);
    let arrival = this.entryTime(slot!);
    // (Each BigInt result is a heap allocation: none is made for the usual zero latency.)
    const entry = arrival === this.strategyNow ? 0n : arrival - this.strategyNow;
    if (!slot!.session.isOpen(arrival)) arrival = slot!.session.nextOpen(arrival);
    slot!.lastEntry = arrival;
    // Numbered by the venue, which also numbers the orders it places itself (bracket children).
    const order = newVenueOrder(slot!.venue.nextOrderId(), req, entry, slot!.index > 0 ? slot!.index : undefined);
    so.order = order;
    this.byOrderId[order.id] = so;
    this.venueOrders.push(order);
    this.scheduleTask(arrival, Task.Arrive, so, undefined);
    return clientId;
  }

  /** An order sent by the strategy reaches its venue. */
  private arrive(so: StrategyOrder, arrival: bigint): void {
    const slot = so.slot!;
    const order = so.order!;
    order.arrivalMid = slot.exactMid();
    slot.venue.arrive(order, arrival);
    this.scheduleExpiry(so, arrival);
    this.flushReports(slot);
  }

  /**
   * An order resting after its arrival expires in time (GTC after the run's lifetime). The expiry
   * is taken back once the order is final (see flushReports): by then it would do nothing.
   */
  private scheduleExpiry(so: StrategyOrder, arrival: bigint): void {
    const order = so.order!;
    const r = order.req;
    if (r.tif === 'IOC' || r.tif === 'FOK' || !isOpenStatus(order.status)) return;
    order.expireAt = expiryTime(r, arrival, so.slot!.session, this.config.gtcLifetimeNs);
    so.expiry = this.scheduleTask(order.expireAt, Task.Expire, so, undefined, true);
    so.expirySeq = so.expiry.seq;
  }

  /**
   * When a message sent now reaches the venue: after the entry latency, and never before an
   * earlier message on the instrument's session (one order-entry session delivers in order, so
   * a cancel cannot overtake the order it cancels).
   */
  private entryTime(slot: MarketSlot): bigint {
    const d = this.config.latency.entryNs(this.modelRng);
    const at = d === 0n ? this.strategyNow : this.strategyNow + d;
    return at > slot.lastEntry ? at : slot.lastEntry;
  }

  /** A message sent now on the instrument's session: when it reaches the venue (see entryTime). */
  private sendTime(slot: MarketSlot): bigint {
    const at = this.entryTime(slot);
    slot.lastEntry = at;
    return at;
  }

  /** Sends an instrument's venue reports back to the strategy after response latency. */
  protected flushReports(slot: MarketSlot): void {
    const reports = slot.venue.reports;
    const n = reports.length;
    for (let i = 0; i < n; i++) {
      const r = reports[i];
      // Reports come back over one session, in the order the venue sent them.
      const d = this.config.latency.responseNs(this.modelRng);
      let at = d === 0n ? r.ts : r.ts + d;
      if (at < slot.lastReport) at = slot.lastReport;
      slot.lastReport = at;
      if (r.type === 'cancel_rejected') {
        this.scheduleTask(at, Task.Report, r, slot);
        continue;
      }
      // An order now final cannot expire: its expiry is taken back.
      if (!isOpenStatus(r.order.status)) this.dropExpiry(r.order);
      if (r.type !== 'fill') {
        this.scheduleTask(at, Task.Report, r, slot);
        continue;
      }
      // A fill is recorded as delivered now, in the venue's order; the account and the strategy learn of it at `at`.
      // (Object.assign, not a spread: the same copy, many times faster in V8.)
      const delivered: DeliveredFill = Object.assign({}, r.fill, { tsDelivered: at, responseLatencyNs: at - r.ts, market: slot.index });
      this.fills.push(delivered);
      // A task, not a closure: a closure here would make every pass of the loop allocate the
      // scope it captures (r, at), fill or not.
      this.scheduleTask(at, Task.Fill, r, delivered);
    }
    // Nothing above runs a report, so none was added while they were read. Emptied by pops, not
    // `length = 0`, which gives up the array's storage (a runtime call, and a new store at the
    // next push: ~50 ns a flush, measured).
    for (let i = 0; i < n; i++) reports.pop();
  }

  private dropExpiry(order: VenueOrder): void {
    const so = this.byOrderId[order.id];
    if (so?.expiry === undefined || so.order !== order) return;
    this.scheduler.cancel(so.expiry, so.expirySeq);
    so.expiry = undefined;
  }

  /** Every scheduled item goes through here, so that one due before the clock is noticed. */
  protected schedule(at: bigint, run: () => void, lapses = false): void {
    if (at < this.now) this.overdue = true;
    this.scheduler.at(at, run, lapses);
  }

  private scheduleTask(at: bigint, kind: Task, a: unknown, b: unknown, lapses = false): Scheduled {
    if (at < this.now) this.overdue = true;
    return this.scheduler.task(at, this, kind, a, b, lapses);
  }

  private deliverReport(r: VenueReport, at: bigint, slot: MarketSlot, delivered: DeliveredFill | undefined): void {
    if (at > this.strategyNow) this.strategyNow = at;
    if (r.type === 'cancel_rejected') {
      this.rejects.push({ clientId: r.clientId, reason: r.reason, ts: r.ts });
      return;
    }
    const o = this.byOrderId[r.order.id];
    const v = o !== undefined && o.order === r.order ? o : (this.orders.get(r.order.req.clientId) ?? this.adopt(r.order, slot));
    this.open.touch(v);
    if (r.type === 'fill') {
      const f = r.fill;
      this.account.applyFill(f.side, f.price, f.qty, this.fees.of(f.fee), slot.index);
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
    // Again: onFill above may have asked for copies while the order was still among the open ones.
    this.open.settle(v);
    if (v.liveAt < 0) {
      // Final: no report of this order comes after this one (the venue reports only open orders).
      this.orders.release(v);
      if (v.order !== undefined) this.byOrderId[v.order.id] = undefined;
    }
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
    const so = strategyOrder(req.clientId, slot.id, req, slot, 'open');
    this.orders.set(so, 0);
    if (slot.index > 0) order.market = slot.index;
    if (!this.venueOrders.includes(order)) this.venueOrders.push(order);
    return so;
  }
}
