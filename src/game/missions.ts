import { Decimal } from 'decimal.js';
import { fnv1a } from './hash.js';
import { DAY_MS, utcDay, weekStart } from './time.js';
import type { Mission, MissionKind, PlayerState } from './state.js';

export const QUIZ_SET_SIZE = 5;

export interface MissionTemplate {
  id: string;
  kind: MissionKind;
  title: string;
  target: number;
  reward: { xp: number; cash: string };
  /** Progress from the player's counters for the mission's period. */
  measure(s: PlayerState): number;
}

export const DAILY: readonly MissionTemplate[] = [
  { id: 'daily-trades-3', kind: 'daily', title: 'Make 3 trades today', target: 3, reward: { xp: 30, cash: '0' }, measure: (s) => s.day.fills },
  { id: 'daily-trades-10', kind: 'daily', title: 'Make 10 trades today', target: 10, reward: { xp: 60, cash: '10' }, measure: (s) => s.day.fills },
  { id: 'daily-quiz', kind: 'daily', title: "Answer all of today's quiz", target: QUIZ_SET_SIZE, reward: { xp: 40, cash: '0' }, measure: (s) => s.day.quizAnswered },
  { id: 'daily-quiz-ace', kind: 'daily', title: 'Get 4 quiz answers right today', target: 4, reward: { xp: 50, cash: '10' }, measure: (s) => s.day.quizCorrect },
  { id: 'daily-profit', kind: 'daily', title: 'Close a position at a profit', target: 1, reward: { xp: 50, cash: '25' }, measure: (s) => s.day.profitableCloses },
  { id: 'daily-two-symbols', kind: 'daily', title: 'Trade 2 different symbols today', target: 2, reward: { xp: 40, cash: '0' }, measure: (s) => s.day.symbols.length },
  { id: 'daily-check-in', kind: 'daily', title: 'Check in: open missions, quiz or badges', target: 1, reward: { xp: 10, cash: '0' }, measure: (s) => (s.day.loggedIn ? 1 : 0) },
  { id: 'daily-copilot-ask', kind: 'daily', title: 'Ask the copilot about your portfolio', target: 1, reward: { xp: 20, cash: '0' }, measure: (s) => s.day.copilotAsks },
];

export const WEEKLY: readonly MissionTemplate[] = [
  { id: 'weekly-trades-25', kind: 'weekly', title: 'Make 25 trades this week', target: 25, reward: { xp: 150, cash: '50' }, measure: (s) => s.week.fills },
  { id: 'weekly-days-3', kind: 'weekly', title: 'Trade on 3 trading days this week', target: 3, reward: { xp: 150, cash: '50' }, measure: (s) => s.week.tradingDays.length },
  { id: 'weekly-quiz-5', kind: 'weekly', title: 'Finish the daily quiz on 5 days this week', target: 5, reward: { xp: 150, cash: '50' }, measure: (s) => s.week.quizDays.length },
  {
    id: 'weekly-profit',
    kind: 'weekly',
    title: 'Be in profit for the week (realized P&L after all fees > 0)',
    target: 1,
    reward: { xp: 200, cash: '100' },
    measure: (s) => (new Decimal(s.week.realized).gt(0) ? 1 : 0),
  },
];

export const MILESTONES: readonly MissionTemplate[] = [
  { id: 'milestone-3-symbols', kind: 'milestone', title: 'Trade 3 different symbols', target: 3, reward: { xp: 200, cash: '100' }, measure: (s) => s.totals.symbols.length },
  { id: 'milestone-2-assets', kind: 'milestone', title: 'Trade two asset classes (a stock and a coin)', target: 2, reward: { xp: 250, cash: '100' }, measure: (s) => s.totals.assetClasses.length },
  { id: 'milestone-3-sectors', kind: 'milestone', title: 'Trade in 3 sectors', target: 3, reward: { xp: 250, cash: '100' }, measure: (s) => s.totals.sectors.length },
  { id: 'milestone-500-fills', kind: 'milestone', title: 'Reach 500 fills', target: 500, reward: { xp: 300, cash: '250' }, measure: (s) => s.totals.fills },
  { id: 'milestone-copilot-asks-10', kind: 'milestone', title: 'Ask the copilot 10 questions', target: 10, reward: { xp: 100, cash: '0' }, measure: (s) => s.totals.copilotAsks },
  {
    id: 'milestone-copilot-approved-5',
    kind: 'milestone',
    title: 'Approve 5 orders the copilot staged',
    target: 5,
    reward: { xp: 150, cash: '50' },
    measure: (s) => s.totals.copilotApproved,
  },
];

export const ALL_TEMPLATES: readonly MissionTemplate[] = [...DAILY, ...WEEKLY, ...MILESTONES];
const byId = new Map(ALL_TEMPLATES.map((t) => [t.id, t]));
export const templateOf = (id: string): MissionTemplate | undefined => byId.get(id);

export const WEEKLY_ACTIVE = 2;

/** How many daily missions a player gets on a day: 3 to 5, a stable pick per player and day. */
export function dailyCount(account: string, day: string): number {
  return 3 + (fnv1a(`${account}|${day}|count`) % 3);
}

/** A stable choice of `n` templates for a player and period: every replay picks the same ones. */
function pick(templates: readonly MissionTemplate[], account: string, period: string, n: number): MissionTemplate[] {
  return [...templates]
    .map((t) => ({ t, h: fnv1a(`${account}|${period}|${t.id}`) }))
    .sort((a, b) => a.h - b.h || (a.t.id < b.t.id ? -1 : 1))
    .slice(0, n)
    .map((x) => x.t);
}

function instance(t: MissionTemplate, period: string, opensAt: number, deadline: number | null): Mission {
  return {
    id: period ? `${t.id}@${period}` : t.id,
    template: t.id,
    kind: t.kind,
    title: t.title,
    target: t.target,
    progress: 0,
    status: 'active',
    opensAt,
    deadline,
    reward: { ...t.reward },
  };
}

/** The day's missions: open 00:00 UTC, expire at the next 00:00 UTC. */
export function dailyMissions(account: string, now: number): Mission[] {
  const day = utcDay(now);
  const opens = Date.parse(`${day}T00:00:00Z`);
  return pick(DAILY, account, day, dailyCount(account, day)).map((t) => instance(t, day, opens, opens + DAY_MS));
}

/** The week's missions: open Monday 00:00 UTC, expire the next Monday 00:00 UTC. */
export function weeklyMissions(account: string, now: number): Mission[] {
  const opens = weekStart(now);
  const key = `W${utcDay(opens)}`;
  return pick(WEEKLY, account, key, WEEKLY_ACTIVE).map((t) => instance(t, key, opens, opens + 7 * DAY_MS));
}

export function milestoneMissions(now: number): Mission[] {
  return MILESTONES.map((t) => instance(t, '', now, null));
}
