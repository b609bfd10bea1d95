import { makeInstrument, type InstrumentSpec } from '../engine/model/instrument.js';
import { positionOf } from '../store/accounts.js';
import type { Db } from '../store/database.js';
import type { PriceSource, Quote } from '../services/staged-fill.js';
import type { SpUniverse } from './market.js';

/**
 * The latest known price of a symbol: for S&P symbols the last daily close in the data; for
 * anything else the last mark of the account's position (set by its last replay). Nothing else:
 * an order for a symbol vtrade has never priced cannot execute.
 */
export class LatestPriceSource implements PriceSource {
  constructor(
    private readonly db: Db,
    private readonly universe: SpUniverse,
  ) {}

  async quote(symbol: string, accountId: number): Promise<Quote | undefined> {
    if (this.universe.has(symbol)) {
      const last = await this.universe.lastClose(symbol);
      return { symbol, price: String(last.close), instrument: await this.universe.instrument(symbol), source: this.universe.pathOf(symbol)!, asOf: `close ${last.date}` };
    }
    const held = positionOf(this.db, accountId, symbol);
    if (held?.last_price) {
      return { symbol, price: held.last_price, instrument: makeInstrument(JSON.parse(held.instrument_json) as InstrumentSpec), source: 'position mark', asOf: 'last replay' };
    }
    return undefined;
  }
}
