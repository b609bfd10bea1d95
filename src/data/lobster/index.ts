import type { Instrument } from '../../engine/model/instrument.js';
import type { MarketEvent } from '../../engine/model/events.js';
import type { MarketData, ReadOptions } from '../market-data.js';
import { inferLobsterInstrument } from './instrument.js';
import { emptyStats, readLobsterPass, type LobsterStats } from './reader.js';
import { locateLobster } from './source.js';

export { inferLobsterInstrument, lobsterInstrument } from './instrument.js';
export { parseLobsterName, partnerName, type LobsterName } from './file-name.js';
export { nyMidnightEpochNs, zoneMidnightEpochNs } from './ny-midnight.js';
export type { LobsterStats } from './reader.js';

/** A LOBSTER day: MarketData plus what the reader had to do to match the orderbook file. */
export interface LobsterData extends MarketData {
  readonly format: 'lobster';
  /** Book levels per side in the orderbook file (the N of _orderbook_N.csv). */
  readonly levels: number;
  /** Names of the two files as errors give them ("archive.zip:entry.csv" inside a zip). */
  readonly messageFile: string;
  readonly orderbookFile: string;
  /** Tallies of the latest pass of events(), updated as it runs. */
  readonly stats: LobsterStats;
}

const MAX_WARNINGS = 100;

/**
 * Opens a LOBSTER day: a sample zip holding a message and an orderbook file, or a plain (or
 * gzip) message file with its orderbook file beside it (either of the two may be given).
 * Fails at once when the files are missing or misnamed; row errors surface during events().
 */
export async function openLobster(path: string, opts: ReadOptions = {}): Promise<LobsterData> {
  const probe = await locateLobster(path);
  const instrument: Instrument = opts.instrument ?? (await inferLobsterInstrument(path));
  const openWarnings: string[] = [];
  if (opts.instrument !== undefined && opts.instrument.symbol !== probe.name.symbol) {
    openWarnings.push(`instrument ${opts.instrument.symbol} is used for ${probe.name.symbol} data (${path})`);
  }
  const warnings: string[] = [...openWarnings];
  let stats = emptyStats();
  let recordCount: number | undefined;
  let dropped = 0;
  const warn = (text: string): void => {
    if (warnings.length < openWarnings.length + MAX_WARNINGS) {
      warnings.push(text);
      return;
    }
    dropped++;
    const note = `... and ${dropped} more warnings`;
    if (dropped === 1) warnings.push(note);
    else warnings[warnings.length - 1] = note;
  };
  return {
    path,
    format: 'lobster',
    instrument,
    levels: probe.name.levels,
    messageFile: probe.messageFile,
    orderbookFile: probe.orderbookFile,
    warnings,
    get stats() {
      return stats;
    },
    get recordCount() {
      return recordCount;
    },
    locate: (record: number) => `${probe.messageFile}:${record}`,
    events(): AsyncIterable<MarketEvent[]> {
      return {
        [Symbol.asyncIterator]: () => {
          // Each pass starts from scratch: its own tallies and warnings.
          stats = emptyStats();
          warnings.length = 0;
          warnings.push(...openWarnings);
          dropped = 0;
          const pass = readLobsterPass({ path, instrument, allowUnordered: opts.allowUnordered === true, stats, warn });
          return countOnEnd(pass, () => {
            recordCount = stats.rows;
          });
        },
      };
    },
  };
}

/** Passes a pass through, and calls onEnd once it has run to the end. */
async function* countOnEnd(pass: AsyncGenerator<MarketEvent[]>, onEnd: () => void): AsyncGenerator<MarketEvent[]> {
  yield* pass;
  onEnd();
}
