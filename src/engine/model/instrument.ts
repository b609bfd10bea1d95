import { ValueError } from './errors.js';
import { type DecimalStep, parseStep, decimalToSteps, stepsToDecimal } from './decimal-units.js';

export type AssetClass = 'equity' | 'crypto' | 'future' | 'fx' | 'other';

/** An instrument as users write it in JSON. */
export interface InstrumentSpec {
  symbol: string;
  venue: string;
  assetClass: AssetClass;
  currency: string;
  tickSize: string;
  lotSize: string;
  sector?: string;
}

/** An instrument ready for exact conversions between decimal text and ticks and lots. */
export interface Instrument extends InstrumentSpec {
  readonly tick: DecimalStep;
  readonly lot: DecimalStep;
}

const ASSET_CLASSES: readonly AssetClass[] = ['equity', 'crypto', 'future', 'fx', 'other'];

export function makeInstrument(spec: InstrumentSpec): Instrument {
  for (const key of ['symbol', 'venue', 'currency'] as const) {
    if (typeof spec[key] !== 'string' || spec[key].length === 0) {
      throw new ValueError(key, `${key} must be a non-empty string`);
    }
  }
  if (!ASSET_CLASSES.includes(spec.assetClass)) {
    throw new ValueError('assetClass', `assetClass must be one of ${ASSET_CLASSES.join(', ')}, got "${String(spec.assetClass)}"`);
  }
  const tick = parseStep(String(spec.tickSize), 'tickSize');
  const lot = parseStep(String(spec.lotSize), 'lotSize');
  const out: Instrument = { ...spec, tickSize: tick.text, lotSize: lot.text, tick, lot };
  if (spec.sector === undefined) delete (out as Partial<InstrumentSpec>).sector;
  return out;
}

/**
 * The instrument's name in a run: its symbol qualified by its venue ("BTCUSDT.binance-usdm"), so
 * the same symbol on two venues (spot and perpetual) is two instruments.
 */
export const instrumentId = (instrument: Pick<InstrumentSpec, 'symbol' | 'venue'>): string => `${instrument.symbol}.${instrument.venue}`;

/** The JSON form of an instrument, with keys in a fixed order so files are byte-stable. */
export function instrumentSpec(instrument: Instrument): InstrumentSpec {
  const spec: InstrumentSpec = {
    symbol: instrument.symbol,
    venue: instrument.venue,
    assetClass: instrument.assetClass,
    currency: instrument.currency,
    tickSize: instrument.tickSize,
    lotSize: instrument.lotSize,
  };
  if (instrument.sector !== undefined) spec.sector = instrument.sector;
  return spec;
}

export const priceToTicks = (instrument: Instrument, text: string, field = 'price'): number =>
  decimalToSteps(text, instrument.tick, field);
export const ticksToPrice = (instrument: Instrument, ticks: number): string => stepsToDecimal(ticks, instrument.tick);
export const qtyToLots = (instrument: Instrument, text: string, field = 'qty'): number =>
  decimalToSteps(text, instrument.lot, field);
export const lotsToQty = (instrument: Instrument, lots: number): string => stepsToDecimal(lots, instrument.lot);
