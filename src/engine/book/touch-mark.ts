/**
 * The price a position is marked at, in ticks: the mid of the touch rounded half up, else the one
 * side left, else the last trade. One rule for the kernel's marks and every preview of them.
 */
export function touchMark(bid: number | undefined, ask: number | undefined, lastTrade?: number): number | undefined {
  if (bid !== undefined && ask !== undefined) return Math.round((bid + ask) / 2);
  return bid ?? ask ?? lastTrade;
}
