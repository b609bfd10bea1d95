import { instrumentId } from '../engine/model/instrument.js';
import { UsageError } from '../errors.js';
import type { MarketData } from './market-data.js';
import { openMarketData, type OpenOptions } from './open.js';

/**
 * Opens the parts of a run over several instruments: each part is one instrument's session (one
 * file, or consecutive files), in the order given. The parts must name different instruments
 * (venue-qualified: BTCUSDT on spot and on USD-M are two) and share one currency, since one
 * account holds the cash: there is no conversion between currencies.
 */
export async function openParts(parts: readonly (readonly string[])[], opts: OpenOptions = {}): Promise<MarketData[]> {
  const opened: MarketData[] = [];
  for (const paths of parts) opened.push(await openMarketData([...paths], opts));
  checkParts(opened);
  return opened;
}

export function checkParts(parts: readonly Pick<MarketData, 'instrument' | 'path'>[]): void {
  const seen = new Map<string, Pick<MarketData, 'instrument' | 'path'>>();
  for (const p of parts) {
    const id = instrumentId(p.instrument);
    const before = seen.get(id);
    if (before) {
      throw new UsageError(
        `--data: ${before.path} and ${p.path} are both ${id}: a run holds each instrument once`,
        'join consecutive files of one instrument with a comma (a.gz,b.gz), and different instruments with + (a.gz+b.gz)',
      );
    }
    seen.set(id, p);
  }
  const first = parts[0];
  for (const p of parts.slice(1)) {
    if (p.instrument.currency !== first.instrument.currency) {
      throw new UsageError(
        `--data: ${instrumentId(p.instrument)} (${p.path}) is priced in ${p.instrument.currency}, ${instrumentId(first.instrument)} (${first.path}) in ${first.instrument.currency}: one account's cash is in one currency, and there is no conversion between them`,
        'run instruments of one currency together',
      );
    }
  }
}
