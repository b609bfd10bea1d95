import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { ValueError } from '../engine/model/errors.js';
import { type Instrument, instrumentSpec, makeInstrument } from '../engine/model/instrument.js';
import { commitTemp, discardTemp, tempPathFor } from './atomic-file.js';

/**
 * Step sizes are decimal text ("0.01"); a JSON number is accepted too, but only when its
 * shortest text form is a plain decimal (0.01 yes, 1e-7 no), so nothing is lost to floats.
 */
const step = z.union([z.string(), z.number().transform((n) => String(n))]);

const InstrumentJson = z.strictObject({
  symbol: z.string().min(1),
  venue: z.string().min(1),
  assetClass: z.enum(['equity', 'crypto', 'future', 'fx', 'other']),
  currency: z.string().min(1),
  tickSize: step,
  lotSize: step,
  sector: z.string().min(1).optional(),
});

/** Reads and validates an instrument JSON file. Errors name the file and the field. */
export function loadInstrumentFile(path: string): Instrument {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new InputError(path, undefined, undefined, 'cannot read the instrument file', 'check the path');
  }
  return parseInstrumentJson(text, path);
}

/** Validates instrument JSON text; `file` names it in errors. */
export function parseInstrumentJson(text: string, file: string): Instrument {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new InputError(file, undefined, undefined, `not valid JSON (${(err as Error).message})`);
  }
  const parsed = InstrumentJson.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.length > 0 ? issue.path.join('.') : undefined;
    const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
    throw new InputError(file, undefined, field, `${issue.message}${keys}`, instrumentHint);
  }
  try {
    return makeInstrument(parsed.data);
  } catch (err) {
    if (err instanceof ValueError) throw new InputError(file, undefined, err.field, err.message, instrumentHint);
    throw err;
  }
}

const instrumentHint =
  'an instrument file holds symbol, venue, assetClass, currency, tickSize, lotSize and optionally sector';

/** The instrument as JSON text, keys in a fixed order so files are byte-stable. */
export function instrumentJsonText(instrument: Instrument): string {
  return `${JSON.stringify(instrumentSpec(instrument), null, 2)}\n`;
}

/** The instrument file written beside a data file: `<data file>.instrument.json`. */
export function instrumentPathFor(dataPath: string): string {
  return `${dataPath}.instrument.json`;
}

/**
 * The instrument file that goes with a data file: `<data file>.instrument.json` first, then
 * `instrument.json` in the same folder. Undefined when neither exists.
 */
export function findInstrumentFile(dataPath: string): string | undefined {
  const candidates = [instrumentPathFor(dataPath), join(dirname(dataPath), 'instrument.json')];
  return candidates.find((p) => existsSync(p));
}

/** Writes `<data file>.instrument.json` atomically. */
export function writeInstrumentFile(dataPath: string, instrument: Instrument): string {
  const out = instrumentPathFor(dataPath);
  const temp = tempPathFor(out);
  try {
    writeFileSync(temp, instrumentJsonText(instrument));
    commitTemp(temp, out);
  } catch (err) {
    discardTemp(temp);
    throw err;
  }
  return out;
}

/** The instrument for a reader that cannot infer one: given, or from the file beside the data. */
export function resolveInstrument(dataPath: string, given: Instrument | undefined): Instrument {
  if (given !== undefined) return given;
  const file = findInstrumentFile(dataPath);
  if (file === undefined) {
    throw new InputError(
      dataPath,
      undefined,
      undefined,
      `no instrument: neither ${basename(instrumentPathFor(dataPath))} nor instrument.json is beside the data`,
      'pass --instrument <file.json>, or put an instrument file beside the data',
    );
  }
  return loadInstrumentFile(file);
}
