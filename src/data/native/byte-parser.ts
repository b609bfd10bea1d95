import { EventKind, Side, type MarketEvent } from '../../engine/model/events.js';
import type { Instrument } from '../../engine/model/instrument.js';
import type { DecimalStep } from '../../engine/model/decimal-units.js';
import { EpochField, ascii, bytesAre, bytesToSteps } from '../byte-fields.js';

/** Kind names by their first letter and length, as bytes. */
const KIND_BYTES: Array<[EventKind, Uint8Array]> = [
  [EventKind.Level, ascii('level')],
  [EventKind.Trade, ascii('trade')],
  [EventKind.Clear, ascii('clear')],
  [EventKind.Add, ascii('add')],
  [EventKind.Cancel, ascii('cancel')],
  [EventKind.Delete, ascii('delete')],
  [EventKind.Execute, ascii('execute')],
];
const BID = ascii('bid');
const ASK = ascii('ask');
const BUY = ascii('buy');
const SELL = ascii('sell');
const COMMA = 44;

/** What the byte parser shares with the reader's string parser: the order check's last time. */
export interface OrderState {
  lastTs: bigint;
}

/**
 * The native reader's hot path: a data row parsed from its bytes, with no line or field
 * strings. Splitting decoded lines into strings held the reader to 86 MB/s per CPU second on
 * the USD-M session (2026-12-05); see BENCHMARKS.md for the figure with this parser.
 *
 * It takes only rows that are plainly valid and in order, and answers undefined for any other
 * (the reader hands those to NativeRowParser, which accepts them or names file, line and field),
 * so both paths give the same events and the same errors.
 */
export class NativeByteParser {
  private readonly exch = new EpochField();
  private readonly local = new EpochField();
  private readonly tick: DecimalStep;
  private readonly lot: DecimalStep;

  constructor(
    instrument: Instrument,
    private readonly rows: OrderState,
  ) {
    this.tick = instrument.tick;
    this.lot = instrument.lot;
  }

  parse(b: Uint8Array, start: number, end: number, lineNo: number): MarketEvent | undefined {
    // ts_exch, then ts_local (empty: the same as ts_exch)
    const tsExch = this.exch.parse(b, start, end);
    let i = this.exch.next;
    if (tsExch === undefined || b[i] !== COMMA) return undefined;
    i++;
    let tsLocal = tsExch;
    if (b[i] !== COMMA) {
      const local = this.local.parse(b, i, end);
      i = this.local.next;
      if (local === undefined || b[i] !== COMMA) return undefined;
      tsLocal = local;
    }
    i++;
    // kind
    let c = i;
    while (c < end && b[c] !== COMMA) c++;
    const kindCode = kindOf(b, i, c);
    if (kindCode < 0 || c >= end) return undefined;
    const kind = kindCode as EventKind;
    // side
    i = c + 1;
    c = i;
    while (c < end && b[c] !== COMMA) c++;
    if (c >= end) return undefined;
    const sideCode = sideOf(kind, b, i, c);
    const side = sideCode as Side;
    i = c + 1;
    // price, qty
    c = i;
    while (c < end && b[c] !== COMMA) c++;
    if (c >= end) return undefined;
    const priceStart = i;
    const priceEnd = c;
    i = c + 1;
    c = i;
    while (c < end && b[c] !== COMMA) c++;
    if (c >= end) return undefined;
    const qtyStart = i;
    const qtyEnd = c;
    // order_id: the rest (no more commas)
    i = c + 1;
    let orderId = 0;
    for (; i < end; i++) {
      const d = b[i] - 48;
      if (d < 0 || d > 9) return undefined;
      orderId = orderId * 10 + d;
    }
    const idDigits = end - c - 1;
    // Rows out of order take the careful path, which counts or refuses them.
    if (tsLocal < this.rows.lastTs) return undefined;
    const record = lineNo - 1;
    if (kind === EventKind.Clear) {
      if (side !== Side.None || priceEnd > priceStart || qtyEnd > qtyStart || idDigits > 0) return undefined;
      this.rows.lastTs = tsLocal;
      return { kind, side, price: 0, qty: 0, orderId: 0, tsExch, tsLocal, record };
    }
    if (sideCode < 0 || (side === Side.None && kind !== EventKind.Trade)) return undefined;
    const price = bytesToSteps(b, priceStart, priceEnd, this.tick);
    const qty = bytesToSteps(b, qtyStart, qtyEnd, this.lot);
    if (Number.isNaN(price) || !(qty >= 0) || idDigits > 15) return undefined;
    if (idDigits === 0 && kind >= EventKind.Add && kind <= EventKind.Execute) return undefined;
    this.rows.lastTs = tsLocal;
    return { kind, side, price, qty, orderId, tsExch, tsLocal, record };
  }
}

function kindOf(b: Uint8Array, s: number, e: number): number {
  for (const [kind, word] of KIND_BYTES) if (bytesAre(b, s, e, word)) return kind;
  return -1;
}

/** The side a row's text names, Side.None for empty, -1 for text not valid for the kind. */
function sideOf(kind: number, b: Uint8Array, s: number, e: number): number {
  if (s === e) return Side.None;
  if (kind === EventKind.Trade) return bytesAre(b, s, e, BUY) ? Side.Bid : bytesAre(b, s, e, SELL) ? Side.Ask : -1;
  return bytesAre(b, s, e, BID) ? Side.Bid : bytesAre(b, s, e, ASK) ? Side.Ask : -1;
}
