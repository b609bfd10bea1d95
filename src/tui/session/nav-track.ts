/**
 * Equity over time for the positions pane: a bounded window of samples for the sparkline and
 * the drawdown from the running peak over the whole session (not just the window).
 */
export interface NavTrack {
  samples: number[];
  peak: number;
  drawdown: number;
  maxDrawdown: number;
}

export const emptyNav = (): NavTrack => ({ samples: [], peak: -Infinity, drawdown: 0, maxDrawdown: 0 });

/** Adds one equity sample; keeps at most `keep` samples. Pure: returns a new track. */
export function addNav(t: NavTrack, equity: number, keep = 240): NavTrack {
  const peak = Math.max(t.peak, equity);
  const drawdown = peak > 0 ? (peak - equity) / peak : 0;
  const samples = t.samples.length >= keep ? [...t.samples.slice(t.samples.length - keep + 1), equity] : [...t.samples, equity];
  return { samples, peak, drawdown, maxDrawdown: Math.max(t.maxDrawdown, drawdown) };
}
