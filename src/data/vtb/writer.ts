import { closeSync, openSync, writeSync } from 'node:fs';
import { endianness } from 'node:os';
import type { MarketEvent } from '../../engine/model/events.js';
import { instrumentJsonText } from '../instrument-file.js';
import { writeAtomically } from '../atomic-file.js';
import { type WriteSource, sourceEvents } from '../event-source.js';
import {
  COLUMNS, NARROW, VTB_BLOCK_EVENTS, VTB_FIXED_HEADER, VTB_MAGIC, VTB_VERSION, blockColumns, blockLayout, crc32, encodeBlockHeader,
  pad8, type BlockColumns,
} from './format.js';

export interface VtbWriteResult {
  events: number;
  blocks: number;
  bytes: number;
}

/**
 * Writes a .vtb cache (layout in format.ts). Streams: one block of columns in memory whatever
 * the input size. The header's count and checksum are filled in once the body is written, and
 * the file only appears under outPath when complete.
 */
export async function writeVtb(source: WriteSource, outPath: string, blockEvents = VTB_BLOCK_EVENTS): Promise<VtbWriteResult> {
  assertLittleEndian();
  const json = Buffer.from(instrumentJsonText(source.instrument), 'utf8');
  const headerBytes = pad8(VTB_FIXED_HEADER + json.length);
  // Filled at full width (every number column float64); each block is packed as it is written.
  const cols = blockColumns(new ArrayBuffer(blockLayout(blockEvents, 0).bytes), 0, blockLayout(blockEvents, 0));
  let count = 0;
  let blocks = 0;
  let size = headerBytes;
  let n = 0;

  await writeAtomically(outPath, async (temp) => {
    const fd = openSync(temp, 'w');
    try {
      writeSync(fd, new Uint8Array(headerBytes)); // placeholder until count and checksum are known
      const flush = (): void => {
        const block = packBlock(cols, n);
        writeSync(fd, block);
        size += block.length;
        blocks++;
        n = 0;
      };
      const put = (e: MarketEvent): void => {
        if (e.record > 0xffffffff || e.record < 0) throw new Error(`record ${e.record} does not fit the cache's u32 column`);
        cols.tsExch[n] = e.tsExch;
        cols.tsLocal[n] = e.tsLocal;
        cols.price[n] = e.price;
        cols.qty[n] = e.qty;
        cols.orderId[n] = e.orderId;
        cols.record[n] = e.record;
        cols.kind[n] = e.kind;
        cols.side[n] = e.side;
        count++;
        if (++n === blockEvents) flush();
      };
      for await (const item of sourceEvents(source)) {
        if (Array.isArray(item)) for (const e of item) put(e);
        else put(item);
      }
      if (n > 0) flush();
      writeSync(fd, vtbHeader(json, headerBytes, blockEvents, count, blocks), 0, headerBytes, 0);
    } finally {
      closeSync(fd);
    }
  });
  return { events: count, blocks, bytes: size };
}

/** True when every value is a whole number int32 holds exactly (and none is -0). */
function fitsInt32(values: Float64Array | Int32Array, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if ((v | 0) !== v || (v === 0 && 1 / v < 0)) return false;
  }
  return true;
}

/** The first n events of the full-width columns as one block: header, then packed columns. */
function packBlock(cols: BlockColumns, n: number): Uint8Array {
  let narrow = 0;
  if (fitsInt32(cols.price, n)) narrow |= NARROW.price;
  if (fitsInt32(cols.qty, n)) narrow |= NARROW.qty;
  if (fitsInt32(cols.orderId, n)) narrow |= NARROW.orderId;
  const l = blockLayout(n, narrow);
  const buffer = new ArrayBuffer(l.bytes);
  const out = blockColumns(buffer, 0, l);
  out.price.set(cols.price.subarray(0, n));
  out.qty.set(cols.qty.subarray(0, n));
  out.kind.set(cols.kind.subarray(0, n));
  out.side.set(cols.side.subarray(0, n));
  out.record.set(cols.record.subarray(0, n));
  out.orderId.set(cols.orderId.subarray(0, n));
  out.tsExch.set(cols.tsExch.subarray(0, n));
  out.tsLocal.set(cols.tsLocal.subarray(0, n));
  const bytes = new Uint8Array(buffer);
  const crcs = COLUMNS.map((_, c) => crc32(bytes.subarray(l.offset[c], l.offset[c] + l.length[c])));
  bytes.set(encodeBlockHeader({ n, narrow, crcs }), 0);
  return bytes;
}

function vtbHeader(json: Buffer, headerBytes: number, blockEvents: number, count: number, blocks: number): Uint8Array {
  const header = new Uint8Array(headerBytes);
  const view = new DataView(header.buffer);
  header.set(Buffer.from(VTB_MAGIC, 'latin1'), 0);
  view.setUint32(4, VTB_VERSION, true);
  view.setUint32(8, headerBytes, true);
  view.setUint32(12, blockEvents, true);
  view.setBigUint64(16, BigInt(count), true);
  view.setUint32(24, blocks, true);
  view.setUint32(28, json.length, true);
  header.set(json, VTB_FIXED_HEADER);
  view.setUint32(32, crc32(header), true); // computed with the field still zero
  return header;
}

/** Typed-array columns use the host's byte order; the format is little-endian. */
export function assertLittleEndian(): void {
  if (endianness() !== 'LE') throw new Error('.vtb caches need a little-endian machine');
}
