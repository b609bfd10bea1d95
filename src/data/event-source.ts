import type { MarketEvent } from '../engine/model/events.js';
import type { Instrument } from '../engine/model/instrument.js';
import type { MarketData } from './market-data.js';

/** Events one at a time or in batches, sync or async. */
export type EventSource = Iterable<MarketEvent | MarketEvent[]> | AsyncIterable<MarketEvent | MarketEvent[]>;

/** What the writers take: a reader's MarketData, or an instrument and events. */
export type WriteSource = MarketData | { instrument: Instrument; events: EventSource };

/** The events of a write source as one async stream of single events or batches. */
export function sourceEvents(source: WriteSource): EventSource {
  return isReader(source) ? source.events() : source.events;
}

function isReader(source: WriteSource): source is MarketData {
  return typeof source.events === 'function';
}
