import type { Instrument } from '../../engine/model/instrument.js';
import { priceToTicks, qtyToLots } from '../../engine/model/instrument.js';
import type { OrderSide, TimeInForce } from '../../engine/model/orders.js';
import type { TicketOrder } from '../session/types.js';

export const TICKET_FIELDS = ['side', 'type', 'qty', 'price', 'tif'] as const;
export type TicketField = (typeof TICKET_FIELDS)[number];
export const TICKET_TIFS: readonly TimeInForce[] = ['GTC', 'DAY', 'IOC', 'FOK'];
/** A market order cannot rest: only these apply to it, so the ticket never shows one and sends another. */
export const MARKET_TIFS: readonly TimeInForce[] = ['IOC', 'FOK'];

export interface TicketState {
  side: OrderSide;
  type: 'limit' | 'market';
  /** As typed, in instrument units and currency. */
  qty: string;
  price: string;
  tif: TimeInForce;
  field: TicketField;
  /**
   * The focused text field still shows what the ticket filled in (or was moved onto): the first
   * character typed replaces it, as a selected field would; Backspace edits it instead.
   */
  fresh: boolean;
}

export type TicketAction =
  | { type: 'field'; dir: 1 | -1 }
  | { type: 'cycle'; dir: 1 | -1 }
  | { type: 'char'; ch: string }
  | { type: 'backspace' };

export function newTicket(side: OrderSide, price = '', qty = ''): TicketState {
  // With a price given (Enter on a ladder level) the quantity is what is left to type.
  return { side, type: 'limit', qty, price, tif: 'GTC', field: 'qty', fresh: qty !== '' };
}

/** The fields that apply: a market order has no price. */
export function ticketFields(t: TicketState): readonly TicketField[] {
  return t.type === 'market' ? TICKET_FIELDS.filter((f) => f !== 'price') : TICKET_FIELDS;
}

const cycle = <T>(xs: readonly T[], x: T, dir: number): T => xs[(xs.indexOf(x) + dir + xs.length) % xs.length];

export function ticketReducer(t: TicketState, a: TicketAction): TicketState {
  switch (a.type) {
    case 'field': {
      const field = cycle(ticketFields(t), t.field, a.dir);
      return { ...t, field, fresh: (field === 'qty' || field === 'price') && t[field] !== '' };
    }
    case 'cycle':
      if (t.field === 'side') return { ...t, side: t.side === 'buy' ? 'sell' : 'buy' };
      if (t.field === 'type') {
        const type = t.type === 'limit' ? 'market' : 'limit';
        return { ...t, type, tif: type === 'market' && !MARKET_TIFS.includes(t.tif) ? 'IOC' : t.tif };
      }
      if (t.field === 'tif') return { ...t, tif: cycle(t.type === 'market' ? MARKET_TIFS : TICKET_TIFS, t.tif, a.dir) };
      return t;
    case 'char': {
      if (t.field !== 'qty' && t.field !== 'price') return t;
      if (!/^[0-9.]$/.test(a.ch)) return t;
      const cur = t.fresh ? '' : t[t.field];
      if (a.ch === '.' && cur.includes('.')) return { ...t, fresh: false };
      return { ...t, [t.field]: cur + a.ch, fresh: false };
    }
    case 'backspace':
      if (t.field !== 'qty' && t.field !== 'price') return t;
      return { ...t, [t.field]: t[t.field].slice(0, -1), fresh: false };
  }
}

/** The ticket as an order in ticks and lots, or what is wrong with it. */
export function ticketOrder(t: TicketState, inst: Instrument): { order: TicketOrder } | { error: string } {
  if (t.qty === '') return { error: 'type a quantity' };
  let lots: number;
  try {
    lots = qtyToLots(inst, t.qty, 'qty');
  } catch {
    return { error: `quantity must be a multiple of ${inst.lotSize}` };
  }
  if (lots <= 0) return { error: 'quantity must be above zero' };
  if (t.type === 'market') return { order: { side: t.side, type: 'market', qty: lots, tif: MARKET_TIFS.includes(t.tif) ? t.tif : 'IOC' } };
  if (t.price === '') return { error: 'type a limit price' };
  let ticks: number;
  try {
    ticks = priceToTicks(inst, t.price, 'price');
  } catch {
    return { error: `price must be a multiple of ${inst.tickSize}` };
  }
  if (ticks <= 0) return { error: 'price must be above zero' };
  return { order: { side: t.side, type: 'limit', qty: lots, limit: ticks, tif: t.tif } };
}
