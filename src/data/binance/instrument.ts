import { basename, dirname } from 'node:path';
import { makeInstrument, type Instrument } from '../../engine/model/instrument.js';
import { stepForScale, type Survey, type VenueKind } from './survey.js';

export const VENUE_NAMES: Record<VenueKind, string> = {
  spot: 'binance-spot',
  usdm: 'binance-usdm',
  coinm: 'binance-coinm',
  hyperliquid: 'hyperliquid',
};

/** Quote assets Binance lists, longest first so "FDUSD" wins over "USD". */
const QUOTES = ['FDUSD', 'USDT', 'USDC', 'TUSD', 'BUSD', 'BTC', 'ETH', 'BNB', 'EUR', 'TRY', 'BRL', 'JPY', 'USD'];

/**
 * Venue from the folder name, used only when the data did not tell (a file of trades alone):
 * the collector's examples sit in spot/, usdm/, cm/ and hyperliquid/ folders.
 */
export function venueFromPath(path: string): VenueKind | undefined {
  const folder = basename(dirname(path)).toLowerCase();
  if (folder.startsWith('spot')) return 'spot';
  if (folder.startsWith('usdm') || folder.startsWith('um') || folder.startsWith('fapi')) return 'usdm';
  if (folder.startsWith('cm') || folder.startsWith('coinm') || folder.startsWith('dapi')) return 'coinm';
  if (folder.startsWith('hyperliquid')) return 'hyperliquid';
  return undefined;
}

/** The quote currency: COIN-M contracts are worth USD; Hyperliquid perps settle in USDC. */
export function quoteCurrency(symbol: string, venue: VenueKind): string {
  if (venue === 'hyperliquid') return 'USDC';
  const pair = symbol.split('_')[0];
  for (const q of QUOTES) if (pair.length > q.length && pair.endsWith(q)) return q;
  return venue === 'coinm' ? 'USD' : 'USDT';
}

/**
 * The instrument a survey implies. Tick and lot are the finest decimal place any non-zero
 * price and size used: every value seen is then exactly on the grid, and the grid is no finer
 * than the data needs (spot writes "61837.63000000": 8 places as text, 2 in use).
 */
export function inferInstrument(survey: Survey, firstPath: string): Instrument | string {
  const venue = survey.venue ?? venueFromPath(firstPath);
  if (survey.symbol === undefined) return 'no message names a symbol';
  if (venue === undefined) return 'cannot tell spot from futures: no depth update or snapshot, and the folder name does not say';
  if (survey.priceScale < 0 || survey.qtyScale < 0) return 'no prices or sizes to infer the tick and lot sizes from';
  return makeInstrument({
    symbol: survey.symbol,
    venue: VENUE_NAMES[venue],
    assetClass: 'crypto',
    currency: quoteCurrency(survey.symbol, venue),
    tickSize: stepForScale(survey.priceScale),
    lotSize: stepForScale(survey.qtyScale),
  });
}
