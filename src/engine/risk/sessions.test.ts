import { describe, expect, it } from 'vitest';
import { alwaysOpen, sessionFor, usEquitySession } from './sessions.js';

/** Epoch ns of an ISO time with its offset, e.g. '2012-06-21T09:30:00-04:00'. */
const ns = (iso: string): bigint => BigInt(Date.parse(iso)) * 1_000_000n;

describe('usEquitySession', () => {
  const s = usEquitySession();

  it('is open 09:30 to 16:00 New York time on weekdays', () => {
    expect(s.isOpen(ns('2012-06-21T09:30:00-04:00'))).toBe(true);
    expect(s.isOpen(ns('2012-06-21T09:30:00-04:00') - 1n)).toBe(false);
    expect(s.isOpen(ns('2012-06-21T15:59:59.999-04:00'))).toBe(true);
    expect(s.isOpen(ns('2012-06-21T16:00:00-04:00'))).toBe(false);
    // Saturday
    expect(s.isOpen(ns('2012-06-23T12:00:00-04:00'))).toBe(false);
    // winter: EST is UTC-5
    expect(s.isOpen(ns('2024-01-10T14:45:00Z'))).toBe(true); // 09:45 EST
    expect(s.isOpen(ns('2024-01-10T14:15:00Z'))).toBe(false); // 09:15 EST
  });

  it('nextOpen: same instant when open, else the next 09:30 on a weekday', () => {
    const open = ns('2012-06-21T11:00:00-04:00');
    expect(s.nextOpen(open)).toBe(open);
    expect(s.nextOpen(ns('2012-06-21T08:00:00-04:00'))).toBe(ns('2012-06-21T09:30:00-04:00'));
    expect(s.nextOpen(ns('2012-06-21T16:30:00-04:00'))).toBe(ns('2012-06-22T09:30:00-04:00'));
    // Friday evening and Saturday -> Monday
    expect(s.nextOpen(ns('2012-06-22T17:00:00-04:00'))).toBe(ns('2012-06-25T09:30:00-04:00'));
    expect(s.nextOpen(ns('2012-06-23T10:00:00-04:00'))).toBe(ns('2012-06-25T09:30:00-04:00'));
    // across daylight-saving changes (2024-03-10 and 2024-11-03)
    expect(s.nextOpen(ns('2024-03-08T17:00:00-05:00'))).toBe(ns('2024-03-11T09:30:00-04:00'));
    expect(s.nextOpen(ns('2024-11-01T17:00:00-04:00'))).toBe(ns('2024-11-04T09:30:00-05:00'));
    // just after midnight UTC, still the previous evening in New York
    expect(s.nextOpen(ns('2012-06-22T01:00:00Z'))).toBe(ns('2012-06-22T09:30:00-04:00'));
  });

  it('dayEnd is 16:00 New York time of the same day', () => {
    expect(s.dayEnd(ns('2012-06-21T10:00:00-04:00'))).toBe(ns('2012-06-21T16:00:00-04:00'));
    expect(s.dayEnd(ns('2024-01-10T15:00:00-05:00'))).toBe(ns('2024-01-10T16:00:00-05:00'));
  });

  it('extended hours', () => {
    const x = usEquitySession({ preMarket: true, afterHours: true });
    expect(x.isOpen(ns('2012-06-21T04:00:00-04:00'))).toBe(true);
    expect(x.isOpen(ns('2012-06-21T03:59:00-04:00'))).toBe(false);
    expect(x.isOpen(ns('2012-06-21T19:59:00-04:00'))).toBe(true);
    expect(x.isOpen(ns('2012-06-21T20:00:00-04:00'))).toBe(false);
    expect(x.nextOpen(ns('2012-06-21T02:00:00-04:00'))).toBe(ns('2012-06-21T04:00:00-04:00'));
    expect(x.dayEnd(ns('2012-06-21T10:00:00-04:00'))).toBe(ns('2012-06-21T20:00:00-04:00'));
    expect(x.name).toBe('us-equity+pre+after');
  });
});

describe('alwaysOpen', () => {
  it('never closes; a day ends at 00:00 UTC', () => {
    const t = ns('2024-05-01T13:14:15.123Z');
    expect(alwaysOpen.isOpen(t)).toBe(true);
    expect(alwaysOpen.nextOpen(t)).toBe(t);
    expect(alwaysOpen.dayEnd(t)).toBe(ns('2024-05-02T00:00:00Z'));
  });

  it('sessionFor picks by asset class', () => {
    expect(sessionFor('crypto')).toBe(alwaysOpen);
    expect(sessionFor('equity').name).toBe('us-equity');
  });
});
