import { ValueError } from '../../engine/model/errors.js';
import { bigIntFromHalves } from '../epoch-digits.js';

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

/**
 * localTimestampNs of the digits in b[start, end), read from the bytes; undefined for anything
 * it does not take at once (not digits, more than 19 of them, too small, or past 2^64 ns once
 * scaled), which localTimestampNs then reads or reports from the text.
 */
export function localNsFromBytes(b: Uint8Array, start: number, end: number): bigint | undefined {
  const n = end - start;
  if (n <= 0 || n > 19) return undefined;
  // value = hi * 1e9 + lo
  const split = Math.max(start, end - 9);
  let hi = 0;
  let lo = 0;
  for (let k = start; k < split; k++) {
    const d = b[k] - 48;
    if (d < 0 || d > 9) return undefined;
    hi = hi * 10 + d;
  }
  for (let k = split; k < end; k++) {
    const d = b[k] - 48;
    if (d < 0 || d > 9) return undefined;
    lo = lo * 10 + d;
  }
  // The unit by magnitude, as localTimestampNs: >= 1e17 is ns, >= 1e14 us, >= 1e11 ms.
  if (hi >= 1e8) return bigIntFromHalves(hi, lo);
  let scaledHi: number;
  let scaledLo: number;
  if (hi >= 1e5) {
    scaledHi = hi * 1000 + Math.floor(lo / 1e6);
    scaledLo = (lo % 1e6) * 1000;
  } else if (hi >= 100) {
    scaledHi = hi * 1e6 + Math.floor(lo / 1e3);
    scaledLo = (lo % 1e3) * 1e6;
  } else return undefined;
  return scaledHi < 1e10 ? bigIntFromHalves(scaledHi, scaledLo) : undefined;
}
