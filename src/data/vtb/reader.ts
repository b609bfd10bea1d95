import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { EventKind, MarketEvent, Side } from '../../engine/model/events.js';
import type { MarketData, ReadOptions } from '../market-data.js';
import { blockColumns, blockLayout, eventsInBlock } from './format.js';
import { type VtbHeader, checksumError, readVtbHeader } from './header.js';
import { assertLittleEndian } from './writer.js';

/**
 * Opens a .vtb cache: checks magic, version and size now, and the body's checksum while streaming.
 * The last batch of a pass is only delivered once the checksum matched, so a pass over a damaged
 * cache always ends in an InputError. The instrument is the one stored in the cache; options are
 * accepted for symmetry with the other readers (a cache is always ordered and self-describing).
 */
export function openVtb(path: string, _opts: ReadOptions = {}): MarketData {
  assertLittleEndian();
  const header = readVtbHeader(path);
  return {
    path,
    format: 'vtb',
    instrument: header.instrument,
    warnings: [],
    events: () => readVtbEvents(path, header),
  };
}

async function* readVtbEvents(path: string, header: VtbHeader): AsyncGenerator<MarketEvent[]> {
  const handle = await open(path, 'r');
  try {
    const hash = createHash('sha256');
    let position = header.headerBytes;
    for (let b = 0; b < header.blocks; b++) {
      const n = eventsInBlock(b, header.count, header.blockEvents);
      const bytes = blockLayout(n).bytes;
      const buffer = new ArrayBuffer(bytes); // fresh, so 8-aligned for the column views
      const { bytesRead } = await handle.read(new Uint8Array(buffer), 0, bytes, position);
      if (bytesRead !== bytes) throw checksumError(path);
      position += bytes;
      hash.update(new Uint8Array(buffer));
      const events = toEvents(buffer, n);
      if (b === header.blocks - 1 && !hash.digest().equals(header.checksum)) throw checksumError(path);
      yield events;
    }
    if (header.blocks === 0 && !hash.digest().equals(header.checksum)) throw checksumError(path);
  } finally {
    await handle.close();
  }
}

function toEvents(buffer: ArrayBuffer, n: number): MarketEvent[] {
  const c = blockColumns(buffer, 0, n);
  const out: MarketEvent[] = new Array<MarketEvent>(n);
  for (let i = 0; i < n; i++) {
    out[i] = {
      kind: c.kind[i] as EventKind,
      side: c.side[i] as Side,
      price: c.price[i],
      qty: c.qty[i],
      orderId: c.orderId[i],
      tsExch: c.tsExch[i],
      tsLocal: c.tsLocal[i],
      record: c.record[i],
    };
  }
  return out;
}
