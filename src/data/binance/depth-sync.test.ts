import { describe, expect, it } from 'vitest';
import { DepthSync, type SyncDiff } from './depth-sync.js';

// The bookkeeping of Binance's "manage a local order book" procedure on update ids alone; the
// reader tests (binance.test.ts) check the same rules through recorded and written files.

const spot = (first: number, last: number): SyncDiff => ({ first, last, prev: undefined });
const fut = (first: number, last: number, prev: number): SyncDiff => ({ first, last, prev });

describe('DepthSync, spot rules', () => {
  it('remembers diffs until a snapshot, then rolls it forward from the diff that straddles lastUpdateId+1', () => {
    const s = new DepthSync<SyncDiff>('spot');
    const diffs = [spot(90, 99), spot(100, 100), spot(101, 103), spot(104, 104)];
    expect(diffs.map((d) => s.onDiff(d))).toEqual(['waiting', 'waiting', 'waiting', 'waiting']);
    expect(s.isSynced).toBe(false);
    // u <= 100 is covered by the snapshot; 101..103 straddles 101; 104 continues it.
    expect(s.onSnapshot(100)).toEqual({ apply: [diffs[2], diffs[3]] });
    expect([s.isSynced, s.updateId]).toEqual([true, 104]);
    expect(s.onDiff(spot(105, 106))).toBe('apply');
    expect(s.updateId).toBe(106);
  });

  it('the first diff after a snapshot must straddle it: starting at lastUpdateId+1 exactly is enough, one later is a gap', () => {
    const ok = new DepthSync<SyncDiff>('spot');
    ok.onSnapshot(100);
    expect(ok.onDiff(spot(101, 101))).toBe('apply');
    const late = new DepthSync<SyncDiff>('spot');
    late.onSnapshot(100);
    expect(late.onDiff(spot(100, 100))).toBe('stale');
    expect(late.describeGap(spot(102, 105))).toBe('the first update after the snapshot (lastUpdateId 100) must straddle it (U <= 101 <= u), got U=102 u=105');
    expect(late.onDiff(spot(102, 105))).toBe('gap');
    expect(late.isSynced).toBe(false);
    // Out of sync, diffs wait for the next snapshot, which the remembered 102..105 then rolls forward.
    expect(late.onDiff(spot(106, 107))).toBe('waiting');
    expect(late.onSnapshot(101).apply.map((d) => d.last)).toEqual([105, 107]);
  });

  it('a hole in the chain is a gap that names the ids; a repeat of an applied diff is stale', () => {
    const s = new DepthSync<SyncDiff>('spot');
    s.onSnapshot(10);
    expect(s.onDiff(spot(11, 12))).toBe('apply');
    expect(s.onDiff(spot(11, 12))).toBe('stale');
    expect(s.onDiff(spot(5, 9))).toBe('stale');
    expect(s.describeGap(spot(14, 15))).toBe('update ids jump from u=12 to U=14 (expected U=13)');
    expect(s.onDiff(spot(14, 15))).toBe('gap');
    expect(s.isSynced).toBe(false);
  });

  it('remembered diffs that break the chain put the book out of sync again at the snapshot', () => {
    const s = new DepthSync<SyncDiff>('spot');
    const a = spot(11, 12);
    const b = spot(14, 15);
    s.onDiff(a);
    s.onDiff(b);
    expect(s.onSnapshot(10)).toEqual({ apply: [a], gap: b });
    expect(s.isSynced).toBe(false);
  });

  it('remembers only the most recent `window` diffs, oldest first', () => {
    const s = new DepthSync<SyncDiff>('spot', 3);
    const diffs = [spot(1, 1), spot(2, 2), spot(3, 3), spot(4, 4), spot(5, 5)];
    for (const d of diffs) s.onDiff(d);
    // The ring holds 3..5: a snapshot at 2 rolls forward by all three, in order.
    expect(s.onSnapshot(2).apply).toEqual([diffs[2], diffs[3], diffs[4]]);
    const t = new DepthSync<SyncDiff>('spot', 3);
    for (const d of diffs.slice(0, 4)) t.onDiff(d);
    expect(t.onSnapshot(1).apply).toEqual([diffs[1], diffs[2], diffs[3]]);
    // What fell out of the window is gone: a snapshot at 0 needs diff 1, and finds 3 first.
    const u = new DepthSync<SyncDiff>('spot', 3);
    for (const d of diffs) u.onDiff(d);
    expect(u.onSnapshot(0)).toEqual({ apply: [], gap: diffs[2] });
  });
});

describe('DepthSync, futures rules', () => {
  it('drops u < L, accepts a first diff with U <= L <= u, then follows pu', () => {
    const s = new DepthSync<SyncDiff>('futures');
    const diffs = [fut(80, 99, 79), fut(90, 100, 99), fut(101, 110, 100)];
    for (const d of diffs) expect(s.onDiff(d)).toBe('waiting');
    // u = 100 = L is not stale on futures (u < L is), and straddles L.
    expect(s.onSnapshot(100).apply).toEqual([diffs[1], diffs[2]]);
    // Futures diffs may overlap: what chains them is pu, not U.
    expect(s.onDiff(fut(105, 120, 110))).toBe('apply');
    expect(s.onDiff(fut(111, 120, 110))).toBe('stale');
    expect(s.describeGap(fut(125, 130, 124))).toBe('update chain broken: pu=124 but the previous update ended at u=120');
    expect(s.onDiff(fut(125, 130, 124))).toBe('gap');
  });

  it('a first diff whose pu is the snapshot id starts exactly where it ends, even when U > L', () => {
    const s = new DepthSync<SyncDiff>('futures');
    s.onSnapshot(100);
    expect(s.describeGap(fut(105, 110, 104))).toBe('the first update after the snapshot (lastUpdateId 100) must straddle it (U <= 100 <= u), got U=105 u=110');
    expect(s.onDiff(fut(105, 110, 100))).toBe('apply');
    expect(s.updateId).toBe(110);
    const t = new DepthSync<SyncDiff>('futures');
    t.onSnapshot(100);
    expect(t.onDiff(fut(105, 110, 104))).toBe('gap');
    // U equal to L straddles it, whatever pu says.
    const v = new DepthSync<SyncDiff>('futures');
    v.onSnapshot(100);
    expect(v.onDiff(fut(100, 105, 99))).toBe('apply');
  });
});
