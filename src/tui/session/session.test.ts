import { describe, expect, it } from 'vitest';
import { L2Book } from '../../engine/book/l2-book.js';
import type { MarketEvent } from '../../engine/model/events.js';
import type { Strategy } from '../../engine/strategy.js';
import { rig } from '../../../test/support/tui-session.js';
import { addNav, emptyNav } from './nav-track.js';
import { nextSpeed, ReplayDriver, SPEEDS, type DriverClock } from './replay-driver.js';

describe('EngineSession over the shipped synthetic market', () => {
  it("shows the venue's book as an independent L2 book sees the same events", async () => {
    const r = await rig({ events: 3000 });
    const book = new L2Book();
    for (let i = 0; i < r.events.length; i += 250) {
      const chunk = r.events.slice(i, i + 250);
      r.engine.push(chunk);
      for (const e of chunk) book.apply(e);
      const snap = r.engine.snapshot();
      const want = book.levels(50);
      expect(snap.bids).toEqual(want.bids);
      expect(snap.asks).toEqual(want.asks);
      expect(snap.clock).toBe(chunk[chunk.length - 1].tsExch);
    }
    expect(r.engine.snapshot().events).toBe(3000);
    // The tape: newest first, the recording's own last prints.
    const trades = r.events.filter((e) => e.kind === 6).reverse().slice(0, 5);
    expect(r.engine.snapshot().trades.slice(0, 5).map((t) => [t.price, t.qty])).toEqual(trades.map((e) => [e.price, e.qty]));
  });

  it('a keyboard order goes through the kernel: pending, then open at its level, then cancelled', async () => {
    const r = await rig({ events: 4000 });
    r.engine.push(r.events.slice(0, 1000));
    const bid = r.engine.snapshot().bids[0][0];
    const id = r.engine.submit({ side: 'buy', type: 'limit', qty: 5, limit: bid - 3, tif: 'GTC' })!;
    expect(id).toBe('M1');
    expect(r.engine.snapshot().orders[0]).toMatchObject({ clientId: 'M1', status: 'pending', manual: true });
    r.engine.push(r.events.slice(1000, 1100));
    expect(r.engine.snapshot().orders[0].status).toBe('open');
    r.engine.cancel(id);
    r.engine.push(r.events.slice(1100, 1200));
    expect(r.engine.snapshot().orders[0].status).toBe('cancelled');
  });

  it("a marketable order fills at the book's prices, and the preview said so beforehand", async () => {
    const r = await rig({ events: 2000 });
    r.engine.push(r.events.slice(0, 1500));
    const snap = r.engine.snapshot();
    const [ask, size] = snap.asks[0];
    const qty = Math.min(size, 10);
    const order = { side: 'buy' as const, type: 'limit' as const, qty, limit: ask, tif: 'IOC' as const };
    const preview = r.engine.preview(order);
    expect(preview).toMatchObject({ immediateQty: qty, avgPrice: ask, fee: '0', reject: undefined });
    // 25 % of equity is the position cap in this account: what is left after this buy.
    const cap = 100000 * 0.25 - (ask / 100) * qty;
    expect(Number(preview.buyingPowerAfter)).toBeCloseTo(cap, 2);
    r.engine.submit(order);
    // Half a millisecond each way: a few events later the fill is back.
    let i = 1500;
    while (r.engine.snapshot().fills.length === 0 && i < 2000) r.engine.push([r.events[i++]]);
    const fill = r.engine.snapshot().fills[0];
    expect(fill).toMatchObject({ clientId: 'M1', side: 'buy', liquidity: 'taker', manual: true });
    expect(r.engine.snapshot().position).toBe(fill.qty);
  });

  it('the preview reports the risk refusal the kernel then gives', async () => {
    const r = await rig({ events: 1200 });
    r.engine.push(r.events.slice(0, 1000));
    const ask = r.engine.snapshot().asks[0][0];
    const order = { side: 'buy' as const, type: 'limit' as const, qty: 100000, limit: ask, tif: 'GTC' as const };
    expect(r.engine.preview(order).reject).toBe('position_limit');
    r.engine.submit(order);
    r.engine.push(r.events.slice(1000, 1010));
    expect(r.engine.snapshot().orders[0]).toMatchObject({ status: 'rejected', reason: 'position_limit' });
  });

  it("a wrapped strategy trades beside the keyboard and sees only its own orders", async () => {
    const seen: string[] = [];
    const looked: string[] = [];
    let sent = false;
    const strategy: Strategy = {
      onBook(ctx) {
        if (!sent && ctx.book.bestBid() !== undefined) {
          sent = true;
          ctx.submit({ side: 'buy', type: 'limit', qty: 1, limit: ctx.book.bestBid()! - 10 });
        }
        seen.push(ctx.openOrders().map((o) => o.clientId).join(','));
        looked.push(`M1 ${ctx.openOrder('M1')?.status ?? 'hidden'}${ctx.isOpen('M1') ? ' open' : ''}, o1 ${ctx.openOrder('o1')?.status ?? 'none'}${ctx.isOpen('o1') ? ' (open)' : ''}`);
      },
      onOrderUpdate(_ctx, u) {
        seen.push(`update ${u.clientId}`);
      },
    };
    const r = await rig({ events: 1500, strategy });
    r.engine.push(r.events.slice(0, 500));
    r.engine.submit({ side: 'buy', type: 'limit', qty: 1, limit: r.engine.snapshot().bids[0][0] - 20, tif: 'GTC' });
    r.engine.push(r.events.slice(500, 1500));
    expect(r.engine.snapshot().orders.map((o) => [o.clientId, o.manual, o.status])).toEqual([
      ['M1', true, 'open'],
      ['o1', false, 'open'],
    ]);
    expect(seen.some((s) => s.includes('M1'))).toBe(false);
    expect(seen).toContain('update o1');
    // Looked up by its id, the keyboard's order is hidden as well; the strategy's own is there.
    expect(looked[looked.length - 1]).toBe('M1 hidden, o1 open (open)');
    expect(looked.some((s) => !s.startsWith('M1 hidden'))).toBe(false);
  });
});

