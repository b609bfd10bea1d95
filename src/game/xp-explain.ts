import { BADGES } from './badges.js';
import { XP } from './machine.js';
import { templateOf } from './missions.js';

/**
 * The words people read for an XP gain. The machine records a short, stable reason ("mission
 * daily-quiz@2026-03-09", "badge first-trade", "fill buy 1 AMZN (x1.2 streak)"); this turns it
 * into what the points were for, with mission and badge names in place of their ids.
 */
export function describeXp(reason: string): string {
  const [head, ...rest] = reason.split(' ');
  const tail = rest.join(' ');
  switch (head) {
    case 'mission': {
      const t = templateOf(tail.split('@')[0]);
      return t ? `mission "${t.title}" done` : `mission ${tail} done`;
    }
    case 'badge': {
      const b = BADGES.find((x) => x.id === tail);
      return b ? `badge "${b.name}" (${b.description})` : `badge ${tail}`;
    }
    case 'fill':
      return `trade: ${tail.replace('(x', `(${XP.fill} XP x`)}`;
    case 'quiz': {
      const m = /^\S+ right \(x([\d.]+) streak\)$/.exec(tail);
      return m ? `right quiz answer (${XP.correctAnswer} XP x${m[1]} quiz streak)` : 'quiz answer (wrong answers still earn a little)';
    }
    case 'copilot':
      return { ask: 'asked the copilot', stage: 'copilot staged an order', approve: 'approved a copilot order' }[tail] ?? `copilot ${tail}`;
    default:
      return reason;
  }
}

/** "+60 XP: 10 right quiz answer (…), 50 mission "…" done": a total with where it came from. */
export function xpLine(items: readonly { amount: number; reason: string }[]): string {
  const total = items.reduce((n, i) => n + i.amount, 0);
  if (items.length <= 1) return `+${total} XP${items.length ? ` for ${describeXp(items[0].reason)}` : ''}`;
  return `+${total} XP: ${items.map((i) => `${i.amount} ${describeXp(i.reason)}`).join(', ')}`;
}

/** How XP is earned, one line per kind of event, from the machine's own constants. */
export const XP_RULES: readonly { event: string; xp: string }[] = [
  { event: 'trade (fill)', xp: `${XP.fill} x trading-streak multiplier (x1.0 to x2.0), at most ${XP.fillDailyCap} a day` },
  { event: 'right quiz answer', xp: `${XP.correctAnswer} x quiz-streak multiplier (x1.0 to x2.0)` },
  { event: 'wrong quiz answer', xp: String(XP.wrongAnswer) },
  { event: 'daily check-in', xp: `${XP.login}, once a UTC day` },
  { event: 'copilot', xp: `ask ${XP.copilot.ask}, staged order ${XP.copilot.stage}, approved order ${XP.copilot.approve}; at most ${XP.copilotDailyCap} a day` },
  { event: 'mission or badge', xp: 'its own reward, as listed' },
];
