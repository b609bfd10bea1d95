import { Decimal } from 'decimal.js';
import { LedgerDecimal, PositionLots } from '../../engine/portfolio/lots.js';
import type { ReportFill } from './report-data.js';

/** One round trip: a position opened from flat and taken back to flat (or through it). */
export interface RoundTrip {
  symbol: string;
  openTs: bigint;
  closeTs: bigint;
  /** Realized P&L (average cost) minus every fee paid in the trip, exact decimal. */
  pnl: Decimal;
}

interface OpenTrip {
  openTs: bigint;
  pnl: Decimal;
}

/**
 * The closed trades of a fill history, for win rate and profit factor: a trade is a round trip
 * per symbol, from the fill that opens a position out of flat to the fill that brings it back to
 * flat. A fill that flips the position through zero closes one trip and opens the next; its fee
 * is split between them by quantity. P&L is average-cost realized P&L (PositionLots, the books'
 * own rules) after fees, so the trips' P&Ls add up to realized minus fees of the closed trips.
 * A trip still open at the end is not a closed trade and is left out.
 */
export function roundTrips(fills: readonly ReportFill[]): RoundTrip[] {
  const books = new Map<string, PositionLots>();
  const open = new Map<string, OpenTrip>();
  const out: RoundTrip[] = [];
  for (const f of fills) {
    let book = books.get(f.symbol);
    if (book === undefined) books.set(f.symbol, (book = new PositionLots()));
    const before = book.qty;
    const { realizedAvg } = book.apply(f.side, f.qty, f.price, f.fee, f.ts);
    const after = book.qty;
    const size = new LedgerDecimal(f.qty);
    const fee = new LedgerDecimal(f.fee);
    const trip = open.get(f.symbol);
    if (trip === undefined) {
      // Out of flat: the whole fill opens a trip.
      open.set(f.symbol, { openTs: f.ts, pnl: fee.negated() });
      continue;
    }
    const flipped = !after.isZero() && after.s !== before.s;
    // The part of the fee that belongs to the closing side of a flip.
    const closingFee = flipped ? fee.times(before.abs()).dividedBy(size) : fee;
    trip.pnl = trip.pnl.plus(realizedAvg).minus(closingFee);
    if (after.isZero() || flipped) {
      out.push({ symbol: f.symbol, openTs: trip.openTs, closeTs: f.ts, pnl: trip.pnl });
      open.delete(f.symbol);
      if (flipped) open.set(f.symbol, { openTs: f.ts, pnl: closingFee.minus(fee) });
    }
  }
  return out;
}
