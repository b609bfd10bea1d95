import { L2Book } from '../../engine/book/l2-book.js';
import { EventKind, Side, type MarketEvent } from '../../engine/model/events.js';
import type { Instrument } from '../../engine/model/instrument.js';
import { InputError } from '../../errors.js';
import { SideCorrector } from './correction.js';
import { FieldError, newMessageRow, parseBookLine, parseMessageLine, type MessageRow } from './fields.js';
import { nyMidnightEpochNs } from './ny-midnight.js';
import { openLobsterSource, type LobsterSource } from './source.js';
import { priceScale, rescale, sizeScale } from './units.js';

/** What one pass over the files found. Reset at the start of each pass. */
export interface LobsterStats {
  /** Message rows read (equal to orderbook rows). */
  rows: number;
  /** Rows per LOBSTER message type, indexed by the type (1..7; index 0 unused). */
  messagesByType: number[];
  /** Events emitted, corrections included. */
  events: number;
  /** Level events emitted so that the book matches the orderbook file. */
  correctionLevels: number;
  /** ... of which after row 1, setting up the opening book the file does not show. */
  openingLevels: number;
  /** Rows that needed at least one Level event. */
  rowsCorrected: number;
  /** Rows whose message alone turned the previous book into the orderbook row. */
  rowsClean: number;
}

export function emptyStats(): LobsterStats {
  return { rows: 0, messagesByType: [0, 0, 0, 0, 0, 0, 0, 0], events: 0, correctionLevels: 0, openingLevels: 0, rowsCorrected: 0, rowsClean: 0 };
}

export interface PassConfig {
  path: string;
  instrument: Instrument;
  allowUnordered: boolean;
  /** Filled in place. */
  stats: LobsterStats;
  warn(text: string): void;
}

/** Events are handed out in batches of about this many. */
const BATCH = 4096;

const HALT_MEANING: Record<number, string> = { [-1]: 'trading halt', 0: 'quoting resumes', 1: 'trading resumes' };

/**
 * One pass over a LOBSTER day. Reads the message and orderbook files in lockstep; each
 * message becomes its L3 events, then Level events reconcile the book with the orderbook row,
 * so that a book applying every event shows exactly the file's top N after each record.
 */
export async function* readLobsterPass(cfg: PassConfig): AsyncGenerator<MarketEvent[]> {
  const src = await openLobsterSource(cfg.path, 'both');
  try {
    yield* pass(src, cfg);
  } finally {
    await src.close();
  }
}

async function* pass(src: LobsterSource, cfg: PassConfig): AsyncGenerator<MarketEvent[]> {
  const { instrument, stats } = cfg;
  const levels = src.name.levels;
  const midnight = nyMidnightEpochNs(src.name.date);
  const ps = priceScale(instrument);
  const ss = sizeScale(instrument);
  const book = new L2Book();
  const askFix = new SideCorrector(false, levels, ps, ss);
  const bidFix = new SideCorrector(true, levels, ps, ss);
  const msg = newMessageRow();
  const bookRow = new Float64Array(4 * levels);
  const messages = src.messages;
  const orderbook = src.orderbook!;

  let out: MarketEvent[] = [];
  let rec = 0;
  let ts = midnight;
  let lastNs = -1;
  let rowFixes = 0;
  const emitAsk = (price: number, size: number): void => {
    out.push(event(EventKind.Level, Side.Ask, price, size, 0, ts, rec));
    rowFixes++;
  };
  const emitBid = (price: number, size: number): void => {
    out.push(event(EventKind.Level, Side.Bid, price, size, 0, ts, rec));
    rowFixes++;
  };

  for (;;) {
    // Rows are read in lockstep; only a row that straddles a chunk waits for I/O.
    const haveMessage = messages.nextSync() || (await messages.next());
    const haveBook = orderbook.nextSync() || (await orderbook.next());
    if (!haveMessage || !haveBook) {
      if (haveMessage) {
        throw new InputError(src.messageFile, rec + 1, 'row', `no matching orderbook row: ${src.orderbookFile} ends after ${rec} rows`);
      }
      if (haveBook) {
        throw new InputError(src.orderbookFile, rec + 1, 'row', `no matching message: ${src.messageFile} ends after ${rec} rows`);
      }
      break;
    }
    rec++;
    try {
      parseMessageLine(messages.buf, messages.start, messages.end, msg);
    } catch (err) {
      throw asInputError(err, src.messageFile, rec);
    }
    checkMessage(msg, src.messageFile, rec);
    if (msg.subNanosecond) cfg.warn(`${src.messageFile}:${rec}: time has decimals past the nanosecond; rounded to ${formatNs(msg.nsInDay)}`);
    if (msg.nsInDay !== lastNs) {
      if (msg.nsInDay < lastNs) {
        const detail = `time ${formatNs(msg.nsInDay)} is before the previous row's ${formatNs(lastNs)}`;
        if (!cfg.allowUnordered) throw new InputError(src.messageFile, rec, 'time', detail, 'pass --allow-unordered to accept it');
        cfg.warn(`${src.messageFile}:${rec}: ${detail}`);
      }
      lastNs = msg.nsInDay;
      ts = midnight + BigInt(msg.nsInDay);
    }
    stats.messagesByType[msg.type]++;
    emitMessage(msg, src.messageFile, rec, ts, ps, ss, book, out, cfg);

    try {
      parseBookLine(orderbook.buf, orderbook.start, orderbook.end, bookRow);
      rowFixes = 0;
      // Only a message of types 1-4 changes the book, on its own side.
      const touches = msg.type <= 4;
      askFix.correct(bookRow, book.asks, emitAsk, touches && msg.direction === -1);
      bidFix.correct(bookRow, book.bids, emitBid, touches && msg.direction === 1);
    } catch (err) {
      throw asInputError(err, src.orderbookFile, rec);
    }
    if (rowFixes > 0) {
      stats.rowsCorrected++;
      stats.correctionLevels += rowFixes;
      if (rec === 1) stats.openingLevels += rowFixes;
    } else {
      stats.rowsClean++;
    }
    stats.rows = rec;
    if (out.length >= BATCH) {
      stats.events += out.length;
      yield out;
      out = [];
    }
  }
  if (out.length > 0) {
    stats.events += out.length;
    yield out;
  }
}

