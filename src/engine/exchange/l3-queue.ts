import { EventKind, Side, type MarketEvent } from '../model/events.js';
import type { QueueModel, QueueState } from './models.js';

/**
 * Exact FIFO queues on order-level (L3) data such as LOBSTER's: the venue follows every
 * recorded order by id, and an order of ours stands behind exactly the orders resting at its
 * price when it arrived. Those are filled, cancelled or deleted before us; an execution of any
 * other order at our price (one that arrived after us) would in truth have been ours.
 */
interface RestingOrder {
  side: Side;
  price: number;
  qty: number;
}

export class OrderLevelTracker {
  private readonly orders = new Map<number, RestingOrder>();
  private readonly bids = new Map<number, Set<number>>();
  private readonly asks = new Map<number, Set<number>>();

  apply(e: MarketEvent): void {
    switch (e.kind) {
      case EventKind.Add: {
        this.orders.set(e.orderId, { side: e.side, price: e.price, qty: e.qty });
        const levels = e.side === Side.Bid ? this.bids : this.asks;
        let ids = levels.get(e.price);
        if (!ids) levels.set(e.price, (ids = new Set()));
        ids.add(e.orderId);
        return;
      }
      case EventKind.Cancel:
      case EventKind.Execute: {
        const o = this.orders.get(e.orderId);
        if (!o) return;
        o.qty -= e.qty;
        if (o.qty <= 0) this.remove(e.orderId, o);
        return;
      }
      case EventKind.Delete: {
        const o = this.orders.get(e.orderId);
        if (o) this.remove(e.orderId, o);
        return;
      }
      case EventKind.Clear:
        this.orders.clear();
        this.bids.clear();
        this.asks.clear();
        return;
      default:
        return;
    }
  }

  /** The orders resting at a level, oldest first, with what remains of each. */
  restingAt(side: Side, price: number): Map<number, number> {
    const out = new Map<number, number>();
    const ids = (side === Side.Bid ? this.bids : this.asks).get(price);
    if (ids) for (const id of ids) out.set(id, this.orders.get(id)!.qty);
    return out;
  }

  private remove(id: number, o: RestingOrder): void {
    this.orders.delete(id);
    const levels = o.side === Side.Bid ? this.bids : this.asks;
    const ids = levels.get(o.price);
    if (!ids) return;
    ids.delete(id);
    if (ids.size === 0) levels.delete(o.price);
  }
}

/** Queue state for FIFO: the recorded orders still ahead of ours, by id. */
export interface FifoState extends QueueState {
  aheadIds: Map<number, number>;
}

/**
 * The QueueModel face of FIFO. The venue does the work with the tracker (it needs order ids,
 * which the L2 callbacks do not carry); these callbacks only keep trades and level changes
 * from moving the queue a second time.
 */
export const fifoQueueModel: QueueModel = {
  name: 'fifo',
  enter: (levelSize: number): FifoState => ({ ahead: levelSize, aheadIds: new Map() }),
  onTrade: () => 0,
  onLevelChange: () => {},
};

export function isL3Kind(kind: number): boolean {
  return kind === EventKind.Add || kind === EventKind.Cancel || kind === EventKind.Delete || kind === EventKind.Execute || kind === EventKind.Clear;
}

/**
 * Moves a FIFO queue for one L3 event at its level. Returns the lots of ours the event fills:
 * an execution of an order that was not ahead of us.
 */
export function advanceFifo(state: FifoState, e: MarketEvent): number {
  const ahead = state.aheadIds.get(e.orderId);
  if (ahead !== undefined) {
    const taken = e.kind === EventKind.Delete ? ahead : Math.min(ahead, e.qty);
    const left = ahead - taken;
    if (left > 0) state.aheadIds.set(e.orderId, left);
    else state.aheadIds.delete(e.orderId);
    state.ahead = Math.max(0, state.ahead - taken);
    return 0;
  }
  return e.kind === EventKind.Execute ? e.qty : 0;
}
