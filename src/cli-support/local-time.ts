import { zoneOffsetMs } from '../engine/model/time-zone.js';

/** The zone an instrument's times are read in: US equities in New York, everything else in UTC. */
export function zoneOfAssetClass(assetClass: string | undefined): string {
  return assetClass === 'equity' ? 'America/New_York' : 'UTC';
}

/**
 * Epoch nanoseconds as ISO 8601 in a zone, to the microsecond, with the zone's offset:
 * "2012-06-21T15:59:59.959012-04:00". Times people read; JSON keeps the exact ns.
 */
export function isoInZone(ns: bigint | string, timeZone: string): string {
  const t = BigInt(ns);
  const ms = Number(t / 1_000_000n);
  const offset = timeZone === 'UTC' ? 0 : zoneOffsetMs(timeZone, ms);
  const local = new Date(ms + offset).toISOString().slice(0, 19);
  const micros = String((t % 1_000_000_000n) / 1_000n).padStart(6, '0');
  if (offset === 0) return `${local}.${micros}Z`;
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset) / 60_000;
  return `${local}.${micros}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
