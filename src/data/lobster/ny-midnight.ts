/**
 * Epoch nanoseconds of local midnight in a time zone, from the zone rules of the platform
 * (Intl), so daylight saving is right for any date rather than a fixed UTC offset.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Offset of the zone from UTC at an instant, in ms (New York in summer: -4 h). */
function zoneOffsetMs(timeZone: string, epochMs: number): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(epochMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/** Epoch ns of 00:00 local time on `date` (YYYY-MM-DD) in `timeZone`. */
export function zoneMidnightEpochNs(date: string, timeZone: string): bigint {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (Number.isNaN(wall)) throw new RangeError(`not a date: ${date}`);
  // Two rounds settle the offset that applies at the local midnight itself.
  let utc = wall - zoneOffsetMs(timeZone, wall);
  utc = wall - zoneOffsetMs(timeZone, utc);
  return BigInt(utc) * 1_000_000n;
}

export const nyMidnightEpochNs = (date: string): bigint => zoneMidnightEpochNs(date, 'America/New_York');
