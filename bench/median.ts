/**
 * The median of a bench's timed runs: the middle value, or the mean of the two middle values for
 * an even count (taking either one of them biases a four-figure median by half the spread).
 */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
