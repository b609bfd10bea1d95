import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitQuotedCsv } from '../data/csv-fields.js';
import { openOhlcv } from '../data/ohlcv/index.js';
import { ticksToPrice, type Instrument } from '../engine/model/instrument.js';

/** One daily bar in plain numbers, for indicators and statistics. */
export interface DailyBar {
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export interface CompanyInfo {
  symbol: string;
  name: string;
  sector: string;
  subIndustry: string;
  headquarters: string;
  founded: string;
}

interface Series {
  instrument: Instrument;
  bars: DailyBar[];
  path: string;
}

/**
 * The S&P 500 daily data the analyst reads: one `<SYM>_data.csv` a symbol under `daily/`, and the
 * constituents list beside it for names and sectors. Files are read once, on first use.
 */
export class SpUniverse {
  private readonly files = new Map<string, string>();
  private readonly loaded = new Map<string, Promise<Series>>();
  private readonly companies = new Map<string, CompanyInfo>();

  constructor(readonly dir: string) {
    const daily = join(dir, 'daily');
    if (existsSync(daily)) {
      for (const name of readdirSync(daily).sort()) {
        const m = /^([A-Z0-9.]+)_data\.csv(\.gz)?$/i.exec(name);
        if (m) this.files.set(m[1].toUpperCase(), join(daily, name));
      }
    }
    const list = join(dir, 'constituents.csv');
    if (existsSync(list)) this.readConstituents(list);
  }

  private readConstituents(path: string): void {
    const lines = readFileSync(path, 'utf8').split(/\r?\n/);
    const h = splitQuotedCsv(lines[0] ?? '');
    const col = (name: string) => h.indexOf(name);
    const [cs, cn, cg, cu, chq, cf] = ['Symbol', 'Security', 'GICS Sector', 'GICS Sub-Industry', 'Headquarters Location', 'Founded'].map(col);
    for (const line of lines.slice(1)) {
      if (line === '') continue;
      const c = splitQuotedCsv(line);
      const symbol = (c[cs] ?? '').toUpperCase();
      this.companies.set(symbol, {
        symbol,
        name: c[cn] ?? '',
        sector: c[cg] ?? 'unknown',
        subIndustry: c[cu] ?? '',
        headquarters: c[chq] ?? '',
        founded: c[cf] ?? '',
      });
    }
  }

  symbols(): string[] {
    return [...this.files.keys()];
  }

  has(symbol: string): boolean {
    return this.files.has(symbol);
  }

  pathOf(symbol: string): string | undefined {
    return this.files.get(symbol);
  }

  company(symbol: string): CompanyInfo | undefined {
    return this.companies.get(symbol);
  }

  sectorOf(symbol: string): string {
    return this.companies.get(symbol)?.sector ?? 'unknown';
  }

  async bars(symbol: string): Promise<DailyBar[]> {
    return (await this.series(symbol)).bars;
  }

  async instrument(symbol: string): Promise<Instrument> {
    return (await this.series(symbol)).instrument;
  }

  /** The last daily close and its date. */
  async lastClose(symbol: string): Promise<{ date: string; close: number }> {
    const bars = await this.bars(symbol);
    const last = bars[bars.length - 1];
    return { date: last.date, close: last.close };
  }

  private series(symbol: string): Promise<Series> {
    let p = this.loaded.get(symbol);
    if (!p) {
      const path = this.files.get(symbol);
      if (!path) return Promise.reject(new Error(`no daily data for ${symbol}`));
      p = loadSeries(path);
      this.loaded.set(symbol, p);
    }
    return p;
  }
}

async function loadSeries(path: string): Promise<Series> {
  const data = await openOhlcv(path);
  const inst = data.instrument;
  const bars: DailyBar[] = [];
  const k = (t: number) => Number(ticksToPrice(inst, t));
  for await (const batch of data.bars()) {
    for (const b of batch) {
      bars.push({ date: b.date, open: k(b.open), high: k(b.high), low: k(b.low), close: k(b.close), volume: b.volume });
    }
  }
  return { instrument: data.instrument, bars, path };
}
