/**
 * The one flat market event record every reader emits and the engine consumes.
 * Prices are integer ticks, sizes integer lots, timestamps integer nanoseconds (bigint,
 * because epoch nanoseconds exceed 2^53).
 */
export const EventKind = {
  /** Empty the whole book. A snapshot is a clear followed by levels with the same timestamp. */
  Clear: 0,
  /** L2: set the total size at (side, price); qty 0 removes the level. */
  Level: 1,
  /** L3: a new resting order. */
  Add: 2,
  /** L3: reduce a resting order by qty. */
  Cancel: 3,
  /** L3: remove a resting order whatever remains (qty carries what was removed). */
  Delete: 4,
  /** L3: a trade against a resting order for qty at its price. */
  Execute: 5,
  /** A print on the tape; side is the aggressor. */
  Trade: 6,
} as const;
export type EventKind = (typeof EventKind)[keyof typeof EventKind];

export const KIND_NAMES = ['clear', 'level', 'add', 'cancel', 'delete', 'execute', 'trade'] as const;
export type KindName = (typeof KIND_NAMES)[number];

/**
 * Side of a book row (Bid/Ask) or aggressor of a trade (Buy/Sell share the codes of the side
 * whose orders they would rest on: a buy aggressor lifts asks). None: not applicable or unknown.
 */
export const Side = { None: 0, Bid: 1, Ask: 2 } as const;
export type Side = (typeof Side)[keyof typeof Side];

export interface MarketEvent {
  kind: EventKind;
  /** Book rows: Bid or Ask. Trades: Bid means a buy aggressor, Ask a sell aggressor. */
  side: Side;
  /** Integer ticks. 0 for clear. */
  price: number;
  /** Integer lots. */
  qty: number;
  /** L3 order id, 0 when none. */
  orderId: number;
  /** Exchange time, ns since the Unix epoch. */
  tsExch: bigint;
  /** Local (receive) time, ns since the Unix epoch. */
  tsLocal: bigint;
  /** 1-based index of the source record (line or message) that produced this event. */
  record: number;
}

export function kindFromName(name: string): EventKind | undefined {
  const i = (KIND_NAMES as readonly string[]).indexOf(name);
  return i < 0 ? undefined : (i as EventKind);
}

/** The side text of the native format: bid/ask for book rows, buy/sell for trades. */
export function sideName(kind: EventKind, side: Side): string {
  if (side === Side.None) return '';
  if (kind === EventKind.Trade) return side === Side.Bid ? 'buy' : 'sell';
  return side === Side.Bid ? 'bid' : 'ask';
}

export function sideFromName(kind: EventKind, text: string): Side | undefined {
  if (text === '') return Side.None;
  if (kind === EventKind.Trade) return text === 'buy' ? Side.Bid : text === 'sell' ? Side.Ask : undefined;
  return text === 'bid' ? Side.Bid : text === 'ask' ? Side.Ask : undefined;
}
