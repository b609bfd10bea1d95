import { Command } from 'commander';
import { outputFormat, renderTable, writeJson } from '../cli-support/output.js';
import { readQuestionBank } from '../data/quiz-bank.js';
import { BADGES } from '../game/badges.js';
import { levelInfo, TIERS } from '../game/levels.js';
import { describeXp, XP_RULES, xpLine } from '../game/xp-explain.js';
import { checkIn, takeQuiz } from '../services/game-desk.js';
import { classCommand } from './class.js';
import { openDbFromFlags, withDbOption } from './db-option.js';
import { streaksOf } from '../game/player-streaks.js';
import { headline, rewardText, untilText, wallNow } from './game-view.js';
import { leaderboardCommand } from './leaderboard.js';

type Flags = { db?: string; output?: string; json?: boolean };

function missionsCommand(): Command {
  return withDbOption(new Command('missions'))
    .description("an account's active missions with progress and deadlines, and recent results")
    .argument('<account>', 'account name')
    .option('-o, --output <format>', 'table or json', 'table')
    .option('--json', 'shorthand for -o json')
    .addHelpText('after', '\nDaily missions reset at 00:00 UTC, weekly ones on Monday 00:00 UTC; milestones never expire.\n\nExamples:\n  $ vtrade missions alice\n  $ vtrade missions alice -o json')
    .action(async (name: string, flags: Flags) => {
      const format = outputFormat(flags);
      const db = openDbFromFlags(flags);
      const now = wallNow();
      const { account: a, state: s } = await checkIn(db, name, now);
      db.close();
      const active = s.missions.filter((m) => m.status === 'active');
      const recent = s.missions.filter((m) => m.status !== 'active').slice(-10);
      const recentXp = [...s.recentXp].reverse().map((g) => ({ ...g, why: describeXp(g.reason) }));
      if (format === 'json') return writeJson({ account: a.name, ...levelInfo(s.xp), streaks: streaksOf(s, now), active, recent, recent_xp: recentXp, xp_rules: XP_RULES });
      process.stdout.write(headline(s, now) + '\n');
      const row = (m: (typeof active)[number]) => [m.kind, m.title, `${m.progress}/${m.target}`, rewardText(m), m.status === 'active' ? untilText(m.deadline, now) : m.status];
      process.stdout.write(renderTable(['kind', 'mission', 'progress', 'reward', 'ends'], active.map(row), new Set([2])));
      if (recent.length) process.stdout.write('\nrecent\n' + renderTable(['kind', 'mission', 'progress', 'reward', 'result'], recent.map(row), new Set([2])));
      if (recentXp.length) process.stdout.write('\nXP lately\n' + renderTable(['xp', 'for', 'when'], recentXp.map((g) => [`+${g.amount}`, g.why, new Date(g.at).toISOString().slice(0, 16).replace('T', ' ')]), new Set([0])));
      process.stdout.write('\nhow XP is earned\n' + renderTable(['event', 'xp'], XP_RULES.map((r) => [r.event, r.xp])));
    });
}

function badgesCommand(): Command {
  return withDbOption(new Command('badges'))
    .description("an account's level, XP, streaks and badges (earned and still to earn)")
    .argument('<account>', 'account name')
    .option('-o, --output <format>', 'table or json', 'table')
    .option('--json', 'shorthand for -o json')
    .addHelpText('after', `\nLevels: ${TIERS.map((t) => `${t.tier} ${t.from}${t.to ? `-${t.to}` : '+'}`).join(', ')} (see docs/game.md).\n\nExamples:\n  $ vtrade badges alice`)
    .action(async (name: string, flags: Flags) => {
      const format = outputFormat(flags);
      const db = openDbFromFlags(flags);
      const now = wallNow();
      const { account: a, state: s } = await checkIn(db, name, now);
      db.close();
      const badges = BADGES.map((b) => ({ id: b.id, name: b.name, description: b.description, xp: b.xp, earned_at: s.badges[b.id] !== undefined ? new Date(s.badges[b.id]).toISOString() : null }));
      if (format === 'json') return writeJson({ account: a.name, ...levelInfo(s.xp), streaks: streaksOf(s, now), badges });
      process.stdout.write(headline(s, now) + '\n');
      process.stdout.write(renderTable(['badge', 'for', 'xp', 'earned'], badges.map((b) => [b.name, b.description, String(b.xp), b.earned_at ? b.earned_at.slice(0, 10) : '-']), new Set([2])));
    });
}

function quizCommand(): Command {
  return withDbOption(new Command('quiz'))
    .description("today's quiz: five questions a day, the same for everyone; answer with --answer")
    .argument('<account>', 'account name')
    .option('--answer <n=letter...>', 'answers, e.g. --answer 1=b 3=d (each question counts once)')
    .option('-o, --output <format>', 'table or json', 'table')
    .option('--json', 'shorthand for -o json')
    .addHelpText(
      'after',
      '\nA new set starts at 00:00 UTC. Right answers earn 10 XP times the quiz streak multiplier\n(+10% per consecutive day, at most x2); finishing the set extends the streak.\n\nExamples:\n  $ vtrade quiz alice\n  $ vtrade quiz alice --answer 1=b 2=a 3=d 4=c 5=b',
    )
    .action(async (name: string, flags: Flags & { answer?: string[] }) => {
      const format = outputFormat(flags);
      const bank = readQuestionBank();
      const db = openDbFromFlags(flags);
      const { account: a, day, results, questions, xp } = await takeQuiz(db, bank, name, flags.answer ?? [], wallNow());
      db.close();
      if (format === 'json') return writeJson({ account: a.name, day, results, questions, xp });
      for (const r of results) {
        process.stdout.write(
          r.repeated
            ? `${r.n}: already answered today (counts once)\n`
            : `${r.n}: ${r.correct ? 'right' : `wrong, the answer is ${r.answer}`} (${xpLine(r.xp_items)}). ${r.explanation}\n`,
        );
      }
      if (results.length) process.stdout.write('\n');
      process.stdout.write(`quiz for ${day} (${questions.filter((q) => q.answered).length}/${questions.length} answered)\n\n`);
      for (const q of questions) {
        const mark = q.answered ? (q.correct ? `  [answered ${q.answered}: right]` : `  [answered ${q.answered}: wrong, ${q.answer}]`) : '';
        process.stdout.write(`${q.n}. (${q.topic}) ${q.question}${mark}\n${q.choices.map((c) => `     ${c}`).join('\n')}\n`);
      }
      if (results.length === 0 && questions.some((q) => !q.answered)) process.stdout.write(`\nanswer with: vtrade quiz ${a.name} --answer 1=a 2=b ...\n`);
    });
}

/** Every game command, registered together. */
export function gameCommands(): Command[] {
  return [missionsCommand(), quizCommand(), badgesCommand(), leaderboardCommand(), classCommand()];
}
