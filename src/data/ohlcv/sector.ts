import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { splitQuotedCsv } from '../csv-fields.js';

export interface SectorMatch {
  sector: string;
  file: string;
}

/**
 * Constituents lists (`constituents*.csv`, with columns Symbol and "GICS Sector" or "Sector")
 * looked for in the data file's folder and the folder above it (daily/<SYM>_data.csv sits one
 * below). `constituents.csv` is asked first, then dated lists newest name first; the first that
 * lists the symbol gives the sector. Dot, dash and underscore in tickers match (BRK.B = BRK-B).
 */
export function findSector(dataPath: string, symbol: string): SectorMatch | undefined {
  const want = normaliseTicker(symbol);
  for (const file of constituentFiles(dataPath)) {
    const sector = sectorIn(file, want);
    if (sector !== undefined) return { sector, file };
  }
  return undefined;
}

export function constituentFiles(dataPath: string): string[] {
  const dirs = [dirname(dataPath), dirname(dirname(dataPath))];
  const files: string[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const n of listsIn(dir)) files.push(join(dir, n));
  }
  return [...new Set(files)];
}

/**
 * The constituents lists in a folder, by folder and modification time: a portfolio opens one
 * daily file per name from a folder of hundreds, and listing it each time cost more than
 * reading the file.
 */
const listings = new Map<string, { stamp: number; names: string[] }>();

function listsIn(dir: string): string[] {
  const stamp = statSync(dir).mtimeMs;
  const cached = listings.get(dir);
  if (cached !== undefined && cached.stamp === stamp) return cached.names;
  const names = readdirSync(dir).filter((n) => /^constituents.*\.csv$/i.test(n));
  names.sort((a, b) => (a.toLowerCase() === 'constituents.csv' ? -1 : b.toLowerCase() === 'constituents.csv' ? 1 : b.localeCompare(a)));
  listings.set(dir, { stamp, names });
  return names;
}

function sectorIn(file: string, want: string): string | undefined {
  return sectorTable(file).get(want);
}

/**
 * Parsed lists, by path, size and modification time: a portfolio opens one daily file per name
 * and each asks the same list, which would otherwise be read and split once per name.
 */
const tables = new Map<string, { stamp: string; bySymbol: Map<string, string> }>();

function sectorTable(file: string): Map<string, string> {
  const st = statSync(file);
  const stamp = `${st.size}:${st.mtimeMs}`;
  const cached = tables.get(file);
  if (cached !== undefined && cached.stamp === stamp) return cached.bySymbol;
  const bySymbol = new Map<string, string>();
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  const header = splitQuotedCsv(lines[0] ?? '');
  const symCol = header.indexOf('Symbol');
  let secCol = header.indexOf('GICS Sector');
  if (secCol < 0) secCol = header.indexOf('Sector');
  if (symCol >= 0 && secCol >= 0) {
    for (let i = 1; i < lines.length; i++) {
      if (lines[i].length === 0) continue;
      const cols = splitQuotedCsv(lines[i]);
      const symbol = normaliseTicker(cols[symCol] ?? '');
      // The first row naming a symbol wins, as a scan from the top would find it.
      if ((cols[secCol] ?? '') !== '' && !bySymbol.has(symbol)) bySymbol.set(symbol, cols[secCol]);
    }
  }
  tables.set(file, { stamp, bySymbol });
  return bySymbol;
}

const normaliseTicker = (s: string): string => s.trim().toUpperCase().replace(/[-_/]/g, '.');
