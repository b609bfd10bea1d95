import { useEffect, useRef, useState } from 'react';
import type { BoardView, GameSource, MissionsView } from './game-source.js';

export interface GamePoll {
  missions?: MissionsView;
  board?: BoardView;
  /** Ranks moved since the previous read, by account: positive is up the board. */
  moves: Record<string, number>;
  error?: string;
}

/**
 * The game panes' data, read from the database every `intervalMs` (a second by default): the
 * game changes when fills are booked, which is far slower than the market, so it is never read
 * per event. One read serves both panes.
 */
export function useGamePoll(game: GameSource | undefined, topN: number, intervalMs = 1000, now: () => number = Date.now, choice = 0): GamePoll {
  const [poll, setPoll] = useState<GamePoll>({ moves: {} });
  const prevRanks = useRef<Record<string, number>>({});
  useEffect(() => {
    if (!game) return;
    prevRanks.current = {}; // another board: no moves against the last one
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    const read = async () => {
      try {
        await game.refresh();
        const at = now();
        const missions = game.missions(at);
        const board = await game.leaderboard(at, topN, choice);
        const ranks: Record<string, number> = {};
        for (const r of [...board.top, ...(board.me ? [board.me] : [])]) ranks[r.account] = r.rank;
        const moves: Record<string, number> = {};
        for (const [a, r] of Object.entries(ranks)) if (prevRanks.current[a] !== undefined) moves[a] = prevRanks.current[a] - r;
        prevRanks.current = ranks;
        if (!stopped) setPoll({ missions, board, moves });
      } catch (err) {
        if (!stopped) setPoll((p) => ({ ...p, error: (err as Error).message }));
      }
      if (!stopped) timer = setTimeout(() => void read(), intervalMs);
    };
    void read();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [game, topN, intervalMs, choice]);
  return poll;
}
