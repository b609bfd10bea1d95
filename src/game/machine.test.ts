import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { CopilotAction, CopilotEvent, FillEvent, GameEvent, LoginEvent, QuizAnswerEvent } from './events.js';
import { advance, applyEvent, replay, XP } from './machine.js';
import { dailyCount, MILESTONES, QUIZ_SET_SIZE } from './missions.js';
import { initialState, type PlayerState } from './state.js';
import { liveStreak } from './streak.js';
import { XNYS } from './calendar.js';

const t = (iso: string) => Date.parse(iso);
let seq = 0;
const fill = (at: string, over: Partial<FillEvent> = {}): FillEvent => ({
  kind: 'fill',
  id: `f${++seq}`,
  account: 'alice',
  at: t(at),
  symbol: 'AAPL',
  assetClass: 'equity',
  sector: 'Information Technology',
  side: 'buy',
  price: '100',
  qty: '10',
  fee: '0',
  ...over,
});
const login = (at: string): LoginEvent => ({ kind: 'login', id: `login:${at.slice(0, 10)}`, account: 'alice', at: t(at) });
const answer = (at: string, question: string, correct: boolean): QuizAnswerEvent => ({
  kind: 'quiz',
  id: `quiz:${at.slice(0, 10)}:${question}`,
  account: 'alice',
  at: t(at),
  question,
  choice: 0,
  correct,
  setSize: QUIZ_SET_SIZE,
});
const copilot = (at: string, action: CopilotAction, id = `copilot:${action}:${++seq}`): CopilotEvent => ({ kind: 'copilot', id, account: 'alice', at: t(at), action });
const run = (events: GameEvent[]) => replay(initialState('alice'), events);
const missions = (s: PlayerState, kind: string) => s.missions.filter((m) => m.kind === kind);

describe('missions on an injected clock', () => {
  it('daily missions open at 00:00 UTC and expire at the next 00:00 UTC, across a day boundary', () => {
    const a = advance(initialState('alice'), t('2026-03-10T23:59:59.999Z')).state;
    const today = missions(a, 'daily');
    expect(today.length).toBe(dailyCount('alice', '2026-03-10'));
    expect(today.length).toBeGreaterThanOrEqual(3);
    expect(today.length).toBeLessThanOrEqual(5);
    expect(today.every((m) => m.status === 'active' && m.deadline === t('2026-03-11T00:00:00Z'))).toBe(true);

    const b = advance(a, t('2026-03-11T00:00:00Z'));
    const old = b.state.missions.filter((m) => m.id.endsWith('@2026-03-10'));
    expect(old.every((m) => m.status === 'expired' && m.closedAt === t('2026-03-11T00:00:00Z'))).toBe(true);
    expect(b.effects.filter((e) => e.kind === 'mission' && e.status === 'expired').length).toBe(old.filter((m) => m.kind === 'daily').length);
    expect(missions(b.state, 'daily').filter((m) => m.status === 'active').every((m) => m.id.endsWith('@2026-03-11'))).toBe(true);
    // The input state was not touched.
    expect(missions(a, 'daily').every((m) => m.status === 'active')).toBe(true);
  });

  it('weekly missions reset on Monday 00:00 UTC, not on Sunday, across a month boundary', () => {
    // Week of Monday 2026-03-30; it ends Monday 2026-04-06, after the month changed on Wednesday.
    const s0 = advance(initialState('alice'), t('2026-03-30T08:00:00Z')).state;
    const weekly = missions(s0, 'weekly');
    expect(weekly.map((m) => m.deadline)).toEqual(weekly.map(() => t('2026-04-06T00:00:00Z')));
    const sunday = advance(s0, t('2026-04-05T23:00:00Z')).state;
    expect(missions(sunday, 'weekly').filter((m) => m.status === 'active').length).toBe(2);
    const monday = advance(sunday, t('2026-04-06T00:00:00Z')).state;
    const active = missions(monday, 'weekly').filter((m) => m.status === 'active');
    expect(active.every((m) => m.id.endsWith('@W2026-04-06'))).toBe(true);
    expect(missions(monday, 'weekly').filter((m) => m.status === 'expired').length).toBe(2);
  });

  it('completes a mission from events and pays its reward once, with a cash effect for the ledger', () => {
    let day = '';
    // Find a day whose missions include "make 10 trades today".
    for (let d = 1; d <= 28 && !day; d++) {
      const iso = `2026-02-${String(d).padStart(2, '0')}`;
      const s = advance(initialState('alice'), t(`${iso}T10:00:00Z`)).state;
      if (s.missions.some((m) => m.template === 'daily-trades-10')) day = iso;
    }
    expect(day).not.toBe('');
    const events = Array.from({ length: 12 }, (_, i) => fill(`${day}T15:00:${String(i).padStart(2, '0')}Z`, { side: i % 2 ? 'sell' : 'buy' }));
    const { state, effects } = run(events);
    const m = state.missions.find((x) => x.template === 'daily-trades-10')!;
    expect(m.status).toBe('completed');
    expect(effects.filter((e) => e.kind === 'cash' && e.rewardId === `mission:${m.id}`)).toEqual([
      { kind: 'cash', rewardId: `mission:${m.id}`, amount: '10', memo: 'mission reward: Make 10 trades today' },
    ]);
  });

  it('milestones never expire', () => {
    const s = advance(initialState('alice'), t('2026-01-01T00:00:00Z')).state;
    const later = advance(s, t('2027-06-01T00:00:00Z')).state;
    expect(missions(later, 'milestone').every((m) => m.status === 'active' && m.deadline === null)).toBe(true);
  });
});

