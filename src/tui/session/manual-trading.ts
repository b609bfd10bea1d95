import type { FillView, MarketView, NewOrder, OrderUpdate, OrderView, Strategy, StrategyContext } from '../../engine/strategy.js';
import type { FeedItem, OwnFill, OwnOrder } from './types.js';

const KEEP = 500;

/**
 * The strategy the UI drives. It wraps the run's own strategy (if any) so that both trade the
 * one account through the one kernel: orders from the keyboard go through the same strategy
 * context, latency, risk checks and venue as the strategy's. It also keeps the book of every
 * order and fill for the UI. The wrapped strategy sees only its own orders and updates.
 */
export class ManualTrading {
  readonly strategy: Strategy;
  private ctx: StrategyContext | undefined;
  private innerCtx: StrategyContext | undefined;
  private readonly byId = new Map<string, OwnOrder>();
  private orderList: OwnOrder[] = [];
  private fillList: OwnFill[] = [];
  private manualSeq = 0;
  private readonly listeners = new Set<(item: FeedItem) => void>();
  /** Bumped on every change, so a reader knows when to look again. */
  version = 0;

  constructor(private readonly inner: Strategy = {}) {
    const s = this.inner;
    const mine = (id: string) => this.byId.get(id)?.manual === true;
    this.strategy = {
      onStart: (ctx) => {
        this.attach(ctx);
        s.onStart?.(this.innerCtx!);
      },
      markets: s.markets,
      onBook: s.onBook ? (_ctx, e, m) => s.onBook!(this.innerCtx!, e, this.innerCtx!.markets[m.index] ?? m) : undefined,
      onTrade: s.onTrade ? (_ctx, e, m) => s.onTrade!(this.innerCtx!, e, this.innerCtx!.markets[m.index] ?? m) : undefined,
      onTimer: s.onTimer ? (_ctx, name) => s.onTimer!(this.innerCtx!, name) : undefined,
      onEnd: s.onEnd ? () => s.onEnd!(this.innerCtx!) : undefined,
      onOrderUpdate: (_ctx, u) => {
        this.update(u);
        if (!mine(u.clientId)) s.onOrderUpdate?.(this.innerCtx!, u);
      },
      onFill: (ctx, f) => {
        this.fill(f, ctx.now());
        if (!mine(f.clientId)) s.onFill?.(this.innerCtx!, f);
      },
    };
  }

  get ready(): boolean {
    return this.ctx !== undefined;
  }

  /** The strategy context, once the run has started. */
  get context(): StrategyContext | undefined {
    return this.ctx;
  }

  /** An order from the keyboard; undefined until the run has started. */
  submit(order: NewOrder): string | undefined {
    if (!this.ctx) return undefined;
    return this.send({ ...order, clientId: `M${++this.manualSeq}` }, true);
  }

  cancel(clientId: string): void {
    const o = this.byId.get(clientId);
    if (!this.ctx || !o || !isOpen(o)) return;
    this.ctx.cancel(clientId);
  }

  orders(): OwnOrder[] {
    return this.orderList;
  }

  fills(): OwnFill[] {
    return this.fillList;
  }

  /** Lots on open orders of one side not yet filled (the risk check's "open same side"), of one instrument when named. */
  openLots(side: 'buy' | 'sell', instrument?: string): number {
    let n = 0;
    for (const o of this.byId.values()) if (o.side === side && isOpen(o) && (instrument === undefined || o.instrument === undefined || o.instrument === instrument)) n += o.qty - o.filled;
    return n;
  }

  onFeed(listener: (item: FeedItem) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private attach(ctx: StrategyContext): void {
    this.ctx = ctx;
    // The wrapped strategy's own view: its orders are booked here, the keyboard's are hidden,
    // whether it sends them through the context or through an instrument's view.
    const own = (orders: OrderView[]) => orders.filter((o) => this.byId.get(o.clientId)?.manual !== true);
    const markets: MarketView[] = ctx.markets.map((m) => ({
      id: m.id,
      index: m.index,
      instrument: m.instrument,
      book: m.book,
      position: () => m.position(),
      openOrders: () => own(m.openOrders()),
      submit: (o) => this.send({ ...o, instrument: m.id }, false),
    }));
    this.innerCtx = {
      ...ctx,
      markets,
      market: (id) => markets.find((m) => m.id === id),
      submit: (o) => this.send(o, false),
      openOrders: () => own(ctx.openOrders()),
      openOrder: (id) => (this.byId.get(id)?.manual === true ? undefined : ctx.openOrder(id)),
      isOpen: (id) => this.byId.get(id)?.manual !== true && ctx.isOpen(id),
    };
  }

  private send(order: NewOrder, manual: boolean): string {
    const ctx = this.ctx!;
    const id = ctx.submit(order);
    if (!this.byId.has(id)) {
      const o: OwnOrder = { clientId: id, side: order.side, type: order.type, tif: order.tif ?? 'GTC', qty: order.qty, filled: 0, limit: order.limit, status: 'pending', manual, ts: ctx.now(), instrument: order.instrument ?? ctx.markets[0]?.id };
      this.byId.set(id, o);
      this.orderList.unshift(o);
      if (this.orderList.length > KEEP * 2) this.prune();
      this.changed({ kind: 'order', order: o });
    }
    return id;
  }

  private update(u: OrderUpdate): void {
    let o = this.byId.get(u.clientId);
    if (!o) {
      // An order the venue placed itself (a bracket child): known from its first report.
      o = { clientId: u.clientId, side: 'buy', type: 'limit', tif: 'GTC', qty: u.filled + u.remaining, filled: 0, status: u.status, manual: false, ts: this.ctx?.now() ?? 0n, instrument: u.instrument };
      this.byId.set(u.clientId, o);
      this.orderList.unshift(o);
    }
    o.status = u.status;
    o.filled = u.filled;
    o.qty = u.filled + u.remaining;
    o.reason = u.reason;
    this.changed({ kind: 'order', order: o });
  }

  private fill(f: FillView, ts: bigint): void {
    const manual = this.byId.get(f.clientId)?.manual === true;
    const fill: OwnFill = { ...f, ts, manual };
    this.fillList.unshift(fill);
    if (this.fillList.length > KEEP * 2) this.fillList.length = KEEP;
    this.changed({ kind: 'fill', fill });
  }

  /** Keeps every open order and the newest closed ones: a long run must not grow without bound. */
  private prune(): void {
    const kept = this.orderList.filter((o, i) => i < KEEP || isOpen(o));
    for (const o of this.orderList) if (!kept.includes(o)) this.byId.delete(o.clientId);
    this.orderList = kept;
  }

  private changed(item: FeedItem): void {
    this.version++;
    for (const l of this.listeners) l(item);
  }
}

export function isOpen(o: OwnOrder): boolean {
  return o.status === 'open' || o.status === 'partially_filled' || o.status === 'pending' || o.status === 'triggered_wait';
}
