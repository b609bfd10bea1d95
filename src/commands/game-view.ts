import { xpLine } from '../game/xp-explain.js';
import { UsageError } from '../errors.js';
import { BADGES } from '../game/badges.js';
import { levelInfo } from '../game/levels.js';
import type { Mission, PlayerState } from '../game/state.js';
import { streaksOf } from '../game/player-streaks.js';
import type { GameSummary } from '../services/game-ingest.js';

/** Shared pieces of the game commands' output. */

export function wallNow(): number {
  return Date.now();
}

/** `--at` for game commands: a UTC day (2026-03-09) or an ISO time with an offset. */
export function parseAt(text: string | undefined, now: number): number {
  if (text === undefined) return now;
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T12:00:00Z`) : /[zZ]|[+-]\d{2}:\d{2}$/.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(ms)) throw new UsageError(`--at "${text}" is not a day or time`, 'use 2026-03-09 or 2026-03-09T15:00:00Z');
  return ms;
}

export function headline(s: PlayerState, now: number): string {
  const l = levelInfo(s.xp);
  const streaks = streaksOf(s, now)
    .map((x) => `${x.calendar} ${x.days}d (best ${x.best})`)
    .join(', ');
  return `${s.account}: level ${l.level} ${l.tier}, ${l.xp} XP (${l.toNext} to level ${l.level + 1}); streaks: ${streaks}\n`;
}

export function untilText(deadline: number | null, now: number): string {
  if (deadline === null) return 'no deadline';
  const mins = Math.max(0, Math.round((deadline - now) / 60_000));
  const h = Math.floor(mins / 60);
  const d = Math.floor(h / 24);
  const left = d > 0 ? `${d}d ${h % 24}h` : `${h}h ${mins % 60}m`;
  return `${left} (${new Date(deadline).toISOString().slice(0, 16).replace('T', ' ')} UTC)`;
}

export function rewardText(m: Mission): string {
  return m.reward.cash !== '0' ? `${m.reward.xp} XP + ${m.reward.cash} cash` : `${m.reward.xp} XP`;
}

export function badgeName(id: string): string {
  return BADGES.find((b) => b.id === id)?.name ?? id;
}

/** One line per thing that happened, for the end of a command. */
export function summaryLines(g: GameSummary | null): string {
  if (!g) return '';
  const parts: string[] = [];
  if (g.xp > 0) parts.push(xpLine(g.xpItems));
  for (const b of g.badges) parts.push(`badge: ${badgeName(b)}`);
  for (const m of g.missionsCompleted) parts.push(`mission done: ${m}`);
  for (const l of g.levelUps) parts.push(`level up: ${l}`);
  return parts.length ? parts.join('; ') + '\n' : '';
}
