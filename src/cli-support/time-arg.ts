import { UsageError } from '../errors.js';

const NS_PER_MS = 1_000_000n;
const ISO_RE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;
const UNIT_RE = /^(\d+)(?:\.(\d+))?(ns|us|µs|ms|s)$/;

/** Nanoseconds per unit, and the digits after the point each unit can hold exactly. */
const UNITS: Record<string, { ns: bigint; digits: number }> = {
  ns: { ns: 1n, digits: 0 },
  us: { ns: 1_000n, digits: 3 },
  µs: { ns: 1_000n, digits: 3 },
  ms: { ns: 1_000_000n, digits: 6 },
  s: { ns: 1_000_000_000n, digits: 9 },
};

const FORMS =
  'give an ISO 8601 time with an offset (2012-06-21T09:30:00.5-04:00), or epoch time with a unit: ' +
  '1640995300000000us, 1640995300000ms, 1640995300s, 1640995300000000000ns (a bare number is nanoseconds)';

/**
 * Parses a time given on the command line into epoch nanoseconds, exactly: ISO 8601 with an
 * explicit offset and up to nine fractional digits; epoch time with a unit suffix (ns, us or µs,
 * ms, s; decimals allowed down to the nanosecond); or a bare integer of epoch nanoseconds.
 */
export function parseTimeArg(text: string, flag: string): bigint {
  if (/^\d+$/.test(text)) return BigInt(text);
  const u = UNIT_RE.exec(text);
  if (u) {
    const [, whole, fraction = '', unitName] = u;
    const unit = UNITS[unitName];
    if (fraction.length > unit.digits) {
      throw new UsageError(`${flag} "${text}" is finer than a nanosecond`, FORMS);
    }
    return BigInt(whole) * unit.ns + (fraction === '' ? 0n : BigInt(fraction.padEnd(unit.digits, '0')));
  }
  const m = ISO_RE.exec(text);
  if (!m) throw new UsageError(`${flag} "${text}" is not a time`, FORMS);
  const [, seconds, fraction = '', offset] = m;
  const ms = Date.parse(`${seconds}${offset}`);
  if (Number.isNaN(ms)) throw new UsageError(`${flag} "${text}" is not a valid date`, FORMS);
  return BigInt(ms) * NS_PER_MS + BigInt(fraction.padEnd(9, '0'));
}

/**
 * A bare number is read as nanoseconds; one more than ten times away from the data's first
 * timestamp was almost surely meant in another unit (Tardis files count microseconds, many APIs
 * milliseconds). Fails with the reading that lands nearest the data, rather than answering
 * about 1970.
 */
export function checkBareTime(text: string, ns: bigint, flag: string, dataFirstNs: bigint): void {
  if (!/^\d+$/.test(text) || dataFirstNs <= 0n) return;
  if (ns * 10n >= dataFirstNs && ns <= dataFirstNs * 10n) return;
  const distance = (x: bigint): number => Math.abs(Math.log10(Number(x === 0n ? 1n : x)) - Math.log10(Number(dataFirstNs)));
  let best = 'ns';
  for (const name of ['us', 'ms', 's']) {
    if (distance(ns * UNITS[name].ns) < distance(ns * UNITS[best].ns)) best = name;
  }
  const as = ns * UNITS[best].ns;
  const hint =
    best === 'ns'
      ? `give the time with a unit or as ISO 8601, such as ${nsToIso(dataFirstNs)}`
      : `as ${unitWord(best)} it is ${isoOrRaw(as)}: write ${text}${best}, or give an ISO time such as ${isoOrRaw(as)}`;
  throw new UsageError(
    `${flag} ${text} read as epoch nanoseconds is ${isoOrRaw(ns)}, far from the data, which starts at ${nsToIso(dataFirstNs)}`,
    hint,
  );
}

/** ISO for times a Date can hold (years 0-9999), else the raw count. */
function isoOrRaw(ns: bigint): string {
  return ns >= 0n && ns < 253402300800n * 1_000_000_000n ? nsToIso(ns) : `${ns} ns`;
}

function unitWord(unit: string): string {
  return unit === 'us' ? 'microseconds' : unit === 'ms' ? 'milliseconds' : 'seconds';
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
