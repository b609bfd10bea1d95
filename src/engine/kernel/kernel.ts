import { Decimal } from 'decimal.js';
import { L2Book } from '../book/l2-book.js';
import { EventKind, type MarketEvent } from '../model/events.js';
import type { Instrument } from '../model/instrument.js';
import { RejectReason, type OrderRequest } from '../model/orders.js';
import { Account } from '../portfolio/account.js';
import { SeededRandom } from '../random/seeded-random.js';
import { checkOrder, type RiskConfig } from '../risk/pre-trade.js';
import type { TradingSession } from '../risk/sessions.js';
import type { LatencyModel } from '../exchange/models.js';
import { SimulatedVenue, type VenueModels } from '../exchange/venue.js';
import { isOpenStatus, type FillRecord, type VenueOrder, type VenueReport } from '../exchange/venue-types.js';
import type { NewOrder, OrderView, Strategy, StrategyContext } from '../strategy.js';
import { Scheduler } from './scheduler.js';

export interface KernelConfig {
  instrument: Instrument;
  models: VenueModels;
  latency: LatencyModel;
  /** Feed latency: from the data (ts_local - ts_exch, never below 0), or a constant. */
  feedLatency: { kind: 'data' } | { kind: 'constant'; ns: bigint };
  risk: RiskConfig;
  session: TradingSession;
  startingCash: string;
  seed: number;
  params: Record<string, unknown>;
  /** Equity is sampled at this interval of data time for the KPIs. */
  navIntervalNs: bigint;
  /** GTC orders expire after this long. */
  gtcLifetimeNs: bigint;
  /** A position carried in from earlier trading (a persistent account), in lots and its cost. */
  startingPosition?: { lots: number; costBasis: string };
  /** Called as each fill reaches the account, in order: where a paper account persists it. */
  onFill?: (fill: DeliveredFill) => void;
}

export interface NavPoint {
  ts: bigint;
  equity: string;
}

/** A fill as delivered: the venue's record plus when the strategy learned of it. */
export interface DeliveredFill extends FillRecord {
  tsDelivered: bigint;
  responseLatencyNs: bigint;
}

export interface RunResult {
  account: Account;
  fills: DeliveredFill[];
  orders: VenueOrder[];
  rejects: { clientId: string; reason: RejectReason; ts: bigint }[];
  nav: NavPoint[];
  marketEvents: number;
  lastMark: number | undefined;
  firstTs: bigint | undefined;
  lastTs: bigint | undefined;
}

interface StrategyOrder {
  view: OrderView;
  req: OrderRequest;
}

/**
 * The event loop. It merges market data (at exchange time, for the venue), deliveries of that
 * data to the strategy (after feed latency), order arrivals (after entry latency), reports back
 * (after response latency) and timers, all on one clock, with a stable tie-break. Everything it
 * needs comes in through the config: it has no clock or randomness of its own.
 *
 * Market data is pushed in batches (`onBatch`), so the same kernel serves a file replay and a
 * live feed; `finish` drains what is still in flight.
 */
export class Kernel {
  readonly venue: SimulatedVenue;
  readonly account: Account;
  private readonly scheduler = new Scheduler();
  private readonly modelRng: SeededRandom;
  private readonly strategyBook: L2Book;
  private readonly sharedBook: boolean;
  private readonly ctx: StrategyContext;
  private readonly orders = new Map<string, StrategyOrder>();
  /** The strategy's orders not yet in a final state: kept apart so lookups stay O(open). */
  private readonly live = new Map<string, StrategyOrder>();
  private readonly venueOrders: VenueOrder[] = [];
  private readonly fills: DeliveredFill[] = [];
  private readonly rejects: RunResult['rejects'] = [];
  private readonly nav: NavPoint[] = [];
  private now = 0n;
  private strategyNow = 0n;
  private lastDelivery = 0n;
  /** Market events on their way to the strategy, with their delivery times. */
  private readonly feedEvents: MarketEvent[] = [];
  private readonly feedTimes: bigint[] = [];
  private feedHead = 0;
  /** Latest arrival at the venue and latest report delivery: each direction is one ordered session. */
  private lastEntry = 0n;
  private lastReport = 0n;
  private nextNav: bigint | undefined;
  private marketEvents = 0;
  private firstTs: bigint | undefined;
  private idSeq = 0;
  private started = false;

