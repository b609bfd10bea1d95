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
  private readonly live = new Map<string, StrategyOrder>();
  /** Bumped on every change; `copies` was made at `copiesOf`. */
  private changes = 0;
  private copiesOf = -1;
  private readonly copies: OrderView[] = [];

  /** A new order, open from now on. */
  add(o: StrategyOrder): void {
    this.live.set(o.view.clientId, o);
    o.live = true;
    this.changes++;
  }

  /** An order's view is about to change. */
  touch(o: StrategyOrder): void {
    o.copy = undefined;
    this.changes++;
  }

  /** After a change of an order's view: it stays open, or (now final) leaves. */
  settle(o: StrategyOrder): void {
    // (Setting a key already there keeps its place, so only a change of membership needs the map.)
    const open = isOpenStatus(o.view.status);
    if (open !== o.live) {
      if (open) this.live.set(o.view.clientId, o);
      else this.live.delete(o.view.clientId);
      o.live = open;
    }
    this.changes++;
  }

  /** Copies of the open orders of `slot`, or of every instrument when it is undefined; `only`: the run has no other instrument. */
  list(slot: MarketSlot | undefined, only: boolean): OrderView[] {
    const all = this.copies;
    if (this.copiesOf !== this.changes) {
      this.copiesOf = this.changes;
      all.length = 0;
      for (const o of this.live.values()) all.push((o.copy ??= Object.freeze(Object.assign({}, o.view))));
    }
    if (slot === undefined || only) return all.slice();
    const out: OrderView[] = [];
    for (const o of this.live.values()) if (o.slot === slot) out.push(o.copy!);
    return out;
  }

  /** Lots still to fill of an instrument's open orders on one side, but for one order's. */
  lots(slot: MarketSlot, side: OrderSide, except: string): number {
    let n = 0;
    for (const o of this.live.values()) {
      const v = o.view;
      if (o.slot === slot && v.clientId !== except && v.side === side && isOpenStatus(v.status)) n += v.qty - v.filled;
    }
    return n;
  }
}
