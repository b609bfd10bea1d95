import { createHash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { endianness } from 'node:os';
import type { MarketEvent } from '../../engine/model/events.js';
import { instrumentJsonText } from '../instrument-file.js';
import { writeAtomically } from '../atomic-file.js';
import { type WriteSource, sourceEvents } from '../event-source.js';
import {
  VTB_BLOCK_EVENTS, VTB_FIXED_HEADER, VTB_MAGIC, VTB_VERSION, blockColumns, blockLayout, pad8, type BlockColumns,
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
  const full = blockLayout(blockEvents);
  const buffer = new ArrayBuffer(full.bytes);
  const bytes = new Uint8Array(buffer);
  const cols = blockColumns(buffer, 0, blockEvents);
  const hash = createHash('sha256');
  let count = 0;
  let blocks = 0;
  let size = headerBytes;
  let n = 0;

  await writeAtomically(outPath, async (temp) => {
    const fd = openSync(temp, 'w');
    try {
      writeSync(fd, new Uint8Array(headerBytes)); // placeholder until count and checksum are known
      const flush = (): void => {
        const block = n === blockEvents ? bytes : compact(cols, n);
        new DataView(block.buffer, block.byteOffset, 8).setUint32(0, n, true);
        writeSync(fd, block);
        hash.update(block);
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
      writeSync(fd, vtbHeader(json, headerBytes, blockEvents, count, blocks, hash.digest()), 0, headerBytes, 0);
    } finally {
      closeSync(fd);
    }
  });
  return { events: count, blocks, bytes: size };
}

/** The last, partial block: the same columns packed for n events. */
function compact(cols: BlockColumns, n: number): Uint8Array {
  const l = blockLayout(n);
  const buffer = new ArrayBuffer(l.bytes);
  const out = blockColumns(buffer, 0, n);
  out.tsExch.set(cols.tsExch.subarray(0, n));
  out.tsLocal.set(cols.tsLocal.subarray(0, n));
  out.price.set(cols.price.subarray(0, n));
  out.qty.set(cols.qty.subarray(0, n));
  out.orderId.set(cols.orderId.subarray(0, n));
  out.record.set(cols.record.subarray(0, n));
  out.kind.set(cols.kind.subarray(0, n));
  out.side.set(cols.side.subarray(0, n));
  return new Uint8Array(buffer);
}

function vtbHeader(json: Buffer, headerBytes: number, blockEvents: number, count: number, blocks: number, digest: Buffer): Uint8Array {
  const header = new Uint8Array(headerBytes);
  const view = new DataView(header.buffer);
  header.set(Buffer.from(VTB_MAGIC, 'latin1'), 0);
  view.setUint32(4, VTB_VERSION, true);
  view.setUint32(8, headerBytes, true);
  view.setUint32(12, blockEvents, true);
  view.setBigUint64(16, BigInt(count), true);
  view.setUint32(24, blocks, true);
  view.setUint32(28, json.length, true);
  header.set(digest, 32);
  header.set(json, VTB_FIXED_HEADER);
  return header;
}

/** Typed-array columns use the host's byte order; the format is little-endian. */
export function assertLittleEndian(): void {
  if (endianness() !== 'LE') throw new Error('.vtb caches need a little-endian machine');
}
