import { Decimal } from 'decimal.js';
import { BADGES } from './badges.js';
import { ALWAYS_OPEN, calendarFor } from './calendar.js';
import type { CopilotEvent, FillEvent, GameEffect, GameEvent, QuizAnswerEvent } from './events.js';
import { levelOf, tierOf } from './levels.js';
import { dailyMissions, milestoneMissions, templateOf, weeklyMissions } from './missions.js';
import { addToSet, emptyDay, emptyWeek, RECENT_XP_KEEP, withDefaults, type PlayerState } from './state.js';
import { emptyStreak, extendStreak, liveStreak, streakMultiplier } from './streak.js';
import { utcDay, weekStart } from './time.js';

const D = Decimal.clone({ precision: 60 });

/**
 * XP rules. Fill XP is capped per day so that volume alone cannot farm levels; so is copilot XP,
 * so that asking the same thing over and over is not a way to level up.
 */
export const XP = {
  fill: 5,
  fillDailyCap: 100,
  correctAnswer: 10,
  wrongAnswer: 2,
  login: 5,
  copilot: { ask: 2, stage: 2, approve: 5 },
  copilotDailyCap: 20,
} as const;

/** Missions closed longer ago than this are dropped from the state (they stay in the journal). */
const HISTORY_KEEP = 60;

export interface Step {
  state: PlayerState;
  effects: GameEffect[];
}

/**
 * Moves a player's state forward to `now`: expires missions whose deadline passed, starts the
 * new day's and week's counters and missions, and awards time-based badges. Pure: the clock is
 * an argument, the input is not modified, and the same (state, now) always gives the same result.
 * Time never runs backwards: a `now` before the state's clock is taken as the clock.
 */
export function advance(prev: PlayerState, now: number): Step {
  // A state saved by an older version may lack newer counters: they start at zero.
  const s = withDefaults(structuredClone(prev));
  const effects: GameEffect[] = [];
  const t = Math.max(now, s.clock);
  for (const m of s.missions) {
    if (m.status === 'active' && m.deadline !== null && m.deadline <= t) {
      m.status = 'expired';
      m.closedAt = m.deadline;
      effects.push({ kind: 'mission', id: m.id, status: 'expired' });
    }
  }
  const day = utcDay(t);
  if (s.day.key !== day) {
    s.day = emptyDay(day);
    s.missions.push(...dailyMissions(s.account, t));
  }
  const week = `W${utcDay(weekStart(t))}`;
  if (s.week.key !== week) {
    s.week = emptyWeek(week);
    s.missions.push(...weeklyMissions(s.account, t));
  }
  // Every milestone once; ones added in a later version open for existing players too.
  const milestones = new Set(s.missions.filter((m) => m.kind === 'milestone').map((m) => m.template));
  s.missions.push(...milestoneMissions(t).filter((m) => !milestones.has(m.template)));
  s.clock = t;
  settle(s, effects);
  prune(s);
  return { state: s, effects };
}

/** Applies one event (after advancing to its time). The caller makes sure each event id comes once. */
export function applyEvent(prev: PlayerState, e: GameEvent): Step {
  const { state: s, effects } = advance(prev, e.at);
  switch (e.kind) {
    case 'fill':
      onFill(s, e, effects);
      break;
    case 'quiz':
      onQuiz(s, e, effects);
      break;
    case 'login':
      if (!s.day.loggedIn) {
        s.day.loggedIn = true;
        gainXp(s, XP.login, 'daily check-in', effects);
      }
      break;
    case 'nav':
      s.nav = { equity: e.equity, flows: e.flows };
      break;
    case 'copilot':
      onCopilot(s, e, effects);
      break;
  }
  settle(s, effects);
  return { state: s, effects };
}

function gainXp(s: PlayerState, amount: number, reason: string, effects: GameEffect[]): void {
  if (amount <= 0) return;
  const before = levelOf(s.xp);
  s.xp += amount;
  effects.push({ kind: 'xp', amount, reason });
  s.recentXp.push({ at: s.clock, amount, reason });
  if (s.recentXp.length > RECENT_XP_KEEP) s.recentXp.splice(0, s.recentXp.length - RECENT_XP_KEEP);
  const after = levelOf(s.xp);
  if (after > before) effects.push({ kind: 'level', level: after, tier: tierOf(after) });
}

function onFill(s: PlayerState, e: FillEvent, effects: GameEffect[]): void {
  const cal = calendarFor(e.assetClass);
  const tradingDay = cal.dayOf(s.clock);
  const streak = extendStreak(s.streaks[cal.id] ?? emptyStreak(), cal, tradingDay);
  s.streaks[cal.id] = streak;
  s.totals.fills++;
  s.day.fills++;
  s.week.fills++;
  addToSet(s.totals.symbols, e.symbol);
  addToSet(s.day.symbols, e.symbol);
  addToSet(s.totals.assetClasses, e.assetClass);
  if (e.sector) addToSet(s.totals.sectors, e.sector);
  if (cal.isTradingDay(tradingDay)) addToSet(s.week.tradingDays, tradingDay);

  const realized = applyToHolding(s, e);
  // The week's trading P&L: what closed (net of its fee), less the fees of what opened.
  if (realized === null) s.week.realized = new D(s.week.realized).minus(e.fee).toFixed();
  if (realized !== null) {
    s.week.realized = new D(s.week.realized).plus(realized).toFixed();
    if (realized.gt(0)) {
      s.totals.profitableCloses++;
      s.totals.profitableRun++;
      s.day.profitableCloses++;
    } else {
      s.totals.profitableRun = 0;
    }
  }
  const room = Math.max(0, XP.fillDailyCap - s.day.fillXp);
  const mult = streakMultiplier(streak.current);
  const xp = Math.min(room, Math.round(XP.fill * mult));
  s.day.fillXp += xp;
  gainXp(s, xp, `fill ${e.side} ${e.qty} ${e.symbol} (x${mult.toFixed(1)} streak${xp < Math.round(XP.fill * mult) ? ', daily cap' : ''})`, effects);
}

