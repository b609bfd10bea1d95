import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDir } from './support/data-dir.js';
import { alignReturns, beta, returnCorrelation } from '../src/engine/analytics/benchmark.js';
import { newYorkCloseDayKey, utcDayKey } from '../src/engine/analytics/day-key.js';
import { drawdownAnalysis } from '../src/engine/analytics/drawdown.js';
import { endOfDaySnapshots } from '../src/engine/analytics/end-of-day.js';
import { monthlyReturns } from '../src/engine/analytics/monthly.js';
import { PPY_EQUITIES_DAILY, periodsPerYearFromTimestamps } from '../src/engine/analytics/periods.js';
import { annualizedReturn, calmarRatio, sharpeRatio, sortinoRatio, totalReturn, volatility } from '../src/engine/analytics/performance.js';
import { dailyReturns, logReturns } from '../src/engine/analytics/returns.js';
import type { DayReturn } from '../src/engine/analytics/series.js';
import { conditionalValueAtRisk, valueAtRisk } from '../src/engine/analytics/tail-risk.js';
import { tradeStats } from '../src/engine/analytics/trades.js';

/*
 * Real data: AAPL daily closes 2013-02-08 .. 2018-02-07 (1,259 rows, split-adjusted, see
 * sp500/NOTES.md) as the equity of one share held throughout. The benchmark is the equal-weight,
 * daily rebalanced average of the daily returns of AMZN, ADBE and AMGN (the data set holds no SPY,
 * MSFT or GOOGL; these three have the same 1,259 dates as AAPL).
 *
 * Expected values come from Python 3.11's statistics module, run offline on the same files:
 *
 *   python3 ref.py   # with, in ref.py (abridged):
 *     E = [float(close) for AAPL rows]; R = [E[i]/E[i-1]-1 for i in 1..n]
 *     total = E[-1]/E[0]-1; yrs = (date(2018,2,7)-date(2013,2,8)).days/365.25  # 1825 days
 *     cagr = (E[-1]/E[0])**(1/yrs)-1
 *     vol = statistics.stdev(R)*sqrt(252); sharpe = statistics.fmean(R)/statistics.stdev(R)*sqrt(252)
 *     sharpe_rf2 = (fmean(R) - (1.02**(1/252)-1))/stdev(R)*sqrt(252)
 *     sortino = fmean(R)/sqrt(math.fsum(min(r,0)**2 for r in R)/len(R))*sqrt(252)
 *     mdd: brute force over every j of 1 - E[j]/max(E[:j+1]); recovery = first later E >= peak
 *     s = sorted(R); k = ceil(n*0.05); VaR = -s[k-1]; CVaR = -fmean(r for r in R if r <= s[k-1])
 *     B = [fmean(AMZN_r, ADBE_r, AMGN_r) per day]; beta = statistics.covariance(R,B)/statistics.variance(B)
 *     corr = statistics.correlation(R, B)
 *     month M: last close of M / last close of the month before - 1 (first month: over E[0])
 *     trades: P = [E[i]-E[i-1]]; wins P>0, losses P<0; pf = fsum(wins)/-fsum(losses)
 *   output:
 *     n returns 1258; total 1.3512177580754026; days 1825 cagr 0.18661390358457974
 *     vol252 0.23165688775143387; sharpe252 0.8552371064235759; sharpe252 rf2% 0.769751172582573
 *     sortino252 1.2585114412503413
 *     mdd 0.3207518796992481 peak 2015-02-23 133.0 trough 2016-05-12 90.34 recovery 2017-02-13
 *     longest underwater days (721, '2015-02-23', '2017-02-13'); calmar 0.5818014340541281
 *     k 63 VaR95 0.023149874836929762 CVaR95 0.032679800413735215
 *     k99 13 VaR99 0.03877669527066274 CVaR99 0.05264768033062569
 *     beta 0.44114419073453703; corr 0.37357699877922185
 *     months 61; 2013-02 -0.07069717128784969; 2013-03 0.0028545556329104826;
 *     2016-06 -0.042659723613058365; 2018-01 -0.010636411983690697; 2018-02 -0.047124171295466866
 *     trades 1258 650 605 winrate 0.5166931637519873 pf 1.1415522301325687
 *     exp 0.07288219395866453 avgwin 1.137542923076923 avgloss -1.070606776859504
 *     sum log 0.8549333888651444
 */

const DIR = join(dataDir(), 'sp500', 'daily');
const NS_PER_MS = 1_000_000n;

function closes(symbol: string): { dates: string[]; closes: string[] } {
  const lines = readFileSync(join(DIR, `${symbol}_data.csv`), 'utf8').trim().split('\n');
  expect(lines[0]).toBe('date,open,high,low,close,volume,Name');
  const rows = lines.slice(1).map((l) => l.split(','));
  return { dates: rows.map((r) => r[0]), closes: rows.map((r) => r[4]) };
}

/** Closes stamped 20:00 UTC: 16:00 EDT or 15:00 EST, so at or before the New York close either way. */
function points(c: { dates: string[]; closes: string[] }) {
  return c.dates.map((d, i) => ({ ts: BigInt(Date.parse(`${d}T20:00:00Z`)) * NS_PER_MS, equity: c.closes[i] }));
}

function daily(symbol: string): DayReturn[] {
  return dailyReturns(endOfDaySnapshots(points(closes(symbol))));
}

const rel = (got: number, want: number, tol = 1e-12) => expect(Math.abs(got - want)).toBeLessThanOrEqual(tol * Math.abs(want));

