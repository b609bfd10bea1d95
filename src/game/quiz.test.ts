import { describe, expect, it } from 'vitest';
import { readQuestionBank } from '../data/quiz-bank.js';
import { QUIZ_SET_SIZE } from './missions.js';
import { dailySet, TOPICS } from './quiz.js';
import { addDays } from './time.js';

describe('the question bank and the daily quiz', () => {
  const bank = readQuestionBank();

  it('has at least 60 questions over the six topics, each with an explanation and a valid answer', () => {
    expect(bank.questions.length).toBeGreaterThanOrEqual(60);
    for (const topic of TOPICS) expect(bank.questions.filter((q) => q.topic === topic).length).toBeGreaterThanOrEqual(10);
    for (const q of bank.questions) {
      expect(q.answer).toBeLessThan(q.choices.length);
      expect(new Set(q.choices).size, q.id).toBe(q.choices.length);
    }
    // The right answer is not always in the same place.
    const positions = new Set(bank.questions.map((q) => q.answer));
    expect(positions.size).toBeGreaterThanOrEqual(3);
  });

  it('gives one set a day: the same set all day for everyone, five topics, no repeats', () => {
    const a = dailySet(bank, '2026-03-09');
    expect(a).toHaveLength(QUIZ_SET_SIZE);
    expect(dailySet(bank, '2026-03-09').map((q) => q.id)).toEqual(a.map((q) => q.id));
    expect(new Set(a.map((q) => q.topic)).size).toBe(QUIZ_SET_SIZE);
    expect(dailySet(bank, '2026-03-10').map((q) => q.id)).not.toEqual(a.map((q) => q.id));
  });

  it('shows every question of the bank within a year of daily sets', () => {
    const seen = new Set<string>();
    for (let i = 0, d = '2026-01-01'; i < 365; i++, d = addDays(d, 1)) for (const q of dailySet(bank, d)) seen.add(q.id);
    expect(seen.size).toBe(bank.questions.length);
  });
});
