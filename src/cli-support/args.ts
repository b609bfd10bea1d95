import { UsageError } from '../errors.js';

/** A whole-number flag value of at least `min`, or a usage error naming the flag. */
export function wholeNumber(text: string, flag: string, min = 0): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`${flag} "${text}" must be a whole number of at least ${min}`);
  }
  return n;
}

/** A positive decimal flag value (0.5, 2), or a usage error naming the flag. */
export function positiveNumber(text: string, flag: string): number {
  const n = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || !(n > 0)) throw new UsageError(`${flag} "${text}" must be a positive number`, `e.g. ${flag} 1`);
  return n;
}
