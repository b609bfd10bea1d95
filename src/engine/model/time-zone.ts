/**
 * Wall clocks in a time zone, from the platform's zone rules (Intl), so daylight saving is right
 * for any date rather than a fixed UTC offset. Pure: the rules are data, not a clock.
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
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Mon, Tue, ... */
  weekday: string;
}

/** The wall clock in a zone at an epoch-ms instant. */
export function wallClock(timeZone: string, epochMs: number): WallClock {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(epochMs))) if (p.type !== 'literal') parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: parts.weekday,
  };
}

/** Offset of the zone from UTC at an instant, in ms (New York in summer: -4 h). */
export function zoneOffsetMs(timeZone: string, epochMs: number): number {
  const c = wallClock(timeZone, epochMs);
  const asUtc = Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second);
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
