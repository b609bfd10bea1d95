import { ValueError } from '../../engine/model/errors.js';
import { EpochField } from '../byte-fields.js';

const NS_FLOOR = 100_000_000_000_000_000n; // 1e17 ns: 1973; any later ns stamp has >= 18 digits
const US_FLOOR = 100_000_000_000_000n; // 1e14 us: 1973
const MS_FLOOR = 100_000_000_000n; // 1e11 ms: 1973

/**
 * The recorder's local receive time at the start of a line, as integer nanoseconds.
 * The collector wrote nanoseconds from 2024 on and microseconds before; the unit is told by
 * magnitude (a 2023 stamp in us has 16 digits, one in ns 19), not by the file name, so a file
 * renamed or written by another version of the collector still reads correctly.
 */
export function localTimestampNs(text: string): bigint {
  const len = text.length;
  if (len === 0 || len > 20) throw badStamp(text);
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) throw badStamp(text);
  }
  const v = BigInt(text);
  if (v >= NS_FLOOR) return v;
  if (v >= US_FLOOR) return v * 1000n;
  if (v >= MS_FLOOR) return v * 1_000_000n;
  throw new ValueError('local_ts', `local timestamp ${text} is too small to be a time since 1970 in ms, us or ns`);
}

function badStamp(text: string): ValueError {
  return new ValueError('local_ts', `local timestamp "${text.slice(0, 40)}" is not an integer`);
}

/** Up to 19 digits (u64 ns), as a bigint built once per distinct stamp. */
const digits = new EpochField(0, 19);

/**
 * localTimestampNs of the digits in b[start, end), read from the bytes; undefined for anything
 * it does not take at once (not digits, none, more than 19, or too small), which
 * localTimestampNs then reads or reports from the text.
 */
export function localNsFromBytes(b: Uint8Array, start: number, end: number): bigint | undefined {
  const v = digits.parseRange(b, start, end);
  if (v === undefined) return undefined;
  // The unit by magnitude, as localTimestampNs.
  if (v >= NS_FLOOR) return v;
  if (v >= US_FLOOR) return v * 1000n;
  if (v >= MS_FLOOR) return v * 1_000_000n;
  return undefined;
}
