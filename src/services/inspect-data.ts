import { KIND_NAMES, EventKind } from '../engine/model/events.js';
import { instrumentSpec, ticksToPrice, type InstrumentSpec } from '../engine/model/instrument.js';
import type { MarketData } from '../data/market-data.js';

export interface DataSummary {
  file: string;
  format: string;
  instrument: InstrumentSpec;
  records: number;
  events: number;
  counts: Record<string, number>;
  first_ts_exch: string | null;
  last_ts_exch: string | null;
  price_min: string | null;
  price_max: string | null;
  warnings: string[];
}

/** One streaming pass: counts by kind, time range, price range. */
export async function inspectData(data: MarketData, onProgress?: (events: number) => void): Promise<DataSummary> {
  const counts = new Array<number>(KIND_NAMES.length).fill(0);
  let events = 0;
  let records = 0;
  let first: bigint | undefined;
  let last: bigint | undefined;
  let min = Infinity;
  let max = -Infinity;
  for await (const batch of data.events()) {
    for (const e of batch) {
      counts[e.kind]++;
      if (first === undefined) first = e.tsExch;
      last = e.tsExch;
      if (e.record > records) records = e.record;
      if (e.kind !== EventKind.Clear && !(e.kind === EventKind.Level && e.qty === 0)) {
        if (e.price < min) min = e.price;
        if (e.price > max) max = e.price;
      }
    }
    events += batch.length;
    onProgress?.(events);
  }
  const inst = data.instrument;
  return {
    file: data.path,
    format: data.format,
    instrument: instrumentSpec(inst),
    // Every source record counts, also those that change nothing (a ticker line, a skipped row).
    records: data.recordCount ?? records,
    events,
    counts: Object.fromEntries(KIND_NAMES.map((name, i) => [name, counts[i]])),
    first_ts_exch: first?.toString() ?? null,
    last_ts_exch: last?.toString() ?? null,
    price_min: Number.isFinite(min) ? ticksToPrice(inst, min) : null,
    price_max: Number.isFinite(max) ? ticksToPrice(inst, max) : null,
    warnings: [...data.warnings],
  };
}
