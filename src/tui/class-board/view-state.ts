import type { ClassBoardRow } from '../../services/class-board.js';
import { byRank } from '../../services/class-board.js';

/** How the projector board orders its rows. */
export const SORT_KEYS = ['rank', 'return', 'trades', 'activity', 'name'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface BoardViewState {
  sort: SortKey;
  /** Balances hidden: the class sees ranks and returns, not how much anyone holds. */
  hideBalances: boolean;
}

export type BoardIntent = { kind: 'nextSort' } | { kind: 'prevSort' } | { kind: 'togglePrivacy' };

export function boardViewReducer(s: BoardViewState, i: BoardIntent): BoardViewState {
  const at = SORT_KEYS.indexOf(s.sort);
  switch (i.kind) {
    case 'nextSort':
      return { ...s, sort: SORT_KEYS[(at + 1) % SORT_KEYS.length] };
    case 'prevSort':
      return { ...s, sort: SORT_KEYS[(at + SORT_KEYS.length - 1) % SORT_KEYS.length] };
    case 'togglePrivacy':
      return { ...s, hideBalances: !s.hideBalances };
  }
}

const byName = (x: ClassBoardRow, y: ClassBoardRow) => (x.account < y.account ? -1 : x.account > y.account ? 1 : 0);

/** The rows in the chosen order; ties fall back to the board's own order, so the result is stable. */
export function sortRows(rows: readonly ClassBoardRow[], sort: SortKey): ClassBoardRow[] {
  const out = [...rows];
  switch (sort) {
    case 'rank':
      return out.sort(byRank);
    case 'return':
      return out.sort((x, y) => y.return_pct - x.return_pct || byRank(x, y));
    case 'trades':
      return out.sort((x, y) => y.trades - x.trades || byRank(x, y));
    case 'activity':
      return out.sort((x, y) => (y.last_trade_ms ?? -Infinity) - (x.last_trade_ms ?? -Infinity) || byRank(x, y));
    case 'name':
      return out.sort(byName);
  }
}
