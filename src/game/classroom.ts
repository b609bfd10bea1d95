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
  rule: 'long-only' | 'max-position' | 'no-leverage' | 'off-scenario';
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

/** Where a member stands in a class, judged only on what can be judged so far. */
export type MemberStatus = 'not started' | 'trading' | 'ranked' | 'disqualified';

/**
 * A member's status. A fill rule (long-only, max position, no leverage, scenario) is judged at
 * each fill, so one broken rule disqualifies at once. The minimum number of trades can only be
 * failed when the class is over, and a class has no end: until a member reaches it, they are
 * still trading (not disqualified), and before their first class trade they have not started.
 */
export function memberStatus(rules: ClassRules, m: { trades: number; violations: number; ranked: boolean }): MemberStatus {
  if (m.violations > 0) return 'disqualified';
  if (m.ranked) return 'ranked';
  return m.trades === 0 ? 'not started' : 'trading';
}

/** The fewest class trades to be ranked: the class's own minimum, or the all-time board's. */
export function minTradesOf(rules: ClassRules, boardMinimum: number): number {
  return rules.minTrades ?? boardMinimum;
}

/** Rule status in a few words, for a board cell: "ok", "2/5 trades", "long-only x3". */
export function ruleStatusText(status: MemberStatus, trades: number, minTrades: number, violations: readonly Violation[]): string {
  if (violations.length) {
    const counts = new Map<string, number>();
    for (const v of violations) counts.set(v.rule, (counts.get(v.rule) ?? 0) + 1);
    return [...counts].map(([rule, n]) => (n > 1 ? `${rule} x${n}` : rule)).join(', ');
  }
  if (status === 'ranked') return 'ok';
  return `${trades}/${minTrades} trades`;
}