  constructor(
    readonly config: KernelConfig,
    readonly strategy: Strategy,
    log: (message: string) => void = () => {},
  ) {
    this.venue = new SimulatedVenue(config.instrument, config.models);
    this.account = new Account(config.instrument, config.startingCash);
    if (config.startingPosition) this.account.carryPosition(config.startingPosition.lots, config.startingPosition.costBasis);
    this.modelRng = new SeededRandom(config.seed);
    this.sharedBook = config.feedLatency.kind === 'constant' && config.feedLatency.ns === 0n;
    this.strategyBook = this.sharedBook ? this.venue.book : new L2Book();
    this.ctx = this.makeContext(new SeededRandom(config.seed + 0x9e3779b1), log);
  }

  onBatch(batch: readonly MarketEvent[]): void {
    for (let i = 0; i < batch.length; i++) this.onMarket(batch[i]);
  }

  /**
   * Market history from before the run begins (a walk-forward window that starts mid-recording):
   * the venue's book, order-level queue state and trade statistics and the strategy's book take
   * it in, so the run starts from the market as it stood rather than from an empty book. The
   * strategy is not started, sees none of it, and it is not counted among the run's events.
   */
  warmUp(batch: readonly MarketEvent[]): void {
    if (this.started) throw new Error('warmUp must come before the run starts');
    for (let i = 0; i < batch.length; i++) {
      const e = batch[i];
      this.venue.onMarket(e, e.tsExch);
      if (!this.sharedBook) this.strategyBook.apply(e);
    }
  }

  /**
   * Lets time pass to `t` with no market data. Before any data it starts the strategy at `t`
   * (call it only with a time at or before the first event): what the strategy schedules
   * before the data begins then happens then, against an empty book, instead of after the
   * first event. After the data it runs everything due up to and including `t`, so timers
   * between the last event and `t` fire instead of lapsing. A time behind the clock does nothing.
   */
  advanceTo(t: bigint): void {
    if (!this.started) {
      this.started = true;
      this.now = t;
      this.strategyNow = t;
      this.strategy.onStart?.(this.ctx);
      return;
    }
    if (t <= this.now) return;
    this.runDueBefore(t + 1n);
    this.now = t;
  }

  finish(): RunResult {
    if (!this.started) {
      this.started = true;
      this.strategy.onStart?.(this.ctx);
    }
    // Deliver everything in flight; timers and expiries past the data lapse.
    this.drain(false);
    this.strategyNow = this.now > this.strategyNow ? this.now : this.strategyNow;
    this.strategy.onEnd?.(this.ctx);
    // Orders the strategy sent in onEnd still reach the venue and report back.
    this.drain(true);
    this.sampleNav(this.now, true);
    return {
      account: this.account,
      fills: this.fills,
      orders: this.venueOrders,
      rejects: this.rejects,
      nav: this.nav,
      marketEvents: this.marketEvents,
      lastMark: this.mark(),
      firstTs: this.firstTs,
      lastTs: this.firstTs === undefined ? undefined : this.now,
    };
  }

  // ---- the loop ------------------------------------------------------------------------------

  private onMarket(e: MarketEvent): void {
    this.marketEvents++;
    const t = e.tsExch > this.now ? e.tsExch : this.now;
    if (this.firstTs === undefined) {
      this.firstTs = t;
      this.nextNav = t;
    }
    if (!this.started) {
      // The strategy starts at the time of the first data, not at the epoch.
      this.started = true;
      this.now = t;
      this.strategyNow = t;
      this.strategy.onStart?.(this.ctx);
    }
    this.runDueBefore(t);
    this.now = t;
    this.venue.onMarket(e, t);
    if (this.venue.reports.length > 0) this.flushReports();
    if (this.sharedBook) {
      this.strategyNow = t;
      this.deliverMarket(e);
    } else {
      let at = this.feedTime(e, t);
      if (at < this.lastDelivery) at = this.lastDelivery; // a feed arrives in order
      this.lastDelivery = at;
      this.feedEvents.push(e);
      this.feedTimes.push(at);
    }
    if (this.nextNav !== undefined && t >= this.nextNav) this.sampleNav(t, false);
  }

