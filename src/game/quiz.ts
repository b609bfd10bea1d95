import { z } from 'zod';
import { fnv1a } from './hash.js';
import { QUIZ_SET_SIZE } from './missions.js';

export const TOPICS = ['technical-analysis', 'fundamentals', 'risk', 'market-mechanics', 'options', 'macro'] as const;
export type Topic = (typeof TOPICS)[number];

const questionSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    topic: z.enum(TOPICS),
    question: z.string().min(10),
    choices: z.array(z.string().min(1)).min(2).max(6),
    answer: z.number().int().min(0),
    explanation: z.string().min(20),
  })
  .strict()
  .refine((q) => q.answer < q.choices.length, { message: 'answer is not the index of a choice', path: ['answer'] });

export type Question = z.infer<typeof questionSchema>;

export const bankSchema = z.object({ version: z.literal(1), questions: z.array(questionSchema).min(QUIZ_SET_SIZE) }).strict();

export type QuestionBank = z.infer<typeof bankSchema>;

/** Letters people answer with: a, b, c, ... */
export const choiceLetter = (i: number) => String.fromCharCode(97 + i);
export function choiceIndex(letter: string): number {
  return /^[a-z]$/i.test(letter) ? letter.toLowerCase().charCodeAt(0) - 97 : -1;
}

/**
 * The day's quiz: the same set for everyone on a UTC day. Topics rotate so that each day covers
 * QUIZ_SET_SIZE different topics; within a topic, a stable hash of (day, question) orders the
 * questions, so the pick is fixed for a day yet differs from day to day.
 */
export function dailySet(bank: QuestionBank, day: string): Question[] {
  const byTopic = new Map<string, Question[]>();
  for (const q of bank.questions) byTopic.set(q.topic, [...(byTopic.get(q.topic) ?? []), q]);
  const topics = [...byTopic.keys()].sort((a, b) => fnv1a(`${day}|${a}`) - fnv1a(`${day}|${b}`) || (a < b ? -1 : 1));
  const out: Question[] = [];
  // Round robin over the day's topic order until the set is full (a small bank may repeat topics).
  for (let round = 0; out.length < QUIZ_SET_SIZE; round++) {
    let added = false;
    for (const topic of topics) {
      if (out.length === QUIZ_SET_SIZE) break;
      const qs = [...byTopic.get(topic)!].sort((a, b) => fnv1a(`${day}|${a.id}`) - fnv1a(`${day}|${b.id}`) || (a.id < b.id ? -1 : 1));
      if (round < qs.length) {
        out.push(qs[round]);
        added = true;
      }
    }
    if (!added) break;
  }
  return out;
}
