const BARS = '▁▂▃▄▅▆▇█';

/** A one-line chart of a series, resampled to at most `width` points (last value of each bucket). */
export function sparkline(values: number[], width: number): string {
  if (values.length === 0) return '';
  const step = Math.max(1, Math.ceil(values.length / width));
  const points: number[] = [];
  for (let i = step - 1; i < values.length + step - 1; i += step) points.push(values[Math.min(i, values.length - 1)]);
  const min = Math.min(...points);
  const max = Math.max(...points);
  const span = max - min;
  return points.map((v) => BARS[span === 0 ? 0 : Math.min(BARS.length - 1, Math.floor(((v - min) / span) * BARS.length))]).join('');
}
