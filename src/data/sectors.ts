import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { splitQuotedCsv } from './csv-fields.js';

/**
 * Reads a symbol -> sector table from a CSV with a header naming a "Symbol" column and a
 * "GICS Sector" or "Sector" column (the S&P 500 constituents lists have this shape). Symbols
 * are matched case-insensitively.
 */
export function readSectors(path: string): Map<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(path, undefined, undefined, `cannot read the sectors file (${(err as Error).message})`);
  }
  const lines = text.split(/\r?\n/);
  const header = splitQuotedCsv(lines[0] ?? '').map((h) => h.trim().toLowerCase());
  const sym = header.indexOf('symbol');
  const sec = header.indexOf('gics sector') >= 0 ? header.indexOf('gics sector') : header.indexOf('sector');
  if (sym < 0) throw new InputError(path, 1, 'Symbol', 'no "Symbol" column in the header');
  if (sec < 0) throw new InputError(path, 1, 'Sector', 'no "GICS Sector" or "Sector" column in the header');
  const out = new Map<string, string>();
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const cells = splitQuotedCsv(lines[i]);
    const symbol = cells[sym]?.trim();
    const sector = cells[sec]?.trim();
    if (!symbol) throw new InputError(path, i + 1, 'Symbol', 'empty symbol');
    if (sector) out.set(symbol.toUpperCase(), sector);
  }
  return out;
}
