import { emptyStreak, type Streak } from './streak.js';

/** An open position as the game sees it: signed quantity, total cost (average-cost rule), opened at. */
export interface Holding {
  qty: string;
  cost: string;
  since: number;
}

export interface DayCounters {
  key: string;
  fills: number;
  fillXp: number;
  symbols: string[];
  quizAnswered: number;
  quizCorrect: number;
  profitableCloses: number;
  loggedIn: boolean;
  copilotAsks: number;
  copilotStaged: number;
  copilotApproved: number;
  /** XP from copilot use today, against its daily cap. */
  copilotXp: number;
}

export interface WeekCounters {
  key: string;
  fills: number;
  tradingDays: string[];
  quizDays: string[];
  realized: string;
}

export type MissionKind = 'daily' | 'weekly' | 'milestone';
export type MissionStatus = 'active' | 'completed' | 'expired';

export interface Mission {
  id: string;
  template: string;
  kind: MissionKind;
  title: string;
  target: number;
  progress: number;
  status: MissionStatus;
  opensAt: number;
  /** Epoch ms when it expires; milestones never do. */
  deadline: number | null;
  reward: { xp: number; cash: string };
  closedAt?: number;
}

export interface PlayerState {
  account: string;
  /** The latest instant the state has seen; time never runs backwards for a player. */
  clock: number;
  xp: number;
  badges: Record<string, number>;
  /** Trading streaks by calendar id (XNYS, 24x7, FX). */
  streaks: Record<string, Streak>;
  quizStreak: Streak;
  totals: {
    fills: number;
    correctAnswers: number;
    quizzesCompleted: number;
    perfectQuizzes: number;
    missionsCompleted: number;
    profitableCloses: number;
    /** Profitable closes in a row; a losing close resets it. */
    profitableRun: number;
    symbols: string[];
    sectors: string[];
    assetClasses: string[];
    copilotAsks: number;
    copilotStaged: number;
    copilotApproved: number;
  };
  holdings: Record<string, Holding>;
  day: DayCounters;
  week: WeekCounters;
  missions: Mission[];
  nav: { equity: string; flows: string } | null;
  /** The latest XP gains, newest last, so every view can say where points came from. */
  recentXp: XpGain[];
}

/** One gain of XP: when, how much, and why (see xp-explain.ts for the words people read). */
export interface XpGain {
  at: number;
  amount: number;
  reason: string;
}

/** How many gains a state keeps in `recentXp`. */
export const RECENT_XP_KEEP = 8;

export const emptyDay = (key: string): DayCounters => ({
  key,
  fills: 0,
  fillXp: 0,
  symbols: [],
  quizAnswered: 0,
  quizCorrect: 0,
  profitableCloses: 0,
  loggedIn: false,
  copilotAsks: 0,
  copilotStaged: 0,
  copilotApproved: 0,
  copilotXp: 0,
});

export const emptyWeek = (key: string): WeekCounters => ({ key, fills: 0, tradingDays: [], quizDays: [], realized: '0' });

export function initialState(account: string): PlayerState {
  return {
    account,
    clock: 0,
    xp: 0,
    badges: {},
    streaks: {},
    quizStreak: emptyStreak(),
    totals: {
      fills: 0,
      correctAnswers: 0,
      quizzesCompleted: 0,
      perfectQuizzes: 0,
      missionsCompleted: 0,
      profitableCloses: 0,
      profitableRun: 0,
      symbols: [],
      sectors: [],
      assetClasses: [],
      copilotAsks: 0,
      copilotStaged: 0,
      copilotApproved: 0,
    },
    holdings: {},
    day: emptyDay(''),
    week: emptyWeek(''),
    missions: [],
    nav: null,
    recentXp: [],
  };
}

/**
 * Fills in counters a state saved by an older version lacks (it is stored as JSON), with their
 * starting values, so that it reads like a state of this version. Mutates `s`; call on a copy.
 */
export function withDefaults(s: PlayerState): PlayerState {
  const fresh = initialState(s.account);
  s.totals = { ...fresh.totals, ...s.totals };
  s.day = { ...emptyDay(s.day.key), ...s.day };
  s.week = { ...emptyWeek(s.week.key), ...s.week };
  s.recentXp ??= [];
  return s;
}

/** Adds to a small set kept as a sorted array (JSON-friendly, stable). */
export function addToSet(list: string[], value: string): void {
  if (!list.includes(value)) {
    list.push(value);
    list.sort();
  }
}
