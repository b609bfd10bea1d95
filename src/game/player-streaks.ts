import { ALWAYS_OPEN, calendarById } from './calendar.js';
import type { PlayerState } from './state.js';
import { liveStreak } from './streak.js';
import { utcDay } from './time.js';

/** A player's streaks as they stand at `now`: one per trading calendar, and the quiz streak. */
export function streaksOf(s: PlayerState, now: number): { calendar: string; days: number; best: number }[] {
  const out = Object.entries(s.streaks).map(([id, st]) => {
    const cal = calendarById(id);
    return { calendar: id, days: liveStreak(st, cal, cal.dayOf(now)), best: st.best };
  });
  out.push({ calendar: 'quiz', days: liveStreak(s.quizStreak, ALWAYS_OPEN, utcDay(now)), best: s.quizStreak.best });
  return out;
}
