import { describe, expect, it } from 'vitest';
import type { GameEffect, QuizAnswerEvent } from './events.js';
import { applyEvent, XP } from './machine.js';
import { dailyMissions, QUIZ_SET_SIZE } from './missions.js';
import { initialState, RECENT_XP_KEEP, type PlayerState } from './state.js';
import { describeXp, xpLine, XP_RULES } from './xp-explain.js';

const at = Date.parse('2026-03-09T10:00:00Z');
// A player whose missions today include answering the whole quiz: the pick is stable per name and day.
const name = Array.from({ length: 100 }, (_, i) => `p${i}`).find((n) => dailyMissions(n, at).some((m) => m.template === 'daily-quiz'))!;
const answer = (n: number): QuizAnswerEvent => ({ kind: 'quiz', id: `q${n}`, account: name, at: at + n, question: `q${n}`, choice: 0, correct: true, setSize: QUIZ_SET_SIZE });
const xpOf = (fx: GameEffect[]) => fx.filter((e): e is Extract<GameEffect, { kind: 'xp' }> => e.kind === 'xp');

describe('XP explained where it appears', () => {
  it('the answer that finishes the quiz earns its own points and the mission, and the line says both', () => {
    let s: PlayerState = initialState(name);
    let last: GameEffect[] = [];
    for (let n = 1; n <= QUIZ_SET_SIZE; n++) ({ state: s, effects: last } = applyEvent(s, answer(n)));
    const items = xpOf(last);
    const total = items.reduce((n, i) => n + i.amount, 0);
    const mission = dailyMissions(name, at).find((m) => m.template === 'daily-quiz')!;
    expect(items.map((i) => i.amount)).toContain(mission.reward.xp);
    expect(total).toBeGreaterThan(XP.correctAnswer);
    const line = xpLine(items);
    expect(line.startsWith(`+${total} XP: `)).toBe(true);
    expect(line).toContain(`${XP.correctAnswer} right quiz answer (${XP.correctAnswer} XP x1.0 quiz streak)`);
    expect(line).toContain(`${mission.reward.xp} mission "${mission.title}" done`);
  });

  it('the state keeps the latest gains with their reasons, oldest dropped', () => {
    let s: PlayerState = initialState(name);
    for (let n = 1; n <= QUIZ_SET_SIZE; n++) s = applyEvent(s, answer(n)).state;
    expect(s.recentXp.length).toBeLessThanOrEqual(RECENT_XP_KEEP);
    expect(s.recentXp.reduce((n, g) => n + g.amount, 0)).toBeLessThanOrEqual(s.xp);
    expect(s.recentXp.at(-1)!.reason).toMatch(/^(mission|badge|quiz) /);
  });

  it('names badges and trades in words, and lists how every kind of event earns XP', () => {
    expect(describeXp('badge first-trade')).toBe('badge "First Trade" (your first fill)');
    expect(describeXp('fill buy 10 AAPL (x1.2 streak)')).toBe(`trade: buy 10 AAPL (${XP.fill} XP x1.2 streak)`);
    expect(describeXp('copilot approve')).toBe('approved a copilot order');
    expect(xpLine([{ amount: XP.login, reason: 'daily check-in' }])).toBe(`+${XP.login} XP for daily check-in`);
    expect(XP_RULES.map((r) => r.event)).toEqual(['trade (fill)', 'right quiz answer', 'wrong quiz answer', 'daily check-in', 'copilot', 'mission or badge']);
  });
});
