import { isOpenStatus } from '../exchange/venue-types.js';
import type { OrderSide } from '../model/orders.js';
import type { OrderView } from '../strategy.js';
import type { StrategyOrder } from './kernel-types.js';
import type { MarketSlot } from './market-slot.js';

/**
 * The strategy's orders not yet in a final state (kept apart from all its orders so that lookups
 * stay O(open)), and the copies of them the strategy reads. Strategies ask for them on every
 * event, and they change only when an order does: each order's copy is made once per change of it
 * (frozen, so that no caller can alter what the next one reads), the list of them once per change
 * of any, and each call gets its own array. (A frozen array would spare that array, but V8 runs
 * some/find/filter on a frozen array several times slower than a fresh copy costs.)
 */
export class OpenOrders {
  /**
   * The open orders in the order they were sent (or, for the venue's own, first reported), with
   * holes where orders left: the list is closed up once it is half holes, so that a market maker's
   * stream of orders costs no map insert or delete each.
   */
  private readonly live: (StrategyOrder | undefined)[] = [];
  private holes = 0;
  /** Bumped on every change; `copies` was made at `copiesOf`. */
  private changes = 0;
  private copiesOf = -1;
  private readonly copies: OrderView[] = [];

  /** A new order, open from now on. */
  add(o: StrategyOrder): void {
    o.liveAt = this.live.length;
    this.live.push(o);
    this.changes++;
  }

  /** An order's view is about to change. */
  touch(o: StrategyOrder): void {
    o.copy = undefined;
    this.changes++;
  }

  /** After a change of an order's view: it stays open, or (now final) leaves. */
  settle(o: StrategyOrder): void {
    const open = isOpenStatus(o.status);
    if (open && o.liveAt < 0) this.add(o);
    else if (!open && o.liveAt >= 0) this.remove(o);
    else this.changes++;
  }

  private remove(o: StrategyOrder): void {
    const live = this.live;
    live[o.liveAt] = undefined;
    o.liveAt = -1;
    // Nothing hands out a final order's copy again: it need not be kept for the rest of the run.
    o.copy = undefined;
    this.changes++;
    if (++this.holes * 2 < live.length) return;
    let n = 0;
    for (let i = 0; i < live.length; i++) {
      const x = live[i];
      if (x === undefined) continue;
      x.liveAt = n;
      live[n++] = x;
    }
    while (live.length > n) live.pop();
    this.holes = 0;
  }

  /** Copies of the open orders of `slot`, or of every instrument when it is undefined; `only`: the run has no other instrument. */
  list(slot: MarketSlot | undefined, only: boolean): OrderView[] {
    const all = this.copies;
    const live = this.live;
    if (this.copiesOf !== this.changes) {
      this.copiesOf = this.changes;
      let n = 0;
      for (let i = 0; i < live.length; i++) {
        const o = live[i];
        if (o !== undefined) all[n++] = o.copy ??= copyOf(o);
      }
      while (all.length > n) all.pop();
    }
    if (slot === undefined || only) return all.slice();
    const out: OrderView[] = [];
    for (let i = 0; i < live.length; i++) {
      const o = live[i];
      if (o !== undefined && o.slot === slot) out.push(o.copy!);
    }
    return out;
  }

  /** The copy `list` holds of `o` while it is among the open orders (made now if not yet), else undefined. */
  copyIfOpen(o: StrategyOrder): OrderView | undefined {
    return o.liveAt < 0 ? undefined : (o.copy ??= copyOf(o));
  }

  /** Lots still to fill of an instrument's open orders on one side, but for one order's. */
  lots(slot: MarketSlot, side: OrderSide, except: string): number {
    let n = 0;
    const live = this.live;
    for (let i = 0; i < live.length; i++) {
      const o = live[i];
      if (o === undefined) continue;
      const v = o;
      if (o.slot === slot && v.clientId !== except && v.side === side && isOpenStatus(v.status)) n += v.qty - v.filled;
    }
    return n;
  }
}

/** A frozen copy of what the strategy reads of an order (its OrderView fields, in their order), nothing of the kernel's. */
function copyOf(v: OrderView): OrderView {
  return Object.freeze({ clientId: v.clientId, instrument: v.instrument, side: v.side, type: v.type, tif: v.tif, qty: v.qty, filled: v.filled, limit: v.limit, stop: v.stop, status: v.status });
}
