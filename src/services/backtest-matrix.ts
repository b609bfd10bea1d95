import { existsSync } from 'node:fs';
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
  /** Every data file of the case, in order: several are consecutive recordings replayed as one. */
  data: string[];
  /** A run over several instruments: its parts, one instrument's session each (their files make up `data`). */
  parts?: string[][];
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

/** A run over several instruments: one session of files per instrument, the first being the primary. */
export interface MultiSession {
  parts: string[][];
}

/** What one --data value gives each case: a session of one instrument's files, or a run of several. */
export type Session = string[] | MultiSession;

/** The files of a session, in order. */
export const sessionFiles = (s: Session): string[] => (Array.isArray(s) ? s : s.parts.flat());

/**
 * --data values to sessions. A value with + joins several instruments into one run ("A+B", each
 * part a file or a comma-joined session of files, globs expanded): one case. A value that names
 * an existing file is that file, whatever its name holds. A value with commas is ONE session of consecutive files (Binance
 * days), each part glob-expanded in order; a value without commas is one session per file it
 * names or matches. So `--data a.gz,b.gz` replays a then b as one run, while `--data a.gz b.gz`
 * and `--data 'day*.gz'` make one cell per file (`--data 'day*.gz,'` chains all matches).
 */
export function dataSessions(values: string[]): Session[] {
  const sessions: Session[] = [];
  for (const v of values) {
    if (v.includes('+') && !existsSync(v)) {
      const parts = v.split('+').map((p) => p.trim());
      if (parts.some((p) => p === '')) throw new UsageError(`--data "${v}": an empty part between the + signs`, 'join instruments as --data "a.gz+b.gz", each part a file or a,b of consecutive files');
      sessions.push({ parts: parts.map(partFiles) });
    } else if (v.includes(',')) {
      const parts = v.split(',').filter((p) => p.trim() !== '');
      if (parts.length === 0) throw new UsageError(`--data "${v}" names no file`);
      sessions.push(parts.flatMap((p) => expandOrFail(p.trim(), '--data')));
    } else if (hasGlob(v)) {
      for (const f of expandOrFail(v, '--data')) sessions.push([f]);
    } else sessions.push([v]);
  }
  return sessions;
}

/** Sessions of one instrument each: for commands that do not take --data parts joined with +. */
export function oneInstrumentSessions(values: string[], command: string): string[][] {
  return dataSessions(values).map((s) => {
    if (Array.isArray(s)) return s;
    throw new UsageError(`${command} runs one instrument per case: --data "${s.parts.map((p) => p.join(',')).join('+')}" joins several`, 'run it with vtrade backtest');
  });
}

/** One part of a run: a file, or comma-joined consecutive files (globs expanded in order, all matches chained). */
function partFiles(part: string): string[] {
  const pieces = part.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (pieces.length === 0) throw new UsageError(`--data part "${part}" names no file`);
  return pieces.flatMap((p) => (hasGlob(p) ? expandOrFail(p, '--data') : [p]));
}

/** --strategy values to files: globs expanded, each file one strategy. */
export function strategyFiles(values: string[]): string[] {
  return values.flatMap((v) => expandOrFail(v, '--strategy'));
}

export function buildMatrix(strategies: string[], sessions: Session[], windows: number): Cell[] {
  const cells: Omit<Cell, 'name'>[] = [];
  for (const strategy of strategies) {
    for (const session of sessions) {
      const data = sessionFiles(session);
      const parts = Array.isArray(session) ? {} : { parts: session.parts };
      if (windows <= 1) cells.push({ index: cells.length, strategy, data, ...parts });
      else for (let w = 1; w <= windows; w++) cells.push({ index: cells.length, strategy, data, ...parts, window: { index: w, of: windows } });
    }
  }
  // Short names unless two cells would share one (same file names in different folders).
  const short = cells.map((c) => cellName(c, basename));
  const names = new Set(short).size === short.length ? short : cells.map((c) => cellName(c, (p) => p));
  return cells.map((c, i) => ({ ...c, name: names[i] }));
}

function cellName(c: Omit<Cell, 'name'>, show: (path: string) => string): string {
  // Files of one session join with +, as they always did; instruments of one run with " + ".
  const data = (c.parts ?? [c.data]).map((files) => files.map((p) => show(p)).join('+')).join(' + ');
  return `${show(c.strategy)} @ ${data}${c.window ? ` [window ${c.window.index}/${c.window.of}]` : ''}`;
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