describe('trading streaks on the exchange calendar', () => {
  it('a weekend does not break an equity streak; a missed Monday does', () => {
    const s = run([fill('2026-03-05T15:00:00Z'), fill('2026-03-06T15:00:00Z'), fill('2026-03-09T15:00:00Z')]).state;
    expect(s.streaks.XNYS).toMatchObject({ current: 3, last: '2026-03-09' });
    const broken = run([fill('2026-03-05T15:00:00Z'), fill('2026-03-06T15:00:00Z'), fill('2026-03-10T15:00:00Z')]).state;
    expect(broken.streaks.XNYS).toMatchObject({ current: 1, best: 2 });
    // Shown on Sunday the streak is alive; on Tuesday without a Monday trade it is gone.
    expect(liveStreak(s.streaks.XNYS, XNYS, '2026-03-08')).toBe(3);
    expect(liveStreak(run([fill('2026-03-06T15:00:00Z')]).state.streaks.XNYS, XNYS, '2026-03-10')).toBe(0);
  });

  it('an exchange holiday does not break it either (Good Friday 2026)', () => {
    const s = run([fill('2026-04-02T15:00:00Z'), fill('2026-04-06T15:00:00Z')]).state;
    expect(s.streaks.XNYS.current).toBe(2);
  });

  it('a crypto streak counts every UTC day, weekends included', () => {
    const btc = { symbol: 'BTCUSDT', assetClass: 'crypto', sector: 'Crypto' };
    const s = run([fill('2026-03-06T15:00:00Z', btc), fill('2026-03-09T15:00:00Z', btc)]).state;
    expect(s.streaks['24x7'].current).toBe(1);
    const kept = run([fill('2026-03-06T15:00:00Z', btc), fill('2026-03-07T15:00:00Z', btc), fill('2026-03-08T15:00:00Z', btc)]).state;
    expect(kept.streaks['24x7'].current).toBe(3);
  });

  it('dates equity activity in New York time through the March DST change', () => {
    // Friday 6 March, then 04:30 UTC on Monday 9 March: 00:30 EDT Monday once clocks sprang
    // forward (under EST it would still be Sunday 23:30 and not extend the streak).
    const s = run([fill('2026-03-06T15:00:00Z'), fill('2026-03-09T04:30:00Z')]).state;
    expect(s.streaks.XNYS).toMatchObject({ current: 2, last: '2026-03-09' });
  });

  it('and through the November DST change', () => {
    // Friday 30 October, then 04:30 UTC on Monday 2 November: 23:30 EST on Sunday, a closed day:
    // the streak neither grows nor breaks; Monday's session then extends it.
    const s1 = run([fill('2026-10-30T15:00:00Z'), fill('2026-11-02T04:30:00Z')]).state;
    expect(s1.streaks.XNYS).toMatchObject({ current: 1, last: '2026-10-30' });
    const s2 = run([fill('2026-10-30T15:00:00Z'), fill('2026-11-02T04:30:00Z'), fill('2026-11-02T15:00:00Z')]).state;
    expect(s2.streaks.XNYS).toMatchObject({ current: 2, last: '2026-11-02' });
  });

  it('multiplies fill XP by the streak and caps fill XP per day', () => {
    const day1 = run([fill('2026-03-05T15:00:00Z')]);
    expect(day1.effects.find((e) => e.kind === 'xp' && e.reason.startsWith('fill'))).toMatchObject({ amount: XP.fill });
    const day2 = run([fill('2026-03-05T15:00:00Z'), fill('2026-03-06T15:00:00Z')]);
    const fillXp = day2.effects.filter((e) => e.kind === 'xp' && e.reason.startsWith('fill')).map((e) => (e as { amount: number }).amount);
    expect(fillXp).toEqual([5, Math.round(5 * 1.1)]);
    const many = run(Array.from({ length: 40 }, (_, i) => fill(`2026-03-05T15:00:${String(i).padStart(2, '0')}Z`, { side: 'buy' })));
    expect(many.state.day.fillXp).toBe(XP.fillDailyCap);
  });
});

