import { describe, expect, it } from 'vitest';
import { memberStatus, minTradesOf, ruleStatusText } from './classroom.js';

describe('class rules, judged when they can be', () => {
  it('a member who has not traded has not started, whatever the minimum', () => {
    expect(memberStatus({ minTrades: 5 }, { trades: 0, violations: 0, ranked: false })).toBe('not started');
    expect(ruleStatusText('not started', 0, 5, [])).toBe('0/5 trades');
  });
  it('too few trades so far is still trading, not disqualified: the minimum can only be failed at the end', () => {
    expect(memberStatus({ minTrades: 5 }, { trades: 2, violations: 0, ranked: false })).toBe('trading');
    expect(ruleStatusText('trading', 2, 5, [])).toBe('2/5 trades');
  });
  it('a broken fill rule disqualifies at once, and the cell counts each rule', () => {
    expect(memberStatus({ longOnly: true }, { trades: 1, violations: 1, ranked: false })).toBe('disqualified');
    const v = [
      { rule: 'long-only' as const, detail: 'a' },
      { rule: 'long-only' as const, detail: 'b' },
      { rule: 'max-position' as const, detail: 'c' },
    ];
    expect(ruleStatusText('disqualified', 3, 2, v)).toBe('long-only x2, max-position');
  });
  it("ranked members keep the rules; the class's own minimum replaces the board's", () => {
    expect(memberStatus({}, { trades: 12, violations: 0, ranked: true })).toBe('ranked');
    expect(ruleStatusText('ranked', 12, 10, [])).toBe('ok');
    expect(minTradesOf({ minTrades: 2 }, 10)).toBe(2);
    expect(minTradesOf({}, 10)).toBe(10);
  });
});
