import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { ValueError } from '../engine/model/errors.js';
import { instrumentId, priceToTicks, qtyToLots, type Instrument } from '../engine/model/instrument.js';
import type { OrderSide, TimeInForce } from '../engine/model/orders.js';
import { parseTimeArg } from '../cli-support/time-arg.js';
import { assertReadableFile } from './lines.js';

/** One order of a TCA list: ticks, lots and epoch ns. */
export interface ListedOrder {
  id: string;
  ts: bigint;
  side: OrderSide;
  type: 'market' | 'limit';
  qty: number;
  limit?: number;
  tif: TimeInForce;
  line: number;
  /** The instrument the row names (symbol.venue), when the file has an instrument column. */
  instrument?: string;
}

export const ORDERS_HEADER = 'id,ts,side,type,qty,limit,tif';
/** With several instruments in a run, each row names its own (symbol.venue); without it, the first. */
export const ORDERS_HEADER_WITH_INSTRUMENT = `${ORDERS_HEADER},instrument`;
const TIFS: readonly TimeInForce[] = ['IOC', 'FOK', 'GTC', 'DAY'];

/**
 * Reads an orders CSV (`id,ts,side,type,qty,limit,tif`, optionally `,instrument`): ts as epoch ns
 * or ISO 8601 with an offset; side buy|sell; type market|limit; tif IOC|FOK|GTC|DAY (market
 * orders default to IOC); instrument the symbol.venue of one of the run's instruments (empty:
 * the first). A row naming an instrument the run does not hold is kept, unconverted, for the
 * engine to reject (unknown_instrument). Every problem names the file, line and field.
 */
export function readOrdersCsv(path: string, instruments: Instrument | readonly Instrument[]): ListedOrder[] {
  assertReadableFile(path);
  const list: readonly Instrument[] = Array.isArray(instruments) ? instruments : [instruments as Instrument];
  const byId = new Map(list.map((i) => [instrumentId(i), i]));
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  const header = lines[0]?.trim();
  if (header !== ORDERS_HEADER && header !== ORDERS_HEADER_WITH_INSTRUMENT) {
    throw new InputError(path, 1, 'header', `expected the header "${ORDERS_HEADER}" (or "${ORDERS_HEADER_WITH_INSTRUMENT}")`);
  }
  const width = header === ORDERS_HEADER ? 7 : 8;
  const out: ListedOrder[] = [];
  const ids = new Set<string>();
  for (let i = 1; i < lines.length; i++) {
    const text = lines[i];
    if (text.trim() === '') continue;
    const line = i + 1;
    const f = text.split(',');
    const fail = (field: string, msg: string) => new InputError(path, line, field, msg);
    if (f.length !== width) throw fail('', `expected ${width} fields, got ${f.length}`);
    const [id, tsText, side, type, qtyText, limitText, tifText, named = ''] = f.map((x) => x.trim());
    if (id === '') throw fail('id', 'an order needs an id');
    if (ids.has(id)) throw fail('id', `id "${id}" appears twice`);
    ids.add(id);
    let ts: bigint;
    try {
      ts = parseTimeArg(tsText, 'ts');
    } catch {
      throw fail('ts', `"${tsText}" is not epoch ns or ISO 8601 with an offset`);
    }
    if (side !== 'buy' && side !== 'sell') throw fail('side', `"${side}" is not buy or sell`);
    if (type !== 'market' && type !== 'limit') throw fail('type', `"${type}" is not market or limit`);
    const tif = (tifText === '' ? (type === 'market' ? 'IOC' : 'GTC') : tifText) as TimeInForce;
    if (!TIFS.includes(tif)) throw fail('tif', `"${tifText}" is not one of ${TIFS.join(', ')}`);
    const instrument = named === '' ? list[0] : byId.get(named);
    if (instrument === undefined) {
      out.push({ id, ts, side, type, qty: 0, tif, line, instrument: named });
      continue;
    }
    try {
      const qty = qtyToLots(instrument, qtyText, 'qty');
      if (qty <= 0) throw new ValueError('qty', 'qty must be positive');
      let limit: number | undefined;
      if (type === 'limit') {
        if (limitText === '') throw new ValueError('limit', 'a limit order needs a limit price');
        limit = priceToTicks(instrument, limitText, 'limit');
      } else if (limitText !== '') throw new ValueError('limit', 'a market order takes no limit price');
      out.push(named === '' ? { id, ts, side, type, qty, limit, tif, line } : { id, ts, side, type, qty, limit, tif, line, instrument: named });
    } catch (err) {
      if (err instanceof ValueError) throw fail(err.field, err.message);
      throw err;
    }
  }
  return out;
}
