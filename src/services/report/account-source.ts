import { Decimal } from 'decimal.js';
import type { EquityPoint } from '../../engine/analytics/index.js';
import type { InstrumentSpec } from '../../engine/model/instrument.js';
import type { AccountRow } from '../../store/accounts.js';
import { positionsOf } from '../../store/accounts.js';
import { equitySnapshotRows, fillEntries, ledgerEntries, type FillEntry, type LedgerEntry } from '../../store/account-history.js';
import type { Db } from '../../store/database.js';
import type { Holding, ReportData, ReportFill } from './report-data.js';

const Money = Decimal.clone({ precision: 80 });

/** Daily equity the account recorded itself, in time order; empty when the table is absent. */
function snapshotsOf(db: Db, accountId: number): EquityPoint[] {
  const rows = equitySnapshotRows(db, accountId);
  // ts_ns is text: sort as integers, not as strings.
  return rows.map((r) => ({ ts: BigInt(r.ts_ns), equity: String(r.equity) })).sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
}

interface Walk {
  curve: EquityPoint[];
  cash: Decimal;
  /** Game rewards credited: in the cash, not in the curve. */
  rewards: Decimal;
  lastTs: bigint;
}

/**
 * The account's equity after every booked event, from its own books: the ledger's running
 * balance is the cash, the fills move the positions, and each position is valued at its latest
 * fill price. A fill's cash and commission entries are one event, so one sample. Game rewards
 * are left out of the curve: they are cash, not a return, and would show as gains in the KPIs.
 */
function walkLedger(ledger: LedgerEntry[], fills: Map<string, FillEntry>, fallbackTs: bigint): Walk {
  const qty = new Map<string, Decimal>();
  const mark = new Map<string, Decimal>();
  const curve: EquityPoint[] = [];
  const firstNonZero = ledger.find((r) => r.ts_ns !== '0');
  let lastTs = firstNonZero ? BigInt(firstNonZero.ts_ns) : fallbackTs;
  let cash = new Money(0);
  let rewards = new Money(0);
  let group: string | null = null;
  const emit = (): void => {
    let equity = cash.minus(rewards);
    for (const [sym, q] of qty) equity = equity.plus(q.times(mark.get(sym) ?? 0));
    curve.push({ ts: lastTs, equity: equity.toFixed() });
  };
  for (const row of ledger) {
    const m = /^(.*):(cash|fee)$/.exec(row.event_id);
    const fill = m ? fills.get(m[1]) : undefined;
    const key = fill ? fill.event_id : row.event_id;
    if (group !== null && key !== group) emit();
    group = key;
    cash = new Money(row.balance);
    if (row.kind === 'reward') rewards = rewards.plus(row.amount);
    // Opening deposits carry ts 0: they happened before the first trade, not in 1970.
    if (row.ts_ns !== '0') {
      const ts = BigInt(row.ts_ns);
      if (ts > lastTs) lastTs = ts;
    }
    if (fill && m?.[2] === 'cash') {
      const signed = new Money(fill.qty).times(fill.side === 'buy' ? 1 : -1);
      qty.set(fill.symbol, (qty.get(fill.symbol) ?? new Money(0)).plus(signed));
      mark.set(fill.symbol, new Money(fill.price));
    }
  }
  if (group !== null) emit();
  return { curve, cash, rewards, lastTs };
}

/**
 * A paper account as report data. The equity curve is the account's equity_snapshots when it
 * has them, else it is derived from the ledger and the fills (one sample per fill); either way
 * the last sample is the account now, positions marked at their last price, so the report's end
 * equity is the one `vtrade account show` states.
 */
export function loadAccount(db: Db, account: AccountRow): ReportData {
  const ledger = ledgerEntries(db, account.id);
  const fillRows = fillEntries(db, account.id);
  const positions = positionsOf(db, account.id);
  const created = BigInt(Date.parse(account.created_at)) * 1_000_000n;
  const walk = walkLedger(ledger, new Map(fillRows.map((f) => [f.event_id, f])), created);

  const holdings: Holding[] = [];
  let equityNow = walk.cash;
  let realized = new Money(0);
  let allEquities = positions.length > 0;
  for (const p of positions) {
    const spec = JSON.parse(p.instrument_json) as InstrumentSpec;
    if (spec.assetClass !== 'equity') allEquities = false;
    realized = realized.plus(p.realized);
    if (p.lots === 0) continue;
    const value = p.last_price === null ? new Money(0) : new Money(p.qty).times(p.last_price);
    equityNow = equityNow.plus(value);
    holdings.push({ symbol: p.symbol, assetClass: spec.assetClass, sector: spec.sector ?? null, qty: p.qty, price: p.last_price, value: value.toFixed() });
  }
  holdings.push({ symbol: 'cash', assetClass: 'cash', sector: null, qty: '0', price: null, value: walk.cash.toFixed() });

  const snapshots = snapshotsOf(db, account.id);
  const curve = snapshots.length > 0 ? snapshots : walk.curve;
  const last = curve[curve.length - 1];
  // End on the account as it stands (marks may have moved since the last fill or snapshot).
  const tradingNow = equityNow.minus(walk.rewards);
  if (last === undefined || !new Money(last.equity).eq(tradingNow)) {
    curve.push({ ts: last === undefined || walk.lastTs > last.ts ? walk.lastTs : last.ts, equity: tradingNow.toFixed() });
  }

  let fees = new Money(0);
  for (const r of ledger) if (r.kind === 'commission') fees = fees.minus(r.amount);
  // Trading only: game rewards are cash, not a return.
  const unrealized = positions.reduce((u, p) => {
    if (p.lots === 0 || p.last_price === null) return u;
    const value = new Money(p.qty).times(p.last_price);
    return u.plus(value.minus(new Money(p.cost_basis).times(p.lots > 0 ? 1 : -1)));
  }, new Money(0));
  const fills: ReportFill[] = fillRows.map((f) => ({ ts: BigInt(f.ts_ns), symbol: f.symbol, side: f.side, price: f.price, qty: f.qty, fee: f.fee }));
  return {
    kind: 'account',
    name: account.name,
    currency: account.currency,
    equity: curve,
    equitySource: snapshots.length > 0 ? 'equity_snapshots' : 'ledger',
    sampleIntervalNs: null,
    equitiesOnly: allEquities,
    fills,
    holdings,
    money: {
      startEquity: curve[0].equity.toString(),
      endEquity: equityNow.toFixed(),
      pnl: realized.plus(unrealized).minus(fees).toFixed(),
      realized: realized.toFixed(),
      fees: fees.toFixed(),
      cash: walk.cash.toFixed(),
      fills: fillRows.length,
    },
  };
}
