import { basename } from 'node:path';
import { UsageError } from '../errors.js';
import { expandGlob, hasGlob } from '../cli-support/glob.js';

/**
 * The cells of one `vtrade backtest`: every strategy against every data session, each session
 * optionally cut into walk-forward windows. Cells are numbered in that order (strategy, then
 * data, then window), and `--shard i/n` keeps the cells whose 0-based index is i-1 modulo n, so
 * n CI jobs with the same command line split the work without overlap.
 */
export interface Cell {
  /** 0-based position in the whole matrix (before sharding). */
  index: number;
  strategy: string;
  /** One session: several files are consecutive recordings replayed as one. */
  data: string[];
  /** 1-based window of `of`, when the session is split. */
  window?: { index: number; of: number };
  /** Unique within the matrix: "market-maker.ts @ btcusdt_20240808.gz [window 2/4]". */
  name: string;
}

function expandOrFail(pattern: string, flag: string): string[] {
  const found = expandGlob(pattern);
  if (found.length === 0) throw new UsageError(`${flag} "${pattern}": no file matches`, 'check the pattern; quote it so the shell does not expand it first');
  return found;
}

/**
 * --data values to sessions. A value with commas is ONE session of consecutive files (Binance
 * days), each part glob-expanded in order; a value without commas is one session per file it
 * names or matches. So `--data a.gz,b.gz` replays a then b as one run, while `--data a.gz b.gz`
 * and `--data 'day*.gz'` make one cell per file (`--data 'day*.gz,'` chains all matches).
 */
export function dataSessions(values: string[]): string[][] {
  const sessions: string[][] = [];
  for (const v of values) {
    if (v.includes(',')) {
      const parts = v.split(',').filter((p) => p.trim() !== '');
      if (parts.length === 0) throw new UsageError(`--data "${v}" names no file`);
      sessions.push(parts.flatMap((p) => expandOrFail(p.trim(), '--data')));
    } else if (hasGlob(v)) {
      for (const f of expandOrFail(v, '--data')) sessions.push([f]);
    } else sessions.push([v]);
  }
  return sessions;
}

/** --strategy values to files: globs expanded, each file one strategy. */
export function strategyFiles(values: string[]): string[] {
  return values.flatMap((v) => expandOrFail(v, '--strategy'));
}

export function buildMatrix(strategies: string[], sessions: string[][], windows: number): Cell[] {
  const cells: Omit<Cell, 'name'>[] = [];
  for (const strategy of strategies) {
    for (const data of sessions) {
      if (windows <= 1) cells.push({ index: cells.length, strategy, data });
      else for (let w = 1; w <= windows; w++) cells.push({ index: cells.length, strategy, data, window: { index: w, of: windows } });
    }
  }
  // Short names unless two cells would share one (same file names in different folders).
  const short = cells.map((c) => cellName(c, basename));
  const names = new Set(short).size === short.length ? short : cells.map((c) => cellName(c, (p) => p));
  return cells.map((c, i) => ({ ...c, name: names[i] }));
}

function cellName(c: Omit<Cell, 'name'>, show: (path: string) => string): string {
  return `${show(c.strategy)} @ ${c.data.map((p) => show(p)).join('+')}${c.window ? ` [window ${c.window.index}/${c.window.of}]` : ''}`;
}

export interface Shard {
  index: number;
  count: number;
}

/** "i/n", 1 <= i <= n. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard "${text}" is not i/n with 1 <= i <= n`, 'for example --shard 1/4 ... --shard 4/4 in four parallel jobs');
  }
  return { index, count };
}

export function shardCells(cells: Cell[], shard: Shard | undefined): Cell[] {
  return shard ? cells.filter((c) => c.index % shard.count === shard.index - 1) : cells;
}

/** A folder name for a cell's outputs under --out: its 1-based number and its name, file-system safe. */
export function cellDir(cell: Cell, total: number): string {
  const n = String(cell.index + 1).padStart(String(total).length, '0');
  const slug = cell.name
    .replace(/ @ /g, '@')
    .replace(/ \[window (\d+)\/(\d+)\]/, '-w$1of$2')
    .replace(/[^A-Za-z0-9._@+-]+/g, '_');
  return `${n}-${slug}`;
}
