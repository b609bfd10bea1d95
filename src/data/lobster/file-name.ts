import { basename } from 'node:path';

/** What a LOBSTER file name says: TICKER_YYYY-MM-DD_StartMs_EndMs_message_LEVEL.csv. */
export interface LobsterName {
  symbol: string;
  /** Trading day, YYYY-MM-DD (New York). */
  date: string;
  /** Number of book levels per side in the orderbook file. */
  levels: number;
  kind: 'message' | 'orderbook';
}

// The ticker may itself contain underscores, so anchor on the fixed tail.
const NAME_RE = /^(.+)_(\d{4}-\d{2}-\d{2})_\d+_\d+_(message|orderbook)_(\d+)\.csv(\.gz)?$/i;

/** Parses a LOBSTER file name (a path or a zip entry name); undefined when it does not fit. */
export function parseLobsterName(pathOrName: string): LobsterName | undefined {
  const m = NAME_RE.exec(basename(pathOrName));
  if (!m) return undefined;
  const levels = Number(m[4]);
  if (!Number.isSafeInteger(levels) || levels < 1) return undefined;
  return { symbol: m[1], date: m[2], levels, kind: m[3].toLowerCase() as 'message' | 'orderbook' };
}

/** The name of the partner file: the orderbook of a message file and the other way round. */
export function partnerName(pathOrName: string): string {
  return pathOrName.replace(/_(message|orderbook)_(\d+)(\.csv(?:\.gz)?)$/i, (_all, kind: string, n: string, ext: string) => {
    const other = kind.toLowerCase() === 'message' ? 'orderbook' : 'message';
    return `_${kind === kind.toUpperCase() ? other.toUpperCase() : other}_${n}${ext}`;
  });
}