describe('nav track', () => {
  it('keeps a bounded window and the drawdown from the running peak', () => {
    let t = emptyNav();
    for (const v of [100, 110, 99, 105]) t = addNav(t, v, 3);
    expect(t.samples).toEqual([110, 99, 105]);
    expect(t.maxDrawdown).toBeCloseTo(0.1, 10);
    expect(t.drawdown).toBeCloseTo(5 / 110, 10);
  });
});

function fakeClock(): DriverClock & { t: number } {
  const c = {
    t: 0,
    now: () => c.t,
    sleep: async (ms: number) => {
      c.t += ms;
      await new Promise((r) => setImmediate(r));
    },
    yieldNow: () => new Promise<void>((r) => setImmediate(r)),
  };
  return c;
}

async function* batches(events: MarketEvent[], size: number) {
  for (let i = 0; i < events.length; i += size) yield events.slice(i, i + size);
}

describe('ReplayDriver', () => {
  it('steps exactly one event at a time while paused, then runs to the end', async () => {
    const r = await rig({ events: 500 });
    const got: MarketEvent[] = [];
    const d = new ReplayDriver(batches(r.events, 64), (b) => got.push(...b), { speed: 'max', paused: true }, fakeClock());
    const run = d.run();
    await new Promise((res) => setImmediate(res));
    expect(got).toHaveLength(0);
    for (let i = 1; i <= 3; i++) {
      d.step();
      await new Promise((res) => setImmediate(res));
      expect(got).toHaveLength(i);
    }
    expect(d.paused).toBe(true);
    d.resume();
    await run;
    expect(got).toEqual(r.events);
    expect(d.ended).toBe(true);
  });

  it('at a finite speed, data time follows the wall clock times the speed', async () => {
    const r = await rig({ events: 3000 });
    const clock = fakeClock();
    const at: { wall: number; ts: bigint }[] = [];
    const d = new ReplayDriver(batches(r.events, 500), (b) => at.push({ wall: clock.t, ts: b[b.length - 1].tsExch }), { speed: 10 }, clock);
    await d.run();
    const t0 = r.events[0].tsExch;
    for (const p of at) {
      const dataMs = Number(p.ts - t0) / 1e6;
      // Never ahead of schedule; behind by at most one nap.
      expect(dataMs / 10).toBeLessThanOrEqual(p.wall + 1e-9);
      expect(p.wall - dataMs / 10).toBeLessThanOrEqual(21);
    }
  });

  it('+ and - walk the speed ladder and stop at its ends', () => {
    expect(nextSpeed(1, 1)).toBe(2);
    expect(nextSpeed('max', 1)).toBe('max');
    expect(nextSpeed('max', -1)).toBe(1000);
    expect(nextSpeed(SPEEDS[0], -1)).toBe(SPEEDS[0]);
    expect(nextSpeed(3, 1)).toBe(5);
    expect(nextSpeed(3, -1)).toBe(2);
  });
});
