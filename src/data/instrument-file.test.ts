import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { tempDir } from '../../test/support/data-helpers.js';
import { instrumentJsonText, loadInstrumentFile } from './instrument-file.js';

const good = { symbol: 'AAPL', venue: 'NASDAQ', assetClass: 'equity', currency: 'USD', tickSize: '0.0100', lotSize: 1, sector: 'Information Technology' };

function file(content: unknown): string {
  const path = join(tempDir(), 'instrument.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function errorOf(path: string): InputError {
  try {
    loadInstrumentFile(path);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError');
}

describe('instrument files', () => {
  it('loads and normalises a valid file, and writes it back byte-stable', () => {
    const inst = loadInstrumentFile(file(good));
    expect(inst.tickSize).toBe('0.01');
    expect(inst.lotSize).toBe('1');
    expect(inst.sector).toBe('Information Technology');
    const again = loadInstrumentFile(file(instrumentJsonText(inst)));
    expect(instrumentJsonText(again)).toBe(instrumentJsonText(inst));
  });

  it('names the file and the field', () => {
    const cases: [unknown, string][] = [
      [{ ...good, assetClass: 'stock' }, 'assetClass'],
      [{ ...good, tickSize: '-0.01' }, 'tickSize'],
      [{ ...good, lotSize: 'one' }, 'lotSize'],
      [{ ...good, symbol: '' }, 'symbol'],
    ];
    for (const [content, field] of cases) {
      const path = file(content);
      const err = errorOf(path);
      expect([err.file, err.field]).toEqual([path, field]);
    }
    const { currency: _c, ...noCurrency } = good;
    expect(errorOf(file(noCurrency)).field).toBe('currency');
    expect(errorOf(file({ ...good, tick_size: '0.01' })).message).toContain('tick_size');
    expect(errorOf(file('{ not json')).message).toContain('not valid JSON');
    expect(errorOf(join(tempDir(), 'missing.json')).message).toContain('cannot read');
  });
});
