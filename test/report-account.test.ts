import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { runCli, type CliResult } from './support/run-cli.js';

/**
 * `vtrade report <account>`: a paper account traded by a replay, reported from the database,
 * must state the figures `vtrade account show` states.
 */

const SYNTH = 'fixtures/synth/syn-seed42-5min.csv.gz';
const MM = 'fixtures/strategies/market-maker.ts';

interface Show {
  cash: string;
  equity: string;
  positions: { symbol: string; qty: string; market_value: string }[];
  kpis: { fills: number; fees: string; realized: string; deposits: string; pnl: string };
}

interface FillRow {
  side: 'buy' | 'sell';
  qty: string;
  price: string;
  fee: string;
}

interface ReportJson {
  kind: string;
  name: string;
  equity_source: string;
  samples: number;
  money: { start_equity: string; end_equity: string; pnl: string; realized: string; fees: string; cash: string };
  fills: number;
  kpis: Record<string, unknown>;
  trades: { count: number; pnl: string };
  holdings: { symbol: string; value: string }[];
}

describe('vtrade report <account>', () => {
  it('reconciles with account show after a replay', () => {
    const env = { VTRADE_DB: join(mkdtempSync(join(tmpdir(), 'vtrade-report-acct-')), 'paper.db'), VTRADE_FROM_SOURCE: '1' };
    const vtrade = (args: string[]): CliResult => runCli(args, { env });
    expect(vtrade(['account', 'create', 'alice', '--cash', '100000']).code).toBe(0);
    const replay = vtrade(['replay', SYNTH, '--account', 'alice', '--strategy', MM]);
    expect(replay.code, replay.stderr).toBe(0);

    const show = JSON.parse(vtrade(['account', 'show', 'alice', '--json']).stdout) as Show;
    const fills = JSON.parse(vtrade(['fills', 'alice', '--json']).stdout) as FillRow[];
    const r = vtrade(['report', 'alice', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const rep = JSON.parse(r.stdout) as ReportJson;

    expect(fills.length).toBeGreaterThan(0);
    expect(rep).toMatchObject({ kind: 'account', name: 'alice', equity_source: 'ledger', fills: show.kpis.fills });
    expect(rep.fills).toBe(fills.length);
    expect(rep.money.cash).toBe(show.cash);
    expect(rep.money.end_equity).toBe(show.equity);
    expect(rep.money.pnl).toBe(show.kpis.pnl);
    expect(rep.money.fees).toBe(show.kpis.fees);
    expect(rep.money.realized).toBe(show.kpis.realized);
    expect(rep.money.start_equity).toBe(show.kpis.deposits);
    // Mission rewards the game credited after the replay are cash movements of their own.
    const ledger = JSON.parse(vtrade(['ledger', 'alice', '--json']).stdout) as { kind: string; amount: string }[];
    const rewards = ledger.filter((l) => l.kind === 'reward');
    // The curve: the opening deposit, one sample per fill and per reward (and the latest mark if it moved).
    expect(rep.samples).toBeGreaterThanOrEqual(fills.length + 1);
    expect(rep.samples).toBeLessThanOrEqual(fills.length + rewards.length + 2);

    // The cash is the deposit plus every fill's cash flow, from the fills themselves, plus rewards.
    let cash = rewards.reduce((c, r) => c.plus(r.amount), new Decimal(show.kpis.deposits));
    for (const f of fills) {
      const notional = new Decimal(f.price).times(f.qty);
      cash = f.side === 'buy' ? cash.minus(notional) : cash.plus(notional);
      cash = cash.minus(f.fee);
    }
    expect(rep.money.cash).toBe(cash.toFixed());

    // Round trips add up to realized P&L less fees when every position is closed.
    const open = show.positions.filter((p) => !new Decimal(p.qty).isZero());
    if (open.length === 0) expect(rep.trades.pnl).toBe(new Decimal(show.kpis.realized).minus(show.kpis.fees).toFixed());
    const heldValue = rep.holdings.filter((h) => h.symbol !== 'cash').reduce((s, h) => s.plus(h.value), new Decimal(0));
    expect(heldValue.plus(rep.money.cash).toFixed()).toBe(show.equity);
  });

  it('prints tables and sparklines without colour under NO_COLOR, and writes HTML for an account', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vtrade-report-acct-'));
    const env = { VTRADE_DB: join(dir, 'paper.db'), VTRADE_FROM_SOURCE: '1' };
    const vtrade = (args: string[]): CliResult => runCli(args, { env });
    expect(vtrade(['account', 'create', 'bob', '--cash', '50000']).code).toBe(0);
    expect(vtrade(['replay', SYNTH, '--account', 'bob', '--strategy', MM]).code).toBe(0);
    const html = join(dir, 'bob.html');
    const r = vtrade(['report', 'bob', '--html', html]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/\x1b\[/);
    for (const word of ['P&L', 'Sharpe', 'Sortino', 'Max drawdown', 'Calmar', 'Win rate', 'Profit factor', 'VaR 95 %', 'CVaR 95 %', 'Fills', 'Fees', 'holdings at the end']) {
      expect(r.stdout).toContain(word);
    }
    expect(r.stdout).toMatch(/^equity {4}[▁▂▃▄▅▆▇█]+ /m);
    expect(r.stdout).toMatch(/^drawdown {2}[▁▂▃▄▅▆▇█]+ /m);
    const page = readFileSync(html, 'utf8');
    expect(page.match(/<svg\b[^>]*role="img"/g)).toHaveLength(4);
    expect(page).toContain('<title>vtrade report: account bob</title>');
  });

  it('says when the name is neither a run folder nor an account', () => {
    const env = { VTRADE_DB: join(mkdtempSync(join(tmpdir(), 'vtrade-report-acct-')), 'paper.db'), VTRADE_FROM_SOURCE: '1' };
    const r = runCli(['report', 'nobody'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"nobody" is neither a run folder nor an account');
  });
});