describe('quiz and badges', () => {
  it('quiz XP grows with the quiz streak and falls back after a missed day', () => {
    const set = (day: string) => ['q1', 'q2', 'q3', 'q4', 'q5'].map((q) => answer(`${day}T09:00:00Z`, q, true));
    const gained = (events: GameEvent[]) => {
      let s = initialState('alice');
      const perDay = new Map<string, number>();
      for (const e of events) {
        const step = applyEvent(s, e);
        s = step.state;
        const day = new Date(e.at).toISOString().slice(0, 10);
        for (const fx of step.effects) if (fx.kind === 'xp' && fx.reason.startsWith('quiz')) perDay.set(day, (perDay.get(day) ?? 0) + fx.amount);
      }
      return { s, perDay };
    };
    const { s, perDay } = gained([...set('2026-03-01'), ...set('2026-03-02'), ...set('2026-03-03'), ...set('2026-03-05')]);
    expect(perDay.get('2026-03-01')).toBe(5 * 10);
    expect(perDay.get('2026-03-02')).toBe(5 * 11);
    expect(perDay.get('2026-03-03')).toBe(5 * 12);
    expect(perDay.get('2026-03-05')).toBe(5 * 10); // 4 March missed
    expect(s.quizStreak).toMatchObject({ current: 1, best: 3 });
    expect(s.badges['perfect-quiz']).toBe(t('2026-03-01T09:00:00Z'));
  });

  it('five profitable closes in a row earn Hot Hand; a loss in between resets the run', () => {
    const roundTrip = (minute: number, sellAt: string) => [
      fill(`2026-03-05T15:${String(minute).padStart(2, '0')}:00Z`, { side: 'buy', price: '100' }),
      fill(`2026-03-05T15:${String(minute).padStart(2, '0')}:30Z`, { side: 'sell', price: sellAt }),
    ];
    const wins = run([1, 2, 3, 4, 5].flatMap((m) => roundTrip(m, '101'))).state;
    // Earned at the fifth profitable close: the sell of the fifth round trip.
    expect(wins.badges['hot-hand']).toBe(t('2026-03-05T15:05:30Z'));
    const broken = run([...[1, 2].flatMap((m) => roundTrip(m, '101')), ...roundTrip(3, '99'), ...[4, 5, 6, 7].flatMap((m) => roundTrip(m, '101'))]).state;
    expect(broken.badges['hot-hand']).toBeUndefined();
    expect(broken.totals.profitableRun).toBe(4);
  });

  it('a position held 30 days earns Diamond Hands when the next event arrives, not before', () => {
    const s = run([fill('2026-03-02T15:00:00Z'), login('2026-03-31T15:00:00Z')]).state;
    expect(s.badges['diamond-hands']).toBeUndefined();
    const later = run([fill('2026-03-02T15:00:00Z'), login('2026-04-01T15:00:00Z')]).state;
    expect(later.badges['diamond-hands']).toBe(t('2026-04-01T15:00:00Z'));
  });

  it('trading five sectors earns Diversified; first trade and check-in pay XP once', () => {
    const sectors = ['Energy', 'Financials', 'Health Care', 'Industrials', 'Utilities'];
    const s = run([...sectors.map((sector, i) => fill(`2026-03-05T15:0${i}:00Z`, { symbol: `S${i}`, sector })), login('2026-03-05T16:00:00Z'), login('2026-03-05T17:00:00Z')]);
    // Earned with the fifth sector's fill.
    expect(s.state.badges.diversified).toBe(t('2026-03-05T15:04:00Z'));
    expect(s.effects.filter((e) => e.kind === 'badge' && e.id === 'first-trade')).toHaveLength(1);
    expect(s.effects.filter((e) => e.kind === 'xp' && e.reason === 'daily check-in')).toHaveLength(1);
  });
});

