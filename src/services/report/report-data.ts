import type { EquityPoint } from '../../engine/analytics/index.js';
import type { AssetClass } from '../../engine/model/instrument.js';

/**
 * What a report is made from, whichever kind of history it comes from (a backtest's output
 * folder or a paper account): the equity curve, the fills, the holdings at the end, and the
 * money figures the source itself states (kept as exact decimal text).
 */
export interface ReportData {
  kind: 'run' | 'account';
  /** The run folder's path or the account's name. */
  name: string;
  currency: string;
  /** Equity samples in time order (equity as decimal text). */
  equity: EquityPoint[];
  /** Where the samples came from, said in the report: 'equity.csv', 'equity_snapshots', ... */
  equitySource: EquitySource;
  /** Spacing of equally spaced samples (ns), when the source fixes it; else null. */
  sampleIntervalNs: number | null;
  /** True when every instrument is an exchange-traded equity: days end at the New York close. */
  equitiesOnly: boolean;
  fills: ReportFill[];
  holdings: Holding[];
  money: ReportMoney;
}

export type EquitySource = 'equity.csv' | 'report.json' | 'equity_snapshots' | 'ledger';

export interface ReportFill {
  ts: bigint;
  symbol: string;
  side: 'buy' | 'sell';
  /** Decimal text in the instrument's units. */
  price: string;
  qty: string;
  fee: string;
}

/** One open position at the end, or the cash. */
export interface Holding {
  symbol: string;
  assetClass: AssetClass | 'cash';
  sector: string | null;
  /** Signed quantity (decimal text); '0' for cash. */
  qty: string;
  /** The price it is valued at; null for cash or without a mark. */
  price: string | null;
  /** Signed market value in the account currency (decimal text). */
  value: string;
}

/** Money as the source states it: exact decimal text. */
export interface ReportMoney {
  startEquity: string;
  endEquity: string;
  /** End equity minus start equity (run) or minus net deposits (account). */
  pnl: string;
  realized: string;
  fees: string;
  cash: string;
  fills: number;
}
