import { EventKind, Side, type MarketEvent } from '../../engine/model/events.js';

interface RestingOrder {
  id: number;
  qty: number;
}

/**
 * Turns the synthetic L2 stream into an order-level (L3) one, so exact FIFO and queue calibration
 * have data the project makes itself. Each level keeps a queue of orders: a level that grows gains
 * one new order for the difference; one that shrinks loses its newest orders first (a cancel
 * comes from the back of the queue); a trade executes the oldest orders at its price first, as a
 * price-time venue would, each execution followed by its print, as order-level feeds report them.
 * Stateful: one instance per pass over the stream.
 */
export class OrderLevelStream {
  private readonly queues = new Map<number, RestingOrder[]>();
  private nextId = 1;

  convert(batch: readonly MarketEvent[]): MarketEvent[] {
    const out: MarketEvent[] = [];
    for (const e of batch) {
      if (e.kind === EventKind.Clear) {
        this.queues.clear();
        out.push(e);
      } else if (e.kind === EventKind.Trade) this.trade(e, out);
      else if (e.kind === EventKind.Level) this.level(e, out);
      else out.push(e);
    }
    return out;
  }

  private queue(side: Side, price: number): RestingOrder[] {
    const key = side === Side.Bid ? price : -price - 1;
    let q = this.queues.get(key);
    if (q === undefined) {
      q = [];
      this.queues.set(key, q);
    }
    return q;
  }

  /** A buy aggressor takes the asks at its price, a sell the bids: oldest order first. */
  private trade(e: MarketEvent, out: MarketEvent[]): void {
    const resting = e.side === Side.Bid ? Side.Ask : e.side === Side.Ask ? Side.Bid : Side.None;
    if (resting === Side.None) {
      out.push(e);
      return;
    }
    const q = this.queue(resting, e.price);
    let left = e.qty;
    while (left > 0 && q.length > 0) {
      const front = q[0];
      const take = Math.min(left, front.qty);
      out.push({ ...e, kind: EventKind.Execute, side: resting, qty: take, orderId: front.id });
      out.push({ ...e, qty: take, orderId: front.id });
      front.qty -= take;
      left -= take;
      if (front.qty === 0) q.shift();
    }
    // More traded than was resting (not made by the generator): the rest is a print alone.
    if (left > 0) out.push({ ...e, qty: left });
  }

  /** The level's new total: a new order for growth, cancels from the newest for shrinkage. */
  private level(e: MarketEvent, out: MarketEvent[]): void {
    const q = this.queue(e.side, e.price);
    let total = 0;
    for (const o of q) total += o.qty;
    if (e.qty > total) {
      const id = this.nextId++;
      q.push({ id, qty: e.qty - total });
      out.push({ ...e, kind: EventKind.Add, qty: e.qty - total, orderId: id });
      return;
    }
    let cut = total - e.qty;
    while (cut > 0) {
      const back = q[q.length - 1];
      if (back.qty <= cut) {
        q.pop();
        cut -= back.qty;
        out.push({ ...e, kind: EventKind.Delete, qty: back.qty, orderId: back.id });
      } else {
        back.qty -= cut;
        out.push({ ...e, kind: EventKind.Cancel, qty: cut, orderId: back.id });
        cut = 0;
      }
    }
  }
}
