import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { DEFAULT_RULES, rulesSchema, type ClassRules } from '../game/classroom.js';
import { findAccount } from '../store/accounts.js';
import { createClass, findClass, joinClass } from '../store/classes.js';
import type { Db } from '../store/database.js';
import { externalFlows } from '../store/rewards.js';
import { summariseAccount } from './account-summary.js';
import { sha256File } from './run-outputs.js';

/** Reads a class rules file; an unknown or mistyped field is an error naming it. */
export function readRules(path: string): ClassRules {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new InputError(path, undefined, undefined, `not a readable JSON rules file (${(err as Error).message})`, 'see docs/game.md for the format');
  }
  const parsed = rulesSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : '');
    throw new InputError(path, undefined, field, issue.message, 'known fields: longOnly, maxPositionQty, maxPositionNotional, minTrades, noLeverage, scenarioOnly');
  }
  return { ...DEFAULT_RULES, ...parsed.data };
}

/**
 * A new class: its rules (the file's, or the defaults) and its scenario's files by path and
 * sha256. Rules and data are read before the database is opened, so a bad file leaves no trace.
 */
export async function openClass(input: { name: string; scenarioPaths: string[]; rulesPath?: string; createdAt: string; openDb: () => Db }): Promise<ClassRules> {
  const rules = input.rulesPath ? readRules(input.rulesPath) : DEFAULT_RULES;
  const scenario = [];
  for (const p of input.scenarioPaths) {
    try {
      scenario.push({ path: p, sha256: await sha256File(p) });
    } catch (err) {
      throw new InputError(p, undefined, undefined, `cannot read the scenario data (${(err as Error).message})`);
    }
  }
  const db = input.openDb();
  createClass(db, { name: input.name, scenario, rules, createdAt: input.createdAt });
  db.close();
  return rules;
}

/** An account joins a class: its return counts from its equity and outside cash flows now. */
export function enrolInClass(db: Db, className: string, accountName: string, nowMs: number) {
  const cls = findClass(db, className);
  const account = findAccount(db, accountName);
  const equity = summariseAccount(db, account).equity;
  const joined = joinClass(db, cls.name, { accountId: account.id, joinedAtMs: nowMs, baseEquity: equity, baseFlows: externalFlows(db, account.id) });
  return { cls, account, equity, joined };
}
