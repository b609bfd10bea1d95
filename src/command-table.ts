import type { Command } from 'commander';

/**
 * Every subcommand with its one-line summary and how to load it. A command's module (and what it
 * imports: the engine, SQLite, Ink, Kafka, the model SDK) loads only when that command runs or
 * shows its own help, so `vtrade --help` and light commands start at about the cost of Node
 * itself. The summaries are the commands' own descriptions (a test keeps them equal).
 */
export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<Command>;
}

const pick = (name: string) => (all: Command[]) => all.find((c) => c.name() === name)!;

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'demo', summary: 'backtest the example market maker on shipped data: no downloads, no servers', load: () => import('./commands/demo.js').then((m) => m.demoCommand()) },
  { name: 'data', summary: 'read, convert, generate and replay market data', load: () => import('./commands/data.js').then((m) => m.dataCommand()) },
  { name: 'book', summary: 'the order book after the first N source records (lines or messages), or at a time', load: () => import('./commands/book.js').then((m) => m.bookCommand()) },
  {
    name: 'backtest',
    summary: 'run a strategy over recorded data through the simulated venue; several strategies, data files or windows make a matrix of cases',
    load: () => import('./commands/backtest.js').then((m) => m.backtestCommand()),
  },
  {
    name: 'sweep',
    summary: 'run a strategy over a grid (or a random sample) of params, in parallel or on a Kafka group, and say how likely the best case is an artefact of the search',
    load: () => import('./commands/sweep.js').then((m) => m.sweepCommand()),
  },
  { name: 'tca', summary: 'replay a list of orders against history: fills, VWAP, slippage against the arrival mid, fees', load: () => import('./commands/tca.js').then((m) => m.tcaCommand()) },
  { name: 'calibrate', summary: 'measure the simulator against ground truth', load: () => import('./commands/calibrate.js').then((m) => m.calibrateCommand()) },
  { name: 'compare', summary: 'compare two backtest reports figure by figure; fail on regressions beyond thresholds', load: () => import('./commands/compare.js').then((m) => m.compareCommand()) },
  { name: 'replay', summary: 'replay recorded data through the engine, trading a persistent paper account', load: () => import('./commands/replay.js').then((m) => m.replayCommand()) },
  { name: 'account', summary: 'paper accounts that persist between runs', load: () => import('./commands/account.js').then((m) => m.accountCommand()) },
  { name: 'ledger', summary: 'every cash movement of an account, typed, with the running balance', load: () => import('./commands/ledger.js').then((m) => m.ledgerCommand()) },
  { name: 'fills', summary: 'every fill of an account', load: () => import('./commands/ledger.js').then((m) => m.fillsCommand()) },
  { name: 'report', summary: 'performance report of a backtest run folder or a paper account: KPIs, charts, HTML', load: () => import('./commands/report.js').then((m) => m.reportCommand()) },
  { name: 'missions', summary: "an account's active missions with progress and deadlines, and recent results", load: () => import('./commands/game.js').then((m) => pick('missions')(m.gameCommands())) },
  { name: 'quiz', summary: "today's quiz: five questions a day, the same for everyone; answer with --answer", load: () => import('./commands/game.js').then((m) => pick('quiz')(m.gameCommands())) },
  { name: 'badges', summary: "an account's level, XP, streaks and badges (earned and still to earn)", load: () => import('./commands/game.js').then((m) => pick('badges')(m.gameCommands())) },
  {
    name: 'leaderboard',
    summary: 'accounts ranked by return % over a day, week, month or all time, globally or in a class',
    load: () => import('./commands/game.js').then((m) => pick('leaderboard')(m.gameCommands())),
  },
  { name: 'class', summary: 'classroom mode: one scenario, one set of rules, one board', load: () => import('./commands/game.js').then((m) => pick('class')(m.gameCommands())) },
  { name: 'feed', summary: 'market data feeds on Kafka', load: () => import('./commands/feed.js').then((m) => m.feedCommand()) },
  {
    name: 'live',
    summary: 'run a strategy on a live feed (Kafka, or a recording on the in-process bus) through the same engine as a backtest',
    load: () => import('./commands/live.js').then((m) => m.liveCommand()),
  },
  { name: 'worker', summary: 'run a service as a member of a Kafka consumer group: execution, portfolio, missions, or backtest (runs sweep cases)', load: () => import('./commands/worker.js').then((m) => m.workerCommand()) },
  {
    name: 'copilot',
    summary: 'ask the analyst about your paper accounts and the market; it can stage orders, never execute them',
    load: () => import('./commands/copilot.js').then((m) => pick('copilot')(m.copilotCommands())),
  },
  { name: 'staged', summary: 'orders the analyst staged, and what became of them', load: () => import('./commands/copilot.js').then((m) => pick('staged')(m.copilotCommands())) },
  {
    name: 'approve',
    summary: 'approve one staged order with a key press in this terminal, and execute it on the paper account',
    load: () => import('./commands/copilot.js').then((m) => pick('approve')(m.copilotCommands())),
  },
];
