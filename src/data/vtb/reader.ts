import { open } from 'node:fs/promises';
import { EventKind, type MarketEvent, type Side } from '../../engine/model/events.js';
import type { MarketData, ReadOptions } from '../market-data.js';
import { Col, ColV3, NARROW, NARROW16, blockColumns, crc32, numberColumn } from './format.js';
import { type VtbBlock, type VtbHeader, checksumError, readVtbHeader } from './header.js';
import { StampColumn } from './stamps.js';
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

/**
 * Events a batch holds: a block (65,536 events) is delivered as 8 batches. A batch is garbage
 * once its consumer is done with it, and one the size of a block (some 5 MB of events) was still
 * held when the young generation filled, so the collector copied it and then promoted it: GC was
 * most of a read (the readers bench's .vtb case: 130-150 MB/s of file bytes, 650-800 with this).
 */
const BATCH = 8192;

async function* readVtbEvents(path: string, header: VtbHeader): AsyncGenerator<MarketEvent[]> {
  const handle = await open(path, 'r');
  try {
    // One buffer for every block: events copy their values out of it (nothing holds a view of it
    // once the block is delivered), so the next block can be read over it.
    const buffer = new ArrayBuffer(header.maxBlockBytes); // 8-aligned for the column views
    const bytes = new Uint8Array(buffer);
    for (const [b, block] of header.index.entries()) {
      const l = block.layout;
      const { bytesRead } = await handle.read(bytes, 0, l.bytes, block.at);
      if (bytesRead !== l.bytes) throw checksumError(path, `block ${b + 1}`);
      verifyColumns(path, bytes, block, b, l.names.length);
      const v2 = l.version === 2;
      const exch = new StampColumn(buffer, l.offset[v2 ? Col.tsExch : ColV3.tsExch], l.n);
      const local = new StampColumn(buffer, l.offset[v2 ? Col.tsLocal : ColV3.tsLocal], l.n);
      for (let from = 0; from < l.n; from += BATCH) {
        const to = Math.min(l.n, from + BATCH);
        yield v2 ? toEvents(buffer, block, exch, local, from, to) : toEventsV3(buffer, block, exch, local, from, to);
      }
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

/** Events from..to-1 of a version 2 block; exch and local are its stamp columns, read in row order. */
function toEvents(buffer: ArrayBuffer, block: VtbBlock, exch: StampColumn, local: StampColumn, from: number, to: number): MarketEvent[] {
  const c = blockColumns(buffer, 0, block.layout);
  const out: MarketEvent[] = new Array<MarketEvent>(to - from);
  for (let i = from; i < to; i++) {
    const tsExch = exch.at(i);
    out[i - from] = {
      kind: c.kind[i] as EventKind,
      side: c.side[i] as Side,
      price: c.price[i],
      qty: c.qty[i],
      orderId: c.orderId[i],
      tsExch,
      tsLocal: local.sameRow(exch, i) ? tsExch : local.at(i),
      record: c.record[i],
    };
  }
  return out;
}

/** The same for a version 3 block. */
function toEventsV3(buffer: ArrayBuffer, block: VtbBlock, exch: StampColumn, local: StampColumn, from: number, to: number): MarketEvent[] {
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
  const out: MarketEvent[] = new Array<MarketEvent>(to - from);
  for (let i = from; i < to; i++) {
    const ks = kindSide[i];
    const tsExch = exch.at(i);
    out[i - from] = {
      kind: (ks & 15) as EventKind,
      side: (ks >>> 4) as Side,
      // A Clear's price is 0 and not stored; a price column that is not uint16 is taken as it
      // is (0 + -0 would be 0).
      price: offsetPrices ? ((ks & 15) === EventKind.Clear ? 0 : base + step * price[i]) : price[i],
      qty: qty[i],
      orderId: orderId[i],
      tsExch,
      tsLocal: local.sameRow(exch, i) ? tsExch : local.at(i),
      record: record[i],
    };
  }
  return out;
}
