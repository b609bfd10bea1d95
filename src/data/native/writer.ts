import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { EventKind, KIND_NAMES, sideName, type MarketEvent } from '../../engine/model/events.js';
import { type Instrument, lotsToQty, ticksToPrice } from '../../engine/model/instrument.js';
import { writeAtomically } from '../atomic-file.js';
import { writeInstrumentFile } from '../instrument-file.js';
import { type EventSource, type WriteSource, sourceEvents } from '../event-source.js';
import { NATIVE_HEADER } from './format.js';


export interface WriteResult {
  events: number;
  /** The instrument file written beside the data. */
  instrumentPath: string;
}

/**
 * Writes events as native CSV (gzip when outPath ends in .gz), plus `<outPath>.instrument.json`.
 * Output goes to a temporary file that is renamed into place only when complete, so a source that
 * fails midway leaves nothing behind.
 */
export async function writeNative(source: WriteSource, outPath: string): Promise<WriteResult> {
  const instrument = source.instrument;
  const events: EventSource = sourceEvents(source);
  let count = 0;
  async function* chunks(): AsyncGenerator<string> {
    yield `${NATIVE_HEADER}\n`;
    let rows: string[] = [];
    for await (const item of events) {
      if (Array.isArray(item)) {
        for (const e of item) rows.push(formatRow(instrument, e));
        count += item.length;
      } else {
        rows.push(formatRow(instrument, item));
        count++;
      }
      if (rows.length >= 8192) {
        yield `${rows.join('\n')}\n`;
        rows = [];
      }
    }
    if (rows.length > 0) yield `${rows.join('\n')}\n`;
  }
  await writeAtomically(outPath, async (temp) => {
    const sink = createWriteStream(temp);
    if (outPath.endsWith('.gz')) await pipeline(Readable.from(chunks()), createGzip(), sink);
    else await pipeline(Readable.from(chunks()), sink);
  });
  const instrumentPath = writeInstrumentFile(outPath, instrument);
  return { events: count, instrumentPath };
}

const isL3 = (kind: number): boolean => kind >= EventKind.Add && kind <= EventKind.Execute;

/** One native CSV row (no newline). */
export function formatRow(instrument: Instrument, e: MarketEvent): string {
  const tsLocal = e.tsLocal === e.tsExch ? '' : String(e.tsLocal);
  if (e.kind === EventKind.Clear) return `${e.tsExch},${tsLocal},clear,,,,`;
  const id = e.orderId !== 0 || isL3(e.kind) ? String(e.orderId) : '';
  return `${e.tsExch},${tsLocal},${KIND_NAMES[e.kind]},${sideName(e.kind, e.side)},${ticksToPrice(instrument, e.price)},${lotsToQty(instrument, e.qty)},${id}`;
}