  /** Runs everything due before t: feed deliveries and scheduled items, in time order. */
  private runDueBefore(t: bigint): void {
    for (;;) {
      const ft = this.feedHead < this.feedTimes.length ? this.feedTimes[this.feedHead] : undefined;
      const ht = this.scheduler.peekTime();
      // At equal times the feed goes first: the data was on the wire before what it caused.
      if (ft !== undefined && ft < t && (ht === undefined || ft <= ht)) this.deliverFeed();
      else if (ht !== undefined && ht < t) {
        const item = this.scheduler.pop()!;
        if (item.time > this.now) this.now = item.time;
        item.run();
      } else return;
    }
  }

  /** Runs everything still pending; lapsing items (timers, expiries) past the data are dropped. */
  private drain(lapseAll: boolean): void {
    for (;;) {
      const ft = this.feedHead < this.feedTimes.length ? this.feedTimes[this.feedHead] : undefined;
      const ht = this.scheduler.peekTime();
      if (ft === undefined && ht === undefined) return;
      if (ft !== undefined && (ht === undefined || ft <= ht)) {
        this.deliverFeed();
        continue;
      }
      const item = this.scheduler.pop()!;
      if (item.lapses && (lapseAll || item.time > this.now)) continue;
      if (item.time > this.now) this.now = item.time;
      item.run();
    }
  }

  /** The next market event reaches the strategy (feed latency is monotone: a plain FIFO). */
  private deliverFeed(): void {
    const e = this.feedEvents[this.feedHead];
    const at = this.feedTimes[this.feedHead];
    this.feedHead++;
    if (this.feedHead >= 4096 && this.feedHead * 2 >= this.feedTimes.length) {
      this.feedEvents.splice(0, this.feedHead);
      this.feedTimes.splice(0, this.feedHead);
      this.feedHead = 0;
    }
    if (at > this.now) this.now = at;
    this.strategyNow = at;
    this.strategyBook.apply(e);
    this.deliverMarket(e);
  }

  /**
   * When the event reaches the strategy: t plus the feed latency. Exact BigInt nanoseconds, but
   * without BigInt arithmetic in the usual cases (a BigInt result is a heap allocation per event):
   * no latency gives t itself, and data latency on an event the clock has not held back
   * (t === tsExch) gives its local time.
   */
  private feedTime(e: MarketEvent, t: bigint): bigint {
    const f = this.config.feedLatency;
    if (f.kind === 'constant') return f.ns === 0n ? t : t + f.ns;
    if (e.tsLocal <= e.tsExch) return t;
    return t === e.tsExch ? e.tsLocal : t + (e.tsLocal - e.tsExch);
  }

  private deliverMarket(e: MarketEvent): void {
    if (e.kind === EventKind.Trade) this.strategy.onTrade?.(this.ctx, e);
    else this.strategy.onBook?.(this.ctx, e);
  }

  private sampleNav(t: bigint, force: boolean): void {
    const mark = this.mark();
    if (mark === undefined && !force) return;
    this.nav.push({ ts: t, equity: this.account.equity(mark).toFixed() });
    const step = this.config.navIntervalNs;
    // Jump straight past t: stepping one interval at a time over a long gap in the data
    // (a night, with a millisecond interval) would take billions of iterations.
    if (this.nextNav !== undefined && this.nextNav <= t) this.nextNav += ((t - this.nextNav) / step + 1n) * step;
  }

  /** The mid in ticks, possibly half a tick: the slippage benchmark. */
  private exactMid(): number | undefined {
    const bid = this.venue.book.bestBid();
    const ask = this.venue.book.bestAsk();
    return bid !== undefined && ask !== undefined ? (bid + ask) / 2 : undefined;
  }

