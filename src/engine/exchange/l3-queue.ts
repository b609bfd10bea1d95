import type { BookSide } from '../book/book-side.js';
import { EventKind, type MarketEvent } from '../model/events.js';
import type { VenueOrder } from './venue-types.js';

/**
 * Exact FIFO queues on order-level (L3) data such as LOBSTER's, kept apart from the L2 queue
 * models: it needs the recorded orders' ids, which the L2 callbacks do not carry.
 *
 * Priority is price, then time, and time is the recorded order id: NASDAQ numbers orders in the
 * order they arrive, so a recorded order with an id at or below the highest id seen when ours
 * started resting was there before ours (ahead), and any higher id came after (behind). The
 * simulated order never moves the recorded market. The rules, per own resting order:
 *
 * - ahead of it, on arrival: everything the recorded book shows at its price;
 * - a cancel, delete or execution of a recorded order ahead moves it up by that size;
 * - an execution of a recorded order behind it fills it (the aggressor met ours first);
 * - an execution of a recorded order ahead never fills it, even when the level then empties;
 * - a hidden execution at its price fills it once nothing recorded is ahead (displayed orders
 *   come before hidden ones at a price);
 * - an opposite order added at or through its price fills it (it would have traded with ours);
 * - prints through its price fill it (handled by the venue, as for every queue model).
 * Each fills min(what remains of ours, that size).
 *
 * A file with a visible window (LOBSTER's N levels) carries no messages for levels beyond it.
 * While an order's price is outside the window its queue cannot be known: the order is marked,
 * and every later fill at its price says so (`outsideWindow`): an execution it did not see may
 * have filled it, so even what remains of it is not known.
 */
export interface L3QueueModel {
  /** Tells it apart from the L2 queue models. */
  readonly level: 'l3';
  readonly name: 'fifo';
  /** Book levels per side the data shows; undefined when the data holds the whole book. */
  readonly visibleLevels: number | undefined;
  /** Every market event, before anything else sees it: keeps the highest recorded order id. */
  observe(e: MarketEvent): void;
  /** Our order starts resting at `price` on `side` (the recorded book's side of it); returns the recorded lots ahead. */
  join(order: VenueOrder, side: BookSide, price: number): number;
  /** Our order stops resting (filled, cancelled, expired or replaced). */
  leave(order: VenueOrder): void;
  /**
   * A recorded order-level event at the price of our `orders` (oldest first) on their side.
   * Calls `fill` for each of ours it fills.
   */
  onOwnLevel(e: MarketEvent, orders: readonly VenueOrder[], fill: QueueFill): void;
  /** A print at the price of our `orders` on the side it hits; fills at most `limit` lots in all. Returns the lots filled. */
  onPrintAt(e: MarketEvent, orders: readonly VenueOrder[], limit: number, fill: QueueFill): number;
  /** After the recorded book changed: an order whose price left the visible window is marked. */
  afterBook(side: BookSide, price: number, orders: readonly VenueOrder[]): void;
  /**
   * Whether the order's price has been outside the visible window since it joined: then what
   * remains of it, and so every later fill at its price, depends on messages the file lacks.
   */
  outsideWindow(order: VenueOrder): boolean;
}

/** Fills `lots` of `order` at its price; `outsideWindow` when the queue deciding it was not fully seen. */
export type QueueFill = (order: VenueOrder, lots: number, outsideWindow: boolean) => void;

/** Where one own order stands among the recorded orders at its price. */
interface Place {
  /** Recorded lots ahead of it. */
  ahead: number;
  /** Recorded orders with ids up to this one were there before it. */
  lastIdBefore: number;
  /** Its price has been outside the file's visible window since it joined. */
  outsideWindow: boolean;
}

export function isL3Kind(kind: number): boolean {
  return kind === EventKind.Add || kind === EventKind.Cancel || kind === EventKind.Delete || kind === EventKind.Execute || kind === EventKind.Clear;
}

const remaining = (o: VenueOrder): number => o.req.qty - o.filled;

/** Whether a price of one side of the recorded book lies inside the data's visible window. */
export function insideWindow(side: BookSide, price: number, visibleLevels: number | undefined): boolean {
  if (visibleLevels === undefined || side.depth < visibleLevels) return true;
  const worst = side.priceAt(visibleLevels - 1)!;
  return side.isBid ? price >= worst : price <= worst;
}

class FifoQueue implements L3QueueModel {
  readonly level = 'l3' as const;
  readonly name = 'fifo' as const;
  private lastId = 0;
  /** The latest execution: the print that follows it is its echo on the tape, not a hidden trade. */
  private lastExecId = 0;
  private lastExecPrice = 0;
  private lastExecQty = 0;
  private readonly places = new Map<VenueOrder, Place>();
  /**
   * The orders of a level as they stood when a fill pass began (a fill may take an order out of
   * the level's list): one array reused, not a spread copy per execution or print at our price.
   * No pass runs inside another: a fill records a report and nothing asks the queue model again.
   */
  private readonly passOrders: VenueOrder[] = [];

