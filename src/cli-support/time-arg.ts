import { UsageError } from '../errors.js';

const NS_PER_MS = 1_000_000n;
const ISO_RE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Parses a time given on the command line into epoch nanoseconds, exactly: either an integer of
 * epoch ns, or ISO 8601 with an explicit offset and up to nine fractional digits.
 */
export function parseTimeArg(text: string, flag: string): bigint {
  if (/^\d+$/.test(text)) return BigInt(text);
  const m = ISO_RE.exec(text);
  if (!m) {
    throw new UsageError(
      `${flag} "${text}" is not a time`,
      'give epoch nanoseconds (1340285400000000000) or ISO 8601 with an offset (2012-06-21T09:30:00.5-04:00)',
    );
  }
  const [, seconds, fraction = '', offset] = m;
  const ms = Date.parse(`${seconds}${offset}`);
  if (Number.isNaN(ms)) throw new UsageError(`${flag} "${text}" is not a valid date`);
  return BigInt(ms) * NS_PER_MS + BigInt(fraction.padEnd(9, '0'));
}

/** Epoch ns as ISO 8601 UTC with all nine fractional digits kept. */
export function nsToIso(ns: bigint): string {
  const ms = ns / NS_PER_MS;
  let sub = ns % 1_000_000_000n;
  let secMs = ms - (ms % 1000n);
  if (sub < 0n) {
    sub += 1_000_000_000n;
    secMs -= 1000n;
  }
  const base = new Date(Number(secMs)).toISOString().slice(0, 19);
  return `${base}.${sub.toString().padStart(9, '0')}Z`;
}
