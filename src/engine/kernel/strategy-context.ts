import type { SeededRandom } from '../random/seeded-random.js';
import type { MarketView, NewOrder, OrderView, StrategyContext } from '../strategy.js';
import type { MarketSlot } from './market-slot.js';

/** What the strategy's context asks of the kernel. */
export interface ContextHost {
  readonly slots: readonly MarketSlot[];
  readonly params: Readonly<Record<string, unknown>>;
  /** The strategy's clock: local time, ns. */
  clock(): bigint;
  cash(): string;
  position(slot: MarketSlot): number;
  /** Open orders of one instrument, or of all when `slot` is undefined. */
  openOrders(slot: MarketSlot | undefined): OrderView[];
  /** The open order of this client id (its frozen copy), or undefined. */
  openOrder(clientId: string): OrderView | undefined;
  isOpen(clientId: string): boolean;
  /** `slot` undefined: the order names its instrument (or means the first). */
  submit(order: NewOrder, slot: MarketSlot | undefined): string;
  cancel(clientId: string): void;
  replace(clientId: string, changes: { qty?: number; limit?: number }): void;
  setTimer(at: bigint, name: string): void;
  marketDataCalls(on: boolean): void;
}

function marketView(host: ContextHost, slot: MarketSlot): MarketView {
  const book = slot.book;
  return {
    id: slot.id,
    index: slot.index,
    instrument: slot.instrument,
    book: { bestBid: () => book.current().bestBid(), bestAsk: () => book.current().bestAsk(), levels: (d) => book.current().levels(d) },
    position: () => host.position(slot),
    openOrders: () => host.openOrders(slot),
    submit: (o) => host.submit(o, slot),
  };
}

/**
 * The strategy's context: the first instrument's book and position at the top (all a strategy
 * of one instrument needs), every instrument under `markets`. Built once per run; each slot gets
 * its view, which the kernel hands to onBook and onTrade.
 */
export function makeContext(host: ContextHost, random: SeededRandom, log: (m: string) => void): StrategyContext {
  const markets = host.slots.map((s) => (s.view = marketView(host, s)));
  const byId = new Map(markets.map((m) => [m.id, m]));
  const first = markets[0];
  return {
    instrument: first.instrument,
    book: first.book,
    markets,
    market: (id) => byId.get(id),
    params: host.params,
    random,
    now: () => host.clock(),
    position: () => host.position(host.slots[0]),
    cash: () => host.cash(),
    openOrders: () => host.openOrders(undefined),
    openOrder: (id) => host.openOrder(id),
    isOpen: (id) => host.isOpen(id),
    submit: (o) => host.submit(o, undefined),
    cancel: (id) => host.cancel(id),
    replace: (id, changes) => host.replace(id, changes),
    setTimer: (at, name) => host.setTimer(at, name),
    marketDataCalls: (on) => host.marketDataCalls(on),
    log,
  };
}