/**
 * Moves the game's copy of a position by the average-cost rule. Returns the realized P&L of the
 * part that closed (net of the fill's fee), or null when the fill only opened or added.
 */
function applyToHolding(s: PlayerState, e: FillEvent): Decimal | null {
  const signed = new D(e.qty).times(e.side === 'buy' ? 1 : -1);
  const price = new D(e.price);
  const h = s.holdings[e.symbol];
  const qty = h ? new D(h.qty) : new D(0);
  if (qty.isZero() || qty.isNeg() === signed.isNeg()) {
    s.holdings[e.symbol] = {
      qty: qty.plus(signed).toFixed(),
      cost: (h ? new D(h.cost) : new D(0)).plus(price.times(signed.abs())).toFixed(),
      since: h && !qty.isZero() ? h.since : s.clock,
    };
    return null;
  }
  const cost = new D(h.cost);
  const avg = cost.dividedBy(qty.abs());
  const closing = D.min(signed.abs(), qty.abs());
  const direction = qty.isNeg() ? -1 : 1;
  const realized = price.minus(avg).times(closing).times(direction).minus(e.fee);
  const left = qty.plus(signed);
  if (left.isZero()) delete s.holdings[e.symbol];
  else if (left.isNeg() === qty.isNeg()) s.holdings[e.symbol] = { qty: left.toFixed(), cost: cost.minus(avg.times(closing)).toFixed(), since: h.since };
  else s.holdings[e.symbol] = { qty: left.toFixed(), cost: price.times(left.abs()).toFixed(), since: s.clock }; // flipped
  return realized;
}

function onQuiz(s: PlayerState, e: QuizAnswerEvent, effects: GameEffect[]): void {
  const today = utcDay(s.clock);
  // The streak the player will have once today's set is done: yesterday's streak plus today.
  const days = liveStreak(s.quizStreak, ALWAYS_OPEN, today) + (s.quizStreak.last === today ? 0 : 1);
  const mult = streakMultiplier(days);
  s.day.quizAnswered++;
  if (e.correct) {
    s.day.quizCorrect++;
    s.totals.correctAnswers++;
    gainXp(s, Math.round(XP.correctAnswer * mult), `quiz ${e.question} right (x${mult.toFixed(1)} streak)`, effects);
  } else {
    gainXp(s, XP.wrongAnswer, `quiz ${e.question} answered`, effects);
  }
  if (s.day.quizAnswered === e.setSize) {
    s.totals.quizzesCompleted++;
    if (s.day.quizCorrect === e.setSize) s.totals.perfectQuizzes++;
    s.quizStreak = extendStreak(s.quizStreak, ALWAYS_OPEN, today);
    addToSet(s.week.quizDays, today);
  }
}

function onCopilot(s: PlayerState, e: CopilotEvent, effects: GameEffect[]): void {
  switch (e.action) {
    case 'ask':
      s.day.copilotAsks++;
      s.totals.copilotAsks++;
      break;
    case 'stage':
      s.day.copilotStaged++;
      s.totals.copilotStaged++;
      break;
    case 'approve':
      s.day.copilotApproved++;
      s.totals.copilotApproved++;
      break;
  }
  const xp = Math.min(Math.max(0, XP.copilotDailyCap - s.day.copilotXp), XP.copilot[e.action]);
  s.day.copilotXp += xp;
  gainXp(s, xp, `copilot ${e.action}`, effects);
}

/** Brings missions and badges up to date with the counters, paying their rewards. */
function settle(s: PlayerState, effects: GameEffect[]): void {
  for (const m of s.missions) {
    if (m.status !== 'active') continue;
    const t = templateOf(m.template);
    if (!t) continue;
    m.progress = Math.min(m.target, Math.max(m.progress, t.measure(s)));
    if (m.progress >= m.target) {
      m.status = 'completed';
      m.closedAt = s.clock;
      s.totals.missionsCompleted++;
      effects.push({ kind: 'mission', id: m.id, status: 'completed' });
      gainXp(s, m.reward.xp, `mission ${m.id}`, effects);
      if (new D(m.reward.cash).gt(0)) effects.push({ kind: 'cash', rewardId: `mission:${m.id}`, amount: m.reward.cash, memo: `mission reward: ${m.title}` });
    }
  }
  for (const b of BADGES) {
    if (s.badges[b.id] === undefined && b.earned(s)) {
      s.badges[b.id] = s.clock;
      effects.push({ kind: 'badge', id: b.id });
      gainXp(s, b.xp, `badge ${b.id}`, effects);
    }
  }
}

function prune(s: PlayerState): void {
  const closed = s.missions.filter((m) => m.status !== 'active' && m.kind !== 'milestone');
  if (closed.length <= HISTORY_KEEP) return;
  const drop = new Set(closed.slice(0, closed.length - HISTORY_KEEP).map((m) => m.id));
  s.missions = s.missions.filter((m) => !drop.has(m.id));
}

/** Applies events in order, each id once; the in-memory twin of the store's journal. */
export function replay(initial: PlayerState, events: Iterable<GameEvent>, seen: Set<string> = new Set()): Step {
  let state = initial;
  const effects: GameEffect[] = [];
  for (const e of events) {
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    const step = applyEvent(state, e);
    state = step.state;
    effects.push(...step.effects);
  }
  return { state, effects };
}
