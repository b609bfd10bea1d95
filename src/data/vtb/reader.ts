import { open } from 'node:fs/promises';
import { EventKind, type MarketEvent, type Side } from '../../engine/model/events.js';
import type { MarketData, ReadOptions } from '../market-data.js';
import { ColV3, NARROW, NARROW16, blockColumns, crc32, numberColumn } from './format.js';
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
      verifyColumns(path, new Uint8Array(buffer), block, b, block.layout.names.length);
      yield block.layout.version === 2 ? toEvents(buffer, block) : toEventsV3(buffer, block);
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
      throw checksumError(path, `block ${index + 1}, ${l.names[c]} column`);
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

function toEventsV3(buffer: ArrayBuffer, block: VtbBlock): MarketEvent[] {
  const l = block.layout;
  const n = l.n;
  const price = numberColumn(buffer, l.offset[ColV3.price], n, l.narrow, NARROW.price, NARROW16.price);
  const base = block.base;
  const step = block.step;
  const offsetPrices = (l.narrow & NARROW16.price) !== 0;
  const qty = numberColumn(buffer, l.offset[ColV3.qty], n, l.narrow, NARROW.qty, NARROW16.qty);
  const kindSide = new Uint8Array(buffer, l.offset[ColV3.kindSide], n);
  const record = new Uint32Array(buffer, l.offset[ColV3.record], n);
  const orderId = numberColumn(buffer, l.offset[ColV3.orderId], n, l.narrow, NARROW.orderId, 0);
  const tsExch = new BigInt64Array(buffer, l.offset[ColV3.tsExch], n);
  const tsLocal = new BigInt64Array(buffer, l.offset[ColV3.tsLocal], n);
  const out: MarketEvent[] = new Array<MarketEvent>(n);
  for (let i = 0; i < n; i++) {
    const ks = kindSide[i];
    out[i] = {
      kind: (ks & 15) as EventKind,
      side: (ks >>> 4) as Side,
      // A Clear's price is 0 and not stored; a price column that is not uint16 is taken as it
      // is (0 + -0 would be 0).
      price: offsetPrices ? ((ks & 15) === EventKind.Clear ? 0 : base + step * price[i]) : price[i],
      qty: qty[i],
      orderId: orderId[i],
      tsExch: tsExch[i],
      tsLocal: tsLocal[i],
      record: record[i],
    };
  }
  return out;
}
