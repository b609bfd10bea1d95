import { DAY_MS } from './time.js';
import type { PlayerState } from './state.js';

export interface BadgeDef {
  id: string;
  name: string;
  description: string;
  xp: number;
  earned(s: PlayerState): boolean;
}

const bestStreak = (s: PlayerState) => Math.max(0, ...Object.values(s.streaks).map((x) => x.best));

export const BADGES: readonly BadgeDef[] = [
  { id: 'first-trade', name: 'First Trade', description: 'your first fill', xp: 25, earned: (s) => s.totals.fills >= 1 },
  { id: 'century', name: 'Century', description: '100 fills', xp: 100, earned: (s) => s.totals.fills >= 100 },
  { id: 'first-profit', name: 'In the Green', description: 'close a position at a profit', xp: 25, earned: (s) => s.totals.profitableCloses >= 1 },
  { id: 'hot-hand', name: 'Hot Hand', description: '5 profitable closes in a row', xp: 100, earned: (s) => s.totals.profitableRun >= 5 },
  { id: 'diversified', name: 'Diversified', description: 'trade in 5 or more sectors', xp: 150, earned: (s) => s.totals.sectors.length >= 5 },
  { id: 'multi-asset', name: 'Cross-Asset', description: 'trade two asset classes (say a stock and a coin)', xp: 75, earned: (s) => s.totals.assetClasses.length >= 2 },
  {
    id: 'diamond-hands',
    name: 'Diamond Hands',
    description: 'hold a position for 30 days or more',
    xp: 100,
    earned: (s) => Object.values(s.holdings).some((h) => s.clock - h.since >= 30 * DAY_MS),
  },
  { id: 'streak-5', name: 'On a Roll', description: 'trade 5 trading days in a row', xp: 75, earned: (s) => bestStreak(s) >= 5 },
  { id: 'streak-20', name: 'Iron Routine', description: 'trade 20 trading days in a row', xp: 250, earned: (s) => bestStreak(s) >= 20 },
  { id: 'perfect-quiz', name: 'Full Marks', description: 'every answer of a daily quiz right', xp: 50, earned: (s) => s.totals.perfectQuizzes >= 1 },
  { id: 'scholar', name: 'Scholar', description: '25 correct quiz answers', xp: 100, earned: (s) => s.totals.correctAnswers >= 25 },
  { id: 'quiz-streak-7', name: 'Daily Learner', description: 'the daily quiz 7 days in a row', xp: 100, earned: (s) => s.quizStreak.best >= 7 },
  { id: 'missions-10', name: 'Mission Runner', description: 'complete 10 missions', xp: 100, earned: (s) => s.totals.missionsCompleted >= 10 },
  { id: 'copilot-first-ask', name: 'Second Opinion', description: 'ask the copilot about your account', xp: 10, earned: (s) => s.totals.copilotAsks >= 1 },
  { id: 'copilot-first-approve', name: 'Co-Pilot', description: 'approve an order the copilot staged, and see it executed', xp: 25, earned: (s) => s.totals.copilotApproved >= 1 },
];
