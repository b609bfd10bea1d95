import { instrumentId, makeInstrument, type Instrument, type InstrumentSpec } from '../engine/model/instrument.js';
import type { Db } from './database.js';
import { stmt } from './statements.js';

/**
 * The name an account keeps each instrument under (its positions, fills and markets), in the
 * order given. An instrument the account already keeps, by symbol and venue, keeps its name. A
 * new one takes its plain symbol (AAPL, BTCUSDT) unless the account, or an instrument before it
 * in the list, already keeps that symbol for another venue; then it takes symbol.venue
 * (BTCUSDT.binance-usdm beside spot's BTCUSDT). Names once given never change, so a run resumed
 * after a crash books under the names it started with.
 */
export function accountSymbols(db: Db, accountId: number, instruments: readonly Instrument[]): string[] {
  const kept = new Map<string, string>(); // name -> instrument id
  const rows = stmt(db, 'SELECT symbol, instrument_json FROM positions WHERE account_id = ? UNION SELECT symbol, instrument_json FROM account_markets WHERE account_id = ?').all(accountId, accountId) as {
    symbol: string;
    instrument_json: string;
  }[];
  for (const r of rows) kept.set(r.symbol, instrumentId(makeInstrument(JSON.parse(r.instrument_json) as InstrumentSpec)));
  return instruments.map((inst) => {
    const id = instrumentId(inst);
    for (const [name, keptId] of kept) if (keptId === id) return name;
    const name = kept.has(inst.symbol) ? id : inst.symbol;
    kept.set(name, id);
    return name;
  });
}
