import { type Instrument, type InstrumentSpec, instrumentSpec } from '../engine/model/instrument.js';
import { ManifestMismatchError } from '../errors.js';

/**
 * A resumed run must trade each instrument as its run did: another tick or lot size (an instrument
 * file edited beside the data, say) gives other fills from the same records, so the booked fills
 * would no longer be the ones the run would make. The run records each instrument's definition at
 * its start; runs made before vtrade recorded it are not checked.
 */
export function checkSameInstrument(runId: number | string, recorded: InstrumentSpec | undefined, now: Instrument, source: string, hint?: string): void {
  if (recorded === undefined) return;
  const spec = instrumentSpec(now);
  const keys = [...new Set([...Object.keys(recorded), ...Object.keys(spec)])] as (keyof InstrumentSpec)[];
  const changed = keys.filter((k) => recorded[k] !== spec[k]);
  if (changed.length === 0) return;
  const what = changed.map((k) => `${k} ${spec[k] ?? '(none)'}, was ${recorded[k] ?? '(none)'}`).join('; ');
  throw new ManifestMismatchError(`${source}: the instrument changed since run ${runId} started (${what})`, hint);
}