describe('copilot use', () => {
  const xpFor = (effects: ReturnType<typeof run>['effects'], reason: string) =>
    effects.filter((e) => e.kind === 'xp' && e.reason === reason).reduce((n, e) => n + (e as { amount: number }).amount, 0);

  it('counts asks, staged and approved orders per day and in total, with small XP capped per UTC day', () => {
    const day1 = [copilot('2026-03-05T10:00:00Z', 'ask'), copilot('2026-03-05T10:01:00Z', 'stage'), copilot('2026-03-05T10:05:00Z', 'approve')];
    const one = run(day1);
    expect(one.state.day).toMatchObject({ key: '2026-03-05', copilotAsks: 1, copilotStaged: 1, copilotApproved: 1, copilotXp: XP.copilot.ask + XP.copilot.stage + XP.copilot.approve });
    expect(one.state.totals).toMatchObject({ copilotAsks: 1, copilotStaged: 1, copilotApproved: 1 });
    expect([xpFor(one.effects, 'copilot ask'), xpFor(one.effects, 'copilot stage'), xpFor(one.effects, 'copilot approve')]).toEqual([2, 2, 5]);

    // Twenty questions on one day earn the cap, not 40; the next UTC day starts afresh.
    const many = Array.from({ length: 20 }, (_, i) => copilot(`2026-03-05T11:${String(i).padStart(2, '0')}:00Z`, 'ask'));
    const oneDay = run(many);
    expect(oneDay.state.day).toMatchObject({ copilotAsks: 20, copilotXp: XP.copilotDailyCap });
    expect(xpFor(oneDay.effects, 'copilot ask')).toBe(XP.copilotDailyCap);
    const capped = run([...many, copilot('2026-03-06T00:00:00Z', 'ask')]);
    expect(capped.state.day).toMatchObject({ key: '2026-03-06', copilotAsks: 1, copilotXp: XP.copilot.ask });
    expect(capped.state.totals.copilotAsks).toBe(21);
  });

  it('is idempotent by event id: a retried approve counts once, two questions count twice', () => {
    const ask1 = copilot('2026-03-05T10:00:00Z', 'ask', 'copilot:ask:a');
    const ask2 = copilot('2026-03-05T10:00:30Z', 'ask', 'copilot:ask:b');
    const approve = copilot('2026-03-05T10:05:00Z', 'approve', 'copilot:approve:7');
    const seen = new Set<string>();
    const first = replay(initialState('alice'), [ask1, ask2, approve, { ...approve, at: t('2026-03-05T10:06:00Z') }], seen);
    expect(first.state.totals).toMatchObject({ copilotAsks: 2, copilotApproved: 1 });
    const again = replay(first.state, [approve, ask1], seen);
    expect(again.state).toEqual(first.state);
    expect(again.effects).toEqual([]);
  });

  it('completes the daily "ask the copilot" mission with its reward, on days it is picked', () => {
    const days: string[] = [];
    for (let d = 1; d <= 28; d++) {
      const iso = `2026-02-${String(d).padStart(2, '0')}`;
      if (advance(initialState('alice'), t(`${iso}T10:00:00Z`)).state.missions.some((m) => m.template === 'daily-copilot-ask')) days.push(iso);
    }
    expect(days.length).toBeGreaterThan(0);
    const day = days[0];
    const { state, effects } = run([copilot(`${day}T10:00:00Z`, 'ask')]);
    const m = state.missions.find((x) => x.template === 'daily-copilot-ask')!;
    expect(m).toMatchObject({ status: 'completed', progress: 1, closedAt: t(`${day}T10:00:00Z`), title: 'Ask the copilot about your portfolio' });
    expect(effects).toContainEqual({ kind: 'mission', id: m.id, status: 'completed' });
    expect(effects).toContainEqual({ kind: 'xp', amount: 20, reason: `mission ${m.id}` });
    // Staging or approving is not asking.
    const other = run([copilot(`${day}T10:00:00Z`, 'stage'), copilot(`${day}T10:01:00Z`, 'approve')]).state;
    expect(other.missions.find((x) => x.template === 'daily-copilot-ask')).toMatchObject({ status: 'active', progress: 0 });
  });

  it('earns Second Opinion on the first question and Co-Pilot on the first approved order, once each', () => {
    const { state, effects } = run([
      copilot('2026-03-05T10:00:00Z', 'stage'),
      copilot('2026-03-05T10:01:00Z', 'ask'),
      copilot('2026-03-05T10:02:00Z', 'ask'),
      copilot('2026-03-05T10:05:00Z', 'approve'),
      copilot('2026-03-06T10:05:00Z', 'approve'),
    ]);
    expect(state.badges['copilot-first-ask']).toBe(t('2026-03-05T10:01:00Z'));
    expect(state.badges['copilot-first-approve']).toBe(t('2026-03-05T10:05:00Z'));
    expect(effects.filter((e) => e.kind === 'badge' && e.id.startsWith('copilot-'))).toHaveLength(2);
    expect(effects).toContainEqual({ kind: 'xp', amount: 25, reason: 'badge copilot-first-approve' });
    expect(state.missions.find((m) => m.template === 'milestone-copilot-approved-5')?.progress).toBe(2);
    const staged = run([copilot('2026-03-05T10:00:00Z', 'stage')]).state;
    expect(staged.badges['copilot-first-approve']).toBeUndefined();
  });

  it('takes a state saved before copilot events existed: counters start at zero, new milestones open', () => {
    const s = run([fill('2026-03-05T15:00:00Z'), login('2026-03-05T16:00:00Z')]).state;
    const old = JSON.parse(JSON.stringify(s)) as Record<string, Record<string, unknown>> & PlayerState;
    for (const k of ['copilotAsks', 'copilotStaged', 'copilotApproved']) {
      delete old.totals[k as keyof PlayerState['totals']];
      delete (old.day as unknown as Record<string, unknown>)[k];
    }
    delete (old.day as unknown as Record<string, unknown>).copilotXp;
    old.missions = old.missions.filter((m) => !(m.kind === 'milestone' && m.template.includes('copilot')));
    const ask = copilot('2026-03-05T17:00:00Z', 'ask');
    const next = applyEvent(old, ask).state;
    expect(next.totals).toMatchObject({ copilotAsks: 1, copilotStaged: 0, copilotApproved: 0, fills: 1 });
    expect(next.day).toMatchObject({ key: '2026-03-05', copilotAsks: 1, copilotXp: XP.copilot.ask, fills: 1, loggedIn: true });
    expect(next.missions.filter((m) => m.kind === 'milestone').map((m) => m.template).sort()).toEqual(MILESTONES.map((m) => m.id).sort());
    expect(next.missions.find((m) => m.template === 'milestone-copilot-asks-10')?.progress).toBe(1);
    // The same as if the state had been written by this version, but for when the new milestones opened.
    const opened = (x: PlayerState) => ({ ...x, missions: x.missions.map((m) => (m.template.includes('copilot') ? { ...m, opensAt: 0 } : m)) });
    expect(opened(next)).toEqual(opened(applyEvent(s, ask).state));
  });
});