describe('KPIs of AAPL 2013-02-08 .. 2018-02-07 against Python statistics', () => {
  const aapl = closes('AAPL');
  const pts = points(aapl);
  const snaps = endOfDaySnapshots(pts);
  const rets = dailyReturns(snaps);
  const r = rets.map((x) => x.ret);

  it('one snapshot per trading day under both day keys; returns are close-to-close', () => {
    expect(aapl.dates).toHaveLength(1259);
    expect(aapl.closes[1258]).toBe('159.54');
    expect(snaps.map((s) => s.day)).toEqual(aapl.dates);
    expect(endOfDaySnapshots(pts, newYorkCloseDayKey).map((s) => s.day)).toEqual(aapl.dates);
    expect(endOfDaySnapshots(pts, utcDayKey)).toEqual(snaps);
    expect(r).toHaveLength(1258);
    r.forEach((x, i) => expect(x).toBe(Number(aapl.closes[i + 1]) / Number(aapl.closes[i]) - 1));
    // about 252 trading days a year: 1258 periods over 1825 / 365.25 years = 251.77
    expect(periodsPerYearFromTimestamps(pts.map((p) => p.ts))).toBeCloseTo(1258 / (1825 / 365.25), 9);
  });

  it('total and annualized return, volatility, Sharpe, Sortino', () => {
    rel(totalReturn(aapl.closes), 1.3512177580754026);
    rel(annualizedReturn(pts), 0.18661390358457974);
    rel(volatility(r, PPY_EQUITIES_DAILY), 0.23165688775143387);
    rel(sharpeRatio(r, PPY_EQUITIES_DAILY), 0.8552371064235759);
    rel(sharpeRatio(r, PPY_EQUITIES_DAILY, 0.02), 0.769751172582573);
    rel(sortinoRatio(r, PPY_EQUITIES_DAILY), 1.2585114412503413);
    rel(logReturns(aapl.closes).reduce((a, b) => a + b, 0), 0.8549333888651444);
  });

  it('max drawdown, its episode and the longest time under water; Calmar', () => {
    const a = drawdownAnalysis(pts);
    rel(a.maxDrawdown, 0.3207518796992481);
    const ep = a.maxDrawdownEpisode!;
    expect([aapl.dates[ep.peakIndex], aapl.dates[ep.troughIndex], aapl.dates[ep.recoveryIndex!]]).toEqual(['2015-02-23', '2016-05-12', '2017-02-13']);
    expect([ep.peakEquity, ep.troughEquity]).toEqual([133, 90.34]);
    const DAY = 86_400_000_000_000n;
    // 2015-02-23 -> 2017-02-13: two years with 2016-02-29 (731 days) less 10
    expect(a.maxDrawdownDurationNs).toBe(721n * DAY);
    expect(ep.durationNs).toBe(721n * DAY);
    // 2015-02-23 -> 2016-05-12: 365 days to 2016-02-23, then 6 + 31 + 30 + 12 = 79 more (2016 is a leap year)
    expect(ep.declineNs).toBe(444n * DAY);
    rel(calmarRatio(annualizedReturn(pts), a.maxDrawdown), 0.5818014340541281);
  });

  it('historical VaR and CVaR at 95 % and 99 %', () => {
    rel(valueAtRisk(r), 0.023149874836929762);
    rel(conditionalValueAtRisk(r), 0.032679800413735215);
    rel(valueAtRisk(r, 0.99), 0.03877669527066274);
    rel(conditionalValueAtRisk(r, 0.99), 0.05264768033062569);
  });

  it('beta and correlation against an equal-weight AMZN/ADBE/AMGN benchmark', () => {
    const legs = ['AMZN', 'ADBE', 'AMGN'].map(daily);
    const bench = legs[0].map((d, i) => ({ day: d.day, ret: (legs[0][i].ret + legs[1][i].ret + legs[2][i].ret) / 3 }));
    const al = alignReturns(rets, bench);
    expect(al.days).toHaveLength(1258);
    rel(beta(al.a, al.b), 0.44114419073453703, 1e-11);
    rel(returnCorrelation(al.a, al.b), 0.37357699877922185, 1e-11);
    // and by a different road: two-pass sums over the aligned lists
    const n = al.a.length;
    const ma = al.a.reduce((s, x) => s + x, 0) / n;
    const mb = al.b.reduce((s, x) => s + x, 0) / n;
    let sab = 0;
    let sbb = 0;
    for (let i = 0; i < n; i++) {
      sab += (al.a[i] - ma) * (al.b[i] - mb);
      sbb += (al.b[i] - mb) ** 2;
    }
    rel(beta(al.a, al.b), sab / sbb, 1e-11);
  });

  it('monthly returns', () => {
    const m = monthlyReturns(rets);
    expect(m).toHaveLength(61);
    const byMonth = new Map(m.map((x) => [x.month, x.ret]));
    rel(byMonth.get('2013-02')!, -0.07069717128784969, 1e-11);
    rel(byMonth.get('2013-03')!, 0.0028545556329104826, 1e-10);
    rel(byMonth.get('2016-06')!, -0.042659723613058365, 1e-11);
    rel(byMonth.get('2018-01')!, -0.010636411983690697, 1e-11);
    rel(byMonth.get('2018-02')!, -0.047124171295466866, 1e-11);
  });

  it('trade statistics of the daily one-share P&L', () => {
    const pnl = aapl.closes.slice(1).map((c, i) => Number(c) - Number(aapl.closes[i]));
    const s = tradeStats(pnl);
    expect([s.count, s.wins, s.losses]).toEqual([1258, 650, 605]);
    rel(s.winRate, 0.5166931637519873);
    rel(s.profitFactor, 1.1415522301325687);
    rel(s.expectancy, 0.07288219395866453, 1e-11);
    rel(s.averageWin, 1.137542923076923);
    rel(s.averageLoss, -1.070606776859504);
  });
});
