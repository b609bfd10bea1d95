/**
 * What one vtrade command run that checks things (a backtest, a matrix of them) hands to the
 * reporters: one case per backtest cell, each with its assertions and figures.
 */
export interface AssertionOutcome {
  /** As the user wrote it: "sharpe>=1", "trades in [40,60]". */
  expr: string;
  passed: boolean;
  /** The figure's value, full precision as text. */
  actual: string;
  /** What was required, as text: ">= 1", "in [40, 60]". */
  expected: string;
}

export interface CaseResult {
  /** Unique within the suite: "market-maker.ts @ btcusdt_20240808.gz [window 2/4]". */
  name: string;
  /** Grouping for JUnit: the strategy file. */
  classname: string;
  durationSeconds: number;
  assertions: AssertionOutcome[];
  /** Figures worth tracking over time (name -> value), e.g. pnl, sharpe, events_per_second. */
  figures: Record<string, number>;
  /** Manifest fields and run settings (data hashes, seed, engine version, models). */
  properties: Record<string, string>;
  /** Set when the case could not run: a strategy that threw (exit 4), bad input (exit 2), ... */
  error?: { message: string; exitCode: number };
}

export interface SuiteResult {
  name: string;
  cases: CaseResult[];
}
