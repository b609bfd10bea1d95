import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { ValueError } from '../engine/model/errors.js';
import { priceToTicks, qtyToLots, type Instrument } from '../engine/model/instrument.js';
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
}

export const ORDERS_HEADER = 'id,ts,side,type,qty,limit,tif';
const TIFS: readonly TimeInForce[] = ['IOC', 'FOK', 'GTC', 'DAY'];

/**
 * Reads an orders CSV (`id,ts,side,type,qty,limit,tif`): ts as epoch ns or ISO 8601 with an
 * offset; side buy|sell; type market|limit; tif IOC|FOK|GTC|DAY (market orders default to IOC).
 * Every problem names the file, line and field.
 */
export function readOrdersCsv(path: string, instrument: Instrument): ListedOrder[] {
  assertReadableFile(path);
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  if (lines[0]?.trim() !== ORDERS_HEADER) {
    throw new InputError(path, 1, 'header', `expected the header "${ORDERS_HEADER}"`);
  }
  const out: ListedOrder[] = [];
  const ids = new Set<string>();
  for (let i = 1; i < lines.length; i++) {
    const text = lines[i];
    if (text.trim() === '') continue;
    const line = i + 1;
    const f = text.split(',');
    const fail = (field: string, msg: string) => new InputError(path, line, field, msg);
    if (f.length !== 7) throw fail('', `expected 7 fields, got ${f.length}`);
    const [id, tsText, side, type, qtyText, limitText, tifText] = f.map((x) => x.trim());
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
    try {
      const qty = qtyToLots(instrument, qtyText, 'qty');
      if (qty <= 0) throw new ValueError('qty', 'qty must be positive');
      let limit: number | undefined;
      if (type === 'limit') {
        if (limitText === '') throw new ValueError('limit', 'a limit order needs a limit price');
        limit = priceToTicks(instrument, limitText, 'limit');
      } else if (limitText !== '') throw new ValueError('limit', 'a market order takes no limit price');
      out.push({ id, ts, side, type, qty, limit, tif, line });
    } catch (err) {
      if (err instanceof ValueError) throw fail(err.field, err.message);
      throw err;
    }
  }
  return out;
}