describe('idempotency: the same events give the same state', () => {
  const eventArb = fc
    .array(
      fc.record({
        kind: fc.constantFrom('fill', 'quiz', 'login', 'copilot'),
        minutes: fc.integer({ min: 0, max: 60 * 24 * 40 }),
        side: fc.constantFrom<'buy' | 'sell'>('buy', 'sell'),
        price: fc.integer({ min: 90, max: 110 }),
        qty: fc.integer({ min: 1, max: 50 }),
        symbol: fc.constantFrom('AAPL', 'MSFT', 'BTCUSDT'),
        correct: fc.boolean(),
      }),
      { minLength: 1, maxLength: 60 },
    )
    .map((raw) => {
      const base = t('2026-02-20T00:00:00Z');
      return raw
        .map((r, i): GameEvent => {
          const at = base + r.minutes * 60_000;
          if (r.kind === 'fill') {
            const crypto = r.symbol === 'BTCUSDT';
            return { kind: 'fill', id: `e${i}`, account: 'alice', at, symbol: r.symbol, assetClass: crypto ? 'crypto' : 'equity', side: r.side, price: String(r.price), qty: String(r.qty), fee: '0.5' };
          }
          if (r.kind === 'copilot') return { kind: 'copilot', id: `e${i}`, account: 'alice', at, action: r.correct ? 'ask' : r.side === 'buy' ? 'stage' : 'approve' };
          if (r.kind === 'quiz') return { kind: 'quiz', id: `e${i}`, account: 'alice', at, question: `q${i}`, choice: 0, correct: r.correct, setSize: QUIZ_SET_SIZE };
          return { kind: 'login', id: `e${i}`, account: 'alice', at };
        })
        .sort((a, b) => a.at - b.at);
    });

  it('delivering events twice, or replaying them all again, changes nothing', () => {
    fc.assert(
      fc.property(eventArb, fc.array(fc.nat(), { maxLength: 20 }), (events, dupIdx) => {
        const once = run(events).state;
        // Duplicates re-delivered right after the original.
        const withDups: GameEvent[] = [];
        const dups = new Set(dupIdx.map((i) => i % events.length));
        events.forEach((e, i) => {
          withDups.push(e);
          if (dups.has(i)) withDups.push(e);
        });
        expect(run(withDups).state).toEqual(once);
        // The whole stream again, with the same seen-set: nothing moves.
        const seen = new Set<string>();
        const first = replay(initialState('alice'), events, seen);
        const again = replay(first.state, events, seen);
        expect(again.state).toEqual(first.state);
        expect(again.effects).toEqual([]);
        // And from scratch, the same result: the state is a function of the events.
        expect(run(events).state).toEqual(once);
      }),
      { numRuns: 60 },
    );
  });
});
