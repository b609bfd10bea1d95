/**
 * Levels from XP. Reaching level L takes 50 * (L - 1)^2 XP in total: level 2 at 50 XP, level 6
 * (Trader) at 1,250, level 16 (Expert) at 11,250, level 31 (Master) at 45,000, level 51 (Legend)
 * at 125,000. Each level costs 100 XP more than the one before, so early levels come in minutes
 * and the top tiers take months of steady play.
 */
export const XP_PER_LEVEL_STEP = 50;

export type Tier = 'Rookie' | 'Trader' | 'Expert' | 'Master' | 'Legend';

export const TIERS: readonly { tier: Tier; from: number; to: number | null }[] = [
  { tier: 'Rookie', from: 1, to: 5 },
  { tier: 'Trader', from: 6, to: 15 },
  { tier: 'Expert', from: 16, to: 30 },
  { tier: 'Master', from: 31, to: 50 },
  { tier: 'Legend', from: 51, to: null },
];

/** Total XP needed to reach `level`. */
export function xpForLevel(level: number): number {
  return XP_PER_LEVEL_STEP * (level - 1) * (level - 1);
}

/** The level a total XP reaches (integer arithmetic at the boundaries, no float drift). */
export function levelOf(xp: number): number {
  if (xp <= 0) return 1;
  let level = Math.floor(Math.sqrt(xp / XP_PER_LEVEL_STEP)) + 1;
  while (xpForLevel(level + 1) <= xp) level++;
  while (level > 1 && xpForLevel(level) > xp) level--;
  return level;
}

export function tierOf(level: number): Tier {
  for (let i = TIERS.length - 1; i >= 0; i--) if (level >= TIERS[i].from) return TIERS[i].tier;
  return 'Rookie';
}

export interface LevelInfo {
  xp: number;
  level: number;
  tier: Tier;
  /** XP still needed for the next level. */
  toNext: number;
}

export function levelInfo(xp: number): LevelInfo {
  const level = levelOf(xp);
  return { xp, level, tier: tierOf(level), toNext: xpForLevel(level + 1) - xp };
}