/** The L3 events and trade prints of one message, applied to `book` as they are emitted. */
function emitMessage(
  m: MessageRow,
  file: string,
  rec: number,
  ts: bigint,
  ps: ReturnType<typeof priceScale>,
  ss: ReturnType<typeof sizeScale>,
  book: L2Book,
  out: MarketEvent[],
  cfg: PassConfig,
): void {
  if (m.type === 7) {
    cfg.warn(`${file}:${rec}: ${HALT_MEANING[m.price] ?? 'trading halt indicator'} (message type 7)`);
    return;
  }
  const price = rescale(m.price, ps);
  if (Number.isNaN(price)) {
    throw new InputError(file, rec, 'price', `price ${m.price} (dollars x 10000) is not a multiple of the tick size ${cfg.instrument.tickSize}`, 'use tick size 0.0001, or let the reader infer the instrument');
  }
  const qty = rescale(m.size, ss);
  if (Number.isNaN(qty)) {
    throw new InputError(file, rec, 'size', `size ${m.size} is not a multiple of the lot size ${cfg.instrument.lotSize}`);
  }
  // The resting order's side; an execution against it was initiated by the other side.
  const side = m.direction === 1 ? Side.Bid : Side.Ask;
  const aggressor = m.direction === 1 ? Side.Ask : Side.Bid;
  let kind: EventKind;
  switch (m.type) {
    case 1:
      kind = EventKind.Add;
      break;
    case 2:
      kind = EventKind.Cancel;
      break;
    case 3:
      kind = EventKind.Delete;
      break;
    case 4:
      kind = EventKind.Execute;
      break;
    case 5:
      // Hidden liquidity: a print, but nothing visible leaves the book.
      out.push(event(EventKind.Trade, aggressor, price, qty, m.orderId, ts, rec));
      return;
    default:
      // 6: an auction cross has no aggressor.
      out.push(event(EventKind.Trade, Side.None, price, qty, m.orderId, ts, rec));
      return;
  }
  out.push(event(kind, side, price, qty, m.orderId, ts, rec));
  book.applyFields(kind, side, price, qty);
  if (kind === EventKind.Execute) out.push(event(EventKind.Trade, aggressor, price, qty, m.orderId, ts, rec));
}

function checkMessage(m: MessageRow, file: string, rec: number): void {
  if (m.type < 1 || m.type > 7) {
    throw new InputError(file, rec, 'type', `unknown message type ${m.type}`, 'LOBSTER types are 1 (add), 2 (cancel), 3 (delete), 4 (execute), 5 (hidden execute), 6 (cross), 7 (halt)');
  }
  if (m.direction !== 1 && m.direction !== -1) {
    throw new InputError(file, rec, 'direction', `direction must be 1 (buy) or -1 (sell), got ${m.direction}`);
  }
  if (m.type === 7) return;
  if (m.price <= 0) throw new InputError(file, rec, 'price', `price must be positive, got ${m.price}`);
  if (m.size < 0) throw new InputError(file, rec, 'size', `size must not be negative, got ${m.size}`);
  if (m.orderId < 0) throw new InputError(file, rec, 'orderId', `order id must not be negative, got ${m.orderId}`);
}

function event(kind: EventKind, side: Side, price: number, qty: number, orderId: number, ts: bigint, record: number): MarketEvent {
  return { kind, side, price, qty, orderId, tsExch: ts, tsLocal: ts, record };
}

function asInputError(err: unknown, file: string, line: number): unknown {
  return err instanceof FieldError ? new InputError(file, line, err.field, err.detail) : err;
}

function formatNs(ns: number): string {
  const s = Math.floor(ns / 1e9);
  return `${s}.${String(ns - s * 1e9).padStart(9, '0')}`;
}