  private mark(): number | undefined {
    const bid = this.venue.book.bestBid();
    const ask = this.venue.book.bestAsk();
    if (bid !== undefined && ask !== undefined) return Math.round((bid + ask) / 2);
    return bid ?? ask ?? this.venue.lastTradePrice;
  }

  // ---- orders ----------------------------------------------------------------------------------

  private submit(o: NewOrder): string {
    const clientId = o.clientId ?? `o${++this.idSeq}`;
    if (this.orders.has(clientId)) return clientId; // idempotent: the first order stands
    const req: OrderRequest = { ...o, clientId, tif: o.tif ?? 'GTC' };
    const view: OrderView = { clientId, side: req.side, type: req.type, tif: req.tif, qty: req.qty, filled: 0, limit: req.limit, stop: req.stop, status: 'pending' };
    this.orders.set(clientId, { view, req });
    const price = req.limit ?? (req.side === 'buy' ? this.strategyBook.bestAsk() : this.strategyBook.bestBid());
    const reason = checkOrder(req, this.config.risk, {
      account: this.account,
      priceTicks: price,
      markTicks: this.mark(),
      openSameSide: this.openLots(req.side, clientId),
    });
    if (reason) {
      view.status = 'rejected';
      this.rejects.push({ clientId, reason, ts: this.strategyNow });
      // The refusal is local and immediate, but still reaches the strategy as an update.
      this.scheduler.at(this.strategyNow, () => this.strategy.onOrderUpdate?.(this.ctx, { clientId, status: 'rejected', reason, filled: 0, remaining: req.qty }));
      return clientId;
    }
    this.live.set(clientId, this.orders.get(clientId)!);
    let arrival = this.entryTime();
    const entry = arrival - this.strategyNow;
    if (!this.config.session.isOpen(arrival)) arrival = this.config.session.nextOpen(arrival);
    this.lastEntry = arrival;
    const order: VenueOrder = {
      // From the venue, which also numbers the orders it places itself (bracket children).
      id: this.venue.nextOrderId(),
      req,
      status: 'pending',
      filled: 0,
      armed: true,
      entryLatencyNs: entry,
      notionalSoFar: new Decimal(0),
      unitsSoFar: new Decimal(0),
    };
    this.venueOrders.push(order);
    this.scheduler.at(arrival, () => {
      order.arrivalMid = this.exactMid();
      this.venue.arrive(order, arrival);
      this.scheduleExpiry(order, arrival);
      this.flushReports();
    });
    return clientId;
  }

  private scheduleExpiry(order: VenueOrder, arrival: bigint): void {
    const r = order.req;
    if (r.tif === 'IOC' || r.tif === 'FOK' || !isOpenStatus(order.status)) return;
    let at =
      r.tif === 'DAY' ? this.config.session.dayEnd(arrival) : r.tif === 'GTD' && r.expireAt !== undefined ? r.expireAt : arrival + this.config.gtcLifetimeNs;
    // An expiry already past when the order arrives takes effect on arrival, not back in time.
    if (at < arrival) at = arrival;
    order.expireAt = at;
    this.scheduler.at(at, () => {
      this.venue.expire(r.clientId, at);
      this.flushReports();
    }, true);
  }

  /**
   * When a message sent now reaches the venue: after the entry latency, and never before an
   * earlier message (one order-entry session delivers in order, so a cancel cannot overtake
   * the order it cancels).
   */
  private entryTime(): bigint {
    const at = this.strategyNow + this.config.latency.entryNs(this.modelRng);
    return at > this.lastEntry ? at : this.lastEntry;
  }

  private afterEntryLatency(action: (at: bigint) => void): void {
    const at = this.entryTime();
    this.lastEntry = at;
    this.scheduler.at(at, () => {
      action(at);
      this.flushReports();
    });
  }

  private openLots(side: 'buy' | 'sell', except: string): number {
    let n = 0;
    for (const o of this.live.values()) {
      if (o.view.clientId !== except && o.view.side === side && isOpenStatus(o.view.status)) n += o.view.qty - o.view.filled;
    }
    return n;
  }

