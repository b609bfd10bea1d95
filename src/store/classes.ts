import { UsageError } from '../errors.js';
import type { ClassRules } from '../game/classroom.js';
import type { Db } from './database.js';
import { stmt } from './statements.js';

export interface ClassRow {
  name: string;
  scenario: { path: string; sha256: string }[];
  rules: ClassRules;
  createdAt: string;
}

export interface MemberRow {
  accountId: number;
  account: string;
  joinedAtMs: number;
  baseEquity: string;
  baseFlows: string;
}

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export function createClass(db: Db, c: ClassRow): void {
  if (!NAME_RE.test(c.name)) throw new UsageError(`class name "${c.name}" is not valid`, 'use letters, digits, dot, dash or underscore (up to 64)');
  if (stmt(db, 'SELECT 1 FROM classes WHERE name = ?').get(c.name)) throw new UsageError(`a class named "${c.name}" already exists`, `see it: vtrade class board ${c.name}`);
  stmt(db, 'INSERT INTO classes (name, scenario, rules, created_at) VALUES (?, ?, ?, ?)').run(c.name, JSON.stringify(c.scenario), JSON.stringify(c.rules), c.createdAt);
}

export function findClass(db: Db, name: string): ClassRow {
  const r = stmt(db, 'SELECT name, scenario, rules, created_at FROM classes WHERE name = ?').get(name) as
    | { name: string; scenario: string; rules: string; created_at: string }
    | undefined;
  if (!r) throw new UsageError(`no class named "${name}"`, `create it: vtrade class create ${name} --scenario <data>`);
  return { name: r.name, scenario: JSON.parse(r.scenario) as ClassRow['scenario'], rules: JSON.parse(r.rules) as ClassRules, createdAt: r.created_at };
}

export function joinClass(db: Db, className: string, m: Omit<MemberRow, 'account'>): boolean {
  return (
    stmt(db, 'INSERT OR IGNORE INTO class_members (class_name, account_id, joined_at_ms, base_equity, base_flows) VALUES (?, ?, ?, ?, ?)')
      .run(className, m.accountId, m.joinedAtMs, m.baseEquity, m.baseFlows).changes === 1
  );
}

export function membersOf(db: Db, className: string): MemberRow[] {
  return (
    stmt(db, 
        `SELECT m.account_id, a.name, m.joined_at_ms, m.base_equity, m.base_flows FROM class_members m JOIN accounts a ON a.id = m.account_id
         WHERE m.class_name = ? ORDER BY a.name`,
      )
      .all(className) as { account_id: number; name: string; joined_at_ms: number; base_equity: string; base_flows: string }[]
  ).map((r) => ({ accountId: r.account_id, account: r.name, joinedAtMs: r.joined_at_ms, baseEquity: r.base_equity, baseFlows: r.base_flows }));
}

/** The classes an account belongs to, with its membership. */
export function classesOf(db: Db, accountId: number): (ClassRow & { member: Omit<MemberRow, 'account'> })[] {
  const rows = stmt(db, 'SELECT class_name, joined_at_ms, base_equity, base_flows FROM class_members WHERE account_id = ? ORDER BY class_name').all(accountId) as {
    class_name: string;
    joined_at_ms: number;
    base_equity: string;
    base_flows: string;
  }[];
  return rows.map((r) => ({
    ...findClass(db, r.class_name),
    member: { accountId, joinedAtMs: r.joined_at_ms, baseEquity: r.base_equity, baseFlows: r.base_flows },
  }));
}

export function recordViolation(db: Db, v: { className: string; accountId: number; eventId: string; rule: string; detail: string; atMs: number }): void {
  stmt(db, 'INSERT OR IGNORE INTO class_violations (class_name, account_id, event_id, rule, detail, at_ms) VALUES (?, ?, ?, ?, ?, ?)').run(
    v.className,
    v.accountId,
    v.eventId,
    v.rule,
    v.detail,
    v.atMs,
  );
}

export function violationsOf(db: Db, className: string, accountId: number): { rule: string; detail: string; eventId: string }[] {
  return stmt(db, 'SELECT rule, detail, event_id AS eventId FROM class_violations WHERE class_name = ? AND account_id = ? ORDER BY at_ms, event_id, rule').all(className, accountId) as { rule: string; detail: string; eventId: string }[];
}

export function hasViolations(db: Db, className: string, accountId: number): boolean {
  return stmt(db, 'SELECT 1 FROM class_violations WHERE class_name = ? AND account_id = ? LIMIT 1').get(className, accountId) !== undefined;
}

/** When an account last traded since `sinceMs` (the game's time of its latest fill, epoch ms), or null. */
export function lastTradeAt(db: Db, accountId: number, sinceMs: number): number | null {
  const r = stmt(db, "SELECT MAX(at_ms) AS at FROM game_events WHERE account_id = ? AND kind = 'fill' AND at_ms >= ?").get(accountId, sinceMs) as { at: number | null };
  return r.at;
}
