/**
 * How many cases a property test draws. Mutation runs (npm run mutate) run each test once per
 * mutant, hundreds of times, so they set VTRADE_PROPERTY_RUNS to draw fewer: a mutant that a
 * property catches at all is nearly always caught in the first few dozen cases. Without the
 * variable every property draws the number its test asks for.
 */
export function propertyRuns(asked: number): number {
  const cap = Number(process.env.VTRADE_PROPERTY_RUNS);
  return Number.isInteger(cap) && cap > 0 ? Math.min(asked, cap) : asked;
}
