import { describe, expect, it } from 'vitest';
import type { ClassBoardRow } from '../../services/class-board.js';
import { ago } from '../../cli-support/time-ago.js';
import { boardViewReducer, sortRows } from './view-state.js';

const row = (account: string, over: Partial<ClassBoardRow>): ClassBoardRow => ({
  rank: null,
  account,
  return_pct: 0,
  trades: 0,
  status: 'not started',
  rules: '0/3 trades',
  last_trade_ms: null,
  equity: '100000',
  violations: [],
  ...over,
});

const rows = [
  row('dan', { status: 'disqualified', trades: 9, return_pct: 9, last_trade_ms: 50 }),
  row('bea', { status: 'ranked', rank: 2, trades: 4, return_pct: 0.5, last_trade_ms: 10 }),
  row('cat', { status: 'trading', trades: 1, return_pct: 2, last_trade_ms: 30 }),
  row('eve', {}),
  row('amy', { status: 'ranked', rank: 1, trades: 3, return_pct: 1, last_trade_ms: 20 }),
];
const names = (rs: ClassBoardRow[]) => rs.map((r) => r.account);

describe('the class board view', () => {
  it('by rank: the ranked in rank order, then those still trading, not started, disqualified', () => {
    expect(names(sortRows(rows, 'rank'))).toEqual(['amy', 'bea', 'cat', 'eve', 'dan']);
  });
  it('sorts by return, trades, latest trade and name, ties in rank order', () => {
    expect(names(sortRows(rows, 'return'))).toEqual(['dan', 'cat', 'amy', 'bea', 'eve']);
    expect(names(sortRows(rows, 'trades'))).toEqual(['dan', 'bea', 'amy', 'cat', 'eve']);
    expect(names(sortRows(rows, 'activity'))).toEqual(['dan', 'cat', 'amy', 'bea', 'eve']);
    expect(names(sortRows(rows, 'name'))).toEqual(['amy', 'bea', 'cat', 'dan', 'eve']);
  });
  it('keys cycle the sort both ways and toggle balances', () => {
    let s = boardViewReducer({ sort: 'rank', hideBalances: false }, { kind: 'prevSort' });
    expect(s.sort).toBe('name');
    s = boardViewReducer(s, { kind: 'nextSort' });
    expect(s.sort).toBe('rank');
    expect(boardViewReducer(s, { kind: 'togglePrivacy' }).hideBalances).toBe(true);
  });
  it('says how long ago in words a room can read', () => {
    expect([ago(null, 0), ago(1000, 3000), ago(0, 45_000), ago(0, 12 * 60_000), ago(0, 3 * 3_600_000), ago(0, 2 * 86_400_000)]).toEqual(['-', 'now', '45s ago', '12m ago', '3h ago', '2d ago']);
  });
});
