import { open } from 'node:fs/promises';
import type { EventKind, MarketEvent, Side } from '../../engine/model/events.js';
import type { MarketData, ReadOptions } from '../market-data.js';
import { COLUMNS, blockColumns, crc32 } from './format.js';
import { type VtbBlock, type VtbHeader, checksumError, readVtbHeader } from './header.js';
import { assertLittleEndian } from './writer.js';

/**
 * Opens a .vtb cache: checks magic, version, the header's and every block header's checksum and
 * the size now, and each block's columns against their checksums before the block's events are
 * delivered, so no damaged event ever is. The instrument is the one stored in the cache; options
 * are accepted for symmetry with the other readers (a cache is always ordered and self-describing).
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
    for (const [b, block] of header.index.entries()) {
      const bytes = block.layout.bytes;
      const buffer = new ArrayBuffer(bytes); // fresh, so 8-aligned for the column views
      const { bytesRead } = await handle.read(new Uint8Array(buffer), 0, bytes, block.at);
      if (bytesRead !== bytes) throw checksumError(path, `block ${b + 1}`);
      verifyColumns(path, new Uint8Array(buffer), block, b, COLUMNS.length);
      yield toEvents(buffer, block);
    }
  } finally {
    await handle.close();
  }
}

/** Checks the first `columns` columns of a block held in bytes (from the block's start). */
export function verifyColumns(path: string, bytes: Uint8Array, block: VtbBlock, index: number, columns: number, first = 0): void {
  const l = block.layout;
  for (let c = first; c < first + columns; c++) {
    if (crc32(bytes.subarray(l.offset[c], l.offset[c] + l.length[c])) !== block.crcs[c]) {
      throw checksumError(path, `block ${index + 1}, ${COLUMNS[c]} column`);
    }
  }
}

function toEvents(buffer: ArrayBuffer, block: VtbBlock): MarketEvent[] {
  const c = blockColumns(buffer, 0, block.layout);
  const n = c.n;
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
