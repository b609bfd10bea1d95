/**
 * The benchmark's market maker, matching the reference run in bench/hftbacktest: one post-only
 * bid and one ask at the mid rounded outwards to the tick grid +/- `halfSpread` ticks, checked
 * every `requoteMs`; an order at the wrong price is cancelled and re-entered; a side stops
 * quoting at the position limit.
 *
 * Like hftbacktest's loop, it is driven by its timer: once the first book event has started it,
 * it turns the market-data calls off (`everyEvent: true` keeps them, as the maker was first written:
 * the same orders and fills, with a call for each of the recording's events).
 */
import type { Strategy, StrategyContext } from '../../src/engine/strategy.js';

export default function fixedSpreadMm(params: Readonly<Record<string, unknown>>): Strategy {
  const halfSpread = Number(params.halfSpread ?? 10);
  const qty = Number(params.qty ?? 10); // lots: 0.01 BTC at lot 0.001
  const maxPosition = Number(params.maxPosition ?? 100);
  const every = BigInt(Math.round(Number(params.requoteMs ?? 100) * 1e6));
  const everyEvent = params.everyEvent === true;
  let bid: { id: string; price: number } | undefined;
  let ask: { id: string; price: number } | undefined;
  let started = false;

  const isOpen = (ctx: StrategyContext, id: string) => ctx.openOrders().some((o) => o.clientId === id);

  const quote = (ctx: StrategyContext) => {
    const b = ctx.book.bestBid();
    const a = ctx.book.bestAsk();
    if (b === undefined || a === undefined) return;
    const mid2 = b + a; // twice the mid, in ticks
    const bidPrice = Math.floor(mid2 / 2) - halfSpread;
    const askPrice = Math.ceil(mid2 / 2) + halfSpread;
    const pos = ctx.position();
    if (bid && !isOpen(ctx, bid.id)) bid = undefined;
    if (ask && !isOpen(ctx, ask.id)) ask = undefined;
    if (bid && bid.price !== bidPrice) ctx.cancel(bid.id);
    else if (!bid && pos < maxPosition) bid = { id: ctx.submit({ side: 'buy', type: 'limit', qty, limit: bidPrice, postOnly: true }), price: bidPrice };
    if (ask && ask.price !== askPrice) ctx.cancel(ask.id);
    else if (!ask && pos > -maxPosition) ask = { id: ctx.submit({ side: 'sell', type: 'limit', qty, limit: askPrice, postOnly: true }), price: askPrice };
  };

  return {
    onBook(ctx) {
      if (started) return;
      started = true;
      ctx.setTimer(ctx.now() + every, 'quote');
      if (!everyEvent) ctx.marketDataCalls(false);
    },
    onTimer(ctx) {
      quote(ctx);
      ctx.setTimer(ctx.now() + every, 'quote');
    },
  };
}
