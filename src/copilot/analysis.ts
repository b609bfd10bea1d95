import { Decimal } from 'decimal.js';
import { findAccount, positionsOf, cashOf, type AccountRow } from '../store/accounts.js';
import { VtradeError } from '../errors.js';
import { isoOfNs } from '../store/account-markets.js';
import type { ToolContext } from './context.js';
import { ToolError } from './tool-kit.js';
import type { SpUniverse } from './market.js';

export interface Holding {
  symbol: string;
  qty: number;
  price: number | null;
  priced_by: 'account market' | 'unpriced';
  /** Data time (ISO) and source of the price: the account's own market, never research data. */
  as_of: string | null;
  source: string | null;
  value: number;
  weight: number;
  cost_basis: number;
  realized: number;
  sector: string;
}

export function resolveAccount(ctx: ToolContext, name: string | undefined): AccountRow {
  const want = name ?? ctx.account;
  if (want === undefined) throw new ToolError('invalid_input', 'no account named, and this conversation has no default account', 'pass "account" with a paper account name');
  try {
    return findAccount(ctx.db, want);
  } catch (err) {
    if (err instanceof VtradeError) throw new ToolError('not_found', `no paper account named "${want}"`, 'call list_accounts to see the names');
    throw err;
  }
}

/**
 * The account's positions marked in the account's own market (the mark its latest run or fill
 * left, with that data's time and source), with weights of gross value. Daily research data
 * never prices an account: it is another market, at another time.
 */
export async function holdings(ctx: ToolContext, account: AccountRow): Promise<{ cash: number; holdings: Holding[]; equity: number }> {
  const cash = Number(cashOf(ctx.db, account.id));
  const out: Holding[] = [];
  for (const p of positionsOf(ctx.db, account.id)) {
    if (p.lots === 0) continue;
    const qty = Number(p.qty);
    const price = p.last_price === null ? null : Number(p.last_price);
    out.push({
      symbol: p.symbol,
      qty,
      price,
      priced_by: price === null ? 'unpriced' : 'account market',
      as_of: p.mark_ts_ns === null ? null : isoOfNs(p.mark_ts_ns),
      source: p.mark_source,
      value: price === null ? 0 : price * qty,
      weight: 0,
      cost_basis: Number(p.cost_basis),
      realized: Number(p.realized),
      sector: ctx.universe.sectorOf(p.symbol),
    });
  }
  const gross = out.reduce((s, h) => s + Math.abs(h.value), 0);
  for (const h of out) h.weight = gross === 0 ? 0 : h.value / gross;
  const equity = out.reduce((s, h) => s + h.value, cash);
  return { cash, holdings: out, equity };
}

/** Close-to-close returns of a symbol by date, for the last `lookback` returns. */
export async function returnsByDate(u: SpUniverse, symbol: string, lookback: number): Promise<Map<string, number>> {
  if (!u.has(symbol)) throw new ToolError('no_data', `no daily data for ${symbol}`, 'use a symbol from list_symbols');
  const bars = await u.bars(symbol);
  const from = Math.max(1, bars.length - lookback);
  const m = new Map<string, number>();
  for (let i = from; i < bars.length; i++) m.set(bars[i].date, bars[i].close / bars[i - 1].close - 1);
  return m;
}

/** Returns of several symbols on the dates all of them traded. */
export async function alignedReturns(u: SpUniverse, symbols: string[], lookback: number): Promise<{ dates: string[]; series: number[][] }> {
  const maps = await Promise.all(symbols.map((s) => returnsByDate(u, s, lookback)));
  const dates = [...(maps[0]?.keys() ?? [])].filter((d) => maps.every((m) => m.has(d)));
  return { dates, series: maps.map((m) => dates.map((d) => m.get(d)!)) };
}

/** Daily returns of today's holdings held through the lookback (weights fixed at today's). */
export async function portfolioReturns(ctx: ToolContext, account: AccountRow, lookback: number) {
  const { holdings: hs } = await holdings(ctx, account);
  const usable = hs.filter((h) => ctx.universe.has(h.symbol) && h.value !== 0);
  const excluded = hs.filter((h) => !usable.includes(h)).map((h) => h.symbol);
  if (usable.length === 0) throw new ToolError('no_data', 'the account holds nothing with daily history to analyse', 'stage and approve an S&P position, or ask about a symbol instead');
  const gross = usable.reduce((s, h) => s + Math.abs(h.value), 0);
  const weights = usable.map((h) => h.value / gross);
  const { dates, series } = await alignedReturns(ctx.universe, usable.map((h) => h.symbol), lookback);
  const returns = dates.map((_, t) => series.reduce((s, r, i) => s + weights[i] * r[t], 0));
  return { symbols: usable.map((h) => h.symbol), weights, dates, returns, series, excluded };
}

/** An equal-weight index of every symbol in the data: the benchmark the S&P slice allows. */
export async function benchmarkReturns(u: SpUniverse, lookback: number): Promise<Map<string, number>> {
  const sums = new Map<string, { s: number; n: number }>();
  for (const sym of u.symbols()) {
    for (const [d, r] of await returnsByDate(u, sym, lookback)) {
      const e = sums.get(d) ?? { s: 0, n: 0 };
      e.s += r;
      e.n += 1;
      sums.set(d, e);
    }
  }
  return new Map([...sums].sort(([a], [b]) => a.localeCompare(b)).map(([d, e]) => [d, e.s / e.n]));
}

export const round = (x: number, dp = 4): number | null => (Number.isFinite(x) ? Number(x.toFixed(dp)) : null);
export const money = (x: number): string => new Decimal(x).toDecimalPlaces(2).toFixed(2);
export const compound = (rs: readonly number[]): number => rs.reduce((a, r) => a * (1 + r), 1) - 1;