  /** Sends the venue's reports back to the strategy after response latency. */
  private flushReports(): void {
    const reports = this.venue.reports.splice(0);
    for (const r of reports) {
      // Reports come back over one session, in the order the venue sent them.
      let at = r.ts + this.config.latency.responseNs(this.modelRng);
      if (at < this.lastReport) at = this.lastReport;
      this.lastReport = at;
      const latency = at - r.ts;
      if (r.type === 'fill') {
        const delivered: DeliveredFill = { ...r.fill, tsDelivered: at, responseLatencyNs: latency };
        this.fills.push(delivered);
      }
      this.scheduler.at(at, () => this.deliverReport(r, at));
    }
  }

  private deliverReport(r: VenueReport, at: bigint): void {
    if (at > this.strategyNow) this.strategyNow = at;
    if (r.type === 'cancel_rejected') {
      this.rejects.push({ clientId: r.clientId, reason: r.reason, ts: r.ts });
      return;
    }
    const known = this.orders.get(r.order.req.clientId) ?? this.adopt(r.order);
    const v = known.view;
    if (r.type === 'fill') {
      const f = r.fill;
      this.account.applyFill(f.side, f.price, f.qty, new Decimal(f.fee));
      this.config.onFill?.({ ...f, tsDelivered: at, responseLatencyNs: at - r.ts });
      v.filled += f.qty;
      v.status = v.filled >= v.qty ? 'filled' : 'partially_filled';
      this.strategy.onFill?.(this.ctx, { clientId: f.clientId, side: f.side, price: f.price, qty: f.qty, liquidity: f.liquidity, fee: f.fee });
    } else {
      v.status = r.type === 'accepted' ? (v.filled > 0 ? 'partially_filled' : r.order.status === 'triggered_wait' ? 'triggered_wait' : 'open') : r.type === 'rejected' ? 'rejected' : r.type === 'expired' ? 'expired' : 'cancelled';
      v.qty = r.order.req.qty;
      v.limit = r.order.req.limit;
      if (r.type === 'rejected') this.rejects.push({ clientId: v.clientId, reason: r.reason, ts: r.ts });
    }
    if (isOpenStatus(v.status)) this.live.set(v.clientId, known);
    else this.live.delete(v.clientId);
    this.strategy.onOrderUpdate?.(this.ctx, {
      clientId: v.clientId,
      status: v.status,
      reason: r.type === 'rejected' || r.type === 'cancelled' ? r.reason : undefined,
      filled: v.filled,
      remaining: v.qty - v.filled,
    });
  }

  /** Orders the venue made itself (bracket children) become known on their first report. */
  private adopt(order: VenueOrder): StrategyOrder {
    const req = order.req;
    const view: OrderView = { clientId: req.clientId, side: req.side, type: req.type, tif: req.tif, qty: req.qty, filled: 0, limit: req.limit, stop: req.stop, status: 'open' };
    const so = { view, req };
    this.orders.set(req.clientId, so);
    if (!this.venueOrders.includes(order)) this.venueOrders.push(order);
    return so;
  }

  private makeContext(random: SeededRandom, log: (m: string) => void): StrategyContext {
    const book = this.strategyBook;
    return {
      instrument: this.config.instrument,
      book: { bestBid: () => book.bestBid(), bestAsk: () => book.bestAsk(), levels: (d) => book.levels(d) },
      params: this.config.params,
      random,
      now: () => this.strategyNow,
      position: () => this.account.position,
      cash: () => this.account.cash.toFixed(),
      openOrders: () => [...this.live.values()].map((o) => ({ ...o.view })),
      submit: (o) => this.submit(o),
      cancel: (id) => this.afterEntryLatency((at) => this.venue.cancel(id, at)),
      replace: (id, changes) => this.afterEntryLatency((at) => this.venue.replace(id, changes, at)),
      setTimer: (at, name) => this.scheduler.at(at > this.strategyNow ? at : this.strategyNow, () => {
        if (at > this.strategyNow) this.strategyNow = at;
        this.strategy.onTimer?.(this.ctx, name);
      }, true),
      log,
    };
  }
}
