import { Decimal } from 'decimal.js';
import { z } from 'zod';

const decimalText = z.string().regex(/^\d+(\.\d+)?$/, 'must be a decimal number in a string, like "1000"');

/** A class's rules file. Every field is optional; unknown fields are an error (a typo must not pass silently). */
export const rulesSchema = z
  .object({
    /** No short positions: a fill may never leave a position below zero. */
    longOnly: z.boolean().optional(),
    /** Largest absolute position, in units of the instrument. */
    maxPositionQty: decimalText.optional(),
    /** Largest absolute position value at the fill's price, in the account currency. */
    maxPositionNotional: decimalText.optional(),
    /** Fewest fills on the class scenario to be ranked. */
    minTrades: z.number().int().min(0).optional(),
    /** Cash may never go below zero: no buying on margin. */
    noLeverage: z.boolean().optional(),
    /** Every run of a member account after joining must replay the class scenario (default true). */
    scenarioOnly: z.boolean().optional(),
  })
  .strict();

export type ClassRules = z.infer<typeof rulesSchema>;

export const DEFAULT_RULES: ClassRules = { scenarioOnly: true };

export interface Violation {
  rule: 'long-only' | 'max-position' | 'no-leverage' | 'off-scenario' | 'min-trades';
  detail: string;
}

/** What a rule check needs to know about one fill. */
export interface FillFacts {
  symbol: string;
  side: 'buy' | 'sell';
  price: string;
  /** Signed position after the fill, in instrument units. */
  positionAfter: string;
  /** The account's cash after the fill and its fee. */
  cashAfter: string;
  /** Whether the run that made the fill replays the class scenario. */
  onScenario: boolean;
}

/** The rules a fill breaks. Pure: the same facts always give the same violations. */
export function checkFill(rules: ClassRules, f: FillFacts): Violation[] {
  const out: Violation[] = [];
  const pos = new Decimal(f.positionAfter);
  if ((rules.scenarioOnly ?? true) && !f.onScenario) out.push({ rule: 'off-scenario', detail: `traded ${f.symbol} in a run that does not replay the class scenario` });
  if (rules.longOnly && pos.isNeg()) out.push({ rule: 'long-only', detail: `${f.side} left ${f.symbol} short ${pos.abs().toFixed()}` });
  if (rules.maxPositionQty !== undefined && pos.abs().gt(rules.maxPositionQty)) {
    out.push({ rule: 'max-position', detail: `${f.symbol} position ${pos.toFixed()} exceeds ${rules.maxPositionQty}` });
  }
  if (rules.maxPositionNotional !== undefined) {
    const value = pos.abs().times(f.price);
    if (value.gt(rules.maxPositionNotional)) out.push({ rule: 'max-position', detail: `${f.symbol} position worth ${value.toFixed()} exceeds ${rules.maxPositionNotional}` });
  }
  if (rules.noLeverage && new Decimal(f.cashAfter).isNeg()) out.push({ rule: 'no-leverage', detail: `cash went to ${f.cashAfter} after ${f.side} ${f.symbol}` });
  return out;
}

/** The minimum-trades rule, judged on the board: too few trades disqualifies. */
export function checkMinTrades(rules: ClassRules, trades: number): Violation | undefined {
  if (rules.minTrades !== undefined && trades < rules.minTrades) return { rule: 'min-trades', detail: `${trades} trades, the class needs at least ${rules.minTrades}` };
  return undefined;
}
