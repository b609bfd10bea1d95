/**
 * Small hand-built markets for the engine's tests: a tiny instrument (tick 0.01, lot 1),
 * builders for market events and orders, and a venue with chosen models.
 */
import { EventKind, Side, type MarketEvent } from '../../src/engine/model/events.js';
import { makeInstrument, type AssetClass, type Instrument } from '../../src/engine/model/instrument.js';
import type { OrderRequest } from '../../src/engine/model/orders.js';
import { makeFillModel } from '../../src/engine/exchange/fill-models.js';
import { makeQueueModel } from '../../src/engine/exchange/queue-models.js';
import { makeImpactModel, type ImpactModelConfig } from '../../src/engine/exchange/impact-models.js';
import { makeFeeModel, type FeeModelConfig } from '../../src/engine/exchange/fee-models.js';
import type { FillModel, QueueModel } from '../../src/engine/exchange/models.js';
import type { L3QueueModel } from '../../src/engine/exchange/l3-queue.js';
import { newVenueOrder } from '../../src/engine/exchange/venue-order.js';
import { SimulatedVenue, type VenueModels } from '../../src/engine/exchange/venue.js';
import type { VenueOrder, VenueReport } from '../../src/engine/exchange/venue-types.js';

export function tinyInstrument(assetClass: AssetClass = 'crypto', symbol = 'TINY'): Instrument {
  return makeInstrument({ symbol, venue: 'TEST', assetClass, currency: 'USD', tickSize: '0.01', lotSize: '1' });
}

let record = 0;

function ev(kind: EventKind, side: Side, price: number, qty: number, ts: bigint, tsLocal = ts): MarketEvent {
  return { kind, side, price, qty, orderId: 0, tsExch: ts, tsLocal, record: ++record };
}

/** L2: total size at a level (0 removes it). */
export const bid = (price: number, qty: number, ts = 0n, tsLocal = ts): MarketEvent => ev(EventKind.Level, Side.Bid, price, qty, ts, tsLocal);
export const ask = (price: number, qty: number, ts = 0n, tsLocal = ts): MarketEvent => ev(EventKind.Level, Side.Ask, price, qty, ts, tsLocal);
/** A print; `aggressor` buy lifts asks, sell hits bids. */
export const trade = (aggressor: 'buy' | 'sell', price: number, qty: number, ts = 0n, tsLocal = ts): MarketEvent =>
  ev(EventKind.Trade, aggressor === 'buy' ? Side.Bid : Side.Ask, price, qty, ts, tsLocal);
export const clear = (ts = 0n): MarketEvent => ev(EventKind.Clear, Side.None, 0, 0, ts);

/** A snapshot: clear, then every level, all at `ts`. */
export function snapshot(bids: [number, number][], asks: [number, number][], ts = 0n): MarketEvent[] {
  return [clear(ts), ...bids.map(([p, q]) => bid(p, q, ts)), ...asks.map(([p, q]) => ask(p, q, ts))];
}

export interface ModelChoice {
  fill?: FillModel;
  queue?: QueueModel | L3QueueModel;
  impact?: ImpactModelConfig;
  fees?: FeeModelConfig;
}

export function venueModels(m: ModelChoice = {}): VenueModels {
  return {
    fill: m.fill ?? makeFillModel('l2'),
    queue: m.queue ?? makeQueueModel({ name: 'risk-averse' }),
    impact: makeImpactModel(m.impact ?? { name: 'none' }),
    fees: makeFeeModel(m.fees ?? { name: 'none' }),
  };
}

export function makeVenue(m: ModelChoice = {}, instrument = tinyInstrument()): SimulatedVenue {
  return new SimulatedVenue(instrument, venueModels(m));
}

let orderSeq = 0;

export type OrderFields = Partial<OrderRequest> & Pick<OrderRequest, 'side' | 'type' | 'qty'>;

/** A venue order as the kernel would send it; GTC unless told. */
export function venueOrder(fields: OrderFields): VenueOrder {
  const id = ++orderSeq;
  return newVenueOrder(id, { clientId: `c${id}`, tif: 'GTC', ...fields }, 0n, undefined);
}

/** Applies events to the venue at their exchange time. */
export function feed(venue: SimulatedVenue, events: MarketEvent[]): void {
  for (const e of events) venue.onMarket(e, e.tsExch);
}

/** Takes the venue's reports so far. */
export function drain(venue: SimulatedVenue): VenueReport[] {
  return venue.reports.splice(0);
}

/** Sends an order to the venue at 1 ns, delivers what it reports, and returns the order. */
export function placeOrder(venue: SimulatedVenue, fields: OrderFields): VenueOrder {
  const o = venueOrder(fields);
  venue.arrive(o, 1n);
  drain(venue);
  return o;
}

/** [clientId, price, qty] of the fills the venue reported since the last look. */
export const fillsSince = (venue: SimulatedVenue): [string, number, number][] => fillsOf(drain(venue)).map((f) => [f.clientId, f.price, f.qty]);

export const fillsOf = (reports: VenueReport[]) => reports.flatMap((r) => (r.type === 'fill' ? [r.fill] : []));
export const typesOf = (reports: VenueReport[]) => reports.map((r) => r.type);

/** bids 99x10, 98x20; asks 100x5, 101x10, 102x20: the book the venue tests start from. */
export const STANDARD_BOOK = snapshot(
  [
    [99, 10],
    [98, 20],
  ],
  [
    [100, 5],
    [101, 10],
    [102, 20],
  ],
);

/** An order-level event at time 0. */
export const l3 = (kind: number, side: number, price: number, qty: number, orderId: number): MarketEvent => ({
  kind: kind as MarketEvent['kind'],
  side: side as MarketEvent['side'],
  price,
  qty,
  orderId,
  tsExch: 0n,
  tsLocal: 0n,
  record: 0,
});

/** Order-level events on the bid side (and a sell added), by recorded order id. */
export const l3Bids = {
  add: (id: number, price: number, qty: number) => l3(EventKind.Add, Side.Bid, price, qty, id),
  cancel: (id: number, price: number, qty: number) => l3(EventKind.Cancel, Side.Bid, price, qty, id),
  del: (id: number, price: number, qty: number) => l3(EventKind.Delete, Side.Bid, price, qty, id),
  exec: (id: number, price: number, qty: number) => l3(EventKind.Execute, Side.Bid, price, qty, id),
  sellAdd: (id: number, price: number, qty: number) => l3(EventKind.Add, Side.Ask, price, qty, id),
  /** A print hitting bids; orderId 0 is a hidden execution, an id the echo of that order's execution. */
  hitBid: (price: number, qty: number, orderId = 0) => l3(EventKind.Trade, Side.Ask, price, qty, orderId),
};

/** A venue (with these models) that has seen STANDARD_BOOK. */
export function withStandardBook(m: ModelChoice = {}): SimulatedVenue {
  const venue = makeVenue(m);
  feed(venue, STANDARD_BOOK);
  return venue;
}
