import { closeSync, openSync, writeSync } from 'node:fs';
import { endianness } from 'node:os';
import { EventKind, type MarketEvent } from '../../engine/model/events.js';
import { instrumentJsonText } from '../instrument-file.js';
import { uint16PriceScale } from './price-scale.js';
import { writeAtomically } from '../atomic-file.js';
import { type WriteSource, sourceEvents } from '../event-source.js';
import {
  NARROW, NARROW16, VTB_BLOCK_EVENTS, VTB_FIXED_HEADER, VTB_MAGIC, VTB_VERSION, blockColumns, blockLayout, crc32, encodeBlockHeader,
  numberColumn, pad8, type BlockColumns, type BlockLayout, type VtbVersion,
} from './format.js';

export interface VtbWriteOptions {
  /** The format version to write (default the current one, 3; 2 for a reader of the older layout). */
  version?: VtbVersion;
}

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
export async function writeVtb(source: WriteSource, outPath: string, blockEvents = VTB_BLOCK_EVENTS, opts: VtbWriteOptions = {}): Promise<VtbWriteResult> {
  assertLittleEndian();
  const version = opts.version ?? VTB_VERSION;
  const pack = version === 2 ? packBlockV2 : packBlockV3;
  const json = Buffer.from(instrumentJsonText(source.instrument), 'utf8');
  const headerBytes = pad8(VTB_FIXED_HEADER + json.length);
  // Filled at full width (every number column float64); each block is packed as it is written.
  const full = blockLayout(blockEvents, 0, 2);
  const cols = blockColumns(new ArrayBuffer(full.bytes), 0, full);
  let count = 0;
  let blocks = 0;
  let size = headerBytes;
  let n = 0;

  await writeAtomically(outPath, async (temp) => {
    const fd = openSync(temp, 'w');
    try {
      writeSync(fd, new Uint8Array(headerBytes)); // placeholder until count and checksum are known
      const flush = (): void => {
        const block = pack(cols, n);
        writeSync(fd, block);
        size += block.length;
        blocks++;
        n = 0;
      };
      const put = (e: MarketEvent): void => {
        if (e.record > 0xffffffff || e.record < 0) throw new Error(`record ${e.record} does not fit the cache's u32 column`);
        if (version === 3 && (e.kind >>> 0 !== e.kind || e.kind > 15 || e.side >>> 0 !== e.side || e.side > 15)) {
          throw new Error(`kind ${e.kind} and side ${e.side} do not fit the cache's kind and side byte`);
        }
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
      writeSync(fd, vtbHeader(version, json, headerBytes, blockEvents, count, blocks), 0, headerBytes, 0);
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

/** True when every value is a whole number from 0 to 65,535 (and none is -0). */
function fitsUint16(values: Float64Array | Int32Array, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if ((v & 0xffff) !== v || (v === 0 && 1 / v < 0)) return false;
  }
  return true;
}

/** The columns' CRC-32s into the block's header, in place at its start. */
function seal(bytes: Uint8Array, l: BlockLayout, narrow: number, base: number, step: number, n: number): Uint8Array {
  const crcs = l.offset.map((at, c) => crc32(bytes.subarray(at, at + l.length[c])));
  bytes.set(encodeBlockHeader({ n, narrow, base, step, crcs }, l.version), 0);
  return bytes;
}

/** The first n events of the full-width columns as one version 3 block: header, then packed columns. */
function packBlockV3(cols: BlockColumns, n: number): Uint8Array {
  let narrow = 0;
  const scale = uint16PriceScale(cols.price as Float64Array, cols.kind, n);
  const { base, step } = scale ?? { base: 0, step: 1 };
  if (scale !== undefined) narrow |= NARROW16.price;
  else if (fitsInt32(cols.price, n)) narrow |= NARROW.price;
  if (fitsUint16(cols.qty, n)) narrow |= NARROW16.qty;
  else if (fitsInt32(cols.qty, n)) narrow |= NARROW.qty;
  if (fitsInt32(cols.orderId, n)) narrow |= NARROW.orderId;
  const l = blockLayout(n, narrow, 3);
  const buffer = new ArrayBuffer(l.bytes);
  const price = numberColumn(buffer, l.offset[0], n, narrow, NARROW.price, NARROW16.price);
  if (scale !== undefined) for (let i = 0; i < n; i++) price[i] = cols.kind[i] === EventKind.Clear ? 0 : (cols.price[i] - base) / step;
  else price.set(cols.price.subarray(0, n));
  numberColumn(buffer, l.offset[1], n, narrow, NARROW.qty, NARROW16.qty).set(cols.qty.subarray(0, n));
  const kindSide = new Uint8Array(buffer, l.offset[2], n);
  for (let i = 0; i < n; i++) kindSide[i] = cols.kind[i] | (cols.side[i] << 4);
  new Uint32Array(buffer, l.offset[3], n).set(cols.record.subarray(0, n));
  numberColumn(buffer, l.offset[4], n, narrow, NARROW.orderId, 0).set(cols.orderId.subarray(0, n));
  new BigInt64Array(buffer, l.offset[5], n).set(cols.tsExch.subarray(0, n));
  new BigInt64Array(buffer, l.offset[6], n).set(cols.tsLocal.subarray(0, n));
  return seal(new Uint8Array(buffer), l, narrow, base, step, n);
}

/** The first n events of the full-width columns as one version 2 block: header, then packed columns. */
function packBlockV2(cols: BlockColumns, n: number): Uint8Array {
  let narrow = 0;
  if (fitsInt32(cols.price, n)) narrow |= NARROW.price;
  if (fitsInt32(cols.qty, n)) narrow |= NARROW.qty;
  if (fitsInt32(cols.orderId, n)) narrow |= NARROW.orderId;
  const l = blockLayout(n, narrow, 2);
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
  return seal(new Uint8Array(buffer), l, narrow, 0, 1, n);
}

function vtbHeader(version: VtbVersion, json: Buffer, headerBytes: number, blockEvents: number, count: number, blocks: number): Uint8Array {
  const header = new Uint8Array(headerBytes);
  const view = new DataView(header.buffer);
  header.set(Buffer.from(VTB_MAGIC, 'latin1'), 0);
  view.setUint32(4, version, true);
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
