/** The panes, in Tab order. */
export const PANES = ['ladder', 'orders', 'positions', 'missions', 'leaderboard', 'copilot'] as const;
export type PaneId = (typeof PANES)[number];

export const PANE_TITLES: Record<PaneId, string> = {
  ladder: 'Book',
  orders: 'Orders & fills',
  positions: 'Position & NAV',
  missions: 'Missions & XP',
  leaderboard: 'Leaderboard',
  copilot: 'Copilot',
};

/** Below this the app shows one "enlarge the window" screen. */
export const MIN_COLS = 60;
export const MIN_ROWS = 16;

export type LayoutKind = 'too-small' | 'stacked' | 'two' | 'three';

export interface Layout {
  kind: LayoutKind;
  /** Panes on screen, in Tab order. In 'stacked' all panes take turns at full size. */
  panes: readonly PaneId[];
  columns: number;
  /** Rows Ink may use: one fewer than the terminal, so it never clears the screen on each frame. */
  rows: number;
  /** Rows for the panes: the status bar and the footer take one each. */
  body: number;
}

/**
 * Which panes fit: three columns on a wide terminal; two (book | orders and position) on a
 * medium one, where the missions, leaderboard and copilot columns are dropped; one pane at a
 * time with a tab strip on a narrow one.
 */
export function layoutFor(columns: number, rows: number): Layout {
  const usable = Math.max(0, rows - 1);
  const base = { columns, rows: usable, body: Math.max(0, usable - 2) };
  if (columns < MIN_COLS || rows < MIN_ROWS) return { ...base, kind: 'too-small', panes: [] };
  if (columns >= 140) return { ...base, kind: 'three', panes: PANES };
  if (columns >= 96) return { ...base, kind: 'two', panes: ['ladder', 'orders', 'positions'] };
  return { ...base, kind: 'stacked', panes: PANES };
}
