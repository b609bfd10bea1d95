/**
 * What drives the game. Every event carries a unique id; the store records ids it has applied,
 * so an event delivered twice is applied once. `at` is epoch milliseconds (UTC) of when the
 * player acted: for a replayed fill, when its paper run started, not the timestamp inside the
 * recording; for a fill from a live feed, when it was booked.
 */
export interface FillEvent {
  kind: 'fill';
  id: string;
  account: string;
  at: number;
  symbol: string;
  assetClass: string;
  /** GICS-style sector when known; unknown sectors do not count toward sector badges. */
  sector?: string;
  side: 'buy' | 'sell';
  price: string;
  qty: string;
  fee: string;
}

/** The account's value after some activity: equity marked to market and external cash flows so far. */
export interface NavEvent {
  kind: 'nav';
  id: string;
  account: string;
  at: number;
  equity: string;
  /** Deposits, withdrawals and rewards to date: money that came in from outside trading. */
  flows: string;
}

export interface QuizAnswerEvent {
  kind: 'quiz';
  id: string;
  account: string;
  at: number;
  question: string;
  /** The 0-based choice picked. */
  choice: number;
  correct: boolean;
  /** Questions in the day's set: answering all of them completes the day's quiz. */
  setSize: number;
}

export interface LoginEvent {
  kind: 'login';
  id: string;
  account: string;
  at: number;
}

/**
 * Use of the copilot on an account: `ask` a question answered about it, `stage` an order the
 * copilot proposed for it, `approve` a staged order that the user approved and that executed.
 */
export interface CopilotEvent {
  kind: 'copilot';
  id: string;
  account: string;
  at: number;
  action: CopilotAction;
}

export type CopilotAction = 'ask' | 'stage' | 'approve';

export type GameEvent = FillEvent | NavEvent | QuizAnswerEvent | LoginEvent | CopilotEvent;

/** What an event did, for people: XP, badges, missions, cash rewards to credit, levels. */
export type GameEffect =
  | { kind: 'xp'; amount: number; reason: string }
  | { kind: 'badge'; id: string }
  | { kind: 'mission'; id: string; status: 'completed' | 'expired' }
  | { kind: 'cash'; rewardId: string; amount: string; memo: string }
  | { kind: 'level'; level: number; tier: string };
