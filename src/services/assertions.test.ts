import { describe, it, expect } from 'vitest';
import { checkAssertion, expectedText, failureLine, FIGURE_NAMES, parseAssertion, type FigureValue } from './assertions.js';

const figures: Record<string, FigureValue> = { pnl: '47.95', fills: 50, trades: 50, sharpe: 1.25, max_drawdown: 0.0123, events: 1000 };
const check = (expr: string) => checkAssertion(parseAssertion(expr), figures);

describe('assertions', () => {
  it('compares with each operator, exactly as decimals', () => {
    expect(check('pnl>=47.95').passed).toBe(true);
    expect(check('pnl>47.95').passed).toBe(false);
    expect(check('pnl==47.950').passed).toBe(true);
    expect(check('pnl!=47.95').passed).toBe(false);
    expect(check('pnl<47.96').passed).toBe(true);
    expect(check('pnl <= 47.949').passed).toBe(false);
    expect(check('sharpe > 1e0').passed).toBe(true);
    expect(check('max_drawdown<.02').passed).toBe(true);
    // 0.1 + 0.2 style float noise does not enter: the literal is read as a decimal.
    expect(checkAssertion(parseAssertion('sharpe==0.3'), { ...figures, sharpe: 0.3 }).passed).toBe(true);
  });

  it('ranges: brackets include their end, parentheses exclude it', () => {
    expect(check('trades in [40,60]').passed).toBe(true);
    expect(check('trades in [50,60]').passed).toBe(true);
    expect(check('trades in (50,60]').passed).toBe(false);
    expect(check('trades in [40, 50]').passed).toBe(true);
    expect(check('trades in [40,50)').passed).toBe(false);
    expect(check('pnl in [-10, 47.95]').passed).toBe(true);
    expect(check('trades in [51,60]').passed).toBe(false);
  });

  it('each outcome carries the actual value as text and what was expected', () => {
    const o = check('trades in [40,45]');
    expect(o).toEqual({ expr: 'trades in [40,45]', passed: false, actual: '50', expected: 'in [40, 45]' });
    expect(failureLine(o)).toBe('assertion failed: trades in [40,45] (actual 50, expected in [40, 45])');
    expect(check('pnl>=100')).toMatchObject({ actual: '47.95', expected: '>= 100' });
    expect(expectedText(parseAssertion('x_y in (1,2)'.replace('x_y', 'fills')))).toBe('in (1, 2)');
  });

  it('NaN satisfies nothing but !=', () => {
    const nan = { ...figures, sharpe: NaN };
    for (const e of ['sharpe>=0', 'sharpe<0', 'sharpe==0', 'sharpe in [-1e9,1e9]']) expect(checkAssertion(parseAssertion(e), nan).passed, e).toBe(false);
    expect(checkAssertion(parseAssertion('sharpe!=0'), nan).passed).toBe(true);
  });

  it('rejects malformed expressions, unknown figures and empty ranges as usage errors (exit 2)', () => {
    for (const bad of ['fills>>1', 'fills >= lots', 'no_such_figure>1', 'fills in [1,2', 'fills in [3,1]', 'fills in 1,2', '']) {
      expect(() => parseAssertion(bad), bad).toThrow(expect.objectContaining({ exitCode: 2 }));
    }
  });

  it('knows every figure it names', () => {
    expect(new Set(FIGURE_NAMES).size).toBe(FIGURE_NAMES.length);
    expect(FIGURE_NAMES).toEqual(expect.arrayContaining(['pnl', 'sharpe', 'sortino', 'max_drawdown', 'fills', 'trades', 'events']));
  });
});