  constructor(readonly visibleLevels: number | undefined) {}

  observe(e: MarketEvent): void {
    if (e.kind === EventKind.Execute) {
      this.lastExecId = e.orderId;
      this.lastExecPrice = e.price;
      this.lastExecQty = e.qty;
    } else if (e.kind === EventKind.Clear) {
      // A reset of the book: nothing known of any queue survives it.
      for (const p of this.places.values()) p.outsideWindow = true;
    }
    if (e.kind !== EventKind.Trade && e.orderId > this.lastId) this.lastId = e.orderId;
  }

  join(order: VenueOrder, side: BookSide, price: number): number {
    const seen = insideWindow(side, price, this.visibleLevels);
    const ahead = side.sizeAt(price);
    this.places.set(order, { ahead, lastIdBefore: this.lastId, outsideWindow: !seen });
    return ahead;
  }

  leave(order: VenueOrder): void {
    this.places.delete(order);
  }

  outsideWindow(order: VenueOrder): boolean {
    return this.places.get(order)?.outsideWindow === true;
  }

  onOwnLevel(e: MarketEvent, orders: readonly VenueOrder[], fill: QueueFill): void {
    switch (e.kind) {
      case EventKind.Cancel:
      case EventKind.Delete:
        // Only orders that were there before ours stand ahead of it; later ones leave from behind.
        for (const o of orders) {
          const p = this.places.get(o);
          if (p && e.orderId <= p.lastIdBefore) p.ahead = Math.max(0, p.ahead - e.qty);
        }
        return;
      case EventKind.Execute: {
        // The aggressor meets our orders the recorded one stood behind, oldest first; for
        // the others it is an order ahead leaving.
        let left = e.qty;
        const pass = this.snapshot(orders);
        for (let i = 0; i < pass.length; i++) {
          const o = pass[i];
          const p = this.places.get(o);
          if (!p) continue;
          if (e.orderId > p.lastIdBefore) {
            const n = Math.min(remaining(o), left);
            if (n > 0) {
              left -= n;
              fill(o, n, p.outsideWindow);
            }
          } else {
            p.ahead = Math.max(0, p.ahead - e.qty);
          }
        }
        return;
      }
      default:
        // An add at our price joins behind every order of ours.
        return;
    }
  }

  onPrintAt(e: MarketEvent, orders: readonly VenueOrder[], limit: number, fill: QueueFill): number {
    // The echo of a recorded execution was dealt with by that execution.
    if (e.orderId !== 0 && e.orderId === this.lastExecId && e.price === this.lastExecPrice && e.qty === this.lastExecQty) return 0;
    let left = Math.min(limit, e.qty);
    let filled = 0;
    const pass = this.snapshot(orders);
    for (let i = 0; i < pass.length; i++) {
      const o = pass[i];
      const p = this.places.get(o);
      // Hidden liquidity stands behind every displayed order at its price: ours first, if nothing is ahead.
      if (!p || p.ahead > 0 || left <= 0) break;
      const n = Math.min(remaining(o), left);
      if (n <= 0) continue;
      left -= n;
      filled += n;
      fill(o, n, p.outsideWindow);
    }
    return filled;
  }

  private snapshot(orders: readonly VenueOrder[]): VenueOrder[] {
    const pass = this.passOrders;
    // Emptied by pops: setting `length` is a runtime call, and would give up the storage.
    while (pass.length > 0) pass.pop();
    for (let i = 0; i < orders.length; i++) pass.push(orders[i]);
    return pass;
  }

  afterBook(side: BookSide, price: number, orders: readonly VenueOrder[]): void {
    const seen = insideWindow(side, price, this.visibleLevels);
    const size = side.sizeAt(price);
    for (const o of orders) {
      const p = this.places.get(o);
      if (!p) continue;
      if (!seen) p.outsideWindow = true;
      // Inside the window the level shows every recorded order at the price, so no more can be
      // ahead than it holds; after a spell outside it this is the best that is known.
      else if (p.ahead > size) p.ahead = size;
    }
  }
}

/** A fresh exact FIFO queue for one run (it keeps per-run state). */
export function fifoQueueModel(opts: { visibleLevels?: number } = {}): L3QueueModel {
  return new FifoQueue(opts.visibleLevels);
}

export function isL3QueueModel(m: { readonly name: string }): m is L3QueueModel {
  return (m as Partial<L3QueueModel>).level === 'l3';
}
