import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../errors.js';
import { bankSchema, type QuestionBank } from '../game/quiz.js';

/** The question bank shipped with vtrade (fixtures/quiz/bank.json, in the package's files). */
export const DEFAULT_BANK = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/quiz/bank.json');

/** Reads and checks a question bank; a bad entry is an error naming the question and field. */
export function readQuestionBank(path: string = DEFAULT_BANK): QuestionBank {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new InputError(path, undefined, undefined, `not a readable JSON question bank (${(err as Error).message})`);
  }
  const parsed = bankSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(path, undefined, issue.path.join('.'), issue.message);
  }
  const ids = new Set<string>();
  for (const [i, q] of parsed.data.questions.entries()) {
    if (ids.has(q.id)) throw new InputError(path, undefined, `questions.${i}.id`, `duplicate question id "${q.id}"`);
    ids.add(q.id);
  }
  return parsed.data;
}
