import type { OrderSide } from '../model/orders.js';
import type { QueueState } from './models.js';
import type { VenueOrder } from './venue-types.js';

/**
 * The account's own resting orders at one price level. They share one queue: the model tracks
 * what stands ahead of the oldest, and later own orders stand behind the earlier ones.
 */
export interface LevelQueue {
  side: OrderSide;
  price: number;
  state: QueueState;
  orders: VenueOrder[];
  /**
   * Lots of the other side standing through our price that have already been credited to us
   * (or that an order took on its way in): the recorded book keeps showing them, and the same
   * lots must not fill us again on every later update.
   */
  crossed: number;
}

export const remainingOf = (o: VenueOrder): number => o.req.qty - o.filled;

/**
 * Takes out element i of a short array in place (splice would make an array of what it took
 * out; setting `length` is a runtime call where pop is not).
 */
function removeAt<T>(a: T[], i: number): void {
  for (let k = i + 1; k < a.length; k++) a[k - 1] = a[k];
  a.pop();
}

export class LevelQueues {
  readonly all: LevelQueue[] = [];
  /**
   * Queues emptied since the last `recycle`, and queues free to be taken again. A market maker
   * joins a new price with nearly every order: a queue (and its list of orders) is reused rather
   * than made for each. An emptied queue is not reused at once, since a pass over the queues
   * (fills, which can cancel and place orders) may still hold it: only at `recycle`, which the
   * venue calls before each market event, when no such pass is under way.
   */
  private readonly emptied: LevelQueue[] = [];
  private readonly free: LevelQueue[] = [];

  /** `enter` gives the queue state of a level our first order joins, from the level's visible size. */
  constructor(private readonly enter: (levelSize: number) => QueueState) {}

  get size(): number {
    return this.all.length;
  }

  find(side: OrderSide, price: number): LevelQueue | undefined {
    const all = this.all;
    for (let i = 0; i < all.length; i++) {
      const q = all[i];
      if (q.price === price && q.side === side) return q;
    }
    return undefined;
  }

  /** Joins the order to its level's queue; returns the lots ahead of it. */
  join(order: VenueOrder, price: number, levelSize: number): number {
    let q = this.find(order.req.side, price);
    if (!q) {
      q = this.free.pop();
      if (q === undefined) {
        // Made holding the order: an empty literal that is pushed to takes a store of 17 places.
        q = { side: order.req.side, price, state: this.enter(levelSize), orders: [order], crossed: 0 };
      } else {
        q.side = order.req.side;
        q.price = price;
        q.state = this.enter(levelSize);
        q.orders.push(order);
        q.crossed = 0;
      }
      this.all.push(q);
      return q.state.ahead;
    }
    let ahead = q.state.ahead;
    const orders = q.orders;
    for (let i = 0; i < orders.length; i++) ahead += remainingOf(orders[i]);
    orders.push(order);
    return ahead;
  }

  /** Removes an order from whatever queue holds it; empty queues go away. */
  remove(order: VenueOrder): void {
    const all = this.all;
    for (let i = 0; i < all.length; i++) {
      const q = all[i];
      const k = q.orders.indexOf(order);
      if (k < 0) continue;
      removeAt(q.orders, k);
      if (q.orders.length === 0) {
        removeAt(all, i);
        this.emptied.push(q);
      }
      return;
    }
  }

  /** Queues emptied before now may be taken again: nothing is passing over them any more. */
  recycle(): void {
    const emptied = this.emptied;
    if (emptied.length === 0) return;
    while (emptied.length > 0) this.free.push(emptied.pop()!);
  }

  totalRemaining(q: LevelQueue): number {
    let n = 0;
    const orders = q.orders;
    for (let i = 0; i < orders.length; i++) n += remainingOf(orders[i]);
    return n;
  }
}
