import { describe, expect, it } from 'vitest';
import { InputError } from '../../errors.js';
import { parseEquityCsv } from './equity-csv.js';

describe('equity.csv', () => {
  it('reads one exact sample a row', () => {
    expect(parseEquityCsv('ts_ns,equity\n1704205800000000000,100000\n1704205801000000000,100000.38\n', 'e.csv')).toEqual([
      { ts: 1704205800000000000n, equity: '100000' },
      { ts: 1704205801000000000n, equity: '100000.38' },
    ]);
  });

  it('finds the columns by name and allows equal timestamps', () => {
    expect(parseEquityCsv('equity,ts_ns\r\n5,10\r\n6,10\r\n', 'e.csv')).toEqual([
      { ts: 10n, equity: '5' },
      { ts: 10n, equity: '6' },
    ]);
  });

  it('names the file, line and field of a bad row', () => {
    const bad = (text: string) => {
      try {
        parseEquityCsv(text, 'run/equity.csv');
      } catch (err) {
        expect(err).toBeInstanceOf(InputError);
        return (err as InputError).message;
      }
      throw new Error('no error');
    };
    expect(bad('ts_ns,equity\n1,100\n2,abc\n')).toBe('run/equity.csv:3 (equity): "abc" is not a decimal amount');
    expect(bad('ts_ns,equity\n1.5,100\n')).toBe('run/equity.csv:2 (ts_ns): "1.5" is not an integer timestamp in ns');
    expect(bad('ts_ns,equity\n5,100\n4,100\n')).toBe('run/equity.csv:3 (ts_ns): 4 comes before the previous sample\'s 5');
    expect(bad('time,value\n')).toMatch(/^run\/equity\.csv:1: the header must name ts_ns and equity/);
  });
});
