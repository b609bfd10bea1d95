import { ValueError } from '../../engine/model/errors.js';

/**
 * The messages a recording holds, decoded from JSON but with prices and sizes still decimal
 * text: converting them needs the instrument, which the reader owns.
 */

/** [price, qty] as written. */
export type TextLevel = [string, string];

export interface DepthDiff {
  type: 'depth';
  symbol: string;
  /** Event time, ms. */
  eventTime: number;
  /** First and last update id in the event (U, u), and the previous event's last id (pu, futures only). */
  first: number;
  last: number;
  prev: number | undefined;
  bids: TextLevel[];
  asks: TextLevel[];
}

export interface DepthSnapshot {
  type: 'snapshot';
  lastUpdateId: number;
  /** Futures snapshots carry an event time (ms); spot ones do not. */
  eventTime: number | undefined;
  bids: TextLevel[];
  asks: TextLevel[];
}

export interface BookTickerMsg {
  type: 'bookTicker';
  symbol: string;
  updateId: number;
  /** Futures only (E), ms. */
  eventTime: number | undefined;
  bidPrice: string;
  bidQty: string;
  askPrice: string;
  askQty: string;
}

export interface TradeMsg {
  type: 'trade';
  symbol: string;
  /** Trade time (T), ms. */
  time: number;
  price: string;
  qty: string;
  /** m: the buyer was the maker, so the seller hit the bid. */
  buyerIsMaker: boolean;
  /** Futures "X": MARKET for ordinary prints; INSURANCE_FUND / ADL are not order-book trades. */
  execType: string | undefined;
}

export interface HlBook {
  type: 'hlBook';
  coin: string;
  time: number;
  bids: TextLevel[];
  asks: TextLevel[];
}

export interface HlTrade {
  coin: string;
  time: number;
  price: string;
  qty: string;
  /** "B": the buyer was the aggressor; "A": the seller. */
  side: string;
}

export interface HlTrades {
  type: 'hlTrades';
  trades: HlTrade[];
}

/** A message the reader counts and skips (mark price, subscription acks, unknown streams). */
export interface OtherMsg {
  type: 'other';
  /** The stream or channel name, for the counts. */
  name: string;
}

export type Message = DepthDiff | DepthSnapshot | BookTickerMsg | TradeMsg | HlBook | HlTrades | OtherMsg;

type Obj = Record<string, unknown>;

/** Decodes the JSON part of a line. Throws ValueError naming the field on anything unexpected. */
export function decodeMessage(json: string): Message {
  let root: unknown;
  try {
    root = JSON.parse(json);
  } catch (err) {
    throw new ValueError('json', `not valid JSON (${(err as Error).message})`);
  }
  if (!isObj(root)) throw new ValueError('json', 'expected a JSON object');
  const stream = root.stream;
  if (typeof stream === 'string') return decodeStream(stream, obj(root.data, 'data'));
  const channel = root.channel;
  if (typeof channel === 'string') return decodeChannel(channel, root.data);
  if ('lastUpdateId' in root) {
    return {
      type: 'snapshot',
      lastUpdateId: id(root.lastUpdateId, 'lastUpdateId'),
      eventTime: root.E === undefined ? undefined : int(root.E, 'E'),
      bids: levels(root.bids, 'bids'),
      asks: levels(root.asks, 'asks'),
    };
  }
  throw new ValueError('json', 'neither a stream message, a channel message nor a depth snapshot');
}

function decodeStream(stream: string, d: Obj): Message {
  const at = stream.indexOf('@');
  const kind = at < 0 ? stream : stream.slice(at + 1);
  if (kind.startsWith('depth')) {
    return {
      type: 'depth',
      symbol: str(d.s, 's'),
      eventTime: int(d.E, 'E'),
      first: id(d.U, 'U'),
      last: id(d.u, 'u'),
      prev: d.pu === undefined ? undefined : id(d.pu, 'pu'),
      bids: levels(d.b, 'b'),
      asks: levels(d.a, 'a'),
    };
  }
  if (kind === 'bookTicker') {
    return {
      type: 'bookTicker',
      symbol: str(d.s, 's'),
      updateId: id(d.u, 'u'),
      eventTime: d.E === undefined ? undefined : int(d.E, 'E'),
      bidPrice: str(d.b, 'b'),
      bidQty: str(d.B, 'B'),
      askPrice: str(d.a, 'a'),
      askQty: str(d.A, 'A'),
    };
  }
  if (kind === 'trade') {
    if (typeof d.m !== 'boolean') throw new ValueError('m', 'm (buyer is maker) must be true or false');
    return {
      type: 'trade',
      symbol: str(d.s, 's'),
      time: int(d.T, 'T'),
      price: str(d.p, 'p'),
      qty: str(d.q, 'q'),
      buyerIsMaker: d.m,
      execType: d.X === undefined ? undefined : str(d.X, 'X'),
    };
  }
  return { type: 'other', name: kind };
}

function decodeChannel(channel: string, data: unknown): Message {
  if (channel === 'l2Book') {
    const d = obj(data, 'data');
    const sides = d.levels;
    if (!Array.isArray(sides) || sides.length !== 2) throw new ValueError('levels', 'levels must be [bids, asks]');
    return {
      type: 'hlBook',
      coin: str(d.coin, 'coin'),
      time: int(d.time, 'time'),
      bids: hlLevels(sides[0], 'levels[0]'),
      asks: hlLevels(sides[1], 'levels[1]'),
    };
  }
  if (channel === 'trades') {
    if (!Array.isArray(data)) throw new ValueError('data', 'trades data must be an array');
    return {
      type: 'hlTrades',
      trades: data.map((t, i) => {
        const o = obj(t, `data[${i}]`);
        return {
          coin: str(o.coin, 'coin'),
          time: int(o.time, 'time'),
          price: str(o.px, 'px'),
          qty: str(o.sz, 'sz'),
          side: str(o.side, 'side'),
        };
      }),
    };
  }
  return { type: 'other', name: channel };
}

function levels(v: unknown, field: string): TextLevel[] {
  if (!Array.isArray(v)) throw new ValueError(field, `${field} must be an array of [price, qty]`);
  for (const l of v) {
    if (!Array.isArray(l) || l.length < 2 || typeof l[0] !== 'string' || typeof l[1] !== 'string') {
      throw new ValueError(field, `${field} must hold ["price", "qty"] pairs of decimal strings`);
    }
  }
  return v as TextLevel[];
}

function hlLevels(v: unknown, field: string): TextLevel[] {
  if (!Array.isArray(v)) throw new ValueError(field, `${field} must be an array of levels`);
  return v.map((l) => {
    const o = obj(l, field);
    return [str(o.px, 'px'), str(o.sz, 'sz')];
  });
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function obj(v: unknown, field: string): Obj {
  if (!isObj(v)) throw new ValueError(field, `${field} must be an object`);
  return v;
}

function str(v: unknown, field: string): string {
  if (typeof v !== 'string') throw new ValueError(field, `${field} is missing or not a string`);
  return v;
}

function int(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw new ValueError(field, `${field} is missing or not a non-negative integer`);
  }
  return v;
}

/** Update ids reach ~5e12 on futures: well inside 2^53, which this checks. */
const id = int;
