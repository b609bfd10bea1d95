import { zoneMidnightEpochNs } from '../../engine/model/time-zone.js';

export { zoneMidnightEpochNs };

/** Epoch ns of 00:00 New York time on `date` (YYYY-MM-DD): LOBSTER times count from it. */
export const nyMidnightEpochNs = (date: string): bigint => zoneMidnightEpochNs(date, 'America/New_York');
