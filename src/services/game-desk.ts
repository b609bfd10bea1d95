import type { QuizAnswerEvent } from '../game/events.js';
import { choiceIndex, choiceLetter, dailySet, type QuestionBank } from '../game/quiz.js';
import type { PlayerState } from '../game/state.js';
import { utcDay } from '../game/time.js';
import { describeXp } from '../game/xp-explain.js';
import { UsageError } from '../errors.js';
import { findAccount, type AccountRow } from '../store/accounts.js';
import type { Db } from '../store/database.js';
import { journal } from '../store/game.js';
import { ingestGame, recordGameEvent, viewPlayer } from './game-ingest.js';

/**
 * What a player sees when they open a game view (missions, badges, the quiz): opening one is a
 * check-in, one login event per account and UTC day, after the books' news is taken in.
 */
export async function checkIn(db: Db, accountName: string, now: number): Promise<{ account: AccountRow; state: PlayerState }> {
  const account = findAccount(db, accountName);
  await logIn(db, account, now);
  return { account, state: viewPlayer(db, account.id, account.name, now) };
}

async function logIn(db: Db, a: AccountRow, now: number): Promise<void> {
  await ingestGame(db);
  recordGameEvent(db, a.id, { kind: 'login', id: `login:${a.id}:${utcDay(now)}`, account: a.name, at: now });
}

export interface QuizResult {
  n: number;
  question: string;
  choice: string;
  correct: boolean;
  answer: string;
  explanation: string;
  xp: number;
  xp_items: { amount: number; reason: string; why: string }[];
  repeated: boolean;
}

export interface QuizQuestion {
  n: number;
  id: string;
  topic: string;
  question: string;
  choices: string[];
  answered: string | null;
  correct: boolean | null;
  answer?: string;
  explanation?: string;
}

/**
 * Today's quiz for an account, after a check-in: each answer given ("n=letter") is recorded once
 * (a repeat counts nothing), and every question of the day's set comes back with what the
 * account answered so far, the right answer and its explanation once answered.
 */
export async function takeQuiz(db: Db, bank: QuestionBank, accountName: string, answers: readonly string[], now: number) {
  const a = findAccount(db, accountName);
  await logIn(db, a, now);
  const day = utcDay(now);
  const set = dailySet(bank, day);
  const results: QuizResult[] = [];
  for (const text of answers) {
    const m = /^(\d+)=([a-z])$/i.exec(text);
    const n = m ? Number(m[1]) : 0;
    if (!m || n < 1 || n > set.length) throw new UsageError(`--answer "${text}" is not an answer`, `use n=letter with n from 1 to ${set.length}, e.g. --answer 2=c`);
    const q = set[n - 1];
    const choice = choiceIndex(m[2]);
    if (choice >= q.choices.length) throw new UsageError(`--answer "${text}": question ${n} has choices a to ${choiceLetter(q.choices.length - 1)}`);
    const e: QuizAnswerEvent = { kind: 'quiz', id: `quiz:${a.id}:${day}:${q.id}`, account: a.name, at: now, question: q.id, choice, correct: choice === q.answer, setSize: set.length };
    const g = recordGameEvent(db, a.id, e);
    const xpItems = (g?.xpItems ?? []).map((i) => ({ ...i, why: describeXp(i.reason) }));
    results.push({ n, question: q.id, choice: choiceLetter(choice), correct: e.correct, answer: choiceLetter(q.answer), explanation: q.explanation, xp: g?.xp ?? 0, xp_items: xpItems, repeated: g === null });
  }
  const answered = new Map(
    journal(db, a.id)
      .filter((e): e is QuizAnswerEvent => e.kind === 'quiz' && e.id.startsWith(`quiz:${a.id}:${day}:`))
      .map((e) => [e.question, e]),
  );
  const s = viewPlayer(db, a.id, a.name, now);
  const questions: QuizQuestion[] = set.map((q, i) => {
    const got = answered.get(q.id);
    return {
      n: i + 1,
      id: q.id,
      topic: q.topic,
      question: q.question,
      choices: q.choices.map((c, j) => `${choiceLetter(j)}) ${c}`),
      answered: got ? choiceLetter(got.choice) : null,
      correct: got ? got.correct : null,
      ...(got ? { answer: choiceLetter(q.answer), explanation: q.explanation } : {}),
    };
  });
  return { account: a, day, results, questions, xp: s.xp };
}
