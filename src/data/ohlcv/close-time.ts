/**
 * Daily bars are stamped at the close: 16:00 New York time (the US equity close), which is
 * 21:00 UTC in winter and 20:00 UTC in summer. The offset comes from the runtime's time-zone
 * data, so daylight-saving rules are exact for every year.
 */
const nyOffset = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', timeZoneName: 'longOffset' });

/** Minutes New York is ahead of UTC at an instant (negative: -300 in winter). */
function offsetMinutes(utcMs: number): number {
  const name = nyOffset.formatToParts(new Date(utcMs)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /^GMT([+-])(\d\d):(\d\d)$/.exec(name);
  if (m === null) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}

/**
 * Closes already worked out, by yyyymmdd: asking Intl for the offset costs microseconds, and
 * every daily file of a portfolio repeats the same few thousand trading days.
 */
const closes = new Map<number, bigint>();

/** Nanoseconds since the epoch of 16:00 New York time on the given calendar date. */
export function closeInstantNs(year: number, month: number, day: number): bigint {
  const key = year * 10000 + month * 100 + day;
  let ns = closes.get(key);
  if (ns === undefined) {
    ns = computeClose(year, month, day);
    if (closes.size < 1_000_000) closes.set(key, ns);
  }
  return ns;
}

function computeClose(year: number, month: number, day: number): bigint {
  const localMs = Date.UTC(year, month - 1, day, 16, 0, 0);
  // Ask for the offset at 16:00 standard time: daylight saving switches at 02:00, so that
  // instant is always on the same side of a switch as the close itself.
  const offset = offsetMinutes(localMs + 5 * 3600_000);
  const utcMs = localMs - offset * 60_000;
  return BigInt(utcMs) * 1_000_000n;
}
