import { describe, expect, it } from 'vitest';
import { L2Book } from '../../engine/book/l2-book.js';
import { EventKind, type MarketEvent } from '../../engine/model/events.js';
import { synthMarket } from './synth-market.js';

const flat = (seed: number, orders: boolean): MarketEvent[] => [...synthMarket({ seed, minutes: 0.5, orders }).events()].flat();

/** The book after each source record, as its first five levels a side. */
function booksByRecord(events: MarketEvent[]): Map<number, string> {
  const book = new L2Book();
  const out = new Map<number, string>();
  for (const e of events) {
    book.apply(e);
    out.set(e.record, JSON.stringify(book.levels(5)));
  }
  return out;
}

describe('order-level synthetic data', () => {
  it('makes the same book as the level stream after every record, for several seeds', () => {
    for (const seed of [1, 42, 7]) {
      const l2 = booksByRecord(flat(seed, false));
      const l3 = booksByRecord(flat(seed, true));
      expect(l3.size).toBe(l2.size);
      for (const [record, book] of l2) expect(l3.get(record), `seed ${seed} record ${record}`).toBe(book);
    }
  });

  it('executes the oldest order at a price first and prints every execution; cancels come from the newest', () => {
    const events = flat(42, true);
    const queues = new Map<string, { id: number; qty: number }[]>();
    let executions = 0;
    let cancelsFromBack = 0;
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      const key = `${e.side}:${e.price}`;
      if (e.kind === EventKind.Clear) queues.clear();
      if (e.kind === EventKind.Add) queues.set(key, [...(queues.get(key) ?? []), { id: e.orderId, qty: e.qty }]);
      if (e.kind === EventKind.Execute) {
        const q = queues.get(key)!;
        expect(q[0].id).toBe(e.orderId);
        expect(events[i + 1]).toMatchObject({ kind: EventKind.Trade, price: e.price, qty: e.qty, orderId: e.orderId });
        q[0].qty -= e.qty;
        if (q[0].qty === 0) q.shift();
        executions++;
      }
      if (e.kind === EventKind.Cancel || e.kind === EventKind.Delete) {
        const q = queues.get(key)!;
        expect(q[q.length - 1].id).toBe(e.orderId);
        q[q.length - 1].qty -= e.qty;
        if (e.kind === EventKind.Delete) expect(q.pop()!.qty).toBe(0);
        cancelsFromBack++;
      }
      expect(e.kind).not.toBe(EventKind.Level);
    }
    expect(executions).toBeGreaterThan(100);
    expect(cancelsFromBack).toBeGreaterThan(100);
  });
});
