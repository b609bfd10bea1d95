import type { MarketView, NewOrder, Strategy, StrategyContext } from '../engine/strategy.js';

/**
 * The orders a strategy sent, as a tape that can be played back open loop: every submit, cancel
 * and replace with the strategy's time when it made it. Played back through the same latency,
 * each reaches the venue at the same time and in the same order as in the run it came from, but
 * nothing in the playback depends on fills: that is what lets two queue models be compared on
 * the very same orders.
 */
export type OrderAction =
  | { at: bigint; kind: 'submit'; order: NewOrder & { clientId: string } }
  | { at: bigint; kind: 'cancel'; clientId: string }
  | { at: bigint; kind: 'replace'; clientId: string; changes: { qty?: number; limit?: number } };

/** Wraps a strategy so that every order action it takes is written to `tape`. */
export function recordingStrategy(inner: Strategy, tape: OrderAction[]): Strategy {
  const contexts = new WeakMap<StrategyContext, StrategyContext>();
  const views = new WeakMap<MarketView, MarketView>();
  const record = (ctx: StrategyContext, order: NewOrder, clientId: string): void => {
    tape.push({ at: ctx.now(), kind: 'submit', order: { ...order, clientId } });
  };
  const wrapView = (ctx: StrategyContext, view: MarketView): MarketView => {
    let w = views.get(view);
    if (!w) {
      w = {
        ...view,
        submit(order: Omit<NewOrder, 'instrument'>): string {
          const clientId = view.submit(order);
          record(ctx, { ...order, instrument: view.id }, clientId);
          return clientId;
        },
      };
      views.set(view, w);
    }
    return w;
  };
  const wrap = (ctx: StrategyContext): StrategyContext => {
    let w = contexts.get(ctx);
    if (!w) {
      // The context's own fields and functions, with the order calls (its own and each market's) recorded.
      w = {
        ...ctx,
        markets: ctx.markets.map((m) => wrapView(ctx, m)),
        market: (id: string) => {
          const m = ctx.market(id);
          return m && wrapView(ctx, m);
        },
        submit(order: NewOrder): string {
          const clientId = ctx.submit(order);
          record(ctx, order, clientId);
          return clientId;
        },
        cancel(clientId: string): void {
          tape.push({ at: ctx.now(), kind: 'cancel', clientId });
          ctx.cancel(clientId);
        },
        replace(clientId: string, changes: { qty?: number; limit?: number }): void {
          tape.push({ at: ctx.now(), kind: 'replace', clientId, changes: { ...changes } });
          ctx.replace(clientId, changes);
        },
      };
      contexts.set(ctx, w);
    }
    return w;
  };
  const out: Strategy = inner.markets ? { markets: inner.markets } : {};
  if (inner.onStart) out.onStart = (ctx) => inner.onStart!(wrap(ctx));
  if (inner.onBook) out.onBook = (ctx, e, m) => inner.onBook!(wrap(ctx), e, wrapView(ctx, m));
  if (inner.onTrade) out.onTrade = (ctx, e, m) => inner.onTrade!(wrap(ctx), e, wrapView(ctx, m));
  if (inner.onOrderUpdate) out.onOrderUpdate = (ctx, u) => inner.onOrderUpdate!(wrap(ctx), u);
  if (inner.onFill) out.onFill = (ctx, f) => inner.onFill!(wrap(ctx), f);
  if (inner.onTimer) out.onTimer = (ctx, name) => inner.onTimer!(wrap(ctx), name);
  if (inner.onEnd) out.onEnd = (ctx) => inner.onEnd!(wrap(ctx));
  return out;
}

/**
 * Plays a tape back open loop. Submits of orders that never reached the venue (refused by the
 * risk checks in the recorded run) are left out, as they were never sent.
 */
export function playbackStrategy(tape: readonly OrderAction[], sent: ReadonlySet<string>): Strategy {
  const actions = tape.filter((a) => a.kind !== 'submit' || sent.has(a.order.clientId));
  let next = 0;
  // One timer at a time, for the next time on the tape: the actions due then run in the tape's
  // order, and the kernel's timer queue stays short however long the tape.
  return {
    onStart(ctx) {
      if (actions.length > 0) ctx.setTimer(actions[0].at, 'tape');
    },
    onTimer(ctx) {
      const at = actions[next].at;
      for (; next < actions.length && actions[next].at === at; next++) {
        const a = actions[next];
        if (a.kind === 'submit') ctx.submit(a.order);
        else if (a.kind === 'cancel') ctx.cancel(a.clientId);
        else ctx.replace(a.clientId, a.changes);
      }
      if (next < actions.length) ctx.setTimer(actions[next].at, 'tape');
    },
  };
}
