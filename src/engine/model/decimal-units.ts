import { ValueError } from './errors.js';

/**
 * An exact decimal step such as a tick size "0.01" or a lot size "0.001", held as
 * units / 10^scale with integer units. Conversions between decimal text and integer
 * multiples of the step never go through floating point.
 */
export interface DecimalStep {
  /** The step as written, normalised (no trailing zeros): "0.01". */
  readonly text: string;
  /** Number of decimal places of the step: 2 for "0.01", 0 for "5". */
  readonly scale: number;
  /** The step in units of 10^-scale: 1 for "0.01", 5 for "0.05", 5 for "5". */
  readonly units: number;
}

const DECIMAL_RE = /^-?\d+(\.\d+)?$/;

/** Parses a positive step such as "0.01". */
export function parseStep(text: string, field = 'step'): DecimalStep {
  if (!DECIMAL_RE.test(text) || text.startsWith('-')) {
    throw new ValueError(field, `${field} must be a positive decimal such as 0.01, got "${text}"`);
  }
  const normal = normaliseDecimal(text);
  const dot = normal.indexOf('.');
  const scale = dot < 0 ? 0 : normal.length - dot - 1;
  const units = Number(normal.replace('.', ''));
  if (!Number.isSafeInteger(units) || units <= 0) {
    throw new ValueError(field, `${field} must be a positive decimal such as 0.01, got "${text}"`);
  }
  return { text: normal, scale, units };
}

/** Removes leading zeros of the integer part and trailing zeros of the fraction. */
export function normaliseDecimal(text: string): string {
  let negative = false;
  let s = text;
  if (s.startsWith('-')) {
    negative = true;
    s = s.slice(1);
  }
  let [int, frac = ''] = s.split('.');
  int = int.replace(/^0+(?=\d)/, '');
  frac = frac.replace(/0+$/, '');
  const body = frac.length > 0 ? `${int}.${frac}` : int;
  return negative && body !== '0' ? `-${body}` : body;
}

/**
 * Converts decimal text to an integer count of steps, exactly. Text off the step grid,
 * or that does not parse, throws a ValueError naming the field. The grammar is the one
 * parseStep accepts, -?digits(.digits)?: "1." and ".5" are rejected, not guessed at.
 *
 * Hand-written rather than decimal.js: it runs once per price and size in every reader,
 * and a character loop is several times faster than building Decimal objects.
 */
export function decimalToSteps(text: string, step: DecimalStep, field: string): number {
  const len = text.length;
  let i = 0;
  let negative = false;
  if (len > 0 && text.charCodeAt(0) === 45 /* - */) {
    negative = true;
    i = 1;
  }
  if (i >= len) throw notANumber(text, field);
  let value = 0;
  let fracDigits = 0;
  let seenDot = false;
  let digits = 0;
  let intDigits = 0;
  let extraNonZero = false;
  for (; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 /* . */) {
      if (seenDot) throw notANumber(text, field);
      seenDot = true;
      continue;
    }
    const d = c - 48;
    if (d < 0 || d > 9) throw notANumber(text, field);
    digits++;
    if (seenDot) {
      if (fracDigits >= step.scale) {
        if (d !== 0) extraNonZero = true;
        continue;
      }
      fracDigits++;
    } else {
      intDigits++;
    }
    value = value * 10 + d;
  }
  // Digits are required on both sides of a dot.
  if (intDigits === 0 || (seenDot && digits === intDigits)) throw notANumber(text, field);
  if (extraNonZero) throw offGrid(text, step, field);
  for (; fracDigits < step.scale; fracDigits++) value *= 10;
  if (!Number.isSafeInteger(value)) {
    throw new ValueError(field, `${field} "${text}" is too large to hold exactly`);
  }
  const steps = value / step.units;
  if (!Number.isInteger(steps)) throw offGrid(text, step, field);
  // "-0" is zero steps, not the float -0 (which would differ under Object.is and deep equality).
  return negative && steps !== 0 ? -steps : steps;
}

/** Formats an integer count of steps as normalised decimal text, exactly. */
export function stepsToDecimal(steps: number, step: DecimalStep): string {
  const value = steps * step.units;
  // A fractional count (0.5 steps of 0.02) would otherwise print a price off the grid ("0.01").
  if (!Number.isSafeInteger(steps)) throw new ValueError('value', `${steps} is not a whole number of steps`);
  if (!Number.isSafeInteger(value)) throw new ValueError('value', `${steps} steps do not fit exactly`);
  const negative = value < 0;
  const digits = String(negative ? -value : value);
  if (step.scale === 0) return negative ? `-${digits}` : digits;
  const padded = digits.padStart(step.scale + 1, '0');
  const int = padded.slice(0, padded.length - step.scale);
  const frac = padded.slice(padded.length - step.scale).replace(/0+$/, '');
  const body = frac.length > 0 ? `${int}.${frac}` : int;
  return negative && body !== '0' ? `-${body}` : body;
}

function notANumber(text: string, field: string): ValueError {
  return new ValueError(field, `${field} "${text}" is not a decimal number`);
}

function offGrid(text: string, step: DecimalStep, field: string): ValueError {
  return new ValueError(field, `${field} "${text}" is not a multiple of ${step.text}`);
}
