/**
 * When the next equity sample falls due after one taken at `t`: the first multiple of `step`
 * past `t`, counted from `due` (the sample that was due), or from `t` itself for the first.
 * It jumps straight past `t`: stepping one interval at a time over a long gap in the data (a
 * night, with a millisecond interval) would take billions of iterations. The kernel's NAV, the
 * terminal UI's sparkline and the live NAV fan-out all sample by this one rule.
 */
export function nextNavDue(due: bigint | undefined, t: bigint, step: bigint): bigint {
  const from = due ?? t;
  return from > t ? from : from + ((t - from) / step + 1n) * step;
}
