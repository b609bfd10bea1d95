import { makeInstrument, type Instrument } from '../../engine/model/instrument.js';
import { InputError } from '../../errors.js';
import { FieldError, newMessageRow, parseMessageLine } from './fields.js';
import { openLobsterSource } from './source.js';

/** Message types that carry a real price (7, the halt indicator, carries -1, 0 or 1). */
const PRICED_TYPES_MAX = 6;

/**
 * The instrument of a LOBSTER day: NASDAQ equity in USD, whole-share lots, and a tick of one
 * cent when every price is a whole number of cents, else 0.0001 (the file's own resolution;
 * hidden executions at the midpoint print in half cents).
 */
export function lobsterInstrument(symbol: string, wholeCents: boolean): Instrument {
  return makeInstrument({
    symbol,
    venue: 'NASDAQ',
    assetClass: 'equity',
    currency: 'USD',
    tickSize: wholeCents ? '0.01' : '0.0001',
    lotSize: '1',
  });
}

/**
 * Infers the instrument from the file name (symbol) and a streaming pass over the message file
 * (tick size). Only the message file is scanned: displayed limit prices must be whole cents
 * (Reg NMS sub-penny rule), so the orderbook file adds nothing; should a row prove otherwise,
 * the reader fails on that row and names it.
 */
export async function inferLobsterInstrument(path: string): Promise<Instrument> {
  const src = await openLobsterSource(path, 'message');
  let wholeCents = true;
  try {
    const row = newMessageRow();
    const lines = src.messages;
    for (;;) {
      if (!lines.nextSync()) {
        if (await lines.fill()) continue;
        break;
      }
      try {
        parseMessageLine(lines.buf, lines.start, lines.end, row);
      } catch (err) {
        if (err instanceof FieldError) throw new InputError(src.messageFile, lines.line, err.field, err.detail);
        throw err;
      }
      if (row.type >= 1 && row.type <= PRICED_TYPES_MAX && row.price % 100 !== 0) {
        wholeCents = false;
        break;
      }
    }
  } finally {
    await src.close();
  }
  return lobsterInstrument(src.name.symbol, wholeCents);
}
